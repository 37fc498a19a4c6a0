"""Forms of the activities app: validation in Dutch and the crispy layout in the form."""

import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout, Submit

from panels.constants import PolicyPhase
from participatie.constants import Law, Role, TargetGroup
from participatie.forms import PortalForm, PortalModelForm
from participatie.models import Gemeente
from participatie.selectors import gemeente_list_for_user

from . import selectors
from .constants import NOT_APPLICABLE, RATING_MAX, RATING_MIN, ActivityKind, Direction
from .models import Activity, Insight, JourneyPhase, Story, Theme

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_ERROR = _("Enter a date, for example 2026-03-31.")
CHOICE_ERROR = _("Choose only from the options given.")


def _helper(submit_label, *layout) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = True
    helper.form_method = "post"
    helper.attrs = {"novalidate": ""}
    helper.layout = Layout(*layout, Submit("submit", submit_label))
    return helper


def _date_field(label, required=True, help_text=""):
    return forms.DateField(
        label=label, required=required, widget=DATE_WIDGET, help_text=help_text, error_messages={"invalid": DATE_ERROR}
    )


def _set_choice_errors(form, message=CHOICE_ERROR):
    for field in form.fields.values():
        field.error_messages["invalid_choice"] = message
        field.error_messages["invalid_pk_value"] = message


class ActivityForm(PortalModelForm):
    """An activity in the register: what, how, on which topic and laws, when, by whom, linked to what."""

    laws = forms.MultipleChoiceField(
        label=_("Laws concerned"), choices=Law.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    starts_on = _date_field(_("Start date"))
    ends_on = _date_field(_("End date"), required=False, help_text=_("Leave empty for a single day."))

    class Meta:
        model = Activity
        fields = [
            "gemeente",
            "regio",
            "title",
            "kind",
            "method",
            "topic",
            "laws",
            "description",
            "starts_on",
            "ends_on",
            "run_by",
            "run_by_name",
            "traject_step",
            "orgaan",
            "retention_days",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        gemeenten = gemeente_list_for_user(user=user, roles=[Role.POLICY_OFFICER]).order_by("name")
        self.fields["gemeente"].queryset = gemeenten
        self.fields["gemeente"].help_text = _("Or choose a region below for regional work.")
        self.fields["regio"].queryset = selectors.regio_list_for_editing(user=user)
        from panels.models import Orgaan
        from roadmap.models import Step

        self.fields["traject_step"].queryset = Step.objects.filter(traject__gemeente__in=gemeenten).select_related(
            "traject"
        )
        self.fields["traject_step"].label_from_instance = lambda step: f"{step.traject.title}: {step}"
        self.fields["orgaan"].queryset = Orgaan.objects.filter(
            pk__in=Orgaan.objects.filter(gemeenten__in=gemeenten).values("pk")
        ).order_by("name")
        _set_choice_errors(self)
        self.helper = _helper(
            _("Save"),
            Fieldset(_("The activity"), "title", "kind", "method", "topic", "laws", "description"),
            Fieldset(_("Where and when"), "gemeente", "regio", "starts_on", "ends_on"),
            Fieldset(_("Who ran it"), "run_by", "run_by_name"),
            Fieldset(_("Links"), "traject_step", "orgaan"),
            Fieldset(_("Privacy"), "retention_days"),
        )

    def clean(self):
        cleaned = super().clean()
        gemeente, regio = cleaned.get("gemeente"), cleaned.get("regio")
        if not self.errors.get("gemeente") and not self.errors.get("regio"):
            if not gemeente and not regio:
                self.add_error("gemeente", _("Choose a gemeente or a region."))
            elif gemeente and regio:
                self.add_error("regio", _("Choose either a gemeente or a region, not both."))
        step = cleaned.get("traject_step")
        if step and gemeente and step.traject.gemeente_id != gemeente.pk:
            self.add_error("traject_step", _("Choose a step of this gemeente's traject."))
        return cleaned


class RegisterFilterForm(PortalForm):
    """Filters of the activity register."""

    gemeente = forms.ModelChoiceField(
        label=_("Gemeente"), queryset=Gemeente.objects.none(), required=False, to_field_name="slug"
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("All kinds")), *ActivityKind.choices], required=False)
    start = _date_field(_("From"), required=False)
    end = _date_field(_("Until"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gemeente"].queryset = selectors.gemeente_list_for_activities(user=user)
        self.fields["gemeente"].empty_label = _("All my gemeenten")
        _set_choice_errors(self)


class PeriodForm(PortalForm):
    """The gemeente and period of a reach overview."""

    gemeente = forms.ModelChoiceField(label=_("Gemeente"), queryset=Gemeente.objects.none(), to_field_name="slug")
    start = _date_field(_("From"))
    end = _date_field(_("Until"))

    def __init__(self, *args, user, with_gemeente=True, **kwargs):
        super().__init__(*args, **kwargs)
        if with_gemeente:
            self.fields["gemeente"].queryset = selectors.gemeente_list_for_activities(user=user)
        else:
            del self.fields["gemeente"]
        _set_choice_errors(self, _("Choose one of your gemeenten."))

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end date cannot be before the start date."))
        return cleaned


def _count_field(label):
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=1_000_000,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "invalid": _("Enter a whole number."),
            "min_value": _("Enter 0 or more."),
            "max_value": _("Enter a smaller number."),
        },
    )


class ReachForm(PortalForm):
    """Planned and reached numbers per doelgroep of one activity. Counts only, never names."""

    def __init__(self, *args, activity, **kwargs):
        super().__init__(*args, **kwargs)
        existing = {reach.target_group: reach for reach in activity.reach.all()}
        self.rows = []
        for value, label in TargetGroup.choices:
            reach = existing.get(value)
            planned, reached = f"planned_{value}", f"reached_{value}"
            self.fields[planned] = _count_field(_("%(group)s: planned") % {"group": label})
            self.fields[reached] = _count_field(_("%(group)s: reached") % {"group": label})
            if reach is not None:
                self.fields[planned].initial, self.fields[reached].initial = reach.planned, reach.reached
            self.rows.append((label, self[planned], self[reached]))

    def counts(self) -> dict:
        return {
            value: (self.cleaned_data.get(f"planned_{value}"), self.cleaned_data.get(f"reached_{value}"))
            for value in TargetGroup.values
        }


class PopulationForm(PortalForm):
    """Population figures per doelgroep of one gemeente."""

    def __init__(self, *args, figures, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for value, label in TargetGroup.choices:
            figure = figures.get(value)
            count, source = f"count_{value}", f"source_{value}"
            self.fields[count] = _count_field(_("%(group)s: number of residents") % {"group": label})
            self.fields[source] = forms.CharField(
                label=_("%(group)s: source") % {"group": label}, max_length=200, required=False
            )
            if figure is not None:
                self.fields[count].initial, self.fields[source].initial = figure.count, figure.source
            self.rows.append((label, self[count], self[source]))

    def figures(self) -> dict:
        return {
            value: (self.cleaned_data.get(f"count_{value}"), self.cleaned_data.get(f"source_{value}", ""))
            for value in TargetGroup.values
        }


class RespondentGroupLinkForm(PortalForm):
    """Per respondent group of a survey: the doelgroep it stands for in the reach overview."""

    def __init__(self, *args, survey, **kwargs):
        super().__init__(*args, **kwargs)
        self.groups = list(survey.respondent_groups.select_related("doelgroep_link"))
        choices = [("", _("The questionnaire's own target group")), *TargetGroup.choices]
        for group in self.groups:
            link = getattr(group, "doelgroep_link", None)
            self.fields[f"group_{group.pk}"] = forms.ChoiceField(
                label=group.name,
                choices=choices,
                required=False,
                initial=link.target_group if link else "",
                error_messages={"invalid_choice": CHOICE_ERROR},
            )
        self.helper = _helper(_("Save"), *self.fields)

    def mapping(self) -> dict[int, str]:
        return {group.pk: self.cleaned_data.get(f"group_{group.pk}", "") for group in self.groups}


class InbrengForm(PortalForm):
    """Register a finished activity's inbreng in the feedback register."""

    summary = forms.CharField(
        label=_("What participants said"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("A few sentences, without names."),
        max_length=5000,
    )
    promised_on = _date_field(
        _("Feedback promised by"), required=False, help_text=_("Empty: the gemeente's usual term.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Register the input"), "summary", "promised_on")


# Klantreis ---------------------------------------------------------------------------------------


class JourneyForm(PortalForm):
    """A klantreis design: its title, and its phases and aspects one per line."""

    title = forms.CharField(label=_("Title"), max_length=200)
    phases = forms.CharField(
        label=_("Phases of the journey"),
        widget=forms.Textarea(attrs={"rows": 7}),
        help_text=_("One phase per line, in the order of the journey."),
    )
    aspects = forms.CharField(
        label=_("Aspects rated per phase"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One aspect per line."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Save"), "title", "phases", "aspects")

    @staticmethod
    def _lines(value: str) -> list[str]:
        lines = [line.strip() for line in value.splitlines() if line.strip()]
        if any(len(line) > 100 for line in lines):
            raise forms.ValidationError(_("A name may be at most 100 characters."))
        return lines

    def clean_phases(self):
        return self._lines(self.cleaned_data["phases"])

    def clean_aspects(self):
        return self._lines(self.cleaned_data["aspects"])


RATING_CHOICES = (
    [("", "–")] + [(str(n), str(n)) for n in range(RATING_MIN, RATING_MAX + 1)] + [(NOT_APPLICABLE, _("n/a"))]
)
RATING_FIELD = re.compile(r"^rating_(\d+)_(\d+)$")
QUOTE_FIELD = re.compile(r"^quote_(\d+)$")


class InterviewForm(PortalForm):
    """One klantreis interview: pseudonym, interviewer, date, consent, a rating per phase x aspect and a quote
    per phase."""

    pseudonym = forms.CharField(
        label=_("Pseudonym"), max_length=50, required=False, help_text=_("Never a real name. May stay empty.")
    )
    interviewer = forms.CharField(label=_("Interviewer"), max_length=100)
    interviewed_on = _date_field(_("Date of the interview"))
    consent = forms.BooleanField(
        label=_("The resident gave consent to use the answers"),
        error_messages={"required": _("Without consent the interview cannot be stored.")},
    )

    def __init__(self, *args, journey, **kwargs):
        super().__init__(*args, **kwargs)
        self.journey = journey
        self.phases = list(journey.phases.all())
        self.aspects = list(journey.aspects.all())
        self.grid = []
        for phase in self.phases:
            cells = []
            for aspect in self.aspects:
                name = f"rating_{phase.pk}_{aspect.pk}"
                self.fields[name] = forms.ChoiceField(
                    label=f"{phase.name}: {aspect.name}",
                    choices=RATING_CHOICES,
                    required=False,
                    error_messages={"invalid_choice": _("Choose a rating from 1 to 5, or n/a.")},
                )
                cells.append(self[name])
            quote = f"quote_{phase.pk}"
            self.fields[quote] = forms.CharField(
                label=_("Quote about %(phase)s") % {"phase": phase.name},
                required=False,
                max_length=1000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.grid.append((phase, cells, self[quote]))

    def clean(self):
        cleaned = super().clean()
        # Cells or quotes named after a phase or aspect of another klantreis: say so, never ignore silently.
        for key in self.data:
            if (RATING_FIELD.match(key) or QUOTE_FIELD.match(key)) and key not in self.fields:
                raise forms.ValidationError(_("A phase or aspect in the form does not belong to this klantreis."))
        return cleaned

    def ratings(self) -> dict:
        result = {}
        for phase in self.phases:
            for aspect in self.aspects:
                value = self.cleaned_data.get(f"rating_{phase.pk}_{aspect.pk}")
                if value == NOT_APPLICABLE:
                    result[(phase.pk, aspect.pk)] = None
                elif value:
                    result[(phase.pk, aspect.pk)] = int(value)
        return result

    def quotes(self) -> dict:
        return {phase.pk: self.cleaned_data.get(f"quote_{phase.pk}", "") for phase in self.phases}


class QuoteForm(PortalForm):
    """Add or change the quote of an interview about one phase."""

    phase = forms.ModelChoiceField(label=_("Phase"), queryset=JourneyPhase.objects.none())
    text = forms.CharField(label=_("Quote"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, journey, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phase"].queryset = journey.phases.all()
        _set_choice_errors(self, _("Choose a phase of this klantreis."))
        self.helper = _helper(_("Save the quote"), "phase", "text")


# Stories, themes, insights -----------------------------------------------------------------------


class StoryForm(PortalModelForm):
    """A story or interview note: text, date, who collected it, consent, pseudonym and summary."""

    collected_on = _date_field(_("Collected on"))

    class Meta:
        model = Story
        fields = ["title", "text", "summary", "collected_on", "collected_by", "consent", "pseudonym"]
        widgets = {"text": forms.Textarea(attrs={"rows": 8}), "summary": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].required = True
        self.fields["consent"].required = True
        self.fields["consent"].error_messages["required"] = _("Without consent the story cannot be stored.")
        self.helper = _helper(
            _("Save"), "title", "text", "summary", "collected_on", "collected_by", "pseudonym", "consent"
        )


class StoryTagForm(PortalForm):
    """Tag a story or a passage with a theme of the gemeente's list and a direction."""

    theme = forms.ModelChoiceField(label=_("Theme or value"), queryset=Theme.objects.none())
    direction = forms.ChoiceField(label=_("Direction"), choices=Direction.choices, widget=forms.RadioSelect)
    passage = forms.CharField(
        label=_("Passage"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Copy the part of the story this is about; leave empty for the whole story."),
    )

    def __init__(self, *args, story, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = selectors.theme_list_for_story(story=story)
        _set_choice_errors(self)
        self.fields["theme"].error_messages["invalid_choice"] = _("Choose a theme of this gemeente's list.")
        self.helper = _helper(_("Add the tag"), "theme", "direction", "passage")


class ThemeForm(PortalModelForm):
    """A theme or value in a gemeente's code list."""

    class Meta:
        model = Theme
        fields = ["gemeente", "name", "kind", "description"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gemeente"].queryset = gemeente_list_for_user(user=user, roles=[Role.POLICY_OFFICER]).order_by(
            "name"
        )
        if self.instance.pk:
            self.fields["gemeente"].disabled = True
        _set_choice_errors(self, _("Choose one of your gemeenten."))
        self.helper = _helper(_("Save"), "gemeente", "name", "kind", "description")


class InsightForm(PortalModelForm):
    """An insight and the stories that support it."""

    class Meta:
        model = Insight
        fields = ["gemeente", "statement", "explanation", "stories"]
        widgets = {"explanation": forms.Textarea(attrs={"rows": 3}), "stories": forms.CheckboxSelectMultiple}

    def __init__(self, *args, user, gemeente=None, **kwargs):
        super().__init__(*args, **kwargs)
        gemeenten = gemeente_list_for_user(user=user, roles=[Role.POLICY_OFFICER]).order_by("name")
        self.fields["gemeente"].queryset = gemeenten
        gemeente = gemeente or (self.instance.gemeente if self.instance.pk else None)
        if gemeente is not None:
            self.fields["gemeente"].initial = gemeente.pk
            self.fields["stories"].queryset = selectors.story_list_for_insight(gemeente=gemeente)
        else:
            self.fields["stories"].queryset = selectors.story_list_for_gemeenten(gemeenten=gemeenten)
        self.fields["stories"].label_from_instance = lambda story: f"{story.activity.title}: {story.title}"
        _set_choice_errors(self)
        self.helper = _helper(_("Save"), "gemeente", "statement", "explanation", "stories")

    def clean(self):
        cleaned = super().clean()
        gemeente = cleaned.get("gemeente")
        if gemeente is not None:
            allowed = set(selectors.story_list_for_insight(gemeente=gemeente).values_list("pk", flat=True))
            if any(story.pk not in allowed for story in cleaned.get("stories") or []):
                self.add_error("stories", _("Choose stories of this gemeente only."))
        return cleaned


class InsightActionForm(PortalForm):
    """Which step of the gemeente's traject the insight becomes an action on."""

    step = forms.ModelChoiceField(label=_("Step of the traject"), queryset=None)
    due_date = _date_field(_("Due date"), required=False)

    def __init__(self, *args, insight, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["step"].queryset = selectors.step_list_for_gemeente(gemeente=insight.gemeente)
        self.fields["step"].label_from_instance = lambda step: f"{step.traject.title}: {step}"
        _set_choice_errors(self, _("Choose a step of this gemeente's traject."))
        self.helper = _helper(_("Make it an action"), "step", "due_date")


class InsightAanvraagForm(PortalForm):
    """Which council the insight goes to as an adviesaanvraag, in which phase, by when."""

    orgaan = forms.ModelChoiceField(label=_("Council or panel"), queryset=None)
    subject = forms.CharField(label=_("Subject"), max_length=200)
    question = forms.CharField(label=_("Question to the council"), widget=forms.Textarea(attrs={"rows": 4}))
    policy_phase = forms.ChoiceField(label=_("Policy phase"), choices=PolicyPhase.choices)
    advice_deadline = _date_field(_("Advice wanted by"))

    def __init__(self, *args, insight, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["orgaan"].queryset = selectors.orgaan_list_for_gemeente(gemeente=insight.gemeente)
        self.fields["subject"].initial = insight.statement[:200]
        self.fields["question"].initial = insight.explanation or insight.statement
        _set_choice_errors(self)
        self.fields["orgaan"].error_messages["invalid_choice"] = _("Choose a council or panel of this gemeente.")
        self.helper = _helper(_("Ask for advice"), "orgaan", "subject", "question", "policy_phase", "advice_deadline")

    def clean_advice_deadline(self):
        deadline = self.cleaned_data["advice_deadline"]
        if deadline < timezone.localdate():
            raise forms.ValidationError(_("The deadline cannot be in the past."))
        return deadline
