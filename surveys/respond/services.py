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
from django.template.loader import render_to_string
from django.utils import timezone

from participatie.text import mail_subject

from ..constants import ONLINE_CHANNELS, ResponseChannel, ResponseStatus, SurveyStatus
from ..logic import SurveyStructure, Visibility, group_from_answers, visibility
from ..models import Answer, RespondentGroup, Response, Section, Survey, TerugkoppelingEmail
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


def _check_open(survey: Survey, now) -> None:
    survey = survey_close_if_expired(survey=survey, now=now)
    if not survey.is_accepting_responses(now=now):
        raise SurveyNotOpenError


def _responses_taken(survey: Survey) -> int:
    """Started or sent responses that count against the survey's maximum (pilot responses never count)."""
    return Response.objects.filter(survey=survey, is_pilot=False).exclude(status=ResponseStatus.INCOMPLETE).count()


def _response_create(
    survey: Survey, now, current_section: Section | None = None, answers_complete_for=None
) -> Response:
    """Start a response (ingevulde vragenlijst) on the open link; stores nothing about the person."""
    _check_open(survey, now)
    if survey.max_responses:
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
) -> tuple[Response, Visibility]:
    """Store the answers of one page (section) and drop answers that skip logic now hides.

    Without ``response`` a new one is started (the respondent's first page). ``stored`` are the
    response's answers as the caller read them; they are read here when not given. Costs the same
    number of queries for 1 or 100 questions.
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
            survey, now, current_section=current, answers_complete_for=survey.updated_at if complete else None
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
            current_section=current, updated_at=now, answers_complete_for=None, respondent_group_id=group_id
        )
        response.current_section = current
        response.answers_complete_for = None
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


@transaction.atomic
def response_complete(
    *,
    survey: Survey,
    structure: SurveyStructure,
    response: Response | None = None,
    response_id: int | None = None,
    assisted_by: str = "",
    now=None,
) -> Response:
    """Send a response (versturen). Sending twice stores one response; a closed survey keeps it as incomplete.

    Give the ``response`` or only its id (the respondent's cookie): it is read once, locked. Raises
    ``Response.DoesNotExist`` when it is not a response of ``survey``. ``assisted_by`` (who helped, from the
    last page) marks an online response as "online met hulp".
    """
    now = now or timezone.now()
    response_id = response.pk if response is not None else response_id
    locked = Response.objects.select_for_update().get(pk=response_id, survey_id=survey.pk)
    if locked.status == ResponseStatus.COMPLETE:
        return locked
    if locked.status != ResponseStatus.IN_PROGRESS:
        raise SurveyNotOpenError
    survey = survey_close_if_expired(survey=survey, now=now)
    if survey.status != SurveyStatus.OPEN or not survey.is_accepting_responses(now=now):
        # Closed while the respondent was busy: keep what they gave, marked as incomplete.
        Response.objects.filter(pk=locked.pk, status=ResponseStatus.IN_PROGRESS).update(
            status=ResponseStatus.INCOMPLETE, updated_at=now
        )
        raise SurveyNotOpenError
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
