"""Forms of the panels app: validation and the crispy layout, per model."""

from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout, Submit

from participatie.constants import Law, Role, TargetGroup
from participatie.exports.formats import SafeCSV, SafeXLSX
from participatie.forms import PortalForm, PortalModelForm
from participatie.imports import check_file_size
from participatie.models import Regio
from participatie.selectors import gemeente_list_for_user, regio_list_coordinated

from .constants import (
    OUTCOMES_NEEDING_REASONS,
    AdviceRoom,
    AttendanceStatus,
    Experience,
    MeetingKind,
    Outcome,
    PolicyPhase,
)
from .models import Advies, Adviesaanvraag, AgendaItem, Meeting, Member, Orgaan, Reactie, today
from .permissions import can_change_orgaan_gemeenten, gemeenten_change_refused_message
from .selectors import regio_list_for_user, user_list_linkable

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _helper(submit_label, *layout) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = True
    helper.form_method = "post"
    helper.layout = Layout(*layout, Submit("submit", submit_label))
    return helper


def _checkboxes(choices, label, help_text=""):
    return forms.MultipleChoiceField(
        label=label,
        choices=choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=help_text,
        error_messages={"invalid_choice": _("Choose only from the options given.")},
    )


class OrgaanForm(PortalModelForm):
    """An orgaan: what it is, whom it serves, its mandate and response term; dissolving it too."""

    laws = _checkboxes(Law.choices, _("Laws covered"))
    target_groups = _checkboxes(
        TargetGroup.choices,
        _("Target groups it aims to represent"),
        _("The composition view compares these with the target groups the members bring."),
    )

    class Meta:
        model = Orgaan
        fields = [
            "name",
            "kind",
            "level",
            "gemeenten",
            "regio",
            "laws",
            "target_groups",
            "mandate",
            "response_term_value",
            "response_term_unit",
            "dissolved_on",
            "dissolved_reason",
        ]
        widgets = {
            "gemeenten": forms.CheckboxSelectMultiple,
            "dissolved_on": DATE_WIDGET,
            "mandate": forms.Textarea(attrs={"rows": 4}),
            "dissolved_reason": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        gemeenten = gemeente_list_for_user(user=user, roles=[Role.POLICY_OFFICER])
        if self.instance.pk:
            # Keep the gemeenten it already serves, even those of colleagues elsewhere in the region.
            gemeenten = gemeenten | self.instance.gemeenten.all()
        self.fields["gemeenten"].queryset = gemeenten.distinct().order_by("name")
        self.fields["gemeenten"].required = False
        self.fields["gemeenten"].help_text = _("Or choose a region below for a regional council.")
        regios = Regio.objects.filter(
            Q(pk__in=regio_list_for_user(user=user).values("pk")) | Q(pk__in=regio_list_coordinated(user=user))
        )
        if self.instance.regio_id:
            regios = Regio.objects.filter(Q(pk__in=regios.values("pk")) | Q(pk=self.instance.regio_id))
        self.fields["regio"].queryset = regios.order_by("name")
        if self.instance.pk and not can_change_orgaan_gemeenten(user, self.instance):
            # Shown, not changeable: posted values for these fields are ignored (docs/panels.md).
            for name in ("gemeenten", "regio"):
                self.fields[name].disabled = True
            self.fields["gemeenten"].help_text = gemeenten_change_refused_message(self.instance)
        self.fields["gemeenten"].error_messages["invalid_choice"] = _("You cannot choose this gemeente.")
        self.fields["gemeenten"].error_messages["invalid_pk_value"] = _("You cannot choose this gemeente.")
        self.fields["regio"].error_messages["invalid_choice"] = _("You cannot choose this region.")
        self.helper = _helper(
            _("Save"),
            Fieldset(_("The orgaan"), "name", "kind", "level", "mandate"),
            Fieldset(_("Gemeenten served"), "gemeenten", "regio"),
            Fieldset(_("Scope"), "laws", "target_groups"),
            Fieldset(_("Response term of the gemeente"), "response_term_value", "response_term_unit"),
            Fieldset(_("Dissolved"), "dissolved_on", "dissolved_reason"),
        )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("gemeenten") and not cleaned.get("regio") and not self.errors.get("gemeenten"):
            self.add_error("gemeenten", _("Choose at least one gemeente or a region."))
        return cleaned


class MemberForm(PortalModelForm):
    """A member: person, role, term, target groups and experience, consent, linked account."""

    target_groups = _checkboxes(TargetGroup.choices, _("Target groups"))
    experience = _checkboxes(Experience.choices, _("Lived experience"))

    class Meta:
        model = Member
        fields = [
            "name",
            "email",
            "phone",
            "role",
            "term_start",
            "term_end",
            "reappointment_count",
            "target_groups",
            "experience",
            "contact_consent",
            "user",
        ]
        widgets = {"term_start": DATE_WIDGET, "term_end": DATE_WIDGET}

    def __init__(self, *args, orgaan, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.orgaan = orgaan
        self.fields["user"].queryset = user_list_linkable(orgaan=orgaan)
        self.fields["user"].error_messages["invalid_choice"] = _(
            "This account cannot be linked: it needs the advisory council member role in a gemeente this orgaan serves."
        )
        self.fields["email"].widget.attrs["autocomplete"] = "off"
        self.helper = _helper(
            _("Save"),
            Fieldset(_("Person"), "name", "email", "phone"),
            Fieldset(_("Role and term"), "role", "term_start", "term_end", "reappointment_count"),
            Fieldset(_("What the member brings"), "target_groups", "experience"),
            Fieldset(_("Contact and account"), "contact_consent", "user"),
        )

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


class ReappointForm(PortalForm):
    """A new term end for a reappointed member."""

    term_end = forms.DateField(label=_("New term end"), widget=DATE_WIDGET)

    def __init__(self, *args, member, **kwargs):
        super().__init__(*args, **kwargs)
        self.member = member
        self.helper = _helper(_("Reappoint"), "term_end")

    def clean_term_end(self):
        term_end = self.cleaned_data["term_end"]
        if self.member.term_end and term_end <= self.member.term_end:
            raise forms.ValidationError(_("The new term must end after the current one."))
        if term_end < self.member.term_start:
            raise forms.ValidationError(_("The term cannot end before it starts."))
        return term_end


class MemberImportForm(PortalForm):
    """An .xlsx or .csv file with members, for a dry-run preview."""

    file = forms.FileField(
        label=_("Spreadsheet"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Check the file"), "file")
        self.fields["file"].help_text = _(
            "An Excel file (.xlsx) or a CSV file separated by semicolons or commas, "
            "at most %(size)s MB and %(rows)s rows."
        ) % {
            "size": f"{settings.SPREADSHEET_IMPORT_MAX_BYTES / (1024 * 1024):g}",
            "rows": settings.SPREADSHEET_IMPORT_MAX_ROWS,
        }
        self.dataset = None

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_file_size(upload.size)
        name = upload.name.lower()
        content = upload.read()
        try:
            if name.endswith(".xlsx"):
                dataset = SafeXLSX().create_dataset(content)
            elif name.endswith(".csv"):
                dataset = SafeCSV().create_dataset(content)
            else:
                raise forms.ValidationError(_("Choose an .xlsx or a .csv file."))
        except forms.ValidationError:
            raise
        except Exception:  # a broken or disguised file: any parser error
            raise forms.ValidationError(_("This file cannot be read. Save it again as .xlsx or .csv.")) from None
        headers = [str(h or "").strip().lower() for h in (dataset.headers or [])]
        if "email" not in headers or "name" not in headers:
            raise forms.ValidationError(_("The first row must contain the column names, at least “name” and “email”."))
        dataset.headers = headers
        if not len(dataset):
            raise forms.ValidationError(_("The file contains no members."))
        self.dataset = dataset
        self.content = content
        return upload


class MeetingForm(PortalModelForm):
    """A meeting with its agenda (one item per line), minutes and decisions."""

    invited_target_groups = _checkboxes(
        TargetGroup.choices, _("Invited target groups"), _("For a thematic meeting: whom you invite.")
    )
    online_url = forms.URLField(label=_("Online link"), required=False, assume_scheme="https")
    agenda = forms.CharField(
        label=_("Agenda"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One agenda item per line."),
    )

    class Meta:
        model = Meeting
        fields = [
            "title",
            "kind",
            "starts_at",
            "ends_at",
            "location",
            "online_url",
            "invited_target_groups",
            "minutes",
            "decisions",
        ]
        widgets = {
            "starts_at": DATETIME_WIDGET,
            "ends_at": DATETIME_WIDGET,
            "minutes": forms.Textarea(attrs={"rows": 6}),
            "decisions": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, orgaan, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.orgaan = orgaan
        if self.instance.pk:
            self.fields["agenda"].initial = "\n".join(item.title for item in self.instance.agenda_items.all())
        for name in ("starts_at", "ends_at"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d-%m-%Y %H:%M"]
        self.helper = _helper(
            _("Save"),
            Fieldset(_("Meeting"), "title", "kind", "starts_at", "ends_at", "location", "online_url"),
            Fieldset(_("Agenda"), "agenda", "invited_target_groups"),
            Fieldset(_("Afterwards"), "minutes", "decisions"),
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == MeetingKind.THEMATIC and not cleaned.get("invited_target_groups"):
            self.add_error("invited_target_groups", _("Choose whom you invite to a thematic meeting."))
        return cleaned

    def clean_agenda(self):
        lines = [line.strip() for line in self.cleaned_data["agenda"].splitlines() if line.strip()]
        # Each line becomes an agenda item whose title holds 300 characters (PostgreSQL refuses more: a 500).
        limit = AgendaItem._meta.get_field("title").max_length
        too_long = [number for number, line in enumerate(lines, start=1) if len(line) > limit]
        if too_long:
            raise forms.ValidationError(
                _("Agenda item %(number)s is too long: use at most %(limit)s characters per line."),
                params={"number": too_long[0], "limit": limit},
            )
        return lines


class AttendanceForm(PortalForm):
    """Attendance per member: one group of choices per member of the orgaan."""

    def __init__(self, *args, meeting, members, **kwargs):
        super().__init__(*args, **kwargs)
        recorded = {a.member_id: a.status for a in meeting.attendances.all()}
        choices = [("", _("Not recorded")), *AttendanceStatus.choices]
        self.members = members
        for member in members:
            self.fields[f"member_{member.pk}"] = forms.ChoiceField(
                label=member.name,
                choices=choices,
                required=False,
                initial=recorded.get(member.pk, ""),
                widget=forms.RadioSelect,
            )
        self.helper = _helper(_("Save attendance"), *self.fields)

    def statuses(self) -> dict[int, str]:
        return {member.pk: self.cleaned_data.get(f"member_{member.pk}", "") for member in self.members}


class DocumentForm(PortalForm):
    """A document with a title."""

    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(label=_("File"), help_text=_("PDF, Word, OpenDocument, Excel or text; at most 10 MB."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Add document"), "title", "file")


class AanvraagForm(PortalModelForm):
    """An adviesaanvraag to an orgaan, registered by a beleidsambtenaar."""

    document = forms.FileField(label=_("Document"), required=False, help_text=_("Optional; more can be added later."))

    class Meta:
        model = Adviesaanvraag
        fields = [
            "gemeente",
            "subject",
            "question",
            "policy_phase",
            "room_for_advice",
            "requested_on",
            "advice_deadline",
            "internal_note",
        ]
        widgets = {
            "requested_on": DATE_WIDGET,
            "advice_deadline": DATE_WIDGET,
            "question": forms.Textarea(attrs={"rows": 5}),
            "internal_note": forms.Textarea(attrs={"rows": 3}),
            "policy_phase": forms.RadioSelect,
            "room_for_advice": forms.RadioSelect,
        }

    def __init__(self, *args, orgaan, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.orgaan = orgaan
        self.fields["gemeente"].queryset = orgaan.gemeenten.filter(
            pk__in=gemeente_list_for_user(user=user, roles=[Role.POLICY_OFFICER])
        ).order_by("name")
        self.fields["gemeente"].error_messages["invalid_choice"] = _("You cannot ask advice for this gemeente.")
        self.fields["policy_phase"].choices = PolicyPhase.choices
        self.fields["room_for_advice"].choices = AdviceRoom.choices
        self.helper = _helper(
            _("Request advice"),
            Fieldset(_("The request"), "gemeente", "subject", "question", "policy_phase", "room_for_advice"),
            Fieldset(_("Dates"), "requested_on", "advice_deadline"),
            Fieldset(_("Documents and notes"), "document", "internal_note"),
        )

    def clean(self):
        cleaned = super().clean()
        requested_on, deadline = cleaned.get("requested_on"), cleaned.get("advice_deadline")
        if requested_on and requested_on > today():
            self.add_error("requested_on", _("The date of the request cannot be in the future."))
        if requested_on and deadline and deadline < requested_on:
            self.add_error("advice_deadline", _("The deadline cannot be before the date of the request."))
        return cleaned


class AdviesDraftForm(PortalModelForm):
    """The text or document of an advice, while it is being prepared."""

    class Meta:
        model = Advies
        fields = ["text", "document"]
        widgets = {"text": forms.Textarea(attrs={"rows": 12})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Save draft"), "text", "document")

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("text") or "").strip() and not cleaned.get("document"):
            raise forms.ValidationError(_("Write the advice or add a document."))
        return cleaned


class AdviesSendForm(PortalForm):
    """Confirm sending an advice, with the date it was sent."""

    sent_on = forms.DateField(label=_("Date sent"), widget=DATE_WIDGET)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sent_on"].initial = today()
        self.helper = _helper(_("Send advice"), "sent_on")

    def clean_sent_on(self):
        sent_on = self.cleaned_data["sent_on"]
        if sent_on > today():
            raise forms.ValidationError(_("The date sent cannot be in the future."))
        return sent_on


class UnsolicitedAdviesForm(PortalModelForm):
    """An ongevraagd advies: the orgaan advises on its own initiative."""

    sent_on = forms.DateField(label=_("Date sent"), widget=DATE_WIDGET)

    class Meta:
        model = Advies
        fields = ["gemeente", "subject", "text", "document"]
        widgets = {"text": forms.Textarea(attrs={"rows": 12})}

    def __init__(self, *args, orgaan, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.orgaan = orgaan
        self.fields["gemeente"].queryset = orgaan.gemeenten.order_by("name")
        self.fields["gemeente"].error_messages["invalid_choice"] = _("This orgaan does not serve this gemeente.")
        self.fields["sent_on"].initial = today()
        self.helper = _helper(_("Send advice"), "gemeente", "subject", "text", "document", "sent_on")

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("text") or "").strip() and not cleaned.get("document"):
            raise forms.ValidationError(_("Write the advice or add a document."))
        if cleaned.get("sent_on") and cleaned["sent_on"] > today():
            self.add_error("sent_on", _("The date sent cannot be in the future."))
        return cleaned


class WithdrawForm(PortalForm):
    """Withdraw an advice, with the reason."""

    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Withdraw"), "reason")


class ReactieForm(PortalModelForm):
    """The college's answer to an advice: date, outcome, reasons, gemeenteraad."""

    class Meta:
        model = Reactie
        fields = ["answered_on", "outcome", "reasons", "sent_to_gemeenteraad", "document", "internal_note"]
        widgets = {
            "answered_on": DATE_WIDGET,
            "outcome": forms.RadioSelect,
            "reasons": forms.Textarea(attrs={"rows": 5}),
            "internal_note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, advies, **kwargs):
        super().__init__(*args, **kwargs)
        self.advies = advies
        if not self.initial.get("answered_on"):
            self.initial["answered_on"] = today()
        self.fields["outcome"].choices = Outcome.choices
        self.helper = _helper(
            _("Register the answer"),
            "answered_on",
            "outcome",
            "reasons",
            "sent_to_gemeenteraad",
            "document",
            "internal_note",
        )

    def clean(self):
        cleaned = super().clean()
        answered_on = cleaned.get("answered_on")
        if cleaned.get("outcome") in OUTCOMES_NEEDING_REASONS and not (cleaned.get("reasons") or "").strip():
            self.add_error("reasons", _("Give the reasons when the advice was not or only partly adopted."))
        if answered_on and self.advies.sent_on and answered_on < self.advies.sent_on:
            self.add_error("answered_on", _("The answer cannot be dated before the advice was sent."))
        if answered_on and answered_on > today():
            self.add_error("answered_on", _("The date of the answer cannot be in the future."))
        return cleaned

    def _post_clean(self):
        # The reactie gets its advies in the service; skip the model's own checks on the missing advies here.
        self.instance.advies = self.advies
        super()._post_clean()
