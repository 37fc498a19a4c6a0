import datetime

from django.urls import reverse
from django.utils import timezone

import pytest

from panels import services
from panels.constants import AdviesStatus as S
from panels.constants import Outcome
from panels.models import Reactie
from panels.selectors import advies_overview
from panels.tests.factories import OrgaanFactory


def _answered(make_advies, orgaan, chair_or_officer, officer, *, sent_ago, answered_ago, subject):
    today = timezone.localdate()
    advies = make_advies(orgaan, subject=subject, requested_ago=sent_ago + 5, deadline_days=-sent_ago)
    services.advies_draft_save(advies=advies, user=chair_or_officer, text="Advies")
    advies = services.advies_send(
        advies=advies, user=chair_or_officer, sent_on=today - datetime.timedelta(days=sent_ago)
    )
    if answered_ago is not None:
        services.reactie_register(
            advies=advies,
            reactie=Reactie(answered_on=today - datetime.timedelta(days=answered_ago), outcome=Outcome.ADOPTED),
            user=officer,
        )
    return advies


@pytest.mark.django_db
def test_overview_counts_overdue_and_average(orgaan, make_advies, policy_officer, coordinator, other_orgaan):
    make_advies(orgaan, subject="open")
    _answered(make_advies, orgaan, policy_officer, policy_officer, sent_ago=50, answered_ago=40, subject="a")  # 10 days
    _answered(make_advies, orgaan, policy_officer, policy_officer, sent_ago=60, answered_ago=30, subject="b")  # 30 days
    _answered(
        make_advies, orgaan, policy_officer, policy_officer, sent_ago=100, answered_ago=None, subject="c"
    )  # overdue
    _answered(
        make_advies, orgaan, policy_officer, policy_officer, sent_ago=3, answered_ago=None, subject="d"
    )  # not yet
    rows, total = advies_overview(user=coordinator)
    assert [row.orgaan for row in rows] == [orgaan]  # not Pekela's orgaan
    row = rows[0]
    assert row.counts[S.REQUESTED] == 1
    assert row.counts[S.ANSWERED] == 2
    assert row.counts[S.SENT] == 2
    assert row.overdue_answers == 1
    assert row.average_days_to_answer == 20.0
    assert total.average_days_to_answer == 20.0


@pytest.mark.django_db
def test_overview_query_count_stays_flat(
    client, coordinator, gemeente, make_advies, policy_officer, django_assert_num_queries
):
    organen = [OrgaanFactory(gemeenten=[gemeente]) for _ in range(2)]
    client.force_login(coordinator)

    def add(n):
        for i in range(n):
            orgaan = organen[i % 2]
            _answered(
                make_advies,
                orgaan,
                policy_officer,
                policy_officer,
                sent_ago=40,
                answered_ago=20 + i % 5,
                subject=f"s{i}",
            )
            make_advies(orgaan, subject=f"o{i}")

    add(2)
    url = reverse("panels:overview")
    response = client.get(url)
    assert response.status_code == 200
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(url)
    add(30)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert response.context["total"].counts[S.ANSWERED] == 32


@pytest.mark.django_db
def test_overview_is_for_officers_and_coordinators(client, chair):
    client.force_login(chair)
    assert client.get(reverse("panels:overview")).status_code == 403
