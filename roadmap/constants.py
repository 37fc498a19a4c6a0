"""Choices and the programme's guidance for the vernieuwingstraject (the six steps of the routekaart)."""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Reason(models.TextChoices):
    """Why a gemeente renews its client participation (aanleiding)."""

    LEGAL_DUTY = "wettelijke-plicht", _("Meet the legal duty")
    DIRECT_CONTACT = "direct-contact", _("More direct contact with residents and clients")
    SUPPORT = "draagvlak", _("More support for policy")
    NEW_GROUPS = "nieuwe-doelgroepen", _("New target groups after the decentralisations")
    OTHER = "anders", _("Other reason")


class StepNumber(models.IntegerChoices):
    """The six steps of the routekaart, in order."""

    REASON = 1, _("Get the reason clear")
    PARTICIPANTS = 2, _("Involve people who think along")
    DECISIONS = 3, _("Take decisions")
    MODEL = 4, _("Design the model")
    IMPLEMENT = 5, _("Implement")
    ORGANISATION = 6, _("Change as a gemeente")


class StepStatus(models.TextChoices):
    """Where a step stands."""

    NOT_STARTED = "niet-gestart", _("Not started")
    IN_PROGRESS = "bezig", _("In progress")
    DONE = "afgerond", _("Done")
    SKIPPED = "overgeslagen", _("Skipped")


# The status-badge class of portal.css per status (text is always shown beside it).
STATUS_BADGE = {
    StepStatus.NOT_STARTED: "status-none",
    StepStatus.IN_PROGRESS: "status-busy",
    StepStatus.DONE: "status-done",
    StepStatus.SKIPPED: "status-none",
}


class ChecklistState(models.TextChoices):
    """The state of one aandachtspunt on a step's checklist."""

    OPEN = "open", _("To do")
    DONE = "gedaan", _("Done")
    NOT_APPLICABLE = "niet-van-toepassing", _("Not applicable")


class StakeholderGroup(models.TextChoices):
    """The groups whose view on 'why renew?' step 1 asks for (go wide)."""

    OFFICIALS = "ambtenaren", _("Policy officers")
    COUNCIL = "gemeenteraad", _("Municipal council")
    EXECUTIVE = "college", _("Executive board (college)")
    EXISTING_COUNCILS = "adviesraden", _("Existing client and advisory councils")
    RESIDENTS = "inwoners", _("Residents")


class MeedenkerKind(models.TextChoices):
    """What kind of meedenker someone is; the last four are the 'unusual suspects'."""

    ADVISORY_COUNCIL = "adviesraad", _("Existing advisory council")
    INTEREST_GROUP = "belangenorganisatie", _("Interest group")
    PROVIDER = "aanbieder", _("Care or support provider")
    RESIDENT = "inwoner", _("Resident")
    EXPERIENCE_EXPERT = "ervaringsdeskundige", _("Expert by experience")
    KEY_FIGURE = "sleutelfiguur", _("Key figure in the neighbourhood")
    SOCIAL_ENTREPRENEUR = "sociaal-ondernemer", _("Social entrepreneur")
    ARTIST = "kunstenaar", _("Artist")
    OTHER = "anders", _("Other")


UNUSUAL_SUSPECTS = (
    MeedenkerKind.KEY_FIGURE,
    MeedenkerKind.SOCIAL_ENTREPRENEUR,
    MeedenkerKind.ARTIST,
    MeedenkerKind.OTHER,
)


class DecisionMaker(models.TextChoices):
    """Who took a besluit."""

    EXECUTIVE = "college", _("Executive board (college)")
    COUNCIL = "raad", _("Municipal council")
    OFFICIAL = "ambtelijk", _("Civil service")
    TOGETHER = "samen", _("Together with participants")


class CouncilFate(models.TextChoices):
    """What happens to an existing council after a besluit."""

    STAYS = "blijft", _("Stays")
    MERGES = "gaat-op", _("Merges into the new body")
    STOPS = "stopt", _("Stops")
    OPEN = "open", _("Still open")


class ParticipationForm(models.TextChoices):
    """Forms of participation: polling, in-depth, structural (peilend, verdiepend, structureel)."""

    POLLING = "peilend", _("Polling")
    IN_DEPTH = "verdiepend", _("In depth")
    STRUCTURAL = "structureel", _("Structural")


class Method(models.TextChoices):
    """Methods of participation a model may use."""

    QUESTIONNAIRE = "vragenlijst", _("Questionnaire")
    EXPERIENCE_CARD = "ervaringenkaart", _("Experience card")
    CUSTOMER_JOURNEY = "klantreis", _("Customer journey")
    INTERVIEWS = "interviews", _("Interviews")
    STORYTELLING = "storytelling", _("Storytelling")
    CUSTOMER_PANEL = "klantenpanel", _("Customer panel")
    DIALOGUE_TABLE = "dialoogtafel", _("Dialogue table")
    ADVISORY_COUNCIL = "adviesraad", _("Advisory council")
    METHODE_JET = "methode-jet", _("Methode Jet")
    OTHER = "anders", _("Other")


# Which form of participation each method belongs to.
METHOD_FORM = {
    Method.QUESTIONNAIRE: ParticipationForm.POLLING,
    Method.EXPERIENCE_CARD: ParticipationForm.POLLING,
    Method.CUSTOMER_JOURNEY: ParticipationForm.IN_DEPTH,
    Method.INTERVIEWS: ParticipationForm.IN_DEPTH,
    Method.STORYTELLING: ParticipationForm.IN_DEPTH,
    Method.METHODE_JET: ParticipationForm.IN_DEPTH,
    Method.CUSTOMER_PANEL: ParticipationForm.STRUCTURAL,
    Method.DIALOGUE_TABLE: ParticipationForm.STRUCTURAL,
    Method.ADVISORY_COUNCIL: ParticipationForm.STRUCTURAL,
}


class LadderRung(models.IntegerChoices):
    """A rung on the participation ladder (participatieladder), low to high."""

    INFORM = 1, _("Inform")
    CONSULT = 2, _("Consult")
    ADVISE = 3, _("Advise")
    COPRODUCE = 4, _("Co-produce")
    CODECIDE = 5, _("Co-decide")


class AttachmentKind(models.TextChoices):
    """A document (uploaded file) or a link."""

    DOCUMENT = "document", _("Document")
    LINK = "link", _("Link")


class HistoryKind(models.TextChoices):
    """What a history entry (geschiedenis) records."""

    TRAJECT_CREATED = "traject-gestart", _("Traject started")
    TRAJECT_CHANGED = "traject-gewijzigd", _("Traject details changed")
    STATUS_CHANGED = "status", _("Step status changed")
    STEP_CHANGED = "stap-gewijzigd", _("Step details changed")
    CHECKLIST = "aandachtspunt", _("Checklist item")
    ACTION = "actiepunt", _("Action")
    DECISION = "besluit", _("Decision")
    STAKEHOLDER_VIEW = "visie", _("Stakeholder view")
    MEEDENKER = "meedenker", _("Meedenker")
    MODEL = "model", _("Model")
    ATTACHMENT = "bijlage", _("Document or link")


# Uploads: what a step accepts as a document.
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
ATTACHMENT_EXTENSIONS = ("pdf", "docx", "xlsx", "pptx", "odt", "ods", "odp", "txt", "csv", "png", "jpg", "jpeg")


@dataclass(frozen=True)
class StepGuide:
    """The programme's tip and the seeded aandachtspunten of one step."""

    tip_title: object
    tip: object
    checklist: tuple


STEP_GUIDES = {
    StepNumber.REASON: StepGuide(
        _("Go wide"),
        _(
            "Ask why you want to renew before you decide how. Only meeting the law is a different goal from "
            "closer contact with clients or more support for policy. Do not ask only yourselves: find out how "
            "policy officers, the municipal council, the executive board, the existing councils and residents "
            "each see it."
        ),
        (
            _("Policy officers have said why they want to renew"),
            _("The municipal council has said why it wants to renew"),
            _("The executive board (college) has said why it wants to renew"),
            _("The existing client and advisory councils have given their view"),
            _("Residents and clients have given their view"),
            _("The reason and goal are written down in a few sentences"),
        ),
    ),
    StepNumber.PARTICIPANTS: StepGuide(
        _("Bring in a fresh look from outside"),
        _(
            "People inside the current structure find it hard to look at it with new eyes. Also invite people "
            "you would not think of first: key figures in a neighbourhood, social entrepreneurs, artists."
        ),
        (
            _("Members of the existing councils are involved"),
            _("At least one 'unusual suspect' is involved"),
            _("The target groups of Wmo, Participatiewet and Jeugdwet are all represented"),
            _("Participants know what is expected of them and how much time it takes"),
        ),
    ),
    StepNumber.DECISIONS: StepGuide(
        _("Be open and clear"),
        _(
            "Be clear, above all about the future of the existing advisory councils. If a council stops, you "
            "can invite its members to take part in person. If the answer is not known yet, agree openly that "
            "the process you go through together will give it."
        ),
        (
            _("The future of every existing council is decided or openly left to the process"),
            _("The decision is explained to the members of the existing councils"),
            _("It is clear who decides what: college, council, civil service or together"),
        ),
    ),
    StepNumber.MODEL: StepGuide(
        _("Leave room to experiment"),
        _(
            "Do not fix the new model down to the last detail. Filling in every role in advance often causes "
            "disagreement; much only becomes clear in practice. Agree what you will try out and when you will "
            "look at it again."
        ),
        (
            _("The model combines polling, in-depth and structural forms where they fit"),
            _("It is written down what is left open to experiment"),
            _("A moment to evaluate the experiments is planned"),
        ),
    ),
    StepNumber.IMPLEMENT: StepGuide(
        _("Clients on the selection committee"),
        _(
            "Let clients help choose the members of a new body, for example someone with a mild intellectual "
            "disability on the selection committee. Not for show, but for the content: they cut through jargon "
            "and socially desirable answers."
        ),
        (
            _("Clients sit on the selection committee for the new body"),
            _("Recruitment reaches the target groups in plain language"),
            _("New members are welcomed and supported"),
        ),
    ),
    StepNumber.ORGANISATION: StepGuide(
        _("Align between departments"),
        _(
            "One client often deals with the Wmo, the Participatiewet and the Jeugdwet at once. Integral "
            "participation only works when the departments align their policy and their ways of working with "
            "the new advisory structure, from drafting policy to evaluating it. Work from the outside in."
        ),
        (
            _("The departments for Wmo, Participatiewet and Jeugdwet align their policy"),
            _("Work processes and lines of communication fit the new advisory structure"),
            _("Feedback to participants is arranged, with a term announced in advance"),
            _("Signals and unsolicited advice from residents are picked up"),
            _("Other policy officers know how to ask for good advice"),
        ),
    ),
}
