"""Demo data of the fieldwork: a batch of letters with codes for Middelburg, and the group question of
De Fryske Marren's street survey with a group per answer. Idempotent: found by label, name and code."""

from django.db import transaction

from ..constants import QuestionType, SurveyStatus
from ..models import InvitationBatch, Option, Question, RespondentGroup, Survey
from ..services import survey_structure_changed
from .services import invitation_batch_create, respondent_group_create

MIDDELBURG_BATCH = "brief maart, contacten Toegang laatste 3 maanden"
MIDDELBURG_GROUP = "Contacten Toegang"
MIDDELBURG_CODES = 40
# De Fryske Marren: the screening question S1 of "Bekendheid cliëntondersteuning", option code -> group name.
FRYSKE_MARREN_QUESTION = "S1"
FRYSKE_MARREN_GROUPS = {
    "inwoner": "Inwoners",
    "gebruiker": "Gebruikers cliëntondersteuning",
    "voorziening": "Mensen met een voorziening",
}
FRYSKE_MARREN_QUOTA = 150


def _group(survey: Survey, name: str, quota=None) -> RespondentGroup:
    group = RespondentGroup.objects.filter(survey=survey, name__iexact=name).first()
    return group or respondent_group_create(survey=survey, name=name, quota=quota)


@transaction.atomic
def seed(*, stdout) -> None:
    """Add Middelburg's batch of letters and mark De Fryske Marren's group question (once)."""
    middelburg = Survey.objects.filter(gemeente__slug="middelburg", status=SurveyStatus.OPEN).order_by("id").first()
    if (
        middelburg is not None
        and not InvitationBatch.objects.filter(survey=middelburg, label=MIDDELBURG_BATCH).exists()
    ):
        group = _group(middelburg, MIDDELBURG_GROUP)
        invitation_batch_create(
            survey=middelburg, label=MIDDELBURG_BATCH, respondent_group=group, count=MIDDELBURG_CODES
        )
        stdout.write(f"  Brieven met codes: {MIDDELBURG_CODES} codes voor {middelburg.title} (Middelburg)")
    question = (
        Question.objects.filter(
            survey__gemeente__slug="de-fryske-marren",
            code=FRYSKE_MARREN_QUESTION,
            question_type=QuestionType.SINGLE_CHOICE,
        )
        .select_related("survey")
        .first()
    )
    if question is not None and not question.is_group_question:
        survey = question.survey
        # Demo data only: the survey already has generated responses (with groups of their own, left as they are),
        # which the builder's lock would refuse; new respondents get their group from this question.
        Question.objects.filter(pk=question.pk).update(is_group_question=True)
        for option in Option.objects.filter(question=question, code__in=FRYSKE_MARREN_GROUPS):
            group = _group(survey, FRYSKE_MARREN_GROUPS[option.code], quota=FRYSKE_MARREN_QUOTA)
            Option.objects.filter(pk=option.pk).update(respondent_group=group)
        survey_structure_changed(survey=survey)
        stdout.write(f"  Groepsvraag {FRYSKE_MARREN_QUESTION} met drie groepen: {survey.title} (De Fryske Marren)")
