"""A volunteer enters paper cards by keyboard only, in Debian's chromium (surveys/fieldwork)."""

from pathlib import Path

import pytest

from participatie.models import User
from surveys.constants import QuestionType, ResponseChannel
from surveys.models import Answer, EntryAssignment, Response, ResponseEntry
from surveys.tests.builders import AGREE, add_question, add_rule, add_section
from surveys.tests.factories import OpenSurveyFactory
from surveys.tests.test_browser import tab_to
from tests_e2e.axe import add_axe, axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "fieldwork"


def serious(violations):
    return [violation for violation in violations if violation["impact"] in ("serious", "critical")]


def build_card(gemeente):
    survey = OpenSurveyFactory(gemeente=gemeente, title="Ervaringenkaart cliëntondersteuning")
    one = add_section(survey, "Over u")
    add_question(one, "leeftijd", QuestionType.NUMBER, "Hoe oud bent u?", min_value=0, max_value=120)
    gebruik = add_question(one, "gebruik", QuestionType.YES_NO, "Heeft u een cliëntondersteuner gehad?")
    two = add_section(survey, "Uw cliëntondersteuner")
    add_rule(gebruik, ["ja"], section=two)
    add_question(two, "bereikbaar", QuestionType.SCALE, "Mijn ondersteuner was goed bereikbaar.", options=AGREE)
    three = add_section(survey, "Wat vindt u belangrijk?")
    add_question(
        three, "belang", QuestionType.MATRIX, "Hoe belangrijk vindt u dit?", options=AGREE, off_scale=("wn", "Weet niet"),
        statements=[("s1", "Dat ik snel geholpen word."), ("s2", "Dat ik zelf mag kiezen.")],
    )  # fmt: skip
    add_question(three, "cijfer", QuestionType.SCALE, "Welk cijfer geeft u?", scale_kind="rapportcijfer")
    return survey


def test_a_volunteer_enters_cards_by_keyboard_only(browser_page, live_server, gemeente):
    survey = build_card(gemeente)
    volunteer = User.objects.create_user(email="vrijwilliger@example.nl", password="geheim-wachtwoord-1")
    EntryAssignment.objects.create(survey=survey, user=volunteer)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page = browser_page
    add_axe(page.context)
    page.set_viewport_size({"width": 1280, "height": 900})

    # Log in; the start page sends the entry-only account to its own list of surveys.
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("E-mailadres").fill("vrijwilliger@example.nl")
    page.get_by_label("Wachtwoord").fill("geheim-wachtwoord-1")
    page.keyboard.press("Enter")
    page.wait_for_url("**/surveys/invoer/")
    tab_to(page, "a.btn-primary")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/surveys/{survey.pk}/invoer/")
    page.wait_for_selector("[data-route-ready]")
    # The route of an empty card: the supporter's section is for "ja" only, so it starts grey and off.
    assert page.locator(".entry-skipped input").first.is_disabled()
    assert serious(axe_violations(page)) == []

    def enter_card(number, *, gebruik):
        # The card number has the focus on arrival; then Tab follows the paper, codes choose answers.
        assert page.evaluate("document.activeElement.name") == "card_number"
        page.keyboard.type(number)
        page.keyboard.press("Tab")  # channel: papier (1) is chosen already
        page.keyboard.press("Tab")
        page.keyboard.type("81")  # 1. Hoe oud bent u?
        page.keyboard.press("Tab")
        page.keyboard.type(gebruik)  # 2. ja / nee, by its code
        page.keyboard.press("Tab")
        if gebruik == "ja":
            page.keyboard.type("2")  # 3. bereikbaar: mee eens
            page.keyboard.press("Tab")
        page.keyboard.type("1")  # 4. s1
        page.keyboard.press("Tab")
        page.keyboard.type("wn")  # 4. s2: weet niet (a code of two characters)
        page.keyboard.press("Tab")
        page.keyboard.type("10")  # 5. rapportcijfer 10 (not 1)
        page.screenshot(path=str(ARTIFACTS / f"card-{number}.png"), full_page=True)
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.type") == "submit"
        with page.expect_navigation():
            page.keyboard.press("Enter")

    enter_card("101", gebruik="nee")
    assert "Kaart 101 is opgeslagen" in page.inner_text(".messages")
    assert "Vandaag ingevoerd: 1 kaart" in page.inner_text("[data-entry-count]")
    enter_card("102", gebruik="ja")
    assert "Vandaag ingevoerd: 2 kaarten" in page.inner_text("[data-entry-count]")

    # The same number again: refused, with the error summary; what was typed stays.
    enter_card("101", gebruik="nee")
    assert "Kaart 101 is al ingevoerd" in page.inner_text("[data-error-summary]")
    page.screenshot(path=str(ARTIFACTS / "card-duplicate.png"), full_page=True)
    assert serious(axe_violations(page)) == []
    page.goto(f"{live_server.url}/surveys/{survey.pk}/papier/?groot=1")
    assert serious(axe_violations(page)) == []

    first = ResponseEntry.objects.get(survey=survey, card_number=101).response
    second = ResponseEntry.objects.get(survey=survey, card_number=102).response
    assert Response.objects.filter(survey=survey).count() == 2
    assert first.channel == ResponseChannel.PAPER
    answers = {
        (a.question.code, a.statement.code if a.statement else None): a for a in Answer.objects.filter(response=first)
    }
    assert set(answers) == {("leeftijd", None), ("gebruik", None), ("belang", "s1"), ("belang", "s2"), ("cijfer", None)}
    assert answers[("gebruik", None)].option.code == "nee"
    assert answers[("belang", "s2")].option.code == "wn"
    assert answers[("cijfer", None)].option.code == "10"
    assert Answer.objects.get(response=second, question__code="bereikbaar").option.code == "2"
