"""Choices of the activities app: kinds and methods of participation activities, klantreis ratings,
story tags and the defaults a gemeente starts from."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ActivityKind(models.TextChoices):
    """Peilend, verdiepend or structureel: the three ways a gemeente involves residents (same values as surveys)."""

    POLLING = "peilend", _("Polling (questionnaire, card)")
    IN_DEPTH = "verdiepend", _("In depth (interviews, klantreis, stories, focus groups)")
    STRUCTURAL = "structureel", _("Structural (councils, panels, dialogue tables)")


class Method(models.TextChoices):
    """How the activity involved residents (werkvorm)."""

    KLANTREIS = "klantreis", _("Customer journey (klantreis)")
    IN_DEPTH_INTERVIEW = "diepte-interview", _("In-depth interview")
    STORYTELLING = "storytelling", _("Storytelling")
    FOCUS_GROUP = "focusgroep", _("Focus group")
    DIALOGUE_TABLE = "dialoogtafel", _("Dialogue table")
    STREET_TALKS = "straatgesprekken", _("Conversations in the street")
    THEMATIC_MEETING = "thematische-bijeenkomst", _("Thematic meeting")
    GAME = "spelvorm", _("Game")
    OTHER = "anders", _("Other")


class RunBy(models.TextChoices):
    """Who ran the activity (uitvoerder)."""

    GEMEENTE = "gemeente", _("The gemeente")
    PROVIDER = "aanbieder", _("A care or support provider")
    VOLUNTEERS = "vrijwilligersorganisatie", _("A volunteer organisation")
    ADVIESRAAD = "adviesraad", _("The advisory council")
    AGENCY = "extern-bureau", _("An external agency")


class Direction(models.TextChoices):
    """Whether a tagged story or passage speaks positively, negatively or both about a theme (richting)."""

    POSITIVE = "positief", _("Positive")
    NEGATIVE = "negatief", _("Negative")
    MIXED = "gemengd", _("Mixed")


class ThemeKind(models.TextChoices):
    """A theme (onderwerp) or a value of good support (waarde)."""

    THEME = "thema", _("Theme")
    VALUE = "waarde", _("Value")


class RegisterSource(models.TextChoices):
    """Where a line of the activity register comes from: the register itself, a survey or an orgaan's meeting."""

    ACTIVITY = "activiteit", _("Activity")
    SURVEY = "vragenlijst", _("Questionnaire")
    MEETING = "bijeenkomst", _("Meeting of a council or panel")


RATING_MIN, RATING_MAX = 1, 5
NOT_APPLICABLE = "nvt"  # the form value of "niet van toepassing"; stored as an empty score
DEFAULT_RETENTION_DAYS = 730

DEFAULT_PHASES = [
    _("First contact"),
    _("Application"),
    _("Kitchen-table conversation"),
    _("Decision"),
    _("Support"),
    _("Evaluation"),
]
DEFAULT_ASPECTS = [_("Treatment"), _("Communication and information"), _("Expertise")]

# Ede's eight values of good support, an example code list a gemeente may take over and edit.
# The seed article names partnerschap, gelijkwaardigheid and welbevinden; the others are examples.
EXAMPLE_VALUES = [
    ("Partnerschap", "Cliënt en professional werken samen als partners."),
    ("Gelijkwaardigheid", "De cliënt wordt als gelijke behandeld."),
    ("Welbevinden", "De cliënt voelt zich beter door de hulp."),
    ("Eigen regie", "De cliënt houdt zelf de touwtjes in handen."),
    ("Maatwerk", "De hulp past bij de situatie van de cliënt."),
    ("Toegankelijkheid", "De hulp is makkelijk te vinden en te bereiken."),
    ("Samenhang", "De hulp van verschillende kanten sluit op elkaar aan."),
    ("Meedoen", "De cliënt kan meedoen in de samenleving."),
]
