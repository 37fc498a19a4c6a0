import datetime
import decimal
import io
import re

from django.urls import reverse

import openpyxl
import pytest
import tablib

from participatie.constants import Role
from participatie.exports.formats import neutralise_formula, write_csv, write_xlsx
from participatie.exports.registry import ExportDefinition, register_export
from participatie.models import ExportRecord, Gemeente
from participatie.resources import GemeenteResource
from participatie.tests.factories import GemeenteFactory, MembershipFactory, UserFactory

DANGEROUS = ['=HYPERLINK("http://x")', "+1+1", "@SUM(1)", "-2+3", "\tcmd", "\rcmd"]


def _dataset():
    dataset = tablib.Dataset(headers=["tekst", "getal", "bedrag", "datum", "tijdstip"])
    for text in DANGEROUS:
        dataset.append(
            [text, 42, decimal.Decimal("1.5"), datetime.date(2026, 3, 1), datetime.datetime(2026, 3, 1, 9, 30)]
        )
    dataset.append(["gewone tekst", -7, 2.25, None, None])
    return dataset


@pytest.mark.parametrize("text", DANGEROUS)
def test_formula_prefixes_are_neutralised(text):
    assert neutralise_formula(text) == "'" + text


def test_plain_text_is_left_alone():
    assert neutralise_formula("Wmo-raad") == "Wmo-raad"


def test_xlsx_keeps_types_and_makes_formulas_inert():
    workbook = openpyxl.load_workbook(io.BytesIO(write_xlsx([_dataset()])))
    sheet = workbook.active
    rows = list(sheet.iter_rows(min_row=2, values_only=False))
    for row, text in zip(rows, DANGEROUS, strict=False):
        cell = row[0]
        assert cell.data_type == "s", "a dangerous text must stay a string cell, not a formula"
        # Without lxml, XML stores a carriage return as a newline (lxml escapes it); what matters is the apostrophe.
        assert cell.value.replace("\r", "\n") == ("'" + text).replace("\r", "\n")
        assert row[1].value == 42 and row[1].data_type == "n"
        assert row[2].value == 1.5
        assert row[3].is_date and row[3].value == datetime.datetime(2026, 3, 1)
        assert row[4].is_date and row[4].value == datetime.datetime(2026, 3, 1, 9, 30)
    last = rows[-1]
    assert last[0].value == "gewone tekst"
    assert last[1].value == -7 and last[1].data_type == "n", "a negative number stays a number"
    assert last[3].value is None


def test_csv_has_bom_semicolons_and_inert_formulas():
    content = write_csv(_dataset())
    assert content.startswith(b"\xef\xbb\xbf")
    text = content.decode("utf-8-sig")
    lines = text.split("\r\n")
    assert lines[0] == "tekst;getal;bedrag;datum;tijdstip"
    assert lines[1].startswith('"\'=HYPERLINK(""http://x"")";42;1,5;2026-03-01;2026-03-01 09:30')
    assert lines[2].startswith("'+1+1;")
    assert lines[3].startswith("'@SUM(1);")
    assert lines[-2] == "gewone tekst;-7;2,25;;"


@pytest.mark.django_db
def test_export_resource_uses_the_safe_writer_in_the_admin_formats():
    GemeenteFactory(name="=cmd|' /C calc'!A0", cbs_code="GM0001", slug="x")
    dataset = GemeenteResource().export(queryset=Gemeente.objects.all())
    sheet = openpyxl.load_workbook(io.BytesIO(write_xlsx([dataset]))).active
    assert sheet["B2"].value.startswith("'=")
    assert sheet["D2"].value == 56 and sheet["D2"].data_type == "n"


def test_xlsx_replaces_every_character_xml_refuses():
    """A resident's text may hold U+FFFE or U+FFFF (valid UTF-8, stored as given): lxml refuses them in a sheet
    as it does control characters, which stopped the whole export; each becomes U+FFFD."""
    dataset = tablib.Dataset(headers=["Tekst\uffff"])
    dataset.append(["a\uffffb\ufffec\x01d"])
    sheet = openpyxl.load_workbook(io.BytesIO(write_xlsx([dataset]))).active
    assert sheet["A1"].value == "Tekst\ufffd"
    assert sheet["A2"].value == "a\ufffdb\ufffdc\ufffdd"


@pytest.fixture
def gemeenten_export():
    definition = ExportDefinition(
        key="test.gemeenten",
        app_label="participatie",
        title="Gemeenten",
        description="Alle gemeenten",
        resource_class=GemeenteResource,
        get_queryset=lambda *, user, gemeenten: Gemeente.objects.filter(pk__in=gemeenten),
    )
    register_export(definition)
    return definition


@pytest.mark.django_db
def test_export_page_lists_exports_and_download_is_recorded(
    client, coordinator, gemeente, other_gemeente, gemeenten_export
):
    client.force_login(coordinator)
    page = client.get(reverse("export-list"))
    assert page.status_code == 200
    assert "Gemeenten" in page.content.decode()
    response = client.get(reverse("export-download", args=["test.gemeenten"]), {"format": "xlsx", "gemeente": ""})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    names = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert names == ["Middelburg"], "only the coordinator's own gemeente is exported"
    record = ExportRecord.objects.get()
    assert (record.user, record.export_key, record.row_count, record.file_format) == (
        coordinator,
        "test.gemeenten",
        1,
        "xlsx",
    )
    assert record.scope == "Middelburg"


@pytest.mark.django_db
def test_export_csv_download(client, coordinator, gemeente, gemeenten_export):
    client.force_login(coordinator)
    response = client.get(
        reverse("export-download", args=["test.gemeenten"]), {"format": "csv", "gemeente": gemeente.slug}
    )
    assert response.status_code == 200
    assert response.content.startswith(b"\xef\xbb\xbf")
    assert ExportRecord.objects.get().gemeente == gemeente


@pytest.mark.django_db
def test_export_of_another_gemeente_is_404(client, coordinator, other_gemeente, gemeenten_export):
    client.force_login(coordinator)
    response = client.get(
        reverse("export-download", args=["test.gemeenten"]), {"format": "xlsx", "gemeente": other_gemeente.slug}
    )
    assert response.status_code == 404
    assert not ExportRecord.objects.exists()


@pytest.mark.django_db
def test_export_with_a_bad_format_is_400_in_dutch(client, coordinator, gemeenten_export):
    client.force_login(coordinator)
    response = client.get(reverse("export-download", args=["test.gemeenten"]), {"format": "pdf"})
    assert response.status_code == 400
    assert "Kies Excel of CSV" in response.content.decode()


@pytest.mark.django_db
def test_unknown_export_is_404(client, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("export-download", args=["nope"]), {"format": "xlsx"}).status_code == 404


@pytest.mark.django_db
def test_council_member_may_not_export(client, council_member, gemeenten_export):
    client.force_login(council_member)
    assert client.get(reverse("export-list")).status_code == 403
    assert client.get(reverse("export-download", args=["test.gemeenten"]), {"format": "xlsx"}).status_code == 403


@pytest.mark.django_db
def test_regional_coordinator_exports_all_regio_gemeenten(client, gemeenten_export):
    from participatie.tests.factories import RegioFactory

    a, b, _c = GemeenteFactory(name="A"), GemeenteFactory(name="B"), GemeenteFactory(name="C")
    regio = RegioFactory()
    regio.gemeenten.add(a, b)
    user = UserFactory()
    MembershipFactory(user=user, gemeente=None, regio=regio, role=Role.COORDINATOR)
    client.force_login(user)
    response = client.get(reverse("export-download", args=["test.gemeenten"]), {"format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sorted(row[1] for row in sheet.iter_rows(min_row=2, values_only=True)) == ["A", "B"]


@pytest.mark.django_db
def test_export_page_fields_carry_bootstrap_classes_and_unique_ids(client, coordinator, gemeenten_export):
    # Without the classes the radios sat above their labels and the select was a tiny browser default.
    client.force_login(coordinator)
    html = client.get(reverse("export-list")).content.decode()
    assert re.search(r'<select name="gemeente" class="form-select"', html)
    assert re.search(r'<input type="radio" name="format" value="xlsx" class="form-check-input"', html)
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert [i for i in set(ids) if ids.count(i) > 1] == []
