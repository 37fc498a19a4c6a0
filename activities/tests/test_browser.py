"""An officer enters one klantreis interview with the keyboard only, in Debian's chromium."""

import pytest

from activities import services
from activities.models import JourneyInterview
from activities.tests.factories import ActivityFactory
from conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def tab_to(page, selector, limit=120, key="Tab"):
    """Press Tab (or Shift+Tab) until the element matching ``selector`` has the focus."""
    for _ in range(limit):
        page.keyboard.press(key)
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_enter_one_interview_by_keyboard(browser_page, live_server, gemeente, policy_officer, tmp_path):
    activity = ActivityFactory(gemeente=gemeente, title="Klantreis Veere", method="klantreis")
    journey = services.journey_create(
        gemeente=gemeente, title="Klantreis CO", activity=activity, phases=["Eerste contact", "Besluit"]
    )
    first, second = journey.phases.all()
    bejegening = journey.aspects.first()
    policy_officer.set_password("geheim-wachtwoord-1")
    policy_officer.save()

    page = browser_page
    browser_login(page, live_server.url, policy_officer, "geheim-wachtwoord-1")
    page.goto(f"{live_server.url}/activiteiten/klantreizen/{journey.pk}/interviews/nieuw/")
    assert page.locator("h1").inner_text() == "Interview invoeren"

    # Send with no consent first: the error summary says what is missing, in Dutch.
    tab_to(page, "input[name=pseudonym]")
    page.keyboard.type("Mevrouw A")
    page.keyboard.press("Tab")
    page.keyboard.type("Anja")
    page.keyboard.press("Tab")
    page.keyboard.type("01032026")  # the date field takes the digits in the browser's order
    tab_to(page, f"select[name=rating_{first.pk}_{bejegening.pk}]")
    page.keyboard.type("4")  # a select jumps to the option starting with what is typed
    page.keyboard.press("Tab")
    page.keyboard.type("n")  # n.v.t.
    tab_to(page, f"textarea[name=quote_{first.pk}]")
    page.keyboard.type("Ze luisterde echt.")
    tab_to(page, f"select[name=rating_{second.pk}_{bejegening.pk}]")
    page.keyboard.type("2")
    tab_to(page, "button[type=submit]:not([name])")
    page.keyboard.press("Enter")
    page.wait_for_selector("[data-error-summary]")
    assert "Zonder toestemming kan het interview niet worden opgeslagen." in page.inner_text("[data-error-summary]")
    assert not JourneyInterview.objects.exists()

    # What was typed is still there; tick consent with the space bar and send.
    assert page.input_value(f"select[name=rating_{first.pk}_{bejegening.pk}]") == "4"
    tab_to(page, "input[name=consent]")
    page.keyboard.press("Space")
    tab_to(page, "button[type=submit]:not([name])")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/klantreizen/{journey.pk}/")
    page.screenshot(path=str(tmp_path / "journey-map.png"), full_page=True)

    interview = JourneyInterview.objects.get()
    assert interview.pseudonym == "Mevrouw A" and interview.interviewer == "Anja"
    scores = {(r.phase_id, r.aspect_id): r.score for r in interview.ratings.all()}
    assert scores[(first.pk, bejegening.pk)] == 4 and scores[(second.pk, bejegening.pk)] == 2
    assert list(scores.values()).count(None) == 1
    assert interview.quotes.get().text == "Ze luisterde echt."
    assert "Ze luisterde echt." in page.content()
