"""Reading uploaded spreadsheets (member import, admin imports): bounded before any heavy parsing.

Every spreadsheet the portal imports passes through :func:`read_xlsx` or :func:`read_csv` (the
``SafeXLSX`` / ``SafeCSV`` formats call them), so one set of limits holds everywhere:
``SPREADSHEET_IMPORT_MAX_BYTES`` for the file, ``SPREADSHEET_IMPORT_MAX_ROWS`` data rows and
``SPREADSHEET_IMPORT_MAX_COLUMNS`` columns. A file over a limit is refused as a whole with a Dutch
message, so nothing of it is applied. Rows are counted as a stream that stops at the first row past the
limit: a small file that unpacks to 200,000 rows costs no more than one with the limit plus one.
"""

import csv
import io
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

import tablib
from openpyxl import load_workbook


def _limit(name: str) -> int:
    return int(getattr(settings, name))


def _refuse_size() -> ValidationError:
    return ValidationError(
        _("The file is larger than %(size)s MB. Split it into smaller files.")
        % {"size": f"{_limit('SPREADSHEET_IMPORT_MAX_BYTES') / (1024 * 1024):g}"},
        code="file_too_large",
    )


def check_file_size(size: int) -> None:
    """Refuse a file larger than ``SPREADSHEET_IMPORT_MAX_BYTES``."""
    if size > _limit("SPREADSHEET_IMPORT_MAX_BYTES"):
        raise _refuse_size()


def _refuse_rows() -> ValidationError:
    return ValidationError(
        _("The file has more than %(rows)s rows. Split it into smaller files.")
        % {"rows": _limit("SPREADSHEET_IMPORT_MAX_ROWS")},
        code="too_many_rows",
    )


def _refuse_columns() -> ValidationError:
    return ValidationError(
        _("The file has more than %(columns)s columns. Keep only the columns of the import.")
        % {"columns": _limit("SPREADSHEET_IMPORT_MAX_COLUMNS")},
        code="too_many_columns",
    )


def read_xlsx(content: bytes) -> tablib.Dataset:
    """The first sheet of an .xlsx file as a dataset (first row the headers), within the import limits."""
    check_file_size(len(content))
    max_rows = _limit("SPREADSHEET_IMPORT_MAX_ROWS")
    max_columns = _limit("SPREADSHEET_IMPORT_MAX_COLUMNS")
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        # A zip bomb: the parts unpack to far more than a spreadsheet of the allowed size can hold.
        if sum(info.file_size for info in archive.infolist()) > _limit("SPREADSHEET_IMPORT_MAX_UNPACKED_BYTES"):
            raise _refuse_size()
    workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    try:
        sheet = workbook.active
        if (sheet.max_column or 0) > max_columns:
            raise _refuse_columns()
        # Without a stated width every row is cut at the column limit; missing rows are filled in by openpyxl,
        # so a sheet with one cell in row 200,000 is counted as the 200,000 rows it claims.
        rows = sheet.iter_rows(max_col=sheet.max_column or max_columns, values_only=True)
        dataset = tablib.Dataset()
        headers = next(rows, None)
        if headers is None:
            return dataset
        width = max((i + 1 for i, value in enumerate(headers) if value is not None), default=0)
        dataset.headers = list(headers[:width])
        for count, row in enumerate(rows, start=1):
            if count > max_rows:
                raise _refuse_rows()
            row = list(row[:width]) + [None] * (width - len(row))
            if getattr(settings, "IMPORT_EXPORT_IMPORT_IGNORE_BLANK_LINES", False) and all(v is None for v in row):
                continue
            dataset.append(row)
        return dataset
    finally:
        workbook.close()


def read_csv(content: bytes, *, encoding: str = "utf-8-sig") -> tablib.Dataset:
    """A CSV file separated by ';' or ',' (Dutch Excel writes ';') as a dataset, within the import limits."""
    check_file_size(len(content))
    text = content.decode(encoding).lstrip("\ufeff")
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    max_rows = _limit("SPREADSHEET_IMPORT_MAX_ROWS")
    max_columns = _limit("SPREADSHEET_IMPORT_MAX_COLUMNS")
    for count, row in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter)):
        if count > max_rows:  # row 0 holds the headers
            raise _refuse_rows()
        if len(row) > max_columns:
            raise _refuse_columns()
    return tablib.import_set(text, format="csv", delimiter=delimiter)
