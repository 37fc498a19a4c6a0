"""Forms of the feedback app; validation here and in the models, layout in the FormHelper."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field, Fieldset, Layout, Submit

from participatie.forms import PortalForm, PortalModelForm

from .constants import SourceKind, Status
from .models import Inbreng, NamedPerson, Terugkoppeling
from .selectors import officer_list_for_gemeenten


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _drop_blank_radio_choice(form):
    """Radio buttons never show the "---------" choice; the field is required anyway."""
    for field in form.fields.values():
        if isinstance(field.widget, forms.RadioSelect):
            field.choices = [choice for choice in field.choices if choice[0] != ""]


DATE_ERROR = _("Enter a date, for example 31-12-2026.")


class InbrengForm(PortalModelForm):
    """Register an inbreng by hand, or change it (the promised date only moves with an interim answer)."""

    class Meta:
        model = Inbreng
        fields = [
            "gemeente",
            "title",
            "summary",
            "source_kind",
            "signal_channel",
            "contributor_kind",
            "contributor_description",
            "received_on",
            "promised_on",
            "promised_channel",
            "officer",
        ]
        widgets = {
            "received_on": DateInput(),
            "promised_on": DateInput(),
            "summary": forms.Textarea(attrs={"rows": 5}),
            "source_kind": forms.RadioSelect,
            "contributor_kind": forms.RadioSelect,
            "promised_channel": forms.RadioSelect,
        }
        error_messages = {
            "received_on": {"invalid": DATE_ERROR},
            "promised_on": {"invalid": DATE_ERROR},
        }
        help_texts = {
            "promised_on": _("Leave empty to use the gemeente's usual term."),
            "signal_channel": _("Only for a signal."),
        }

    def __init__(self, *args, gemeenten, **kwargs):
        super().__init__(*args, **kwargs)
        editing = self.instance.pk is not None
        self.fields["gemeente"].queryset = gemeenten
        self.fields["gemeente"].empty_label = None
        self.fields["gemeente"].error_messages["invalid_choice"] = _("You cannot register input for this gemeente.")
        self.fields["officer"].queryset = officer_list_for_gemeenten(gemeenten=gemeenten)
        self.fields["officer"].error_messages["invalid_choice"] = _("Choose an officer of this gemeente.")
        self.fields["signal_channel"].required = False
        _drop_blank_radio_choice(self)
        self.fields["promised_on"].required = False
        if not self.instance.pk:
            self.fields["received_on"].initial = timezone.localdate()
        if editing:
            del self.fields["gemeente"]
            del self.fields["promised_on"]
        self.helper = FormHelper()
        self.helper.form_tag = True
        self.helper.layout = Layout(
            *(["gemeente"] if not editing else []),
            "title",
            "summary",
            Fieldset(_("Where the input comes from"), "source_kind", "signal_channel"),
            Fieldset(_("Who gave it"), "contributor_kind", "contributor_description"),
            Fieldset(
                _("Dates and who answers"),
                "received_on",
                *([] if editing else ["promised_on"]),
                "promised_channel",
                "officer",
            ),
            Submit("submit", _("Save changes") if editing else _("Register input")),
        )

    def clean(self):
        cleaned = super().clean()
        gemeente = cleaned.get("gemeente") or (self.instance.gemeente if self.instance.pk else None)
        officer = cleaned.get("officer")
        if (
            gemeente
            and officer
            and not officer_list_for_gemeenten(gemeenten=[gemeente.pk]).filter(pk=officer.pk).exists()
        ):
            self.add_error("officer", _("Choose an officer of this gemeente."))
        if "promised_on" in self.fields and not cleaned.get("promised_on") and gemeente and cleaned.get("received_on"):
            cleaned["promised_on"] = cleaned["received_on"] + datetime.timedelta(days=gemeente.feedback_term_days)
            self.instance.promised_on = cleaned["promised_on"]
        return cleaned

    def _post_clean(self):
        # The instance needs its gemeente before model validation runs on a new inbreng.
        if "gemeente" in self.cleaned_data:
            self.instance.gemeente = self.cleaned_data["gemeente"]
        super()._post_clean()


class NamedPersonForm(PortalModelForm):
    """Add a person who gave the input and agreed to hear back."""

    consent = forms.BooleanField(
        label=_("This person agreed that we keep their name and e-mail address to send the feedback."),
        error_messages={"required": _("Only add a person who gave consent.")},
    )

    class Meta:
        model = NamedPerson
        fields = ["name", "email", "consent_on"]
        widgets = {"consent_on": DateInput()}
        error_messages = {
            "consent_on": {"invalid": DATE_ERROR},
            "email": {"invalid": _("Enter a valid e-mail address.")},
        }

    def __init__(self, *args, inbreng, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.inbreng = inbreng
        self.fields["consent_on"].initial = timezone.localdate()
        self.helper = FormHelper()
        self.helper.layout = Layout("name", "email", "consent_on", "consent", Submit("submit", _("Add person")))

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


class TerugkoppelingForm(PortalModelForm):
    """Give a terugkoppeling: the outcome, what was done, reasons; an interim answer may move the date."""

    class Meta:
        model = Terugkoppeling
        fields = [
            "outcome",
            "what_was_done",
            "reasons",
            "given_on",
            "channel",
            "new_promised_on",
            "postpone_reason",
            "public_summary",
            "is_published",
        ]
        widgets = {
            "outcome": forms.RadioSelect,
            "channel": forms.RadioSelect,
            "given_on": DateInput(),
            "new_promised_on": DateInput(),
            "what_was_done": forms.Textarea(attrs={"rows": 5}),
            "reasons": forms.Textarea(attrs={"rows": 4}),
            "postpone_reason": forms.Textarea(attrs={"rows": 3}),
            "public_summary": forms.Textarea(attrs={"rows": 4}),
        }
        error_messages = {"given_on": {"invalid": DATE_ERROR}, "new_promised_on": {"invalid": DATE_ERROR}}
        help_texts = {
            "reasons": _("Needed when the input was not or only partly adopted."),
            "new_promised_on": _("Only with an interim answer, and only with a reason."),
            "channel": _("Only 'E-mail' makes the portal e-mail the participants."),
        }

    def __init__(self, *args, inbreng, **kwargs):
        super().__init__(*args, **kwargs)
        self.inbreng = inbreng
        self.fields["given_on"].initial = timezone.localdate()
        self.fields["channel"].initial = inbreng.promised_channel
        _drop_blank_radio_choice(self)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            "outcome",
            "what_was_done",
            "reasons",
            Fieldset(_("When and how"), "given_on", "channel"),
            Fieldset(_("Interim answer: a new date"), "new_promised_on", "postpone_reason"),
            Fieldset(_("Public page"), "public_summary", "is_published"),
            Submit("submit", _("Save and send feedback")),
        )

    def _post_clean(self):
        # The service validates the combination of fields (it knows the current promised date).
        pass


class InbrengFilterForm(PortalForm):
    """Filters of the officer's list."""

    WHOSE = [("mine", _("Only mine")), ("all", _("Everything I may see"))]

    whose = forms.ChoiceField(label=_("Whose input"), choices=WHOSE, required=False, initial="mine")
    status = forms.MultipleChoiceField(
        label=_("Status"), choices=Status.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    source_kind = forms.ChoiceField(
        label=_("Source"), choices=[("", _("All sources")), *SourceKind.choices], required=False
    )
    gemeente = forms.ModelChoiceField(label=_("Gemeente"), queryset=None, required=False, empty_label=_("All"))
    received_from = forms.DateField(label=_("Received from"), required=False, widget=DateInput())
    received_until = forms.DateField(label=_("Received until"), required=False, widget=DateInput())

    def __init__(self, *args, gemeenten, extra_filters=(), default_mine=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.default_mine = default_mine
        self.fields["whose"].initial = "mine" if default_mine else "all"
        self.fields["gemeente"].queryset = gemeenten
        self.extra_filters = list(extra_filters)
        for extra in self.extra_filters:
            self.fields[extra.name] = forms.ModelChoiceField(
                label=extra.label, queryset=extra.queryset, required=False, empty_label=_("All")
            )
        for name in ("received_from", "received_until"):
            self.fields[name].error_messages["invalid"] = DATE_ERROR
        for name, field in self.fields.items():
            if name != "status":
                field.error_messages.setdefault("invalid_choice", _("Choose one of the options."))
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            "whose",
            "status",
            "source_kind",
            "gemeente",
            *[extra.name for extra in self.extra_filters],
            Field("received_from"),
            Field("received_until"),
            Submit("filter", _("Filter"), css_class="btn-secondary"),
        )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("received_from"), cleaned.get("received_until")
        if start and end and end < start:
            self.add_error("received_until", _("The end date is before the start date."))
        return cleaned

    def filters(self) -> dict:
        if not self.is_bound or not self.is_valid():
            return {"mine": self.default_mine}
        data = self.cleaned_data
        source_filters = {}
        for extra in self.extra_filters:
            if data.get(extra.name):
                source_filters.update(extra.lookup(data[extra.name]))
        return {
            "mine": data.get("whose") == "mine" or (not data.get("whose") and self.default_mine),
            "status": data.get("status"),
            "source_kind": data.get("source_kind"),
            "gemeente": data.get("gemeente"),
            "received_from": data.get("received_from"),
            "received_until": data.get("received_until"),
            "source_filters": source_filters,
        }


class DashboardForm(PortalForm):
    """Which gemeente the coordinator dashboard shows."""

    gemeente = forms.ModelChoiceField(label=_("Gemeente"), queryset=None, empty_label=None)

    def __init__(self, *args, gemeenten, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gemeente"].queryset = gemeenten
        self.fields["gemeente"].error_messages["invalid_choice"] = _("You cannot see this gemeente.")
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.disable_csrf = True
        self.helper.form_class = "d-flex gap-2 align-items-end flex-wrap"
        self.helper.layout = Layout("gemeente", Submit("show", _("Show"), css_class="btn-secondary mb-3"))
