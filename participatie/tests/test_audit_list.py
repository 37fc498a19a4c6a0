"""The audit log page: coordinators search their gemeenten's lines, nobody else; the admin only reads."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pytest
import time_machine

from participatie.audit import audit_record
from participatie.constants import AuditAction, Role
from participatie.models import AuditEvent

from .factories import GemeenteFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = reverse("audit-list")


def _event(gemeente, action=AuditAction.EXPORTED, actor=None, object_type="export", **kwargs):
    return audit_record(action=action, actor=actor, object_type=object_type, object_id="x", gemeente=gemeente, **kwargs)


def test_a_coordinator_sees_the_lines_of_their_gemeente_only(client, coordinator, gemeente, other_gemeente):
    mine = _event(gemeente, detail="van mij")
    _event(other_gemeente, detail="van een ander")
    _event(None, detail="zonder gemeente")
    client.force_login(coordinator)
    response = client.get(URL)
    assert response.status_code == 200
    assert list(response.context["events"]) == [mine]
    assert "van een ander" not in response.content.decode()


def test_another_gemeente_in_the_filter_is_a_404(client, coordinator, other_gemeente):
    client.force_login(coordinator)
    assert client.get(URL, {"gemeente": other_gemeente.slug}).status_code == 404


@pytest.mark.parametrize("role", [Role.COUNCIL_MEMBER, Role.POLICY_OFFICER])
def test_other_roles_are_refused(client, gemeente, role):
    user = UserFactory()
    MembershipFactory(user=user, gemeente=gemeente, role=role)
    client.force_login(user)
    assert client.get(URL).status_code == 403


def test_anonymous_goes_to_the_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_a_superuser_sees_every_line_also_without_gemeente(client, gemeente, other_gemeente):
    _event(gemeente), _event(other_gemeente), _event(None)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.get(URL)
    # Every line, the superuser's own login (force_login sends the signal) included.
    assert response.context["paginator"].count == AuditEvent.objects.count() >= 3


def test_filters_action_actor_object_type_and_period(client, coordinator, gemeente):
    actor = UserFactory(email="zoek.mij@example.nl")
    with time_machine.travel(datetime.datetime(2026, 3, 1, 12, tzinfo=datetime.UTC)):
        old = _event(gemeente, action=AuditAction.DOWNLOADED, actor=actor, object_type="panels.document")
    wanted = _event(gemeente, action=AuditAction.DOWNLOADED, actor=actor, object_type="panels.document")
    _event(gemeente, action=AuditAction.EXPORTED, actor=actor)
    _event(gemeente, action=AuditAction.DOWNLOADED, actor=UserFactory(), object_type="panels.document")
    client.force_login(coordinator)
    today = timezone.localdate().isoformat()
    query = {"action": "downloaded", "actor": "zoek.mij", "object_type": "panels.document", "date_from": today}
    response = client.get(URL, query)
    assert list(response.context["events"]) == [wanted]
    query["date_from"], query["date_until"] = "2026-02-01", "2026-03-31"
    assert list(client.get(URL, query).context["events"]) == [old]
    query["gemeente"] = gemeente.slug
    assert list(client.get(URL, query).context["events"]) == [old]


def test_bad_filters_get_a_dutch_message_and_400(client, coordinator):
    client.force_login(coordinator)
    response = client.get(URL, {"date_from": "gisteren", "date_until": "2026-01-01", "action": "hack"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter a date" not in page and "Vul een datum in" in page


def _page_queries(client, coordinator, gemeente, count):
    actors = [UserFactory() for _ in range(3)]
    AuditEvent.objects.bulk_create(
        AuditEvent(action=AuditAction.VIEWED, object_type="x", actor=actors[i % 3], actor_label="a", gemeente=gemeente)
        for i in range(count)
    )
    client.force_login(coordinator)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(URL).status_code == 200
    return len(captured)


def test_the_page_costs_the_same_queries_for_3_or_120_lines(client, gemeente):
    small_coordinator = UserFactory()
    MembershipFactory(user=small_coordinator, gemeente=gemeente, role=Role.COORDINATOR)
    few = _page_queries(client, small_coordinator, gemeente, 3)
    other = GemeenteFactory()
    big_coordinator = UserFactory()
    MembershipFactory(user=big_coordinator, gemeente=other, role=Role.COORDINATOR)
    many = _page_queries(client, big_coordinator, other, 120)
    assert few == many
    assert many <= 12


def test_the_dashboard_links_the_audit_log_for_a_coordinator_only(client, coordinator, policy_officer):
    client.force_login(coordinator)
    assert URL in client.get(reverse("home")).content.decode()
    client.force_login(policy_officer)
    assert URL not in client.get(reverse("home")).content.decode()


def test_the_admin_reads_but_never_adds_changes_or_deletes(client, gemeente):
    event = _event(gemeente)
    superuser = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(superuser)
    assert client.get(reverse("admin:participatie_auditevent_changelist")).status_code == 200
    assert client.get(reverse("admin:participatie_auditevent_change", args=[event.pk])).status_code == 200
    assert client.get(reverse("admin:participatie_auditevent_add")).status_code == 403
    assert (
        client.post(reverse("admin:participatie_auditevent_delete", args=[event.pk]), {"post": "yes"}).status_code
        == 403
    )
    response = client.post(
        reverse("admin:participatie_auditevent_change", args=[event.pk]), {"action": "login", "detail": "vervalst"}
    )
    assert response.status_code == 403
    event.refresh_from_db()
    assert event.action == AuditAction.EXPORTED and event.detail != "vervalst"
    changelist = client.get(reverse("admin:participatie_auditevent_changelist")).content.decode()
    assert 'value="delete_selected"' not in changelist


@pytest.mark.postgres
def test_postgresql_refuses_to_change_or_delete_an_audit_line(postgres_db, gemeente):
    from django.db import DatabaseError, transaction

    event = _event(gemeente)
    for attempt in (
        lambda: AuditEvent.objects.filter(pk=event.pk).update(detail="vervalst"),
        lambda: AuditEvent.objects.filter(pk=event.pk).delete(),
    ):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            attempt()
    event.refresh_from_db()
    assert event.detail == ""
