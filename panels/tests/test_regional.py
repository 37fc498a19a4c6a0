"""A regional orgaan shared by partner gemeenten: who changes whom it serves, and whose an aanvraag is.

Decision (docs/panels.md): the regio's coordinator (and staff) change which gemeenten a regional orgaan
serves; an aanvraag's internal notes and actions belong to the gemeente that made it.
"""

from django.core.exceptions import ValidationError
from django.urls import reverse

import pytest

from panels import services
from panels.constants import AdviesStatus
from panels.models import Advies, Orgaan
from participatie.constants import Role
from participatie.tests.factories import GemeenteFactory, MembershipFactory, RegioFactory, UserFactory


@pytest.fixture
def veere(db):
    return GemeenteFactory(name="Veere", slug="veere", cbs_code="GM0717")


@pytest.fixture
def regio(gemeente, veere):
    regio = RegioFactory(name="Walcheren")
    regio.gemeenten.set([gemeente, veere])
    return regio


def _user(role, *, gemeente=None, regio=None):
    user = UserFactory()
    MembershipFactory(user=user, gemeente=gemeente, regio=regio, role=role)
    return user


@pytest.fixture
def officer_veere(veere):
    return _user(Role.POLICY_OFFICER, gemeente=veere)


@pytest.fixture
def coordinator_veere(veere):
    return _user(Role.COORDINATOR, gemeente=veere)


@pytest.fixture
def regio_coordinator(regio):
    return _user(Role.COORDINATOR, regio=regio)


@pytest.fixture
def regional_orgaan(regio, staff_user):
    orgaan = Orgaan(name="Adviesraad Walcheren", kind="adviesraad")
    return services.orgaan_save(orgaan=orgaan, user=staff_user, gemeenten=[], regio=regio)


def _form_data(orgaan, *, gemeenten, regio):
    return {
        "name": orgaan.name,
        "kind": orgaan.kind,
        "level": orgaan.level,
        "gemeenten": [g.pk for g in gemeenten],
        "regio": regio.pk if regio else "",
        "response_term_value": orgaan.response_term_value,
        "response_term_unit": orgaan.response_term_unit,
    }


def _served(orgaan):
    orgaan.refresh_from_db()
    return orgaan.regio_id, {g.slug for g in orgaan.gemeenten.all()}


@pytest.mark.django_db
def test_a_partner_officer_cannot_remove_another_gemeente(client, regional_orgaan, officer_veere, veere, regio):
    before = _served(regional_orgaan)
    assert before == (regio.pk, {"middelburg", "veere"})
    client.force_login(officer_veere)
    url = reverse("panels:orgaan-update", args=[regional_orgaan.pk])
    form = client.get(url)
    assert form.status_code == 200 and "Alleen de coördinator van de regio" in form.content.decode()
    response = client.post(url, {**_form_data(regional_orgaan, gemeenten=[veere], regio=None), "name": "Nieuw"})
    assert response.status_code == 302
    assert _served(regional_orgaan) == before  # the name changed, whom it serves did not
    assert Orgaan.objects.get(pk=regional_orgaan.pk).name == "Nieuw"


@pytest.mark.django_db
def test_the_service_refuses_a_partner_changing_the_gemeenten(regional_orgaan, officer_veere, veere):
    with pytest.raises(ValidationError):
        services.orgaan_save(orgaan=regional_orgaan, user=officer_veere, gemeenten=[veere], regio=None)
    assert _served(regional_orgaan)[1] == {"middelburg", "veere"}


@pytest.mark.django_db
def test_the_regio_coordinator_changes_the_gemeenten(client, regional_orgaan, regio_coordinator, gemeente):
    client.force_login(regio_coordinator)
    url = reverse("panels:orgaan-update", args=[regional_orgaan.pk])
    assert url in client.get(reverse("panels:orgaan-detail", args=[regional_orgaan.pk])).content.decode()
    response = client.post(url, _form_data(regional_orgaan, gemeenten=[gemeente], regio=None))
    assert response.status_code == 302
    assert _served(regional_orgaan) == (None, {"middelburg"})


@pytest.fixture
def aanvraag_of_middelburg(regional_orgaan, policy_officer, make_advies):
    return make_advies(regional_orgaan, internal_note="INTERN-MIDDELBURG", subject="Beleidsplan Middelburg")


@pytest.mark.django_db
@pytest.mark.parametrize("partner", ["officer_veere", "coordinator_veere"])
def test_partners_see_the_aanvraag_but_not_its_internal_note(client, aanvraag_of_middelburg, partner, request):
    client.force_login(request.getfixturevalue(partner))
    page = client.get(reverse("panels:advies-detail", args=[aanvraag_of_middelburg.pk]))
    assert page.status_code == 200
    content = page.content.decode()
    assert "Beleidsplan Middelburg" in content and "INTERN-MIDDELBURG" not in content


@pytest.mark.django_db
def test_the_requesting_gemeente_sees_its_internal_note(client, aanvraag_of_middelburg, policy_officer):
    client.force_login(policy_officer)
    page = client.get(reverse("panels:advies-detail", args=[aanvraag_of_middelburg.pk]))
    assert "INTERN-MIDDELBURG" in page.content.decode()


@pytest.mark.django_db
def test_a_partner_cannot_withdraw_or_edit_another_gemeentes_aanvraag(client, aanvraag_of_middelburg, officer_veere):
    client.force_login(officer_veere)
    pk = aanvraag_of_middelburg.pk
    withdraw = client.post(reverse("panels:advies-withdraw", args=[pk]), {"reason": "Niet meer nodig"})
    assert withdraw.status_code == 403
    assert client.post(reverse("panels:advies-draft", args=[pk]), {"text": "Overschreven"}).status_code == 403
    assert client.get(reverse("panels:advies-document", args=[pk])).status_code == 403
    advies = Advies.objects.get(pk=pk)
    assert (advies.status, advies.text) == (AdviesStatus.REQUESTED, "")


@pytest.mark.django_db
def test_the_requesting_gemeente_withdraws_its_aanvraag(client, aanvraag_of_middelburg, policy_officer):
    client.force_login(policy_officer)
    url = reverse("panels:advies-withdraw", args=[aanvraag_of_middelburg.pk])
    assert client.post(url, {"reason": "Niet meer nodig"}).status_code == 302
    assert Advies.objects.get(pk=aanvraag_of_middelburg.pk).status == AdviesStatus.WITHDRAWN
