"""Reads of the fieldwork: a survey's invitation batches, their codes and the quota status of its groups.

Every read starts from a survey the caller already found through ``survey_get_for_staff`` (scoped to the
user's gemeenten), so nothing here crosses gemeenten.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.urls import reverse

from ..constants import ResponseStatus
from ..models import InvitationBatch, InvitationCode, RespondentGroup, Survey


def invitation_batch_list_for_survey(*, survey: Survey) -> QuerySet[InvitationBatch]:
    """A survey's batches with their number of codes and of used codes, newest first (one query)."""
    return (
        InvitationBatch.objects.filter(survey=survey)
        .select_related("respondent_group")
        .annotate(code_count=Count("codes"), used_count=Count("codes", filter=Q(codes__is_used=True)))
        .order_by("-created_at", "-id")
    )


def invitation_batch_get(*, survey: Survey, pk: int) -> InvitationBatch:
    """One batch of ``survey``; DoesNotExist for another survey's batch."""
    return InvitationBatch.objects.select_related("survey__gemeente", "respondent_group").get(survey=survey, pk=pk)


def invitation_code_list_for_batch(*, batch: InvitationBatch, unused_only: bool = False) -> QuerySet[InvitationCode]:
    """The codes of a batch with their group, by reference and code; ``unused_only`` for a reminder letter."""
    codes = InvitationCode.objects.filter(batch=batch).select_related("respondent_group")
    if unused_only:
        codes = codes.filter(is_used=False)
    return codes.order_by("reference", "code")


def invitation_code_url(*, survey: Survey, code: str) -> str:
    """The personal link of a letter: the survey's code page with the code in it (absolute, from SITE_URL)."""
    path = reverse("surveys:fieldwork_code_link", kwargs={"token": survey.public_token, "code": code})
    return f"{settings.SITE_URL}{path}"


def invitation_code_display(code: str) -> str:
    """A code in two groups of five, easier to type over from paper: ABCDE-FGHJK."""
    half = len(code) // 2
    return f"{code[:half]}-{code[half:]}"


@dataclass(frozen=True)
class GroupStatus:
    """A respondent group with its complete responses against its quota (quotastand)."""

    group: RespondentGroup
    complete: int

    @property
    def is_full(self) -> bool:
        return bool(self.group.quota) and self.complete >= self.group.quota

    @property
    def percent(self) -> int | None:
        if not self.group.quota:
            return None
        return min(100, round(100 * self.complete / self.group.quota))


def group_status_list_for_survey(*, survey: Survey) -> list[GroupStatus]:
    """Every group of a survey with its complete responses (pilot and left-out responses not counted); one query."""
    counted = Q(responses__status=ResponseStatus.COMPLETE, responses__is_pilot=False, responses__exclusion_kind="")
    groups = (
        RespondentGroup.objects.filter(survey=survey)
        .annotate(complete=Count("responses", filter=counted))
        .order_by("position", "id")
    )
    return [GroupStatus(group=group, complete=group.complete) for group in groups]
