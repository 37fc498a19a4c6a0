"""Pages of the roadmap: trajecten, the route map, step pages, the monitor and the exports."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.functional import cached_property
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import DetailView, FormView, ListView

from participatie.audit import audit_record
from participatie.constants import ALL_ROLES, AuditAction, TargetGroup
from participatie.exports.formats import FORMATS, XLSX
from participatie.exports.services import export_file_build
from participatie.exports.views import download_response
from participatie.mixins import RoleRequiredMixin

from . import selectors, services
from .constants import (
    STATUS_BADGE,
    UNUSUAL_SUSPECTS,
    ChecklistState,
    LadderRung,
    MeedenkerKind,
    Method,
    ParticipationForm,
    StakeholderGroup,
    StepNumber,
    StepStatus,
)
from .forms import (
    ActionForm,
    AttachmentForm,
    ChecklistItemForm,
    ChecklistStateForm,
    DecisionForm,
    MeedenkerForm,
    ModelDesignForm,
    MonitorFilterForm,
    StakeholderViewForm,
    StepForm,
    TrajectForm,
)
from .models import Meedenker, StakeholderView, Step
from .permissions import can_edit_traject, can_see_monitor, can_start_traject, can_view_traject, can_view_trajecten
from .resources import monitor_dataset, traject_datasets


class TrajectListView(RoleRequiredMixin, ListView):
    """The trajecten of the user's gemeenten, each with its route in short."""

    permission = can_view_trajecten
    template_name = "roadmap/traject_list.html"
    context_object_name = "trajecten"

    def get_queryset(self):
        return selectors.traject_list_with_progress(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        trajecten = list(context["trajecten"])
        for traject, route_map in zip(trajecten, route_maps_compact(trajecten), strict=True):
            traject.route_map = route_map
        context["trajecten"] = context["object_list"] = trajecten
        context["can_start"] = selectors.gemeente_list_for_starting(user=self.request.user).exists()
        context["can_see_monitor"] = can_see_monitor(self.request.user)
        return context


class TrajectCreateView(RoleRequiredMixin, FormView):
    """Start a vernieuwingstraject: the six steps and their checklists come with it."""

    permission = can_start_traject
    template_name = "roadmap/traject_form.html"
    form_class = TrajectForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["gemeenten"] = selectors.gemeente_list_for_starting(user=self.request.user)
        kwargs["action"] = reverse("roadmap:traject-create")
        return kwargs

    def form_valid(self, form):
        data = form.cleaned_data
        traject = services.traject_create(
            gemeente=data["gemeente"],
            title=data["title"],
            start_date=data["start_date"],
            reasons=data["reasons"],
            reason_other=data["reason_other"],
            responsible=data["responsible"],
            laws=data["laws"],
            level=data["level"],
            actor=self.request.user,
        )
        messages.success(self.request, _("The traject has started with its six steps."))
        return HttpResponseRedirect(reverse("roadmap:traject-detail", args=[traject.pk]))

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class TrajectMixin(RoleRequiredMixin):
    """Gets the traject from the user's scoped trajecten (another gemeente's traject is a 404);
    the view's permission is asked about it."""

    @cached_property
    def traject(self):
        # Scoped to the gemeenten where the user holds any role: another gemeente's traject is a 404,
        # and the view's permission then decides per role (a council member gets a 403).
        queryset = selectors.traject_list_for_user(user=self.request.user, roles=ALL_ROLES)
        return get_object_or_404(queryset, pk=self.kwargs["pk"])

    def get_permission_object(self):
        return self.traject


class TrajectUpdateView(TrajectMixin, FormView):
    """Change a traject's details."""

    permission = can_edit_traject
    template_name = "roadmap/traject_form.html"
    form_class = TrajectForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.traject
        kwargs["action"] = reverse("roadmap:traject-update", args=[self.traject.pk])
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(traject=self.traject, **kwargs)

    def form_valid(self, form):
        data = {name: value for name, value in form.cleaned_data.items() if name in services.TRAJECT_FIELDS}
        # The form has already written its values onto the instance; start again from the stored row.
        self.traject.refresh_from_db()
        services.traject_update(traject=self.traject, actor=self.request.user, data=data)
        messages.success(self.request, _("The traject is saved."))
        return HttpResponseRedirect(reverse("roadmap:traject-detail", args=[self.traject.pk]))

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


def ladder_rows(steps) -> list[dict]:
    """Per step the rung aimed at and reached, for the ladder table and graphic."""
    rows = []
    for step in steps:
        rows.append(
            {
                "step": step,
                "planned": LadderRung(step.ladder_planned) if step.ladder_planned else None,
                "reached": LadderRung(step.ladder_reached) if step.ladder_reached else None,
                "gap": (step.ladder_reached or 0) - (step.ladder_planned or 0)
                if step.ladder_planned and step.ladder_reached
                else None,
            }
        )
    return rows


class TrajectDetailView(TrajectMixin, DetailView):
    """A traject: the route map, the participation ladder, the decisions and the full history."""

    permission = can_view_traject

    template_name = "roadmap/traject_detail.html"
    context_object_name = "traject"

    def get_object(self, queryset=None):
        queryset = selectors.traject_list_with_progress(user=self.request.user)
        return get_object_or_404(queryset, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        traject = self.object
        steps = list(traject.steps.all())
        context.update(
            steps=steps,
            ladder=ladder_rows(steps),
            rungs=LadderRung.choices,
            decisions=selectors.decision_list(traject=traject),
            history=selectors.history_list(traject=traject),
            can_edit=can_edit_traject(self.request.user, traject),
        )
        return context


class StepMixin(TrajectMixin):
    """A step of a scoped traject, and the step page with every form (bound ones where input was wrong)."""

    step_numbers: tuple = tuple(StepNumber.values)

    @cached_property
    def step(self):
        number = self.kwargs["number"]
        if number not in self.step_numbers:
            raise Http404
        try:
            step = selectors.step_get_for_traject(traject=self.traject, number=number)
        except Step.DoesNotExist as missing:
            raise Http404 from missing
        step.traject = self.traject
        return step

    def url(self, name, *args):
        return reverse(f"roadmap:{name}", args=[self.traject.pk, self.step.number, *args])

    def step_url(self):
        return self.url("step-detail") + "#" + getattr(self, "anchor", "main")

    def render_step(self, bound: dict | None = None, status: int = 200):
        bound = bound or {}
        traject, step = self.traject, self.step
        can_edit = can_edit_traject(self.request.user, traject)
        context = {
            "traject": traject,
            "step": step,
            "guide": step.guide,
            "steps": list(selectors.step_queryset_with_progress().filter(traject=traject)),
            "can_edit": can_edit,
            "checklist_states": ChecklistState,
            **selectors.step_page_items(step=step),
        }
        context["step_history"] = selectors.history_list_for_step(step=step)
        if step.number == StepNumber.REASON:
            views = selectors.stakeholder_view_list(traject=traject)
            heard = {v.group for v in views}
            context["stakeholder_views"] = views
            context["missing_groups"] = [label for value, label in StakeholderGroup.choices if value not in heard]
        elif step.number == StepNumber.PARTICIPANTS:
            meedenkers = selectors.meedenker_list(traject=traject)
            kinds = {m.kind for m in meedenkers}
            groups = {g for m in meedenkers for g in m.target_groups}
            context["meedenkers"] = meedenkers
            context["missing_kinds"] = [
                label for value, label in MeedenkerKind.choices if value not in kinds and value != MeedenkerKind.OTHER
            ]
            context["missing_target_groups"] = [label for value, label in TargetGroup.choices if value not in groups]
            context["unusual_suspects"] = sum(1 for m in meedenkers if m.kind in UNUSUAL_SUSPECTS)
        elif step.number == StepNumber.DECISIONS:
            context["decisions"] = selectors.decision_list(traject=traject)
        elif step.number == StepNumber.MODEL:
            context["model_form_labels"] = [
                ParticipationForm(v).label for v in traject.model_forms if v in ParticipationForm.values
            ]
            context["model_method_labels"] = [Method(v).label for v in traject.model_methods if v in Method.values]
            # The councils and panels of this gemeente, from the panels app.
            context["organen"] = list(selectors.orgaan_list_for_traject(user=self.request.user, traject=traject))
        if can_edit:
            forms = {
                "step_form": StepForm(instance=step, action=self.url("step-update")),
                "checklist_form": ChecklistItemForm(action=self.url("checklist-add")),
                "action_form": ActionForm(gemeente=traject.gemeente, action=self.url("action-add")),
                "attachment_form": AttachmentForm(action=self.url("attachment-add")),
            }
            if step.number == StepNumber.REASON:
                forms["view_form"] = StakeholderViewForm(action=self.url("view-add"))
            elif step.number == StepNumber.PARTICIPANTS:
                forms["meedenker_form"] = MeedenkerForm(action=self.url("meedenker-add"))
            elif step.number == StepNumber.DECISIONS:
                forms["decision_form"] = DecisionForm(action=self.url("decision-add"))
            elif step.number == StepNumber.MODEL:
                forms["model_form"] = ModelDesignForm(instance=traject, action=self.url("model-update"))
            forms.update(bound)
            context.update(forms)
        return render(self.request, "roadmap/step_detail.html", context, status=status)


class StepDetailView(StepMixin, View):
    """A step page: guidance, status, checklist, actions, documents and the step's own register."""

    permission = can_view_traject

    def get(self, request, *args, **kwargs):
        return self.render_step()


class StepPostView(StepMixin, View):
    """Base for the forms of a step page (each declares its permission); wrong input shows the page again (400)."""

    form_name = ""
    anchor = "main"
    success_message = ""

    def get_form(self):
        raise NotImplementedError

    def save(self, form):
        raise NotImplementedError

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if form.is_valid():
            try:
                self.save(form)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if self.success_message:
                    messages.success(request, self.success_message)
                return HttpResponseRedirect(self.step_url())
        messages.error(request, _("Your input was not saved. Check the form below."))
        return self.render_step({self.form_name: form}, status=400)


class StepUpdateView(StepPostView):
    permission = can_edit_traject
    form_name = "step_form"
    anchor = "step-form-section"

    def get_form(self):
        # A copy, so a wrong input never shows up as the step's current state on the page.
        instance = Step.objects.select_related("traject__gemeente").get(pk=self.step.pk)
        return StepForm(self.request.POST, instance=instance, action=self.url("step-update"))

    def save(self, form):
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        services.step_update(step=self.step, actor=self.request.user, data=data)
        messages.success(self.request, _("The step is saved."))


class ChecklistAddView(StepPostView):
    permission = can_edit_traject
    form_name = "checklist_form"
    anchor = "checklist"

    def get_form(self):
        return ChecklistItemForm(self.request.POST, action=self.url("checklist-add"))

    def save(self, form):
        services.checklist_item_add(step=self.step, text=form.cleaned_data["text"], actor=self.request.user)


class ChecklistStateView(StepMixin, View):
    """Tick, open again or mark an aandachtspunt not applicable (a button per state, works without JS)."""

    permission = can_edit_traject
    anchor = "checklist"

    def post(self, request, *args, **kwargs):
        item = get_object_or_404(self.step.checklist_items, pk=kwargs["item"])
        form = ChecklistStateForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("That is not a valid state for a point of attention."))
            return self.render_step(status=400)
        services.checklist_item_set_state(item=item, state=form.cleaned_data["state"], actor=request.user)
        return HttpResponseRedirect(self.url("step-detail") + f"#item-{item.pk}")


class ChecklistRemoveView(StepMixin, View):
    permission = can_edit_traject
    anchor = "checklist"

    def post(self, request, *args, **kwargs):
        item = get_object_or_404(self.step.checklist_items, pk=kwargs["item"])
        services.checklist_item_remove(item=item, actor=request.user)
        messages.success(request, _("The point of attention is removed."))
        return HttpResponseRedirect(self.step_url())


class ActionAddView(StepPostView):
    permission = can_edit_traject
    form_name = "action_form"
    anchor = "actions"

    def get_form(self):
        return ActionForm(self.request.POST, gemeente=self.traject.gemeente, action=self.url("action-add"))

    def save(self, form):
        services.action_add(step=self.step, actor=self.request.user, **form.cleaned_data)
        messages.success(self.request, _("The action is added."))


class ActionDoneView(StepMixin, View):
    permission = can_edit_traject
    anchor = "actions"

    def post(self, request, *args, **kwargs):
        action = get_object_or_404(self.step.actions, pk=kwargs["action"])
        done = request.POST.get("done") == "1"
        services.action_set_done(action=action, done=done, actor=request.user)
        return HttpResponseRedirect(self.url("step-detail") + f"#action-{action.pk}")


class ActionRemoveView(StepMixin, View):
    permission = can_edit_traject
    anchor = "actions"

    def post(self, request, *args, **kwargs):
        action = get_object_or_404(self.step.actions, pk=kwargs["action"])
        services.action_remove(action=action, actor=request.user)
        messages.success(request, _("The action is removed."))
        return HttpResponseRedirect(self.step_url())


class AttachmentAddView(StepPostView):
    permission = can_edit_traject
    form_name = "attachment_form"
    anchor = "attachments"

    def get_form(self):
        return AttachmentForm(self.request.POST, self.request.FILES, action=self.url("attachment-add"))

    def save(self, form):
        data = form.cleaned_data
        services.attachment_add(
            step=self.step,
            actor=self.request.user,
            kind=data["kind"],
            title=data["title"],
            file=data.get("file"),
            url=data.get("url") or "",
        )
        messages.success(self.request, _("The document or link is added."))


class AttachmentDownloadView(StepMixin, View):
    """Send an uploaded document, only to those who may see the traject."""

    permission = can_view_traject

    def get(self, request, *args, **kwargs):
        attachment = get_object_or_404(self.step.attachments.exclude(file=""), pk=kwargs["attachment"])
        try:
            handle = attachment.file.open("rb")
        except FileNotFoundError as missing:
            raise Http404 from missing
        audit_record(
            action=AuditAction.DOWNLOADED, obj=attachment, gemeente=self.step.traject.gemeente_id, request=request
        )
        return FileResponse(handle, as_attachment=True, filename=attachment.original_name or attachment.title)


class AttachmentRemoveView(StepMixin, View):
    permission = can_edit_traject
    anchor = "attachments"

    def post(self, request, *args, **kwargs):
        attachment = get_object_or_404(self.step.attachments, pk=kwargs["attachment"])
        services.attachment_remove(attachment=attachment, actor=request.user)
        messages.success(request, _("The document or link is removed."))
        return HttpResponseRedirect(self.step_url())


class StakeholderViewAddView(StepPostView):
    permission = can_edit_traject
    step_numbers = (StepNumber.REASON,)
    form_name = "view_form"
    anchor = "views"

    def get_form(self):
        return StakeholderViewForm(self.request.POST, action=self.url("view-add"))

    def save(self, form):
        services.stakeholder_view_save(traject=self.traject, actor=self.request.user, **form.cleaned_data)
        messages.success(self.request, _("The view is saved."))


class StakeholderViewRemoveView(StepMixin, View):
    step_numbers = (StepNumber.REASON,)
    permission = can_edit_traject
    anchor = "views"

    def post(self, request, *args, **kwargs):
        record = get_object_or_404(StakeholderView.objects.filter(traject=self.traject), pk=kwargs["view"])
        services.stakeholder_view_remove(record=record, actor=request.user)
        messages.success(request, _("The view is removed."))
        return HttpResponseRedirect(self.step_url())


class MeedenkerAddView(StepPostView):
    permission = can_edit_traject
    step_numbers = (StepNumber.PARTICIPANTS,)
    form_name = "meedenker_form"
    anchor = "meedenkers"

    def get_form(self):
        return MeedenkerForm(self.request.POST, action=self.url("meedenker-add"))

    def save(self, form):
        services.meedenker_add(traject=self.traject, actor=self.request.user, **form.cleaned_data)
        messages.success(self.request, _("The meedenker is added."))


class MeedenkerRemoveView(StepMixin, View):
    step_numbers = (StepNumber.PARTICIPANTS,)
    permission = can_edit_traject
    anchor = "meedenkers"

    def post(self, request, *args, **kwargs):
        meedenker = get_object_or_404(Meedenker.objects.filter(traject=self.traject), pk=kwargs["meedenker"])
        services.meedenker_remove(meedenker=meedenker, actor=request.user)
        messages.success(request, _("The meedenker is removed from the register."))
        return HttpResponseRedirect(self.step_url())


class DecisionAddView(StepPostView):
    permission = can_edit_traject
    step_numbers = (StepNumber.DECISIONS,)
    form_name = "decision_form"
    anchor = "decisions"

    def get_form(self):
        return DecisionForm(self.request.POST, action=self.url("decision-add"))

    def save(self, form):
        services.decision_record(traject=self.traject, actor=self.request.user, **form.cleaned_data)
        messages.success(self.request, _("The decision is recorded."))


class ModelUpdateView(StepPostView):
    permission = can_edit_traject
    step_numbers = (StepNumber.MODEL,)
    form_name = "model_form"
    anchor = "model"

    def get_form(self):
        # A copy, so a wrong input never changes the traject shown on the page.
        instance = selectors.traject_list_for_user(user=self.request.user).get(pk=self.traject.pk)
        return ModelDesignForm(self.request.POST, instance=instance, action=self.url("model-update"))

    def save(self, form):
        services.model_update(traject=self.traject, actor=self.request.user, data=form.cleaned_data)
        messages.success(self.request, _("The model is saved."))


def _export_format(request) -> str | None:
    file_format = request.GET.get("format", XLSX)
    return file_format if file_format in FORMATS else None


class TrajectExportView(TrajectMixin, View):
    """One traject as a workbook: a sheet each for steps, checklists, actions, decisions, meedenkers, views."""

    permission = can_view_traject

    def get(self, request, *args, **kwargs):
        file_format = _export_format(request)
        if file_format is None:
            return render(request, "400.html", {"message": _("Choose Excel or CSV as the file format.")}, status=400)
        traject = self.traject
        export_file = export_file_build(
            user=request.user,
            export_key="roadmap.traject",
            title=_("Traject %(title)s") % {"title": traject.title},
            datasets=traject_datasets(traject=traject),
            file_format=file_format,
            gemeente=traject.gemeente,
        )
        return download_response(export_file)


class MonitorMixin(RoleRequiredMixin):
    """The monitor's filter form and the trajecten it selects."""

    def filtered(self):
        user = self.request.user
        gemeenten = selectors.gemeente_list_for_monitor(user=user)
        form = MonitorFilterForm(self.request.GET or None, gemeenten=gemeenten)
        if self.request.GET and not form.is_valid():
            return form, None
        data = form.cleaned_data if self.request.GET else {}
        trajecten = selectors.traject_list_for_monitor(
            user=user,
            gemeente=data.get("gemeente"),
            step=data.get("step"),
            status=data.get("status") or "",
            law=data.get("law") or "",
            overdue_only=bool(data.get("overdue")),
            sort=data.get("sort") or "gemeente",
        )
        return form, trajecten


MONITOR_PAGE_SIZE = 50


def _moment(value) -> dict | None:
    """A date-time as the monitor prints it: the ISO value for <time> and the short Dutch date."""
    if value is None:
        return None
    local = timezone.localtime(value)
    return {"iso": local.isoformat(), "text": dateformat.format(local, "j b Y")}


MONITOR_CELL = (
    '<td class="monitor-cell monitor-cell--{status}">'
    '<a href="{url}" class="status-badge {badge}"><span class="visually-hidden">{gemeente}, {step_word} {number}: </span>'
    "{label}</a>"
    '<span class="d-block small">{checklist_word} {checklist_done} {of_word} {checklist_total}</span>'
    '<span class="d-block small">{actions_word} {actions_done} {of_word} {actions_total}</span>'
    "{overdue}{changed}</td>"
)


def monitor_rows(trajecten) -> list[dict]:
    """The monitor's rows, each step's cell rendered once here from prepared data (one format per cell
    instead of some twenty template lookups), so a page of 50 trajecten renders in milliseconds."""
    labels = dict(StepStatus.choices)
    words = {
        "step_word": _("step"),
        "checklist_word": _("Checklist"),
        "actions_word": _("Actions"),
        "of_word": _("of"),
    }
    overdue_word, changed_word = _("overdue"), _("changed")
    rows = []
    for traject in trajecten:
        url = reverse("roadmap:traject-detail", args=[traject.pk])
        cells = []
        for step in traject.steps.all():
            changed = _moment(step.last_change)
            cells.append(
                format_html(
                    MONITOR_CELL,
                    status=step.status,
                    url=f"{url}stap/{step.number}/",
                    badge=STATUS_BADGE.get(step.status, "status-none"),
                    gemeente=traject.gemeente.name,
                    number=step.number,
                    label=labels.get(step.status, step.status),
                    checklist_done=step.checklist_done,
                    checklist_total=step.checklist_total,
                    actions_done=step.actions_done,
                    actions_total=step.actions_total,
                    overdue=format_html(
                        '<span class="status-badge status-overdue small">{} {}</span>',
                        step.actions_overdue,
                        overdue_word,
                    )
                    if step.actions_overdue
                    else "",
                    changed=format_html(
                        '<span class="d-block small">{} <time datetime="{}">{}</time></span>',
                        changed_word,
                        changed["iso"],
                        changed["text"],
                    )
                    if changed
                    else "",
                    **words,
                )
            )
        rows.append(
            {
                "traject": traject,
                "gemeente": traject.gemeente.name,
                "title": traject.title,
                "url": url,
                "cells": mark_safe("".join(cells)),  # noqa: S308 - every piece comes from format_html
                "steps_finished": traject.steps_finished,
                "overdue_total": traject.overdue_total,
                "changed": _moment(traject.updated_at),
            }
        )
    return rows


ROUTE_MAP_COMPACT = (
    '<nav class="route-map-wrap route-map-wrap--compact" aria-labelledby="route-map-title-{pk}">'
    '<h2 id="route-map-title-{pk}" class="visually-hidden">{heading}</h2><ol class="route-map">{steps}</ol></nav>'
)
ROUTE_STEP_COMPACT = (
    '<li class="route-step route-step--{status}"><a class="route-step__link" href="{url}">'
    '<span class="route-step__marker" aria-hidden="true">{marker}</span><span class="route-step__body">'
    '<span class="route-step__title">{title}: {name}</span>'
    '<span class="status-badge {badge}"><span class="visually-hidden">{status_word} </span>{label}</span>'
    "{overdue}</span></a></li>"
)
# The marker is shape as well as text: a tick for done, a turning arrow for skipped, else the step's number.
ROUTE_MARKERS = {StepStatus.DONE: mark_safe("&#10003;"), StepStatus.SKIPPED: mark_safe("&#8631;")}


def route_maps_compact(trajecten) -> list:
    """The compact route map of each traject (as roadmap/includes/route_map.html renders it with compact=True
    and no current step), each step formatted once here instead of an include with some thirty template
    lookups and translations per step: the trajecten list renders six steps for every traject."""
    statuses = dict(StepStatus.choices)
    names = dict(StepNumber.choices)
    titles = {number: _("Step %(number)s") % {"number": number} for number in StepNumber.values}
    status_word = _("Status:")
    maps = []
    for traject in trajecten:
        url = reverse("roadmap:traject-detail", args=[traject.pk])
        steps = []
        for step in traject.steps.all():
            overdue = step.actions_overdue
            steps.append(
                format_html(
                    ROUTE_STEP_COMPACT,
                    status=step.status,
                    url=f"{url}stap/{step.number}/",
                    marker=ROUTE_MARKERS.get(step.status, step.number),
                    title=titles[step.number],
                    name=names[step.number],
                    badge=STATUS_BADGE.get(step.status, "status-none"),
                    status_word=status_word,
                    label=statuses.get(step.status, step.status),
                    overdue=format_html(
                        '<span class="status-badge status-overdue">{}</span>',
                        ngettext("%(counter)s overdue action", "%(counter)s overdue actions", overdue)
                        % {"counter": overdue},
                    )
                    if overdue
                    else "",
                )
            )
        heading = _("Route map of %(title)s: the six steps") % {"title": conditional_escape(traject.title)}
        maps.append(
            format_html(
                ROUTE_MAP_COMPACT,
                pk=traject.pk,
                heading=mark_safe(heading),  # noqa: S308 - the translation with the title escaped, as blocktranslate
                steps=mark_safe("".join(steps)),  # noqa: S308 - every piece comes from format_html
            )
        )
    return maps


class MonitorView(MonitorMixin, View):
    """The monitor: every traject the coordinator follows, as a table of gemeente x step, 50 a page."""

    permission = can_see_monitor

    def get(self, request, *args, **kwargs):
        form, trajecten = self.filtered()
        status = 400 if trajecten is None else 200
        page = Paginator(trajecten if trajecten is not None else [], MONITOR_PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        query = request.GET.copy()
        query.pop("page", None)
        base = query.copy()
        base.pop("sort", None)
        sort = request.GET.get("sort") or "gemeente"
        rows = monitor_rows(page)
        context = {
            "form": form,
            "page_obj": page,
            "trajecten": [row["traject"] for row in rows],
            "rows": rows,
            "step_numbers": StepNumber.choices,
            "query": query.urlencode(),
            "base_query": base.urlencode(),
            "sort": sort,
            "sort_columns": {
                key: (
                    f"-{key}" if sort == key else key,
                    "ascending" if sort == key else "descending" if sort == f"-{key}" else "",
                )
                for key in ("gemeente", "stage", "overdue", "changed")
            },
        }
        return render(request, "roadmap/monitor.html", context, status=status)


class MonitorExportView(MonitorMixin, View):
    """The monitor table as it is filtered, in xlsx or csv."""

    permission = can_see_monitor

    def get(self, request, *args, **kwargs):
        file_format = _export_format(request)
        form, trajecten = self.filtered()
        if file_format is None or trajecten is None:
            return render(request, "400.html", status=400)
        export_file = export_file_build(
            user=request.user,
            export_key="roadmap.monitor",
            title=_("Roadmap monitor"),
            datasets=[monitor_dataset(trajecten=trajecten)],
            file_format=file_format,
            gemeente=form.cleaned_data.get("gemeente") if request.GET else None,
            scope=", ".join(sorted({t.gemeente.name for t in trajecten})),
        )
        return download_response(export_file)
