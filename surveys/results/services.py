"""Writes of the survey results: data cleaning (opschonen) and the published summary (samenvatting)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..constants import CleaningAction, ExclusionKind, ResponseStatus, SurveyStatus
from ..models import Question, Response, ResponseCleaningEvent, ResultSummary, Survey
from .counts import response_uncount


@transaction.atomic
def response_exclude(*, response: Response, user, exclusion_kind: str, reason: str) -> Response:
    """Leave a response out of results and exports as a test or invalid response (opschonen); recorded."""
    response = Response.objects.select_for_update().get(pk=response.pk)
    reason = (reason or "").strip()
    if exclusion_kind not in ExclusionKind.values:
        raise ValidationError(_("Choose why the response is left out."))
    if not reason:
        raise ValidationError(_("Give the reason for leaving this response out."))
    if response.status == ResponseStatus.IN_PROGRESS:
        raise ValidationError(_("A response that is still being filled in cannot be left out."))
    if response.exclusion_kind:
        raise ValidationError(_("This response is already left out."))
    now = timezone.now()
    response.exclusion_kind = exclusion_kind
    response.exclusion_reason = reason
    response.excluded_at = now
    response.save(update_fields=["exclusion_kind", "exclusion_reason", "excluded_at"])
    response_uncount(response=response)  # a restored response is counted again when the figures are next read
    ResponseCleaningEvent.objects.create(
        response=response, action=CleaningAction.EXCLUDED, exclusion_kind=exclusion_kind, reason=reason, user=user
    )
    return response


@transaction.atomic
def response_restore(*, response: Response, user) -> Response:
    """Count a left-out response again (undo of ``response_exclude``); recorded."""
    response = Response.objects.select_for_update().get(pk=response.pk)
    if not response.exclusion_kind:
        raise ValidationError(_("This response is already counted."))
    ResponseCleaningEvent.objects.create(
        response=response,
        action=CleaningAction.RESTORED,
        exclusion_kind=response.exclusion_kind,
        reason=response.exclusion_reason,
        user=user,
    )
    response.exclusion_kind = ""
    response.exclusion_reason = ""
    response.excluded_at = None
    response.save(update_fields=["exclusion_kind", "exclusion_reason", "excluded_at"])
    return response


def result_summary_publish(
    *, survey: Survey, user, text: str, questions: list[Question], public_url: str
) -> ResultSummary:
    """Publish (or update) the summary of a survey's results (samenvatting) on the gemeente's public page.

    The first publication is the terugkoppeling to the respondents: it goes through the feedback register,
    so whoever left an e-mail address gets the message (after commit) and the inbreng is answered.
    """
    from feedback.integration import terugkoppeling_from_survey_summary

    text = (text or "").strip()
    if not text:
        raise ValidationError(_("Write a short text for residents."))
    if not questions:
        raise ValidationError(_("Choose at least one question."))
    if any(question.survey_id != survey.pk for question in questions):
        raise ValidationError(_("This question does not belong to this survey."))
    if survey.status != SurveyStatus.CLOSED:
        raise ValidationError(_("Publish the summary after the survey has closed."))
    with transaction.atomic():
        summary, _created = ResultSummary.objects.select_for_update().get_or_create(
            survey=survey, defaults={"text": text}
        )
        first = summary.published_at is None
        summary.text = text
        if first:
            summary.published_at = timezone.now()
            summary.published_by = user
        summary.save()
        summary.questions.set(questions)
        if first:
            terugkoppeling_from_survey_summary(survey=survey, user=user, text=text, url=public_url)
    return summary
