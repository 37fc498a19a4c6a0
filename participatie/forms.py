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


class AuditFilterForm(PortalForm):
    """Filters of the audit trail (auditlog): gemeente, action, who, what kind of object, period."""

    gemeente = forms.ChoiceField(label=_("Gemeente"), required=False)
    action = forms.ChoiceField(label=_("Action"), required=False)
    actor = forms.CharField(label=_("By (e-mail address or part of it)"), required=False, max_length=254, strip=True)
    object_type = forms.CharField(
        label=_("Kind of object"),
        required=False,
        max_length=100,
        help_text=_("As shown in the list, for example surveys.response."),
    )
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    date_until = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args, gemeenten=(), **kwargs):
        from crispy_forms.helper import FormHelper
        from crispy_forms.layout import Layout, Submit

        from .constants import AuditAction

        super().__init__(*args, **kwargs)
        self.fields["gemeente"].choices = [("", _("All my gemeenten"))] + [(g.slug, g.name) for g in gemeenten]
        self.fields["gemeente"].error_messages["invalid_choice"] = _("You cannot see this gemeente's audit trail.")
        self.fields["action"].choices = [("", _("All actions")), *AuditAction.choices]
        self.fields["action"].error_messages["invalid_choice"] = _("Choose one of the options.")
        for name in ("date_from", "date_until"):
            self.fields[name].error_messages["invalid"] = _("Enter a date, for example 31-12-2026.")
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            "gemeente",
            "action",
            "actor",
            "object_type",
            "date_from",
            "date_until",
            Submit("filter", _("Filter"), css_class="btn-secondary"),
        )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_until")
        if start and end and end < start:
            self.add_error("date_until", _("The end date is before the start date."))
        return cleaned


class PersonalDataRequestForm(PortalForm):
    """Whose personal data to hand out or erase (inzage- of verwijderverzoek), in which gemeente."""

    gemeente = forms.ChoiceField(label=_("Gemeente"))
    email = forms.EmailField(
        label=_("E-mail address of the person"),
        max_length=254,
        error_messages={
            "required": _("Enter the person's e-mail address."),
            "invalid": _("Enter an e-mail address, for example naam@voorbeeld.nl."),
        },
    )
    name = forms.CharField(
        label=_("Name of the person (optional)"),
        required=False,
        max_length=200,
        help_text=_("Meedenkers in the roadmap are stored by name only: fill in the name exactly as stored."),
    )

    def __init__(self, *args, gemeenten=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gemeente"].choices = [(g.slug, g.name) for g in gemeenten]
        self.fields["gemeente"].error_messages.update(
            required=_("Choose the gemeente."), invalid_choice=_("You cannot handle requests for this gemeente.")
        )
        from crispy_forms.helper import FormHelper
        from crispy_forms.layout import Layout, Submit

        self.helper = FormHelper()
        self.helper.form_method = "post"
        self.helper.layout = Layout("gemeente", "email", "name", Submit("search", _("Search"), css_class="btn-primary"))
