"""Pages of the panels app. Objects come from scoped selectors (another gemeente's object is a 404);
what a user may do is asked of ``panels.permissions`` (not allowed is a 403)."""

import hashlib

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView, TemplateView, View

from participatie.audit import audit_record
from participatie.constants import STAFF_ROLES, AuditAction, Role
from participatie.exports.formats import FORMATS, XLSX
from participatie.exports.services import export_file_build
from participatie.exports.views import download_response
from participatie.mixins import RoleRequiredMixin
from participatie.permissions import has_role_anywhere

from . import permissions as perms
from . import selectors, services
from .constants import AdviesStatus
from .forms import (
    AanvraagForm,
    AdviesDraftForm,
    AdviesSendForm,
    AttendanceForm,
    DocumentForm,
    MeetingForm,
    MemberForm,
    MemberImportForm,
    OrgaanForm,
    ReactieForm,
    ReappointForm,
    UnsolicitedAdviesForm,
    WithdrawForm,
)
from .models import Advies, Reactie, today
from .resources import MemberResource
from .workflow import TransitionRefused

IMPORT_SESSION_KEY = "panels_member_import"


def add_service_error(form, error: ValidationError):
    """Put a service's ValidationError on the form: per field where the form has the field."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class PanelsView(RoleRequiredMixin):
    """Base of the panels pages; each view declares its permission."""

    def form_invalid(self, form):
        # Bad input is a 4xx with the form and its error summary, never a 200 that looks like success.
        response = super().form_invalid(form)
        response.status_code = 400
        return response


class OrgaanMixin(PanelsView):
    """Views below /organen/<pk>/: the orgaan comes from the user's scoped organen; the view's
    permission is a predicate (user, orgaan)."""

    @cached_property
    def orgaan(self):
        queryset = selectors.orgaan_list_for_user(user=self.request.user).prefetch_related("gemeenten")
        return get_object_or_404(queryset, pk=self.kwargs["orgaan_pk"])

    def get_permission_object(self):
        return self.orgaan

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["orgaan"] = self.orgaan
        return context


# Organen ---------------------------------------------------------------------------------


class OrgaanListView(PanelsView, ListView):
    """The organen the user may see."""

    permission = perms.can_view_panels

    template_name = "panels/orgaan_list.html"
    context_object_name = "organen"

    def get_queryset(self):
        return selectors.orgaan_list_with_counts(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_create"] = has_role_anywhere(self.request.user, Role.POLICY_OFFICER)
        context["can_overview"] = has_role_anywhere(self.request.user, *STAFF_ROLES)
        return context


class OrgaanCreateView(PanelsView, FormView):
    """A new orgaan (beleidsambtenaren)."""

    permission = perms.can_create_orgaan
    template_name = "panels/orgaan_form.html"
    form_class = OrgaanForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        try:
            orgaan = services.orgaan_save(
                orgaan=form.save(commit=False),
                user=self.request.user,
                gemeenten=form.cleaned_data["gemeenten"],
                regio=form.cleaned_data["regio"],
            )
        except ValidationError as error:
            add_service_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The orgaan has been saved."))
        return redirect("panels:orgaan-detail", orgaan_pk=orgaan.pk)


class OrgaanUpdateView(OrgaanMixin, FormView):
    """Change an orgaan, or record that it was dissolved; the gemeenten it serves only for whoever may change them."""

    permission = perms.can_edit_orgaan
    template_name = "panels/orgaan_form.html"
    form_class = OrgaanForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "instance": self.orgaan}

    form_valid = OrgaanCreateView.form_valid


class OrgaanDetailView(OrgaanMixin, TemplateView):
    """An orgaan: its mandate, members, coming meetings and adviezen."""

    permission = perms.can_view_orgaan

    template_name = "panels/orgaan_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, orgaan = self.request.user, self.orgaan
        follow = perms.can_follow_orgaan(user, orgaan)
        members = (
            selectors.member_list_for_orgaan(orgaan=orgaan) if follow else selectors.member_list_current(orgaan=orgaan)
        )
        can_see_contact = perms.can_see_member_contact(user, orgaan)
        if can_see_contact:
            audit_record(
                action=AuditAction.VIEWED,
                obj=orgaan,
                gemeente=services.orgaan_audit_gemeente(orgaan),
                request=self.request,
                detail="contact details of members",
            )
        context.update(
            members=members,
            can_manage=perms.can_manage_orgaan(user, orgaan),
            can_edit=perms.can_edit_orgaan(user, orgaan),
            can_follow=follow,
            can_see_contact=can_see_contact,
            can_request=perms.can_create_aanvraag(user, orgaan),
            can_send_unsolicited=perms.can_send_unsolicited(user, orgaan),
            meetings=selectors.meeting_list_upcoming(user=user).filter(orgaan=orgaan)[:5],
            adviezen=selectors.advies_list_for_user(user=user).filter(orgaan=orgaan)[:50],
            today=today(),
        )
        return context


class OrgaanCompositionView(OrgaanMixin, TemplateView):
    """Who sits where, terms ending in 3 months, and the target groups that are missing."""

    permission = perms.can_follow_orgaan
    template_name = "panels/orgaan_composition.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["composition"] = selectors.orgaan_composition(orgaan=self.orgaan)
        return context


# Members ---------------------------------------------------------------------------------


class MemberCreateView(OrgaanMixin, FormView):
    """Add a member to an orgaan."""

    permission = perms.can_manage_orgaan
    template_name = "panels/member_form.html"
    form_class = MemberForm

    def get_member(self):
        return None

    def get_form_kwargs(self):
        kwargs = {**super().get_form_kwargs(), "orgaan": self.orgaan}
        if self.get_member() is not None:
            kwargs["instance"] = self.get_member()
        return kwargs

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "member": self.get_member()}

    def form_valid(self, form):
        try:
            services.member_save(member=form.save(commit=False))
        except ValidationError as error:
            add_service_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The member has been saved."))
        return redirect("panels:orgaan-detail", orgaan_pk=self.orgaan.pk)


class MemberUpdateView(MemberCreateView):
    """Change a member."""

    permission = perms.can_manage_orgaan

    @cached_property
    def member(self):
        return get_object_or_404(self.orgaan.members.all(), pk=self.kwargs["pk"])

    def get_member(self):
        return self.member

    def get(self, request, *args, **kwargs):
        audit_record(
            action=AuditAction.VIEWED,
            obj=self.member,
            gemeente=services.orgaan_audit_gemeente(self.orgaan),
            request=request,
            detail="contact details",
        )
        return super().get(request, *args, **kwargs)


class MemberReappointView(MemberUpdateView):
    """Reappoint a member for a new term."""

    permission = perms.can_manage_orgaan

    template_name = "panels/member_reappoint.html"
    form_class = ReappointForm

    def get_form_kwargs(self):
        kwargs = FormView.get_form_kwargs(self)
        return {**kwargs, "member": self.member}

    def form_valid(self, form):
        try:
            services.member_reappoint(member=self.member, term_end=form.cleaned_data["term_end"])
        except ValidationError as error:
            add_service_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The member has been reappointed."))
        return redirect("panels:orgaan-detail", orgaan_pk=self.orgaan.pk)


class MemberImportView(OrgaanMixin, TemplateView):
    """Import members: upload, see a dry-run preview (new, changed, invalid rows), then confirm."""

    permission = perms.can_manage_orgaan
    template_name = "panels/member_import.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", MemberImportForm())
        context["columns"] = MemberResource.Meta.fields
        return context

    def post(self, request, *args, **kwargs):
        if "confirm" in request.POST:
            return self.confirm(request)
        form = MemberImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        result = services.member_import(orgaan=self.orgaan, dataset=form.dataset, dry_run=True)
        token = hashlib.sha256(form.content).hexdigest()
        is_valid = not (result.has_errors() or result.has_validation_errors())
        if is_valid:
            request.session[IMPORT_SESSION_KEY] = {
                "orgaan": self.orgaan.pk,
                "token": token,
                "name": form.cleaned_data["file"].name,
                "content": form.content.hex(),
            }
        else:
            request.session.pop(IMPORT_SESSION_KEY, None)
        preview = _import_preview(result)
        return self.render_to_response(
            self.get_context_data(form=MemberImportForm(), preview=preview, token=token, import_valid=is_valid),
            status=200 if is_valid else 400,
        )

    def confirm(self, request):
        stored = request.session.get(IMPORT_SESSION_KEY)
        if not stored or stored["orgaan"] != self.orgaan.pk or stored["token"] != request.POST.get("token"):
            messages.error(request, _("The checked file is no longer available. Upload it again."))
            return self.render_to_response(self.get_context_data(), status=400)
        content = bytes.fromhex(stored["content"])
        form = MemberImportForm(files={"file": _upload(stored["name"], content)}, data={})
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            result = services.member_import(orgaan=self.orgaan, dataset=form.dataset, dry_run=False)
        except services.ImportRefused as refused:
            request.session.pop(IMPORT_SESSION_KEY, None)
            messages.error(request, _("Nothing was imported: the file has rows with errors."))
            return self.render_to_response(
                self.get_context_data(preview=_import_preview(refused.result), import_valid=False), status=400
            )
        request.session.pop(IMPORT_SESSION_KEY, None)
        totals = result.totals
        messages.success(
            request,
            _("Import done: %(new)s new, %(changed)s changed, %(same)s unchanged.")
            % {"new": totals.get("new", 0), "changed": totals.get("update", 0), "same": totals.get("skip", 0)},
        )
        return redirect("panels:orgaan-detail", orgaan_pk=self.orgaan.pk)


def _upload(name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


def _import_preview(result) -> dict:
    """New, changed, unchanged and invalid rows of an import result, with the reasons in Dutch."""
    preview = {"new": [], "changed": [], "unchanged": [], "invalid": []}
    for number, row in enumerate(result.rows, start=2):
        if row.is_new():
            preview["new"].append((number, row.object_repr))
        elif row.is_update():
            preview["changed"].append((number, row.object_repr))
        elif row.is_skip():
            preview["unchanged"].append((number, row.object_repr))
    for invalid in result.invalid_rows:
        reasons = []
        for field, errors in invalid.error_dict.items():
            label = field if field != "__all__" else _("row")
            reasons.extend(f"{label}: {error}" for error in errors)
        preview["invalid"].append((invalid.number + 1, invalid.values, reasons))
    for number, errors in result.row_errors():
        preview["invalid"].append((number + 1, (), [str(error.error) for error in errors]))
    preview["invalid"].sort(key=lambda item: item[0])
    return preview


class MemberExportView(OrgaanMixin, View):
    """The orgaan's members as .xlsx or .csv (same columns as the import)."""

    permission = perms.can_follow_orgaan

    def get(self, request, *args, **kwargs):
        file_format = request.GET.get("format", XLSX)
        if file_format not in FORMATS:
            return HttpResponseBadRequest(_("Choose Excel or CSV as the file format."))
        dataset = MemberResource(orgaan=self.orgaan).export()
        dataset.title = _("Members")
        export_file = export_file_build(
            user=request.user,
            export_key="panels.members-orgaan",
            title=_("Members of %(orgaan)s") % {"orgaan": self.orgaan.name},
            datasets=[dataset],
            file_format=file_format,
            scope=", ".join(g.name for g in self.orgaan.gemeenten.all()),
        )
        return download_response(export_file)


# Meetings --------------------------------------------------------------------------------


class MeetingCreateView(OrgaanMixin, FormView):
    """Plan a meeting."""

    permission = perms.can_manage_orgaan
    template_name = "panels/meeting_form.html"
    form_class = MeetingForm
    meeting = None

    def get_form_kwargs(self):
        kwargs = {**super().get_form_kwargs(), "orgaan": self.orgaan}
        if self.meeting is not None:
            kwargs["instance"] = self.meeting
        return kwargs

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "meeting": self.meeting}

    def form_valid(self, form):
        try:
            meeting = services.meeting_save(meeting=form.save(commit=False), agenda=form.cleaned_data["agenda"])
        except ValidationError as error:
            add_service_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The meeting has been saved."))
        return redirect("panels:meeting-detail", pk=meeting.pk)


class MeetingObjectMixin(PanelsView):
    """Views of one meeting, from the user's scoped meetings; the view's permission is a predicate
    (user, orgaan) asked about the meeting's orgaan."""

    @cached_property
    def meeting(self):
        return get_object_or_404(selectors.meeting_detail_queryset(user=self.request.user), pk=self.kwargs["pk"])

    @property
    def orgaan(self):
        return self.meeting.orgaan

    def get_permission_object(self):
        return self.orgaan

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(meeting=self.meeting, orgaan=self.orgaan)
        return context


class MeetingUpdateView(MeetingObjectMixin, MeetingCreateView):
    """Change a meeting; add minutes and decisions afterwards."""

    permission = perms.can_manage_orgaan

    def get_form_kwargs(self):
        return {**FormView.get_form_kwargs(self), "orgaan": self.orgaan, "instance": self.meeting}


class MeetingDetailView(MeetingObjectMixin, TemplateView):
    """A meeting: agenda, attendance, minutes, decisions and documents."""

    permission = perms.can_view_orgaan

    template_name = "panels/meeting_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_manage"] = perms.can_manage_orgaan(self.request.user, self.orgaan)
        context["can_follow"] = perms.can_follow_orgaan(self.request.user, self.orgaan)
        return context


class MeetingAttendanceView(MeetingObjectMixin, FormView):
    """Record attendance per member."""

    permission = perms.can_manage_orgaan
    template_name = "panels/meeting_attendance.html"
    form_class = AttendanceForm

    def get_form_kwargs(self):
        day = timezone.localtime(self.meeting.starts_at).date()
        members = list(
            self.orgaan.members.filter(term_start__lte=day)
            .filter(Q(term_end__isnull=True) | Q(term_end__gte=day))
            .order_by("name")
        )
        return {**super().get_form_kwargs(), "meeting": self.meeting, "members": members}

    def form_valid(self, form):
        services.attendance_record(meeting=self.meeting, statuses=form.statuses())
        messages.success(self.request, _("Attendance has been saved."))
        return redirect("panels:meeting-detail", pk=self.meeting.pk)


class MeetingIcsView(MeetingObjectMixin, View):
    """The meeting as an .ics file for the member's calendar."""

    permission = perms.can_view_orgaan

    def get(self, request, *args, **kwargs):
        from .ics import meeting_ics

        url = request.build_absolute_uri(reverse("panels:meeting-detail", kwargs={"pk": self.meeting.pk}))
        content = meeting_ics(meeting=self.meeting, url=url, domain=request.get_host().split(":")[0] or "portal")
        _audit_download(request, self.meeting, services.orgaan_audit_gemeente(self.meeting.orgaan))
        response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="bijeenkomst-{self.meeting.pk}.ics"'
        return response


class MeetingDocumentCreateView(MeetingObjectMixin, FormView):
    """Attach a document to a meeting."""

    permission = perms.can_manage_orgaan
    template_name = "panels/document_form.html"
    form_class = DocumentForm

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "back_url": reverse("panels:meeting-detail", args=[self.meeting.pk]),
        }

    def form_valid(self, form):
        try:
            services.document_add(
                user=self.request.user,
                title=form.cleaned_data["title"],
                file=form.cleaned_data["file"],
                meeting=self.meeting,
            )
        except ValidationError as error:
            add_service_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The document has been added."))
        return redirect("panels:meeting-detail", pk=self.meeting.pk)


class DocumentDownloadView(PanelsView, View):
    """A document of a meeting or aanvraag the user may see."""

    permission = perms.can_view_document

    @cached_property
    def document(self):
        queryset = selectors.document_list_for_user(user=self.request.user).select_related("meeting", "aanvraag")
        return get_object_or_404(queryset, pk=self.kwargs["pk"])

    def get_permission_object(self):
        return self.document

    def get(self, request, pk):
        document = self.document
        response = _file_response(document.file)
        gemeente = document.aanvraag.gemeente_id if document.aanvraag_id else None
        _audit_download(request, document, gemeente or services.orgaan_audit_gemeente(document.meeting.orgaan))
        return response


def _audit_download(request, obj, gemeente) -> None:
    """A download of a document or calendar file: one audit line (who, which file, from where)."""
    audit_record(action=AuditAction.DOWNLOADED, obj=obj, gemeente=gemeente, request=request)


def _file_response(file):
    if not file:
        raise Http404
    try:
        handle = file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=file.name.rsplit("/", 1)[-1])


# Advice ----------------------------------------------------------------------------------


class AanvraagCreateView(OrgaanMixin, FormView):
    """Ask an orgaan for advice (beleidsambtenaren)."""

    permission = perms.can_create_aanvraag
    template_name = "panels/aanvraag_form.html"
    form_class = AanvraagForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "orgaan": self.orgaan, "user": self.request.user}

    def form_valid(self, form):
        document = form.cleaned_data.get("document")
        documents = [(document.name, document)] if document else []
        try:
            advies = services.aanvraag_create(
                aanvraag=form.save(commit=False), user=self.request.user, documents=documents
            )
        except ValidationError as error:
            add_service_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The request for advice has been registered."))
        return redirect("panels:advies-detail", pk=advies.pk)


class AdviesListView(PanelsView, ListView):
    """Every advies the user may see, overdue first; filter by status."""

    permission = perms.can_view_panels

    template_name = "panels/advies_list.html"
    context_object_name = "adviezen"
    paginate_by = 50

    def get_queryset(self):
        queryset = selectors.advies_list_for_user(user=self.request.user)
        status = self.request.GET.get("status", "")
        if status in AdviesStatus.values:
            queryset = queryset.filter(status=status)
        elif status == "overdue":
            queryset = queryset.filter(overdue_rank=0)
        return queryset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(statuses=AdviesStatus.choices, status=self.request.GET.get("status", ""), today=today())
        return context


class AdviesObjectMixin(PanelsView):
    """Views of one advies, from the user's scoped adviezen; the view's permission is a predicate
    (user, advies)."""

    @cached_property
    def advies(self):
        return get_object_or_404(selectors.advies_detail_queryset(user=self.request.user), pk=self.kwargs["pk"])

    def get_permission_object(self):
        return self.advies

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(advies=self.advies, orgaan=self.advies.orgaan)
        return context

    def refused(self, error):
        return render(
            self.request,
            "panels/advies_refused.html",
            {"advies": self.advies, "message": getattr(error, "message", error)},
            status=409,
        )

    def done(self, message):
        messages.success(self.request, message)
        return redirect("panels:advies-detail", pk=self.advies.pk)


class AdviesDetailView(AdviesObjectMixin, TemplateView):
    """An advies: the aanvraag, the advice, the college's answer and the timeline of its status."""

    permission = perms.can_view_advies

    template_name = "panels/advies_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, advies = self.request.user, self.advies
        try:
            reactie = advies.reactie
        except Reactie.DoesNotExist:
            reactie = None
        context.update(
            reactie=reactie,
            today=today(),
            can_see_internal=perms.can_see_internal_notes(user, advies),
            can_draft=perms.can_draft_advies(user, advies),
            can_send=perms.can_send_advies(user, advies),
            can_withdraw=perms.can_withdraw_advies(user, advies),
            can_register_reactie=perms.can_register_reactie(user, advies),
            can_close=perms.can_close_advies(user, advies),
            can_add_document=perms.can_add_aanvraag_document(user, advies),
            aanvraag_notification=selectors.aanvraag_notification_for_advies(advies=advies),
        )
        return context


class AdviesDraftView(AdviesObjectMixin, FormView):
    """Write the advice (voorzitter/secretaris or an officer); saving starts the preparation."""

    permission = perms.can_draft_advies
    template_name = "panels/advies_draft.html"
    form_class = AdviesDraftForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.advies}

    def form_valid(self, form):
        try:
            services.advies_draft_save(
                advies=self.advies,
                user=self.request.user,
                text=form.cleaned_data["text"],
                document=form.cleaned_data.get("document") if "document" in form.changed_data else None,
            )
        except TransitionRefused as error:
            return self.refused(error)
        except ValidationError as error:
            add_service_error(form, error)
            return self.form_invalid(form)
        return self.done(_("The draft has been saved."))


class AdviesSendView(AdviesObjectMixin, FormView):
    """Confirm and send the advice (uitbrengen)."""

    permission = perms.can_send_advies
    template_name = "panels/advies_send.html"
    form_class = AdviesSendForm

    def form_valid(self, form):
        try:
            services.advies_send(advies=self.advies, user=self.request.user, sent_on=form.cleaned_data["sent_on"])
        except TransitionRefused as error:
            return self.refused(error)
        except ValidationError as error:
            add_service_error(form, error)
            return self.form_invalid(form)
        return self.done(
            _("The advice has been sent. The gemeente's answer is due on %(date)s.")
            % {"date": Advies.objects.get(pk=self.advies.pk).answer_deadline.strftime("%d-%m-%Y")}
        )


class AdviesWithdrawView(AdviesObjectMixin, FormView):
    """Withdraw an advies, with the reason."""

    permission = perms.can_act_on_advies
    template_name = "panels/advies_withdraw.html"
    form_class = WithdrawForm

    def get(self, request, *args, **kwargs):
        return self.refused_unless_open() or super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return self.refused_unless_open() or super().post(request, *args, **kwargs)

    def refused_unless_open(self):
        if perms.can_withdraw_advies(self.request.user, self.advies):
            return None
        return self.refused(
            TransitionRefused(_("This advice can no longer be withdrawn: it has been answered or closed."))
        )

    def form_valid(self, form):
        try:
            services.advies_withdraw(advies=self.advies, user=self.request.user, reason=form.cleaned_data["reason"])
        except TransitionRefused as error:
            return self.refused(error)
        except ValidationError as error:
            add_service_error(form, error)
            return self.form_invalid(form)
        return self.done(_("The advice has been withdrawn."))


class ReactieCreateView(AdviesObjectMixin, FormView):
    """Register the college's answer."""

    permission = perms.can_answer_advies
    template_name = "panels/reactie_form.html"
    form_class = ReactieForm

    def get(self, request, *args, **kwargs):
        return self.refused_unless_sent() or super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return self.refused_unless_sent() or super().post(request, *args, **kwargs)

    def refused_unless_sent(self):
        if perms.can_register_reactie(self.request.user, self.advies):
            return None
        return self.refused(TransitionRefused(_("An answer can only be registered for an advice that has been sent.")))

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "advies": self.advies, "instance": Reactie()}

    def form_valid(self, form):
        try:
            services.reactie_register(advies=self.advies, reactie=form.instance, user=self.request.user)
        except TransitionRefused as error:
            return self.refused(error)
        except ValidationError as error:
            add_service_error(form, error)
            return self.form_invalid(form)
        return self.done(_("The answer has been registered."))


class AdviesCloseView(AdviesObjectMixin, View):
    """Close an answered advies (POST)."""

    permission = perms.can_answer_advies

    def post(self, request, *args, **kwargs):
        try:
            services.advies_close(advies=self.advies, user=request.user)
        except TransitionRefused as error:
            return self.refused(error)
        return self.done(_("The advice has been closed."))


class AdviesDocumentCreateView(AdviesObjectMixin, FormView):
    """Add a document to the aanvraag of an advies."""

    permission = perms.can_add_aanvraag_document
    template_name = "panels/document_form.html"
    form_class = DocumentForm

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "back_url": reverse("panels:advies-detail", args=[self.advies.pk]),
        }

    def form_valid(self, form):
        try:
            services.document_add(
                user=self.request.user,
                title=form.cleaned_data["title"],
                file=form.cleaned_data["file"],
                aanvraag=self.advies.aanvraag,
            )
        except ValidationError as error:
            add_service_error(form, error)
            return self.form_invalid(form)
        return self.done(_("The document has been added."))


class AdviesFileView(AdviesObjectMixin, View):
    """The document of the advice, or of the college's answer."""

    permission = perms.can_view_advies

    def get(self, request, *args, **kwargs):
        which = kwargs["which"]
        if which == "advies":
            file = self.advies.document
        elif which == "reactie":
            try:
                file = self.advies.reactie.document
            except Reactie.DoesNotExist:
                raise Http404 from None
        else:
            raise Http404
        response = _file_response(file)
        audit_record(action=AuditAction.DOWNLOADED, obj=self.advies, request=request, detail=f"document: {which}")
        return response


class UnsolicitedAdviesCreateView(OrgaanMixin, FormView):
    """An ongevraagd advies: written and sent at once."""

    permission = perms.can_send_unsolicited
    template_name = "panels/advies_unsolicited_form.html"
    form_class = UnsolicitedAdviesForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "orgaan": self.orgaan}

    def form_valid(self, form):
        try:
            advies = services.advies_create_unsolicited(
                advies=form.save(commit=False), user=self.request.user, sent_on=form.cleaned_data["sent_on"]
            )
        except TransitionRefused as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        except ValidationError as error:
            add_service_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The unsolicited advice has been sent."))
        return redirect("panels:advies-detail", pk=advies.pk)


class OverviewView(PanelsView, TemplateView):
    """The coordinators' overview: per orgaan the counts per status, overdue answers, days to an answer."""

    permission = perms.can_see_overview
    template_name = "panels/overview.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows, total = selectors.advies_overview(user=self.request.user)
        context.update(rows=rows, total=total, statuses=AdviesStatus.choices)
        return context
