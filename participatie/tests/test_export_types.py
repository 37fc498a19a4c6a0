"""Every registered XLSX export, over the demo data: typed columns, a width per column and an autofilter."""

import io
import re

from django.core.management import call_command

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from participatie.exports.registry import export_list_all
from participatie.exports.services import export_run
from participatie.models import User

# Text that a reader would take for a number or a date: it must have been written as one.
LOOKS_TYPED = re.compile(r"^-?\d+([.,]\d+)?$|^\d{4}-\d{2}-\d{2}|^\d{1,2}-\d{1,2}-\d{4}$")


def _workbooks(settings):
    """Each registered export taken by the administrator over the demo data, read back with openpyxl."""
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    admin = User.objects.get(email="admin@demo")
    books = {}
    for definition in _direct_exports():
        export_file = export_run(user=admin, definition=definition, file_format="xlsx")
        books[definition.key] = openpyxl.load_workbook(io.BytesIO(export_file.content))
    return books


def _direct_exports():
    """Exports taken straight from /exports/. One with its own page (``page_url_name``: the survey answer
    files, built per survey with a codebook) is read back, types included, by its own tests
    (surveys/tests/test_answer_exports.py)."""
    return [definition for definition in export_list_all() if not definition.page_url_name]


def _columns(sheet):
    header = [cell.value for cell in sheet[1]]
    columns = {title: [] for title in header}
    for row in sheet.iter_rows(min_row=2):
        for title, cell in zip(header, row, strict=False):
            if cell.value is not None:
                columns[title].append(cell)
    return columns


@pytest.mark.django_db
def test_every_registered_export_has_typed_columns_widths_and_an_autofilter(settings):
    workbooks = _workbooks(settings)
    assert set(workbooks) == {d.key for d in _direct_exports()}
    assert {"feedback.register", "surveys.surveys", "roadmap.trajecten"} <= set(workbooks)
    problems = []
    for key, workbook in workbooks.items():
        for sheet in workbook.worksheets:
            if sheet.max_row < 2:
                problems.append(f"{key}: the demo data gives no rows, so nothing is checked")
            last = get_column_letter(sheet.max_column)
            if sheet.auto_filter.ref != f"A1:{last}{sheet.max_row}":
                problems.append(f"{key}: autofilter {sheet.auto_filter.ref}")
            for index in range(1, sheet.max_column + 1):
                if not (sheet.column_dimensions[get_column_letter(index)].width or 0) >= 8:
                    problems.append(f"{key}: column {index} has no width")
            for title, cells in _columns(sheet).items():
                kinds = {"date" if cell.is_date else cell.data_type for cell in cells}
                if len(kinds) > 1:
                    problems.append(f"{key} / {title}: mixed cell types {kinds}")
                texts = [cell.value for cell in cells if cell.data_type == "s" and LOOKS_TYPED.match(cell.value)]
                if texts:
                    problems.append(f"{key} / {title}: numbers or dates written as text: {texts[:3]}")

    surveys = _columns(workbooks["surveys.surveys"].active)
    register = _columns(workbooks["feedback.register"].active)
    assert not problems, "\n".join(problems)
    assert surveys["Antwoorden verstuurd"] and all(c.data_type == "n" for c in surveys["Antwoorden verstuurd"])
    assert register["Terugkoppeling gegeven op"] and all(c.is_date for c in register["Terugkoppeling gegeven op"])
