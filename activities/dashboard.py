"""The activities block on the home dashboard: recent activities and the way to the reach overview."""

from participatie.permissions import has_role_anywhere

from . import selectors
from .permissions import VIEW_ROLES

PANEL_LIMIT = 5


def dashboard_context(user) -> dict | None:
    """Officers and coordinators: the latest activities of their gemeenten."""
    if not has_role_anywhere(user, *VIEW_ROLES):
        return None
    return {"recent": list(selectors.activity_list_for_user(user=user).order_by("-starts_on", "-pk")[:PANEL_LIMIT])}
