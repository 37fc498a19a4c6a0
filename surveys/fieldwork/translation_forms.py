"""Forms of the translations screen: add a language, and one field per translatable text."""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from participatie.forms import PortalForm

from ..constants import TranslatedKind
from ..models import MatrixStatement, Option, Question, Section, Survey

MODELS = {
    TranslatedKind.SURVEY: Survey,
    TranslatedKind.SECTION: Section,
    TranslatedKind.QUESTION: Question,
    TranslatedKind.OPTION: Option,
    TranslatedKind.STATEMENT: MatrixStatement,
}


def field_name(kind: str, object_id: int, field: str) -> str:
    return f"t_{kind}_{object_id}_{field}"


class TranslationForm(PortalForm):
    """One optional field per translatable Dutch text (the Dutch text is its label), and whether residents
    may choose the language."""

    offered = forms.BooleanField(
        label=_("Residents may choose this language on the start page"),
        required=False,
        help_text=_("Texts that are not translated yet are shown in Dutch."),
    )

    def __init__(self, *args, rows: list[dict], current: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            name = field_name(row["kind"], row["object_id"], row["field"])
            row["name"] = name
            model_field = MODELS[row["kind"]]._meta.get_field(row["field"])
            long = isinstance(model_field, models.TextField)
            self.fields[name] = forms.CharField(
                label=row["dutch"],
                required=False,
                max_length=model_field.max_length,
                widget=forms.Textarea(attrs={"rows": 3}) if long else forms.TextInput,
            )
            key = (row["kind"], row["object_id"], row["field"])
            row["translated"] = key in current
            self.initial[name] = current.get(key, "")

    def texts(self) -> dict:
        """The entered translations keyed by (kind, object id, field)."""
        return {(row["kind"], row["object_id"], row["field"]): self.cleaned_data[row["name"]] for row in self.rows}

    def bound_rows(self) -> list[dict]:
        return [{**row, "bound": self[row["name"]]} for row in self.rows]
