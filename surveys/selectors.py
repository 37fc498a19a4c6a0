"""Reads of the surveys app. Officer-side reads are scoped through ``participatie.selectors``."""

import copy
import time
from collections import defaultdict

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from participatie.constants import STAFF_ROLES
from participatie.selectors import scope_to_user

from .constants import SurveyStatus
from .models import (
    Answer,
    MatrixStatement,
    Option,
    PilotComment,
    Question,
    QuestionRevision,
    Response,
    Survey,
    SurveyPilot,
    TerugkoppelingEmail,
)

# Open surveys behind public links, per process, for respondents' POSTs: {token: (loaded at, survey)}.
_PUBLIC_SURVEYS: dict[str, tuple[float, Survey]] = {}
PUBLIC_SURVEY_CACHE_SECONDS = 5
PUBLIC_SURVEY_CACHE_SIZE = 1024


def survey_get_public(*, token: str, cached: bool = False) -> Survey:
    """The survey behind a public link (any status but concept; the view shows a friendly page when not open).

    Every page (GET) reads it afresh. A respondent's POST (``cached=True``) may use the copy this process read
    less than ``PUBLIC_SURVEY_CACHE_SECONDS`` ago: what it writes is checked against the database anyway (a page
    save's answers against the questions and options by their keys; sending against the survey's status, open
    window and version in the sending statement itself), and every survey write in this process forgets the copy.
    """
    now = time.monotonic()
    if cached:
        entry = _PUBLIC_SURVEYS.get(token)
        if entry is not None and now - entry[0] < PUBLIC_SURVEY_CACHE_SECONDS:
            return copy.copy(entry[1])
    survey = Survey.objects.select_related("gemeente").get(public_token=token)
    if survey.status == SurveyStatus.CONCEPT:
        _PUBLIC_SURVEYS.pop(token, None)
        raise Survey.DoesNotExist
    if survey.status == SurveyStatus.OPEN:
        if len(_PUBLIC_SURVEYS) >= PUBLIC_SURVEY_CACHE_SIZE:
            _PUBLIC_SURVEYS.clear()
        _PUBLIC_SURVEYS[token] = (now, copy.copy(survey))
    else:
        _PUBLIC_SURVEYS.pop(token, None)
    return survey


def survey_public_cache_forget() -> None:
    """Forget the surveys this process keeps for respondents' POSTs (after any survey write here)."""
    _PUBLIC_SURVEYS.clear()


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


def survey_get_for_staff(*, user, pk, roles=STAFF_ROLES) -> Survey:
    """One survey of the gemeenten where the user holds one of ``roles`` (by default: officer or coordinator);
    DoesNotExist otherwise."""
    return scope_to_user(Survey.objects.select_related("gemeente"), user=user, roles=roles).get(pk=pk)


def revision_list_for_survey(*, survey: Survey) -> QuerySet:
    """Text changes after responses (tekstwijzigingen) of a survey's questions, options and statements, oldest first."""
    return (
        QuestionRevision.objects.filter(question__survey=survey)
        .select_related("question", "option", "statement", "changed_by")
        .order_by("question_id", "changed_at", "id")
    )


def revision_notes_by_question(*, survey: Survey) -> dict[int, list[str]]:
    """Per question id, the notes "tekst gewijzigd op … na n antwoorden" (codebook, JSON export, results page)."""
    notes: dict[int, list[str]] = defaultdict(list)
    for revision in revision_list_for_survey(survey=survey):
        notes[revision.question_id].append(
            _("text changed on %(date)s after %(count)s responses")
            % {
                "date": date_format(timezone.localtime(revision.changed_at), "j F Y"),
                "count": revision.responses_before,
            }
        )
    return dict(notes)


def survey_question_parts(*, survey: Survey) -> tuple[list, dict[int, list], dict[int, list]]:
    """A survey's questions in order, with their options and matrix statements per question id (three queries)."""
    questions = list(
        Question.objects.filter(survey=survey).order_by("section__position", "section_id", "position", "id")
    )
    options: dict[int, list] = {}
    for option in Option.objects.filter(question__survey=survey).order_by("question_id", "position", "id"):
        options.setdefault(option.question_id, []).append(option)
    statements: dict[int, list] = {}
    for statement in MatrixStatement.objects.filter(question__survey=survey).order_by("question_id", "position", "id"):
        statements.setdefault(statement.question_id, []).append(statement)
    return questions, options, statements


def survey_get_for_entry(*, user, pk, drafts: bool = False) -> Survey:
    """A survey for data entry and interviews (invoer): one of the user's gemeenten (any role; the permission
    then decides), or one the user was given entry access to. DoesNotExist otherwise (a 404).
    Drafts only with ``drafts=True`` (the paper version)."""
    from participatie.constants import ALL_ROLES

    from .models import EntryAssignment

    queryset = Survey.objects.select_related("gemeente")
    if not drafts:
        queryset = queryset.exclude(status=SurveyStatus.CONCEPT)
    in_gemeente = scope_to_user(queryset, user=user, roles=ALL_ROLES).filter(pk=pk)
    survey = in_gemeente.first()
    if survey is None and user.is_authenticated:
        assigned = EntryAssignment.objects.filter(user=user, survey_id=pk).values("survey_id")
        survey = queryset.filter(pk__in=assigned).first()
    if survey is None:
        raise Survey.DoesNotExist
    return survey


# --- Fieldwork: pilot and translations ---


def pilot_get_by_token(*, token: str) -> SurveyPilot:
    """The pilot round (proefronde) behind a pilot link, with its survey and gemeente; DoesNotExist otherwise."""
    return SurveyPilot.objects.select_related("survey", "survey__gemeente").get(token=token)


def pilot_list_for_tester(*, user, on=None) -> QuerySet[SurveyPilot]:
    """Running pilot rounds a user is asked to test: as a named tester, or as a current member of the orgaan."""
    if not user.is_authenticated:
        return SurveyPilot.objects.none()
    on = on or timezone.localdate()
    member_of = Q(orgaan__members__user=user, orgaan__members__term_start__lte=on) & (
        Q(orgaan__members__term_end__isnull=True) | Q(orgaan__members__term_end__gte=on)
    )
    matching = SurveyPilot.objects.filter(Q(testers=user) | member_of).values("pk")
    return (
        SurveyPilot.objects.filter(pk__in=matching, ended_at__isnull=True, survey__status=SurveyStatus.CONCEPT)
        .select_related("survey", "survey__gemeente")
        .order_by("-started_at")
    )


def pilot_open_comment_counts(*, survey: Survey) -> dict[int, int]:
    """Per question id, how many pilot comments are not handled yet (the builder shows them per question)."""
    rows = (
        PilotComment.objects.filter(pilot__survey=survey, handled_at__isnull=True)
        .values("question_id")
        .annotate(count=Count("id"))
        .values_list("question_id", "count")
    )
    return dict(rows)
