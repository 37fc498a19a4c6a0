"""Browser smoke test: the login page renders in Debian's chromium and a demo user logs in by keyboard."""

from pathlib import Path

import pytest

from participatie.constants import Role
from participatie.tests.factories import GemeenteFactory, MembershipFactory, UserFactory

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_login_page_renders_and_a_user_logs_in(browser_page, live_server):
    gemeente = GemeenteFactory(name="Middelburg", slug="middelburg", cbs_code="GM0687")
    user = UserFactory(email="beleid@middelburg.demo", password="demo-wachtwoord")
    MembershipFactory(user=user, gemeente=gemeente, role=Role.POLICY_OFFICER)
    page = browser_page

    page.goto(f"{live_server.url}/accounts/login/")
    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.locator("h1").inner_text() == "Inloggen"

    # The skip link is the first thing a keyboard user reaches.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"

    page.get_by_label("E-mailadres").fill("beleid@middelburg.demo")
    page.get_by_label("Wachtwoord").fill("demo-wachtwoord")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/")
    assert "Welkom" in page.locator("h1").inner_text()
    assert "Middelburg" in page.content()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "dashboard.png"), full_page=True)
