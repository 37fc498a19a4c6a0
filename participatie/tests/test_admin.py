import io

import openpyxl
import pytest

from participatie.models import ExportRecord
from participatie.tests.factories import GemeenteFactory

pytestmark = pytest.mark.django_db


def test_admin_export_offers_safe_formats_and_is_recorded(client, staff_user):
    GemeenteFactory(name="=1+1", cbs_code="GM0001", slug="een")
    client.force_login(staff_user)
    page = client.get("/beheer/participatie/gemeente/export/")
    assert page.status_code == 200
    response = client.post(
        "/beheer/participatie/gemeente/export/",
        {"format": "0", "resource": "0", **{f"gemeenteresource_{f}": "on" for f in ("cbs_code", "name", "slug")}},
    )
    assert response.status_code == 200, response.content[:500]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet["B2"].value == "'=1+1"
    record = ExportRecord.objects.get()
    assert record.user == staff_user and record.row_count == 1 and record.file_format == "xlsx"


def test_admin_pages_render(client, staff_user):
    client.force_login(staff_user)
    for url in [
        "/beheer/",
        "/beheer/participatie/exportrecord/",
        "/beheer/participatie/user/",
        "/beheer/participatie/gemeente/import/",
    ]:
        assert client.get(url).status_code == 200, url
