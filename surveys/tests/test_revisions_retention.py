"""Text changes after responses are kept as revisions and shown; anonymising retention keeps closed answers."""

import io
import json
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

import pytest
from openpyxl import load_workbook

from surveys.builder import services as builder_services
from surveys.constants import ResponseStatus, RetentionMode, SurveyStatus
from surveys.models import Answer, AnswerExport, QuestionRevision, Response, Survey, TerugkoppelingEmail
from surveys.services import survey_answers_purge
from surveys.tests.builders import build_all_types_survey
from surveys.tests.factories import TerugkoppelingEmailFactory
from surveys.tests.test_answer_exports import add_response

pytestmark = pytest.mark.django_db


def _option_rows(question):
    return [
        {"code": o.code, "label": o.label, "score": o.score, "is_off_scale": o.is_off_scale, "is_other": o.is_other}
        for o in question.options.order_by("position", "id")
    ]


@pytest.fixture
def survey(gemeente):
    return build_all_types_survey(gemeente)


def test_changing_a_text_after_responses_needs_a_reason_and_is_kept(survey, policy_officer):
    for _ in range(3):
        add_response(survey)
    question = survey.questions.get(code="stellingen")
    statements = [{"code": s.code, "text": s.text} for s in question.statements.order_by("position")]
    statements[0]["text"] = "Ik werd niet goed geholpen."
    with pytest.raises(ValidationError):
        builder_services.question_update(question=question, statements=statements)
    assert not QuestionRevision.objects.exists()
    question.refresh_from_db()
    builder_services.question_update(
        question=question,
        text="Wat vindt u hiervan?",
        statements=statements,
        change_reason="Taalfout",
        user=policy_officer,
    )
    revisions = {r.target: r for r in QuestionRevision.objects.all()}
    assert set(revisions) == {"vraag", "stelling"}
    assert revisions["stelling"].old_text == "Ik werd goed geholpen."
    assert revisions["stelling"].new_text == "Ik werd niet goed geholpen."
    assert revisions["vraag"].responses_before == 3 and revisions["vraag"].changed_by == policy_officer


def test_changing_an_option_label_is_a_revision_and_the_structure_stays_locked(survey, policy_officer):
    add_response(survey)
    question = survey.questions.get(code="tevreden")
    rows = _option_rows(question)
    rows[0]["label"] = "Volledig mee eens"
    builder_services.question_update(question=question, options=rows, change_reason="Nieuwe huisstijl")
    revision = QuestionRevision.objects.get()
    assert revision.target == "optie" and revision.option.code == "1" and revision.old_text == "Helemaal mee eens"
    rows.pop()
    with pytest.raises(ValidationError):
        builder_services.question_update(question=question, options=rows, change_reason="weg")


def test_no_revision_before_the_first_response(survey):
    question = survey.questions.get(code="tevreden")
    builder_services.question_update(question=question, text="Nieuwe tekst")
    assert not QuestionRevision.objects.exists()


def test_revision_shows_in_codebook_json_and_export_page(client, survey, policy_officer):
    for _ in range(2):
        add_response(survey)
    question = survey.questions.get(code="tevreden")
    builder_services.question_update(question=question, text="Ik ben blij.", change_reason="Duidelijker")
    client.force_login(policy_officer)
    page = client.get(reverse("surveys:answer_export", args=[survey.pk])).content.decode()
    assert "na 2 antwoorden" in page and "Duidelijker" in page
    xlsx = client.post(
        reverse("surveys:answer_export", args=[survey.pk]), {"file_format": "xlsx", "value_mode": "codes"}
    )
    codebook = {row[0]: row for row in load_workbook(io.BytesIO(xlsx.content)).worksheets[1].values}
    assert codebook["tevreden"][6].startswith("tekst gewijzigd op ") and "na 2 antwoorden" in codebook["tevreden"][6]
    assert codebook["cijfer"][6] is None
    data = json.loads(client.get(reverse("surveys:survey_export_json", args=[survey.pk])).content)
    changed = [q for s in data["sections"] for q in s["questions"] if q["code"] == "tevreden"][0]
    assert "na 2 antwoorden" in changed["text_changes"][0]


def test_revision_shows_on_the_results_page_beside_its_question(client, survey, policy_officer):
    for _ in range(2):
        add_response(survey)
    question = survey.questions.get(code="tevreden")
    builder_services.question_update(question=question, text="Ik ben blij.", change_reason="Duidelijker")
    add_response(survey)
    client.force_login(policy_officer)
    page = client.get(reverse("surveys:results", args=[survey.pk])).content.decode()
    changed = page.split(f'id="q-{question.pk}"')[1].split("</section>")[0]
    assert "Tekst gewijzigd op " in changed and "na 2 antwoorden" in changed
    unchanged = page.split(f'id="q-{survey.questions.get(code="cijfer").pk}"')[1].split("</section>")[0]
    assert "gewijzigd" not in unchanged


def test_question_form_asks_for_a_reason_when_locked(client, survey, policy_officer):
    add_response(survey)
    question = survey.questions.get(code="leeftijd")
    client.force_login(policy_officer)
    url = reverse("surveys:question_edit", args=[survey.pk, question.pk])
    assert "change_reason" in client.get(url).content.decode()


def test_new_surveys_anonymise_by_default_and_existing_keep_their_mode(gemeente):
    assert Survey(gemeente=gemeente).retention_mode == RetentionMode.ANONYMISE
    old = Survey.objects.create(gemeente=gemeente, title="Oud", slug="oud", retention_mode=RetentionMode.ALL_ANSWERS)
    old.refresh_from_db()
    assert old.retention_mode == RetentionMode.ALL_ANSWERS


def test_settings_page_explains_each_mode(client, survey, policy_officer):
    client.force_login(policy_officer)
    page = client.get(reverse("surveys:survey_update", args=[survey.pk])).content.decode()
    assert "alleen de maand" in page and "Alleen de vragenlijst zelf blijft" in page


def test_anonymising_keeps_closed_answers_and_removes_the_rest(survey, settings, tmp_path):
    settings.PRIVATE_EXPORT_ROOT = tmp_path
    survey.retention_mode = RetentionMode.ANONYMISE
    survey.status = SurveyStatus.CLOSED
    survey.closed_at = timezone.now() - timedelta(days=400)
    survey.save()
    moment = timezone.make_aware(datetime(2025, 3, 17, 14, 33))
    response = add_response(survey)
    Response.objects.filter(pk=response.pk).update(created_at=moment, completed_at=moment)
    Answer.objects.create(response=response, question=survey.questions.get(code="geboren"), date_value="1950-01-02")
    Answer.objects.create(response=response, question=survey.questions.get(code="toelichting"), text_value="Ik, Jan")
    closed_before = sorted(Answer.objects.filter(option__isnull=False).values_list("question__code", "option__code"))
    TerugkoppelingEmailFactory(survey=survey)
    (tmp_path / "f.xlsx").write_bytes(b"x")
    AnswerExport.objects.create(
        survey=survey, file_format="xlsx", value_mode="codes", status="klaar", file_name="f.xlsx"
    )

    survey_answers_purge(survey=survey)

    response.refresh_from_db()
    assert response.resume_code is None
    local = timezone.localtime(response.completed_at)
    assert (local.year, local.month, local.day, local.minute) == (2025, 3, 1, 0)  # only the month is left
    assert timezone.localtime(response.created_at).day == 1
    assert response.status == ResponseStatus.COMPLETE
    closed_after = sorted(Answer.objects.filter(option__isnull=False).values_list("question__code", "option__code"))
    assert closed_after == closed_before  # every closed answer kept
    assert Answer.objects.get(question__code="leeftijd").number_value == 42
    assert not Answer.objects.exclude(text_value="").exists()  # open and "other, namely" texts gone
    assert not Answer.objects.filter(question__code__in=["naam", "toelichting", "geboren"]).exists()
    assert not TerugkoppelingEmail.objects.exists()
    assert not AnswerExport.objects.exists() and not (tmp_path / "f.xlsx").exists()
    survey.refresh_from_db()
    assert survey.purged_at is not None
