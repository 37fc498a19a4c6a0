"""The streamed XLSX answer sheet: what a cell must hold for openpyxl, Excel and LibreOffice to read it back."""

import csv
import datetime
import io
import shutil
import subprocess
import zipfile
from decimal import Decimal
from xml.etree import ElementTree

from django.urls import reverse
from django.utils import timezone

import pytest
from openpyxl import load_workbook

from surveys.exports import services, xlsx_stream
from surveys.models import Answer, Response
from surveys.tests.builders import build_all_types_survey
from surveys.tests.test_answer_exports import add_response

pytestmark = pytest.mark.django_db

SHEET_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
MOMENT = datetime.datetime(2026, 7, 1, 10, 15, 30, tzinfo=datetime.UTC)  # 12:15:30 in Amsterdam (summer)


@pytest.fixture
def survey(gemeente):
    return build_all_types_survey(gemeente)


def _set(response, code, **values):
    Answer.objects.filter(response=response, question__code=code, statement__isnull=True).update(**values)


def _write(survey, file_format="xlsx", value_mode="codes") -> bytes:
    buffer = io.BytesIO()
    services.answer_file_write(survey=survey, file_format=file_format, value_mode=value_mode, target=buffer)
    return buffer.getvalue()


def _rows(content: bytes) -> list[dict]:
    book = load_workbook(io.BytesIO(content))
    header, *rows = list(book.worksheets[0].values)
    return [dict(zip(header, row, strict=True)) for row in rows]


def _csv_rows(content: bytes) -> list[dict]:
    text = zipfile.ZipFile(io.BytesIO(content)).read("antwoorden.csv").decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))


TEXTS = [
    "a & b < c > d \"quoted\" 'single'",
    "</t></is></c><c>injected",
    "line one\r\nline two\nline three\ttab",
    "  spaces around  ",
    "   ",
    "=SUM(A1:A2)",
    "-12",
    "@cmd",
    "control \x01\x08\x0b\x0c\x1f end",
    "emoji 😀 and ĳ and €",
    "]]> and &amp; literally",
]


@pytest.mark.parametrize("text", TEXTS)
def test_text_reads_back_as_written_formula_safe_and_xml_safe(survey, text):
    response = add_response(survey)
    _set(response, "naam", text_value=text)
    row = _rows(_write(survey))[0]
    expected = text
    for char in "\x01\x08\x0b\x0c\x1f":
        expected = expected.replace(char, "\N{REPLACEMENT CHARACTER}")  # XML 1.0 cannot hold them
    if expected[0] in "=-@":
        expected = "'" + expected
    assert row["naam"] == expected
    assert _csv_rows(_write(survey, "csv"))[0]["naam"] == ("'" + text if text[0] in "=-@" else text)


def test_sheet_xml_is_well_formed_with_numbered_rows(survey):
    for _ in range(5):
        add_response(survey)
    _set(Response.objects.first(), "naam", text_value="<b>&</b>")
    archive = zipfile.ZipFile(io.BytesIO(_write(survey)))
    root = ElementTree.fromstring(archive.read("xl/worksheets/sheet1.xml"))  # noqa: S314 - the file we just wrote
    rows = root.find(f"{SHEET_NS}sheetData").findall(f"{SHEET_NS}row")
    assert [row.get("r") for row in rows] == ["1", "2", "3", "4", "5", "6"]
    for row in rows:
        references = [cell.get("r") for cell in row]
        assert all(ref.endswith(row.get("r")) for ref in references)
        assert references == sorted(references, key=lambda ref: (len(ref), ref))  # left to right
    pane = root.find(f"{SHEET_NS}sheetViews/{SHEET_NS}sheetView/{SHEET_NS}pane")
    assert pane.get("topLeftCell") == "B2" and pane.get("state") == "frozen"
    assert archive.testzip() is None


def test_numbers_stay_numbers_and_large_ones_keep_their_digits(survey):
    big, fraction, negative = add_response(survey), add_response(survey), add_response(survey)
    _set(big, "leeftijd", number_value=Decimal("999999999999999"))
    _set(fraction, "leeftijd", number_value=Decimal("12.2500"))
    _set(negative, "leeftijd", number_value=Decimal("-3.5"))
    rows = {row["respons"]: row for row in _rows(_write(survey))}
    assert rows[big.pk]["leeftijd"] == 999999999999999 and type(rows[big.pk]["leeftijd"]) is int
    assert rows[fraction.pk]["leeftijd"] == 12.25
    assert rows[negative.pk]["leeftijd"] == -3.5  # a number: no apostrophe
    assert type(rows[big.pk]["respons"]) is int and rows[big.pk]["cijfer"] == 8
    csv_rows = {int(row["respons"]): row for row in _csv_rows(_write(survey, "csv"))}
    # A decimal comma (PostgreSQL keeps the column's four decimals, SQLite does not): the same number.
    assert Decimal(csv_rows[fraction.pk]["leeftijd"].replace(",", ".")) == Decimal("12.25")
    assert Decimal(csv_rows[negative.pk]["leeftijd"].replace(",", ".")) == Decimal("-3.5")
    assert csv_rows[big.pk]["leeftijd"] == "999999999999999"


def test_dates_and_moments_are_dates_in_local_time(survey):
    response = add_response(survey)
    Response.objects.filter(pk=response.pk).update(completed_at=MOMENT)
    Answer.objects.create(response=response, question=survey.questions.get(code="geboren"), date_value="1950-06-15")
    old = add_response(survey)
    Answer.objects.create(response=old, question=survey.questions.get(code="geboren"), date_value="1900-01-15")
    book = load_workbook(io.BytesIO(_write(survey)))
    header = [cell.value for cell in book.worksheets[0][1]]
    first, second = book.worksheets[0][2], book.worksheets[0][3]
    completed, born = first[header.index("voltooid")], first[header.index("geboren")]
    assert completed.value == datetime.datetime(2026, 7, 1, 12, 15, 30) and completed.is_date
    assert born.value == datetime.datetime(1950, 6, 15) and born.is_date and "h" not in born.number_format
    assert second[header.index("geboren")].value == datetime.datetime(1900, 1, 15)  # before Excel's 1900 leap day
    row = _csv_rows(_write(survey, "csv"))[0]
    assert row["voltooid"] == "2026-07-01 12:15" and row["geboren"] == "1950-06-15"


def test_empty_values_stay_empty(survey):
    answered = add_response(survey)
    skipped = add_response(survey)
    Answer.objects.filter(response=skipped, question__code="kanalen").delete()
    _set(skipped, "naam", text_value="")
    rows = {row["respons"]: row for row in _rows(_write(survey))}
    assert (rows[answered.pk]["kanalen_web"], rows[answered.pk]["kanalen_balie"]) == (1, 0)
    empty = rows[skipped.pk]
    assert (empty["kanalen_web"], empty["kanalen_balie"], empty["kanalen_telefoon"]) == (None, None, None)
    assert empty["naam"] is None and empty["geboren"] is None and empty["toelichting"] is None
    assert empty["groep"] is None and empty["uitnodiging"] is None and empty["hulp"] is None


def test_a_text_longer_than_excel_holds_is_cut_in_xlsx_and_kept_in_csv(survey):
    response = add_response(survey)
    text = "lang " * 8000  # 40,000 characters
    _set(response, "naam", text_value=text)
    cell = _rows(_write(survey))[0]["naam"]
    assert len(cell) == xlsx_stream.EXCEL_CELL_LIMIT and cell.endswith("…") and text.startswith(cell[:-1])
    assert _csv_rows(_write(survey, "csv"))[0]["naam"] == text


def test_sheet_names_are_valid_excel_names(survey):
    add_response(survey)
    book = load_workbook(io.BytesIO(_write(survey, value_mode="labels")))
    assert book.sheetnames == ["Antwoorden", "Codeboek"]
    assert all(len(name) <= 31 and not set(name) & set("[]:*?/\\") for name in book.sheetnames)


def test_rows_are_written_in_chunks_and_report_progress(survey, monkeypatch):
    monkeypatch.setattr(xlsx_stream, "CHUNK_ROWS", 2)
    monkeypatch.setattr(services, "PROGRESS_EVERY", 2)
    responses = [add_response(survey) for _ in range(5)]
    seen = []
    buffer = io.BytesIO()
    result = services.answer_file_write(
        survey=survey, file_format="xlsx", value_mode="codes", target=buffer, progress=seen.append
    )
    assert result.row_count == 5 and seen == [2, 4]
    assert [row["respons"] for row in _rows(buffer.getvalue())] == [r.pk for r in responses]


def test_more_rows_than_a_sheet_holds_is_refused(survey, monkeypatch):
    monkeypatch.setattr(xlsx_stream, "EXCEL_ROW_LIMIT", 3)  # header and two responses
    for _ in range(3):
        add_response(survey)
    with pytest.raises(xlsx_stream.ExcelLimitError):
        _write(survey)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        ("", None),
        (7, "><v>7</v></c>"),
        (12345678901234567890, "><v>12345678901234567890</v></c>"),
        (Decimal("2.5000"), "><v>2.5</v></c>"),
        (Decimal("NaN"), None),
        (float("inf"), None),
        (True, ' t="b"><v>1</v></c>'),
        ("\x00a\ud800\ufffe", ' t="inlineStr"><is><t>\ufffda\ufffd\ufffd</t></is></c>'),
        ("x\ry", ' t="inlineStr"><is><t>x&#13;y</t></is></c>'),
        (" x", ' t="inlineStr"><is><t xml:space="preserve"> x</t></is></c>'),
        ("+31 6", ' t="inlineStr"><is><t>\'+31 6</t></is></c>'),
    ],
)
def test_cell_xml_of_a_value(value, expected):
    cells = xlsx_stream.XlsxCells(date_style=3, datetime_style=2)
    assert cells.code(value) == expected


def test_cut_never_splits_a_character_in_two():
    text = "😀" * 20000  # two UTF-16 units each, as Excel counts
    cut = xlsx_stream.cell_text(text)
    assert len(cut.encode("utf-16-le")) // 2 <= xlsx_stream.EXCEL_CELL_LIMIT
    assert cut.endswith("…") and set(cut[:-1]) == {"😀"}


@pytest.mark.skipif(not shutil.which("libreoffice"), reason="LibreOffice is not installed")
def test_libreoffice_opens_the_file(survey, tmp_path):
    response = add_response(survey)
    Response.objects.filter(pk=response.pk).update(completed_at=timezone.make_aware(datetime.datetime(2026, 3, 2, 9)))
    _set(response, "naam", text_value="a & <b>; c")
    (tmp_path / "answers.xlsx").write_bytes(_write(survey))
    subprocess.run(
        ["libreoffice", "--headless", "--convert-to", "csv", "--outdir", str(tmp_path), str(tmp_path / "answers.xlsx")],
        check=True,
        capture_output=True,
        timeout=180,
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    header, row = list(csv.reader((tmp_path / "answers.csv").read_text(encoding="utf-8").splitlines()))
    values = dict(zip(header, row, strict=True))
    assert values["respons"] == str(response.pk) and values["naam"] == "a & <b>; c"
    assert values["voltooid"].startswith("2026-03-02 09:00") and values["leeftijd"] == "42"


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_a_survey_without_responses_gives_the_header_and_the_codebook(survey, file_format):
    add_response(survey, is_pilot=True)  # left out
    content = _write(survey, file_format)
    if file_format == "xlsx":
        book = load_workbook(io.BytesIO(content))
        assert [len(list(sheet.values)) for sheet in book.worksheets] == [
            1,
            len(list(book.worksheets[0].values)[0]) + 1,
        ]
        assert list(book.worksheets[0].values)[0][:2] == ("respons", "status")
    else:
        assert _csv_rows(content) == []


def test_spss_text_left_empty_reads_back_empty_not_nan(survey, tmp_path):
    pyreadstat = pytest.importorskip("pyreadstat")
    with_text = add_response(survey)
    without = add_response(survey)
    Answer.objects.filter(response=without, question__code="wie").update(text_value="")
    path = tmp_path / "a.sav"
    services.answer_file_write(survey=survey, file_format="sav", value_mode="codes", target=str(path))
    frame, _meta = pyreadstat.read_sav(str(path))
    texts = dict(zip(frame["respons"].astype(int), frame["wie_anders"], strict=True))
    assert texts == {with_text.pk: "mijn buurman", without.pk: ""}


def test_codebook_texts_with_characters_xml_refuses_or_too_long_for_a_cell_give_a_file_excel_opens(survey):
    """Question texts and option labels (the officer's) reach the codebook through openpyxl: U+FFFE/U+FFFF and
    control characters are refused by XML, and a cell above 32,767 characters by Excel."""
    add_response(survey)
    question = survey.questions.get(code="naam")
    question.text = "Naam \uffff en \ufffe en \x01 </t>" + "x" * 40_000
    question.save()
    for value_mode in ("codes", "labels"):
        book = load_workbook(io.BytesIO(_write(survey, value_mode=value_mode)))
        codebook = list(book.worksheets[1].values)
        (label,) = [row[1] for row in codebook if row[0] == "naam"]
        assert label.startswith(
            "Naam \N{REPLACEMENT CHARACTER} en \N{REPLACEMENT CHARACTER} en \N{REPLACEMENT CHARACTER} </t>"
        )
        assert len(label) == xlsx_stream.EXCEL_CELL_LIMIT and label.endswith("…")


def test_more_variables_than_a_sheet_holds_is_refused_with_a_dutch_message(client, policy_officer, survey, monkeypatch):
    """Excel opens at most 16,384 columns (XFD): a wider answers sheet is refused, in the page and in the background
    export alike, with the advice to choose CSV or SPSS; CSV still works."""
    add_response(survey)
    width = len(services.answer_file_layout(survey=survey, value_mode="codes").headers)
    monkeypatch.setattr(xlsx_stream, "EXCEL_COLUMN_LIMIT", width - 1)
    with pytest.raises(xlsx_stream.ExcelLimitError):
        _write(survey)
    assert _csv_rows(_write(survey, "csv"))
    client.force_login(policy_officer)
    page = client.post(
        reverse("surveys:answer_export", args=[survey.pk]), {"file_format": "xlsx", "value_mode": "codes"}
    )
    assert page.status_code == 400
    assert "Meer variabelen dan één Excel-blad kan bevatten; kies CSV of SPSS." in page.content.decode()
    monkeypatch.setattr(xlsx_stream, "EXCEL_COLUMN_LIMIT", width)
    assert _rows(_write(survey))
