"""Answer file views (antwoordbestanden): choose, download at once or follow a background export."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView

from participatie.audit import audit_record
from participatie.constants import ALL_ROLES, STAFF_ROLES, AuditAction
from participatie.exports.views import download_response
from participatie.mixins import RoleRequiredMixin
from participatie.permissions import has_role_anywhere

from ..constants import ANSWER_EXPORT_ACTIVE_STATUSES, AnswerExportStatus
from ..models import AnswerExport, Survey
from ..permissions import can_export_answers, can_view_results
from ..selectors import revision_list_for_survey, survey_get_for_staff
from . import services
from .forms import AnswerExportForm
from .selectors import answer_export_list_for_survey, response_list_for_answer_file, survey_list_for_answer_export
from .xlsx_stream import ExcelLimitError


class AnswerExportSurveyListView(RoleRequiredMixin, ListView):
    """The surveys whose answer file the user may take (linked from /exports/)."""

    # Officers and coordinators; the list is scoped to their gemeenten.
    permission = staticmethod(lambda user: has_role_anywhere(user, *STAFF_ROLES))
    template_name = "surveys/exports/survey_list.html"
    context_object_name = "surveys"

    def get_queryset(self):
        return survey_list_for_answer_export(user=self.request.user)


class AnswerExportMixin(RoleRequiredMixin):
    """Loads ``self.survey``: another gemeente's survey is a 404; each view's object predicate is asked about it."""

    def get_permission_object(self):
        if not hasattr(self, "survey"):
            try:
                # Any role in the survey's gemeente finds it (the predicate answers 403 where the role may not).
                self.survey = survey_get_for_staff(user=self.request.user, pk=self.kwargs["pk"], roles=ALL_ROLES)
            except Survey.DoesNotExist as error:
                raise Http404 from error
        return self.survey

    def get_export(self, export_id) -> AnswerExport:
        try:
            return AnswerExport.objects.get(survey=self.survey, pk=export_id)
        except AnswerExport.DoesNotExist as error:
            raise Http404 from error


class AnswerExportView(AnswerExportMixin, View):
    """Choose file type and values; small files download at once, large ones start a background export."""

    permission = staticmethod(can_export_answers)

    template_name = "surveys/exports/answer_export.html"

    def context(self, form, **extra) -> dict:
        running = AnswerExport.objects.filter(survey=self.survey, status__in=ANSWER_EXPORT_ACTIVE_STATUSES).first()
        return {
            "survey": self.survey,
            "form": form,
            "response_count": response_list_for_answer_file(survey=self.survey).count(),
            "exports": answer_export_list_for_survey(survey=self.survey),
            "running": running,
            "revisions": list(revision_list_for_survey(survey=self.survey)),
            **extra,
        }

    def get(self, request, pk):
        return render(request, self.template_name, self.context(AnswerExportForm()))

    def post(self, request, pk):
        form = AnswerExportForm(request.POST)
        if not form.is_valid():
            return render(request, self.template_name, self.context(form), status=400)
        choice = {"file_format": form.cleaned_data["file_format"], "value_mode": form.cleaned_data["value_mode"]}
        if not services.answer_file_is_large(survey=self.survey):
            try:
                content, filename, content_type = services.answer_file_build_now(
                    survey=self.survey, user=request.user, **choice
                )
            except ExcelLimitError as error:  # wider than Excel opens: the page says to choose CSV or SPSS
                return render(request, self.template_name, self.context(form, refused=str(error)), status=400)
            response = HttpResponse(content, content_type=content_type)
            response["Content-Disposition"] = f'attachment; filename="{filename}"'
            response["Cache-Control"] = "no-store"
            return response
        try:
            export = services.answer_export_start(survey=self.survey, user=request.user, **choice)
        except services.AnswerExportRunning:
            message = _("An export of this survey is still running. Wait until it is ready, then try again.")
            return render(request, self.template_name, self.context(form, refused=message), status=409)
        except ValidationError as error:
            form.add_error(None, error)
            return render(request, self.template_name, self.context(form), status=400)
        messages.info(request, _("The export has started. This page shows when the file is ready."))
        return HttpResponseRedirect(reverse("surveys:answer_export_status", args=[self.survey.pk, export.pk]))


class AnswerExportStatusView(AnswerExportMixin, View):
    """The progress of a background export; offers the file once it is ready."""

    permission = staticmethod(can_export_answers)

    def get(self, request, pk, export_id):
        export = self.get_export(export_id)
        context = {"survey": self.survey, "export": export, "active": export.status in ANSWER_EXPORT_ACTIVE_STATUSES}
        return render(request, "surveys/exports/answer_export_status.html", context)


class AnswerExportFileView(AnswerExportMixin, View):
    """Send a finished background export's private file, after the same permission check as the page."""

    permission = staticmethod(can_export_answers)

    def get(self, request, pk, export_id):
        export = self.get_export(export_id)
        if export.status != AnswerExportStatus.DONE or not export.file_name:
            raise Http404
        path = services.private_export_path(export.file_name)
        if not path.exists():
            raise Http404
        audit_record(action=AuditAction.DOWNLOADED, obj=export, gemeente=self.survey.gemeente_id, request=request)
        response = FileResponse(path.open("rb"), as_attachment=True, filename=export.download_name)
        response["Cache-Control"] = "no-store"
        return response


class ResultsTablesExportView(AnswerExportMixin, View):
    """The results tables (figures as on the results page, small cells hidden) as XLSX, recorded."""

    permission = staticmethod(can_view_results)

    def get(self, request, pk):
        export_file = services.results_tables_build(survey=self.survey, user=request.user)
        return download_response(export_file)
