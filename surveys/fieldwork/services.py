"""Writes of the fieldwork: invitation batches and their codes, redeeming a code, groups and quotas.

Codes come from ``secrets`` over an alphabet without look-alikes; uniqueness is the database's
(``InvitationCode.code`` is unique), and a batch is written in one transaction, so a failed batch leaves
nothing behind. The portal stores no names or addresses: a sample file gives only the gemeente's own
reference and a group per row.
"""

import logging
import math
import secrets
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from participatie.imports import read_csv, read_xlsx

from ..constants import (
    INVITATION_BATCH_MAX_CODES,
    INVITATION_CODE_ALPHABET,
    INVITATION_CODE_LENGTH,
    ResponseChannel,
    ResponseSource,
    ResponseStatus,
)
from ..models import (
    GroupRule,
    InvitationBatch,
    InvitationClaim,
    InvitationCode,
    Option,
    Question,
    RespondentGroup,
    Response,
    Section,
    Survey,
)
from ..services import respondent_group_check_quota, survey_structure_changed, survey_structure_check_unlocked

logger = logging.getLogger(__name__)

# Column names a sample file may use (compared case-insensitively, spaces ignored).
REFERENCE_COLUMNS = ("referentie", "reference", "kenmerk")
GROUP_COLUMNS = ("groep", "group", "doelgroep")
# Row problems listed in a dry run before "and n more".
SAMPLE_ERRORS_SHOWN = 20


class InvitationCodeError(Exception):
    """A code a resident typed cannot start a response; ``reason`` says why (for the page, never the code)."""

    reason = "unknown"


class InvitationCodeUnknownError(InvitationCodeError):
    reason = "unknown"


class InvitationCodeOtherSurveyError(InvitationCodeError):
    reason = "other_survey"


class InvitationCodeUsedError(InvitationCodeError):
    reason = "used"


class SurveyClosedError(InvitationCodeError):
    reason = "closed"


class SurveyFullError(InvitationCodeError):
    """The survey has its maximum number of responses (as on the open link)."""

    reason = "survey full"


def code_entropy_bits() -> float:
    """Bits of chance in one invitation code: length x log2(alphabet size)."""
    return INVITATION_CODE_LENGTH * math.log2(len(INVITATION_CODE_ALPHABET))


def invitation_code_generate() -> str:
    """One random invitation code (uitnodigingscode) from ``secrets``."""
    return "".join(secrets.choice(INVITATION_CODE_ALPHABET) for _ in range(INVITATION_CODE_LENGTH))


def invitation_code_normalise(value: str) -> str:
    """A typed code without spaces and dashes, in capitals (the letter shows it as ABCDE-FGHJK)."""
    return "".join(value.split()).replace("-", "").upper()


def invitation_code_is_well_formed(code: str) -> bool:
    """Whether a normalised code has the length and characters of an invitation code."""
    return len(code) == INVITATION_CODE_LENGTH and all(char in INVITATION_CODE_ALPHABET for char in code)


def _fresh_codes(count: int) -> list[str]:
    """``count`` new codes, different from each other and from every stored code."""
    codes: set[str] = set()
    while len(codes) < count:
        wanted = count - len(codes)
        candidates = {invitation_code_generate() for _ in range(wanted)} - codes
        taken = set(InvitationCode.objects.filter(code__in=candidates).values_list("code", flat=True))
        codes |= candidates - taken
    return list(codes)


def _codes_store(batch: InvitationBatch, rows: list[tuple[str, RespondentGroup | None]]) -> None:
    """Give each (reference, group) row a code; a collision with a code stored meanwhile is drawn again."""
    for attempt in range(3):
        codes = _fresh_codes(len(rows))
        try:
            with transaction.atomic():
                InvitationCode.objects.bulk_create(
                    InvitationCode(batch=batch, code=code, reference=reference, respondent_group=group)
                    for code, (reference, group) in zip(codes, rows, strict=True)
                )
            return
        except IntegrityError:
            if attempt == 2:
                raise


@transaction.atomic
def invitation_batch_create(
    *, survey: Survey, label: str, respondent_group: RespondentGroup | None, count: int, user=None
) -> InvitationBatch:
    """Make a batch of ``count`` codes for letters to one respondent group (uitnodigingsbatch)."""
    if not 1 <= count <= INVITATION_BATCH_MAX_CODES:
        raise ValidationError(_("A batch has between 1 and %(max)s codes.") % {"max": INVITATION_BATCH_MAX_CODES})
    batch = InvitationBatch.objects.create(
        survey=survey, label=label, respondent_group=respondent_group, created_by=user
    )
    _codes_store(batch, [("", respondent_group)] * count)
    return batch


@dataclass
class SampleCheck:
    """The result of reading a sample file (steekproefbestand): rows ready to import, or the reasons why not."""

    rows: list[tuple[str, RespondentGroup]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    more_errors: int = 0
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


def _header_index(headers: list, names: tuple[str, ...]) -> int | None:
    for index, header in enumerate(headers):
        if header is not None and "".join(str(header).split()).lower() in names:
            return index
    return None


def sample_file_check(*, survey: Survey, content: bytes, filename: str) -> SampleCheck:
    """Read and check a sample file without writing anything (the dry run).

    Refused as a whole: a file over the import limits, without a group or reference column, with an
    unknown group, an empty or repeated reference, or more rows than a batch may have.
    """
    check = SampleCheck()
    try:
        if filename.lower().endswith(".xlsx"):
            dataset = read_xlsx(content)
        elif filename.lower().endswith(".csv"):
            try:
                dataset = read_csv(content)
            except UnicodeDecodeError:
                dataset = read_csv(content, encoding="cp1252")
        else:
            check.errors.append(_("Upload an Excel file (.xlsx) or a CSV file (.csv)."))
            return check
    except ValidationError as error:
        check.errors.extend(error.messages)
        return check
    except Exception:  # noqa: BLE001 - a damaged or disguised file: a message, not a 500
        check.errors.append(_("The file cannot be read. Save it again as .xlsx or .csv and try again."))
        return check
    headers = list(dataset.headers or [])
    reference_at = _header_index(headers, REFERENCE_COLUMNS)
    group_at = _header_index(headers, GROUP_COLUMNS)
    if reference_at is None:
        check.errors.append(_('The file has no column "referentie" (the gemeente\'s own reference per letter).'))
    if group_at is None:
        check.errors.append(_('The file has no column "groep" (the respondent group per letter).'))
    if check.errors:
        return check
    if len(dataset) > INVITATION_BATCH_MAX_CODES:
        check.errors.append(
            _("The file has %(rows)s rows; a batch has at most %(max)s. Split the file.")
            % {"rows": len(dataset), "max": INVITATION_BATCH_MAX_CODES}
        )
        return check
    groups = {group.name.strip().lower(): group for group in RespondentGroup.objects.filter(survey=survey)}
    seen: set[str] = set()
    problems: list[str] = []
    for number, row in enumerate(dataset, start=2):  # row 1 holds the headers
        reference = str(row[reference_at] if row[reference_at] is not None else "").strip()
        group_name = str(row[group_at] if row[group_at] is not None else "").strip()
        if not reference and not group_name:
            continue
        if not reference:
            problems.append(_("Row %(row)s: the reference is empty.") % {"row": number})
        elif len(reference) > 100:
            problems.append(_("Row %(row)s: the reference is longer than 100 characters.") % {"row": number})
        elif reference.lower() in seen:
            problems.append(_("Row %(row)s: this reference is already in the file.") % {"row": number})
        group = groups.get(group_name.lower())
        if group is None:
            problems.append(
                _('Row %(row)s: the group "%(group)s" does not exist in this survey.')
                % {"row": number, "group": group_name[:50]}
            )
        seen.add(reference.lower())
        if group is not None and reference:
            check.rows.append((reference, group))
            check.counts[group.name] = check.counts.get(group.name, 0) + 1
    if not check.rows and not problems:
        problems.append(_("The file has no rows."))
    check.errors = problems[:SAMPLE_ERRORS_SHOWN]
    check.more_errors = max(0, len(problems) - SAMPLE_ERRORS_SHOWN)
    if check.errors:
        check.rows = []
    return check


@transaction.atomic
def invitation_batch_create_from_sample(
    *, survey: Survey, label: str, check: SampleCheck, user=None
) -> InvitationBatch:
    """Make a batch from a checked sample file: one code per row, with its reference and group."""
    if not check.ok:
        raise ValidationError(_("The sample file has problems; nothing was made."))
    batch = InvitationBatch.objects.create(survey=survey, label=label, respondent_group=None, created_by=user)
    _codes_store(batch, check.rows)
    return batch


@transaction.atomic
def invitation_code_redeem(*, survey: Survey, code: str, now=None) -> Response:
    """Start (or resume) the response of an invitation code (code inwisselen).

    The code row is locked, and a code has at most one claim (a unique key), so any number of simultaneous
    starts with one code make one response. A code whose response is unfinished resumes it.
    """
    now = now or timezone.now()
    try:
        invitation = InvitationCode.objects.select_for_update().select_related("batch").get(code=code)
    except InvitationCode.DoesNotExist as error:
        raise InvitationCodeUnknownError from error
    if invitation.batch.survey_id != survey.pk:
        raise InvitationCodeOtherSurveyError
    claim = InvitationClaim.objects.filter(code=invitation).select_related("response").first()
    if claim is not None:
        if claim.response.status == ResponseStatus.IN_PROGRESS:
            return claim.response
        raise InvitationCodeUsedError
    if invitation.is_used:
        raise InvitationCodeUsedError
    if not survey.is_accepting_responses(now=now):
        raise SurveyClosedError
    if survey.max_responses:
        Survey.objects.select_for_update().filter(pk=survey.pk).exists()  # one start at a time past the cap
        taken = Response.objects.filter(survey=survey, is_pilot=False).exclude(status=ResponseStatus.INCOMPLETE)
        if taken.count() >= survey.max_responses:
            raise SurveyFullError
    group = invitation.respondent_group or invitation.batch.respondent_group
    respondent_group_check_quota(group=group)
    response = Response.objects.create(
        survey=survey,
        source=ResponseSource.INVITATION,
        respondent_group=group,
        invitation_batch=invitation.batch,
        channel=ResponseChannel.ONLINE_SELF,
        created_at=now,
        updated_at=now,
    )
    InvitationClaim.objects.create(code=invitation, response=response)
    return response


def invitation_attempt_log(*, survey: Survey, outcome: str) -> None:
    """Log a code attempt for the survey: its outcome only, never the code that was tried."""
    logger.info("Invitation code attempt on survey %s: %s", survey.pk, outcome)


@transaction.atomic
def survey_requires_code_set(*, survey: Survey, requires_code: bool) -> Survey:
    """Switch 'only with an invitation code' on or off for a survey."""
    Survey.objects.filter(pk=survey.pk).update(requires_code=requires_code, updated_at=timezone.now())
    survey.refresh_from_db()
    return survey


@transaction.atomic
def respondent_group_create(*, survey: Survey, name: str, quota: int | None) -> RespondentGroup:
    """Add a respondent group (doelgroep) with an optional quota to a survey."""
    position = RespondentGroup.objects.filter(survey=survey).count()
    group = RespondentGroup(survey=survey, name=name.strip(), quota=quota, position=position)
    group.full_clean()
    group.save()
    return group


@transaction.atomic
def respondent_group_update(*, group: RespondentGroup, name: str, quota: int | None) -> RespondentGroup:
    """Rename a respondent group or change its quota."""
    group.name, group.quota = name.strip(), quota
    group.full_clean()
    group.save(update_fields=["name", "quota"])
    return group


@transaction.atomic
def group_question_mark(*, survey: Survey, question: Question | None) -> list[RespondentGroup]:
    """Make ``question`` the survey's group question (groepsvraag): each option places the respondent in the group
    of the same name, made when missing. None: no group question. Returns the groups of the options."""
    survey_structure_check_unlocked(survey=survey)
    Question.objects.filter(survey=survey, is_group_question=True).update(is_group_question=False)
    Option.objects.filter(question__survey=survey).exclude(respondent_group=None).update(respondent_group=None)
    groups = []
    if question is not None:
        Question.objects.filter(pk=question.pk).update(is_group_question=True)
        existing = {group.name.lower(): group for group in RespondentGroup.objects.filter(survey=survey)}
        for option in Option.objects.filter(question=question).order_by("position", "id"):
            name = option.label.strip()[:100]
            group = existing.get(name.lower())
            if group is None:
                group = respondent_group_create(survey=survey, name=name, quota=None)
                existing[name.lower()] = group
            Option.objects.filter(pk=option.pk).update(respondent_group=group)
            groups.append(group)
    survey_structure_changed(survey=survey)
    return groups


@transaction.atomic
def section_groups_set(*, survey: Survey, section: Section, groups: list[RespondentGroup]) -> None:
    """Show ``section`` only to respondents of ``groups`` (routering op groep); no groups: to everyone."""
    survey_structure_check_unlocked(survey=survey)
    GroupRule.objects.filter(target_section=section).delete()
    if groups:
        rule = GroupRule.objects.create(target_section=section)
        rule.groups.set(groups)
    survey_structure_changed(survey=survey)
