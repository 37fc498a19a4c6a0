"""Writing answer files (antwoordbestanden): XLSX with codebook, CSV (zip with codebook) and SPSS .sav.

Small exports are written at once; larger ones run as a background task that streams to a private file
(``PRIVATE_EXPORT_ROOT``, outside the public media folder), reports progress and is deleted after a day.
Every export is recorded in ExportRecord through the shared export base.
"""

import csv
import io
import os
import tempfile
import uuid
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from participatie.exports.formats import CONTENT_TYPES, csv_text, neutralise_formula, to_cell
from participatie.exports.formats import _sheet_title as sheet_title
from participatie.exports.services import export_record_create

from ..constants import AnswerExportFormat, AnswerExportStatus, ExportValueMode
from ..models import AnswerExport, Survey
from . import xlsx_stream
from .selectors import (
    CODED,
    DATE,
    DATETIME,
    FLAG,
    NUMBER,
    AnswerFileLayout,
    RawCells,
    answer_file_layout,
    answer_file_rows,
    response_list_for_answer_file,
)
from .xlsx_stream import XlsxCells, cell_styles, cell_text, local_naive, splice_rows

EXPORT_KEY = "surveys.answers"
SAV_CONTENT_TYPE = "application/x-spss-sav"
PROGRESS_EVERY = 2000
CSV_DATETIME = "%Y-%m-%d %H:%M"  # as participatie.exports.formats.csv_text writes a moment


class AnswerExportRunning(Exception):
    """Another background export of the same survey is still waiting or running."""


@dataclass(frozen=True)
class AnswerFileResult:
    """What was written: the number of responses, the file extension and the content type."""

    row_count: int
    extension: str
    content_type: str


def codebook_headers() -> list[str]:
    return [
        _("Variable"),
        _("Question text"),
        _("Type"),
        _("Codes"),
        _("Off-scale codes (user-missing)"),
        _("Route condition"),
        _("Text changes"),
    ]


def codebook_rows(layout: AnswerFileLayout) -> list[list]:
    """One row per variable: name, question text, type, code → label, off-scale codes, route and text changes."""
    rows = []
    for column in layout.columns:
        codes = "; ".join(f"{code} = {label}" for code, label in column.codes)
        off = ", ".join(str(code) for code in column.off_scale)
        rows.append([column.name, column.label, column.type_label, codes, off, column.route, column.note])
    return rows


def _xlsx_value(value):
    value = to_cell(value)
    if isinstance(value, str):
        # As the streamed answers sheet: every character XML refuses (openpyxl's own pattern misses U+FFFE and
        # U+FFFF, and lxml then stops the whole export) and at most the 32,767 characters Excel opens in a cell.
        value = cell_text(value)
    return value


def _progress_rows(rows, progress: Callable[[int], None] | None):
    for count, row in enumerate(rows, start=1):
        yield row
        if progress is not None and count % PROGRESS_EVERY == 0:
            progress(count)


def write_xlsx(*, survey: Survey, layout: AnswerFileLayout, target, progress=None) -> int:
    """Stream the answer file as XLSX with a codebook sheet; memory stays flat for any number of responses.

    openpyxl writes the workbook with the answers sheet's header row and the codebook; the answer rows are
    then streamed into that sheet as XML (``xlsx_stream``), which is what makes 100,000 responses fast.
    """
    if len(layout.columns) > xlsx_stream.EXCEL_COLUMN_LIMIT:  # checked before openpyxl writes the header row
        raise xlsx_stream.ExcelLimitError(_("More variables than one Excel sheet holds; choose CSV or SPSS."))
    workbook = Workbook(write_only=True)
    used: set[str] = set()
    sheet = workbook.create_sheet(sheet_title(_("Answers"), used))
    sheet.freeze_panes = "B2"
    bold = Font(bold=True)

    def header(ws, names):
        cells = []
        for name in names:
            cell = WriteOnlyCell(ws, value=_xlsx_value(str(name)))
            cell.font = bold
            cells.append(cell)
        ws.append(cells)

    header(sheet, layout.headers)
    cells = XlsxCells(**cell_styles(sheet))
    book = workbook.create_sheet(sheet_title(_("Codebook"), used))
    book.freeze_panes = "A2"
    header(book, codebook_headers())
    for row in codebook_rows(layout):
        book.append([_xlsx_value(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    rows = answer_file_rows(survey=survey, layout=layout, cells=cells)
    return splice_rows(
        workbook_bytes=buffer.getvalue(),
        sheet_path=sheet.path.lstrip("/"),
        width=len(layout.columns),
        rows=_progress_rows(rows, progress),
        target=target,
    )


class CsvCells(RawCells):
    """Answer-file values as CSV text (formula-safe, Dutch decimal comma); whole numbers stay numbers.

    The same text as ``csv_text`` gives, with the time zone looked up once per file instead of per row.
    """

    def __init__(self):
        self.zone = timezone.get_current_timezone()

    def code(self, value):
        return value if value is None or type(value) is int else csv_text(value)

    def datetime(self, value):
        return local_naive(value, self.zone).strftime(CSV_DATETIME)

    def text(self, value: str):
        return neutralise_formula(value)

    def number(self, value):
        return value if type(value) is int else csv_text(value)

    def date(self, value):
        return csv_text(value)


def _csv_writer(stream):
    return csv.writer(stream, delimiter=";", lineterminator="\r\n")


def write_csv_zip(*, survey: Survey, layout: AnswerFileLayout, target, progress=None) -> int:
    """The answer file as ';' CSV with BOM (Dutch Excel, R, Stata), zipped together with the codebook CSV."""
    count = 0
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        with archive.open("antwoorden.csv", "w", force_zip64=True) as raw:
            stream = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="", write_through=False)
            writer = _csv_writer(stream)
            writer.writerow(layout.headers)
            rows = answer_file_rows(survey=survey, layout=layout, cells=CsvCells())
            for row in _progress_rows(rows, progress):
                writer.writerow(row)
                count += 1
            stream.flush()
            stream.detach()
        with archive.open("codeboek.csv", "w") as raw:
            stream = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
            writer = _csv_writer(stream)
            writer.writerow(codebook_headers())
            for row in codebook_rows(layout):
                writer.writerow([csv_text(value) for value in row])
            stream.flush()
            stream.detach()
    return count


def spss_name(name: str, used: set[str]) -> str:
    """A valid, unique SPSS variable name: letters, digits, '_' and '.', starting with a letter, at most 64."""
    cleaned = "".join(ch if ch.isalnum() or ch in "_." else "_" for ch in name)
    if not cleaned or not cleaned[0].isalpha():
        cleaned = "v" + cleaned
    cleaned = cleaned.rstrip(".")[:64]
    candidate, n = cleaned, 2
    while candidate.lower() in used:
        candidate, n = f"{cleaned[:60]}_{n}", n + 1
    used.add(candidate.lower())
    return candidate


def write_sav(*, survey: Survey, layout: AnswerFileLayout, target, progress=None) -> int:
    """The answer file as SPSS .sav (pyreadstat): variable labels, value labels, off-scale codes user-missing.

    Codes are always written as codes here (SPSS shows the labels itself); a question whose codes are not all
    whole numbers becomes a text variable with text value labels and text user-missing codes.
    """
    import pandas as pd
    import pyreadstat

    used: set[str] = set()
    names = [spss_name(column.name, used) for column in layout.columns]
    columns, count = _answer_columns(
        _progress_rows(answer_file_rows(survey=survey, layout=layout), progress), width=len(names)
    )
    data, value_labels, missing, measure = {}, {}, {}, {}
    for index, (name, column) in enumerate(zip(names, layout.columns, strict=True)):
        values = pd.Series(columns[index], dtype=object)
        columns[index] = None  # each column's Python values are freed once it is converted
        if column.kind == DATETIME:
            data[name] = pd.to_datetime(values.map(lambda v: timezone.localtime(v).replace(tzinfo=None) if v else None))
        elif column.kind == DATE:
            data[name] = pd.to_datetime(values)
        elif column.kind in (CODED, FLAG, NUMBER) or name == names[0]:
            if column.kind == NUMBER or all(isinstance(code, int) for code, _label in column.codes):
                data[name] = pd.to_numeric(values, errors="coerce").astype("float64")
                if column.codes:
                    value_labels[name] = {float(code): str(label) for code, label in column.codes}
                    measure[name] = "ordinal" if column.kind == CODED else "nominal"
                if column.off_scale:
                    # SPSS allows three discrete user-missing values.
                    missing[name] = [float(code) for code in column.off_scale][:3]
                continue
            # Codes that are not all whole numbers (ja/nee, wn): a text variable, with text value labels.
            data[name] = values.map(lambda v: "" if v is None else str(v))
            if column.codes:
                value_labels[name] = {str(code): str(label) for code, label in column.codes}
            if column.off_scale:
                missing[name] = [str(code) for code in column.off_scale][:3]
        else:
            data[name] = values.map(lambda v: "" if v is None else str(v))
    frame = pd.DataFrame(data)
    del data
    pyreadstat.write_sav(
        frame,
        target,
        file_label=survey.title[:64],
        column_labels={name: column.label[:255] for name, column in zip(names, layout.columns, strict=True)},
        variable_value_labels=value_labels,
        missing_ranges=missing,
        variable_measure=measure or None,
    )
    return count


def _answer_columns(rows, *, width: int, batch_size: int = 2000) -> tuple[list[list], int]:
    """The answer file's values column by column (SPSS takes a whole frame): no list of rows is kept."""
    columns: list[list] = [[] for _ in range(width)]
    batch, count = [], 0

    def flush():
        for column, values in zip(columns, zip(*batch, strict=True), strict=True):
            column.extend(values)
        batch.clear()

    for row in rows:
        batch.append(row)
        count += 1
        if len(batch) >= batch_size:
            flush()
    if batch:
        flush()
    return columns, count


WRITERS = {
    AnswerExportFormat.XLSX: (write_xlsx, "xlsx", CONTENT_TYPES["xlsx"]),
    AnswerExportFormat.CSV: (write_csv_zip, "zip", CONTENT_TYPES["zip"]),
    AnswerExportFormat.SAV: (write_sav, "sav", SAV_CONTENT_TYPE),
}


def answer_file_write(*, survey: Survey, file_format: str, value_mode: str, target, progress=None) -> AnswerFileResult:
    """Write the answer file of ``survey`` to ``target`` (a path or binary file) in ``file_format``."""
    writer, extension, content_type = WRITERS[file_format]
    if file_format == AnswerExportFormat.SAV:
        value_mode = ExportValueMode.CODES
    layout = answer_file_layout(survey=survey, value_mode=value_mode)
    count = writer(survey=survey, layout=layout, target=target, progress=progress)
    return AnswerFileResult(row_count=count, extension=extension, content_type=content_type)


def answer_file_download_name(*, survey: Survey, extension: str) -> str:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return f"antwoorden-{slugify(survey.title)[:60] or 'vragenlijst'}-{stamp}.{extension}"


def _record(*, user, survey: Survey, file_format: str, row_count: int) -> None:
    export_record_create(
        user=user,
        export_key=EXPORT_KEY,
        title=_("Answer file: %(title)s") % {"title": survey.title},
        gemeente=survey.gemeente,
        scope=f"{survey.gemeente.name}: {survey.title}",
        file_format=file_format,
        row_count=row_count,
    )


def answer_file_build_now(*, survey: Survey, user, file_format: str, value_mode: str) -> tuple[bytes, str, str]:
    """Write a small answer file in memory and record it; returns content, file name and content type."""
    buffer = io.BytesIO()
    if file_format == AnswerExportFormat.SAV:
        # pyreadstat writes to a path only.
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "export.sav"
            result = answer_file_write(survey=survey, file_format=file_format, value_mode=value_mode, target=str(path))
            content = path.read_bytes()
    else:
        result = answer_file_write(survey=survey, file_format=file_format, value_mode=value_mode, target=buffer)
        content = buffer.getvalue()
    _record(user=user, survey=survey, file_format=file_format, row_count=result.row_count)
    return content, answer_file_download_name(survey=survey, extension=result.extension), result.content_type


def answer_file_is_large(*, survey: Survey) -> bool:
    """More responses than SURVEY_EXPORT_SYNC_LIMIT: the export runs in the background."""
    limit = settings.SURVEY_EXPORT_SYNC_LIMIT
    return response_list_for_answer_file(survey=survey)[: limit + 1].count() > limit


def answer_export_start(*, survey: Survey, user, file_format: str, value_mode: str) -> AnswerExport:
    """Queue a background answer export (one per survey at a time); the task starts after the commit."""
    if file_format not in AnswerExportFormat.values or value_mode not in ExportValueMode.values:
        raise ValidationError(_("Choose a file type and how answers are shown."))
    total = response_list_for_answer_file(survey=survey).count()
    try:
        with transaction.atomic():
            export = AnswerExport.objects.create(
                survey=survey, requested_by=user, file_format=file_format, value_mode=value_mode, total=total
            )
    except IntegrityError as error:
        raise AnswerExportRunning from error

    def enqueue():
        from ..tasks import answer_export_build

        answer_export_build.delay(export.pk)

    transaction.on_commit(enqueue)
    return export


def private_export_path(file_name: str) -> Path:
    """Where a background export's file lives (outside MEDIA_ROOT)."""
    return Path(settings.PRIVATE_EXPORT_ROOT) / file_name


def answer_export_run(*, export_id: int) -> AnswerExport | None:
    """Write a queued background export to its private file, reporting progress; runs once per export."""
    claimed = AnswerExport.objects.filter(pk=export_id, status=AnswerExportStatus.QUEUED).update(
        status=AnswerExportStatus.RUNNING
    )
    if not claimed:
        return None  # already taken (a redelivered task) or gone
    export = AnswerExport.objects.select_related("survey__gemeente", "requested_by").get(pk=export_id)
    _writer, extension, _type = WRITERS[export.file_format]
    file_name = f"{uuid.uuid4().hex}.{extension}"
    path = private_export_path(file_name)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".part")

    def progress(done: int) -> None:
        AnswerExport.objects.filter(pk=export_id).update(done=done)

    try:
        result = answer_file_write(
            survey=export.survey,
            file_format=export.file_format,
            value_mode=export.value_mode,
            target=str(partial),
            progress=progress,
        )
        os.replace(partial, path)
    except Exception as error:
        partial.unlink(missing_ok=True)
        AnswerExport.objects.filter(pk=export_id).update(
            status=AnswerExportStatus.FAILED, error=str(error)[:1000], finished_at=timezone.now()
        )
        raise
    with transaction.atomic():
        AnswerExport.objects.filter(pk=export_id).update(
            status=AnswerExportStatus.DONE,
            done=result.row_count,
            total=result.row_count,
            file_name=file_name,
            download_name=answer_file_download_name(survey=export.survey, extension=result.extension),
            finished_at=timezone.now(),
        )
        _record(
            user=export.requested_by, survey=export.survey, file_format=export.file_format, row_count=result.row_count
        )
    export.refresh_from_db()
    return export


def answer_export_delete_expired(*, now=None) -> int:
    """Delete background answer files older than SURVEY_EXPORT_KEEP_HOURS; a stuck export older than that fails."""
    now = now or timezone.now()
    cutoff = now - timedelta(hours=settings.SURVEY_EXPORT_KEEP_HOURS)
    deleted = 0
    for export in AnswerExport.objects.filter(status=AnswerExportStatus.DONE, finished_at__lt=cutoff):
        if export.file_name:
            private_export_path(export.file_name).unlink(missing_ok=True)
        AnswerExport.objects.filter(pk=export.pk).update(status=AnswerExportStatus.EXPIRED, file_name="")
        deleted += 1
    AnswerExport.objects.filter(status__in=[AnswerExportStatus.QUEUED, AnswerExportStatus.RUNNING]).filter(
        created_at__lt=cutoff
    ).update(status=AnswerExportStatus.FAILED, error="timed out", finished_at=now)
    return deleted


def answer_export_delete_for_survey(*, survey: Survey) -> int:
    """Delete every answer file of a survey and its records of background exports (retention)."""
    exports = AnswerExport.objects.filter(survey=survey)
    for file_name in exports.exclude(file_name="").values_list("file_name", flat=True):
        private_export_path(file_name).unlink(missing_ok=True)
    deleted, _detail = exports.delete()
    return deleted


RESULTS_TABLES_KEY = "surveys.results_tables"


def _hidden(value, hidden_mark: str):
    return hidden_mark if value is None else value


def results_tables_datasets(*, survey: Survey) -> list:
    """The figures of the results page as tables (small-cell rules always applied), for the college's report."""
    import tablib

    from ..results.selectors import survey_results

    results = survey_results(survey=survey, protect_always=True)
    hidden = _("hidden (fewer than %(n)s)") % {"n": results.threshold}
    overview = tablib.Dataset(headers=[_("Item"), _("Value")], title=_("Overview"))
    overview.append([_("Survey"), results.title])
    overview.append([_("Complete responses"), results.complete_n])
    overview.append([_("Started but not sent (not in the figures)"), results.started_not_sent])
    overview.append([_("Fieldwork from"), results.fieldwork_start])
    overview.append([_("Fieldwork until"), results.fieldwork_end])
    overview.append([_("Small-cell threshold"), results.threshold])
    if results.previous_round_title:
        overview.append([_("Compared with"), results.previous_round_title])
    if results.all_hidden:
        overview.append([_("Figures"), hidden])
    headers = [
        _("Variable"), _("Question or statement"), _("Answer"), _("Code"), _("Count"), _("Percentage"),
        _("Off-scale"), _("Valid n"), _("Top two %"), _("Mean score"), _("Previous round %"), _("Difference (points)"),
    ]  # fmt: skip
    tables = tablib.Dataset(headers=headers, title=_("Tables"))
    for result in results.questions:
        lines = result.statements if result.is_matrix else ([result.line] if result.line else [])
        if result.hidden:
            tables.append([result.code, result.text, hidden, None, None, None, None, None, None, None, None, None])
            continue
        for line in lines:
            label = f"{result.text} – {line.text}" if result.is_matrix else result.text
            variable = f"{result.code}_{line.code}" if result.is_matrix else result.code  # as in the answer file
            if line.hidden:
                tables.append([variable, label, hidden, None, None, None, None, None, None, None, None, None])
                continue
            for option in line.options:
                tables.append([
                    variable, label, option.label, option.code, _hidden(option.count, hidden), option.percent,
                    _("yes") if option.is_off_scale else "", line.valid_n, None, None,
                    option.previous_percent, option.difference,
                ])  # fmt: skip
            if line.top_two_percent is not None or line.mean is not None:
                tables.append([
                    variable, label, _("Total"), None, line.answered, None, line.off_scale_n or None,
                    line.valid_n, line.top_two_percent, line.mean, line.previous_top_two, line.top_two_difference,
                ])  # fmt: skip
        if result.number:
            figures = result.number
            for name, value in (
                (_("n"), figures.n), (_("lowest"), figures.minimum), (_("median"), figures.median),
                (_("mean"), figures.mean), (_("highest"), figures.maximum),
            ):  # fmt: skip
                tables.append([result.code, result.text, name, None, value, None, None, None, None, None, None, None])
    return [overview, tables]


def results_tables_build(*, survey: Survey, user):
    """The results tables as XLSX through the shared export base (formula-safe, typed cells, recorded)."""
    from participatie.exports.services import export_file_build

    return export_file_build(
        user=user,
        export_key=RESULTS_TABLES_KEY,
        title=_("Results tables: %(title)s") % {"title": survey.title},
        datasets=results_tables_datasets(survey=survey),
        file_format="xlsx",
        gemeente=survey.gemeente,
        scope=f"{survey.gemeente.name}: {survey.title}",
    )
