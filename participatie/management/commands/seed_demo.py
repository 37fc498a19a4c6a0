from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from participatie import demo as core_demo


class Command(BaseCommand):
    help = (
        "Vult het portaal met demogegevens (gemeenten, accounts en voorbeeldinhoud). Twee keer draaien verandert niets."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Ook draaien als DEBUG uit staat (nooit op een echte omgeving)."
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "seed_demo weigert te draaien: DEBUG staat uit, dus dit lijkt een echte omgeving. "
                "Demogegevens met het wachtwoord 'demo' horen daar niet. Gebruik --force alleen als u zeker weet "
                "dat dit een test- of demo-omgeving is."
            )
        with transaction.atomic():
            accounts = core_demo.seed(stdout=self.stdout)
            # Each domain app may ship a demo module with seed(*, stdout); run them in INSTALLED_APPS order.
            for config in apps.get_app_configs():
                if config.name == "participatie":
                    continue
                module_name = f"{config.name}.demo"
                if find_spec(module_name) is None:
                    continue
                import_module(module_name).seed(stdout=self.stdout)

        if options["verbosity"] < 1:
            return
        self.stdout.write(self.style.SUCCESS("Demogegevens staan klaar."))
        self.stdout.write(f"Alle demo-accounts hebben het wachtwoord: {core_demo.DEMO_PASSWORD}")
        for email, description in accounts:
            self.stdout.write(f"  {email:45} {description}")
