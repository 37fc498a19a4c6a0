"""Theme counts, insights that become a roadmap action or an adviesaanvraag, and retention of stories."""

import datetime

from django.urls import reverse
from django.utils import timezone

import pytest

from activities import services
from activities.models import Activity, Story, StoryTag
from activities.selectors import theme_overview
from activities.tests.factories import ActivityFactory, InsightFactory, StoryFactory, StoryTagFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def test_theme_counts_per_direction(gemeente, activity, other_gemeente):
    partnerschap = ThemeFactory(gemeente=gemeente, name="Partnerschap")
    welbevinden = ThemeFactory(gemeente=gemeente, name="Welbevinden")
    one, two, three = (StoryFactory(activity=activity) for _ in range(3))
    StoryTagFactory(story=one, theme=partnerschap, direction="positief", passage="Hij dacht mee.")
    StoryTagFactory(story=one, theme=partnerschap, direction="positief", passage="En belde terug.")  # same story
    StoryTagFactory(story=two, theme=partnerschap, direction="negatief")
    StoryTagFactory(story=three, theme=partnerschap, direction="gemengd")
    StoryTagFactory(story=three, theme=welbevinden, direction="positief")
    elsewhere = ThemeFactory(gemeente=other_gemeente, name="Partnerschap")
    StoryTagFactory(story=StoryFactory(activity=ActivityFactory(gemeente=other_gemeente)), theme=elsewhere)
    lines = {line.theme.name: line for line in theme_overview(gemeente=gemeente)}
    assert lines["Partnerschap"].counts == {"positief": 1, "negatief": 1, "gemengd": 1}
    assert lines["Partnerschap"].stories == 3
    assert sorted(t.passage for t in lines["Partnerschap"].passages) == ["En belde terug.", "Hij dacht mee."]
    assert lines["Welbevinden"].counts == {"positief": 1, "negatief": 0, "gemengd": 0}


def test_seeding_the_eight_values_twice_adds_them_once(gemeente):
    assert services.themes_seed_example(gemeente=gemeente) == 8
    assert services.themes_seed_example(gemeente=gemeente) == 0


def test_insight_becomes_a_roadmap_action(client, policy_officer, gemeente, activity):
    from roadmap.models import Action
    from roadmap.services import traject_create

    traject = traject_create(
        gemeente=gemeente, title="Vernieuwing", start_date=timezone.localdate(), actor=policy_officer
    )
    step = traject.steps.get(number=2)
    insight = InsightFactory(gemeente=gemeente, statement="Inwoners willen weten wie naast ze staat")
    insight.stories.add(StoryFactory(activity=activity))
    client.force_login(policy_officer)
    response = client.post(reverse("activities:insight-action", args=[insight.pk]), {"step": step.pk})
    assert response.status_code == 302
    insight.refresh_from_db()
    action = Action.objects.get(step=step)
    assert insight.roadmap_action == action and action.description == insight.statement
    assert step.traject.history.filter(subject=insight.statement).exists()


def test_insight_action_on_another_gemeentes_step_is_a_form_error(client, policy_officer, gemeente, other_gemeente):
    from roadmap.services import traject_create

    traject = traject_create(gemeente=other_gemeente, title="Elders", start_date=timezone.localdate(), actor=None)
    insight = InsightFactory(gemeente=gemeente)
    client.force_login(policy_officer)
    response = client.post(
        reverse("activities:insight-action", args=[insight.pk]), {"step": traject.steps.get(number=1).pk}
    )
    assert response.status_code == 400
    assert "Kies een stap van het traject van deze gemeente." in response.content.decode()


def test_insight_becomes_an_adviesaanvraag(client, policy_officer, gemeente):
    from panels.models import Advies
    from panels.tests.factories import OrgaanFactory

    orgaan = OrgaanFactory(gemeenten=[gemeente])
    insight = InsightFactory(gemeente=gemeente, statement="Meedenkers moeten onafhankelijk zijn")
    client.force_login(policy_officer)
    response = client.post(
        reverse("activities:insight-aanvraag", args=[insight.pk]),
        {
            "orgaan": orgaan.pk,
            "subject": insight.statement,
            "question": "Hoe borgen we de onafhankelijkheid?",
            "policy_phase": "beleidsvoorbereiding",
            "advice_deadline": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
        },
    )
    assert response.status_code == 302
    insight.refresh_from_db()
    assert insight.adviesaanvraag.orgaan == orgaan
    assert Advies.objects.get(aanvraag=insight.adviesaanvraag).status == "aangevraagd"


def test_retention_deletes_texts_and_keeps_tags_and_counts(gemeente, journey, policy_officer):
    from activities.models import JourneyQuote

    activity = journey.activity
    Activity.objects.filter(pk=activity.pk).update(
        starts_on=timezone.localdate() - datetime.timedelta(days=40), retention_days=30
    )
    fresh = ActivityFactory(gemeente=gemeente, retention_days=365)
    story = StoryFactory(activity=activity, text="Lang verhaal", summary="Kort", pseudonym="Jan")
    kept = StoryFactory(activity=fresh, text="Blijft staan")
    StoryTagFactory(story=story, theme=ThemeFactory(gemeente=gemeente), passage="Een passage")
    phase = journey.phases.first()
    services.interview_record(
        journey=journey,
        user=policy_officer,
        pseudonym="Mevrouw B",
        interviewer="Anja",
        interviewed_on=timezone.localdate(),
        consent=True,
        ratings={(phase.pk, journey.aspects.first().pk): 2},
        quotes={phase.pk: "Te lang gewacht"},
    )

    assert services.activity_texts_purge() == 1
    assert services.activity_texts_purge() == 0  # a second run does nothing
    story.refresh_from_db()
    assert (story.text, story.summary, story.pseudonym) == ("", "", "")
    assert story.text_purged_at is not None and story.title
    assert StoryTag.objects.get(story=story).passage == ""
    assert StoryTag.objects.filter(story=story).count() == 1
    assert JourneyQuote.objects.get().text == "" and journey.interviews.get().pseudonym == ""
    assert journey.interviews.get().ratings.get().score == 2
    assert Story.objects.get(pk=kept.pk).text == "Blijft staan"
    assert Activity.objects.get(pk=activity.pk).texts_purged_at is not None


def test_retention_task_is_scheduled_and_registered(settings):
    from participatie.celery import app

    app.loader.import_default_modules()
    entries = [e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"].startswith("activities.")]
    assert [e["task"] for e in entries] == ["activities.tasks.activity_texts_purge"]
    assert "activities.tasks.activity_texts_purge" in app.tasks


def test_story_needs_consent(client, policy_officer, activity):
    client.force_login(policy_officer)
    response = client.post(
        reverse("activities:story-create", args=[activity.pk]),
        {"title": "Verhaal", "text": "Tekst", "collected_on": "2026-03-01", "collected_by": "Vrijwilliger"},
    )
    assert response.status_code == 400
    assert "Zonder toestemming kan het verhaal niet worden opgeslagen." in response.content.decode()
    assert not Story.objects.exists()


def test_finished_activity_registers_its_inbreng_once(client, policy_officer, activity):
    from feedback.models import Inbreng

    client.force_login(policy_officer)
    url = reverse("activities:inbreng-create", args=[activity.pk])
    promised = (timezone.localdate() + datetime.timedelta(days=40)).isoformat()
    response = client.post(url, {"summary": "Inwoners willen één vast aanspreekpunt.", "promised_on": promised})
    assert response.status_code == 302
    inbreng = Inbreng.objects.get()
    assert inbreng.gemeente == activity.gemeente and inbreng.source == activity
    assert inbreng.source_kind == "verhaal" and inbreng.promised_on.isoformat() == promised
    assert inbreng.contributor_kind == "anonieme-groep"
    services.activity_register_inbreng(activity=activity, user=policy_officer, promised_on=None)
    assert Inbreng.objects.count() == 1


def test_activity_not_finished_cannot_register_inbreng(client, policy_officer, gemeente):
    coming = ActivityFactory(gemeente=gemeente, starts_on=timezone.localdate() + datetime.timedelta(days=3))
    client.force_login(policy_officer)
    assert client.get(reverse("activities:inbreng-create", args=[coming.pk])).status_code == 403


def test_insight_with_its_supporting_stories(client, policy_officer, gemeente, activity, other_activity):
    from activities.models import Insight

    mine, theirs = StoryFactory(activity=activity), StoryFactory(activity=other_activity)
    client.force_login(policy_officer)
    url = reverse("activities:insight-create")
    data = {"gemeente": gemeente.pk, "statement": "Bellen werkt beter dan brieven", "stories": [mine.pk]}
    assert client.post(url, data).status_code == 302
    insight = Insight.objects.get()
    assert list(insight.stories.all()) == [mine] and insight.created_by == policy_officer
    response = client.post(url, {**data, "stories": [theirs.pk]})
    assert response.status_code == 400 and Insight.objects.count() == 1
