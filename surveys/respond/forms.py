"""Forms a resident fills in: one page (section) of a survey, the resume code and the e-mail opt-ins.

The page form is built from the section's questions. Every field is optional at field level: whether a
question is required depends on skip logic, which ``SectionForm.clean`` evaluates with the answers of
this page and the earlier pages together. Messages are in plain Dutch (through the catalogue).
"""

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from participatie.forms import PortalForm

from ..constants import (
    HONEYPOT_FIELD,
    LONG_TEXT_MAX_LENGTH,
    RESUME_CODE_ALPHABET,
    RESUME_CODE_LENGTH,
    SHORT_TEXT_MAX_LENGTH,
    AssistedBy,
    ChoiceWidget,
    PilotCommentKind,
    QuestionType,
)
from ..logic import SurveyStructure, visibility
from ..models import Answer, Question, Section

INVALID_CHOICE = _("Choose one of the answers in the list.")
OTHER_TEXT_LIMIT = 200


def text_limit(question: Question) -> int:
    """The maximum number of characters of a text answer."""
    if question.max_length:
        return question.max_length
    return LONG_TEXT_MAX_LENGTH if question.question_type == QuestionType.LONG_TEXT else SHORT_TEXT_MAX_LENGTH


def _length(value: str) -> int:
    # Browsers send a line break as two characters; count it as one, as the person sees it.
    return len(value.replace("\r\n", "\n"))


class TextAnswerField(forms.CharField):
    """A text answer with a maximum length and a message that says how much too long it is."""

    def __init__(self, *, limit: int, **kwargs):
        self.limit = limit
        super().__init__(required=False, strip=True, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        count = _length(value)
        if count > self.limit:
            raise ValidationError(
                ngettext(
                    "Use at most %(limit)d character; you used %(count)d.",
                    "Use at most %(limit)d characters; you used %(count)d.",
                    self.limit,
                )
                % {"limit": self.limit, "count": count},
                code="max_length",
            )
        return value.replace("\r\n", "\n")


def format_number(value: Decimal) -> str:
    """A stored number as a Dutch reader writes it (comma, no trailing zeros)."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


class NumberAnswerField(forms.CharField):
    """A number, whole or with decimals (comma or point), between an optional lowest and highest value."""

    def __init__(self, *, min_value=None, max_value=None, allow_decimals=False, **kwargs):
        self.min_value, self.max_value, self.allow_decimals = min_value, max_value, allow_decimals
        super().__init__(required=False, strip=True, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        text = value.replace(" ", "").replace("\u00a0", "")
        if not re.fullmatch(r"[-+]?\d{1,15}([.,]\d{1,4})?", text):
            if self.allow_decimals:
                raise ValidationError(_("Enter a number, for example 12 or 3,5."), code="invalid")
            raise ValidationError(_("Enter a whole number, for example 12."), code="invalid")
        try:
            number = Decimal(text.replace(",", "."))
        except InvalidOperation as error:  # pragma: no cover - the pattern above rules this out
            raise ValidationError(_("Enter a number, for example 12 or 3,5."), code="invalid") from error
        if not self.allow_decimals and number != number.to_integral_value():
            raise ValidationError(_("Enter a whole number, without a comma."), code="whole")
        low, high = self.min_value, self.max_value
        if (low is not None and number < low) or (high is not None and number > high):
            params = {
                "min": format_number(low) if low is not None else "",
                "max": format_number(high) if high is not None else "",
            }
            if low is not None and high is not None:
                message = _("Enter a number from %(min)s to %(max)s.")
            elif low is not None:
                message = _("Enter a number of %(min)s or more.")
            else:
                message = _("Enter a number of %(max)s or less.")
            raise ValidationError(message % params, code="range")
        return number


DATE_PATTERNS = (
    re.compile(r"(?P<day>\d{1,2})[-/. ](?P<month>\d{1,2})[-/. ](?P<year>\d{4})"),
    re.compile(r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})"),
)


class DateAnswerField(forms.CharField):
    """A date typed as day-month-year (15-3-2024), also 15/3/2024 or 2024-03-15."""

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        for pattern in DATE_PATTERNS:
            match = pattern.fullmatch(value.strip())
            if match:
                try:
                    parsed = date(int(match["year"]), int(match["month"]), int(match["day"]))
                except ValueError:
                    break
                if 1900 <= parsed.year <= 2100:
                    return parsed
                break
        raise ValidationError(_("Enter a date as day-month-year, for example 15-3-2024."), code="invalid")


def format_date(value: date) -> str:
    return f"{value.day}-{value.month}-{value.year}"


def _field_copy(field: forms.Field) -> forms.Field:
    """A shallow copy of a field (as copy.copy, without its reduce protocol overhead)."""
    clone = object.__new__(type(field))
    clone.__dict__.update(field.__dict__)
    return clone


def _section_fields(structure: SurveyStructure, section: Section) -> dict[str, forms.Field]:
    """The form fields of one section, built once per (cached) survey structure."""
    cache = structure.__dict__.setdefault("_form_fields", {})
    fields = cache.get(section.pk)
    if fields is None:
        fields = {}
        for question in structure.questions_of(section):
            fields.update(_question_fields(question))
        cache[section.pk] = fields
    return fields


def _question_fields(question: Question) -> dict[str, forms.Field]:
    """The form fields of one question: one per question, one per matrix statement, plus 'other, namely'."""
    name = f"q{question.pk}"
    kind = question.question_type
    label = question.text
    fields = {}
    if kind in (QuestionType.SHORT_TEXT, QuestionType.LONG_TEXT):
        # A long text is a text area (line breaks allowed); a short text is one line.
        widget = forms.Textarea if kind == QuestionType.LONG_TEXT else forms.TextInput
        fields[name] = TextAnswerField(limit=text_limit(question), label=label, widget=widget)
    elif kind == QuestionType.NUMBER:
        fields[name] = NumberAnswerField(
            min_value=question.min_value,
            max_value=question.max_value,
            allow_decimals=question.allow_decimals,
            label=label,
        )
    elif kind == QuestionType.DATE:
        fields[name] = DateAnswerField(required=False, label=label)
    elif kind == QuestionType.MULTIPLE_CHOICE:
        fields[name] = forms.MultipleChoiceField(
            required=False,
            label=label,
            choices=[(str(option.pk), option.label) for option in question.option_list],
            error_messages={"invalid_choice": INVALID_CHOICE, "invalid_list": INVALID_CHOICE},
        )
    elif kind == QuestionType.MATRIX:
        choices = [(str(option.pk), option.label) for option in question.option_list]
        for statement in question.statement_list:
            fields[f"{name}_{statement.pk}"] = forms.ChoiceField(
                required=False,
                label=statement.text,
                choices=[("", "")] + choices,
                error_messages={"invalid_choice": INVALID_CHOICE},
            )
    else:  # single choice, scale, yes/no: one option
        fields[name] = forms.ChoiceField(
            required=False,
            label=label,
            choices=[("", "")] + [(str(option.pk), option.label) for option in question.option_list],
            error_messages={"invalid_choice": INVALID_CHOICE},
        )
    if kind != QuestionType.MATRIX and any(option.is_other for option in question.option_list):
        fields[f"{name}_other"] = TextAnswerField(limit=OTHER_TEXT_LIMIT, label=_("Other, namely"))
    return fields


# Answer's columns in model order, as ``answer_row`` passes them (a test checks this against the model).
ANSWER_ROW_FIELDS = (
    "id",
    "response_id",
    "question_id",
    "option_id",
    "statement_id",
    "text_value",
    "number_value",
    "date_value",
)


def answer_row(
    question_id: int,
    *,
    option_id: int | None = None,
    statement_id: int | None = None,
    text_value: str = "",
    number_value: Decimal | None = None,
    date_value: date | None = None,
) -> Answer:
    """An unsaved Answer, as ``Answer(question_id=..., ...)`` gives it, built from positional values.

    Model.__init__ with every field positional skips the keyword look-ups and per-field defaults (about half the
    cost of the keyword form); a page builds up to a row per question on every POST.
    """
    return Answer(None, None, question_id, option_id, statement_id, text_value, number_value, date_value)


class SectionForm(PortalForm):
    """The questions of one section (page), validated together with skip logic.

    After ``is_valid()``: ``page_rows`` holds the unsaved Answer rows per visible question of this page,
    ``visibility`` the sections and questions shown given all answers.
    """

    def __init__(
        self,
        *args,
        structure: SurveyStructure,
        section: Section,
        stored: dict,
        require: bool = True,
        rendered: set[int] | None = None,
        group_id: int | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.structure, self.section, self.stored, self.require = structure, section, stored, require
        self.group_id = group_id  # the respondent group (skip logic on the group)
        # The questions the respondent saw; one that appears only now (skip logic on this page) is not yet required.
        self.rendered = rendered
        self.questions = structure.questions_of(section)
        self.page_rows: dict[int, list[Answer]] = {}
        self.visibility = None
        for name, field in _section_fields(structure, section).items():
            # A shallow copy per form: the definitions are built once per survey structure (kept in
            # memory, keyed by its updated_at), and no form changes a field's attributes in place.
            self.fields[name] = _field_copy(field)
        for question in self.questions:
            self._add_initial(question, stored.get(question.pk, []))
        self.fields[HONEYPOT_FIELD] = forms.CharField(required=False)

    # Building -------------------------------------------------------------------------

    def _add_initial(self, question: Question, rows: list[Answer]):
        name = f"q{question.pk}"
        kind = question.question_type
        if kind in (QuestionType.SHORT_TEXT, QuestionType.LONG_TEXT):
            self.initial[name] = rows[0].text_value if rows else ""
        elif kind == QuestionType.NUMBER:
            self.initial[name] = (
                format_number(rows[0].number_value) if rows and rows[0].number_value is not None else ""
            )
        elif kind == QuestionType.DATE:
            self.initial[name] = format_date(rows[0].date_value) if rows and rows[0].date_value else ""
        elif kind == QuestionType.MATRIX:
            by_statement = {row.statement_id: row for row in rows}
            for statement in question.statement_list:
                row = by_statement.get(statement.pk)
                self.initial[f"{name}_{statement.pk}"] = str(row.option_id) if row else ""
        else:
            if kind == QuestionType.MULTIPLE_CHOICE:
                self.initial[name] = [str(row.option_id) for row in rows]
            else:  # single choice, scale, yes/no: one option
                self.initial[name] = str(rows[0].option_id) if rows else ""
            if f"{name}_other" in self.fields:
                self.initial[f"{name}_other"] = next((row.text_value for row in rows if row.text_value), "")

    # Validation -----------------------------------------------------------------------

    def clean(self):
        cleaned = super().clean()
        page_rows = {}
        for question in self.questions:
            rows = self._rows_for(question, cleaned)
            if rows:
                page_rows[question.pk] = rows
        own = {question.pk for question in self.questions}
        merged = {qid: rows for qid, rows in self.stored.items() if qid not in own}
        merged.update(page_rows)
        self.visibility = visibility(self.structure, merged, group_id=self.group_id)
        shown = self.visibility.question_ids
        for question in self.questions:
            names = self.field_names(question)
            if question.pk not in shown:
                # Hidden by skip logic: whatever was sent is ignored and not stored.
                for name in names:
                    self._errors.pop(name, None)
                page_rows.pop(question.pk, None)
                continue
            if any(name in self._errors for name in names):
                page_rows.pop(question.pk, None)
                continue
            if self.rendered is not None and question.pk not in self.rendered:
                continue
            self._check_answer(question, page_rows.get(question.pk, []), cleaned)
        self.page_rows = {qid: rows for qid, rows in page_rows.items() if qid in shown}
        return cleaned

    def field_names(self, question: Question) -> list[str]:
        name = f"q{question.pk}"
        if question.question_type == QuestionType.MATRIX:
            return [f"{name}_{statement.pk}" for statement in question.statement_list]
        if f"{name}_other" in self.fields:
            return [name, f"{name}_other"]
        return [name]

    def _rows_for(self, question: Question, cleaned: dict) -> list[Answer]:
        name = f"q{question.pk}"
        kind = question.question_type
        if kind in (QuestionType.SHORT_TEXT, QuestionType.LONG_TEXT):
            value = cleaned.get(name)
            return [answer_row(question.pk, text_value=value)] if value else []
        if kind == QuestionType.NUMBER:
            value = cleaned.get(name)
            return [answer_row(question.pk, number_value=value)] if value is not None else []
        if kind == QuestionType.DATE:
            value = cleaned.get(name)
            return [answer_row(question.pk, date_value=value)] if value else []
        if kind == QuestionType.MATRIX:
            rows = []
            for statement in question.statement_list:
                value = cleaned.get(f"{name}_{statement.pk}")
                if value:
                    rows.append(answer_row(question.pk, statement_id=statement.pk, option_id=int(value)))
            return rows
        other = cleaned.get(f"{name}_other") or ""
        values = cleaned.get(name) or []
        if isinstance(values, str):
            values = [values]
        rows = []
        # One row per option, also when a crafted post names it twice (the answer's unique key would refuse it).
        for value in dict.fromkeys(values):
            option = question.option_by_id[int(value)]
            rows.append(answer_row(question.pk, option_id=option.pk, text_value=other if option.is_other else ""))
        return rows

    def _check_answer(self, question: Question, rows: list[Answer], cleaned: dict):
        name = f"q{question.pk}"
        kind = question.question_type
        if kind == QuestionType.MATRIX:
            if self.require and question.is_required:
                answered = {row.statement_id for row in rows}
                for statement in question.statement_list:
                    if statement.pk not in answered:
                        self.add_error(f"{name}_{statement.pk}", _("Choose an answer for this statement."))
            return
        if not rows:
            if self.require and question.is_required:
                if kind in (QuestionType.SHORT_TEXT, QuestionType.LONG_TEXT, QuestionType.NUMBER, QuestionType.DATE):
                    self.add_error(name, _("Answer this question."))
                elif kind == QuestionType.MULTIPLE_CHOICE:
                    self.add_error(name, _("Choose at least one answer."))
                else:
                    self.add_error(name, _("Choose an answer."))
            return
        if kind == QuestionType.MULTIPLE_CHOICE:
            count = len(rows)
            if question.max_choices and count > question.max_choices:
                self.add_error(
                    name,
                    ngettext("Choose at most %(max)d answer.", "Choose at most %(max)d answers.", question.max_choices)
                    % {"max": question.max_choices},
                )
            elif question.min_choices and count < question.min_choices and (self.require or count):
                self.add_error(
                    name,
                    ngettext(
                        "Choose at least %(min)d answer.", "Choose at least %(min)d answers.", question.min_choices
                    )
                    % {"min": question.min_choices},
                )
        chosen_other = any(question.option_by_id[row.option_id].is_other for row in rows if row.option_id)
        if chosen_other and self.require and not cleaned.get(f"{name}_other"):
            self.add_error(f"{name}_other", _("Fill in what you mean by 'other'."))

    # Rendering --------------------------------------------------------------------------

    def question_blocks(self, shown: set[int]) -> list[dict]:
        """What the template needs per visible question: ids, values, options and errors."""
        blocks = []
        for question in self.questions:
            if question.pk not in shown:
                continue
            blocks.append(self._block(question))
        return blocks

    def _block(self, question: Question) -> dict:
        name = f"q{question.pk}"
        kind = question.question_type
        block = {
            "question": question,
            "name": name,
            "id": f"id_{name}",
            "kind": kind,
            "optional": not question.is_required,
            "errors": self._field_errors(name),
        }
        if kind in (QuestionType.SHORT_TEXT, QuestionType.LONG_TEXT, QuestionType.NUMBER, QuestionType.DATE):
            block["value"] = self[name].value() or ""
            block["template"] = "input"
            if kind == QuestionType.LONG_TEXT:
                block["template"] = "textarea"
            if kind in (QuestionType.SHORT_TEXT, QuestionType.LONG_TEXT):
                block["limit"] = text_limit(question)
        elif kind == QuestionType.MATRIX:
            block["template"] = "matrix"
            block["statements"] = []
            for statement in question.statement_list:
                field_name = f"{name}_{statement.pk}"
                value = self[field_name].value() or ""
                block["statements"].append(
                    {
                        "statement": statement,
                        "name": field_name,
                        "id": f"id_{field_name}",
                        "errors": self._field_errors(field_name),
                        "options": self._options(question, f"id_{field_name}", {str(value)}),
                    }
                )
            block["errors"] = [error for item in block["statements"] for error in item["errors"]]
        else:
            value = self[name].value()
            selected = {str(v) for v in value} if isinstance(value, list | tuple) else {str(value or "")}
            block["options"] = self._options(question, f"id_{name}", selected)
            block["template"] = "choice"
            block["multiple"] = kind == QuestionType.MULTIPLE_CHOICE
            block["select"] = kind == QuestionType.SINGLE_CHOICE and question.choice_widget == ChoiceWidget.SELECT
            block["scale"] = kind == QuestionType.SCALE
            if f"{name}_other" in self.fields:
                block["other"] = {
                    "name": f"{name}_other",
                    "id": f"id_{name}_other",
                    "value": self[f"{name}_other"].value() or "",
                    "errors": self._field_errors(f"{name}_other"),
                }
        described = []
        if question.help_text:
            described.append("hint")
        if block.get("limit"):
            described.append("limit")
        if kind == QuestionType.DATE:
            described.append("format")
        if block.get("multiple"):
            described.append("multi")
        if block["errors"] and kind != QuestionType.MATRIX:
            described.append("error")
        block["describedby"] = " ".join(f"{block['id']}-{part}" for part in described)
        return block

    def _options(self, question, base_id, selected):
        return [
            {
                "value": str(option.pk),
                "label": option.label,
                "id": f"{base_id}_{index}",
                "checked": str(option.pk) in selected,
                "off_scale": option.is_off_scale,
                "other": option.is_other,
            }
            for index, option in enumerate(question.option_list)
        ]

    def _field_errors(self, name):
        return list(self.errors.get(name, [])) if self.is_bound else []

    def error_links(self, blocks: list[dict]) -> list[dict]:
        """The error summary: one link per error, to the first input of the question."""
        links = []
        for block in blocks:
            if block["kind"] == QuestionType.MATRIX:
                for item in block["statements"]:
                    for error in item["errors"]:
                        links.append({"href": f"#{item['id']}_0", "label": item["statement"].text, "error": error})
                continue
            target = f"#{block['id']}_0" if block.get("options") and not block.get("select") else f"#{block['id']}"
            for error in block["errors"]:
                links.append({"href": target, "label": block["question"].text, "error": error})
            other = block.get("other")
            if other:
                for error in other["errors"]:
                    links.append({"href": f"#{other['id']}", "label": _("Other, namely"), "error": error})
        return links


class ResumeForm(PortalForm):
    """The resume code (hervatcode) with which a respondent continues later."""

    code = forms.CharField(
        label=_("Your code"),
        max_length=40,
        help_text=_("The code has 12 letters and digits, for example ABCD-EFGH-JKMN. Dashes and spaces do not matter."),
        error_messages={"required": _("Enter your code."), "max_length": _("This code is too long.")},
    )

    def clean_code(self):
        code = re.sub(r"[\s-]", "", self.cleaned_data["code"]).upper()
        if len(code) != RESUME_CODE_LENGTH or any(char not in RESUME_CODE_ALPHABET for char in code):
            raise ValidationError(_("This is not a valid code. Check the letters and digits."))
        return code


class EmailForm(PortalForm):
    """An e-mail address: for the terugkoppeling, or to receive the resume link."""

    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        error_messages={
            "required": _("Enter your e-mail address."),
            "invalid": _("Enter an e-mail address like name@example.nl."),
        },
    )


def answer_display(question: Question, rows: list[Answer]) -> list[str]:
    """An answer as text for the summary page, one line per chosen option or statement."""
    kind = question.question_type
    if not rows:
        return []
    if kind in (QuestionType.SHORT_TEXT, QuestionType.LONG_TEXT):
        return [rows[0].text_value]
    if kind == QuestionType.NUMBER:
        return [format_number(rows[0].number_value)]
    if kind == QuestionType.DATE:
        return [format_date(rows[0].date_value)]
    if kind == QuestionType.MATRIX:
        by_statement = {row.statement_id: row for row in rows}
        lines = []
        for statement in question.statement_list:
            row = by_statement.get(statement.pk)
            if row:
                lines.append(f"{statement.text} – {question.option_by_id[row.option_id].label}")
        return lines
    lines = []
    for row in rows:
        option = question.option_by_id.get(row.option_id)
        if option is None:
            continue
        lines.append(f"{option.label}: {row.text_value}" if option.is_other and row.text_value else option.label)
    return lines


class PilotCommentForm(PortalForm):
    """A tester's remark on one question of the page, in the pilot round (proefronde)."""

    question = forms.TypedChoiceField(label=_("About which question?"), coerce=int)
    kind = forms.ChoiceField(
        label=_("What is wrong with it?"), choices=PilotCommentKind.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label=_("Explain (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: which word is difficult, or which answer you miss."),
    )

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.question_by_id = {question.pk: question for question in questions}
        self.fields["question"].choices = [
            (question.pk, f"{question.code}: {question.text[:80]}") for question in questions
        ]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == PilotCommentKind.OTHER and not cleaned.get("text", "").strip():
            self.add_error("text", _("Say in a few words what is wrong with the question."))
        return cleaned


# The help question's field, built once; AssistanceForm gives every form a shallow copy (no form changes it).
ASSISTED_BY_FIELD = forms.ChoiceField(
    label=_("Did someone help you fill in this survey?"),
    choices=[("", _("No, or I would rather not say")), *AssistedBy.choices],
    required=False,
    widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    help_text=_("You do not have to answer this. We only count how many people had help."),
    error_messages={"invalid_choice": _("Choose one of the answers.")},
)


class AssistanceForm(PortalForm):
    """On the last page, asked by the portal (not a survey question): did someone help? Optional.

    An answer sets the response's kind of help (in general terms) and its channel to "online met hulp".
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A shallow copy of one field built at import, as SectionForm does with its fields: a declared field would
        # be deep-copied (choices, widget, lazy texts) on every "Versturen", a tenth of a submission's CPU time.
        self.fields["assisted_by"] = _field_copy(ASSISTED_BY_FIELD)
