"""The feedback loop: each inbreng (input), the terugkoppeling that answers it, and the e-mails about them."""

import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participatie.models import Delivery, Gemeente

from .constants import (
    DUE_SOON_DAYS,
    STATUS_BADGE,
    Channel,
    ContributorKind,
    Outcome,
    ReminderKind,
    SignalChannel,
    SourceKind,
    Status,
)

# "Answered or not" as the register sorts on it; the same expression as in the indexes, so they give the order.
ANSWERED = models.ExpressionWrapper(Q(answered_on__isnull=False), output_field=models.BooleanField())


def status_for(*, promised_on: datetime.date, answered_on: datetime.date | None, today: datetime.date) -> str:
    """The derived status of an inbreng (status); the SQL twin is ``selectors.inbreng_annotate_status``."""
    if answered_on is not None:
        return Status.ANSWERED_ON_TIME if answered_on <= promised_on else Status.ANSWERED_LATE
    if promised_on < today:
        return Status.OVERDUE
    if promised_on <= today + datetime.timedelta(days=DUE_SOON_DAYS):
        return Status.DUE_SOON
    return Status.OPEN


class Inbreng(models.Model):
    """Input from participants that deserves an answer (inbreng): an advies, a survey outcome, a signaal, ..."""

    gemeente = models.ForeignKey(
        Gemeente, on_delete=models.PROTECT, related_name="inbreng_set", verbose_name=_("gemeente")
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), help_text=_("What the participants said, in a few sentences."))
    source_kind = models.CharField(_("source"), max_length=20, choices=SourceKind.choices)
    source_content_type = models.ForeignKey(
        ContentType,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("type of linked object"),
    )
    source_object_id = models.PositiveBigIntegerField(_("id of linked object"), null=True, blank=True)
    source = GenericForeignKey("source_content_type", "source_object_id")
    signal_channel = models.CharField(
        _("where the signal was picked up"), max_length=30, choices=SignalChannel.choices, blank=True
    )
    contributor_kind = models.CharField(_("given by"), max_length=20, choices=ContributorKind.choices)
    contributor_description = models.CharField(
        _("description of who gave it"),
        max_length=200,
        blank=True,
        help_text=_(
            "For example the name of the council, or 'visitors of the walk-in morning'. No names of residents."
        ),
    )
    received_on = models.DateField(_("received on"))
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_inbreng",
        verbose_name=_("responsible officer"),
    )
    promised_on = models.DateField(_("feedback promised by"))
    promised_channel = models.CharField(_("feedback promised via"), max_length=20, choices=Channel.choices)
    # The date of the final terugkoppeling, kept by database triggers (feedback/answered_on.py) in the same
    # transaction as every write of a terugkoppeling: never written by Python code.
    answered_on = models.DateField(_("feedback given on"), null=True, blank=True, editable=False)
    follow_up_content_type = models.ForeignKey(
        ContentType,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("type of follow-up"),
    )
    follow_up_object_id = models.PositiveBigIntegerField(_("id of follow-up"), null=True, blank=True)
    follow_up = GenericForeignKey("follow_up_content_type", "follow_up_object_id")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered by"),
    )
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        verbose_name = _("input")
        verbose_name_plural = _("inputs")
        ordering = ["promised_on", "pk"]
        indexes = [
            models.Index(fields=["gemeente", "promised_on"]),
            models.Index(fields=["officer", "promised_on"]),
            # The register's order (most urgent first) per gemeente and per officer, so a page is read from
            # the index instead of sorting the whole register (selectors.inbreng_list_filtered).
            models.Index(F("gemeente"), ANSWERED, F("promised_on"), F("id"), name="feedback_inbreng_register"),
            models.Index(F("officer"), ANSWERED, F("promised_on"), F("id"), name="feedback_inbreng_officer_list"),
            # The open work of a gemeente (home panel, dashboard): only the unanswered rows.
            models.Index(
                fields=["gemeente", "promised_on"],
                condition=Q(answered_on__isnull=True),
                name="feedback_inbreng_open",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["source_content_type", "source_object_id"],
                condition=Q(source_content_type__isnull=False, source_object_id__isnull=False),
                name="feedback_inbreng_unique_source",
                violation_error_message=_("This source already has an input in the register."),
            ),
            models.CheckConstraint(
                condition=Q(source_content_type__isnull=True, source_object_id__isnull=True)
                | Q(source_content_type__isnull=False, source_object_id__isnull=False),
                name="feedback_inbreng_source_complete",
            ),
            models.CheckConstraint(
                condition=Q(promised_on__gte=models.F("received_on")),
                name="feedback_inbreng_promised_after_received",
                violation_error_message=_("The promised date cannot be before the date the input was received."),
            ),
            models.CheckConstraint(
                condition=Q(source_kind=SourceKind.SIGNAL, signal_channel__gt="")
                | (~Q(source_kind=SourceKind.SIGNAL) & Q(signal_channel="")),
                name="feedback_inbreng_signal_channel",
                violation_error_message=_("A signal needs the place where it was picked up; other input has none."),
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        errors = {}
        if self.received_on and self.promised_on and self.promised_on < self.received_on:
            errors["promised_on"] = _("The promised date cannot be before the date the input was received.")
        if self.source_kind == SourceKind.SIGNAL and not self.signal_channel:
            errors["signal_channel"] = _("Say where the signal was picked up.")
        if self.source_kind and self.source_kind != SourceKind.SIGNAL and self.signal_channel:
            errors["signal_channel"] = _("Only a signal has a place where it was picked up.")
        if self.contributor_kind == ContributorKind.ANONYMOUS_GROUP and not self.contributor_description:
            errors["contributor_description"] = _("Describe the group, for example 'visitors of the walk-in morning'.")
        if errors:
            raise ValidationError(errors)

    def status_on(self, today: datetime.date | None = None) -> str:
        """The derived status on ``today``, from the stored date of the final terugkoppeling."""
        today = today or timezone.localdate()
        return status_for(promised_on=self.promised_on, answered_on=self.answered_on, today=today)

    @property
    def status(self) -> str:
        return getattr(self, "derived_status", None) or self.status_on()

    @property
    def status_label(self):
        return Status(self.status).label

    @property
    def status_badge(self) -> str:
        return STATUS_BADGE[Status(self.status)]


# The key of a tally row that has no such part (an unanswered inbreng has no answer month; an answered one
# needs no promised date), instead of NULL: NULLs never conflict in a unique key, so an upsert could not find the row.
TALLY_NO_DATE = datetime.date(1, 1, 1)
TALLY_NO_DAYS = -1


class DashboardTally(models.Model):
    """How many inbreng of a gemeente fall in each group the dashboard shows (telling per maand), kept by
    database triggers (feedback/answered_on.py) in the same transaction as every write of an inbreng.

    One row per (received month, source, orgaan, and either the promised date of what is still open or the
    answer month, lateness and days to answer of what is answered). The dashboard reads the year from these
    rows, however many inbreng there are; statuses that depend on today are derived from the promised date.
    """

    gemeente = models.ForeignKey(Gemeente, on_delete=models.CASCADE, related_name="+", db_constraint=False)
    received_month = models.DateField()
    source_kind = models.CharField(max_length=20)
    orgaan = models.CharField(max_length=200)
    promised_on = models.DateField()
    answered_month = models.DateField()
    late = models.PositiveSmallIntegerField()
    days = models.IntegerField()
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "gemeente",
                    "received_month",
                    "source_kind",
                    "orgaan",
                    "promised_on",
                    "answered_month",
                    "late",
                    "days",
                ],
                name="feedback_dashboardtally_key",
            )
        ]

    def __str__(self):
        return f"{self.gemeente_id} {self.received_month} {self.source_kind}: {self.n}"


class NamedPerson(models.Model):
    """A person who gave inbreng and consented to hear back by e-mail (persoon met toestemming)."""

    inbreng = models.ForeignKey(Inbreng, on_delete=models.CASCADE, related_name="persons", verbose_name=_("input"))
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("e-mail address"))
    consent_on = models.DateField(_("consent given on"))
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        verbose_name = _("person with consent")
        verbose_name_plural = _("persons with consent")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["inbreng", "email"],
                name="feedback_namedperson_unique_email",
                violation_error_message=_("This e-mail address is already on this input."),
            )
        ]

    def __str__(self):
        return self.name


class Terugkoppeling(models.Model):
    """The answer to an inbreng (terugkoppeling): what was done with it, and why."""

    inbreng = models.ForeignKey(
        Inbreng, on_delete=models.CASCADE, related_name="terugkoppelingen", verbose_name=_("input")
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    what_was_done = models.TextField(_("what was done with the input"))
    reasons = models.TextField(_("reasons"), blank=True)
    given_on = models.DateField(_("date of the feedback"))
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    previous_promised_on = models.DateField(_("promised date before"), null=True, blank=True)
    new_promised_on = models.DateField(_("new promised date"), null=True, blank=True)
    postpone_reason = models.TextField(_("reason for the new date"), blank=True)
    public_summary = models.TextField(
        _("text for the public page"),
        blank=True,
        help_text=_("In plain language and without names or other personal details."),
    )
    is_published = models.BooleanField(_("show on the public page"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["-given_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["inbreng"],
                condition=~Q(outcome=Outcome.PENDING),
                name="feedback_terugkoppeling_one_final_answer",
                violation_error_message=_("This input already has its final feedback."),
            ),
            models.CheckConstraint(
                condition=Q(new_promised_on__isnull=True)
                | (Q(outcome=Outcome.PENDING) & Q(postpone_reason__gt="") & Q(previous_promised_on__isnull=False)),
                name="feedback_terugkoppeling_new_date_needs_reason",
                violation_error_message=_("Only an interim answer can move the promised date, and only with a reason."),
            ),
            models.CheckConstraint(
                condition=Q(is_published=False) | Q(public_summary__gt=""),
                name="feedback_terugkoppeling_published_needs_text",
            ),
        ]

    def __str__(self):
        return f"{self.inbreng} – {self.get_outcome_display()}"

    @property
    def is_final(self) -> bool:
        return self.outcome != Outcome.PENDING


class Notification(Delivery):
    """One e-mail telling a participant about a terugkoppeling (bericht aan deelnemer)."""

    terugkoppeling = models.ForeignKey(
        Terugkoppeling, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("feedback")
    )
    email = models.EmailField(_("e-mail address"), blank=True)
    recipient_label = models.CharField(_("recipient"), max_length=150)
    forget_after_send = models.BooleanField(_("remove address after sending"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("e-mail to a participant")
        verbose_name_plural = _("e-mails to participants")
        ordering = ["pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["terugkoppeling", "email"], condition=~Q(email=""), name="feedback_notification_unique_email"
            )
        ]

    def __str__(self):
        return f"{self.recipient_label} – {self.get_status_display()}"


class Reminder(Delivery):
    """A daily digest e-mail to an officer or coordinator about late inbreng (herinnering)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="feedback_reminders",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ReminderKind.choices)
    day = models.DateField(_("day"))
    items = models.ManyToManyField(Inbreng, related_name="reminders", verbose_name=_("inputs"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-day", "pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "day"],
                name="feedback_reminder_one_per_recipient_kind_day",
                violation_error_message=_("This digest was already made for this person today."),
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.recipient} – {self.day}"
