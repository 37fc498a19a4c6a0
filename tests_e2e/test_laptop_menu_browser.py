"""Browser check: on a laptop (1366 and 1280 px) the whole main menu and the logout button are on screen."""

from pathlib import Path

import pytest

from conftest import browser_login
from participatie.constants import Role
from participatie.tests.factories import GemeenteFactory, MembershipFactory, UserFactory

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [1366, 1280])
def test_the_menu_and_logout_are_visible_on_a_laptop(browser_page, live_server, width):
    gemeente = GemeenteFactory(name="De Fryske Marren", slug="de-fryske-marren", cbs_code="GM1940")
    # The widest menu: a staff user who is policy officer and coordinator sees every item.
    user = UserFactory(
        email="beleidsmedewerker.sociaal.domein@defryskemarren.demo",
        first_name="Wilhelmina",
        last_name="van Oosterhout-Verschuren",
        is_staff=True,
        password="geheim-wachtwoord",
    )
    for role in (Role.POLICY_OFFICER, Role.COORDINATOR):
        MembershipFactory(user=user, gemeente=gemeente, role=role)
    page = browser_page
    page.set_viewport_size({"width": width, "height": 800})
    browser_login(page, live_server.url, user, "geheim-wachtwoord")

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"menu-{width}.png"))
    assert not page.locator(".navbar-toggler").is_visible()
    links = page.locator("#main-nav .nav-link")
    assert links.count() >= 7
    logout = page.get_by_role("button", name="Uitloggen")
    for element in [*(links.nth(i) for i in range(links.count())), logout]:
        assert element.is_visible()
        box = element.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, element.inner_text()
    # One row: every menu item sits at the height of the first one.
    tops = {round(links.nth(i).bounding_box()["y"]) for i in range(links.count())}
    assert len(tops) == 1, tops
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
