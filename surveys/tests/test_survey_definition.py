import copy
import json

import pytest

from surveys.constants import LogicOperator, QuestionType, ScaleKind
from surveys.models import LogicRule, Option, Question, Section, Survey
from surveys.survey_definition import (
    SCHEMA,
    SCHEMA_V1,
    SurveyDefinitionError,
    survey_definition_clean,
    survey_definition_export,
    survey_definition_import,
)
from surveys.template_library import TEMPLATE_FILES, survey_template_copy, survey_template_list
from surveys.tests.factories import (
    MatrixStatementFactory,
    OptionFactory,
    QuestionFactory,
    SectionFactory,
    SurveyFactory,
)

pytestmark = pytest.mark.django_db


def _all_types_survey(gemeente):
    """A survey with every question type, an off-scale answer, 'other', statements and both kinds of logic."""
    survey = SurveyFactory(gemeente=gemeente, title="Alles", max_responses=50, retention_days=30)
    first = SectionFactory(survey=survey, position=0, title="Eén", intro="Intro één")
    second = SectionFactory(survey=survey, position=1, title="Twee")
    choice = QuestionFactory(section=first, position=0, code="keuze", question_type=QuestionType.SINGLE_CHOICE)
    ja = OptionFactory(question=choice, position=0, code="ja", label="Ja")
    OptionFactory(question=choice, position=1, code="nee", label="Nee")
    OptionFactory(question=choice, position=2, code="anders", label="Anders", is_other=True)
    multi = QuestionFactory(
        section=first, position=1, code="meer", question_type=QuestionType.MULTIPLE_CHOICE, min_choices=1, max_choices=2
    )
    OptionFactory(question=multi, position=0, code="a", label="A")
    OptionFactory(question=multi, position=1, code="b", label="B")
    scale = QuestionFactory(section=first, position=2, code="schaal", question_type=QuestionType.SCALE)
    OptionFactory(question=scale, position=0, code="1", label="Eens", score=2)
    OptionFactory(question=scale, position=1, code="2", label="Oneens", score=1)
    OptionFactory(question=scale, position=2, code="9", label="Weet niet", is_off_scale=True)
    matrix = QuestionFactory(
        section=second, position=0, code="mx", question_type=QuestionType.MATRIX, scale_kind=ScaleKind.GRADE
    )
    for point in range(1, 11):
        OptionFactory(question=matrix, position=point - 1, code=str(point), label=str(point), score=point)
    MatrixStatementFactory(question=matrix, position=0, code="s1", text="Stelling 1")
    QuestionFactory(
        section=second,
        position=1,
        code="getal",
        question_type=QuestionType.NUMBER,
        min_value=0,
        max_value="2.5",
        allow_decimals=True,
    )
    QuestionFactory(section=second, position=2, code="datum", question_type=QuestionType.DATE, is_required=False)
    QuestionFactory(section=second, position=3, code="lang", question_type=QuestionType.LONG_TEXT, max_length=500)
    yes_no = QuestionFactory(section=second, position=4, code="jn", question_type=QuestionType.YES_NO)
    OptionFactory(question=yes_no, position=0, code="ja", label="Ja")
    OptionFactory(question=yes_no, position=1, code="nee", label="Nee")
    target = Question.objects.get(code="lang", survey=survey)
    rule = LogicRule.objects.create(
        target_question=target, source_question=choice, operator=LogicOperator.IS_NOT_ONE_OF
    )
    rule.options.set([ja])
    section_rule = LogicRule.objects.create(target_section=second, source_question=choice)
    section_rule.options.set([ja])
    return survey


def test_export_import_round_trip_gives_an_identical_survey(gemeente, other_gemeente):
    survey = _all_types_survey(gemeente)
    exported = survey_definition_export(survey=survey)
    assert exported["schema"] == SCHEMA
    # Through JSON text, as a file would travel between gemeenten.
    copy_ = survey_definition_import(data=json.loads(json.dumps(exported)), gemeente=other_gemeente)
    assert copy_.pk != survey.pk and copy_.gemeente == other_gemeente
    assert survey_definition_export(survey=copy_) == exported
    assert Question.objects.filter(survey=copy_).count() == 8
    assert LogicRule.objects.filter(source_question__survey=copy_).count() == 2


def test_export_contains_type_specific_settings_only(gemeente):
    exported = survey_definition_export(survey=_all_types_survey(gemeente))
    number = exported["sections"][1]["questions"][1]
    assert number["type"] == QuestionType.NUMBER
    assert number["min_value"] == 0 and number["max_value"] == 2.5 and number["allow_decimals"] is True
    assert "options" not in number
    scale = exported["sections"][0]["questions"][2]
    assert scale["options"][2] == {"code": "9", "label": "Weet niet", "off_scale": True}
    assert exported["sections"][1]["logic"] == [{"question": "keuze", "operator": "is-een-van", "options": ["ja"]}]


def _valid():
    return {
        "schema": SCHEMA,
        "title": "Test",
        "sections": [
            {
                "title": "Deel 1",
                "questions": [
                    {
                        "code": "B1",
                        "text": "Keuze?",
                        "type": "een-keuze",
                        "options": [{"code": "a", "label": "A"}, {"code": "b", "label": "B"}],
                    },
                    {
                        "code": "B2",
                        "text": "Tekst?",
                        "type": "kort-tekst",
                        "logic": [{"question": "B1", "operator": "is-een-van", "options": ["a"]}],
                    },
                ],
            }
        ],
    }


def test_minimal_definition_imports_with_defaults(gemeente):
    survey = survey_definition_import(data=_valid(), gemeente=gemeente)
    assert survey.status == "concept" and survey.is_anonymous is True
    assert survey.slug == "test"
    assert LogicRule.objects.get(target_question__code="B2").options.get().code == "a"


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda d: d.update(schema="participatie.survey/9"), "schema:"),
        (lambda d: d.pop("title"), "title: mag niet leeg zijn"),
        (
            lambda d: d["sections"][0]["questions"][0]["options"][0].update(code="a b"),
            "sections[0].questions[0].options[0].code:",
        ),
        (
            lambda d: d["sections"][0]["questions"][0]["options"][1].update(code="a"),
            "sections[0].questions[0].options[1].code:",
        ),
        (lambda d: d["sections"][0]["questions"][1].update(code="B1"), "sections[0].questions[1].code:"),
        (lambda d: d["sections"][0]["questions"][1].update(type="tekening"), "sections[0].questions[1].type:"),
        (lambda d: d["sections"][0]["questions"][1].update(max_length=0), "sections[0].questions[1].max_length:"),
        (
            lambda d: d["sections"][0]["questions"][1].update(min_value=1),
            "sections[0].questions[1].min_value: wordt niet gebruikt",
        ),
        (
            lambda d: d["sections"][0]["questions"][1].update(colour="red"),
            "sections[0].questions[1].colour: onbekend veld",
        ),
        (
            lambda d: d["sections"][0]["questions"][1]["logic"][0].update(question="B9"),
            "sections[0].questions[1].logic[0].question:",
        ),
        (
            lambda d: d["sections"][0]["questions"][1]["logic"][0].update(options=["z"]),
            "sections[0].questions[1].logic[0].options[0]:",
        ),
        (
            lambda d: d["sections"][0]["questions"][0].update(logic=[{"question": "B2", "options": ["a"]}]),
            "sections[0].questions[0].logic[0].question:",
        ),
        (
            lambda d: d["sections"][0]["questions"][0]["options"].pop(),
            "sections[0].questions[0].options: geef minstens twee",
        ),
        (
            lambda d: d["sections"][0]["questions"][0]["options"][0].update(off_scale=True),
            "sections[0].questions[0].options[0].off_scale:",
        ),
        (lambda d: d["sections"][0].update(questions="nee"), "sections[0].questions: moet een lijst zijn"),
        (lambda d: d.update(retention_days=True), "retention_days: moet een heel getal zijn"),
        (lambda d: d.update(is_public="ja"), "is_public: moet true of false zijn"),
    ],
)
def test_broken_definition_names_the_path_and_creates_nothing(gemeente, mutate, expected):
    data = _valid()
    mutate(data)
    before = (Survey.objects.count(), Section.objects.count(), Question.objects.count(), Option.objects.count())
    with pytest.raises(SurveyDefinitionError) as caught:
        survey_definition_import(data=data, gemeente=gemeente)
    assert any(error.startswith(expected) for error in caught.value.errors), caught.value.errors
    after = (Survey.objects.count(), Section.objects.count(), Question.objects.count(), Option.objects.count())
    assert after == before


def test_a_failure_after_validation_rolls_back_everything(gemeente, monkeypatch):
    """Even when writing fails halfway, the transaction leaves nothing behind."""
    from surveys import services

    def explode(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "question_fixed_options_create", explode)
    data = _valid()
    data["sections"][0]["questions"].append({"code": "jn", "text": "Ja of nee?", "type": "ja-nee"})
    with pytest.raises(RuntimeError):
        survey_definition_import(data=data, gemeente=gemeente)
    assert not Survey.objects.exists() and not Question.objects.exists()


def test_not_an_object_is_refused():
    with pytest.raises(SurveyDefinitionError):
        survey_definition_clean(["schema"])


@pytest.mark.parametrize("template", survey_template_list(), ids=lambda t: t.key)
def test_library_templates_validate_import_and_round_trip(gemeente, template):
    survey_definition_clean(copy.deepcopy(template.definition))
    survey = survey_template_copy(key=template.key, gemeente=gemeente)
    assert survey.status == "concept"
    # The library files are of schema version 1: they import, and export as version 2 without translations.
    assert template.definition["schema"] == SCHEMA_V1
    expected = {**template.definition, "schema": SCHEMA, "languages": [], "translations": {}}
    assert survey_definition_export(survey=survey) == expected


def test_library_has_the_three_templates():
    titles = {template.title for template in survey_template_list()}
    assert titles == {
        "Ervaringen met cliëntondersteuning",
        "Ervaringenkaart cliëntondersteuning",
        "Bekendheid van cliëntondersteuning",
    }
    assert len(TEMPLATE_FILES) == 3


def test_bekendheid_template_has_screening_with_section_logic(gemeente):
    survey = survey_template_copy(key="bekendheid-clientondersteuning", gemeente=gemeente)
    assert 11 <= Question.objects.filter(survey=survey).count() <= 14
    screened = Section.objects.filter(survey=survey, logic_rules__source_question__code="S1")
    assert set(screened.values_list("logic_rules__options__code", flat=True)) == {
        "gebruiker",
        "voorziening",
    }


def test_ervaringenkaart_is_one_matrix_card(gemeente):
    survey = survey_template_copy(key="ervaringenkaart", gemeente=gemeente)
    assert Section.objects.filter(survey=survey).count() == 1
    matrix = Question.objects.get(survey=survey, question_type=QuestionType.MATRIX)
    assert matrix.statements.count() >= 6
    assert matrix.options.filter(is_off_scale=True).count() == 1


def test_example_in_the_schema_documentation_is_valid(gemeente):
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / "docs" / "surveys-json-schema.md").read_text(encoding="utf-8")
    example = text.split("## Example", 1)[1].split("```json", 1)[1].split("```", 1)[0]
    survey = survey_definition_import(data=json.loads(example), gemeente=gemeente)
    grade = Question.objects.get(survey=survey, code="G1")
    assert grade.options.count() == 11  # ten points added on import plus "weet ik niet"
    assert Section.objects.get(survey=survey, position=1).logic_rules.get().source_question.code == "S1"


def test_export_costs_a_fixed_number_of_queries(gemeente, django_assert_max_num_queries):
    small = survey_template_copy(key="ervaringenkaart", gemeente=gemeente)
    large = survey_template_copy(key="bekendheid-clientondersteuning", gemeente=gemeente)
    # Sections, questions, options, statements, rules, the rules' options, the text revisions, the languages
    # and the translations: nine at most, whatever the size.
    with django_assert_max_num_queries(9):
        survey_definition_export(survey=small)
    with django_assert_max_num_queries(9):
        survey_definition_export(survey=large)
