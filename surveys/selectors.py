"""Reads of the surveys app. Officer-side reads are scoped through ``participatie.selectors``."""

from collections import defaultdict

from django.db.models import QuerySet
from django.utils import timezone

from participatie.constants import STAFF_ROLES
from participatie.selectors import scope_to_user

from .constants import SurveyStatus
from .models import Answer, Response, Survey, TerugkoppelingEmail


def survey_get_public(*, token: str, with_gemeente: bool = True) -> Survey:
    """The survey behind a public link (any status; the view shows a friendly page when not open).

    A successful submit only redirects, so it can do without the gemeente (``with_gemeente=False``).
    """
    queryset = Survey.objects.select_related("gemeente") if with_gemeente else Survey.objects.all()
    survey = queryset.get(public_token=token)
    if survey.status == SurveyStatus.CONCEPT:
        raise Survey.DoesNotExist
    return survey


def survey_list_for_preview(*, user) -> QuerySet[Survey]:
    """Surveys a user may preview (voorbeeld): those of the gemeenten where they are officer or coordinator."""
    return scope_to_user(Survey.objects.select_related("gemeente"), user=user, roles=STAFF_ROLES)


def survey_list_public_open(*, gemeente, now=None) -> QuerySet[Survey]:
    """Open surveys a gemeente lists on its public page."""
    now = now or timezone.now()
    return (
        Survey.objects.filter(gemeente=gemeente, status=SurveyStatus.OPEN, is_public=True)
        .exclude(opens_at__gt=now)
        .exclude(closes_at__lte=now)
        .order_by("closes_at", "title")
    )


def answer_rows_for_response(*, response: Response) -> dict[int, list[Answer]]:
    """The stored answers of a response, per question id, in one query."""
    rows = defaultdict(list)
    for answer in Answer.objects.filter(response_id=response.pk).order_by("id"):
        rows[answer.question_id].append(answer)
    return dict(rows)


def terugkoppeling_email_list_for_survey(*, survey: Survey) -> list[str]:
    """The e-mail addresses respondents left to receive the terugkoppeling of a survey."""
    return list(TerugkoppelingEmail.objects.filter(survey=survey).order_by("email").values_list("email", flat=True))
