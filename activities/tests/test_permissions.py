"""Who may do what: role x action tables."""

import datetime

from django.utils import timezone

import pytest

from activities import permissions as perms
from activities.tests.factories import ActivityFactory, InsightFactory, StoryFactory
from participatie.constants import Role
from participatie.tests.factories import MembershipFactory, RegioFactory, UserFactory

ROLES = ["officer", "coordinator", "council_member", "other_officer", "staff"]


@pytest.fixture
def users(policy_officer, coordinator, council_member, other_policy_officer, staff_user):
    return {
        "officer": policy_officer,
        "coordinator": coordinator,
        "council_member": council_member,
        "other_officer": other_policy_officer,
        "staff": staff_user,
    }


# role -> (view activity, edit activity, register inbreng, edit journey, edit story, convert insight, overview)
TABLE = {
    "officer": (True, True, True, True, True, True, True),
    "coordinator": (True, False, False, False, False, False, True),
    "council_member": (False, False, False, False, False, False, False),
    "other_officer": (False, False, False, False, False, False, True),
    "staff": (True, True, True, True, True, True, True),
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_actions_per_role(role, users, activity, journey, gemeente):
    user = users[role]
    story = StoryFactory(activity=activity)
    insight = InsightFactory(gemeente=gemeente)
    got = (
        perms.can_view_activity(user, activity),
        perms.can_edit_activity(user, activity),
        perms.can_register_inbreng(user, activity),
        perms.can_edit_journey(user, journey),
        perms.can_edit_story(user, story),
        perms.can_convert_insight(user, insight),
        perms.can_see_coordinator_overview(user),
    )
    assert got == TABLE[role]


# role -> (view regional activity, edit regional activity)
REGIONAL_TABLE = {
    "officer_everywhere": (True, True),
    "officer_in_one": (True, False),
    "coordinator_in_one": (True, False),
    "outsider": (False, False),
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(REGIONAL_TABLE))
def test_regional_activity_per_role(role, gemeente, other_gemeente):
    regio = RegioFactory()
    regio.gemeenten.add(gemeente, other_gemeente)
    activity = ActivityFactory(gemeente=None, regio=regio)
    user = UserFactory()
    if role == "officer_everywhere":
        MembershipFactory(user=user, regio=regio, gemeente=None, role=Role.POLICY_OFFICER)
    elif role == "officer_in_one":
        MembershipFactory(user=user, gemeente=gemeente, role=Role.POLICY_OFFICER)
    elif role == "coordinator_in_one":
        MembershipFactory(user=user, gemeente=gemeente, role=Role.COORDINATOR)
    got = (perms.can_view_activity(user, activity), perms.can_edit_activity(user, activity))
    assert got == REGIONAL_TABLE[role]


@pytest.mark.django_db
def test_regional_and_unfinished_activities_register_no_inbreng(policy_officer, gemeente):
    regio = RegioFactory()
    regio.gemeenten.add(gemeente)
    assert not perms.can_register_inbreng(policy_officer, ActivityFactory(gemeente=None, regio=regio))
    coming = ActivityFactory(gemeente=gemeente, starts_on=timezone.localdate() + datetime.timedelta(days=1))
    assert not perms.can_register_inbreng(policy_officer, coming)
