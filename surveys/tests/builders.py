"""Surveys for tests and benchmarks, built in a few lines."""

from surveys.constants import QuestionType, ScaleKind, SurveyStatus
from surveys.models import LogicRule, MatrixStatement, Option, Question, Section, Survey
from surveys.services import question_fixed_options_create

AGREE = [
    ("1", "Helemaal mee eens"),
    ("2", "Mee eens"),
    ("3", "Niet eens, niet oneens"),
    ("4", "Niet mee eens"),
    ("5", "Helemaal niet mee eens"),
]


def add_section(survey, title, position=None, intro=""):
    position = survey.sections.count() if position is None else position
    return Section.objects.create(survey=survey, title=title, position=position, intro=intro)


def add_question(
    section, code, question_type, text=None, *, options=(), statements=(), off_scale=None, other=None, **fields
):
    question = Question.objects.create(
        survey=section.survey,
        section=section,
        position=section.questions.count(),
        code=code,
        text=text or f"Vraag {code}?",
        question_type=question_type,
        **fields,
    )
    for position, (code_, label) in enumerate(options):
        score = int(code_) if code_.isdigit() else None
        Option.objects.create(question=question, position=position, code=code_, label=label, score=score)
    question_fixed_options_create(question=question)
    if off_scale:
        Option.objects.create(question=question, position=99, code=off_scale[0], label=off_scale[1], is_off_scale=True)
    if other:
        Option.objects.create(question=question, position=98, code=other[0], label=other[1], is_other=True)
    for position, (code_, text_) in enumerate(statements):
        MatrixStatement.objects.create(question=question, position=position, code=code_, text=text_)
    return question


def add_rule(source, option_codes, *, question=None, section=None, operator="is-een-van"):
    rule = LogicRule.objects.create(
        target_question=question, target_section=section, source_question=source, operator=operator
    )
    rule.options.set(source.options.filter(code__in=option_codes))
    return rule


def build_all_types_survey(gemeente, *, status=SurveyStatus.OPEN, **survey_fields):
    """A two-page survey with every question type, and a third page shown only to users of client support."""
    survey = Survey.objects.create(
        gemeente=gemeente,
        title="Alle vraagtypen",
        slug=f"alle-{Survey.objects.count()}",
        status=status,
        **survey_fields,
    )
    one = add_section(survey, "Over u")
    add_question(one, "naam", QuestionType.SHORT_TEXT, "Hoe wilt u genoemd worden?", is_required=False, max_length=20)
    add_question(one, "leeftijd", QuestionType.NUMBER, "Hoe oud bent u?", min_value=0, max_value=120)
    add_question(one, "geboren", QuestionType.DATE, "Wanneer bent u geboren?", is_required=False)
    add_question(one, "gebruik", QuestionType.YES_NO, "Heeft u cliëntondersteuning gebruikt?")
    add_question(
        one, "wie", QuestionType.SINGLE_CHOICE, "Wie vult de lijst in?",
        options=[("zelf", "Ikzelf"), ("naaste", "Een naaste")], other=("anders", "Anders, namelijk"),
    )  # fmt: skip
    two = add_section(survey, "Uw mening")
    add_question(
        two, "kanalen", QuestionType.MULTIPLE_CHOICE, "Hoe zocht u informatie?",
        options=[("web", "Website"), ("balie", "Balie"), ("telefoon", "Telefoon")], max_choices=2,
    )  # fmt: skip
    add_question(two, "tevreden", QuestionType.SCALE, "Ik ben tevreden.", options=AGREE, off_scale=("wn", "Weet niet"))
    add_question(two, "cijfer", QuestionType.SCALE, "Welk cijfer geeft u?", scale_kind=ScaleKind.GRADE)
    add_question(
        two, "stellingen", QuestionType.MATRIX, "Wat vindt u van deze stellingen?",
        options=AGREE, off_scale=("wn", "Weet niet"), statements=[("s1", "Ik werd goed geholpen."), ("s2", "Ik wist waar ik terecht kon.")],
    )  # fmt: skip
    add_question(
        two, "toelichting", QuestionType.LONG_TEXT, "Wilt u nog iets zeggen?", is_required=False, max_length=50
    )
    three = add_section(survey, "Uw ondersteuner")
    source = survey.questions.get(code="gebruik")
    add_rule(source, ["ja"], section=three)
    add_question(
        three,
        "ondersteuner",
        QuestionType.SINGLE_CHOICE,
        "Hoe vond u de ondersteuner?",
        options=[("goed", "Goed"), ("slecht", "Niet goed")],
        choice_widget="keuzelijst",
    )
    return survey
