"""Writes of the survey builder (vragenlijsten bouwen): settings, sections, questions, options, logic.

Every structural write checks the structure lock first (``survey_structure_check_unlocked``): once a
survey has responses, only texts (titles, intros, question and help texts, option labels, statement
texts) may change. Every write runs in one transaction and re-checks the skip logic, so a change that
would leave a rule pointing at a later question is refused and nothing is saved.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from participatie.audit import audit_record
from participatie.constants import AuditAction

from ..constants import (
    CHOICE_TYPES,
    OPTION_TYPES,
    QuestionType,
    ResponseStatus,
    RevisionTarget,
    ScaleKind,
    SurveyStatus,
)
from ..models import LogicRule, MatrixStatement, Option, Question, QuestionRevision, Response, Section, Survey
from ..selectors import survey_public_cache_forget
from ..services import (
    question_fixed_options_create,
    survey_close,
    survey_open,
    survey_structure_is_locked,
)
from ..survey_definition import _unique_slug, survey_definition_export, survey_definition_import

# Survey settings an officer edits in the settings form (never structure, so allowed when locked).
SURVEY_SETTING_FIELDS = (
    "title",
    "introduction",
    "privacy_text",
    "method_kind",
    "target_group",
    "opens_at",
    "closes_at",
    "is_anonymous",
    "is_public",
    "terugkoppeling_text",
    "terugkoppeling_date",
    "retention_days",
    "retention_mode",
    "max_responses",
    "previous_round",
)
# Question fields that are texts (editable when locked) and that are structure (locked).
QUESTION_TEXT_FIELDS = ("text", "help_text")
QUESTION_STRUCTURE_FIELDS = (
    "code",
    "question_type",
    "is_required",
    "max_length",
    "choice_widget",
    "min_choices",
    "max_choices",
    "scale_kind",
    "min_value",
    "max_value",
    "allow_decimals",
)


def structure_locked_error() -> ValidationError:
    return ValidationError(
        _(
            "This survey already has responses, so this change is not possible: it would change the meaning of "
            "the stored answers. You can still fix texts. For other changes, make a new copy of the survey."
        ),
        code="locked",
    )


def structure_touch(*, survey_id: int) -> None:
    """Bump the survey's ``updated_at`` after any change to its pages, questions, options or logic.

    The respondent pages keep a survey's structure in memory keyed by ``updated_at``; this makes every
    process load the changed structure (same effect as ``survey_structure_changed`` of the respondent side).
    """
    Survey.objects.filter(pk=survey_id).update(updated_at=timezone.now())
    survey_public_cache_forget()


def _check_unlocked(survey: Survey) -> None:
    if survey_structure_is_locked(survey=survey):
        raise structure_locked_error()


# Survey ---------------------------------------------------------------------------------


@transaction.atomic
def survey_create(*, gemeente, user, **fields) -> Survey:
    """Create a new survey (vragenlijst) in concept status in ``gemeente``."""
    values = {key: fields[key] for key in SURVEY_SETTING_FIELDS if key in fields}
    survey = Survey(gemeente=gemeente, created_by=user, slug=_unique_slug(gemeente, values.get("title", "")), **values)
    survey.full_clean()
    survey.save()
    return survey


@transaction.atomic
def survey_update(*, survey: Survey, **fields) -> Survey:
    """Change a survey's settings (title, texts, dates, privacy, terugkoppeling); allowed when locked."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    for key in SURVEY_SETTING_FIELDS:
        if key in fields:
            setattr(survey, key, fields[key])
    survey.full_clean()
    survey.save()
    survey_public_cache_forget()
    return survey


def survey_status_change(*, survey: Survey, status: str) -> Survey:
    """Move a survey to open or gesloten through the lifecycle services (concept -> open -> gesloten)."""
    if status == SurveyStatus.OPEN:
        return survey_open(survey=survey)
    if status == SurveyStatus.CLOSED:
        if survey.status == SurveyStatus.CONCEPT:
            raise ValidationError(_("A draft survey cannot be closed; open it first or delete it."))
        return survey_close(survey=survey)
    raise ValidationError(_("A survey cannot go back to draft. Make a copy for a new round."))


@transaction.atomic
def survey_duplicate(*, survey: Survey, user, gemeente=None) -> Survey:
    """Copy a whole survey as a new draft (for next year's round); answers and dates are not copied."""
    return survey_definition_import(
        data=survey_definition_export(survey=survey),
        gemeente=gemeente or survey.gemeente,
        user=user,
        title=(_("%(title)s (copy)") % {"title": survey.title})[:200],
    )


@transaction.atomic
def survey_delete(*, survey: Survey) -> None:
    """Delete a draft survey without responses (an open or answered survey is closed instead)."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.status != SurveyStatus.CONCEPT or survey.has_responses:
        raise ValidationError(_("Only a draft survey without responses can be deleted. Close the survey instead."))
    audit_record(action=AuditAction.DELETED, obj=survey)
    survey.delete()


# Skip-logic consistency -------------------------------------------------------------------


def _order_key(question: Question, sections: dict[int, Section]) -> tuple:
    section = sections[question.section_id]
    return (section.position, section.pk, question.position, question.pk)


def survey_logic_check(*, survey: Survey) -> None:
    """Raise a ValidationError when a skip-logic rule no longer depends on an earlier choice question."""
    sections = {section.pk: section for section in Section.objects.filter(survey=survey)}
    questions = {question.pk: question for question in Question.objects.filter(survey=survey)}
    for rule in LogicRule.objects.filter(source_question__survey=survey).prefetch_related("options"):
        source = questions[rule.source_question_id]
        if source.question_type not in CHOICE_TYPES:
            raise ValidationError(
                _("Question %(code)s is used in a skip-logic rule, so it must stay a choice, scale or yes/no question.")
                % {"code": source.code}
            )
        if any(option.question_id != source.pk for option in rule.options.all()):
            raise ValidationError(_("A skip-logic rule refers to an option of another question."))
        source_key = _order_key(source, sections)
        if rule.target_question_id:
            target = questions[rule.target_question_id]
            ok = source_key < _order_key(target, sections)
            name = target.code
        else:
            target = sections[rule.target_section_id]
            ok = (source_key[0], source_key[1]) < (target.position, target.pk)
            name = target.title
        if not ok:
            raise ValidationError(
                _(
                    "This would put %(target)s before question %(source)s, which it depends on in a skip-logic "
                    "rule. Remove that rule first, or choose another place."
                )
                % {"target": name, "source": source.code}
            )


# Sections ---------------------------------------------------------------------------------


def _renumber(items) -> None:
    for position, item in enumerate(items):
        item.position = position
    if items:
        type(items[0]).objects.bulk_update(items, ["position"])


@transaction.atomic
def section_create(*, survey: Survey, title: str, intro: str = "") -> Section:
    """Add a section (pagina) at the end of a survey."""
    _check_unlocked(survey)
    last = Section.objects.filter(survey=survey).aggregate(last=Max("position"))["last"]
    section = Section(survey=survey, title=title, intro=intro, position=0 if last is None else last + 1)
    section.full_clean()
    section.save()
    structure_touch(survey_id=survey.pk)
    return section


@transaction.atomic
def section_update(*, section: Section, title: str, intro: str = "") -> Section:
    """Change a section's title and intro (texts; allowed when locked)."""
    section.title = title
    section.intro = intro
    section.full_clean()
    section.save(update_fields=["title", "intro"])
    structure_touch(survey_id=section.survey_id)
    return section


@transaction.atomic
def section_move(*, section: Section, direction: str) -> Section:
    """Move a section one place up or down (omhoog/omlaag)."""
    _check_unlocked(section.survey)
    sections = list(Section.objects.select_for_update().filter(survey_id=section.survey_id).order_by("position", "id"))
    index = next(i for i, s in enumerate(sections) if s.pk == section.pk)
    other = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down") or not 0 <= other < len(sections):
        raise ValidationError(_("This section cannot move further in that direction."))
    sections[index], sections[other] = sections[other], sections[index]
    _renumber(sections)
    survey_logic_check(survey=section.survey)
    structure_touch(survey_id=section.survey_id)
    return section


@transaction.atomic
def section_delete(*, section: Section) -> None:
    """Delete a section and its questions, unless later questions depend on them in skip logic."""
    _check_unlocked(section.survey)
    outside = LogicRule.objects.filter(source_question__section=section).exclude(target_question__section=section)
    outside = outside.exclude(target_section=section).select_related("target_question", "target_section")
    dependants = [
        rule.target_question.code if rule.target_question_id else rule.target_section.title for rule in outside
    ]
    if dependants:
        raise ValidationError(
            _("Other questions depend on the answers in this section (%(list)s). Remove those skip-logic rules first.")
            % {"list": ", ".join(dependants)}
        )
    survey = section.survey
    section.delete()
    _renumber(list(Section.objects.filter(survey=survey).order_by("position", "id")))
    structure_touch(survey_id=survey.pk)


def _free_code(code: str, taken: set[str]) -> str:
    base = f"{code}_kopie"[:44]
    candidate, counter = base, 2
    while candidate in taken:
        candidate = f"{base}{counter}"
        counter += 1
    taken.add(candidate)
    return candidate


def _copy_question(question: Question, *, section: Section, position: int, code: str) -> Question:
    copy = Question.objects.get(pk=question.pk)
    copy.pk = None
    copy.section = section
    copy.position = position
    copy.code = code
    copy.save()
    option_map = {}
    for option in question.options.all():
        old_pk = option.pk
        option.pk = None
        option.question = copy
        option.save()
        option_map[old_pk] = option
    MatrixStatement.objects.bulk_create(
        MatrixStatement(question=copy, position=s.position, code=s.code, text=s.text) for s in question.statements.all()
    )
    copy._option_map = option_map
    return copy


def _copy_rule(rule: LogicRule, *, question_map: dict, target_question=None, target_section=None) -> None:
    source = question_map.get(rule.source_question_id)
    options = list(rule.options.all())
    if source is not None:
        options = [source._option_map[option.pk] for option in options]
    new_rule = LogicRule.objects.create(
        target_question=target_question,
        target_section=target_section,
        source_question=source or rule.source_question,
        operator=rule.operator,
    )
    new_rule.options.set(options)


@transaction.atomic
def section_copy(*, section: Section) -> Section:
    """Copy a section with its questions right after it; copied codes get '_kopie' so they stay unique."""
    survey = section.survey
    _check_unlocked(survey)
    sections = list(Section.objects.select_for_update().filter(survey=survey).order_by("position", "id"))
    index = next(i for i, s in enumerate(sections) if s.pk == section.pk)
    copy = Section.objects.create(
        survey=survey, title=(_("%(title)s (copy)") % {"title": section.title})[:200], intro=section.intro, position=0
    )
    sections.insert(index + 1, copy)
    _renumber(sections)
    taken = set(Question.objects.filter(survey=survey).values_list("code", flat=True))
    question_map = {}
    originals = list(section.questions.order_by("position", "id").prefetch_related("options", "statements"))
    for question in originals:
        question_map[question.pk] = _copy_question(
            question, section=copy, position=question.position, code=_free_code(question.code, taken)
        )
    for rule in LogicRule.objects.filter(target_section=section).prefetch_related("options"):
        _copy_rule(rule, question_map={}, target_section=copy)
    for rule in LogicRule.objects.filter(target_question__in=originals).prefetch_related("options"):
        _copy_rule(rule, question_map=question_map, target_question=question_map[rule.target_question_id])
    survey_logic_check(survey=survey)
    structure_touch(survey_id=survey.pk)
    return copy


# Questions --------------------------------------------------------------------------------


def _options_sync(question: Question, rows: list[dict]) -> None:
    """Make the question's options equal ``rows`` (matched by code); refuse removing options used in logic."""
    existing = {option.code: option for option in question.options.all()}
    wanted = [row["code"] for row in rows]
    removed = [option for code, option in existing.items() if code not in wanted]
    used = LogicRule.options.through.objects.filter(option__in=removed)
    if removed and used.exists():
        codes = sorted({option.code for option in removed if used.filter(option=option).exists()})
        raise ValidationError(
            _("Option %(codes)s is used in a skip-logic rule. Remove that rule before removing the option.")
            % {"codes": ", ".join(codes)}
        )
    Option.objects.filter(pk__in=[option.pk for option in removed]).delete()
    # Two passes so codes and positions can swap without tripping the unique constraint.
    to_update, to_create = [], []
    for position, row in enumerate(rows):
        option = existing.get(row["code"])
        if option is None:
            to_create.append(Option(question=question, position=position, **row))
        else:
            for key, value in row.items():
                setattr(option, key, value)
            option.position = position
            to_update.append(option)
    Option.objects.bulk_update(to_update, ["label", "score", "is_off_scale", "is_other", "position"])
    Option.objects.bulk_create(to_create)


def _statements_sync(question: Question, rows: list[dict]) -> None:
    existing = {statement.code: statement for statement in question.statements.all()}
    wanted = [row["code"] for row in rows]
    MatrixStatement.objects.filter(question=question).exclude(code__in=wanted).delete()
    to_update, to_create = [], []
    for position, row in enumerate(rows):
        statement = existing.get(row["code"])
        if statement is None:
            to_create.append(MatrixStatement(question=question, position=position, **row))
        else:
            statement.text = row["text"]
            statement.position = position
            to_update.append(statement)
    MatrixStatement.objects.bulk_update(to_update, ["text", "position"])
    MatrixStatement.objects.bulk_create(to_create)


def _option_structure(rows) -> list[tuple]:
    return [(row["code"], row["score"], row["is_off_scale"], row["is_other"]) for row in rows]


def _question_save(question: Question, *, options, statements) -> Question:
    try:
        question.full_clean()
    except ValidationError as error:
        raise ValidationError(error.messages) from error
    question.save()
    structure_touch(survey_id=question.survey_id)
    if question.question_type in OPTION_TYPES:
        _options_sync(question, options)
        question_fixed_options_create(question=question)
    else:
        _options_sync(question, [])
    _statements_sync(question, statements if question.question_type == QuestionType.MATRIX else [])
    return question


def _scale_defaults(fields: dict, options: list[dict]) -> list[dict]:
    """Score labelled scale points 1, 2, 3 ... in the listed order unless the officer gave scores."""
    if fields.get("question_type") in (QuestionType.SCALE, QuestionType.MATRIX) and fields.get("scale_kind") in (
        None,
        ScaleKind.LABELLED,
    ):
        points = [row for row in options if not row["is_off_scale"]]
        if all(row["score"] is None for row in points):
            options = [dict(row) for row in options]
            score = 1
            for row in options:
                if not row["is_off_scale"]:
                    row["score"] = score
                    score += 1
    return options


@transaction.atomic
def question_create(*, section: Section, options=(), statements=(), **fields) -> Question:
    """Add a question (vraag) at the end of a section, with its options and statements."""
    _check_unlocked(section.survey)
    last = Question.objects.filter(section=section).aggregate(last=Max("position"))["last"]
    question = Question(survey=section.survey, section=section, position=0 if last is None else last + 1)
    for key in QUESTION_TEXT_FIELDS + QUESTION_STRUCTURE_FIELDS:
        if key in fields:
            setattr(question, key, fields[key])
    return _question_save(question, options=_scale_defaults(fields, list(options)), statements=list(statements))


@transaction.atomic
def question_update(
    *, question: Question, options=None, statements=None, section=None, change_reason: str = "", user=None, **fields
) -> Question:
    """Change a question. Once the survey has responses only its texts and the labels may change, and a
    changed text needs ``change_reason`` and is kept as a QuestionRevision (tekstwijziging)."""
    question = Question.objects.select_for_update().select_related("survey", "section").get(pk=question.pk)
    survey = question.survey
    current_options = [
        {"code": o.code, "label": o.label, "score": o.score, "is_off_scale": o.is_off_scale, "is_other": o.is_other}
        for o in question.options.order_by("position", "id")
    ]
    current_statements = [{"code": s.code, "text": s.text} for s in question.statements.order_by("position", "id")]
    locked = survey_structure_is_locked(survey=survey)
    if options is None:
        options = current_options
    elif not locked:
        options = _scale_defaults({**_fields_of(question), **fields}, options)
    statements = current_statements if statements is None else list(statements)
    if locked:
        changed = [key for key in QUESTION_STRUCTURE_FIELDS if key in fields and fields[key] != getattr(question, key)]
        if section is not None and section.pk != question.section_id:
            changed.append("section")
        if question.question_type in OPTION_TYPES and _option_structure(options) != _option_structure(current_options):
            changed.append("options")
        if [row["code"] for row in statements] != [row["code"] for row in current_statements]:
            changed.append("statements")
        if changed:
            raise structure_locked_error()
        _revisions_record(
            question=question,
            text=fields.get("text", question.text),
            options=options,
            statements=statements,
            reason=change_reason,
            user=user,
        )
    old_type = question.question_type
    for key in QUESTION_TEXT_FIELDS + QUESTION_STRUCTURE_FIELDS:
        if key in fields:
            setattr(question, key, fields[key])
    if section is not None and section.pk != question.section_id:
        if section.survey_id != survey.pk:
            raise ValidationError(_("The section belongs to another survey."))
        last = Question.objects.filter(section=section).aggregate(last=Max("position"))["last"]
        question.section = section
        question.position = 0 if last is None else last + 1
    if old_type != question.question_type and question.dependent_rules.exists() and not question.is_choice:
        raise ValidationError(
            _("Other questions depend on this question in skip logic, so it must stay a choice question.")
        )
    question = _question_save(question, options=options, statements=statements)
    survey_logic_check(survey=survey)
    return question


def _revisions_record(*, question: Question, text: str, options, statements, reason: str, user) -> list:
    """Keep every changed text of a locked question as a revision; refuse a change without a reason."""
    changes = []
    if text != question.text:
        changes.append(QuestionRevision(target=RevisionTarget.QUESTION, old_text=question.text, new_text=text))
    labels = {row["code"]: row["label"] for row in options}
    for option in question.options.all():
        if option.code in labels and labels[option.code] != option.label:
            changes.append(
                QuestionRevision(
                    target=RevisionTarget.OPTION, option=option, old_text=option.label, new_text=labels[option.code]
                )
            )
    texts = {row["code"]: row["text"] for row in statements}
    for statement in question.statements.all():
        if statement.code in texts and texts[statement.code] != statement.text:
            changes.append(
                QuestionRevision(
                    target=RevisionTarget.STATEMENT,
                    statement=statement,
                    old_text=statement.text,
                    new_text=texts[statement.code],
                )
            )
    if not changes:
        return []
    if not (reason or "").strip():
        raise ValidationError(
            _("Responses have come in. Give a reason for changing the text, so readers of the results know."),
            code="reason_required",
        )
    before = Response.objects.filter(
        survey_id=question.survey_id, status=ResponseStatus.COMPLETE, is_pilot=False
    ).count()
    now = timezone.now()
    for change in changes:
        change.question = question
        change.reason = reason.strip()
        change.changed_by = user if user is not None and user.is_authenticated else None
        change.changed_at = now
        change.responses_before = before
    return QuestionRevision.objects.bulk_create(changes)


def _fields_of(question: Question) -> dict:
    return {key: getattr(question, key) for key in QUESTION_STRUCTURE_FIELDS}


@transaction.atomic
def question_move(*, question: Question, direction: str) -> Question:
    """Move a question one place up or down within its section."""
    _check_unlocked(question.survey)
    siblings = list(
        Question.objects.select_for_update().filter(section_id=question.section_id).order_by("position", "id")
    )
    index = next(i for i, q in enumerate(siblings) if q.pk == question.pk)
    other = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down") or not 0 <= other < len(siblings):
        raise ValidationError(_("This question cannot move further in that direction."))
    siblings[index], siblings[other] = siblings[other], siblings[index]
    _renumber(siblings)
    survey_logic_check(survey=question.survey)
    structure_touch(survey_id=question.survey_id)
    return question


@transaction.atomic
def question_copy(*, question: Question) -> Question:
    """Copy a question (with options, statements and its own skip logic) right after it."""
    survey = question.survey
    _check_unlocked(survey)
    siblings = list(
        Question.objects.select_for_update().filter(section_id=question.section_id).order_by("position", "id")
    )
    taken = set(Question.objects.filter(survey=survey).values_list("code", flat=True))
    copy = _copy_question(question, section=question.section, position=0, code=_free_code(question.code, taken))
    index = next(i for i, q in enumerate(siblings) if q.pk == question.pk)
    siblings.insert(index + 1, copy)
    _renumber(siblings)
    for rule in LogicRule.objects.filter(target_question=question).prefetch_related("options"):
        _copy_rule(rule, question_map={}, target_question=copy)
    survey_logic_check(survey=survey)
    structure_touch(survey_id=survey.pk)
    return copy


@transaction.atomic
def question_delete(*, question: Question) -> None:
    """Delete a question, unless later questions or sections depend on it in skip logic."""
    _check_unlocked(question.survey)
    dependants = [
        rule.target_question.code if rule.target_question_id else rule.target_section.title
        for rule in question.dependent_rules.select_related("target_question", "target_section")
    ]
    if dependants:
        raise ValidationError(
            _("Other questions depend on this question (%(list)s). Remove those skip-logic rules first.")
            % {"list": ", ".join(dependants)}
        )
    section = question.section
    question.delete()
    _renumber(list(Question.objects.filter(section=section).order_by("position", "id")))
    structure_touch(survey_id=section.survey_id)


# Skip logic -------------------------------------------------------------------------------


@transaction.atomic
def logic_rule_create(
    *, source_question: Question, operator: str, options, target_question=None, target_section=None
) -> LogicRule:
    """Add a skip-logic rule (routering): show the target only when an earlier choice answer is (not) one of options."""
    survey = source_question.survey
    _check_unlocked(survey)
    options = list(options)
    if not options:
        raise ValidationError(_("Choose at least one answer option."))
    if any(option.question_id != source_question.pk for option in options):
        raise ValidationError(_("Choose only options of the question the rule depends on."))
    target = target_question or target_section
    if target is None or target.survey_id != survey.pk:
        raise ValidationError(_("The question belongs to another survey."))
    rule = LogicRule(
        target_question=target_question,
        target_section=target_section,
        source_question=source_question,
        operator=operator,
    )
    rule.full_clean()
    rule.save()
    rule.options.set(options)
    survey_logic_check(survey=survey)
    structure_touch(survey_id=survey.pk)
    return rule


@transaction.atomic
def logic_rule_delete(*, rule: LogicRule) -> None:
    """Remove a skip-logic rule."""
    _check_unlocked(rule.source_question.survey)
    rule.delete()
    structure_touch(survey_id=rule.source_question.survey_id)
