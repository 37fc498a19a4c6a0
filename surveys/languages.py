"""Reads of a survey's translations (vertalingen), shared by the resident pages, the builder and the JSON file.

A translated text replaces the Dutch one on the resident pages; a text without a translation stays Dutch.
Stored answers point to the same options whatever the language, so results and exports need nothing from here.
"""

from .constants import DEFAULT_RESPONSE_LANGUAGE, TRANSLATED_FIELDS, SurveyLanguageCode, TranslatedKind
from .models import Survey, SurveyLanguage, TextTranslation

TranslationKey = tuple[str, int, str]  # (kind, object id, field)


def survey_language_list(*, survey: Survey) -> list[str]:
    """The languages a resident may choose for ``survey``: Dutch first, then the added ones (one query)."""
    added = SurveyLanguage.objects.filter(survey=survey).values_list("language", flat=True)
    return [DEFAULT_RESPONSE_LANGUAGE, *sorted(added, key=SurveyLanguageCode.values.index)]


def translation_map(*, survey: Survey, language: str) -> dict[TranslationKey, str]:
    """Every stored translation of ``survey`` in ``language``, keyed by (kind, object id, field) (one query)."""
    rows = TextTranslation.objects.filter(survey=survey, language=language).values_list(
        "kind", "object_id", "field", "text"
    )
    return {(kind, object_id, field): text for kind, object_id, field, text in rows}


def _overlay(obj, kind: str, texts: dict[TranslationKey, str]) -> None:
    for field in TRANSLATED_FIELDS[kind]:
        text = texts.get((kind, obj.pk, field))
        if text:
            setattr(obj, field, text)


def survey_translate(*, survey: Survey, texts: dict[TranslationKey, str]) -> None:
    """Put the translated title and texts on this (per-request, never saved) survey object."""
    _overlay(survey, TranslatedKind.SURVEY, texts)


def structure_translate(structure, texts: dict[TranslationKey, str]) -> None:
    """Put the translations on the sections, questions, options and statements of a freshly loaded structure."""
    for section in structure.sections:
        _overlay(section, TranslatedKind.SECTION, texts)
    for question in structure.questions_by_id.values():
        _overlay(question, TranslatedKind.QUESTION, texts)
        for option in question.option_list:
            _overlay(option, TranslatedKind.OPTION, texts)
        for statement in question.statement_list:
            _overlay(statement, TranslatedKind.STATEMENT, texts)


def translatable_texts(*, survey: Survey) -> list[dict]:
    """Every translatable Dutch text of a survey, in survey order: kind, object id, field, label and Dutch text.

    Empty Dutch texts (no help text, no introduction) and texts without a letter (the points 1-10 of a
    rapportcijfer) are left out: there is nothing to translate.
    """
    from .selectors import survey_question_parts

    rows = []

    def add(kind, obj, label):
        for field in TRANSLATED_FIELDS[kind]:
            dutch = getattr(obj, field) or ""
            if any(character.isalpha() for character in dutch):
                rows.append({"kind": kind, "object_id": obj.pk, "field": field, "label": label, "dutch": dutch})

    add(TranslatedKind.SURVEY, survey, "")
    questions, options, statements = survey_question_parts(survey=survey)
    by_section: dict[int, list] = {}
    for question in questions:
        by_section.setdefault(question.section_id, []).append(question)
    for section in survey.sections.order_by("position", "id"):
        add(TranslatedKind.SECTION, section, section.title)
        for question in by_section.get(section.pk, []):
            add(TranslatedKind.QUESTION, question, question.code)
            for option in options.get(question.pk, []):
                add(TranslatedKind.OPTION, option, f"{question.code} / {option.code}")
            for statement in statements.get(question.pk, []):
                add(TranslatedKind.STATEMENT, statement, f"{question.code} / {statement.code}")
    return rows
