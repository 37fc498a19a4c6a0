"""Who may do what, per role and gemeente. Views and selectors ask here; nobody checks roles by hand."""

from .constants import STAFF_ROLES, Role
from .selectors import regio_list_coordinated, user_roles_by_gemeente, user_sees_everything


def _gemeente_id(gemeente) -> int:
    return gemeente if isinstance(gemeente, int) else gemeente.pk


def has_role(user, gemeente, *roles) -> bool:
    """True when the user holds one of ``roles`` in ``gemeente`` (staff hold every role everywhere)."""
    if user_sees_everything(user):
        return True
    held = user_roles_by_gemeente(user=user).get(_gemeente_id(gemeente), frozenset())
    return bool(held.intersection(roles)) if roles else bool(held)


def has_role_anywhere(user, *roles) -> bool:
    """True when the user holds one of ``roles`` in at least one gemeente."""
    if user_sees_everything(user):
        return True
    return any(held.intersection(roles) for held in user_roles_by_gemeente(user=user).values())


def is_regio_coordinator(user, regio) -> bool:
    """The coordinator of a regio (a regio membership with the coordinator role), or staff."""
    if user_sees_everything(user):
        return True
    regio_id = regio if isinstance(regio, int) else regio.pk
    return regio_list_coordinated(user=user).filter(pk=regio_id).exists()


def can_view_gemeente(user, gemeente) -> bool:
    """Any role in the gemeente lets a user see its non-public pages."""
    return has_role(user, gemeente, *Role.values)


def can_edit_in_gemeente(user, gemeente) -> bool:
    """Policy officers (and staff) change the gemeente's participation work."""
    return has_role(user, gemeente, Role.POLICY_OFFICER)


def can_follow_gemeente(user, gemeente) -> bool:
    """Policy officers and coordinators follow (read) all of a gemeente's work."""
    return has_role(user, gemeente, *STAFF_ROLES)


def can_export(user) -> bool:
    """Coordinators and policy officers take spreadsheet exports of their gemeenten."""
    return has_role_anywhere(user, *STAFF_ROLES)


def can_search_audit(user) -> bool:
    """Coordinators (for their gemeenten) and superusers search the audit trail."""
    return has_role_anywhere(user, Role.COORDINATOR)


def can_handle_personal_data(user) -> bool:
    """Coordinators (for their gemeenten) and superusers handle requests for access and erasure (AVG)."""
    return has_role_anywhere(user, Role.COORDINATOR)
