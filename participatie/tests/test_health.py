"""Health URLs: "ok"/"not ok" for anyone, readiness fails on each missing dependency."""

from django.db import OperationalError, connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.urls import reverse

import pytest


def test_liveness_answers_ok_without_touching_the_database(client):
    # No django_db mark: any query would raise.
    response = client.get(reverse("health-live"))
    assert response.status_code == 200
    assert response.content == b"ok"
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_readiness_is_ok_with_a_migrated_database_and_no_redis(client, settings):
    settings.REDIS_URL = ""
    response = client.get(reverse("health-ready"))
    assert response.status_code == 200
    assert response.content == b"ok"


@pytest.mark.django_db
def test_readiness_is_not_ok_when_redis_does_not_answer(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # a closed port
    response = client.get(reverse("health-ready"))
    assert response.status_code == 503
    assert response.content == b"not ok"


@pytest.mark.django_db
@pytest.mark.redis
def test_readiness_is_ok_with_redis_answering(client, settings, redis_url):
    settings.REDIS_URL = redis_url
    response = client.get(reverse("health-ready"))
    assert response.status_code == 200


@pytest.mark.django_db
def test_readiness_is_not_ok_with_an_unapplied_migration(client, settings):
    settings.REDIS_URL = ""
    # As after a deploy whose migrate has not run: the database lacks the newest migration of an app.
    latest = max(name for app, name in MigrationLoader(connection).graph.leaf_nodes() if app == "surveys")
    MigrationRecorder(connection).record_unapplied("surveys", latest)
    response = client.get(reverse("health-ready"))
    assert response.status_code == 503
    assert response.content == b"not ok"


@pytest.mark.django_db
def test_readiness_is_not_ok_when_the_database_fails_and_says_nothing_more(client, settings, monkeypatch):
    settings.REDIS_URL = ""

    def refuse(*args, **kwargs):
        raise OperationalError("connection to server at 10.0.0.5 failed: secret detail")

    monkeypatch.setattr("django.db.backends.base.base.BaseDatabaseWrapper.cursor", refuse)
    response = client.get(reverse("health-ready"))
    assert response.status_code == 503
    assert response.content == b"not ok"


@pytest.mark.django_db
def test_health_urls_are_exempt_from_the_https_redirect(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.REDIS_URL = ""
    assert client.get("/").status_code == 301
    assert client.get(reverse("health-live")).status_code == 200
    assert client.get(reverse("health-ready")).status_code == 200
