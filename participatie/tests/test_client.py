"""The client's address behind the reverse proxy: one helper for the survey rate limit and the login lockout."""

from django.test import RequestFactory
from django.urls import reverse

import pytest

from participatie.client import client_address
from participatie.tests.factories import UserFactory
from surveys.ratelimit import submit_allowed

PROXY = "127.0.0.1"


def _request(remote=PROXY, forwarded=None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().post("/", REMOTE_ADDR=remote, **extra)


def test_without_trusted_proxies_only_the_connecting_address_counts(settings):
    settings.TRUSTED_PROXIES = []
    assert client_address(_request(forwarded="203.0.113.9")) == PROXY


@pytest.mark.parametrize(
    ("forwarded", "expected"),
    [
        ("203.0.113.9", "203.0.113.9"),
        # What a resident sends stands left of what the proxy appended, and is never believed.
        ("1.2.3.4, 203.0.113.9", "203.0.113.9"),
        ("1.2.3.4, 203.0.113.9, 10.0.0.5", "203.0.113.9"),  # two proxies: nginx, then a load balancer
        ("2001:db8::7", "2001:db8::7"),
        ("onbekend", PROXY),
        (None, PROXY),
    ],
)
def test_behind_trusted_proxies_the_first_untrusted_hop_is_the_client(settings, forwarded, expected):
    settings.TRUSTED_PROXIES = [PROXY, "10.0.0.0/8"]
    assert client_address(_request(forwarded=forwarded)) == expected


def test_a_header_from_an_untrusted_address_is_ignored(settings):
    settings.TRUSTED_PROXIES = [PROXY]
    assert client_address(_request(remote="198.51.100.7", forwarded="203.0.113.9")) == "198.51.100.7"


def test_residents_behind_the_proxy_have_their_own_survey_rate_limit(settings):
    settings.TRUSTED_PROXIES = [PROXY]
    settings.SURVEYS_SUBMIT_RATE_LIMIT = 1
    first, second = _request(forwarded="203.0.113.9"), _request(forwarded="203.0.113.10")
    assert submit_allowed(first)
    assert not submit_allowed(first)
    assert submit_allowed(second)  # another resident, same proxy


@pytest.mark.django_db
def test_login_lockout_is_per_account_and_client_behind_the_proxy(client, settings):
    settings.TRUSTED_PROXIES = [PROXY]
    settings.AXES_FAILURE_LIMIT = 3
    user = UserFactory()
    attacker = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "203.0.113.66"}
    colleague = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "198.51.100.20"}
    for _ in range(3):
        client.post(reverse("login"), {"username": user.email, "password": "fout"}, **attacker)
    locked = client.post(reverse("login"), {"username": user.email, "password": "geheim-wachtwoord"}, **attacker)
    assert locked.status_code == 429
    own = client.post(reverse("login"), {"username": user.email, "password": "geheim-wachtwoord"}, **colleague)
    assert own.status_code == 302 and client.session.get("_auth_user_id") == str(user.pk)
