"""The officer's pilot round (proefronde) page, and the testers' list of pilots they are asked to test.

The survey comes from a selector scoped to the user's gemeenten (another gemeente's survey is a 404); the
view's permission then decides per role (a council member gets a 403 on the officer's page).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View

from participatie.constants import ALL_ROLES
from participatie.mixins import RoleRequiredMixin, is_logged_in

from ..models import PilotComment, Survey
from ..permissions import can_manage_pilot, can_view_survey
from ..selectors import pilot_list_for_tester, survey_get_for_staff
from . import pilot_selectors
from .pilot_forms import PilotForm
from .pilot_services import pilot_comment_handle, pilot_save


class FieldworkSurveyMixin(RoleRequiredMixin):
    """Loads ``self.survey`` for any role in its gemeente (another gemeente's survey is a 404)."""

    @cached_property
    def survey(self) -> Survey:
        try:
            return survey_get_for_staff(user=self.request.user, pk=self.kwargs["pk"], roles=ALL_ROLES)
        except Survey.DoesNotExist as error:
            raise Http404 from error

    def get_permission_object(self):
        return self.survey


def pilot_link(request, pilot) -> str:
    """The absolute pilot link the officer shares."""
    return request.build_absolute_uri(reverse("surveys:pilot_start", kwargs={"token": pilot.token}))


class PilotManageView(FieldworkSurveyMixin, View):
    """The pilot round of a draft survey: its link, with whom it is shared, and the comments per question."""

    permission = can_view_survey
    template_name = "surveys/fieldwork/pilot.html"

    def form(self, data=None, pilot=None):
        initial = {}
        if pilot is not None:
            initial = {
                "orgaan": pilot.orgaan_id,
                "tester_emails": "\n".join(user.email for user in pilot.testers.all()),
                "open_to_link": pilot.open_to_link,
            }
        return PilotForm(
            data, initial=initial, orgaan_queryset=pilot_selectors.pilot_orgaan_choices(survey=self.survey)
        )

    def render_page(self, form, pilot, status=200):
        return render(
            self.request,
            self.template_name,
            {
                "survey": self.survey,
                "pilot": pilot,
                "pilot_link": pilot_link(self.request, pilot) if pilot else None,
                "form": form,
                "can_manage": can_manage_pilot(self.request.user, self.survey),
                "by_question": pilot_selectors.pilot_comments_by_question(survey=self.survey),
                "pilot_responses": pilot_selectors.pilot_response_count(survey=self.survey) if pilot else 0,
            },
            status=status,
        )

    def get(self, request, pk):
        pilot = pilot_selectors.pilot_for_survey(survey=self.survey)
        return self.render_page(self.form(pilot=pilot), pilot)

    def post(self, request, pk):
        if not can_manage_pilot(request.user, self.survey):
            raise PermissionDenied
        pilot = pilot_selectors.pilot_for_survey(survey=self.survey)
        form = self.form(request.POST)
        if form.is_valid():
            try:
                pilot_save(
                    survey=self.survey,
                    user=request.user,
                    orgaan=form.cleaned_data["orgaan"],
                    testers=form.cleaned_data["tester_emails"],
                    open_to_link=form.cleaned_data["open_to_link"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The pilot round has been saved. Share the link with the testers."))
                return HttpResponseRedirect(reverse("surveys:pilot_manage", args=[self.survey.pk]))
        return self.render_page(form, pilot, status=400)


class PilotCommentHandleView(FieldworkSurveyMixin, View):
    """Mark a tester's comment handled (afgehandeld), or open it again."""

    permission = can_manage_pilot

    def post(self, request, pk, comment_id):
        try:
            comment = pilot_selectors.pilot_comment_get(survey=self.survey, pk=comment_id)
        except PilotComment.DoesNotExist as error:
            raise Http404 from error
        handled = request.POST.get("handled", "1") != "0"
        pilot_comment_handle(comment=comment, user=request.user, handled=handled)
        if handled:
            messages.success(request, _("The comment is marked as handled."))
        else:
            messages.success(request, _("The comment is open again."))
        return HttpResponseRedirect(
            reverse("surveys:pilot_manage", args=[self.survey.pk]) + f"#vraag-{comment.question_id}"
        )


class PilotTesterListView(RoleRequiredMixin, View):
    """The pilot rounds a logged-in user is asked to test (as a named tester or member of an orgaan)."""

    permission = is_logged_in

    def get(self, request):
        pilots = [(pilot, pilot_link(request, pilot)) for pilot in pilot_list_for_tester(user=request.user)]
        return render(request, "surveys/fieldwork/pilot_tester_list.html", {"pilots": pilots})
