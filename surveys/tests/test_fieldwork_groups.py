"""Fieldwork: respondent groups, quotas, the group question and skip logic on the group."""

from django.urls import reverse
from django.utils import timezone

import pytest

from surveys.constants import QuestionType, ResponseStatus
from surveys.fieldwork import services
from surveys.logic import SurveyStructure, visibility
from surveys.models import Answer, GroupRule, Option, Question, RespondentGroup, Response
from surveys.respond.services import response_complete, response_page_save
from surveys.services import GroupFullError
from surveys.tests.builders import add_question, add_section
from surveys.tests.factories import InvitationCodeFactory, OpenSurveyFactory, RespondentGroupFactory, ResponseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(gemeente):
    survey = OpenSurveyFactory(gemeente=gemeente)
    first = add_section(survey, "Over u")
    add_question(first, "wie", QuestionType.SINGLE_CHOICE, options=[("a", "Inwoner"), ("b", "Cliënt")])
    add_question(add_section(survey, "Voor iedereen"), "alg", QuestionType.SHORT_TEXT, is_required=False)
    add_question(add_section(survey, "Alleen cliënten"), "cli", QuestionType.SHORT_TEXT, is_required=False)
    return survey


def _complete(survey, group, count):
    for _ in range(count):
        ResponseFactory(
            survey=survey, respondent_group=group, status=ResponseStatus.COMPLETE, completed_at=timezone.now()
        )


# Quotas -----------------------------------------------------------------------------------


def test_a_full_group_stops_a_new_code_with_a_friendly_page(client, survey):
    group = RespondentGroupFactory(survey=survey, name="Toegang", quota=2)
    _complete(survey, group, 2)
    ResponseFactory(
        survey=survey,
        respondent_group=group,
        is_pilot=True,
        status=ResponseStatus.COMPLETE,
        completed_at=timezone.now(),
    )  # a pilot response does not count
    code = InvitationCodeFactory(batch__survey=survey, batch__respondent_group=group)
    response = client.get(reverse("surveys:fieldwork_code_link", args=[survey.public_token, code.code]))
    assert response.status_code == 200
    assert "genoeg mensen uit uw groep" in response.content.decode()
    assert Response.objects.filter(invitation_batch=code.batch).count() == 0


def test_a_group_not_yet_full_lets_the_code_in(client, survey):
    group = RespondentGroupFactory(survey=survey, quota=2)
    _complete(survey, group, 1)
    code = InvitationCodeFactory(batch__survey=survey, batch__respondent_group=group)
    response = client.get(reverse("surveys:fieldwork_code_link", args=[survey.public_token, code.code]))
    assert response.status_code == 302


def test_sending_into_a_group_that_filled_up_meanwhile_is_stopped(survey):
    group = RespondentGroupFactory(survey=survey, quota=1)
    started = ResponseFactory(survey=survey, respondent_group=group)
    structure = SurveyStructure.load(survey)
    wie = Question.objects.get(code="wie")
    response_page_save(
        survey=survey,
        response=started,
        structure=structure,
        section=structure.sections[0],
        page_rows={wie.pk: [Answer(question_id=wie.pk, option_id=wie.options.first().pk)]},
    )
    _complete(survey, group, 1)
    with pytest.raises(GroupFullError):
        response_complete(survey=survey, response=started, structure=structure)
    started.refresh_from_db()
    assert started.status == ResponseStatus.IN_PROGRESS


def test_the_officer_sees_the_quota_status(client, policy_officer, survey):
    group = RespondentGroupFactory(survey=survey, name="Toegang", quota=3)
    _complete(survey, group, 3)
    client.force_login(policy_officer)
    for name in ("fieldwork", "survey_detail"):
        page = client.get(reverse(f"surveys:{name}", args=[survey.pk])).content.decode()
        assert "Toegang" in page and "vol" in page


# Group question and group route -------------------------------------------------------------


def test_marking_the_group_question_makes_a_group_per_option(survey):
    wie = Question.objects.get(code="wie")
    RespondentGroupFactory(survey=survey, name="inwoner")  # an existing group is reused, case-insensitively
    groups = services.group_question_mark(survey=survey, question=wie)
    assert [group.name for group in groups] == ["inwoner", "Cliënt"]
    assert dict(Option.objects.filter(question=wie).values_list("label", "respondent_group__name")) == {
        "Inwoner": "inwoner",
        "Cliënt": "Cliënt",
    }
    assert RespondentGroup.objects.filter(survey=survey).count() == 2


def test_a_section_shown_to_one_group_follows_the_batch_group(survey):
    client_group = RespondentGroupFactory(survey=survey, name="Cliënten")
    other = RespondentGroupFactory(survey=survey, name="Inwoners")
    only_clients = survey.sections.get(title="Alleen cliënten")
    services.section_groups_set(survey=survey, section=only_clients, groups=[client_group])
    structure = SurveyStructure.load(survey)
    titles = lambda group_id: [s.title for s in visibility(structure, {}, group_id=group_id).sections]  # noqa: E731
    assert titles(client_group.pk) == ["Over u", "Voor iedereen", "Alleen cliënten"]
    assert titles(other.pk) == ["Over u", "Voor iedereen"]
    assert titles(None) == ["Over u", "Voor iedereen"]


def test_the_group_question_answer_sets_the_group_and_the_route(client, survey):
    wie = Question.objects.get(code="wie")
    services.group_question_mark(survey=survey, question=wie)
    clients = RespondentGroup.objects.get(name="Cliënt")
    services.section_groups_set(survey=survey, section=survey.sections.get(title="Alleen cliënten"), groups=[clients])
    structure = SurveyStructure.load(survey)
    first = structure.sections[0]
    for label, expected_group, sees in (("Cliënt", clients, True), ("Inwoner", None, False)):
        option = Option.objects.get(question=wie, label=label)
        response, visible = response_page_save(
            survey=survey,
            response=None,
            structure=structure,
            section=first,
            page_rows={wie.pk: [Answer(question_id=wie.pk, option_id=option.pk)]},
        )
        response.refresh_from_db()
        assert response.respondent_group.name == label
        assert (expected_group is None) or response.respondent_group == expected_group
        assert ("Alleen cliënten" in [s.title for s in visible.sections]) is sees


def test_a_full_group_from_the_group_question_stores_nothing(client, survey):
    wie = Question.objects.get(code="wie")
    services.group_question_mark(survey=survey, question=wie)
    clients = RespondentGroup.objects.get(name="Cliënt")
    clients.quota = 1
    clients.save()
    _complete(survey, clients, 1)
    option = Option.objects.get(question=wie, label="Cliënt")
    section = survey.sections.get(title="Over u")
    before = Response.objects.count()
    page = client.post(
        reverse("surveys:respond_section", args=[survey.public_token, section.pk]), {f"q{wie.pk}": option.pk}
    )
    assert page.status_code == 409 and "genoeg mensen uit uw groep" in page.content.decode()
    assert Response.objects.count() == before


def test_the_routing_page_saves_section_groups(client, policy_officer, survey):
    group = RespondentGroupFactory(survey=survey)
    section = survey.sections.get(title="Alleen cliënten")
    client.force_login(policy_officer)
    url = reverse("surveys:fieldwork_group_routing", args=[survey.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {f"section_{section.pk}": [group.pk]})
    assert response.status_code == 302
    assert list(GroupRule.objects.get(target_section=section).groups.all()) == [group]
    bad = client.post(url, {f"section_{section.pk}": ["999999"]})
    assert bad.status_code == 400


def test_the_group_question_page(client, policy_officer, council_member, survey):
    wie = Question.objects.get(code="wie")
    url = reverse("surveys:fieldwork_group_question", args=[survey.pk])
    client.force_login(council_member)
    assert client.post(url, {"question": wie.pk}).status_code == 403
    client.force_login(policy_officer)
    assert client.post(url, {"question": wie.pk}).status_code == 302
    assert Question.objects.get(pk=wie.pk).is_group_question
