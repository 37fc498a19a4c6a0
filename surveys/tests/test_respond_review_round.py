"""An outside review of the last page's send (issue 14): crafted posts and what the one-statement send stores."""

from django.test import Client
from django.utils import timezone

import pytest

from participatie.tests.factories import GemeenteFactory
from surveys.constants import QuestionType, ResponseStatus, SurveyStatus
from surveys.models import Answer, Response, Survey
from surveys.respond import views
from surveys.selectors import answer_rows_for_response
from surveys.tests.builders import add_question, add_section
from surveys.tests.factories import RespondentGroupFactory, ResponseFactory
from surveys.tests.helpers import field, option, section_url, url
from surveys.tests.test_respond_onecommit import (
    one_page_answers,
    one_page_survey,
    page,
    start_with_a_code,
    two_page_survey,
)

pytestmark = pytest.mark.django_db


def choices_survey(**question) -> Survey:
    survey = Survey.objects.create(gemeente=GemeenteFactory(), title="Keuzes", slug="keuzes", status=SurveyStatus.OPEN)
    add_question(
        add_section(survey, "Alles"),
        "kanalen",
        QuestionType.MULTIPLE_CHOICE,
        options=[("a", "Website"), ("b", "Balie"), ("c", "Telefoon")],
        **question,
    )
    return survey


@pytest.mark.parametrize("action", ["send", "next"])
def test_an_option_posted_twice_counts_once(action):
    """A crafted post naming one option twice is one choice: stored (and sent) once, not a 'survey changed' 409,
    and it cannot fill a minimum of two choices."""
    survey = choices_survey(min_choices=1)
    page = survey.sections.get()
    a = option(survey, "kanalen", "a")
    response = Client().post(section_url(survey, page), {field(survey, "kanalen"): [a, a], "action": action})
    assert response.status_code == 302
    assert list(Answer.objects.values_list("option_id", flat=True)) == [int(a)]

    survey = choices_survey(min_choices=2)
    page = survey.sections.get()
    a = option(survey, "kanalen", "a")
    response = Client().post(section_url(survey, page), {field(survey, "kanalen"): [a, a], "action": action})
    assert response.status_code == 400
    assert "Kies minstens 2 antwoorden." in response.content.decode()
    assert not Response.objects.filter(survey=survey).exists()


RESPONSE_COLUMNS = [field.attname for field in Response._meta.concrete_fields]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("careful", [False, True])
def test_the_one_statement_send_stores_every_response_column_as_saving_and_sending_from_the_overview(careful):
    """Each column of the response: the one-statement INSERT (PostgreSQL) or the two INSERTs (SQLite), or with a
    maximum the careful path in one transaction, against the page save followed by the overview's send; the
    moments in the same order (started, saved, sent)."""
    survey = one_page_survey(max_responses=10 if careful else None)
    path = section_url(survey, survey.sections.get())
    assert Client().post(path, one_page_answers(survey))["Location"] == url(survey, "done")
    respondent = Client()
    respondent.post(path, one_page_answers(survey, action="next"))
    assert respondent.post(url(survey, "summary"), {"action": "send"})["Location"] == url(survey, "done")
    sent, saved = Response.objects.order_by("pk")
    moments = {"id", "resume_code", "created_at", "updated_at", "completed_at"}
    assert sent.status == ResponseStatus.COMPLETE
    assert {c: getattr(sent, c) for c in RESPONSE_COLUMNS if c not in moments} == {
        c: getattr(saved, c) for c in RESPONSE_COLUMNS if c not in moments
    }
    assert len(sent.resume_code) == len(saved.resume_code) and sent.resume_code != saved.resume_code
    for response in (sent, saved):
        assert response.created_at <= response.completed_at <= response.updated_at


@pytest.mark.parametrize("action", ["send", "next"])
def test_a_response_deleted_while_its_page_is_posted_is_a_409_not_a_500(monkeypatch, action):
    """An officer (or the retention run) deletes the response between the page reading it and locking it: a Dutch
    page and a 409, the cookie forgotten so the resident can start again."""
    survey = two_page_survey()
    respondent = Client()
    respondent.post(section_url(survey, page(survey, "Eerst")), {field(survey, "A1"): option(survey, "A1", "1")})
    response = Response.objects.get()

    def read_then_deleted(*, response):
        rows = answer_rows_for_response(response=response)
        Response.objects.filter(pk=response.pk).delete()
        return rows

    monkeypatch.setattr(views, "answer_rows_for_response", read_then_deleted)
    data = {field(survey, "B1"): option(survey, "B1", "3"), "action": action}
    page_response = respondent.post(section_url(survey, page(survey, "Dan")), data)
    assert page_response.status_code == 409
    assert "Uw antwoorden konden niet worden verwerkt" in page_response.content.decode()
    assert respondent.cookies[f"vragenlijst_{survey.pk}"].value == ""  # forgotten
    assert not Response.objects.filter(pk=response.pk).exists()


def test_a_group_full_when_sending_from_the_last_page_is_a_409():
    """Refused like a full survey (409): the page is kept, nothing is sent."""
    survey = one_page_survey(requires_code=True)
    group = RespondentGroupFactory(survey=survey, quota=1)
    respondent = Client()
    start_with_a_code(respondent, survey, respondent_group=group)
    ResponseFactory(survey=survey, respondent_group=group, status=ResponseStatus.COMPLETE, completed_at=timezone.now())
    page_response = respondent.post(section_url(survey, survey.sections.get()), one_page_answers(survey))
    assert page_response.status_code == 409 and "genoeg mensen uit uw groep" in page_response.content.decode()
    assert Response.objects.get(respondent_group=group, status=ResponseStatus.IN_PROGRESS).answers.count() == 4
