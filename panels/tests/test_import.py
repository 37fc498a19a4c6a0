import io

from django.urls import reverse

import pytest
from openpyxl import Workbook

from panels.models import Member
from panels.tests.factories import MemberFactory
from participatie.constants import Role
from participatie.tests.factories import MembershipFactory, UserFactory

HEADER = "name;email;phone;role;term_start;term_end;reappointment_count;target_groups;experience;contact_consent;user"


def _csv(*rows, sep=";"):
    lines = [HEADER.replace(";", sep), *(row.replace(";", sep) for row in rows)]
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")


def _upload(client, orgaan, content, name="leden.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(reverse("panels:member-import", args=[orgaan.pk]), {"file": SimpleUploadedFile(name, content)})


@pytest.fixture
def existing(orgaan):
    return MemberFactory(
        orgaan=orgaan,
        name="Henk Jansen",
        email="henk@example.nl",
        role="lid",
        term_start="2024-01-01",
        term_end="2027-12-31",
    )


@pytest.mark.django_db
def test_dry_run_shows_new_changed_invalid_and_saves_nothing(client, policy_officer, orgaan, existing):
    client.force_login(policy_officer)
    content = _csv(
        "Nieuw Lid;nieuw@example.nl;;lid;2026-01-01;2029-12-31;0;ouderen, jongeren;wmo;ja;",
        "Henk Jansen;HENK@example.nl;0612345678;voorzitter;01-01-2024;31-12-2027;1;ouderen;wmo;nee;",
        "Fout Lid;fout@example.nl;;koning;2026-01-01;2025-01-01;0;marsmannetjes;wmo;misschien;",
    )
    response = _upload(client, orgaan, content)
    assert response.status_code == 400  # the file has an invalid row
    preview = response.context["preview"]
    assert [name for _, name in preview["new"]] == ["Nieuw Lid"]
    assert [name for _, name in preview["changed"]] == ["Henk Jansen"]
    assert len(preview["invalid"]) == 1
    number, _values, reasons = preview["invalid"][0]
    assert number == 4
    text = " ".join(reasons)
    assert "koning" in text and "marsmannetjes" in text and "misschien" in text
    assert not response.context["import_valid"]
    # Nothing changed.
    assert Member.objects.count() == 1
    existing.refresh_from_db()
    assert existing.role == "lid"
    # And it cannot be confirmed.
    confirm = client.post(reverse("panels:member-import", args=[orgaan.pk]), {"confirm": "1", "token": "x"})
    assert confirm.status_code == 400
    assert Member.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("sep", [";", ","])
def test_dry_run_then_confirm_applies_everything(client, policy_officer, orgaan, existing, sep):
    client.force_login(policy_officer)
    content = _csv(
        "Nieuw Lid;nieuw@example.nl;;Lid;2026-01-01;2029-12-31;0;Ouderen;wmo;ja;",
        "Henk Jansen;henk@example.nl;;voorzitter;2024-01-01;2027-12-31;1;;;nee;",
        sep=sep,
    )
    response = _upload(client, orgaan, content)
    assert response.status_code == 200
    assert response.context["import_valid"]
    assert Member.objects.count() == 1
    response = client.post(
        reverse("panels:member-import", args=[orgaan.pk]), {"confirm": "1", "token": response.context["token"]}
    )
    assert response.status_code == 302
    assert Member.objects.count() == 2
    new = Member.objects.get(email="nieuw@example.nl")
    assert new.target_groups == ["ouderen"] and new.contact_consent and new.orgaan == orgaan
    existing.refresh_from_db()
    assert existing.role == "voorzitter" and existing.reappointment_count == 1


@pytest.mark.django_db
def test_confirm_never_half_applies(client, policy_officer, orgaan, existing, monkeypatch):
    """If the data changed between preview and confirm so that a row fails, nothing is applied."""
    client.force_login(policy_officer)
    content = _csv(
        "Eerste;eerste@example.nl;;lid;2026-01-01;;0;;;ja;",
        "Tweede;tweede@example.nl;;lid;2026-01-01;;0;;;ja;",
    )
    response = _upload(client, orgaan, content)
    token = response.context["token"]
    # Meanwhile someone links "tweede" as a member elsewhere with a conflicting row: simulate a failing row.
    from panels import resources

    original = resources.MemberResource.before_import_row

    def failing(self, row, **kwargs):
        original(self, row, **kwargs)
        if row["email"] == "tweede@example.nl":
            row["term_end"] = "2000-01-01"

    monkeypatch.setattr(resources.MemberResource, "before_import_row", failing)
    response = client.post(reverse("panels:member-import", args=[orgaan.pk]), {"confirm": "1", "token": token})
    assert response.status_code == 400
    assert not Member.objects.filter(email__in=["eerste@example.nl", "tweede@example.nl"]).exists()


@pytest.mark.django_db
def test_import_cannot_link_account_of_other_gemeente(client, policy_officer, orgaan, other_gemeente):
    stranger = UserFactory(email="vreemde@example.nl")
    MembershipFactory(user=stranger, gemeente=other_gemeente, role=Role.COUNCIL_MEMBER)
    client.force_login(policy_officer)
    response = _upload(client, orgaan, _csv("Vreemde;v@example.nl;;lid;2026-01-01;;0;;;ja;vreemde@example.nl"))
    assert response.status_code == 400
    assert "vreemde@example.nl" in " ".join(response.context["preview"]["invalid"][0][2])


@pytest.mark.django_db
def test_xlsx_import_and_broken_files(client, policy_officer, orgaan):
    client.force_login(policy_officer)
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER.split(";"))
    import datetime

    sheet.append(
        [
            "Excel Lid",
            "excel@example.nl",
            None,
            "lid",
            datetime.datetime(2026, 1, 1),
            None,
            0,
            "ouderen",
            "",
            "ja",
            None,
        ]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = _upload(client, orgaan, buffer.getvalue(), name="leden.xlsx")
    assert response.status_code == 200
    assert [name for _, name in response.context["preview"]["new"]] == ["Excel Lid"]
    assert _upload(client, orgaan, b"PK\x03\x04 kapot", name="leden.xlsx").status_code == 400
    assert _upload(client, orgaan, b"naam,adres\nx,y\n").status_code == 400
    assert _upload(client, orgaan, b"x", name="leden.pdf").status_code == 400
    assert Member.objects.count() == 0


@pytest.mark.django_db
def test_export_round_trips(client, policy_officer, orgaan, existing):
    client.force_login(policy_officer)
    response = client.get(reverse("panels:member-export", args=[orgaan.pk]) + "?format=csv")
    assert response.status_code == 200
    body = response.content
    assert b"henk@example.nl" in body
    response = _upload(client, orgaan, body)
    assert response.status_code == 200
    assert [name for _, name in response.context["preview"]["unchanged"]] == ["Henk Jansen"]
    assert client.get(reverse("panels:member-export", args=[orgaan.pk]) + "?format=pdf").status_code == 400


def _xlsx(rows=(), *, cell=None) -> bytes:
    """An .xlsx with the header row, ``rows`` (';'-separated) and one cell ``(row, column)`` set to "x"."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER.split(";"))
    for row in rows:
        sheet.append(row.split(";"))
    if cell:
        sheet.cell(*cell, value="x")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.django_db
def test_import_refuses_a_small_file_with_200000_rows(client, policy_officer, orgaan):
    client.force_login(policy_officer)
    # Like the 71 KB file of the attack test: one cell in row 200,001, the rows between filled in by any reader.
    content = _xlsx(cell=(200_001, 1))
    assert len(content) < 10_000
    response = _upload(client, orgaan, content, name="leden.xlsx")
    assert response.status_code == 400
    assert "meer dan 5000 rijen" in response.content.decode()
    assert Member.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["leden.csv", "leden.xlsx"])
def test_import_row_and_size_caps_come_from_settings(client, policy_officer, orgaan, settings, name):
    settings.SPREADSHEET_IMPORT_MAX_ROWS = 3
    client.force_login(policy_officer)
    rows = [f"Lid {i};lid{i}@example.nl;;lid;2026-01-01;2029-12-31;0;ouderen;wmo;ja;" for i in range(4)]
    if name.endswith(".csv"):
        content, fits = _csv(*rows), _csv(*rows[:3])
    else:
        content, fits = _xlsx(rows), _xlsx(rows[:3])
    response = _upload(client, orgaan, content, name=name)
    assert response.status_code == 400
    assert "meer dan 3 rijen" in response.content.decode()
    assert _upload(client, orgaan, fits, name=name).status_code == 200
    settings.SPREADSHEET_IMPORT_MAX_BYTES = len(fits) - 1
    response = _upload(client, orgaan, fits, name=name)
    assert response.status_code == 400
    assert "groter dan" in response.content.decode()
    assert Member.objects.count() == 0


@pytest.mark.django_db
def test_import_refuses_a_sheet_claiming_thousands_of_columns(client, policy_officer, orgaan):
    client.force_login(policy_officer)
    response = _upload(client, orgaan, _xlsx(cell=(2, 16384)), name="leden.xlsx")
    assert response.status_code == 400
    assert "meer dan 100 kolommen" in response.content.decode()


@pytest.mark.django_db
def test_admin_import_has_the_same_cap(client, staff_user, settings):
    from participatie.models import Gemeente

    settings.SPREADSHEET_IMPORT_MAX_ROWS = 2
    client.force_login(staff_user)
    body = "cbs_code;name;slug\n" + "".join(f"GM00{i}1;Gemeente {i};gemeente-{i}\n" for i in range(3))
    from django.core.files.uploadedfile import SimpleUploadedFile

    before = Gemeente.objects.count()
    response = client.post(
        "/beheer/participatie/gemeente/import/",
        {"format": "1", "resource": "0", "import_file": SimpleUploadedFile("g.csv", body.encode())},
    )
    assert response.status_code == 200
    assert "meer dan 2 rijen" in response.content.decode()
    assert Gemeente.objects.count() == before
