"""Views of the survey results (uitkomsten): the results page, open texts, data cleaning and the summary.

Every view declares its ``permission`` (participatie.mixins): a predicate from ``surveys/permissions.py``
asked about the survey. The survey comes from a selector scoped to
the user's gemeenten, so another gemeente's survey or response is a 404. Bad filters are a 400 with a
Dutch message.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from participatie.audit import audit_record
from participatie.constants import ALL_ROLES, AuditAction
from participatie.mixins import PUBLIC, RoleRequiredMixin
from participatie.small_cells import threshold_for

from ..constants import SurveyStatus
from ..logic import SurveyStructure
from ..models import Question, Response, ResultSummary, Survey
from ..permissions import (
    can_clean_responses,
    can_publish_summary,
    can_read_summaries,
    can_view_responses,
    can_view_results,
)
from ..selectors import revision_notes_by_question, survey_get_public
from . import charts, selectors, services
from .forms import ResponseExcludeForm, ResultFilterForm, ResultSummaryForm, TextSearchForm

TEXTS_PER_PAGE = 25
RESPONSES_PER_PAGE = 50


class ResultsMixin(RoleRequiredMixin):
    """Loads ``self.survey`` from the user's gemeenten (404 otherwise); each view's object predicate from
    ``surveys/permissions.py`` is asked about it (403)."""

    def get_permission_object(self):
        if not hasattr(self, "survey"):
            try:
                # Any role in the survey's gemeente finds it (the predicate then answers 403 where the role
                # may not); another gemeente's survey is a 404.
                self.survey = selectors.survey_get_for_results(
                    user=self.request.user, pk=self.kwargs["pk"], roles=ALL_ROLES
                )
            except Survey.DoesNotExist as error:
                raise Http404 from error
        return self.survey

    def results_url(self) -> str:
        return reverse("surveys:results", args=[self.survey.pk])


def _chart_questions(results: selectors.SurveyResults, notes: dict[int, list[str]] | None = None) -> list[dict]:
    """Each question's figures with the geometry of its chart, and its text changes after responses."""
    notes = notes or {}
    shown = []
    for question in results.questions:
        chart = None
        if question.line is not None and not question.hidden:
            chart = charts.bar_chart(question.line)
        elif question.is_matrix and not question.hidden:
            chart = charts.diverging_chart(question.statements)
        shown.append({"result": question, "chart": chart, "revision_notes": notes.get(question.question_id, [])})
    return shown


class ResultsView(ResultsMixin, View):
    """The results page of one survey: header, per-question figures and charts, filters and breakdown."""

    permission = staticmethod(can_view_results)
    template_name = "surveys/results/results.html"

    def get(self, request, pk):
        structure = SurveyStructure.load(self.survey)
        form = ResultFilterForm(request.GET or None, survey=self.survey, structure=structure)
        context = {
            "survey": self.survey,
            "form": form,
            "can_clean": can_clean_responses(request.user, self.survey),
            "can_publish": can_publish_summary(request.user, self.survey),
        }
        if request.GET and not form.is_valid():
            context["filter_errors"] = [error for errors in form.errors.values() for error in errors]
            return render(request, self.template_name, context, status=400)
        filters = form.filters() if request.GET else selectors.ResultFilters()
        results = selectors.survey_results(survey=self.survey, filters=filters)
        context.update(
            {
                "results": results,
                "filters": filters,
                "questions": _chart_questions(results, revision_notes_by_question(survey=self.survey)),
                "day_chart": charts.day_chart(results.per_day),
                "query": request.GET.urlencode(),
            }
        )
        return render(request, self.template_name, context)


class TextAnswersView(ResultsMixin, View):
    """The open answers to one question (or the texts of "other, namely"): searchable and paginated."""

    permission = staticmethod(can_view_results)
    template_name = "surveys/results/text_answers.html"

    def get(self, request, pk, question_id):
        try:
            question = Question.objects.get(survey=self.survey, pk=question_id)
        except Question.DoesNotExist as error:
            raise Http404 from error
        search = TextSearchForm(request.GET or None)
        term = search.cleaned_data["zoek"].strip() if search.is_valid() else ""
        answers = selectors.text_answer_list(survey=self.survey, question=question, search=term)
        page = Paginator(answers, TEXTS_PER_PAGE).get_page(request.GET.get("pagina"))
        return render(
            request,
            self.template_name,
            {"survey": self.survey, "question": question, "page": page, "search": search, "term": term},
        )


class ResponseListView(ResultsMixin, View):
    """The sent responses of a survey, for data cleaning: which are counted, which are left out."""

    permission = staticmethod(can_view_responses)
    template_name = "surveys/results/response_list.html"

    def get(self, request, pk):
        page = Paginator(selectors.response_list_for_cleaning(survey=self.survey), RESPONSES_PER_PAGE).get_page(
            request.GET.get("pagina")
        )
        return render(request, self.template_name, {"survey": self.survey, "page": page})


class ResponseDetailView(ResultsMixin, View):
    """One response, read-only, with the cleaning actions for a beleidsambtenaar."""

    permission = staticmethod(can_view_responses)
    template_name = "surveys/results/response_detail.html"

    def get_response(self, response_id) -> Response:
        try:
            return selectors.response_get_for_cleaning(survey=self.survey, pk=response_id)
        except Response.DoesNotExist as error:
            raise Http404 from error

    def context(self, response, form=None) -> dict:
        structure = SurveyStructure.load(self.survey)
        return {
            "survey": self.survey,
            "response": response,
            "answers": selectors.answer_list_for_response(structure=structure, response=response),
            "events": response.cleaning_events.select_related("user"),
            "can_clean": can_clean_responses(self.request.user, self.survey),
            "form": form or ResponseExcludeForm(),
        }

    def get(self, request, pk, response_id):
        response = self.get_response(response_id)
        audit_record(action=AuditAction.VIEWED, obj=response, gemeente=self.survey.gemeente_id, request=request)
        return render(request, self.template_name, self.context(response))


class ResponseCleanView(ResultsMixin, View):
    """Leave a response out (``action`` "weglaten") or count it again ("terugzetten"); POST only."""

    permission = staticmethod(can_clean_responses)

    def post(self, request, pk, response_id, action):
        detail = ResponseDetailView()
        detail.setup(request, pk=pk, response_id=response_id)
        detail.survey = self.survey
        response = detail.get_response(response_id)
        form = None
        try:
            if action == "weglaten":
                form = ResponseExcludeForm(request.POST)
                if not form.is_valid():
                    return render(request, detail.template_name, detail.context(response, form), status=400)
                services.response_exclude(response=response, user=request.user, **form.cleaned_data)
                messages.success(request, _("The response is left out of the results and exports."))
            elif action == "terugzetten":
                services.response_restore(response=response, user=request.user)
                messages.success(request, _("The response counts again."))
            else:
                raise Http404
        except ValidationError as error:
            context = detail.context(response, form)
            context["action_errors"] = list(error.messages)
            return render(request, detail.template_name, context, status=400)
        return HttpResponseRedirect(reverse("surveys:results_response", args=[self.survey.pk, response.pk]))


def public_summary_url(request, survey: Survey) -> str:
    """The full address of a survey's published summary, for the e-mail to respondents."""
    return request.build_absolute_uri(reverse("surveys:summary_public", args=[survey.public_token]))


class SummaryFormView(ResultsMixin, View):
    """Choose the questions and write the text of the published summary; publishing is the terugkoppeling."""

    permission = staticmethod(can_publish_summary)
    template_name = "surveys/results/summary_form.html"

    def summary(self) -> ResultSummary | None:
        return ResultSummary.objects.filter(survey=self.survey).first()

    def render_form(self, form, status=200, errors=()):
        return render(
            self.request,
            self.template_name,
            {
                "survey": self.survey,
                "form": form,
                "summary": self.summary(),
                "is_closed": self.survey.status == SurveyStatus.CLOSED,
                "action_errors": errors,
            },
            status=status,
        )

    def get(self, request, pk):
        summary = self.summary()
        initial = {"text": summary.text, "questions": list(summary.questions.all())} if summary else None
        return self.render_form(ResultSummaryForm(initial=initial, survey=self.survey))

    def post(self, request, pk):
        form = ResultSummaryForm(request.POST, survey=self.survey)
        if not form.is_valid():
            return self.render_form(form, status=400)
        try:
            services.result_summary_publish(
                survey=self.survey,
                user=request.user,
                text=form.cleaned_data["text"],
                questions=list(form.cleaned_data["questions"]),
                public_url=public_summary_url(request, self.survey),
            )
        except ValidationError as error:
            return self.render_form(form, status=400, errors=error.messages)
        messages.success(request, _("The summary is published on the gemeente's public page."))
        return HttpResponseRedirect(reverse("surveys:summary_public", args=[self.survey.public_token]))


def _summary_context(summary: ResultSummary) -> dict:
    results = selectors.result_summary_figures(summary=summary)
    return {
        "summary": summary,
        "survey": summary.survey,
        "questions": [
            {
                "result": result,
                "chart": (
                    charts.bar_chart(result.line)
                    if result.line and not result.hidden
                    else charts.diverging_chart(result.statements)
                    if result.is_matrix
                    else None
                ),
            }
            for result in results
        ],
        "threshold": threshold_for(summary.survey.gemeente),
    }


class SummaryPublicView(RoleRequiredMixin, View):
    """The published summary of a survey's results for everyone, through the survey's public link."""

    permission = PUBLIC

    template_name = "surveys/results/summary_public.html"

    def get(self, request, token):
        try:
            survey = survey_get_public(token=token)
            summary = ResultSummary.objects.select_related("survey__gemeente").get(
                survey=survey, published_at__isnull=False
            )
        except (Survey.DoesNotExist, ResultSummary.DoesNotExist) as error:
            raise Http404 from error
        return render(request, self.template_name, _summary_context(summary))


class SummaryListView(RoleRequiredMixin, View):
    """Published results summaries of the user's gemeenten, for anyone with a role (adviesraad members too)."""

    permission = staticmethod(can_read_summaries)
    template_name = "surveys/results/summary_list.html"

    def get(self, request):
        if not self.permission(request.user):
            raise PermissionDenied
        summaries = selectors.result_summary_list_for_user(user=request.user)
        page = Paginator(summaries, RESPONSES_PER_PAGE).get_page(request.GET.get("pagina"))
        return render(request, self.template_name, {"page": page})
