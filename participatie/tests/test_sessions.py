"""Sessions of accounts: idle and absolute time-outs, a new key at login, deactivation, lockout and unlock."""

from datetime import timedelta

from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

import pytest
import time_machine
from axes.models import AccessAttempt

from participatie.accounts import services
from participatie.constants import AuditAction, AuditResult
from participatie.models import AuditEvent
from participatie.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "geheim-wachtwoord"  # noqa: S105 - the factories' password

START = timezone.make_aware(timezone.datetime(2026, 3, 2, 9, 0))


def _post_login(client, email, password=PASSWORD):
    return client.post(reverse("login"), {"username": email, "password": password})


def test_an_idle_session_ends_after_the_configured_minutes(client, policy_officer, settings):
    settings.SESSION_IDLE_MINUTES = 30
    with time_machine.travel(START, tick=False) as clock:
        client.force_login(policy_officer)
        assert client.get("/feedback/").status_code == 200
        clock.shift(timedelta(minutes=29))
        assert client.get("/feedback/").status_code == 200  # activity restarts the idle clock
        clock.shift(timedelta(minutes=29))
        assert client.get("/feedback/").status_code == 200
        clock.shift(timedelta(minutes=31))
        response = client.get("/feedback/")
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
        login_page = client.get(response["Location"]).content.decode()
        assert "niets op het portaal hebt gedaan" in login_page
        # Said once.
        assert "data-timed-out" not in client.get(reverse("login")).content.decode()
    event = AuditEvent.objects.get(action=AuditAction.LOGOUT)
    assert event.actor == policy_officer and event.detail == "time-out (idle)"


def test_the_idle_time_comes_from_the_setting(client, policy_officer, settings):
    settings.SESSION_IDLE_MINUTES = 5
    with time_machine.travel(START, tick=False) as clock:
        client.force_login(policy_officer)
        assert client.get("/feedback/").status_code == 200
        clock.shift(timedelta(minutes=6))
        assert client.get("/feedback/").status_code == 302


def test_a_busy_session_still_ends_after_twelve_hours(client, policy_officer, settings):
    assert settings.SESSION_ABSOLUTE_HOURS == 12
    with time_machine.travel(START, tick=False) as clock:
        client.force_login(policy_officer)
        for _ in range(47):  # every 15 minutes for 11 h 45
            clock.shift(timedelta(minutes=15))
            assert client.get("/feedback/").status_code == 200
        clock.shift(timedelta(minutes=16))
        response = client.get("/feedback/")
        assert response.status_code == 302
        assert "al lang ingelogd was" in client.get(response["Location"]).content.decode()


def test_residents_are_never_timed_out(client):
    from surveys.tests.factories import SurveyFactory

    url = reverse("surveys:respond_start", kwargs={"token": SurveyFactory().public_token})
    with time_machine.travel(START, tick=False) as clock:
        first = client.get(url)
        clock.shift(timedelta(hours=30))
        later = client.get(url)
    assert first.status_code == later.status_code
    assert "/accounts/" not in later.get("Location", "")


def test_login_gives_a_new_session_key(client, policy_officer):
    session = client.session
    session["something"] = "before login"
    session.save()
    before = session.session_key
    assert _post_login(client, policy_officer.email).status_code == 302
    assert client.session.session_key != before
    assert not Session.objects.filter(session_key=before).exists()


def test_deactivating_a_user_ends_all_their_sessions(policy_officer, coordinator):
    laptop, phone, colleague = Client(), Client(), Client()
    laptop.force_login(policy_officer)
    phone.force_login(policy_officer)
    colleague.force_login(coordinator)
    admin = UserFactory(is_staff=True, is_superuser=True)

    ended = services.user_deactivate(user=policy_officer, actor=admin)

    assert ended == 2
    for client in (laptop, phone):
        response = client.get("/feedback/")
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert colleague.get("/feedback/").status_code == 200
    policy_officer.refresh_from_db()
    assert not policy_officer.is_active
    event = AuditEvent.objects.get(action=AuditAction.USER_DEACTIVATED)
    assert event.actor == admin and event.object_id == str(policy_officer.pk)


def test_switching_a_user_off_in_the_admin_ends_their_sessions(client, policy_officer):
    user_client = Client()
    user_client.force_login(policy_officer)
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    url = reverse("admin:participatie_user_change", args=[policy_officer.pk])
    form = client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and name != "password"}
    data.update(
        {
            "is_active": "",
            "groups": [],
            "user_permissions": [],
            "last_login_0": "",
            "last_login_1": "",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "09:00:00",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        }
    )
    data.pop("is_active")
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    assert user_client.get("/feedback/").status_code == 302
    assert AuditEvent.objects.filter(action=AuditAction.USER_DEACTIVATED, actor=admin).exists()


def test_the_lockout_page_is_calm_and_the_same_for_an_unknown_address(client, settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_COOLOFF_TIME = 0.25
    user = UserFactory()
    pages = []
    for email in (user.email, "niemand@example.nl"):
        for _ in range(3):
            _post_login(client, email, "fout")
        response = _post_login(client, email)
        assert response.status_code == 429
        pages.append(response.content.decode().replace(email, "…"))
    assert pages[0] == pages[1]  # no account enumeration
    assert "Wacht 15 minuten" in pages[0]
    assert "coördinator" in pages[0]
    locked = AuditEvent.objects.filter(action=AuditAction.LOCKOUT, result=AuditResult.DENIED)
    assert {e.object_id for e in locked} == {str(user.pk), ""}
    failed = AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED)
    assert failed.exists() and not failed.filter(detail__icontains="niemand").exists()


def test_an_admin_lifts_the_lockout_and_it_is_recorded(client, settings):
    settings.AXES_FAILURE_LIMIT = 3
    user = UserFactory()
    locked_out = Client()
    for _ in range(3):
        _post_login(locked_out, user.email, "fout")
    assert _post_login(locked_out, user.email).status_code == 429

    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    response = client.post(
        reverse("admin:participatie_user_changelist"), {"action": "unlock_login", "_selected_action": [user.pk]}
    )
    assert response.status_code == 302

    assert not AccessAttempt.objects.filter(username=user.email).exists()
    assert _post_login(locked_out, user.email).status_code == 302
    event = AuditEvent.objects.get(action=AuditAction.UNLOCK)
    assert event.actor == admin and event.object_id == str(user.pk)


def test_login_and_logout_are_recorded(client, council_member):
    _post_login(client, council_member.email, "fout")
    _post_login(client, council_member.email)
    client.post(reverse("logout"))
    actions = list(
        AuditEvent.objects.filter(object_id=str(council_member.pk)).order_by("id").values_list("action", flat=True)
    )
    assert actions == [AuditAction.LOGIN_FAILED, AuditAction.LOGIN, AuditAction.LOGOUT]
