"""Celery tasks of the feedback app: thin, they take primary keys and call a service."""

from celery import shared_task

from participatie.delivery import backoff_seconds

from .constants import MAX_DELIVERY_ATTEMPTS
from .services import notification_deliver, notifications_send_due, reminders_send


@shared_task(name="feedback.tasks.notification_send", bind=True, max_retries=MAX_DELIVERY_ATTEMPTS, ignore_result=True)
def notification_send(self, notification_id: int) -> str:
    """Send one e-mail about a terugkoppeling; retried with back-off, marked failed after the last try."""
    result = notification_deliver(notification_id=notification_id)
    if result == "retry":
        if self.request.is_eager:
            # Embedded mode (no worker): the web request does not wait; the periodic run retries with back-off.
            return result
        raise self.retry(countdown=backoff_seconds(self.request.retries + 1))
    return result


@shared_task(name="feedback.tasks.notifications_send_due")
def notifications_send_due_task() -> dict:
    """The periodic run of e-mails to participants (berichten aan deelnemers): send what is waiting."""
    return dict(notifications_send_due())


@shared_task(name="feedback.tasks.reminders_send")
def reminders_send_task() -> dict:
    """The periodic reminder run (herinneringen): daily digests to officers and coordinators, and catch-up."""
    run = reminders_send()
    return {"created": run.created, "sent": run.sent, "failed": run.failed, "retrying": run.retrying}
