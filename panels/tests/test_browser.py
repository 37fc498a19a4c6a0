import pytest

from conftest import browser_login
from panels.constants import AdviesStatus
from panels.models import Advies


@pytest.mark.browser
def test_chair_drafts_and_sends_advice_in_the_browser(browser_page, live_server, orgaan, chair, make_advies):
    advies = make_advies(orgaan, subject="Beleidsplan jeugd")
    page = browser_page
    browser_login(page, live_server.url, chair, "geheim-wachtwoord")
    page.goto(f"{live_server.url}/panels/adviezen/{advies.pk}/")
    assert page.locator("h1").inner_text() == "Beleidsplan jeugd"
    page.get_by_role("link", name="Advies schrijven").click()

    # An empty draft is refused: the error summary appears and gets the focus.
    page.get_by_role("button", name="Concept opslaan").click()
    assert page.locator("[data-error-summary]").is_visible()
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")

    # Type the advice and submit with the keyboard (Enter on the button).
    page.locator("textarea[name=text]").focus()
    page.keyboard.type("Wij adviseren om jongeren zelf te laten meepraten.")
    page.get_by_role("button", name="Concept opslaan").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/panels/adviezen/{advies.pk}/")
    assert "In voorbereiding" in page.locator("main").inner_text()

    page.get_by_role("link", name="Advies uitbrengen").click()
    page.get_by_role("button", name="Advies uitbrengen").click()
    page.wait_for_url(f"**/panels/adviezen/{advies.pk}/")
    assert "Uitgebracht" in page.locator("main").inner_text()
    assert Advies.objects.get(pk=advies.pk).status == AdviesStatus.SENT
    # The timeline shows each step.
    assert page.locator(".panels-timeline li").count() == 3
