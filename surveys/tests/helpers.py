"""Small helpers to drive the respondent pages from tests and benchmarks."""

from django.urls import reverse

from surveys.models import Option, Question


def url(survey, name, **kwargs):
    return reverse(f"surveys:respond_{name}", kwargs={"token": survey.public_token, **kwargs})


def section_url(survey, section):
    return url(survey, "section", section_id=section.pk)


def question(survey, code) -> Question:
    return Question.objects.get(survey=survey, code=code)


def field(survey, code, statement=None) -> str:
    q = question(survey, code)
    if statement:
        return f"q{q.pk}_{q.statements.get(code=statement).pk}"
    return f"q{q.pk}"


def option(survey, code, option_code) -> str:
    return str(Option.objects.get(question__survey=survey, question__code=code, code=option_code).pk)


def page_one_data(survey, **overrides):
    """Valid answers to the first page of ``build_all_types_survey``."""
    data = {
        field(survey, "naam"): "Jan",
        field(survey, "leeftijd"): "67",
        field(survey, "geboren"): "15-3-1958",
        field(survey, "gebruik"): option(survey, "gebruik", "ja"),
        field(survey, "wie"): option(survey, "wie", "anders"),
        field(survey, "wie") + "_other": "Mijn buurvrouw",
        "action": "next",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def page_two_data(survey, **overrides):
    """Valid answers to the second page of ``build_all_types_survey``."""
    data = {
        field(survey, "kanalen"): [option(survey, "kanalen", "web"), option(survey, "kanalen", "balie")],
        field(survey, "tevreden"): option(survey, "tevreden", "wn"),
        field(survey, "cijfer"): option(survey, "cijfer", "8"),
        field(survey, "stellingen", "s1"): option(survey, "stellingen", "2"),
        field(survey, "stellingen", "s2"): option(survey, "stellingen", "wn"),
        field(survey, "toelichting"): "Prima geholpen.\r\nDank!",
        "action": "next",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}
