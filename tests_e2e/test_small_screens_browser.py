"""Browser checks at 320 px wide: nothing pushes the page sideways (WCAG 1.4.10 reflow)."""

import pytest

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
