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
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from ..imports import read_csv, read_xlsx

XLSX = "xlsx"
CSV = "csv"
FORMATS = (XLSX, CSV)
CONTENT_TYPES = {
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    CSV: "text/csv; charset=utf-8",
    "zip": "application/zip",
}
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# Characters XML 1.0 does not allow (control characters other than tab, newline and carriage return, lone
# surrogates, U+FFFE and U+FFFF): each becomes U+FFFD in a sheet. openpyxl's ILLEGAL_CHARACTERS_RE misses the
# last two, and lxml then refuses the cell and so the whole export (a resident's text may hold them).
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


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


# Dutch readers expect day-month-year; Excel shows these as real dates that sort and filter.
DATE_FORMAT = "dd-mm-yyyy"
DATETIME_FORMAT = "dd-mm-yyyy hh:mm"
MIN_WIDTH, MAX_WIDTH = 8, 60


def _display_length(value) -> int:
    if value is None:
        return 0
    if isinstance(value, datetime.datetime):
        return len(DATETIME_FORMAT)
    if isinstance(value, datetime.date):
        return len(DATE_FORMAT)
    return max((len(line) for line in str(value).splitlines()), default=0)


def _xlsx_cell(sheet, value):
    if isinstance(value, str):
        value = XML_ILLEGAL.sub("\N{REPLACEMENT CHARACTER}", value)
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, datetime.datetime):
        cell.number_format = DATETIME_FORMAT
    elif isinstance(value, datetime.date):
        cell.number_format = DATE_FORMAT
    return cell


def write_xlsx(datasets: list[tablib.Dataset]) -> bytes:
    """One workbook, one sheet per dataset: header bold and frozen, typed cells, column widths, an autofilter."""
    workbook = Workbook(write_only=True)
    used: set[str] = set()
    for dataset in datasets:
        sheet = workbook.create_sheet(_sheet_title(dataset.title or "", used))
        sheet.freeze_panes = "A2"
        headers = [to_cell(force_str(title)) for title in dataset.headers or []]
        rows = [[to_cell(value) for value in row] for row in dataset]
        # A write-only sheet takes its widths and filter before the first row.
        width_count = max([len(headers), *(len(row) for row in rows)], default=0)
        for index in range(width_count):
            column = [headers[index] if index < len(headers) else None] + [r[index] for r in rows if index < len(r)]
            longest = max(_display_length(value) for value in column)
            sheet.column_dimensions[get_column_letter(index + 1)].width = min(max(longest + 2, MIN_WIDTH), MAX_WIDTH)
        if headers:
            sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{len(rows) + 1}"
            header = []
            for title in headers:
                cell = _xlsx_cell(sheet, title)
                cell.font = Font(bold=True)
                header.append(cell)
            sheet.append(header)
        for row in rows:
            sheet.append([_xlsx_cell(sheet, value) for value in row])
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

    def create_dataset(self, in_stream, **kwargs):
        return read_xlsx(in_stream)


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
        if isinstance(in_stream, str):
            in_stream = in_stream.encode("utf-8")
        return read_csv(in_stream, encoding=self.encoding or "utf-8-sig")
