"""The vernieuwingstraject: a gemeente's renewal of client participation along the six steps of the routekaart."""

import datetime
import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participatie.constants import Law, Level
from participatie.models import Gemeente

from .constants import (
    STATUS_BADGE,
    STEP_GUIDES,
    AttachmentKind,
    ChecklistState,
    CouncilFate,
    DecisionMaker,
    HistoryKind,
    LadderRung,
    MeedenkerKind,
    StakeholderGroup,
    StepNumber,
    StepStatus,
)

# What happened to a thing in the history, beside status and checklist state changes.
HISTORY_EVENTS = {
    "added": _("added"),
    "removed": _("removed"),
    "done": _("done"),
    "reopened": _("reopened"),
    "changed": _("changed"),
}


def _dates_in_order(start, end, field, message, errors):
    if start and end and end < start:
        errors[field] = message


class Traject(models.Model):
    """A vernieuwingstraject: one gemeente's renewal of client participation."""

    gemeente = models.ForeignKey(
        Gemeente, on_delete=models.CASCADE, related_name="trajecten", verbose_name=_("gemeente")
    )
    title = models.CharField(_("title"), max_length=200)
    reasons = models.JSONField(_("reasons to renew"), default=list, blank=True)
    reason_other = models.CharField(_("other reason"), max_length=300, blank=True)
    start_date = models.DateField(_("start date"))
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="roadmap_trajecten",
        verbose_name=_("responsible officer"),
    )
    laws = models.JSONField(_("laws"), default=list, blank=True)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices, default=Level.MUNICIPALITY)
    # Step 4: the model designed (model ontwerpen).
    model_forms = models.JSONField(_("forms of participation"), default=list, blank=True)
    model_methods = models.JSONField(_("methods"), default=list, blank=True)
    model_description = models.TextField(_("description of the model"), blank=True)
    model_experiment_room = models.TextField(
        _("left open to experiment"),
        blank=True,
        help_text=_("What you will try out in practice, and when you will look at it again."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last change"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("traject")
        verbose_name_plural = _("trajecten")
        ordering = ["gemeente__name", "-start_date", "pk"]

    def __str__(self):
        return f"{self.title} ({self.gemeente})"

    def get_laws_display(self) -> str:
        return ", ".join(str(Law(value).label) for value in self.laws if value in Law.values)

    def get_reasons_display(self) -> list[str]:
        from .constants import Reason

        shown = [str(Reason(value).label) for value in self.reasons if value in Reason.values and value != "anders"]
        if self.reason_other:
            shown.append(self.reason_other)
        return shown


class TrajectProgress(models.Model):
    """A traject's progress (voortgang) as the monitor sorts and filters on it, kept by database triggers.

    Triggers on the steps and actions (``roadmap/progress.py``) rewrite this row in the same transaction as every
    write, whatever code made it (services, admin, the demo seed, a bulk update). A row of its own, so that a
    full ``save()`` of a traject never writes stale copies of these columns back.

    Overdue depends on the day. ``overdue_total`` counts the open actions due before ``overdue_counted_on``;
    the count still holds on another day when no open action falls due in between, which
    ``overdue_last_due`` (the latest open due date before that day) and ``overdue_next_due`` (the earliest
    on or after it) tell. ``progress.overdue_refresh`` recounts the rows for which that is not so.
    """

    traject = models.OneToOneField(
        "Traject", on_delete=models.CASCADE, primary_key=True, related_name="progress", verbose_name=_("traject")
    )
    steps_finished = models.PositiveSmallIntegerField(_("steps finished"), default=0)
    # The step in progress with the lowest number, else the first one not started, else 7 (all finished).
    current_step = models.PositiveSmallIntegerField(_("current step"), default=7)
    overdue_total = models.PositiveIntegerField(_("overdue actions"), default=0)
    overdue_counted_on = models.DateField(_("overdue counted on"), default=timezone.localdate)
    overdue_last_due = models.DateField(null=True, blank=True)
    overdue_next_due = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("progress of a traject")
        verbose_name_plural = _("progress of trajecten")
        indexes = [
            models.Index(fields=["steps_finished", "current_step"], name="roadmap_progress_stage_idx"),
            models.Index(fields=["overdue_total"], name="roadmap_progress_overdue_idx"),
            # The refresh looks up the rows whose count no longer holds today.
            models.Index(fields=["overdue_next_due"], name="roadmap_progress_next_idx"),
            models.Index(fields=["overdue_last_due"], name="roadmap_progress_last_idx"),
        ]

    def __str__(self):
        return f"{self.traject_id}: {self.steps_finished}/6"


class Step(models.Model):
    """One of the six steps (stap) of a traject."""

    traject = models.ForeignKey(Traject, on_delete=models.CASCADE, related_name="steps", verbose_name=_("traject"))
    number = models.PositiveSmallIntegerField(_("step"), choices=StepNumber.choices)
    status = models.CharField(_("status"), max_length=20, choices=StepStatus.choices, default=StepStatus.NOT_STARTED)
    skip_reason = models.TextField(_("reason for skipping"), blank=True)
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    actual_end = models.DateField(_("actual end"), null=True, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="roadmap_steps",
        verbose_name=_("owner"),
    )
    notes = models.TextField(_("notes"), blank=True)
    ladder_planned = models.PositiveSmallIntegerField(
        _("participation aimed at"), choices=LadderRung.choices, null=True, blank=True
    )
    ladder_reached = models.PositiveSmallIntegerField(
        _("participation reached"), choices=LadderRung.choices, null=True, blank=True
    )

    class Meta:
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        ordering = ["traject", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["traject", "number"],
                name="roadmap_step_unique_number",
                violation_error_message=_("This traject already has this step."),
            ),
            models.CheckConstraint(condition=Q(number__gte=1, number__lte=6), name="roadmap_step_number_1_to_6"),
            models.CheckConstraint(
                condition=~Q(status=StepStatus.SKIPPED) | ~Q(skip_reason=""),
                name="roadmap_step_skip_needs_reason",
                violation_error_message=_("Give a reason for skipping this step."),
            ),
        ]

    def __str__(self):
        return f"{self.number}. {self.get_number_display()}"

    @property
    def guide(self):
        return STEP_GUIDES[StepNumber(self.number)]

    @property
    def badge_class(self) -> str:
        return STATUS_BADGE.get(self.status, "status-none")

    def clean(self):
        errors = {}
        if self.status == StepStatus.SKIPPED and not self.skip_reason.strip():
            errors["skip_reason"] = _("Give a reason for skipping this step.")
        message = _("The end date cannot be before the start date.")
        _dates_in_order(self.planned_start, self.planned_end, "planned_end", message, errors)
        _dates_in_order(self.actual_start, self.actual_end, "actual_end", message, errors)
        if errors:
            raise ValidationError(errors)


class ChecklistItem(models.Model):
    """An aandachtspunt on a step's checklist."""

    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="checklist_items", verbose_name=_("step"))
    text = models.CharField(_("point of attention"), max_length=300)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_seeded = models.BooleanField(_("from the programme's guidance"), default=False)
    state = models.CharField(_("state"), max_length=20, choices=ChecklistState.choices, default=ChecklistState.OPEN)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(_("changed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("point of attention")
        verbose_name_plural = _("points of attention")
        ordering = ["step", "position", "pk"]

    def __str__(self):
        return self.text


class Action(models.Model):
    """An actiepunt of a step."""

    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="actions", verbose_name=_("step"))
    description = models.CharField(_("description"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="roadmap_actions",
        verbose_name=_("owner"),
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    is_done = models.BooleanField(_("done"), default=False)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["is_done", "due_date", "pk"]

    def __str__(self):
        return self.description

    def is_overdue_on(self, day: datetime.date) -> bool:
        return not self.is_done and self.due_date is not None and self.due_date < day

    @property
    def is_overdue(self) -> bool:
        return self.is_overdue_on(timezone.localdate())


class StakeholderView(models.Model):
    """Step 1: one stakeholder group's view (visie) on why to renew."""

    traject = models.ForeignKey(
        Traject, on_delete=models.CASCADE, related_name="stakeholder_views", verbose_name=_("traject")
    )
    group = models.CharField(_("group"), max_length=20, choices=StakeholderGroup.choices)
    view = models.TextField(_("their view on why to renew"))
    recorded_on = models.DateField(_("heard on"), default=timezone.localdate)

    class Meta:
        verbose_name = _("stakeholder view")
        verbose_name_plural = _("stakeholder views")
        ordering = ["traject", "group"]
        constraints = [
            models.UniqueConstraint(
                fields=["traject", "group"],
                name="roadmap_view_unique_group",
                violation_error_message=_("This group's view is already recorded; change it instead."),
            )
        ]

    def __str__(self):
        return self.get_group_display()


class Meedenker(models.Model):
    """Step 2: a person or organisation who thinks along (meedenker)."""

    traject = models.ForeignKey(Traject, on_delete=models.CASCADE, related_name="meedenkers", verbose_name=_("traject"))
    name = models.CharField(_("name or role"), max_length=200)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=MeedenkerKind.choices)
    target_groups = models.JSONField(_("target groups they bring in"), default=list, blank=True)
    contact_consent = models.BooleanField(
        _("consent to be contacted"), default=False, help_text=_("Only store contact details with consent.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("meedenker")
        verbose_name_plural = _("meedenkers")
        ordering = ["traject", "kind", "name"]

    def __str__(self):
        return self.name

    def get_target_groups_display(self) -> str:
        from participatie.constants import TargetGroup

        return ", ".join(str(TargetGroup(v).label) for v in self.target_groups if v in TargetGroup.values)


class Decision(models.Model):
    """Step 3: a besluit, with the fate of an existing council where it concerns one."""

    traject = models.ForeignKey(Traject, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("traject"))
    subject = models.CharField(_("what was decided"), max_length=300)
    decided_by = models.CharField(_("decided by"), max_length=20, choices=DecisionMaker.choices)
    decided_on = models.DateField(_("date"))
    council_name = models.CharField(
        _("existing council concerned"), max_length=200, blank=True, help_text=_("Leave empty if none.")
    )
    council_fate = models.CharField(_("fate of the council"), max_length=20, choices=CouncilFate.choices, blank=True)
    communication = models.TextField(_("how it was communicated"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["traject", "-decided_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(council_name="") | ~Q(council_fate=""),
                name="roadmap_decision_council_needs_fate",
                violation_error_message=_("Say what happens to the council."),
            )
        ]

    def __str__(self):
        return self.subject

    def clean(self):
        if self.council_name.strip() and not self.council_fate:
            raise ValidationError({"council_fate": _("Say what happens to the council.")})
        if self.council_fate and not self.council_name.strip():
            raise ValidationError({"council_name": _("Name the council this decision is about.")})


def attachment_path(instance, filename):
    """Store under a random name so a file's address cannot be guessed."""
    return f"roadmap/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class Attachment(models.Model):
    """A document (uploaded file) or link attached to a step (bijlage)."""

    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("step"))
    kind = models.CharField(_("kind"), max_length=10, choices=AttachmentKind.choices)
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=attachment_path, blank=True)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    url = models.URLField(_("web address"), max_length=500, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        verbose_name = _("document or link")
        verbose_name_plural = _("documents and links")
        ordering = ["step", "-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind=AttachmentKind.DOCUMENT) & ~Q(file="") & Q(url=""))
                | (Q(kind=AttachmentKind.LINK) & Q(file="") & ~Q(url="")),
                name="roadmap_attachment_file_xor_url",
                violation_error_message=_("A document needs a file, a link needs a web address."),
            )
        ]

    def __str__(self):
        return self.title


class HistoryEntry(models.Model):
    """One line of a traject's history (geschiedenis): who changed what, when."""

    traject = models.ForeignKey(Traject, on_delete=models.CASCADE, related_name="history", verbose_name=_("traject"))
    step = models.ForeignKey(
        Step, on_delete=models.CASCADE, null=True, blank=True, related_name="history", verbose_name=_("step")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=HistoryKind.choices)
    subject = models.CharField(_("about"), max_length=300, blank=True)
    old_value = models.CharField(_("from"), max_length=100, blank=True)
    new_value = models.CharField(_("to"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("history entry")
        verbose_name_plural = _("history")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.subject}"

    def _label(self, value) -> str:
        if value in HISTORY_EVENTS:
            return str(HISTORY_EVENTS[value])
        for choices in (StepStatus, ChecklistState):
            if value in choices.values:
                return str(choices(value).label)
        return value

    @property
    def old_label(self) -> str:
        return self._label(self.old_value)

    @property
    def new_label(self) -> str:
        return self._label(self.new_value)
