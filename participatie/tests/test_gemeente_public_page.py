"""The public gemeente page promises only what it lists."""

from django.urls import reverse

import pytest

from surveys.tests.factories import OpenSurveyFactory

pytestmark = pytest.mark.django_db

QUESTIONNAIRES = "Hier vindt u de vragenlijsten die u nu kunt invullen."


def test_the_page_does_not_promise_questionnaires_it_does_not_list(client, other_gemeente):
    # Pekela's ervaringenkaart is handed out by cliëntondersteuners: open, but not listed publicly.
    OpenSurveyFactory(gemeente=other_gemeente, title="Ervaringenkaart", is_public=False)

    html = client.get(reverse("gemeente-public", args=[other_gemeente.slug])).content.decode()

    assert QUESTIONNAIRES not in html
    assert "Ervaringenkaart" not in html
    assert "Uw ervaring helpt de gemeente" in html


def test_the_page_says_so_when_it_lists_a_questionnaire(client, gemeente):
    OpenSurveyFactory(gemeente=gemeente, title="Ervaringen met cliëntondersteuning", is_public=True)

    html = client.get(reverse("gemeente-public", args=[gemeente.slug])).content.decode()

    assert QUESTIONNAIRES in html
    assert "Ervaringen met cliëntondersteuning" in html
