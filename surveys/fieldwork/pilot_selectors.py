"""Reads of the pilot round (proefronde) for the officer: the pilot of a survey and its comments per question."""

from collections import defaultdict

from django.db.models import QuerySet

from ..models import PilotComment, Question, Response, Survey, SurveyPilot


def pilot_for_survey(*, survey: Survey) -> SurveyPilot | None:
    """The pilot round of a survey, or None when it never had one."""
    return SurveyPilot.objects.filter(survey=survey).select_related("orgaan").prefetch_related("testers").first()


def pilot_comment_get(*, survey: Survey, pk: int) -> PilotComment:
    """One comment of the survey's pilot round; DoesNotExist for another survey's comment."""
    return PilotComment.objects.get(pk=pk, pilot__survey=survey)


def pilot_comments_by_question(*, survey: Survey) -> list[dict]:
    """The survey's questions that got pilot comments, in survey order, each with its comments (two queries)."""
    comments: dict[int, list[PilotComment]] = defaultdict(list)
    for comment in (
        PilotComment.objects.filter(pilot__survey=survey).select_related("handled_by").order_by("created_at", "id")
    ):
        comments[comment.question_id].append(comment)
    if not comments:
        return []
    questions = Question.objects.filter(pk__in=comments.keys()).order_by("section__position", "section_id", "position")
    return [
        {
            "question": question,
            "comments": comments[question.pk],
            "open_count": sum(1 for comment in comments[question.pk] if comment.handled_at is None),
        }
        for question in questions
    ]


def pilot_response_count(*, survey: Survey) -> int:
    """How many testers sent the pilot round."""
    return Response.objects.filter(survey=survey, is_pilot=True, status="complete").count()


def pilot_orgaan_choices(*, survey: Survey) -> QuerySet:
    """The organen serving the survey's gemeente, to share a pilot round with."""
    from panels.models import Orgaan

    return Orgaan.objects.filter(gemeenten=survey.gemeente_id, dissolved_on__isnull=True).order_by("name")
