"""Reads of the answer file (antwoordbestand): which responses, which columns, and the rows in batches.

The layout is read once (a fixed number of queries); rows come in batches of responses, each batch one
query for the responses and one for their answers, so memory stays bounded for any number of responses.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import connection
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from ..constants import AssistedBy, ExportValueMode, LogicOperator, QuestionType, ResponseChannel, ResponseStatus
from ..models import Answer, LogicRule, Response, Survey
from ..selectors import revision_notes_by_question, survey_question_parts

BATCH_SIZE = 2000
MULTI = QuestionType.MULTIPLE_CHOICE
SINGLE_TYPES = frozenset({QuestionType.SINGLE_CHOICE, QuestionType.SCALE, QuestionType.YES_NO})
TEXT_TYPES = frozenset({QuestionType.SHORT_TEXT, QuestionType.LONG_TEXT})

# Column kinds: how a column's values look (for SPSS types and the codebook).
META, CODED, FLAG, TEXT, NUMBER, DATE, DATETIME = "meta", "coded", "flag", "text", "number", "date", "datetime"


def response_list_for_answer_file(*, survey: Survey) -> QuerySet[Response]:
    """Responses that go into the answer file: sent or closed incomplete, never pilot, test or invalid ones."""
    queryset = Response.objects.filter(
        survey=survey, is_pilot=False, status__in=[ResponseStatus.COMPLETE, ResponseStatus.INCOMPLETE]
    )
    # Data cleaning (results part) marks test and invalid responses with an exclusion kind: left out.
    return queryset.filter(exclusion_kind="")


@dataclass
class Column:
    """One variable of the answer file, with what the codebook says about it."""

    name: str
    label: str
    kind: str
    type_label: str = ""
    codes: list[tuple[object, str]] = field(default_factory=list)  # (code, label) in order
    off_scale: list[object] = field(default_factory=list)
    route: str = ""
    note: str = ""


@dataclass
class AnswerFileLayout:
    """The columns of the answer file and the lookups that place each stored answer in its column."""

    columns: list[Column]
    value_mode: str
    option_value: dict[int, object]
    single_col: dict[int, int]
    multi_col: dict[tuple[int, int], int]
    multi_cols_of: dict[int, list[int]]
    statement_col: dict[tuple[int, int], int]
    other_col: dict[int, int]
    value_col: dict[int, tuple[int, str]]
    meta_values: dict[str, dict]
    options_of: dict[int, list[int]] = field(default_factory=dict)  # question → its option ids

    @property
    def headers(self) -> list[str]:
        return [column.name for column in self.columns]


def option_code_value(code: str):
    """An option code as a number when it is a whole number (so 9 stays 9 in every file), else the text."""
    stripped = code[1:] if code.startswith("-") else code
    return int(code) if stripped.isdigit() else code


def _route_text(rules: list[LogicRule], codes: dict[int, str], option_codes: dict[int, object]) -> str:
    parts = []
    for rule in rules:
        chosen = ", ".join(
            str(option_codes[o.pk]) for o in sorted(rule.options.all(), key=lambda o: (o.position, o.pk))
        )
        word = _("is one of") if rule.operator == LogicOperator.IS_ONE_OF else _("is not one of")
        parts.append(f"{codes[rule.source_question_id]} {word} {chosen}")
    return _(" and ").join(parts)


def answer_file_layout(*, survey: Survey, value_mode: str = ExportValueMode.CODES) -> AnswerFileLayout:
    """The answer file's columns: response facts, then the questions by variable code (fixed number of queries)."""
    labels = value_mode == ExportValueMode.LABELS
    questions, options, statements = survey_question_parts(survey=survey)
    codes = {q.pk: q.code for q in questions}
    option_codes = {o.pk: option_code_value(o.code) for rows in options.values() for o in rows}
    routes: dict[tuple[str, int], list[LogicRule]] = {}
    for rule in LogicRule.objects.filter(source_question__survey=survey).prefetch_related("options").order_by("id"):
        key = ("q", rule.target_question_id) if rule.target_question_id else ("s", rule.target_section_id)
        routes.setdefault(key, []).append(rule)
    notes = revision_notes_by_question(survey=survey)
    groups = dict(survey.respondent_groups.values_list("pk", "name"))
    types = dict(QuestionType.choices)

    status_values = {value: (label if labels else value) for value, label in ResponseStatus.choices}
    channel_values = {value: (label if labels else value) for value, label in ResponseChannel.choices}
    assisted_values = {value: (label if labels else value) for value, label in AssistedBy.choices}
    batches = dict(survey.invitation_batches.values_list("pk", "label"))
    columns = [
        Column("respons", _("Response number"), META, _("number")),
        Column("status", _("Status"), META, _("text"), codes=list(ResponseStatus.choices)),
        Column("voltooid", _("Sent at"), DATETIME, _("date and time")),
        Column("kanaal", _("Channel"), META, _("text"), codes=list(ResponseChannel.choices)),
        Column("groep", _("Respondent group"), META, _("text")),
        Column("taal", _("Language"), META, _("text")),
        Column("hulp", _("Assisted by"), META, _("text"), codes=list(AssistedBy.choices)),
        Column("uitnodiging", _("Invitation batch"), META, _("text")),
    ]
    layout = AnswerFileLayout(
        columns=columns,
        value_mode=value_mode,
        option_value={},
        single_col={},
        multi_col={},
        multi_cols_of={},
        statement_col={},
        other_col={},
        value_col={},
        meta_values={
            "status": status_values,
            "kanaal": channel_values,
            "groep": groups,
            "hulp": assisted_values,
            "uitnodiging": batches,
        },
    )
    for question_id, option_list in options.items():
        layout.options_of[question_id] = [option.pk for option in option_list]
        for option in option_list:
            layout.option_value[option.pk] = option.label if labels else option_codes[option.pk]

    def add(column: Column) -> int:
        columns.append(column)
        return len(columns) - 1

    for question in questions:
        route_rules = routes.get(("q", question.pk), []) + routes.get(("s", question.section_id), [])
        route = _route_text(route_rules, codes, option_codes) if route_rules else ""
        note = "; ".join(notes.get(question.pk, []))
        type_label = str(types.get(question.question_type, question.question_type))
        own = options.get(question.pk, [])
        coded = [(option_codes[o.pk], o.label) for o in own]
        off = [option_codes[o.pk] for o in own if o.is_off_scale]
        common = {"type_label": type_label, "route": route, "note": note}
        if question.question_type == QuestionType.MATRIX:
            for statement in statements.get(question.pk, []):
                name = f"{question.code}_{statement.code}"
                label = f"{question.text} – {statement.text}"
                layout.statement_col[(question.pk, statement.pk)] = add(
                    Column(name, label, CODED, codes=coded, off_scale=off, **common)
                )
        elif question.question_type == MULTI:
            cols = []
            for option in own:
                col = add(
                    Column(
                        f"{question.code}_{option.code}",
                        f"{question.text} – {option.label}",
                        FLAG,
                        codes=[(0, _("not chosen")), (1, _("chosen"))],
                        **common,
                    )
                )
                layout.multi_col[(question.pk, option.pk)] = col
                cols.append(col)
            layout.multi_cols_of[question.pk] = cols
        elif question.question_type in SINGLE_TYPES:
            layout.single_col[question.pk] = add(
                Column(question.code, question.text, CODED, codes=coded, off_scale=off, **common)
            )
        elif question.question_type in TEXT_TYPES:
            layout.value_col[question.pk] = (add(Column(question.code, question.text, TEXT, **common)), "text")
        elif question.question_type == QuestionType.NUMBER:
            layout.value_col[question.pk] = (add(Column(question.code, question.text, NUMBER, **common)), "number")
        elif question.question_type == QuestionType.DATE:
            layout.value_col[question.pk] = (add(Column(question.code, question.text, DATE, **common)), "date")
        other = [o for o in own if o.is_other]
        if other:
            layout.other_col[question.pk] = add(
                Column(
                    f"{question.code}_anders",
                    f"{question.text} – {other[0].label}",
                    TEXT,
                    type_label=_("text ('other, namely')"),
                    route=route,
                )
            )
    return layout


def _number(value):
    if value is None:
        return None
    if not isinstance(value, Decimal):
        value = Decimal(str(value))  # SQLite hands back a float or text
    return int(value) if value.is_finite() and value == value.to_integral_value() else value


def _date(value):
    return date.fromisoformat(value) if isinstance(value, str) else value


class RawCells:
    """Cells as plain Python values (None for empty): what the SPSS writer and the tests read.

    A writer passes its own cells object to :func:`answer_file_rows` to get rows that are ready to write:
    ``code`` turns each repeated value (option codes or labels, status, channel, group, 0/1) into a cell once
    per file; the other methods convert the values that differ per response.
    """

    empty = None

    def code(self, value):
        return value

    def integer(self, value: int):
        return value

    def datetime(self, value):
        return value

    def text(self, value: str):
        return value

    def number(self, value):
        return value

    def date(self, value):
        return value


def _answer_batch(first: int, last: int):
    """The raw answer tuples of responses ``first``..``last`` (one range scan; no per-row ORM overhead)."""
    # No ORDER BY: the rows are placed by response id, so PostgreSQL need not sort the batch.
    queryset = (
        Answer.objects.filter(response_id__gte=first, response_id__lte=last)
        .order_by()
        .values_list(
            "response_id", "question_id", "statement_id", "option_id", "text_value", "number_value", "date_value"
        )
    )
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while chunk := cursor.fetchmany(10000):
            yield from chunk


def answer_file_rows(
    *, survey: Survey, layout: AnswerFileLayout, batch_size: int = BATCH_SIZE, cells=None
) -> Iterator[list]:
    """The rows of the answer file, one per response in number order, read in batches (bounded memory).

    ``cells`` (default :class:`RawCells`) converts the values: the few hundred repeated ones once per file,
    so that a writer gets each row ready to write and does no work per cell of its own.
    """
    cells = cells or RawCells()
    empty, code = cells.empty, cells.code
    responses = response_list_for_answer_file(survey=survey).order_by("pk")
    fields = (
        "pk",
        "status",
        "completed_at",
        "channel",
        "respondent_group_id",
        "language",
        "assisted_by",
        "invitation_batch_id",
    )
    width = len(layout.columns)
    meta = {name: {key: code(value) for key, value in values.items()} for name, values in layout.meta_values.items()}
    status_values, channel_values, groups = meta["status"], meta["kanaal"], meta["groep"]
    assisted_values, batches = meta["hulp"], meta["uitnodiging"]
    languages: dict[str, object] = {}
    option_cell = {pk: code(value) for pk, value in layout.option_value.items()}
    chosen, not_chosen = code(1), code(0)
    # One lookup per choice answer: its option (single or multiple choice) gives the column and the cell.
    choice: dict[int, tuple[int, object]] = {}
    for question_id, col in layout.single_col.items():
        for option_id in layout.options_of.get(question_id, ()):
            choice[option_id] = (col, option_cell[option_id])
    for (_question_id, option_id), col in layout.multi_col.items():
        choice[option_id] = (col, chosen)
    statement_col = {statement_id: col for (_q, statement_id), col in layout.statement_col.items()}
    other_col, value_col = layout.other_col, layout.value_col
    multi_groups = list(layout.multi_cols_of.values())
    text, number, day_cell, when = cells.text, cells.number, cells.date, cells.datetime
    last = 0
    while True:
        batch = list(responses.filter(pk__gt=last).values_list(*fields)[:batch_size])
        if not batch:
            return
        first, last = batch[0][0], batch[-1][0]
        rows: dict[int, list] = {}
        for pk, status, completed_at, channel, group_id, language, assisted_by, batch_id in batch:
            row = [empty] * width
            row[0] = cells.integer(pk)
            row[1] = status_values[status] if status in status_values else code(status)
            row[2] = when(completed_at) if completed_at else empty
            row[3] = channel_values[channel] if channel in channel_values else code(channel)
            if group_id:
                row[4] = groups.get(group_id, empty)
            if language:
                row[5] = (
                    languages[language] if language in languages else languages.setdefault(language, code(language))
                )
            if assisted_by:
                row[6] = assisted_values[assisted_by] if assisted_by in assisted_values else code(assisted_by)
            if batch_id:
                row[7] = batches.get(batch_id, empty)
            rows[pk] = row
        for response_id, question_id, statement_id, option_id, value, amount, day in _answer_batch(first, last):
            row = rows.get(response_id)
            if row is None:
                continue  # a response of another survey, a pilot or a left-out one within the id range
            if statement_id is not None:
                col = statement_col.get(statement_id)
                if col is not None:
                    row[col] = option_cell.get(option_id, empty)
            elif option_id is not None:
                slot = choice.get(option_id)
                if slot is not None:
                    row[slot[0]] = slot[1]
                if value and question_id in other_col:
                    row[other_col[question_id]] = text(value)
            elif question_id in value_col:
                col, kind = value_col[question_id]
                if kind == "text":
                    row[col] = text(value) if value else empty
                elif kind == "number":
                    row[col] = empty if amount is None else number(_number(amount))
                else:
                    row[col] = empty if day is None else day_cell(_date(day))
        if multi_groups:
            # A multiple-choice question that was answered: every option not chosen is 0.
            for row in rows.values():
                for cols in multi_groups:
                    if any(row[col] is not empty for col in cols):
                        for col in cols:
                            if row[col] is empty:
                                row[col] = not_chosen
        yield from rows.values()


def survey_list_for_answer_export(*, user) -> QuerySet[Survey]:
    """Surveys of the user's gemeenten (officer or coordinator) that have responses, for the export page."""
    from django.db.models import Count, Q

    from participatie.constants import STAFF_ROLES
    from participatie.selectors import scope_to_user

    counted = Q(responses__is_pilot=False, responses__status=ResponseStatus.COMPLETE)
    return (
        scope_to_user(Survey.objects.select_related("gemeente"), user=user, roles=STAFF_ROLES)
        .annotate(response_count=Count("responses", filter=counted))
        .filter(response_count__gt=0)
        .order_by("gemeente__name", "-created_at", "-id")
    )


def answer_export_list_for_survey(*, survey: Survey, limit: int = 10) -> list:
    """The latest background answer exports of a survey, newest first."""
    from ..models import AnswerExport

    return list(AnswerExport.objects.filter(survey=survey).select_related("requested_by")[:limit])
