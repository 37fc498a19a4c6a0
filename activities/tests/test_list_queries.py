"""The insights list costs the same queries for 3 insights or 30."""

from django.urls import reverse

import pytest

from .factories import InsightFactory

pytestmark = pytest.mark.django_db


def test_the_insight_list_costs_the_same_queries_for_3_or_30(
    client, policy_officer, gemeente, django_assert_max_num_queries
):
    client.force_login(policy_officer)
    for _ in range(3):
        InsightFactory(gemeente=gemeente)
    with django_assert_max_num_queries(15) as few:
        assert client.get(reverse("activities:insight-list")).status_code == 200
    for _ in range(27):
        InsightFactory(gemeente=gemeente)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("activities:insight-list"))
    assert len(response.context["insights"]) == 30
