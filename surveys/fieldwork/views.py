"""Fieldwork pages: invitation batches and letters for officers; the code page for residents.

Officers and coordinators of the survey's gemeente run the fieldwork (another gemeente's survey: 404;
an adviesraad member: 403). The resident's code page is public and rate-limited; after a good code it
hands over to the resident's pages through the response's resume link, which sets their cookie.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views import View

import segno
import tablib

from participatie.constants import ALL_ROLES
from participatie.exports.formats import XLSX
from participatie.exports.services import export_file_build
from participatie.exports.views import download_response
from participatie.mixins import PUBLIC, RoleRequiredMixin

from ..constants import HONEYPOT_FIELD, INVITATION_CODE_RATE_LIMIT
from ..models import GroupRule, InvitationBatch, Question, RespondentGroup, Section, Survey
from ..permissions import can_run_fieldwork
from ..ratelimit import submit_allowed
from ..selectors import survey_get_for_staff, survey_get_public
from ..services import GroupFullError
from . import services
from .forms import (
    ExportFormatForm,
    GroupQuestionForm,
    InvitationBatchForm,
    InvitationCodeForm,
    RequiresCodeForm,
    RespondentGroupForm,
    SampleFileForm,
    SectionGroupsForm,
)
from .selectors import (
    group_status_list_for_survey,
    invitation_batch_get,
    invitation_batch_list_for_survey,
    invitation_code_display,
    invitation_code_list_for_batch,
    invitation_code_url,
)

TEMPLATE_DIR = "surveys/fieldwork/"
CODES_EXPORT_KEY = "surveys.invitation_codes"
REMINDERS_EXPORT_KEY = "surveys.invitation_reminders"


class FieldworkMixin(RoleRequiredMixin):
    """Loads ``self.survey`` for any role in its gemeente (others: 404); each view's predicate decides 403."""

    def get_permission_object(self):
        if not hasattr(self, "survey"):
            try:
                self.survey = survey_get_for_staff(user=self.request.user, pk=self.kwargs["pk"], roles=ALL_ROLES)
            except Survey.DoesNotExist as error:
                raise Http404 from error
        return self.survey

    def get_batch(self) -> InvitationBatch:
        try:
            return invitation_batch_get(survey=self.survey, pk=self.kwargs["batch_id"])
        except InvitationBatch.DoesNotExist as error:
            raise Http404 from error

    def back_to_fieldwork(self):
        return HttpResponseRedirect(reverse("surveys:fieldwork", args=[self.survey.pk]))


class FieldworkView(FieldworkMixin, View):
    """The survey's fieldwork (veldwerk): batches of letters, groups with their quota status, code-only access."""

    permission = staticmethod(can_run_fieldwork)

    def context(self, **extra):
        return {
            "survey": self.survey,
            "batches": invitation_batch_list_for_survey(survey=self.survey),
            "groups": group_status_list_for_survey(survey=self.survey),
            "access_form": RequiresCodeForm(initial={"requires_code": self.survey.requires_code}),
            "group_form": RespondentGroupForm(survey=self.survey),
            **extra,
        }

    def get(self, request, pk):
        return render(request, TEMPLATE_DIR + "fieldwork.html", self.context())

    def post(self, request, pk):
        form = RequiresCodeForm(request.POST)
        if not form.is_valid():
            return render(request, TEMPLATE_DIR + "fieldwork.html", self.context(access_form=form), status=400)
        services.survey_requires_code_set(survey=self.survey, requires_code=form.cleaned_data["requires_code"])
        messages.success(request, _("Saved."))
        return self.back_to_fieldwork()


class BatchCreateView(FieldworkMixin, View):
    """A new batch of codes for one respondent group."""

    permission = staticmethod(can_run_fieldwork)

    def page(self, form, status=200):
        context = {
            "survey": self.survey,
            "form": form,
            "heading": _("New batch of codes"),
            "submit_label": _("Make the codes"),
        }
        return render(self.request, TEMPLATE_DIR + "form_page.html", context, status=status)

    def get(self, request, pk):
        return self.page(InvitationBatchForm(survey=self.survey))

    def post(self, request, pk):
        form = InvitationBatchForm(request.POST, survey=self.survey)
        if not form.is_valid():
            return self.page(form, status=400)
        try:
            batch = services.invitation_batch_create(survey=self.survey, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
            return self.page(form, status=400)
        messages.success(
            request,
            _("The batch %(label)s has %(count)s codes.") % {"label": batch.label, "count": form.cleaned_data["count"]},
        )
        return self.back_to_fieldwork()


class SampleUploadView(FieldworkMixin, View):
    """A batch from a sample file: first a dry run with the reasons; nothing is made until the file is right."""

    permission = staticmethod(can_run_fieldwork)

    def page(self, form, status=200, check=None):
        context = {
            "survey": self.survey,
            "form": form,
            "check": check,
            "groups": RespondentGroup.objects.filter(survey=self.survey),
        }
        return render(self.request, TEMPLATE_DIR + "sample_form.html", context, status=status)

    def get(self, request, pk):
        return self.page(SampleFileForm(survey=self.survey))

    def post(self, request, pk):
        form = SampleFileForm(request.POST, request.FILES, survey=self.survey)
        if not form.is_valid():
            return self.page(form, status=400)
        upload = form.cleaned_data["file"]
        check = services.sample_file_check(survey=self.survey, content=upload.read(), filename=upload.name or "")
        if not check.ok:
            form.add_error("file", _("The file was not imported. Fix the problems below and upload it again."))
            return self.page(form, status=400, check=check)
        if form.cleaned_data["dry_run"]:
            return self.page(
                SampleFileForm(survey=self.survey, initial={"label": form.cleaned_data["label"], "dry_run": False}),
                check=check,
            )
        batch = services.invitation_batch_create_from_sample(
            survey=self.survey, label=form.cleaned_data["label"], check=check, user=request.user
        )
        messages.success(
            request, _("The batch %(label)s has %(count)s codes.") % {"label": batch.label, "count": len(check.rows)}
        )
        return self.back_to_fieldwork()


def _codes_dataset(survey, codes, title) -> tablib.Dataset:
    dataset = tablib.Dataset(headers=[_("reference"), _("code"), _("personal link"), _("group")], title=title)
    for code in codes:
        group = code.respondent_group
        dataset.append(
            [
                code.reference,
                invitation_code_display(code.code),
                invitation_code_url(survey=survey, code=code.code),
                group.name if group else "",
            ]
        )
    return dataset


class BatchCodesExportView(FieldworkMixin, View):
    """The codes of a batch for the mail merge (reference, code, personal link, group), XLSX or CSV, recorded."""

    permission = staticmethod(can_run_fieldwork)
    unused_only = False
    export_key = CODES_EXPORT_KEY

    def get(self, request, pk, batch_id):
        batch = self.get_batch()
        form = ExportFormatForm(request.GET)
        file_format = (form.cleaned_data.get("formaat") if form.is_valid() else None) or XLSX
        codes = invitation_code_list_for_batch(batch=batch, unused_only=self.unused_only)
        if batch.respondent_group_id:
            for code in codes:
                code.respondent_group = code.respondent_group or batch.respondent_group
        title = (_("Reminder letters: %(label)s") if self.unused_only else _("Letters: %(label)s")) % {
            "label": batch.label
        }
        export_file = export_file_build(
            user=request.user,
            export_key=self.export_key,
            title=title,
            datasets=[_codes_dataset(self.survey, codes, _("Codes"))],
            file_format=file_format,
            gemeente=self.survey.gemeente,
            scope=f"{self.survey.gemeente.name}: {self.survey.title}: {batch.label}",
        )
        response = download_response(export_file)
        response["Cache-Control"] = "no-store"
        return response


class BatchReminderExportView(BatchCodesExportView):
    """The references whose code has not been used yet, for a reminder letter."""

    permission = staticmethod(can_run_fieldwork)
    unused_only = True
    export_key = REMINDERS_EXPORT_KEY


class BatchLettersView(FieldworkMixin, View):
    """A printable letter sheet: per code the link and the code in large type, and a QR code (inline SVG)."""

    permission = staticmethod(can_run_fieldwork)

    def get(self, request, pk, batch_id):
        batch = self.get_batch()
        letters = []
        for code in invitation_code_list_for_batch(batch=batch, unused_only=request.GET.get("herinnering") == "1"):
            url = invitation_code_url(survey=self.survey, code=code.code)
            qr = segno.make(url, error="m").svg_inline(scale=4, omitsize=False, title=_("QR code with your link"))
            letters.append(
                {
                    "reference": code.reference,
                    "code": invitation_code_display(code.code),
                    "url": url,
                    "qr": mark_safe(qr),  # noqa: S308 - generated by segno from our own URL
                    "group": code.respondent_group or batch.respondent_group,
                }
            )
        start_url = request.build_absolute_uri(
            reverse("surveys:fieldwork_code", kwargs={"token": self.survey.public_token})
        )
        context = {"survey": self.survey, "batch": batch, "letters": letters, "start_url": start_url}
        return render(request, TEMPLATE_DIR + "letters.html", context)


class GroupCreateView(FieldworkMixin, View):
    """Add a respondent group with an optional quota."""

    permission = staticmethod(can_run_fieldwork)

    def post(self, request, pk):
        form = RespondentGroupForm(request.POST, survey=self.survey)
        if not form.is_valid():
            context = FieldworkView.context(self, group_form=form)
            return render(request, TEMPLATE_DIR + "fieldwork.html", context, status=400)
        services.respondent_group_create(survey=self.survey, **form.cleaned_data)
        messages.success(request, _("The group was added."))
        return self.back_to_fieldwork()


class GroupUpdateView(FieldworkMixin, View):
    """Rename a respondent group or change its quota."""

    permission = staticmethod(can_run_fieldwork)

    def get_group(self):
        try:
            return RespondentGroup.objects.get(survey=self.survey, pk=self.kwargs["group_id"])
        except RespondentGroup.DoesNotExist as error:
            raise Http404 from error

    def page(self, form, status=200):
        context = {"survey": self.survey, "form": form, "heading": _("Change the group"), "submit_label": _("Save")}
        return render(self.request, TEMPLATE_DIR + "form_page.html", context, status=status)

    def get(self, request, pk, group_id):
        group = self.get_group()
        return self.page(
            RespondentGroupForm(survey=self.survey, group=group, initial={"name": group.name, "quota": group.quota})
        )

    def post(self, request, pk, group_id):
        group = self.get_group()
        form = RespondentGroupForm(request.POST, survey=self.survey, group=group)
        if not form.is_valid():
            return self.page(form, status=400)
        services.respondent_group_update(group=group, **form.cleaned_data)
        messages.success(request, _("The group was saved."))
        return self.back_to_fieldwork()


class GroupQuestionView(FieldworkMixin, View):
    """Choose the group question (groepsvraag): a screening question whose answers place people in groups."""

    permission = staticmethod(can_run_fieldwork)

    def page(self, form, status=200):
        context = {
            "survey": self.survey,
            "form": form,
            "heading": _("Group question"),
            "submit_label": _("Save"),
        }
        return render(self.request, TEMPLATE_DIR + "form_page.html", context, status=status)

    def get(self, request, pk):
        current = Question.objects.filter(survey=self.survey, is_group_question=True).first()
        return self.page(GroupQuestionForm(survey=self.survey, initial={"question": current}))

    def post(self, request, pk):
        form = GroupQuestionForm(request.POST, survey=self.survey)
        if not form.is_valid():
            return self.page(form, status=400)
        try:
            services.group_question_mark(survey=self.survey, question=form.cleaned_data["question"])
        except ValidationError as error:
            form.add_error(None, error)
            return self.page(form, status=409)
        messages.success(request, _("Saved."))
        return self.back_to_fieldwork()


class GroupRoutingView(FieldworkMixin, View):
    """Skip logic on the group: show a section only to some groups ("show block Y to group X")."""

    permission = staticmethod(can_run_fieldwork)

    def form(self, data=None):
        sections = list(Section.objects.filter(survey=self.survey).order_by("position", "id"))
        current: dict[int, set[int]] = {}
        for section_id, group_id in GroupRule.groups.through.objects.filter(
            grouprule__target_section__survey=self.survey
        ).values_list("grouprule__target_section_id", "respondentgroup_id"):
            current.setdefault(section_id, set()).add(group_id)
        groups = RespondentGroup.objects.filter(survey=self.survey)
        return SectionGroupsForm(data, survey=self.survey, sections=sections, groups=groups, current=current)

    def page(self, form, status=200):
        context = {
            "survey": self.survey,
            "form": form,
            "heading": _("Sections per group"),
            "submit_label": _("Save"),
        }
        return render(self.request, TEMPLATE_DIR + "form_page.html", context, status=status)

    def get(self, request, pk):
        return self.page(self.form())

    def post(self, request, pk):
        form = self.form(request.POST)
        if not form.is_valid():
            return self.page(form, status=400)
        groups = {group.pk: group for group in RespondentGroup.objects.filter(survey=self.survey)}
        try:
            with transaction.atomic():
                for section, group_ids in form.groups_per_section():
                    chosen = [groups[group_id] for group_id in group_ids]
                    services.section_groups_set(survey=self.survey, section=section, groups=chosen)
        except ValidationError as error:
            form.add_error(None, error)
            return self.page(form, status=409)
        messages.success(request, _("Saved."))
        return self.back_to_fieldwork()


# Residents -------------------------------------------------------------------------------


class CodeEntryView(RoleRequiredMixin, View):
    """The survey's code page: "Vul de code uit uw brief in", also reached by the letter's personal link.

    A good code starts the response (or resumes an unfinished one) and hands over to the resident's pages.
    Every attempt counts against a per-client rate limit; the log says how an attempt ended, never the code.
    """

    permission = PUBLIC
    no_store = True

    def dispatch(self, request, *args, **kwargs):
        try:
            self.survey = survey_get_public(token=kwargs["token"])
        except Survey.DoesNotExist as error:
            raise Http404 from error
        return super().dispatch(request, *args, **kwargs)

    def page(self, template, status=200, **extra):
        context = {
            "survey": self.survey,
            "gemeente": self.survey.gemeente,
            "start_url": reverse("surveys:respond_start", kwargs={"token": self.survey.public_token}),
            "action": reverse("surveys:fieldwork_code", kwargs={"token": self.survey.public_token}),
            "honeypot_field": HONEYPOT_FIELD,
            **extra,
        }
        return render(self.request, template, context, status=status)

    def code_page(self, form, status=200):
        return self.page(TEMPLATE_DIR + "code_entry.html", status=status, form=form)

    def get(self, request, token, code=None):
        if not self.survey.is_accepting_responses():
            return self.page("surveys/respond/closed.html", not_yet=False, kept=False)
        if code is None:
            return self.code_page(InvitationCodeForm())
        return self.attempt(InvitationCodeForm({"code": code}))

    def post(self, request, token):
        if request.POST.get(HONEYPOT_FIELD):
            return self.page("surveys/respond/problem.html", status=400, problem="honeypot")
        return self.attempt(InvitationCodeForm(request.POST))

    def attempt(self, form):
        if not submit_allowed(self.request, scope="invitation-code", limit=INVITATION_CODE_RATE_LIMIT):
            services.invitation_attempt_log(survey=self.survey, outcome="rate limited")
            return self.page("surveys/respond/problem.html", status=429, problem="rate")
        if not form.is_valid():
            services.invitation_attempt_log(survey=self.survey, outcome="malformed")
            return self.code_page(form, status=400)
        try:
            response = services.invitation_code_redeem(survey=self.survey, code=form.cleaned_data["code"])
        except GroupFullError:
            services.invitation_attempt_log(survey=self.survey, outcome="group full")
            return self.page(TEMPLATE_DIR + "group_full.html")
        except services.SurveyFullError:
            services.invitation_attempt_log(survey=self.survey, outcome="survey full")
            return self.page("surveys/respond/full.html")
        except services.SurveyClosedError:
            return self.page("surveys/respond/closed.html", status=409, not_yet=False, kept=False)
        except services.InvitationCodeUsedError:
            services.invitation_attempt_log(survey=self.survey, outcome="used")
            return self.page(TEMPLATE_DIR + "code_used.html", status=409)
        except services.InvitationCodeError as error:
            services.invitation_attempt_log(survey=self.survey, outcome=error.reason)
            if error.reason == "other_survey":
                message = _("This code belongs to another survey. Check that you opened the link from your letter.")
            else:
                message = _("We do not know this code. Check the letters and digits in your letter and try again.")
            form.add_error("code", message)
            return self.code_page(form, status=404)
        services.invitation_attempt_log(survey=self.survey, outcome="accepted")
        return HttpResponseRedirect(
            reverse(
                "surveys:respond_resume_link", kwargs={"token": self.survey.public_token, "code": response.resume_code}
            )
        )
