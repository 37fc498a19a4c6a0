"""Writes of a survey's life: opening, closing (the one place), retention purge, fixed options.

Respondent-side writes (saving a page, sending) live in ``respond/services.py``.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, F, Value, When
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from feedback.integration import inbreng_register_for_survey
from participatie.audit import audit_purge_run

from .constants import (
    GRADE_POINTS,
    OPEN_TEXT_TYPES,
    YES_NO_OPTIONS,
    QuestionType,
    ResponseStatus,
    RetentionMode,
    ScaleKind,
    SurveyStatus,
)
from .models import Answer, Option, Question, Response, ResponseEntry, Survey, SurveyPilot, TerugkoppelingEmail
from .selectors import survey_public_cache_forget


def survey_structure_is_locked(*, survey: Survey) -> bool:
    """True once a survey has responses: questions, options, codes and logic may then not change (structuurslot)."""
    return survey.has_responses


def survey_structure_check_unlocked(*, survey: Survey) -> None:
    """Raise a ValidationError when the structure of ``survey`` is locked by its responses."""
    if survey_structure_is_locked(survey=survey):
        raise ValidationError(
            _(
                "This survey already has responses, so its questions, options, codes and logic can no longer "
                "change. Fix typos in texts, or make a copy for changes."
            )
        )


def survey_structure_changed(*, survey: Survey) -> None:
    """Call after every change to a survey's sections, questions, options, statements or logic.

    Bumps ``updated_at``, which respondent pages use to reload the structure they keep in memory.
    """
    now = timezone.now()
    Survey.objects.filter(pk=survey.pk).update(updated_at=now)
    survey.updated_at = now
    survey_public_cache_forget()


@transaction.atomic
def survey_open(*, survey: Survey, now=None) -> Survey:
    """Open a survey (vragenlijst openzetten) so residents can fill it in."""
    now = now or timezone.now()
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.status == SurveyStatus.OPEN:
        return survey
    if survey.status == SurveyStatus.CLOSED:
        raise ValidationError(_("A closed survey cannot be opened again. Make a copy for a new round."))
    if not Question.objects.filter(survey=survey).exists():
        raise ValidationError(_("Add at least one question before opening the survey."))
    if survey.closes_at and survey.closes_at <= now:
        raise ValidationError(_("The closing moment has already passed. Choose a later closing moment first."))
    survey.status = SurveyStatus.OPEN
    survey.opened_at = now
    survey.save(update_fields=["status", "opened_at", "updated_at"])
    # Publishing ends the pilot round (proefronde); its comments stay with the survey.
    SurveyPilot.objects.filter(survey=survey, ended_at__isnull=True).update(ended_at=now)
    survey_public_cache_forget()
    return survey


@transaction.atomic
def survey_close(*, survey: Survey, now=None) -> Survey:
    """Close a survey (vragenlijst sluiten): the single place where a survey closes.

    Responses still in progress are kept as incomplete until the retention term removes them.
    """
    now = now or timezone.now()
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.status == SurveyStatus.CLOSED:
        return survey
    survey.status = SurveyStatus.CLOSED
    survey.closed_at = now
    survey.save(update_fields=["status", "closed_at", "updated_at"])
    survey_public_cache_forget()
    Response.objects.filter(survey=survey, status=ResponseStatus.IN_PROGRESS).update(
        status=ResponseStatus.INCOMPLETE, updated_at=now
    )
    # The feedback register: one inbreng for the outcome, owed to the respondents who opted in (once).
    inbreng_register_for_survey(survey=survey)
    return survey


def survey_close_expired(*, now=None) -> list[int]:
    """Close every open survey whose open-until moment has passed; returns their ids."""
    now = now or timezone.now()
    closed = []
    for survey in Survey.objects.filter(status=SurveyStatus.OPEN, closes_at__lte=now).only("pk"):
        survey_close(survey=survey, now=now)
        closed.append(survey.pk)
    return closed


def survey_close_if_expired(*, survey: Survey, now=None) -> Survey:
    """Close ``survey`` when its open-until moment has passed (respondent views call this)."""
    now = now or timezone.now()
    if survey.status == SurveyStatus.OPEN and survey.closes_at and survey.closes_at <= now:
        return survey_close(survey=survey, now=now)
    return survey


@transaction.atomic
def terugkoppeling_email_delete_for_survey(*, survey: Survey) -> int:
    """Delete every e-mail address kept for a survey's terugkoppeling; returns how many."""
    deleted, _detail = TerugkoppelingEmail.objects.filter(survey=survey).delete()
    return deleted


@transaction.atomic
def survey_answers_purge(*, survey: Survey, now=None) -> Survey:
    """Remove a survey's answers (or only its open texts) and its kept e-mail addresses (bewaartermijn)."""
    now = now or timezone.now()
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.retention_mode == RetentionMode.ANONYMISE:
        responses_anonymise(survey=survey)
    elif survey.retention_mode == RetentionMode.OPEN_TEXTS:
        Answer.objects.filter(response__survey=survey, question__question_type__in=OPEN_TEXT_TYPES).delete()
        Answer.objects.filter(response__survey=survey).exclude(text_value="").update(text_value="")
    else:
        Response.objects.filter(survey=survey).delete()
    TerugkoppelingEmail.objects.filter(survey=survey).delete()
    # The answer counts no longer match the answers left: counted again from them when next read.
    from .results.counts import answer_counts_forget

    answer_counts_forget(survey=survey)

    # The letters' codes and the gemeente's references go too (and with them any link to a response); the
    # batches keep their labels, which responses may still show.
    from .models import InvitationCode

    InvitationCode.objects.filter(batch__survey=survey).delete()
    survey.purged_at = now
    survey.save(update_fields=["purged_at", "updated_at"])
    return survey


def responses_anonymise(*, survey: Survey) -> None:
    """Anonymise a survey's responses (anonimiseren): keep the closed answers, remove what could single someone out.

    Deleted: open texts and "other, namely" texts, date answers (a birth date identifies), resume codes, the
    exact moments (only the month stays), the page someone was on, the survey's answer files, and who entered
    a card or held an interview, with the card number and moment (fieldwork).
    Kept: choices, scales, matrix and yes/no answers, numbers, channel, respondent group and language.
    """
    answers = Answer.objects.filter(response__survey=survey)
    answers.filter(question__question_type__in=OPEN_TEXT_TYPES | {QuestionType.DATE}).delete()
    answers.exclude(text_value="").update(text_value="")
    answers.filter(date_value__isnull=False).update(date_value=None)
    ResponseEntry.objects.filter(survey=survey).delete()
    month = {"tzinfo": timezone.get_current_timezone()}
    Response.objects.filter(survey=survey).update(
        resume_code=None,
        current_section=None,
        answers_complete_for=None,
        created_at=TruncMonth("created_at", **month),
        updated_at=TruncMonth("created_at", **month),
        completed_at=TruncMonth("completed_at", **month),
    )
    from .exports.services import answer_export_delete_for_survey

    answer_export_delete_for_survey(survey=survey)


def survey_retention_purge_due(*, now=None) -> list[int]:
    """Purge every closed survey whose retention term has passed and that was not purged yet."""
    now = now or timezone.now()
    purged = []
    per_gemeente: dict[int, int] = {}
    candidates = Survey.objects.filter(status=SurveyStatus.CLOSED, closed_at__isnull=False, purged_at__isnull=True)
    for survey in candidates.only("pk", "gemeente_id", "closed_at", "retention_days"):
        if survey.retention_ends_at <= now:
            survey_answers_purge(survey=survey, now=now)
            purged.append(survey.pk)
            per_gemeente[survey.gemeente_id] = per_gemeente.get(survey.gemeente_id, 0) + 1
    audit_purge_run(object_type="surveys.survey", counts=per_gemeente)
    return purged


@transaction.atomic
def question_fixed_options_create(*, question: Question) -> list[Option]:
    """Create the fixed options of a yes/no question (ja/nee) or a rapportcijfer scale (1-10), if missing.

    Off-scale options the officer added (e.g. "weet niet") are kept and placed after the marks.
    """
    if question.question_type == QuestionType.YES_NO:
        wanted = [(code, str(label), None) for code, label in YES_NO_OPTIONS]
    elif question.question_type in (QuestionType.SCALE, QuestionType.MATRIX) and question.scale_kind == ScaleKind.GRADE:
        wanted = [(str(point), str(point), point) for point in GRADE_POINTS]
    else:
        return []
    existing = {option.code: option for option in question.options.all()}
    created = []
    for position, (code, label, score) in enumerate(wanted):
        if code not in existing:
            created.append(Option(question=question, position=position, code=code, label=label, score=score))
    Option.objects.bulk_create(created)
    offset = len(wanted)
    extras = [option for option in existing.values() if option.code not in {code for code, _l, _s in wanted}]
    for index, option in enumerate(sorted(extras, key=lambda o: (o.position, o.pk))):
        option.position = offset + index
    Option.objects.bulk_update(extras, ["position"])
    return created


# --- Fieldwork: invitation codes and group quotas (shared by respond/ and fieldwork/) ---


class GroupFullError(Exception):
    """The respondent group reached its quota of complete responses (groep vol)."""

    def __init__(self, group):
        super().__init__(group)
        self.group = group


def respondent_group_complete_count(*, group) -> int:
    """Complete responses of a group that count towards its quota (pilot and left-out responses do not)."""
    from .models import Response

    return Response.objects.filter(
        respondent_group=group, status=ResponseStatus.COMPLETE, is_pilot=False, exclusion_kind=""
    ).count()


def respondent_group_check_quota(*, group, lock: bool = False) -> None:
    """Raise GroupFullError when ``group`` has a quota and as many complete responses as it allows.

    With ``lock`` the group row is locked first, so two sends at once cannot both take the last place.
    """
    if group is None or not group.quota:
        return
    if lock:
        from .models import RespondentGroup

        RespondentGroup.objects.select_for_update().filter(pk=group.pk).exists()
    if respondent_group_complete_count(group=group) >= group.quota:
        raise GroupFullError(group)


def invitation_claim_settle(*, response) -> None:
    """On sending a response started with an invitation code: mark the code used (uitnodigingscode gebruikt).

    On an anonymous survey the claim (the only link between code and response) is deleted in the same
    transaction, so afterwards nothing joins them; a non-anonymous survey keeps it.
    """
    from .constants import ResponseSource
    from .models import InvitationClaim, InvitationCode

    if response.source != ResponseSource.INVITATION:
        return
    claim = InvitationClaim.objects.filter(response_id=response.pk).select_related("response__survey", "code").first()
    if claim is None:
        return
    if not claim.response.survey.is_anonymous:
        InvitationCode.objects.filter(pk=claim.code_id).update(is_used=True)
        return
    # Every code of the batch is rewritten in the same statement, so on PostgreSQL their row versions (the
    # system column xmin, which equals the sending transaction of this response) and physical order do not
    # single out the code that was used; only its ``is_used`` differs.
    InvitationCode.objects.filter(batch_id=claim.code.batch_id).update(
        is_used=Case(When(pk=claim.code_id, then=Value(True)), default=F("is_used"))
    )
    claim.delete()
