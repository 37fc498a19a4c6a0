"""The officer's preview: the same pages, nothing stored, only for the survey's own gemeente."""

from django.urls import reverse

import pytest

from surveys.constants import SurveyStatus
from surveys.models import Answer, Response
from surveys.tests.builders import build_all_types_survey
from surveys.tests.helpers import field, option, page_one_data, page_two_data

pytestmark = pytest.mark.django_db


def purl(survey, name, **kwargs):
    return reverse(f"surveys:preview_{name}", kwargs={"pk": survey.pk, **kwargs})


@pytest.fixture
def concept(gemeente):
    return build_all_types_survey(gemeente, status=SurveyStatus.CONCEPT)


def test_preview_walks_the_survey_without_storing(client, policy_officer, concept):
    client.force_login(policy_officer)
    one, two, three = concept.sections.order_by("position")
    html = client.get(purl(concept, "start")).content.decode()
    assert "Voorbeeld:" in html and "Antwoorden worden niet bewaard" in html
    html = client.get(purl(concept, "section", section_id=one.pk)).content.decode()
    assert "Stap 1 van 2" in html and "Later verder?" not in html
    response = client.post(purl(concept, "section", section_id=one.pk), page_one_data(concept))
    assert response["Location"] == purl(concept, "section", section_id=two.pk)
    response = client.post(purl(concept, "section", section_id=two.pk), page_two_data(concept))
    assert response["Location"] == purl(concept, "section", section_id=three.pk), "skip logic works in the preview"
    assert "Stap 3 van 3" in client.get(purl(concept, "section", section_id=three.pk)).content.decode()
    client.post(
        purl(concept, "section", section_id=three.pk),
        {field(concept, "ondersteuner"): option(concept, "ondersteuner", "goed"), "action": "next"},
    )
    summary = client.get(purl(concept, "summary")).content.decode()
    assert "Mijn buurvrouw" in summary and "15-3-1958" in summary
    assert client.post(purl(concept, "summary"))["Location"] == purl(concept, "done")
    assert client.post(purl(concept, "done"), {"email": "test@example.nl"}).status_code == 302
    assert not Response.objects.exists() and not Answer.objects.exists()
    from surveys.models import TerugkoppelingEmail

    assert not TerugkoppelingEmail.objects.exists()
    # Start again clears the preview answers.
    client.get(purl(concept, "start") + "?opnieuw=1")
    assert 'value="Jan"' not in client.get(purl(concept, "section", section_id=one.pk)).content.decode()


def test_preview_validates_like_the_real_thing(client, policy_officer, concept):
    client.force_login(policy_officer)
    one = concept.sections.order_by("position").first()
    response = client.post(purl(concept, "section", section_id=one.pk), {"action": "next"})
    assert response.status_code == 400
    assert "Beantwoord deze vraag." in response.content.decode()


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("policy_officer", 200),
        ("coordinator", 200),
        ("council_member", 404),
        ("other_policy_officer", 404),
        ("staff_user", 200),
    ],
)
def test_preview_access(client, request, concept, who, status):
    client.force_login(request.getfixturevalue(who))
    assert client.get(purl(concept, "start")).status_code == status


def test_preview_needs_login(client, concept):
    response = client.get(purl(concept, "start"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
