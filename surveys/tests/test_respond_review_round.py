"""An outside review of the last page's send (issue 14): crafted posts and what the one-statement send stores."""

from django.test import Client

import pytest

from participatie.tests.factories import GemeenteFactory
from surveys.constants import QuestionType, SurveyStatus
from surveys.models import Answer, Response, Survey
from surveys.tests.builders import add_question, add_section
from surveys.tests.helpers import field, option, section_url

pytestmark = pytest.mark.django_db


def choices_survey(**question) -> Survey:
    survey = Survey.objects.create(gemeente=GemeenteFactory(), title="Keuzes", slug="keuzes", status=SurveyStatus.OPEN)
    add_question(
        add_section(survey, "Alles"),
        "kanalen",
        QuestionType.MULTIPLE_CHOICE,
        options=[("a", "Website"), ("b", "Balie"), ("c", "Telefoon")],
        **question,
    )
    return survey


@pytest.mark.parametrize("action", ["send", "next"])
def test_an_option_posted_twice_counts_once(action):
    """A crafted post naming one option twice is one choice: stored (and sent) once, not a 'survey changed' 409,
    and it cannot fill a minimum of two choices."""
    survey = choices_survey(min_choices=1)
    page = survey.sections.get()
    a = option(survey, "kanalen", "a")
    response = Client().post(section_url(survey, page), {field(survey, "kanalen"): [a, a], "action": action})
    assert response.status_code == 302
    assert list(Answer.objects.values_list("option_id", flat=True)) == [int(a)]

    survey = choices_survey(min_choices=2)
    page = survey.sections.get()
    a = option(survey, "kanalen", "a")
    response = Client().post(section_url(survey, page), {field(survey, "kanalen"): [a, a], "action": action})
    assert response.status_code == 400
    assert "Kies minstens 2 antwoorden." in response.content.decode()
    assert not Response.objects.filter(survey=survey).exists()

