"""A worker killed between the SMTP call and recording it: the e-mail is not sent a second time, and the
row shows "mogelijk verzonden" (possibly sent) for staff to check. Runs a real worker on Redis."""

import datetime
import os
import signal
import time

from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

import pytest

from feedback.constants import DeliveryStatus, Outcome
from feedback.models import Notification, Terugkoppeling
from feedback.services import notifications_send_due

from .factories import InbrengFactory

PAUSE_AFTER_SEND = 120  # seconds the worker's e-mail backend waits after writing the message


@pytest.fixture
def celery_worker_env():
    """The worker's e-mail backend writes the message, then pauses before the worker can record it."""
    return {
        "EMAIL_BACKEND": "participatie.tests.pausing_email_backend.EmailBackend",
        "EMAIL_PAUSE_SECONDS": str(PAUSE_AFTER_SEND),
    }


def _wait_for(condition, timeout: float = 60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


@pytest.mark.worker
@pytest.mark.redis
def test_worker_killed_mid_send_sends_nothing_twice_and_shows_possibly_sent(
    transactional_db, celery_worker_process, gemeente, policy_officer
):
    inbreng = InbrengFactory(gemeente=gemeente, officer=policy_officer, title="Folder Wmo")
    terugkoppeling = Terugkoppeling.objects.create(
        inbreng=inbreng, outcome=Outcome.ADOPTED, what_was_done="Herschreven", given_on=inbreng.received_on,
        channel="e-mail",
    )  # fmt: skip
    notification = Notification.objects.create(
        terugkoppeling=terugkoppeling, email="piet@example.nl", recipient_label="Piet"
    )

    celery_worker_process.send("feedback.tasks.notification_send", notification.pk)
    email_dir = celery_worker_process.email_dir
    assert _wait_for(lambda: any(email_dir.iterdir())), celery_worker_process.log()
    # The message has left; the row was marked "being sent" (with its attempt) before the SMTP call.
    notification.refresh_from_db()
    assert notification.status == DeliveryStatus.SENDING
    assert notification.attempt_id is not None and notification.sending_since is not None
    os.kill(celery_worker_process.process.pid, signal.SIGKILL)
    celery_worker_process.process.wait(timeout=20)

    # A run while the attempt could still be going on leaves the row alone.
    assert notifications_send_due()["sent"] == 0
    # A later run (past the longest time a task may run) finds the dead attempt.
    later = timezone.now() + datetime.timedelta(seconds=settings.MAIL_SENDING_ABANDONED_AFTER + 1)
    assert dict(notifications_send_due(now=later)) == {"uncertain": 1}
    assert notifications_send_due(now=later + datetime.timedelta(hours=1)) == {}
    assert mail.outbox == []
    assert len(list(email_dir.iterdir())) == 1
    notification.refresh_from_db()
    assert notification.status == DeliveryStatus.UNCERTAIN
    assert notification.sent_at is None

    # Staff see it where the e-mails to participants are listed.
    client = Client()
    client.force_login(policy_officer)
    page = client.get(reverse("feedback:inbreng-detail", args=[inbreng.pk])).content.decode()
    assert "Mogelijk verzonden" in page
    assert str(notification.attempt_id) in page
