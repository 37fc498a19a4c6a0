"""A resident fills in a survey with the keyboard only, in Debian's chromium."""

import pytest

from surveys.constants import QuestionType, ResponseStatus
from surveys.models import Answer, Response
from surveys.tests.builders import AGREE, add_question, add_rule, add_section
from surveys.tests.factories import OpenSurveyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def tab_to(page, selector, limit=80, key="Tab"):
    """Press Tab (or Shift+Tab) until the element matching ``selector`` has the focus."""
    for _ in range(limit):
        page.keyboard.press(key)
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_fill_in_by_keyboard_only(browser_page, live_server, gemeente):
    survey = OpenSurveyFactory(gemeente=gemeente, title="Ervaringen met cliëntondersteuning")
    one = add_section(survey, "Over u")
    add_question(one, "naam", QuestionType.SHORT_TEXT, "Hoe wilt u genoemd worden?", is_required=False)
    gebruik = add_question(one, "gebruik", QuestionType.YES_NO, "Heeft u cliëntondersteuning gebruikt?")
    add_question(one, "leeftijd", QuestionType.NUMBER, "Hoe oud bent u?", min_value=0, max_value=120)
    two = add_section(survey, "Uw ervaring")
    add_rule(gebruik, ["ja"], section=two)
    add_question(
        two, "kaart", QuestionType.MATRIX, "Wat vindt u hiervan?", options=AGREE, off_scale=("wn", "Weet niet"),
        statements=[("s1", "Ik werd goed geholpen."), ("s2", "Ik wist waar ik terecht kon.")],
    )  # fmt: skip
    page = browser_page
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(f"{live_server.url}/surveys/v/{survey.public_token}/")
    assert page.locator("h1").inner_text() == "Ervaringen met cliëntondersteuning"
    tab_to(page, "a.btn-primary")
    page.keyboard.press("Enter")
    page.wait_for_url("**/deel/**")
    assert "Stap 1 van 1" in page.content()  # page two is hidden until "ja"

    # Send the empty page: the error summary gets the focus and links to the fields.
    tab_to(page, "button[value=next]")
    page.keyboard.press("Enter")
    page.wait_for_selector("[data-error-summary]")
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    assert "Beantwoord deze vraag." in page.inner_text("[data-error-summary]")
    tab_to(page, "[data-error-summary] a")
    page.keyboard.press("Enter")  # the first link: to the yes/no question, which gets the focus
    assert page.evaluate("location.hash").endswith("_0")
    assert page.evaluate("document.activeElement.type") == "radio"

    # Fill in: choose "Ja" with the keyboard, type the age, go back up for the name.
    page.keyboard.press("Space")
    tab_to(page, "input[inputmode=numeric]")
    page.keyboard.type("81")
    tab_to(page, "input[type=text]:not([tabindex='-1'])", key="Shift+Tab")
    page.keyboard.type("Anna")
    page.keyboard.press("Enter")
    page.wait_for_selector("text=Stap 2 van 2")
    assert page.locator("fieldset.matrix-statement legend").first.inner_text() == "Ik werd goed geholpen."

    # Matrix: Tab into each statement's scale, arrow keys move along it.
    tab_to(page, "fieldset.matrix-statement input[type=radio]")
    page.keyboard.press("Space")  # helemaal mee eens
    tab_to(page, "fieldset.matrix-statement:nth-of-type(2) input[type=radio]")
    page.keyboard.press("End")
    page.keyboard.press("Space")
    for _ in range(5):
        if page.evaluate("document.activeElement.closest('.off-scale') !== null"):
            break
        page.keyboard.press("ArrowRight")
    tab_to(page, "button[value=next]")
    page.keyboard.press("Enter")
    page.wait_for_url("**/overzicht/")
    summary = page.inner_text("main")
    assert "Anna" in summary and "81" in summary and "Ik werd goed geholpen. – Helemaal mee eens" in summary
    tab_to(page, "form.survey-form button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url("**/bedankt/")
    assert "Bedankt voor het invullen" in page.inner_text("h1")
    # No horizontal scrolling at 320 px.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    response = Response.objects.get()
    assert response.status == ResponseStatus.COMPLETE
    assert Answer.objects.get(question__code="naam").text_value == "Anna"
    assert Answer.objects.get(question__code="gebruik").option.code == "ja"
    assert Answer.objects.get(question__code="kaart", statement__code="s1").option.code == "1"
    assert Answer.objects.get(question__code="kaart", statement__code="s2").option.code == "wn"


def test_the_last_page_sends_by_keyboard(browser_page, live_server, gemeente, tmp_path):
    """One page: Tab past the questions and the help question to "Versturen"; Enter sends, nothing in between."""
    survey = OpenSurveyFactory(gemeente=gemeente, title="Het nieuwe loket")
    page_one = add_section(survey, "Uw mening")
    add_question(page_one, "tevreden", QuestionType.YES_NO, "Bent u tevreden over het loket?")
    page = browser_page
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(f"{live_server.url}/surveys/v/{survey.public_token}/")
    tab_to(page, "a.btn-primary")
    page.keyboard.press("Enter")
    page.wait_for_url("**/deel/**")
    tab_to(page, "input[type=radio]")
    page.keyboard.press("Space")  # ja
    buttons = page.eval_on_selector_all(".survey-nav button", "els => els.map(e => e.innerText.trim())")
    assert buttons == ["Versturen", "Eerst mijn antwoorden bekijken"]  # send first: the primary action
    tab_to(page, "button[value=send]")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none"), "the focused send button shows its focus"
    page.screenshot(path=tmp_path / "last-page.png", full_page=True)
    page.keyboard.press("Enter")
    page.wait_for_url("**/bedankt/")
    assert "Bedankt voor het invullen" in page.inner_text("h1")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    response = Response.objects.get()
    assert (response.status, response.answers.get().option.code) == (ResponseStatus.COMPLETE, "ja")
