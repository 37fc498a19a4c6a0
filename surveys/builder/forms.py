"""Forms of the survey builder (vragenlijsten bouwen), with crispy layouts and Dutch messages."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import Truncator, format_lazy
from django.utils.translation import gettext_lazy as _

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout

from participatie.forms import PortalForm, PortalModelForm

from ..constants import (
    GRADE_POINTS,
    LONG_TEXT_LIMIT,
    OPTION_TYPES,
    RETENTION_MODE_EXPLANATIONS,
    YES_NO_OPTIONS,
    ChoiceWidget,
    LogicOperator,
    QuestionType,
    RetentionMode,
    ScaleKind,
    SurveyStatus,
)
from ..models import Option, Question, Section, Survey, code_validator
from ..survey_definition import TYPE_SETTINGS, SurveyDefinitionError, survey_definition_clean, survey_definition_parse

OTHER_TOKEN = "anders"  # noqa: S105 - a parsing keyword, not a secret
OFF_SCALE_TOKENS = ("buiten-schaal", "weet-niet")
MAX_IMPORT_BYTES = 1024 * 1024

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _types(*types) -> str:
    return " ".join(sorted(str(t) for t in types))


def _helper(*layout) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    helper.layout = Layout(*layout)
    return helper


class SurveyForm(PortalModelForm):
    """The settings of a survey: texts, method, doelgroep, dates, privacy and the promised terugkoppeling."""

    gemeente = forms.ModelChoiceField(
        label=_("Gemeente"),
        queryset=None,
        empty_label=None,
        error_messages={"invalid_choice": _("You cannot make a survey for this gemeente.")},
    )

    class Meta:
        model = Survey
        fields = (
            "title",
            "introduction",
            "privacy_text",
            "method_kind",
            "target_group",
            "opens_at",
            "closes_at",
            "is_anonymous",
            "is_public",
            "terugkoppeling_text",
            "terugkoppeling_date",
            "retention_days",
            "retention_mode",
            "max_responses",
            "previous_round",
        )
        widgets = {
            "introduction": forms.Textarea(attrs={"rows": 4}),
            "privacy_text": forms.Textarea(attrs={"rows": 3}),
            "terugkoppeling_text": forms.Textarea(attrs={"rows": 3}),
            "opens_at": DATETIME_WIDGET,
            "closes_at": DATETIME_WIDGET,
            "terugkoppeling_date": DATE_WIDGET,
        }
        error_messages = {
            "title": {"required": _("Give the survey a title."), "max_length": _("The title is too long.")},
            "retention_days": {"invalid": _("Fill in a whole number of days.")},
            "max_responses": {"invalid": _("Fill in a whole number.")},
            "opens_at": {"invalid": _("Fill in a valid date and time.")},
            "closes_at": {"invalid": _("Fill in a valid date and time.")},
            "terugkoppeling_date": {"invalid": _("Fill in a valid date.")},
            "previous_round": {"invalid_choice": _("Choose an earlier survey of the same gemeente.")},
        }

    def __init__(self, *args, gemeenten=None, **kwargs):
        super().__init__(*args, **kwargs)
        if gemeenten is None:
            del self.fields["gemeente"]
            first = ()
        else:
            self.fields["gemeente"].queryset = gemeenten
            first = ("gemeente",)
        # What each retention mode keeps, in plain Dutch, right at the choice.
        self.fields["retention_mode"].widget = forms.RadioSelect()
        self.fields["retention_mode"].choices = [
            (value, format_lazy("{}. {}", label, RETENTION_MODE_EXPLANATIONS[value]))
            for value, label in RetentionMode.choices
        ]
        rounds = ()
        if self.instance.pk:
            # The previous round: another survey of the same gemeente that is not itself a later round of this one.
            self.fields["previous_round"].queryset = (
                Survey.objects.filter(gemeente_id=self.instance.gemeente_id)
                .exclude(pk=self.instance.pk)
                .exclude(previous_round=self.instance)
                .order_by("-created_at", "-id")
            )
            rounds = (Fieldset(_("Earlier round"), "previous_round"),)
        else:
            del self.fields["previous_round"]
        self.fields["terugkoppeling_text"].help_text = _(
            "How and when participants hear what was done with their answers, for example: "
            "'Before 1 July we put the results and what we do with them on our website.'"
        )
        self.helper = _helper(
            Fieldset(_("About the survey"), *first, "title", "introduction", "method_kind", "target_group"),
            Fieldset(_("When"), "opens_at", "closes_at"),
            Fieldset(_("Feedback to participants"), "terugkoppeling_text", "terugkoppeling_date"),
            Fieldset(
                _("Privacy and limits"),
                "privacy_text",
                "is_anonymous",
                "is_public",
                "retention_days",
                "retention_mode",
                "max_responses",
            ),
            *rounds,
        )

    def clean(self):
        cleaned = super().clean()
        opens, closes = cleaned.get("opens_at"), cleaned.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("The closing moment must be after the opening moment."))
        return cleaned


class SectionForm(PortalModelForm):
    """A section (page) of a survey: title and intro."""

    class Meta:
        model = Section
        fields = ("title", "intro")
        widgets = {"intro": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"title": {"required": _("Give the page a title."), "max_length": _("The title is too long.")}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("title", "intro")


def _options_initial(question: Question) -> str:
    lines = []
    for option in question.options.all():
        parts = [option.code, option.label]
        if option.score is not None:
            parts.append(str(option.score))
        if option.is_off_scale:
            parts.append(OFF_SCALE_TOKENS[0])
        if option.is_other:
            parts.append(OTHER_TOKEN)
        lines.append(" | ".join(parts))
    return "\n".join(lines)


def _parse_lines(text: str, *, kind: str) -> tuple[list[dict], list[str]]:
    """Parse 'code | label [| extra]' lines; returns rows and line-numbered Dutch errors."""
    rows, errors, codes = [], [], set()
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        parts = [part.strip() for part in line.split("|")]
        if len(parts) < 2 or not parts[0] or not parts[1]:
            errors.append(
                _("Line %(line)d: write a code, a '|' and the text, for example: ja | Ja.") % {"line": number}
            )
            continue
        code, label, extras = parts[0], parts[1], parts[2:]
        try:
            code_validator(code)
        except ValidationError:
            errors.append(
                _("Line %(line)d: the code %(code)r may only contain letters, digits, '-', '_' or '.'.")
                % {"line": number, "code": code}
            )
            continue
        if len(code) > 50:
            errors.append(_("Line %(line)d: the code is too long (at most 50 characters).") % {"line": number})
            continue
        if code in codes:
            errors.append(_("Line %(line)d: the code %(code)r is used twice.") % {"line": number, "code": code})
            continue
        codes.add(code)
        limit = 300 if kind == "option" else 500
        if len(label) > limit:
            errors.append(
                _("Line %(line)d: the text is too long (at most %(limit)d characters).")
                % {"line": number, "limit": limit}
            )
            continue
        if kind == "statement":
            if extras:
                errors.append(_("Line %(line)d: a statement has only a code and a text.") % {"line": number})
                continue
            rows.append({"code": code, "text": label})
            continue
        row = {"code": code, "label": label, "score": None, "is_off_scale": False, "is_other": False}
        for extra in extras:
            token = extra.lower()
            if not token:
                continue
            if token == OTHER_TOKEN:
                row["is_other"] = True
            elif token in OFF_SCALE_TOKENS:
                row["is_off_scale"] = True
            else:
                try:
                    row["score"] = int(token)
                except ValueError:
                    errors.append(
                        _("Line %(line)d: %(extra)r is not a score, 'anders' or 'buiten-schaal'.")
                        % {"line": number, "extra": extra}
                    )
                    break
                if not -32768 <= row["score"] <= 32767:
                    errors.append(_("Line %(line)d: the score is too large.") % {"line": number})
                    break
        if row["is_other"] and row["is_off_scale"]:
            errors.append(_("Line %(line)d: an option cannot be both 'anders' and 'buiten-schaal'.") % {"line": number})
            continue
        rows.append(row)
    return rows, errors


class QuestionForm(PortalForm):
    """A question with its type, settings, answer options (one per line) and matrix statements."""

    section = forms.ModelChoiceField(
        label=_("Page"), queryset=None, empty_label=None, error_messages={"invalid_choice": _("Choose a page.")}
    )
    code = forms.CharField(
        label=_("Variable code"),
        max_length=50,
        validators=[code_validator],
        help_text=_("A short, stable name for exports and logic, for example B1 or leeftijd."),
        error_messages={"required": _("Give the question a variable code.")},
    )
    text = forms.CharField(
        label=_("Question"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Write the question.")},
    )
    help_text = forms.CharField(
        label=_("Help text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Optional explanation under the question, in plain language."),
    )
    is_required = forms.BooleanField(
        label=_("Required"), required=False, help_text=_("Optional questions are marked '(niet verplicht)'.")
    )
    question_type = forms.ChoiceField(
        label=_("Type"),
        choices=QuestionType.choices,
        error_messages={"invalid_choice": _("Choose one of the question types.")},
    )
    max_length = forms.IntegerField(
        label=_("Maximum length (characters)"),
        required=False,
        min_value=1,
        max_value=LONG_TEXT_LIMIT,
        help_text=_("For text questions. Leave empty for the standard length."),
    )
    choice_widget = forms.ChoiceField(label=_("Shown as"), choices=ChoiceWidget.choices, initial=ChoiceWidget.RADIO)
    min_choices = forms.IntegerField(label=_("Minimum number of choices"), required=False, min_value=0, max_value=1000)
    max_choices = forms.IntegerField(label=_("Maximum number of choices"), required=False, min_value=1, max_value=1000)
    scale_kind = forms.ChoiceField(label=_("Scale"), choices=ScaleKind.choices, initial=ScaleKind.LABELLED)
    min_value = forms.DecimalField(label=_("Lowest value"), required=False, max_digits=15, decimal_places=4)
    max_value = forms.DecimalField(label=_("Highest value"), required=False, max_digits=15, decimal_places=4)
    allow_decimals = forms.BooleanField(label=_("Decimals allowed"), required=False)
    options_text = forms.CharField(
        label=_("Answer options"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false"}),
        help_text=_(
            "One option per line: code | label. Add '| anders' for 'other, namely' with a text box, "
            "'| buiten-schaal' for an answer such as 'weet niet' that is left out of averages, or '| 3' for a score. "
            "Yes/no and report mark questions get their answers automatically."
        ),
    )
    statements_text = forms.CharField(
        label=_("Statements (matrix)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One statement per line: code | statement. All statements share the answer options above."),
    )

    def __init__(self, *args, survey: Survey, instance: Question | None = None, locked: bool = False, **kwargs):
        self.survey = survey
        self.instance = instance
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "section": instance.section_id,
                "code": instance.code,
                "text": instance.text,
                "help_text": instance.help_text,
                "is_required": instance.is_required,
                "question_type": instance.question_type,
                "max_length": instance.max_length,
                "choice_widget": instance.choice_widget,
                "min_choices": instance.min_choices,
                "max_choices": instance.max_choices,
                "scale_kind": instance.scale_kind,
                "min_value": instance.min_value,
                "max_value": instance.max_value,
                "allow_decimals": instance.allow_decimals,
                "options_text": _options_initial(instance),
                "statements_text": "\n".join(f"{s.code} | {s.text}" for s in instance.statements.all()),
            }
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = Section.objects.filter(survey=survey).order_by("position", "id")
        if locked:
            for name in ("section", "code", "question_type", "is_required", "max_length", "choice_widget"):
                self.fields[name].disabled = True
            for name in ("min_choices", "max_choices", "scale_kind", "min_value", "max_value", "allow_decimals"):
                self.fields[name].disabled = True
        reason = ()
        if locked:
            self.fields["change_reason"] = forms.CharField(
                label=_("Reason for changing a text"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=_(
                    "Responses have come in. If you change the text of the question, an option or a statement, "
                    "say why. The change is shown with the results and in the codebook."
                ),
            )
            reason = ("change_reason",)
        self.helper = _helper(
            Fieldset(
                _("The question"), "section", "code", "text", "help_text", "is_required", "question_type", *reason
            ),
            Fieldset(_("Answer options"), "options_text", data_types=_types(*OPTION_TYPES)),
            Fieldset(_("Statements"), "statements_text", data_types=_types(QuestionType.MATRIX)),
            Fieldset(
                _("Settings for text questions"),
                "max_length",
                data_types=_types(QuestionType.SHORT_TEXT, QuestionType.LONG_TEXT),
            ),
            Fieldset(_("Settings for single choice"), "choice_widget", data_types=_types(QuestionType.SINGLE_CHOICE)),
            Fieldset(
                _("Settings for multiple choice"),
                "min_choices",
                "max_choices",
                data_types=_types(QuestionType.MULTIPLE_CHOICE),
            ),
            Fieldset(
                _("Settings for scales and matrices"),
                "scale_kind",
                data_types=_types(QuestionType.SCALE, QuestionType.MATRIX),
            ),
            Fieldset(
                _("Settings for number questions"),
                "min_value",
                "max_value",
                "allow_decimals",
                data_types=_types(QuestionType.NUMBER),
            ),
        )

    def clean_code(self):
        code = self.cleaned_data["code"]
        others = Question.objects.filter(survey=self.survey, code=code)
        if self.instance is not None:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise ValidationError(_("This survey already has a question with this variable code."))
        return code

    def clean(self):
        cleaned = super().clean()
        question_type = cleaned.get("question_type")
        if not question_type:
            return cleaned
        options, option_errors = _parse_lines(cleaned.get("options_text", ""), kind="option")
        statements, statement_errors = _parse_lines(cleaned.get("statements_text", ""), kind="statement")
        for error in option_errors:
            self.add_error("options_text", error)
        for error in statement_errors:
            self.add_error("statements_text", error)
        if question_type in OPTION_TYPES and not option_errors:
            self._check_options(question_type, cleaned.get("scale_kind"), options)
        elif question_type not in OPTION_TYPES and options:
            self.add_error("options_text", _("This type of question has no answer options; leave this empty."))
        if question_type == QuestionType.MATRIX and not statements and not statement_errors:
            self.add_error("statements_text", _("A matrix needs at least one statement."))
        elif question_type != QuestionType.MATRIX and statements:
            self.add_error("statements_text", _("Only a matrix question has statements; leave this empty."))
        low, high = cleaned.get("min_choices"), cleaned.get("max_choices")
        if question_type == QuestionType.MULTIPLE_CHOICE:
            if low is not None and high is not None and high < low:
                self.add_error("max_choices", _("The maximum number of choices must not be below the minimum."))
            if low is not None and low > len(options):
                self.add_error("min_choices", _("The minimum is more than the number of options."))
        if question_type == QuestionType.NUMBER:
            low_value, high_value = cleaned.get("min_value"), cleaned.get("max_value")
            if low_value is not None and high_value is not None and high_value < low_value:
                self.add_error("max_value", _("The highest value must not be below the lowest value."))
        cleaned["options"] = options
        cleaned["statements"] = statements
        return cleaned

    def _check_options(self, question_type, scale_kind, options):
        fixed = None
        if question_type == QuestionType.YES_NO:
            fixed = {code for code, _label in YES_NO_OPTIONS}
        elif question_type in (QuestionType.SCALE, QuestionType.MATRIX) and scale_kind == ScaleKind.GRADE:
            fixed = {str(point) for point in GRADE_POINTS}
        for option in options:
            if option["is_other"] and question_type not in (QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_CHOICE):
                self.add_error("options_text", _("Only a choice question can have an 'anders' option."))
                return
            if option["is_off_scale"] and question_type not in (
                QuestionType.SCALE,
                QuestionType.MATRIX,
                QuestionType.YES_NO,
            ):
                self.add_error(
                    "options_text", _("Only a scale, matrix or yes/no question has a 'buiten-schaal' answer.")
                )
                return
            if fixed is not None and not option["is_off_scale"] and option["code"] not in fixed:
                self.add_error(
                    "options_text",
                    _("%(code)r is not one of the fixed answers of this question; mark it '| buiten-schaal'.")
                    % {"code": option["code"]},
                )
                return
        if fixed is None and len([o for o in options if not o["is_off_scale"]]) < 2:
            self.add_error("options_text", _("Give at least two answer options, one per line."))

    def service_fields(self) -> dict:
        """The cleaned values the builder services take: only the settings of the chosen type."""
        data = self.cleaned_data
        question_type = data["question_type"]
        fields = {
            "code": data["code"],
            "text": data["text"],
            "help_text": data["help_text"],
            "is_required": data["is_required"],
            "question_type": question_type,
        }
        settings_by_key = {
            "max_length": ("max_length",),
            "choice_widget": ("choice_widget",),
            "min_choices": ("min_choices",),
            "max_choices": ("max_choices",),
            "scale_kind": ("scale_kind",),
            "min_value": ("min_value",),
            "max_value": ("max_value",),
            "allow_decimals": ("allow_decimals",),
        }
        for key in TYPE_SETTINGS[question_type]:
            for name in settings_by_key.get(key, ()):
                fields[name] = data.get(name)
        fields["options"] = data["options"] if question_type in OPTION_TYPES else []
        fields["statements"] = data["statements"] if question_type == QuestionType.MATRIX else []
        if "change_reason" in data:
            fields["change_reason"] = data["change_reason"]
        return fields


class OptionChoiceField(forms.ModelMultipleChoiceField):
    """Options shown with their question code, e.g. 'B1: Ja (ja)'."""

    def label_from_instance(self, obj):
        return f"{obj.question.code}: {obj.label} ({obj.code})"


class LogicRuleForm(PortalForm):
    """A skip-logic rule: show this question or page only when an earlier choice answer is (not) one of options."""

    source_question = forms.ModelChoiceField(
        label=_("Depends on the answer to"),
        queryset=Question.objects.none(),
        error_messages={
            "required": _("Choose the earlier question this depends on."),
            "invalid_choice": _("Choose an earlier choice question of this survey."),
        },
    )
    operator = forms.ChoiceField(
        label=_("Condition"),
        choices=LogicOperator.choices,
        widget=forms.RadioSelect,
        initial=LogicOperator.IS_ONE_OF,
        error_messages={"invalid_choice": _("Choose 'is one of' or 'is not one of'.")},
    )
    options = OptionChoiceField(
        label=_("Answers"),
        queryset=Option.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one answer."),
            "invalid_choice": _("Choose only answers of an earlier question of this survey."),
            "invalid_pk_value": _("Choose only answers of an earlier question of this survey."),
        },
    )

    def __init__(self, *args, sources: list[Question], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source_question"].queryset = Question.objects.filter(pk__in=[q.pk for q in sources]).order_by(
            "section__position", "section_id", "position", "id"
        )
        self.fields["options"].queryset = (
            Option.objects.filter(question__in=[q.pk for q in sources])
            .select_related("question")
            .order_by("question__section__position", "question__position", "question_id", "position", "id")
        )
        # Shown grouped under each question (validation still uses the scoped queryset above).
        groups: dict[int, tuple[str, list]] = {}
        for option in self.fields["options"].queryset:
            question = option.question
            heading = f"{question.code}: {Truncator(question.text).chars(80)}"
            groups.setdefault(question.pk, (heading, []))[1].append(
                (option.pk, f"{question.code}: {option.label} ({option.code})")
            )
        self.fields["options"].widget.choices = list(groups.values())
        self.helper = _helper("source_question", "operator", "options")

    def clean(self):
        cleaned = super().clean()
        source, options = cleaned.get("source_question"), cleaned.get("options")
        if source and options and any(option.question_id != source.pk for option in options):
            self.add_error("options", _("Choose only answers of the question the rule depends on."))
        return cleaned


class SurveyImportForm(PortalForm):
    """Upload a survey definition (JSON) to create a new draft survey."""

    gemeente = forms.ModelChoiceField(
        label=_("Gemeente"),
        queryset=None,
        empty_label=None,
        error_messages={"invalid_choice": _("You cannot make a survey for this gemeente.")},
    )
    file = forms.FileField(
        label=_("Survey file (JSON)"),
        help_text=_("A file exported from this portal or shared by another gemeente."),
        error_messages={"required": _("Choose a file."), "empty": _("The file is empty.")},
    )

    def __init__(self, *args, gemeenten, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gemeente"].queryset = gemeenten
        self.helper = _helper("gemeente", "file")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise ValidationError(_("The file is too large (at most 1 MB)."))
        try:
            data = survey_definition_parse(upload.read())
            self.cleaned_definition = survey_definition_clean(data)
        except SurveyDefinitionError as error:
            raise ValidationError(error.errors) from error
        self.definition = data
        return upload


class GemeenteChoiceForm(PortalForm):
    """Which of the user's gemeenten a template or copy goes to."""

    gemeente = forms.ModelChoiceField(
        label=_("Gemeente"),
        queryset=None,
        empty_label=None,
        error_messages={
            "required": _("Choose a gemeente."),
            "invalid_choice": _("You cannot make a survey for this gemeente."),
        },
    )

    def __init__(self, *args, gemeenten, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gemeente"].queryset = gemeenten
        self.helper = _helper("gemeente")


class SurveyStatusForm(PortalForm):
    """Open or close a survey."""

    status = forms.ChoiceField(
        choices=[(SurveyStatus.OPEN, SurveyStatus.OPEN.label), (SurveyStatus.CLOSED, SurveyStatus.CLOSED.label)],
        error_messages={"invalid_choice": _("Choose open or closed."), "required": _("Choose open or closed.")},
    )


class MoveForm(PortalForm):
    """Move up or down."""

    direction = forms.ChoiceField(
        choices=[("up", "up"), ("down", "down")],
        error_messages={"invalid_choice": _("Choose up or down."), "required": _("Choose up or down.")},
    )
