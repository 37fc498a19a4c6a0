"""Forms of the survey results: the filters in the URL, data cleaning and the published summary."""

from django import forms
from django.utils.translation import gettext_lazy as _

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout

from participatie.forms import PortalForm

from ..constants import CHOICE_TYPES, AssistedBy, ExclusionKind, QuestionType, ResponseChannel
from ..models import Option, Question, RespondentGroup, Survey
from .selectors import TEXT_TYPES, ResultFilters

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
BREAKDOWN_GROUP = "groep"


class ResultFilterForm(PortalForm):
    """The filters and breakdown of the results page, read from GET so a view can be bookmarked.

    Every choice is limited to this survey: a group or question of another survey is refused with a message.
    """

    groep = forms.ModelChoiceField(
        label=_("Respondent group"),
        queryset=RespondentGroup.objects.none(),
        required=False,
        empty_label=_("All groups"),
        error_messages={"invalid_choice": _("This respondent group does not belong to this survey.")},
    )
    kanaal = forms.ChoiceField(
        label=_("Channel"),
        choices=[("", _("All channels")), *ResponseChannel.choices],
        required=False,
        error_messages={"invalid_choice": _("This channel does not exist.")},
    )
    hulp = forms.ChoiceField(
        label=_("Help with filling in"),
        choices=[("", _("With or without help")), *AssistedBy.choices],
        required=False,
        error_messages={"invalid_choice": _("This kind of help does not exist.")},
    )
    van = forms.DateField(
        label=_("Sent from"),
        required=False,
        widget=DATE_WIDGET,
        error_messages={"invalid": _("Fill in a valid date (day-month-year) for 'sent from'.")},
    )
    tot = forms.DateField(
        label=_("Sent until"),
        required=False,
        widget=DATE_WIDGET,
        error_messages={"invalid": _("Fill in a valid date (day-month-year) for 'sent until'.")},
    )
    antwoord = forms.ModelMultipleChoiceField(
        label=_("Only those who answered"),
        queryset=Option.objects.none(),
        required=False,
        error_messages={
            "invalid_choice": _("This answer does not belong to a choice question of this survey."),
            "invalid_pk_value": _("This answer does not belong to a choice question of this survey."),
        },
    )
    uitsplitsen = forms.ChoiceField(
        label=_("Break down by"),
        required=False,
        error_messages={"invalid_choice": _("The survey cannot be broken down by this.")},
    )

    def __init__(self, *args, survey: Survey, structure, **kwargs):
        super().__init__(*args, **kwargs)
        self.survey = survey
        self.structure = structure
        self.fields["groep"].queryset = RespondentGroup.objects.filter(survey=survey).order_by("position", "id")
        choice_questions = [
            question
            for section in structure.sections
            for question in structure.questions_of(section)
            if question.question_type in CHOICE_TYPES
        ]
        self.fields["antwoord"].queryset = Option.objects.filter(
            question__survey=survey, question__question_type__in=CHOICE_TYPES
        ).select_related("question")
        self.fields["antwoord"].choices = [
            (question.code, [(option.pk, option.label) for option in question.option_list])
            for question in choice_questions
        ]
        breakdowns = [("", _("No breakdown")), (BREAKDOWN_GROUP, _("Respondent group"))]
        breakdowns += [
            (str(question.pk), f"{question.code}: {question.text[:60]}")
            for question in choice_questions
            if question.question_type != QuestionType.MULTIPLE_CHOICE
        ]
        self.fields["uitsplitsen"].choices = breakdowns
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout("groep", "kanaal", "hulp", "van", "tot", "antwoord", "uitsplitsen")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("van"), cleaned.get("tot")
        if start and end and end < start:
            self.add_error("tot", _("The end date is before the start date."))
        options = cleaned.get("antwoord") or []
        if len({option.question_id for option in options}) > 1:
            self.add_error("antwoord", _("Choose answers of one question only."))
        return cleaned

    def filters(self) -> ResultFilters:
        """The checked filters (call after ``is_valid()``)."""
        data = self.cleaned_data
        options = list(data.get("antwoord") or [])
        breakdown = data.get("uitsplitsen") or ""
        return ResultFilters(
            group=data.get("groep"),
            channel=data.get("kanaal") or "",
            assisted_by=data.get("hulp") or "",
            completed_from=data.get("van"),
            completed_until=data.get("tot"),
            answer_question=self.structure.questions_by_id[options[0].question_id] if options else None,
            answer_options=options,
            breakdown_by_group=breakdown == BREAKDOWN_GROUP,
            breakdown_question=(
                self.structure.questions_by_id[int(breakdown)] if breakdown and breakdown != BREAKDOWN_GROUP else None
            ),
        )


class TextSearchForm(PortalForm):
    """Search the open answers of one question."""

    zoek = forms.CharField(label=_("Search in the answers"), required=False, max_length=200)


class ResponseExcludeForm(PortalForm):
    """Leave a response out of the results (opschonen): a test or invalid response, with a reason."""

    exclusion_kind = forms.ChoiceField(
        label=_("Leave out as"),
        choices=ExclusionKind.choices,
        error_messages={"required": _("Choose why the response is left out."), "invalid_choice": _("Choose why.")},
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Give the reason for leaving this response out.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Give the reason for leaving this response out."))
        return reason


class ResultSummaryForm(PortalForm):
    """The published summary: which questions, and a short text from the gemeente."""

    questions = forms.ModelMultipleChoiceField(
        label=_("Questions in the summary"),
        queryset=Question.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one question."),
            "invalid_choice": _("This question does not belong to this survey."),
            "invalid_pk_value": _("This question does not belong to this survey."),
        },
    )
    text = forms.CharField(
        label=_("Text for residents"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("In plain language: what came out, and what the gemeente does with it."),
        error_messages={"required": _("Write a short text for residents.")},
    )

    def __init__(self, *args, survey: Survey, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["questions"].queryset = (
            Question.objects.filter(survey=survey)
            .exclude(question_type__in=TEXT_TYPES)
            .order_by("section__position", "position", "id")
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
