"""Background work of the panels app: thin tasks that take primary keys and call a service."""

from celery import shared_task


@shared_task(name="panels.tasks.aanvraag_notify", ignore_result=True)
def aanvraag_notify(notification_id: int) -> str:
    """Tell the orgaan's voorzitter and secretaris about a new adviesaanvraag (one stored e-mail)."""
    from .services import aanvraag_notification_deliver

    return aanvraag_notification_deliver(notification_id=notification_id)


@shared_task(name="panels.tasks.aanvraag_notifications_send_due")
def aanvraag_notifications_send_due() -> dict:
    """The periodic run of e-mails about adviesaanvragen: what no worker sent goes out now."""
    from .services import aanvraag_notifications_send_due as send_due

    return dict(send_due())
