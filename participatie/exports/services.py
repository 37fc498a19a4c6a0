"""Writing exports and recording who took them."""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.text import slugify

import tablib

from ..audit import audit_record
from ..constants import AuditAction
from ..models import ExportRecord
from ..selectors import gemeente_list_for_user
from .formats import CONTENT_TYPES, write_export
from .registry import ExportDefinition


@dataclass(frozen=True)
class ExportFile:
    """A written export, ready to be sent as a download."""

    content: bytes
    filename: str
    content_type: str
    row_count: int


def export_record_create(*, user, export_key, title, gemeente, scope, file_format, row_count) -> ExportRecord:
    """Record an export (exportregistratie): who, what, which gemeente, when, how many rows.

    Every export passes here, so here it also gets its line in the audit trail (the key and the row count,
    never the contents).
    """
    audit_record(
        action=AuditAction.EXPORTED,
        actor=user,
        object_type="export",
        object_id=export_key,
        gemeente=gemeente,
        detail=f"{file_format}, {row_count} rows: {scope}",
    )
    return ExportRecord.objects.create(
        user=user if user is not None and user.is_authenticated else None,
        export_key=export_key,
        title=str(title)[:200],
        gemeente=gemeente,
        scope=scope[:300],
        file_format=file_format,
        row_count=row_count,
    )


def export_file_build(
    *, user, export_key, title, datasets: list[tablib.Dataset], file_format, gemeente=None, scope=""
) -> ExportFile:
    """Write ``datasets`` as one file and record the export."""
    content, extension = write_export(datasets, file_format)
    row_count = sum(len(dataset) for dataset in datasets)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    name_part = slugify(f"{title} {gemeente.name if gemeente else ''}") or "export"
    export_record_create(
        user=user,
        export_key=export_key,
        title=title,
        gemeente=gemeente,
        scope=scope or (gemeente.name if gemeente else ""),
        file_format=file_format,
        row_count=row_count,
    )
    return ExportFile(
        content=content,
        filename=f"{name_part}-{stamp}.{extension}",
        content_type=CONTENT_TYPES[extension],
        row_count=row_count,
    )


def export_run(*, user, definition: ExportDefinition, file_format: str, gemeente=None) -> ExportFile:
    """Take a registered export for one gemeente, or for all the user's gemeenten when none is given."""
    gemeenten = gemeente_list_for_user(user=user, roles=definition.roles)
    if gemeente is not None:
        gemeenten = gemeenten.filter(pk=gemeente.pk)
        scope = gemeente.name
    else:
        names = list(gemeenten.order_by("name").values_list("name", flat=True))
        scope = ", ".join(names)
    queryset = definition.get_queryset(user=user, gemeenten=gemeenten)
    dataset = definition.resource_class().export(queryset=queryset)
    dataset.title = str(definition.title)
    return export_file_build(
        user=user,
        export_key=definition.key,
        title=definition.title,
        datasets=[dataset],
        file_format=file_format,
        gemeente=gemeente,
        scope=scope,
    )
