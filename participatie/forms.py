from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from .exports.formats import CSV, XLSX
from .text import ControlCharacterValidator


class ControlCharacterMixin:
    """Every text field of the form refuses control characters; line breaks only in a textarea.

    The one place the portal's forms check text for control characters (participatie.text): every form
    derives from :class:`PortalForm`, :class:`PortalModelForm` or this mixin (a test walks them all). The
    check is added when the form is cleaned, so fields that a form adds in ``__init__`` are covered too.
    """

    def full_clean(self):
        for field in self.fields.values():
            if isinstance(field, forms.CharField) and not any(
                isinstance(validator, ControlCharacterValidator) for validator in field.validators
            ):
                field.validators.append(ControlCharacterValidator(multiline=isinstance(field.widget, forms.Textarea)))
        super().full_clean()


class PortalForm(ControlCharacterMixin, forms.Form):
    """The base of the portal's forms (see :class:`ControlCharacterMixin`)."""


class PortalModelForm(ControlCharacterMixin, forms.ModelForm):
    """The base of the portal's model forms (see :class:`ControlCharacterMixin`)."""


class LoginForm(ControlCharacterMixin, AuthenticationForm):
    """Django's login form with an e-mail field that browsers and password managers recognise."""

    # A CharField, not an EmailField: the login only has to find the account, and addresses without a dot in
    # the domain (admin@demo, user@localhost) would otherwise be refused before the password is checked.
    username = forms.CharField(
        label=_("E-mail address"),
        max_length=254,
        # No autofocus: a screen-reader user should hear the page from the top, skip link first.
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    error_messages = {
        "invalid_login": _("The e-mail address or password is not correct. Check both and try again."),
        "inactive": _("This account has been switched off."),
    }


class ExportForm(PortalForm):
    """Which gemeente and which file format to export."""

    format = forms.ChoiceField(
        label=_("File format"),
        choices=[(XLSX, _("Excel (.xlsx)")), (CSV, _("CSV, separated by semicolons (.csv)"))],
        initial=XLSX,
        # Bootstrap classes, so the radios and the select get their large, aligned targets.
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages={"invalid_choice": _("Choose Excel or CSV as the file format.")},
    )
    gemeente = forms.ChoiceField(
        label=_("Gemeente"), required=False, widget=forms.Select(attrs={"class": "form-select"})
    )

    def __init__(self, *args, gemeenten=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gemeente"].choices = [("", _("All my gemeenten"))] + [(g.slug, g.name) for g in gemeenten]
        self.fields["gemeente"].error_messages["invalid_choice"] = _("You cannot export this gemeente.")
