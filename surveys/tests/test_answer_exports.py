"""Answer files (antwoordbestanden): the wide XLSX against its codebook, CSV, SPSS, background exports, roles."""

import io
import zipfile
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

import pytest
from openpyxl import load_workbook

from participatie.models import ExportRecord
from surveys.constants import AnswerExportStatus, ResponseChannel, ResponseStatus
from surveys.exports import services
from surveys.models import Answer, AnswerExport, Option
from surveys.tests.builders import build_all_types_survey
from surveys.tests.factories import AnswerFactory, RespondentGroupFactory, ResponseFactory

pytestmark = pytest.mark.django_db


def _opt(survey, code, option_code):
    return Option.objects.get(question__survey=survey, question__code=code, code=option_code)


def add_response(survey, *, status=ResponseStatus.COMPLETE, group=None, **kwargs):
    """A response to the all-types survey with a fixed set of answers."""
    response = ResponseFactory(
        survey=survey,
        status=status,
        completed_at=timezone.now() if status == ResponseStatus.COMPLETE else None,
        respondent_group=group,
        **kwargs,
    )
    q = {question.code: question for question in survey.questions.all()}
    AnswerFactory(response=response, question=q["naam"], text_value="=HYPERLINK(1)")
    AnswerFactory(response=response, question=q["leeftijd"], number_value=42)
    AnswerFactory(response=response, question=q["gebruik"], option=_opt(survey, "gebruik", "ja"))
    AnswerFactory(response=response, question=q["wie"], option=_opt(survey, "wie", "anders"), text_value="mijn buurman")
    AnswerFactory(response=response, question=q["kanalen"], option=_opt(survey, "kanalen", "web"))
    AnswerFactory(response=response, question=q["kanalen"], option=_opt(survey, "kanalen", "telefoon"))
    AnswerFactory(response=response, question=q["tevreden"], option=_opt(survey, "tevreden", "wn"))
    AnswerFactory(response=response, question=q["cijfer"], option=_opt(survey, "cijfer", "8"))
    statements = {s.code: s for s in q["stellingen"].statements.all()}
    AnswerFactory(
        response=response, question=q["stellingen"], statement=statements["s1"], option=_opt(survey, "stellingen", "2")
    )
    AnswerFactory(
        response=response, question=q["stellingen"], statement=statements["s2"], option=_opt(survey, "stellingen", "wn")
    )
    return response


@pytest.fixture
def survey(gemeente):
    return build_all_types_survey(gemeente)


def _post(client, survey, **data):
    return client.post(reverse("surveys:answer_export", args=[survey.pk]), data)


def test_wide_xlsx_read_back_matches_the_codebook(client, policy_officer, survey):
    group = RespondentGroupFactory(survey=survey, name="Wmo-cliënten")
    kept = add_response(survey, group=group, channel=ResponseChannel.PAPER, assisted_by="volunteer")
    add_response(survey, is_pilot=True)  # pilot: left out
    ResponseFactory(survey=survey)  # still in progress: left out
    client.force_login(policy_officer)
    response = _post(client, survey, file_format="xlsx", value_mode="codes")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    answers = list(book[book.sheetnames[0]].values)
    codebook = list(book[book.sheetnames[1]].values)
    header, rows = answers[0], answers[1:]
    assert len(rows) == 1
    row = dict(zip(header, rows[0], strict=True))
    assert row["respons"] == kept.pk and kept.resume_code not in [str(v) for v in rows[0]]
    assert row["status"] == "compleet" and row["kanaal"] == "paper" and row["groep"] == "Wmo-cliënten"
    assert row["naam"] == "'=HYPERLINK(1)"  # formula-safe
    assert row["leeftijd"] == 42 and row["gebruik"] == "ja" and row["wie"] == "anders"
    assert row["wie_anders"] == "mijn buurman"
    assert (row["kanalen_web"], row["kanalen_balie"], row["kanalen_telefoon"]) == (1, 0, 1)
    assert row["tevreden"] == "wn" and row["cijfer"] == 8
    assert row["stellingen_s1"] == 2 and row["stellingen_s2"] == "wn"
    assert row["toelichting"] is None and row["ondersteuner"] is None
    # Every answer column is in the codebook, with codes, off-scale flag and route.
    book_rows = {r[0]: r for r in codebook[1:]}
    assert list(book_rows) == list(header)
    assert "2 = Mee eens" in book_rows["stellingen_s1"][3] and book_rows["stellingen_s1"][4] == "wn"
    assert book_rows["ondersteuner"][5] == "gebruik is een van ja"
    assert "Ik werd goed geholpen." in book_rows["stellingen_s1"][1]
    for variable, value in row.items():
        codes = book_rows[variable][3]
        if codes and value is not None and variable not in ("status", "kanaal"):
            assert f"{value} = " in codes, variable
    record = ExportRecord.objects.get()
    assert record.export_key == "surveys.answers" and record.row_count == 1 and record.gemeente == survey.gemeente


def test_labels_mode_and_csv_zip_with_codebook(client, coordinator, survey):
    add_response(survey)
    client.force_login(coordinator)
    response = _post(client, survey, file_format="csv", value_mode="labels")
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(archive.namelist()) == ["antwoorden.csv", "codeboek.csv"]
    text = archive.read("antwoorden.csv").decode("utf-8")
    assert text.startswith("\ufeffrespons;status;")
    header, row = (line.split(";") for line in text.lstrip("\ufeff").strip().split("\r\n"))
    values = dict(zip(header, row, strict=True))
    assert (
        values["stellingen_s1"] == "Mee eens" and values["tevreden"] == "Weet niet" and values["status"] == "Compleet"
    )
    assert values["naam"] == "'=HYPERLINK(1)"


def test_spss_file_read_back_with_labels_and_user_missing(client, policy_officer, survey, tmp_path):
    pyreadstat = pytest.importorskip("pyreadstat")
    # Numeric off-scale code: 9 = weet niet, on a question with numeric codes.
    question = survey.questions.get(code="cijfer")
    Option.objects.create(question=question, position=50, code="99", label="Weet niet", is_off_scale=True)
    response = add_response(survey)
    response.answers.filter(question=question).update(option=_opt(survey, "cijfer", "99"))
    add_response(survey)
    client.force_login(policy_officer)
    result = _post(client, survey, file_format="sav", value_mode="labels")
    assert result.status_code == 200
    path = tmp_path / "a.sav"
    path.write_bytes(result.content)
    frame, meta = pyreadstat.read_sav(str(path), user_missing=True)
    assert len(frame) == 2
    assert meta.column_names_to_labels["cijfer"] == "Welk cijfer geeft u?"
    assert meta.variable_value_labels["cijfer"][99.0] == "Weet niet"
    assert meta.variable_value_labels["stellingen_s1"]["2"] == "Mee eens"  # codes 1-5 and wn: a text variable
    assert meta.missing_ranges["stellingen_s1"][0]["lo"] == "wn"
    assert [(r["lo"], r["hi"]) for r in meta.missing_ranges["cijfer"]] == [(99.0, 99.0)]
    assert sorted(frame["cijfer"].tolist()) == [8.0, 99.0]
    plain, _meta = pyreadstat.read_sav(str(path))  # without user_missing, 99 reads as missing
    assert plain["cijfer"].isna().sum() == 1


@pytest.mark.parametrize(
    ("user_fixture", "status"),
    [("policy_officer", 200), ("coordinator", 200), ("council_member", 403), ("other_policy_officer", 404)],
)
def test_who_takes_an_answer_file(request, client, survey, user_fixture, status):
    add_response(survey)
    client.force_login(request.getfixturevalue(user_fixture))
    assert client.get(reverse("surveys:answer_export", args=[survey.pk])).status_code == status
    assert _post(client, survey, file_format="xlsx", value_mode="codes").status_code == status


def test_anonymous_is_sent_to_login(client, survey):
    response = client.get(reverse("surveys:answer_export", args=[survey.pk]))
    assert response.status_code == 302 and "login" in response["Location"]


def test_bad_choice_is_a_400_in_dutch(client, policy_officer, survey):
    client.force_login(policy_officer)
    response = _post(client, survey, file_format="exe", value_mode="codes")
    assert response.status_code == 400


def test_large_export_runs_in_background_and_is_served_privately(
    client, policy_officer, other_policy_officer, survey, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.SURVEY_EXPORT_SYNC_LIMIT = 1
    settings.PRIVATE_EXPORT_ROOT = tmp_path / "private"
    for _ in range(3):
        add_response(survey)
    client.force_login(policy_officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, survey, file_format="xlsx", value_mode="codes")
    export = AnswerExport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("surveys:answer_export_status", args=[survey.pk, export.pk])
    assert export.status == AnswerExportStatus.DONE and export.done == 3  # embedded mode: eager
    page = client.get(response["Location"])
    assert "Download" in page.content.decode() or "Bestand" in page.content.decode()
    file_url = reverse("surveys:answer_export_file", args=[survey.pk, export.pk])
    download = client.get(file_url)
    assert download.status_code == 200
    rows = list(load_workbook(io.BytesIO(b"".join(download.streaming_content))).worksheets[0].values)
    assert len(rows) == 4
    assert str(settings.MEDIA_ROOT) not in str(services.private_export_path(export.file_name))
    client.force_login(other_policy_officer)
    assert client.get(file_url).status_code == 404


def test_a_second_export_while_one_runs_is_refused(client, policy_officer, survey, settings):
    settings.SURVEY_EXPORT_SYNC_LIMIT = 1
    add_response(survey)
    add_response(survey)
    AnswerExport.objects.create(survey=survey, requested_by=policy_officer, file_format="xlsx", value_mode="codes")
    client.force_login(policy_officer)
    response = _post(client, survey, file_format="csv", value_mode="codes")
    assert response.status_code == 409
    assert AnswerExport.objects.count() == 1
    with pytest.raises(services.AnswerExportRunning):
        services.answer_export_start(survey=survey, user=policy_officer, file_format="xlsx", value_mode="codes")


def test_old_files_are_deleted_after_a_day(survey, policy_officer, settings, tmp_path):
    settings.PRIVATE_EXPORT_ROOT = tmp_path
    (tmp_path / "old.xlsx").write_bytes(b"x")
    (tmp_path / "new.xlsx").write_bytes(b"x")
    now = timezone.now()
    old = AnswerExport.objects.create(
        survey=survey, file_format="xlsx", value_mode="codes", status="klaar", file_name="old.xlsx",
        finished_at=now - timedelta(hours=25),
    )  # fmt: skip
    new = AnswerExport.objects.create(
        survey=survey, file_format="xlsx", value_mode="codes", status="klaar", file_name="new.xlsx",
        finished_at=now - timedelta(hours=2),
    )  # fmt: skip
    assert services.answer_export_delete_expired(now=now) == 1
    old.refresh_from_db()
    new.refresh_from_db()
    assert old.status == AnswerExportStatus.EXPIRED and not (tmp_path / "old.xlsx").exists()
    assert new.status == AnswerExportStatus.DONE and (tmp_path / "new.xlsx").exists()


def test_export_page_links_to_the_answer_files(client, policy_officer, survey):
    add_response(survey)
    client.force_login(policy_officer)
    page = client.get(reverse("export-list")).content.decode()
    assert reverse("surveys:answer_export_surveys") in page
    listing = client.get(reverse("surveys:answer_export_surveys")).content.decode()
    assert reverse("surveys:answer_export", args=[survey.pk]) in listing


def test_results_tables_xlsx_applies_small_cells_and_is_recorded(client, coordinator, survey):
    for _ in range(6):
        add_response(survey)
    question = survey.questions.get(code="gebruik")
    Answer.objects.filter(response=survey.responses.first(), question=question).update(
        option=_opt(survey, "gebruik", "nee")
    )  # one "nee" among six: a small cell
    client.force_login(coordinator)
    response = client.get(reverse("surveys:results_tables_export", args=[survey.pk]))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    rows = list(book.worksheets[1].values)
    by_answer = {(row[0], row[3]): row for row in rows[1:]}
    assert by_answer[("stellingen_s1", "2")][4] == 6 and by_answer[("stellingen_s1", "2")][5] == 100
    assert str(by_answer[("gebruik", "nee")][4]).startswith("verborgen")  # 1 < 5: hidden
    assert str(by_answer[("gebruik", "ja")][4]).startswith("verborgen")  # computable from the total: hidden too
    assert ExportRecord.objects.get().export_key == "surveys.results_tables"


@pytest.mark.parametrize(
    ("user_fixture", "status"), [("council_member", 403), ("other_policy_officer", 404), ("policy_officer", 200)]
)
def test_who_takes_the_results_tables(request, client, survey, user_fixture, status):
    add_response(survey)
    client.force_login(request.getfixturevalue(user_fixture))
    assert client.get(reverse("surveys:results_tables_export", args=[survey.pk])).status_code == status
