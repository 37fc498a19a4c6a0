"""Fixtures for the browser tests that run against the demo data.

Seeding the demo data costs seconds, so a module seeds it once into a live server and shares
one chromium between its tests; at the end of the module the database is emptied again, as
pytest-django's ``transactional_db`` does after each test.
"""

import os
from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
DEMO_PASSWORD = "demo"  # seed_demo gives every demo account this password (README)
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip


@pytest.fixture(scope="module")
def demo_server(django_db_setup, django_db_blocker):
    """A live server over the committed demo data, for the whole module."""
    from django.core.management import call_command
    from django.db import connections
    from django.test.utils import override_settings

    from pytest_django.live_server_helper import LiveServer

    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop
    with (
        django_db_blocker.unblock(),
        override_settings(
            ALLOWED_HOSTS=["127.0.0.1", "localhost"],
            SESSION_COOKIE_SECURE=False,
            CSRF_COOKIE_SECURE=False,
            # The hasher every test uses (root conftest), so the demo accounts' password checks out.
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        ),
    ):
        call_command("seed_demo", force=True, verbosity=0)
        server = LiveServer("127.0.0.1:0")
        try:
            yield server
        finally:
            server.stop()
            connections.close_all()
            call_command("flush", interactive=False, verbosity=0)


@pytest.fixture(scope="module")
def chromium(chromium_path):
    """One headless Debian chromium for the module (never a downloaded browser)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        from conftest import skip_or_fail

        skip_or_fail("Playwright for Python is not installed")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def screenshots(request):
    """A folder under test-artifacts/ for this test's screenshots; kept, so a failure can be looked at."""
    folder = ARTIFACTS / request.node.name.replace("/", "_")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def login(context, base_url: str, email: str) -> None:
    """Log a browser context in through the login form, as a person would."""
    page = context.new_page()
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name="Inloggen").click()
    # The second step: every demo account has the known secret that seed_demo prints.
    if "/accounts/twee-stappen/" in page.url:
        from participatie.accounts.testing import next_demo_code

        page.get_by_label("Code uit de app of een reservecode").fill(next_demo_code(email))
        with page.expect_navigation():
            page.locator("main").get_by_role("button", name="Inloggen").click()
    assert "/accounts/" not in page.url, f"{email} could not log in: {page.locator('main').inner_text()}"
    page.close()
