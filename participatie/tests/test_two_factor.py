"""Two-step login: required for staff everywhere but public pages, optional per gemeente for council members."""

from datetime import timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone

import pytest
import time_machine
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from participatie.accounts.selectors import two_factor_required
from participatie.accounts.testing import DEMO_TOTP_KEY, give_device, totp_code
from participatie.accounts.views import SETUP_KEY_SESSION
from participatie.checks import served_views
from participatie.constants import AuditAction, AuditResult, Role
from participatie.mixins import PUBLIC, declared_permission
from participatie.models import AuditEvent
from participatie.tests.factories import GemeenteFactory, MembershipFactory, RegioFactory, UserFactory
from participatie.tests.test_url_permissions import OBJECT_URLS, PUBLIC_URLS, World

pytestmark = pytest.mark.django_db

PASSWORD = "geheim-wachtwoord"  # noqa: S105 - the factories' password

SETUP = reverse("two_factor_setup")
VERIFY = reverse("two_factor_verify")
TWO_FACTOR_PAGES = {"two_factor_setup", "two_factor_verify", "two_factor_backup_codes"}


def _password_login(client, user, password=PASSWORD):
    return client.post(reverse("login"), {"username": user.email, "password": password})


def _every_non_public_url(world):
    """(name, url) of every URL pattern that is not public: the portal's pages and the admin's index pages."""
    urls = []
    for served in served_views():
        top = served.namespace.split(":")[0]
        if top == "admin" or served.name in TWO_FACTOR_PAGES:
            continue
        view_class = served.view_class
        if view_class is not None and declared_permission(view_class) is PUBLIC:
            continue
        if served.converters:
            if served.name not in OBJECT_URLS:
                continue  # the walker's NOT_OBJECT_URLS: no object of a gemeente
            urls.append((served.name, reverse(served.name, kwargs=OBJECT_URLS[served.name](world))))
        else:
            urls.append((served.name, reverse(served.name)))
    urls += [("admin:index", "/beheer/"), ("admin:user", "/beheer/participatie/user/")]
    return urls


@pytest.mark.parametrize("role", ["policy_officer", "coordinator", "staff_user"])
def test_staff_without_a_device_reach_no_staff_page(client, role, request, gemeente, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.PRIVATE_EXPORT_ROOT = str(tmp_path / "private")
    world = World(gemeente)
    user = request.getfixturevalue(role)
    client.force_login(user, verified=False)
    reached = {}
    urls = _every_non_public_url(world)
    assert len(urls) > 80
    for name, url in urls:
        for method in (client.get, client.post):
            response = method(url)
            if response.status_code != 302 or not response["Location"].startswith(SETUP):
                reached[f"{method.__name__.upper()} {name}"] = response.status_code
    assert reached == {}
    # The dashboard is public for anonymous visitors, but shows the account's work: closed too.
    assert client.get("/")["Location"].startswith(SETUP)
    assert not TOTPDevice.objects.filter(user=user).exists()


def test_a_staff_user_with_a_device_is_sent_to_the_second_step(client, policy_officer):
    give_device(policy_officer)
    client.force_login(policy_officer, verified=False)
    response = client.get(reverse("feedback:inbreng-list"))
    assert response.status_code == 302
    assert response["Location"] == f"{VERIFY}?next=%2Ffeedback%2F"


def _public_pages_without_arguments():
    served = {s.name: s for s in served_views()}
    return sorted(name for name in PUBLIC_URLS - {"home"} if not served[name].converters)


@pytest.mark.parametrize("name", _public_pages_without_arguments())
def test_public_pages_stay_open_between_the_two_steps(client, policy_officer, name):
    """Public pages stay open (residents' pages by token too: the same rule, tested below)."""
    client.force_login(policy_officer, verified=False)
    response = client.get(reverse(name))
    assert not (response.status_code == 302 and response["Location"].startswith((SETUP, VERIFY)))


def test_residents_survey_pages_never_ask_for_a_login(client, policy_officer):
    from surveys.tests.factories import SurveyFactory

    url = reverse("surveys:respond_start", kwargs={"token": SurveyFactory().public_token})
    anonymous = client.get(url)
    client.force_login(policy_officer, verified=False)
    between_steps = client.get(url)
    for response in (anonymous, between_steps):
        assert response.status_code == 200 or "/accounts/" not in response.get("Location", "")


def test_the_password_login_leads_to_setting_up_and_then_the_dashboard(client, policy_officer, gemeente):
    response = _password_login(client, policy_officer)
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.status_code == 302 and page["Location"].startswith(SETUP)

    setup = client.get(page["Location"])
    html = setup.content.decode()
    assert setup.status_code == 200
    assert "Inloggen in twee stappen instellen" in html
    assert "<svg" in html and 'autocomplete="one-time-code"' in html
    key = client.session[SETUP_KEY_SESSION]

    wrong = client.post(page["Location"], {"code": "000000" if totp_code(key) != "000000" else "111111"})
    assert wrong.status_code == 200
    assert "data-error-summary" in wrong.content.decode()
    assert "Deze code klopt niet" in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=policy_officer).exists()

    done = client.post(page["Location"], {"code": totp_code(key), "next": "/"})
    assert done.status_code == 302 and done["Location"].startswith(reverse("two_factor_backup_codes"))
    codes_page = client.get(done["Location"]).content.decode()
    backup = StaticDevice.objects.get(user=policy_officer)
    codes = list(backup.token_set.values_list("token", flat=True))
    assert len(codes) == 10 and all(code in codes_page for code in codes)
    # Shown once.
    assert client.get(done["Location"]).status_code == 302

    dashboard = client.get("/")
    assert dashboard.status_code == 200 and gemeente.name in dashboard.content.decode()
    events = AuditEvent.objects.filter(object_id=str(policy_officer.pk))
    assert set(events.values_list("action", flat=True)) >= {
        AuditAction.LOGIN,
        AuditAction.TWO_FACTOR_FAILED,
        AuditAction.TWO_FACTOR_ENROLLED,
    }
    enrolled = events.get(action=AuditAction.TWO_FACTOR_ENROLLED)
    assert enrolled.actor == policy_officer and key not in enrolled.detail


def test_the_second_step_with_a_code_and_with_a_backup_code(client, coordinator):
    from participatie.accounts.services import two_factor_enrol

    two_factor_enrol(user=coordinator, key=DEMO_TOTP_KEY, backup_codes=["abcd2345"])
    _password_login(client, coordinator)
    assert client.get("/")["Location"].startswith(VERIFY)

    refused = client.post(VERIFY, {"code": "12"})
    assert refused.status_code == 200 and "data-error-summary" in refused.content.decode()
    failed = client.post(VERIFY, {"code": "99999999"})
    assert failed.status_code == 200
    assert AuditEvent.objects.filter(
        action=AuditAction.TWO_FACTOR_FAILED, actor=coordinator, result=AuditResult.FAILURE
    ).exists()

    # After a wrong code django-otp makes the next try wait a moment (doubling with every failure).
    throttled = client.post(VERIFY, {"code": "ABCD 2345"})
    assert throttled.status_code == 200 and "Te veel foute codes" in throttled.content.decode()

    with time_machine.travel(timezone.now() + timedelta(seconds=10)):
        with_backup = client.post(VERIFY, {"code": "ABCD 2345", "next": "/feedback/"})
        assert with_backup.status_code == 302 and with_backup["Location"] == "/feedback/"
        assert client.get("/feedback/").status_code == 200
        assert not StaticDevice.objects.get(user=coordinator).token_set.exists()  # each code works once

        other = Client()
        _password_login(other, coordinator)
        done = other.post(VERIFY, {"code": totp_code(), "next": "https://elders.example/"})
        assert done.status_code == 302 and done["Location"] == "/"  # no open redirect


def test_the_admin_requires_the_second_step(client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    give_device(admin)
    client.force_login(admin, verified=False)
    for url in ("/beheer/", "/beheer/participatie/gemeente/", "/beheer/login/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(VERIFY), url
    client.post(VERIFY, {"code": totp_code()})
    assert client.get("/beheer/").status_code == 200


def test_council_members_need_two_steps_only_where_a_gemeente_asks_it(client, gemeente, council_member):
    assert not two_factor_required(council_member)
    client.force_login(council_member, verified=False)
    assert client.get("/").status_code == 200

    other = GemeenteFactory(council_two_factor_required=True)
    MembershipFactory(user=council_member, gemeente=other, role=Role.COUNCIL_MEMBER)
    assert two_factor_required(council_member)
    assert client.get("/")["Location"].startswith(SETUP)


def test_a_regional_council_membership_counts_every_gemeente_of_the_regio(gemeente):
    regio = RegioFactory()
    regio.gemeenten.set([gemeente, GemeenteFactory(council_two_factor_required=True)])
    member = UserFactory()
    MembershipFactory(user=member, gemeente=None, regio=regio, role=Role.COUNCIL_MEMBER)
    assert two_factor_required(member)


def test_a_council_member_who_set_it_up_voluntarily_must_use_it(client, council_member):
    give_device(council_member)
    client.force_login(council_member, verified=False)
    assert client.get("/")["Location"].startswith(VERIFY)


def test_a_set_up_account_cannot_replace_its_app_by_itself(client, policy_officer):
    give_device(policy_officer)
    client.force_login(policy_officer)
    response = client.get(SETUP)
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)


def test_an_admin_reset_is_recorded_and_the_user_sets_up_again(client, policy_officer):
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(policy_officer)
    assert client.get("/feedback/").status_code == 200

    admin_client = Client()
    admin_client.force_login(admin)
    response = admin_client.post(
        "/beheer/participatie/user/", {"action": "reset_two_factor", "_selected_action": [policy_officer.pk]}
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=policy_officer).exists()
    event = AuditEvent.objects.get(action=AuditAction.TWO_FACTOR_RESET)
    assert event.actor == admin and event.object_id == str(policy_officer.pk)
    # The session that passed with the removed device no longer counts: set up again.
    assert client.get("/feedback/")["Location"].startswith(SETUP)


def test_a_code_is_accepted_once(client, policy_officer):
    give_device(policy_officer)
    with time_machine.travel("2026-03-02 10:00:05", tick=False):
        code = totp_code()
        client.force_login(policy_officer, verified=False)
        assert client.post(VERIFY, {"code": code}).status_code == 302
        again = Client()
        again.force_login(policy_officer, verified=False)
        assert again.post(VERIFY, {"code": code}).status_code == 200


def test_the_device_admin_pages_are_not_offered(client, staff_user):
    client.force_login(staff_user)
    assert client.get("/beheer/otp_totp/totpdevice/").status_code == 404
    assert client.get("/beheer/otp_static/staticdevice/").status_code == 404


@pytest.mark.parametrize("name", sorted(TWO_FACTOR_PAGES))
def test_the_two_step_pages_need_the_password_step_first(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_setup_page_is_dutch(client, policy_officer):
    """The catalogue test checks the entries; this checks the page uses them."""
    client.force_login(policy_officer, verified=False)
    html = client.get(SETUP).content.decode()
    for english in ("Set up two-step login", "Install an authenticator app", "Check the code"):
        assert english not in html
