"""Forms of the roadmap: validation and the crispy layout (the templates only place them)."""

from pathlib import Path

from django import forms
from django.template.defaultfilters import filesizeformat, slugify
from django.utils.translation import gettext_lazy as _

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Fieldset, Layout, Submit

from participatie.constants import Law, Level, TargetGroup
from participatie.forms import PortalForm, PortalModelForm
from participatie.uploads import content_matches_extension

from .constants import (
    ATTACHMENT_EXTENSIONS,
    ATTACHMENT_MAX_BYTES,
    AttachmentKind,
    ChecklistState,
    Method,
    ParticipationForm,
    Reason,
    StakeholderGroup,
    StepNumber,
    StepStatus,
)
from .models import Action, Attachment, Decision, Meedenker, StakeholderView, Step, Traject
from .selectors import user_list_for_gemeente, user_list_for_gemeenten

OWNER_ERROR = _("Choose an officer who works in this gemeente.")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _helper(action: str, submit_label, *layout, form_id: str | None = None) -> FormHelper:
    helper = FormHelper()
    helper.form_action = action
    helper.form_method = "post"
    if form_id:
        helper.form_id = form_id
    # Several of these forms share the step page: each submit button gets its own id.
    submit_id = f"{form_id or slugify(action) or 'form'}-submit"
    helper.layout = Layout(*layout, Submit("submit", submit_label, css_id=submit_id))
    return helper


def _owner_field(gemeente, label):
    return forms.ModelChoiceField(
        queryset=user_list_for_gemeente(gemeente=gemeente),
        required=False,
        label=label,
        error_messages={"invalid_choice": OWNER_ERROR},
    )


class TrajectForm(PortalModelForm):
    """Start or change a vernieuwingstraject."""

    reasons = forms.MultipleChoiceField(
        label=_("Why does the gemeente renew?"),
        choices=Reason.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one reason."),
            "invalid_choice": _("Choose a reason from the list."),
        },
    )
    laws = forms.MultipleChoiceField(
        label=_("Laws the traject covers"),
        choices=Law.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one law."), "invalid_choice": _("Choose a law from the list.")},
    )

    class Meta:
        model = Traject
        fields = ("gemeente", "title", "reasons", "reason_other", "start_date", "responsible", "laws", "level")
        widgets = {"start_date": DateInput(), "level": forms.RadioSelect}
        error_messages = {
            "title": {"required": _("Give the traject a title.")},
            "start_date": {"required": _("Fill in the start date."), "invalid": _("Fill in a valid date.")},
        }

    def __init__(self, *args, gemeenten=None, action: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = Level.choices
        if self.instance.pk:
            del self.fields["gemeente"]
            gemeente = self.instance.gemeente
            self.fields["responsible"] = _owner_field(gemeente, _("Responsible officer"))
        else:
            self.fields["gemeente"].queryset = gemeenten
            self.fields["gemeente"].error_messages["invalid_choice"] = _("You cannot start a traject in this gemeente.")
            if gemeenten is not None and len(gemeenten) == 1:
                self.fields["gemeente"].initial = gemeenten[0].pk
            # The gemeente is chosen in the same form: any colleague of the user's gemeenten here, checked in clean().
            self.fields["responsible"] = forms.ModelChoiceField(
                queryset=user_list_for_gemeenten(gemeenten=gemeenten),
                required=False,
                label=_("Responsible officer"),
                error_messages={"invalid_choice": OWNER_ERROR},
            )
        self.fields["reason_other"].help_text = _("Only when you chose 'Other reason'.")
        fields = [name for name in self.Meta.fields if name in self.fields]
        self.helper = _helper(
            action,
            _("Save traject") if self.instance.pk else _("Start traject"),
            Fieldset(_("The traject"), *[f for f in fields if f not in ("reasons", "reason_other", "laws", "level")]),
            Fieldset(_("Why and what"), "reasons", "reason_other", "laws", "level"),
        )

    def clean(self):
        cleaned = super().clean()
        if Reason.OTHER in (cleaned.get("reasons") or []) and not (cleaned.get("reason_other") or "").strip():
            self.add_error("reason_other", _("Describe the other reason."))
        gemeente = cleaned.get("gemeente") or (self.instance.gemeente if self.instance.pk else None)
        responsible = cleaned.get("responsible")
        if (
            gemeente
            and responsible
            and not user_list_for_gemeente(gemeente=gemeente).filter(pk=responsible.pk).exists()
        ):
            self.add_error("responsible", OWNER_ERROR)
        return cleaned


class StepForm(PortalModelForm):
    """Change a step: status, dates, owner, notes and the participation ladder."""

    class Meta:
        model = Step
        fields = (
            "status",
            "skip_reason",
            "owner",
            "planned_start",
            "planned_end",
            "actual_start",
            "actual_end",
            "ladder_planned",
            "ladder_reached",
            "notes",
        )
        widgets = {
            "status": forms.RadioSelect,
            "planned_start": DateInput(),
            "planned_end": DateInput(),
            "actual_start": DateInput(),
            "actual_end": DateInput(),
            "skip_reason": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, action: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = StepStatus.choices
        self.fields["owner"] = _owner_field(self.instance.traject.gemeente, _("Owner"))
        self.fields["skip_reason"].help_text = _("Only when you skip this step.")
        for name in ("ladder_planned", "ladder_reached"):
            self.fields[name].help_text = _("Inform, consult, advise, co-produce or co-decide.")
        self.helper = _helper(
            action,
            _("Save step"),
            Fieldset(_("Status"), "status", "skip_reason", "owner"),
            Fieldset(
                _("Dates"),
                Div(
                    Div("planned_start", css_class="col-sm-6"),
                    Div("planned_end", css_class="col-sm-6"),
                    css_class="row",
                ),
                Div(
                    Div("actual_start", css_class="col-sm-6"), Div("actual_end", css_class="col-sm-6"), css_class="row"
                ),
            ),
            Fieldset(_("Participation ladder"), "ladder_planned", "ladder_reached"),
            "notes",
            form_id="step-form",
        )


class ChecklistItemForm(PortalForm):
    """Add an own aandachtspunt."""

    text = forms.CharField(
        label=_("New point of attention"),
        max_length=300,
        error_messages={"required": _("Write the point of attention."), "max_length": _("Use at most 300 characters.")},
    )

    def __init__(self, *args, action: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(action, _("Add point"), "text", form_id="checklist-add")


class ChecklistStateForm(PortalForm):
    """Tick an aandachtspunt, open it again, or mark it not applicable."""

    state = forms.ChoiceField(choices=ChecklistState.choices, error_messages={"invalid_choice": _("Unknown state.")})


class ActionForm(PortalModelForm):
    """Add an actiepunt."""

    class Meta:
        model = Action
        fields = ("description", "owner", "due_date")
        widgets = {"due_date": DateInput()}
        error_messages = {
            "description": {"required": _("Describe the action.")},
            "due_date": {"invalid": _("Fill in a valid date.")},
        }

    def __init__(self, *args, gemeente, action: str = "", **kwargs):
        # The step form on the same page has an "owner" field too: own ids keep each label on its own field.
        kwargs.setdefault("auto_id", "action_%s")
        super().__init__(*args, **kwargs)
        self.fields["owner"] = _owner_field(gemeente, _("Owner"))
        self.helper = _helper(
            action,
            _("Add action"),
            "description",
            Div(Div("owner", css_class="col-sm-6"), Div("due_date", css_class="col-sm-6"), css_class="row"),
            form_id="action-add",
        )


class StakeholderViewForm(PortalModelForm):
    """Step 1: record a group's view on why to renew."""

    class Meta:
        model = StakeholderView
        fields = ("group", "view", "recorded_on")
        widgets = {"recorded_on": DateInput(), "view": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "view": {"required": _("Write down what this group said.")},
            "group": {"invalid_choice": _("Choose a group from the list.")},
        }

    def __init__(self, *args, action: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = [("", "---------"), *StakeholderGroup.choices]
        self.helper = _helper(action, _("Save view"), "group", "view", "recorded_on", form_id="view-add")

    def validate_unique(self):
        # A second view of the same group updates the first (see stakeholder_view_save).
        pass


class MeedenkerForm(PortalModelForm):
    """Step 2: add someone to the register of meedenkers."""

    target_groups = forms.MultipleChoiceField(
        label=_("Target groups they bring in"),
        choices=TargetGroup.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": _("Choose target groups from the list.")},
    )

    class Meta:
        model = Meedenker
        fields = ("name", "organisation", "kind", "target_groups", "contact_consent")
        error_messages = {
            "name": {"required": _("Fill in a name or a role.")},
            "kind": {"invalid_choice": _("Choose a kind from the list."), "required": _("Choose a kind.")},
        }

    def __init__(self, *args, action: str = "", **kwargs):
        # The attachment form on the same page has a "kind" too.
        kwargs.setdefault("auto_id", "meedenker_%s")
        super().__init__(*args, **kwargs)
        self.fields["name"].help_text = _("A role is enough, for example 'key figure in the Stromenwijk'.")
        self.helper = _helper(
            action,
            _("Add meedenker"),
            "name",
            "organisation",
            "kind",
            Field("target_groups"),
            "contact_consent",
            form_id="meedenker-add",
        )


class DecisionForm(PortalModelForm):
    """Step 3: write a besluit in the decision log."""

    class Meta:
        model = Decision
        fields = ("subject", "decided_by", "decided_on", "council_name", "council_fate", "communication")
        widgets = {"decided_on": DateInput(), "communication": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "subject": {"required": _("Describe what was decided.")},
            "decided_by": {"required": _("Choose who decided.")},
            "decided_on": {"required": _("Fill in the date of the decision."), "invalid": _("Fill in a valid date.")},
        }

    def __init__(self, *args, action: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["communication"].help_text = _("For example: a letter and a meeting with the members.")
        self.helper = _helper(
            action,
            _("Record decision"),
            "subject",
            Div(Div("decided_by", css_class="col-sm-6"), Div("decided_on", css_class="col-sm-6"), css_class="row"),
            Fieldset(_("Existing council"), "council_name", "council_fate", "communication"),
            form_id="decision-add",
        )


class ModelDesignForm(PortalModelForm):
    """Step 4: the model designed, with room to experiment."""

    model_forms = forms.MultipleChoiceField(
        label=_("Forms of participation"),
        choices=ParticipationForm.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": _("Choose forms from the list.")},
    )
    model_methods = forms.MultipleChoiceField(
        label=_("Methods"),
        choices=Method.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": _("Choose methods from the list.")},
    )

    class Meta:
        model = Traject
        fields = ("model_forms", "model_methods", "model_description", "model_experiment_room")
        widgets = {
            "model_description": forms.Textarea(attrs={"rows": 4}),
            "model_experiment_room": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, action: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            action,
            _("Save model"),
            "model_forms",
            "model_methods",
            "model_description",
            "model_experiment_room",
            form_id="model-form",
        )


class AttachmentForm(PortalModelForm):
    """Attach a document (upload, limited in size and type) or a link to a step."""

    url = forms.URLField(
        label=_("Web address"),
        max_length=500,
        required=False,
        assume_scheme="https",
        error_messages={"invalid": _("Fill in a full web address, starting with https://.")},
    )

    class Meta:
        model = Attachment
        fields = ("kind", "title", "file", "url")
        widgets = {"kind": forms.RadioSelect}
        error_messages = {
            "title": {"required": _("Give the document or link a title.")},
        }

    def __init__(self, *args, action: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = AttachmentKind.choices
        self.fields["file"].help_text = _(
            "PDF, Word, Excel, PowerPoint, OpenDocument, text or image; at most %(size)s."
        ) % {"size": filesizeformat(ATTACHMENT_MAX_BYTES)}
        self.fields["file"].widget.attrs["accept"] = ",".join(f".{ext}" for ext in ATTACHMENT_EXTENSIONS)
        self.helper = _helper(action, _("Add"), "kind", "title", "file", "url", form_id="attachment-add")
        self.helper.form_enctype = "multipart/form-data"
        self.helper.attrs = {"enctype": "multipart/form-data"}

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload:
            return upload
        extension = Path(upload.name).suffix.lower().lstrip(".")
        if extension not in ATTACHMENT_EXTENSIONS:
            raise forms.ValidationError(
                _("This type of file is not allowed. Allowed: %(types)s.") % {"types": ", ".join(ATTACHMENT_EXTENSIONS)}
            )
        if upload.size > ATTACHMENT_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is too large (%(size)s). The limit is %(limit)s.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(ATTACHMENT_MAX_BYTES)}
            )
        if not content_matches_extension(upload):
            raise forms.ValidationError(_("The content of the file does not match its type. Check the file."))
        return upload

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind == AttachmentKind.DOCUMENT:
            if not cleaned.get("file") and "file" not in self.errors:
                self.add_error("file", _("Choose a file to upload."))
            cleaned["url"] = ""
        elif kind == AttachmentKind.LINK:
            if not cleaned.get("url") and "url" not in self.errors:
                self.add_error("url", _("Fill in the web address."))
            cleaned["file"] = None
            self.errors.pop("file", None)
        return cleaned

    def _post_clean(self):
        # The constraint needs the file or url set exactly as the service sets it; the service validates kind.
        pass


class MonitorFilterForm(PortalForm):
    """Filter and sort the monitor table (GET)."""

    gemeente = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label=_("Gemeente"),
        empty_label=_("All gemeenten"),
        error_messages={"invalid_choice": _("You cannot follow this gemeente.")},
    )
    step = forms.TypedChoiceField(
        label=_("Step"),
        choices=[("", _("Any step")), *StepNumber.choices],
        coerce=int,
        empty_value=None,
        required=False,
        error_messages={"invalid_choice": _("Choose a step from the list.")},
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Any status")), *StepStatus.choices],
        required=False,
        error_messages={"invalid_choice": _("Choose a status from the list.")},
    )
    law = forms.ChoiceField(
        label=_("Law"),
        choices=[("", _("Any law")), *Law.choices],
        required=False,
        error_messages={"invalid_choice": _("Choose a law from the list.")},
    )
    overdue = forms.BooleanField(label=_("Only with overdue actions"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        choices=[
            ("gemeente", _("Gemeente (A-Z)")),
            ("-gemeente", _("Gemeente (Z-A)")),
            ("-stage", _("Furthest along first")),
            ("stage", _("Least far along first")),
            ("-overdue", _("Most overdue actions first")),
            ("overdue", _("Fewest overdue actions first")),
            ("-changed", _("Most recently changed first")),
            ("changed", _("Longest unchanged first")),
            ("start", _("Start date (oldest first)")),
            ("-start", _("Start date (newest first)")),
        ],
        required=False,
        error_messages={"invalid_choice": _("Choose a sort order from the list.")},
    )

    def __init__(self, *args, gemeenten, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gemeente"].queryset = gemeenten
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_id = "monitor-filter"
        self.helper.layout = Layout(
            Div(
                Div("gemeente", css_class="col-md-4"),
                Div("step", css_class="col-md-2"),
                Div("status", css_class="col-md-3"),
                Div("law", css_class="col-md-3"),
                css_class="row",
            ),
            Div(Div("sort", css_class="col-md-4"), Div("overdue", css_class="col-md-4 pt-md-4"), css_class="row"),
            Submit("", _("Show"), css_class="btn-primary"),
        )
