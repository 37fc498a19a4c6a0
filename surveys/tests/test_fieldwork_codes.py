"""Fieldwork: invitation codes, batches, sample files, outputs, the resident's code page and anonymity."""

import io
import logging
import math
from pathlib import Path

from django.conf import settings
from django.db import connection, models
from django.urls import reverse
from django.utils import timezone

import pytest
from openpyxl import Workbook, load_workbook

from participatie.models import ExportRecord
from surveys.constants import (
    INVITATION_CODE_ALPHABET,
    INVITATION_CODE_LENGTH,
    ResponseSource,
    ResponseStatus,
    SurveyStatus,
)
from surveys.fieldwork import services
from surveys.logic import SurveyStructure
from surveys.models import InvitationBatch, InvitationClaim, InvitationCode, Response
from surveys.respond.services import response_complete
from surveys.tests.factories import (
    InvitationBatchFactory,
    InvitationCodeFactory,
    OpenSurveyFactory,
    QuestionFactory,
    RespondentGroupFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db

LOOK_ALIKES = set("0O1lI")


@pytest.fixture
def survey(gemeente):
    survey = OpenSurveyFactory(gemeente=gemeente, requires_code=True)
    QuestionFactory(section=SectionFactory(survey=survey), is_required=False)
    return survey


# Codes ------------------------------------------------------------------------------------


def test_codes_use_the_alphabet_without_look_alikes():
    codes = [services.invitation_code_generate() for _ in range(2000)]
    assert all(len(code) == INVITATION_CODE_LENGTH for code in codes)
    used = set("".join(codes))
    assert used <= set(INVITATION_CODE_ALPHABET)
    assert not used & LOOK_ALIKES
    assert not set(INVITATION_CODE_ALPHABET) & LOOK_ALIKES
    # 2000 draws over 31 characters: every character turns up (a generator that skips some is caught).
    assert used == set(INVITATION_CODE_ALPHABET)


def test_code_entropy_is_what_the_docs_say():
    bits = services.code_entropy_bits()
    assert bits == pytest.approx(INVITATION_CODE_LENGTH * math.log2(len(INVITATION_CODE_ALPHABET)))
    assert bits > 49
    docs = (Path(settings.BASE_DIR) / "docs" / "fieldwork.md").read_text(encoding="utf-8")
    assert f"{bits:.1f} bits" in docs


def test_a_batch_has_unique_codes_and_the_database_refuses_a_duplicate(survey):
    group = RespondentGroupFactory(survey=survey)
    batch = services.invitation_batch_create(survey=survey, label="brief maart", respondent_group=group, count=500)
    codes = list(batch.codes.values_list("code", flat=True))
    assert len(codes) == len(set(codes)) == 500
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        InvitationCode.objects.create(batch=batch, code=codes[0])


def test_a_collision_is_drawn_again(survey, monkeypatch):
    taken = InvitationCodeFactory(batch__survey=survey).code
    draws = iter([taken, "ABCDEFGHJK"])
    monkeypatch.setattr(services, "invitation_code_generate", lambda: next(draws))
    batch = services.invitation_batch_create(survey=survey, label="x", respondent_group=None, count=1)
    assert list(batch.codes.values_list("code", flat=True)) == ["ABCDEFGHJK"]


# Sample files -----------------------------------------------------------------------------


def _xlsx(rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_a_good_sample_file_makes_one_code_per_row_with_reference_and_group(survey):
    toegang = RespondentGroupFactory(survey=survey, name="Toegang")
    wmo = RespondentGroupFactory(survey=survey, name="Wmo")
    content = _xlsx([["Referentie", "Groep"], ["A-1", "toegang"], ["A-2", "Wmo"], ["A-3", "Toegang"]])
    check = services.sample_file_check(survey=survey, content=content, filename="steekproef.xlsx")
    assert check.ok and check.counts == {"Toegang": 2, "Wmo": 1}
    batch = services.invitation_batch_create_from_sample(survey=survey, label="steekproef", check=check)
    rows = set(batch.codes.values_list("reference", "respondent_group"))
    assert rows == {("A-1", toegang.pk), ("A-2", wmo.pk), ("A-3", toegang.pk)}


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"referentie;naam\n1;Jansen\n", 'geen kolom "groep"'),
        (b"referentie;groep\n1;Onbekend\n2;Toegang\n", 'de groep "Onbekend" bestaat niet'),
        (b"referentie;groep\n1;Toegang\n1;Toegang\n", "staat al in het bestand"),
        (b"referentie;groep\n;Toegang\n", "de referentie is leeg"),
    ],
)
def test_a_bad_sample_file_is_a_dry_run_with_reasons_and_nothing_is_made(
    client, policy_officer, survey, content, expected
):
    RespondentGroupFactory(survey=survey, name="Toegang")
    client.force_login(policy_officer)
    upload = io.BytesIO(content)
    upload.name = "steekproef.csv"
    response = client.post(
        reverse("surveys:fieldwork_sample", args=[survey.pk]), {"label": "steekproef", "file": upload}
    )
    assert response.status_code == 400
    assert expected in response.content.decode().replace("&quot;", '"')
    assert not InvitationBatch.objects.exists() and not InvitationCode.objects.exists()


def test_a_sample_file_of_100000_rows_is_refused_before_it_is_read(client, policy_officer, survey):
    RespondentGroupFactory(survey=survey, name="Toegang")
    client.force_login(policy_officer)
    upload = io.BytesIO(b"referentie;groep\n" + b"".join(b"%d;Toegang\n" % n for n in range(100_000)))
    upload.name = "groot.csv"
    response = client.post(reverse("surveys:fieldwork_sample", args=[survey.pk]), {"label": "groot", "file": upload})
    assert response.status_code == 400
    assert "Verdeel het over kleinere bestanden" in response.content.decode()
    assert not InvitationBatch.objects.exists()


def test_the_dry_run_makes_nothing_and_the_real_run_makes_the_batch(client, policy_officer, survey):
    RespondentGroupFactory(survey=survey, name="Toegang")
    client.force_login(policy_officer)
    url = reverse("surveys:fieldwork_sample", args=[survey.pk])

    def upload():
        file = io.BytesIO(b"referentie;groep\nR1;Toegang\nR2;Toegang\n")
        file.name = "s.csv"
        return file

    response = client.post(url, {"label": "s", "file": upload(), "dry_run": "on"})
    assert response.status_code == 200 and not InvitationCode.objects.exists()
    response = client.post(url, {"label": "s", "file": upload()})
    assert response.status_code == 302 and InvitationCode.objects.count() == 2


# Outputs ----------------------------------------------------------------------------------


def test_mail_merge_file_has_reference_code_link_and_group_and_is_recorded(client, coordinator, survey):
    group = RespondentGroupFactory(survey=survey, name="Toegang")
    batch = InvitationBatchFactory(survey=survey, respondent_group=group)
    code = InvitationCodeFactory(batch=batch, reference="=HYPERLINK(1)")
    client.force_login(coordinator)
    response = client.get(reverse("surveys:fieldwork_batch_codes", args=[survey.pk, batch.pk]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0] == ("referentie", "code", "persoonlijke link", "groep")
    reference, shown, link, group_name = rows[1]
    assert reference == "'=HYPERLINK(1)"  # formula-safe
    assert shown.replace("-", "") == code.code and link.endswith(f"/code/{code.code}/") and group_name == "Toegang"
    assert ExportRecord.objects.filter(export_key="surveys.invitation_codes", user=coordinator).exists()
    csv = client.get(reverse("surveys:fieldwork_batch_codes", args=[survey.pk, batch.pk]) + "?formaat=csv")
    assert csv.content.startswith(b"\xef\xbb\xbf") and b";" in csv.content.splitlines()[0]


def test_reminder_list_holds_only_codes_not_used(client, policy_officer, survey):
    batch = InvitationBatchFactory(survey=survey)
    used = InvitationCodeFactory(batch=batch, reference="R-used", is_used=True)
    InvitationCodeFactory(batch=batch, reference="R-open")
    client.force_login(policy_officer)
    response = client.get(reverse("surveys:fieldwork_batch_reminders", args=[survey.pk, batch.pk]))
    references = [row[0] for row in list(load_workbook(io.BytesIO(response.content)).active.values)[1:]]
    assert references == ["R-open"] and used.reference not in references


def test_letter_sheet_shows_url_code_and_an_inline_svg_qr(client, policy_officer, survey):
    code = InvitationCodeFactory(batch__survey=survey)
    client.force_login(policy_officer)
    response = client.get(reverse("surveys:fieldwork_batch_letters", args=[survey.pk, code.batch.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert f"{code.code[:5]}-{code.code[5:]}" in html
    assert "<svg" in html and "css/letters.css" in html
    assert "@media print" in (settings.BASE_DIR / "static" / "css" / "letters.css").read_text()
    assert "http" not in html.split("<svg", 1)[1].split("</svg>", 1)[0].replace("http://www.w3.org", "")


# Roles ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"),
    [("policy_officer", 200), ("coordinator", 200), ("council_member", 403), ("other_policy_officer", 404)],
)
@pytest.mark.parametrize("name", ["fieldwork", "fieldwork_batch_create", "fieldwork_sample", "letters", "codes"])
def test_role_table(client, request, survey, role, status, name):
    batch = InvitationCodeFactory(batch__survey=survey).batch
    client.force_login(request.getfixturevalue(role))
    if name in ("letters", "codes"):
        url = reverse(f"surveys:fieldwork_batch_{name}", args=[survey.pk, batch.pk])
    else:
        url = reverse(f"surveys:{name}", args=[survey.pk])
    assert client.get(url).status_code == status


def test_council_member_cannot_create_a_batch(client, council_member, survey):
    client.force_login(council_member)
    response = client.post(reverse("surveys:fieldwork_batch_create", args=[survey.pk]), {"label": "x", "count": 5})
    assert response.status_code == 403 and not InvitationBatch.objects.exists()


def test_officer_creates_a_batch_of_codes(client, policy_officer, survey):
    group = RespondentGroupFactory(survey=survey)
    client.force_login(policy_officer)
    url = reverse("surveys:fieldwork_batch_create", args=[survey.pk])
    response = client.post(url, {"label": "brief maart", "respondent_group": group.pk, "count": 25})
    assert response.status_code == 302
    assert InvitationCode.objects.filter(batch__label="brief maart").count() == 25
    again = client.post(url, {"label": "Brief maart", "count": 0})
    assert again.status_code == 400 and InvitationCode.objects.count() == 25


# Residents --------------------------------------------------------------------------------


def _code_url(survey, code=None):
    if code is None:
        return reverse("surveys:fieldwork_code", args=[survey.public_token])
    return reverse("surveys:fieldwork_code_link", args=[survey.public_token, code])


def test_open_link_of_a_code_only_survey_leads_to_the_code_page(client, survey):
    response = client.get(reverse("surveys:respond_start", args=[survey.public_token]))
    assert response.status_code == 302 and response["Location"] == _code_url(survey)
    page = client.get(_code_url(survey))
    assert "Vul de code uit uw brief in" in page.content.decode()


def test_a_good_code_starts_a_response_with_group_and_batch_and_resumes_it(client, survey):
    group = RespondentGroupFactory(survey=survey)
    code = InvitationCodeFactory(batch__survey=survey, batch__respondent_group=group)
    response = client.post(_code_url(survey), {"code": f"{code.code[:5].lower()}-{code.code[5:]}"}, follow=True)
    assert response.status_code == 200
    started = Response.objects.get()
    assert (started.respondent_group, started.invitation_batch, started.source) == (
        group,
        code.batch,
        ResponseSource.INVITATION,
    )
    # The personal link of the same code, in another browser, resumes the same unfinished response.
    client.cookies.clear()
    again = client.get(_code_url(survey, code.code))
    assert again.status_code == 302 and Response.objects.count() == 1
    assert started.resume_code in again["Location"]


@pytest.mark.parametrize(
    ("typed", "status", "message"),
    [
        ("ABC", 400, "geen code uit onze brief"),
        ("OOOOO-00000", 400, "geen code uit onze brief"),
        ("ABCDE-FGHJK", 404, "We kennen deze code niet"),
    ],
)
def test_malformed_and_unknown_codes_get_a_dutch_message(client, survey, typed, status, message):
    response = client.post(_code_url(survey), {"code": typed})
    assert response.status_code == status
    assert message in response.content.decode()
    assert not Response.objects.exists()
    assert 'aria-invalid="true"' in response.content.decode()


def test_a_code_of_another_survey_is_refused(client, survey, gemeente):
    other = InvitationCodeFactory(batch__survey=OpenSurveyFactory(gemeente=gemeente))
    response = client.post(_code_url(survey), {"code": other.code})
    assert response.status_code == 404 and not Response.objects.exists()
    assert "andere vragenlijst" in response.content.decode()


def test_a_used_code_is_told_kindly(client, survey):
    code = InvitationCodeFactory(batch__survey=survey, is_used=True)
    response = client.get(_code_url(survey, code.code))
    assert response.status_code == 409
    assert "al gebruikt" in response.content.decode() and not Response.objects.exists()


def test_brute_force_meets_the_rate_limit_and_the_log_holds_no_code(client, survey, caplog, settings):
    tried = [services.invitation_code_generate() for _ in range(12)]
    with caplog.at_level(logging.INFO, logger="surveys.fieldwork.services"):
        statuses = [client.post(_code_url(survey), {"code": code}).status_code for code in tried]
    assert statuses[:10] == [404] * 10 and statuses[10:] == [429, 429]
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "unknown" in logged and "rate limited" in logged
    assert not any(code in logged for code in tried)


# Anonymity --------------------------------------------------------------------------------


def _send_with_code(client, survey, code):
    client.post(_code_url(survey), {"code": code.code})
    response = Response.objects.get(invitation_claim__code=code)
    return response_complete(survey=survey, response=response, structure=SurveyStructure.load(survey))


def _codes_joined_to(response) -> dict[tuple[str, str], set]:
    """For every pair (code column, response column): the codes whose value equals the response's value.

    ``is_used`` is left out: that a code was used is the one fact the portal keeps, and on its own it names no
    response. Values are compared as text, so a join across types is tried too.
    """
    code_table, response_table = InvitationCode._meta.db_table, Response._meta.db_table
    code_columns = [f.column for f in InvitationCode._meta.concrete_fields if f.column != "is_used"]
    response_columns = [f.column for f in Response._meta.concrete_fields]
    found = {}
    with connection.cursor() as cursor:
        for code_column in code_columns:
            for response_column in response_columns:
                cursor.execute(
                    f"SELECT c.code FROM {code_table} c JOIN {response_table} r "  # noqa: S608 - our own columns
                    f"ON CAST(c.{code_column} AS TEXT) = CAST(r.{response_column} AS TEXT) WHERE r.id = %s",
                    [response.pk],
                )
                found[(code_column, response_column)] = {row[0] for row in cursor.fetchall()}
    claim_table = InvitationClaim._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT c.code FROM {code_table} c JOIN {claim_table} k ON k.code_id = c.id "  # noqa: S608
            f"WHERE k.response_id = %s",
            [response.pk],
        )
        found[("claim", "response_id")] = {row[0] for row in cursor.fetchall()}
    return found


def test_sending_marks_the_code_used_and_no_join_finds_its_code(client, survey):
    batch = InvitationBatchFactory(survey=survey)
    codes = [InvitationCodeFactory(batch=batch) for _ in range(3)]
    sent = _send_with_code(client, survey, codes[1])
    assert sent.status == ResponseStatus.COMPLETE
    assert set(InvitationCode.objects.filter(is_used=True)) == {codes[1]}
    singled_out = {pair for pair, found in _codes_joined_to(sent).items() if found == {codes[1].code}}
    assert singled_out == set()
    # The code keeps no moment of use; the response keeps no column that names a code.
    assert not any(isinstance(f, models.DateField) for f in InvitationCode._meta.fields)
    assert not any("code" in f.column and f.column != "resume_code" for f in Response._meta.concrete_fields)


def test_the_join_test_finds_the_link_while_the_response_is_unfinished(client, survey):
    """The same joins do find the code of an unfinished response (through its claim): the test can fail."""
    batch = InvitationBatchFactory(survey=survey)
    code, _other = InvitationCodeFactory(batch=batch), InvitationCodeFactory(batch=batch)
    client.post(_code_url(survey), {"code": code.code})
    started = Response.objects.get()
    assert {pair for pair, found in _codes_joined_to(started).items() if found == {code.code}} == {
        ("claim", "response_id")
    }


def test_a_non_anonymous_survey_keeps_the_link(client, survey):
    survey.is_anonymous = False
    survey.save()
    code = InvitationCodeFactory(batch__survey=survey)
    sent = _send_with_code(client, survey, code)
    assert InvitationClaim.objects.get().response == sent


def test_a_closed_survey_refuses_codes(client, survey):
    survey.status = SurveyStatus.CLOSED
    survey.closed_at = timezone.now()
    survey.save()
    code = InvitationCodeFactory(batch__survey=survey)
    response = client.post(_code_url(survey), {"code": code.code})
    assert response.status_code in (200, 409) and not Response.objects.exists()


def test_the_personal_link_is_masked_in_logs():
    from participatie.logs import mask_secret_paths

    line = 'GET /surveys/v/AbCdEfGh123/code/ABCDEFGHJK/ HTTP/1.1" 302'
    assert "ABCDEFGHJK" not in mask_secret_paths(line)
    assert "/surveys/v/AbCdEfGh123/code/…/" in mask_secret_paths(line)


def test_the_retention_purge_deletes_codes_and_references_but_keeps_batch_labels(survey):
    from surveys.services import survey_answers_purge

    code = InvitationCodeFactory(batch__survey=survey)
    survey_answers_purge(survey=survey)
    assert not InvitationCode.objects.exists()
    assert InvitationBatch.objects.filter(pk=code.batch_id).exists()


def test_a_survey_at_its_maximum_refuses_a_new_code_but_resumes_a_started_one(client, survey):
    survey.max_responses = 1
    survey.save()
    first, second = InvitationCodeFactory(batch__survey=survey), InvitationCodeFactory(batch__survey=survey)
    assert client.get(_code_url(survey, first.code)).status_code == 302
    client.cookies.clear()
    full = client.get(_code_url(survey, second.code))
    assert full.status_code == 200 and "vol" in full.content.decode() and Response.objects.count() == 1
    assert client.get(_code_url(survey, first.code)).status_code == 302


def test_reminder_letters_print_only_unused_codes(client, policy_officer, survey):
    batch = InvitationBatchFactory(survey=survey)
    used = InvitationCodeFactory(batch=batch, is_used=True)
    unused = InvitationCodeFactory(batch=batch)
    client.force_login(policy_officer)
    url = reverse("surveys:fieldwork_batch_letters", args=[survey.pk, batch.pk]) + "?herinnering=1"
    html = client.get(url).content.decode()
    assert f"{unused.code[:5]}-{unused.code[5:]}" in html and f"{used.code[:5]}-{used.code[5:]}" not in html
