from django.core.management.base import BaseCommand

from surveys.services import survey_retention_purge_due


class Command(BaseCommand):
    help = "Remove the answers (or only the open texts) and e-mail addresses of surveys past their retention term."

    def handle(self, *args, **options):
        purged = survey_retention_purge_due()
        self.stdout.write(f"Purged {len(purged)} survey(s): {', '.join(map(str, purged)) or '-'}")
