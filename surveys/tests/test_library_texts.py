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
