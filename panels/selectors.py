"""Reads of the panels app. Every queryset a user reaches is scoped here, once."""

import calendar
import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Case, Count, F, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone

from participatie.constants import STAFF_ROLES, Role, TargetGroup
from participatie.models import Regio, User
from participatie.selectors import gemeente_list_for_user, scope_to_user, user_sees_everything

from .constants import AWAITING_ADVICE_STATUSES, AdviesStatus, MemberRole
from .models import (
    AanvraagNotification,
    Advies,
    Adviesaanvraag,
    Document,
    Meeting,
    Member,
    Orgaan,
    StatusTransition,
    today,
)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later (the last day of the month when it does not exist)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def _current_member_q(on: datetime.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}term_start__lte": on}) & (
        Q(**{f"{prefix}term_end__isnull": True}) | Q(**{f"{prefix}term_end__gte": on})
    )


# Organen ---------------------------------------------------------------------------------


def orgaan_list_followed(*, user) -> QuerySet[Orgaan]:
    """Organen serving a gemeente where the user is beleidsambtenaar or coordinator (or staff)."""
    return scope_to_user(Orgaan.objects.all(), user=user, path="gemeenten", roles=STAFF_ROLES, many=True)


def orgaan_list_managed(*, user) -> QuerySet[Orgaan]:
    """Organen serving a gemeente where the user is beleidsambtenaar: they register aanvragen and answers."""
    return scope_to_user(Orgaan.objects.all(), user=user, path="gemeenten", roles=[Role.POLICY_OFFICER], many=True)


def orgaan_list_sat_on(*, user, on: datetime.date | None = None) -> QuerySet[Orgaan]:
    """Organen the user currently sits on (as adviesraadlid in a gemeente the orgaan serves)."""
    on = on or today()
    if not user.is_authenticated:
        return Orgaan.objects.none()
    sitting = Orgaan.objects.filter(pk__in=Member.objects.filter(_current_member_q(on), user=user).values("orgaan"))
    return scope_to_user(sitting, user=user, path="gemeenten", roles=[Role.COUNCIL_MEMBER], many=True)


def orgaan_list_for_user(*, user) -> QuerySet[Orgaan]:
    """Every orgaan the user may see: followed as officer/coordinator, or sat on as member."""
    if user_sees_everything(user):
        return Orgaan.objects.all()
    return Orgaan.objects.filter(
        Q(pk__in=orgaan_list_followed(user=user).values("pk")) | Q(pk__in=orgaan_list_sat_on(user=user).values("pk"))
    )


def orgaan_list_with_counts(*, user, on: datetime.date | None = None) -> QuerySet[Orgaan]:
    """The user's organen for the list page, with member and open-advice counts."""
    on = on or today()
    return (
        orgaan_list_for_user(user=user)
        .prefetch_related("gemeenten")
        .select_related("regio")
        .annotate(
            current_member_count=Count("members", filter=_current_member_q(on, "members__"), distinct=True),
            open_advies_count=Count(
                "adviezen",
                filter=Q(adviezen__status__in=[*AWAITING_ADVICE_STATUSES, AdviesStatus.SENT]),
                distinct=True,
            ),
        )
        .order_by("name")
    )


def member_roles_for_user(*, orgaan, user, on: datetime.date | None = None) -> frozenset[str]:
    """The roles the user currently holds on ``orgaan`` (cached on the orgaan for this request)."""
    if not user.is_authenticated:
        return frozenset()
    cache = orgaan.__dict__.setdefault("_member_roles_cache", {})
    if user.pk not in cache:
        on = on or today()
        cache[user.pk] = frozenset(
            Member.objects.filter(_current_member_q(on), orgaan=orgaan, user=user).values_list("role", flat=True)
        )
    return cache[user.pk]


def regio_list_for_user(*, user) -> QuerySet[Regio]:
    """Regio's all of whose gemeenten the user works in as beleidsambtenaar (for a regional orgaan)."""
    gemeenten = gemeente_list_for_user(user=user, roles=[Role.POLICY_OFFICER])
    regios = Regio.objects.annotate(
        total=Count("gemeenten", distinct=True),
        mine=Count("gemeenten", filter=Q(gemeenten__in=gemeenten), distinct=True),
    )
    return regios.filter(total=F("mine"), total__gt=0).order_by("name")


# Members ---------------------------------------------------------------------------------


def member_list_for_orgaan(*, orgaan) -> QuerySet[Member]:
    """All members of an orgaan, current and former."""
    return orgaan.members.select_related("user").order_by("name")


def member_list_current(*, orgaan, on: datetime.date | None = None) -> QuerySet[Member]:
    """The members whose term runs on ``on`` (zittende leden)."""
    on = on or today()
    return orgaan.members.filter(_current_member_q(on)).select_related("user").order_by("name")


def member_contact_emails(*, orgaan, on: datetime.date | None = None) -> list[str]:
    """E-mail addresses of the orgaan's current members who consented to be contacted."""
    return list(
        member_list_current(orgaan=orgaan, on=on)
        .filter(contact_consent=True)
        .exclude(email="")
        .order_by("email")
        .values_list("email", flat=True)
        .distinct()
    )


def member_drafter_emails(*, orgaan, on: datetime.date | None = None) -> list[str]:
    """E-mail addresses of the orgaan's current voorzitter and secretaris."""
    return list(
        member_list_current(orgaan=orgaan, on=on)
        .filter(role__in=[MemberRole.CHAIR, MemberRole.SECRETARY])
        .values_list("email", flat=True)
        .distinct()
    )


def user_list_linkable(*, orgaan) -> QuerySet[User]:
    """Accounts that may be linked to a member: adviesraadleden of a gemeente the orgaan serves."""
    gemeente_ids = list(orgaan.gemeenten.values_list("pk", flat=True))
    regio_ids = Regio.gemeenten.through.objects.filter(gemeente_id__in=gemeente_ids).values("regio")
    return (
        User.objects.filter(is_active=True, memberships__role=Role.COUNCIL_MEMBER)
        .filter(Q(memberships__gemeente_id__in=gemeente_ids) | Q(memberships__regio_id__in=regio_ids))
        .distinct()
        .order_by("email")
    )


@dataclass
class Composition:
    """Who sits on an orgaan, whose term ends soon, and which doelgroepen are missing (samenstelling)."""

    members: list
    ending_soon: list
    aimed: list[str]
    represented: Counter
    gaps: list[str]
    ending_before: datetime.date
    experience: Counter = field(default_factory=Counter)

    @property
    def gap_labels(self):
        return [TargetGroup(value).label for value in self.gaps]

    @property
    def coverage(self):
        """(label, number of members) for every aimed doelgroep."""
        return [(TargetGroup(value).label, self.represented.get(value, 0)) for value in self.aimed]


def orgaan_composition(*, orgaan, on: datetime.date | None = None) -> Composition:
    """The composition view of an orgaan: current members, terms ending in 3 months, doelgroep gaps."""
    on = on or today()
    members = list(member_list_current(orgaan=orgaan, on=on))
    ending_before = add_months(on, 3)
    ending_soon = sorted(
        (m for m in members if m.term_end is not None and m.term_end <= ending_before), key=lambda m: m.term_end
    )
    represented = Counter(value for m in members for value in set(m.target_groups))
    experience = Counter(value for m in members for value in set(m.experience))
    aimed = [value for value in orgaan.target_groups if value in TargetGroup.values]
    gaps = [value for value in aimed if not represented.get(value)]
    return Composition(
        members=members,
        ending_soon=ending_soon,
        aimed=aimed,
        represented=represented,
        gaps=gaps,
        ending_before=ending_before,
        experience=experience,
    )


# Meetings --------------------------------------------------------------------------------


def meeting_list_for_user(*, user) -> QuerySet[Meeting]:
    """Meetings of the organen the user may see."""
    return Meeting.objects.filter(orgaan__in=orgaan_list_for_user(user=user)).select_related("orgaan")


def meeting_list_upcoming(*, user, now=None, limit=None) -> QuerySet[Meeting]:
    """Coming meetings of the user's organen, soonest first."""
    now = now or timezone.now()
    meetings = meeting_list_for_user(user=user).filter(ends_at__gte=now).order_by("starts_at")
    return meetings[:limit] if limit else meetings


def meeting_detail_queryset(*, user) -> QuerySet[Meeting]:
    """Meetings for the detail page, with agenda and documents in a fixed number of queries."""
    return meeting_list_for_user(user=user).prefetch_related(
        "agenda_items", "documents", "attendances__member", "orgaan__gemeenten"
    )


# Advice ----------------------------------------------------------------------------------


def _with_overdue(queryset: QuerySet[Advies], on: datetime.date) -> QuerySet[Advies]:
    # overdue_rank: 0 overdue, 1 still open, 2 answered, closed or withdrawn.
    return queryset.annotate(
        overdue_rank=Case(
            When(status=AdviesStatus.SENT, answer_deadline__lt=on, then=Value(0)),
            When(status__in=AWAITING_ADVICE_STATUSES, advice_deadline__lt=on, then=Value(0)),
            When(status__in=[*AWAITING_ADVICE_STATUSES, AdviesStatus.SENT], then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        ),
        next_deadline=Case(
            When(status=AdviesStatus.SENT, then=F("answer_deadline")),
            When(status__in=AWAITING_ADVICE_STATUSES, then=F("advice_deadline")),
            default=None,
        ),
    )


def advies_list_for_user(*, user, on: datetime.date | None = None) -> QuerySet[Advies]:
    """Adviezen of the organen the user may see, overdue first, then by deadline."""
    on = on or today()
    queryset = Advies.objects.filter(orgaan__in=orgaan_list_for_user(user=user)).select_related(
        "orgaan", "gemeente", "aanvraag", "reactie"
    )
    return _with_overdue(queryset, on).order_by(
        "overdue_rank", F("next_deadline").asc(nulls_last=True), "-sent_on", "-pk"
    )


def advies_detail_queryset(*, user) -> QuerySet[Advies]:
    """Adviezen for the detail page: aanvraag, documents, reactie and timeline prefetched."""
    return advies_list_for_user(user=user).prefetch_related(
        "aanvraag__documents",
        "orgaan__gemeenten",
        Prefetch("transitions", queryset=StatusTransition.objects.select_related("by")),
    )


def advies_list_awaiting_advice(*, user, on: datetime.date | None = None) -> QuerySet[Advies]:
    """Requested adviezen the orgaan has not sent yet (for officers), overdue first."""
    return (
        advies_list_for_user(user=user, on=on)
        .filter(status__in=AWAITING_ADVICE_STATUSES, orgaan__in=orgaan_list_followed(user=user))
        .order_by("overdue_rank", "advice_deadline", "pk")
    )


def advies_list_awaiting_answer(*, user, on: datetime.date | None = None) -> QuerySet[Advies]:
    """Sent adviezen the gemeente still has to answer (for officers), overdue first."""
    return (
        advies_list_for_user(user=user, on=on)
        .filter(status=AdviesStatus.SENT, orgaan__in=orgaan_list_followed(user=user))
        .order_by("overdue_rank", "answer_deadline", "pk")
    )


def advies_list_answer_overdue(*, on: datetime.date | None = None) -> QuerySet[Advies]:
    """Every sent advies whose answer deadline has passed (not scoped: for periodic work)."""
    on = on or today()
    return Advies.objects.filter(status=AdviesStatus.SENT, answer_deadline__lt=on)


def aanvraag_list_open_for_member(*, user, on: datetime.date | None = None) -> QuerySet[Advies]:
    """Adviezen the user's organen still have to give (for council members)."""
    return (
        advies_list_for_user(user=user, on=on)
        .filter(status__in=AWAITING_ADVICE_STATUSES, orgaan__in=orgaan_list_sat_on(user=user))
        .order_by("overdue_rank", "advice_deadline", "pk")
    )


def advies_list_for_export(*, user, gemeenten) -> QuerySet[Advies]:
    """All adviezen of the organen serving the chosen gemeenten, for the export page."""
    organen = orgaan_list_followed(user=user).filter(pk__in=Orgaan.objects.filter(gemeenten__in=gemeenten).values("pk"))
    return (
        Advies.objects.filter(orgaan__in=organen)
        .select_related("orgaan", "gemeente", "aanvraag", "reactie")
        .order_by("orgaan__name", "pk")
    )


def member_list_for_export(*, user, gemeenten) -> QuerySet[Member]:
    """Members of the organen serving the chosen gemeenten, for the export page."""
    organen = orgaan_list_followed(user=user).filter(pk__in=Orgaan.objects.filter(gemeenten__in=gemeenten).values("pk"))
    return Member.objects.filter(orgaan__in=organen).select_related("orgaan", "user").order_by("orgaan__name", "name")


@dataclass
class OverviewRow:
    """One orgaan in the coordinator overview (overzicht)."""

    orgaan: Orgaan
    counts: dict
    overdue_answers: int
    average_days_to_answer: float | None


def advies_overview(*, user, on: datetime.date | None = None) -> tuple[list[OverviewRow], OverviewRow | None]:
    """Counts per status, overdue answers and average days from advice to answer, per orgaan and in total.

    Two queries, however many adviezen there are.
    """
    on = on or today()
    status_counts = {status: Count("adviezen", filter=Q(adviezen__status=status)) for status in AdviesStatus.values}
    organen = list(
        orgaan_list_followed(user=user)
        .annotate(
            overdue_answers=Count(
                "adviezen", filter=Q(adviezen__status=AdviesStatus.SENT, adviezen__answer_deadline__lt=on)
            ),
            **{f"count_{key.replace('-', '_')}": expr for key, expr in status_counts.items()},
        )
        .order_by("name")
    )
    pairs = Advies.objects.filter(
        orgaan__in=[o.pk for o in organen], reactie__isnull=False, sent_on__isnull=False
    ).values_list("orgaan_id", "sent_on", "reactie__answered_on")
    days: dict[int, list[int]] = {}
    for orgaan_id, sent_on, answered_on in pairs:
        days.setdefault(orgaan_id, []).append((answered_on - sent_on).days)
    rows = []
    for orgaan in organen:
        counts = {status: getattr(orgaan, f"count_{status.replace('-', '_')}") for status in AdviesStatus.values}
        spans = days.get(orgaan.pk, [])
        rows.append(
            OverviewRow(
                orgaan=orgaan,
                counts=counts,
                overdue_answers=orgaan.overdue_answers,
                average_days_to_answer=round(sum(spans) / len(spans), 1) if spans else None,
            )
        )
    if not rows:
        return rows, None
    all_spans = [span for spans in days.values() for span in spans]
    total = OverviewRow(
        orgaan=None,
        counts={status: sum(row.counts[status] for row in rows) for status in AdviesStatus.values},
        overdue_answers=sum(row.overdue_answers for row in rows),
        average_days_to_answer=round(sum(all_spans) / len(all_spans), 1) if all_spans else None,
    )
    return rows, total


def document_list_for_user(*, user) -> QuerySet[Document]:
    """Documents of meetings and aanvragen the user may see."""
    organen = orgaan_list_for_user(user=user)
    return Document.objects.filter(Q(meeting__orgaan__in=organen) | Q(aanvraag__orgaan__in=organen))


def aanvraag_list_for_user(*, user) -> QuerySet[Adviesaanvraag]:
    """Adviesaanvragen of the organen the user may see."""
    return Adviesaanvraag.objects.filter(orgaan__in=orgaan_list_for_user(user=user))


def orgaan_list_public(*, gemeente, on: datetime.date | None = None) -> QuerySet[Orgaan]:
    """Active organen serving a gemeente, for its public page (no personal data)."""
    on = on or today()
    return (
        Orgaan.objects.filter(pk__in=Orgaan.objects.filter(gemeenten=gemeente).values("pk"))
        .filter(Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=on))
        .order_by("name")
    )


def meeting_list_public(*, gemeente, now=None, limit=5) -> QuerySet[Meeting]:
    """Coming public meetings (openbare bijeenkomsten) of the organen serving a gemeente."""
    from .constants import MeetingKind

    now = now or timezone.now()
    return (
        Meeting.objects.filter(
            kind=MeetingKind.PUBLIC, ends_at__gte=now, orgaan__in=orgaan_list_public(gemeente=gemeente)
        )
        .select_related("orgaan")
        .order_by("starts_at")[:limit]
    )


def aanvraag_notification_for_advies(*, advies: Advies) -> AanvraagNotification | None:
    """The stored e-mail about the adviesaanvraag of this advies (with its delivery status), if any."""
    if advies.aanvraag_id is None:
        return None
    return AanvraagNotification.objects.filter(aanvraag_id=advies.aanvraag_id).first()
