"""Answer counts (antwoordtellingen): the cache of option counts the results page reads on PostgreSQL.

Grouping all answers of a survey costs seconds at 100,000 responses (3.6 million answer rows); the counts per
(question, statement, option, respondent group, channel) are a few thousand rows. They are kept like this:

- ``answer_counts_read`` first adds every sent response that is not in the counts yet (``Response.
  results_counted``), in one statement that marks the responses and adds their answers, so each response is
  added once even when two pages do this at the same moment. In the steady state that is the few responses
  sent since the last read; the periodic task ``answer_counts_update`` does the same in the background.
- ``response_uncount`` takes a response off when it is left out while cleaning (same transaction).
- A total that no longer matches the counted responses (a response deleted by retention, a pilot flag or a
  left-out mark changed elsewhere) rebuilds the survey's counts from its answers.

Filters the cache cannot serve (an answer, dates, a breakdown by another question) get the same ``AnswerCounts``
from ``answer_counts_group``: one statement over the answers of the filtered responses, no cache.

The submission path is not touched (no hot counter rows while residents send their answers). Everything
here runs under a per-survey advisory lock. On SQLite (the embedded mode) there is no cache:
``answer_counts_read`` answers None and the results are grouped from the answers directly.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import BigIntegerField, Count, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from ..constants import ResponseStatus
from ..models import Answer, AnswerCount, Response, Survey

# The first key of the advisory lock (pg_advisory_xact_lock(key, survey id)): any fixed number of this app.
LOCK_KEY = 7301

_FOLD = """
WITH changed AS (
    UPDATE surveys_response SET results_counted = %(mark)s
    WHERE {where}
    RETURNING id, COALESCE(respondent_group_id, 0) AS group_id, channel
), answered AS (
    SELECT a.question_id, COALESCE(a.statement_id, 0) AS statement_id, a.option_id, a.response_id,
           changed.group_id, changed.channel
    FROM surveys_answer a JOIN changed ON changed.id = a.response_id
), counted AS (
    SELECT question_id, statement_id, option_id, group_id, channel, count(*) AS n
    FROM answered WHERE option_id IS NOT NULL GROUP BY 1, 2, 3, 4, 5
    UNION ALL
    SELECT question_id, 0, 0, group_id, channel, count(DISTINCT response_id)
    FROM answered GROUP BY 1, 4, 5
    UNION ALL
    SELECT 0, 0, 0, group_id, channel, count(*) FROM changed GROUP BY 4, 5
)
INSERT INTO surveys_answercount (survey_id, question_id, statement_id, option_id, group_id, channel, n)
SELECT %(survey)s, question_id, statement_id, option_id, group_id, channel, %(sign)s * n FROM counted
ORDER BY 2, 3, 4, 5, 6
ON CONFLICT (survey_id, question_id, statement_id, option_id, group_id, channel)
DO UPDATE SET n = surveys_answercount.n + EXCLUDED.n
"""
# The live counterpart of _FOLD for a filtered set of responses (answer_counts_group), without the channel.
_GROUPED = """
WITH picked (id, group_id) AS MATERIALIZED ({responses})
SELECT a.question_id, COALESCE(a.statement_id, 0), COALESCE(a.option_id, 0), picked.group_id, count(*)
FROM surveys_answer a JOIN picked ON picked.id = a.response_id
GROUP BY 1, 2, 3, 4
UNION ALL
SELECT a.question_id, 0, 0, picked.group_id, count(DISTINCT a.response_id)
FROM surveys_answer a JOIN picked ON picked.id = a.response_id
WHERE a.question_id = ANY(%s)
GROUP BY 1, 4
UNION ALL
SELECT 0, 0, 0, group_id, count(*) FROM picked GROUP BY 4
"""
_NEW = (
    "survey_id = %(survey)s AND status = %(complete)s AND NOT is_pilot AND exclusion_kind = '' AND NOT results_counted"
)


@dataclass
class AnswerCounts:
    """The counts of one survey, optionally for one respondent group and/or channel, and per group (or, grouped
    live, of a filtered set of responses)."""

    total: int
    options: dict = field(default_factory=dict)  # (question id, statement id or None) -> {option id: n}
    respondents: dict = field(default_factory=dict)  # question id -> respondents with any answer to it
    by_group: dict = field(default_factory=dict)  # (question id, statement id or None, option id, group id) -> n
    respondents_by_group: dict = field(default_factory=dict)  # (question id, group id) -> respondents
    totals_by_group: dict = field(default_factory=dict)  # group id -> counted responses
    # Set when the "group" above is the option a response chose at this question (a breakdown by a question).
    column_question_id: int | None = None


def available() -> bool:
    return connection.vendor == "postgresql"


def _lock(cursor, survey_id: int) -> None:
    cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [LOCK_KEY, survey_id])


def _fold(cursor, *, survey_id: int, where: str, params: dict, sign: int) -> None:
    cursor.execute(
        _FOLD.format(where=where),
        {"survey": survey_id, "mark": sign > 0, "sign": sign, "complete": ResponseStatus.COMPLETE, **params},
    )


def _bring_up_to_date(cursor, survey: Survey) -> None:
    """Add the sent responses not yet counted; rebuild when the total no longer matches the counted responses."""
    _fold(cursor, survey_id=survey.pk, where=_NEW, params={}, sign=1)
    cursor.execute(
        "SELECT COALESCE(SUM(n), 0) FROM surveys_answercount WHERE survey_id = %s AND question_id = 0", [survey.pk]
    )
    total = cursor.fetchone()[0]
    flagged = Response.objects.filter(survey=survey, results_counted=True).aggregate(
        all=Count("pk"),
        counted=Count("pk", filter=Q(status=ResponseStatus.COMPLETE, is_pilot=False, exclusion_kind="")),
    )
    if total != flagged["counted"] or flagged["all"] != flagged["counted"]:
        cursor.execute("DELETE FROM surveys_answercount WHERE survey_id = %s", [survey.pk])
        cursor.execute("UPDATE surveys_response SET results_counted = false WHERE survey_id = %s", [survey.pk])
        _fold(cursor, survey_id=survey.pk, where=_NEW, params={}, sign=1)


def answer_counts_update(*, survey: Survey) -> None:
    """Bring a survey's answer counts up to date (the periodic task and the results page)."""
    if not available():
        return
    with transaction.atomic(), connection.cursor() as cursor:
        _lock(cursor, survey.pk)
        _bring_up_to_date(cursor, survey)


def answer_counts_update_due() -> list[int]:
    """Bring the counts up to date of every survey with sent responses not counted yet; their ids."""
    if not available():
        return []
    due = (
        Response.objects.filter(
            status=ResponseStatus.COMPLETE, results_counted=False, is_pilot=False, exclusion_kind=""
        )
        .values_list("survey_id", flat=True)
        .distinct()
    )
    survey_ids = sorted(set(due))
    for survey in Survey.objects.filter(pk__in=survey_ids):
        answer_counts_update(survey=survey)
    return survey_ids


def answer_counts_forget(*, survey: Survey) -> None:
    """Drop a survey's answer counts (its answers were purged or anonymised); they are counted anew when read."""
    AnswerCount.objects.filter(survey=survey).delete()
    Response.objects.filter(survey=survey, results_counted=True).update(results_counted=False)


def response_uncount(*, response: Response) -> None:
    """Take a response off its survey's answer counts (it is left out while cleaning); call inside its
    transaction. Nothing happens for a response that was not counted."""
    if not available():
        return
    with transaction.atomic(), connection.cursor() as cursor:
        _lock(cursor, response.survey_id)
        _fold(
            cursor,
            survey_id=response.survey_id,
            where="id = %(response)s AND results_counted",
            params={"response": response.pk},
            sign=-1,
        )


def answer_counts_read(
    *, survey: Survey, group_id: int | None = None, channel: str = "", per_group: bool = False
) -> AnswerCounts | None:
    """The survey's answer counts, up to date, for all counted responses or one group and/or channel.

    ``per_group`` also gives them per respondent group (0 for responses without a group): the breakdown.
    None where there is no cache (SQLite).
    """
    if not available():
        return None
    rows = AnswerCount.objects.filter(survey=survey)
    if group_id is not None:
        rows = rows.filter(group_id=group_id)
    if channel:
        rows = rows.filter(channel=channel)
    rows = rows.values_list("question_id", "statement_id", "option_id", "group_id").annotate(total=Sum("n")).order_by()
    with transaction.atomic(), connection.cursor() as cursor:
        _lock(cursor, survey.pk)
        _bring_up_to_date(cursor, survey)
        rows = list(rows)
    return _collect(rows, per_group=per_group)


def answer_counts_group(
    *,
    responses: QuerySet[Response],
    multiple_choice: list[int],
    per_group: bool = False,
    column_question_id: int | None = None,
) -> AnswerCounts | None:
    """The same counts, grouped live from the answers of a set of responses the cache cannot serve (a filter
    on an answer or on dates, a breakdown by another question): one statement for every question.

    The responses are picked once (``MATERIALIZED``) and their answers read in one pass, from the covering
    index (response, question, statement, option), grouped by question, statement, option and respondent
    group, or with ``column_question_id`` (a question with one answer per response) by the option chosen
    there, 0 for none. Multiple-choice respondents (``multiple_choice``: those question ids) take a second,
    small pass. ``respondents`` holds what the results read: multiple choice, and the questions answered
    without an option (text, number, date: one answer per response). None on SQLite.
    """
    if not available():
        return None
    if column_question_id is None:
        column = Coalesce("respondent_group_id", 0, output_field=BigIntegerField())
    else:
        chosen = Answer.objects.filter(response_id=OuterRef("pk"), question_id=column_question_id, statement=None)
        column = Coalesce(Subquery(chosen.values("option_id")[:1]), 0, output_field=BigIntegerField())
    picked = responses.annotate(column=column).values_list("pk", "column").order_by()
    picked_sql, picked_params = picked.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(_GROUPED.format(responses=picked_sql), [*picked_params, list(multiple_choice)])
        rows = cursor.fetchall()
    counts = _collect(rows, per_group=per_group or column_question_id is not None)
    counts.column_question_id = column_question_id
    return counts


def _collect(rows, *, per_group: bool) -> AnswerCounts:
    """AnswerCounts from rows of (question id, statement id, option id, group id, n), 0 meaning none."""
    counts = AnswerCounts(total=0)
    options = defaultdict(dict)
    for question_id, statement_id, option_id, group, n in rows:
        n = int(n)
        if not n:
            continue
        statement = statement_id or None
        if question_id == 0:
            counts.total += n
            counts.totals_by_group[group] = counts.totals_by_group.get(group, 0) + n
        elif option_id == 0:
            counts.respondents[question_id] = counts.respondents.get(question_id, 0) + n
            if per_group:
                counts.respondents_by_group[(question_id, group)] = n
        else:
            line = options[(question_id, statement)]
            line[option_id] = line.get(option_id, 0) + n
            if per_group:
                counts.by_group[(question_id, statement, option_id, group)] = n
    counts.options = dict(options)
    return counts
