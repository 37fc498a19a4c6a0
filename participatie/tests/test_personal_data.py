"""The right of access and erasure (AVG): one person's data from every app, in one gemeente only."""

import json

from django.urls import reverse

import pytest

from feedback.models import NamedPerson, Notification
from feedback.tests.factories import InbrengFactory, NamedPersonFactory, TerugkoppelingFactory
from panels.models import Member
from panels.tests.factories import MemberFactory, OrgaanFactory
from participatie.constants import AuditAction, Role
from participatie.models import AuditEvent
from participatie.personal_data import sources
from roadmap.models import Meedenker
from roadmap.tests.factories import MeedenkerFactory, TrajectFactory
from surveys.models import TerugkoppelingEmail
from surveys.tests.factories import SurveyFactory, TerugkoppelingEmailFactory

from .factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = reverse("personal-data-request")
EMAIL, NAME = "jan.jansen@example.nl", "Jan Jansen"
OTHER_EMAIL, OTHER_NAME = "piet.pieters@example.nl", "Piet Pieters"


def _person_everywhere(gemeente, email, name):
    """One person in every app of ``gemeente``: member, named person, e-mail sent, survey address, meedenker."""
    MemberFactory(orgaan=OrgaanFactory(gemeenten=[gemeente]), email=email, name=name, phone="0612345678")
    inbreng = InbrengFactory(gemeente=gemeente)
    NamedPersonFactory(inbreng=inbreng, email=email, name=name)
    terugkoppeling = TerugkoppelingFactory(inbreng=inbreng)
    Notification.objects.create(terugkoppeling=terugkoppeling, email=email, recipient_label=name)
    TerugkoppelingEmailFactory(survey=SurveyFactory(gemeente=gemeente), email=email)
    MeedenkerFactory(traject=TrajectFactory(gemeente=gemeente), name=name)


def _held(gemeente, email, name) -> dict:
    return {
        "panels.member": Member.objects.filter(email=email, orgaan__gemeenten=gemeente).count(),
        "feedback.namedperson": NamedPerson.objects.filter(email=email, inbreng__gemeente=gemeente).count(),
        "feedback.notification": Notification.objects.filter(
            email=email, terugkoppeling__inbreng__gemeente=gemeente
        ).count(),
        "surveys.terugkoppelingemail": TerugkoppelingEmail.objects.filter(
            email=email, survey__gemeente=gemeente
        ).count(),
        "roadmap.meedenker": Meedenker.objects.filter(name=name, traject__gemeente=gemeente).count(),
    }


@pytest.fixture
def people(gemeente, other_gemeente):
    _person_everywhere(gemeente, EMAIL, NAME)
    _person_everywhere(gemeente, OTHER_EMAIL, OTHER_NAME)
    _person_everywhere(other_gemeente, EMAIL, NAME)


def _post(client, user, gemeente, **extra):
    client.force_login(user)
    return client.post(URL, {"gemeente": gemeente.slug, "email": EMAIL.upper(), "name": NAME, **extra})


def test_every_app_with_named_persons_contributes():
    assert {source.key for source in sources()} == {
        "panels.member",
        "feedback.namedperson",
        "feedback.notification",
        "surveys.terugkoppelingemail",
        "roadmap.meedenker",
    }


def test_the_search_shows_what_every_app_holds(client, coordinator, gemeente, people):
    response = _post(client, coordinator, gemeente)
    assert response.status_code == 200
    assert [item.source.key for item in response.context["found"]] == [
        "panels.member",
        "feedback.namedperson",
        "feedback.notification",
        "surveys.terugkoppelingemail",
        "roadmap.meedenker",
    ]
    assert OTHER_NAME not in response.content.decode()


def test_the_access_export_holds_their_data_from_every_app_and_is_recorded(client, coordinator, gemeente, people):
    response = _post(client, coordinator, gemeente, step="export")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert set(data["data"]) == set(_held(gemeente, EMAIL, NAME))
    assert data["data"]["panels.member"]["rows"][0]["phone"] == "0612345678"
    assert data["data"]["roadmap.meedenker"]["rows"][0]["name"] == NAME
    text = json.dumps(data)
    assert EMAIL in text and OTHER_EMAIL not in text and OTHER_NAME not in text
    event = AuditEvent.objects.get(action=AuditAction.ACCESS_REQUEST)
    assert event.gemeente == gemeente and event.actor == coordinator
    assert EMAIL not in event.detail and NAME not in event.detail and "panels.member: 1" in event.detail


def test_erasure_asks_first_and_touches_nothing_before(client, coordinator, gemeente, people):
    response = _post(client, coordinator, gemeente, step="confirm")
    assert response.status_code == 200 and response.context["confirm"]
    assert 'name="confirmed" value="yes"' in response.content.decode()
    assert all(_held(gemeente, EMAIL, NAME).values())
    # Without the confirmation the erase step only asks again.
    assert _post(client, coordinator, gemeente, step="erase").status_code == 200
    assert all(_held(gemeente, EMAIL, NAME).values())


def test_erasure_removes_the_person_from_every_app_and_leaves_others(
    client, coordinator, gemeente, other_gemeente, people
):
    response = _post(client, coordinator, gemeente, step="erase", confirmed="yes")
    assert response.status_code == 302
    assert _held(gemeente, EMAIL, NAME) == dict.fromkeys(_held(gemeente, EMAIL, NAME), 0)
    assert all(count == 1 for count in _held(gemeente, OTHER_EMAIL, OTHER_NAME).values())
    assert all(count == 1 for count in _held(other_gemeente, EMAIL, NAME).values())
    # The e-mail record stays in the register, without the person.
    assert Notification.objects.filter(terugkoppeling__inbreng__gemeente=gemeente, email="").count() == 1
    event = AuditEvent.objects.get(action=AuditAction.ERASURE)
    assert event.gemeente == gemeente and EMAIL not in event.detail
    assert not any(EMAIL in row or NAME in row for row in AuditEvent.objects.values_list("object_repr", flat=True))


def test_another_gemeente_is_a_404_and_other_roles_a_403(client, coordinator, other_gemeente, gemeente, people):
    assert _post(client, coordinator, other_gemeente, step="erase", confirmed="yes").status_code == 404
    assert all(_held(other_gemeente, EMAIL, NAME).values())
    for role in (Role.POLICY_OFFICER, Role.COUNCIL_MEMBER):
        user = UserFactory()
        MembershipFactory(user=user, gemeente=gemeente, role=role)
        assert _post(client, user, gemeente, step="export").status_code == 403
    assert not AuditEvent.objects.filter(action=AuditAction.ACCESS_REQUEST).exists()


def test_a_bad_address_gets_a_dutch_message_and_400(client, coordinator, gemeente):
    client.force_login(coordinator)
    response = client.post(URL, {"gemeente": gemeente.slug, "email": "geen-adres"})
    assert response.status_code == 400
    assert "Vul een e-mailadres in" in response.content.decode()


def test_the_page_opens_for_a_coordinator(client, coordinator):
    client.force_login(coordinator)
    assert client.get(URL).status_code == 200
