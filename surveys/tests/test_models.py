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


def test_question_clean_checks_ranges_and_section(db):
    from django.core.exceptions import ValidationError

    question = QuestionFactory(question_type=QuestionType.NUMBER)
    question.min_value, question.max_value = 10, 5
    with pytest.raises(ValidationError) as error:
        question.full_clean()
    assert "max_value" in error.value.message_dict
    other_section = SectionFactory()
    question.min_value, question.max_value = None, None
    question.section = other_section
    with pytest.raises(ValidationError) as error:
        question.full_clean()
    assert "section" in error.value.message_dict


def test_choice_range_constraint(db):
    with pytest.raises(IntegrityError):
        QuestionFactory(question_type=QuestionType.MULTIPLE_CHOICE, min_choices=3, max_choices=2)


def test_logic_rule_needs_exactly_one_target(db):
    from surveys.models import LogicRule

    source = QuestionFactory(question_type=QuestionType.YES_NO)
    with pytest.raises(IntegrityError):
        LogicRule.objects.create(source_question=source)


def test_logic_rule_clean_only_earlier_choice_questions(db):
    from django.core.exceptions import ValidationError

    from surveys.models import LogicRule

    first = SectionFactory(position=0)
    second = SectionFactory(survey=first.survey, position=1)
    source = QuestionFactory(section=first, question_type=QuestionType.YES_NO, position=0)
    later = QuestionFactory(section=second, position=0, question_type=QuestionType.YES_NO)
    LogicRule(source_question=source, target_question=later).full_clean(exclude=["options"])
    LogicRule(source_question=source, target_section=second).full_clean(exclude=["options"])
    with pytest.raises(ValidationError, match="eerdere"):
        LogicRule(source_question=later, target_question=source).clean()
    with pytest.raises(ValidationError, match="eerder onderdeel"):
        LogicRule(source_question=source, target_section=first).clean()
    text = QuestionFactory(section=first, question_type=QuestionType.SHORT_TEXT, position=1)
    with pytest.raises(ValidationError, match="keuzevraag"):
        LogicRule(source_question=text, target_question=later).clean()
    foreign = QuestionFactory(question_type=QuestionType.YES_NO)
    with pytest.raises(ValidationError, match="andere vragenlijst"):
        LogicRule(source_question=foreign, target_question=later).clean()


def test_survey_closing_after_opening(db):
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    with pytest.raises(IntegrityError):
        SurveyFactory(opens_at=now, closes_at=now - timedelta(days=1))


def test_is_not_one_of_operator(db):
    from surveys.constants import LogicOperator
    from surveys.logic import SurveyStructure, visibility
    from surveys.models import Answer
    from surveys.tests.builders import add_question, add_rule, add_section

    survey = SurveyFactory()
    first = add_section(survey, "Een")
    source = add_question(first, "gebruik", QuestionType.YES_NO)
    target = add_question(first, "waarom", QuestionType.SHORT_TEXT)
    add_rule(source, ["nee"], question=target, operator=LogicOperator.IS_NOT_ONE_OF)
    structure = SurveyStructure.load(survey)
    yes, no = source.options.get(code="ja"), source.options.get(code="nee")
    assert target.pk in visibility(structure, {}).question_ids  # unanswered: "not no" holds
    assert target.pk in visibility(structure, {source.pk: [Answer(option_id=yes.pk)]}).question_ids
    assert target.pk not in visibility(structure, {source.pk: [Answer(option_id=no.pk)]}).question_ids


def test_chained_logic_hidden_source_hides_dependents(db):
    from surveys.logic import SurveyStructure, visibility
    from surveys.models import Answer
    from surveys.tests.builders import add_question, add_rule, add_section

    survey = SurveyFactory()
    one, two, three = (add_section(survey, title) for title in ("Een", "Twee", "Drie"))
    a = add_question(one, "a", QuestionType.YES_NO)
    b = add_question(two, "b", QuestionType.YES_NO)
    add_question(three, "c", QuestionType.SHORT_TEXT)
    add_rule(a, ["ja"], section=two)
    add_rule(b, ["ja"], section=three)
    structure = SurveyStructure.load(survey)
    a_yes, a_no = a.options.get(code="ja").pk, a.options.get(code="nee").pk
    b_yes = b.options.get(code="ja").pk
    shown = visibility(structure, {a.pk: [Answer(option_id=a_yes)], b.pk: [Answer(option_id=b_yes)]})
    assert [s.title for s in shown.sections] == ["Een", "Twee", "Drie"]
    # "a" turns to no: section two hides, so its stale "yes" no longer opens section three.
    shown = visibility(structure, {a.pk: [Answer(option_id=a_no)], b.pk: [Answer(option_id=b_yes)]})
    assert [s.title for s in shown.sections] == ["Een"]
