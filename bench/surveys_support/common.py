"""Shared set-up of the survey benchmarks: the 13- and 20-question surveys and their answers."""

from surveys.constants import QuestionType, SurveyStatus
from surveys.models import Survey
from surveys.tests.builders import AGREE, add_question, add_section
from surveys.tests.helpers import field, option
from surveys_support.texts import OPEN_TEXT, STATEMENTS


def build_thirteen(gemeente) -> tuple[Survey, dict]:
    """Nine agree-scale statements with 'weet niet', age, gender, who filled it in, one open text: one page."""
    survey = Survey.objects.create(gemeente=gemeente, title="Bench 13", slug="bench-13", status=SurveyStatus.OPEN)
    page = add_section(survey, "Uw ervaring")
    data = {"action": "next"}
    for index, text in enumerate(STATEMENTS, start=1):
        code = f"S{index}"
        add_question(page, code, QuestionType.SCALE, text, options=AGREE, off_scale=("9", "Weet niet"))
        data[field(survey, code)] = option(survey, code, "9" if index == 5 else str(1 + index % 5))
    add_question(page, "leeftijd", QuestionType.NUMBER, "Wat is uw leeftijd?", min_value=0, max_value=120)
    data[field(survey, "leeftijd")] = "71"
    gender = [("v", "Vrouw"), ("m", "Man"), ("x", "Anders of zeg ik liever niet")]
    add_question(page, "geslacht", QuestionType.SINGLE_CHOICE, "Wat is uw geslacht?", options=gender)
    data[field(survey, "geslacht")] = option(survey, "geslacht", "v")
    who = [("zelf", "Ikzelf"), ("naaste", "Een naaste of mantelzorger"), ("hulp", "Iemand heeft mij geholpen")]
    add_question(page, "invuller", QuestionType.SINGLE_CHOICE, "Wie vult de vragenlijst in?", options=who)
    data[field(survey, "invuller")] = option(survey, "invuller", "zelf")
    add_question(page, "opmerking", QuestionType.LONG_TEXT, "Wilt u nog iets kwijt?", is_required=False)
    data[field(survey, "opmerking")] = OPEN_TEXT
    return survey, data


def build_twenty(gemeente) -> tuple[Survey, list[tuple[int, dict]]]:
    """Twenty questions on five pages (four per page, mixed types); returns the answers per page."""
    survey = Survey.objects.create(gemeente=gemeente, title="Bench 20", slug="bench-20", status=SurveyStatus.OPEN)
    pages = []
    for page_number in range(1, 6):
        page = add_section(survey, f"Deel {page_number}")
        data = {"action": "next"}
        for index in range(4):
            code = f"P{page_number}Q{index}"
            if index == 0:
                add_question(page, code, QuestionType.SCALE, options=AGREE, off_scale=("9", "Weet niet"))
                data[field(survey, code)] = option(survey, code, "2")
            elif index == 1:
                add_question(page, code, QuestionType.MULTIPLE_CHOICE, options=[("a", "A"), ("b", "B"), ("c", "C")])
                data[field(survey, code)] = [option(survey, code, "a"), option(survey, code, "c")]
            elif index == 2:
                add_question(page, code, QuestionType.NUMBER, min_value=0, max_value=100)
                data[field(survey, code)] = "42"
            else:
                add_question(page, code, QuestionType.SHORT_TEXT, is_required=False)
                data[field(survey, code)] = "Een kort antwoord"
        pages.append((page.pk, data))
    return survey, pages
