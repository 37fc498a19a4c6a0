"""Shared admin behaviour: import-export in the admin, with every export recorded."""

from django.core.exceptions import ValidationError

from import_export.admin import ImportExportModelAdmin

from .exports.formats import SafeCSV, SafeXLSX
from .exports.services import export_record_create


class RecordedImportExportAdmin(ImportExportModelAdmin):
    """ImportExportModelAdmin whose exports are recorded like those on the export page,
    offering only the portal's safe XLSX and CSV formats."""

    formats = [SafeXLSX, SafeCSV]

    def get_export_data(self, file_format, request, queryset, **kwargs):
        data = super().get_export_data(file_format, request, queryset, **kwargs)
        export_record_create(
            user=request.user,
            export_key=f"admin.{self.model._meta.label_lower}",
            title=str(self.model._meta.verbose_name_plural),
            gemeente=None,
            scope="beheer (alle gemeenten)",
            file_format=file_format.get_extension(),
            row_count=queryset.count(),
        )
        return data

    def add_data_read_fail_error_to_form(self, form, e):
        """A file over the import limits (participatie.imports) shows its own Dutch message."""
        if isinstance(e, ValidationError):
            form.add_error("import_file", e)
        else:
            super().add_data_read_fail_error_to_form(form, e)
