"""Fieldwork: street interviews in interviewer mode, and the paper version of a survey."""

import html
import re

from django.urls import reverse

import pytest

from surveys.constants import ResponseChannel, ResponseStatus, SurveyStatus
from surveys.fieldwork.entry_services import entry_access_grant
from surveys.logic import SurveyStructure
from surveys.models import Response, ResponseEntry
from surveys.template_library import TEMPLATE_FILES, survey_template_copy
from surveys.tests.builders import build_all_types_survey
from surveys.tests.helpers import field, option, page_one_data, page_two_data

pytestmark = pytest.mark.django_db

SECRET = "Mijn buurvrouw Truus"


@pytest.fixture
def survey(gemeente):
    return build_all_types_survey(gemeente)


@pytest.fixture
def interviewer(survey, coordinator):
    assignment, _created = entry_access_grant(survey=survey, email="interviewer@example.nl", granted_by=coordinator)
    return assignment.user


def iurl(survey, name, **kwargs):
    return reverse(f"surveys:interview_{name}", kwargs={"pk": survey.pk, **kwargs})


def sections(survey):
    return list(survey.sections.order_by("position"))


def hold_interview(client, survey):
    """Start a new interview and go through every page to sending; returns the pages' responses."""
    assert client.post(iurl(survey, "new")).status_code == 302
    one, two, three = sections(survey)
    data = page_one_data(survey)
    data[field(survey, "wie") + "_other"] = SECRET
    assert client.post(iurl(survey, "section", section_id=one.pk), data).status_code == 302
    assert client.post(iurl(survey, "section", section_id=two.pk), page_two_data(survey)).status_code == 302
    data = {field(survey, "ondersteuner"): option(survey, "ondersteuner", "goed"), "action": "next"}
    assert client.post(iurl(survey, "section", section_id=three.pk), data).status_code == 302
    summary = client.get(iurl(survey, "summary"))
    assert SECRET in summary.content.decode()  # the interviewer checks the answers with the resident
    sent = client.post(iurl(survey, "summary"))
    assert sent.status_code == 302 and sent["Location"] == iurl(survey, "done")


def test_an_interview_is_stored_as_a_street_interview_linked_to_the_interviewer(client, survey, interviewer):
    client.force_login(interviewer)
    hold_interview(client, survey)
    response = Response.objects.get(survey=survey)
    assert response.status == ResponseStatus.COMPLETE
    assert response.channel == ResponseChannel.STREET
    entry = ResponseEntry.objects.get(response=response)
    assert entry.entered_by == interviewer and entry.card_number is None
    # The public cookie of a resident was never used.
    assert not any(name.startswith("vragenlijst") and cookie.value for name, cookie in client.cookies.items())


def test_after_sending_nothing_of_the_respondent_is_visible_or_resumable(client, survey, interviewer):
    client.force_login(interviewer)
    hold_interview(client, survey)
    one, two, three = sections(survey)
    # The back button: every page of the interview that was just sent.
    for url in (
        iurl(survey, "summary"),
        iurl(survey, "section", section_id=one.pk),
        iurl(survey, "section", section_id=three.pk),
        iurl(survey, "done"),
        iurl(survey, "start"),
    ):
        page = client.get(url, follow=True)
        assert SECRET not in page.content.decode(), url
        assert "67" not in re.findall(r'value="([^"]*)"', page.content.decode()), url
    assert f"surveys.interview.{survey.pk}" not in client.session  # only "sent" is known, no response
    # The next interview starts clean, and its pages show nothing of the previous one.
    assert client.post(iurl(survey, "new")).status_code == 302
    page = client.get(iurl(survey, "section", section_id=one.pk)).content.decode()
    assert SECRET not in page and 'value="67"' not in page
    summary = client.get(iurl(survey, "summary")).content.decode()
    assert SECRET not in summary
    # Sending the empty interview does not reopen the previous one either.
    client.post(iurl(survey, "summary"))
    assert Response.objects.filter(status=ResponseStatus.COMPLETE).count() == 1


def test_an_unsent_interview_is_gone_after_a_new_start(client, survey, interviewer):
    client.force_login(interviewer)
    client.post(iurl(survey, "new"))
    one = sections(survey)[0]
    data = page_one_data(survey)
    data[field(survey, "wie") + "_other"] = SECRET
    client.post(iurl(survey, "section", section_id=one.pk), data)
    assert SECRET in client.get(iurl(survey, "section", section_id=one.pk)).content.decode()
    client.post(iurl(survey, "new"))
    assert SECRET not in client.get(iurl(survey, "section", section_id=one.pk)).content.decode()
    assert SECRET not in client.get(iurl(survey, "start")).content.decode()


def test_another_interviewers_interview_is_not_opened(client, survey, interviewer, coordinator):
    client.force_login(interviewer)
    client.post(iurl(survey, "new"))
    one = sections(survey)[0]
    data = page_one_data(survey)
    data[field(survey, "wie") + "_other"] = SECRET
    client.post(iurl(survey, "section", section_id=one.pk), data)
    response_id = client.session[f"surveys.interview.{survey.pk}"]
    client.force_login(coordinator)
    session = client.session
    session[f"surveys.interview.{survey.pk}"] = response_id
    session.save()
    assert SECRET not in client.get(iurl(survey, "section", section_id=one.pk)).content.decode()


def test_interviews_need_an_open_survey_and_the_survey_of_the_account(client, survey, interviewer, gemeente):
    other = build_all_types_survey(gemeente)
    client.force_login(interviewer)
    assert client.get(iurl(other, "new")).status_code == 404
    survey.status = SurveyStatus.CLOSED
    survey.save()
    assert client.post(iurl(survey, "new")).status_code == 409
    client.logout()
    assert client.get(iurl(survey, "new")).status_code == 302  # to the login page


# The paper version ----------------------------------------------------------------------------------


def paper_text(client, survey, **query) -> str:
    response = client.get(reverse("surveys:fieldwork_paper", args=[survey.pk]), query)
    assert response.status_code == 200
    return html.unescape(re.sub(r"\s+", " ", response.content.decode()))


@pytest.mark.parametrize("key", sorted(TEMPLATE_FILES))
def test_the_paper_version_shows_every_question_option_code_and_route_of_each_template(
    client, gemeente, coordinator, key
):
    survey = survey_template_copy(key=key, gemeente=gemeente)
    client.force_login(coordinator)
    page = paper_text(client, survey)
    structure = SurveyStructure.load(survey)
    number = 0
    for section in structure.sections:
        assert section.title in page
        for question in structure.questions_of(section):
            number += 1
            text = re.sub(r"\s+", " ", question.text)
            assert f'<span class="paper-number">{number}.</span> {text}' in page
            for item in question.option_list:
                assert item.label in page
                assert f'<span class="paper-code">{item.code}</span>' in page
            for statement in question.statement_list:
                assert statement.text in page
    numbers = {
        question.pk: index
        for index, question in enumerate([q for s in structure.sections for q in structure.questions_of(s)], start=1)
    }
    rules = [rule for q in structure.questions_by_id.values() for rule in q.rule_list]
    rules += [rule for section_rules in structure.rules_by_section.values() for rule in section_rules]
    for rule in rules:
        source = structure.questions_by_id[rule.source_question_id]
        chosen = [o.label for o in source.option_list if o.pk in rule.option_ids]
        assert f"bij vraag {numbers[source.pk]}" in page
        for label in chosen:
            assert f"‘{label}’" in page
    assert page.count("Anders: ga verder met vraag") + page.count("Anders: ga naar het einde") == len(
        {(rule.target_question_id, rule.target_section_id) for rule in rules}
    )


def test_the_paper_route_writes_out_where_to_go_on(client, gemeente, coordinator):
    survey = survey_template_copy(key="bekendheid-clientondersteuning", gemeente=gemeente)
    client.force_login(coordinator)
    page = paper_text(client, survey)
    # K1 (question 2) "Nee": K2 is skipped, go on with K3 (question 4).
    assert re.search(
        r"Nee <span class=\"paper-code\">nee</span> <span class=\"paper-jump\">→ Ga verder met vraag 4\.", page
    )
    # The page for users of client support (questions 6-8) says who fills it in, and where the others go on.
    assert "Vul dit deel alleen in als u bij vraag 1" in page and "Anders: ga verder met vraag 9." in page


def test_the_large_type_variant(client, survey, coordinator):
    client.force_login(coordinator)
    assert 'class="paper paper-large"' in paper_text(client, survey, groot="1")
    assert 'class="paper"' in paper_text(client, survey)


def test_the_paper_version_of_a_draft_for_staff_only(client, gemeente, coordinator, council_member):
    draft = build_all_types_survey(gemeente, status=SurveyStatus.CONCEPT)
    client.force_login(coordinator)
    assert client.get(reverse("surveys:fieldwork_paper", args=[draft.pk])).status_code == 200
    client.force_login(council_member)
    assert client.get(reverse("surveys:fieldwork_paper", args=[draft.pk])).status_code == 403
