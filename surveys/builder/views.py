"""Views of the survey builder (vragenlijsten bouwen). Officers build; coordinators read.

Every survey comes from ``survey_get_for_user`` (scoped to the user's gemeenten: another gemeente's
survey is a 404); sections, questions and rules come from selectors that take the survey, so a tampered
id of another survey is a 404 too. Writes go through ``builder/services.py``; a refused change shows its
Dutch message with status 400 and saves nothing.
"""

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView, TemplateView

from participatie.audit import audit_record
from participatie.constants import ALL_ROLES, AuditAction, Role
from participatie.mixins import RoleRequiredMixin
from participatie.permissions import has_role_anywhere

from ..constants import SurveyStatus
from ..models import LogicRule, Question, Section, Survey
from ..permissions import can_create_survey, can_edit_survey, can_view_survey, can_view_surveys
from ..selectors import pilot_open_comment_counts
from ..services import survey_structure_is_locked
from ..survey_definition import survey_definition_export, survey_definition_import
from ..template_library import survey_template_copy, survey_template_get, survey_template_list
from . import selectors, services
from .forms import (
    GemeenteChoiceForm,
    LogicRuleForm,
    MoveForm,
    QuestionForm,
    SectionForm,
    SurveyForm,
    SurveyImportForm,
    SurveyStatusForm,
)


def _messages_of(error: ValidationError) -> list[str]:
    return list(error.messages)


TAMPER_CODES = frozenset({"invalid_choice", "invalid_pk_value", "invalid_list"})


def raise_404_if_tampered(form, *names) -> None:
    """An id in POST data that is not among the form's scoped choices (another survey or gemeente) is a 404."""
    errors = form.errors.as_data()
    for name in names:
        if any(error.code in TAMPER_CODES for error in errors.get(name, ())):
            raise Http404


def respond_url(survey: Survey) -> str:
    """The public link of a survey, where residents fill it in."""
    return reverse("surveys:respond_start", kwargs={"token": survey.public_token})


def preview_url(survey: Survey) -> str:
    """The preview of a survey as a resident sees it."""
    return reverse("surveys:preview_start", kwargs={"pk": survey.pk})


class SurveyListView(RoleRequiredMixin, ListView):
    """The surveys of the user's gemeenten, with status in text and response counts."""

    permission = can_view_surveys
    template_name = "surveys/survey_list.html"
    context_object_name = "surveys"

    def get_queryset(self):
        status = self.request.GET.get("status") or None
        if status not in (None, *SurveyStatus.values):
            status = None
        return selectors.survey_list_for_user(user=self.request.user, status=status)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_create"] = has_role_anywhere(self.request.user, Role.POLICY_OFFICER)
        context["statuses"] = SurveyStatus.choices
        context["current_status"] = self.request.GET.get("status", "")
        return context


class SurveyCreateView(RoleRequiredMixin, View):
    """A new survey in one of the gemeenten where the user is beleidsambtenaar."""

    permission = can_create_survey
    template_name = "surveys/survey_form.html"

    def form(self, data=None):
        return SurveyForm(data, gemeenten=selectors.gemeente_list_for_survey_editing(user=self.request.user))

    def get(self, request):
        return render(request, self.template_name, {"form": self.form(), "survey": None})

    def post(self, request):
        form = self.form(request.POST)
        if not form.is_valid():
            raise_404_if_tampered(form, "gemeente")
        else:
            data = {key: value for key, value in form.cleaned_data.items() if key != "gemeente"}
            try:
                survey = services.survey_create(gemeente=form.cleaned_data["gemeente"], user=request.user, **data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The survey has been created. Now add pages and questions."))
                return HttpResponseRedirect(reverse("surveys:survey_detail", args=[survey.pk]))
        return render(request, self.template_name, {"form": form, "survey": None}, status=400)


class SurveyMixin(RoleRequiredMixin):
    """Loads ``self.survey`` from the user's scoped surveys (another gemeente's is a 404); the view's
    permission (``can_view_survey`` or ``can_edit_survey``) is asked about it."""

    @cached_property
    def survey(self) -> Survey:
        try:
            # Any role in the survey's gemeente: another gemeente's survey is a 404, and the view's
            # permission then decides per role (a council member gets a 403).
            return selectors.survey_get_for_user(user=self.request.user, pk=self.kwargs["pk"], roles=ALL_ROLES)
        except Survey.DoesNotExist as error:
            raise Http404 from error

    @cached_property
    def can_edit(self) -> bool:
        return can_edit_survey(self.request.user, self.survey)

    def get_permission_object(self):
        return self.survey

    @cached_property
    def locked(self) -> bool:
        return survey_structure_is_locked(survey=self.survey)

    def get_section(self, pk) -> Section:
        try:
            return selectors.section_get(survey=self.survey, pk=pk)
        except (Section.DoesNotExist, ValueError, TypeError) as error:
            raise Http404 from error

    def get_question(self, pk) -> Question:
        try:
            return selectors.question_get(survey=self.survey, pk=pk)
        except (Question.DoesNotExist, ValueError, TypeError) as error:
            raise Http404 from error

    def base_context(self, **extra) -> dict:
        return {"survey": self.survey, "locked": self.locked, "can_edit": self.can_edit, **extra}

    def detail_url(self, anchor: str = "") -> str:
        return reverse("surveys:survey_detail", args=[self.survey.pk]) + (f"#{anchor}" if anchor else "")

    def refused(self, error: ValidationError, status: int = 400):
        """Show the builder page with the reason a change was refused; nothing was saved."""
        context = SurveyDetailView.detail_context(self.survey, self.locked, self.can_edit, self.request)
        context["action_errors"] = _messages_of(error)
        return render(self.request, "surveys/survey_detail.html", context, status=status)


class SurveyDetailView(SurveyMixin, View):
    """The builder page of one survey: settings, status, pages and questions with their actions."""

    permission = can_view_survey

    @staticmethod
    def detail_context(survey, locked, can_edit, request) -> dict:
        sections = selectors.survey_section_list(survey=survey)
        # Open comments of the pilot round (proefronde), shown per question.
        open_comments = pilot_open_comment_counts(survey=survey)
        for section in sections:
            for question in section.questions.all():
                question.open_pilot_comments = open_comments.get(question.pk, 0)
        return {
            "survey": survey,
            "locked": locked,
            "can_edit": can_edit,
            "sections": sections,
            "respond_url": respond_url(survey) if survey.status != SurveyStatus.CONCEPT else None,
            "preview_url": preview_url(survey),
            "statuses": SurveyStatus,
        }

    def get(self, request, pk):
        return render(
            request, "surveys/survey_detail.html", self.detail_context(self.survey, self.locked, self.can_edit, request)
        )


class SurveyUpdateView(SurveyMixin, View):
    """Change a survey's settings (allowed when its structure is locked)."""

    permission = can_edit_survey

    template_name = "surveys/survey_form.html"

    def get(self, request, pk):
        return render(request, self.template_name, self.base_context(form=SurveyForm(instance=self.survey)))

    def post(self, request, pk):
        form = SurveyForm(request.POST, instance=Survey.objects.get(pk=self.survey.pk))
        if form.is_valid():
            try:
                services.survey_update(survey=self.survey, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The settings have been saved."))
                return HttpResponseRedirect(self.detail_url())
        return render(request, self.template_name, self.base_context(form=form), status=400)


class SurveyStatusView(SurveyMixin, View):
    """Open or close a survey through the lifecycle services."""

    permission = can_edit_survey

    def post(self, request, pk):
        form = SurveyStatusForm(request.POST)
        if not form.is_valid():
            return self.refused(ValidationError(form.errors["status"]))
        try:
            services.survey_status_change(survey=self.survey, status=form.cleaned_data["status"])
        except ValidationError as error:
            return self.refused(error)
        if form.cleaned_data["status"] == SurveyStatus.OPEN:
            messages.success(request, _("The survey is open. Residents can fill it in now."))
        else:
            messages.success(request, _("The survey is closed. Nobody can fill it in any more."))
        return HttpResponseRedirect(self.detail_url())


class SurveyDuplicateView(SurveyMixin, View):
    """Copy a whole survey as a new draft, for example for next year's round."""

    permission = can_edit_survey

    def post(self, request, pk):
        copy = services.survey_duplicate(survey=self.survey, user=request.user)
        messages.success(request, _("A copy has been made as a draft. Check the dates and texts."))
        return HttpResponseRedirect(reverse("surveys:survey_detail", args=[copy.pk]))


class SurveyDeleteView(SurveyMixin, View):
    """Delete a draft survey without responses, after confirmation."""

    permission = can_edit_survey

    def get(self, request, pk):
        return render(request, "surveys/confirm_delete.html", self.base_context(object=self.survey, kind="survey"))

    def post(self, request, pk):
        try:
            services.survey_delete(survey=self.survey)
        except ValidationError as error:
            return self.refused(error)
        messages.success(request, _("The survey has been deleted."))
        return HttpResponseRedirect(reverse("surveys:survey_list"))


class SurveyExportJsonView(SurveyMixin, View):
    """Download the definition of a survey as JSON (to share with another gemeente or keep)."""

    permission = can_view_survey

    def get(self, request, pk):
        data = survey_definition_export(survey=self.survey)
        content = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        audit_record(action=AuditAction.DOWNLOADED, obj=self.survey, request=request, detail="definition (JSON)")
        response = HttpResponse(content, content_type="application/json; charset=utf-8")
        name = slugify(self.survey.title) or "vragenlijst"
        response["Content-Disposition"] = f'attachment; filename="{name}.json"'
        return response


class SurveyImportView(RoleRequiredMixin, View):
    """Create a draft survey from an uploaded JSON definition; an invalid file creates nothing."""

    permission = can_create_survey
    template_name = "surveys/survey_import.html"

    def form(self, *args):
        return SurveyImportForm(*args, gemeenten=selectors.gemeente_list_for_survey_editing(user=self.request.user))

    def get(self, request):
        return render(request, self.template_name, {"form": self.form()})

    def post(self, request):
        form = self.form(request.POST, request.FILES)
        raise_404_if_tampered(form, "gemeente")
        if form.is_valid():
            survey = survey_definition_import(
                data=form.definition, gemeente=form.cleaned_data["gemeente"], user=request.user
            )
            messages.success(request, _("The survey has been imported as a draft."))
            return HttpResponseRedirect(reverse("surveys:survey_detail", args=[survey.pk]))
        return render(request, self.template_name, {"form": form}, status=400)


class TemplateLibraryView(RoleRequiredMixin, TemplateView):
    """The ready questionnaires an officer copies into their own gemeente's surveys."""

    permission = can_create_survey
    template_name = "surveys/template_library.html"

    def gemeenten(self):
        return selectors.gemeente_list_for_survey_editing(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        gemeenten = self.gemeenten()
        context["templates"] = [
            (template, kwargs.get("forms", {}).get(template.key) or self._form(template.key, gemeenten))
            for template in survey_template_list()
        ]
        return context

    @staticmethod
    def _form(key, gemeenten, data=None):
        return GemeenteChoiceForm(data, gemeenten=gemeenten, auto_id=f"id_{key}_%s")

    def post(self, request, key):
        template = survey_template_get(key)
        if template is None:
            raise Http404
        form = self._form(key, self.gemeenten(), request.POST)
        if not form.is_valid():
            raise_404_if_tampered(form, "gemeente")
            context = self.get_context_data(forms={key: form})
            context["form"] = form
            return self.render_to_response(context, status=400)
        survey = survey_template_copy(key=key, gemeente=form.cleaned_data["gemeente"], user=request.user)
        messages.success(request, _("The template has been copied into your surveys as a draft."))
        return HttpResponseRedirect(reverse("surveys:survey_detail", args=[survey.pk]))


# Sections ---------------------------------------------------------------------------------


class SectionFormView(SurveyMixin, View):
    """Add a page, or change a page's title and intro (texts stay editable when locked)."""

    permission = can_edit_survey

    template_name = "surveys/section_form.html"

    def section(self):
        return self.get_section(self.kwargs["section_id"]) if "section_id" in self.kwargs else None

    def context(self, form, section, rule_form=None):
        context = self.base_context(form=form, section=section)
        if section is not None:
            sources = selectors.question_list_logic_sources(survey=self.survey, before_section=section)
            context["rules"] = section.logic_rules.select_related("source_question").prefetch_related("options")
            context["rule_form"] = rule_form or LogicRuleForm(sources=sources, auto_id="id_rule_%s")
            context["has_sources"] = bool(sources)
        return context

    def get(self, request, pk, section_id=None):
        section = self.section()
        if section is None and self.locked:
            return self.refused(services.structure_locked_error())
        return render(request, self.template_name, self.context(SectionForm(instance=section), section))

    def post(self, request, pk, section_id=None):
        section = self.section()
        form = SectionForm(request.POST, instance=section)
        if form.is_valid():
            try:
                if section is None:
                    section = services.section_create(survey=self.survey, **form.cleaned_data)
                else:
                    services.section_update(section=section, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The page has been saved."))
                return HttpResponseRedirect(self.detail_url(f"section-{section.pk}"))
        return render(request, self.template_name, self.context(form, self.section()), status=400)


class SectionActionView(SurveyMixin, View):
    """Move a page up or down, or copy it (POST buttons that work without JavaScript)."""

    permission = can_edit_survey

    def post(self, request, pk, section_id, action):
        section = self.get_section(section_id)
        try:
            if action == "move":
                form = MoveForm(request.POST)
                if not form.is_valid():
                    raise ValidationError(form.errors["direction"])
                services.section_move(section=section, direction=form.cleaned_data["direction"])
                messages.success(request, _("The page has been moved."))
            elif action == "copy":
                section = services.section_copy(section=section)
                messages.success(request, _("The page has been copied. The copied questions got new codes."))
            else:
                raise Http404
        except ValidationError as error:
            return self.refused(error)
        return HttpResponseRedirect(self.detail_url(f"section-{section.pk}"))


class SectionDeleteView(SurveyMixin, View):
    """Delete a page and its questions, after confirmation."""

    permission = can_edit_survey

    def get(self, request, pk, section_id):
        section = self.get_section(section_id)
        return render(request, "surveys/confirm_delete.html", self.base_context(object=section, kind="section"))

    def post(self, request, pk, section_id):
        section = self.get_section(section_id)
        try:
            services.section_delete(section=section)
        except ValidationError as error:
            return self.refused(error)
        messages.success(request, _("The page has been deleted."))
        return HttpResponseRedirect(self.detail_url())


# Questions --------------------------------------------------------------------------------


class QuestionFormView(SurveyMixin, View):
    """Add a question to a page, or change one; once locked only texts and labels can change."""

    permission = can_edit_survey

    template_name = "surveys/question_form.html"

    def question(self):
        return self.get_question(self.kwargs["question_id"]) if "question_id" in self.kwargs else None

    def form(self, question, data=None):
        initial = None
        if question is None:
            section_id = self.request.GET.get("deel") or self.request.POST.get("section")
            section = None
            if section_id:
                section = self.get_section(section_id) if str(section_id).isdigit() else None
            initial = {"section": section.pk if section else None, "is_required": True}
        kwargs = {"survey": self.survey, "instance": question, "locked": self.locked}
        if initial is not None:
            kwargs["initial"] = initial
        return QuestionForm(data, **kwargs)

    def context(self, form, question, rule_form=None):
        context = self.base_context(form=form, question=question)
        if question is not None:
            sources = selectors.question_list_logic_sources(survey=self.survey, before_question=question)
            context["rules"] = question.logic_rules.select_related("source_question").prefetch_related("options")
            context["rule_form"] = rule_form or LogicRuleForm(sources=sources, auto_id="id_rule_%s")
            context["has_sources"] = bool(sources)
        return context

    def get(self, request, pk, question_id=None):
        question = self.question()
        if question is None:
            if self.locked:
                return self.refused(services.structure_locked_error())
            if not Section.objects.filter(survey=self.survey).exists():
                return self.refused(ValidationError(_("Add a page first; every question is on a page.")))
        return render(request, self.template_name, self.context(self.form(question), question))

    def post(self, request, pk, question_id=None):
        question = self.question()
        form = self.form(question, request.POST)
        raise_404_if_tampered(form, "section")
        if form.is_valid():
            fields = form.service_fields()
            section = form.cleaned_data["section"]
            try:
                if question is None:
                    question = services.question_create(section=section, **fields)
                else:
                    question = services.question_update(question=question, section=section, user=request.user, **fields)
            except ValidationError as error:
                for message in _messages_of(error):
                    form.add_error(None, message)
            else:
                messages.success(request, _("The question has been saved."))
                return HttpResponseRedirect(self.detail_url(f"question-{question.pk}"))
        return render(request, self.template_name, self.context(form, self.question()), status=400)


class QuestionActionView(SurveyMixin, View):
    """Move a question up or down, or copy it (POST buttons that work without JavaScript)."""

    permission = can_edit_survey

    def post(self, request, pk, question_id, action):
        question = self.get_question(question_id)
        try:
            if action == "move":
                form = MoveForm(request.POST)
                if not form.is_valid():
                    raise ValidationError(form.errors["direction"])
                services.question_move(question=question, direction=form.cleaned_data["direction"])
                messages.success(request, _("The question has been moved."))
            elif action == "copy":
                question = services.question_copy(question=question)
                messages.success(request, _("The question has been copied with a new code. Check it."))
            else:
                raise Http404
        except ValidationError as error:
            return self.refused(error)
        return HttpResponseRedirect(self.detail_url(f"question-{question.pk}"))


class QuestionDeleteView(SurveyMixin, View):
    """Delete a question, after confirmation."""

    permission = can_edit_survey

    def get(self, request, pk, question_id):
        question = self.get_question(question_id)
        return render(request, "surveys/confirm_delete.html", self.base_context(object=question, kind="question"))

    def post(self, request, pk, question_id):
        question = self.get_question(question_id)
        try:
            services.question_delete(question=question)
        except ValidationError as error:
            return self.refused(error)
        messages.success(request, _("The question has been deleted."))
        return HttpResponseRedirect(self.detail_url(f"section-{question.section_id}"))


# Skip logic -------------------------------------------------------------------------------


class LogicRuleCreateView(SurveyMixin, View):
    """Add a skip-logic rule to a question or a page."""

    permission = can_edit_survey

    def post(self, request, pk, question_id=None, section_id=None):
        if question_id is not None:
            target = self.get_question(question_id)
            sources = selectors.question_list_logic_sources(survey=self.survey, before_question=target)
            view, url_kwargs = QuestionFormView, {"question_id": target.pk}
        else:
            target = self.get_section(section_id)
            sources = selectors.question_list_logic_sources(survey=self.survey, before_section=target)
            view, url_kwargs = SectionFormView, {"section_id": target.pk}
        form = LogicRuleForm(request.POST, sources=sources, auto_id="id_rule_%s")
        raise_404_if_tampered(form, "source_question", "options")
        if form.is_valid():
            try:
                services.logic_rule_create(
                    source_question=form.cleaned_data["source_question"],
                    operator=form.cleaned_data["operator"],
                    options=form.cleaned_data["options"],
                    target_question=target if question_id is not None else None,
                    target_section=target if section_id is not None else None,
                )
            except ValidationError as error:
                for message in _messages_of(error):
                    form.add_error(None, message)
            else:
                messages.success(request, _("The rule has been added."))
                name = "surveys:question_edit" if question_id is not None else "surveys:section_edit"
                return HttpResponseRedirect(reverse(name, kwargs={"pk": self.survey.pk, **url_kwargs}))
        # Show the target's page again with the rule form's errors.
        page = view()
        page.setup(request, pk=pk, **url_kwargs)
        page.survey, page.can_edit = self.survey, self.can_edit
        if question_id is not None:
            context = page.context(page.form(target), target, rule_form=form)
            return render(request, QuestionFormView.template_name, context, status=400)
        context = page.context(SectionForm(instance=target), target, rule_form=form)
        return render(request, SectionFormView.template_name, context, status=400)


class LogicRuleDeleteView(SurveyMixin, View):
    """Remove a skip-logic rule."""

    permission = can_edit_survey

    def post(self, request, pk, rule_id):
        try:
            rule = selectors.logic_rule_get(survey=self.survey, pk=rule_id)
        except LogicRule.DoesNotExist as error:
            raise Http404 from error
        try:
            services.logic_rule_delete(rule=rule)
        except ValidationError as error:
            return self.refused(error)
        messages.success(request, _("The rule has been removed."))
        if rule.target_question_id:
            return HttpResponseRedirect(
                reverse("surveys:question_edit", args=[self.survey.pk, rule.target_question_id])
            )
        return HttpResponseRedirect(reverse("surveys:section_edit", args=[self.survey.pk, rule.target_section_id]))
