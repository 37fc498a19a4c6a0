"""Retention terms (bewaartermijnen) of every kind of personal data, in one registry.

Each app registers its terms in its ``retention_terms.py`` (found by name on first use). A term either has a
``purge`` the nightly task ``participatie.tasks.retention_purge`` runs, or names the task of its own app that
enforces it (surveys and activities have a term per survey or activity). The staff page
``RetentionTermsView`` lists the same registry, with the same settings, so the page and the task cannot drift.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from .audit import audit_purge_run


@dataclass(frozen=True)
class RetentionTerm:
    """How long one kind of personal data is kept, and what happens after.

    ``term`` is a callable returning the text of the term, so it reads the setting when shown.
    ``purge(today)`` removes what is past the term and returns the counts per gemeente id; None when another
    task enforces the term (named in ``enforced_by``).
    """

    key: str
    data: Any  # a lazy translation: which personal data
    term: Callable[[], str]
    after: Any  # a lazy translation: what happens once the term has passed
    purge: Callable[[datetime.date], dict] | None = None
    enforced_by: str = "participatie.tasks.retention_purge"
    order: int = 100


_terms: dict[str, RetentionTerm] = {}
_discovered = False


def register(term: RetentionTerm) -> None:
    _terms[term.key] = term


def retention_terms() -> list[RetentionTerm]:
    """Every registered term, in a fixed order."""
    global _discovered
    if not _discovered:
        autodiscover_modules("retention_terms")
        _discovered = True
    return sorted(_terms.values(), key=lambda term: (term.order, term.key))


def retention_purge_due(*, today: datetime.date | None = None) -> dict[str, int]:
    """Run every registered purge (the nightly task); one audit line per term and gemeente, never per row."""
    today = today or timezone.localdate()
    totals = {}
    for term in retention_terms():
        if term.purge is None:
            continue
        counts = term.purge(today)
        audit_purge_run(object_type=term.key, counts=counts)
        totals[term.key] = sum(counts.values())
    return totals


def days_text(days: int, after: str) -> str:
    """'365 days after <after>' in the active language."""
    from django.utils.translation import ngettext

    return ngettext("%(days)s day after %(after)s", "%(days)s days after %(after)s", days) % {
        "days": days,
        "after": after,
    }
