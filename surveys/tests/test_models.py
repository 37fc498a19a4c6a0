from django.db import IntegrityError

import pytest

from surveys.constants import QuestionType
from surveys.tests.factories import OptionFactory, QuestionFactory, ResponseFactory, SectionFactory, SurveyFactory


def test_question_code_unique_per_survey(db):
    section = SectionFactory()
    QuestionFactory(section=section, code="B1")
    QuestionFactory(code="B1")  # another survey: fine
    with pytest.raises(IntegrityError):
        QuestionFactory(section=section, code="B1")


def test_option_code_unique_per_question(db):
    question = QuestionFactory(question_type=QuestionType.SINGLE_CHOICE)
    OptionFactory(question=question, code="ja")
    with pytest.raises(IntegrityError):
        OptionFactory(question=question, code="ja")


def test_has_responses(db):
    survey = SurveyFactory()
    assert not survey.has_responses
    ResponseFactory(survey=survey)
    assert survey.has_responses


def test_resume_codes_are_random_and_unique(db):
    codes = {ResponseFactory().resume_code for _ in range(20)}
    assert len(codes) == 20
    assert all(len(code) == 12 for code in codes)
