"""The panels block on a gemeente's public page: its councils and their public meetings."""

from . import selectors


def public_section_context(gemeente) -> dict | None:
    """Organen and coming public meetings; None (hidden) when the gemeente has no orgaan."""
    organen = list(selectors.orgaan_list_public(gemeente=gemeente))
    if not organen:
        return None
    return {"organen": organen, "meetings": list(selectors.meeting_list_public(gemeente=gemeente))}
