"""Every page answers; another gemeente's objects are a 404; bad input is a Dutch 400."""

from django.urls import reverse

import pytest

from activities.models import Activity, JourneyRating
from activities.tests.factories import InsightFactory, StoryFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def test_pages_answer_for_an_officer(client, policy_officer, activity, journey, gemeente):
    story = StoryFactory(activity=activity)
    theme = ThemeFactory(gemeente=gemeente)
    insight = InsightFactory(gemeente=gemeente)
    client.force_login(policy_officer)
    urls = [
        reverse("activities:register"),
        reverse("activities:activity-create"),
        reverse("activities:activity-detail", args=[activity.pk]),
        reverse("activities:activity-update", args=[activity.pk]),
        reverse("activities:reach-update", args=[activity.pk]),
        reverse("activities:story-create", args=[activity.pk]),
        reverse("activities:journey-create", args=[activity.pk]),
        reverse("activities:reach"),
        reverse("activities:reach-coordinator"),
        reverse("activities:population-update", args=[gemeente.slug]),
        reverse("activities:journey-map", args=[journey.pk]),
        reverse("activities:journey-design", args=[journey.pk]),
        reverse("activities:interview-create", args=[journey.pk]),
        reverse("activities:story-detail", args=[story.pk]),
        reverse("activities:story-update", args=[story.pk]),
        reverse("activities:theme-overview"),
        reverse("activities:theme-create"),
        reverse("activities:theme-update", args=[theme.pk]),
        reverse("activities:theme-delete", args=[theme.pk]),
        reverse("activities:insight-list"),
        reverse("activities:insight-create"),
        reverse("activities:insight-detail", args=[insight.pk]),
        reverse("activities:insight-action", args=[insight.pk]),
        reverse("activities:insight-aanvraag", args=[insight.pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url


def test_another_gemeentes_objects_are_404(client, policy_officer, other_gemeente, other_activity):
    from activities import services

    journey = services.journey_create(gemeente=other_gemeente, title="Elders", activity=other_activity)
    story = StoryFactory(activity=other_activity)
    insight = InsightFactory(gemeente=other_gemeente)
    theme = ThemeFactory(gemeente=other_gemeente)
    client.force_login(policy_officer)
    for url in [
        reverse("activities:activity-detail", args=[other_activity.pk]),
        reverse("activities:activity-update", args=[other_activity.pk]),
        reverse("activities:journey-map", args=[journey.pk]),
        reverse("activities:interview-create", args=[journey.pk]),
        reverse("activities:story-detail", args=[story.pk]),
        reverse("activities:insight-detail", args=[insight.pk]),
        reverse("activities:theme-delete", args=[theme.pk]),
        reverse("activities:population-update", args=[other_gemeente.slug]),
        reverse("activities:reach") + f"?gemeente={other_gemeente.slug}",
    ]:
        assert client.get(url).status_code == 404, url


def test_council_members_see_nothing(client, council_member, activity):
    client.force_login(council_member)
    assert client.get(reverse("activities:register")).status_code == 403
    # Activities are scoped to the gemeenten where the user is an officer or coordinator: to a council
    # member an activity of their own gemeente does not exist.
    assert client.get(reverse("activities:activity-detail", args=[activity.pk])).status_code == 404


def test_create_activity(client, policy_officer, gemeente):
    client.force_login(policy_officer)
    response = client.post(
        reverse("activities:activity-create"),
        {
            "gemeente": gemeente.pk,
            "title": "Dialoogtafel CO",
            "kind": "structureel",
            "method": "dialoogtafel",
            "topic": "cliëntondersteuning",
            "laws": ["wmo"],
            "starts_on": "2026-03-01",
            "run_by": "vrijwilligersorganisatie",
            "retention_days": 365,
        },
    )
    activity = Activity.objects.get(title="Dialoogtafel CO")
    assert response.status_code == 302
    assert activity.laws == ["wmo"] and activity.created_by == policy_officer


def test_activity_with_end_before_start_is_a_dutch_form_error(client, policy_officer, gemeente):
    client.force_login(policy_officer)
    response = client.post(
        reverse("activities:activity-create"),
        {
            "gemeente": gemeente.pk,
            "title": "X",
            "kind": "peilend",
            "method": "anders",
            "topic": "x",
            "starts_on": "2026-03-01",
            "ends_on": "2026-02-01",
            "run_by": "gemeente",
            "retention_days": 30,
        },
    )
    assert response.status_code == 400
    assert "De einddatum kan niet voor de begindatum liggen." in response.content.decode()


def test_interview_rating_out_of_scale_is_a_dutch_form_error(client, policy_officer, journey):
    phase, aspect = journey.phases.first(), journey.aspects.first()
    client.force_login(policy_officer)
    response = client.post(
        reverse("activities:interview-create", args=[journey.pk]),
        {
            "interviewer": "Anja",
            "interviewed_on": "2026-03-01",
            "consent": "on",
            f"rating_{phase.pk}_{aspect.pk}": "7",
        },
    )
    assert response.status_code == 400
    assert "Kies een cijfer van 1 tot 5, of n.v.t." in response.content.decode()
    assert not JourneyRating.objects.exists()


def test_interview_with_a_phase_of_another_klantreis_is_a_dutch_form_error(client, policy_officer, journey, gemeente):
    from activities import services

    other = services.journey_create(gemeente=gemeente, title="Andere reis")
    phase, aspect = other.phases.first(), other.aspects.first()
    client.force_login(policy_officer)
    response = client.post(
        reverse("activities:interview-create", args=[journey.pk]),
        {
            "interviewer": "Anja",
            "interviewed_on": "2026-03-01",
            "consent": "on",
            f"rating_{phase.pk}_{aspect.pk}": "3",
        },
    )
    assert response.status_code == 400
    assert "Een fase of aspect in het formulier hoort niet bij deze klantreis." in response.content.decode()
    assert not JourneyRating.objects.exists()


def test_quote_with_a_phase_of_another_klantreis_is_a_dutch_form_error(client, policy_officer, journey, gemeente):
    from activities import services
    from activities.tests.factories import InterviewFactory

    other = services.journey_create(gemeente=gemeente, title="Andere reis")
    interview = InterviewFactory(journey=journey)
    client.force_login(policy_officer)
    response = client.post(
        reverse("activities:quote-create", args=[journey.pk, interview.pk]),
        {"phase": other.phases.first().pk, "text": "Het duurde lang."},
    )
    assert response.status_code == 400
    assert "Kies een fase van deze klantreis." in response.content.decode()


def test_interview_without_consent_is_refused(client, policy_officer, journey):
    client.force_login(policy_officer)
    response = client.post(
        reverse("activities:interview-create", args=[journey.pk]),
        {"interviewer": "Anja", "interviewed_on": "2026-03-01"},
    )
    assert response.status_code == 400
    assert "Zonder toestemming kan het interview niet worden opgeslagen." in response.content.decode()


def test_tag_of_another_gemeentes_list_is_a_dutch_form_error(client, policy_officer, activity, other_gemeente):
    story = StoryFactory(activity=activity)
    theme = ThemeFactory(gemeente=other_gemeente)
    client.force_login(policy_officer)
    response = client.post(
        reverse("activities:story-detail", args=[story.pk]), {"theme": theme.pk, "direction": "positief"}
    )
    assert response.status_code == 400
    assert "Kies een thema uit de lijst van deze gemeente." in response.content.decode()
    assert not story.tags.exists()


def test_deleting_a_theme_in_use_asks_first_and_says_where(client, policy_officer, activity, gemeente):
    from activities.models import Theme
    from activities.tests.factories import StoryTagFactory

    theme = ThemeFactory(gemeente=gemeente, name="Partnerschap")
    StoryTagFactory(story=StoryFactory(activity=activity), theme=theme)
    StoryTagFactory(story=StoryFactory(activity=activity), theme=theme)
    client.force_login(policy_officer)
    url = reverse("activities:theme-delete", args=[theme.pk])
    page = client.get(url).content.decode()
    assert "Verhalen ophalen: 2 labels" in page
    assert client.post(url, {}).status_code == 400
    assert Theme.objects.filter(pk=theme.pk).exists()
    assert client.post(url, {"confirm": "yes"}).status_code == 302
    assert not Theme.objects.filter(pk=theme.pk).exists()


def test_register_shows_activities_surveys_and_meetings_linked(client, policy_officer, gemeente, activity):
    from panels.tests.factories import MeetingFactory, OrgaanFactory
    from surveys.tests.factories import OpenSurveyFactory

    survey = OpenSurveyFactory(gemeente=gemeente, title="Vragenlijst CO")
    meeting = MeetingFactory(orgaan=OrgaanFactory(gemeenten=[gemeente]), title="Vergadering adviesraad")
    client.force_login(policy_officer)
    page = client.get(reverse("activities:register")).content.decode()
    assert reverse("activities:activity-detail", args=[activity.pk]) in page
    assert reverse("surveys:survey_detail", args=[survey.pk]) in page
    assert reverse("panels:meeting-detail", args=[meeting.pk]) in page
    structural = client.get(reverse("activities:register") + "?kind=structureel").content.decode()
    assert "Vergadering adviesraad" in structural and "Vragenlijst CO" not in structural
