"""Background work of the panels app."""

from celery import shared_task


@shared_task
def aanvraag_notify(aanvraag_id: int) -> int:
    """Tell the orgaan's voorzitter and secretaris about a new adviesaanvraag."""
    from .models import Adviesaanvraag
    from .services import aanvraag_notify_send

    aanvraag = Adviesaanvraag.objects.select_related("orgaan", "gemeente").filter(pk=aanvraag_id).first()
    return aanvraag_notify_send(aanvraag=aanvraag) if aanvraag else 0
