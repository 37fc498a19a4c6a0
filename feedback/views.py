"""Views of the feedback app: the register, terugkoppeling, and the coordinator dashboard."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import CreateView, DetailView, FormView, ListView, TemplateView, UpdateView

from participatie.audit import audit_record
from participatie.constants import ALL_ROLES, AuditAction, Role
from participatie.mixins import RoleRequiredMixin
from participatie.permissions import has_role_anywhere

from .charts import month_bar_chart
from .constants import CHANNEL_SAVED_MESSAGES, Outcome, SourceKind
from .forms import DashboardForm, InbrengFilterForm, InbrengForm, NamedPersonForm, TerugkoppelingForm
from .integration import list_extra_filters, source_links
from .models import Inbreng
from .permissions import (
    can_change_inbreng,
    can_register_inbreng_anywhere,
    can_view_dashboard,
    can_view_inbreng,
    can_view_register,
)
from .registry import signal_converter
from .selectors import (
    dashboard_figures,
    gemeente_list_for_dashboard,
    gemeente_list_for_registering,
    inbreng_list_filtered,
    inbreng_list_for_user,
    notification_list_for_inbreng,
    reminder_list_for_inbreng,
    terugkoppeling_list_for_inbreng,
)
from .services import (
    inbreng_register,
    inbreng_update,
    named_person_add,
    signal_convert_to_adviesaanvraag,
    terugkoppeling_give,
)


class InbrengObjectMixin(RoleRequiredMixin):
    """Gets the inbreng from the user's scoped register: another gemeente's inbreng is a 404; the view's
    permission is a predicate (user, inbreng)."""

    def get_permission_object(self):
        return self.get_inbreng()

    def get_inbreng(self) -> Inbreng:
        if not hasattr(self, "_inbreng"):
            try:
                # Any role in the inbreng's gemeente: another gemeente's inbreng is a 404, and the view's
                # permission then decides per role (a council member gets a 403).
                queryset = inbreng_list_for_user(user=self.request.user, roles=ALL_ROLES)
                self._inbreng = queryset.get(pk=self.kwargs["pk"])
            except Inbreng.DoesNotExist as exc:
                raise Http404 from exc
        return self._inbreng


class InbrengListView(RoleRequiredMixin, ListView):
    """The officer's list: my open inbreng by urgency, with filters."""

    permission = can_view_register
    template_name = "feedback/inbreng_list.html"
    context_object_name = "inbreng_list"
    paginate_by = 50

    def get_form(self):
        if not hasattr(self, "_form"):
            gemeenten = gemeente_list_for_dashboard(user=self.request.user)
            data = self.request.GET if self.request.GET else None
            self._form = InbrengFilterForm(
                data,
                gemeenten=gemeenten,
                extra_filters=list_extra_filters(user=self.request.user),
                default_mine=has_role_anywhere(self.request.user, Role.POLICY_OFFICER)
                and not self.request.user.is_staff,
            )
        return self._form

    def get_queryset(self):
        return inbreng_list_filtered(user=self.request.user, filters=self.get_form().filters())

    def paginate_queryset(self, queryset, page_size):
        """Sort and page only the ids (narrow rows: the sort over the whole register stays small), then read
        the page's 50 rows with everything they show."""
        paginator, page, ids, is_paginated = super().paginate_queryset(queryset.values_list("pk", flat=True), page_size)
        ids = list(ids)
        rows = queryset.order_by().in_bulk(ids)
        page.object_list = [rows[pk] for pk in ids]
        return paginator, page, page.object_list, is_paginated

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if self.get_form().is_bound and not self.get_form().is_valid():
            response.status_code = 400
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter_form"] = self.get_form()
        context["form"] = self.get_form()
        context["can_register"] = gemeente_list_for_registering(user=self.request.user).exists()
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query_string"] = query.urlencode()
        return context


class InbrengCreateView(RoleRequiredMixin, CreateView):
    """Register an inbreng by hand (a signaal, a meeting, a story, ...)."""

    permission = can_register_inbreng_anywhere
    form_class = InbrengForm
    template_name = "feedback/inbreng_form.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["gemeenten"] = gemeente_list_for_registering(user=self.request.user)
        return kwargs

    def form_valid(self, form):
        data = {k: v for k, v in form.cleaned_data.items() if k != "gemeente"}
        try:
            self.object = inbreng_register(gemeente=form.cleaned_data["gemeente"], created_by=self.request.user, **data)
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The input is in the register."))
        return HttpResponseRedirect(reverse("feedback:inbreng-detail", args=[self.object.pk]))

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response


class InbrengUpdateView(InbrengObjectMixin, UpdateView):
    """Change an inbreng's register entry."""

    permission = can_change_inbreng
    form_class = InbrengForm
    template_name = "feedback/inbreng_form.html"

    def get_object(self, queryset=None):
        return self.get_inbreng()

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["gemeenten"] = gemeente_list_for_registering(user=self.request.user)
        return kwargs

    def form_valid(self, form):
        try:
            inbreng_update(inbreng=self.object, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The changes are saved."))
        return HttpResponseRedirect(reverse("feedback:inbreng-detail", args=[self.object.pk]))

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response


class InbrengDetailView(InbrengObjectMixin, DetailView):
    """One inbreng: its answers, the e-mails to participants and the reminders that listed it."""

    permission = can_view_inbreng
    template_name = "feedback/inbreng_detail.html"
    context_object_name = "inbreng"

    def get_object(self, queryset=None):
        return self.get_inbreng()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        inbreng = self.object
        can_change = can_change_inbreng(self.request.user, inbreng)
        terugkoppelingen = list(terugkoppeling_list_for_inbreng(inbreng=inbreng))
        answered = any(t.outcome != Outcome.PENDING for t in terugkoppelingen)
        persons = list(inbreng.persons.all())
        notifications = list(notification_list_for_inbreng(inbreng=inbreng))
        if persons or any(n.email for n in notifications):
            audit_record(
                action=AuditAction.VIEWED, obj=inbreng, request=self.request, detail="contact details of participants"
            )
        context.update(
            {
                "can_change": can_change,
                "terugkoppelingen": terugkoppelingen,
                "persons": persons,
                "notifications": notifications,
                "reminders": list(reminder_list_for_inbreng(inbreng=inbreng).prefetch_related(None)),
                "answered": answered,
                "source_links": source_links(inbreng=inbreng),
                "converter": signal_converter()
                if can_change and inbreng.source_kind == SourceKind.SIGNAL and not inbreng.follow_up_object_id
                else None,
            }
        )
        return context


class TerugkoppelingCreateView(InbrengObjectMixin, FormView):
    """Give the terugkoppeling on an inbreng (or an interim answer)."""

    permission = can_change_inbreng
    form_class = TerugkoppelingForm
    template_name = "feedback/terugkoppeling_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "inbreng": self.get_inbreng()}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "inbreng": self.get_inbreng()}

    def form_valid(self, form):
        inbreng = self.get_inbreng()
        try:
            terugkoppeling_give(inbreng=inbreng, author=self.request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, CHANNEL_SAVED_MESSAGES[form.cleaned_data["channel"]])
        return redirect("feedback:inbreng-detail", pk=inbreng.pk)

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response


class NamedPersonCreateView(TerugkoppelingCreateView):
    """Add a person with consent to an inbreng."""

    permission = can_change_inbreng
    form_class = NamedPersonForm
    template_name = "feedback/namedperson_form.html"

    def form_valid(self, form):
        inbreng = self.get_inbreng()
        data = {k: form.cleaned_data[k] for k in ("name", "email", "consent_on")}
        try:
            named_person_add(inbreng=inbreng, **data)
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The person is added."))
        return redirect("feedback:inbreng-detail", pk=inbreng.pk)


class SignalConvertView(InbrengObjectMixin, FormView):
    """Turn a signaal into an adviesaanvraag, with the form the converter (panels) asks for."""

    permission = can_change_inbreng
    template_name = "feedback/signal_convert_form.html"

    @cached_property
    def converter(self):
        """The registered converter; a 404 when there is none or the inbreng is no unconverted signaal."""
        converter, inbreng = signal_converter(), self.get_inbreng()
        if converter is None or inbreng.source_kind != SourceKind.SIGNAL or inbreng.follow_up_object_id:
            raise Http404
        return converter

    def get_form_class(self):
        return self.converter.form_class

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "inbreng": self.get_inbreng(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "inbreng": self.get_inbreng(), "converter": self.converter}

    def form_valid(self, form):
        inbreng = self.get_inbreng()
        try:
            signal_convert_to_adviesaanvraag(inbreng=inbreng, user=self.request.user, data=form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The signal is now a request for advice."))
        return redirect("feedback:inbreng-detail", pk=inbreng.pk)

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response


class DashboardView(RoleRequiredMixin, TemplateView):
    """The coordinator dashboard of one gemeente: figures of the last 12 months, a chart and tables."""

    permission = can_view_register
    template_name = "feedback/dashboard.html"

    def get(self, request, *args, **kwargs):
        gemeenten = gemeente_list_for_dashboard(user=request.user)
        form = DashboardForm(request.GET or None, gemeenten=gemeenten)
        if form.is_bound and form.is_valid():
            gemeente = form.cleaned_data["gemeente"]
        elif form.is_bound:
            context = self.get_context_data(form=form, figures=None)
            return self.render_to_response(context, status=400)
        else:
            gemeente = gemeenten.first()
            form = DashboardForm(initial={"gemeente": gemeente}, gemeenten=gemeenten)
        if gemeente is None or not can_view_dashboard(request.user, gemeente):
            raise Http404
        figures = dashboard_figures(gemeente=gemeente, today=timezone.localdate())
        context = self.get_context_data(
            form=form, gemeente=gemeente, figures=figures, chart=month_bar_chart(figures["months"])
        )
        return self.render_to_response(context)
