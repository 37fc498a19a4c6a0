"""An officer builds part of a survey with the keyboard only, in Debian's chromium."""

from django.conf import settings
from django.test import Client

import pytest

from surveys.constants import QuestionType
from surveys.models import Question
from surveys.tests.factories import QuestionFactory, SectionFactory, SurveyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _tab_to(page, selector, limit=150, key="Tab"):
    """Press Tab until the element matching ``selector`` has the focus."""
    for _ in range(limit):
        page.keyboard.press(key)
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def _log_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}])


def test_officer_adds_and_moves_a_question_by_keyboard(browser_page, live_server, gemeente, policy_officer):
    survey = SurveyFactory(gemeente=gemeente, title="Peiling cliëntondersteuning")
    section = SectionFactory(survey=survey, title="Over u")
    QuestionFactory(section=section, position=0, code="B1", text="Eerste vraag?")
    page = browser_page
    page.set_viewport_size({"width": 320, "height": 700})
    _log_in(page, live_server, policy_officer)
    page.goto(f"{live_server.url}/surveys/{survey.pk}/")
    assert page.locator("h1").inner_text() == "Peiling cliëntondersteuning"

    _tab_to(page, "a[href*='/vragen/nieuw/']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/vragen/nieuw/**")

    # Submitting without a code and text: the error summary gets the focus.
    _tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_selector("[data-error-summary]")
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")

    _tab_to(page, "#id_code")
    page.keyboard.type("B2")
    _tab_to(page, "#id_text")
    page.keyboard.type("Hoe oud bent u?")
    _tab_to(page, "#id_question_type")
    page.select_option("#id_question_type", QuestionType.NUMBER)  # a select is operated with the arrow keys
    assert page.is_hidden("#id_options_text") and page.is_visible("#id_min_value")
    _tab_to(page, "#id_min_value")
    page.keyboard.type("0")
    _tab_to(page, "#id_max_value")
    page.keyboard.type("120")
    _tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/surveys/{survey.pk}/#question-*")
    question = Question.objects.get(survey=survey, code="B2")
    assert question.question_type == QuestionType.NUMBER and question.max_value == 120

    # Move it up with the "Up" button (a form button: works without JavaScript).
    _tab_to(page, f"form[action$='/vragen/{question.pk}/move/'] button")
    page.keyboard.press("Enter")
    page.wait_for_selector(".alert-success")
    assert [q.code for q in Question.objects.filter(section=section).order_by("position")] == ["B2", "B1"]
    page.screenshot(path="/tmp/shots-surveys/browser-builder-320.png", full_page=True)
