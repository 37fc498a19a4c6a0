"""The shipped questionnaires do not repeat in a help text what the page already says for every question."""

import json
from pathlib import Path

import pytest

LIBRARY = Path(__file__).resolve().parent.parent / "templates_library"


def _questions():
    for path in sorted(LIBRARY.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for section in data["survey"]["sections"] if "survey" in data else data["sections"]:
            for question in section["questions"]:
                if question["type"] == "meer-keuzes":
                    yield path.name, question


@pytest.mark.parametrize(("name", "question"), list(_questions()), ids=lambda v: v if isinstance(v, str) else v["code"])
def test_multiple_choice_help_text_does_not_repeat_the_automatic_hint(name, question):
    # The page already says "Kies een of meer antwoorden." / "Kies maximaal 2 antwoorden." under every
    # multiple-choice question; a help text saying it again in other words confuses residents who read slowly.
    text = question.get("help_text", "").lower()
    assert "meer dan één antwoord" not in text and "hoogstens" not in text, question["code"]


MOMENT_WORDS = (
    "zomer",
    "najaar",
    "voorjaar",
    "winter",
    "januari",
    "februari",
    "maart",
    "april",
    "mei ",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
    "week",
    "maand",
)


@pytest.mark.parametrize("path", sorted(LIBRARY.glob("*.json")), ids=lambda p: p.name)
def test_feedback_promise_says_how_and_leaves_when_to_the_date_field(path):
    # The thank-you page shows the promised date from its own field; a moment in the text as well gave
    # residents two promises ("na de zomer" and a date in March).
    data = json.loads(path.read_text(encoding="utf-8"))
    text = data.get("survey", data).get("terugkoppeling_text", "").lower()
    assert not [word for word in MOMENT_WORDS if word in text], text


@pytest.mark.django_db
def test_middelburg_demo_thank_you_page_makes_one_promise(settings):
    from django.core.management import call_command
    from django.template.loader import render_to_string
    from django.test import RequestFactory
    from django.utils.formats import date_format

    from surveys.models import Survey

    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    survey = Survey.objects.get(gemeente__slug="middelburg", status="open")
    request = RequestFactory().get("/")
    html = render_to_string("surveys/respond/done.html", {"survey": survey, "gemeente": survey.gemeente}, request)
    next_section = html[html.index('id="next-title"') : html.index('id="email-title"')].lower()

    assert survey.terugkoppeling_date is not None
    assert next_section.count("uiterlijk") == 1  # the date, from its own field
    promised = date_format(survey.terugkoppeling_date, "j F Y").lower()
    assert promised in next_section
    assert not [word for word in MOMENT_WORDS if word in next_section.replace(promised, "")]
