"""Views of the fieldwork: the data-entry screen for paper cards and telephone interviews, the paper
version, the start of a street interview, and who may enter answers (entry-only access).

Every view declares its ``permission`` (participatie.mixins). The survey comes from
``survey_get_for_entry``: a survey of the user's gemeenten or one they were given entry access to;
anything else is a 404. Views an entry-only account may open say ``entry_only_allowed = True``
(``EntryOnlyMiddleware`` refuses it every other page).
"""

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from participatie.mixins import RoleRequiredMixin

from ..constants import QuestionType, ResponseChannel
from ..logic import SurveyStructure
from ..models import EntryAssignment, Survey
from ..permissions import (
    can_enter_responses,
    can_manage_entry_access,
    can_open_entry_home,
    can_view_paper_version,
)
from ..selectors import survey_get_for_entry
from . import entry_selectors as selectors
from . import entry_services as services
from .entry_forms import CardEntry, EntryAccessForm
from .paper import paper_sections

TEMPLATE_DIR = "surveys/fieldwork/"


class FieldworkMixin(RoleRequiredMixin):
    """Loads ``self.survey`` (404 outside the user's gemeenten and entry access); the predicate decides (403)."""

    allow_drafts = False

    def get_permission_object(self):
        if not hasattr(self, "survey"):
            try:
                self.survey = survey_get_for_entry(
                    user=self.request.user, pk=self.kwargs["pk"], drafts=self.allow_drafts
                )
            except Survey.DoesNotExist as error:
                raise Http404 from error
        return self.survey


class EntryHomeView(RoleRequiredMixin, View):
    """The start page of a data-entry account (invoer): its surveys, each with entry and interview links."""

    permission = staticmethod(can_open_entry_home)
    entry_only_allowed = True

    def get(self, request):
        surveys = selectors.survey_list_for_entry_home(user=request.user)
        return render(request, TEMPLATE_DIR + "entry_home.html", {"surveys": surveys})


def _annotate_blocks(blocks: list[dict], numbers: dict[int, int], shown: set[int]) -> list[dict]:
    """Add what the entry screen shows beside the resident's blocks: number, option codes, skipped or not."""
    for block in blocks:
        question = block["question"]
        block["number"] = numbers[question.pk]
        block["skipped"] = question.pk not in shown
        codes = [option.code for option in question.option_list]
        for option, code in zip(block.get("options", ()), codes, strict=False):
            option["code"] = code
        for item in block.get("statements", ()):
            for option, code in zip(item["options"], codes, strict=False):
                option["code"] = code
    return blocks


class CardEntryView(FieldworkMixin, View):
    """One page per card: number, channel and every section; "Opslaan en volgende kaart" stores it."""

    permission = staticmethod(can_enter_responses)
    entry_only_allowed = True

    def get(self, request, pk):
        channel = request.GET.get("kanaal")
        if channel not in services.ENTRY_CHANNELS:
            channel = ResponseChannel.PAPER
        structure = SurveyStructure.load(self.survey)
        return self.render_entry(CardEntry(structure=structure, initial_channel=channel), structure)

    def post(self, request, pk):
        structure = SurveyStructure.load(self.survey)
        entry = CardEntry(request.POST, structure=structure)
        if not services.survey_accepts_entry(self.survey):
            return self.render_entry(entry, structure, status=409)
        if not entry.is_valid():
            return self.render_entry(entry, structure, status=400)
        number = entry.meta.cleaned_data["card_number"]
        channel = entry.meta.cleaned_data["channel"]
        try:
            services.response_enter(
                survey=self.survey,
                structure=structure,
                rows=entry.rows,
                card_number=number,
                channel=channel,
                entered_by=request.user,
            )
        except services.CardNumberTakenError:
            entry.meta.add_error(
                "card_number",
                _("Card %(number)s has already been entered for this survey. Check the number on the card.")
                % {"number": number},
            )
            return self.render_entry(entry, structure, status=409)
        messages.success(request, _("Card %(number)s is saved. You can enter the next card.") % {"number": number})
        url = reverse("surveys:fieldwork_entry", args=[self.survey.pk])
        return HttpResponseRedirect(f"{url}?kanaal={channel}")

    def render_entry(self, entry: CardEntry, structure: SurveyStructure, status: int = 200):
        numbers = selectors.question_numbers(structure=structure)
        shown = entry.shown_question_ids()
        sections, error_links = [], []
        for form in entry.section_forms:
            blocks = _annotate_blocks(
                form.question_blocks({question.pk for question in form.questions}), numbers, shown
            )
            sections.append({"section": form.section, "blocks": blocks})
            if form.is_bound:
                error_links.extend(form.error_links([block for block in blocks if not block["skipped"]]))
        return render(
            self.request,
            TEMPLATE_DIR + "card_entry.html",
            {
                "survey": self.survey,
                "meta": entry.meta,
                "sections": sections,
                "error_links": error_links,
                "has_errors": entry.is_bound and (bool(entry.meta.errors) or bool(error_links)),
                "accepts_entry": services.survey_accepts_entry(self.survey),
                "route": selectors.route_for_entry_screen(structure=structure),
                "today_count": services.entry_count_today(survey=self.survey),
                "today_mine": services.entry_count_today(survey=self.survey, user=self.request.user),
                "kinds": QuestionType,
                "can_manage": can_manage_entry_access(self.request.user, self.survey),
            },
            status=status,
        )


class PaperVersionView(FieldworkMixin, View):
    """The printable paper version of a survey (papieren versie); ``?groot=1`` prints in large type (16 pt)."""

    permission = staticmethod(can_view_paper_version)
    entry_only_allowed = True
    allow_drafts = True

    def get(self, request, pk):
        structure = SurveyStructure.load(self.survey)
        large = request.GET.get("groot") == "1"
        return render(
            request,
            TEMPLATE_DIR + "paper.html",
            {"survey": self.survey, "sections": paper_sections(structure), "large": large},
        )


class EntryAccessView(FieldworkMixin, View):
    """Who may enter answers for this survey only (invoerders): the list, and giving access by e-mail address."""

    permission = staticmethod(can_manage_entry_access)
    allow_drafts = True

    def get(self, request, pk):
        return self.render_access(EntryAccessForm())

    def post(self, request, pk):
        form = EntryAccessForm(request.POST)
        if not form.is_valid():
            return self.render_access(form, status=400)
        assignment, created = services.entry_access_grant(
            survey=self.survey, email=form.cleaned_data["email"], granted_by=request.user
        )
        if created:
            messages.success(
                request,
                _("An account was made for %(email)s. It can only enter answers for this survey.")
                % {"email": assignment.user.email},
            )
        else:
            messages.success(
                request, _("%(email)s can now enter answers for this survey.") % {"email": assignment.user.email}
            )
        return HttpResponseRedirect(reverse("surveys:fieldwork_access", args=[self.survey.pk]))

    def render_access(self, form, status=200):
        return render(
            self.request,
            TEMPLATE_DIR + "access.html",
            {
                "survey": self.survey,
                "form": form,
                "assignments": selectors.entry_assignment_list_for_survey(survey=self.survey),
            },
            status=status,
        )


class EntryAccessRevokeView(FieldworkMixin, View):
    """Take an account's entry access to this survey back (POST only)."""

    permission = staticmethod(can_manage_entry_access)
    allow_drafts = True
    http_method_names = ["post", "options"]

    def post(self, request, pk, assignment_id):
        assignment = get_object_or_404(
            EntryAssignment.objects.select_related("user"), pk=assignment_id, survey=self.survey
        )
        email = assignment.user.email
        services.entry_access_revoke(assignment=assignment)
        messages.success(request, _("%(email)s can no longer enter answers for this survey.") % {"email": email})
        return HttpResponseRedirect(reverse("surveys:fieldwork_access", args=[self.survey.pk]))
