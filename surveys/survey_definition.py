"""A survey definition (vragenlijstdefinitie) as JSON: export, validation and import.

The schema is versioned (``"schema": "participatie.survey/1"``) and documented in
``docs/surveys-json-schema.md``. Validation names the faulty path of every error, for example
``sections[1].questions[3].options[0].code: ...``; an invalid file creates nothing.
"""

import json
import re
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from participatie.constants import TargetGroup
from participatie.text import has_control_character

from .constants import (
    CHOICE_TYPES,
    DEFAULT_RETENTION_DAYS,
    GRADE_POINTS,
    LONG_TEXT_LIMIT,
    TRANSLATED_FIELDS,
    YES_NO_OPTIONS,
    ChoiceWidget,
    LogicOperator,
    MethodKind,
    QuestionType,
    RetentionMode,
    ScaleKind,
    SurveyLanguageCode,
    TranslatedKind,
)
from .models import LogicRule, MatrixStatement, Option, Question, Section, Survey, SurveyLanguage, TextTranslation
from .selectors import revision_notes_by_question, survey_question_parts

# Version 2 adds the translations (vertalingen) and the languages offered; a version-1 file still imports.
SCHEMA = "participatie.survey/2"
SCHEMA_V1 = "participatie.survey/1"
SCHEMAS = (SCHEMA, SCHEMA_V1)
CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
MAX_ERRORS = 50
# A definition nests 8 levels deep (survey, sections, section, questions, question, logic, rule, options);
# whole numbers fit the database's integer columns.
MAX_DEPTH = 12
MAX_INT_DIGITS = 12
DB_INT_MAX = 2**31 - 1

# Settings each question type carries besides the common keys.
TYPE_SETTINGS = {
    QuestionType.SHORT_TEXT: ("max_length",),
    QuestionType.LONG_TEXT: ("max_length",),
    QuestionType.SINGLE_CHOICE: ("choice_widget", "options"),
    QuestionType.MULTIPLE_CHOICE: ("min_choices", "max_choices", "options"),
    QuestionType.SCALE: ("scale_kind", "options"),
    QuestionType.MATRIX: ("scale_kind", "options", "statements"),
    QuestionType.NUMBER: ("min_value", "max_value", "allow_decimals"),
    QuestionType.DATE: (),
    QuestionType.YES_NO: ("options",),
}
# "text_changes" is written only ("tekst gewijzigd op … na n antwoorden"); an import ignores it.
QUESTION_COMMON = ("code", "text", "help_text", "required", "type", "logic", "text_changes")
ALL_QUESTION_KEYS = frozenset(QUESTION_COMMON) | {key for keys in TYPE_SETTINGS.values() for key in keys}
SURVEY_KEYS = (
    "schema",
    "title",
    "introduction",
    "privacy_text",
    "method_kind",
    "target_group",
    "is_anonymous",
    "is_public",
    "terugkoppeling_text",
    "retention_days",
    "retention_mode",
    "max_responses",
    "sections",
    "languages",
    "translations",
)
TRANSLATION_KEYS = ("survey", "sections", "questions")
TRANSLATED_QUESTION_KEYS = ("text", "help_text", "options", "statements")
SECTION_KEYS = ("title", "intro", "logic", "questions")
OPTION_KEYS = ("code", "label", "score", "off_scale", "other")
STATEMENT_KEYS = ("code", "text")
RULE_KEYS = ("question", "operator", "options")
# Types whose options may carry an off-scale answer ("weet niet") or an "other, namely" text.
OFF_SCALE_TYPES = frozenset({QuestionType.SCALE, QuestionType.MATRIX, QuestionType.YES_NO})
OTHER_TYPES = frozenset({QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_CHOICE})


class SurveyDefinitionError(Exception):
    """A survey definition that does not follow the schema; ``errors`` lists 'path: message' lines."""

    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = errors


def _parse_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise SurveyDefinitionError([_("The file contains a number that is far too large.")])
    return int(text)


def _refuse_constant(name: str):
    raise SurveyDefinitionError([_("The file contains %(value)s, which is not a number.") % {"value": name}])


def _depth(data) -> int:
    """How deeply lists and objects nest in ``data`` (iterative, so a deep file cannot exhaust the stack)."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict | list):
            deepest = max(deepest, depth)
            if deepest > MAX_DEPTH:
                return deepest
            stack.extend((item, depth + 1) for item in (value.values() if isinstance(value, dict) else value))
    return deepest


def survey_definition_parse(raw: bytes):
    """Read the JSON of a definition file, refusing deep nesting, huge numbers, NaN and Infinity."""
    try:
        data = json.loads(raw.decode("utf-8"), parse_int=_parse_int, parse_constant=_refuse_constant)
    except RecursionError:
        raise SurveyDefinitionError([_("The file nests lists or objects too deeply.")]) from None
    except (UnicodeDecodeError, ValueError) as error:
        raise SurveyDefinitionError([_("This is not a valid JSON file.")]) from error
    if _depth(data) > MAX_DEPTH:
        raise SurveyDefinitionError([_("The file nests lists or objects too deeply.")])
    return data


# Export ---------------------------------------------------------------------------------


def _number(value: Decimal | None):
    if value is None:
        return None
    value = value.normalize()
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def survey_definition_export(*, survey: Survey) -> dict:
    """The definition of a survey as a JSON-ready dict (selector: a fixed number of queries)."""
    sections = list(Section.objects.filter(survey=survey).order_by("position", "id"))
    questions, options, statements = survey_question_parts(survey=survey)
    text_changes = revision_notes_by_question(survey=survey)
    codes = {question.pk: question.code for question in questions}
    option_codes = {option.pk: option.code for rows in options.values() for option in rows}
    rules_by_question: dict[int, list] = {}
    rules_by_section: dict[int, list] = {}
    for rule in LogicRule.objects.filter(source_question__survey=survey).prefetch_related("options").order_by("id"):
        chosen = sorted(rule.options.all(), key=lambda option: (option.position, option.pk))
        entry = {
            "question": codes[rule.source_question_id],
            "operator": rule.operator,
            "options": [option_codes[option.pk] for option in chosen],
        }
        if rule.target_question_id:
            rules_by_question.setdefault(rule.target_question_id, []).append(entry)
        else:
            rules_by_section.setdefault(rule.target_section_id, []).append(entry)

    def question_dict(question: Question) -> dict:
        data = {
            "code": question.code,
            "text": question.text,
            "help_text": question.help_text,
            "required": question.is_required,
            "type": question.question_type,
        }
        for key in TYPE_SETTINGS[question.question_type]:
            if key == "options":
                data["options"] = [_option_dict(option) for option in options.get(question.pk, [])]
            elif key == "statements":
                data["statements"] = [{"code": s.code, "text": s.text} for s in statements.get(question.pk, [])]
            elif key in ("min_value", "max_value"):
                data[key] = _number(getattr(question, key))
            else:
                data[key] = getattr(question, key)
        data["logic"] = rules_by_question.get(question.pk, [])
        if question.pk in text_changes:
            data["text_changes"] = text_changes[question.pk]
        return data

    by_section: dict[int, list[Question]] = {}
    for question in questions:
        by_section.setdefault(question.section_id, []).append(question)
    languages, translations = _translations_export(survey, sections, questions, options, statements)
    return {
        "schema": SCHEMA,
        "title": survey.title,
        "introduction": survey.introduction,
        "privacy_text": survey.privacy_text,
        "method_kind": survey.method_kind,
        "target_group": survey.target_group,
        "is_anonymous": survey.is_anonymous,
        "is_public": survey.is_public,
        "terugkoppeling_text": survey.terugkoppeling_text,
        "retention_days": survey.retention_days,
        "retention_mode": survey.retention_mode,
        "max_responses": survey.max_responses,
        "sections": [
            {
                "title": section.title,
                "intro": section.intro,
                "logic": rules_by_section.get(section.pk, []),
                "questions": [question_dict(q) for q in by_section.get(section.pk, [])],
            }
            for section in sections
        ],
        "languages": languages,
        "translations": translations,
    }


def _translations_export(survey, sections, questions, options, statements) -> tuple[list[str], dict]:
    """The offered languages and the translations, keyed by section number and question/option codes (two queries)."""
    languages = list(SurveyLanguage.objects.filter(survey=survey).values_list("language", flat=True))
    section_index = {section.pk: str(index) for index, section in enumerate(sections)}
    question_code = {question.pk: question.code for question in questions}
    option_ref = {o.pk: (question_code[o.question_id], o.code) for rows in options.values() for o in rows}
    statement_ref = {s.pk: (question_code[s.question_id], s.code) for rows in statements.values() for s in rows}
    result: dict[str, dict] = {}
    rows = TextTranslation.objects.filter(survey=survey).order_by("language", "kind", "object_id", "field")
    for language, kind, object_id, field, text in rows.values_list("language", "kind", "object_id", "field", "text"):
        entry = result.setdefault(language, {})
        if kind == TranslatedKind.SURVEY and object_id == survey.pk:
            entry.setdefault("survey", {})[field] = text
        elif kind == TranslatedKind.SECTION and object_id in section_index:
            entry.setdefault("sections", {}).setdefault(section_index[object_id], {})[field] = text
        elif kind == TranslatedKind.QUESTION and object_id in question_code:
            entry.setdefault("questions", {}).setdefault(question_code[object_id], {})[field] = text
        elif kind == TranslatedKind.OPTION and object_id in option_ref:
            code, option_code = option_ref[object_id]
            question_entry = entry.setdefault("questions", {}).setdefault(code, {})
            question_entry.setdefault("options", {})[option_code] = text
        elif kind == TranslatedKind.STATEMENT and object_id in statement_ref:
            code, statement_code = statement_ref[object_id]
            question_entry = entry.setdefault("questions", {}).setdefault(code, {})
            question_entry.setdefault("statements", {})[statement_code] = text
    return languages, result


def _option_dict(option: Option) -> dict:
    data = {"code": option.code, "label": option.label}
    if option.score is not None:
        data["score"] = option.score
    if option.is_off_scale:
        data["off_scale"] = True
    if option.is_other:
        data["other"] = True
    return data


# Validation -----------------------------------------------------------------------------


class _Checker:
    """Walks a definition and collects 'path: message' errors."""

    def __init__(self):
        self.errors: list[str] = []

    def error(self, path: str, message: str) -> None:
        if len(self.errors) < MAX_ERRORS:
            line = f"{path}: {message}" if path else message
            # A field name from the file may hold control characters or lone surrogates: show them escaped.
            if has_control_character(line):
                line = line.encode("unicode_escape", "backslashreplace").decode("ascii")
            self.errors.append(line)

    def unknown_keys(self, data: dict, allowed, path: str) -> None:
        for key in data:
            if key not in allowed:
                self.error(f"{path}.{key}" if path else str(key), _("unknown field; check the spelling."))

    def text(self, data, key, path, *, max_length, required=False) -> str:
        value = data.get(key, "")
        where = f"{path}.{key}" if path else key
        if value is None:
            value = ""
        if not isinstance(value, str):
            self.error(where, _("must be a text."))
            return ""
        if required and not value.strip():
            self.error(where, _("must not be empty."))
        if max_length and len(value) > max_length:
            self.error(where, _("is too long (at most %(limit)d characters).") % {"limit": max_length})
        # Texts without a length limit are the multi-line ones (text areas): they may hold line breaks.
        if has_control_character(value, multiline=max_length is None):
            self.error(where, _("contains a control character (such as a line break in a one-line text)."))
        return value

    def boolean(self, data, key, path, default) -> bool:
        value = data.get(key, default)
        if not isinstance(value, bool):
            self.error(f"{path}.{key}" if path else key, _("must be true or false."))
            return default
        return value

    def integer(self, data, key, path, *, minimum=None, maximum=None, nullable=True, default=None):
        value = data.get(key, default)
        where = f"{path}.{key}" if path else key
        if value is None:
            if not nullable:
                self.error(where, _("is required."))
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.error(where, _("must be a whole number."))
            return None
        maximum = DB_INT_MAX if maximum is None else maximum
        if minimum is not None and value < minimum:
            self.error(where, _("must be at least %(minimum)d.") % {"minimum": minimum})
            return None
        if maximum is not None and value > maximum:
            self.error(where, _("must be at most %(maximum)d.") % {"maximum": maximum})
            return None
        return value

    def choice(self, data, key, path, choices, default):
        value = data.get(key, default)
        if value not in choices.values:
            allowed = ", ".join(choices.values)
            self.error(
                f"{path}.{key}" if path else key,
                _("unknown value %(value)r; use one of: %(allowed)s.") % {"value": value, "allowed": allowed},
            )
            return default
        return value

    def code(self, data, key, path) -> str:
        value = data.get(key)
        where = f"{path}.{key}"
        if not isinstance(value, str) or not value:
            self.error(where, _("is required and must be a text."))
            return ""
        if len(value) > 50 or not CODE_RE.match(value):
            self.error(
                where,
                _("%(value)r is not a valid code: use at most 50 letters, digits, '-', '_' or '.'.") % {"value": value},
            )
        return value

    def listing(self, data, key, path, *, required=False) -> list:
        value = data.get(key, [] if not required else None)
        where = f"{path}.{key}" if path else key
        if value is None:
            self.error(where, _("is required."))
            return []
        if not isinstance(value, list):
            self.error(where, _("must be a list."))
            return []
        return value


def _decimal(checker: _Checker, data, key, path):
    value = data.get(key)
    if value is None:
        return None
    where = f"{path}.{key}"
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        checker.error(where, _("must be a number."))
        return None
    try:
        number = Decimal(str(value)).quantize(Decimal("0.0001"))
    except InvalidOperation:
        checker.error(where, _("must be a number."))
        return None
    if number.is_nan() or abs(number) >= Decimal(10) ** 11:
        checker.error(where, _("is out of range."))
        return None
    return number


def survey_definition_clean(data) -> dict:
    """Validate a definition and return it normalised; raise SurveyDefinitionError naming every faulty path."""
    checker = _Checker()
    if not isinstance(data, dict):
        raise SurveyDefinitionError([_("The file must contain one JSON object.")])
    if data.get("schema") not in SCHEMAS:
        checker.error(
            "schema",
            _("expected %(expected)r; this file has %(found)r.") % {"expected": SCHEMA, "found": data.get("schema")},
        )
        raise SurveyDefinitionError(checker.errors)
    checker.unknown_keys(data, SURVEY_KEYS if data["schema"] == SCHEMA else SURVEY_KEYS[:-2], "")
    clean = {
        "title": checker.text(data, "title", "", max_length=200, required=True),
        "introduction": checker.text(data, "introduction", "", max_length=None),
        "privacy_text": checker.text(data, "privacy_text", "", max_length=None),
        "method_kind": checker.choice(data, "method_kind", "", MethodKind, MethodKind.POLLING),
        "target_group": checker.choice(data, "target_group", "", TargetGroup, TargetGroup.GENERAL),
        "is_anonymous": checker.boolean(data, "is_anonymous", "", True),
        "is_public": checker.boolean(data, "is_public", "", False),
        "terugkoppeling_text": checker.text(data, "terugkoppeling_text", "", max_length=None),
        "retention_days": checker.integer(
            data, "retention_days", "", minimum=1, maximum=3650, nullable=False, default=DEFAULT_RETENTION_DAYS
        )
        or DEFAULT_RETENTION_DAYS,
        "retention_mode": checker.choice(data, "retention_mode", "", RetentionMode, RetentionMode.ANONYMISE),
        "max_responses": checker.integer(data, "max_responses", "", minimum=1),
        "sections": [],
    }
    # Questions seen so far (code -> (type, option codes)), for "earlier question" checks of logic.
    seen: dict[str, tuple[str, set[str]]] = {}
    for s_index, section in enumerate(checker.listing(data, "sections", "", required=True)):
        path = f"sections[{s_index}]"
        if not isinstance(section, dict):
            checker.error(path, _("must be an object."))
            continue
        checker.unknown_keys(section, SECTION_KEYS, path)
        clean_section = {
            "title": checker.text(section, "title", path, max_length=200, required=True),
            "intro": checker.text(section, "intro", path, max_length=None),
            "logic": _clean_rules(checker, section, path, seen),
            "questions": [],
        }
        for q_index, question in enumerate(checker.listing(section, "questions", path)):
            q_path = f"{path}.questions[{q_index}]"
            if not isinstance(question, dict):
                checker.error(q_path, _("must be an object."))
                continue
            clean_question = _clean_question(checker, question, q_path, seen)
            if clean_question is not None:
                clean_section["questions"].append(clean_question)
        clean["sections"].append(clean_section)
    clean["languages"], clean["translations"] = _clean_translations(checker, data, clean["sections"])
    if checker.errors:
        raise SurveyDefinitionError(checker.errors)
    return clean


def _translation_text(checker: _Checker, data, key, path, max_length) -> str | None:
    text = checker.text(data, key, path, max_length=max_length)
    return text.strip() or None


def _clean_translations(checker: _Checker, data: dict, sections: list[dict]) -> tuple[list[str], dict]:
    """The offered languages and the translations per language: {language: {(kind, ref, field): text}}.

    ``ref`` names the object by its place in the file: the section's index, the question's code, or the
    question's code with the option's or statement's code.
    """
    languages = []
    for index, language in enumerate(checker.listing(data, "languages", "")):
        if language not in SurveyLanguageCode.values:
            checker.error(f"languages[{index}]", _("unknown language %(value)r.") % {"value": language})
        elif language not in languages:
            languages.append(language)
    raw = data.get("translations", {})
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        checker.error("translations", _("must be an object."))
        return languages, {}
    questions = {q["code"]: q for section in sections for q in section["questions"]}
    result: dict[str, dict] = {}
    for language, content in raw.items():
        path = f"translations.{language}"
        if language not in SurveyLanguageCode.values:
            checker.error(path, _("unknown language %(value)r.") % {"value": language})
            continue
        if not isinstance(content, dict):
            checker.error(path, _("must be an object."))
            continue
        checker.unknown_keys(content, TRANSLATION_KEYS, path)
        texts = result.setdefault(language, {})
        survey_part = content.get("survey", {})
        if not isinstance(survey_part, dict):
            checker.error(f"{path}.survey", _("must be an object."))
            survey_part = {}
        checker.unknown_keys(survey_part, TRANSLATED_FIELDS[TranslatedKind.SURVEY], f"{path}.survey")
        for field in TRANSLATED_FIELDS[TranslatedKind.SURVEY]:
            text = _translation_text(checker, survey_part, field, f"{path}.survey", 200 if field == "title" else None)
            if text:
                texts[(TranslatedKind.SURVEY, None, field)] = text
        section_part = content.get("sections", {})
        if not isinstance(section_part, dict):
            checker.error(f"{path}.sections", _("must be an object."))
            section_part = {}
        for key, fields in section_part.items():
            where = f"{path}.sections.{key}"
            if not (isinstance(key, str) and key.isdigit() and int(key) < len(sections)) or not isinstance(
                fields, dict
            ):
                checker.error(where, _("names no section of this file (use its number, counting from 0)."))
                continue
            checker.unknown_keys(fields, TRANSLATED_FIELDS[TranslatedKind.SECTION], where)
            for field in TRANSLATED_FIELDS[TranslatedKind.SECTION]:
                text = _translation_text(checker, fields, field, where, 200 if field == "title" else None)
                if text:
                    texts[(TranslatedKind.SECTION, int(key), field)] = text
        question_part = content.get("questions", {})
        if not isinstance(question_part, dict):
            checker.error(f"{path}.questions", _("must be an object."))
            question_part = {}
        for code, fields in question_part.items():
            where = f"{path}.questions.{code}"
            question = questions.get(code)
            if question is None or not isinstance(fields, dict):
                checker.error(where, _("names no question of this file."))
                continue
            checker.unknown_keys(fields, TRANSLATED_QUESTION_KEYS, where)
            for field in TRANSLATED_FIELDS[TranslatedKind.QUESTION]:
                text = _translation_text(checker, fields, field, where, None)
                if text:
                    texts[(TranslatedKind.QUESTION, code, field)] = text
            for sub, kind, limit, field in (
                ("options", TranslatedKind.OPTION, 300, "label"),
                ("statements", TranslatedKind.STATEMENT, 500, "text"),
            ):
                part = fields.get(sub, {})
                known = {row["code"] for row in question.get(sub, [])}
                if not isinstance(part, dict):
                    checker.error(f"{where}.{sub}", _("must be an object."))
                    continue
                for sub_code in part:
                    if sub_code not in known:
                        checker.error(f"{where}.{sub}.{sub_code}", _("names nothing of this question."))
                        continue
                    text = _translation_text(checker, part, sub_code, f"{where}.{sub}", limit)
                    if text:
                        texts[(kind, (code, sub_code), field)] = text
    return languages, result


def _clean_rules(checker: _Checker, data: dict, path: str, seen: dict) -> list[dict]:
    rules = []
    for r_index, rule in enumerate(checker.listing(data, "logic", path)):
        r_path = f"{path}.logic[{r_index}]"
        if not isinstance(rule, dict):
            checker.error(r_path, _("must be an object."))
            continue
        checker.unknown_keys(rule, RULE_KEYS, r_path)
        source = rule.get("question")
        operator = checker.choice(rule, "operator", r_path, LogicOperator, LogicOperator.IS_ONE_OF)
        chosen = checker.listing(rule, "options", r_path, required=True)
        if source not in seen:
            checker.error(
                f"{r_path}.question",
                _("%(code)r is not an earlier question of this survey; a rule can only depend on an earlier question.")
                % {"code": source},
            )
            continue
        source_type, option_codes = seen[source]
        if source_type not in CHOICE_TYPES:
            checker.error(
                f"{r_path}.question",
                _("%(code)r is not a choice, scale or yes/no question, so a rule cannot depend on it.")
                % {"code": source},
            )
            continue
        if not chosen:
            checker.error(f"{r_path}.options", _("choose at least one option."))
        for o_index, code in enumerate(chosen):
            if code not in option_codes:
                checker.error(
                    f"{r_path}.options[{o_index}]",
                    _("%(code)r is not an option of question %(question)r.") % {"code": code, "question": source},
                )
        if len(set(map(str, chosen))) != len(chosen):
            checker.error(f"{r_path}.options", _("an option is listed twice."))
        rules.append({"question": source, "operator": operator, "options": list(chosen)})
    return rules


def _clean_question(checker: _Checker, data: dict, path: str, seen: dict) -> dict | None:
    checker.unknown_keys(data, ALL_QUESTION_KEYS, path)
    question_type = data.get("type")
    if question_type not in QuestionType.values:
        checker.error(
            f"{path}.type",
            _("unknown value %(value)r; use one of: %(allowed)s.")
            % {"value": question_type, "allowed": ", ".join(QuestionType.values)},
        )
        return None
    allowed = set(QUESTION_COMMON) | set(TYPE_SETTINGS[question_type])
    for key in data:
        if key in ALL_QUESTION_KEYS and key not in allowed:
            checker.error(f"{path}.{key}", _("is not used by a question of type %(type)r.") % {"type": question_type})
    code = checker.code(data, "code", path)
    if code in seen:
        checker.error(f"{path}.code", _("%(code)r is used by another question of this survey.") % {"code": code})
    clean = {
        "code": code,
        "text": checker.text(data, "text", path, max_length=None, required=True),
        "help_text": checker.text(data, "help_text", path, max_length=None),
        "is_required": checker.boolean(data, "required", path, True),
        "question_type": question_type,
        "logic": _clean_rules(checker, data, path, seen),
        "options": [],
        "statements": [],
    }
    if question_type in (QuestionType.SHORT_TEXT, QuestionType.LONG_TEXT):
        clean["max_length"] = checker.integer(data, "max_length", path, minimum=1, maximum=LONG_TEXT_LIMIT)
    if question_type == QuestionType.SINGLE_CHOICE:
        clean["choice_widget"] = checker.choice(data, "choice_widget", path, ChoiceWidget, ChoiceWidget.RADIO)
    if question_type in (QuestionType.SCALE, QuestionType.MATRIX):
        clean["scale_kind"] = checker.choice(data, "scale_kind", path, ScaleKind, ScaleKind.LABELLED)
    if question_type == QuestionType.NUMBER:
        clean["min_value"] = _decimal(checker, data, "min_value", path)
        clean["max_value"] = _decimal(checker, data, "max_value", path)
        clean["allow_decimals"] = checker.boolean(data, "allow_decimals", path, False)
        if (
            clean["min_value"] is not None
            and clean["max_value"] is not None
            and clean["max_value"] < clean["min_value"]
        ):
            checker.error(f"{path}.max_value", _("must not be below min_value."))
    if "options" in TYPE_SETTINGS[question_type]:
        clean["options"] = _clean_options(checker, data, path, question_type, clean.get("scale_kind"))
    if question_type == QuestionType.MULTIPLE_CHOICE:
        clean["min_choices"] = checker.integer(data, "min_choices", path, minimum=0, maximum=1000)
        clean["max_choices"] = checker.integer(data, "max_choices", path, minimum=1, maximum=1000)
        low, high = clean["min_choices"], clean["max_choices"]
        if low is not None and high is not None and high < low:
            checker.error(f"{path}.max_choices", _("must not be below min_choices."))
        if low is not None and low > len(clean["options"]):
            checker.error(f"{path}.min_choices", _("is more than the number of options."))
    if question_type == QuestionType.MATRIX:
        statements = checker.listing(data, "statements", path, required=True)
        if not statements:
            checker.error(f"{path}.statements", _("a matrix needs at least one statement."))
        codes = set()
        for index, statement in enumerate(statements):
            s_path = f"{path}.statements[{index}]"
            if not isinstance(statement, dict):
                checker.error(s_path, _("must be an object."))
                continue
            checker.unknown_keys(statement, STATEMENT_KEYS, s_path)
            s_code = checker.code(statement, "code", s_path)
            if s_code in codes:
                checker.error(f"{s_path}.code", _("%(code)r is used twice in this question.") % {"code": s_code})
            codes.add(s_code)
            clean["statements"].append(
                {"code": s_code, "text": checker.text(statement, "text", s_path, max_length=500, required=True)}
            )
    if code:
        seen[code] = (question_type, {option["code"] for option in clean["options"]})
    return clean


def _clean_options(checker: _Checker, data: dict, path: str, question_type: str, scale_kind) -> list[dict]:
    raw = checker.listing(data, "options", path)
    fixed = None
    if question_type == QuestionType.YES_NO:
        fixed = {code for code, _label in YES_NO_OPTIONS}
    elif scale_kind == ScaleKind.GRADE:
        fixed = {str(point) for point in GRADE_POINTS}
    options, codes = [], set()
    for index, option in enumerate(raw):
        o_path = f"{path}.options[{index}]"
        if not isinstance(option, dict):
            checker.error(o_path, _("must be an object."))
            continue
        checker.unknown_keys(option, OPTION_KEYS, o_path)
        o_code = checker.code(option, "code", o_path)
        if o_code in codes:
            checker.error(f"{o_path}.code", _("%(code)r is used twice in this question.") % {"code": o_code})
        codes.add(o_code)
        clean = {
            "code": o_code,
            "label": checker.text(option, "label", o_path, max_length=300, required=True),
            "score": checker.integer(option, "score", o_path, minimum=-32768, maximum=32767),
            "is_off_scale": checker.boolean(option, "off_scale", o_path, False),
            "is_other": checker.boolean(option, "other", o_path, False),
        }
        if clean["is_off_scale"] and question_type not in OFF_SCALE_TYPES:
            checker.error(f"{o_path}.off_scale", _("only a scale, matrix or yes/no question has an off-scale answer."))
        if clean["is_other"] and question_type not in OTHER_TYPES:
            checker.error(f"{o_path}.other", _("only a choice question has an 'other, namely' option."))
        if fixed is not None and not clean["is_off_scale"] and o_code not in fixed:
            checker.error(
                f"{o_path}.code",
                _("%(code)r is not one of the fixed answers of this question (%(fixed)s); mark it as off_scale.")
                % {"code": o_code, "fixed": ", ".join(sorted(fixed, key=lambda c: (len(c), c)))},
            )
        options.append(clean)
    on_scale = [option for option in options if not option["is_off_scale"]]
    if fixed is None and len(on_scale) < 2:
        checker.error(f"{path}.options", _("give at least two options."))
    return options


# Import ---------------------------------------------------------------------------------


def _unique_slug(gemeente, title: str) -> str:
    base = slugify(title)[:180] or "vragenlijst"
    taken = set(Survey.objects.filter(gemeente=gemeente, slug__startswith=base).values_list("slug", flat=True))
    slug, counter = base, 2
    while slug in taken:
        slug = f"{base}-{counter}"
        counter += 1
    return slug


@transaction.atomic
def survey_definition_import(*, data, gemeente, user=None, title: str | None = None) -> Survey:
    """Create a new concept survey in ``gemeente`` from a definition (import, template, duplicate).

    Validates first and creates everything in one transaction, so an invalid file creates nothing.
    """
    from .services import question_fixed_options_create

    clean = survey_definition_clean(data)
    sections = clean.pop("sections")
    languages = clean.pop("languages")
    translations = clean.pop("translations")
    if title:
        clean["title"] = title[:200]
    survey = Survey.objects.create(
        gemeente=gemeente, slug=_unique_slug(gemeente, clean["title"]), created_by=user, **clean
    )
    questions_by_code: dict[str, Question] = {}
    options_by_question: dict[str, dict[str, Option]] = {}
    section_ids: list[int] = []
    pending_rules = []  # (target kind, target object, rule dict)
    for s_position, section_data in enumerate(sections):
        section = Section.objects.create(
            survey=survey, position=s_position, title=section_data["title"], intro=section_data["intro"]
        )
        section_ids.append(section.pk)
        pending_rules.extend(("section", section, rule) for rule in section_data["logic"])
        for q_position, question_data in enumerate(section_data["questions"]):
            question_data = dict(question_data)
            option_rows = question_data.pop("options")
            statement_rows = question_data.pop("statements")
            rules = question_data.pop("logic")
            question = Question.objects.create(survey=survey, section=section, position=q_position, **question_data)
            Option.objects.bulk_create(
                Option(question=question, position=index, **row) for index, row in enumerate(option_rows)
            )
            MatrixStatement.objects.bulk_create(
                MatrixStatement(question=question, position=index, **row) for index, row in enumerate(statement_rows)
            )
            question_fixed_options_create(question=question)
            questions_by_code[question.code] = question
            pending_rules.extend(("question", question, rule) for rule in rules)
    if pending_rules:
        for option in Option.objects.filter(question__survey=survey):
            options_by_question.setdefault(option.question_id, {})[option.code] = option
    for kind, target, rule_data in pending_rules:
        source = questions_by_code[rule_data["question"]]
        rule = LogicRule.objects.create(
            target_question=target if kind == "question" else None,
            target_section=target if kind == "section" else None,
            source_question=source,
            operator=rule_data["operator"],
        )
        rule.options.set([options_by_question[source.pk][code] for code in rule_data["options"]])
    _translations_import(survey, languages, translations, section_ids, questions_by_code)
    return survey


def _translations_import(survey, languages, translations, section_ids, questions_by_code) -> None:
    """Store the cleaned translations of an imported survey, naming the new objects by their ids."""
    SurveyLanguage.objects.bulk_create(SurveyLanguage(survey=survey, language=language) for language in languages)
    if not translations:
        return
    options = {(o.question_id, o.code): o.pk for o in Option.objects.filter(question__survey=survey)}
    statements = {(s.question_id, s.code): s.pk for s in MatrixStatement.objects.filter(question__survey=survey)}
    rows = []
    for language, texts in translations.items():
        for (kind, ref, field), text in texts.items():
            if kind == TranslatedKind.SURVEY:
                object_id = survey.pk
            elif kind == TranslatedKind.SECTION:
                object_id = section_ids[ref]
            elif kind == TranslatedKind.QUESTION:
                object_id = questions_by_code[ref].pk
            else:
                lookup = options if kind == TranslatedKind.OPTION else statements
                object_id = lookup.get((questions_by_code[ref[0]].pk, ref[1]))
                if object_id is None:  # pragma: no cover - the validation names only existing codes
                    continue
            rows.append(
                TextTranslation(
                    survey=survey, language=language, kind=kind, object_id=object_id, field=field, text=text
                )
            )
    TextTranslation.objects.bulk_create(rows)
