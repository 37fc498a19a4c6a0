"""The roadmap's list pages cost the same queries for 3 rows or 30."""

import datetime

from django.urls import reverse

import pytest

from .factories import ActionFactory, TrajectFactory

pytestmark = pytest.mark.django_db


def _add_trajecten(gemeente, count):
    for _ in range(count):
        traject = TrajectFactory(gemeente=gemeente)
        ActionFactory(step=traject.steps.get(number=2), due_date=datetime.date(2020, 1, 1))


def test_the_traject_list_costs_the_same_queries_for_3_or_30(
    client, policy_officer, gemeente, django_assert_max_num_queries
):
    client.force_login(policy_officer)
    _add_trajecten(gemeente, 3)
    with django_assert_max_num_queries(15) as few:
        assert client.get(reverse("roadmap:traject-list")).status_code == 200
    _add_trajecten(gemeente, 27)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("roadmap:traject-list"))
    assert len(response.context["trajecten"]) == 30
