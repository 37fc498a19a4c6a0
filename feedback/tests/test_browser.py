"""Browser test: an officer gives terugkoppeling by keyboard; the public page then shows it."""

import datetime

from django.utils import timezone

import pytest

from conftest import browser_login
from feedback.models import Terugkoppeling
from participatie.constants import Role
from participatie.tests.factories import GemeenteFactory, MembershipFactory, UserFactory

from .factories import InbrengFactory


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_officer_gives_feedback_and_the_public_page_shows_it(browser_page, live_server):
    gemeente = GemeenteFactory(name="Middelburg", slug="middelburg", cbs_code="GM0687")
    officer = UserFactory(email="beleid@middelburg.demo", password="demo-wachtwoord")
    MembershipFactory(user=officer, gemeente=gemeente, role=Role.POLICY_OFFICER)
    inbreng = InbrengFactory(
        gemeente=gemeente,
        officer=officer,
        title="Folder over de Wmo",
        promised_on=timezone.localdate() - datetime.timedelta(days=1),
    )
    page = browser_page
    browser_login(page, live_server.url, officer, "demo-wachtwoord")

    page.goto(f"{live_server.url}/feedback/")
    row = page.get_by_role("row", name="Folder over de Wmo")
    assert "Te laat" in row.inner_text()
    page.get_by_role("link", name="Folder over de Wmo").click()
    page.get_by_role("link", name="Terugkoppeling geven").click()

    # "Not adopted" without reasons: the error summary gets focus and links to the field.
    page.get_by_label("Niet overgenomen", exact=True).check()
    page.get_by_label("Wat er met de inbreng is gedaan").fill("We hebben de folder herschreven.")
    page.get_by_role("button", name="Opslaan en terugkoppeling versturen").click()
    assert page.evaluate("document.activeElement.getAttribute('data-error-summary')") is not None
    summary = page.locator(".error-summary")
    assert "Leg uit waarom" in summary.inner_text()
    summary.get_by_role("link").first.click()
    assert page.evaluate("document.activeElement.id") == "id_reasons"

    page.get_by_label("Overgenomen", exact=True).check()
    page.get_by_label("Tekst voor de openbare pagina").fill("De folder over de Wmo is nu in eenvoudige taal.")
    page.get_by_label("Tonen op de openbare pagina").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Opslaan en terugkoppeling versturen").press("Enter")
    assert page.url.split("#")[0].endswith(f"/feedback/{inbreng.pk}/")
    assert "De terugkoppeling is opgeslagen" in page.content()
    assert Terugkoppeling.objects.filter(inbreng=inbreng).count() == 1

    page.goto(f"{live_server.url}/g/middelburg/")
    section = page.get_by_role("region", name="Wat deden we met uw inbreng?")
    assert "De folder over de Wmo is nu in eenvoudige taal." in section.inner_text()
    assert officer.email not in page.content()
