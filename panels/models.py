"""Advisory councils and resident panels (organen), their members and meetings, and every
advies from the gemeente's request to the college's answer."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from participatie.constants import Law, Level, TargetGroup
from participatie.models import Delivery, Gemeente, Regio
from participatie.uploads import FileContentValidator

from .constants import (
    AWAITING_ADVICE_STATUSES,
    OUTCOMES_NEEDING_REASONS,
    AdviceRoom,
    AdviesAction,
    AdviesStatus,
    AttendanceStatus,
    Experience,
    MeetingKind,
    MemberRole,
    OrgaanKind,
    Outcome,
    PolicyPhase,
    TermUnit,
)

DOCUMENT_EXTENSIONS = ["pdf", "docx", "doc", "odt", "xlsx", "ods", "txt", "rtf"]
MAX_DOCUMENT_SIZE = 10 * 1024 * 1024


def validate_document_size(file):
    if file.size > MAX_DOCUMENT_SIZE:
        raise ValidationError(_("A document may be at most 10 MB."))


document_validators = [FileExtensionValidator(DOCUMENT_EXTENSIONS), validate_document_size, FileContentValidator()]


@deconstructible
class ChoiceListValidator:
    """A JSON list whose items all come from one set of choices (e.g. doelgroepen)."""

    def __init__(self, choices_path: str):
        self.choices_path = choices_path

    def __call__(self, value):
        choices = import_string(self.choices_path)
        if not isinstance(value, list) or any(item not in choices.values for item in value):
            raise ValidationError(_("Choose only from the options given."))

    def __eq__(self, other):
        return isinstance(other, ChoiceListValidator) and other.choices_path == self.choices_path


validate_target_groups = ChoiceListValidator("participatie.constants.TargetGroup")
validate_laws = ChoiceListValidator("participatie.constants.Law")
validate_experience = ChoiceListValidator("panels.constants.Experience")


def today():
    return timezone.localdate()


class Orgaan(models.Model):
    """An advisory council or resident panel (adviesorgaan, klantenpanel, ...) serving one or more gemeenten."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=OrgaanKind.choices)
    gemeenten = models.ManyToManyField(Gemeente, related_name="organen", verbose_name=_("gemeenten served"))
    regio = models.ForeignKey(
        Regio,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organen",
        verbose_name=_("region"),
        help_text=_("For a regional council: it serves every gemeente of this region."),
    )
    level = models.CharField(_("level"), max_length=20, choices=Level.choices, default=Level.MUNICIPALITY)
    laws = models.JSONField(_("laws covered"), default=list, blank=True, validators=[validate_laws])
    target_groups = models.JSONField(
        _("target groups it aims to represent"), default=list, blank=True, validators=[validate_target_groups]
    )
    mandate = models.TextField(_("mandate"), blank=True, help_text=_("What the orgaan advises on and how."))
    response_term_value = models.PositiveSmallIntegerField(
        _("response term"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=_("How long the gemeente takes at most to answer an advice."),
    )
    response_term_unit = models.CharField(
        _("unit of the response term"), max_length=10, choices=TermUnit.choices, default=TermUnit.WEEKS
    )
    dissolved_on = models.DateField(_("dissolved on"), null=True, blank=True)
    dissolved_reason = models.TextField(_("reason for dissolving"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("orgaan")
        verbose_name_plural = _("organen")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(dissolved_on__isnull=True) | ~Q(dissolved_reason=""),
                name="orgaan_dissolved_needs_reason",
                violation_error_message=_("Give the reason why the orgaan was dissolved."),
            ),
            models.CheckConstraint(condition=Q(response_term_value__gte=1), name="orgaan_response_term_positive"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("panels:orgaan-detail", kwargs={"orgaan_pk": self.pk})

    def clean(self):
        if self.dissolved_on and not self.dissolved_reason.strip():
            raise ValidationError({"dissolved_reason": _("Give the reason why the orgaan was dissolved.")})
        if self.dissolved_reason.strip() and not self.dissolved_on:
            raise ValidationError({"dissolved_on": _("Give the date the orgaan was dissolved.")})

    @property
    def is_active(self) -> bool:
        return self.dissolved_on is None or self.dissolved_on > today()

    @property
    def response_term_days(self) -> int:
        """The response term in days (reactietermijn)."""
        factor = 7 if self.response_term_unit == TermUnit.WEEKS else 1
        return self.response_term_value * factor

    def get_laws_display(self) -> list[str]:
        return [str(Law(value).label) for value in self.laws if value in Law.values]

    def get_target_groups_display(self) -> list[str]:
        return [str(TargetGroup(value).label) for value in self.target_groups if value in TargetGroup.values]


class Member(models.Model):
    """A person who sits on an orgaan (lid), with a term (zittingstermijn)."""

    orgaan = models.ForeignKey(Orgaan, on_delete=models.CASCADE, related_name="members", verbose_name=_("orgaan"))
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail address"))
    phone = models.CharField(_("phone number"), max_length=30, blank=True)
    role = models.CharField(_("role"), max_length=30, choices=MemberRole.choices, default=MemberRole.MEMBER)
    term_start = models.DateField(_("term start"))
    term_end = models.DateField(_("term end"), null=True, blank=True)
    reappointment_count = models.PositiveSmallIntegerField(_("times reappointed"), default=0)
    target_groups = models.JSONField(_("target groups"), default=list, blank=True, validators=[validate_target_groups])
    experience = models.JSONField(_("lived experience"), default=list, blank=True, validators=[validate_experience])
    contact_consent = models.BooleanField(
        _("may be contacted"),
        default=False,
        help_text=_("The member agreed that the gemeente contacts them by e-mail or phone."),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="panel_members",
        verbose_name=_("user account"),
        help_text=_("Only accounts with the advisory council member role in a gemeente the orgaan serves."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["orgaan", "email"],
                name="member_unique_email_per_orgaan",
                violation_error_message=_("This orgaan already has a member with this e-mail address."),
            ),
            models.CheckConstraint(
                condition=Q(term_end__isnull=True) | Q(term_end__gte=models.F("term_start")),
                name="member_term_end_after_start",
                violation_error_message=_("The term cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.term_start and self.term_end and self.term_end < self.term_start:
            raise ValidationError({"term_end": _("The term cannot end before it starts.")})

    def is_current(self, on: datetime.date | None = None) -> bool:
        on = on or today()
        return self.term_start <= on and (self.term_end is None or self.term_end >= on)

    def get_target_groups_display(self) -> list[str]:
        return [str(TargetGroup(value).label) for value in self.target_groups if value in TargetGroup.values]

    def get_experience_display(self) -> list[str]:
        return [str(Experience(value).label) for value in self.experience if value in Experience.values]


class Meeting(models.Model):
    """A meeting of an orgaan (bijeenkomst)."""

    orgaan = models.ForeignKey(Orgaan, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("orgaan"))
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=MeetingKind.choices, default=MeetingKind.REGULAR)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    location = models.CharField(_("place"), max_length=300, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    invited_target_groups = models.JSONField(
        _("invited target groups"), default=list, blank=True, validators=[validate_target_groups]
    )
    minutes = models.TextField(_("minutes"), blank=True)
    decisions = models.TextField(_("decisions"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="meeting_ends_after_start",
                violation_error_message=_("A meeting must end after it starts."),
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("A meeting must end after it starts.")})
        if not self.location.strip() and not self.online_url:
            raise ValidationError(_("Give a place, an online link, or both."))

    def get_invited_target_groups_display(self) -> list[str]:
        return [str(TargetGroup(v).label) for v in self.invited_target_groups if v in TargetGroup.values]


class AgendaItem(models.Model):
    """One item on a meeting's agenda (agendapunt)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(_("title"), max_length=300)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["meeting", "position"], name="agenda_item_unique_position")]

    def __str__(self):
        return self.title


class Attendance(models.Model):
    """Whether a member attended a meeting (aanwezigheid)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="attendances")
    status = models.CharField(_("attendance"), max_length=20, choices=AttendanceStatus.choices)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="attendance_unique_member")]

    def __str__(self):
        return f"{self.member} – {self.get_status_display()}"


class Adviesaanvraag(models.Model):
    """The gemeente's request to an orgaan for advice (adviesaanvraag)."""

    orgaan = models.ForeignKey(Orgaan, on_delete=models.PROTECT, related_name="aanvragen", verbose_name=_("orgaan"))
    gemeente = models.ForeignKey(
        Gemeente, on_delete=models.PROTECT, related_name="adviesaanvragen", verbose_name=_("requesting gemeente")
    )
    subject = models.CharField(_("subject"), max_length=200)
    question = models.TextField(_("question"))
    policy_phase = models.CharField(_("policy phase"), max_length=30, choices=PolicyPhase.choices)
    room_for_advice = models.CharField(
        _("room to take the advice over"), max_length=20, choices=AdviceRoom.choices, default=AdviceRoom.LARGE
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("requesting officer"),
    )
    requested_on = models.DateField(_("requested on"), default=today)
    advice_deadline = models.DateField(_("deadline for the advice"))
    internal_note = models.TextField(
        _("internal note"), blank=True, help_text=_("Only for the gemeente; the orgaan never sees this.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("adviesaanvraag")
        verbose_name_plural = _("adviesaanvragen")
        ordering = ["-requested_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(advice_deadline__gte=models.F("requested_on")),
                name="aanvraag_deadline_after_request",
                violation_error_message=_("The deadline cannot be before the date of the request."),
            ),
        ]

    def __str__(self):
        return self.subject

    def clean(self):
        if self.requested_on and self.advice_deadline and self.advice_deadline < self.requested_on:
            raise ValidationError({"advice_deadline": _("The deadline cannot be before the date of the request.")})


class AanvraagNotification(Delivery):
    """The e-mail telling an orgaan's voorzitter and secretaris about a new adviesaanvraag (melding)."""

    aanvraag = models.OneToOneField(
        Adviesaanvraag, on_delete=models.CASCADE, related_name="notification", verbose_name=_("adviesaanvraag")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("e-mail about a request for advice")
        verbose_name_plural = _("e-mails about requests for advice")
        ordering = ["pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="panels_aanvraagnotif_due")]

    def __str__(self):
        return f"{self.aanvraag} – {self.get_status_display()}"


class Advies(models.Model):
    """An advice from an orgaan (advies): gevraagd, answering an aanvraag, or ongevraagd."""

    orgaan = models.ForeignKey(Orgaan, on_delete=models.PROTECT, related_name="adviezen", verbose_name=_("orgaan"))
    gemeente = models.ForeignKey(
        Gemeente, on_delete=models.PROTECT, related_name="adviezen", verbose_name=_("addressed gemeente")
    )
    aanvraag = models.OneToOneField(
        Adviesaanvraag,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="advies",
        verbose_name=_("adviesaanvraag"),
    )
    subject = models.CharField(_("subject"), max_length=200)
    text = models.TextField(_("advice"), blank=True)
    document = models.FileField(
        _("document"), upload_to="panels/adviezen/%Y/", blank=True, validators=document_validators
    )
    status = models.CharField(_("status"), max_length=30, choices=AdviesStatus.choices, db_index=True)
    advice_deadline = models.DateField(_("deadline for the advice"), null=True, blank=True)
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    answer_deadline = models.DateField(
        _("deadline for the answer"),
        null=True,
        blank=True,
        help_text=_("The date sent plus the orgaan's response term."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("advies")
        verbose_name_plural = _("adviezen")
        ordering = ["-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(sent_on__isnull=True) | Q(answer_deadline__gte=models.F("sent_on")),
                name="advies_answer_deadline_after_sent",
            ),
            models.CheckConstraint(
                condition=Q(aanvraag__isnull=False) | Q(sent_on__isnull=False),
                name="advies_unsolicited_is_sent",
                violation_error_message=_("An unsolicited advice exists only once it has been sent."),
            ),
            models.CheckConstraint(condition=Q(status__in=AdviesStatus.values), name="advies_status_valid"),
        ]

    def __str__(self):
        return self.subject

    @property
    def is_requested(self) -> bool:
        """Gevraagd advies (answers an aanvraag) rather than ongevraagd."""
        return self.aanvraag_id is not None

    def is_advice_overdue(self, on: datetime.date | None = None) -> bool:
        on = on or today()
        return bool(self.status in AWAITING_ADVICE_STATUSES and self.advice_deadline and self.advice_deadline < on)

    def is_answer_overdue(self, on: datetime.date | None = None) -> bool:
        on = on or today()
        return bool(self.status == AdviesStatus.SENT and self.answer_deadline and self.answer_deadline < on)

    def days_overdue(self, on: datetime.date | None = None) -> int:
        on = on or today()
        if self.is_answer_overdue(on):
            return (on - self.answer_deadline).days
        if self.is_advice_overdue(on):
            return (on - self.advice_deadline).days
        return 0


class Reactie(models.Model):
    """The college's answer to an advice (reactie van het college)."""

    advies = models.OneToOneField(Advies, on_delete=models.CASCADE, related_name="reactie", verbose_name=_("advies"))
    answered_on = models.DateField(_("date of the answer"))
    outcome = models.CharField(_("outcome"), max_length=30, choices=Outcome.choices)
    reasons = models.TextField(
        _("reasons"), blank=True, help_text=_("Required when the advice was not or only partly adopted.")
    )
    sent_to_gemeenteraad = models.BooleanField(_("sent to the gemeenteraad"), default=False)
    document = models.FileField(
        _("document"), upload_to="panels/reacties/%Y/", blank=True, validators=document_validators
    )
    internal_note = models.TextField(
        _("internal note"), blank=True, help_text=_("Only for the gemeente; the orgaan never sees this.")
    )
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reactie")
        verbose_name_plural = _("reacties")
        constraints = [
            models.CheckConstraint(
                condition=~Q(outcome__in=OUTCOMES_NEEDING_REASONS) | ~Q(reasons=""),
                name="reactie_reasons_when_not_adopted",
                violation_error_message=_("Give the reasons when the advice was not or only partly adopted."),
            ),
        ]

    def __str__(self):
        return f"{self.advies} – {self.get_outcome_display()}"

    def clean(self):
        if self.outcome in OUTCOMES_NEEDING_REASONS and not self.reasons.strip():
            raise ValidationError({"reasons": _("Give the reasons when the advice was not or only partly adopted.")})


class StatusTransition(models.Model):
    """One step in an advies' history (statusovergang): from, to, which action, who and when."""

    advies = models.ForeignKey(Advies, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(_("from"), max_length=30, choices=AdviesStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=30, choices=AdviesStatus.choices)
    action = models.CharField(_("action"), max_length=30, choices=AdviesAction.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.from_status or '-'} -> {self.to_status}"


class Document(models.Model):
    """A document belonging to a meeting or to an adviesaanvraag (stuk)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, null=True, blank=True, related_name="documents")
    aanvraag = models.ForeignKey(
        Adviesaanvraag, on_delete=models.CASCADE, null=True, blank=True, related_name="documents"
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to="panels/documents/%Y/", validators=document_validators)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(meeting__isnull=False) & Q(aanvraag__isnull=True))
                | (Q(meeting__isnull=True) & Q(aanvraag__isnull=False)),
                name="document_meeting_xor_aanvraag",
            ),
        ]

    def __str__(self):
        return self.title
