"""Fieldwork: entering paper cards and telephone interviews (invoer), and the entry-only account."""

from django.db import IntegrityError, transaction
from django.urls import reverse

import pytest

from participatie.constants import Role
from participatie.tests.factories import MembershipFactory, UserFactory
from surveys.constants import QuestionType, ResponseChannel, ResponseStatus, SurveyStatus
from surveys.fieldwork.entry_services import entry_access_grant
from surveys.models import Answer, EntryAssignment, Response, ResponseEntry
from surveys.permissions import can_enter_responses, can_manage_entry_access, can_view_paper_version
from surveys.tests.builders import add_question, add_rule, build_all_types_survey
from surveys.tests.helpers import field, option, question

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(gemeente):
    survey = build_all_types_survey(gemeente)
    # A question-level route as well: "waarom" only for those who are not satisfied.
    section = question(survey, "tevreden").section
    waarom = add_question(section, "waarom", QuestionType.SHORT_TEXT, "Waarom niet?", is_required=False)
    add_rule(question(survey, "tevreden"), ["4", "5"], question=waarom)
    return survey


@pytest.fixture
def volunteer(survey, coordinator):
    """An entry-only account for ``survey`` (no role in any gemeente)."""
    assignment, _created = entry_access_grant(survey=survey, email="vrijwilliger@example.nl", granted_by=coordinator)
    return assignment.user


def entry_url(survey):
    return reverse("surveys:fieldwork_entry", args=[survey.pk])


def card(survey, number, **answers):
    """The POST of one card: number, channel and the given answers (field name -> value)."""
    data = {"card_number": str(number), "channel": ResponseChannel.PAPER}
    data.update(answers)
    return data


def route_card(survey, number):
    """A card of someone who used no client support (so the page about the supporter is skipped), satisfied
    (so "waarom" is skipped), but whose skipped questions were filled in anyway on paper."""
    return card(
        survey,
        number,
        **{
            field(survey, "leeftijd"): "67",
            field(survey, "gebruik"): option(survey, "gebruik", "nee"),
            field(survey, "tevreden"): option(survey, "tevreden", "2"),
            field(survey, "waarom"): "Dit hoort hier niet",
            field(survey, "ondersteuner"): option(survey, "ondersteuner", "goed"),
            field(survey, "stellingen", "s1"): option(survey, "stellingen", "1"),
        },
    )


def test_a_card_is_stored_complete_with_channel_and_who_entered_it_and_the_route_applied(client, survey, volunteer):
    client.force_login(volunteer)
    response = client.post(entry_url(survey), route_card(survey, 17))
    assert response.status_code == 302
    assert response["Location"].startswith(entry_url(survey))
    stored = Response.objects.get(survey=survey)
    assert stored.status == ResponseStatus.COMPLETE and stored.completed_at is not None
    assert stored.channel == ResponseChannel.PAPER
    assert stored.entry.card_number == 17 and stored.entry.entered_by == volunteer
    codes = set(Answer.objects.filter(response=stored).values_list("question__code", flat=True))
    # Answered and on the route: stored. Skipped by the route (a page and a question): not stored.
    assert codes == {"leeftijd", "gebruik", "tevreden", "stellingen"}
    page = client.get(response["Location"])
    assert "Kaart 17 is opgeslagen" in page.content.decode()
    assert "Vandaag ingevoerd: 1 kaart" in page.content.decode()


def test_a_question_on_the_route_is_stored(client, survey, coordinator):
    client.force_login(coordinator)
    data = route_card(survey, 3)
    data[field(survey, "tevreden")] = option(survey, "tevreden", "5")
    data["channel"] = ResponseChannel.PHONE
    assert client.post(entry_url(survey), data).status_code == 302
    stored = Response.objects.get(survey=survey)
    assert stored.channel == ResponseChannel.PHONE
    assert Answer.objects.get(response=stored, question__code="waarom").text_value == "Dit hoort hier niet"


def test_a_card_number_entered_before_is_refused_with_a_dutch_message(client, survey, volunteer):
    client.force_login(volunteer)
    assert client.post(entry_url(survey), route_card(survey, 17)).status_code == 302
    again = client.post(entry_url(survey), route_card(survey, 17))
    assert again.status_code == 409
    assert "Kaart 17 is al ingevoerd voor deze vragenlijst" in again.content.decode()
    assert Response.objects.filter(survey=survey).count() == 1
    # What was typed stays on the screen, to correct the number.
    assert 'value="67"' in again.content.decode()


def test_the_database_refuses_a_card_number_twice_per_survey(survey, volunteer):
    response = Response.objects.create(survey=survey, channel=ResponseChannel.PAPER)
    other = Response.objects.create(survey=survey, channel=ResponseChannel.PAPER)
    ResponseEntry.objects.create(response=response, survey=survey, card_number=5, entered_by=volunteer)
    with pytest.raises(IntegrityError), transaction.atomic():
        ResponseEntry.objects.create(response=other, survey=survey, card_number=5, entered_by=volunteer)


def test_the_same_number_in_another_survey_is_fine(client, survey, volunteer, gemeente, coordinator):
    second = build_all_types_survey(gemeente)
    client.force_login(coordinator)
    assert client.post(entry_url(survey), card(survey, 8)).status_code == 302
    assert client.post(entry_url(second), card(second, 8)).status_code == 302


@pytest.mark.parametrize(
    ("code", "value", "message"),
    [
        ("leeftijd", "200", "Vul een getal in van 0 tot en met 120."),
        ("leeftijd", "tachtig", "Vul een heel getal in, bijvoorbeeld 12."),
        ("geboren", "31-2-1950", "Vul een datum in als dag-maand-jaar"),
    ],
)
def test_the_same_checks_as_online(client, survey, coordinator, code, value, message):
    client.force_login(coordinator)
    data = card(survey, 4, **{field(survey, code): value})
    response = client.post(entry_url(survey), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Response.objects.exists()


def test_too_many_choices_and_a_foreign_option_are_refused(client, survey, coordinator):
    client.force_login(coordinator)
    kanalen = field(survey, "kanalen")
    data = card(survey, 4)
    data[kanalen] = [option(survey, "kanalen", code) for code in ("web", "balie", "telefoon")]
    assert client.post(entry_url(survey), data).status_code == 400
    data = card(survey, 4, **{field(survey, "gebruik"): option(survey, "wie", "zelf")})
    assert client.post(entry_url(survey), data).status_code == 400
    assert not Response.objects.exists()


@pytest.mark.parametrize("number", ["", "0", "-3", "12a", "123456789"])
def test_a_missing_or_bad_card_number_is_a_400(client, survey, coordinator, number):
    client.force_login(coordinator)
    response = client.post(entry_url(survey), card(survey, number))
    assert response.status_code == 400
    assert "error-summary" in response.content.decode()
    assert not Response.objects.exists()


def test_a_blank_card_question_is_entered_as_it_is(client, survey, coordinator):
    """Paper allows a question left open: required is not asked, everything else is."""
    client.force_login(coordinator)
    assert client.post(entry_url(survey), card(survey, 1, **{field(survey, "leeftijd"): "40"})).status_code == 302
    assert list(Answer.objects.values_list("question__code", flat=True)) == ["leeftijd"]


def test_the_count_of_today_counts_only_today(client, survey, coordinator, time_machine):
    time_machine.move_to("2026-03-02 10:00 +01:00")
    client.force_login(coordinator)
    client.post(entry_url(survey), card(survey, 1))
    time_machine.move_to("2026-03-03 09:00 +01:00")
    client.force_login(coordinator)  # the next morning: yesterday's session timed out (idle limit)
    client.post(entry_url(survey), card(survey, 2))
    client.post(entry_url(survey), card(survey, 3))
    page = client.get(entry_url(survey)).content.decode()
    assert "Vandaag ingevoerd: 2 kaarten (door u: 2)" in page


def test_the_entry_screen_shows_codes_numbers_and_the_route(client, survey, coordinator):
    client.force_login(coordinator)
    page = client.get(entry_url(survey)).content.decode()
    assert 'data-code="ja"' in page and 'data-code="nee"' in page
    assert "js/card-entry.js" in page and 'id="entry-route"' in page
    # Without answers the page about the supporter is skipped (it is for "ja" only).
    ondersteuner = question(survey, "ondersteuner")
    assert f'entry-question entry-skipped" data-question="{ondersteuner.pk}"' in page


def test_a_draft_is_not_entered_and_a_purged_survey_refuses_cards(client, gemeente, coordinator):
    draft = build_all_types_survey(gemeente, status=SurveyStatus.CONCEPT)
    client.force_login(coordinator)
    assert client.get(entry_url(draft)).status_code == 404
    from django.utils import timezone

    purged = build_all_types_survey(gemeente, status=SurveyStatus.CLOSED)
    purged.purged_at = timezone.now()
    purged.save()
    assert client.post(entry_url(purged), card(purged, 1)).status_code == 409
    assert not Response.objects.exists()


# The entry-only account ---------------------------------------------------------------------------


def test_the_entry_only_account_gets_403_on_everything_but_its_entry_pages(client, survey, volunteer, gemeente):
    other_survey = build_all_types_survey(gemeente)
    client.force_login(volunteer)
    allowed = [
        reverse("surveys:fieldwork_home"),
        entry_url(survey),
        reverse("surveys:fieldwork_paper", args=[survey.pk]),
        reverse("surveys:interview_new", args=[survey.pk]),
        reverse("surveys:interview_start", args=[survey.pk]),
        reverse("password_change"),
    ]
    for url in allowed:
        assert client.get(url).status_code == 200, url
    refused = [
        reverse("surveys:survey_list"),
        reverse("surveys:survey_detail", args=[survey.pk]),
        reverse("surveys:results", args=[survey.pk]),
        reverse("surveys:preview_start", args=[survey.pk]),
        reverse("surveys:fieldwork_access", args=[survey.pk]),
        reverse("surveys:answer_export", args=[survey.pk]),
        reverse("surveys:summary_list"),
        reverse("surveys:respond_start", args=[survey.public_token]),
        reverse("gemeente-public", args=[gemeente.slug]),
        reverse("export-list"),
        reverse("roadmap:traject-list") if _has_url("roadmap:traject-list") else reverse("export-list"),
        reverse("panels:orgaan-list") if _has_url("panels:orgaan-list") else reverse("export-list"),
        reverse("admin:index"),
        reverse("accessibility-statement"),
    ]
    for url in refused:
        status = client.get(url).status_code
        assert status == 403, (url, status)
    # The entry pages of another survey, even of the same gemeente, are not found: not its survey.
    for url in (
        entry_url(other_survey),
        reverse("surveys:fieldwork_paper", args=[other_survey.pk]),
        reverse("surveys:interview_new", args=[other_survey.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(entry_url(other_survey), card(other_survey, 1)).status_code == 404
    assert not Response.objects.exists()
    # The start page (dashboard) is never shown: it sends the account to its own list.
    home = client.get(reverse("home"))
    assert home.status_code == 302 and home["Location"] == reverse("surveys:fieldwork_home")
    assert client.post(reverse("logout")).status_code == 302


def _has_url(name):
    from django.urls import NoReverseMatch

    try:
        reverse(name)
    except NoReverseMatch:
        return False
    return True


def test_an_account_with_a_role_keeps_its_pages_besides_entry(client, survey, policy_officer):
    EntryAssignment.objects.create(survey=survey, user=policy_officer)
    client.force_login(policy_officer)
    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse("surveys:survey_list")).status_code == 200


def test_a_coordinator_gives_and_takes_back_entry_access(client, survey, coordinator):
    client.force_login(coordinator)
    access_url = reverse("surveys:fieldwork_access", args=[survey.pk])
    assert client.post(access_url, {"email": "geen-adres"}).status_code == 400
    response = client.post(access_url, {"email": "Student@Example.nl"})
    assert response.status_code == 302
    assignment = EntryAssignment.objects.get(survey=survey)
    assert assignment.user.email == "student@example.nl" and assignment.granted_by == coordinator
    assert assignment.user.has_usable_password()  # so "wachtwoord vergeten" works for the volunteer
    assert "student@example.nl" in client.get(access_url).content.decode()
    revoke = reverse("surveys:fieldwork_access_revoke", args=[survey.pk, assignment.pk])
    assert client.post(revoke).status_code == 302
    assert not EntryAssignment.objects.exists()
    client.force_login(assignment.user)
    assert client.get(entry_url(survey)).status_code == 404


def test_a_revoked_assignment_of_another_survey_is_a_404(client, survey, coordinator, gemeente, volunteer):
    other = build_all_types_survey(gemeente)
    assignment = EntryAssignment.objects.get(survey=survey)
    client.force_login(coordinator)
    assert client.post(reverse("surveys:fieldwork_access_revoke", args=[other.pk, assignment.pk])).status_code == 404
    assert EntryAssignment.objects.filter(pk=assignment.pk).exists()


ROLE_TABLE = [
    # (who, enter cards and interviews, paper version, manage entry access)
    ("policy_officer", True, True, True),
    ("coordinator", True, True, True),
    ("council_member", False, False, False),
    ("other_policy_officer", False, False, False),
    ("volunteer", True, True, False),
    ("volunteer_of_another_survey", False, False, False),
    ("anonymous", False, False, False),
]


@pytest.mark.parametrize(("who", "enter", "paper", "manage"), ROLE_TABLE)
def test_role_table(request, survey, gemeente, who, enter, paper, manage):
    from django.contrib.auth.models import AnonymousUser

    if who == "anonymous":
        user = AnonymousUser()
    elif who == "volunteer_of_another_survey":
        user = UserFactory()
        EntryAssignment.objects.create(survey=build_all_types_survey(gemeente), user=user)
    else:
        user = request.getfixturevalue(who)
    assert can_enter_responses(user, survey) is enter
    assert can_view_paper_version(user, survey) is paper
    assert can_manage_entry_access(user, survey) is manage


def test_a_regional_coordinator_enters_cards(client, survey, gemeente):
    from participatie.tests.factories import RegioFactory

    regio = RegioFactory()
    regio.gemeenten.add(gemeente)
    user = UserFactory()
    MembershipFactory(user=user, regio=regio, gemeente=None, role=Role.COORDINATOR)
    client.force_login(user)
    assert client.get(entry_url(survey)).status_code == 200


def test_anonymising_at_the_end_of_the_retention_term_removes_who_entered_and_the_card_number(
    client, survey, volunteer
):
    from surveys.services import survey_answers_purge

    client.force_login(volunteer)
    client.post(entry_url(survey), route_card(survey, 17))
    response = Response.objects.get(survey=survey)
    survey_answers_purge(survey=survey)
    assert not ResponseEntry.objects.exists()
    response.refresh_from_db()
    assert response.channel == ResponseChannel.PAPER  # the channel stays, as a filter of the results
    assert Answer.objects.filter(response=response, question__code="gebruik").exists()
