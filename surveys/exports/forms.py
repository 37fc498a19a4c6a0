"""The choices of an answer export: file type and codes or labels."""

from django import forms
from django.utils.translation import gettext_lazy as _

from participatie.forms import PortalForm

from ..constants import AnswerExportFormat, ExportValueMode


class AnswerExportForm(PortalForm):
    """Which answer file to write."""

    file_format = forms.ChoiceField(
        label=_("File type"),
        choices=AnswerExportFormat.choices,
        initial=AnswerExportFormat.XLSX,
        widget=forms.RadioSelect,
    )
    value_mode = forms.ChoiceField(
        label=_("Show answers as"),
        choices=ExportValueMode.choices,
        initial=ExportValueMode.CODES,
        widget=forms.RadioSelect,
        help_text=_("SPSS files always hold the codes, with the labels as value labels."),
    )
