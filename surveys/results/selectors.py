"""Reads of the survey results (uitkomsten): the figures of a survey as plain data.

Everything is computed with GROUP BY aggregates over ``Answer`` (never a loop over responses), so the
number of queries depends on the survey's structure, not on its number of responses. The dataclasses
here are rendered by the results page and written by the results-tables export alike.

Counted responses: complete, not pilot, not left out while cleaning (``response_list_for_results``).
Small cells (``participatie.small_cells``): figures about fewer people than the gemeente's threshold are
hidden in filtered views, breakdowns and the published summary; on the unfiltered page of all responses
the staff see every figure.
"""

import datetime
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection
from django.db.models import Aggregate, Avg, Count, Exists, F, FloatField, Max, Min, OuterRef, Q, QuerySet
from django.db.models.functions import TruncDate

from participatie.constants import STAFF_ROLES
from participatie.selectors import scope_to_user
from participatie.small_cells import masked, suppress_line, suppress_table, threshold_for

from ..constants import LogicOperator, QuestionType, ResponseStatus
from ..logic import SurveyStructure
from ..models import Answer, Option, Question, RespondentGroup, Response, ResultSummary, Survey
from .counts import AnswerCounts, answer_counts_group, answer_counts_read

# Question types whose answers point to options, shown as counts per option.
OPTION_LINE_TYPES = frozenset(
    {QuestionType.SINGLE_CHOICE, QuestionType.YES_NO, QuestionType.MULTIPLE_CHOICE, QuestionType.SCALE}
)
# Question types with one option per answer and one answer per response.
SINGLE_TYPES = frozenset({QuestionType.SINGLE_CHOICE, QuestionType.YES_NO, QuestionType.SCALE})
SCORED_TYPES = frozenset({QuestionType.SCALE, QuestionType.MATRIX})
TEXT_TYPES = frozenset({QuestionType.SHORT_TEXT, QuestionType.LONG_TEXT})
VALUE_TYPES = TEXT_TYPES | {QuestionType.NUMBER, QuestionType.DATE}
# A breakdown column key for responses without a respondent group.
NO_GROUP = "none"


# Filters ----------------------------------------------------------------------------------------------


@dataclass
class ResultFilters:
    """The filters and breakdown of the results page, already checked against the survey."""

    group: RespondentGroup | None = None
    channel: str = ""
    assisted_by: str = ""
    completed_from: datetime.date | None = None
    completed_until: datetime.date | None = None
    answer_question: Question | None = None
    answer_options: list[Option] = field(default_factory=list)
    breakdown_by_group: bool = False
    breakdown_question: Question | None = None

    @property
    def narrows(self) -> bool:
        """True when the filters leave out some responses (so small cells are protected)."""
        return bool(
            self.group
            or self.channel
            or self.assisted_by
            or self.completed_from
            or self.completed_until
            or self.answer_options
        )

    @property
    def has_breakdown(self) -> bool:
        return self.breakdown_by_group or self.breakdown_question is not None


def response_list_for_results(*, survey: Survey, filters: ResultFilters | None = None) -> QuerySet[Response]:
    """The responses counted in a survey's results and exports: complete, not pilot, not left out, filtered."""
    queryset = Response.objects.filter(survey=survey, status=ResponseStatus.COMPLETE, is_pilot=False, exclusion_kind="")
    if filters is None:
        return queryset
    if filters.group is not None:
        queryset = queryset.filter(respondent_group=filters.group)
    if filters.channel:
        queryset = queryset.filter(channel=filters.channel)
    if filters.assisted_by:
        queryset = queryset.filter(assisted_by=filters.assisted_by)
    if filters.completed_from:
        queryset = queryset.filter(completed_at__date__gte=filters.completed_from)
    if filters.completed_until:
        queryset = queryset.filter(completed_at__date__lte=filters.completed_until)
    if filters.answer_options:
        queryset = queryset.filter(
            Exists(
                Answer.objects.filter(
                    response_id=OuterRef("pk"), option_id__in=[option.pk for option in filters.answer_options]
                )
            )
        )
    return queryset


def survey_get_for_results(*, user, pk: int, roles=STAFF_ROLES) -> Survey:
    """A survey of a gemeente where the user holds one of ``roles`` (by default: officer or coordinator, who
    read its results); DoesNotExist otherwise."""
    queryset = Survey.objects.select_related("gemeente", "previous_round")
    return scope_to_user(queryset, user=user, roles=roles).get(pk=pk)


# Figures ----------------------------------------------------------------------------------------------


@dataclass
class OptionFigure:
    """One answer option of a question or matrix statement: its count and share."""

    code: str
    label: str
    count: int | None  # None: hidden (small cell)
    percent: float | None  # of valid n (single choice, scale) or of respondents (multiple choice)
    is_off_scale: bool = False
    score: int | None = None
    previous_percent: float | None = None  # the previous round, when compared

    @property
    def difference(self) -> float | None:
        """The change since the previous round, in percentage points."""
        if self.percent is None or self.previous_percent is None:
            return None
        return round(self.percent - self.previous_percent, 1)


@dataclass
class LineFigures:
    """The distribution of one scale or choice question, or of one matrix statement."""

    code: str
    text: str
    options: list[OptionFigure]
    answered: int  # respondents with an answer here, off-scale included
    valid_n: int  # answered minus off-scale (the base of the percentages); respondents for multiple choice
    off_scale_n: int = 0
    top_two_percent: float | None = None
    mean: float | None = None
    hidden: bool = False  # the whole line is about too few people
    previous_top_two: float | None = None
    previous_mean: float | None = None
    previous_valid_n: int | None = None
    in_previous_round: bool = False
    breakdown: "Breakdown | None" = None  # a matrix statement broken down by group or by another question

    @property
    def top_two_difference(self) -> float | None:
        if self.top_two_percent is None or self.previous_top_two is None:
            return None
        return round(self.top_two_percent - self.previous_top_two, 1)

    @property
    def mean_difference(self) -> float | None:
        if self.mean is None or self.previous_mean is None:
            return None
        return round(self.mean - self.previous_mean, 2)


@dataclass
class NumberFigures:
    n: int
    minimum: Decimal | None
    median: float | None
    mean: float | None
    maximum: Decimal | None


@dataclass
class DateFigures:
    n: int
    earliest: datetime.date | None
    latest: datetime.date | None


@dataclass
class BreakdownColumn:
    key: str
    label: str
    n: int | None  # None: the column is about too few people


@dataclass
class BreakdownRow:
    code: str
    label: str
    counts: list[int | None]
    percents: list[float | None]
    is_off_scale: bool = False


@dataclass
class Breakdown:
    """A cross-table of one question's options by respondent group or by another question (column %)."""

    by_label: str
    columns: list[BreakdownColumn]
    rows: list[BreakdownRow]


@dataclass
class QuestionResult:
    """The figures of one question, with both kinds of missing kept apart."""

    question_id: int
    code: str
    text: str
    question_type: str
    type_label: str
    asked: int  # respondents to whom the route showed the question
    not_asked: int  # skipped by the route
    answered: int
    no_answer: int  # shown but left open
    line: LineFigures | None = None  # single/multiple choice, yes/no, scale
    statements: list[LineFigures] = field(default_factory=list)  # matrix
    number: NumberFigures | None = None
    date: DateFigures | None = None
    text_count: int = 0
    hidden: bool = False  # too few answers to show any figure
    breakdown: Breakdown | None = None
    only_in_this_round: bool = False  # a previous round is compared and has no question with this code
    has_off_scale: bool = False
    has_other: bool = False  # an "other, namely" option, whose texts are read on the open-text page

    @property
    def is_multiple(self) -> bool:
        return self.question_type == QuestionType.MULTIPLE_CHOICE

    @property
    def is_matrix(self) -> bool:
        return self.question_type == QuestionType.MATRIX

    @property
    def is_text(self) -> bool:
        return self.question_type in TEXT_TYPES

    @property
    def is_scored(self) -> bool:
        return self.question_type in SCORED_TYPES


@dataclass
class DayCount:
    day: datetime.date
    n: int


@dataclass
class PreviousRoundQuestion:
    """A question of the previous round that this round does not ask (matched on variable code)."""

    code: str
    text: str


@dataclass
class SurveyResults:
    """The results of one survey: header figures and per-question figures."""

    survey_id: int
    title: str
    threshold: int
    complete_n: int  # all counted responses, before filters
    started_not_sent: int
    n: int  # counted responses after filters
    fieldwork_start: datetime.datetime | None
    fieldwork_end: datetime.datetime | None
    per_day: list[DayCount]
    questions: list[QuestionResult]
    filtered: bool = False
    all_hidden: bool = False  # the filters narrow the page below the threshold: no figures at all
    previous_round_title: str = ""
    previous_round_n: int | None = None
    only_in_previous_round: list[PreviousRoundQuestion] = field(default_factory=list)


class Median(Aggregate):
    """PostgreSQL's median (percentile_cont 0.5) as an aggregate."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _rule_condition(rule) -> Q:
    """The SQL condition on a response under which one skip-logic rule holds (as ``logic.rule_holds``)."""
    chosen = Exists(
        Answer.objects.filter(
            response_id=OuterRef("pk"), question_id=rule.source_question_id, option_id__in=list(rule.option_ids)
        )
    )
    return Q(chosen) if rule.operator == LogicOperator.IS_ONE_OF else ~Q(chosen)


def _asked_counts(structure: SurveyStructure, responses: QuerySet[Response], total: int) -> dict[int, int]:
    """Per question id: how many counted responses the route showed it to (one query for all routed questions).

    Answers of questions a route hid are removed when a page is saved, so a rule is checked on the stored answers.
    """
    conditions = {}
    for section in structure.sections:
        section_rules = structure.rules_by_section.get(section.pk, [])
        for question in structure.questions_of(section):
            rules = [*section_rules, *question.rule_list]
            if rules:
                condition = Q()
                for rule in rules:
                    condition &= _rule_condition(rule)
                conditions[question.pk] = condition
    asked = dict.fromkeys(structure.questions_by_id, total)
    if conditions and total:
        counts = responses.aggregate(
            **{f"q{question_id}": Count("pk", filter=condition) for question_id, condition in conditions.items()}
        )
        asked.update({question_id: counts[f"q{question_id}"] for question_id in conditions})
    elif conditions:
        asked.update(dict.fromkeys(conditions, 0))
    return asked


def _asked_from_counts(structure: SurveyStructure, counts: AnswerCounts, total: int) -> dict[int, int] | None:
    """How many responses each question was shown to, from the answer counts: where every routed question has
    one rule on a question with one answer per response, the count of its chosen options. None otherwise."""
    asked = dict.fromkeys(structure.questions_by_id, total)
    for section in structure.sections:
        section_rules = structure.rules_by_section.get(section.pk, [])
        for question in structure.questions_of(section):
            rules = [*section_rules, *question.rule_list]
            if not rules:
                continue
            source = structure.questions_by_id.get(rules[0].source_question_id)
            if len(rules) > 1 or source is None or source.question_type not in SINGLE_TYPES:
                return None
            options = counts.options.get((source.pk, None), {})
            chosen = sum(options.get(option_id, 0) for option_id in rules[0].option_ids)
            asked[question.pk] = chosen if rules[0].operator == LogicOperator.IS_ONE_OF else total - chosen
    return asked


def _scale_points(options: list[Option]) -> list[Option]:
    """The scored on-scale options, best score last."""
    return sorted((o for o in options if not o.is_off_scale and o.score is not None), key=lambda o: o.score)


def _line(
    *,
    code: str,
    text: str,
    options: list[Option],
    counts: dict[int, int],
    respondents: int | None,
    scored: bool,
    protect: bool,
    threshold: int,
) -> LineFigures:
    """The figures of one line: counts per option, % over valid n, top two and mean of scores.

    ``respondents`` is given for multiple choice (the % base is the respondents, not the answers).
    """
    raw = [counts.get(option.pk, 0) for option in options]
    off_scale_n = sum(n for n, option in zip(raw, options, strict=True) if option.is_off_scale)
    answered = respondents if respondents is not None else sum(raw)
    valid_n = answered - off_scale_n if respondents is None else respondents
    hidden_cells = [False] * len(raw)
    line_hidden = False
    if protect:
        if 0 < answered < threshold:
            line_hidden = True
        else:
            on_scale = [i for i, option in enumerate(options) if not option.is_off_scale]
            hidden_on_scale = suppress_line(
                [raw[i] for i in on_scale], threshold=threshold, total_shown=respondents is None
            )
            for i, hide in zip(on_scale, hidden_on_scale, strict=True):
                hidden_cells[i] = hide
            off = [i for i, option in enumerate(options) if option.is_off_scale]
            off_hidden = suppress_line([raw[i] for i in off], threshold=threshold, total_shown=False)
            for i, hide in zip(off, off_hidden, strict=True):
                hidden_cells[i] = hide
    shown = masked(raw, [h or line_hidden for h in hidden_cells])
    figures = [
        OptionFigure(
            code=option.code,
            label=option.label,
            count=count,
            percent=None if count is None or option.is_off_scale else _percent(count, valid_n),
            is_off_scale=option.is_off_scale,
            score=option.score,
        )
        for option, count in zip(options, shown, strict=True)
    ]
    line = LineFigures(
        code=code, text=text, options=figures, answered=answered, valid_n=valid_n, off_scale_n=off_scale_n
    )
    line.hidden = line_hidden
    if scored and valid_n and not line_hidden:
        points = _scale_points(options)
        if points:
            top_two = {option.pk for option in points[-2:]}
            line.top_two_percent = _percent(sum(counts.get(pk, 0) for pk in top_two), valid_n)
            scored_n = sum(counts.get(option.pk, 0) for option in points)
            if scored_n:
                line.mean = round(sum(counts.get(o.pk, 0) * o.score for o in points) / scored_n, 2)
    return line


def _number_medians(responses: QuerySet[Response], question_ids: list[int]) -> dict[int, float | None]:
    """The median per number question: one aggregate on PostgreSQL, elsewhere two ordered reads per question."""
    if not question_ids:
        return {}
    answers = Answer.objects.filter(response__in=responses, question_id__in=question_ids, number_value__isnull=False)
    if connection.vendor == "postgresql":
        rows = answers.values("question_id").annotate(median=Median("number_value")).order_by()
        return {row["question_id"]: row["median"] for row in rows}
    medians = {}
    for question_id in question_ids:
        values = answers.filter(question_id=question_id).order_by("number_value").values_list("number_value", flat=True)
        n = values.count()
        if not n:
            medians[question_id] = None
            continue
        middle = list(values[(n - 1) // 2 : n // 2 + 1])
        medians[question_id] = float(sum(middle) / len(middle))
    return medians


def _column_labels(survey: Survey, filters: ResultFilters, structure: SurveyStructure) -> tuple[str, list[tuple]]:
    """The breakdown's title and its columns as (key, label)."""
    from django.utils.translation import gettext as _

    if filters.breakdown_by_group:
        groups = [(str(group.pk), group.name) for group in RespondentGroup.objects.filter(survey=survey)]
        return str(_("Respondent group")), [*groups, (NO_GROUP, str(_("No group")))]
    question = structure.questions_by_id[filters.breakdown_question.pk]
    return f"{question.code}: {question.text}", [(str(o.pk), o.label) for o in question.option_list]


def _cross_table(
    *,
    by_label: str,
    columns: list[tuple],
    options: list[Option],
    cell: Callable[[int, str], int],
    column_n: list[int],
    threshold: int,
    column_totals_shown: bool,
) -> Breakdown:
    """One cross-table: the on-scale options as rows, the breakdown's columns, column % with small-cell rules."""
    valid = [o for o in options if not o.is_off_scale]
    keep = [i for i, n in enumerate(column_n) if n or columns[i][0] != NO_GROUP]
    # A column about too few people shows nothing, and where one column hides, a second goes too.
    hidden_columns = suppress_line([column_n[i] for i in keep], threshold=threshold)
    table = [[cell(o.pk, columns[i][0]) for i in keep] for o in valid]
    # Cells of the shown columns: a small one hides, and a second one in its row or column where needed.
    # Hidden columns hide all their cells already (at least two columns hide together).
    shown = [c for c, hide in enumerate(hidden_columns) if not hide]
    sub_hidden = suppress_table(
        [[row[c] for c in shown] for row in table], threshold=threshold, column_totals_shown=column_totals_shown
    )
    hidden_cells = [[True] * len(keep) for _row in table]
    for r, row_hidden in enumerate(sub_hidden):
        for position, c in enumerate(shown):
            hidden_cells[r][c] = row_hidden[position]
    rows = []
    for r, option in enumerate(valid):
        counts, percents = [], []
        for c, i in enumerate(keep):
            count = None if hidden_cells[r][c] else table[r][c]
            counts.append(count)
            percents.append(None if count is None else _percent(count, column_n[i]))
        rows.append(BreakdownRow(code=option.code, label=option.label, counts=counts, percents=percents))
    return Breakdown(
        by_label=by_label,
        columns=[
            BreakdownColumn(key=columns[i][0], label=columns[i][1], n=None if hidden_columns[c] else column_n[i])
            for c, i in enumerate(keep)
        ],
        rows=rows,
    )


def _breakdowns(
    *,
    survey: Survey,
    structure: SurveyStructure,
    responses: QuerySet[Response],
    filters: ResultFilters,
    threshold: int,
    counts: AnswerCounts | None = None,
) -> dict[tuple[int, int | None], Breakdown]:
    """Cross-tables by the breakdown of every single/multiple choice, yes/no and scale question and of every
    matrix statement, keyed (question id, statement id or None): two queries, or none when ``counts`` holds
    them per group."""
    by_label, columns = _column_labels(survey, filters, structure)
    question_ids = [
        q.pk
        for q in structure.questions_by_id.values()
        if q.question_type in OPTION_LINE_TYPES or q.question_type == QuestionType.MATRIX
    ]
    if filters.breakdown_question is not None:
        question_ids = [pk for pk in question_ids if pk != filters.breakdown_question.pk]
    answers = Answer.objects.filter(response__in=responses, question_id__in=question_ids)
    if filters.breakdown_by_group:
        column = F("response__respondent_group_id")
    else:
        answers = answers.filter(response__answers__question_id=filters.breakdown_question.pk)
        column = F("response__answers__option_id")
    cells = defaultdict(int)  # (question id, statement id or None, option id, column key) -> n
    multiple = [
        pk for pk in question_ids if structure.questions_by_id[pk].question_type == QuestionType.MULTIPLE_CHOICE
    ]
    multiple_n = {}
    # The counts hold the cells when they were taken per group, or per option of the question broken down by.
    if counts is not None and (
        (filters.breakdown_by_group and counts.column_question_id is None)
        or (filters.breakdown_question is not None and counts.column_question_id == filters.breakdown_question.pk)
    ):
        for (question_id, statement_id, option_id, group), n in counts.by_group.items():
            cells[(question_id, statement_id, option_id, str(group) if group else NO_GROUP)] = n
        for pk in multiple:
            for key, _label in columns:
                multiple_n[(pk, key)] = counts.respondents_by_group.get((pk, 0 if key == NO_GROUP else int(key)), 0)
    else:
        rows = answers.values("question_id", "statement_id", "option_id", col=column).annotate(n=Count("id"))
        for row in rows.order_by():
            key = NO_GROUP if row["col"] is None else str(row["col"])
            cells[(row["question_id"], row["statement_id"], row["option_id"], key)] = row["n"]
    if multiple and not multiple_n:
        rows = (
            answers.filter(question_id__in=multiple)
            .values("question_id", col=column)
            .annotate(n=Count("response_id", distinct=True))
            .order_by()
        )
        for row in rows:
            multiple_n[(row["question_id"], NO_GROUP if row["col"] is None else str(row["col"]))] = row["n"]
    result = {}
    for question_id in question_ids:
        question = structure.questions_by_id[question_id]
        valid = [o for o in question.option_list if not o.is_off_scale]
        is_multiple = question.question_type == QuestionType.MULTIPLE_CHOICE
        lines = [s.pk for s in question.statement_list] if question.question_type == QuestionType.MATRIX else [None]
        for statement_id in lines:

            def cell(option_id, key, question_id=question_id, statement_id=statement_id):
                return cells[(question_id, statement_id, option_id, key)]

            if is_multiple:
                column_n = [multiple_n.get((question_id, key), 0) for key, _label in columns]
            else:
                column_n = [sum(cell(o.pk, key) for o in valid) for key, _label in columns]
            result[(question_id, statement_id)] = _cross_table(
                by_label=by_label,
                columns=columns,
                options=question.option_list,
                cell=cell,
                column_n=column_n,
                threshold=threshold,
                column_totals_shown=not is_multiple,
            )
    return result


def _question_results(
    *,
    structure: SurveyStructure,
    responses: QuerySet[Response],
    n: int,
    protect: bool,
    threshold: int,
    counts: AnswerCounts | None = None,
) -> list[QuestionResult]:
    """The per-question figures of the given responses, in a fixed number of queries.

    ``counts``: the answer counts of these responses (counts.py), read instead of grouping the answers.
    """
    asked = (counts is not None and _asked_from_counts(structure, counts, n)) or _asked_counts(structure, responses, n)
    answers = Answer.objects.filter(response__in=responses)
    option_counts = defaultdict(dict)  # (question id, statement id) -> {option id: n}
    if counts is not None:
        option_counts.update(counts.options)
    else:
        rows = (
            answers.filter(option__isnull=False)
            .values("question_id", "statement_id", "option_id")
            .annotate(n=Count("id"))
            .order_by()
        )
        for row in rows:
            option_counts[(row["question_id"], row["statement_id"])][row["option_id"]] = row["n"]
    # Number, date and text answers: one row per response, so the count is the respondents. With the cached
    # counts, only numbers and dates are read (for their lowest, highest and mean).
    value_types = VALUE_TYPES if counts is None else {QuestionType.NUMBER, QuestionType.DATE}
    value_questions = [q.pk for q in structure.questions_by_id.values() if q.question_type in value_types]
    values = {}  # question id -> aggregate row
    if value_questions:
        rows = (
            answers.filter(question_id__in=value_questions)
            .values("question_id")
            .annotate(
                n=Count("id"),
                number_min=Min("number_value"),
                number_max=Max("number_value"),
                number_mean=Avg("number_value"),
                date_min=Min("date_value"),
                date_max=Max("date_value"),
                # PostgreSQL takes the median in the same pass (elsewhere: _number_medians below).
                **({"median": Median("number_value")} if connection.vendor == "postgresql" else {}),
            )
            .order_by()
        )
        values = {row["question_id"]: row for row in rows}
    multiple = [q.pk for q in structure.questions_by_id.values() if q.question_type == QuestionType.MULTIPLE_CHOICE]
    respondents = {}
    if multiple and counts is not None:
        respondents = {pk: counts.respondents.get(pk, 0) for pk in multiple}
    elif multiple:
        respondents = dict(
            answers.filter(question_id__in=multiple)
            .values("question_id")
            .annotate(n=Count("response_id", distinct=True))
            .order_by()
            .values_list("question_id", "n")
        )
    numbers = [q.pk for q in structure.questions_by_id.values() if q.question_type == QuestionType.NUMBER]
    if connection.vendor == "postgresql":
        medians = {pk: values[pk]["median"] for pk in numbers if pk in values}
    else:
        medians = _number_medians(responses, numbers)

    results = []
    for section in structure.sections:
        for question in structure.questions_of(section):
            kind = question.question_type
            result = QuestionResult(
                question_id=question.pk,
                code=question.code,
                text=question.text,
                question_type=kind,
                type_label=str(question.get_question_type_display()),
                asked=asked[question.pk],
                not_asked=n - asked[question.pk],
                answered=0,
                no_answer=0,
                has_off_scale=any(o.is_off_scale for o in question.option_list),
                has_other=any(o.is_other for o in question.option_list),
            )
            if kind in OPTION_LINE_TYPES:
                is_multiple = kind == QuestionType.MULTIPLE_CHOICE
                result.line = _line(
                    code=question.code,
                    text=question.text,
                    options=question.option_list,
                    counts=option_counts.get((question.pk, None), {}),
                    respondents=respondents.get(question.pk, 0) if is_multiple else None,
                    scored=kind == QuestionType.SCALE,
                    protect=protect,
                    threshold=threshold,
                )
                result.answered = result.line.answered
                result.hidden = result.line.hidden
            elif kind == QuestionType.MATRIX:
                result.statements = [
                    _line(
                        code=statement.code,
                        text=statement.text,
                        options=question.option_list,
                        counts=option_counts.get((question.pk, statement.pk), {}),
                        respondents=None,
                        scored=True,
                        protect=protect,
                        threshold=threshold,
                    )
                    for statement in question.statement_list
                ]
                # A matrix counts as answered by whoever rated at least one statement: the fullest statement.
                result.answered = max((line.answered for line in result.statements), default=0)
                result.hidden = bool(result.statements) and all(line.hidden for line in result.statements)
            else:
                row = values.get(question.pk)
                result.answered = row["n"] if row else 0
                if counts is not None and kind in TEXT_TYPES:
                    result.answered = counts.respondents.get(question.pk, 0)
                if kind == QuestionType.NUMBER:
                    result.number = NumberFigures(
                        n=result.answered,
                        minimum=row["number_min"] if row else None,
                        median=medians.get(question.pk),
                        mean=round(float(row["number_mean"]), 2) if row and row["number_mean"] is not None else None,
                        maximum=row["number_max"] if row else None,
                    )
                elif kind == QuestionType.DATE:
                    result.date = DateFigures(
                        n=result.answered,
                        earliest=row["date_min"] if row else None,
                        latest=row["date_max"] if row else None,
                    )
                else:
                    result.text_count = result.answered
                if protect and 0 < result.answered < threshold and kind not in TEXT_TYPES:
                    result.hidden = True
                    result.number = result.date = None
            result.no_answer = max(result.asked - result.answered, 0)
            results.append(result)
    return results


def _compare(results: list[QuestionResult], previous: "SurveyResults") -> list[PreviousRoundQuestion]:
    """Put the previous round's figures beside this round's, matched on variable code (and option/statement code)."""
    earlier = {question.code: question for question in previous.questions}
    for result in results:
        before = earlier.pop(result.code, None)
        if before is None or before.question_type != result.question_type:
            result.only_in_this_round = before is None
            continue
        pairs = []
        if result.line and before.line:
            pairs.append((result.line, before.line))
        statements = {line.code: line for line in before.statements}
        pairs += [(line, statements[line.code]) for line in result.statements if line.code in statements]
        for line, old in pairs:
            line.in_previous_round = True
            line.previous_top_two = old.top_two_percent
            line.previous_mean = old.mean
            line.previous_valid_n = old.valid_n
            old_options = {option.code: option for option in old.options}
            for option in line.options:
                if option.code in old_options:
                    option.previous_percent = old_options[option.code].percent
    return [PreviousRoundQuestion(code=q.code, text=q.text) for q in earlier.values()]


def survey_results(
    *, survey: Survey, filters: ResultFilters | None = None, compare: bool = True, protect_always: bool = False
) -> SurveyResults:
    """The figures of a survey's results page (uitkomsten), filtered and broken down as asked.

    ``protect_always`` applies the small-cell rules also without filters (the published summary).
    """
    filters = filters or ResultFilters()
    threshold = threshold_for(survey.gemeente)
    structure = SurveyStructure.load(survey)
    counted = response_list_for_results(survey=survey)
    header = Response.objects.filter(survey=survey, is_pilot=False, exclusion_kind="").aggregate(
        complete=Count("pk", filter=Q(status=ResponseStatus.COMPLETE)),
        started=Count("pk", filter=~Q(status=ResponseStatus.COMPLETE)),
    )
    responses = response_list_for_results(survey=survey, filters=filters) if filters.narrows else counted
    # Without date or answer filters, and broken down by group if at all, the cached counts serve the page.
    # Otherwise the same counts are grouped from the answers of the filtered responses in one statement.
    if not (filters.completed_from or filters.completed_until or filters.answer_options) and (
        filters.breakdown_question is None
    ):
        counts = answer_counts_read(
            survey=survey,
            group_id=filters.group.pk if filters.group is not None else None,
            channel=filters.channel,
            per_group=filters.breakdown_by_group,
        )
        n = None
    else:
        by_question = filters.breakdown_question
        counts = answer_counts_group(
            responses=responses,
            multiple_choice=[
                q.pk for q in structure.questions_by_id.values() if q.question_type == QuestionType.MULTIPLE_CHOICE
            ],
            per_group=filters.breakdown_by_group,
            column_question_id=by_question.pk if by_question and by_question.question_type in SINGLE_TYPES else None,
        )
        # The statement counted the filtered responses on the way.
        n = counts.total if counts is not None else None
    if n is None:
        n = responses.count() if filters.narrows else header["complete"]
    protect = protect_always or filters.narrows or filters.has_breakdown
    per_day = [
        DayCount(day=row["day"], n=row["n"])
        for row in responses.annotate(day=TruncDate("completed_at"))
        .values("day")
        .annotate(n=Count("pk"))
        .order_by("day")
    ]
    results = SurveyResults(
        survey_id=survey.pk,
        title=survey.title,
        threshold=threshold,
        complete_n=header["complete"],
        started_not_sent=header["started"],
        n=n,
        fieldwork_start=survey.opened_at or survey.opens_at,
        fieldwork_end=survey.closed_at or survey.closes_at,
        per_day=per_day,
        questions=[],
        filtered=filters.narrows,
    )
    if (filters.narrows or protect_always) and 0 < n < threshold:
        results.all_hidden = True
        results.per_day = []
        return results
    results.questions = _question_results(
        structure=structure, responses=responses, n=n, protect=protect, threshold=threshold, counts=counts
    )
    if protect:
        for day in results.per_day:
            day.n = None if 0 < day.n < threshold else day.n
    if filters.has_breakdown:
        breakdowns = _breakdowns(
            survey=survey,
            structure=structure,
            responses=responses,
            filters=filters,
            threshold=threshold,
            counts=counts,
        )
        for result in results.questions:
            result.breakdown = breakdowns.get((result.question_id, None))
            statement_ids = {s.code: s.pk for s in structure.questions_by_id[result.question_id].statement_list}
            for line in result.statements:
                line.breakdown = breakdowns.get((result.question_id, statement_ids.get(line.code)))
    if compare and survey.previous_round_id and not filters.narrows:
        previous = survey_results(survey=survey.previous_round, compare=False, protect_always=protect_always)
        results.previous_round_title = previous.title
        results.previous_round_n = previous.n
        results.only_in_previous_round = _compare(results.questions, previous)
    return results


# Open texts and single responses --------------------------------------------------------------------


def text_answer_list(*, survey: Survey, question: Question, filters: ResultFilters | None = None, search: str = ""):
    """The text answers to one question (open text, or the text of "other, namely"), newest first."""
    answers = Answer.objects.filter(
        response__in=response_list_for_results(survey=survey, filters=filters), question=question
    ).exclude(text_value="")
    if search:
        answers = answers.filter(text_value__icontains=search)
    return answers.select_related("response", "option").order_by("-response__completed_at", "-id")


def response_list_for_cleaning(*, survey: Survey) -> QuerySet[Response]:
    """The responses of a survey for data cleaning (opschonen): sent ones, and the ones left out (never pilot ones)."""
    return (
        Response.objects.filter(survey=survey, is_pilot=False)
        .exclude(status=ResponseStatus.IN_PROGRESS)
        .select_related("respondent_group")
        .order_by("-completed_at", "-id")
    )


def response_get_for_cleaning(*, survey: Survey, pk: int) -> Response:
    """One response of the survey, for the read-only view; DoesNotExist for another survey's response."""
    return response_list_for_cleaning(survey=survey).get(pk=pk)


def answer_list_for_response(*, structure: SurveyStructure, response: Response) -> list[dict]:
    """The answers of one response, question by question in survey order, as text to read."""
    rows = defaultdict(list)
    for answer in Answer.objects.filter(response=response).order_by("id"):
        rows[answer.question_id].append(answer)
    shown = []
    for section in structure.sections:
        for question in structure.questions_of(section):
            statements = {s.pk: s for s in question.statement_list}
            parts = []
            for answer in rows.get(question.pk, []):
                option = question.option_by_id.get(answer.option_id)
                if answer.statement_id:
                    parts.append(f"{statements[answer.statement_id].text}: {option.label if option else ''}")
                elif option is not None:
                    parts.append(option.label + (f" ({answer.text_value})" if answer.text_value else ""))
                elif answer.number_value is not None:
                    parts.append(str(answer.number_value.normalize()))
                elif answer.date_value is not None:
                    parts.append(answer.date_value.isoformat())
                else:
                    parts.append(answer.text_value)
            shown.append({"question": question, "answers": parts})
    return shown


# Published summaries -----------------------------------------------------------------------------------


def result_summary_list_public(*, gemeente) -> QuerySet[ResultSummary]:
    """The published results summaries of a gemeente's surveys, newest first."""
    return (
        ResultSummary.objects.filter(survey__gemeente=gemeente, published_at__isnull=False)
        .select_related("survey")
        .order_by("-published_at")
    )


def result_summary_list_for_user(*, user) -> QuerySet[ResultSummary]:
    """Published summaries of the gemeenten where the user holds any role (adviesraad members included)."""
    return scope_to_user(
        ResultSummary.objects.filter(published_at__isnull=False).select_related("survey", "survey__gemeente"),
        user=user,
        path="survey__gemeente",
    ).order_by("-published_at")


def result_summary_figures(*, summary: ResultSummary) -> list[QuestionResult]:
    """The figures of the questions a summary shows, with the small-cell rules always on."""
    chosen = set(summary.questions.values_list("pk", flat=True))
    results = survey_results(survey=summary.survey, compare=False, protect_always=True)
    if results.all_hidden:
        return []
    return [result for result in results.questions if result.question_id in chosen and not result.is_text]
