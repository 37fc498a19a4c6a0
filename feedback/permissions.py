"""Who may do what with inbreng and terugkoppeling."""

from participatie.constants import STAFF_ROLES, Role
from participatie.permissions import has_role, has_role_anywhere


def can_view_register(user) -> bool:
    """Officers and coordinators see the register of their gemeenten."""
    return has_role_anywhere(user, *STAFF_ROLES)


def can_view_inbreng(user, inbreng) -> bool:
    """Officers and coordinators of the inbreng's gemeente read it, with its e-mails and reminders."""
    return has_role(user, inbreng.gemeente_id, *STAFF_ROLES)


def can_register_inbreng(user, gemeente) -> bool:
    """Policy officers register inbreng in their gemeente."""
    return has_role(user, gemeente, Role.POLICY_OFFICER)


def can_register_inbreng_anywhere(user) -> bool:
    """Policy officers open the form to register inbreng (in one of their gemeenten)."""
    return has_role_anywhere(user, Role.POLICY_OFFICER)


def can_change_inbreng(user, inbreng) -> bool:
    """Policy officers of the gemeente change an inbreng and give its terugkoppeling."""
    return has_role(user, inbreng.gemeente_id, Role.POLICY_OFFICER)


def can_view_dashboard(user, gemeente) -> bool:
    """Coordinators (and policy officers) see the gemeente's feedback dashboard."""
    return has_role(user, gemeente, *STAFF_ROLES)
