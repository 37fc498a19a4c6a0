"""The reach overview, the journey map, the register and the theme overview cost the same number of queries
for a few rows as for many."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pytest

from activities import services
from activities.tests.factories import ActivityFactory, ReachFactory, StoryFactory, StoryTagFactory, ThemeFactory
from panels.tests.factories import MeetingFactory, MemberFactory, OrgaanFactory
from surveys.tests.factories import OpenSurveyFactory, ResponseFactory

pytestmark = pytest.mark.django_db

MAX_QUERIES = 25


def _grow(gemeente, journey, user, n):
    """Add ``n`` of everything: activities with reach and tagged stories, responses, members, interviews."""
    today = timezone.localdate()
    orgaan = OrgaanFactory(gemeenten=[gemeente])
    theme = ThemeFactory(gemeente=gemeente)
    survey = OpenSurveyFactory(gemeente=gemeente, target_group="jongeren")
    phases, aspects = list(journey.phases.all()), list(journey.aspects.all())
    for i in range(n):
        activity = ActivityFactory(gemeente=gemeente, starts_on=today - datetime.timedelta(days=i % 20))
        ReachFactory(activity=activity, target_group="ouderen", reached=i + 1)
        StoryTagFactory(story=StoryFactory(activity=activity), theme=theme, passage=f"passage {i}")
        ResponseFactory(survey=survey, status="compleet", completed_at=timezone.now())
        MemberFactory(orgaan=orgaan, target_groups=["ouderen", "mantelzorgers"])
        MeetingFactory(orgaan=orgaan)
        services.interview_record(
            journey=journey,
            user=user,
            pseudonym="",
            interviewer="Anja",
            interviewed_on=today,
            consent=True,
            ratings={(p.pk, a.pk): (i % 5) + 1 for p in phases for a in aspects},
            quotes={p.pk: f"citaat {i}" for p in phases},
        )


def _count(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)


def test_pages_cost_the_same_queries_for_few_and_many(
    client, policy_officer, gemeente, journey, django_assert_max_num_queries
):
    client.force_login(policy_officer)
    urls = [
        reverse("activities:reach") + f"?gemeente={gemeente.slug}",
        reverse("activities:reach-coordinator"),
        reverse("activities:journey-map", args=[journey.pk]),
        reverse("activities:register"),
        reverse("activities:theme-overview") + f"?gemeente={gemeente.slug}",
    ]
    _grow(gemeente, journey, policy_officer, 2)
    few = {}
    for url in urls:
        with django_assert_max_num_queries(MAX_QUERIES):
            few[url] = _count(client, url)
    _grow(gemeente, journey, policy_officer, 25)
    for url in urls:
        with django_assert_max_num_queries(MAX_QUERIES):
            assert _count(client, url) == few[url], url
