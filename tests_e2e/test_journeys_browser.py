"""Browser journeys over the demo data, as the people who use the portal go through it.

Screenshots of the key screens go to test-artifacts/<test name>/ (git-ignored), kept after a failure.
"""

import re
from urllib.parse import urlsplit

import openpyxl
import pytest

from tests_e2e.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db]  # demo data: committed once per module


@pytest.fixture(scope="module")
def demo_facts(demo_server):
    """Ids the journeys start from, read before any test opens a transaction (SQLite locks tables a test's
    open transaction has read, and the live server would then fail to write them)."""
    from panels.constants import AdviesStatus
    from panels.models import Advies
    from panels.selectors import advies_list_for_user
    from participatie.models import User
    from roadmap.constants import StepStatus
    from roadmap.models import Step

    officer = User.objects.get(email="beleid@middelburg.demo")
    step = (
        Step.objects.filter(traject__gemeente__slug="middelburg", status=StepStatus.NOT_STARTED)
        .order_by("traject_id", "number")
        .first()
    )
    member = User.objects.get(email="adviesraad@middelburg.demo")
    own = advies_list_for_user(user=member)
    requested = own.filter(status=AdviesStatus.REQUESTED).order_by("pk").first()
    other = Advies.objects.exclude(pk__in=own.values("pk")).order_by("pk").first()
    return {
        "officer_pk": officer.pk,
        "step": (step.traject_id, step.number),
        "requested_advies": requested.pk,
        "other_advies": other.pk,
    }


@pytest.fixture
def officer(demo_server, chromium):
    """A logged-in browser page for a demo account: officer(email)."""
    contexts = []

    def open_as(email, **options):
        context = chromium.new_context(locale="nl-NL", accept_downloads=True, **options)
        contexts.append(context)
        if email:
            login(context, demo_server.url, email)
        return context.new_page()

    yield open_as
    for context in contexts:
        context.close()


def test_journey_officer_answers_overdue_inbreng_and_it_reaches_the_public_page(demo_server, officer, screenshots):
    page = officer("beleid@middelburg.demo")
    page.goto(f"{demo_server.url}/feedback/?whose=all&status=te-laat")
    page.screenshot(path=screenshots / "1-overdue-list.png", full_page=True)
    first = page.locator("main table a[href^='/feedback/']").first
    title = first.inner_text()
    detail = first.get_attribute("href")
    page.goto(f"{demo_server.url}{detail}terugkoppeling/")
    page.check("input[name=outcome][value=overgenomen]")
    page.fill("textarea[name=what_was_done]", "De openingstijden van het loket zijn verruimd.")
    page.check("input[name=channel][value=website]")
    page.fill("textarea[name=public_summary]", "Het loket is nu ook op woensdagavond open.")
    page.check("input[name=is_published]")
    page.screenshot(path=screenshots / "2-terugkoppeling-form.png", full_page=True)
    with page.expect_navigation():
        page.get_by_role("button", name="Opslaan en terugkoppeling versturen").click()
    assert not page.locator("[data-error-summary]").count(), page.locator("main").inner_text()

    page.goto(f"{demo_server.url}/feedback/?whose=all&status=te-laat")
    assert title not in page.locator("main").inner_text(), "the answered inbreng is still on the overdue list"
    public = officer(None)
    public.goto(f"{demo_server.url}/g/middelburg/")
    public.screenshot(path=screenshots / "3-public-page.png", full_page=True)
    assert "Het loket is nu ook op woensdagavond open." in public.locator("main").inner_text()


def test_journey_coordinator_downloads_an_export_with_typed_columns(demo_server, officer, screenshots, tmp_path):
    page = officer("coordinator@middelburg.demo")
    page.goto(f"{demo_server.url}/exports/")
    page.screenshot(path=screenshots / "1-exports.png", full_page=True)
    card = page.locator(".card", has=page.get_by_role("heading", name="Trajecten (monitor)"))
    card.get_by_label("Excel (.xlsx)").check()
    with page.expect_download() as download_info:
        card.get_by_role("button", name=re.compile("Downloaden")).click()
    path = tmp_path / "trajecten.xlsx"
    download_info.value.save_as(path)

    sheet = openpyxl.load_workbook(path).active
    rows = list(sheet.iter_rows(values_only=True))
    header, data = rows[0], rows[1:]
    assert data, "the export has no rows"
    column = {name: header.index(name) for name in ("Gemeente", "Startdatum", "Stappen klaar", "Acties te laat")}
    for row in data:
        assert row[column["Gemeente"]] == "Middelburg"
        assert hasattr(row[column["Startdatum"]], "year"), "Startdatum must be a date cell"
        assert isinstance(row[column["Stappen klaar"]], int)
        assert isinstance(row[column["Acties te laat"]], int)


# Journey 1: a resident, keyboard only, on a phone ------------------------------------------------------

_FOCUS = """() => {
  const el = document.activeElement;
  const info = {tag: el.tagName, type: el.type || '', text: (el.innerText || el.value || '').trim().slice(0, 60),
                inSummary: !!el.closest('[data-error-summary]'), isSummary: el.matches('[data-error-summary]'),
                inQuestion: !!el.closest('.survey-question'), action: el.getAttribute('value') || ''};
  if (el.type === 'radio' || el.type === 'checkbox') {
    info.answered = el.form.querySelectorAll(`input[name="${el.name}"]:checked`).length > 0;
  }
  return info;
}"""


def _focus(page) -> dict:
    return page.evaluate(_FOCUS)


def _tab_to(page, matches, limit=150) -> dict:
    """Press Tab until the focused element matches; fail if it never does."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focus = _focus(page)
        if matches(focus):
            return focus
    raise AssertionError("the keyboard never reached the element")


def _answer_page_by_keyboard(page) -> None:
    """Answer every unanswered choice on the page with Space (first option), then Enter on Volgende."""
    start = urlsplit(page.url).path
    for _ in range(8):  # the same page again when an answer revealed a question there
        for _ in range(200):
            focus = _focus(page)
            if focus["type"] in ("radio", "checkbox") and not focus["answered"]:
                page.keyboard.press("Space")
            if focus["tag"] == "BUTTON" and focus["action"] == "next":
                break
            page.keyboard.press("Tab")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        if urlsplit(page.url).path != start:
            return
        assert not page.locator("[data-error-summary]").count(), page.locator("main").inner_text()
        # A question was revealed: the focus is on it, marked "Nieuwe vraag".
        assert page.locator("[data-revealed-question]").count()
        assert _focus(page)["inQuestion"], "the focus did not move to the revealed question"
    raise AssertionError("the page did not move on")


def test_journey_resident_fills_in_a_survey_by_keyboard_on_a_phone(demo_server, officer, screenshots):
    page = officer(None, viewport={"width": 375, "height": 667})
    page.goto(f"{demo_server.url}/g/middelburg/")
    _tab_to(page, lambda f: f["tag"] == "A" and "Ervaringen met cliëntondersteuning" in f["text"])
    with page.expect_navigation():
        page.keyboard.press("Enter")
    _tab_to(page, lambda f: f["tag"] == "A" and f["text"] in ("Beginnen", "Starten"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    first_page = page.url
    assert page.get_by_role("button", name="Vorige").count() == 0, "no Vorige on the first step"

    # Send the first page empty: the error summary takes the focus; its first link leads to the question.
    _tab_to(page, lambda f: f["action"] == "next")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.screenshot(path=screenshots / "1-error-summary.png", full_page=True)
    assert _focus(page)["isSummary"], "the error summary must take the focus"
    _tab_to(page, lambda f: f["inSummary"] and f["tag"] == "A", limit=3)
    page.keyboard.press("Enter")
    assert _focus(page)["inQuestion"], "the summary's link must move the focus to the question"
    _answer_page_by_keyboard(page)

    # Page two, then back to page one: the answers are still there.
    second_page = page.url
    _tab_to(page, lambda f: f["tag"] == "BUTTON" and f["action"] == "previous")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert urlsplit(page.url).path == urlsplit(first_page).path
    assert page.locator("main input:checked").count() >= 4
    _tab_to(page, lambda f: f["action"] == "next")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert urlsplit(page.url).path == urlsplit(second_page).path

    while "/deel/" in page.url:
        page.screenshot(path=screenshots / "2-step.png", full_page=True)
        _answer_page_by_keyboard(page)
    page.screenshot(path=screenshots / "3-summary.png", full_page=True)
    _tab_to(page, lambda f: f["tag"] == "BUTTON" and f["text"] == "Versturen")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Bedankt" in page.locator("h1").inner_text()

    _tab_to(page, lambda f: f["type"] == "email")
    page.keyboard.type("inwoner@example.org")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.screenshot(path=screenshots / "4-done.png", full_page=True)
    assert "We sturen u een bericht" in page.locator("main").inner_text() or page.get_by_role("status").count()
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0


# Journey 2: a beleidsambtenaar moves a roadmap step on -----------------------------------------------------


def test_journey_officer_moves_a_step_on_and_sees_the_overdue_action(demo_server, demo_facts, officer, screenshots):
    import datetime

    from roadmap.constants import StepStatus

    traject_id, number = demo_facts["step"]
    page = officer("beleid@middelburg.demo")
    step_url = f"{demo_server.url}/roadmap/{traject_id}/stap/{number}/"
    page.goto(step_url)

    page.locator("summary", has_text="Status en planning wijzigen").click()
    page.check(f"#step-form input[name=status][value={StepStatus.IN_PROGRESS}]")
    with page.expect_navigation():
        page.click("#step-form-submit")
    assert "Bezig" in page.locator("#step-form-section dl").inner_text()

    ticks = page.locator("#checklist form:has(input[name=state][value=gedaan]) button")
    before = ticks.count()
    with page.expect_navigation():
        ticks.first.click()
    assert page.locator("#checklist form:has(input[name=state][value=gedaan]) button").count() == before - 1

    page.locator("summary", has_text="Actie toevoegen").click()
    page.fill("#action-add [name=description]", "Wervingsbrief naar de klantenpanelleden sturen")
    page.select_option("#action-add select[name=owner]", str(demo_facts["officer_pk"]))
    page.fill("#action-add [name=due_date]", (datetime.date.today() - datetime.timedelta(days=7)).isoformat())
    with page.expect_navigation():
        page.click("#action-add-submit")
    row = page.locator("#actions tr", has_text="Wervingsbrief naar de klantenpanelleden sturen")
    assert "Te laat" in row.inner_text()
    page.screenshot(path=screenshots / "1-step.png", full_page=True)

    page.goto(f"{demo_server.url}/roadmap/{traject_id}/")
    route_step = page.locator(".route-map li").nth(number - 1)
    assert "Bezig" in route_step.inner_text() and "1 te late actie" in route_step.inner_text()
    page.screenshot(path=screenshots / "2-route-map.png", full_page=True)
    page.goto(f"{demo_server.url}/")
    panel = page.locator("section", has=page.locator("#roadmap-panel-title"))
    assert "Wervingsbrief naar de klantenpanelleden sturen" in panel.inner_text()
    page.screenshot(path=screenshots / "3-dashboard.png", full_page=True)


# Journey 3: an adviesraad member follows an advice -----------------------------------------------------------


def test_journey_council_member_follows_an_advice_to_the_colleges_answer(demo_server, demo_facts, officer, screenshots):
    member = officer("adviesraad@middelburg.demo")
    detail = f"{demo_server.url}/panels/adviezen/{demo_facts['requested_advies']}/"

    member.goto(detail)
    with member.expect_navigation():
        member.get_by_role("link", name="Advies schrijven").click()
    member.fill("textarea[name=text]", "De adviesraad adviseert de cliëntondersteuning beter bekend te maken.")
    with member.expect_navigation():
        member.get_by_role("button", name="Concept opslaan").click()
    member.goto(detail)
    assert "In voorbereiding" in member.locator("main").inner_text()
    with member.expect_navigation():
        member.get_by_role("link", name="Advies uitbrengen").click()
    with member.expect_navigation():
        member.locator("main").get_by_role("button", name="Advies uitbrengen").click()
    member.goto(detail)
    assert "Uitgebracht" in member.locator("main").inner_text()
    member.screenshot(path=screenshots / "1-sent.png", full_page=True)

    officer_page = officer("beleid@middelburg.demo")
    officer_page.goto(detail)
    with officer_page.expect_navigation():
        officer_page.get_by_role("link", name="Reactie vastleggen").click()
    officer_page.locator("input[name=outcome]").first.check()
    officer_page.fill("textarea[name=reasons]", "Het college neemt het advies over.")
    with officer_page.expect_navigation():
        officer_page.locator("main").get_by_role("button", name="Reactie vastleggen").click()
    assert not officer_page.locator("[data-error-summary]").count(), officer_page.locator("main").inner_text()

    member.goto(detail)
    assert "Reactie ontvangen" in member.locator("main").inner_text()
    member.screenshot(path=screenshots / "2-answered.png", full_page=True)

    response = member.goto(f"{demo_server.url}/panels/adviezen/{demo_facts['other_advies']}/")
    assert response.status == 404
