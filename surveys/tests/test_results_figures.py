"""The figures of the results page on small data sets, worked out by hand."""

import datetime

import pytest

from surveys.constants import QuestionType, SurveyStatus
from surveys.models import RespondentGroup, Survey
from surveys.results.selectors import ResultFilters, response_list_for_results, survey_results
from surveys.tests.builders import add_question, add_section
from surveys.tests.results_data import build_hand_survey, respond

pytestmark = pytest.mark.django_db


def by_code(results):
    return {question.code: question for question in results.questions}


def counts(line):
    return {option.code: option.count for option in line.options}


def percents(line):
    return {option.code: option.percent for option in line.options}


def test_header_counts_only_complete_responses_that_are_not_pilot_or_left_out(gemeente):
    survey, _q, _responses = build_hand_survey(gemeente)
    results = survey_results(survey=survey)
    assert results.complete_n == 12
    assert results.n == 12
    # The one in progress is shown apart; the pilot and the left-out test response are not counted at all.
    assert results.started_not_sent == 1
    assert sum(day.n for day in results.per_day) == 12
    assert response_list_for_results(survey=survey).count() == 12


def test_scale_off_scale_left_out_of_percentages_and_mean_top_two_by_score(gemeente):
    survey, _q, _responses = build_hand_survey(gemeente)
    line = by_code(survey_results(survey=survey))["tevreden"].line
    # 11 answered, 2 "weet niet": valid n 9.
    assert (line.answered, line.off_scale_n, line.valid_n) == (11, 2, 9)
    assert counts(line) == {"1": 3, "2": 3, "3": 1, "4": 1, "5": 1, "9": 2}
    assert percents(line) == {"1": 33.3, "2": 33.3, "3": 11.1, "4": 11.1, "5": 11.1, "9": None}
    # Top two = the two best scores (codes 1 and 2 score 5 and 4): 6 of 9.
    assert line.top_two_percent == 66.7
    # Mean of scores, not of codes: (3*5 + 3*4 + 3 + 2 + 1) / 9 = 33 / 9.
    assert line.mean == 3.67


def test_both_kinds_of_missing_are_kept_apart(gemeente):
    survey, _q, _responses = build_hand_survey(gemeente)
    figures = by_code(survey_results(survey=survey))
    wie = figures["wie"]
    # Routed to those with contact (8): 4 not asked; 5 answered, so 3 left it open.
    assert (wie.asked, wie.not_asked, wie.answered, wie.no_answer) == (8, 4, 5, 3)
    assert percents(wie.line) == {"x": 80.0, "y": 20.0}
    tevreden = figures["tevreden"]
    assert (tevreden.not_asked, tevreden.no_answer) == (0, 1)
    assert (figures["toelichting"].not_asked, figures["toelichting"].no_answer) == (4, 6)


def test_multiple_choice_percent_of_respondents(gemeente):
    survey, _q, _responses = build_hand_survey(gemeente)
    line = by_code(survey_results(survey=survey))["kanalen"].line
    assert line.valid_n == 5
    assert counts(line) == {"a": 3, "b": 2, "c": 2}
    assert percents(line) == {"a": 60.0, "b": 40.0, "c": 40.0}


def test_matrix_statements_number_and_date(gemeente):
    survey, _q, _responses = build_hand_survey(gemeente)
    figures = by_code(survey_results(survey=survey))
    s1, s2 = figures["stellingen"].statements
    assert (s1.valid_n, s1.off_scale_n, s1.top_two_percent, s1.mean) == (2, 1, 100.0, 4.5)
    assert (s2.valid_n, s2.top_two_percent, s2.mean) == (1, 0.0, 1.0)
    number = figures["leeftijd"].number
    assert (number.n, number.minimum, number.median, number.mean, number.maximum) == (4, 10, 25.0, 25.0, 40)
    date = figures["datum"].date
    assert (date.n, date.earliest, date.latest) == (2, datetime.date(2025, 1, 1), datetime.date(2025, 3, 1))
    assert figures["toelichting"].text_count == 2


def test_filter_on_an_answer_worked_out_by_hand(gemeente):
    gemeente.small_cell_threshold = 1  # every figure shown, so each can be checked
    gemeente.save()
    survey, q, _responses = build_hand_survey(gemeente)
    ja = q["contact"].options.get(code="ja")
    results = survey_results(survey=survey, filters=ResultFilters(answer_question=q["contact"], answer_options=[ja]))
    # Responses 1-8 had contact.
    assert (results.n, results.complete_n, results.filtered) == (8, 12, True)
    figures = by_code(results)
    assert counts(figures["contact"].line) == {"ja": 8, "nee": 0}
    line = figures["tevreden"].line
    assert counts(line) == {"1": 2, "2": 3, "3": 1, "4": 1, "5": 1, "9": 0}
    assert (line.answered, line.off_scale_n, line.valid_n) == (8, 0, 8)
    # Top two (codes 1 and 2): 5 of 8; mean of scores (2*5 + 3*4 + 3 + 2 + 1) / 8.
    assert (line.top_two_percent, line.mean) == (62.5, 3.5)
    kanalen = figures["kanalen"].line
    assert (kanalen.valid_n, counts(kanalen)) == (4, {"a": 3, "b": 1, "c": 2})
    assert percents(kanalen) == {"a": 75.0, "b": 25.0, "c": 50.0}
    wie = figures["wie"]
    assert (wie.asked, wie.not_asked, wie.answered, wie.no_answer) == (8, 0, 5, 3)
    assert (figures["toelichting"].not_asked, figures["toelichting"].no_answer) == (0, 6)
    number = figures["leeftijd"].number
    assert (number.n, number.minimum, number.median, number.maximum) == (4, 10, 25.0, 40)

    nee = q["contact"].options.get(code="nee")
    results = survey_results(survey=survey, filters=ResultFilters(answer_question=q["contact"], answer_options=[nee]))
    # Responses 9-12: "9", "9", no answer, "1" on the scale; kanalen only response 9 (b).
    figures = by_code(results)
    assert results.n == 4
    line = figures["tevreden"].line
    assert (line.answered, line.off_scale_n, line.valid_n, line.top_two_percent, line.mean) == (3, 2, 1, 100.0, 5.0)
    assert (figures["kanalen"].line.valid_n, percents(figures["kanalen"].line)) == (1, {"a": 0.0, "b": 100.0, "c": 0.0})
    # The route asks "wie" of those with contact only: none here.
    assert (figures["wie"].asked, figures["wie"].not_asked, figures["wie"].no_answer) == (0, 4, 0)
    assert figures["leeftijd"].number.n == 0


def _grouped_survey(gemeente):
    """Groups A (15), C (15) and B (2) answering one single-choice question p/q/r."""
    survey = Survey.objects.create(gemeente=gemeente, title="Groepen", slug="groepen", status=SurveyStatus.CLOSED)
    section = add_section(survey, "Deel 1")
    keuze = add_question(section, "keuze", QuestionType.SINGLE_CHOICE, options=[("p", "P"), ("q", "Q"), ("r", "R")])
    groups = {name: RespondentGroup.objects.create(survey=survey, name=name) for name in "ABC"}
    plan = {"A": ["p"] * 10 + ["q"] * 2 + ["r"] * 3, "C": ["p"] * 6 + ["q"] * 9, "B": ["p", "p"]}
    for name, answers in plan.items():
        for code in answers:
            respond(survey, {keuze: code}, respondent_group=groups[name])
    return survey, groups


def test_filter_hides_small_cells_and_a_second_one(gemeente):
    survey, groups = _grouped_survey(gemeente)
    results = survey_results(survey=survey, filters=ResultFilters(group=groups["A"]))
    line = by_code(results)["keuze"].line
    # In group A: p 10, q 2, r 3. q and r are below 5; both hidden, p stays.
    assert counts(line) == {"p": 10, "q": None, "r": None}
    results = survey_results(survey=survey, filters=ResultFilters(group=groups["C"]))
    # In group C: p 6, q 9, r 0 -> nothing small, zero is shown.
    assert counts(by_code(results)["keuze"].line) == {"p": 6, "q": 9, "r": 0}


def test_second_cell_hidden_when_one_small_cell_could_be_worked_out(gemeente):
    survey = Survey.objects.create(gemeente=gemeente, title="Tweede", slug="tweede", status=SurveyStatus.CLOSED)
    section = add_section(survey, "Deel 1")
    keuze = add_question(section, "keuze", QuestionType.SINGLE_CHOICE, options=[("p", "P"), ("q", "Q"), ("r", "R")])
    for code in ["p"] * 10 + ["q"] * 7 + ["r"] * 3:
        respond(survey, {keuze: code}, channel="paper")
    respond(survey, {keuze: "p"})
    line = by_code(survey_results(survey=survey, filters=ResultFilters(channel="paper")))["keuze"].line
    # r (3) is small; with the valid n shown it would be 20 - 10 - 7, so q (the smallest other) goes too.
    assert counts(line) == {"p": 10, "q": None, "r": None}
    assert line.valid_n == 20


def test_filter_below_threshold_shows_no_figures_at_all(gemeente):
    survey, groups = _grouped_survey(gemeente)
    results = survey_results(survey=survey, filters=ResultFilters(group=groups["B"]))
    assert results.all_hidden
    assert results.questions == []
    assert results.per_day == []


def test_breakdown_by_group_column_percent_and_small_column_hidden_with_a_second(gemeente):
    survey, groups = _grouped_survey(gemeente)
    results = survey_results(survey=survey, filters=ResultFilters(breakdown_by_group=True))
    breakdown = by_code(results)["keuze"].breakdown
    columns = {column.label: column.n for column in breakdown.columns}
    # B has 2 responses: hidden; then the smallest other column (A, 15, first of the equal ones) too.
    assert columns == {"A": None, "B": None, "C": 15}
    rows = {row.code: row.percents for row in breakdown.rows}
    c = [column.label for column in breakdown.columns].index("C")
    assert rows["p"][c] == 40.0
    assert rows["q"][c] == 60.0
    assert rows["r"][c] == 0.0
    assert all(row.counts[[column.label for column in breakdown.columns].index("B")] is None for row in breakdown.rows)


def test_breakdown_by_another_question_with_secondary_cells_in_rows_and_columns(gemeente):
    survey = Survey.objects.create(gemeente=gemeente, title="Kruis", slug="kruis", status=SurveyStatus.CLOSED)
    section = add_section(survey, "Deel 1")
    contact = add_question(section, "contact", QuestionType.YES_NO)
    keuze = add_question(
        section, "keuze", QuestionType.SINGLE_CHOICE, options=[("p", "P"), ("q", "Q"), ("r", "R"), ("s", "S")]
    )
    plan = {"ja": {"p": 10, "q": 6, "r": 20, "s": 30}, "nee": {"p": 7, "q": 1, "r": 9, "s": 40}}
    for answer, spread in plan.items():
        for code, n in spread.items():
            for _index in range(n):
                respond(survey, {contact: answer, keuze: code})
    results = survey_results(survey=survey, filters=ResultFilters(breakdown_question=contact))
    breakdown = by_code(results)["keuze"].breakdown
    assert {column.label: column.n for column in breakdown.columns} == {"Ja": 66, "Nee": 57}
    rows = {row.code: row for row in breakdown.rows}
    # nee/q = 1 is small. Row q then hides ja/q (6); column "ja" hides ja/p (10, its smallest other) and
    # column "nee" hides nee/p (7); now every row and column has two hidden cells or none.
    assert [rows[code].counts for code in "pqrs"] == [[None, None], [None, None], [20, 9], [30, 40]]
    assert rows["r"].percents == [30.3, 15.8]
    # The breakdown question itself is not broken down by itself.
    assert by_code(results)["contact"].breakdown is None


def test_two_rounds_matched_on_variable_code(gemeente):
    previous, _q, _responses = build_hand_survey(gemeente, title="Ronde 2024", slug="ronde-2024")
    current = Survey.objects.create(
        gemeente=gemeente, title="Ronde 2025", slug="ronde-2025", status=SurveyStatus.CLOSED, previous_round=previous
    )
    section = add_section(current, "Deel 1")
    tevreden = add_question(section, "tevreden", QuestionType.SCALE)
    from surveys.tests.results_data import add_reversed_scale

    add_reversed_scale(tevreden)
    nieuw = add_question(section, "nieuw", QuestionType.YES_NO)
    for code in ["1"] * 6 + ["3"] * 3 + ["5"]:
        respond(current, {tevreden: code, nieuw: "ja"})
    results = survey_results(survey=current)
    figures = by_code(results)
    line = figures["tevreden"].line
    options = {option.code: option for option in line.options}
    # Code 1: now 60.0%, before 33.3% -> +26.7 points.
    assert (options["1"].percent, options["1"].previous_percent, options["1"].difference) == (60.0, 33.3, 26.7)
    # Top two: now 60.0, before 66.7 -> -6.7; mean now (6*5+3*3+1)/10 = 4.0, before 3.67.
    assert (line.top_two_percent, line.previous_top_two, line.top_two_difference) == (60.0, 66.7, -6.7)
    assert line.mean_difference == 0.33
    assert figures["nieuw"].only_in_this_round
    assert not figures["tevreden"].only_in_this_round
    only_before = {question.code for question in results.only_in_previous_round}
    assert only_before == {"contact", "kanalen", "stellingen", "leeftijd", "datum", "wie", "toelichting"}
    assert results.previous_round_n == 12


def test_query_count_does_not_depend_on_number_of_responses(gemeente, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    survey, q, _responses = build_hand_survey(gemeente)
    filters = ResultFilters(breakdown_by_group=True, answer_options=[q["contact"].options.get(code="ja")])
    with CaptureQueriesContext(connection) as few:
        survey_results(survey=survey, filters=filters)
    for _index in range(60):
        respond(survey, {q["contact"]: "ja", q["tevreden"]: "2", q["kanalen"]: ["a", "b"], q["leeftijd"]: "33"})
    with CaptureQueriesContext(connection) as many:
        survey_results(survey=survey, filters=filters)
    assert len(many) == len(few)


def _matrix_survey(gemeente):
    """A matrix (s1, s2; 1 = eens, 2 = oneens, 9 = weet niet) answered by groups A (12) and B (15)."""
    survey = Survey.objects.create(gemeente=gemeente, title="Matrix", slug="matrix", status=SurveyStatus.CLOSED)
    section = add_section(survey, "Deel 1")
    matrix = add_question(
        section,
        "m",
        QuestionType.MATRIX,
        options=[("1", "Eens"), ("2", "Oneens")],
        off_scale=("9", "Weet niet"),
        statements=[("s1", "Serieus genomen"), ("s2", "Snel geholpen")],
    )
    wie = add_question(section, "wie", QuestionType.SINGLE_CHOICE, options=[("x", "Zelf"), ("y", "Iemand anders")])
    groups = {name: RespondentGroup.objects.create(survey=survey, name=name) for name in "ABC"}
    plan = {
        # group: (wie, [(s1, s2), ...])
        "A": ("x", [("1", "1")] * 6 + [("1", "2")] + [("2", "2")] * 5),
        "B": ("y", [("1", "1")] * 5 + [("2", "2")] * 5 + [("2", "9")] * 5),
    }
    for name, (who, pairs) in plan.items():
        for s1, s2 in pairs:
            respond(survey, {matrix: {"s1": s1, "s2": s2}, wie: who}, respondent_group=groups[name])
    return survey, groups, matrix, wie


def _table(breakdown):
    return {
        "columns": [(column.label, column.n) for column in breakdown.columns],
        "rows": {row.code: row.percents for row in breakdown.rows},
    }


def test_matrix_statements_broken_down_by_group_with_column_percent_and_n(gemeente):
    survey, _groups, _matrix, _wie = _matrix_survey(gemeente)
    results = survey_results(survey=survey, filters=ResultFilters(breakdown_by_group=True))
    s1, s2 = by_code(results)["m"].statements
    # Statement 1: A 7 eens / 5 oneens of 12; B 5 / 10 of 15. Group C has nobody: n 0, no percentages.
    assert _table(s1.breakdown) == {
        "columns": [("A", 12), ("B", 15), ("C", 0)],
        "rows": {"1": [58.3, 33.3, None], "2": [41.7, 66.7, None]},
    }
    # Statement 2: B's five "weet niet" are left out of the base (valid n 10) and have no row.
    assert _table(s2.breakdown) == {
        "columns": [("A", 12), ("B", 10), ("C", 0)],
        "rows": {"1": [50.0, 50.0, None], "2": [50.0, 50.0, None]},
    }


def test_matrix_statements_broken_down_by_another_question(gemeente):
    survey, _groups, _matrix, wie = _matrix_survey(gemeente)
    results = survey_results(survey=survey, filters=ResultFilters(breakdown_question=wie))
    s1, _s2 = by_code(results)["m"].statements
    assert _table(s1.breakdown) == {
        "columns": [("Zelf", 12), ("Iemand anders", 15)],
        "rows": {"1": [58.3, 33.3], "2": [41.7, 66.7]},
    }
    assert by_code(results)["wie"].breakdown is None  # not broken down by itself


def test_matrix_statement_breakdown_hides_a_small_group_and_a_second_column(gemeente):
    survey, groups, matrix, wie = _matrix_survey(gemeente)
    for _index in range(3):
        respond(survey, {matrix: {"s1": "1", "s2": "1"}, wie: "x"}, respondent_group=groups["C"])
    results = survey_results(survey=survey, filters=ResultFilters(breakdown_by_group=True))
    s1 = by_code(results)["m"].statements[0]
    # C (3) is too small; A (12, the smaller other column) hides too, or C could be worked out from the total.
    assert _table(s1.breakdown) == {
        "columns": [("A", None), ("B", 15), ("C", None)],
        "rows": {"1": [None, 33.3, None], "2": [None, 66.7, None]},
    }


def test_results_page_shows_a_matrix_statement_breakdown(client, gemeente, policy_officer):
    from django.urls import reverse

    survey, _groups, _matrix, _wie = _matrix_survey(gemeente)
    client.force_login(policy_officer)
    page = client.get(reverse("surveys:results", args=[survey.pk]), {"uitsplitsen": "groep"}).content.decode()
    statement = page.split("s2: Snel geholpen")[1]
    assert "results-breakdown" in statement.split("</section>")[0]
    assert "58,3%" in page.split("s1: Serieus genomen")[1].split("s2: Snel geholpen")[0]
