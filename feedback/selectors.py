"""Reads of the feedback app. Every queryset a user reaches is scoped here, once."""

import datetime
from collections import defaultdict

from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    FilteredRelation,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from participatie.constants import STAFF_ROLES, Role
from participatie.models import Gemeente, Membership, User
from participatie.selectors import gemeente_list_for_user, scope_to_user, user_roles_by_gemeente, user_sees_everything

from .constants import (
    DUE_SOON_DAYS,
    REMINDER_DAYS_AHEAD,
    Outcome,
    SourceKind,
    Status,
)
from .models import ANSWERED, TALLY_NO_DAYS, DashboardTally, Inbreng, Notification, Reminder, Terugkoppeling

# The final terugkoppeling of an inbreng (there is at most one): any outcome but "pending".
FINAL_ANSWER = ~Q(terugkoppelingen__outcome=Outcome.PENDING)


def inbreng_annotate_status(queryset: QuerySet[Inbreng], *, today: datetime.date) -> QuerySet[Inbreng]:
    """Add ``derived_status`` (the status, computed in SQL) to inbreng rows.

    It reads the stored ``answered_on`` (kept by triggers, feedback/answered_on.py), so no join with the
    terugkoppelingen: counts and sorts over the whole register stay one pass over one table or one index.
    """
    due_soon_until = today + datetime.timedelta(days=DUE_SOON_DAYS)
    return queryset.annotate(
        derived_status=Case(
            When(answered_on__isnull=False, answered_on__lte=F("promised_on"), then=Value(Status.ANSWERED_ON_TIME)),
            When(answered_on__isnull=False, then=Value(Status.ANSWERED_LATE)),
            When(promised_on__lt=today, then=Value(Status.OVERDUE)),
            When(promised_on__lte=due_soon_until, then=Value(Status.DUE_SOON)),
            default=Value(Status.OPEN),
            output_field=CharField(),
        )
    )


def _gemeente_ids_for_user(*, user, roles) -> list[int] | None:
    """The ids of the gemeenten the user may see through ``roles`` (None: everything), as a list.

    A list (one gemeente: ``gemeente_id = 5``) lets the register's index on (gemeente, answered, promised date)
    give the page's order; a subquery over the memberships would not.
    """
    if user_sees_everything(user):
        return None
    wanted = set(roles or ())
    return sorted(
        gemeente_id for gemeente_id, held in user_roles_by_gemeente(user=user).items() if not wanted or held & wanted
    )


def inbreng_list_for_user(*, user, today: datetime.date | None = None, roles=STAFF_ROLES) -> QuerySet[Inbreng]:
    """The register (inbreng) of the gemeenten where the user holds one of ``roles`` (by default officer or
    coordinator, who may read it), with status."""
    today = today or timezone.localdate()
    gemeente_ids = _gemeente_ids_for_user(user=user, roles=roles)
    queryset = Inbreng.objects.all() if gemeente_ids is None else Inbreng.objects.filter(gemeente_id__in=gemeente_ids)
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
    # Most urgent first: overdue, due soon, open, then answered. Among unanswered inbreng that is simply
    # the promised date, so the order is (answered or not, promised date), which the indexes
    # feedback_inbreng_register and feedback_inbreng_officer_list give (the same expression ANSWERED).
    return queryset.alias(answered=ANSWERED).order_by("answered", "promised_on", "pk")


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


def coordinator_ids_by_gemeente(*, gemeente_ids) -> dict[int, list[int]]:
    """The active coordinators with an e-mail address of each gemeente, directly or through a regio, in one
    query: {gemeente id: [user ids]}."""
    ids = set(gemeente_ids)
    found: dict[int, set[int]] = defaultdict(set)
    if not ids:
        return {}
    rows = (
        Membership.objects.filter(role=Role.COORDINATOR, user__is_active=True)
        .exclude(user__email="")
        .filter(Q(gemeente__in=ids) | Q(regio__gemeenten__in=ids))
        .values_list("gemeente_id", "regio__gemeenten", "user_id")
    )
    for gemeente_id, regio_gemeente_id, user_id in rows:
        for candidate in (gemeente_id, regio_gemeente_id):
            if candidate in ids:
                found[candidate].add(user_id)
    return {gemeente_id: sorted(users) for gemeente_id, users in found.items()}


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
        Inbreng.objects.filter(answered_on__isnull=True, promised_on__lte=until)
        .select_related("gemeente", "officer")
        .order_by("promised_on", "pk")
    )


def inbreng_annotate_final_answer(queryset: QuerySet[Inbreng]) -> QuerySet[Inbreng]:
    """Add ``final_outcome`` and ``final_channel`` of the final terugkoppeling (for the spreadsheet export): a
    LEFT JOIN, at most one final answer per inbreng by constraint."""
    return queryset.annotate(final=FilteredRelation("terugkoppelingen", condition=FINAL_ANSWER)).annotate(
        final_outcome=F("final__outcome"), final_channel=F("final__channel")
    )


def inbreng_list_for_export(*, user, gemeenten) -> QuerySet[Inbreng]:
    """The whole register of the chosen gemeenten, for the spreadsheet export."""
    queryset = inbreng_list_for_user(user=user).filter(gemeente__in=gemeenten)
    return inbreng_annotate_final_answer(queryset).order_by("gemeente__name", "received_on", "pk")


def inbreng_open_counts(*, queryset: QuerySet[Inbreng], today: datetime.date) -> dict:
    """Open inbreng by status (overdue, due soon, open): the one count the home panel and the dashboard show.

    Every open inbreng counts, however long ago it came in. One pass over the unanswered rows only (the
    partial index feedback_inbreng_open); the ranges are those of ``status_for``.
    """
    due_soon_until = today + datetime.timedelta(days=DUE_SOON_DAYS)
    return (
        queryset.order_by()
        .filter(answered_on__isnull=True)
        .aggregate(
            overdue=Count("pk", filter=Q(promised_on__lt=today)),
            due_soon=Count("pk", filter=Q(promised_on__gte=today, promised_on__lte=due_soon_until)),
            open=Count("pk", filter=Q(promised_on__gt=due_soon_until)),
        )
    )


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


STATUS_COUNT_KEYS = ("total", "open", "due_soon", "overdue", "answered", "on_time")
OPEN_KEYS = {Status.OPEN: "open", Status.DUE_SOON: "due_soon", Status.OVERDUE: "overdue"}


def _add_group(counts: dict, status: str, n: int) -> None:
    """Add ``n`` inbreng of ``status`` to a group's counts (the keys of STATUS_COUNT_KEYS)."""
    counts["total"] += n
    if status in OPEN_KEYS:
        counts[OPEN_KEYS[status]] += n
    else:
        counts["answered"] += n
        counts["on_time"] += n if status == Status.ANSWERED_ON_TIME else 0


def _median_of_histogram(histogram: dict[int, int]):
    """The median of values given as {value: how often}, as ``statistics.median`` gives it."""
    total = sum(histogram.values())
    if not total:
        return None
    middle = [(total - 1) // 2, total // 2]
    found, seen = [], 0
    for value in sorted(histogram):
        seen += histogram[value]
        while len(found) < 2 and middle[len(found)] < seen:
            found.append(value)
    return found[0] if found[0] == found[1] else (found[0] + found[1]) / 2


def _summary(counts: dict, days: dict[int, int]) -> dict:
    answered, on_time = counts["answered"], counts["on_time"]
    return {
        **counts,
        "late": answered - on_time,
        "on_time_pct": round(100 * on_time / answered) if answered else None,
        "median_days": _median_of_histogram(days),
    }


def _tally_status(*, today: datetime.date) -> Case:
    """The status of a tally row's inbreng on ``today``: the SQL twin of ``models.status_for`` on the tally's key."""
    due_soon_until = today + datetime.timedelta(days=DUE_SOON_DAYS)
    return Case(
        When(~Q(days=TALLY_NO_DAYS) & Q(late=0), then=Value(Status.ANSWERED_ON_TIME)),
        When(~Q(days=TALLY_NO_DAYS), then=Value(Status.ANSWERED_LATE)),
        When(promised_on__lt=today, then=Value(Status.OVERDUE)),
        When(promised_on__lte=due_soon_until, then=Value(Status.DUE_SOON)),
        default=Value(Status.OPEN),
        output_field=CharField(),
    )


def dashboard_figures(*, gemeente, today: datetime.date | None = None) -> dict:
    """Figures of a gemeente's feedback loop over the last 12 months (for the coordinator dashboard).

    Read from the tally (``DashboardTally``, kept by triggers): one grouped query over the year's tally rows and
    one over the open ones, a few thousand rows however many inbreng there are.
    """
    today = today or timezone.localdate()
    since = _month_start(today, 11)  # the first of a month, so "received since" is "received month since"
    tally = DashboardTally.objects.filter(gemeente=gemeente, n__gt=0).order_by()
    # One grouped pass over the year: per source, orgaan, status, answer month and days to answer.
    groups = (
        tally.filter(received_month__gte=since)
        .annotate(derived_status=_tally_status(today=today))
        .values("source_kind", "orgaan", "derived_status", "answered_month", "days")
        .annotate(total=Sum("n"))
    )

    def new_counts():
        return dict.fromkeys(STATUS_COUNT_KEYS, 0)

    per_kind: dict = defaultdict(new_counts)
    per_orgaan_counts: dict = defaultdict(new_counts)
    totals_counts = new_counts()
    # Days from receipt to the final answer, as a histogram per source and orgaan: the medians from it.
    days_by_kind: dict = defaultdict(lambda: defaultdict(int))
    days_by_orgaan: dict = defaultdict(lambda: defaultdict(int))
    days_all: dict = defaultdict(int)
    answered_months: dict = defaultdict(lambda: {"on_time": 0, "late": 0})
    for row in groups:
        kind, name, status, n = row["source_kind"], row["orgaan"], row["derived_status"], row["total"]
        answered = row["days"] != TALLY_NO_DAYS
        for counts in (per_kind[kind], totals_counts, *([per_orgaan_counts[name]] if name else [])):
            _add_group(counts, status, n)
        if answered:
            days = row["days"]
            days_by_kind[kind][days] += n
            days_all[days] += n
            if name:
                days_by_orgaan[name][days] += n
        if answered and row["answered_month"] >= since:
            answered_months[row["answered_month"]]["on_time" if status == Status.ANSWERED_ON_TIME else "late"] += n

    per_source = [
        {"label": kind.label, **_summary(per_kind[kind.value], days_by_kind[kind.value])}
        for kind in SourceKind
        if kind.value in per_kind
    ]
    # Per orgaan: inbreng given by a council or panel, grouped by its name.
    per_orgaan = [
        {"label": name, **_summary(counts, days_by_orgaan[name])} for name, counts in sorted(per_orgaan_counts.items())
    ]
    months = []
    for back in range(11, -1, -1):
        start = _month_start(today, back)
        months.append({"start": start, **answered_months.get(start, {"on_time": 0, "late": 0})})
    # Open work counts whenever it came in (the same ranges as the home panel's inbreng_open_counts).
    due_soon_until = today + datetime.timedelta(days=DUE_SOON_DAYS)
    open_counts = tally.filter(days=TALLY_NO_DAYS).aggregate(
        overdue=Coalesce(Sum("n", filter=Q(promised_on__lt=today)), 0),
        due_soon=Coalesce(Sum("n", filter=Q(promised_on__gte=today, promised_on__lte=due_soon_until)), 0),
        open=Coalesce(Sum("n", filter=Q(promised_on__gt=due_soon_until)), 0),
    )
    totals = {**_summary(totals_counts, days_all), **open_counts}
    return {
        "since": since,
        "today": today,
        "totals": totals,
        "per_source": per_source,
        "per_orgaan": per_orgaan,
        "months": months,
    }
