"""The base for every django-import-export resource of the portal."""

import contextlib

from django.core.exceptions import FieldDoesNotExist
from django.utils.text import capfirst

from import_export import resources, widgets

from .formats import to_cell


class ExportResource(resources.ModelResource):
    """A ModelResource whose exports keep numbers and dates typed and neutralise formulas.

    Column headers are the fields' translated verbose names (what a coordinator reads),
    unless ``verbose_headers`` is False (resources used for import keep their codes).
    """

    verbose_headers = True

    def export_field(self, field, instance, **kwargs):
        kwargs["force_native_type"] = True
        plain = type(field.widget) is widgets.Widget and not field.dehydrate_method
        if plain and not hasattr(self, f"dehydrate_{self.get_field_name(field)}"):
            # A declared Field without a widget would write every value as text ('11', '2026-03-01'):
            # take the value itself, so counts stay numbers and dates stay dates.
            return to_cell(field.get_value(instance))
        return to_cell(super().export_field(field, instance, **kwargs))

    def get_export_headers(self, selected_fields=None):
        if not self.verbose_headers:
            return super().get_export_headers(selected_fields=selected_fields)
        headers = []
        model = self._meta.model
        for field in self.get_export_fields(selected_fields):
            name = field.column_name
            if name == field.attribute and model is not None and "__" not in (field.attribute or ""):
                with contextlib.suppress(FieldDoesNotExist):
                    name = capfirst(model._meta.get_field(field.attribute).verbose_name)
            headers.append(str(name))
        return headers
