from django.core.management.base import BaseCommand

from participatie.retention import retention_purge_due


class Command(BaseCommand):
    help = "Remove personal data past its retention term: members who left, signal texts, contact details on inbreng."

    def handle(self, *args, **options):
        totals = retention_purge_due()
        self.stdout.write(", ".join(f"{key}: {count} removed" for key, count in totals.items()) or "nothing to do")
