from django.core.management.base import BaseCommand

from feedback.services import reminders_send


class Command(BaseCommand):
    help = (
        "Stuurt de dagelijkse herinneringen over inbreng die te laat is of bijna moet worden beantwoord. "
        "Twee keer draaien stuurt niets dubbel."
    )

    def handle(self, *args, **options):
        run = reminders_send()
        self.stdout.write(
            f"Herinneringen: {run.created} nieuw, {run.sent} verstuurd, {run.retrying} later opnieuw, "
            f"{run.failed} mislukt. Berichten aan deelnemers alsnog verstuurd: {run.notifications_sent}."
        )
