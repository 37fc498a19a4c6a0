"""Reads of the activities app. Every queryset a user reaches is scoped here, once, through
``participatie.selectors``: another gemeente's activity, story, klantreis or insight is a 404."""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Avg, CharField, Count, DateField, F, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models import Value as V
from django.db.models.functions import Cast, Coalesce, TruncDate
from django.utils import timezone

from panels.models import Meeting, Member, Orgaan
from participatie.constants import STAFF_ROLES, Role, TargetGroup
from participatie.models import Gemeente, Regio
from participatie.selectors import gemeente_list_for_user, scope_to_user, user_sees_everything
from participatie.small_cells import is_small, suppress_table, threshold_for
from surveys.constants import ResponseStatus, SurveyStatus
from surveys.models import Response, Survey

from .constants import ActivityKind, Direction, Method, RegisterSource
from .models import (
    Activity,
    Insight,
    Journey,
    JourneyInterview,
    JourneyQuote,
    JourneyRating,
    PopulationFigure,
    Story,
    StoryTag,
    Theme,
)

# "All residents" is not a doelgroep that can be missing; it still counts as reached where entered.
TRACKED_GROUPS = [value for value in TargetGroup.values if value != TargetGroup.GENERAL]


# Activities --------------------------------------------------------------------------------------


def _activity_scope_q(gemeenten) -> Q:
    regios = Regio.objects.filter(gemeenten__in=gemeenten).values("pk")
    return Q(gemeente__in=gemeenten) | Q(regio__in=regios)


def activity_list_for_user(*, user, roles=STAFF_ROLES) -> QuerySet[Activity]:
    """Activities of the user's gemeenten, and regional ones of a regio one of them belongs to."""
    queryset = Activity.objects.select_related("gemeente", "regio").prefetch_related("regio__gemeenten")
    if user_sees_everything(user):
        return queryset
    return queryset.filter(_activity_scope_q(gemeente_list_for_user(user=user, roles=roles)))


def activity_list_for_gemeente(*, gemeente_ids) -> QuerySet[Activity]:
    """Activities of these gemeenten, including regional ones of their regio's (not scoped: callers scope)."""
    return Activity.objects.filter(_activity_scope_q(gemeente_ids))


def activity_detail(*, user, pk) -> Activity:
    from django.shortcuts import get_object_or_404

    queryset = activity_list_for_user(user=user).select_related("traject_step__traject", "orgaan")
    return get_object_or_404(queryset, pk=pk)


def gemeente_list_for_activities(*, user, roles=STAFF_ROLES) -> QuerySet[Gemeente]:
    return gemeente_list_for_user(user=user, roles=roles).order_by("name")


def regio_list_for_editing(*, user) -> QuerySet[Regio]:
    """Regio's every gemeente of which the user is beleidsambtenaar in (for a regional activity)."""
    gemeenten = gemeente_list_for_user(user=user, roles=[Role.POLICY_OFFICER])
    regios = Regio.objects.annotate(
        total=Count("gemeenten", distinct=True),
        mine=Count("gemeenten", filter=Q(gemeenten__in=gemeenten), distinct=True),
    )
    return regios.filter(total=F("mine"), total__gt=0).order_by("name")


@dataclass(frozen=True)
class RegisterLine:
    """One line of the activity register: an activity, a survey or an orgaan's meeting, linked not copied."""

    source: str
    pk: int
    title: str
    day: datetime.date
    kind: str
    method: str
    place: str

    @property
    def kind_label(self):
        return ActivityKind(self.kind).label if self.kind in ActivityKind.values else self.kind

    @property
    def method_label(self):
        if self.source == RegisterSource.ACTIVITY and self.method in Method.values:
            return Method(self.method).label
        return RegisterSource(self.source).label

    @property
    def url(self) -> str:
        from django.urls import reverse

        if self.source == RegisterSource.SURVEY:
            return reverse("surveys:survey_detail", kwargs={"pk": self.pk})
        if self.source == RegisterSource.MEETING:
            return reverse("panels:meeting-detail", kwargs={"pk": self.pk})
        return reverse("activities:activity-detail", kwargs={"pk": self.pk})


REGISTER_COLUMNS = ("line_source", "pk", "title", "line_day", "line_kind", "line_method", "line_place")


def register_lines(*, user, gemeente=None, kind="", start=None, end=None) -> QuerySet:
    """Activities, surveys and orgaan meetings of the user's gemeenten as one list (a SQL union), newest first.

    Rows are tuples in ``REGISTER_COLUMNS`` order; wrap them in :class:`RegisterLine`.
    """
    gemeenten = gemeente_list_for_user(user=user, roles=STAFF_ROLES)
    if gemeente is not None:
        gemeenten = gemeenten.filter(pk=gemeente.pk)
    text = CharField()
    activities = Activity.objects.filter(_activity_scope_q(gemeenten)).annotate(
        line_source=V(RegisterSource.ACTIVITY, output_field=text),
        line_day=F("starts_on"),
        line_kind=F("kind"),
        line_method=F("method"),
        line_place=Coalesce("gemeente__name", "regio__name", output_field=text),
    )
    surveys = (
        Survey.objects.filter(gemeente__in=gemeenten)
        .exclude(status=SurveyStatus.CONCEPT)
        .annotate(
            line_source=V(RegisterSource.SURVEY, output_field=text),
            line_day=Cast(TruncDate(Coalesce("opened_at", "created_at")), DateField()),
            line_kind=F("method_kind"),
            line_method=V("", output_field=text),
            line_place=F("gemeente__name"),
        )
    )
    organen = Orgaan.objects.filter(gemeenten__in=gemeenten).values("pk")
    meetings = Meeting.objects.filter(orgaan__in=organen).annotate(
        line_source=V(RegisterSource.MEETING, output_field=text),
        line_day=Cast(TruncDate("starts_at"), DateField()),
        line_kind=V(ActivityKind.STRUCTURAL, output_field=text),
        line_method=V("", output_field=text),
        line_place=F("orgaan__name"),
    )
    parts = []
    for queryset in (activities, surveys, meetings):
        if kind:
            queryset = queryset.filter(line_kind=kind)
        if start:
            queryset = queryset.filter(line_day__gte=start)
        if end:
            queryset = queryset.filter(line_day__lte=end)
        parts.append(queryset.values_list(*REGISTER_COLUMNS).order_by())
    return parts[0].union(parts[1], parts[2], all=True).order_by("-line_day", "title")


def activity_list_for_export(*, user, gemeenten) -> QuerySet[Activity]:
    """Activities of the chosen gemeenten (and their regio's), for the export page."""
    scoped = activity_list_for_user(user=user).filter(_activity_scope_q(gemeenten))
    return scoped.select_related("traject_step", "orgaan").order_by("-starts_on", "pk")


# Reach -------------------------------------------------------------------------------------------


@dataclass
class ReachLine:
    """One doelgroep in the reach overview (bereik): where and how often it took part, and its representation."""

    target_group: str
    occasions: int = 0
    kinds: set = field(default_factory=set)
    planned: int = 0
    via_activities: int = 0
    respondents: int = 0
    members: int = 0
    population: int | None = None
    hidden: tuple = (False, False, False)
    total_hidden: bool = False
    share_participants: float | None = None
    share_population: float | None = None
    rate: float | None = None

    @property
    def label(self):
        return TargetGroup(self.target_group).label

    @property
    def total(self) -> int:
        return self.via_activities + self.respondents + self.members

    @property
    def shown(self) -> list[int | None]:
        values = (self.via_activities, self.respondents, self.members)
        return [None if hide else value for value, hide in zip(values, self.hidden, strict=True)]

    @property
    def shown_total(self) -> int | None:
        return None if self.total_hidden else self.total

    @property
    def kind_labels(self) -> list:
        return [ActivityKind(kind).label for kind in ActivityKind.values if kind in self.kinds]

    @property
    def is_reached(self) -> bool:
        return self.total > 0

    @property
    def under_represented(self) -> bool:
        return (
            self.share_participants is not None
            and self.share_population is not None
            and self.share_participants < self.share_population
        )


@dataclass
class SurveyLine:
    """Complete survey responses of one respondent group (or of the whole survey) in the period."""

    survey_id: int
    title: str
    group: str
    target_group: str
    respondents: int
    hidden: bool = False

    @property
    def shown(self):
        return None if self.hidden else self.respondents

    @property
    def target_group_label(self):
        return TargetGroup(self.target_group).label if self.target_group in TargetGroup.values else ""


@dataclass
class ReachOverview:
    """The reach overview (bereiksoverzicht) of one gemeente over a period."""

    gemeente: Gemeente
    start: datetime.date
    end: datetime.date
    threshold: int
    lines: list[ReachLine]
    activity_count: int = 0
    activity_counts_by_kind: dict = field(default_factory=dict)
    survey_lines: list[SurveyLine] = field(default_factory=list)
    organen: int = 0
    score: float | None = None
    score_reason: str = ""

    @property
    def not_reached(self) -> list[ReachLine]:
        return [line for line in self.lines if line.target_group != TargetGroup.GENERAL and not line.is_reached]

    @property
    def planned_not_reached(self) -> list[ReachLine]:
        return [line for line in self.not_reached if line.planned]

    @property
    def reached(self) -> list[ReachLine]:
        return [line for line in self.lines if line.is_reached]

    @property
    def has_population(self) -> bool:
        return any(line.population for line in self.lines)

    @property
    def lowest(self) -> ReachLine | None:
        rated = [line for line in self.lines if line.rate is not None]
        return min(rated, key=lambda line: line.rate) if rated and self.score is not None else None

    @property
    def highest(self) -> ReachLine | None:
        rated = [line for line in self.lines if line.rate is not None]
        return max(rated, key=lambda line: line.rate) if rated and self.score is not None else None

    @property
    def score_percent(self) -> int | None:
        return None if self.score is None else round(self.score * 100)


def default_period(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """The calendar year so far."""
    today = today or timezone.localdate()
    return datetime.date(today.year, 1, 1), datetime.date(today.year, 12, 31)


def _day_bounds(start: datetime.date, end: datetime.date):
    tz = timezone.get_current_timezone()
    begin = timezone.make_aware(datetime.datetime.combine(start, datetime.time.min), tz)
    after = timezone.make_aware(datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min), tz)
    return begin, after


def _respondent_rows(*, gemeente_ids, start, end):
    """(gemeente id, survey id, title, method kind, group name, doelgroep, n) of complete responses in the period.

    A response of a respondent group with a doelgroep counts for that doelgroep; others for the survey's own
    target group. Counted in the responses table alone (grouped per survey and respondent group, no join), then
    the few surveys and groups are read by id: two or three queries however many responses there are.
    """
    begin, after = _day_bounds(start, end)
    surveys = Survey.objects.filter(gemeente_id__in=gemeente_ids).values("pk")
    responses = Response.objects.filter(
        survey_id__in=surveys, status=ResponseStatus.COMPLETE, completed_at__gte=begin, completed_at__lt=after
    ).filter(**pilot_filter())
    grouped = respondent_group_is_relation()
    keys = ("survey_id", "respondent_group_id") if grouped else ("survey_id",)
    counts = list(responses.values(*keys).annotate(n=Count("pk")).values_list(*keys, "n").order_by())
    if not counts:
        return []
    survey_info = {
        pk: (gemeente_id, title, method_kind, target)
        for pk, gemeente_id, title, method_kind, target in Survey.objects.filter(
            pk__in={row[0] for row in counts}
        ).values_list("pk", "gemeente_id", "title", "method_kind", "target_group")
    }
    groups = respondent_groups_by_id(ids={row[1] for row in counts if grouped and row[1]}) if grouped else {}
    rows = []
    for row in counts:
        survey_id, n = row[0], row[-1]
        gemeente_id, title, method_kind, target = survey_info[survey_id]
        name, doelgroep = groups.get(row[1], ("", None)) if grouped and row[1] else ("", None)
        rows.append((gemeente_id, survey_id, title, method_kind, name, doelgroep or target, n))
    return sorted(rows, key=lambda r: (r[2], r[1], r[4]))


def respondent_group_is_relation() -> bool:
    """True once surveys has respondent groups (a foreign key on Response)."""
    return Response._meta.get_field("respondent_group").is_relation


def respondent_groups_by_id(*, ids) -> dict:
    """Respondent group id -> (name, doelgroep or None), in one query."""
    if not ids:
        return {}
    RespondentGroup = Response._meta.get_field("respondent_group").related_model
    rows = RespondentGroup.objects.filter(pk__in=ids).values_list("pk", "name", "doelgroep_link__target_group")
    return {pk: (name, target) for pk, name, target in rows}


def pilot_filter() -> dict:
    from django.core.exceptions import FieldDoesNotExist

    try:
        Response._meta.get_field("is_pilot")
    except FieldDoesNotExist:
        return {}
    return {"is_pilot": False}


def reach_overviews(*, gemeenten, start: datetime.date, end: datetime.date) -> dict[int, ReachOverview]:
    """The reach overview of each of ``gemeenten`` over [start, end], in a fixed number of queries.

    Brings together the activities' reach counts (the gemeente's own and its regio's), complete survey responses
    per respondent group, and the current members of the councils and panels serving the gemeente.
    """
    gemeenten = list(gemeenten)
    ids = [g.pk for g in gemeenten]
    # Regio's of these gemeenten: a regional activity counts for each of its gemeenten.
    regio_to_gemeenten = defaultdict(list)
    for regio_id, gemeente_id in Regio.gemeenten.through.objects.filter(gemeente_id__in=ids).values_list(
        "regio_id", "gemeente_id"
    ):
        regio_to_gemeenten[regio_id].append(gemeente_id)

    in_period = Q(starts_on__lte=end) & (Q(ends_on__gte=start) | Q(ends_on__isnull=True, starts_on__gte=start))
    activities = Activity.objects.filter(in_period).filter(
        Q(gemeente_id__in=ids) | Q(regio_id__in=list(regio_to_gemeenten))
    )

    def owners(gemeente_id, regio_id):
        return [gemeente_id] if gemeente_id else regio_to_gemeenten.get(regio_id, [])

    lines = {gid: {value: ReachLine(target_group=value) for value in TargetGroup.values} for gid in ids}
    counts_by_kind = {gid: Counter() for gid in ids}
    for gemeente_id, regio_id, kind, n in (
        activities.values("gemeente_id", "regio_id", "kind")
        .annotate(n=Count("pk"))
        .values_list("gemeente_id", "regio_id", "kind", "n")
    ):
        for gid in owners(gemeente_id, regio_id):
            counts_by_kind[gid][kind] += n

    reach_rows = (
        activities.filter(reach__isnull=False)
        .values("gemeente_id", "regio_id", "kind", "reach__target_group")
        .annotate(
            planned=Coalesce(Sum("reach__planned"), 0),
            reached=Coalesce(Sum("reach__reached"), 0),
            occasions=Count("pk", filter=Q(reach__reached__gt=0)),
        )
        .values_list("gemeente_id", "regio_id", "kind", "reach__target_group", "planned", "reached", "occasions")
    )
    for gemeente_id, regio_id, kind, group, planned, reached, occasions in reach_rows:
        for gid in owners(gemeente_id, regio_id):
            line = lines[gid].get(group)
            if line is None:
                continue
            line.planned += planned
            line.via_activities += reached
            line.occasions += occasions
            if reached:
                line.kinds.add(kind)

    survey_lines = defaultdict(list)
    for gid, survey_id, title, method_kind, group, target, n in _respondent_rows(
        gemeente_ids=ids, start=start, end=end
    ):
        survey_lines[gid].append(SurveyLine(survey_id, title, group, target, n))
        line = lines[gid].get(target)
        if line is not None:
            line.respondents += n
            line.occasions += 1
            line.kinds.add(method_kind)

    on = min(end, timezone.localdate())
    served = Orgaan.gemeenten.through.objects.filter(gemeente_id__in=ids).filter(
        Q(orgaan__dissolved_on__isnull=True) | Q(orgaan__dissolved_on__gt=on)
    )
    orgaan_gemeenten = defaultdict(list)
    for orgaan_id, gemeente_id in served.values_list("orgaan_id", "gemeente_id"):
        orgaan_gemeenten[orgaan_id].append(gemeente_id)
    members = Member.objects.filter(orgaan_id__in=list(orgaan_gemeenten), term_start__lte=on).exclude(term_end__lt=on)
    seen_orgaan_groups = set()
    for orgaan_id, groups in members.values_list("orgaan_id", "target_groups"):
        for group in set(groups or []):
            for gid in orgaan_gemeenten[orgaan_id]:
                line = lines[gid].get(group)
                if line is None:
                    continue
                line.members += 1
                line.kinds.add(ActivityKind.STRUCTURAL)
                if (gid, orgaan_id, group) not in seen_orgaan_groups:
                    seen_orgaan_groups.add((gid, orgaan_id, group))
                    line.occasions += 1

    population = defaultdict(dict)
    for gemeente_id, group, count in PopulationFigure.objects.filter(gemeente_id__in=ids).values_list(
        "gemeente_id", "target_group", "count"
    ):
        population[gemeente_id][group] = count

    overviews = {}
    for gemeente in gemeenten:
        gid = gemeente.pk
        threshold = threshold_for(gemeente)
        ordered = [lines[gid][value] for value in TargetGroup.values]
        for line in ordered:
            line.population = population[gid].get(line.target_group)
        _apply_small_cells(ordered, threshold)
        score, reason = _representation(ordered, threshold)
        surveys = survey_lines[gid]
        _suppress_survey_lines(surveys, threshold)
        overviews[gid] = ReachOverview(
            gemeente=gemeente,
            start=start,
            end=end,
            threshold=threshold,
            lines=ordered,
            activity_count=sum(counts_by_kind[gid].values()),
            activity_counts_by_kind={ActivityKind(k).label: counts_by_kind[gid][k] for k in ActivityKind.values},
            survey_lines=surveys,
            organen=len({o for o, gids in orgaan_gemeenten.items() if gid in gids}),
            score=score,
            score_reason=reason,
        )
    return overviews


def reach_overview(*, gemeente, start, end) -> ReachOverview:
    """The reach overview of one gemeente over a period."""
    return reach_overviews(gemeenten=[gemeente], start=start, end=end)[gemeente.pk]


def _apply_small_cells(lines: list[ReachLine], threshold: int) -> None:
    """Hide counts of fewer people than the threshold; a row's total is shown, so a lone hidden cell takes a
    second one with it (participatie.small_cells)."""
    rows = [[line.via_activities, line.respondents, line.members] for line in lines]
    hidden = suppress_table(rows, threshold=threshold, row_totals_shown=True, column_totals_shown=False)
    for line, row_hidden in zip(lines, hidden, strict=True):
        line.hidden = tuple(row_hidden)
        line.total_hidden = is_small(line.total, threshold=threshold)


def _suppress_survey_lines(survey_lines: list[SurveyLine], threshold: int) -> None:
    """Per survey, respondent groups under the threshold are hidden (and a second one where only one is)."""
    from participatie.small_cells import suppress_line

    by_survey = defaultdict(list)
    for line in survey_lines:
        by_survey[line.survey_id].append(line)
    for group in by_survey.values():
        for line, hide in zip(group, suppress_line([g.respondents for g in group], threshold=threshold), strict=True):
            line.hidden = hide


def _representation(lines: list[ReachLine], threshold: int) -> tuple[float | None, str]:
    """Shares among participants and in the population for groups with a population figure, each group's
    participation rate, and the representation score: the lowest rate divided by the highest."""
    counted = [line for line in lines if line.population]
    if not counted:
        return None, "no-population"
    if any(is_small(line.total, threshold=threshold) for line in counted):
        return None, "small-cells"
    participants = sum(line.total for line in counted)
    population = sum(line.population for line in counted)
    for line in counted:
        line.share_population = line.population / population
        line.share_participants = line.total / participants if participants else 0.0
        line.rate = line.total / line.population
    if len(counted) < 2:
        return None, "one-group"
    highest = max(line.rate for line in counted)
    if highest == 0:
        return None, "nobody"
    return min(line.rate for line in counted) / highest, ""


# Klantreis ---------------------------------------------------------------------------------------


def journey_list_for_user(*, user, roles=STAFF_ROLES) -> QuerySet[Journey]:
    """Klantreizen of the user's gemeenten."""
    return scope_to_user(Journey.objects.select_related("gemeente", "activity"), user=user, roles=roles)


@dataclass
class JourneyCell:
    n: int
    not_applicable: int
    mean: float | None
    hidden: bool

    @property
    def shown_mean(self):
        return None if self.hidden or self.mean is None else round(self.mean, 1)

    @property
    def heat_class(self) -> str:
        """A CSS class from low (1) to high (5); the number in the cell says the same."""
        mean = self.shown_mean
        if mean is None:
            return "heat-none"
        return f"heat-{min(5, max(1, round(mean)))}"


@dataclass
class JourneyMap:
    """The journey map (klantreiskaart): phases x aspects with n and mean per cell, and quotes per phase."""

    journey: Journey
    phases: list
    aspects: list
    cells: dict  # (phase id, aspect id) -> JourneyCell
    quotes: dict  # phase id -> list of (quote, mean of that interview's ratings of the phase)
    interviews: int
    threshold: int

    @property
    def rows(self):
        return [(phase, [self.cells[(phase.pk, aspect.pk)] for aspect in self.aspects]) for phase in self.phases]

    @property
    def quote_sections(self):
        return [(phase, self.quotes.get(phase.pk, [])) for phase in self.phases]


def journey_map(*, journey: Journey) -> JourneyMap:
    """Figures of a klantreis in five queries, however many interviews it has.

    A cell's mean is hidden where fewer interviews than the gemeente's small-cell threshold rated it.
    Quotes per phase come with that interview's own mean for the phase, low points first.
    """
    threshold = threshold_for(journey.gemeente)
    phases = list(journey.phases.all())
    aspects = list(journey.aspects.all())
    stats = {
        (row["phase_id"], row["aspect_id"]): row
        for row in JourneyRating.objects.filter(interview__journey=journey)
        .values("phase_id", "aspect_id")
        .annotate(
            n=Count("pk", filter=Q(score__isnull=False)),
            nvt=Count("pk", filter=Q(score__isnull=True)),
            mean=Avg("score"),
        )
    }
    cells = {}
    for phase in phases:
        for aspect in aspects:
            row = stats.get((phase.pk, aspect.pk), {"n": 0, "nvt": 0, "mean": None})
            cells[(phase.pk, aspect.pk)] = JourneyCell(
                n=row["n"], not_applicable=row["nvt"], mean=row["mean"], hidden=is_small(row["n"], threshold=threshold)
            )
    interview_mean = (
        JourneyRating.objects.filter(interview=OuterRef("interview"), phase=OuterRef("phase"), score__isnull=False)
        .values("interview")
        .annotate(mean=Avg("score"))
        .values("mean")
    )
    quotes = defaultdict(list)
    rows = (
        JourneyQuote.objects.filter(interview__journey=journey)
        .exclude(text="")
        .annotate(mean=Subquery(interview_mean))
        .select_related("interview")
        .order_by(F("mean").asc(nulls_last=True), "pk")
    )
    for quote in rows:
        quotes[quote.phase_id].append(quote)
    return JourneyMap(
        journey=journey,
        phases=phases,
        aspects=aspects,
        cells=cells,
        quotes=dict(quotes),
        interviews=JourneyInterview.objects.filter(journey=journey).count(),
        threshold=threshold,
    )


# Stories, themes, insights -----------------------------------------------------------------------


def story_list_for_user(*, user) -> QuerySet[Story]:
    """Stories of the activities the user may see."""
    return Story.objects.filter(activity__in=activity_list_for_user(user=user).values("pk")).select_related(
        "activity", "activity__gemeente", "activity__regio"
    )


def survey_list_for_linking(*, user) -> QuerySet[Survey]:
    """Surveys whose respondent groups the user may see linked to doelgroepen (staff of the survey's gemeente;
    the view asks the officer role to change the links)."""
    return scope_to_user(Survey.objects.select_related("gemeente"), user=user, roles=STAFF_ROLES)


def theme_list_for_user(*, user, roles=STAFF_ROLES) -> QuerySet[Theme]:
    return scope_to_user(Theme.objects.select_related("gemeente"), user=user, roles=roles)


def theme_list_for_story(*, story: Story) -> QuerySet[Theme]:
    """The code list a story may be tagged from: its gemeente's (for a regional activity, its gemeenten's)."""
    from .permissions import activity_gemeente_ids

    return Theme.objects.filter(gemeente_id__in=activity_gemeente_ids(story.activity)).order_by("kind", "name")


def theme_usage(*, theme: Theme) -> list[tuple[str, int]]:
    """Where a theme is used: (activity title, number of tags) per activity, before it is deleted."""
    return list(
        StoryTag.objects.filter(theme=theme)
        .values("story__activity__title")
        .annotate(n=Count("pk"))
        .values_list("story__activity__title", "n")
        .order_by("story__activity__title")
    )


@dataclass
class ThemeLine:
    theme: Theme
    counts: dict  # direction -> number of stories
    stories: int
    passages: list


def theme_overview(*, gemeente, activity=None, passages_per_theme: int = 5) -> list[ThemeLine]:
    """Stories per theme and direction, with tagged passages beside them, in three queries."""
    themes = list(Theme.objects.filter(gemeente=gemeente).order_by("kind", "name"))
    tags = StoryTag.objects.filter(theme_id__in=[theme.pk for theme in themes]).order_by()
    if activity is not None:
        tags = tags.filter(story__activity=activity)
    counts = defaultdict(dict)
    totals = {}
    for theme_id, direction, n in (
        tags.values("theme_id", "direction")
        .annotate(n=Count("story", distinct=True))
        .values_list("theme_id", "direction", "n")
    ):
        counts[theme_id][direction] = n
    for theme_id, n in (
        tags.values("theme_id").annotate(n=Count("story_id", distinct=True)).values_list("theme_id", "n")
    ):
        totals[theme_id] = n
    passages = defaultdict(list)
    # The latest passages per theme; a window would be one query too, but this stays small: limit per theme below.
    for tag in tags.exclude(passage="").select_related("story").order_by("theme_id", "-pk")[:2000]:
        if len(passages[tag.theme_id]) < passages_per_theme:
            passages[tag.theme_id].append(tag)
    return [
        ThemeLine(
            theme=theme,
            counts={d: counts[theme.pk].get(d, 0) for d in Direction.values},
            stories=totals.get(theme.pk, 0),
            passages=passages.get(theme.pk, []),
        )
        for theme in themes
    ]


def insight_list_for_user(*, user) -> QuerySet[Insight]:
    return scope_to_user(
        Insight.objects.select_related("gemeente", "roadmap_action", "adviesaanvraag"), user=user, roles=STAFF_ROLES
    )


def story_list_for_gemeenten(*, gemeenten) -> QuerySet[Story]:
    """Stories of these gemeenten's activities (and their regio's), e.g. for an insight to point to."""
    return (
        Story.objects.filter(activity__in=activity_list_for_gemeente(gemeente_ids=gemeenten).values("pk"))
        .select_related("activity")
        .order_by("activity__title", "title")
    )


def story_list_for_insight(*, gemeente) -> QuerySet[Story]:
    """Stories an insight of this gemeente may point to."""
    return story_list_for_gemeenten(gemeenten=[gemeente.pk])


def step_list_for_gemeente(*, gemeente):
    """Steps of the gemeente's trajecten (for linking an activity or turning an insight into an action)."""
    from roadmap.models import Step

    return (
        Step.objects.filter(traject__gemeente=gemeente).select_related("traject").order_by("traject__title", "number")
    )


def orgaan_list_for_gemeente(*, gemeente, on=None):
    """Active organen serving a gemeente."""
    on = on or timezone.localdate()
    return (
        Orgaan.objects.filter(pk__in=Orgaan.objects.filter(gemeenten=gemeente).values("pk"))
        .filter(Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=on))
        .order_by("name")
    )


def activity_count_for_user(*, user) -> int:
    return activity_list_for_user(user=user).count()
