import pytest

from feedback import permissions
from participatie.tests.factories import UserFactory

from .factories import InbrengFactory

pytestmark = pytest.mark.django_db

# role -> (view register, view inbreng, register, change, dashboard)
TABLE = {
    "policy_officer": (True, True, True, True, True),
    "coordinator": (True, True, False, False, True),
    "council_member": (False, False, False, False, False),
    "other_policy_officer": (True, False, False, False, False),
    "staff_user": (True, True, True, True, True),
    "nobody": (False, False, False, False, False),
}


@pytest.mark.parametrize("role", list(TABLE))
def test_permission_table(role, request, gemeente):
    user = UserFactory() if role == "nobody" else request.getfixturevalue(role)
    inbreng = InbrengFactory(gemeente=gemeente)
    actual = (
        permissions.can_view_register(user),
        permissions.can_view_inbreng(user, inbreng),
        permissions.can_register_inbreng(user, gemeente),
        permissions.can_change_inbreng(user, inbreng),
        permissions.can_view_dashboard(user, gemeente),
    )
    assert actual == TABLE[role]
