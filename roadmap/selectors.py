"""Reads of the roadmap. Every queryset a user reaches is scoped here, once, to the user's gemeenten."""

import datetime

from django.db.models import Count, F, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, TextField, Value
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from participatie.constants import STAFF_ROLES, Role
from participatie.models import Gemeente, Membership, Regio, User
from participatie.selectors import gemeente_list_for_user, scope_to_user

from .constants import ChecklistState, StepStatus
from .models import Action, Attachment, ChecklistItem, Decision, HistoryEntry, Meedenker, StakeholderView, Step, Traject
from .progress import overdue_refresh

FINISHED = (StepStatus.DONE, StepStatus.SKIPPED)


def _count(queryset: QuerySet, link: str) -> Coalesce:
    """A correlated COUNT subquery per outer row (no joins that multiply rows)."""
    counted = queryset.filter(**{link: OuterRef("pk")}).order_by().values(link).annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def step_queryset_with_progress(*, today: datetime.date | None = None) -> QuerySet[Step]:
    """Steps annotated with their progress (aandachtspunten, actiepunten done/total, overdue) and last change."""
    today = today or timezone.localdate()
    applicable = ChecklistItem.objects.exclude(state=ChecklistState.NOT_APPLICABLE)
    return Step.objects.select_related("owner").annotate(
        checklist_total=_count(applicable, "step"),
        checklist_done=_count(applicable.filter(state=ChecklistState.DONE), "step"),
        actions_total=_count(Action.objects.all(), "step"),
        actions_done=_count(Action.objects.filter(is_done=True), "step"),
        actions_overdue=_count(Action.objects.filter(is_done=False, due_date__lt=today), "step"),
        last_change=Subquery(
            HistoryEntry.objects.filter(step=OuterRef("pk")).order_by("-created_at").values("created_at")[:1]
        ),
    )


def traject_list_for_user(*, user, roles=STAFF_ROLES) -> QuerySet[Traject]:
    """Trajecten of the gemeenten where the user is policy officer or coordinator (or all, for staff)."""
    return scope_to_user(Traject.objects.select_related("gemeente", "responsible"), user=user, roles=roles)


def traject_list_with_progress(
    *, user, today: datetime.date | None = None, with_steps: bool = True
) -> QuerySet[Traject]:
    """Trajecten the user may follow with their progress, and (``with_steps``) their steps with each step's
    progress in a second query (route map, monitor); the home page's panel shows no steps."""
    today = today or timezone.localdate()
    # The progress is stored (roadmap/progress.py), so sorting and filtering on it reads one indexed row per
    # traject instead of grouping every traject's steps and actions. The overdue counts depend on the day: the
    # refresh recounts the few rows in which an action fell due since they were counted (usually none).
    overdue_refresh(today=today)
    trajecten = traject_list_for_user(user=user).annotate(
        steps_finished=F("progress__steps_finished"),
        current_step=F("progress__current_step"),
        overdue_total=F("progress__overdue_total"),
    )
    if not with_steps:
        return trajecten
    return trajecten.prefetch_related(Prefetch("steps", queryset=step_queryset_with_progress(today=today)))


MONITOR_SORTS = {
    "gemeente": ("gemeente__name", "title"),
    "-gemeente": ("-gemeente__name", "title"),
    "stage": ("steps_finished", "current_step", "gemeente__name"),
    "-stage": ("-steps_finished", "-current_step", "gemeente__name"),
    "overdue": ("overdue_total", "gemeente__name"),
    "-overdue": ("-overdue_total", "gemeente__name"),
    "changed": ("updated_at", "gemeente__name"),
    "-changed": ("-updated_at", "gemeente__name"),
    "start": ("start_date", "gemeente__name"),
    "-start": ("-start_date", "gemeente__name"),
}


def traject_list_for_monitor(
    *,
    user,
    gemeente: Gemeente | None = None,
    step: int | None = None,
    status: str = "",
    law: str = "",
    overdue_only: bool = False,
    sort: str = "gemeente",
    today: datetime.date | None = None,
) -> QuerySet[Traject]:
    """The monitor's rows: trajecten the user follows, filtered and sorted (gemeente x step)."""
    queryset = traject_list_with_progress(user=user, today=today)
    if gemeente is not None:
        queryset = queryset.filter(gemeente=gemeente)
    if status:
        step_filter = Q(status=status)
        if step:
            step_filter &= Q(number=step)
        queryset = queryset.filter(pk__in=Step.objects.filter(step_filter).values("traject"))
    if law:
        # The law codes never contain one another, so a match on the quoted code in the JSON text is exact.
        queryset = queryset.annotate(laws_text=Cast("laws", TextField())).filter(laws_text__contains=f'"{law}"')
    if overdue_only:
        queryset = queryset.filter(overdue_total__gt=0)
    return queryset.order_by(*MONITOR_SORTS.get(sort, MONITOR_SORTS["gemeente"]), "pk")


def gemeente_list_for_monitor(*, user) -> QuerySet[Gemeente]:
    """The gemeenten a user follows in the monitor (a regional coordinator: the regio's gemeenten)."""
    return gemeente_list_for_user(user=user, roles=STAFF_ROLES).order_by("name")


def gemeente_list_for_starting(*, user) -> QuerySet[Gemeente]:
    """The gemeenten where the user may start a traject (policy officer there)."""
    return gemeente_list_for_user(user=user, roles=(Role.POLICY_OFFICER,)).order_by("name")


def user_list_for_gemeente(*, gemeente) -> QuerySet[User]:
    """Officers of a gemeente (ambtenaren, also through a regio): the owners one may choose."""
    return user_list_for_gemeenten(gemeenten=[gemeente])


def user_list_for_gemeenten(*, gemeenten) -> QuerySet[User]:
    """Officers (beleidsambtenaar or coordinator) of any of these gemeenten, also through a regio.

    Adviesraad members are left out: they advise the gemeente and never own its work.
    """
    regios = Regio.objects.filter(gemeenten__in=gemeenten)
    members = Membership.objects.filter(Q(gemeente__in=gemeenten) | Q(regio__in=regios), role__in=STAFF_ROLES).values(
        "user"
    )
    return User.objects.filter(pk__in=members, is_active=True).order_by("first_name", "last_name", "email")


def step_get_for_traject(*, traject: Traject, number: int) -> Step:
    """One step of a traject (raises Step.DoesNotExist)."""
    return step_queryset_with_progress().get(traject=traject, number=number)


def step_page_items(*, step: Step) -> dict:
    """Everything a step page lists, each in one query."""
    return {
        "checklist_items": list(step.checklist_items.select_related("changed_by")),
        "actions": list(step.actions.select_related("owner")),
        "attachments": list(step.attachments.select_related("added_by")),
    }


def checklist_item_get(*, step: Step, pk) -> ChecklistItem:
    return ChecklistItem.objects.get(step=step, pk=pk)


def action_get(*, step: Step, pk) -> Action:
    return Action.objects.get(step=step, pk=pk)


def attachment_get(*, step: Step, pk) -> Attachment:
    return Attachment.objects.get(step=step, pk=pk)


def stakeholder_view_list(*, traject: Traject) -> list[StakeholderView]:
    return list(traject.stakeholder_views.all())


def meedenker_list(*, traject: Traject) -> list[Meedenker]:
    return list(traject.meedenkers.all())


def decision_list(*, traject: Traject) -> list[Decision]:
    return list(traject.decisions.select_related("recorded_by"))


def history_list(*, traject: Traject, limit: int | None = None) -> list[HistoryEntry]:
    """A traject's history, newest first, with who and which step."""
    entries = traject.history.select_related("actor", "step")
    return list(entries[:limit] if limit else entries)


def history_list_for_step(*, step: Step) -> list[HistoryEntry]:
    """The history of one step, newest first."""
    return list(step.history.select_related("actor"))


def action_list_open_for_user(*, user) -> QuerySet[Action]:
    """The user's open actiepunten in trajecten they may follow, overdue first."""
    trajecten = traject_list_for_user(user=user).values("pk")
    return (
        Action.objects.filter(owner=user, is_done=False, step__traject__in=trajecten)
        .select_related("step__traject__gemeente")
        .order_by("due_date", "pk")
    )


def orgaan_list_for_traject(*, user, traject: Traject):
    """The councils and panels (organen, from panels/) serving the traject's gemeente that the user may see."""
    from panels.selectors import orgaan_list_for_user

    return orgaan_list_for_user(user=user).filter(gemeenten=traject.gemeente).order_by("name")
