import pytest

from participatie.constants import Role
from participatie.models import Gemeente
from participatie.selectors import gemeente_list_for_user, scope_to_user, user_roles_by_gemeente
from participatie.tests.factories import GemeenteFactory, MembershipFactory, RegioFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_member_sees_only_own_gemeente(policy_officer, gemeente, other_gemeente):
    assert list(gemeente_list_for_user(user=policy_officer)) == [gemeente]


def test_regio_membership_covers_every_gemeente_of_the_regio():
    a, b, c = GemeenteFactory(), GemeenteFactory(), GemeenteFactory()
    regio = RegioFactory()
    regio.gemeenten.add(a, b)
    user = UserFactory()
    MembershipFactory(user=user, gemeente=None, regio=regio, role=Role.COORDINATOR)
    assert set(gemeente_list_for_user(user=user)) == {a, b}
    assert set(gemeente_list_for_user(user=user, roles=[Role.POLICY_OFFICER])) == set()
    assert user_roles_by_gemeente(user=user) == {a.pk: {Role.COORDINATOR}, b.pk: {Role.COORDINATOR}}
    assert c not in gemeente_list_for_user(user=user)


def test_roles_filter(gemeente, other_gemeente):
    user = UserFactory()
    MembershipFactory(user=user, gemeente=gemeente, role=Role.COUNCIL_MEMBER)
    MembershipFactory(user=user, gemeente=other_gemeente, role=Role.POLICY_OFFICER)
    assert list(gemeente_list_for_user(user=user, roles=[Role.POLICY_OFFICER])) == [other_gemeente]


def test_staff_sees_everything(staff_user, gemeente, other_gemeente):
    assert set(gemeente_list_for_user(user=staff_user)) == {gemeente, other_gemeente}


def test_anonymous_and_inactive_see_nothing(gemeente):
    from django.contrib.auth.models import AnonymousUser

    assert not gemeente_list_for_user(user=AnonymousUser()).exists()
    inactive = UserFactory(is_active=False)
    MembershipFactory(user=inactive, gemeente=gemeente)
    assert not gemeente_list_for_user(user=inactive).exists()


def test_scope_to_user_filters_a_queryset(policy_officer, gemeente, other_gemeente):
    # Gemeente itself stands in for any model with a gemeente path.
    scoped = scope_to_user(Gemeente.objects.all(), user=policy_officer, path="pk")
    assert list(scoped) == [gemeente]
