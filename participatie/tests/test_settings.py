"""Settings are read from the environment; each case starts a fresh interpreter."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from participatie.celery import app as celery_app

BASE_DIR = Path(__file__).resolve().parents[2]
PROBE = (
    "import json, django; from django.conf import settings; django.setup();"
    "print(json.dumps({'eager': settings.CELERY_TASK_ALWAYS_EAGER, 'broker': settings.CELERY_BROKER_URL,"
    "'cache': settings.CACHES['default']['BACKEND'], 'db': settings.DATABASES['default']['ENGINE']}))"
)


def _run(**env_overrides):
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "REDIS_URL", "DATABASE_URL"}}
    env.update({"DJANGO_SETTINGS_MODULE": "participatie.settings", "ENV_FILE": ""}, **env_overrides)
    return subprocess.run(
        [sys.executable, "-c", PROBE], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=60
    )


def test_missing_secret_key_with_debug_off_stops_start_up():
    result = _run(DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_debug_on_runs_without_secret_key_in_embedded_mode():
    result = _run(DEBUG="1")
    assert result.returncode == 0, result.stderr
    probe = json.loads(result.stdout)
    assert probe == {
        "eager": True,
        "broker": "memory://",
        "cache": "django.core.cache.backends.locmem.LocMemCache",
        "db": "django.db.backends.sqlite3",
    }


def test_redis_url_selects_redis_for_broker_and_cache():
    result = _run(DEBUG="0", SECRET_KEY="x" * 50, REDIS_URL="redis://127.0.0.1:6379/5")
    assert result.returncode == 0, result.stderr
    probe = json.loads(result.stdout)
    assert probe["eager"] is False
    assert probe["broker"] == "redis://127.0.0.1:6379/5"
    assert probe["cache"] == "django.core.cache.backends.redis.RedisCache"


def test_database_url_selects_postgresql():
    result = _run(DEBUG="1", DATABASE_URL="postgres://u:p@127.0.0.1:5432/x")
    assert json.loads(result.stdout)["db"] == "django.db.backends.postgresql"


def test_every_beat_entry_names_a_registered_task(settings):
    celery_app.loader.import_default_modules()
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        assert entry["task"] in celery_app.tasks, f"beat entry {name} names an unknown task {entry['task']}"


@pytest.mark.redis
@pytest.mark.worker
def test_a_real_worker_executes_a_task_through_redis(celery_worker_process):
    result = celery_worker_process.send("participatie.tasks.ping", "hallo")
    assert result.get(timeout=60) == "pong:hallo", celery_worker_process.log()


PRODUCTION_ENV = {
    # The production profile of README/.env.example: only what an operator must set; the SECURE_* settings
    # (HTTPS redirect, HSTS, secure cookies) are left to their DEBUG-off defaults.
    "DEBUG": "0",
    "SECRET_KEY": "Vb7kq2hP9sLx4tRw1nZc8yJm3fGd6aQe5uKo0iTj-XhWpBvN_rCsE",
    "ALLOWED_HOSTS": "participatie.example.nl",
    "USE_X_FORWARDED_PROTO": "1",
    "DJANGO_SETTINGS_MODULE": "participatie.settings",
    "ENV_FILE": "",
}


def _production_env(**overrides):
    # The test run's own defaults (pytest.ini: DEBUG=0 but no HTTPS redirect, no secure cookies) stay out, and
    # so does DJANGO_ALLOW_ASYNC_UNSAFE, which the browser tests set for Playwright's event loop.
    left_out = ("SECURE_", "SECRET_KEY", "DEBUG", "REDIS_", "DJANGO_ALLOW_ASYNC_UNSAFE")
    env = {k: v for k, v in os.environ.items() if not k.startswith(left_out)}
    env.update(PRODUCTION_ENV, **overrides)
    return env


def test_check_deploy_is_clean_in_the_production_profile():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=_production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


SECURITY_PROBE = (
    "import json, django; from django.conf import settings; django.setup();"
    "print(json.dumps({'redirect': settings.SECURE_SSL_REDIRECT, 'hsts': settings.SECURE_HSTS_SECONDS,"
    "'proxy': getattr(settings, 'SECURE_PROXY_SSL_HEADER', None), 'cookies': settings.SESSION_COOKIE_SECURE}))"
)


def _security_settings(**overrides):
    result = subprocess.run(
        [sys.executable, "-c", SECURITY_PROBE],
        cwd=BASE_DIR,
        env=_production_env(**overrides),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_defaults_to_https_redirect_and_hsts():
    assert _security_settings() == {
        "redirect": True,
        "hsts": 31536000,
        "proxy": ["HTTP_X_FORWARDED_PROTO", "https"],
        "cookies": True,
    }


def test_debug_has_no_https_redirect_and_no_hsts():
    probe = _security_settings(DEBUG="1", USE_X_FORWARDED_PROTO="0")
    assert probe == {"redirect": False, "hsts": 0, "proxy": None, "cookies": False}


def test_hsts_and_redirect_can_be_switched_off():
    probe = _security_settings(SECURE_HSTS_SECONDS="0", SECURE_SSL_REDIRECT="0")
    assert probe["hsts"] == 0
    assert probe["redirect"] is False
