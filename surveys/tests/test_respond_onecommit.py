"""Sending from the last page: the page and sending in one committing transaction (issue 14).

The last page offers "Versturen" (``action=send``) besides "Eerst mijn antwoorden bekijken" (the overview, which
sends as before). A new respondent's one-page submission is one commit of two statements; on a longer survey the
last page's save sends, nothing extra. The careful cases (quota group, letter's code, pilot, help answer, survey
closed meanwhile, answers missing on an earlier page) keep their meaning.
"""

import threading
from datetime import timedelta

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone

import pytest

from participatie.tests.factories import GemeenteFactory
from surveys.constants import AssistedBy, QuestionType, ResponseChannel, ResponseStatus, SurveyStatus
from surveys.fieldwork.pilot_services import pilot_save
from surveys.logic import SurveyStructure
from surveys.models import Answer, InvitationClaim, InvitationCode, Response, Survey
from surveys.respond.services import response_page_save, response_page_save_and_send
from surveys.tests.builders import AGREE, add_question, add_rule, add_section
from surveys.tests.factories import InvitationCodeFactory, RespondentGroupFactory, ResponseFactory
from surveys.tests.helpers import field, option, section_url, url
from surveys.tests.test_counters import fresh_counts, kept_counts

WRITES = ("INSERT", "UPDATE", "DELETE", "WITH")
CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")
# A new respondent's one-page submission: on PostgreSQL one statement (response and answers, a data-modifying
# WITH), on SQLite (no INSERT inside WITH) the response and then the answers.
ONE_PAGE_SEND = {
    "postgresql": ['WITH sent AS (INSERT INTO "surveys_response"'],
    "sqlite": ['INSERT INTO "surveys_response"', 'INSERT INTO "surveys_answer"'],
}


def statement_heads(statements: list[str]) -> list[str]:
    """Each statement up to its first opening parenthesis after the table (what it does, to which table)."""
    return [sql[: sql.index('" (') + 1] if '" (' in sql else sql for sql in statements]


class Transactions:
    """Counts the SQL statements and the committing transactions that wrote something (what the WAL flushes)."""

    def __init__(self):
        self.statements, self.commits, self.dirty = [], 0, False

    def __call__(self, execute, sql, params, many, context):
        if not sql.upper().startswith(CONTROL):
            self.statements.append(sql)
        if sql.lstrip().upper().startswith(WRITES):
            if connection.in_atomic_block:
                self.dirty = True
            else:
                self.commits += 1  # autocommit: the statement is its own transaction
        return execute(sql, params, many, context)

    def post(self, client, path, data):
        self.statements, self.commits, self.dirty = [], 0, False
        wrapper = connections[DEFAULT_DB_ALIAS]
        original = wrapper.commit

        def commit():
            if self.dirty:
                self.commits, self.dirty = self.commits + 1, False
            return original()

        wrapper.commit = commit  # on this connection object only, removed again below
        try:
            with wrapper.execute_wrapper(self):
                return client.post(path, data)
        finally:
            del wrapper.commit


def one_page_survey(gemeente=None, **fields) -> Survey:
    survey = Survey.objects.create(
        gemeente=gemeente or GemeenteFactory(), title="Eén pagina", slug="een", status=SurveyStatus.OPEN, **fields
    )
    page = add_section(survey, "Uw ervaring")
    for index in range(1, 4):
        add_question(page, f"S{index}", QuestionType.SCALE, options=AGREE, off_scale=("wn", "Weet niet"))
    add_question(page, "opmerking", QuestionType.LONG_TEXT, is_required=False)
    return survey


def one_page_answers(survey, action="send", **extra) -> dict:
    data = {field(survey, f"S{index}"): option(survey, f"S{index}", "2") for index in range(1, 4)}
    return {**data, field(survey, "opmerking"): "Goed zo.", "action": action, **extra}


def two_page_survey() -> Survey:
    survey = Survey.objects.create(gemeente=GemeenteFactory(), title="Twee", slug="twee", status=SurveyStatus.OPEN)
    add_question(add_section(survey, "Eerst"), "A1", QuestionType.SCALE, options=AGREE)
    add_question(add_section(survey, "Dan"), "B1", QuestionType.SCALE, options=AGREE)
    return survey


def page(survey, title):
    return survey.sections.get(title=title)


def run_at_once(target, count: int) -> None:
    """Run ``target(index)`` in ``count`` threads started together (each closes its own connection)."""
    barrier = threading.Barrier(count)

    def run(index):
        try:
            barrier.wait()
            target(index)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


# The page ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_last_page_offers_sending_first_and_the_overview_second(client):
    survey = two_page_survey()
    first = client.get(section_url(survey, page(survey, "Eerst"))).content.decode()
    assert 'value="send"' not in first and 'name="assisted_by"' not in first
    html = client.get(section_url(survey, page(survey, "Dan"))).content.decode()
    send, overview = html.index('value="send"'), html.index("Eerst mijn antwoorden bekijken")
    assert send < overview < html.index('value="previous"')  # tab order: send, overview, previous
    assert '<button type="submit" name="action" value="send" class="btn btn-primary btn-lg"' in html
    assert ">Versturen</button>" in html
    assert 'name="assisted_by"' in html  # asked here too, so a sender from this page is asked as on the overview
    # Back from the overview to change this page: as before, one button back to the overview.
    back = client.get(section_url(survey, page(survey, "Dan")) + "?terug=overzicht").content.decode()
    assert 'value="send"' not in back and "Bewaren en terug naar het overzicht" in back


@pytest.mark.django_db
def test_the_overview_button_saves_and_shows_the_overview_which_sends(client):
    survey = one_page_survey()
    path = section_url(survey, survey.sections.get())
    response = client.post(path, one_page_answers(survey, action="next"))
    assert response["Location"] == url(survey, "summary")
    assert Response.objects.get().status == ResponseStatus.IN_PROGRESS
    assert client.post(url(survey, "summary")).status_code == 302
    assert Response.objects.get().status == ResponseStatus.COMPLETE


# Cost ---------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_one_page_submission_is_one_commit_of_two_statements(client):
    survey = one_page_survey()
    path = section_url(survey, survey.sections.get())
    assert client.get(path).status_code == 200  # as a person does; loads the survey and its structure
    counted = Transactions()
    response = counted.post(client, path, one_page_answers(survey))
    assert response.status_code == 302 and response["Location"] == url(survey, "done")
    # The response inserted already sent (the INSERT itself checks the survey version is open) with its answers.
    assert statement_heads(counted.statements) == ONE_PAGE_SEND[connection.vendor], counted.statements
    assert counted.commits == 1
    sent = Response.objects.get()
    assert (sent.status, sent.current_section_id, sent.channel) == (
        ResponseStatus.COMPLETE,
        None,
        ResponseChannel.ONLINE_SELF,
    )
    assert sent.completed_at is not None and sent.answers.count() == 4
    assert client.get(url(survey, "done")).status_code == 200  # the cookie names the sent response


@pytest.mark.django_db(transaction=True)
def test_on_two_pages_the_last_page_sends_without_a_statement_more(client):
    survey = two_page_survey()
    one, two = page(survey, "Eerst"), page(survey, "Dan")
    counted = Transactions()
    first = counted.post(
        client, section_url(survey, one), {field(survey, "A1"): option(survey, "A1", "1"), "action": "next"}
    )
    assert first.status_code == 302 and counted.commits == 1
    last = {field(survey, "B1"): option(survey, "B1", "3")}
    saved = counted.post(client, section_url(survey, two), {**last, "action": "next"})
    assert saved["Location"] == url(survey, "summary")
    only_saving = list(counted.statements)
    sent = counted.post(client, section_url(survey, two), {**last, "action": "send"})
    assert sent["Location"] == url(survey, "done")
    assert counted.commits == 1
    # Saving again clears this page's answers first (one DELETE); apart from that, sending costs what saving did.
    assert len(counted.statements) == len(only_saving) + 1, (only_saving, counted.statements)
    assert [s.split(" ")[0] for s in counted.statements].count("UPDATE") == 1
    response = Response.objects.get()
    assert response.status == ResponseStatus.COMPLETE and response.answers.count() == 2


@pytest.mark.django_db(transaction=True)
def test_the_last_page_send_of_a_two_page_survey_equals_its_save(client):
    """The last page posted once: with "Versturen" exactly as many statements as with the overview button."""
    counts = {}
    for action in ("next", "send"):
        survey = two_page_survey()
        respondent = Client()
        respondent.post(section_url(survey, page(survey, "Eerst")), {field(survey, "A1"): option(survey, "A1", "1")})
        counted = Transactions()
        data = {field(survey, "B1"): option(survey, "B1", "3"), "action": action}
        assert counted.post(respondent, section_url(survey, page(survey, "Dan")), data).status_code == 302
        counts[action] = (len(counted.statements), counted.commits)
        survey.delete()
    assert counts["send"] == counts["next"] == (5, 1), counts


# Counters ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_counters_count_a_response_inserted_as_sent(client):
    survey = one_page_survey()
    path = section_url(survey, survey.sections.get())
    for _ in range(3):
        assert Client().post(path, one_page_answers(survey))["Location"] == url(survey, "done")
    Client().post(path, one_page_answers(survey, action="next"))  # left at the overview
    two = two_page_survey()
    respondent = Client()
    respondent.post(section_url(two, page(two, "Eerst")), {field(two, "A1"): option(two, "A1", "1")})
    respondent.post(section_url(two, page(two, "Dan")), {field(two, "B1"): option(two, "B1", "1"), "action": "send"})
    assert fresh_counts(survey) == kept_counts(survey) == {"started": 4, "complete": 3}
    assert fresh_counts(two) == kept_counts(two) == {"started": 1, "complete": 1}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_counters_stay_exact_under_concurrent_sends_from_the_page(postgres_db):
    survey = one_page_survey()
    structure = SurveyStructure.load(survey)
    section = structure.sections[0]
    questions = structure.questions_of(section)
    threads_n, each = 6, 10
    errors = []

    def rows():
        return {q.pk: [Answer(question_id=q.pk, option_id=q.option_list[0].pk)] for q in questions if q.option_list}

    def respondent(index):
        try:
            for number in range(each):
                response = None
                if number % 3 == 0:  # saved, then sent from the last page again (the UPDATE path)
                    response, _visible = response_page_save(
                        survey=survey, response=None, structure=structure, section=section, page_rows=rows()
                    )
                    response = Response.objects.get(pk=response.pk)
                result = response_page_save_and_send(
                    survey=survey, response=response, structure=structure, section=section, page_rows=rows()
                )
                assert result.sent and result.problem is None
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)

    run_at_once(respondent, threads_n)
    assert not errors, errors[:3]
    assert fresh_counts(survey) == kept_counts(survey) == {"started": threads_n * each, "complete": threads_n * each}


# When it cannot be sent ---------------------------------------------------------------------


@pytest.mark.django_db
def test_an_answer_missing_on_an_earlier_page_keeps_this_page_and_leads_there(client):
    survey = two_page_survey()
    one, two = page(survey, "Eerst"), page(survey, "Dan")
    data = {field(survey, "B1"): option(survey, "B1", "4"), "action": "send"}
    response = client.post(section_url(survey, two), data)
    assert response.status_code == 302 and response["Location"] == section_url(survey, one) + "?terug=overzicht"
    kept = Response.objects.get()
    assert kept.status == ResponseStatus.IN_PROGRESS
    assert list(kept.answers.values_list("question__code", flat=True)) == ["B1"]
    html = client.get(response["Location"]).content.decode()
    assert "Op deze pagina moeten nog vragen beantwoord worden." in html
    # Answered there, back to the overview, sent from there.
    client.post(section_url(survey, one), {field(survey, "A1"): option(survey, "A1", "1"), "return": "summary"})
    assert client.post(url(survey, "summary"))["Location"] == url(survey, "done")
    assert Response.objects.get().status == ResponseStatus.COMPLETE


@pytest.mark.django_db
def test_a_survey_closed_in_another_process_keeps_the_answers_as_incomplete(client):
    survey = one_page_survey()
    path = section_url(survey, survey.sections.get())
    assert client.get(path).status_code == 200  # this process keeps the open survey for a few seconds
    Survey.objects.filter(pk=survey.pk).update(status=SurveyStatus.CLOSED, updated_at=timezone.now())
    response = client.post(path, one_page_answers(survey))
    assert response.status_code == 409
    kept = Response.objects.get()
    assert kept.status == ResponseStatus.INCOMPLETE and kept.answers.count() == 4
    assert fresh_counts(survey) == kept_counts(survey) == {"started": 1, "complete": 0}


@pytest.mark.django_db
def test_a_closing_moment_passed_in_another_process_sends_nothing(client):
    survey = one_page_survey()
    path = section_url(survey, survey.sections.get())
    client.get(path)
    Survey.objects.filter(pk=survey.pk).update(closes_at=timezone.now() - timedelta(seconds=1))
    assert client.post(path, one_page_answers(survey)).status_code == 409
    assert not Response.objects.filter(status=ResponseStatus.COMPLETE).exists()


@pytest.mark.django_db
def test_a_typo_fix_in_another_process_is_checked_and_still_sends(client):
    survey = one_page_survey()
    path = section_url(survey, survey.sections.get())
    client.get(path)
    Survey.objects.filter(pk=survey.pk).update(updated_at=timezone.now() + timedelta(seconds=1))
    assert client.post(path, one_page_answers(survey))["Location"] == url(survey, "done")
    assert Response.objects.get().status == ResponseStatus.COMPLETE


@pytest.mark.django_db
def test_an_answer_that_reveals_a_later_page_goes_there_instead_of_sending(client):
    survey = Survey.objects.create(gemeente=GemeenteFactory(), title="Route", slug="route", status=SurveyStatus.OPEN)
    first = add_section(survey, "Gebruik")
    add_question(first, "gebruik", QuestionType.SINGLE_CHOICE, options=[("ja", "Ja"), ("nee", "Nee")])
    later = add_section(survey, "Ervaring")
    add_question(later, "ervaring", QuestionType.SHORT_TEXT)
    add_rule(survey.questions.get(code="gebruik"), ["ja"], section=later)  # the later page only after "ja"
    html = client.get(section_url(survey, first)).content.decode()
    assert 'value="send"' in html  # with no answer yet, this is the last page
    data = {field(survey, "gebruik"): option(survey, "gebruik", "ja"), "action": "send"}
    response = client.post(section_url(survey, first), data)
    assert response["Location"] == section_url(survey, later)
    assert Response.objects.get().status == ResponseStatus.IN_PROGRESS


# The careful cases ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_help_answer_on_the_last_page_marks_the_response_online_with_help(client):
    survey = one_page_survey()
    path = section_url(survey, survey.sections.get())
    bad = client.post(path, one_page_answers(survey, assisted_by="buurman"))
    assert bad.status_code == 400 and "Kies een van de antwoorden." in bad.content.decode()
    assert not Response.objects.exists()
    assert client.post(path, one_page_answers(survey, assisted_by=AssistedBy.CARER))["Location"] == url(survey, "done")
    sent = Response.objects.get()
    assert (sent.status, sent.channel, sent.assisted_by) == (
        ResponseStatus.COMPLETE,
        ResponseChannel.ONLINE_ASSISTED,
        AssistedBy.CARER,
    )


def start_with_a_code(client, survey, **batch):
    """A resident types the code from their letter (uitnodigingscode): a response in progress with its claim."""
    code = InvitationCodeFactory(batch__survey=survey, **{f"batch__{k}": v for k, v in batch.items()})
    client.post(reverse("surveys:fieldwork_code", args=[survey.public_token]), {"code": code.code}, follow=True)
    return code


@pytest.mark.django_db
def test_a_letters_code_is_settled_when_sending_from_the_page(client):
    survey = one_page_survey(requires_code=True)
    code = start_with_a_code(client, survey)
    response = client.post(section_url(survey, survey.sections.get()), one_page_answers(survey))
    assert response["Location"] == url(survey, "done")
    sent = Response.objects.get()
    assert sent.status == ResponseStatus.COMPLETE and sent.answers.count() == 4
    assert InvitationCode.objects.get(pk=code.pk).is_used
    assert not InvitationClaim.objects.exists()  # an anonymous survey: the link between code and response is gone


@pytest.mark.django_db
def test_a_group_that_filled_up_meanwhile_keeps_the_page_and_sends_nothing(client):
    survey = one_page_survey(requires_code=True)
    group = RespondentGroupFactory(survey=survey, quota=1)
    code = start_with_a_code(client, survey, respondent_group=group)
    ResponseFactory(survey=survey, respondent_group=group, status=ResponseStatus.COMPLETE, completed_at=timezone.now())
    response = client.post(section_url(survey, survey.sections.get()), one_page_answers(survey))
    assert response.status_code == 409 and "genoeg mensen uit uw groep" in response.content.decode()
    kept = Response.objects.get(invitation_claim__code=code)
    assert kept.status == ResponseStatus.IN_PROGRESS and kept.answers.count() == 4


@pytest.mark.django_db
def test_a_group_with_room_is_sent_from_the_page(client):
    survey = one_page_survey(requires_code=True)
    group = RespondentGroupFactory(survey=survey, quota=2)
    start_with_a_code(client, survey, respondent_group=group)
    assert client.post(section_url(survey, survey.sections.get()), one_page_answers(survey)).status_code == 302
    assert Response.objects.get(respondent_group=group).status == ResponseStatus.COMPLETE


@pytest.mark.django_db
def test_a_pilot_tester_sends_from_the_page_and_is_never_counted(client, gemeente, policy_officer):
    survey = one_page_survey(gemeente)
    Survey.objects.filter(pk=survey.pk).update(status=SurveyStatus.CONCEPT)
    survey.refresh_from_db()
    pilot = pilot_save(survey=survey, user=policy_officer, open_to_link=True)
    path = reverse("surveys:pilot_section", kwargs={"token": pilot.token, "section_id": survey.sections.get().pk})
    response = client.post(path, one_page_answers(survey))
    assert response["Location"] == reverse("surveys:pilot_done", kwargs={"token": pilot.token})
    tested = Response.objects.get()
    assert tested.is_pilot and tested.status == ResponseStatus.COMPLETE
    assert kept_counts(survey) == {"started": 0, "complete": 0}


@pytest.mark.django_db
def test_the_preview_sends_from_the_page_and_stores_nothing(client, gemeente, policy_officer):
    survey = one_page_survey(gemeente)
    client.force_login(policy_officer)
    path = reverse("surveys:preview_section", kwargs={"pk": survey.pk, "section_id": survey.sections.get().pk})
    assert 'value="send"' in client.get(path).content.decode()
    response = client.post(path, one_page_answers(survey))
    assert response["Location"] == reverse("surveys:preview_done", kwargs={"pk": survey.pk})
    assert not Response.objects.exists()


# Twice ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_sending_twice_stores_one_response(client):
    survey = one_page_survey()
    path = section_url(survey, survey.sections.get())
    for _ in range(2):
        assert client.post(path, one_page_answers(survey))["Location"] == url(survey, "done")
    assert Response.objects.count() == 1 and Answer.objects.count() == 4


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_sends_of_the_last_page_send_once(postgres_db):
    survey = two_page_survey()
    structure = SurveyStructure.load(survey)
    one, two = structure.sections
    a1, b1 = structure.questions_of(one)[0], structure.questions_of(two)[0]
    started, _visible = response_page_save(
        survey=survey,
        response=None,
        structure=structure,
        section=one,
        page_rows={a1.pk: [Answer(question_id=a1.pk, option_id=a1.option_list[0].pk)]},
    )
    results, errors = [], []

    def send(index):
        try:
            result = response_page_save_and_send(
                survey=survey,
                response=Response.objects.get(pk=started.pk),
                structure=structure,
                section=two,
                page_rows={b1.pk: [Answer(question_id=b1.pk, option_id=b1.option_list[index].pk)]},
            )
            results.append(result.sent)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)

    run_at_once(send, 2)
    assert not errors, errors
    assert results == [True, True]
    assert Response.objects.get().status == ResponseStatus.COMPLETE
    assert Answer.objects.filter(question=b1).count() == 1  # the second click stored nothing again


@pytest.mark.django_db(transaction=True)
def test_every_kind_of_answer_sent_from_the_page_is_stored_as_the_overview_stores_it(client):
    """The one-statement send passes the answers' values as they are: the same rows as saving the page does."""
    survey = Survey.objects.create(gemeente=GemeenteFactory(), title="Alles", slug="alles", status=SurveyStatus.OPEN)
    page = add_section(survey, "Alles op een pagina")
    add_question(page, "getal", QuestionType.NUMBER, allow_decimals=True)
    add_question(page, "datum", QuestionType.DATE)
    add_question(page, "tekst", QuestionType.LONG_TEXT)
    add_question(page, "keuzes", QuestionType.MULTIPLE_CHOICE, options=[("a", "A"), ("b", "B")], other=("x", "Anders"))
    add_question(page, "kaart", QuestionType.MATRIX, options=AGREE, statements=[("s1", "Een"), ("s2", "Twee")])
    data = {
        field(survey, "getal"): "3,5",
        field(survey, "datum"): "15-3-1958",
        field(survey, "tekst"): "Regel één\r\nRegel twee ‘quotes’ en 'apostrof' %s",
        field(survey, "keuzes"): [option(survey, "keuzes", "a"), option(survey, "keuzes", "x")],
        field(survey, "keuzes") + "_other": "Iets anders",
        field(survey, "kaart", "s1"): option(survey, "kaart", "1"),
        field(survey, "kaart", "s2"): option(survey, "kaart", "5"),
    }

    def stored(response):
        return sorted(
            response.answers.values_list(
                "question__code", "option__code", "statement__code", "text_value", "number_value", "date_value"
            ),
            key=str,
        )

    for action in ("send", "next"):
        Client().post(section_url(survey, page), {**data, "action": action})
    sent, saved = Response.objects.order_by("pk")
    assert sent.status == ResponseStatus.COMPLETE and saved.status == ResponseStatus.IN_PROGRESS
    assert stored(sent) == stored(saved)
    assert len(stored(sent)) == 7
