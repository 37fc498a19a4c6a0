"""The route map and a step page in Debian's chromium, used by keyboard only."""

import pytest

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

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("E-mailadres").fill("beleid@middelburg.demo")
    page.get_by_label("Wachtwoord").fill("demo-wachtwoord")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/")

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
