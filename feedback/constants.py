"""Choices of the feedback app: where inbreng comes from, how it is answered, and its derived status."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from participatie.constants import DeliveryStatus as _DeliveryStatus
from participatie.delivery import MAX_DELIVERY_ATTEMPTS as _MAX_DELIVERY_ATTEMPTS


class SourceKind(models.TextChoices):
    """Where an inbreng (input) comes from."""

    ADVIES = "advies", _("Advice from a council or panel")
    SURVEY = "vragenlijst", _("Outcome of a questionnaire")
    EXPERIENCE_CARD = "ervaringenkaart", _("Outcome of an experience card round")
    MEETING = "bijeenkomst", _("Contributions at a meeting")
    DIALOGUE_TABLE = "dialoogtafel", _("Contributions at a dialogue table")
    STORY = "verhaal", _("Story")
    ACTIVITY = "activiteit", _("Outcome of a participation activity")
    SIGNAL = "signaal", _("Signal")


class SignalChannel(models.TextChoices):
    """Where a signaal (a resident's remark) was picked up."""

    DESK = "balie", _("At the desk")
    NEIGHBOURHOOD_TEAM = "wijkteam", _("By a neighbourhood team")
    SOCIAL_MEDIA = "sociale-media", _("On social media")
    PHONE = "telefoon", _("By phone")
    CLIENT_SUPPORT = "clientondersteuning", _("By a client supporter")
    OTHER = "anders", _("Somewhere else")


class ContributorKind(models.TextChoices):
    """Who gave the inbreng."""

    ORGAAN = "orgaan", _("A council or panel")
    RESPONDENTS = "respondenten", _("Respondents who asked to hear back")
    NAMED_PERSONS = "personen", _("Named persons who gave consent")
    ANONYMOUS_GROUP = "anonieme-groep", _("Anonymous group")


class Channel(models.TextChoices):
    """How the terugkoppeling reaches the participants."""

    EMAIL = "e-mail", _("E-mail")
    LETTER = "brief", _("Letter")
    MEETING = "bijeenkomst", _("Meeting")
    WEBSITE = "website", _("Website")


# The channel decides what the portal sends: only "e-mail" e-mails the participants. For the other channels
# the officer reaches them, and the page after saving says how.
CHANNELS_THAT_EMAIL = (Channel.EMAIL,)
CHANNEL_SAVED_MESSAGES = {
    Channel.EMAIL: _("The feedback is saved. The participants who left an e-mail address get an e-mail."),
    Channel.LETTER: _("The feedback is saved. No e-mail is sent: send the participants a letter yourself."),
    Channel.MEETING: _("The feedback is saved. No e-mail is sent: tell the participants at the meeting."),
    Channel.WEBSITE: _(
        "The feedback is saved. No e-mail is sent: publish it on the public page so participants can read it."
    ),
}


class Outcome(models.TextChoices):
    """What was done with the inbreng (uitkomst)."""

    ADOPTED = "overgenomen", _("Adopted")
    PARTLY_ADOPTED = "deels", _("Partly adopted")
    NOT_ADOPTED = "niet-overgenomen", _("Not adopted")
    PENDING = "in-behandeling", _("Still being handled (interim answer)")


FINAL_OUTCOMES = (Outcome.ADOPTED, Outcome.PARTLY_ADOPTED, Outcome.NOT_ADOPTED)


class Status(models.TextChoices):
    """The status of an inbreng, always derived from its dates and answers, never stored."""

    OPEN = "open", _("Open")
    DUE_SOON = "binnenkort", _("Due soon")
    OVERDUE = "te-laat", _("Overdue")
    ANSWERED_ON_TIME = "op-tijd", _("Answered on time")
    ANSWERED_LATE = "laat", _("Answered late")


OPEN_STATUSES = (Status.OPEN, Status.DUE_SOON, Status.OVERDUE)
ANSWERED_STATUSES = (Status.ANSWERED_ON_TIME, Status.ANSWERED_LATE)

# CSS class of the status badge (portal.css); the text always says the status too.
STATUS_BADGE = {
    Status.OPEN: "status-none",
    Status.DUE_SOON: "status-busy",
    Status.OVERDUE: "status-overdue",
    Status.ANSWERED_ON_TIME: "status-done",
    Status.ANSWERED_LATE: "status-busy",
}

DUE_SOON_DAYS = 7  # "due soon" on lists and the dashboard
REMINDER_DAYS_AHEAD = 3  # reminders include items due within this many days


class ReminderKind(models.TextChoices):
    """Which daily digest a reminder (herinnering) is."""

    OFFICER_DIGEST = "ambtenaar", _("Daily digest for the responsible officer")
    ESCALATION = "escalatie", _("Daily escalation digest for coordinators")


# Where an outgoing e-mail stands, and how often it is tried: shared by every stored e-mail of the portal.
DeliveryStatus = _DeliveryStatus
MAX_DELIVERY_ATTEMPTS = _MAX_DELIVERY_ATTEMPTS
