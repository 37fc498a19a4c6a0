"""Hostile input on the survey pages (issue 10, point 7): a Dutch 4xx, never a 500, nothing half saved."""

import json

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone

import pytest

from surveys.constants import ResponseStatus
from surveys.models import Response, Survey
from surveys.tests.builders import build_all_types_survey
from surveys.tests.factories import ResponseFactory
from surveys.tests.helpers import page_one_data, section_url, url

pytestmark = pytest.mark.django_db

DEFINITION = {
    "schema": "participatie.survey/1",
    "title": "Vragenlijst",
    "introduction": "Regel een\nRegel twee",
    "sections": [{"title": "A", "questions": [{"code": "Q1", "text": "Hoe gaat het?", "type": "kort-tekst"}]}],
}


def _import(client, gemeente, content: bytes):
    upload = SimpleUploadedFile("vragenlijst.json", content, content_type="application/json")
    return client.post(reverse("surveys:survey_import"), {"gemeente": gemeente.pk, "file": upload})


def _with(**changes) -> bytes:
    return json.dumps({**DEFINITION, **changes}).encode()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"[" * 50_000 + b"]" * 50_000, "te diep"),
        (_with(sections=[{"title": "A", "questions": [[[[[[[[[[[[[[1]]]]]]]]]]]]]]}]), "te diep"),
        (_with(max_responses=int("9" * 4000)), "veel te groot"),
        (_with(max_responses=10**11), "max_responses"),
        (_with(max_responses=float("nan")), "geen getal"),
        (_with(title="Vragen\x00lijst"), "title"),
        (_with(title="Vragen\nlijst"), "title"),
        (_with(introduction="Tekst met \x1b[31m stuurteken"), "introduction"),
        (json.dumps({**DEFINITION, "title": "x\ud800"}).encode(), "title"),
        (json.dumps({**DEFINITION, "ti\ud800tle\x00": "x"}).encode(), "onbekend veld"),
    ],
)
def test_survey_json_import_refuses_hostile_files(client, policy_officer, gemeente, content, message):
    client.force_login(policy_officer)
    response = _import(client, gemeente, content)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Survey.objects.exists()


def test_survey_json_import_keeps_line_breaks_in_multi_line_texts(client, policy_officer, gemeente):
    client.force_login(policy_officer)
    assert _import(client, gemeente, _with()).status_code == 302
    assert Survey.objects.get().introduction == "Regel een\nRegel twee"


@pytest.fixture
def survey(gemeente):
    return build_all_types_survey(gemeente)


@pytest.mark.parametrize("token", ["ab\x00cdefghijk", "abc'defghijk", "x" * 33, "kort"])
def test_malformed_public_token_is_404_before_the_database(client, survey, token):
    with pytest.raises(Resolver404):
        resolve(f"/surveys/v/{token}/")
    assert client.get(f"/surveys/v/{token}/".replace("\x00", "%00")).status_code == 404


def test_resume_link_with_wrong_used_or_foreign_code_is_a_404_page(client, survey, gemeente):
    wrong = "ABCDEFGHJKMN"
    used = ResponseFactory(survey=survey, status=ResponseStatus.COMPLETE, completed_at=timezone.now()).resume_code
    foreign = ResponseFactory(survey=build_all_types_survey(gemeente)).resume_code
    for code in (wrong, used, foreign):
        response = client.get(url(survey, "resume_link", code=code))
        assert response.status_code == 404, code
        assert "We kunnen geen antwoorden vinden met deze code" in response.content.decode()
    with pytest.raises(Resolver404):
        resolve(f"/surveys/v/{survey.public_token}/verder/AB%00CD/")
    assert client.get(f"/surveys/v/{survey.public_token}/verder/%3Cscript%3E/").status_code == 404


def test_survey_title_with_a_line_break_is_refused_and_not_saved(client, policy_officer, survey):
    client.force_login(policy_officer)
    before = survey.title
    data = {
        "title": "Nieuwe titel\r\nBcc: iedereen@example.nl",
        "method_kind": "peilend",
        "target_group": "inwoners",
        "is_anonymous": "on",
        "retention_days": "365",
        "retention_mode": "alle-antwoorden",
    }
    response = client.post(reverse("surveys:survey_update", args=[survey.pk]), data)
    assert response.status_code == 400
    assert "op één regel" in response.content.decode()
    survey.refresh_from_db()
    assert survey.title == before
    data["title"] = "Nieuwe titel"
    assert client.post(reverse("surveys:survey_update", args=[survey.pk]), data).status_code == 302


def test_resume_mail_subject_is_safe_for_an_old_title_with_a_line_break(
    client, survey, mailoutbox, django_capture_on_commit_callbacks
):
    Survey.objects.filter(pk=survey.pk).update(title="Ervaringen\r\nBcc: iedereen@example.nl")
    first = survey.sections.order_by("position").first()
    client.post(section_url(survey, first), page_one_data(survey))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(survey, "resume_mail"), {"email": "inwoner@example.nl"})
    assert response.status_code == 302
    (message,) = mailoutbox
    assert "\n" not in message.subject and "\r" not in message.subject
    assert "Ervaringen Bcc: iedereen@example.nl" in message.subject
    assert message.message()["Bcc"] is None
    assert Response.objects.get().status == ResponseStatus.IN_PROGRESS
