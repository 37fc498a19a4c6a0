"""Row locks on PostgreSQL: a double click on "Versturen" from two requests at once sends one response once."""

import threading

from django.db import connection

import pytest

from surveys.constants import ResponseStatus
from surveys.logic import SurveyStructure
from surveys.models import Response
from surveys.respond.services import response_complete, response_page_save
from surveys.tests.builders import build_all_types_survey
from surveys.tests.helpers import field, option

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_simultaneous_sends(postgres_db, gemeente):
    from surveys.models import Answer

    survey = build_all_types_survey(gemeente)
    structure = SurveyStructure.load(survey)
    first = structure.sections[0]
    rows = {}
    for code, value in (("leeftijd", 70), ("gebruik", "nee"), ("wie", "zelf")):
        question = structure.questions_by_id[int(field(survey, code)[1:])]
        if isinstance(value, int):
            rows[question.pk] = [Answer(question_id=question.pk, number_value=value)]
        else:
            rows[question.pk] = [Answer(question_id=question.pk, option_id=int(option(survey, code, value)))]
    response, _ = response_page_save(survey=survey, response=None, structure=structure, section=first, page_rows=rows)
    second = structure.sections[1]
    page_two = {}
    for code, value in (("tevreden", "2"), ("cijfer", "7")):
        question = structure.questions_by_id[int(field(survey, code)[1:])]
        page_two[question.pk] = [Answer(question_id=question.pk, option_id=int(option(survey, code, value)))]
    matrix = structure.questions_by_id[int(field(survey, "stellingen")[1:])]
    page_two[matrix.pk] = [
        Answer(question_id=matrix.pk, statement_id=statement.pk, option_id=int(option(survey, "stellingen", "1")))
        for statement in matrix.statement_list
    ]
    kanalen = structure.questions_by_id[int(field(survey, "kanalen")[1:])]
    page_two[kanalen.pk] = [Answer(question_id=kanalen.pk, option_id=int(option(survey, "kanalen", "web")))]
    response_page_save(survey=survey, response=response, structure=structure, section=second, page_rows=page_two)

    barrier = threading.Barrier(2)
    results, errors = [], []

    def send():
        try:
            barrier.wait()
            results.append(response_complete(survey=survey, response=response, structure=structure).completed_at)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(results) == 2 and results[0] == results[1], "the second send sees the first one's result"
    assert Response.objects.get().status == ResponseStatus.COMPLETE
