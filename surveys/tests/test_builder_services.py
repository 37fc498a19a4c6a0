from datetime import timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

import pytest

from surveys.builder import services
from surveys.constants import LogicOperator, QuestionType, ScaleKind, SurveyStatus
from surveys.models import LogicRule, Option, Question, Section, Survey
from surveys.survey_definition import survey_definition_export
from surveys.tests.factories import (
    MatrixStatementFactory,
    OptionFactory,
    QuestionFactory,
    ResponseFactory,
    SectionFactory,
    SurveyFactory,
)

pytestmark = pytest.mark.django_db


def _option_rows(*codes, **extra):
    return [{"code": c, "label": c.upper(), "score": None, "is_off_scale": False, "is_other": False} for c in codes]


@pytest.fixture
def survey(gemeente):
    return SurveyFactory(gemeente=gemeente)


@pytest.fixture
def built(survey):
    """Two pages; page 1: choice B1 (ja/nee) and text B2; page 2: text B3 shown when B1 is ja."""
    first = SectionFactory(survey=survey, position=0)
    second = SectionFactory(survey=survey, position=1)
    b1 = services.question_create(
        section=first,
        code="B1",
        text="Keuze?",
        question_type=QuestionType.SINGLE_CHOICE,
        options=_option_rows("ja", "nee"),
    )
    b2 = services.question_create(section=first, code="B2", text="Tekst?", question_type=QuestionType.SHORT_TEXT)
    b3 = services.question_create(section=second, code="B3", text="Later?", question_type=QuestionType.SHORT_TEXT)
    rule = services.logic_rule_create(
        source_question=b1, operator=LogicOperator.IS_ONE_OF, options=b1.options.filter(code="ja"), target_question=b3
    )
    return {"survey": survey, "first": first, "second": second, "b1": b1, "b2": b2, "b3": b3, "rule": rule}


def test_survey_create_gets_a_unique_slug(gemeente, policy_officer):
    one = services.survey_create(gemeente=gemeente, user=policy_officer, title="Ervaringen 2026")
    two = services.survey_create(gemeente=gemeente, user=policy_officer, title="Ervaringen 2026")
    assert (one.slug, two.slug) == ("ervaringen-2026", "ervaringen-2026-2")
    assert one.status == SurveyStatus.CONCEPT and one.created_by == policy_officer


def test_question_create_appends_in_order_and_scores_a_labelled_scale(built):
    assert [q.code for q in Question.objects.filter(section=built["first"]).order_by("position")] == ["B1", "B2"]
    scale = services.question_create(
        section=built["second"],
        code="S",
        text="Eens?",
        question_type=QuestionType.SCALE,
        scale_kind=ScaleKind.LABELLED,
        options=[
            *_option_rows("1", "2", "3"),
            {"code": "9", "label": "Weet niet", "score": None, "is_off_scale": True, "is_other": False},
        ],
    )
    assert list(scale.options.values_list("code", "score")) == [("1", 1), ("2", 2), ("3", 3), ("9", None)]


def test_yes_no_and_grade_questions_get_their_fixed_options(built):
    yes_no = services.question_create(section=built["second"], code="JN", text="?", question_type=QuestionType.YES_NO)
    grade = services.question_create(
        section=built["second"], code="CIJ", text="?", question_type=QuestionType.SCALE, scale_kind=ScaleKind.GRADE
    )
    assert list(yes_no.options.values_list("code", flat=True)) == ["ja", "nee"]
    assert list(grade.options.values_list("score", flat=True)) == list(range(1, 11))


def test_question_update_syncs_options_by_code(built):
    b1 = built["b1"]
    services.question_update(question=b1, options=[*_option_rows("ja", "nee"), *_option_rows("soms")])
    assert list(b1.options.values_list("code", flat=True)) == ["ja", "nee", "soms"]
    # Removing an option a rule uses is refused.
    with pytest.raises(ValidationError, match="routeringsregel"):
        services.question_update(question=b1, options=_option_rows("nee", "soms"))
    assert b1.options.filter(code="ja").exists()


def test_question_type_change_of_a_logic_source_is_refused(built):
    with pytest.raises(ValidationError):
        services.question_update(question=built["b1"], question_type=QuestionType.SHORT_TEXT, options=[])
    built["b1"].refresh_from_db()
    assert built["b1"].question_type == QuestionType.SINGLE_CHOICE
    assert built["b1"].options.count() == 2


def test_reorder_questions_up_and_down(built):
    services.question_move(question=built["b2"], direction="up")
    assert [q.code for q in Question.objects.filter(section=built["first"]).order_by("position")] == ["B2", "B1"]
    services.question_move(question=built["b2"], direction="down")
    assert [q.code for q in Question.objects.filter(section=built["first"]).order_by("position")] == ["B1", "B2"]
    with pytest.raises(ValidationError):
        services.question_move(question=built["b1"], direction="up")


def test_move_that_puts_a_rule_before_its_source_is_refused_and_saves_nothing(built):
    with pytest.raises(ValidationError, match="vóór vraag B1"):
        services.section_move(section=built["second"], direction="up")
    assert list(Section.objects.filter(survey=built["survey"]).order_by("position").values_list("pk", flat=True)) == [
        built["first"].pk,
        built["second"].pk,
    ]


def test_moving_a_question_to_another_section_keeps_logic_valid(built):
    with pytest.raises(ValidationError):
        # B1 to page 2 after B3 would make B3 depend on a later question.
        services.question_update(question=built["b1"], section=built["second"])
    built["b1"].refresh_from_db()
    assert built["b1"].section_id == built["first"].pk


def test_logic_rule_must_depend_on_an_earlier_choice_question(built):
    b1, b2, b3 = built["b1"], built["b2"], built["b3"]
    with pytest.raises(ValidationError):  # not a choice question
        services.logic_rule_create(source_question=b2, operator="is-een-van", options=[], target_question=b3)
    with pytest.raises(ValidationError):  # later question as source
        services.logic_rule_create(
            source_question=b1, operator="is-een-van", options=b1.options.all(), target_question=b1
        )
    other = QuestionFactory(question_type=QuestionType.SINGLE_CHOICE)
    foreign = OptionFactory(question=other)
    with pytest.raises(ValidationError):  # option of another question (and survey)
        services.logic_rule_create(source_question=b1, operator="is-een-van", options=[foreign], target_question=b3)
    with pytest.raises(ValidationError):  # source in the same section as the target section
        services.logic_rule_create(
            source_question=b1, operator="is-een-van", options=b1.options.all(), target_section=built["first"]
        )
    section_rule = services.logic_rule_create(
        source_question=b1,
        operator="is-niet-een-van",
        options=b1.options.filter(code="nee"),
        target_section=built["second"],
    )
    assert section_rule.target_section == built["second"]


def test_delete_question_with_dependants_is_refused(built):
    with pytest.raises(ValidationError, match="B3"):
        services.question_delete(question=built["b1"])
    services.question_delete(question=built["b2"])
    assert not Question.objects.filter(pk=built["b2"].pk).exists()
    with pytest.raises(ValidationError):
        services.section_delete(section=built["first"])
    services.section_delete(section=built["second"])
    assert list(Section.objects.filter(survey=built["survey"]).values_list("position", flat=True)) == [0]


def test_copy_question_places_it_after_the_original_with_a_new_code_and_its_rule(built):
    copy = services.question_copy(question=built["b3"])
    assert copy.code == "B3_kopie" and copy.section_id == built["second"].pk
    assert copy.logic_rules.get().source_question == built["b1"]
    again = services.question_copy(question=built["b3"])
    assert again.code == "B3_kopie2"
    assert [q.code for q in Question.objects.filter(section=built["second"]).order_by("position")] == [
        "B3",
        "B3_kopie2",
        "B3_kopie",
    ]


def test_copy_section_remaps_logic_inside_it(built):
    b4 = services.question_create(
        section=built["first"], code="B4", text="?", question_type=QuestionType.YES_NO, options=[]
    )
    services.logic_rule_create(
        source_question=built["b1"],
        operator="is-een-van",
        options=built["b1"].options.filter(code="nee"),
        target_question=b4,
    )
    copy = services.section_copy(section=built["first"])
    copied = {q.code: q for q in copy.questions.all()}
    assert set(copied) == {"B1_kopie", "B2_kopie", "B4_kopie"}
    rule = copied["B4_kopie"].logic_rules.get()
    assert rule.source_question == copied["B1_kopie"]
    assert rule.options.get().question == copied["B1_kopie"]
    assert list(Section.objects.filter(survey=built["survey"]).order_by("position").values_list("pk", flat=True)) == [
        built["first"].pk,
        copy.pk,
        built["second"].pk,
    ]


def test_duplicate_survey_for_next_round(built, policy_officer):
    survey = built["survey"]
    survey.status = SurveyStatus.CLOSED
    survey.save()
    copy = services.survey_duplicate(survey=survey, user=policy_officer)
    assert copy.status == SurveyStatus.CONCEPT and copy.gemeente == survey.gemeente
    assert copy.title.startswith(survey.title) and copy.title != survey.title and copy.slug != survey.slug
    original, duplicated = survey_definition_export(survey=survey), survey_definition_export(survey=copy)
    original.pop("title"), duplicated.pop("title")
    assert original == duplicated


def test_status_goes_concept_open_closed_only(built):
    survey = built["survey"]
    with pytest.raises(ValidationError):
        services.survey_status_change(survey=survey, status=SurveyStatus.CLOSED)
    survey = services.survey_status_change(survey=survey, status=SurveyStatus.OPEN)
    assert survey.status == SurveyStatus.OPEN
    with pytest.raises(ValidationError):
        services.survey_status_change(survey=survey, status=SurveyStatus.CONCEPT)
    survey = services.survey_status_change(survey=survey, status=SurveyStatus.CLOSED)
    assert survey.status == SurveyStatus.CLOSED
    with pytest.raises(ValidationError):
        services.survey_status_change(survey=survey, status=SurveyStatus.OPEN)


def test_survey_delete_only_for_a_draft(built):
    survey = built["survey"]
    services.survey_status_change(survey=survey, status=SurveyStatus.OPEN)
    with pytest.raises(ValidationError):
        services.survey_delete(survey=survey)
    draft = SurveyFactory()
    services.survey_delete(survey=draft)
    assert not Survey.objects.filter(pk=draft.pk).exists()


# Structure lock ---------------------------------------------------------------------------


@pytest.fixture
def locked(built):
    ResponseFactory(survey=built["survey"])
    return built


STRUCTURE_CHANGES = [
    ("add section", lambda b: services.section_create(survey=b["survey"], title="Nieuw")),
    ("move section", lambda b: services.section_move(section=b["second"], direction="up")),
    ("copy section", lambda b: services.section_copy(section=b["first"])),
    ("delete section", lambda b: services.section_delete(section=b["second"])),
    (
        "add question",
        lambda b: services.question_create(section=b["first"], code="N", text="?", question_type="kort-tekst"),
    ),
    ("move question", lambda b: services.question_move(question=b["b2"], direction="up")),
    ("copy question", lambda b: services.question_copy(question=b["b2"])),
    ("delete question", lambda b: services.question_delete(question=b["b2"])),
    ("change code", lambda b: services.question_update(question=b["b2"], code="B2x")),
    ("change type", lambda b: services.question_update(question=b["b2"], question_type="lang-tekst")),
    ("change required", lambda b: services.question_update(question=b["b2"], is_required=False)),
    ("change option code", lambda b: services.question_update(question=b["b1"], options=_option_rows("ja", "neen"))),
    ("add option", lambda b: services.question_update(question=b["b1"], options=_option_rows("ja", "nee", "soms"))),
    ("reorder options", lambda b: services.question_update(question=b["b1"], options=_option_rows("nee", "ja"))),
    ("move to other page", lambda b: services.question_update(question=b["b2"], section=b["second"])),
    (
        "add rule",
        lambda b: services.logic_rule_create(
            source_question=b["b1"], operator="is-een-van", options=b["b1"].options.all(), target_question=b["b2"]
        ),
    ),
    ("delete rule", lambda b: services.logic_rule_delete(rule=b["rule"])),
]


@pytest.mark.parametrize(("name", "change"), STRUCTURE_CHANGES, ids=[name for name, _c in STRUCTURE_CHANGES])
def test_structure_is_locked_once_there_are_responses(locked, name, change):
    before = survey_definition_export(survey=locked["survey"])
    with pytest.raises(ValidationError) as caught:
        change(locked)
    assert "nieuwe kopie" in caught.value.messages[0]
    assert survey_definition_export(survey=locked["survey"]) == before


def test_texts_can_still_be_fixed_when_locked(locked):
    b1 = locked["b1"]
    rows = _option_rows("ja", "nee")
    rows[0]["label"] = "Ja, zeker"
    with pytest.raises(ValidationError):  # after responses a changed text needs a reason (issue 15)
        services.question_update(question=b1, text="Keuze (verbeterd)?", help_text="Uitleg", options=rows)
    services.question_update(
        question=b1, text="Keuze (verbeterd)?", help_text="Uitleg", options=rows, change_reason="Spelfout"
    )
    services.section_update(section=locked["first"], title="Nieuwe titel", intro="Nieuwe uitleg")
    services.survey_update(survey=locked["survey"], title="Nieuwe naam", privacy_text="Anders")
    b1.refresh_from_db()
    assert b1.text == "Keuze (verbeterd)?" and b1.options.get(code="ja").label == "Ja, zeker"
    assert Section.objects.get(pk=locked["first"].pk).title == "Nieuwe titel"


def test_matrix_statement_text_editable_but_not_codes_when_locked(survey):
    section = SectionFactory(survey=survey)
    matrix = QuestionFactory(section=section, code="M", question_type=QuestionType.MATRIX)
    OptionFactory(question=matrix, code="1", score=1)
    OptionFactory(question=matrix, code="2", score=2)
    MatrixStatementFactory(question=matrix, code="m1", text="Oud")
    ResponseFactory(survey=survey)
    services.question_update(question=matrix, statements=[{"code": "m1", "text": "Nieuw"}], change_reason="Duidelijker")
    assert matrix.statements.get().text == "Nieuw"
    with pytest.raises(ValidationError):
        services.question_update(question=matrix, statements=[{"code": "m2", "text": "Nieuw"}])


def test_logic_rule_options_are_checked_in_the_database(built):
    """survey_logic_check catches an option of another question slipped into a rule."""
    other = OptionFactory(question=built["b2"], code="x")
    built["rule"].options.add(other)
    with pytest.raises(ValidationError):
        services.survey_logic_check(survey=built["survey"])
    assert LogicRule.objects.count() == 1 and Option.objects.filter(pk=other.pk).exists()


TOUCHING_WRITES = [
    ("add section", lambda b: services.section_create(survey=b["survey"], title="Nieuw")),
    ("edit section text", lambda b: services.section_update(section=b["first"], title="Ander")),
    ("copy section", lambda b: services.section_copy(section=b["second"])),
    ("add question", lambda b: services.question_create(section=b["first"], code="N", text="?", question_type="datum")),
    ("edit question text", lambda b: services.question_update(question=b["b2"], text="Beter?")),
    ("move question", lambda b: services.question_move(question=b["b2"], direction="up")),
    ("copy question", lambda b: services.question_copy(question=b["b2"])),
    ("delete question", lambda b: services.question_delete(question=b["b2"])),
    ("delete rule", lambda b: services.logic_rule_delete(rule=b["rule"])),
]


@pytest.mark.parametrize(("name", "write"), TOUCHING_WRITES, ids=[name for name, _w in TOUCHING_WRITES])
def test_every_builder_write_bumps_updated_at_for_the_respondent_cache(built, name, write):
    survey = built["survey"]
    Survey.objects.filter(pk=survey.pk).update(updated_at=timezone.now() - timedelta(hours=1))
    before = Survey.objects.get(pk=survey.pk).updated_at
    write(built)
    assert Survey.objects.get(pk=survey.pk).updated_at > before


def test_label_fix_on_a_locked_unscored_scale_is_allowed(survey):
    section = SectionFactory(survey=survey)
    scale = QuestionFactory(section=section, code="S", question_type=QuestionType.SCALE)
    OptionFactory(question=scale, position=0, code="eens", label="Eens", score=None)
    OptionFactory(question=scale, position=1, code="oneens", label="Oneens", score=None)
    ResponseFactory(survey=survey)
    rows = _option_rows("eens", "oneens")
    rows[1]["label"] = "Niet eens"
    services.question_update(question=scale, options=rows, change_reason="Duidelijker")
    assert list(scale.options.values_list("label", "score")) == [("EENS", None), ("Niet eens", None)]
