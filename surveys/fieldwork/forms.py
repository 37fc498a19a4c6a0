"""Forms of the fieldwork: a batch of codes, a sample file, the resident's code, groups and quotas."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from crispy_forms.helper import FormHelper

from participatie.exports.formats import CSV, XLSX
from participatie.forms import PortalForm

from ..constants import INVITATION_BATCH_MAX_CODES, QuestionType
from ..models import InvitationBatch, Question, RespondentGroup
from .services import invitation_code_is_well_formed, invitation_code_normalise


def _helper() -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    return helper


class _BatchLabelMixin:
    """A batch label that is not yet used in the survey."""

    def clean_label(self):
        label = self.cleaned_data["label"].strip()
        if InvitationBatch.objects.filter(survey=self.survey, label__iexact=label).exists():
            raise ValidationError(_("This survey already has a batch with this label."))
        return label


class InvitationBatchForm(_BatchLabelMixin, PortalForm):
    """A batch of codes for one respondent group (uitnodigingsbatch)."""

    label = forms.CharField(
        label=_("Label"),
        max_length=200,
        help_text=_('For example "brief maart, contacten Toegang laatste 3 maanden".'),
        error_messages={"required": _("Give the batch a label.")},
    )
    respondent_group = forms.ModelChoiceField(
        label=_("Respondent group"),
        queryset=RespondentGroup.objects.none(),
        required=False,
        empty_label=_("No group"),
        error_messages={"invalid_choice": _("This group does not exist in this survey.")},
    )
    count = forms.IntegerField(
        label=_("Number of codes"),
        min_value=1,
        max_value=INVITATION_BATCH_MAX_CODES,
        help_text=_("One code per letter."),
        error_messages={
            "required": _("Give the number of codes."),
            "invalid": _("Give a whole number."),
            "min_value": _("Make at least one code."),
            "max_value": _("A batch has at most %(limit_value)s codes."),
        },
    )

    def __init__(self, *args, survey, **kwargs):
        super().__init__(*args, **kwargs)
        self.survey = survey
        self.fields["respondent_group"].queryset = RespondentGroup.objects.filter(survey=survey)
        self.helper = _helper()


class SampleFileForm(_BatchLabelMixin, PortalForm):
    """A sample file (steekproefbestand) with the gemeente's reference and the group per row."""

    label = InvitationBatchForm.base_fields["label"]
    file = forms.FileField(
        label=_("Sample file (.xlsx or .csv)"),
        help_text=_('Columns "referentie" and "groep". No names or addresses: those stay in your mail merge.'),
        error_messages={"required": _("Choose a file."), "empty": _("The file is empty.")},
    )
    dry_run = forms.BooleanField(label=_("Only check the file, make no codes yet"), required=False, initial=True)

    def __init__(self, *args, survey, **kwargs):
        super().__init__(*args, **kwargs)
        self.survey = survey
        self.helper = _helper()


class ExportFormatForm(PortalForm):
    """The file type of a code list (?formaat=xlsx or csv)."""

    formaat = forms.ChoiceField(choices=[(XLSX, "xlsx"), (CSV, "csv")], required=False)


class InvitationCodeForm(PortalForm):
    """The code from the letter (uitnodigingscode) a resident types."""

    code = forms.CharField(
        label=_("Code from your letter"),
        max_length=40,
        help_text=_("10 letters and digits, for example ABCDE-FGHJK. Dashes and spaces do not matter."),
        error_messages={"required": _("Fill in the code from your letter."), "max_length": _("This code is too long.")},
    )

    def clean_code(self):
        code = invitation_code_normalise(self.cleaned_data["code"])
        if not invitation_code_is_well_formed(code):
            raise ValidationError(
                _("This is not a code from our letter. Check the letters and digits: the code has 10 of them.")
            )
        return code


class RequiresCodeForm(PortalForm):
    """Whether residents need the code from their letter to start."""

    requires_code = forms.BooleanField(
        label=_("Only with the code from the letter"),
        required=False,
        help_text=_("Residents then start with their code; the open link alone is not enough."),
    )


class RespondentGroupForm(PortalForm):
    """A respondent group (doelgroep) and its optional quota."""

    name = forms.CharField(
        label=_("Name of the group"), max_length=100, error_messages={"required": _("Give the group a name.")}
    )
    quota = forms.IntegerField(
        label=_("Quota (complete responses)"),
        required=False,
        min_value=1,
        help_text=_("Empty: no limit."),
        error_messages={"invalid": _("Give a whole number."), "min_value": _("A quota is at least 1.")},
    )

    def __init__(self, *args, survey, group=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.survey, self.group = survey, group
        self.helper = _helper()

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        others = RespondentGroup.objects.filter(survey=self.survey, name__iexact=name)
        if self.group is not None:
            others = others.exclude(pk=self.group.pk)
        if others.exists():
            raise ValidationError(_("This survey already has a group with this name."))
        return name


class GroupQuestionForm(PortalForm):
    """Which choice question is the group question (groepsvraag); its options become the groups."""

    question = forms.ModelChoiceField(
        label=_("Group question"),
        queryset=Question.objects.none(),
        required=False,
        empty_label=_("No group question"),
        help_text=_(
            "Choose a screening question, for example the first question of a street survey. Each answer becomes "
            "a group with the same name."
        ),
        error_messages={"invalid_choice": _("Choose a question of this survey.")},
    )

    def __init__(self, *args, survey, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["question"].queryset = Question.objects.filter(
            survey=survey, question_type__in=[QuestionType.SINGLE_CHOICE, QuestionType.YES_NO]
        ).order_by("section__position", "position", "id")
        self.helper = _helper()


class SectionGroupsForm(PortalForm):
    """Per section: the groups it is shown to (routering op groep); none ticked: everyone sees it."""

    def __init__(self, *args, survey, sections, groups, current: dict[int, set[int]], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(group.pk, group.name) for group in groups]
        self.sections = sections
        for section in sections:
            self.fields[f"section_{section.pk}"] = forms.TypedMultipleChoiceField(
                label=section.title,
                choices=choices,
                coerce=int,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                initial=sorted(current.get(section.pk, ())),
                help_text=_("Shown only to these groups. Tick nothing to show it to everyone."),
                error_messages={"invalid_choice": _("Choose groups of this survey.")},
            )
        self.helper = _helper()

    def groups_per_section(self) -> list[tuple]:
        return [(section, self.cleaned_data[f"section_{section.pk}"]) for section in self.sections]
