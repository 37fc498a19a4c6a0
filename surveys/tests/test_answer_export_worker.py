"""A large answer export through a real Celery worker (Redis broker, PostgreSQL in CI: REQUIRE_SERVICES=1)."""

import io

from django.urls import reverse

import pytest
from openpyxl import load_workbook

from surveys.constants import AnswerExportStatus
from surveys.models import AnswerExport
from surveys.tests.builders import build_all_types_survey
from surveys.tests.test_answer_exports import add_response


@pytest.fixture
def private_root(monkeypatch, tmp_path, settings):
    """One private export folder for this process and the worker (started after this fixture)."""
    root = tmp_path / "private-exports"
    monkeypatch.setenv("PRIVATE_EXPORT_ROOT", str(root))
    settings.PRIVATE_EXPORT_ROOT = root
    return root


def test_large_export_runs_on_a_real_worker_and_is_downloaded(
    transactional_db, private_root, celery_worker_process, client, gemeente, policy_officer
):
    survey = build_all_types_survey(gemeente)
    for _ in range(5):
        add_response(survey)
    export = AnswerExport.objects.create(
        survey=survey, requested_by=policy_officer, file_format="xlsx", value_mode="labels", total=5
    )
    result = celery_worker_process.send("surveys.tasks.answer_export_build", export.pk)
    assert result.get(timeout=120) == 5, celery_worker_process.log()
    export.refresh_from_db()
    assert export.status == AnswerExportStatus.DONE and export.done == 5
    assert (private_root / export.file_name).exists()
    # A redelivered task does nothing the second time.
    assert celery_worker_process.send("surveys.tasks.answer_export_build", export.pk).get(timeout=60) is None
    client.force_login(policy_officer)
    download = client.get(reverse("surveys:answer_export_file", args=[survey.pk, export.pk]))
    assert download.status_code == 200
    rows = list(load_workbook(io.BytesIO(b"".join(download.streaming_content))).worksheets[0].values)
    assert len(rows) == 6 and rows[1][1] == "Compleet"
