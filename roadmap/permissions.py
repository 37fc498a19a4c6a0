"""Who may do what with a vernieuwingstraject, per role and gemeente."""

from participatie.constants import STAFF_ROLES, Role
from participatie.permissions import can_edit_in_gemeente, can_follow_gemeente, has_role_anywhere


def can_view_trajecten(user) -> bool:
    """Policy officers and coordinators (and staff) open the roadmap pages."""
    return has_role_anywhere(user, *STAFF_ROLES)


def can_start_traject(user) -> bool:
    """Only policy officers start a traject (in a gemeente where they are one)."""
    return has_role_anywhere(user, Role.POLICY_OFFICER)


def can_view_traject(user, traject) -> bool:
    """Officers and coordinators of the traject's gemeente follow it."""
    return can_follow_gemeente(user, traject.gemeente_id)


def can_edit_traject(user, traject) -> bool:
    """Only policy officers of the traject's gemeente change it; council members and residents never."""
    return can_edit_in_gemeente(user, traject.gemeente_id)


def can_see_monitor(user) -> bool:
    """Coordinators (also of a regio) and staff follow trajecten across gemeenten in the monitor."""
    return has_role_anywhere(user, Role.COORDINATOR)
