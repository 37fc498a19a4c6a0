"""Response counters (surveys/counters.py) equal a fresh count after every kind of change, also concurrently."""

import contextlib
import threading

from django.db import connection
from django.db.models import Count, Q
from django.utils import timezone

import pytest

from participatie.tests.factories import UserFactory
from surveys.builder.selectors import survey_list_for_export
from surveys.constants import QuestionType, ResponseStatus, RetentionMode, SurveyStatus
from surveys.counters import counters_drop, counters_ensure
from surveys.logic import SurveyStructure
from surveys.models import Answer, Response, Survey, SurveyResponseCounter
from surveys.respond.services import response_complete, response_page_save
from surveys.results.services import response_exclude
from surveys.services import survey_answers_purge, survey_close
from surveys.tests.builders import AGREE, add_question, add_section
from surveys.tests.factories import ResponseFactory


def fresh_counts(survey) -> dict:
    return Response.objects.filter(survey=survey, is_pilot=False).aggregate(
        started=Count("pk"), complete=Count("pk", filter=Q(status=ResponseStatus.COMPLETE))
    )


def kept_counts(survey) -> dict:
    rows = SurveyResponseCounter.objects.filter(survey=survey)
    return {
        "started": sum(row.started for row in rows),
        "complete": sum(row.complete for row in rows),
    }


def assert_exact(survey, started, complete):
    assert fresh_counts(survey) == {"started": started, "complete": complete}
    assert kept_counts(survey) == {"started": started, "complete": complete}


def one_question_survey(gemeente, **fields) -> Survey:
    survey = Survey.objects.create(gemeente=gemeente, title="Teller", slug="teller", status=SurveyStatus.OPEN, **fields)
    add_question(add_section(survey, "Vragen"), "S1", QuestionType.SCALE, options=AGREE)
    return survey


def submit(survey, structure, *, send=True) -> Response:
    """A respondent's page save and (optionally) sending, through the services the pages use."""
    question = structure.questions_by_id[next(iter(structure.questions_by_id))]
    rows = {question.pk: [Answer(question_id=question.pk, option_id=question.option_list[1].pk)]}
    response, _visible = response_page_save(
        survey=survey, response=None, structure=structure, section=structure.sections[0], page_rows=rows
    )
    if send:
        # The concurrent test's officer may delete it between saving and sending; the resident's page
        # (DatabaseStore.complete) treats that the same way.
        with contextlib.suppress(Response.DoesNotExist):
            response_complete(survey=survey, structure=structure, response_id=response.pk)
    return response


@pytest.mark.django_db
def test_every_survey_starts_with_its_counter_rows(gemeente):
    survey = one_question_survey(gemeente)
    assert SurveyResponseCounter.objects.filter(survey=survey).count() == 8
    assert_exact(survey, 0, 0)


@pytest.mark.django_db
def test_counters_follow_saving_sending_pilot_closing_cleaning_retention_and_deleting(gemeente):
    survey = one_question_survey(gemeente, retention_mode=RetentionMode.ANONYMISE)
    structure = SurveyStructure.load(survey)
    sent = [submit(survey, structure) for _ in range(5)]
    busy = [submit(survey, structure, send=False) for _ in range(3)]
    ResponseFactory.create_batch(
        2, survey=survey, is_pilot=True, status=ResponseStatus.COMPLETE, completed_at=timezone.now()
    )
    assert_exact(survey, 8, 5)
    listed = survey_list_for_export(user=UserFactory(is_superuser=True), gemeenten=[gemeente]).get(pk=survey.pk)
    assert (listed.started_count, listed.response_count) == (8, 5)

    Response.objects.filter(pk=sent[0].pk).update(is_pilot=True)  # marked as a pilot response afterwards
    assert_exact(survey, 7, 4)
    Response.objects.filter(pk=busy[0].pk).delete()
    assert_exact(survey, 6, 4)
    response_exclude(response=sent[1], user=UserFactory(), exclusion_kind="test", reason="Zelf getest")
    assert_exact(survey, 6, 4)  # left out of results, still a sent response on the survey pages
    survey_close(survey=survey)  # in progress -> incomplete: still started, not sent
    assert_exact(survey, 6, 4)
    survey_answers_purge(survey=survey)  # anonymise: the responses stay
    assert_exact(survey, 6, 4)
    Survey.objects.filter(pk=survey.pk).update(retention_mode=RetentionMode.OPEN_TEXTS)
    survey_answers_purge(survey=Survey.objects.get(pk=survey.pk))
    assert_exact(survey, 6, 4)
    Survey.objects.filter(pk=survey.pk).update(retention_mode=RetentionMode.ALL_ANSWERS)
    survey_answers_purge(survey=Survey.objects.get(pk=survey.pk))
    assert_exact(survey, 0, 0)
    survey.delete()
    assert not SurveyResponseCounter.objects.exists()


@pytest.mark.django_db
def test_missing_triggers_are_created_again_and_the_counters_recounted(gemeente):
    """SQLite drops a table's triggers when a migration rebuilds it; ``migrate`` then puts them back."""
    survey = one_question_survey(gemeente)
    structure = SurveyStructure.load(survey)
    submit(survey, structure)
    counters_drop()
    submit(survey, structure)
    assert kept_counts(survey) == {"started": 1, "complete": 1}  # not counted without triggers
    assert counters_ensure() is True
    assert_exact(survey, 2, 2)
    assert counters_ensure() is False  # nothing missing: nothing done
    submit(survey, structure, send=False)
    assert_exact(survey, 3, 2)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_counters_stay_exact_under_concurrent_submissions(postgres_db, gemeente):
    survey = one_question_survey(gemeente)
    other = one_question_survey(gemeente.__class__.objects.create(name="Veere", slug="veere", cbs_code="GM0717"))
    structures = {survey.pk: SurveyStructure.load(survey), other.pk: SurveyStructure.load(other)}
    threads_n, each = 8, 12
    barrier = threading.Barrier(threads_n + 1)
    errors = []

    def respondent(index):
        try:
            barrier.wait()
            for number in range(each):
                target = survey if (index + number) % 3 else other
                submit(target, structures[target.pk], send=number % 4 != 0)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    def officer():
        """At the same time: responses marked as pilot, deleted, sent twice."""
        try:
            barrier.wait()
            for _ in range(each):
                first = Response.objects.filter(survey=survey, is_pilot=False).order_by("pk").first()
                if first is not None:
                    Response.objects.filter(pk=first.pk).update(is_pilot=True)
                last = Response.objects.filter(survey=other).order_by("-pk").first()
                if last is not None:
                    last.delete()
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=respondent, args=(i,)) for i in range(threads_n)]
    threads.append(threading.Thread(target=officer))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors[:3]
    for one in (survey, other):
        assert kept_counts(one) == fresh_counts(one)
    total = Response.objects.filter(survey__in=[survey, other]).count()
    assert total > threads_n * each - 2 * each  # the officer deleted at most one a round
    assert fresh_counts(survey)["complete"] > 0
