from django.apps import apps
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.generic import TemplateView, View

from ..forms import ExportForm
from ..mixins import RoleRequiredMixin
from ..permissions import can_export
from ..selectors import gemeente_list_for_user
from .registry import export_get, export_list_for_user
from .services import export_run


def download_response(export_file) -> HttpResponse:
    """An attachment response for an :class:`ExportFile`."""
    response = HttpResponse(export_file.content, content_type=export_file.content_type)
    response["Content-Disposition"] = f'attachment; filename="{export_file.filename}"'
    return response


class ExportListView(RoleRequiredMixin, TemplateView):
    """Every export the user may take, per part of the portal."""

    permission = can_export
    template_name = "exports/export_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        groups: dict[str, list] = {}
        for definition in export_list_for_user(user):
            gemeenten = gemeente_list_for_user(user=user, roles=definition.roles).order_by("name")
            form = ExportForm(gemeenten=gemeenten, auto_id=f"id_{definition.key.replace('.', '_')}_%s")
            group = str(apps.get_app_config(definition.app_label).verbose_name)
            groups.setdefault(group, []).append((definition, form))
        context["groups"] = groups
        return context


class ExportDownloadView(RoleRequiredMixin, View):
    """Write one registered export and send it; bad parameters get a 400 page in Dutch."""

    permission = can_export

    def get(self, request, key):
        definition = export_get(key)
        if definition is None or definition not in export_list_for_user(request.user):
            raise Http404
        if definition.page_url_name:
            return redirect(definition.page_url_name)
        gemeenten = gemeente_list_for_user(user=request.user, roles=definition.roles).order_by("name")
        form = ExportForm(request.GET, gemeenten=gemeenten)
        if not form.is_valid():
            if "gemeente" in form.errors and request.GET.get("gemeente"):
                raise Http404  # another gemeente's export: as if it does not exist
            return render(request, "exports/export_invalid.html", {"form": form, "definition": definition}, status=400)
        slug = form.cleaned_data["gemeente"]
        gemeente = gemeenten.get(slug=slug) if slug else None
        export_file = export_run(
            user=request.user, definition=definition, file_format=form.cleaned_data["format"], gemeente=gemeente
        )
        return download_response(export_file)
