"""seed_demo gives the template surveys generated responses, last year's round, and the voorbeeldgemeenten a survey."""

from io import StringIO

from django.core.management import call_command

import pytest

from participatie.models import User
from surveys.constants import ResponseStatus, SurveyStatus
from surveys.exports.selectors import survey_list_for_answer_export
from surveys.models import Answer, Response, Survey

pytestmark = pytest.mark.django_db


def test_seed_demo_generates_plausible_responses_once(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())
    counts = (Response.objects.count(), Answer.objects.count())
    call_command("seed_demo", stdout=StringIO())
    assert (Response.objects.count(), Answer.objects.count()) == counts  # idempotent
    for slug, title in [
        ("middelburg", "Ervaringen met cliëntondersteuning"),
        ("pekela", "Ervaringenkaart cliëntondersteuning"),
        ("de-fryske-marren", "Bekendheid van cliëntondersteuning"),
    ]:
        survey = Survey.objects.get(gemeente__slug=slug, title=title)
        responses = survey.responses.filter(status=ResponseStatus.COMPLETE)
        assert responses.count() >= 200
        assert responses.values("respondent_group").distinct().count() >= 3
        assert responses.values("channel").distinct().count() >= 3
        answers = Answer.objects.filter(response__survey=survey)
        if answers.filter(option__question__options__is_off_scale=True).exists():
            off = answers.filter(option__is_off_scale=True).count()
            assert 0 < off < answers.filter(option__isnull=False).count() / 4
    previous = Survey.objects.get(gemeente__slug="middelburg", title__endswith=")", status=SurveyStatus.CLOSED)
    assert previous.responses.count() >= 200
    coordinator = User.objects.get(email="coordinator@voorbeeldgemeenten.demo")
    assert survey_list_for_answer_export(user=coordinator).exists()
