from django.core.management.base import BaseCommand

from panels.services import aanvraag_notifications_send_due


class Command(BaseCommand):
    help = (
        "Stuurt de wachtende e-mails over nieuwe adviesaanvragen aan voorzitter en secretaris. "
        "Twee keer draaien stuurt niets dubbel."
    )

    def handle(self, *args, **options):
        run = aanvraag_notifications_send_due()
        self.stdout.write(
            f"E-mails over adviesaanvragen: {run['sent']} verstuurd, {run['retry']} later opnieuw, "
            f"{run['failed']} mislukt, {run['uncertain']} mogelijk verzonden (controleren)."
        )
