"""Surveys (vragenlijsten): their structure, the responses of residents and the opt-in e-mail addresses.

Structure: Survey -> Section (page) -> Question -> Option / MatrixStatement, plus LogicRule (skip logic).
Answers: Response -> Answer. E-mail addresses for the terugkoppeling live in TerugkoppelingEmail,
keyed by survey and never linked to a response.
"""

import secrets
import uuid
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from participatie.constants import TargetGroup
from participatie.models import Gemeente, User

from .constants import (
    ANSWER_EXPORT_ACTIVE_STATUSES,
    DEFAULT_RESPONSE_LANGUAGE,
    DEFAULT_RETENTION_DAYS,
    INVITATION_CODE_LENGTH,
    LONG_TEXT_LIMIT,
    RESUME_CODE_ALPHABET,
    RESUME_CODE_LENGTH,
    AnswerExportFormat,
    AnswerExportStatus,
    AssistedBy,
    ChoiceWidget,
    CleaningAction,
    ExclusionKind,
    ExportValueMode,
    LogicOperator,
    MethodKind,
    PilotCommentKind,
    QuestionType,
    ResponseChannel,
    ResponseSource,
    ResponseStatus,
    RetentionMode,
    RevisionTarget,
    ScaleKind,
    SurveyLanguageCode,
    SurveyStatus,
    TranslatedKind,
)

code_validator = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9_.-]*$",
    _("Use letters, digits, '-', '_' or '.', starting with a letter or digit (for example B1 or leeftijd)."),
)


def new_public_token() -> str:
    """A random, unguessable token for a survey's public link."""
    return secrets.token_urlsafe(12)


def new_resume_code() -> str:
    """A random code with which a respondent continues later (hervatcode); easy to type over."""
    return "".join(secrets.choice(RESUME_CODE_ALPHABET) for _ in range(RESUME_CODE_LENGTH))


class Survey(models.Model):
    """A questionnaire (vragenlijst) of a gemeente that residents fill in."""

    gemeente = models.ForeignKey(Gemeente, on_delete=models.CASCADE, related_name="surveys", verbose_name=_("gemeente"))
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200)
    public_token = models.CharField(
        _("public link code"), max_length=32, unique=True, default=new_public_token, editable=False
    )
    introduction = models.TextField(
        _("introduction"), blank=True, help_text=_("Plain language: what the survey is about and how long it takes.")
    )
    privacy_text = models.TextField(
        _("privacy text"), blank=True, help_text=_("What happens with the answers and how long they are kept.")
    )
    method_kind = models.CharField(_("method"), max_length=20, choices=MethodKind.choices, default=MethodKind.POLLING)
    target_group = models.CharField(
        _("target group"), max_length=30, choices=TargetGroup.choices, default=TargetGroup.GENERAL
    )
    opens_at = models.DateTimeField(_("open from"), null=True, blank=True)
    closes_at = models.DateTimeField(_("open until"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=SurveyStatus.choices, default=SurveyStatus.CONCEPT, db_index=True
    )
    is_anonymous = models.BooleanField(
        _("anonymous"), default=True, help_text=_("Nothing that could identify a respondent is stored.")
    )
    is_public = models.BooleanField(
        _("listed on the public page"),
        default=False,
        help_text=_("While open, the survey is listed on the gemeente's public page."),
    )
    terugkoppeling_text = models.TextField(
        _("promised feedback"),
        blank=True,
        help_text=_("How participants will hear what was done with their answers. Shown to them."),
    )
    terugkoppeling_date = models.DateField(_("feedback promised by"), null=True, blank=True)
    retention_days = models.PositiveIntegerField(
        _("retention term (days after closing)"),
        default=DEFAULT_RETENTION_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
    )
    retention_mode = models.CharField(
        _("after the retention term"), max_length=20, choices=RetentionMode.choices, default=RetentionMode.ANONYMISE
    )
    requires_code = models.BooleanField(
        _("only with an invitation code"),
        default=False,
        help_text=_("Residents start with the code from their letter; the open link alone is not enough."),
    )
    max_responses = models.PositiveIntegerField(
        _("maximum number of responses"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Leave empty for no maximum."),
    )
    previous_round = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="next_rounds",
        verbose_name=_("previous round"),
        help_text=_("The earlier survey this one repeats; the results then compare both rounds per question."),
    )
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)
    purged_at = models.DateTimeField(_("answers removed at"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["gemeente", "slug"],
                name="survey_unique_gemeente_slug",
                violation_error_message=_("This gemeente already has a survey with this slug."),
            ),
            models.CheckConstraint(
                condition=Q(opens_at__isnull=True) | Q(closes_at__isnull=True) | Q(closes_at__gt=F("opens_at")),
                name="survey_closes_after_opens",
                violation_error_message=_("The closing moment must be after the opening moment."),
            ),
            models.CheckConstraint(
                condition=Q(max_responses__isnull=True) | Q(max_responses__gte=1),
                name="survey_max_responses_positive",
                violation_error_message=_("The maximum number of responses must be at least 1."),
            ),
            models.CheckConstraint(
                condition=Q(retention_days__gte=1),
                name="survey_retention_days_positive",
                violation_error_message=_("The retention term must be at least one day."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=SurveyStatus.values),
                name="survey_status_valid",
                violation_error_message=_("Unknown survey status."),
            ),
            models.CheckConstraint(
                condition=~Q(previous_round=F("pk")),
                name="survey_previous_round_not_self",
                violation_error_message=_("A survey cannot be its own previous round."),
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("The closing moment must be after the opening moment.")})
        if self.previous_round_id:
            if self.pk and self.previous_round_id == self.pk:
                raise ValidationError({"previous_round": _("A survey cannot be its own previous round.")})
            if self.previous_round.gemeente_id != self.gemeente_id:
                raise ValidationError(
                    {"previous_round": _("The previous round must be a survey of the same gemeente.")}
                )

    def is_accepting_responses(self, *, now=None) -> bool:
        """Open now: status open and within the open-from/until window (does not count the cap)."""
        now = now or timezone.now()
        if self.status != SurveyStatus.OPEN:
            return False
        if self.opens_at and now < self.opens_at:
            return False
        return not (self.closes_at and now >= self.closes_at)

    @property
    def has_responses(self) -> bool:
        """True once any respondent has saved a page; the structure is then locked (one query).

        Pilot responses (proefronde) do not count: the officer changes the questions after the testers' comments.
        """
        return self.responses.filter(is_pilot=False).exists()

    @property
    def retention_ends_at(self):
        """When the answers are due for removal, or None while the survey has not closed."""
        if self.closed_at is None:
            return None
        return self.closed_at + timedelta(days=self.retention_days)


class Section(models.Model):
    """A page (sectie) of a survey, with a title and intro; shown in `position` order."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="sections", verbose_name=_("survey"))
    position = models.PositiveIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=200)
    intro = models.TextField(_("introduction"), blank=True)

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["survey", "position", "id"]
        indexes = [models.Index(fields=["survey", "position"], name="survey_section_order")]

    def __str__(self):
        return self.title


class Question(models.Model):
    """A question (vraag) on a section, with a variable code unique in the survey."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions", verbose_name=_("survey"))
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="questions", verbose_name=_("section"))
    position = models.PositiveIntegerField(_("position"), default=0)
    code = models.CharField(
        _("variable code"),
        max_length=50,
        validators=[code_validator],
        help_text=_("A short, stable name for exports and logic, for example B1 or leeftijd."),
    )
    text = models.TextField(_("question"))
    help_text = models.TextField(_("help text"), blank=True)
    is_required = models.BooleanField(_("required"), default=True)
    # Fieldwork: the screening question whose options say which respondent group someone belongs to.
    is_group_question = models.BooleanField(
        _("group question"),
        default=False,
        help_text=_("The answer places the respondent in a group (each option maps to a group)."),
    )
    question_type = models.CharField(_("type"), max_length=20, choices=QuestionType.choices)
    # Text questions.
    max_length = models.PositiveIntegerField(
        _("maximum length"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(LONG_TEXT_LIMIT)],
        help_text=_("Maximum number of characters of a text answer."),
    )
    # Single choice.
    choice_widget = models.CharField(
        _("shown as"), max_length=20, choices=ChoiceWidget.choices, default=ChoiceWidget.RADIO
    )
    # Multiple choice.
    min_choices = models.PositiveSmallIntegerField(_("minimum number of choices"), null=True, blank=True)
    max_choices = models.PositiveSmallIntegerField(_("maximum number of choices"), null=True, blank=True)
    # Scale and matrix.
    scale_kind = models.CharField(_("scale"), max_length=20, choices=ScaleKind.choices, default=ScaleKind.LABELLED)
    # Number.
    min_value = models.DecimalField(_("lowest value"), max_digits=15, decimal_places=4, null=True, blank=True)
    max_value = models.DecimalField(_("highest value"), max_digits=15, decimal_places=4, null=True, blank=True)
    allow_decimals = models.BooleanField(_("decimals allowed"), default=False)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["survey", "section__position", "position", "id"]
        indexes = [models.Index(fields=["section", "position"], name="survey_question_order")]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "code"],
                name="survey_question_unique_code",
                violation_error_message=_("This survey already has a question with this variable code."),
            ),
            models.UniqueConstraint(
                fields=["survey"],
                condition=Q(is_group_question=True),
                name="survey_question_one_group_question",
                violation_error_message=_("A survey has at most one group question."),
            ),
            models.CheckConstraint(
                condition=Q(question_type__in=QuestionType.values),
                name="survey_question_type_valid",
                violation_error_message=_("Unknown question type."),
            ),
            models.CheckConstraint(
                condition=Q(min_choices__isnull=True)
                | Q(max_choices__isnull=True)
                | Q(max_choices__gte=F("min_choices")),
                name="survey_question_choices_range",
                violation_error_message=_("The maximum number of choices must not be below the minimum."),
            ),
            models.CheckConstraint(
                condition=Q(min_value__isnull=True) | Q(max_value__isnull=True) | Q(max_value__gte=F("min_value")),
                name="survey_question_value_range",
                violation_error_message=_("The highest value must not be below the lowest value."),
            ),
        ]

    def __str__(self):
        return f"{self.code}: {self.text[:60]}"

    def clean(self):
        super().clean()
        errors = {}
        if self.section_id and self.survey_id and self.section.survey_id != self.survey_id:
            errors["section"] = _("The section belongs to another survey.")
        if self.min_choices is not None and self.max_choices is not None and self.max_choices < self.min_choices:
            errors["max_choices"] = _("The maximum number of choices must not be below the minimum.")
        if self.min_value is not None and self.max_value is not None and self.max_value < self.min_value:
            errors["max_value"] = _("The highest value must not be below the lowest value.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_choice(self) -> bool:
        """Answers point to an Option, so the question can drive skip logic."""
        from .constants import CHOICE_TYPES

        return self.question_type in CHOICE_TYPES


class Option(models.Model):
    """An answer option (antwoordoptie) of a choice, scale, yes/no or matrix question: a code and a label.

    ``is_off_scale`` marks an answer like "weet niet / niet van toepassing" (counted, left out of
    percentages and averages); ``is_other`` marks "anders, namelijk ..." (the answer then carries a text).
    ``score`` is the numeric value of a scale point (1-5, or the mark 1-10) for averages.
    """

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options", verbose_name=_("question"))
    position = models.PositiveIntegerField(_("position"), default=0)
    code = models.CharField(_("code"), max_length=50, validators=[code_validator])
    label = models.CharField(_("label"), max_length=300)
    score = models.SmallIntegerField(_("score"), null=True, blank=True)
    is_off_scale = models.BooleanField(_("off-scale answer"), default=False)
    is_other = models.BooleanField(_("'other, namely' with a text"), default=False)
    # Fieldwork: on the group question, the respondent group this answer places someone in.
    respondent_group = models.ForeignKey(
        "RespondentGroup",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="options",
        verbose_name=_("respondent group"),
    )

    class Meta:
        verbose_name = _("answer option")
        verbose_name_plural = _("answer options")
        ordering = ["question", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "code"],
                name="survey_option_unique_code",
                violation_error_message=_("This question already has an option with this code."),
            ),
            models.CheckConstraint(
                condition=~(Q(is_off_scale=True) & Q(is_other=True)),
                name="survey_option_not_off_scale_and_other",
                violation_error_message=_("An option cannot be both off the scale and 'other, namely'."),
            ),
        ]

    def __str__(self):
        return f"{self.code}: {self.label}"


class MatrixStatement(models.Model):
    """A statement (stelling) of a matrix question, rated on the question's shared scale."""

    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="statements", verbose_name=_("question")
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    code = models.CharField(_("code"), max_length=50, validators=[code_validator])
    text = models.CharField(_("statement"), max_length=500)

    class Meta:
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        ordering = ["question", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "code"],
                name="survey_statement_unique_code",
                violation_error_message=_("This question already has a statement with this code."),
            ),
        ]

    def __str__(self):
        return f"{self.code}: {self.text[:60]}"


class LogicRule(models.Model):
    """A skip-logic rule (routering): show a question or section only when an earlier choice answer is
    (or is not) one of the given options. All rules of one target must hold."""

    target_question = models.ForeignKey(
        Question,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="logic_rules",
        verbose_name=_("question shown"),
    )
    target_section = models.ForeignKey(
        Section,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="logic_rules",
        verbose_name=_("section shown"),
    )
    source_question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="dependent_rules", verbose_name=_("depends on the answer to")
    )
    operator = models.CharField(
        _("condition"), max_length=20, choices=LogicOperator.choices, default=LogicOperator.IS_ONE_OF
    )
    options = models.ManyToManyField(Option, related_name="logic_rules", verbose_name=_("options"))

    class Meta:
        verbose_name = _("skip-logic rule")
        verbose_name_plural = _("skip-logic rules")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(target_question__isnull=False) & Q(target_section__isnull=True))
                | (Q(target_question__isnull=True) & Q(target_section__isnull=False)),
                name="survey_logic_rule_one_target",
                violation_error_message=_("A rule applies to either a question or a section."),
            ),
        ]

    def __str__(self):
        target = self.target_question or self.target_section
        return f"{target} <- {self.source_question.code} {self.get_operator_display()}"

    def clean(self):
        super().clean()
        from .constants import CHOICE_TYPES

        if self.source_question_id is None:
            return
        source = self.source_question
        if source.question_type not in CHOICE_TYPES:
            raise ValidationError(
                {"source_question": _("A rule can only depend on a choice, scale or yes/no question.")}
            )
        if self.target_question_id:
            target = self.target_question
            if target.survey_id != source.survey_id:
                raise ValidationError({"source_question": _("The question belongs to another survey.")})
            earlier = (source.section.position, source.section_id, source.position, source.pk) < (
                target.section.position,
                target.section_id,
                target.position,
                target.pk,
            )
            if target.pk == source.pk or not earlier:
                raise ValidationError({"source_question": _("A rule can only depend on an earlier question.")})
        elif self.target_section_id:
            target = self.target_section
            if target.survey_id != source.survey_id:
                raise ValidationError({"source_question": _("The question belongs to another survey.")})
            if (source.section.position, source.section_id) >= (target.position, target.pk):
                raise ValidationError(
                    {"source_question": _("A section can only depend on a question of an earlier section.")}
                )


class RespondentGroup(models.Model):
    """A group of respondents of one survey (doelgroep), e.g. "clients of the access team", with an optional quota."""

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="respondent_groups", verbose_name=_("survey")
    )
    name = models.CharField(_("name"), max_length=100)
    quota = models.PositiveIntegerField(
        _("quota"),
        null=True,
        blank=True,
        help_text=_("The most complete responses this group may give; empty: no limit."),
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("respondent group")
        verbose_name_plural = _("respondent groups")
        ordering = ["survey", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                "survey",
                name="survey_group_name_unique",
                violation_error_message=_("This survey already has a group with this name."),
            ),
            models.CheckConstraint(
                condition=~Q(name=""),
                name="survey_group_name_given",
                violation_error_message=_("Give the group a name."),
            ),
            models.CheckConstraint(
                condition=Q(quota__isnull=True) | Q(quota__gte=1),
                name="survey_group_quota_positive",
                violation_error_message=_("A quota is at least 1; leave it empty for no limit."),
            ),
        ]

    def __str__(self):
        return self.name


class Response(models.Model):
    """One resident's filling-in of a survey (ingevulde vragenlijst), saved per page.

    Holds no IP address, user agent or account. ``channel``, ``assisted_by``, ``respondent_group``,
    ``is_pilot`` and ``language`` describe how it came in (fieldwork) and are the filters of the results.
    """

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses", verbose_name=_("survey"))
    resume_code = models.CharField(
        _("resume code"),
        max_length=RESUME_CODE_LENGTH,
        unique=True,
        null=True,  # removed when the retention term ends (anonymised)
        default=new_resume_code,
        editable=False,
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ResponseStatus.choices, default=ResponseStatus.IN_PROGRESS, db_index=True
    )
    current_section = models.ForeignKey(
        Section, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("current step")
    )
    source = models.CharField(
        _("source"), max_length=20, choices=ResponseSource.choices, default=ResponseSource.OPEN_LINK
    )
    respondent_group = models.ForeignKey(
        RespondentGroup,
        on_delete=models.RESTRICT,  # a group with responses goes only together with its survey
        null=True,
        blank=True,
        related_name="responses",
        verbose_name=_("respondent group"),
    )
    # The batch of letters the respondent's code came from: its label only, never the code (see InvitationClaim).
    invitation_batch = models.ForeignKey(
        "InvitationBatch",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="responses",
        verbose_name=_("invitation batch"),
    )
    channel = models.CharField(
        _("channel"), max_length=20, choices=ResponseChannel.choices, default=ResponseChannel.ONLINE_SELF
    )
    assisted_by = models.CharField(_("assisted by"), max_length=20, choices=AssistedBy.choices, blank=True)
    is_pilot = models.BooleanField(
        _("pilot response"), default=False, help_text=_("Given in the pilot round: never counted in results.")
    )
    language = models.CharField(_("language"), max_length=10, default=DEFAULT_RESPONSE_LANGUAGE)
    created_at = models.DateTimeField(_("started at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last saved at"), auto_now=True)
    completed_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    # Set when the first page save already held every required answer: the survey version (its updated_at)
    # it was checked against, so sending need not read the answers again. Any later page save clears it.
    answers_complete_for = models.DateTimeField(_("answers complete for survey version"), null=True, editable=False)
    # Data cleaning (opschonen): a test or invalid response is left out of results and exports. Who did it is
    # kept in ResponseCleaningEvent, so a response never links to any account.
    # Folded into the survey's answer counts (AnswerCount), the cache the results page reads; see
    # surveys/results/counts.py.
    results_counted = models.BooleanField(_("in the answer counts"), default=False, editable=False)
    exclusion_kind = models.CharField(_("left out as"), max_length=20, choices=ExclusionKind.choices, blank=True)
    exclusion_reason = models.TextField(_("reason for leaving out"), blank=True)
    excluded_at = models.DateTimeField(_("left out at"), null=True, blank=True)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        ordering = ["-created_at", "-id"]
        indexes = [
            # Counts and results: complete responses of a survey, by completion date.
            models.Index(fields=["survey", "status", "completed_at"], name="survey_response_status_done"),
            models.Index(fields=["survey", "channel"], name="survey_response_channel"),
            # Sent responses not yet in the answer counts: few, found at once.
            models.Index(
                fields=["survey"],
                condition=Q(status="compleet", results_counted=False),
                name="survey_response_to_count",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ResponseStatus.values),
                name="survey_response_status_valid",
                violation_error_message=_("Unknown response status."),
            ),
            models.CheckConstraint(
                condition=Q(channel__in=ResponseChannel.values),
                name="survey_response_channel_valid",
                violation_error_message=_("Unknown channel."),
            ),
            models.CheckConstraint(
                condition=Q(assisted_by__in=[*AssistedBy.values, ""]),
                name="survey_response_assisted_by_valid",
                violation_error_message=_("Unknown kind of help."),
            ),
            models.CheckConstraint(
                condition=~Q(channel=ResponseChannel.ONLINE_SELF) | Q(assisted_by=""),
                name="survey_response_self_not_assisted",
                violation_error_message=_("A response filled in online without help has no helper."),
            ),
            models.CheckConstraint(
                condition=~Q(language=""),
                name="survey_response_language_given",
                violation_error_message=_("A response has a language."),
            ),
            models.CheckConstraint(
                condition=~Q(status=ResponseStatus.COMPLETE) | Q(completed_at__isnull=False),
                name="survey_response_complete_has_date",
                violation_error_message=_("A complete response has a sending date."),
            ),
            models.CheckConstraint(
                condition=Q(exclusion_kind__in=[*ExclusionKind.values, ""]),
                name="survey_response_exclusion_kind_valid",
                violation_error_message=_("Unknown reason for leaving a response out."),
            ),
            models.CheckConstraint(
                condition=Q(exclusion_kind="") | ~Q(exclusion_reason=""),
                name="survey_response_exclusion_has_reason",
                violation_error_message=_("Give the reason for leaving this response out."),
            ),
        ]

    def __str__(self):
        return f"{self.survey} #{self.pk} ({self.get_status_display()})"

    def clean(self):
        super().clean()
        if self.respondent_group_id and self.respondent_group.survey_id != self.survey_id:
            raise ValidationError({"respondent_group": _("The group belongs to another survey.")})


class SurveyResponseCounter(models.Model):
    """Running response counts of a survey (tellers), one row per shard; kept by database triggers.

    See ``surveys/counters.py``: never written by Python code, read as sums per survey.
    """

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="response_counters", verbose_name=_("survey")
    )
    shard = models.PositiveSmallIntegerField(pgettext_lazy("response counter", "shard"))
    started = models.IntegerField(_("started (not pilot)"), default=0)
    complete = models.IntegerField(_("sent (not pilot)"), default=0)

    class Meta:
        verbose_name = _("response counter")
        verbose_name_plural = _("response counters")
        constraints = [
            models.UniqueConstraint(fields=["survey", "shard"], name="survey_response_counter_unique_shard"),
        ]

    def __str__(self):
        return f"{self.survey_id}/{self.shard}"


class Answer(models.Model):
    """One stored answer (antwoord) of a response to a question.

    Single choice, scale and yes/no: one row with ``option``. Multiple choice: one row per chosen
    option. Matrix: one row per statement with ``statement`` and ``option``. Text, number and date:
    one row with ``text_value``, ``number_value`` or ``date_value``. "Other, namely": ``option`` plus
    ``text_value``. Written with bulk_create per page.
    """

    # No index of its own: the covering index below starts with the response.
    response = models.ForeignKey(
        Response, on_delete=models.CASCADE, related_name="answers", verbose_name=_("response"), db_index=False
    )
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers", verbose_name=_("question"))
    option = models.ForeignKey(
        Option, on_delete=models.CASCADE, null=True, blank=True, related_name="answers", verbose_name=_("option")
    )
    statement = models.ForeignKey(
        MatrixStatement,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="answers",
        verbose_name=_("statement"),
    )
    text_value = models.TextField(_("text"), blank=True)
    number_value = models.DecimalField(_("number"), max_digits=19, decimal_places=4, null=True, blank=True)
    date_value = models.DateField(_("date"), null=True, blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["response", "id"]
        # The results of a filtered set of responses read their answers from this index alone (an index-only
        # scan per response, counts.answer_counts_group); it also serves every look-up by response.
        indexes = [
            models.Index(fields=["response", "question", "statement", "option"], name="survey_answer_response_cover")
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question", "statement"],
                condition=Q(statement__isnull=False),
                name="survey_answer_unique_statement",
                violation_error_message=_("A statement is answered once per response."),
            ),
            models.UniqueConstraint(
                fields=["response", "question", "option"],
                condition=Q(statement__isnull=True) & Q(option__isnull=False),
                name="survey_answer_unique_option",
                violation_error_message=_("An option is chosen once per response."),
            ),
            models.UniqueConstraint(
                fields=["response", "question"],
                condition=Q(statement__isnull=True) & Q(option__isnull=True),
                name="survey_answer_unique_value",
                violation_error_message=_("A question is answered once per response."),
            ),
            models.CheckConstraint(
                condition=Q(statement__isnull=True) | Q(option__isnull=False),
                name="survey_answer_statement_has_option",
                violation_error_message=_("A matrix answer needs a scale point."),
            ),
        ]

    def __str__(self):
        return f"{self.response_id}/{self.question_id}"


class AnswerCount(models.Model):
    """Counts of a survey's answers (antwoordtellingen) by option, respondent group and channel: a cache.

    What the results page reads instead of grouping millions of answers. Kept by surveys/results/counts.py:
    sent responses are added when the figures are next read (and by a periodic task); a response left out is
    taken off again; a total that no longer matches the counted responses rebuilds the survey's counts.
    Ids are plain numbers, 0 for "none", so one unique key covers every row:
    ``question_id=0``: counted responses; ``option_id=0``: respondents with any answer to ``question_id``.
    """

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+", verbose_name=_("survey"))
    question_id = models.BigIntegerField()
    statement_id = models.BigIntegerField(default=0)
    option_id = models.BigIntegerField(default=0)
    group_id = models.BigIntegerField(default=0)
    channel = models.CharField(max_length=20)
    n = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("answer count")
        verbose_name_plural = _("answer counts")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "question_id", "statement_id", "option_id", "group_id", "channel"],
                name="survey_answercount_unique",
            )
        ]

    def __str__(self):
        return f"{self.survey_id}/{self.question_id}/{self.statement_id}/{self.option_id}: {self.n}"


class ResponseCleaningEvent(models.Model):
    """A record of data cleaning (opschonen) on one response: left out or counted again, by whom and when."""

    response = models.ForeignKey(
        Response, on_delete=models.CASCADE, related_name="cleaning_events", verbose_name=_("response")
    )
    action = models.CharField(_("action"), max_length=20, choices=CleaningAction.choices)
    exclusion_kind = models.CharField(_("left out as"), max_length=20, choices=ExclusionKind.choices, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    user = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("by")
    )
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("cleaning event")
        verbose_name_plural = _("cleaning events")
        ordering = ["response", "created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(action__in=CleaningAction.values),
                name="survey_cleaning_action_valid",
                violation_error_message=_("Unknown cleaning action."),
            ),
        ]

    def __str__(self):
        return f"{self.response_id}: {self.get_action_display()}"


class ResultSummary(models.Model):
    """The published summary of a survey's results (samenvatting van de uitkomsten) for residents.

    The officer chooses the questions and writes a short text; the figures follow the small-cell rules.
    Publishing it is the terugkoppeling to the respondents.
    """

    survey = models.OneToOneField(
        Survey, on_delete=models.CASCADE, related_name="result_summary", verbose_name=_("survey")
    )
    text = models.TextField(_("text"), help_text=_("In plain language: what came out, and what the gemeente does."))
    questions = models.ManyToManyField(Question, related_name="+", blank=True, verbose_name=_("questions shown"))
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("published by")
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("results summary")
        verbose_name_plural = _("results summaries")
        ordering = ["-published_at", "-id"]

    def __str__(self):
        return str(self.survey)

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class TerugkoppelingEmail(models.Model):
    """An e-mail address a respondent left to receive the terugkoppeling of a survey.

    Kept apart from the answers: keyed by survey, never linked to a response, never exported with answers.
    Nothing in the row follows the order or the moment it was given, so it cannot be paired with the
    response sent just before it: a random key (no sequence) and only the day.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="terugkoppeling_emails", verbose_name=_("survey")
    )
    email = models.EmailField(_("e-mail address"))
    # A day, not a moment: a timestamp could be matched to an anonymous response's sending time.
    created_on = models.DateField(_("given on"), auto_now_add=True)

    class Meta:
        verbose_name = _("e-mail address for feedback")
        verbose_name_plural = _("e-mail addresses for feedback")
        ordering = ["survey", "email"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "email"],
                name="survey_terugkoppeling_email_unique",
                violation_error_message=_("This e-mail address is already registered for this survey."),
            ),
        ]

    def __str__(self):
        return self.email


class QuestionRevision(models.Model):
    """A change of wording after responses came in (tekstwijziging): old and new text, who, when, why,
    and how many responses were given on the old text."""

    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("question")
    )
    target = models.CharField(_("what changed"), max_length=20, choices=RevisionTarget.choices)
    option = models.ForeignKey(
        Option, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("option")
    )
    statement = models.ForeignKey(
        MatrixStatement, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("statement")
    )
    old_text = models.TextField(_("old text"))
    new_text = models.TextField(_("new text"))
    reason = models.TextField(_("reason"))
    changed_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("changed by")
    )
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)
    responses_before = models.PositiveIntegerField(_("responses before the change"))

    class Meta:
        verbose_name = _("text revision")
        verbose_name_plural = _("text revisions")
        ordering = ["question", "changed_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(reason=""),
                name="survey_revision_reason_given",
                violation_error_message=_("Give a reason for the change."),
            ),
            models.CheckConstraint(
                condition=Q(target__in=RevisionTarget.values),
                name="survey_revision_target_valid",
                violation_error_message=_("Unknown kind of change."),
            ),
        ]

    def __str__(self):
        return f"{self.question_id} {self.target} {self.changed_at:%Y-%m-%d}"


class AnswerExport(models.Model):
    """A large answer file (antwoordbestand) written in the background to a private file.

    At most one waiting or running export per survey (a constraint, so two clicks cannot start two tasks).
    The file lives outside the public media folder and is served through a permission check.
    """

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="answer_exports", verbose_name=_("survey")
    )
    requested_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("requested by")
    )
    file_format = models.CharField(_("format"), max_length=10, choices=AnswerExportFormat.choices)
    value_mode = models.CharField(_("values"), max_length=10, choices=ExportValueMode.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=AnswerExportStatus.choices, default=AnswerExportStatus.QUEUED
    )
    total = models.PositiveIntegerField(_("responses to write"), default=0)
    done = models.PositiveIntegerField(_("responses written"), default=0)
    file_name = models.CharField(_("file"), max_length=200, blank=True, editable=False)
    download_name = models.CharField(_("download name"), max_length=200, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True, db_index=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("answer export")
        verbose_name_plural = _("answer exports")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey"],
                condition=Q(status__in=ANSWER_EXPORT_ACTIVE_STATUSES),
                name="survey_answer_export_one_running",
                violation_error_message=_("An export of this survey is still running."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=AnswerExportStatus.values),
                name="survey_answer_export_status_valid",
                violation_error_message=_("Unknown export status."),
            ),
        ]

    def __str__(self):
        return f"{self.survey_id} {self.file_format} {self.status}"

    @property
    def percent(self) -> int:
        """Progress in whole percents."""
        return min(100, (100 * self.done) // self.total) if self.total else 0


# --- Fieldwork: data entry ---


class EntryAssignment(models.Model):
    """An entry-only account's access to one survey (invoerder): enter paper cards and phone interviews,
    and hold street interviews, nothing else of the portal. Given and taken back by a coordinator."""

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="entry_assignments", verbose_name=_("survey")
    )
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="entry_assignments", verbose_name=_("data entry account")
    )
    granted_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("given by")
    )
    created_at = models.DateTimeField(_("given at"), auto_now_add=True)

    class Meta:
        verbose_name = _("data entry access")
        verbose_name_plural = _("data entry access")
        ordering = ["survey", "user__email", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "user"],
                name="survey_entry_assignment_unique",
                violation_error_message=_("This account can already enter answers for this survey."),
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.survey}"


class ResponseEntry(models.Model):
    """Who entered a response on the resident's behalf (invoer): a paper card with its number, a telephone
    interview, or a street interview on a tablet. Only responses entered by someone have one."""

    response = models.OneToOneField(
        Response, on_delete=models.CASCADE, related_name="entry", verbose_name=_("response")
    )
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="entries", verbose_name=_("survey"))
    card_number = models.PositiveIntegerField(
        _("card number"),
        null=True,
        blank=True,
        help_text=_("The number written on the paper card or interview form."),
    )
    entered_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("entered by")
    )
    created_at = models.DateTimeField(_("entered at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("entered response")
        verbose_name_plural = _("entered responses")
        ordering = ["survey", "-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "card_number"],
                condition=Q(card_number__isnull=False),
                name="survey_entry_card_number_unique",
                violation_error_message=_("A card with this number has already been entered for this survey."),
            ),
            models.CheckConstraint(
                condition=Q(card_number__isnull=True) | Q(card_number__gte=1),
                name="survey_entry_card_number_positive",
                violation_error_message=_("A card number is 1 or more."),
            ),
        ]

    def __str__(self):
        return f"{self.survey_id} #{self.card_number or '-'}"


# --- Fieldwork: pilot and translations ---


class SurveyPilot(models.Model):
    """The pilot round (proefronde) of a draft survey: testers fill it in through a secret link of its own.

    Shared with the members of one orgaan (they see it on their start page) and/or named portal users; or with
    anyone who has the link. Its responses are marked ``is_pilot`` and never counted. Publishing ends it.
    """

    survey = models.OneToOneField(Survey, on_delete=models.CASCADE, related_name="pilot", verbose_name=_("survey"))
    token = models.CharField(_("pilot link code"), max_length=32, unique=True, default=new_public_token, editable=False)
    orgaan = models.ForeignKey(
        "panels.Orgaan",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("shared with orgaan"),
    )
    testers = models.ManyToManyField(User, blank=True, related_name="+", verbose_name=_("named testers"))
    open_to_link = models.BooleanField(
        _("anyone with the link may test"),
        default=False,
        help_text=_("Otherwise testers log in: members of the orgaan, the named testers and the gemeente's staff."),
    )
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    started_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("started by")
    )
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)

    class Meta:
        verbose_name = _("pilot round")
        verbose_name_plural = _("pilot rounds")
        ordering = ["-started_at", "-id"]

    def __str__(self):
        return str(self.survey)

    @property
    def is_running(self) -> bool:
        """Testers can fill it in: not ended and the survey still a draft."""
        return self.ended_at is None and self.survey.status == SurveyStatus.CONCEPT


class PilotComment(models.Model):
    """A tester's remark on one question in the pilot round (opmerking), which the officer marks as handled.

    Kept with the survey's history after publishing. Holds no name or account of the tester.
    """

    pilot = models.ForeignKey(SurveyPilot, on_delete=models.CASCADE, related_name="comments", verbose_name=_("pilot"))
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="pilot_comments", verbose_name=_("question")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=PilotCommentKind.choices)
    text = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("given at"), auto_now_add=True)
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    handled_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("handled by")
    )

    class Meta:
        verbose_name = _("pilot comment")
        verbose_name_plural = _("pilot comments")
        ordering = ["question", "created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=PilotCommentKind.values),
                name="survey_pilot_comment_kind_valid",
                violation_error_message=_("Unknown kind of comment."),
            ),
            models.CheckConstraint(
                condition=~Q(kind=PilotCommentKind.OTHER) | ~Q(text=""),
                name="survey_pilot_comment_other_has_text",
                violation_error_message=_("Say in a few words what is wrong with the question."),
            ),
        ]

    def __str__(self):
        return f"{self.question_id}: {self.get_kind_display()}"


class SurveyLanguage(models.Model):
    """A language besides Dutch in which residents may fill in a survey (taal), e.g. Frisian."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="languages", verbose_name=_("survey"))
    language = models.CharField(_("language"), max_length=10, choices=SurveyLanguageCode.choices)

    class Meta:
        verbose_name = _("survey language")
        verbose_name_plural = _("survey languages")
        ordering = ["survey", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "language"],
                name="survey_language_unique",
                violation_error_message=_("This survey already has this language."),
            ),
            models.CheckConstraint(
                condition=Q(language__in=SurveyLanguageCode.values),
                name="survey_language_valid",
                violation_error_message=_("Unknown language."),
            ),
        ]

    def __str__(self):
        return f"{self.survey_id} {self.language}"


class TextTranslation(models.Model):
    """The translation (vertaling) of one text of a survey: its title, a question, an option's label ...

    ``kind`` and ``object_id`` name the survey, section, question, option or statement; ``field`` the text.
    A text without a translation is shown in Dutch.
    """

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="translations", verbose_name=_("survey"))
    language = models.CharField(_("language"), max_length=10, choices=SurveyLanguageCode.choices)
    kind = models.CharField(_("kind of text"), max_length=20, choices=TranslatedKind.choices)
    object_id = models.PositiveIntegerField(_("object"))
    field = models.CharField(_("text"), max_length=30)
    text = models.TextField(_("translation"))

    class Meta:
        verbose_name = _("translation")
        verbose_name_plural = _("translations")
        ordering = ["survey", "language", "kind", "object_id", "field"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "language", "kind", "object_id", "field"],
                name="survey_translation_unique",
                violation_error_message=_("This text already has a translation in this language."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=TranslatedKind.values),
                name="survey_translation_kind_valid",
                violation_error_message=_("Unknown kind of text."),
            ),
            models.CheckConstraint(
                condition=~Q(text=""),
                name="survey_translation_text_given",
                violation_error_message=_("An empty translation is not stored; the Dutch text is shown."),
            ),
        ]

    def __str__(self):
        return f"{self.language} {self.kind}:{self.object_id}:{self.field}"


# --- Fieldwork: invitations ---


class InvitationBatch(models.Model):
    """A batch of invitation letters (uitnodigingsbrieven) of a survey, each letter with its own code.

    Made for a number of codes of one respondent group, or from a sample file (steekproefbestand) with the
    gemeente's own reference and a group per row. No names or addresses: those stay in the mail merge.
    """

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="invitation_batches", verbose_name=_("survey")
    )
    label = models.CharField(
        _("label"), max_length=200, help_text=_('For example "brief maart, contacten Toegang laatste 3 maanden".')
    )
    respondent_group = models.ForeignKey(
        RespondentGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invitation_batches",
        verbose_name=_("respondent group"),
        help_text=_("Empty for a sample file: each row names its own group."),
    )
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("invitation batch")
        verbose_name_plural = _("invitation batches")
        ordering = ["survey", "-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                Lower("label"),
                "survey",
                name="survey_invitation_batch_label_unique",
                violation_error_message=_("This survey already has a batch with this label."),
            ),
            models.CheckConstraint(
                condition=~Q(label=""),
                name="survey_invitation_batch_label_given",
                violation_error_message=_("Give the batch a label."),
            ),
        ]

    def __str__(self):
        return self.label


class InvitationCode(models.Model):
    """One letter's invitation code (uitnodigingscode): used once, for one response.

    ``is_used`` says only *that* it was used, never when or for which response: on an anonymous survey no
    column, key or timestamp joins a code to a response once the response is sent.
    """

    # A random key, not a sequence: nothing in the row lines up with the numbering of responses.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    batch = models.ForeignKey(
        InvitationBatch, on_delete=models.CASCADE, related_name="codes", verbose_name=_("invitation batch")
    )
    code = models.CharField(_("code"), max_length=INVITATION_CODE_LENGTH, unique=True, editable=False)
    reference = models.CharField(
        _("reference"), max_length=100, blank=True, help_text=_("The gemeente's own reference from the sample file.")
    )
    respondent_group = models.ForeignKey(
        RespondentGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invitation_codes",
        verbose_name=_("respondent group"),
    )
    is_used = models.BooleanField(_("used"), default=False)

    class Meta:
        verbose_name = _("invitation code")
        verbose_name_plural = _("invitation codes")
        # By code, not by id: the order of creation says nothing, and the list is not in any respondent's order.
        ordering = ["batch", "reference", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["batch", "reference"],
                condition=~Q(reference=""),
                name="survey_invitation_code_reference_unique",
                violation_error_message=_("This reference is already in the batch."),
            ),
        ]

    def __str__(self):
        return self.code


class InvitationClaim(models.Model):
    """The link between a code and the response it started, only while that response is being filled in.

    One claim per code and per response (unique), so simultaneous starts with one code make one response.
    On an anonymous survey the claim is deleted when the response is sent; only the code's ``is_used`` stays.
    A non-anonymous survey keeps the claim, so the code stays linked to its response.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)  # no sequence to line up
    code = models.OneToOneField(
        InvitationCode, on_delete=models.CASCADE, related_name="claim", verbose_name=_("invitation code")
    )
    response = models.OneToOneField(
        Response, on_delete=models.CASCADE, related_name="invitation_claim", verbose_name=_("response")
    )

    class Meta:
        verbose_name = _("invitation code in use")
        verbose_name_plural = _("invitation codes in use")

    def __str__(self):
        return str(self.code_id)


class GroupRule(models.Model):
    """Skip logic on the respondent group (routering op groep): show a section or question only to some groups.

    The group comes from the invitation batch or from the answer to the group question. All group rules of
    one target must hold; a respondent without a group does not see the target.
    """

    target_question = models.ForeignKey(
        Question,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="group_rules",
        verbose_name=_("question shown"),
    )
    target_section = models.ForeignKey(
        Section,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="group_rules",
        verbose_name=_("section shown"),
    )
    groups = models.ManyToManyField(RespondentGroup, related_name="group_rules", verbose_name=_("shown to groups"))

    class Meta:
        verbose_name = _("group rule")
        verbose_name_plural = _("group rules")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(target_question__isnull=False) & Q(target_section__isnull=True))
                | (Q(target_question__isnull=True) & Q(target_section__isnull=False)),
                name="survey_group_rule_one_target",
                violation_error_message=_("A rule applies to either a question or a section."),
            ),
        ]

    def __str__(self):
        return str(self.target_question or self.target_section)
