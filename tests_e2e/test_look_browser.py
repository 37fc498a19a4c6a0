"""Browser checks of the look: the gemeente's colour on its public page, and staff pages printed."""

from pathlib import Path

import pytest

from conftest import browser_login
from participatie.constants import Role
from participatie.tests.factories import GemeenteFactory, MembershipFactory, UserFactory

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_traject_page_prints_without_menu_buttons_or_forms(browser_page, live_server):
    from roadmap.tests.factories import TrajectFactory

    gemeente = GemeenteFactory(name="Middelburg", slug="middelburg", cbs_code="GM0687")
    user = UserFactory(email="beleid@middelburg.demo", password="demo-wachtwoord")
    MembershipFactory(user=user, gemeente=gemeente, role=Role.POLICY_OFFICER)
    traject = TrajectFactory(gemeente=gemeente, title="Middelburg vernieuwt")
    page = browser_page
    browser_login(page, live_server.url, user, "demo-wachtwoord")
    page.goto(f"{live_server.url}/roadmap/{traject.pk}/")
    assert page.locator(".site-header").is_visible()

    page.emulate_media(media="print")

    assert not page.locator(".site-header").is_visible()
    assert not page.locator(".site-footer").is_visible()
    assert page.locator("main .btn:visible").count() == 0
    assert "Middelburg vernieuwt" in page.locator("h1").inner_text()
    overflow = page.evaluate(
        "[...document.querySelectorAll('.table-responsive')].map(el => getComputedStyle(el).overflowX)"
    )
    assert all(value == "visible" for value in overflow)
    ARTIFACTS.mkdir(exist_ok=True)
    page.pdf(path=str(ARTIFACTS / "traject-print.pdf"))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_public_page_shows_the_gemeentes_colour(browser_page, live_server):
    gemeente = GemeenteFactory(name="Middelburg", slug="middelburg", cbs_code="GM0687", primary_colour="#8a1538")
    page = browser_page
    page.set_viewport_size({"width": 1280, "height": 800})

    page.goto(f"{live_server.url}/g/{gemeente.slug}/")

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "gemeente-look.png"))
    header = page.locator(".site-header")
    assert header.evaluate("el => getComputedStyle(el).borderTopColor") == "rgb(138, 21, 56)"
    assert "Middelburg" in page.locator(".navbar-brand").inner_text()
