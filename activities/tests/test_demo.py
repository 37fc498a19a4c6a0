import io

from django.core.management import call_command

import pytest

from activities.models import Activity, Insight, Journey, JourneyInterview, JourneyRating, Story, StoryTag, Theme
from activities.selectors import default_period, journey_map, reach_overview
from participatie.models import Gemeente

pytestmark = pytest.mark.django_db

MODELS = (Activity, Journey, JourneyInterview, JourneyRating, Story, StoryTag, Theme, Insight)


def _counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def test_seed_demo_adds_the_four_examples_once(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    first = _counts()
    call_command("seed_demo", stdout=io.StringIO())
    assert _counts() == first

    veere = Journey.objects.get(gemeente__slug="veere")
    assert veere.interviews.count() == 12
    figures = journey_map(journey=veere)
    assert all(cell.shown_mean is not None for _phase, row in figures.rows[:5] for cell in row)
    assert Story.objects.filter(activity__gemeente__slug="tilburg").count() == 30
    assert StoryTag.objects.filter(story__activity__gemeente__slug="tilburg").count() == 60
    assert Activity.objects.filter(regio__slug="oosterschelderegio", method="dialoogtafel").exists()
    assert Theme.objects.filter(gemeente__slug="ede", kind="waarde").count() == 8

    start, end = default_period()
    tilburg = reach_overview(gemeente=Gemeente.objects.get(slug="tilburg"), start=start, end=end)
    assert tilburg.reached and tilburg.not_reached  # both reached and unreached doelgroepen
    assert "schulden" in [line.target_group for line in tilburg.planned_not_reached]
    assert tilburg.score is not None
