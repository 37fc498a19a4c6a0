"""Writes of the fieldwork: entering a paper card or telephone interview, and entry-only access.

A card is stored in one transaction: the response (complete, with its channel), its answers in one
bulk insert, and the entry record with the card number and who entered it. The database refuses a card
number twice per survey (a unique constraint), also when two people enter the same card at once.
"""

import secrets

from django.db import IntegrityError, transaction
from django.utils import timezone

from participatie.models import User

from ..constants import ResponseChannel, ResponseStatus, SurveyStatus
from ..logic import SurveyStructure, visibility
from ..models import Answer, EntryAssignment, Response, ResponseEntry, Survey

# The channels a card or form can be entered with on the data-entry screen.
ENTRY_CHANNELS = (ResponseChannel.PAPER, ResponseChannel.PHONE)


class CardNumberTakenError(Exception):
    """A card with this number was already entered for the survey."""


class SurveyNotEnterableError(Exception):
    """The survey is a draft, or its answers were removed after the retention term."""


def survey_accepts_entry(survey: Survey) -> bool:
    """Cards are entered while the survey is open, and after it closed (late post) until its answers are removed."""
    return survey.status in (SurveyStatus.OPEN, SurveyStatus.CLOSED) and survey.purged_at is None


@transaction.atomic
def response_enter(
    *,
    survey: Survey,
    structure: SurveyStructure,
    rows: dict[int, list[Answer]],
    card_number: int,
    channel: str,
    entered_by: User,
    now=None,
) -> Response:
    """Store one paper card or telephone interview (invoer) as a complete response.

    Answers to questions the route skips are not stored. Raises ``CardNumberTakenError`` when the number
    was entered before for this survey.
    """
    if channel not in ENTRY_CHANNELS:
        raise ValueError(channel)
    if not survey_accepts_entry(survey):
        raise SurveyNotEnterableError
    now = now or timezone.now()
    if ResponseEntry.objects.filter(survey=survey, card_number=card_number).exists():
        raise CardNumberTakenError
    shown = visibility(structure, rows).question_ids
    response = Response.objects.create(
        survey=survey,
        status=ResponseStatus.COMPLETE,
        completed_at=now,
        channel=channel,
        created_at=now,
        updated_at=now,
    )
    try:
        with transaction.atomic():
            ResponseEntry.objects.create(
                response=response, survey=survey, card_number=card_number, entered_by=entered_by, created_at=now
            )
    except IntegrityError as error:  # the same number, entered at the same moment elsewhere
        raise CardNumberTakenError from error
    new_rows = []
    for question_id, question_rows in rows.items():
        if question_id in shown:
            for row in question_rows:
                row.response_id = response.pk
                new_rows.append(row)
    Answer.objects.bulk_create(new_rows)
    return response


def entry_count_today(*, survey: Survey, user: User | None = None, now=None) -> int:
    """Cards entered today for the survey (by ``user`` when given)."""
    start = timezone.localtime(now or timezone.now()).replace(hour=0, minute=0, second=0, microsecond=0)
    entries = ResponseEntry.objects.filter(survey=survey, card_number__isnull=False, created_at__gte=start)
    if user is not None:
        entries = entries.filter(entered_by=user)
    return entries.count()


@transaction.atomic
def entry_access_grant(*, survey: Survey, email: str, granted_by: User) -> tuple[EntryAssignment, bool]:
    """Give an account entry-only access to a survey (invoerder); an unknown address gets a new account.

    A new account gets a random password nobody knows: the volunteer sets their own with "wachtwoord
    vergeten". Returns the assignment and whether the account is new.
    """
    email = email.strip().lower()
    user = User.objects.filter(email__iexact=email).first()
    created = user is None
    if created:
        user = User.objects.create_user(email=email, password=secrets.token_urlsafe(32))
    assignment, _new = EntryAssignment.objects.get_or_create(
        survey=survey, user=user, defaults={"granted_by": granted_by}
    )
    return assignment, created


@transaction.atomic
def entry_access_revoke(*, assignment: EntryAssignment) -> None:
    """Take entry access to a survey back; the account and the cards it entered stay."""
    assignment.delete()
