import pytest

from participatie.constants import Role
from participatie.tests.factories import MembershipFactory, RegioFactory, UserFactory
from roadmap.permissions import (
    can_edit_traject,
    can_see_monitor,
    can_start_traject,
    can_view_traject,
    can_view_trajecten,
)

from .factories import TrajectFactory

pytestmark = pytest.mark.django_db

# role -> (open roadmap, start traject, view traject, edit traject, monitor)
TABLE = {
    "policy_officer": (True, True, True, True, False),
    "coordinator": (True, False, True, False, True),
    "regio_coordinator": (True, False, True, False, True),
    "council_member": (False, False, False, False, False),
    "other_policy_officer": (True, True, False, False, False),
    "staff": (True, True, True, True, True),
    "no_role": (False, False, False, False, False),
    "anonymous": (False, False, False, False, False),
}


def _user(kind, gemeente, other_gemeente):
    from django.contrib.auth.models import AnonymousUser

    if kind == "anonymous":
        return AnonymousUser()
    if kind == "staff":
        return UserFactory(is_staff=True)
    user = UserFactory()
    if kind == "regio_coordinator":
        regio = RegioFactory()
        regio.gemeenten.add(gemeente)
        MembershipFactory(user=user, gemeente=None, regio=regio, role=Role.COORDINATOR)
    elif kind == "other_policy_officer":
        MembershipFactory(user=user, gemeente=other_gemeente, role=Role.POLICY_OFFICER)
    elif kind != "no_role":
        role = {"policy_officer": Role.POLICY_OFFICER, "coordinator": Role.COORDINATOR}.get(kind, Role.COUNCIL_MEMBER)
        MembershipFactory(user=user, gemeente=gemeente, role=role)
    return user


@pytest.mark.parametrize("kind", TABLE)
def test_role_x_action(kind, gemeente, other_gemeente):
    traject = TrajectFactory(gemeente=gemeente)
    user = _user(kind, gemeente, other_gemeente)
    got = (
        can_view_trajecten(user),
        can_start_traject(user),
        can_view_traject(user, traject),
        can_edit_traject(user, traject),
        can_see_monitor(user),
    )
    assert got == TABLE[kind]
