"""Spreadsheet writers for every export of the portal: XLSX (default) and Dutch-Excel CSV.

Both neutralise spreadsheet formulas in text cells (CSV/formula injection): a text
that starts with ``= + - @``, a tab or a carriage return gets a leading apostrophe,
so a spreadsheet shows it as text instead of running it. Numbers and dates keep
their type in XLSX. django-import-export's own ESCAPE_FORMULAE setting only strips
``=`` and turns every cell into text, so it is deliberately not used.
"""

import csv
import datetime
import decimal
import io
import re
import zipfile

from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.functional import Promise

import tablib
from import_export.formats import base_formats
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

XLSX = "xlsx"
CSV = "csv"
FORMATS = (XLSX, CSV)
CONTENT_TYPES = {
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    CSV: "text/csv; charset=utf-8",
    "zip": "application/zip",
}
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value: str) -> str:
    """Prefix a text that a spreadsheet would read as a formula with an apostrophe."""
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value


def to_cell(value):
    """Turn an exported value into a typed spreadsheet value (None for an empty cell)."""
    if value is None:
        return None
    if isinstance(value, bool | int | float | decimal.Decimal):
        return value
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(tzinfo=None)
    if isinstance(value, datetime.date | datetime.time):
        return value
    if isinstance(value, list | tuple | set | frozenset):
        value = ", ".join(force_str(item) for item in value)
    elif isinstance(value, Promise):
        value = force_str(value)
    elif not isinstance(value, str):
        value = str(value)
    return neutralise_formula(value)


def _sheet_title(title: str, used: set[str]) -> str:
    # Excel allows 31 characters and no []:*?/\ in a sheet name, and each name once.
    base = re.sub(r"[\[\]:*?/\\]", " ", title or "Blad").strip()[:31] or "Blad"
    candidate, n = base, 2
    while candidate.lower() in used:
        suffix = f" ({n})"
        candidate, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(candidate.lower())
    return candidate


def write_xlsx(datasets: list[tablib.Dataset]) -> bytes:
    """One workbook, one sheet per dataset, header row in bold and frozen."""
    workbook = Workbook(write_only=True)
    used: set[str] = set()
    for dataset in datasets:
        sheet = workbook.create_sheet(_sheet_title(dataset.title or "", used))
        sheet.freeze_panes = "A2"
        header = []
        for title in dataset.headers or []:
            cell = WriteOnlyCell(sheet, value=to_cell(force_str(title)))
            cell.font = Font(bold=True)
            header.append(cell)
        if header:
            sheet.append(header)
        for row in dataset:
            cells = []
            for value in row:
                value = to_cell(value)
                if isinstance(value, str):
                    value = ILLEGAL_CHARACTERS_RE.sub("\N{REPLACEMENT CHARACTER}", value)
                cells.append(value)
            sheet.append(cells)
    if not datasets:
        workbook.create_sheet("Blad")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_text(value) -> str:
    """One value as CSV text: typed values in Dutch notation (decimal comma), text formula-safe."""
    value = to_cell(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, float | decimal.Decimal):
        # Dutch Excel reads a decimal comma; a point would turn 1.5 into a date or text.
        return (
            format(value, "f").replace(".", ",") if isinstance(value, decimal.Decimal) else str(value).replace(".", ",")
        )
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return str(value)


def write_csv(dataset: tablib.Dataset) -> bytes:
    """A ';'-separated CSV with a UTF-8 byte order mark, as Dutch Excel expects."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    if dataset.headers:
        writer.writerow([csv_text(force_str(h)) for h in dataset.headers])
    for row in dataset:
        writer.writerow([csv_text(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def write_export(datasets: list[tablib.Dataset], file_format: str) -> tuple[bytes, str]:
    """Write datasets in ``file_format``; returns the bytes and the file extension.

    Several datasets in CSV become a zip with one CSV per dataset.
    """
    if file_format == XLSX:
        return write_xlsx(datasets), XLSX
    if file_format == CSV:
        if len(datasets) == 1:
            return write_csv(datasets[0]), CSV
        buffer = io.BytesIO()
        used: set[str] = set()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for dataset in datasets:
                archive.writestr(f"{_sheet_title(dataset.title or '', used)}.csv", write_csv(dataset))
        return buffer.getvalue(), "zip"
    raise ValueError(f"Unknown export format: {file_format!r}")


class SafeXLSX(base_formats.XLSX):
    """django-import-export format (admin) that writes through :func:`write_xlsx`."""

    def export_data(self, dataset, **kwargs):
        return write_xlsx([dataset])


class SafeCSV(base_formats.CSV):
    """django-import-export format (admin) that writes through :func:`write_csv` and reads ';' or ','."""

    def get_title(self):
        return "csv"

    def is_binary(self):
        return True

    def get_read_mode(self):
        return "rb"

    def export_data(self, dataset, **kwargs):
        return write_csv(dataset)

    def create_dataset(self, in_stream, **kwargs):
        if isinstance(in_stream, bytes):
            in_stream = in_stream.decode(self.encoding or "utf-8-sig")
        in_stream = in_stream.lstrip("\ufeff")
        first_line = in_stream.split("\n", 1)[0]
        delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
        return tablib.import_set(in_stream, format="csv", delimiter=delimiter)
