"""Forms of the fieldwork: one paper card (or telephone interview) on one page, and entry-only access.

A card is validated with the resident's own page forms (``surveys.respond.forms.SectionForm``), one per
section in survey order, each knowing the answers of the sections before it: the same checks as online
(choices, lengths, numbers, dates, the most choices) and the same route. Only "required" is not asked:
a resident may leave a question open on paper, and the card is entered as it is.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from participatie.forms import PortalForm

from ..constants import ResponseChannel
from ..logic import SurveyStructure, visibility
from ..models import Answer
from ..respond.forms import SectionForm
from .entry_services import ENTRY_CHANNELS

CARD_NUMBER_MAX = 99_999_999


class CardMetaForm(PortalForm):
    """The card's number (written on the paper) and how the answers came in (kanaal)."""

    card_number = forms.IntegerField(
        label=_("Card number"),
        min_value=1,
        max_value=CARD_NUMBER_MAX,
        help_text=_("The number written on the card or form. Each number can be entered once."),
        error_messages={
            "required": _("Fill in the card number."),
            "invalid": _("A card number is a whole number, for example 17."),
            "min_value": _("A card number is 1 or more."),
            "max_value": _("This card number is too long."),
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    channel = forms.ChoiceField(
        label=_("How the answers came in"),
        choices=[(value, ResponseChannel(value).label) for value in ENTRY_CHANNELS],
        initial=ResponseChannel.PAPER,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose paper or telephone."), "invalid_choice": _("Choose paper or telephone.")},
    )


class CardEntry:
    """One card: its number and channel, and one page form per section, validated in survey order."""

    def __init__(self, data=None, *, structure: SurveyStructure, initial_channel: str = ResponseChannel.PAPER):
        self.structure = structure
        self.meta = CardMetaForm(data, initial={"channel": initial_channel})
        self.section_forms = [
            SectionForm(data, structure=structure, section=section, stored={}, require=False)
            for section in structure.sections
        ]
        self.rows: dict[int, list[Answer]] = {}

    @property
    def is_bound(self) -> bool:
        return self.meta.is_bound

    def is_valid(self) -> bool:
        valid = self.meta.is_valid()
        rows: dict[int, list[Answer]] = {}
        for form in self.section_forms:
            # The route of this section follows the answers of the sections before it, as online.
            form.stored = dict(rows)
            valid = form.is_valid() and valid
            rows.update(form.page_rows)
        self.rows = rows
        return valid

    def shown_question_ids(self) -> set[int]:
        """The questions the route asks, given the answers typed so far (all the route shows when unbound)."""
        return visibility(self.structure, self.rows).question_ids


class EntryAccessForm(PortalForm):
    """The e-mail address of a volunteer or student who may enter answers for this survey only."""

    email = forms.EmailField(
        label=_("E-mail address of the data entry account"),
        max_length=254,
        help_text=_(
            "A new address gets an account that can only enter answers for this survey. "
            "The person sets their own password with 'Forgot your password?' on the login page."
        ),
        error_messages={
            "required": _("Fill in an e-mail address."),
            "invalid": _("Enter an e-mail address like name@example.nl."),
        },
    )
