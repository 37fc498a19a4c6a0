"""Logs never keep a resident's resume code (issue 10, point 8): Django's logs and gunicorn's access log."""

import datetime
import io
import logging
import runpy
from pathlib import Path
from types import SimpleNamespace

from django.conf import settings

import pytest
from gunicorn.config import Config

from participatie.logs import GunicornLogger, MaskSecretPathsFilter, mask_secret_paths
from surveys.models import Response
from surveys.tests.factories import OpenSurveyFactory, ResponseFactory

CODE = "ABCDEFGHJKMN"


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        (f"/surveys/v/tok_en-1/verder/{CODE}/", "/surveys/v/tok_en-1/verder/…/"),
        (f'"GET /surveys/v/tok/verder/{CODE.lower()}/ HTTP/1.1" 302', '"GET /surveys/v/tok/verder/…/ HTTP/1.1" 302'),
        (f"https://x.nl/surveys/v/tok/verder/{CODE}", "https://x.nl/surveys/v/tok/verder/…"),
        ("/surveys/v/tok/verder/mail/", "/surveys/v/tok/verder/mail/"),
        ("/surveys/v/tok/verder/", "/surveys/v/tok/verder/"),
    ],
)
def test_mask_secret_paths(text, masked):
    assert mask_secret_paths(text) == masked


def test_filter_masks_positional_and_mapping_arguments():
    path = f"/surveys/v/tok/verder/{CODE}/"
    for args in ((path, 404), ({"path": path, "status": 404},)):
        record = logging.LogRecord("django.request", logging.WARNING, __file__, 1, "Seen: %s %s", args, None)
        if isinstance(record.args, dict):
            record.msg = "Seen: %(path)s %(status)s"
        assert MaskSecretPathsFilter().filter(record)
        assert CODE not in record.getMessage() and "/verder/…/" in record.getMessage()


@pytest.mark.django_db
def test_django_request_log_masks_the_resume_code(client):
    survey = OpenSurveyFactory()
    used = ResponseFactory(survey=survey, status="compleet", completed_at=datetime.datetime.now(datetime.UTC))
    handler = next(
        h for h in logging.getLogger().handlers if any(isinstance(f, MaskSecretPathsFilter) for f in h.filters)
    )
    stream = io.StringIO()
    old_stream = handler.setStream(stream)
    try:
        assert client.get(f"/surveys/v/{survey.public_token}/verder/{used.resume_code}/").status_code == 404
    finally:
        handler.setStream(old_stream)
    written = stream.getvalue()
    assert f"/surveys/v/{survey.public_token}/verder/…/" in written
    assert used.resume_code not in written
    assert Response.objects.filter(resume_code=used.resume_code).exists()


def test_gunicorn_config_in_the_repo_writes_an_access_log_without_resume_codes():
    conf = runpy.run_path(str(Path(settings.BASE_DIR) / "gunicorn.conf.py"))
    assert conf["logger_class"] == "participatie.logs.GunicornLogger" and conf["accesslog"] == "-"
    cfg = Config()
    for key in ("accesslog", "access_log_format", "logger_class"):
        cfg.set(key, conf[key])
    logger = GunicornLogger(cfg)
    stream = io.StringIO()
    logger.access_log.handlers[0].setStream(stream)
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/surveys/v/tok/verder/{CODE}/",
        "PATH_INFO": f"/surveys/v/tok/verder/{CODE}/",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "192.0.2.1",
        "HTTP_REFERER": f"https://portaal.example.nl/surveys/v/tok/verder/{CODE}/",
        "HTTP_USER_AGENT": "test",
    }
    response = SimpleNamespace(status="302 Found", sent=0, headers=[])
    logger.access(response, SimpleNamespace(headers=[]), environ, datetime.timedelta(seconds=0))
    line = stream.getvalue()
    assert "GET /surveys/v/tok/verder/…/ HTTP/1.1" in line
    assert CODE not in line
