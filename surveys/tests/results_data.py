"""Small result data sets for the results tests, with figures that can be worked out by hand."""

import datetime
from decimal import Decimal

from django.utils import timezone

from surveys.constants import QuestionType, ResponseStatus, SurveyStatus
from surveys.models import Answer, Option, Response, Survey
from surveys.tests.builders import add_question, add_rule, add_section

# A scale whose codes run opposite to the scores: "Helemaal mee eens" is code 1 and scores 5.
REVERSED_AGREE = [
    ("1", "Helemaal mee eens", 5),
    ("2", "Mee eens", 4),
    ("3", "Neutraal", 3),
    ("4", "Niet mee eens", 2),
    ("5", "Helemaal niet mee eens", 1),
]


def add_reversed_scale(question) -> None:
    for position, (code, label, score) in enumerate(REVERSED_AGREE):
        Option.objects.create(question=question, position=position, code=code, label=label, score=score)
    Option.objects.create(question=question, position=9, code="9", label="Weet niet", is_off_scale=True)


def respond(survey, answers: dict, *, status=ResponseStatus.COMPLETE, completed_at=None, **fields) -> Response:
    """A response with ``answers``: {question: option code | [codes] | {statement code: option code} | value}."""
    if status == ResponseStatus.COMPLETE and completed_at is None:
        completed_at = timezone.now()
    response = Response.objects.create(survey=survey, status=status, completed_at=completed_at, **fields)
    rows = []
    for question, value in answers.items():
        options = {option.code: option for option in question.options.all()}
        if question.question_type == QuestionType.MATRIX:
            statements = {s.code: s for s in question.statements.all()}
            rows += [
                Answer(response=response, question=question, statement=statements[s], option=options[o])
                for s, o in value.items()
            ]
        elif question.question_type == QuestionType.MULTIPLE_CHOICE:
            rows += [Answer(response=response, question=question, option=options[code]) for code in value]
        elif question.question_type in (QuestionType.SINGLE_CHOICE, QuestionType.YES_NO, QuestionType.SCALE):
            rows.append(Answer(response=response, question=question, option=options[value]))
        elif question.question_type == QuestionType.NUMBER:
            rows.append(Answer(response=response, question=question, number_value=Decimal(value)))
        elif question.question_type == QuestionType.DATE:
            rows.append(Answer(response=response, question=question, date_value=value))
        else:
            rows.append(Answer(response=response, question=question, text_value=value))
    Answer.objects.bulk_create(rows)
    return response


def build_hand_survey(gemeente, **survey_fields):
    """Twelve counted responses with every question type (see ``test_results_figures`` for the figures).

    Plus one pilot, one left out as a test and one still in progress: none of them count.
    """
    survey = Survey.objects.create(
        gemeente=gemeente,
        title=survey_fields.pop("title", "Ervaringen"),
        slug=survey_fields.pop("slug", f"ervaringen-{Survey.objects.count()}"),
        status=survey_fields.pop("status", SurveyStatus.CLOSED),
        **survey_fields,
    )
    section = add_section(survey, "Deel 1")
    q = {}
    q["contact"] = add_question(section, "contact", QuestionType.YES_NO)
    q["tevreden"] = add_question(section, "tevreden", QuestionType.SCALE)
    add_reversed_scale(q["tevreden"])
    q["kanalen"] = add_question(
        section, "kanalen", QuestionType.MULTIPLE_CHOICE, options=[("a", "Website"), ("b", "Balie"), ("c", "Telefoon")]
    )
    q["stellingen"] = add_question(
        section, "stellingen", QuestionType.MATRIX, statements=[("s1", "Serieus genomen"), ("s2", "Snel geholpen")]
    )
    add_reversed_scale(q["stellingen"])
    q["leeftijd"] = add_question(section, "leeftijd", QuestionType.NUMBER)
    q["datum"] = add_question(section, "datum", QuestionType.DATE)
    q["wie"] = add_question(section, "wie", QuestionType.SINGLE_CHOICE, options=[("x", "Zelf"), ("y", "Iemand anders")])
    add_rule(q["contact"], ["ja"], question=q["wie"])
    q["toelichting"] = add_question(section, "toelichting", QuestionType.LONG_TEXT)
    add_rule(q["contact"], ["ja"], question=q["toelichting"])

    scale = ["1", "1", "2", "2", "2", "3", "4", "5", "9", "9", None, "1"]
    multiple = {1: ["a", "b"], 2: ["a"], 3: ["c"], 4: ["a", "c"], 9: ["b"]}
    matrix = {1: {"s1": "1", "s2": "5"}, 2: {"s1": "2"}, 3: {"s1": "9"}}
    wie = {1: "x", 2: "x", 3: "y", 4: "x", 5: "x"}
    numbers = {1: "10", 2: "20", 3: "30", 4: "40"}
    dates = {1: datetime.date(2025, 1, 1), 2: datetime.date(2025, 3, 1)}
    texts = {1: "De wachttijd was te lang.", 2: "Vriendelijk geholpen door de consulent."}
    responses = []
    for number in range(1, 13):
        answers = {q["contact"]: "ja" if number <= 8 else "nee"}
        if scale[number - 1]:
            answers[q["tevreden"]] = scale[number - 1]
        for key, values in (
            ("kanalen", multiple),
            ("stellingen", matrix),
            ("wie", wie),
            ("leeftijd", numbers),
            ("datum", dates),
            ("toelichting", texts),
        ):
            if number in values:
                answers[q[key]] = values[number]
        responses.append(respond(survey, answers))
    # Never counted: a pilot, a test response left out, one still being filled in.
    respond(survey, {q["contact"]: "nee", q["tevreden"]: "5"}, is_pilot=True)
    respond(
        survey,
        {q["contact"]: "nee", q["tevreden"]: "5"},
        exclusion_kind="test",
        exclusion_reason="Eigen test",
    )
    respond(survey, {q["tevreden"]: "5"}, status=ResponseStatus.IN_PROGRESS)
    return survey, q, responses
