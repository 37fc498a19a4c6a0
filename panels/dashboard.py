"""The panels block on the home dashboard: the user's open work with councils and panels."""

from participatie.constants import STAFF_ROLES, Role
from participatie.permissions import has_role_anywhere

from . import selectors

PANEL_LIMIT = 8


def dashboard_context(user) -> dict | None:
    """Council members: open aanvragen, coming meetings, their adviezen. Officers: work awaiting advice or answer."""
    is_staff = has_role_anywhere(user, *STAFF_ROLES)
    is_council = has_role_anywhere(user, Role.COUNCIL_MEMBER)
    if not (is_staff or is_council):
        return None
    context = {"is_staff": is_staff, "is_council": False}
    if is_council and selectors.orgaan_list_sat_on(user=user).exists():
        organen = selectors.orgaan_list_sat_on(user=user)
        context.update(
            is_council=True,
            open_aanvragen=list(selectors.aanvraag_list_open_for_member(user=user)[:PANEL_LIMIT]),
            meetings=list(selectors.meeting_list_upcoming(user=user).filter(orgaan__in=organen)[:PANEL_LIMIT]),
            my_adviezen=list(
                selectors.advies_list_for_user(user=user)
                .filter(orgaan__in=organen)
                .exclude(status__in=["aangevraagd", "in-voorbereiding"])
                .order_by("-sent_on", "-pk")[:PANEL_LIMIT]
            ),
        )
    if is_staff:
        awaiting_advice = selectors.advies_list_awaiting_advice(user=user)
        awaiting_answer = selectors.advies_list_awaiting_answer(user=user)
        context.update(
            awaiting_advice=list(awaiting_advice[:PANEL_LIMIT]),
            awaiting_advice_count=awaiting_advice.count(),
            awaiting_answer=list(awaiting_answer[:PANEL_LIMIT]),
            awaiting_answer_count=awaiting_answer.count(),
        )
    return context
