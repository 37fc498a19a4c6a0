"""The template library (sjablonenbibliotheek): ready questionnaires shipped as JSON in the repo."""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .survey_definition import survey_definition_import

LIBRARY_DIR = Path(__file__).resolve().parent / "templates_library"

# Key -> file name, in the order the library page shows them.
TEMPLATE_FILES = {
    "clientondersteuning-ervaringen": "clientondersteuning-ervaringen.json",
    "ervaringenkaart": "ervaringenkaart.json",
    "bekendheid-clientondersteuning": "bekendheid-clientondersteuning.json",
}


@dataclass(frozen=True)
class SurveyTemplate:
    """One ready questionnaire (sjabloon) of the library."""

    key: str
    definition: dict

    @property
    def title(self) -> str:
        return self.definition["title"]

    @property
    def introduction(self) -> str:
        return self.definition.get("introduction", "")

    @property
    def question_count(self) -> int:
        return sum(len(section.get("questions", [])) for section in self.definition.get("sections", []))

    @property
    def section_count(self) -> int:
        return len(self.definition.get("sections", []))


@cache
def _load(key: str) -> SurveyTemplate:
    with open(LIBRARY_DIR / TEMPLATE_FILES[key], encoding="utf-8") as handle:
        return SurveyTemplate(key=key, definition=json.load(handle))


def survey_template_list() -> list[SurveyTemplate]:
    """Every template of the library, in display order."""
    return [_load(key) for key in TEMPLATE_FILES]


def survey_template_get(key: str) -> SurveyTemplate | None:
    """One template by key, or None for an unknown key."""
    return _load(key) if key in TEMPLATE_FILES else None


def survey_template_copy(*, key: str, gemeente, user=None):
    """Copy a library template into a gemeente's own surveys as a new draft."""
    template = survey_template_get(key)
    if template is None:
        raise KeyError(key)
    return survey_definition_import(data=template.definition, gemeente=gemeente, user=user)
