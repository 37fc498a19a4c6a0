"""Reads of the feedback app. Every queryset a user reaches is scoped here, once."""

import datetime
import statistics
from collections import defaultdict

from django.db.models import Case, CharField, Count, F, OuterRef, Q, QuerySet, Subquery, Value, When
from django.utils import timezone

from participatie.constants import STAFF_ROLES, Role
from participatie.models import Gemeente, User
from participatie.selectors import gemeente_list_for_user, scope_to_user

from .constants import (
    DUE_SOON_DAYS,
    OPEN_STATUSES,
    REMINDER_DAYS_AHEAD,
    ContributorKind,
    Outcome,
    SourceKind,
    Status,
)
from .models import Inbreng, Notification, Reminder, Terugkoppeling


def inbreng_annotate_status(queryset: QuerySet[Inbreng], *, today: datetime.date) -> QuerySet[Inbreng]:
    """Add ``answered_on`` and ``derived_status`` (the status, computed in SQL) to inbreng rows."""
    final = Terugkoppeling.objects.filter(inbreng=OuterRef("pk")).exclude(outcome=Outcome.PENDING)
    due_soon_until = today + datetime.timedelta(days=DUE_SOON_DAYS)
    return queryset.annotate(
        answered_on=Subquery(final.values("given_on")[:1]),
        final_outcome=Subquery(final.values("outcome")[:1]),
    ).annotate(
        derived_status=Case(
            When(answered_on__isnull=False, answered_on__lte=F("promised_on"), then=Value(Status.ANSWERED_ON_TIME)),
            When(answered_on__isnull=False, then=Value(Status.ANSWERED_LATE)),
            When(promised_on__lt=today, then=Value(Status.OVERDUE)),
            When(promised_on__lte=due_soon_until, then=Value(Status.DUE_SOON)),
            default=Value(Status.OPEN),
            output_field=CharField(),
        )
    )


def inbreng_list_for_user(*, user, today: datetime.date | None = None, roles=STAFF_ROLES) -> QuerySet[Inbreng]:
    """The register (inbreng) of the gemeenten where the user holds one of ``roles`` (by default officer or
    coordinator, who may read it), with status."""
    today = today or timezone.localdate()
    queryset = scope_to_user(Inbreng.objects.all(), user=user, roles=roles)
    return inbreng_annotate_status(queryset.select_related("gemeente", "officer", "source_content_type"), today=today)


def inbreng_list_filtered(*, user, filters: dict, today: datetime.date | None = None) -> QuerySet[Inbreng]:
    """The officer's list: the user's inbreng (or all they may see), filtered and ordered by urgency."""
    today = today or timezone.localdate()
    queryset = inbreng_list_for_user(user=user, today=today)
    if filters.get("mine", True):
        queryset = queryset.filter(officer=user)
    statuses = filters.get("status") or []
    if statuses:
        queryset = queryset.filter(derived_status__in=statuses)
    if filters.get("source_kind"):
        queryset = queryset.filter(source_kind=filters["source_kind"])
    if filters.get("gemeente"):
        queryset = queryset.filter(gemeente=filters["gemeente"])
    if filters.get("received_from"):
        queryset = queryset.filter(received_on__gte=filters["received_from"])
    if filters.get("received_until"):
        queryset = queryset.filter(received_on__lte=filters["received_until"])
    for key, value in (filters.get("source_filters") or {}).items():
        queryset = queryset.filter(**{key: value})
    urgency = Case(
        When(derived_status=Status.OVERDUE, then=Value(0)),
        When(derived_status=Status.DUE_SOON, then=Value(1)),
        When(derived_status=Status.OPEN, then=Value(2)),
        default=Value(3),
    )
    return queryset.annotate(urgency=urgency).order_by("urgency", "promised_on", "pk")


def inbreng_get_for_user(*, user, pk: int) -> Inbreng:
    """One inbreng the user may see; another gemeente's inbreng raises DoesNotExist (a 404)."""
    return inbreng_list_for_user(user=user).get(pk=pk)


def gemeente_list_for_registering(*, user) -> QuerySet[Gemeente]:
    """The gemeenten where the user may register inbreng (policy officer)."""
    return gemeente_list_for_user(user=user, roles=[Role.POLICY_OFFICER]).order_by("name")


def gemeente_list_for_dashboard(*, user) -> QuerySet[Gemeente]:
    """The gemeenten whose feedback dashboard the user may see."""
    return gemeente_list_for_user(user=user, roles=STAFF_ROLES).order_by("name")


def officer_list_for_gemeenten(*, gemeenten) -> QuerySet[User]:
    """Policy officers (beleidsambtenaren) of the given gemeenten, directly or through a regio."""
    gemeente_ids = list(gemeenten.values_list("pk", flat=True)) if isinstance(gemeenten, QuerySet) else gemeenten
    return (
        User.objects.filter(is_active=True, memberships__role=Role.POLICY_OFFICER)
        .filter(Q(memberships__gemeente__in=gemeente_ids) | Q(memberships__regio__gemeenten__in=gemeente_ids))
        .distinct()
        .order_by("first_name", "last_name", "email")
    )


def coordinator_list_for_gemeente(*, gemeente) -> QuerySet[User]:
    """The coordinators of a gemeente, directly or through a regio (for escalation)."""
    return (
        User.objects.filter(is_active=True, memberships__role=Role.COORDINATOR)
        .filter(Q(memberships__gemeente=gemeente) | Q(memberships__regio__gemeenten=gemeente))
        .distinct()
    )


def terugkoppeling_list_for_inbreng(*, inbreng) -> QuerySet[Terugkoppeling]:
    """The answers to one inbreng, newest first."""
    return inbreng.terugkoppelingen.select_related("author").order_by("-given_on", "-pk")


def notification_list_for_inbreng(*, inbreng) -> QuerySet[Notification]:
    """The e-mails to participants about one inbreng (for staff: sent, waiting, failed)."""
    return Notification.objects.filter(terugkoppeling__inbreng=inbreng).select_related("terugkoppeling")


def reminder_list_for_inbreng(*, inbreng) -> QuerySet[Reminder]:
    """The reminders (herinneringen) that listed this inbreng."""
    return inbreng.reminders.select_related("recipient").order_by("-day", "kind")


def terugkoppeling_list_published(*, gemeente, limit: int = 20) -> QuerySet[Terugkoppeling]:
    """Published terugkoppeling of a gemeente for its public page, newest first (no personal data)."""
    return (
        Terugkoppeling.objects.filter(inbreng__gemeente=gemeente, is_published=True)
        .select_related("inbreng")
        .only("pk", "outcome", "given_on", "public_summary", "inbreng__source_kind", "inbreng__received_on")
        .order_by("-given_on", "-pk")[:limit]
    )


def inbreng_list_open_due(*, today: datetime.date) -> QuerySet[Inbreng]:
    """Unanswered inbreng that is overdue or due within the reminder window, in every gemeente."""
    until = today + datetime.timedelta(days=REMINDER_DAYS_AHEAD)
    return (
        inbreng_annotate_status(Inbreng.objects.all(), today=today)
        .filter(answered_on__isnull=True, promised_on__lte=until)
        .select_related("gemeente", "officer")
        .order_by("promised_on", "pk")
    )


def inbreng_list_for_export(*, user, gemeenten) -> QuerySet[Inbreng]:
    """The whole register of the chosen gemeenten, for the spreadsheet export."""
    final = Terugkoppeling.objects.filter(inbreng=OuterRef("pk")).exclude(outcome=Outcome.PENDING)
    return (
        inbreng_list_for_user(user=user)
        .filter(gemeente__in=gemeenten)
        .annotate(
            final_channel=Subquery(final.values("channel")[:1]),
        )
        .order_by("gemeente__name", "received_on", "pk")
    )


def inbreng_open_counts(*, queryset: QuerySet[Inbreng], today: datetime.date) -> dict:
    """Open inbreng by status (overdue, due soon, open): the one count the home panel and the dashboard show.

    Every open inbreng counts, however long ago it came in; ``queryset`` must not be annotated yet.
    """
    rows = (
        inbreng_annotate_status(queryset.order_by(), today=today)
        .filter(derived_status__in=OPEN_STATUSES)
        .values("derived_status")
        .annotate(n=Count("pk"))
    )
    by_status = {row["derived_status"]: row["n"] for row in rows}
    return {
        "overdue": by_status.get(Status.OVERDUE, 0),
        "due_soon": by_status.get(Status.DUE_SOON, 0),
        "open": by_status.get(Status.OPEN, 0),
    }


def inbreng_list_for_panel(*, user, today: datetime.date | None = None) -> dict | None:
    """The home panel: open inbreng assigned to the user and in all their gemeenten, or None for non-officers."""
    today = today or timezone.localdate()
    gemeenten = list(gemeente_list_for_user(user=user, roles=STAFF_ROLES)[:2])
    if not gemeenten:
        return None
    scoped = scope_to_user(Inbreng.objects.all(), user=user, roles=STAFF_ROLES)
    return {
        **inbreng_open_counts(queryset=scoped.filter(officer=user), today=today),
        "all": inbreng_open_counts(queryset=scoped, today=today),
        "only_gemeente": gemeenten[0] if len(gemeenten) == 1 else None,
    }


def _month_start(day: datetime.date, months_back: int) -> datetime.date:
    month_index = day.year * 12 + day.month - 1 - months_back
    return datetime.date(month_index // 12, month_index % 12 + 1, 1)


def dashboard_figures(*, gemeente, today: datetime.date | None = None) -> dict:
    """Figures of a gemeente's feedback loop over the last 12 months (for the coordinator dashboard)."""
    today = today or timezone.localdate()
    since = _month_start(today, 11)
    rows = list(
        inbreng_annotate_status(Inbreng.objects.filter(gemeente=gemeente, received_on__gte=since), today=today).values(
            "pk",
            "source_kind",
            "contributor_kind",
            "contributor_description",
            "received_on",
            "promised_on",
            "answered_on",
            "derived_status",
        )
    )

    def summarise(group: list[dict]) -> dict:
        statuses = [row["derived_status"] for row in group]
        answered = [row for row in group if row["answered_on"] is not None]
        on_time = sum(1 for s in statuses if s == Status.ANSWERED_ON_TIME)
        days = [(row["answered_on"] - row["received_on"]).days for row in answered]
        return {
            "total": len(group),
            "open": statuses.count(Status.OPEN),
            "due_soon": statuses.count(Status.DUE_SOON),
            "overdue": statuses.count(Status.OVERDUE),
            "answered": len(answered),
            "on_time": on_time,
            "late": len(answered) - on_time,
            "on_time_pct": round(100 * on_time / len(answered)) if answered else None,
            "median_days": statistics.median(days) if days else None,
        }

    per_source = []
    grouped = defaultdict(list)
    for row in rows:
        grouped[row["source_kind"]].append(row)
    for kind in SourceKind:
        if grouped.get(kind.value):
            per_source.append({"label": kind.label, **summarise(grouped[kind.value])})

    # Per orgaan: inbreng given by a council or panel, grouped by its name.
    per_orgaan_groups = defaultdict(list)
    for row in rows:
        if row["contributor_kind"] == ContributorKind.ORGAAN and row["contributor_description"]:
            per_orgaan_groups[row["contributor_description"]].append(row)
    per_orgaan = [{"label": name, **summarise(group)} for name, group in sorted(per_orgaan_groups.items())]

    months = []
    for back in range(11, -1, -1):
        start = _month_start(today, back)
        end = _month_start(today, back - 1) if back else _month_start(today, -1)
        answered_in_month = [row for row in rows if row["answered_on"] and start <= row["answered_on"] < end]
        months.append(
            {
                "start": start,
                "on_time": sum(1 for row in answered_in_month if row["derived_status"] == Status.ANSWERED_ON_TIME),
                "late": sum(1 for row in answered_in_month if row["derived_status"] == Status.ANSWERED_LATE),
            }
        )
    # Open work counts whenever it came in, from the same selector as the home panel.
    totals = {**summarise(rows), **inbreng_open_counts(queryset=Inbreng.objects.filter(gemeente=gemeente), today=today)}
    return {
        "since": since,
        "today": today,
        "totals": totals,
        "per_source": per_source,
        "per_orgaan": per_orgaan,
        "months": months,
    }
