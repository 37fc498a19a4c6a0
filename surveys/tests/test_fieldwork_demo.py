"""The fieldwork's demo data: Middelburg's letters with codes and De Fryske Marren's group question, once."""

import io

from django.core.management import call_command

import pytest

from surveys.fieldwork import demo
from surveys.models import InvitationBatch, InvitationCode, Question, RespondentGroup


@pytest.mark.django_db
def test_demo_adds_a_batch_for_middelburg_and_the_group_question_once(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    batch = InvitationBatch.objects.get(label=demo.MIDDELBURG_BATCH)
    assert batch.survey.gemeente.slug == "middelburg" and batch.survey.status == "open"
    assert batch.codes.count() == demo.MIDDELBURG_CODES
    question = Question.objects.get(survey__gemeente__slug="de-fryske-marren", code=demo.FRYSKE_MARREN_QUESTION)
    assert question.is_group_question
    groups = set(RespondentGroup.objects.filter(survey=question.survey).values_list("name", flat=True))
    assert set(demo.FRYSKE_MARREN_GROUPS.values()) <= groups
    mapped = set(question.options.exclude(respondent_group=None).values_list("respondent_group__name", flat=True))
    assert mapped == set(demo.FRYSKE_MARREN_GROUPS.values())
    counts = (InvitationBatch.objects.count(), InvitationCode.objects.count(), RespondentGroup.objects.count())
    demo.seed(stdout=io.StringIO())
    assert (InvitationBatch.objects.count(), InvitationCode.objects.count(), RespondentGroup.objects.count()) == counts
