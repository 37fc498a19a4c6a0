"""Writes of a resident filling in a survey: start, save a page, send, e-mail opt-ins.

A page is saved in one transaction with a fixed number of queries, whatever the number of questions:
lock the response, delete the answers of this page and of questions that skip logic now hides,
bulk-insert the new rows, update the response. A respondent's first page creates the response and
inserts its answers (two statements); when that page already holds every required answer, the response
says so (``answers_complete_for``) and sending from the overview is one UPDATE.

The last page can also send (``response_page_save_and_send``): saving and sending are then one transaction. A new
respondent's complete one-page submission is two statements, INSERT response (already sent) and INSERT answers; on
a longer survey the last page's UPDATE of the response sends it. Anything that needs a closer look (a quota group,
a letter's code, a pilot round, a help answer, a survey changed or closed meanwhile) takes the careful path of
sending the overview uses, inside the same transaction.
"""

from collections import defaultdict
from collections.abc import Callable
from operator import attrgetter
from typing import NamedTuple

from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, connections, router, transaction
from django.db.models import Exists, OuterRef
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
from ..services import GroupFullError, invitation_claim_settle, respondent_group_check_quota, survey_close_if_expired


class SurveyNotOpenError(Exception):
    """The survey does not (or no longer) accept answers."""


class SurveyFullError(Exception):
    """The survey reached its maximum number of responses."""


class ResponseNotEditableError(Exception):
    """The response was already sent or closed."""


class ResponseGoneError(Exception):
    """The response was deleted (by an officer or the retention run) while its page was being posted."""


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
    saved = _page_store(
        survey=survey,
        response=response,
        structure=structure,
        section=section,
        page_rows=page_rows,
        stored=stored,
        now=now or timezone.now(),
        pilot=pilot,
        language=language,
    )
    return saved.response, saved.visible


class PageSent(NamedTuple):
    """What ``response_page_save_and_send`` did: the page is kept; ``problem`` says why it was not sent, if so."""

    response: Response
    visible: Visibility
    problem: Exception | None = None  # ResponseMissingAnswersError, SurveyNotOpenError or GroupFullError

    @property
    def sent(self) -> bool:
        return self.response.status == ResponseStatus.COMPLETE


def response_page_save_and_send(
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
    assisted_by: str = "",
) -> PageSent:
    """Store the last page and send the response (versturen) in one transaction: one commit per submission.

    As ``response_page_save``, then as ``response_complete``. The page's answers are kept (committed) also when
    the response cannot be sent: a required question left open on an earlier page, a survey closed meanwhile (the
    response is then kept as incomplete) or a full respondent group; ``problem`` then holds that error. When an
    answer on this page reveals a later page, nothing is sent. A response already sent (a second click) is
    returned as it is, nothing stored again.
    """
    now = now or timezone.now()
    if response is None:
        sent = _new_response_send_at_once(
            survey=survey,
            structure=structure,
            section=section,
            page_rows=page_rows,
            now=now,
            pilot=pilot,
            language=language,
            assisted_by=assisted_by,
        )
        if sent is not None:
            return sent
    with transaction.atomic():
        saved = _page_store(
            survey=survey,
            response=response,
            structure=structure,
            section=section,
            page_rows=page_rows,
            stored=stored,
            now=now,
            pilot=pilot,
            language=language,
            send=True,
            assisted_by=assisted_by,
        )
        if saved.send_later:
            # The careful path, as from the overview; an error it raises leaves the page saved and is reported.
            # A response created just now got the clock's time as its start (auto_now_add): not sent before that.
            try:
                sent = response_complete(
                    survey=survey,
                    structure=structure,
                    response_id=saved.response.pk,
                    assisted_by=assisted_by,
                    now=max(now, saved.response.created_at or now),
                    pilot=pilot,
                )
            except (ResponseMissingAnswersError, SurveyNotOpenError, GroupFullError) as error:
                return PageSent(saved.response, saved.visible, error)
            saved.response.status, saved.response.completed_at = sent.status, sent.completed_at
        return PageSent(saved.response, saved.visible, saved.problem)


class _PageStored(NamedTuple):
    response: Response
    visible: Visibility
    send_later: bool = False  # sending was asked for and needs the careful path (``response_complete``)
    problem: Exception | None = None


def _page_store(
    *,
    survey: Survey,
    response: Response | None,
    structure: SurveyStructure,
    section: Section,
    page_rows: dict[int, list[Answer]],
    stored: dict[int, list[Answer]] | None,
    now,
    pilot: bool,
    language: str,
    send: bool = False,
    assisted_by: str = "",
) -> _PageStored:
    """The page save of ``response_page_save`` (in the caller's transaction); with ``send`` it also sends when it can.

    Sending here is the one-statement kind only: a new response inserted as sent, or the page's UPDATE of the
    response setting it sent, each conditional on the survey version being the database's, open and in its window.
    """
    created = response is None
    if created:
        stored = {}
    else:
        locked = Response.objects.select_for_update().only("pk", "status", "updated_at").filter(pk=response.pk).first()
        if locked is None:
            raise ResponseGoneError
        if locked.status != ResponseStatus.IN_PROGRESS:
            if send and locked.status == ResponseStatus.COMPLETE:
                # Sent by the first of two clicks on "Versturen": nothing to store again.
                response.status = ResponseStatus.COMPLETE
                return _PageStored(response, visibility(structure, stored or {}, group_id=response.respondent_group_id))
            raise ResponseNotEditableError
        if stored is None or (send and locked.updated_at != response.updated_at):
            # Sending checks the answers as they are in the database: re-read them when a save came in between.
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
    plan = _page_plan(
        survey=survey,
        structure=structure,
        section=section,
        merged=merged,
        group_id=group_id,
        created=created,
        pilot=pilot,
        send=send,
        assisted_by=assisted_by,
    )
    visible, current, send, missing, complete = plan.visible, plan.current, plan.send, plan.missing, plan.complete
    quick = plan.quick
    sent = False
    if created:
        if quick:
            _check_open(survey, now)
            response = _response_sent(survey, now, language)
            sent_rows = [row for qid, rows in page_rows.items() if qid in visible.question_ids for row in rows]
            sent = _response_insert_sent(response=response, rows=sent_rows, survey=survey, now=now)
            if sent:
                return _PageStored(response, visible)  # the answers went in with it
        if not sent:
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
        fields = {
            "updated_at": now,
            "language": language,
            "respondent_group_id": group_id,
            "answers_complete_for": survey.updated_at if complete else None,
        }
        if quick:
            sent = (
                _sendable(survey, now)
                .filter(pk=response.pk)
                .update(status=ResponseStatus.COMPLETE, completed_at=now, current_section=None, **fields)
            ) == 1
        if sent:
            response.status, response.completed_at, response.current_section = ResponseStatus.COMPLETE, now, None
        else:
            Response.objects.filter(pk=response.pk).update(current_section=current, **fields)
            response.current_section = current
        response.updated_at = now
        response.answers_complete_for = fields["answers_complete_for"]
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
    if send and not sent and missing is not None and structure.survey.updated_at == survey.updated_at:
        # A required question left open on an earlier page: the page is kept, the respondent is sent there.
        return _PageStored(response, visible, problem=ResponseMissingAnswersError(missing))
    return _PageStored(response, visible, send_later=send and not sent)


class _PagePlan(NamedTuple):
    visible: Visibility
    current: Section  # where the respondent goes on (the next visible page, or this one at the end)
    send: bool  # sending asked for and still right: no later page became visible
    missing: Section | None  # the first page with a required answer missing (checked when created or sending)
    complete: bool  # nothing missing, checked against the survey version the caller holds
    quick: bool  # the one-statement send: nothing that sending must look at more closely


def _page_plan(
    *, survey, structure, section, merged, group_id, created: bool, pilot: bool, send: bool, assisted_by: str
) -> _PagePlan:
    """What saving (and sending) this page comes to, worked out from the answers alone, without the database."""
    visible = visibility(structure, merged, group_id=group_id)
    following = _next_section(visible, section)
    send = send and following is None  # an answer here revealed a later page: that page comes first
    missing = None
    complete = False
    if created or send:
        # Checked against this version of the survey, so sending need not read the answers back.
        missing = missing_answers_section(structure, merged, group_id=group_id, visible=visible)
        complete = structure.survey.updated_at == survey.updated_at and missing is None
    quick = (
        send
        and complete
        and not pilot
        and not assisted_by
        and group_id is None
        and survey.status == SurveyStatus.OPEN
        and not (created and survey.max_responses)
    )
    return _PagePlan(visible, following or section, send, missing, complete, quick)


def _response_sent(survey: Survey, now, language: str) -> Response:
    """A new response, already sent (not yet stored)."""
    return Response(
        survey=survey,
        status=ResponseStatus.COMPLETE,
        completed_at=now,
        answers_complete_for=survey.updated_at,
        language=language,
    )


def _new_response_send_at_once(
    *, survey, structure, section, page_rows, now, pilot: bool, language: str, assisted_by: str
) -> PageSent | None:
    """A new respondent's one-page submission as ONE statement in autocommit: no BEGIN, no COMMIT round trip.

    Only where ``_response_insert_sent`` is one statement (PostgreSQL) and nothing needs a closer look; otherwise
    (or when the survey version is no longer the open one) None, and the caller takes the transaction path.
    """
    connection = connections[router.db_for_write(Response)]
    if not _insert_parts(connection).answer_row or connection.in_atomic_block:
        return None
    if structure.group_question and group_from_answers(structure, page_rows):
        return None  # a group: its quota is checked on the careful path
    plan = _page_plan(
        survey=survey,
        structure=structure,
        section=section,
        merged=page_rows,
        group_id=None,
        created=True,
        pilot=pilot,
        send=True,
        assisted_by=assisted_by,
    )
    if not plan.quick or not survey.is_accepting_responses(now=now):
        return None
    response = _response_sent(survey, now, language)
    rows = [row for qid, rows in page_rows.items() if qid in plan.visible.question_ids for row in rows]
    if not _response_insert_sent(response=response, rows=rows, survey=survey, now=now):
        return None
    return PageSent(response, plan.visible)


def _open_version(survey: Survey, now):
    """The survey, if the version the caller holds is still the database's, open and within its window."""
    return (
        Survey.objects.filter(pk=survey.pk, updated_at=survey.updated_at, status=SurveyStatus.OPEN)
        .exclude(opens_at__gt=now)
        .exclude(closes_at__lte=now)
    )


def _sendable(survey: Survey, now):
    """Responses of ``survey`` that one UPDATE may set sent: in progress, the survey version current and open, and
    not started with a letter's code (the code is settled on the careful path)."""
    return Response.objects.filter(
        Exists(_open_version(survey, now)), survey_id=survey.pk, status=ResponseStatus.IN_PROGRESS
    ).exclude(Exists(InvitationClaim.objects.filter(response_id=OuterRef("pk"))))


def _response_insert_sent(*, response: Response, rows: list[Answer], survey: Survey, now) -> bool:
    """INSERT ``response`` (already sent) and its answer ``rows``, only if the survey version is still the
    database's, open and within its window. Returns False (nothing stored) otherwise; the caller then takes the
    careful path.

    The check the overview's one-statement send makes, inside the INSERT (``INSERT … SELECT … WHERE EXISTS``), so it
    costs no statement of its own. On PostgreSQL the answers go in the same statement (a data-modifying WITH): the
    whole submission is one round trip and one commit; elsewhere they are a second INSERT.
    """
    connection = connections[router.db_for_write(Response)]
    parts = _insert_parts(connection)
    survey_field = Survey._meta.get_field("updated_at")
    moment = survey_field.get_db_prep_value(now, connection)
    # The moments are the submission's ``now``, as the page save and the overview's send store them: pre_save
    # would give an auto_now(_add) field the clock's later time (a response sent before it was started).
    response.created_at = response.updated_at = now
    params = [
        field.get_db_prep_save(now if field.attname in _AUTO_MOMENTS else field.pre_save(response, True), connection)
        for field in parts.response_fields
    ]
    params += [survey.pk, survey_field.get_db_prep_value(survey.updated_at, connection), SurveyStatus.OPEN]
    params += [moment, moment]
    sql = parts.response_sql
    if rows and parts.answer_row:
        sql = parts.with_answers_sql.format(values=", ".join([parts.answer_row] * len(rows)))
        # The answers' own values are what Django would send PostgreSQL for these fields (ids, text, Decimal, date or
        # None; see the test): read in one go, without a field-by-field preparation for 13 rows of 7 columns.
        for row in rows:
            params += parts.answer_values(row)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchone()
    if found is None:
        return False
    response.pk = found[0]
    response._state.adding, response._state.db = False, connection.alias
    for row in rows:
        row.response_id = response.pk
    if rows and not parts.answer_row:
        Answer.objects.using(connection.alias).bulk_create(rows)
    return True


class _InsertParts(NamedTuple):
    response_fields: list
    response_sql: str
    answer_fields: list
    answer_row: str  # one answer's VALUES row; empty where the answers are a statement of their own
    answer_values: Callable  # an answer's values for that row, in order
    with_answers_sql: str  # with {values} to fill in


_INSERT_PARTS: dict[str, _InsertParts] = {}
_AUTO_MOMENTS = {"created_at", "updated_at"}


def _insert_parts(connection) -> _InsertParts:
    """The fixed SQL of ``_response_insert_sent`` for this database, built once per process (only model metadata)."""
    if connection.alias in _INSERT_PARTS:
        return _INSERT_PARTS[connection.alias]
    quote = connection.ops.quote_name
    postgres = connection.vendor == "postgresql"

    def placeholder(field):
        # A SELECT or VALUES list has no target column to type its parameters by (NULL would be text): cast them.
        return f"%s::{field.db_type(connection)}" if postgres else "%s"

    def column(model, name):
        return quote(model._meta.get_field(name).column)

    response_fields = [field for field in Response._meta.concrete_fields if not field.primary_key]
    opens, closes = column(Survey, "opens_at"), column(Survey, "closes_at")
    check = (
        f"SELECT 1 FROM {quote(Survey._meta.db_table)} WHERE {column(Survey, 'id')} = %s"  # noqa: S608 - metadata
        f" AND {column(Survey, 'updated_at')} = %s AND {column(Survey, 'status')} = %s"
        f" AND ({opens} IS NULL OR {opens} <= %s) AND ({closes} IS NULL OR {closes} > %s)"
    )
    response_id = quote(Response._meta.pk.column)
    response_sql = (
        f"INSERT INTO {quote(Response._meta.db_table)} ({', '.join(quote(f.column) for f in response_fields)})"
        f" SELECT {', '.join(placeholder(f) for f in response_fields)} WHERE EXISTS ({check}) RETURNING {response_id}"
    )
    answer_fields = [field for field in Answer._meta.concrete_fields if not field.primary_key]
    answer_fields = [field for field in answer_fields if field.name != "response"]
    names = ", ".join(quote(field.column) for field in answer_fields)
    with_answers_sql = (
        f"WITH sent AS ({response_sql}), kept AS ("  # noqa: S608 - model metadata
        f"INSERT INTO {quote(Answer._meta.db_table)} ({column(Answer, 'response')}, {names})"
        f" SELECT sent.{response_id}, given.* FROM sent, (VALUES {{values}}) AS given ({names}))"
        f" SELECT {response_id} FROM sent"
    )
    answer_row = f"({', '.join(placeholder(f) for f in answer_fields)})" if postgres else ""
    answer_values = attrgetter(*(field.attname for field in answer_fields))
    _INSERT_PARTS[connection.alias] = _InsertParts(
        response_fields, response_sql, answer_fields, answer_row, answer_values, with_answers_sql
    )
    return _INSERT_PARTS[connection.alias]


def missing_answers_section(
    structure: SurveyStructure,
    answers: dict[int, list[Answer]],
    group_id: int | None = None,
    visible: Visibility | None = None,
) -> Section | None:
    """The first visible section with a required question left unanswered, or None (``visible``: if known)."""
    visible = visible or visibility(structure, answers, group_id=group_id)
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
    sent = (
        _sendable(survey, now)
        .filter(pk=response_id, answers_complete_for=survey.updated_at)
        # A group with a quota needs the locked path: the quota is checked with its row locked.
        .exclude(respondent_group__quota__gt=0)
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
