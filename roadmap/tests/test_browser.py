"""The route map and a step page in Debian's chromium, used by keyboard only."""

import pytest

from conftest import browser_login
from participatie.constants import Role
from participatie.tests.factories import GemeenteFactory, MembershipFactory, UserFactory
from roadmap.models import ChecklistItem

from .factories import TrajectFactory


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_route_map_and_checklist_work_by_keyboard(browser_page, live_server):
    gemeente = GemeenteFactory(name="Middelburg", slug="middelburg", cbs_code="GM0687")
    user = UserFactory(email="beleid@middelburg.demo", password="demo-wachtwoord")
    MembershipFactory(user=user, gemeente=gemeente, role=Role.POLICY_OFFICER)
    traject = TrajectFactory(gemeente=gemeente, title="Middelburg vernieuwt")
    page = browser_page

    browser_login(page, live_server.url, user, "demo-wachtwoord")

    page.goto(f"{live_server.url}/roadmap/{traject.pk}/")
    route = page.get_by_role("navigation", name="Routekaart: de zes stappen")
    links = route.get_by_role("link")
    assert links.count() == 6
    # Each step's accessible name carries its status in words.
    assert "Niet gestart" in links.nth(0).inner_text()
    # Tab until the first step of the route has focus, then follow it with Enter.
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('.route-map') !== null"):
            break
    assert "Stap 1" in page.evaluate("document.activeElement.innerText")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/roadmap/{traject.pk}/stap/1/")
    assert page.locator("h1").inner_text().startswith("Stap 1: Aanleiding helder krijgen")

    # Tick the first point of attention with the keyboard.
    first = ChecklistItem.objects.filter(step__traject=traject, step__number=1).order_by("position").first()
    button = page.locator(f"#item-{first.pk} button", has_text="Afvinken")
    # The button says which point it ticks, for screen readers (visually hidden text).
    assert first.text in button.text_content()
    button.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    item = page.locator(f"#item-{first.pk}")
    assert "Afgerond" in item.inner_text()
    first.refresh_from_db()
    assert first.state == "gedaan"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_monitor_fits_a_1440_px_laptop_without_sideways_scrolling(browser_page, live_server):
    import datetime
    from pathlib import Path

    from .factories import ActionFactory

    gemeente = GemeenteFactory(name="De Fryske Marren", slug="de-fryske-marren", cbs_code="GM1940")
    user = UserFactory(email="coordinator@defryskemarren.demo", password="demo-wachtwoord")
    MembershipFactory(user=user, gemeente=gemeente, role=Role.COORDINATOR)
    for title in ("Cliëntondersteuning en onafhankelijke adviesraad sociaal domein", "Jeugdhulp"):
        traject = TrajectFactory(gemeente=gemeente, title=title)
        ActionFactory(step=traject.steps.get(number=2), due_date=datetime.date(2020, 1, 1))
    page = browser_page
    page.set_viewport_size({"width": 1440, "height": 900})
    browser_login(page, live_server.url, user, "demo-wachtwoord")

    page.goto(f"{live_server.url}/roadmap/monitor/")
    artifacts = Path(__file__).resolve().parents[2] / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    page.screenshot(path=str(artifacts / "monitor-1440.png"), full_page=True)

    box = page.locator(".monitor-wrap")
    assert box.evaluate("el => el.scrollWidth - el.clientWidth") <= 0
    for header in ("Acties te laat", "Laatste wijziging"):
        cell = page.get_by_role("columnheader", name=header)
        assert cell.is_visible()
        bounds = cell.bounding_box()
        assert bounds["x"] + bounds["width"] <= 1440
