"""Choices of the panels app: organen, members, meetings and the advice workflow."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class OrgaanKind(models.TextChoices):
    """The kind of advisory body or panel (soort orgaan)."""

    ADVIESRAAD = "adviesraad", _("Advisory council for the social domain")
    WMO_RAAD = "wmo-raad", _("Wmo council")
    CLIENTENRAAD = "clientenraad", _("Client council")
    JONGERENRAAD = "jongerenraad", _("Youth council")
    GEHANDICAPTENRAAD = "gehandicaptenraad", _("Disability council")
    KLANTENPANEL = "klantenpanel", _("Resident panel")
    KLANKBORDGROEP = "klankbordgroep", _("Sounding board group")
    OTHER = "anders", _("Other")


class TermUnit(models.TextChoices):
    """The unit of the response term the gemeente promised: days or weeks."""

    DAYS = "dagen", _("days")
    WEEKS = "weken", _("weeks")


class MemberRole(models.TextChoices):
    """A member's role in the orgaan (rol van het lid)."""

    CHAIR = "voorzitter", _("Chair")
    SECRETARY = "secretaris", _("Secretary")
    MEMBER = "lid", _("Member")
    EXPERT_BY_EXPERIENCE = "ervaringsdeskundige", _("Expert by experience")
    OFFICIAL_SUPPORT = "ambtelijk-ondersteuner", _("Official support")
    ADVISORY_MEMBER = "adviserend-lid", _("Advisory member")


# Members in these roles draft and send the orgaan's advice.
DRAFTING_ROLES = (MemberRole.CHAIR, MemberRole.SECRETARY)


class Experience(models.TextChoices):
    """A kind of lived experience a member brings (ervaringskennis)."""

    WMO = "wmo", _("Wmo support")
    YOUTH_CARE = "jeugd", _("Youth care")
    PARTICIPATIEWET = "participatiewet", _("Participatiewet (benefits, work)")
    MENTAL_HEALTH = "ggz", _("Mental health care")
    DEBT = "schulden", _("Debt support")
    INFORMAL_CARE = "mantelzorg", _("Informal care")
    SHELTERED_LIVING = "beschermd-wonen", _("Sheltered living")
    CLIENT_SUPPORT = "clientondersteuning", _("Client support")


class MeetingKind(models.TextChoices):
    """The kind of meeting (bijeenkomst)."""

    REGULAR = "regulier", _("Regular")
    THEMATIC = "thematisch", _("Thematic, with invited target groups")
    PUBLIC = "openbaar", _("Public")


class AttendanceStatus(models.TextChoices):
    """Whether a member attended a meeting (aanwezigheid)."""

    PRESENT = "aanwezig", _("Present")
    EXCUSED = "afgemeld", _("Absent with notice")
    ABSENT = "afwezig", _("Absent")


class PolicyPhase(models.TextChoices):
    """The phase of the policy cycle an adviesaanvraag is in (beleidsfase)."""

    AGENDA_SETTING = "agendavorming", _("Agenda setting")
    PREPARATION = "beleidsvoorbereiding", _("Policy preparation")
    DECISION = "besluitvorming", _("Decision making")
    IMPLEMENTATION = "uitvoering", _("Implementation")
    EVALUATION = "evaluatie", _("Evaluation")


class AdviceRoom(models.TextChoices):
    """How much room the gemeente has to take the advice over (beïnvloedingsruimte)."""

    LARGE = "ruim", _("Large: the choice is still open")
    LIMITED = "beperkt", _("Limited: the outline has been decided")
    SMALL = "klein", _("Small: only details can change")


class AdviesStatus(models.TextChoices):
    """Where an advies stands in its workflow (status van het advies)."""

    REQUESTED = "aangevraagd", _("Requested")
    IN_PREPARATION = "in-voorbereiding", _("In preparation")
    SENT = "uitgebracht", pgettext_lazy("advies status", "Sent")
    ANSWERED = "reactie-ontvangen", _("Answer received")
    CLOSED = "afgerond", pgettext_lazy("advies status", "Closed")
    WITHDRAWN = "ingetrokken", _("Withdrawn")


# Open states: the advice or the gemeente's answer is still awaited; they can be withdrawn.
OPEN_STATUSES = (AdviesStatus.REQUESTED, AdviesStatus.IN_PREPARATION, AdviesStatus.SENT)
# The orgaan still has to advise.
AWAITING_ADVICE_STATUSES = (AdviesStatus.REQUESTED, AdviesStatus.IN_PREPARATION)


class AdviesAction(models.TextChoices):
    """A step in the advies workflow (actie)."""

    REQUEST = "aanvragen", _("Request advice")
    START = "voorbereiden", _("Start preparing")
    SEND = "uitbrengen", _("Send advice")
    RECEIVE_ANSWER = "reactie-registreren", _("Register the answer")
    CLOSE = "afronden", _("Close")
    WITHDRAW = "intrekken", _("Withdraw")


class Outcome(models.TextChoices):
    """What the college did with an advice (uitkomst)."""

    ADOPTED = "overgenomen", _("Adopted")
    PARTLY_ADOPTED = "deels-overgenomen", _("Partly adopted")
    NOT_ADOPTED = "niet-overgenomen", _("Not adopted")


# Outcomes that need the college's reasons.
OUTCOMES_NEEDING_REASONS = (Outcome.PARTLY_ADOPTED, Outcome.NOT_ADOPTED)
