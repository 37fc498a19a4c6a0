"""Browser checks at 320 px wide: nothing pushes the page sideways (WCAG 1.4.10 reflow)."""

import pytest

from conftest import browser_login
from participatie.tests.factories import GemeenteFactory

SIDEWAYS_JS = "document.documentElement.scrollWidth - document.documentElement.clientWidth"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_public_page_of_a_gemeente_with_a_long_name_fits_320_px(browser_page, live_server):
    GemeenteFactory(name="De Fryske Marren", slug="de-fryske-marren", cbs_code="GM1940")
    page = browser_page
    page.set_viewport_size({"width": 320, "height": 700})

    page.goto(f"{live_server.url}/g/de-fryske-marren/")

    assert "De Fryske Marren" in page.locator(".navbar-brand").inner_text()
    assert page.evaluate(SIDEWAYS_JS) <= 0


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_wide_table_scrolls_in_its_box_and_not_the_whole_page(browser_page, live_server, policy_officer, gemeente):
    # Visually hidden texts in a table (e.g. "Wijzigen <name>") are positioned absolutely; without a positioned
    # scroll box they escaped it and made the orgaan page 600 px too wide on a phone.
    from panels.tests.factories import MemberFactory, OrgaanFactory

    orgaan = OrgaanFactory(gemeenten=[gemeente])
    MemberFactory(orgaan=orgaan, name="Wilhelmina van Oosterhout-Verschuren")
    page = browser_page
    page.set_viewport_size({"width": 320, "height": 700})
    browser_login(page, live_server.url, policy_officer, "geheim-wachtwoord")

    page.goto(f"{live_server.url}/panels/organen/{orgaan.pk}/")

    assert "Wilhelmina" in page.locator("main").inner_text()
    assert page.evaluate(SIDEWAYS_JS) <= 0


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_menu_is_reachable_on_a_phone_without_javascript(browser_page, live_server, policy_officer):
    # The collapsed menu opens only with Bootstrap's JavaScript; without it, log out and the apps were unreachable.
    page = browser_page
    context = page.context.browser.new_context(
        java_script_enabled=False, viewport={"width": 320, "height": 700}, locale="nl-NL"
    )
    try:
        nojs = context.new_page()
        browser_login(nojs, live_server.url, policy_officer, "geheim-wachtwoord")

        assert nojs.get_by_role("button", name="Uitloggen").is_visible()
        assert nojs.get_by_role("link", name="Overzicht").is_visible()
        assert not nojs.locator(".navbar-toggler").is_visible()
    finally:
        context.close()
