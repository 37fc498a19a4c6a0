"""Sending checks every required answer, also when the page save could not vouch for them."""

from django.utils import timezone

import pytest

from participatie.tests.factories import GemeenteFactory
from surveys.constants import QuestionType, ResponseStatus, SurveyStatus
from surveys.models import Answer, Response, Survey
from surveys.services import survey_structure_changed
from surveys.tests.builders import AGREE, add_question, add_section
from surveys.tests.helpers import field, option, section_url, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey():
    survey = Survey.objects.create(gemeente=GemeenteFactory(), title="Check", slug="check", status=SurveyStatus.OPEN)
    page = add_section(survey, "Eén")
    add_question(page, "S1", QuestionType.SCALE, "Stelling een", options=AGREE)
    add_question(page, "S2", QuestionType.SCALE, "Stelling twee", options=AGREE)
    return survey


def full(survey, action="next"):
    return {
        field(survey, "S1"): option(survey, "S1", "1"),
        field(survey, "S2"): option(survey, "S2", "2"),
        "action": action,
    }


def test_a_complete_first_page_is_marked_for_this_survey_version(client, survey):
    client.post(section_url(survey, survey.sections.get()), full(survey))
    survey.refresh_from_db()
    assert Response.objects.get().answers_complete_for == survey.updated_at


def test_a_half_page_kept_by_going_back_is_not_marked_and_cannot_be_sent(client, survey):
    page = survey.sections.get()
    data = {field(survey, "S1"): option(survey, "S1", "1"), "action": "previous"}
    assert client.post(section_url(survey, page), data).status_code == 302
    response = Response.objects.get()
    assert response.answers_complete_for is None
    sent = client.post(url(survey, "summary"), {})
    assert sent.status_code == 302
    assert sent["Location"] == section_url(survey, page) + "?terug=overzicht"
    assert Response.objects.get().status == ResponseStatus.IN_PROGRESS


def test_a_later_page_save_clears_the_mark(client, survey):
    page = survey.sections.get()
    client.post(section_url(survey, page), full(survey))
    client.post(section_url(survey, page), {field(survey, "S1"): option(survey, "S1", "1"), "action": "previous"})
    assert Response.objects.get().answers_complete_for is None
    client.post(url(survey, "summary"), {})
    assert Response.objects.get().status == ResponseStatus.IN_PROGRESS  # S2 is missing


def test_a_mark_of_another_survey_version_is_not_trusted(client, survey):
    page = survey.sections.get()
    client.post(section_url(survey, page), full(survey))
    response = Response.objects.get()
    # Something was changed since (e.g. by an officer); and an answer is gone.
    Answer.objects.filter(response=response, question__code="S2").delete()
    survey_structure_changed(survey=survey)
    client.post(url(survey, "summary"), {})
    assert Response.objects.get().status == ResponseStatus.IN_PROGRESS


def test_a_mark_of_this_version_lets_the_send_through(client, survey):
    client.post(section_url(survey, survey.sections.get()), full(survey))
    before = timezone.now()
    assert client.post(url(survey, "summary"), {})["Location"] == url(survey, "done")
    response = Response.objects.get()
    assert response.status == ResponseStatus.COMPLETE
    assert response.completed_at >= before
    assert response.answers.count() == 2
