"""Fixtures shared by every app's tests, and the rules for tests that need services.

Tests that need Redis, a Celery worker, PostgreSQL or a browser skip with a reason when
the service is missing, unless REQUIRE_SERVICES=1 (CI), where a missing service fails.
"""

import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlparse

import pytest

from participatie.constants import Role
from participatie.tests.factories import GemeenteFactory, MembershipFactory, UserFactory

BASE_DIR = Path(__file__).resolve().parent
REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL") or os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def skip_or_fail(reason: str):
    """Skip a test whose service is missing; with REQUIRE_SERVICES=1 that is a failure instead."""
    if REQUIRE_SERVICES:
        pytest.fail(f"REQUIRE_SERVICES=1 but {reason}", pytrace=False)
    pytest.skip(reason)


def _redis_answers(url: str) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or 6379), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings):
    """Quick password hashing and a fresh cache for every test."""
    from django.core.cache import cache

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()


@pytest.fixture(autouse=True)
def _force_login_passes_both_steps(monkeypatch):
    """``client.force_login(user)`` stands for a completed login: password and the second step.

    Staff pages stay closed to a session without a verified device (participatie/accounts/middleware.py);
    a forced login gets one, like a person who typed the code. ``force_login(user, verified=False)`` stops
    after the password, for the tests of the second step itself.
    """
    from django.test import Client

    from participatie.accounts.testing import force_login_verified

    monkeypatch.setattr(Client, "force_login", force_login_verified)


def browser_login(page, base_url: str, user, password: str) -> None:
    """Log a browser page in as a person would: e-mail address, password, then the code from the app.

    The user gets the known test device (participatie.accounts.testing) when they have none.
    """
    from participatie.accounts.testing import fresh_totp_code, give_device

    device = give_device(user)
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=username]", user.email)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.click("main button[type=submit]")
    if "/accounts/twee-stappen/" in page.url:
        page.fill("input[name=code]", fresh_totp_code(device))
        with page.expect_navigation():
            page.click("main button[type=submit]")
    assert "/accounts/" not in page.url, f"{user.email} could not log in: {page.locator('main').inner_text()}"


@pytest.fixture
def redis_url():
    """The URL of a running Redis for tests that need one."""
    if not _redis_answers(TEST_REDIS_URL):
        skip_or_fail(f"Redis does not answer at {TEST_REDIS_URL}")
    return TEST_REDIS_URL


@pytest.fixture
def postgres_db(db):
    """For tests that only mean something on PostgreSQL (row locks, concurrency)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        skip_or_fail("this test needs PostgreSQL (set DATABASE_URL=postgres://...)")


def _database_url_for_worker(request, tmp_path) -> str:
    """A DATABASE_URL that points a worker process at the test database.

    An in-memory SQLite test database cannot be shared with another process: a test that
    needs the worker to see its data then skips (PostgreSQL is used in CI); other tests
    give the worker a scratch SQLite file.
    """
    from django.db import connection

    s = connection.settings_dict
    scratch = f"sqlite:///{tmp_path / 'worker.sqlite3'}"
    if not ({"db", "transactional_db", "postgres_db"} & set(request.fixturenames)):
        return scratch  # the test shares no data with the worker
    if connection.vendor == "sqlite":
        name = str(s["NAME"] or "")
        if name and "memory" not in name:
            return f"sqlite:///{name}"
        skip_or_fail("a worker process cannot share an in-memory SQLite test database; use PostgreSQL")
    user = s.get("USER") or ""
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    auth = f"{user}{password}@" if user else ""
    return f"postgres://{auth}{s.get('HOST') or '127.0.0.1'}:{s.get('PORT') or 5432}/{s['NAME']}"


@pytest.fixture
def test_database_url(request, tmp_path) -> str:
    """A DATABASE_URL for another process (a worker, a web process) that must see this test's data."""
    return _database_url_for_worker(request, tmp_path)


@pytest.fixture
def celery_worker_env() -> dict:
    """Extra environment for ``celery_worker_process``; a test module overrides this fixture to change it."""
    return {}


@pytest.fixture
def celery_worker_process(request, redis_url, tmp_path, celery_worker_env):
    """A real ``celery -A participatie worker`` in a subprocess, on its own queue and Redis.

    Yields an object with ``send(task_name, *args)`` (returns an AsyncResult),
    ``email_dir`` (the worker's file e-mail backend writes there) and ``queue``.
    The worker uses the test database, so tests with it need ``transactional_db``.
    """
    from celery import Celery

    queue = f"test-{uuid.uuid4().hex[:10]}"
    email_dir = tmp_path / "emails"
    email_dir.mkdir()
    database_url = _database_url_for_worker(request, tmp_path)
    env = {
        **os.environ,
        "REDIS_URL": redis_url,
        "DATABASE_URL": database_url,
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(email_dir),
        "DEBUG": "0",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "test-only-secret-key-not-for-production"),
        **celery_worker_env,
    }
    celery_bin = str(Path(sys.executable).with_name("celery"))
    log_path = tmp_path / "worker.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [celery_bin, "-A", "participatie", "worker", "--pool=solo", "-Q", queue, "--loglevel=INFO",
             "--without-gossip", "--without-mingle", "--without-heartbeat"],
            cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
    client = Celery(broker=redis_url, backend=redis_url)

    class Worker:
        def __init__(self):
            self.queue = queue
            self.email_dir = email_dir
            self.process = process
            self.log_path = log_path

        def send(self, task_name, *args, **kwargs):
            return client.send_task(task_name, args=args, kwargs=kwargs, queue=queue)

        def log(self) -> str:
            return log_path.read_text(errors="replace")

    worker = Worker()
    # Wait until the worker is ready, so a slow start is not mistaken for a failure.
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and "ready." not in worker.log():
        if process.poll() is not None:
            pytest.fail(f"Celery worker exited early:\n{worker.log()}")
        time.sleep(0.2)
    try:
        yield worker
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        client.close()
        if not database_url.startswith("sqlite"):
            _wait_for_other_sessions_to_end()


def _wait_for_other_sessions_to_end(timeout: float = 10) -> None:
    """PostgreSQL ends a dead worker's session a moment after the process exits; wait for that,
    so the test database can be dropped at the end of the run."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            if cursor.fetchone()[0] == 0:
                return
        time.sleep(0.2)


@pytest.fixture
def live_server(transactional_db):
    """pytest-django's live server, but one per test: it stops (closing its database
    connections) before the test database is dropped, which the session-wide one does not."""
    from pytest_django.live_server_helper import LiveServer

    server = LiveServer("127.0.0.1:0")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def chromium_path():
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        skip_or_fail(f"Debian's chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    return CHROMIUM


@pytest.fixture
def browser_page(chromium_path, settings, live_server):
    """A Playwright page in headless Debian chromium (never a downloaded browser).

    It depends on ``live_server`` so the browser closes (and its keep-alive connections with it)
    before the server stops; otherwise a server thread keeps a database session open."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_or_fail("Playwright for Python is not installed")
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    # Playwright's sync API runs an event loop; Django refuses sync ORM calls while one runs.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )  # fmt: skip
        context = browser.new_context(locale="nl-NL")
        page = context.new_page()
        try:
            yield page
        finally:
            context.close()
            browser.close()
            # Playwright runs the test in a greenlet of its own, which Django treats as a separate
            # context with its own database connection; close it, or the test database cannot be dropped.
            from django.db import connections

            connections.close_all()


# Users in a role -----------------------------------------------------------------------


@pytest.fixture
def gemeente(db):
    return GemeenteFactory(name="Middelburg", slug="middelburg", cbs_code="GM0687")


@pytest.fixture
def other_gemeente(db):
    return GemeenteFactory(name="Pekela", slug="pekela", cbs_code="GM0765")


def _member(gemeente, role):
    user = UserFactory()
    MembershipFactory(user=user, gemeente=gemeente, role=role)
    return user


@pytest.fixture
def policy_officer(gemeente):
    """A beleidsambtenaar of ``gemeente``."""
    return _member(gemeente, Role.POLICY_OFFICER)


@pytest.fixture
def coordinator(gemeente):
    """A coordinator of ``gemeente``."""
    return _member(gemeente, Role.COORDINATOR)


@pytest.fixture
def council_member(gemeente):
    """An adviesraadlid of ``gemeente``."""
    return _member(gemeente, Role.COUNCIL_MEMBER)


@pytest.fixture
def other_policy_officer(other_gemeente):
    """A beleidsambtenaar of ``other_gemeente``."""
    return _member(other_gemeente, Role.POLICY_OFFICER)


@pytest.fixture
def staff_user(db):
    return UserFactory(is_staff=True, is_superuser=True)
