"""The roadmap's block on the home dashboard: the user's open and overdue actions, and their trajecten."""

from django.utils import timezone

from .permissions import can_see_monitor, can_view_trajecten
from .selectors import action_list_open_for_user, traject_list_with_progress

DASHBOARD_LIMIT = 8


def dashboard_context(user) -> dict | None:
    """Context for roadmap/dashboard_panel.html; None hides the panel (no roadmap role)."""
    if not can_view_trajecten(user):
        return None
    today = timezone.localdate()
    actions = list(action_list_open_for_user(user=user)[: DASHBOARD_LIMIT + 1])
    # The panel shows each traject's stored progress, not its steps: no second query for them.
    trajecten = traject_list_with_progress(user=user, today=today, with_steps=False).order_by("-updated_at")
    trajecten = list(trajecten[: DASHBOARD_LIMIT + 1])
    return {
        "actions": actions[:DASHBOARD_LIMIT],
        "more_actions": len(actions) > DASHBOARD_LIMIT,
        "overdue_count": action_list_open_for_user(user=user).filter(due_date__lt=today).count(),
        "trajecten": trajecten[:DASHBOARD_LIMIT],
        "more_trajecten": len(trajecten) > DASHBOARD_LIMIT,
        "can_see_monitor": can_see_monitor(user),
        "today": today,
    }
