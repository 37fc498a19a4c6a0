from django import forms
from django.utils.translation import gettext_lazy as _

from ..forms import PortalForm


class TwoFactorCodeForm(PortalForm):
    """The code of the second step: six digits from the app, or (when ``backup_allowed``) a backup code."""

    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        error_messages={"required": _("Fill in the code.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "spellcheck": "false", "size": 12}),
    )

    def __init__(self, *args, backup_allowed=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.backup_allowed = backup_allowed
        field = self.fields["code"]
        if backup_allowed:
            field.label = _("Code from the app, or a backup code")
            field.help_text = _("Six digits from the authenticator app, or one of your backup codes.")
        else:
            field.label = _("Code from the app")
            field.help_text = _("The six digits the app shows now.")
            field.widget.attrs["inputmode"] = "numeric"

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split()).replace("-", "").lower()
        if code.isdigit() and len(code) == 6:
            return code
        if self.backup_allowed and code.isalnum() and len(code) == 8:
            return code
        if self.backup_allowed:
            raise forms.ValidationError(_("Fill in the six digits from the app, or a backup code of eight characters."))
        raise forms.ValidationError(_("Fill in the six digits the app shows."))
