"""A resident chooses Frysk on the start page and answers a question page in Frisian, in Debian's chromium."""

from pathlib import Path

import pytest

from surveys.constants import ResponseStatus
from surveys.models import Response
from surveys.tests.test_fieldwork_languages import _build, _frisian
from tests_e2e.axe import add_axe, axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "fieldwork-frysk"


def test_the_frisian_start_page_and_a_question_page(browser_page, live_server, gemeente):
    survey = _frisian(_build(gemeente))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page = browser_page
    add_axe(page.context)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/surveys/v/{survey.public_token}/")
    assert page.locator("h1").inner_text() == "Hulp in de wijk"
    page.get_by_role("link", name="Frysk").click()
    page.wait_for_url("**?taal=fy")
    assert page.locator("h1").inner_text() == "Help yn de wyk"
    assert page.evaluate("document.documentElement.lang") == "fy"
    assert page.locator("[aria-current=true]").inner_text() == "Frysk"
    assert axe_violations(page) == []
    page.screenshot(path=str(ARTIFACTS / "start-fy.png"), full_page=True)
    page.get_by_role("link", name="Begjinne").click()
    page.wait_for_url("**/deel/**")
    assert "Krije jo help?" in page.content() and "Wat is uw wijk?" in page.content()  # K2: Dutch fallback
    # The one page is the last: it offers sending ("Ferstjoere") and the overview first.
    page.get_by_role("button", name="Ferstjoere").click()
    page.wait_for_selector("[data-error-summary]")
    assert "Kies in antwurd." in page.inner_text("[data-error-summary]")
    assert axe_violations(page) == []
    page.screenshot(path=str(ARTIFACTS / "question-fy.png"), full_page=True)
    page.get_by_label("Nee, dat krij ik net").check()
    page.get_by_role("button", name="Earst myn antwurden besjen").click()
    page.wait_for_url("**/overzicht/")
    page.get_by_role("button", name="Ferstjoere").click()
    page.wait_for_url("**/bedankt/")
    assert "Tank foar it ynfoljen" in page.content()
    assert Response.objects.get(survey=survey).language == "fy"
    assert Response.objects.get(survey=survey).status == ResponseStatus.COMPLETE
