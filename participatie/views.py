import datetime
import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import ListView, RedirectView, TemplateView, View

from .accounts.middleware import TIMED_OUT_KEY
from .forms import AuditFilterForm, LoginForm, PersonalDataRequestForm
from .look import look_tokens, look_version
from .mixins import PUBLIC, RoleRequiredMixin, is_logged_in
from .permissions import can_handle_personal_data, can_search_audit
from .personal_data import PersonQuery, person_data_erase, person_data_export, person_find
from .ratelimit import password_reset_allowed
from .registry import dashboard_panels_for_user, public_sections_for_gemeente
from .retention import retention_terms
from .selectors import (
    audit_event_list_for_user,
    audit_gemeente_list_for_user,
    gemeente_list_for_user,
    gemeente_list_public,
    membership_list_for_user,
)


class HomeView(RoleRequiredMixin, TemplateView):
    """The start page: the dashboard for a logged-in user, the list of gemeenten for anyone else."""

    permission = PUBLIC
    shows_account = True  # the dashboard: only after the second login step (participatie/accounts/middleware.py)

    def get_template_names(self):
        if self.request.user.is_authenticated:
            return ["participatie/dashboard.html"]
        return ["participatie/landing.html"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        if user.is_authenticated:
            context["memberships"] = membership_list_for_user(user=user)
            context["gemeenten"] = gemeente_list_for_user(user=user)
            context["panels"] = dashboard_panels_for_user(user)
        else:
            context["gemeenten"] = gemeente_list_public()
        return context


class LoginView(RoleRequiredMixin, auth_views.LoginView):
    """The login page (django-axes refuses a locked-out username and address)."""

    permission = PUBLIC
    authentication_form = LoginForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Set by the session time-out (participatie/accounts/middleware.py); said once, then forgotten.
        context["timed_out"] = self.request.session.pop(TIMED_OUT_KEY, "")
        return context


class LogoutView(RoleRequiredMixin, auth_views.LogoutView):
    """Logging out is a POST (so no link or image can log someone out); a bookmarked GET asks to confirm."""

    permission = PUBLIC

    http_method_names = ["get", "post", "options"]

    def get(self, request, *args, **kwargs):
        return render(request, "registration/logout_confirm.html")


class GemeentePublicView(RoleRequiredMixin, TemplateView):
    """A gemeente's public page: open surveys and published terugkoppeling, no login needed."""

    permission = PUBLIC

    template_name = "participatie/gemeente_public.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        gemeente = get_object_or_404(gemeente_list_public(), slug=kwargs["slug"])
        context["gemeente"] = gemeente
        context["sections"] = public_sections_for_gemeente(gemeente)
        return context


class GemeenteLookView(RoleRequiredMixin, View):
    """A gemeente's look (huisstijl) as CSS custom properties: one small stylesheet, no inline style.

    Its URL carries the look's version, so browsers may keep it for a day and still see a new colour at once.
    """

    permission = PUBLIC
    no_store = False  # the same for everyone, no personal data (participatie/middleware.py)

    def get(self, request, slug):
        gemeente = get_object_or_404(gemeente_list_public(), slug=slug)
        css = render_to_string("participatie/gemeente_look.css", {"tokens": look_tokens(gemeente)})
        response = HttpResponse(css, content_type="text/css; charset=utf-8")
        response["ETag"] = f'"{look_version(gemeente)}"'
        patch_cache_control(response, public=True, max_age=86400)
        return response


class FaviconView(RoleRequiredMixin, RedirectView):
    """Browsers ask for /favicon.ico whatever a page links to: send them to the static icon."""

    permission = PUBLIC
    permanent = True

    def get_redirect_url(self, *args, **kwargs):
        return static("img/favicon.ico")


class PasswordChangeView(RoleRequiredMixin, auth_views.PasswordChangeView):
    """Change your own password."""

    permission = is_logged_in


class PasswordChangeDoneView(RoleRequiredMixin, auth_views.PasswordChangeDoneView):
    """Your password has been changed."""

    permission = is_logged_in


class PasswordResetView(RoleRequiredMixin, auth_views.PasswordResetView):
    """Ask for a link to set a new password (anyone; the page never tells whether the address is known).

    Throttled per e-mail address and per client address: past the limit a calm message (429) and no e-mail,
    the same for a known and an unknown address.
    """

    permission = PUBLIC

    def form_valid(self, form):
        if not password_reset_allowed(request=self.request, email=form.cleaned_data["email"]):
            messages.info(
                self.request,
                _(
                    "You have asked for a new password several times already. If we know your address, the link "
                    "is in your mailbox (look among unwanted e-mail too). Or try again in an hour."
                ),
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)


class PasswordResetDoneView(RoleRequiredMixin, auth_views.PasswordResetDoneView):
    """The link is on its way (if the address is known)."""

    permission = PUBLIC


class PasswordResetConfirmView(RoleRequiredMixin, auth_views.PasswordResetConfirmView):
    """Set a new password through the link from the e-mail (the token in the link is the check)."""

    permission = PUBLIC


class PasswordResetCompleteView(RoleRequiredMixin, auth_views.PasswordResetCompleteView):
    """The new password is set."""

    permission = PUBLIC


def error_400(request, exception=None):
    return render(request, "400.html", status=400)


def error_403(request, exception=None):
    return render(request, "403.html", status=403)


def error_404(request, exception=None):
    return render(request, "404.html", status=404)


def error_500(request):
    # Rendered without context processors' database work: the database may be the failure.
    return render(request, "500.html", status=500)


def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)


class StatementView(TemplateView):
    """A public statement of the installation (toegankelijkheidsverklaring, privacyverklaring) with the
    contact details of each gemeente."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["gemeenten"] = gemeente_list_public()
        return context


class AccessibilityStatementView(RoleRequiredMixin, StatementView):
    """The accessibility statement (toegankelijkheidsverklaring)."""

    permission = PUBLIC
    template_name = "participatie/accessibility.html"


class PrivacyStatementView(RoleRequiredMixin, StatementView):
    """The privacy statement (privacyverklaring)."""

    permission = PUBLIC
    template_name = "participatie/privacy.html"


# security.txt must be renewed before it expires (RFC 9116 advises less than a year); a running portal is
# maintained, so it states half a year from today.
SECURITY_TXT_VALID_DAYS = 180


class SecurityTxtView(RoleRequiredMixin, View):
    """/.well-known/security.txt (RFC 9116): how to report a vulnerability (see SECURITY.md)."""

    permission = PUBLIC

    def get(self, request):
        expires = timezone.now().replace(hour=0, minute=0, second=0, microsecond=0) + datetime.timedelta(
            days=SECURITY_TXT_VALID_DAYS
        )
        lines = [f"Contact: {contact}" for contact in settings.SECURITY_CONTACT]
        lines += [
            f"Expires: {expires.astimezone(datetime.UTC).strftime('%Y-%m-%dT%H:%M:%SZ')}",
            "Preferred-Languages: nl, en",
            f"Canonical: {settings.SITE_URL}/.well-known/security.txt",
        ]
        return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


class AuditEventListView(RoleRequiredMixin, ListView):
    """Search the audit trail (auditlog) of the gemeenten you coordinate; read-only, 50 lines a page."""

    permission = can_search_audit
    template_name = "participatie/audit_list.html"
    context_object_name = "events"
    paginate_by = 50

    @cached_property
    def gemeenten(self):
        return list(audit_gemeente_list_for_user(user=self.request.user).order_by("name"))

    @cached_property
    def form(self):
        return AuditFilterForm(self.request.GET or None, gemeenten=self.gemeenten)

    def get_queryset(self):
        form = self.form
        if not form.is_bound:
            return audit_event_list_for_user(user=self.request.user, filters={})
        if not form.is_valid():
            if "gemeente" in form.errors and self.request.GET.get("gemeente"):
                raise Http404  # another gemeente's audit trail: as if it does not exist
            return audit_event_list_for_user(user=self.request.user, filters={}).none()
        filters = dict(form.cleaned_data)
        slug = filters.pop("gemeente")
        filters["gemeente"] = next((g for g in self.gemeenten if g.slug == slug), None) if slug else None
        return audit_event_list_for_user(user=self.request.user, filters=filters)

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if self.form.is_bound and not self.form.is_valid():
            response.status_code = 400
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(form=self.form, filter_form=self.form, query_string=query.urlencode())
        return context


class PersonalDataRequestView(RoleRequiredMixin, View):
    """A coordinator hands out (JSON) or erases one person's data in every app (AVG inzage en verwijdering).

    Everything goes by POST, so no e-mail address ends up in an access log. Erasure asks first, showing per app
    what will be removed; only the chosen gemeente is searched and touched.
    """

    permission = can_handle_personal_data
    template_name = "participatie/personal_data_request.html"

    def gemeenten(self):
        return list(audit_gemeente_list_for_user(user=self.request.user).order_by("name"))

    def get(self, request):
        return render(request, self.template_name, {"form": PersonalDataRequestForm(gemeenten=self.gemeenten())})

    def post(self, request):
        gemeenten = self.gemeenten()
        form = PersonalDataRequestForm(request.POST, gemeenten=gemeenten)
        if not form.is_valid():
            if "gemeente" in form.errors and request.POST.get("gemeente"):
                raise Http404  # another gemeente: as if it does not exist
            return render(request, self.template_name, {"form": form}, status=400)
        gemeente = next(g for g in gemeenten if g.slug == form.cleaned_data["gemeente"])
        query = PersonQuery(gemeente=gemeente, email=form.cleaned_data["email"], name=form.cleaned_data["name"])
        step = request.POST.get("step", "search")
        if step == "export":
            data = person_data_export(query=query, user=request.user)
            response = HttpResponse(
                json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
            )
            stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
            response["Content-Disposition"] = f'attachment; filename="persoonsgegevens-{gemeente.slug}-{stamp}.json"'
            return response
        if step == "erase" and request.POST.get("confirmed") == "yes":
            counts = person_data_erase(query=query, user=request.user)
            messages.success(
                request,
                _("The personal data has been erased: %(count)s items.") % {"count": sum(counts.values())},
            )
            return redirect("personal-data-request")
        context = {"form": form, "found": person_find(query=query), "confirm": step in ("confirm", "erase")}
        return render(request, self.template_name, context)


class RetentionTermsView(RoleRequiredMixin, TemplateView):
    """How long the portal keeps each kind of personal data (bewaartermijnen), read from the same registry and
    settings as the nightly task, so the page and the task cannot drift."""

    permission = PUBLIC
    template_name = "participatie/retention_terms.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "terms": retention_terms()}
