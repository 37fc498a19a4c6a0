"""The respondent's reference to their response: a signed cookie of its own, no database session."""

from django.conf import settings
from django.contrib.sessions.models import Session
from django.http import HttpResponse
from django.test import RequestFactory

import pytest

from participatie.tests.factories import GemeenteFactory
from surveys.constants import RESPONSE_COOKIE_NAME, QuestionType, ResponseStatus, SurveyStatus
from surveys.models import Response, Survey
from surveys.tests.builders import AGREE, add_question, add_section
from surveys.tests.helpers import field, option, section_url, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey():
    survey = Survey.objects.create(gemeente=GemeenteFactory(), title="Koekje", slug="koekje", status=SurveyStatus.OPEN)
    page = add_section(survey, "Eén")
    add_question(page, "S1", QuestionType.SCALE, "Stelling", options=AGREE)
    add_section(survey, "Twee")
    return survey


def answers(survey):
    return {field(survey, "S1"): option(survey, "S1", "2"), "action": "next"}


def post_page(client, survey):
    page = survey.sections.order_by("position").first()
    return client.post(section_url(survey, page), answers(survey))


def test_cookie_is_signed_httponly_lax_and_limited_to_the_survey_pages(client, survey):
    response = post_page(client, survey)
    assert response.status_code == 302
    cookie = response.cookies[f"{RESPONSE_COOKIE_NAME}_{survey.pk}"]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["path"] == url(survey, "start")
    assert cookie["secure"] == ("" if not settings.SESSION_COOKIE_SECURE else True)
    stored = Response.objects.get(survey=survey)
    # Only the signed id of the response: no address, browser or code.
    request = RequestFactory().get("/")
    request.COOKIES[cookie.key] = cookie.value
    assert request.get_signed_cookie(cookie.key, salt=f"surveys.response.{survey.pk}") == str(stored.pk)
    assert stored.resume_code not in cookie.value
    assert not Session.objects.exists()


def test_the_same_respondent_goes_on_with_the_same_response(client, survey):
    post_page(client, survey)
    post_page(client, survey)
    assert Response.objects.filter(survey=survey).count() == 1
    assert client.post(url(survey, "summary"), {}).status_code == 302
    assert Response.objects.get(survey=survey).status == ResponseStatus.COMPLETE
    # Sending twice keeps one sent response.
    assert client.post(url(survey, "summary"), {}).status_code == 302
    assert Response.objects.filter(survey=survey, status=ResponseStatus.COMPLETE).count() == 1


def test_a_tampered_or_foreign_cookie_does_not_reach_another_response(client, survey):
    other = Response.objects.create(survey=survey)
    name = f"{RESPONSE_COOKIE_NAME}_{survey.pk}"
    client.cookies[name] = str(other.pk)  # unsigned
    post_page(client, survey)
    assert not other.answers.exists()
    # Signed for another survey (other salt): not accepted either.
    forged = HttpResponse()
    forged.set_signed_cookie(name, str(other.pk), salt="surveys.response.0")
    client.cookies[name] = forged.cookies[name].value
    assert client.post(url(survey, "summary"), {}).status_code == 302
    other.refresh_from_db()
    assert other.status == ResponseStatus.IN_PROGRESS


def test_start_page_after_sending_forgets_the_reference(client, survey):
    post_page(client, survey)
    client.post(url(survey, "summary"), {})
    response = client.get(url(survey, "start"))
    assert response.status_code == 200
    assert response.cookies[f"{RESPONSE_COOKIE_NAME}_{survey.pk}"].value == ""


def test_a_reference_kept_in_the_session_before_is_moved_to_the_cookie(client, survey):
    started = Response.objects.create(survey=survey)
    session = client.session
    session[f"surveys.response.{survey.pk}"] = started.pk
    session.save()
    response = post_page(client, survey)
    assert response.status_code == 302
    assert started.answers.count() == 1
    assert f"{RESPONSE_COOKIE_NAME}_{survey.pk}" in response.cookies
    assert f"surveys.response.{survey.pk}" not in client.session
