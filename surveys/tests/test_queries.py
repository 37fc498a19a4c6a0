"""Saving a page costs the same number of queries for 4 or 60 questions."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from participatie.tests.factories import GemeenteFactory
from surveys.constants import QuestionType, SurveyStatus
from surveys.models import Answer, Survey
from surveys.tests.builders import AGREE, add_question, add_section
from surveys.tests.helpers import field, option, section_url, url
from surveys.tests.test_respond_onecommit import ONE_PAGE_SEND, statement_heads

pytestmark = pytest.mark.django_db


def build(n_questions):
    gemeente = GemeenteFactory()
    survey = Survey.objects.create(
        gemeente=gemeente, title=f"{n_questions} vragen", slug=f"q{n_questions}", status=SurveyStatus.OPEN
    )
    page = add_section(survey, "Stellingen")
    data = {"action": "next"}
    for index in range(n_questions):
        code = f"B{index}"
        if index % 4 == 3:
            add_question(page, code, QuestionType.SHORT_TEXT)
            data[field(survey, code)] = "tekst"
        elif index % 4 == 2:
            add_question(page, code, QuestionType.MATRIX, options=AGREE, statements=[("a", "A"), ("b", "B")])
            data[field(survey, code, "a")] = option(survey, code, "1")
            data[field(survey, code, "b")] = option(survey, code, "2")
        else:
            add_question(page, code, QuestionType.SCALE, options=AGREE, off_scale=("wn", "Weet niet"))
            data[field(survey, code)] = option(survey, code, "wn")
    add_section(survey, "Einde")
    return survey, page, data


def count_queries(client, path, data):
    with CaptureQueriesContext(connection) as context:
        response = client.post(path, data)
    assert response.status_code == 302, response.content.decode()[:500]
    return len(context.captured_queries)


def test_page_submit_query_count_does_not_grow_with_questions(client):
    small, small_page, small_data = build(4)
    large, large_page, large_data = build(60)
    first_small = count_queries(client, section_url(small, small_page), small_data)
    first_large = count_queries(client, section_url(large, large_page), large_data)
    again_small = count_queries(client, section_url(small, small_page), small_data)
    again_large = count_queries(client, section_url(large, large_page), large_data)
    assert first_small == first_large
    assert again_small == again_large
    assert again_large <= 16, f"a page save took {again_large} queries"
    assert Answer.objects.filter(question__survey=large).count() == 60 + 15  # matrices have two statements


def test_page_submit_query_budget(client, django_assert_max_num_queries):
    survey, page, data = build(13)
    client.post(section_url(survey, page), data)
    with django_assert_max_num_queries(16):
        assert client.post(section_url(survey, page), data).status_code == 302
    with django_assert_max_num_queries(16):
        assert client.get(section_url(survey, page)).status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get(url(survey, "summary")).status_code == 200


TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")


def statements(client, path, data):
    """The SQL statements of one POST, without transaction control (SQLite logs BEGIN, PostgreSQL not)."""
    with CaptureQueriesContext(connection) as context:
        response = client.post(path, data)
    assert response.status_code == 302, response.content.decode()[:500]
    return [q["sql"] for q in context.captured_queries if not q["sql"].upper().startswith(TRANSACTION_CONTROL)]


@pytest.mark.parametrize("n_questions", [4, 13, 60])
def test_first_page_submit_and_send_cost_a_fixed_number_of_statements(client, n_questions):
    survey, page, data = build(n_questions)
    assert client.get(section_url(survey, page)).status_code == 200  # as a person does; loads the structure
    page_sql = statements(client, section_url(survey, page), data)
    # The new response; all answers in one INSERT. The survey is the copy this process read for the page (its
    # GET); no session row is read or written.
    assert len(page_sql) == 2, page_sql
    assert page_sql[0].startswith('INSERT INTO "surveys_response"'), page_sql
    assert not any("django_session" in sql for sql in page_sql)
    send_sql = statements(client, url(survey, "summary"), {})
    # One UPDATE that checks the survey's status, window and version and the response's state itself. The answers
    # are not read back: the page save found them complete for this version of the survey.
    assert len(send_sql) == 1, send_sql
    assert send_sql[0].startswith('UPDATE "surveys_response"'), send_sql
    assert not any("django_session" in sql for sql in send_sql)
    assert survey.responses.get().status == "compleet"


def test_page_resubmit_statement_count_does_not_grow_with_questions(client):
    counts = []
    for n_questions in (4, 60):
        survey, page, data = build(n_questions)
        client.post(section_url(survey, page), data)
        counts.append(len(statements(client, section_url(survey, page), data)))
    assert counts[0] == counts[1] <= 7, counts


@pytest.mark.parametrize("n_questions", [4, 60])
def test_send_after_a_later_page_save_reads_the_answers_once(client, n_questions):
    survey, page, data = build(n_questions)
    client.post(section_url(survey, page), data)
    client.post(section_url(survey, page), data)  # saved again: the check is left to the send
    send_sql = statements(client, url(survey, "summary"), {})
    # The one-statement send finds nothing to send (the answers were not checked); then the response, locked;
    # the survey as it is now; its answers (one query); the status update.
    assert len(send_sql) == 5, send_sql
    assert survey.responses.get().status == "compleet"


@pytest.mark.parametrize("n_questions", [4, 13, 60])
def test_sending_from_a_one_page_survey_costs_two_statements_whatever_its_size(client, n_questions):
    survey, page, data = build(n_questions)
    page = survey.sections.order_by("position").first()
    survey.sections.exclude(pk=page.pk).delete()  # one page: its "Versturen" sends
    assert client.get(section_url(survey, page)).status_code == 200
    sql = statements(client, section_url(survey, page), {**data, "action": "send"})
    # The response inserted already sent with all its answers (on PostgreSQL in the same statement); no overview, no
    # second transaction.
    assert statement_heads(sql) == ONE_PAGE_SEND[connection.vendor], sql
    assert survey.responses.get().status == "compleet"
