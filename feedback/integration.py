"""Where the feedback register meets the other apps (panels, surveys).

The register stands alone; this module is the one place that knows the other apps' models,
imported lazily so feedback works whether they are installed or not.
"""

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ExtraFilter:
    """A filter of the officer's list on a linked source (an orgaan, a survey)."""

    name: str
    label: Any
    queryset: Any
    lookup: Any  # value -> dict of queryset filters on Inbreng


def list_extra_filters(*, user) -> list[ExtraFilter]:
    """Filters of the officer's list that depend on the other apps (none until they are wired in)."""
    return []


def connect() -> None:
    """Register recipients and signal conversion for the other apps' models (called from ready())."""
