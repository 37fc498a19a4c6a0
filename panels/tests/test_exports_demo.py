import io

from django.core.management import call_command
from django.urls import reverse

import pytest
from openpyxl import load_workbook

from panels.models import Advies, Meeting, Member, Orgaan, StatusTransition
from participatie.exports.registry import export_get
from participatie.models import ExportRecord


@pytest.mark.django_db
def test_advies_export_scoped_and_recorded(
    client, coordinator, orgaan, other_orgaan, make_advies, other_policy_officer
):
    make_advies(orgaan, subject="Middelburgs advies")
    make_advies(other_orgaan, subject="Pekels advies", user=other_policy_officer)
    assert export_get("panels.adviezen") is not None
    client.force_login(coordinator)
    response = client.get(reverse("export-download", args=["panels.adviezen"]), {"format": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
    assert "Middelburgs advies" in values and "Pekels advies" not in values
    assert ExportRecord.objects.filter(export_key="panels.adviezen").count() == 1


@pytest.mark.django_db
def test_members_export_registered(client, policy_officer, orgaan):
    from panels.tests.factories import MemberFactory

    MemberFactory(orgaan=orgaan, name="Joke", email="=cmd@example.nl")
    client.force_login(policy_officer)
    response = client.get(reverse("export-download", args=["panels.members"]), {"format": "csv"})
    assert response.status_code == 200
    assert "'=cmd@example.nl" in response.content.decode("utf-8-sig")


@pytest.mark.django_db
def test_seed_demo_is_idempotent_and_tells_the_story(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())

    def counts():
        return [m.objects.count() for m in (Orgaan, Member, Meeting, Advies, StatusTransition)]

    first = counts()
    call_command("seed_demo", stdout=io.StringIO())
    assert counts() == first
    for slug in ("middelburg", "pekela"):
        raad = Orgaan.objects.get(name__startswith="Adviesraad Sociaal Domein", gemeenten__slug=slug)
        assert raad.members.filter(user__email=f"adviesraad@{slug}.demo").exists()
        panel = Orgaan.objects.get(kind="klantenpanel", gemeenten__slug=slug)
        assert panel.members.count() == 15
        statuses = set(raad.adviezen.values_list("status", flat=True))
        assert statuses == {
            "aangevraagd",
            "in-voorbereiding",
            "uitgebracht",
            "reactie-ontvangen",
            "afgerond",
            "ingetrokken",
        }
        assert any(a.is_answer_overdue() for a in raad.adviezen.all())
        from panels.selectors import orgaan_composition

        assert orgaan_composition(orgaan=panel).ending_soon
