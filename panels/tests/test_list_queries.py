"""The organen list costs the same queries for 3 organen or 30."""

from django.urls import reverse

import pytest

from .factories import MeetingFactory, MemberFactory, OrgaanFactory

pytestmark = pytest.mark.django_db


def _add_organen(gemeente, count):
    for _ in range(count):
        orgaan = OrgaanFactory(gemeenten=[gemeente])
        MemberFactory(orgaan=orgaan)
        MeetingFactory(orgaan=orgaan)


def test_the_orgaan_list_costs_the_same_queries_for_3_or_30(
    client, policy_officer, gemeente, django_assert_max_num_queries
):
    client.force_login(policy_officer)
    _add_organen(gemeente, 3)
    with django_assert_max_num_queries(15) as few:
        assert client.get(reverse("panels:orgaan-list")).status_code == 200
    _add_organen(gemeente, 27)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("panels:orgaan-list"))
    assert len(response.context["organen"]) == 30
