import factory
from factory.django import DjangoModelFactory

from participatie.tests.factories import GemeenteFactory
from surveys.constants import AssistedBy, QuestionType, ResponseChannel, SurveyStatus
from surveys.fieldwork.services import invitation_code_generate
from surveys.models import (
    Answer,
    InvitationBatch,
    InvitationCode,
    LogicRule,
    MatrixStatement,
    Option,
    Question,
    RespondentGroup,
    Response,
    Section,
    Survey,
    TerugkoppelingEmail,
)


class SurveyFactory(DjangoModelFactory):
    class Meta:
        model = Survey

    gemeente = factory.SubFactory(GemeenteFactory)
    title = factory.Sequence(lambda n: f"Vragenlijst {n}")
    slug = factory.Sequence(lambda n: f"vragenlijst-{n}")
    introduction = "Wat vindt u van de cliëntondersteuning? Invullen duurt ongeveer 5 minuten."
    privacy_text = "Uw antwoorden zijn anoniem."
    terugkoppeling_text = "Wij vertellen u voor de zomer wat we met uw antwoorden doen."
    status = SurveyStatus.CONCEPT


class OpenSurveyFactory(SurveyFactory):
    status = SurveyStatus.OPEN


class SectionFactory(DjangoModelFactory):
    class Meta:
        model = Section

    survey = factory.SubFactory(SurveyFactory)
    position = factory.Sequence(lambda n: n)
    title = factory.Sequence(lambda n: f"Deel {n}")


class QuestionFactory(DjangoModelFactory):
    class Meta:
        model = Question

    section = factory.SubFactory(SectionFactory)
    survey = factory.SelfAttribute("section.survey")
    position = factory.Sequence(lambda n: n)
    code = factory.Sequence(lambda n: f"V{n}")
    text = factory.Sequence(lambda n: f"Vraag {n}?")
    question_type = QuestionType.SHORT_TEXT


class OptionFactory(DjangoModelFactory):
    class Meta:
        model = Option

    question = factory.SubFactory(QuestionFactory, question_type=QuestionType.SINGLE_CHOICE)
    position = factory.Sequence(lambda n: n)
    code = factory.Sequence(lambda n: f"o{n}")
    label = factory.Sequence(lambda n: f"Antwoord {n}")


class MatrixStatementFactory(DjangoModelFactory):
    class Meta:
        model = MatrixStatement

    question = factory.SubFactory(QuestionFactory, question_type=QuestionType.MATRIX)
    position = factory.Sequence(lambda n: n)
    code = factory.Sequence(lambda n: f"s{n}")
    text = factory.Sequence(lambda n: f"Stelling {n}")


class RespondentGroupFactory(DjangoModelFactory):
    class Meta:
        model = RespondentGroup

    survey = factory.SubFactory(OpenSurveyFactory)
    name = factory.Sequence(lambda n: f"Groep {n}")
    position = factory.Sequence(lambda n: n)


class ResponseFactory(DjangoModelFactory):
    class Meta:
        model = Response

    survey = factory.SubFactory(OpenSurveyFactory)
    channel = ResponseChannel.ONLINE_SELF
    assisted_by = ""
    is_pilot = False
    language = "nl"

    class Params:
        # A response entered from a paper card, filled in with help.
        paper_assisted = factory.Trait(channel=ResponseChannel.PAPER, assisted_by=AssistedBy.VOLUNTEER)


class AnswerFactory(DjangoModelFactory):
    class Meta:
        model = Answer

    response = factory.SubFactory(ResponseFactory)
    question = factory.SubFactory(QuestionFactory)


class TerugkoppelingEmailFactory(DjangoModelFactory):
    class Meta:
        model = TerugkoppelingEmail

    survey = factory.SubFactory(OpenSurveyFactory)
    email = factory.Sequence(lambda n: f"inwoner{n}@example.nl")


class LogicRuleFactory(DjangoModelFactory):
    """Show a later question only after one option of an earlier choice question."""

    class Meta:
        model = LogicRule
        skip_postgeneration_save = True

    source_question = factory.SubFactory(QuestionFactory, question_type=QuestionType.SINGLE_CHOICE)
    target_question = factory.SubFactory(QuestionFactory, section=factory.SelfAttribute("..source_question.section"))

    @factory.post_generation
    def options(self, create, extracted, **kwargs):
        if create:
            self.options.set(extracted if extracted is not None else [OptionFactory(question=self.source_question)])


class InvitationBatchFactory(DjangoModelFactory):
    """A batch of invitation letters of an open survey (codes are added with InvitationCodeFactory)."""

    class Meta:
        model = InvitationBatch

    survey = factory.SubFactory(OpenSurveyFactory)
    label = factory.Sequence(lambda n: f"brief {n}")


class InvitationCodeFactory(DjangoModelFactory):
    class Meta:
        model = InvitationCode

    batch = factory.SubFactory(InvitationBatchFactory)
    code = factory.LazyFunction(invitation_code_generate)
    reference = factory.Sequence(lambda n: f"REF-{n:05d}")
