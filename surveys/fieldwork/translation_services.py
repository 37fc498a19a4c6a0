"""Writes of a survey's translations (vertalingen): add a language, save the translated texts."""

from django.db import transaction

from ..constants import SurveyLanguageCode
from ..languages import translatable_texts
from ..models import Survey, SurveyLanguage, TextTranslation
from ..services import survey_structure_changed


@transaction.atomic
def survey_language_set(*, survey: Survey, language: str, offered: bool) -> None:
    """Offer ``language`` to residents besides Dutch, or stop offering it (its translations are kept).

    Texts not yet translated are shown in Dutch.
    """
    if language not in SurveyLanguageCode.values:
        raise ValueError(f"unknown language {language!r}")
    if offered:
        SurveyLanguage.objects.get_or_create(survey=survey, language=language)
    else:
        SurveyLanguage.objects.filter(survey=survey, language=language).delete()
    survey_structure_changed(survey=survey)


@transaction.atomic
def survey_translations_save(*, survey: Survey, language: str, texts: dict[tuple[str, int, str], str]) -> int:
    """Store the translations of ``survey`` in ``language``; an empty text removes its translation.

    Only keys of the survey's own translatable texts are taken; returns how many texts are now translated.
    """
    known = {(row["kind"], row["object_id"], row["field"]) for row in translatable_texts(survey=survey)}
    wanted = {key: text.strip() for key, text in texts.items() if key in known}
    existing = {
        (row.kind, row.object_id, row.field): row
        for row in TextTranslation.objects.filter(survey=survey, language=language)
    }
    to_create, to_update, to_delete = [], [], []
    for key, text in wanted.items():
        row = existing.get(key)
        if not text:
            if row is not None:
                to_delete.append(row.pk)
        elif row is None:
            kind, object_id, field = key
            to_create.append(
                TextTranslation(
                    survey=survey, language=language, kind=kind, object_id=object_id, field=field, text=text
                )
            )
        elif row.text != text:
            row.text = text
            to_update.append(row)
    TextTranslation.objects.filter(pk__in=to_delete).delete()
    TextTranslation.objects.bulk_create(to_create)
    TextTranslation.objects.bulk_update(to_update, ["text"])
    survey_structure_changed(survey=survey)
    return TextTranslation.objects.filter(survey=survey, language=language).count()
