"""Choices and fixed values of the surveys app (vragenlijsten)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SurveyStatus(models.TextChoices):
    """Where a survey (vragenlijst) is in its life: concept -> open -> gesloten."""

    CONCEPT = "concept", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "gesloten", pgettext_lazy("survey status", "Closed")


class MethodKind(models.TextChoices):
    """The way residents are involved: peilend, verdiepend or structureel."""

    POLLING = "peilend", _("Polling (questionnaire, experience card)")
    IN_DEPTH = "verdiepend", _("In depth (customer journey, interviews)")
    STRUCTURAL = "structureel", _("Structural (councils, panels)")


class RetentionMode(models.TextChoices):
    """What the retention purge deletes once a survey's retention term is over (bewaartermijn)."""

    ANONYMISE = "anonimiseren", _("Anonymise: keep the closed answers for statistics")
    ALL_ANSWERS = "alle-antwoorden", _("Delete all answers")
    OPEN_TEXTS = "open-teksten", _("Delete only the open-text answers")


# What each retention mode keeps, in plain Dutch, shown on the survey's settings page.
RETENTION_MODE_EXPLANATIONS = {
    RetentionMode.ANONYMISE: _(
        "After the term we keep the closed answers (choices, scales, numbers) for statistics and for comparing "
        "with next year. We delete open texts, 'other, namely' texts, dates people filled in, resume codes, "
        "e-mail addresses and answer files, and the exact moments: only the month of sending stays. "
        "Nobody can be recognised from what remains."
    ),
    RetentionMode.ALL_ANSWERS: _(
        "After the term we delete every response and every e-mail address. Only the questionnaire itself stays. "
        "You can then no longer compare with a next round."
    ),
    RetentionMode.OPEN_TEXTS: _(
        "After the term we delete the open texts and the e-mail addresses. Everything else stays, including the "
        "exact moments of filling in."
    ),
}


class ExportValueMode(models.TextChoices):
    """How the answer file shows a choice: by its code (for analysis) or its label (to read)."""

    CODES = "codes", _("Codes (for SPSS, R or Excel analysis)")
    LABELS = "labels", _("Labels (the answer texts)")


class AnswerExportFormat(models.TextChoices):
    """The file type of an answer file (antwoordbestand)."""

    XLSX = "xlsx", _("Excel (.xlsx) with codebook")
    CSV = "csv", _("CSV (;) with codebook, as zip")
    SAV = "sav", _("SPSS (.sav) with labels")


class AnswerExportStatus(models.TextChoices):
    """Where a background answer export is: waiting, running, ready or failed."""

    QUEUED = "wachtrij", _("Waiting")
    RUNNING = "bezig", _("Running")
    DONE = "klaar", _("Ready")
    FAILED = "mislukt", _("Failed")
    EXPIRED = "verlopen", _("Deleted after a day")


ANSWER_EXPORT_ACTIVE_STATUSES = (AnswerExportStatus.QUEUED, AnswerExportStatus.RUNNING)


class RevisionTarget(models.TextChoices):
    """Which text of a question changed after responses: the question, an option or a statement."""

    QUESTION = "vraag", _("Question")
    OPTION = "optie", _("Answer option")
    STATEMENT = "stelling", _("Statement")


class QuestionType(models.TextChoices):
    """The kind of a question (vraagtype)."""

    SHORT_TEXT = "kort-tekst", _("Short text")
    LONG_TEXT = "lang-tekst", _("Long text")
    SINGLE_CHOICE = "een-keuze", _("Single choice")
    MULTIPLE_CHOICE = "meer-keuzes", _("Multiple choice")
    SCALE = "schaal", _("Scale")
    MATRIX = "matrix", _("Matrix (statements on one scale)")
    NUMBER = "getal", _("Number")
    DATE = "datum", _("Date")
    YES_NO = "ja-nee", _("Yes/no")


class ChoiceWidget(models.TextChoices):
    """How a single-choice question is shown: radio buttons, or a list for long lists."""

    RADIO = "keuzerondjes", _("Radio buttons")
    SELECT = "keuzelijst", _("Drop-down list (for long lists)")


class ScaleKind(models.TextChoices):
    """A scale of labelled points (mee eens ... niet mee eens) or a 1-10 rapportcijfer."""

    LABELLED = "benoemd", _("Labelled points")
    GRADE = "rapportcijfer", _("Report mark 1-10")


class LogicOperator(models.TextChoices):
    """How a skip-logic rule compares an earlier choice answer with its options."""

    IS_ONE_OF = "is-een-van", _("is one of")
    IS_NOT_ONE_OF = "is-niet-een-van", _("is not one of")


class ResponseStatus(models.TextChoices):
    """Where a response (ingevulde vragenlijst) is: bezig, compleet, or left incomplete at closing."""

    IN_PROGRESS = "bezig", _("In progress")
    COMPLETE = "compleet", _("Complete")
    INCOMPLETE = "onvolledig", _("Incomplete (survey closed)")


class ExclusionKind(models.TextChoices):
    """Why a response is left out of results and exports (opschonen): a test, or not a valid response."""

    TEST = "test", _("Test response")
    INVALID = "invalid", _("Invalid response")


class CleaningAction(models.TextChoices):
    """What an officer did to a single response while cleaning the data."""

    EXCLUDED = "excluded", _("Left out")
    RESTORED = "restored", _("Counted again")


class ResponseSource(models.TextChoices):
    """How a respondent reached the survey; invitation codes from letters come later."""

    OPEN_LINK = "open-link", _("Open link")
    INVITATION = "uitnodiging", _("Invitation code from a letter")


class ResponseChannel(models.TextChoices):
    """How the answers reached the portal (kanaal): online, on paper, by telephone or in the street."""

    ONLINE_SELF = "online_self", _("Online, on their own")
    ONLINE_ASSISTED = "online_assisted", _("Online with help")
    PAPER = "paper", _("Paper (entered)")
    PHONE = "phone", _("By telephone")
    STREET = "street", _("Street interview")


class AssistedBy(models.TextChoices):
    """Who helped the respondent fill in, in general terms only (hulp bij invullen)."""

    VOLUNTEER = "volunteer", _("Volunteer")
    CARER = "carer", _("Carer or family")
    CARE_WORKER = "care_worker", _("Care worker")
    CLIENT_SUPPORTER = "client_supporter", _("Client supporter")


# Channels where the resident filled in online and may tell on the last page that someone helped.
ONLINE_CHANNELS = (ResponseChannel.ONLINE_SELF, ResponseChannel.ONLINE_ASSISTED)

# The language a response is filled in when nothing else is chosen.
DEFAULT_RESPONSE_LANGUAGE = "nl"

# Question types whose answers point to an Option (and so can drive skip logic).
CHOICE_TYPES = frozenset(
    {QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_CHOICE, QuestionType.SCALE, QuestionType.YES_NO}
)
# Question types that need options at all (matrix: the shared scale points).
OPTION_TYPES = CHOICE_TYPES | {QuestionType.MATRIX}
# Question types whose answer is free text: these are deleted by the "open texts only" purge.
OPEN_TEXT_TYPES = frozenset({QuestionType.SHORT_TEXT, QuestionType.LONG_TEXT})

# Fixed options of a yes/no question (code, msgid).
YES_NO_OPTIONS = (("ja", _("Yes")), ("nee", _("No")))
# The points of a rapportcijfer scale.
GRADE_POINTS = tuple(range(1, 11))

# Defaults and limits.
SHORT_TEXT_MAX_LENGTH = 200
LONG_TEXT_MAX_LENGTH = 2000
LONG_TEXT_LIMIT = 10000
DEFAULT_RETENTION_DAYS = 365
# Characters of a resume code: no 0/O, 1/I/L, so it can be typed over from paper.
RESUME_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
RESUME_CODE_LENGTH = 12
# Rate limit of public submits: at most this many POSTs per client per window.
SUBMIT_RATE_LIMIT = 60
SUBMIT_RATE_WINDOW_SECONDS = 60
# E-mails with a resume link per client per window (so the form cannot be used to send spam).
RESUME_MAIL_RATE_LIMIT = 5
# Name of the hidden honeypot field on every public form.
# A name no browser autofill recognises (a name like "website" gets filled in by autofill,
# and the resident would then lose the page of answers to the bot trap).
HONEYPOT_FIELD = "hp_leeg_laten"

# The respondent's reference to their response in progress: a signed cookie of its own, limited to the
# survey's public pages (no database session, so no session row is written on every page).
RESPONSE_COOKIE_NAME = "vragenlijst"  # followed by the survey id
RESPONSE_COOKIE_MAX_AGE = 14 * 24 * 60 * 60


# --- Fieldwork: pilot and translations ---


class PilotCommentKind(models.TextChoices):
    """What a tester of a pilot round (proefronde) says about a question."""

    SUGGESTIVE = "suggestive", _("Suggestive: it steers towards an answer")
    TOO_DIFFICULT = "too_difficult", _("Too difficult")
    UNCLEAR = "unclear", _("Unclear")
    ANSWER_MISSING = "answer_missing", _("An answer is missing")
    OTHER = "other", _("Something else")


class SurveyLanguageCode(models.TextChoices):
    """A language a survey can be translated into besides Dutch: Frisian first."""

    FRISIAN = "fy", _("Frisian (Frysk)")
    ENGLISH = "en", _("English")


# The name of each language in that language itself, for the resident's language choice.
LANGUAGE_OWN_NAMES = {"nl": "Nederlands", "fy": "Frysk", "en": "English"}


class TranslatedKind(models.TextChoices):
    """The kind of survey text a translation belongs to."""

    SURVEY = "survey", _("Survey")
    SECTION = "section", _("Page")
    QUESTION = "question", _("Question")
    OPTION = "option", _("Answer option")
    STATEMENT = "statement", _("Statement")


# The texts of each kind that can be translated (field names on the model).
TRANSLATED_FIELDS = {
    TranslatedKind.SURVEY: ("title", "introduction", "privacy_text", "terugkoppeling_text"),
    TranslatedKind.SECTION: ("title", "intro"),
    TranslatedKind.QUESTION: ("text", "help_text"),
    TranslatedKind.OPTION: ("label",),
    TranslatedKind.STATEMENT: ("text",),
}
# The cookie that keeps a resident's language choice, per survey (followed by the survey id).
LANGUAGE_COOKIE_NAME = "vragenlijst_taal"

# Invitation codes (uitnodigingscodes) on letters: the same easy-to-type alphabet as resume codes, shorter.
# 31 characters, 10 long: 31**10 = 8.2 * 10**14 codes (49.5 bits); see docs/fieldwork.md for the guessing sum.
INVITATION_CODE_ALPHABET = RESUME_CODE_ALPHABET
INVITATION_CODE_LENGTH = 10
# At most this many codes in one batch (a sample file is also bound by the spreadsheet import limits).
INVITATION_BATCH_MAX_CODES = 5000
# Code attempts per client per window (the survey submit limiter's window): typing errors pass, guessing does not.
INVITATION_CODE_RATE_LIMIT = 10
