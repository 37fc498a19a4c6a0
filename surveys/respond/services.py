"""Writes of a resident filling in a survey: start, save a page, send, e-mail opt-ins.

A page is saved in one transaction with a fixed number of queries, whatever the number of questions:
lock the response, delete the answers of this page and of questions that skip logic now hides,
bulk-insert the new rows, update the response. A respondent's first page creates the response and
inserts its answers (two statements); when that page already holds every required answer, the response
says so (``answers_complete_for``) and sending costs three statements: survey, locked response, update.
"""

from collections import defaultdict
from typing import NamedTuple

from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.utils import timezone

from participatie.text import mail_subject

from ..constants import DEFAULT_RESPONSE_LANGUAGE, ONLINE_CHANNELS, ResponseChannel, ResponseStatus, SurveyStatus
from ..logic import SurveyStructure, Visibility, group_from_answers, structure_for, visibility
from ..models import (
    Answer,
    InvitationClaim,
    PilotComment,
    RespondentGroup,
    Response,
    ResponseEntry,
    Section,
    Survey,
    SurveyPilot,
    TerugkoppelingEmail,
)
from ..selectors import answer_rows_for_response
from ..services import invitation_claim_settle, respondent_group_check_quota, survey_close_if_expired


class SurveyNotOpenError(Exception):
    """The survey does not (or no longer) accept answers."""


class SurveyFullError(Exception):
    """The survey reached its maximum number of responses."""


class ResponseNotEditableError(Exception):
    """The response was already sent or closed."""


class ResponseMissingAnswersError(Exception):
    """A required question on a visible page has no answer; ``section`` is the first such page."""

    def __init__(self, section: Section):
        super().__init__(section)
        self.section = section


def _check_open(survey: Survey, now, pilot: bool = False) -> None:
    if pilot:
        if not _pilot_running(survey):
            raise SurveyNotOpenError
        return
    survey = survey_close_if_expired(survey=survey, now=now)
    if not survey.is_accepting_responses(now=now):
        raise SurveyNotOpenError


def _pilot_running(survey: Survey) -> bool:
    """The survey is a draft in a pilot round that has not ended (read afresh: publishing ends it)."""
    return SurveyPilot.objects.filter(
        survey_id=survey.pk, ended_at__isnull=True, survey__status=SurveyStatus.CONCEPT
    ).exists()


def _responses_taken(survey: Survey) -> int:
    """Started or sent responses that count against the survey's maximum (pilot responses never count)."""
    return Response.objects.filter(survey=survey, is_pilot=False).exclude(status=ResponseStatus.INCOMPLETE).count()


def _response_create(
    survey: Survey,
    now,
    current_section: Section | None = None,
    answers_complete_for=None,
    pilot: bool = False,
    language: str = DEFAULT_RESPONSE_LANGUAGE,
) -> Response:
    """Start a response (ingevulde vragenlijst) on the open link or the pilot link; stores nothing about the person."""
    _check_open(survey, now, pilot)
    if survey.max_responses and not pilot:
        Survey.objects.select_for_update().filter(pk=survey.pk).exists()  # one respondent at a time past the cap check
        taken = _responses_taken(survey)
        if taken >= survey.max_responses:
            raise SurveyFullError
    return Response.objects.create(
        survey=survey,
        current_section=current_section,
        created_at=now,
        updated_at=now,
        answers_complete_for=answers_complete_for,
        is_pilot=pilot,
        language=language,
    )


@transaction.atomic
def response_start(*, survey: Survey, now=None) -> Response:
    """Start an empty response on the open link (the first page save normally does this itself)."""
    return _response_create(survey, now or timezone.now())


def survey_is_full(*, survey: Survey) -> bool:
    """True when a survey with a maximum has as many (started or sent) responses as allowed."""
    if not survey.max_responses:
        return False
    taken = _responses_taken(survey)
    return taken >= survey.max_responses


def _next_section(visible: Visibility, section: Section) -> Section | None:
    index = visible.section_index(section)
    if index is None:
        later = [s for s in visible.sections if (s.position, s.pk) > (section.position, section.pk)]
        return later[0] if later else None
    return visible.sections[index + 1] if index + 1 < len(visible.sections) else None


@transaction.atomic
def response_page_save(
    *,
    survey: Survey,
    response: Response | None,
    structure: SurveyStructure,
    section: Section,
    page_rows: dict[int, list[Answer]],
    stored: dict[int, list[Answer]] | None = None,
    now=None,
    pilot: bool = False,
    language: str = DEFAULT_RESPONSE_LANGUAGE,
) -> tuple[Response, Visibility]:
    """Store the answers of one page (section) and drop answers that skip logic now hides.

    Without ``response`` a new one is started (the respondent's first page). ``stored`` are the
    response's answers as the caller read them; they are read here when not given. Costs the same
    number of queries for 1 or 100 questions. ``pilot`` saves a tester's page of the pilot round (proefronde);
    ``language`` is the language the page was shown in (kept on the response for the answer file).
    """
    now = now or timezone.now()
    created = response is None
    if created:
        stored = {}
    else:
        locked = Response.objects.select_for_update().only("pk", "status").get(pk=response.pk)
        if locked.status != ResponseStatus.IN_PROGRESS:
            raise ResponseNotEditableError
        if stored is None:
            stored = answer_rows_for_response(response=response)
    page_question_ids = {question.pk for question in structure.questions_of(section)}
    merged = {qid: rows for qid, rows in stored.items() if qid not in page_question_ids}
    merged.update(page_rows)
    group_id = None if created else response.respondent_group_id
    answered_group = group_from_answers(structure, merged) if structure.group_question else None
    if answered_group and answered_group != group_id:
        # The group question places the respondent in a group: a full group stops here, before anything is stored.
        respondent_group_check_quota(group=RespondentGroup.objects.get(pk=answered_group))
        group_id = answered_group
    visible = visibility(structure, merged, group_id=group_id)
    current = _next_section(visible, section) or section
    if created:
        # The new response holds exactly this page's answers: when nothing required is missing, say so
        # (for this version of the survey), so sending need not read them back.
        complete = (
            structure.survey.updated_at == survey.updated_at
            and missing_answers_section(structure, merged, group_id=group_id) is None
        )
        response = _response_create(
            survey,
            now,
            current_section=current,
            answers_complete_for=survey.updated_at if complete else None,
            pilot=pilot,
            language=language,
        )
        if group_id:
            Response.objects.filter(pk=response.pk).update(respondent_group_id=group_id)
            response.respondent_group_id = group_id
    else:
        hidden_with_answers = {qid for qid in merged if qid not in visible.question_ids}
        to_clear = (page_question_ids & stored.keys()) | hidden_with_answers
        if to_clear:
            Answer.objects.filter(response_id=response.pk, question_id__in=to_clear).delete()
        Response.objects.filter(pk=response.pk).update(
            current_section=current,
            updated_at=now,
            answers_complete_for=None,
            language=language,
            respondent_group_id=group_id,
        )
        response.current_section = current
        response.answers_complete_for = None
        response.language = language
        response.respondent_group_id = group_id
    new_rows = []
    for qid, rows in page_rows.items():
        if qid in visible.question_ids:
            for row in rows:
                row.response_id = response.pk
                new_rows.append(row)
    if new_rows:
        Answer.objects.bulk_create(new_rows)
    return response, visible


def missing_answers_section(
    structure: SurveyStructure, answers: dict[int, list[Answer]], group_id: int | None = None
) -> Section | None:
    """The first visible section with a required question left unanswered, or None."""
    visible = visibility(structure, answers, group_id=group_id)
    for section in visible.sections:
        for question in structure.questions_of(section):
            if question.pk not in visible.question_ids or not question.is_required:
                continue
            rows = answers.get(question.pk, [])
            if not rows:
                return section
            if question.statement_list and len({row.statement_id for row in rows}) < len(question.statement_list):
                return section
            if question.min_choices and len(rows) < question.min_choices:
                return section
    return None


class AnswerChoice(NamedTuple):
    """What the completeness check needs of a stored answer (lighter than an Answer instance)."""

    question_id: int
    option_id: int | None
    statement_id: int | None


def _answer_choices(response_id: int) -> dict[int, list[AnswerChoice]]:
    rows = defaultdict(list)
    for row in Answer.objects.filter(response_id=response_id).values_list("question_id", "option_id", "statement_id"):
        rows[row[0]].append(AnswerChoice(*row))
    return dict(rows)


def _response_send_checked(*, survey: Survey, response_id: int, now) -> bool:
    """Send in one statement when the first page save found every required answer for this survey version.

    The UPDATE itself checks what the slow path reads first: the response is this survey's and in progress, its
    answers were complete for the survey version the caller holds, and that version is still the database's,
    open and within its window. Any doubt (0 rows) leaves it to ``_response_send_locked``.
    """
    current = (
        Survey.objects.filter(pk=survey.pk, updated_at=survey.updated_at, status=SurveyStatus.OPEN)
        .exclude(opens_at__gt=now)
        .exclude(closes_at__lte=now)
    )
    sent = (
        Response.objects.filter(
            Exists(current),
            pk=response_id,
            survey_id=survey.pk,
            status=ResponseStatus.IN_PROGRESS,
            answers_complete_for=survey.updated_at,
        )
        .exclude(
            # A group with a quota or a letter's code needs the locked path: the quota is checked and the code settled.
            Q(respondent_group__quota__gt=0) | Q(Exists(InvitationClaim.objects.filter(response_id=OuterRef("pk"))))
        )
        .update(status=ResponseStatus.COMPLETE, completed_at=now, current_section=None, updated_at=now)
    )
    return sent == 1


def response_complete(
    *,
    survey: Survey,
    structure: SurveyStructure,
    response: Response | None = None,
    response_id: int | None = None,
    assisted_by: str = "",
    now=None,
    pilot: bool = False,
) -> Response:
    """Send a response (versturen). Sending twice stores one response; a closed survey keeps it as incomplete.

    Give the ``response`` or only its id (the respondent's cookie). Raises ``Response.DoesNotExist`` when it is
    not a response of ``survey``. Normally one statement (``_response_send_checked``); otherwise the response is
    read once, locked, and its answers checked against the survey as the database has it now. ``assisted_by``
    (who helped, from the last page) marks an online response as "online met hulp".
    """
    now = now or timezone.now()
    response_id = response.pk if response is not None else response_id
    if pilot:  # a pilot round's draft: its own checks, with the response locked
        survey = Survey.objects.get(pk=survey.pk)
        return _response_send_locked(survey=survey, structure=structure, response_id=response_id, now=now, pilot=True)
    fast = survey.status == SurveyStatus.OPEN and not assisted_by
    if fast and _response_send_checked(survey=survey, response_id=response_id, now=now):
        return Response(
            pk=response_id, survey_id=survey.pk, status=ResponseStatus.COMPLETE, completed_at=now, updated_at=now
        )
    survey = survey_close_if_expired(survey=Survey.objects.get(pk=survey.pk), now=now)  # as the database has it
    if survey.status != SurveyStatus.OPEN or not survey.is_accepting_responses(now=now):
        # Closed while the respondent was busy: keep what they gave, marked as incomplete.
        kept = Response.objects.filter(pk=response_id, survey_id=survey.pk, status=ResponseStatus.IN_PROGRESS)
        if not kept.update(status=ResponseStatus.INCOMPLETE, updated_at=now):
            existing = Response.objects.get(pk=response_id, survey_id=survey.pk)
            if existing.status == ResponseStatus.COMPLETE:
                return existing  # sent before the survey closed
        raise SurveyNotOpenError
    return _response_send_locked(
        survey=survey, structure=structure, response_id=response_id, now=now, assisted_by=assisted_by
    )


@transaction.atomic
def _response_send_locked(
    *, survey: Survey, structure: SurveyStructure, response_id: int, now, pilot: bool = False, assisted_by: str = ""
) -> Response:
    """Send with the response locked and its answers checked against ``survey`` as the database has it."""
    locked = Response.objects.select_for_update().get(pk=response_id, survey_id=survey.pk)
    if locked.status == ResponseStatus.COMPLETE:
        return locked
    if locked.status != ResponseStatus.IN_PROGRESS:
        raise SurveyNotOpenError
    if pilot and not (locked.is_pilot and _pilot_running(survey)):
        # The pilot round ended while the tester was busy: keep what they gave, marked as incomplete.
        Response.objects.filter(pk=locked.pk, status=ResponseStatus.IN_PROGRESS).update(
            status=ResponseStatus.INCOMPLETE, updated_at=now
        )
        raise SurveyNotOpenError
    if structure.survey.updated_at != survey.updated_at:
        structure = structure_for(survey)  # the caller's copy is older than the survey: check against the new one
    if locked.answers_complete_for is not None and locked.answers_complete_for == survey.updated_at:
        missing = None  # checked when its answers were written, against this same version of the survey
    else:
        missing = missing_answers_section(structure, _answer_choices(locked.pk), group_id=locked.respondent_group_id)
    if missing is not None:
        raise ResponseMissingAnswersError(missing)
    if locked.respondent_group_id:
        respondent_group_check_quota(group=locked.respondent_group, lock=True)
    locked.status = ResponseStatus.COMPLETE
    locked.completed_at = now
    locked.current_section = None
    update_fields = ["status", "completed_at", "current_section", "updated_at"]
    if assisted_by and locked.channel in ONLINE_CHANNELS:
        locked.assisted_by, locked.channel = assisted_by, ResponseChannel.ONLINE_ASSISTED
        update_fields += ["assisted_by", "channel"]
    locked.save(update_fields=update_fields)
    invitation_claim_settle(response=locked)
    return locked


def terugkoppeling_email_add(*, survey: Survey, email: str) -> TerugkoppelingEmail:
    """Keep an e-mail address to send the survey's terugkoppeling to; apart from any answers."""
    email = email.strip().lower()
    try:
        with transaction.atomic():
            return TerugkoppelingEmail.objects.get_or_create(survey=survey, email=email)[0]
    except IntegrityError:  # the same address at the same moment from another request
        return TerugkoppelingEmail.objects.get(survey=survey, email=email)


def response_resume_link_send(*, response: Response, email: str, resume_url: str) -> None:
    """E-mail the resume link and code (hervatlink) to the respondent; the address is not stored."""
    survey = response.survey
    context = {
        "survey": survey,
        "gemeente": survey.gemeente,
        "resume_url": resume_url,
        "code": response.resume_code,
    }
    subject = mail_subject(render_to_string("emails/surveys/resume_link_subject.txt", context))
    text = render_to_string("emails/surveys/resume_link.txt", context)
    html = render_to_string("emails/surveys/resume_link.html", context)

    def send():
        message = EmailMultiAlternatives(subject=subject, body=text, to=[email])
        message.attach_alternative(html, "text/html")
        message.send()

    transaction.on_commit(send)


@transaction.atomic
def response_interview_page_save(*, interviewer, **kwargs) -> tuple[Response, Visibility]:
    """Store a page of a street interview (straatinterview) held on a tablet by ``interviewer``.

    As ``response_page_save``; the interview's first page marks the new response as a street interview and
    records who held it (in ``ResponseEntry``, never in the response itself).
    """
    created = kwargs.get("response") is None
    response, visible = response_page_save(**kwargs)
    if created:
        Response.objects.filter(pk=response.pk).update(channel=ResponseChannel.STREET)
        response.channel = ResponseChannel.STREET
        ResponseEntry.objects.create(
            response=response, survey_id=response.survey_id, entered_by=interviewer, created_at=response.created_at
        )
    return response, visible


def pilot_comment_add(*, pilot: SurveyPilot, question, kind: str, text: str = "") -> PilotComment:
    """Keep a tester's remark on one question of the pilot round (proefronde); nothing about the tester."""
    if question.survey_id != pilot.survey_id:
        raise ValueError("question of another survey")
    if not _pilot_running(pilot.survey):
        raise SurveyNotOpenError
    comment = PilotComment(pilot=pilot, question=question, kind=kind, text=text.strip())
    comment.full_clean()
    comment.save()
    return comment
