"""The results page in a real browser: it renders its charts and tables and fits a phone screen."""

import os

import pytest

from conftest import browser_login
from surveys.tests.results_data import build_hand_survey

SIDEWAYS_JS = "document.documentElement.scrollWidth - document.documentElement.clientWidth"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_results_page_charts_tables_and_reflow(browser_page, live_server, policy_officer, gemeente):
    survey, _q, _responses = build_hand_survey(gemeente)
    page = browser_page
    browser_login(page, live_server.url, policy_officer, "geheim-wachtwoord")

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/surveys/{survey.pk}/resultaten/")
    assert page.locator("figure.results-chart svg").count() >= 4
    assert "66,7%" in page.locator("main").inner_text()
    if os.environ.get("RESULTS_SCREENSHOT"):
        page.screenshot(path=os.environ["RESULTS_SCREENSHOT"], full_page=True)

    page.set_viewport_size({"width": 320, "height": 700})
    page.goto(f"{live_server.url}/surveys/{survey.pk}/resultaten/?uitsplitsen=groep")
    assert page.evaluate(SIDEWAYS_JS) <= 0
