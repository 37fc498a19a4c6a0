from django.contrib.auth import views as auth_views
from django.shortcuts import get_object_or_404, render
from django.views.generic import TemplateView

from .registry import dashboard_panels_for_user, public_sections_for_gemeente
from .selectors import gemeente_list_for_user, gemeente_list_public, membership_list_for_user


class HomeView(TemplateView):
    """The start page: the dashboard for a logged-in user, the list of gemeenten for anyone else."""

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


class LogoutView(auth_views.LogoutView):
    """Logging out is a POST (so no link or image can log someone out); a bookmarked GET asks to confirm."""

    http_method_names = ["get", "post", "options"]

    def get(self, request, *args, **kwargs):
        return render(request, "registration/logout_confirm.html")


class GemeentePublicView(TemplateView):
    """A gemeente's public page: open surveys and published terugkoppeling, no login needed."""

    template_name = "participatie/gemeente_public.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        gemeente = get_object_or_404(gemeente_list_public(), slug=kwargs["slug"])
        context["gemeente"] = gemeente
        context["sections"] = public_sections_for_gemeente(gemeente)
        return context


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
