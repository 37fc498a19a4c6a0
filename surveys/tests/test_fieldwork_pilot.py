"""The pilot round (proefronde): its own link, testers' comments per question, never counted, ended by publishing."""

import io
import zipfile

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

import pytest

from panels.tests.factories import MemberFactory, OrgaanFactory
from participatie.constants import Role
from participatie.tests.factories import MembershipFactory, UserFactory
from surveys.constants import PilotCommentKind, QuestionType, ResponseStatus, SurveyStatus
from surveys.fieldwork.pilot_services import pilot_comment_handle, pilot_save
from surveys.models import Answer, Option, PilotComment, Response, Survey, SurveyPilot
from surveys.results.selectors import survey_results
from surveys.services import survey_open, survey_structure_is_locked
from surveys.tests.builders import add_question, add_section


@pytest.fixture
def draft(gemeente):
    survey = Survey.objects.create(gemeente=gemeente, title="Proef", slug="proef", status=SurveyStatus.CONCEPT)
    section = add_section(survey, "Uw hulp")
    add_question(section, "K1", QuestionType.SINGLE_CHOICE, "Bent u tevreden?", options=[("ja", "Ja"), ("nee", "Nee")])
    return survey


def pilot_url(pilot, name, **kwargs):
    return reverse(f"surveys:pilot_{name}", kwargs={"token": pilot.token, **kwargs})


def _question(survey):
    return survey.questions.get(code="K1")


def _fill_in(client, pilot, survey, option_code="ja"):
    """A tester answers the one page and sends it."""
    question = _question(survey)
    option = Option.objects.get(question=question, code=option_code)
    section = question.section
    response = client.post(
        pilot_url(pilot, "section", section_id=section.pk), {f"q{question.pk}": str(option.pk), "action": "next"}
    )
    assert response.status_code == 302
    response = client.post(pilot_url(pilot, "summary"))
    assert response.status_code == 302 and response["Location"] == pilot_url(pilot, "done")


def test_a_pilot_response_is_stored_as_pilot_and_never_counted(client, draft, policy_officer):
    pilot = pilot_save(survey=draft, user=policy_officer, open_to_link=True)
    start = client.get(pilot_url(pilot, "start"))
    assert start.status_code == 200 and "Proefronde:" in start.content.decode()
    _fill_in(client, pilot, draft, "nee")
    tested = Response.objects.get(survey=draft)
    assert tested.is_pilot and tested.status == ResponseStatus.COMPLETE
    # Published: one real response comes in; results and the answer file count only that one.
    survey_open(survey=draft)
    real = Response.objects.create(survey=draft, status=ResponseStatus.COMPLETE, completed_at=timezone.now())
    Answer.objects.create(response=real, question=_question(draft), option=Option.objects.get(code="ja"))
    results = survey_results(survey=draft)
    assert results.complete_n == 1 and results.started_not_sent == 0
    line = results.questions[0].line
    assert {row.code: row.count for row in line.options} == {"ja": 1, "nee": 0}
    client.force_login(policy_officer)
    export = client.post(
        reverse("surveys:answer_export", args=[draft.pk]), {"file_format": "csv", "value_mode": "codes"}
    )
    assert export.status_code == 200
    text = zipfile.ZipFile(io.BytesIO(export.content)).read("antwoorden.csv").decode("utf-8").lstrip("\ufeff")
    lines = text.strip().split("\r\n")
    assert len(lines) == 2 and lines[1].split(";")[0] == str(real.pk)


def test_testers_comment_per_question_and_the_officer_marks_them_handled(client, draft, policy_officer):
    pilot = pilot_save(survey=draft, user=policy_officer, open_to_link=True)
    question = _question(draft)
    comment_url = pilot_url(pilot, "comment", section_id=question.section_id)
    # "Something else" without an explanation: a Dutch message, nothing stored.
    refused = client.post(comment_url, {"question": question.pk, "kind": PilotCommentKind.OTHER, "text": ""})
    assert refused.status_code == 400 and "Zeg in een paar woorden" in refused.content.decode()
    assert not PilotComment.objects.exists()
    sent = client.post(
        comment_url, {"question": question.pk, "kind": PilotCommentKind.SUGGESTIVE, "text": "Stuurt naar ja."}
    )
    assert sent.status_code == 302
    comment = PilotComment.objects.get()
    assert (comment.question, comment.kind, comment.handled_at) == (question, PilotCommentKind.SUGGESTIVE, None)
    # The builder shows it per question.
    client.force_login(policy_officer)
    detail = client.get(reverse("surveys:survey_detail", args=[draft.pk])).content.decode()
    assert "1 open opmerking uit de proefronde" in detail
    page = client.get(reverse("surveys:pilot_manage", args=[draft.pk])).content.decode()
    assert "Stuurt naar ja." in page and f'id="vraag-{question.pk}"' in page
    handled = client.post(reverse("surveys:pilot_comment_handle", args=[draft.pk, comment.pk]), {"handled": "1"})
    assert handled.status_code == 302
    comment.refresh_from_db()
    assert comment.handled_at is not None and comment.handled_by == policy_officer
    assert "open opmerking" not in client.get(reverse("surveys:survey_detail", args=[draft.pk])).content.decode()
    pilot_comment_handle(comment=comment, user=policy_officer, handled=False)
    comment.refresh_from_db()
    assert comment.handled_at is None


def test_a_comment_on_another_surveys_question_is_refused(client, draft, policy_officer, gemeente):
    pilot = pilot_save(survey=draft, user=policy_officer, open_to_link=True)
    other = Survey.objects.create(gemeente=gemeente, title="Ander", slug="ander")
    foreign = add_question(add_section(other, "Deel"), "X1", QuestionType.SHORT_TEXT)
    response = client.post(
        pilot_url(pilot, "comment", section_id=_question(draft).section_id),
        {"question": foreign.pk, "kind": PilotCommentKind.UNCLEAR},
    )
    assert response.status_code == 400 and not PilotComment.objects.exists()


def test_publishing_ends_the_pilot_and_keeps_the_comments(client, draft, policy_officer):
    pilot = pilot_save(survey=draft, user=policy_officer, open_to_link=True)
    question = _question(draft)
    PilotComment.objects.create(pilot=pilot, question=question, kind=PilotCommentKind.TOO_DIFFICULT)
    client.get(pilot_url(pilot, "start"))
    survey_open(survey=draft)
    pilot.refresh_from_db()
    assert pilot.ended_at is not None and not pilot.is_running
    over = client.get(pilot_url(pilot, "start"))
    assert over.status_code == 410 and "De proefronde is afgelopen" in over.content.decode()
    option = Option.objects.get(question=question, code="ja")
    late = client.post(pilot_url(pilot, "section", section_id=question.section_id), {f"q{question.pk}": str(option.pk)})
    assert late.status_code in (409, 410) and not Response.objects.exists()
    assert PilotComment.objects.filter(pilot=pilot).count() == 1
    client.force_login(policy_officer)
    page = client.get(reverse("surveys:pilot_manage", args=[draft.pk])).content.decode()
    assert "De proefronde is afgelopen." in page
    with pytest.raises(ValidationError):
        pilot_save(survey=draft, user=policy_officer)


@pytest.fixture
def restricted(draft, gemeente, policy_officer):
    """A pilot shared with orgaan A of the gemeente (not open to the link), a named tester without any role."""
    orgaan_a = OrgaanFactory(gemeenten=[gemeente])
    orgaan_b = OrgaanFactory(gemeenten=[gemeente])
    member_a, member_b, tester = UserFactory(), UserFactory(), UserFactory()
    for user, orgaan in ((member_a, orgaan_a), (member_b, orgaan_b)):
        MembershipFactory(user=user, gemeente=gemeente, role=Role.COUNCIL_MEMBER)
        MemberFactory(orgaan=orgaan, user=user)
    pilot = pilot_save(survey=draft, user=policy_officer, orgaan=orgaan_a, testers=[tester])
    return {"pilot": pilot, "member_a": member_a, "member_b": member_b, "tester": tester}


def test_who_may_test_a_restricted_pilot(client, restricted, policy_officer, other_policy_officer, coordinator):
    pilot = restricted["pilot"]
    url = pilot_url(pilot, "start")
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("login"))
    expected = {
        "member_a": 200,  # a member of the orgaan it is shared with
        "tester": 200,  # named
        "member_b": 403,  # a council member of another orgaan of the same gemeente
        "policy_officer": 200,
        "coordinator": 200,
        "other_policy_officer": 404,  # another gemeente
    }
    users = {**restricted, "policy_officer": policy_officer, "coordinator": coordinator}
    users["other_policy_officer"] = other_policy_officer
    found = {}
    for name in expected:
        client.force_login(users[name])
        found[name] = client.get(url).status_code
    assert found == expected


def test_who_manages_the_pilot(client, restricted, draft, policy_officer, coordinator, council_member):
    url = reverse("surveys:pilot_manage", args=[draft.pk])
    found = {}
    for name, user in {"officer": policy_officer, "coordinator": coordinator, "council": council_member}.items():
        client.force_login(user)
        found[name] = (client.get(url).status_code, client.post(url, {}).status_code)
    # The coordinator reads, only the officer changes; a council member sees nothing of the builder.
    assert found == {"officer": (200, 302), "coordinator": (200, 403), "council": (403, 403)}


def test_the_tester_sees_the_pilot_on_the_start_page(client, restricted, draft):
    client.force_login(restricted["member_a"])
    home = client.get(reverse("home")).content.decode()
    link = pilot_url(restricted["pilot"], "start")
    assert draft.title in home and link in home
    assert link in client.get(reverse("surveys:pilot_tester_list")).content.decode()
    client.force_login(restricted["member_b"])
    assert link not in client.get(reverse("surveys:pilot_tester_list")).content.decode()


def test_named_testers_must_have_an_account(client, draft, policy_officer):
    client.force_login(policy_officer)
    response = client.post(reverse("surveys:pilot_manage", args=[draft.pk]), {"tester_emails": "onbekend@example.nl"})
    assert response.status_code == 400
    assert "Geen account in het portaal heeft dit e-mailadres: onbekend@example.nl" in response.content.decode()
    assert not SurveyPilot.objects.exists()


def test_only_a_draft_gets_a_pilot_round(gemeente, policy_officer):
    survey = Survey.objects.create(gemeente=gemeente, title="Open", slug="open", status=SurveyStatus.OPEN)
    with pytest.raises(ValidationError):
        pilot_save(survey=survey, user=policy_officer)


def test_pilot_answers_do_not_lock_the_structure(client, draft, policy_officer):
    """The officer changes the questions after the testers' comments; the pilot's answers never lock them."""
    pilot = pilot_save(survey=draft, user=policy_officer, open_to_link=True)
    _fill_in(client, pilot, draft)
    assert Response.objects.filter(survey=draft, is_pilot=True).exists()
    assert not survey_structure_is_locked(survey=draft)
    client.force_login(policy_officer)
    question = _question(draft)
    deleted = client.post(reverse("surveys:question_delete", args=[draft.pk, question.pk]))
    assert deleted.status_code == 302 and not draft.questions.exists()
    assert not Answer.objects.filter(response__survey=draft).exists()
