"""The answer file's big sheet written as XML straight into the .xlsx zip (a stream, no cell objects).

openpyxl's write-only mode builds a cell object per value and spends most of an export's time on it
(4.6 million cells for 100,000 responses). Here openpyxl still writes the workbook around the answers: the
header row, the frozen pane, the codebook sheet, the styles and the package parts. The rows of the answers
sheet are then spliced into that sheet's XML as they are read, each cell a ready-made piece of text. What a
cell holds is what openpyxl would have written for the same value (inline strings, numbers as ``%.16g``,
dates as serial numbers with openpyxl's own date styles), so the file reads back the same.
"""

import datetime
import decimal
import io
import math
import zipfile
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.translation import gettext as _

from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel

from participatie.exports.formats import XML_ILLEGAL, neutralise_formula, to_cell

from .selectors import RawCells

# Excel refuses a cell with more characters than this (it counts UTF-16 code units).
EXCEL_CELL_LIMIT = 32767
# and a sheet with more rows than this,
EXCEL_ROW_LIMIT = 1_048_576
# or more columns than this (A to XFD).
EXCEL_COLUMN_LIMIT = 16_384
# An XML parser reads a carriage return as a newline; a character reference keeps it.
XML_ENTITIES = {"\r": "&#13;"}
# Rows are written to the zip in chunks of this many.
CHUNK_ROWS = 500


class ExcelLimitError(ValueError):
    """The answer file does not fit in one Excel sheet."""


def local_naive(value: datetime.datetime, zone) -> datetime.datetime:
    """An aware moment as the local wall-clock time without a zone (what ``to_cell`` makes of it)."""
    return value.astimezone(zone).replace(tzinfo=None) if value.tzinfo is not None else value


def _excel_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def cell_text(value: str) -> str:
    """A text as Excel can open it: XML-safe characters and at most 32,767 characters (cut with '…')."""
    value = XML_ILLEGAL.sub("\N{REPLACEMENT CHARACTER}", value)
    if len(value) > EXCEL_CELL_LIMIT // 2 and _excel_length(value) > EXCEL_CELL_LIMIT:
        units = value.encode("utf-16-le")[: 2 * (EXCEL_CELL_LIMIT - 1)]
        value = units.decode("utf-16-le", errors="ignore") + "…"  # a cut surrogate pair is dropped whole
    return value


class XlsxCells(RawCells):
    """Answer-file values as the XML of a cell after its reference: ``' t="inlineStr"><is>…</is></c>'``."""

    empty = None

    def __init__(self, *, date_style: int, datetime_style: int):
        self.date_style = date_style
        self.datetime_style = datetime_style
        self.zone = timezone.get_current_timezone()  # once: asking Django per row costs more than the cell

    def code(self, value):
        return self.cell(to_cell(value))

    def cell(self, value) -> str | None:
        """The cell XML of an already typed value (see ``participatie.exports.formats.to_cell``)."""
        if value is None:
            return None
        kind = type(value)
        if kind is str:
            return self._string(value)
        if kind is int:
            return f"><v>{value}</v></c>"
        if kind is bool:
            return f' t="b"><v>{int(value)}</v></c>'
        if kind is datetime.datetime:
            return f' s="{self.datetime_style}"><v>{to_excel(value):.16g}</v></c>'
        if kind is datetime.date:
            return f' s="{self.date_style}"><v>{to_excel(value):.16g}</v></c>'
        if isinstance(value, float | decimal.Decimal):
            finite = value.is_finite() if isinstance(value, decimal.Decimal) else math.isfinite(value)
            if not finite:
                return None  # Excel has no NaN or infinity; openpyxl writes these empty too
            return f"><v>{float(value):.16g}</v></c>"  # as openpyxl formats a number
        return self._string(str(value))

    def _string(self, value: str) -> str | None:
        if not value:
            return None
        value = cell_text(value)
        # Without xml:space Excel drops leading and trailing spaces.
        space = ' xml:space="preserve"' if value != value.strip() else ""
        return f' t="inlineStr"><is><t{space}>{escape(value, XML_ENTITIES)}</t></is></c>'

    def integer(self, value: int):
        return f"><v>{value}</v></c>"

    def datetime(self, value):
        return self.cell(local_naive(value, self.zone))

    def text(self, value: str):
        return self._string(neutralise_formula(value))

    def number(self, value):
        return self.cell(value)

    def date(self, value):
        return self.cell(value)


def cell_styles(sheet) -> dict[str, int]:
    """The style numbers openpyxl gives a date and a date-time cell in ``sheet``'s workbook (same formats)."""
    return {
        "date_style": WriteOnlyCell(sheet, value=datetime.date(2000, 1, 1)).style_id,
        "datetime_style": WriteOnlyCell(sheet, value=datetime.datetime(2000, 1, 1)).style_id,
    }


def _row_xml(number: int, references: list[str], cells: list) -> str:
    tail = f'{number}"'
    inner = "".join(
        [reference + tail + cell for reference, cell in zip(references, cells, strict=True) if cell is not None]
    )
    return f'<row r="{number}">{inner}</row>'


def splice_rows(*, workbook_bytes: bytes, sheet_path: str, width: int, rows, target, compresslevel: int = 1) -> int:
    """Copy the openpyxl workbook to ``target``, appending ``rows`` (lists of cell XML) to one sheet's data.

    The sheet's part is streamed into the zip; memory holds one chunk of rows at a time.
    """
    references = [f'<c r="{get_column_letter(index + 1)}' for index in range(width)]
    count = 0
    with (
        zipfile.ZipFile(io.BytesIO(workbook_bytes)) as source,
        zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=compresslevel) as archive,
    ):
        for info in source.infolist():
            if info.filename != sheet_path:
                archive.writestr(info, source.read(info.filename), compress_type=zipfile.ZIP_DEFLATED)
                continue
            head, marker, tail = source.read(info.filename).decode("utf-8").partition("</sheetData>")
            if not marker:
                raise ValueError("The answers sheet has no row data to add to.")
            header_rows = head.count("<row ")
            with archive.open(sheet_path, "w", force_zip64=True) as part:
                part.write(head.encode("utf-8"))
                chunk = []
                for number, cells in enumerate(rows, start=header_rows + 1):
                    if number > EXCEL_ROW_LIMIT:
                        raise ExcelLimitError(_("More responses than one Excel sheet holds; choose CSV or SPSS."))
                    chunk.append(_row_xml(number, references, cells))
                    count += 1
                    if len(chunk) >= CHUNK_ROWS:
                        part.write("".join(chunk).encode("utf-8"))
                        chunk = []
                part.write(("".join(chunk) + marker + tail).encode("utf-8"))
    return count
