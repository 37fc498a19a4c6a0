"""Password reset is throttled per e-mail address and per client, without revealing whether an address is known."""

import logging

from django.core import mail
from django.urls import reverse

import pytest

from participatie.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CALM = "U heeft al een paar keer om een nieuw wachtwoord gevraagd"


@pytest.fixture
def rate(settings):
    settings.PASSWORD_RESET_RATE = {"per_email": 3, "per_client": 5, "window": 3600}
    return settings.PASSWORD_RESET_RATE


def _ask(client, email, address="198.51.100.1"):
    return client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=address)


def test_past_the_limit_per_address_no_email_and_a_calm_message(client, rate):
    user = UserFactory(email="iemand@example.nl")
    statuses = [_ask(client, user.email).status_code for _ in range(rate["per_email"])]
    assert statuses == [302] * rate["per_email"] and len(mail.outbox) == rate["per_email"]
    refused = _ask(client, user.email.upper(), address="198.51.100.2")  # another client, same address
    assert refused.status_code == 429
    assert CALM in refused.content.decode()
    assert len(mail.outbox) == rate["per_email"]


def test_a_known_and_an_unknown_address_get_the_same_answers(client, rate):
    UserFactory(email="bekend@example.nl")
    known = [_ask(client, "bekend@example.nl", "198.51.100.1").status_code for _ in range(4)]
    unknown = [_ask(client, "onbekend@example.nl", "198.51.100.2").status_code for _ in range(4)]
    assert known == unknown == [302, 302, 302, 429]


def test_past_the_limit_per_client_no_email(client, rate):
    for number in range(rate["per_client"]):
        UserFactory(email=f"medewerker{number}@example.nl")
        assert _ask(client, f"medewerker{number}@example.nl").status_code == 302
    UserFactory(email="nog-een@example.nl")
    assert _ask(client, "nog-een@example.nl").status_code == 429
    assert len(mail.outbox) == rate["per_client"]
    assert _ask(client, "nog-een@example.nl", address="198.51.100.9").status_code == 302  # another client


def test_with_the_cache_down_the_reset_still_works_and_is_logged(client, rate, settings, caplog):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
    }
    user = UserFactory(email="iemand@example.nl")
    with caplog.at_level(logging.WARNING, logger="participatie.ratelimit"):
        response = _ask(client, user.email)
    assert response.status_code == 302 and len(mail.outbox) == 1
    assert "cache is unavailable" in caplog.text
