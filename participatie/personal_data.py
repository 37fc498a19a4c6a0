"""The right of access and erasure (AVG art. 15 and 17) for named persons, across every app.

Each app says in its own ``personal_data.py`` how to find one person's rows in a set of gemeenten (by e-mail
address, and by name where that is how they are stored), how to hand them out and how to erase them, and
registers that with :func:`register`. The modules are found by name the first time they are needed, so the core
never imports an app. The staff page (``PersonalDataRequestView``) and the services below only ask the registry.

Erasure touches only rows of the gemeente chosen: the finders filter on it. Every access and every erasure is a
line in the audit trail, with the counts per kind of data, never the address or the name asked for.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.module_loading import autodiscover_modules

from .audit import audit_record
from .constants import AuditAction


@dataclass(frozen=True)
class PersonQuery:
    """Who is asked for: an e-mail address (always) and a name (for data stored by name only)."""

    gemeente: Any
    email: str
    name: str = ""


@dataclass(frozen=True)
class PersonalDataSource:
    """One kind of personal data in one app (e.g. the members of councils).

    ``find(query)`` returns the rows of that person in ``query.gemeente`` (a list or queryset);
    ``export(row)`` a dict of plain values for the access export; ``describe(row)`` one line for the confirm
    page; ``erase(rows)`` removes or anonymises them and returns how many.
    """

    key: str
    label: Any  # a lazy translation
    find: Callable[[PersonQuery], Any]
    export: Callable[[Any], dict]
    describe: Callable[[Any], str]
    erase: Callable[[list], int]
    order: int = 100


_sources: dict[str, PersonalDataSource] = {}
_discovered = False


def register(source: PersonalDataSource) -> None:
    """Add (or replace) a kind of personal data; called from an app's ``personal_data.py``."""
    _sources[source.key] = source


def sources() -> list[PersonalDataSource]:
    """Every registered kind of personal data, in a fixed order."""
    global _discovered
    if not _discovered:
        autodiscover_modules("personal_data")
        _discovered = True
    return sorted(_sources.values(), key=lambda source: (source.order, source.key))


@dataclass
class Found:
    """The rows of one kind of personal data that belong to the person asked for."""

    source: PersonalDataSource
    rows: list

    @property
    def lines(self) -> list[str]:
        return [self.source.describe(row) for row in self.rows]


def person_find(*, query: PersonQuery) -> list[Found]:
    """What every app holds about this person in the gemeente (kinds with nothing found are left out)."""
    found = []
    for source in sources():
        rows = list(source.find(query))
        if rows:
            found.append(Found(source=source, rows=rows))
    return found


def _counts(found: list[Found]) -> str:
    return ", ".join(f"{item.source.key}: {len(item.rows)}" for item in found) or "nothing found"


def person_data_export(*, query: PersonQuery, user) -> dict:
    """Everything about the person as plain data (inzageverzoek), recorded in the audit trail."""
    found = person_find(query=query)
    audit_record(
        action=AuditAction.ACCESS_REQUEST,
        actor=user,
        object_type="person",
        gemeente=query.gemeente,
        detail=_counts(found),
    )
    return {
        "gemeente": query.gemeente.name,
        "data": {
            item.source.key: {"label": str(item.source.label), "rows": [item.source.export(row) for row in item.rows]}
            for item in found
        },
    }


@transaction.atomic
def person_data_erase(*, query: PersonQuery, user) -> dict[str, int]:
    """Remove or anonymise everything about the person in the gemeente (verwijderverzoek); returns counts."""
    found = person_find(query=query)
    counts = {item.source.key: item.source.erase(item.rows) for item in found}
    audit_record(
        action=AuditAction.ERASURE,
        actor=user,
        object_type="person",
        gemeente=query.gemeente,
        detail=_counts(found),
    )
    return counts


def rows_delete(rows: list) -> int:
    """Delete these rows (with whatever cascades from them); returns how many of them there were."""
    if not rows:
        return 0
    model = type(rows[0])
    model._default_manager.filter(pk__in=[row.pk for row in rows]).delete()
    return len(rows)
