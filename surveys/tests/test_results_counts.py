"""The answer counts (surveys/results/counts.py): the same figures as grouping the answers, kept up to date."""

import datetime
import random
from dataclasses import asdict

from django.utils import timezone

import pytest

from surveys.constants import ResponseChannel
from surveys.models import AnswerCount, RespondentGroup, Response
from surveys.results import counts as answer_counts
from surveys.results.selectors import ResultFilters, survey_results
from surveys.results.services import response_exclude, response_restore
from surveys.tests.results_data import build_hand_survey, respond

pytestmark = [pytest.mark.postgres, pytest.mark.usefixtures("postgres_db")]


@pytest.fixture
def survey_with_groups(gemeente):
    """The hand survey plus 40 random responses spread over three groups (and none) and three channels."""
    survey, q, responses = build_hand_survey(gemeente)
    groups = [RespondentGroup.objects.create(survey=survey, name=name, position=i) for i, name in enumerate("ABC")]
    channels = [ResponseChannel.ONLINE_SELF, ResponseChannel.PAPER, ResponseChannel.PHONE]
    chance = random.Random(7)
    for _index in range(40):
        answers = {
            q["contact"]: chance.choice(["ja", "nee"]),
            q["tevreden"]: chance.choice(["1", "2", "3", "4", "5", "9"]),
            q["kanalen"]: chance.sample(["a", "b", "c"], chance.randint(1, 3)),
            q["stellingen"]: {"s1": chance.choice(["1", "2", "9"]), "s2": chance.choice(["4", "5"])},
        }
        respond(
            survey,
            answers,
            respondent_group=chance.choice([*groups, None]),
            channel=chance.choice(channels),
        )
    return survey, q, groups


def _figures(survey, filters, monkeypatch, *, cached: bool):
    with monkeypatch.context() as patch:
        if not cached:
            patch.setattr(answer_counts, "available", lambda: False)
        return asdict(survey_results(survey=survey, filters=filters))


def _variants(groups):
    return [
        ResultFilters(),
        ResultFilters(group=groups[0]),
        ResultFilters(channel=ResponseChannel.PAPER),
        ResultFilters(group=groups[1], channel=ResponseChannel.PHONE),
        ResultFilters(breakdown_by_group=True),
        ResultFilters(channel=ResponseChannel.ONLINE_SELF, breakdown_by_group=True),
    ]


def test_cached_counts_give_the_same_figures_as_grouping_the_answers(survey_with_groups, monkeypatch):
    survey, _q, groups = survey_with_groups
    for filters in _variants(groups):
        cached = _figures(survey, filters, monkeypatch, cached=True)
        assert cached == _figures(survey, filters, monkeypatch, cached=False), filters
    assert AnswerCount.objects.filter(survey=survey).exists()
    assert not Response.objects.filter(survey=survey, is_pilot=True, results_counted=True).exists()


def test_a_response_sent_later_is_counted_at_the_next_read(survey_with_groups, monkeypatch):
    survey, q, groups = survey_with_groups
    before = survey_results(survey=survey)
    respond(survey, {q["contact"]: "ja", q["tevreden"]: "1"}, respondent_group=groups[2])
    after = survey_results(survey=survey)
    assert after.n == before.n + 1
    tevreden = {r.code: r for r in after.questions}["tevreden"].line
    earlier = {r.code: r for r in before.questions}["tevreden"].line
    assert tevreden.options[0].count == earlier.options[0].count + 1
    assert asdict(after) == _figures(survey, ResultFilters(), monkeypatch, cached=False)


def test_leaving_out_takes_a_response_off_and_restoring_counts_it_again(
    survey_with_groups, monkeypatch, policy_officer
):
    survey, _q, _groups = survey_with_groups
    survey_results(survey=survey)
    response = Response.objects.filter(survey=survey, results_counted=True).order_by("pk").last()
    total = AnswerCount.objects.filter(survey=survey, question_id=0)
    before = sum(total.values_list("n", flat=True))
    response_exclude(response=response, user=policy_officer, exclusion_kind="test", reason="Eigen test")
    assert sum(total.values_list("n", flat=True)) == before - 1  # taken off at once, no rebuild needed
    response.refresh_from_db()
    assert not response.results_counted
    assert asdict(survey_results(survey=survey)) == _figures(survey, ResultFilters(), monkeypatch, cached=False)
    response_restore(response=response, user=policy_officer)
    assert survey_results(survey=survey).n == before
    assert sum(total.values_list("n", flat=True)) == before


def test_counts_rebuild_when_a_counted_response_is_gone(survey_with_groups, monkeypatch):
    survey, _q, groups = survey_with_groups
    survey_results(survey=survey)
    Response.objects.filter(survey=survey, results_counted=True, respondent_group=groups[0]).delete()
    Response.objects.filter(survey=survey, results_counted=True, respondent_group=groups[1]).update(is_pilot=True)
    for filters in _variants(groups):
        assert _figures(survey, filters, monkeypatch, cached=True) == _figures(
            survey, filters, monkeypatch, cached=False
        )


def test_no_cache_on_sqlite_means_grouping_the_answers(survey_with_groups, monkeypatch):
    survey, _q, _groups = survey_with_groups
    monkeypatch.setattr(answer_counts, "available", lambda: False)
    survey_results(survey=survey)
    assert not AnswerCount.objects.exists()


def test_the_periodic_task_counts_newly_sent_responses(survey_with_groups, monkeypatch):
    from surveys.tasks import answer_counts_update

    survey, q, _groups = survey_with_groups
    assert answer_counts_update() == [survey.pk]
    assert not Response.objects.filter(survey=survey, status="compleet", is_pilot=False, exclusion_kind="",
                                       results_counted=False).exists()  # fmt: skip
    assert answer_counts_update() == []  # nothing new
    respond(survey, {q["contact"]: "nee"})
    assert answer_counts_update() == [survey.pk]
    assert asdict(survey_results(survey=survey)) == _figures(survey, ResultFilters(), monkeypatch, cached=False)


def test_anonymising_forgets_the_counts_so_open_texts_are_not_counted_any_more(survey_with_groups, monkeypatch):
    from surveys.constants import RetentionMode
    from surveys.services import survey_answers_purge

    survey, _q, _groups = survey_with_groups
    before = {r.code: r for r in survey_results(survey=survey).questions}
    assert before["toelichting"].text_count == 2
    survey.retention_mode = RetentionMode.ANONYMISE
    survey.save(update_fields=["retention_mode"])
    survey_answers_purge(survey=survey)
    after = {r.code: r for r in survey_results(survey=survey).questions}
    assert after["toelichting"].text_count == 0
    assert after["tevreden"].line == before["tevreden"].line  # closed answers kept
    assert asdict(survey_results(survey=survey)) == _figures(survey, ResultFilters(), monkeypatch, cached=False)


def test_answer_and_date_filters_grouped_in_one_statement_give_the_same_figures(survey_with_groups, monkeypatch):
    """Filters the cache cannot serve group the filtered responses' answers in one statement
    (counts.answer_counts_group): every figure equals the one from grouping the answers query by query."""
    survey, q, groups = survey_with_groups
    earlier = timezone.now() - datetime.timedelta(days=10)
    Response.objects.filter(pk__in=list(survey.responses.order_by("pk").values_list("pk", flat=True)[:20])).update(
        completed_at=earlier
    )
    ja = q["contact"].options.get(code="ja")
    nee = q["contact"].options.get(code="nee")
    website = q["kanalen"].options.get(code="a")
    since = (timezone.now() - datetime.timedelta(days=1)).date()
    variants = [
        ResultFilters(answer_question=q["contact"], answer_options=[ja]),
        ResultFilters(answer_question=q["contact"], answer_options=[ja], breakdown_by_group=True),
        ResultFilters(
            answer_question=q["contact"], answer_options=[nee], channel=ResponseChannel.PAPER, breakdown_by_group=True
        ),
        ResultFilters(answer_question=q["kanalen"], answer_options=[website], group=groups[2]),
        ResultFilters(completed_from=since, breakdown_by_group=True),
        ResultFilters(completed_until=since, answer_question=q["contact"], answer_options=[ja, nee]),
        ResultFilters(breakdown_question=q["tevreden"]),
        ResultFilters(group=groups[0], breakdown_question=q["contact"]),
        ResultFilters(answer_question=q["kanalen"], answer_options=[website], breakdown_question=q["contact"]),
        # A breakdown by a multiple-choice question (not offered on the page) still groups its cells apart.
        ResultFilters(completed_from=since, breakdown_question=q["kanalen"]),
    ]
    for filters in variants:
        grouped = _figures(survey, filters, monkeypatch, cached=True)
        assert grouped["questions"], filters
        assert grouped == _figures(survey, filters, monkeypatch, cached=False), filters
