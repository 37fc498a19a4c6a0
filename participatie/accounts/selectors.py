"""Reads about accounts: who must log in in two steps (inloggen in twee stappen)."""

from django.db.models import Q

from django_otp import user_has_device

from ..constants import STAFF_ROLES, Role
from ..models import Membership


def two_factor_required_by_role(user) -> bool:
    """True when the user's roles demand two steps: staff, admins, policy officers and coordinators always;
    an adviesraad member when one of their gemeenten asks it (``Gemeente.council_two_factor_required``)."""
    if not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser:
        return True
    return (
        Membership.objects.filter(user=user)
        .filter(
            Q(role__in=STAFF_ROLES)
            | Q(role=Role.COUNCIL_MEMBER, gemeente__council_two_factor_required=True)
            | Q(role=Role.COUNCIL_MEMBER, regio__gemeenten__council_two_factor_required=True)
        )
        .exists()
    )


def two_factor_required(user) -> bool:
    """True when this account must pass the second step: its roles demand it, or it set two steps up itself."""
    return two_factor_required_by_role(user) or user_has_device(user, confirmed=True)
