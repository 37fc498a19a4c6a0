from django.core.management.base import BaseCommand

from activities.services import activity_texts_purge


class Command(BaseCommand):
    help = "Delete story texts, quotes and pseudonyms of activities past their retention term (tags and counts stay)."

    def handle(self, *args, **options):
        purged = activity_texts_purge()
        self.stdout.write(f"Purged the texts of {purged} activity(ies).")
