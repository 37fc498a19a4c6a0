"""End to end: a real Celery worker on Redis sends the reminder for an overdue inbreng."""

import datetime

from django.conf import settings
from django.utils import timezone

import pytest

from feedback.constants import DeliveryStatus
from feedback.models import Reminder

from .factories import InbrengFactory


def test_reminder_task_is_scheduled_periodically():
    from participatie.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["feedback-send-reminders"]
    app.loader.import_default_modules()
    assert entry["task"] in app.tasks


@pytest.mark.worker
@pytest.mark.redis
def test_overdue_inbreng_leads_to_an_email_from_the_worker(
    transactional_db, celery_worker_process, gemeente, policy_officer
):
    InbrengFactory(
        gemeente=gemeente,
        officer=policy_officer,
        title="Wachttijd huishoudelijke hulp",
        promised_on=timezone.localdate() - datetime.timedelta(days=2),
    )
    result = celery_worker_process.send("feedback.tasks.reminders_send")
    assert result.get(timeout=60)["sent"] == 1, celery_worker_process.log()
    files = list(celery_worker_process.email_dir.iterdir())
    assert len(files) == 1
    content = files[0].read_text()
    assert f"To: {policy_officer.email}" in content
    assert "Wachttijd huishoudelijke hulp" in content
    assert "Subject: Herinnering: 1 onderwerp wacht op terugkoppeling" in content
    assert Reminder.objects.get().status == DeliveryStatus.SENT
    # A second run the same day sends nothing.
    assert celery_worker_process.send("feedback.tasks.reminders_send").get(timeout=60)["sent"] == 0
    assert len(list(celery_worker_process.email_dir.iterdir())) == 1
