"""The shortcuts that make a resident's page POST cheaper give what the long way gives (issue 14)."""

from datetime import date
from decimal import Decimal

import pytest

from surveys.constants import AssistedBy, QuestionType
from surveys.logic import SurveyStructure, visibility
from surveys.models import Answer, GroupRule
from surveys.respond.forms import ANSWER_ROW_FIELDS, ASSISTED_BY_FIELD, AssistanceForm, answer_row
from surveys.tests.builders import add_question, add_rule, add_section
from surveys.tests.factories import RespondentGroupFactory, SurveyFactory

YES_NO = [("ja", "Ja"), ("nee", "Nee")]


def test_answer_row_passes_the_fields_in_model_order():
    assert tuple(field.attname for field in Answer._meta.concrete_fields) == ANSWER_ROW_FIELDS


@pytest.mark.parametrize(
    "values",
    [
        {"text_value": "Meer bankjes"},
        {"number_value": Decimal("71")},
        {"date_value": date(2026, 12, 1)},
        {"option_id": 7, "statement_id": 3},
        {"option_id": 5, "text_value": "Anders"},
        {"option_id": 5},
    ],
)
def test_answer_row_equals_the_keyword_answer(values):
    fast, usual = answer_row(11, **values), Answer(question_id=11, **values)
    for name in ANSWER_ROW_FIELDS:
        assert getattr(fast, name) == getattr(usual, name), name
    assert (fast._state.adding, fast._state.db) == (usual._state.adding, usual._state.db)


def walked(structure, answers, group_id=None):
    """``visibility`` the long way: every section and question looked at, the fixed outcome not used."""
    structure.__dict__["fixed_visibility"] = None
    try:
        return visibility(structure, answers, group_id=group_id)
    finally:
        del structure.__dict__["fixed_visibility"]


@pytest.fixture
def survey(db):
    survey = SurveyFactory()
    one, empty, three = add_section(survey, "Een"), add_section(survey, "Leeg"), add_section(survey, "Drie")
    source = add_question(one, "a", QuestionType.YES_NO, options=YES_NO)
    add_question(one, "b", QuestionType.SHORT_TEXT)
    add_question(three, "c", QuestionType.NUMBER)
    survey.parts = {"one": one, "empty": empty, "three": three, "source": source}
    return survey


def test_without_logic_every_respondent_sees_the_same(survey):
    structure = SurveyStructure.load(survey)
    assert structure.fixed_visibility is not None
    source = survey.parts["source"]
    no = source.options.get(code="nee")
    for answers, group_id in [({}, None), ({source.pk: [answer_row(source.pk, option_id=no.pk)]}, 4)]:
        quick, slow = visibility(structure, answers, group_id=group_id), walked(structure, answers, group_id)
        assert quick.sections == slow.sections == [survey.parts["one"], survey.parts["three"]]
        assert quick.question_ids == slow.question_ids
        assert len(quick.question_ids) == 3
    # Each caller gets its own list and set (a caller may change them).
    first = visibility(structure, {})
    first.question_ids.clear()
    first.sections.clear()
    assert len(visibility(structure, {}).question_ids) == 3


@pytest.mark.parametrize("target", ["question", "section"])
def test_a_rule_makes_visibility_walk_the_survey(survey, target):
    source, three = survey.parts["source"], survey.parts["three"]
    hidden = three.questions.get()
    add_rule(source, ["ja"], **({"question": hidden} if target == "question" else {"section": three}))
    structure = SurveyStructure.load(survey)
    assert structure.fixed_visibility is None
    no = source.options.get(code="nee")
    shown = visibility(structure, {source.pk: [answer_row(source.pk, option_id=no.pk)]})
    assert hidden.pk not in shown.question_ids


@pytest.mark.parametrize("target", ["question", "section"])
def test_a_group_rule_makes_visibility_walk_the_survey(survey, target):
    three = survey.parts["three"]
    hidden = three.questions.get()
    group = RespondentGroupFactory(survey=survey)
    rule = GroupRule.objects.create(
        **({"target_question": hidden} if target == "question" else {"target_section": three})
    )
    rule.groups.set([group])
    structure = SurveyStructure.load(survey)
    assert structure.fixed_visibility is None
    assert hidden.pk not in visibility(structure, {}).question_ids
    assert hidden.pk in visibility(structure, {}, group_id=group.pk).question_ids


def test_every_help_question_form_has_a_field_of_its_own():
    first, second = AssistanceForm({"assisted_by": "carer"}), AssistanceForm({"assisted_by": "ghost"})
    assert first.fields["assisted_by"] is not second.fields["assisted_by"] is not ASSISTED_BY_FIELD
    assert first.is_valid() and first.cleaned_data["assisted_by"] == AssistedBy.CARER
    assert not second.is_valid() and "assisted_by" in second.errors
    assert AssistanceForm({}).is_valid()
    assert 'type="radio"' in str(AssistanceForm()["assisted_by"])
