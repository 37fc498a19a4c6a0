"""The list of spreadsheet exports the apps offer on the export page.

An app registers its exports in ``AppConfig.ready()``::

    register_export(ExportDefinition(
        key="roadmap.trajecten", app_label="roadmap", title=_("Trajecten"),
        description=_("..."), resource_class=TrajectResource,
        get_queryset=lambda *, user, gemeenten: traject_list_for_export(user=user, gemeenten=gemeenten),
    ))

``get_queryset`` receives the gemeenten the user chose, already limited to those the
user may export; it must filter on them.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..constants import STAFF_ROLES
from ..permissions import has_role_anywhere


@dataclass(frozen=True)
class ExportDefinition:
    """One export on the export page."""

    key: str
    app_label: str
    title: Any
    description: Any
    resource_class: type
    get_queryset: Callable[..., Any]
    roles: tuple = STAFF_ROLES
    order: int = 100
    # An export chosen per object (e.g. one survey's answer file) links to its own page instead of the form;
    # that page writes through the same formats and records every export.
    page_url_name: str = ""


_exports: dict[str, ExportDefinition] = {}


def register_export(definition: ExportDefinition) -> None:
    _exports[definition.key] = definition


def export_get(key: str) -> ExportDefinition | None:
    return _exports.get(key)


def export_list_all() -> list[ExportDefinition]:
    """Every registered export (for checks that must cover them all)."""
    return sorted(_exports.values(), key=lambda d: (d.app_label, d.order, d.key))


def export_list_for_user(user) -> list[ExportDefinition]:
    """The exports a user may take, in display order."""
    allowed = [d for d in _exports.values() if has_role_anywhere(user, *d.roles)]
    return sorted(allowed, key=lambda d: (d.app_label, d.order, d.key))
