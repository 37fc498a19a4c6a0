"""Browser smoke test: the login page renders in Debian's chromium; a user logs in, sets up two-step login and
logs in again with a code from the app."""

from base64 import b32decode
from pathlib import Path

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from participatie.accounts.testing import fresh_totp_code, totp_code
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

    # First login: set up two-step login. The key is on the page for who cannot scan the QR code.
    page.wait_for_url("**/accounts/twee-stappen/instellen/**")
    assert page.locator("h1").inner_text() == "Inloggen in twee stappen instellen"
    assert page.locator(".two-factor-qr svg").is_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "two-factor-setup.png"), full_page=True)
    key = b32decode(page.locator("[data-two-factor-key]").inner_text().replace(" ", "")).hex()

    # A wrong code: the error summary, in Dutch, takes the focus.
    page.get_by_label("Code uit de app").fill("000000" if totp_code(key) != "000000" else "111111")
    page.get_by_role("button", name="Code controleren").click()
    page.wait_for_selector("[data-error-summary]")
    assert "Deze code klopt niet" in page.inner_text("[data-error-summary]")
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")

    page.get_by_label("Code uit de app").fill(totp_code(key))
    page.get_by_role("button", name="Code controleren").click()
    page.wait_for_url("**/accounts/twee-stappen/reservecodes/**")
    assert page.locator("[data-backup-codes] li").count() == 10
    page.screenshot(path=str(ARTIFACTS / "two-factor-backup-codes.png"), full_page=True)
    page.get_by_role("link", name="Ik heb de codes bewaard, verder").click()
    page.wait_for_url(f"{live_server.url}/")
    assert "Welkom" in page.locator("h1").inner_text()
    assert "Middelburg" in page.content()
    page.screenshot(path=str(ARTIFACTS / "dashboard.png"), full_page=True)

    # The next login: password, then the code from the app.
    context = page.context.browser.new_context(locale="nl-NL")
    try:
        again = context.new_page()
        again.goto(f"{live_server.url}/roadmap/")
        again.get_by_label("E-mailadres").fill("beleid@middelburg.demo")
        again.get_by_label("Wachtwoord").fill("demo-wachtwoord")
        again.keyboard.press("Enter")
        again.wait_for_url("**/accounts/twee-stappen/?next=**")
        assert again.locator("h1").inner_text() == "Inloggen: tweede stap"
        again.screenshot(path=str(ARTIFACTS / "two-factor-verify.png"), full_page=True)
        device = TOTPDevice.objects.get(user=user)
        again.get_by_label("Code uit de app of een reservecode").fill(fresh_totp_code(device))
        again.keyboard.press("Enter")
        again.wait_for_url(f"{live_server.url}/roadmap/")
    finally:
        context.close()
