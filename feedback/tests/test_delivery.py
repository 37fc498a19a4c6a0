"""Stored e-mail is sent at most once: the row is marked "being sent" before the SMTP call, and an attempt
that died there is shown as "possibly sent" instead of being sent again (participatie.delivery)."""

import datetime
from unittest import mock

from django.conf import settings
from django.core import mail
from django.utils import timezone

import pytest

from feedback.constants import DeliveryStatus, Outcome
from feedback.models import Notification, Terugkoppeling
from feedback.services import notification_deliver, notifications_send_due

from .factories import InbrengFactory

pytestmark = pytest.mark.django_db


class WorkerKilled(BaseException):
    """Stands in for SIGKILL: nothing after it runs (the real kill is in test_worker_killed.py)."""


@pytest.fixture
def notification(gemeente):
    inbreng = InbrengFactory(gemeente=gemeente)
    terugkoppeling = Terugkoppeling.objects.create(
        inbreng=inbreng, outcome=Outcome.ADOPTED, what_was_done="x", given_on=inbreng.received_on, channel="e-mail"
    )
    return Notification.objects.create(terugkoppeling=terugkoppeling, email="piet@example.nl", recipient_label="Piet")


def test_the_row_is_marked_sending_with_an_attempt_before_the_smtp_call(notification):
    seen = []

    def send(self):
        seen.append(Notification.objects.values("status", "attempt_id", "sending_since").get(pk=notification.pk))

    with mock.patch("feedback.services.EmailMultiAlternatives.send", send):
        assert notification_deliver(notification_id=notification.pk) == "sent"
    assert seen[0]["status"] == DeliveryStatus.SENDING
    assert seen[0]["attempt_id"] is not None and seen[0]["sending_since"] is not None
    notification.refresh_from_db()
    assert (notification.status, notification.attempt_id) == (DeliveryStatus.SENT, seen[0]["attempt_id"])


def test_an_attempt_that_died_mid_send_becomes_possibly_sent_and_is_not_resent(notification):
    with (
        mock.patch("feedback.services.EmailMultiAlternatives.send", side_effect=WorkerKilled),
        pytest.raises(WorkerKilled),
    ):
        notification_deliver(notification_id=notification.pk)
    notification.refresh_from_db()
    assert notification.status == DeliveryStatus.SENDING
    # While the attempt may still be running, nobody touches it.
    assert notifications_send_due() == {}
    assert notification_deliver(notification_id=notification.pk) == "skipped"
    later = timezone.now() + datetime.timedelta(seconds=settings.MAIL_SENDING_ABANDONED_AFTER + 1)
    assert dict(notifications_send_due(now=later)) == {"uncertain": 1}
    assert notifications_send_due(now=later) == {}
    assert mail.outbox == []
    notification.refresh_from_db()
    assert notification.status == DeliveryStatus.UNCERTAIN
    assert str(notification.attempt_id) in notification.last_error


def test_two_deliveries_of_one_row_send_once(notification):
    assert notification_deliver(notification_id=notification.pk) == "sent"
    assert notification_deliver(notification_id=notification.pk) == "skipped"
    assert len(mail.outbox) == 1
