"""The public accessibility and privacy statements, with each gemeente's contact details."""

import re

import pytest

from participatie.tests.factories import GemeenteFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("path", "title"), [("/toegankelijkheid/", "Toegankelijkheidsverklaring"), ("/privacy/", "Privacyverklaring")]
)
def test_statement_is_public_and_names_each_gemeentes_contact(client, path, title):
    GemeenteFactory(name="Middelburg", contact_email="participatie@middelburg.nl", contact_phone="14 0118")
    GemeenteFactory(name="Pekela", contact_email="", contact_phone="")
    html = client.get(path).content.decode()
    assert re.search(rf"<h1>\s*{title}\s*</h1>", html)
    assert 'href="mailto:participatie@middelburg.nl"' in html and "14 0118" in html
    # A gemeente without contact details still gets a route.
    assert "Gemeente Pekela" in html and "bel 14 met daarna het netnummer" in html


def test_accessibility_statement_has_status_known_gaps_and_contact(client):
    html = client.get("/toegankelijkheid/").content.decode()
    for part in ("WCAG 2.1 niveau AA", "Status: voldoet gedeeltelijk.", "Wat nog niet goed werkt", "Werkt iets niet?"):
        assert part in html


def test_privacy_statement_covers_e_mail_addresses_and_names_the_privacy_officer(client):
    GemeenteFactory(name="Middelburg", contact_email="a@middelburg.nl", privacy_officer_email="fg@middelburg.nl")
    html = client.get("/privacy/").content.decode()
    assert "Uw e-mailadres" in html and "los van uw antwoorden" in html
    assert 'href="mailto:fg@middelburg.nl"' in html
    assert 'href="mailto:fg@middelburg.nl"' not in client.get("/toegankelijkheid/").content.decode()
