"""Export resources of the roadmap: the monitor (one row per traject) and the sheets of one traject."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

import tablib
from import_export.fields import Field

from participatie.exports.resources import ExportResource

from .constants import LadderRung, StepNumber
from .models import Action, ChecklistItem, Decision, HistoryEntry, Meedenker, StakeholderView, Step, Traject
from .selectors import step_queryset_with_progress


def _person(user) -> str:
    return str(user) if user else ""


def step_summary(step) -> str:
    """A step's status and progress in words, for one spreadsheet cell."""
    text = f"{step.get_status_display()} ({step.checklist_done}/{step.checklist_total}, {step.actions_done}/{step.actions_total})"
    if step.actions_overdue:
        text += " – " + str(_("%(count)s overdue")) % {"count": step.actions_overdue}
    return text


def _step_column(number):
    def dehydrate(traject):
        for step in traject.steps.all():
            if step.number == number:
                return step_summary(step)
        return ""

    return Field(column_name=f"{number}. {StepNumber(number).label}", dehydrate_method=dehydrate)


class TrajectMonitorResource(ExportResource):
    """The monitor table: one row per traject, a column per step (status, checklist and actions done/total)."""

    gemeente = Field(attribute="gemeente__name", column_name=_("Gemeente"))
    cbs_code = Field(attribute="gemeente__cbs_code", column_name=_("CBS code"))
    responsible = Field(column_name=_("Responsible officer"), dehydrate_method=lambda t: _person(t.responsible))
    level = Field(column_name=_("Level"), dehydrate_method=lambda t: t.get_level_display())
    laws = Field(column_name=_("Laws"), dehydrate_method=lambda t: t.get_laws_display())
    steps_finished = Field(column_name=_("Steps finished"), dehydrate_method=lambda t: t.steps_finished)
    step_1 = _step_column(1)
    step_2 = _step_column(2)
    step_3 = _step_column(3)
    step_4 = _step_column(4)
    step_5 = _step_column(5)
    step_6 = _step_column(6)
    overdue_total = Field(column_name=_("Overdue actions"), dehydrate_method=lambda t: t.overdue_total)

    class Meta:
        model = Traject
        fields = (
            "gemeente",
            "cbs_code",
            "title",
            "start_date",
            "responsible",
            "level",
            "laws",
            "steps_finished",
            "step_1",
            "step_2",
            "step_3",
            "step_4",
            "step_5",
            "step_6",
            "overdue_total",
            "updated_at",
        )
        export_order = fields


class StepResource(ExportResource):
    """The six steps of one traject with their progress."""

    number = Field(column_name=_("Step"), dehydrate_method=lambda s: str(s))
    status = Field(column_name=_("Status"), dehydrate_method=lambda s: s.get_status_display())
    owner = Field(column_name=_("Owner"), dehydrate_method=lambda s: _person(s.owner))
    ladder_planned = Field(
        column_name=_("Participation aimed at"),
        dehydrate_method=lambda s: LadderRung(s.ladder_planned).label if s.ladder_planned else "",
    )
    ladder_reached = Field(
        column_name=_("Participation reached"),
        dehydrate_method=lambda s: LadderRung(s.ladder_reached).label if s.ladder_reached else "",
    )
    checklist_done = Field(column_name=_("Points done"), dehydrate_method=lambda s: s.checklist_done)
    checklist_total = Field(column_name=_("Points (applicable)"), dehydrate_method=lambda s: s.checklist_total)
    actions_done = Field(column_name=_("Actions done"), dehydrate_method=lambda s: s.actions_done)
    actions_total = Field(column_name=_("Actions"), dehydrate_method=lambda s: s.actions_total)
    actions_overdue = Field(column_name=_("Overdue actions"), dehydrate_method=lambda s: s.actions_overdue)

    class Meta:
        model = Step
        fields = (
            "number",
            "status",
            "skip_reason",
            "owner",
            "planned_start",
            "planned_end",
            "actual_start",
            "actual_end",
            "ladder_planned",
            "ladder_reached",
            "checklist_done",
            "checklist_total",
            "actions_done",
            "actions_total",
            "actions_overdue",
            "notes",
        )
        export_order = fields


class ChecklistItemResource(ExportResource):
    """Aandachtspunten of every step."""

    step = Field(column_name=_("Step"), dehydrate_method=lambda i: str(i.step))
    state = Field(column_name=_("State"), dehydrate_method=lambda i: i.get_state_display())
    changed_by = Field(column_name=_("Changed by"), dehydrate_method=lambda i: _person(i.changed_by))

    class Meta:
        model = ChecklistItem
        fields = ("step", "text", "state", "changed_by", "changed_at")
        export_order = fields


class ActionResource(ExportResource):
    """Actiepunten of every step, with the overdue flag."""

    step = Field(column_name=_("Step"), dehydrate_method=lambda a: str(a.step))
    owner = Field(column_name=_("Owner"), dehydrate_method=lambda a: _person(a.owner))
    overdue = Field(column_name=_("Overdue"), dehydrate_method=lambda a: a.is_overdue)

    class Meta:
        model = Action
        fields = ("step", "description", "owner", "due_date", "is_done", "overdue", "done_at")
        export_order = fields


class DecisionResource(ExportResource):
    """The decision log (besluiten)."""

    decided_by = Field(column_name=_("Decided by"), dehydrate_method=lambda d: d.get_decided_by_display())
    council_fate = Field(column_name=_("Fate of the council"), dehydrate_method=lambda d: d.get_council_fate_display())

    class Meta:
        model = Decision
        fields = ("decided_on", "subject", "decided_by", "council_name", "council_fate", "communication")
        export_order = fields


class MeedenkerResource(ExportResource):
    """The register of meedenkers."""

    kind = Field(column_name=_("Kind"), dehydrate_method=lambda m: m.get_kind_display())
    target_groups = Field(
        column_name=_("Target groups they bring in"), dehydrate_method=lambda m: m.get_target_groups_display()
    )

    class Meta:
        model = Meedenker
        fields = ("name", "organisation", "kind", "target_groups", "contact_consent")
        export_order = fields


class StakeholderViewResource(ExportResource):
    """Step 1: each group's view on why to renew."""

    group = Field(column_name=_("Group"), dehydrate_method=lambda v: v.get_group_display())

    class Meta:
        model = StakeholderView
        fields = ("group", "view", "recorded_on")
        export_order = fields


class HistoryResource(ExportResource):
    """The history: who changed what, when."""

    step = Field(column_name=_("Step"), dehydrate_method=lambda h: str(h.step) if h.step else "")
    actor = Field(column_name=_("By"), dehydrate_method=lambda h: _person(h.actor))
    kind = Field(column_name=_("Kind"), dehydrate_method=lambda h: h.get_kind_display())
    old_value = Field(column_name=_("From"), dehydrate_method=lambda h: h.old_label)
    new_value = Field(column_name=_("To"), dehydrate_method=lambda h: h.new_label)

    class Meta:
        model = HistoryEntry
        fields = ("created_at", "actor", "kind", "step", "subject", "old_value", "new_value")
        export_order = fields


def _dataset(resource_class, queryset, title) -> tablib.Dataset:
    dataset = resource_class().export(queryset=queryset)
    dataset.title = str(title)
    return dataset


def traject_datasets(*, traject: Traject) -> list[tablib.Dataset]:
    """The sheets of one traject's export."""
    today = timezone.localdate()
    summary = tablib.Dataset(headers=[str(_("Field")), str(_("Value"))], title=str(_("Traject")))
    for label, value in (
        (_("Gemeente"), traject.gemeente.name),
        (_("Title"), traject.title),
        (_("Why does the gemeente renew?"), ", ".join(traject.get_reasons_display())),
        (_("Start date"), traject.start_date),
        (_("Responsible officer"), _person(traject.responsible)),
        (_("Laws"), traject.get_laws_display()),
        (_("Level"), traject.get_level_display()),
        (_("Description of the model"), traject.model_description),
        (_("Left open to experiment"), traject.model_experiment_room),
        (_("Last change"), traject.updated_at),
    ):
        summary.append([str(label), value])
    steps = step_queryset_with_progress(today=today).filter(traject=traject).order_by("number")
    step_related = {"step__traject": traject}
    return [
        summary,
        _dataset(StepResource, steps, _("Steps")),
        _dataset(
            ChecklistItemResource,
            ChecklistItem.objects.filter(**step_related)
            .select_related("step", "changed_by")
            .order_by("step__number", "position", "pk"),
            _("Checklists"),
        ),
        _dataset(
            ActionResource,
            Action.objects.filter(**step_related).select_related("step", "owner").order_by("step__number", "pk"),
            _("Actions"),
        ),
        _dataset(DecisionResource, traject.decisions.all(), _("Decisions")),
        _dataset(MeedenkerResource, traject.meedenkers.all(), _("Meedenkers")),
        _dataset(StakeholderViewResource, traject.stakeholder_views.all(), _("Views")),
        _dataset(HistoryResource, traject.history.select_related("actor", "step"), _("History")),
    ]


def monitor_dataset(*, trajecten) -> tablib.Dataset:
    """The monitor table as one sheet."""
    return _dataset(TrajectMonitorResource, trajecten, _("Monitor"))
