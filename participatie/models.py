"""The shared core: users, gemeenten, regio's and who holds which role where."""

from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .constants import DELIVERY_BADGE, AuditAction, AuditResult, DeliveryStatus, Role
from .look import validate_primary_colour


class UserManager(DjangoUserManager):
    """Manager for a user model that logs in with an e-mail address."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person who logs in: officer, coordinator or council member (gebruiker)."""

    username = None
    email = models.EmailField(_("e-mail address"), unique=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self):
        return self.get_full_name() or self.email


cbs_code_validator = RegexValidator(r"^GM\d{4}$", _("A CBS code is 'GM' followed by four digits, for example GM0687."))


class Gemeente(models.Model):
    """A municipality (gemeente): the tenant of the portal."""

    name = models.CharField(_("name"), max_length=100)
    cbs_code = models.CharField(_("CBS code"), max_length=6, unique=True, validators=[cbs_code_validator])
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    logo = models.ImageField(
        _("logo"),
        upload_to="gemeenten/logos/",
        blank=True,
        help_text=_("Shown at the top of the public pages, the surveys and the e-mails to residents."),
    )
    primary_colour = models.CharField(
        _("primary colour"),
        max_length=7,
        blank=True,
        validators=[validate_primary_colour],
        help_text=_(
            "The gemeente's own colour for buttons, links and the top bar, as #rrggbb (e.g. #154273). "
            "White text on it must have a contrast of at least 4.5:1. Empty: the portal's dark blue."
        ),
    )
    public_intro = models.TextField(
        _("introduction on the public page"),
        blank=True,
        help_text=_("A few sentences in plain language for residents."),
    )
    feedback_term_days = models.PositiveSmallIntegerField(
        _("default feedback term (days)"),
        default=56,
        help_text=_("How long after input participants hear what was done with it, unless promised otherwise."),
    )
    escalation_after_days = models.PositiveSmallIntegerField(
        _("escalate after (days overdue)"),
        default=14,
        help_text=_("Overdue feedback is also reported to the coordinators after this many days."),
    )
    small_cell_threshold = models.PositiveSmallIntegerField(
        _("small-cell threshold"),
        default=5,
        validators=[MinValueValidator(2), MaxValueValidator(50)],
        help_text=_(
            "Groups and table cells with fewer people than this show no figures, so nobody can be recognised. "
            "Many research departments use 10."
        ),
    )
    council_two_factor_required = models.BooleanField(
        _("two-step login for council members"),
        default=False,
        help_text=_(
            "Staff always log in in two steps. Tick this to ask it of the members of advisory councils of this "
            "gemeente too; a member of several gemeenten needs it when one of them asks it."
        ),
    )
    contact_email = models.EmailField(
        _("contact e-mail address"),
        blank=True,
        help_text=_(
            "Where residents ask about the portal, its accessibility and their data. Shown on the public pages."
        ),
    )
    contact_phone = models.CharField(_("contact phone number"), max_length=30, blank=True)
    privacy_officer_email = models.EmailField(
        _("e-mail address of the data protection officer"),
        blank=True,
        help_text=_("The functionaris gegevensbescherming, named on the privacy page."),
    )
    helpline_phone = models.CharField(
        _("phone number for help with filling in"),
        max_length=30,
        blank=True,
        help_text=_("Shown on the start page of every survey of this gemeente. Leave empty if there is no such help."),
    )

    class Meta:
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Regio(models.Model):
    """A region (regio): gemeenten that work together, e.g. on purchasing or a joint council."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    gemeenten = models.ManyToManyField(Gemeente, related_name="regios", verbose_name=_("gemeenten"))

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Membership(models.Model):
    """A role a user holds in one gemeente, or in every gemeente of a regio (lidmaatschap)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user"))
    gemeente = models.ForeignKey(
        Gemeente,
        on_delete=models.CASCADE,
        related_name="memberships",
        null=True,
        blank=True,
        verbose_name=_("gemeente"),
    )
    regio = models.ForeignKey(
        Regio,
        on_delete=models.CASCADE,
        related_name="memberships",
        null=True,
        blank=True,
        verbose_name=_("region"),
        help_text=_("For regional work: the role then holds in every gemeente of the region."),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                condition=(Q(gemeente__isnull=False) & Q(regio__isnull=True))
                | (Q(gemeente__isnull=True) & Q(regio__isnull=False)),
                name="membership_gemeente_xor_regio",
                violation_error_message=_("Choose either a gemeente or a region, not both."),
            ),
            models.UniqueConstraint(
                fields=["user", "gemeente", "role"],
                condition=Q(gemeente__isnull=False),
                name="membership_unique_user_gemeente_role",
                violation_error_message=_("This user already has this role in this gemeente."),
            ),
            models.UniqueConstraint(
                fields=["user", "regio", "role"],
                condition=Q(regio__isnull=False),
                name="membership_unique_user_regio_role",
                violation_error_message=_("This user already has this role in this region."),
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} – {self.gemeente or self.regio}"


class ExportRecord(models.Model):
    """A record of one spreadsheet export: who took what, of which gemeente, when, how many rows."""

    user = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="export_records", verbose_name=_("user")
    )
    export_key = models.CharField(_("export"), max_length=100)
    title = models.CharField(_("title"), max_length=200)
    gemeente = models.ForeignKey(
        Gemeente, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("gemeente")
    )
    scope = models.CharField(_("scope"), max_length=300, help_text=_("The gemeenten the export covered."))
    file_format = models.CharField(_("format"), max_length=10)
    row_count = models.PositiveIntegerField(_("rows"))
    created_at = models.DateTimeField(_("exported at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("export record")
        verbose_name_plural = _("export records")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.title} ({self.file_format}, {self.row_count})"


class Delivery(models.Model):
    """The delivery state of one stored outgoing e-mail (verzending); see ``participatie.delivery``."""

    status = models.CharField(
        _("status"), max_length=20, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    attempt_id = models.UUIDField(_("attempt"), null=True, blank=True, editable=False)
    sending_since = models.DateTimeField(_("sending since"), null=True, blank=True, editable=False)

    class Meta:
        abstract = True

    @property
    def status_badge(self) -> str:
        return DELIVERY_BADGE[DeliveryStatus(self.status)]


class AuditEvent(models.Model):
    """One line of the audit trail (auditregel), append-only: who did what to which object, with what result.

    The fields follow the BIO's log line: action, object (type and id), result, origin (the client address,
    for staff actions only), actor and timestamp. It never holds answer contents or secrets. The portal
    offers no way to change or delete a line; ``participatie.audit`` is the only writer.
    """

    action = models.CharField(_("action"), max_length=30, choices=AuditAction.choices)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    result = models.CharField(_("result"), max_length=10, choices=AuditResult.choices, default=AuditResult.SUCCESS)
    origin = models.GenericIPAddressField(_("origin"), null=True, blank=True)
    actor = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("actor")
    )
    actor_label = models.CharField(
        _("actor as recorded"), max_length=254, blank=True, help_text=_("Kept when the account is erased.")
    )
    gemeente = models.ForeignKey(
        Gemeente, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("gemeente")
    )
    detail = models.CharField(_("detail"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["gemeente", "-created_at"], name="audit_gemeente_time")]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_type}#{self.object_id}"
