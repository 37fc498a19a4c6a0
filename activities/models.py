"""Participation activities (activiteiten) beside surveys and councils: their reach per doelgroep,
klantreizen with their interviews, stories with themes, and the insights drawn from them."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from panels.models import validate_laws
from participatie.constants import Law, TargetGroup
from participatie.models import Gemeente, Regio

from .constants import (
    DEFAULT_RETENTION_DAYS,
    RATING_MAX,
    RATING_MIN,
    ActivityKind,
    Direction,
    Method,
    RunBy,
    ThemeKind,
)


class Activity(models.Model):
    """A participation activity (activiteit) of a gemeente, or of a regio for regional work."""

    gemeente = models.ForeignKey(
        Gemeente, on_delete=models.PROTECT, null=True, blank=True, related_name="activities", verbose_name=_("gemeente")
    )
    regio = models.ForeignKey(
        Regio,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("region"),
        help_text=_("For regional work: the activity then belongs to every gemeente of the region."),
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=ActivityKind.choices)
    method = models.CharField(_("method"), max_length=30, choices=Method.choices)
    topic = models.CharField(_("topic"), max_length=200, help_text=_("For example: cliëntondersteuning."))
    laws = models.JSONField(_("laws concerned"), default=list, blank=True, validators=[validate_laws])
    description = models.TextField(_("description"), blank=True)
    starts_on = models.DateField(_("start date"))
    ends_on = models.DateField(_("end date"), null=True, blank=True, help_text=_("Leave empty for a single day."))
    run_by = models.CharField(_("run by"), max_length=30, choices=RunBy.choices, default=RunBy.GEMEENTE)
    run_by_name = models.CharField(_("name of the organisation that ran it"), max_length=200, blank=True)
    traject_step = models.ForeignKey(
        "roadmap.Step",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("step of the vernieuwingstraject"),
    )
    orgaan = models.ForeignKey(
        "panels.Orgaan",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("council or panel involved"),
    )
    retention_days = models.PositiveIntegerField(
        _("retention term of stories and quotes (days after the end)"),
        default=DEFAULT_RETENTION_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
        help_text=_("After this term the texts are deleted; themes, ratings and counts stay."),
    )
    texts_purged_at = models.DateTimeField(_("texts deleted at"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-starts_on", "-pk"]
        indexes = [
            models.Index(fields=["gemeente", "starts_on"], name="activity_gemeente_start"),
            models.Index(fields=["regio", "starts_on"], name="activity_regio_start"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(gemeente__isnull=False) & Q(regio__isnull=True))
                | (Q(gemeente__isnull=True) & Q(regio__isnull=False)),
                name="activity_gemeente_xor_regio",
                violation_error_message=_("Choose either a gemeente or a region, not both."),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="activity_ends_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
            models.CheckConstraint(condition=Q(kind__in=ActivityKind.values), name="activity_kind_valid"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("activities:activity-detail", kwargs={"pk": self.pk})

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The end date cannot be before the start date.")})

    @property
    def last_day(self) -> datetime.date:
        return self.ends_on or self.starts_on

    def is_finished(self, on: datetime.date | None = None) -> bool:
        """Finished once its last day has passed: then its inbreng can be registered."""
        return self.last_day < (on or timezone.localdate())

    @property
    def retention_ends_on(self) -> datetime.date:
        return self.last_day + datetime.timedelta(days=self.retention_days)

    @property
    def place(self):
        return self.gemeente or self.regio

    def get_laws_display(self) -> list[str]:
        return [str(Law(value).label) for value in self.laws if value in Law.values]


class Reach(models.Model):
    """How many participants of one doelgroep an activity planned to reach and reached (bereik). Counts only."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="reach", verbose_name=_("activity"))
    target_group = models.CharField(_("target group"), max_length=30, choices=TargetGroup.choices)
    planned = models.PositiveIntegerField(_("planned"), null=True, blank=True)
    reached = models.PositiveIntegerField(_("reached"), null=True, blank=True)

    class Meta:
        verbose_name = _("reach")
        verbose_name_plural = _("reach")
        ordering = ["activity", "target_group"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "target_group"],
                name="reach_unique_target_group",
                violation_error_message=_("This target group is already counted for this activity."),
            )
        ]

    def __str__(self):
        return f"{self.activity}: {self.get_target_group_display()}"


class PopulationFigure(models.Model):
    """How many residents of a gemeente belong to a doelgroep (populatiecijfer), e.g. the number of Wmo clients."""

    gemeente = models.ForeignKey(
        Gemeente, on_delete=models.CASCADE, related_name="population_figures", verbose_name=_("gemeente")
    )
    target_group = models.CharField(_("target group"), max_length=30, choices=TargetGroup.choices)
    count = models.PositiveIntegerField(_("number of residents"), validators=[MinValueValidator(1)])
    source = models.CharField(_("source"), max_length=200, blank=True, help_text=_("For example: CBS, 2025."))

    class Meta:
        verbose_name = _("population figure")
        verbose_name_plural = _("population figures")
        ordering = ["gemeente", "target_group"]
        constraints = [
            models.UniqueConstraint(fields=["gemeente", "target_group"], name="population_unique_target_group"),
            models.CheckConstraint(condition=Q(count__gte=1), name="population_count_positive"),
        ]

    def __str__(self):
        return f"{self.gemeente}: {self.get_target_group_display()} ({self.count})"


# Klantreis ---------------------------------------------------------------------------------------


class Journey(models.Model):
    """A klantreis design of a gemeente: the phases of the journey and the aspects rated per phase."""

    gemeente = models.ForeignKey(
        Gemeente, on_delete=models.CASCADE, related_name="journeys", verbose_name=_("gemeente")
    )
    activity = models.ForeignKey(
        Activity,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="journeys",
        verbose_name=_("activity"),
        help_text=_("The klantreis activity in the register whose interviews these are."),
    )
    title = models.CharField(_("title"), max_length=200)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("klantreis")
        verbose_name_plural = _("klantreizen")
        ordering = ["gemeente", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("activities:journey-map", kwargs={"pk": self.pk})


class JourneyPhase(models.Model):
    """A phase of a klantreis (fase), e.g. eerste contact or keukentafelgesprek."""

    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="phases", verbose_name=_("klantreis"))
    position = models.PositiveSmallIntegerField(_("position"))
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        ordering = ["journey", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["journey", "name"], name="journey_phase_unique_name")]

    def __str__(self):
        return self.name


class JourneyAspect(models.Model):
    """An aspect rated in every phase of a klantreis (aspect), e.g. bejegening."""

    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="aspects", verbose_name=_("klantreis"))
    position = models.PositiveSmallIntegerField(_("position"))
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("aspect")
        verbose_name_plural = _("aspects")
        ordering = ["journey", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["journey", "name"], name="journey_aspect_unique_name")]

    def __str__(self):
        return self.name


class JourneyInterview(models.Model):
    """One klantreis interview: who asked, consent, and a pseudonym at most (never a name)."""

    journey = models.ForeignKey(
        Journey, on_delete=models.CASCADE, related_name="interviews", verbose_name=_("klantreis")
    )
    pseudonym = models.CharField(
        _("pseudonym"), max_length=50, blank=True, help_text=_("Never a real name. Leave empty if not needed.")
    )
    interviewer = models.CharField(_("interviewer"), max_length=100)
    interviewed_on = models.DateField(_("date of the interview"))
    consent = models.BooleanField(
        _("consent recorded"), default=False, help_text=_("The resident agreed that the answers are used.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("klantreis interview")
        verbose_name_plural = _("klantreis interviews")
        ordering = ["journey", "interviewed_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(consent=True),
                name="journey_interview_needs_consent",
                violation_error_message=_("Only interviews with recorded consent can be stored."),
            )
        ]

    def __str__(self):
        return self.pseudonym or str(_("Interview %(number)s")) % {"number": self.pk}


class JourneyRating(models.Model):
    """A rating of one phase on one aspect in an interview: 1 to 5, or empty for niet van toepassing."""

    interview = models.ForeignKey(JourneyInterview, on_delete=models.CASCADE, related_name="ratings")
    phase = models.ForeignKey(JourneyPhase, on_delete=models.CASCADE, related_name="ratings")
    aspect = models.ForeignKey(JourneyAspect, on_delete=models.CASCADE, related_name="ratings")
    score = models.PositiveSmallIntegerField(
        _("score"), null=True, blank=True, validators=[MinValueValidator(RATING_MIN), MaxValueValidator(RATING_MAX)]
    )

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        constraints = [
            models.UniqueConstraint(fields=["interview", "phase", "aspect"], name="journey_rating_unique_cell"),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=RATING_MIN, score__lte=RATING_MAX),
                name="journey_rating_on_scale",
                violation_error_message=_("A rating is a whole number from 1 to 5."),
            ),
        ]

    def __str__(self):
        return f"{self.phase} / {self.aspect}: {self.score or '-'}"


class JourneyQuote(models.Model):
    """A short quote (citaat) of an interview about one phase."""

    interview = models.ForeignKey(JourneyInterview, on_delete=models.CASCADE, related_name="quotes")
    phase = models.ForeignKey(JourneyPhase, on_delete=models.CASCADE, related_name="quotes", verbose_name=_("phase"))
    text = models.TextField(_("quote"), max_length=1000)

    class Meta:
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")
        constraints = [models.UniqueConstraint(fields=["interview", "phase"], name="journey_quote_unique_phase")]

    def __str__(self):
        return self.text[:60]


# Stories, themes and insights ---------------------------------------------------------------------


class Theme(models.Model):
    """A theme or value in a gemeente's code list (thema / waarde) used to tag stories."""

    gemeente = models.ForeignKey(Gemeente, on_delete=models.CASCADE, related_name="themes", verbose_name=_("gemeente"))
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=ThemeKind.choices, default=ThemeKind.THEME)
    description = models.CharField(_("description"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["gemeente", "kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["gemeente", "name"],
                name="theme_unique_name",
                violation_error_message=_("This gemeente already has a theme with this name."),
            )
        ]

    def __str__(self):
        return self.name


class Story(models.Model):
    """A story or interview note (verhaal) collected in an activity; personal data with a retention term."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="stories", verbose_name=_("activity"))
    title = models.CharField(_("short title"), max_length=200)
    text = models.TextField(_("story"), blank=True)
    summary = models.TextField(_("summary"), blank=True)
    collected_on = models.DateField(_("collected on"))
    collected_by = models.CharField(_("collected by"), max_length=100)
    consent = models.BooleanField(_("consent recorded"), default=False)
    pseudonym = models.CharField(
        _("pseudonym"), max_length=50, blank=True, help_text=_("Never a real name. Leave empty if not needed.")
    )
    text_purged_at = models.DateTimeField(_("text deleted at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("story")
        verbose_name_plural = _("stories")
        ordering = ["activity", "collected_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(consent=True),
                name="story_needs_consent",
                violation_error_message=_("Only stories with recorded consent can be stored."),
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("activities:story-detail", kwargs={"pk": self.pk})


class StoryTag(models.Model):
    """A theme on a story, or on a passage of it, with a direction (positief, negatief, gemengd)."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="tags", verbose_name=_("story"))
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="tags", verbose_name=_("theme"))
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    passage = models.TextField(
        _("passage"), blank=True, help_text=_("The part of the story this is about; leave empty for the whole story.")
    )

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["story", "theme__name", "pk"]
        indexes = [models.Index(fields=["theme", "direction"], name="story_tag_theme_direction")]

    def __str__(self):
        return f"{self.theme} ({self.get_direction_display()})"


class Insight(models.Model):
    """A short statement the team draws (inzicht), backed by stories; may become a roadmap action or an
    adviesaanvraag."""

    gemeente = models.ForeignKey(
        Gemeente, on_delete=models.CASCADE, related_name="insights", verbose_name=_("gemeente")
    )
    statement = models.CharField(_("insight"), max_length=300)
    explanation = models.TextField(_("explanation"), blank=True)
    stories = models.ManyToManyField(Story, blank=True, related_name="insights", verbose_name=_("supporting stories"))
    roadmap_action = models.ForeignKey(
        "roadmap.Action",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="insights",
        verbose_name=_("roadmap action"),
    )
    adviesaanvraag = models.ForeignKey(
        "panels.Adviesaanvraag",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="insights",
        verbose_name=_("adviesaanvraag"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("insight")
        verbose_name_plural = _("insights")
        ordering = ["gemeente", "-created_at", "-pk"]

    def __str__(self):
        return self.statement

    def get_absolute_url(self):
        return reverse("activities:insight-detail", kwargs={"pk": self.pk})


class RespondentGroupLink(models.Model):
    """Which doelgroep a survey's respondent group stands for, so its respondents count in the reach overview.

    Kept here, beside the survey, so surveys need not know about reach.
    """

    respondent_group = models.OneToOneField(
        "surveys.RespondentGroup",
        on_delete=models.CASCADE,
        related_name="doelgroep_link",
        verbose_name=_("respondent group"),
    )
    target_group = models.CharField(_("target group"), max_length=30, choices=TargetGroup.choices)

    class Meta:
        verbose_name = _("target group of a respondent group")
        verbose_name_plural = _("target groups of respondent groups")

    def __str__(self):
        return f"{self.respondent_group}: {self.get_target_group_display()}"
