"""A respondent's POST uses the survey this process read moments ago; changes still reach the next respondent."""

from datetime import timedelta

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from participatie.tests.factories import GemeenteFactory
from surveys.constants import QuestionType, ResponseStatus, SurveyStatus
from surveys.models import Question, Survey
from surveys.tests.builders import AGREE, add_question, add_section
from surveys.tests.helpers import field, option, section_url, url

pytestmark = pytest.mark.django_db
CONTROL = ("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE", "ROLLBACK")


@pytest.fixture
def survey():
    survey = Survey.objects.create(gemeente=GemeenteFactory(), title="Eén pagina", slug="een", status=SurveyStatus.OPEN)
    page = add_section(survey, "Uw ervaring")
    add_question(page, "S1", QuestionType.SCALE, "Ik werd serieus genomen.", options=AGREE)
    return survey


def answers(survey):
    return {field(survey, "S1"): option(survey, "S1", "2"), "action": "next"}


def another_process_changes(survey, **fields):
    """What a builder write in another gunicorn worker does: the survey's version moves on; this process's
    copies are not told."""
    Survey.objects.filter(pk=survey.pk).update(updated_at=timezone.now() + timedelta(seconds=1), **fields)


def test_the_post_reads_no_survey_after_the_page(client, survey):
    page = survey.sections.get()
    path, data = section_url(survey, page), answers(survey)
    assert client.get(path).status_code == 200
    with CaptureQueriesContext(connection) as context:
        assert client.post(path, data).status_code == 302
    sql = [query["sql"] for query in context.captured_queries if not query["sql"].upper().startswith(CONTROL)]
    assert [statement.split(" (")[0] for statement in sql] == [
        'INSERT INTO "surveys_response"',
        'INSERT INTO "surveys_answer"',
    ]


def test_a_typo_fix_after_publishing_is_shown_to_the_next_respondent_at_once(client, survey):
    page = survey.sections.get()
    client.post(section_url(survey, page), answers(survey))
    client.post(url(survey, "summary"))
    Question.objects.filter(survey=survey, code="S1").update(text="Ik werd serieus genommen, echt.")
    another_process_changes(survey)
    html = Client().get(section_url(survey, page)).content.decode()
    assert "Ik werd serieus genommen, echt." in html


def test_a_question_added_elsewhere_is_checked_when_sending(client, survey):
    page = survey.sections.get()
    assert client.get(section_url(survey, page)).status_code == 200  # this process keeps the survey
    add_question(page, "S2", QuestionType.SCALE, "Ik kreeg snel antwoord.", options=AGREE)
    another_process_changes(survey)
    # The page POST may still validate against the copy of a moment ago ...
    assert client.post(section_url(survey, page), answers(survey)).status_code == 302
    # ... but sending checks the survey's version itself, finds the new required question and sends back to it.
    sent = client.post(url(survey, "summary"))
    assert sent.status_code == 302 and sent["Location"].startswith(section_url(survey, page))
    assert survey.responses.get().status == ResponseStatus.IN_PROGRESS
    assert "Ik kreeg snel antwoord." in client.get(section_url(survey, page)).content.decode()


def test_a_survey_closed_elsewhere_sends_nothing(client, survey):
    page = survey.sections.get()
    assert client.post(section_url(survey, page), answers(survey)).status_code == 302
    another_process_changes(survey, status=SurveyStatus.CLOSED, closed_at=timezone.now())
    assert client.post(url(survey, "summary")).status_code == 409
    assert survey.responses.get().status == ResponseStatus.INCOMPLETE


def test_a_closing_moment_set_elsewhere_sends_nothing(client, survey):
    page = survey.sections.get()
    assert client.post(section_url(survey, page), answers(survey)).status_code == 302
    another_process_changes(survey, closes_at=timezone.now() - timedelta(seconds=1))
    assert client.post(url(survey, "summary")).status_code == 409
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.CLOSED
    assert survey.responses.get().status == ResponseStatus.INCOMPLETE
