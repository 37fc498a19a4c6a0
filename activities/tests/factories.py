import datetime

from django.utils import timezone

import factory
from factory.django import DjangoModelFactory

from activities.constants import ActivityKind, Direction, Method
from activities.models import (
    Activity,
    Insight,
    Journey,
    JourneyInterview,
    PopulationFigure,
    Reach,
    Story,
    StoryTag,
    Theme,
)
from participatie.tests.factories import GemeenteFactory


class ActivityFactory(DjangoModelFactory):
    class Meta:
        model = Activity

    gemeente = factory.SubFactory(GemeenteFactory)
    title = factory.Sequence(lambda n: f"Activiteit {n}")
    kind = ActivityKind.IN_DEPTH
    method = Method.STORYTELLING
    topic = "cliëntondersteuning"
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))


class ReachFactory(DjangoModelFactory):
    class Meta:
        model = Reach

    activity = factory.SubFactory(ActivityFactory)
    target_group = "ouderen"
    planned = 10
    reached = 8


class PopulationFigureFactory(DjangoModelFactory):
    class Meta:
        model = PopulationFigure

    gemeente = factory.SubFactory(GemeenteFactory)
    target_group = "ouderen"
    count = 1000


class JourneyFactory(DjangoModelFactory):
    class Meta:
        model = Journey

    gemeente = factory.SubFactory(GemeenteFactory)
    title = factory.Sequence(lambda n: f"Klantreis {n}")


class InterviewFactory(DjangoModelFactory):
    class Meta:
        model = JourneyInterview

    journey = factory.SubFactory(JourneyFactory)
    interviewer = "Interviewer"
    interviewed_on = factory.LazyFunction(timezone.localdate)
    consent = True


class ThemeFactory(DjangoModelFactory):
    class Meta:
        model = Theme

    gemeente = factory.SubFactory(GemeenteFactory)
    name = factory.Sequence(lambda n: f"Thema {n}")


class StoryFactory(DjangoModelFactory):
    class Meta:
        model = Story

    activity = factory.SubFactory(ActivityFactory)
    title = factory.Sequence(lambda n: f"Verhaal {n}")
    text = "Mijn meedenker dacht echt met me mee."
    collected_on = factory.LazyFunction(timezone.localdate)
    collected_by = "Vrijwilliger"
    consent = True


class StoryTagFactory(DjangoModelFactory):
    class Meta:
        model = StoryTag

    story = factory.SubFactory(StoryFactory)
    theme = factory.SubFactory(ThemeFactory)
    direction = Direction.POSITIVE


class InsightFactory(DjangoModelFactory):
    class Meta:
        model = Insight

    gemeente = factory.SubFactory(GemeenteFactory)
    statement = factory.Sequence(lambda n: f"Inzicht {n}")
