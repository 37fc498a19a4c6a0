import io
import logging
from contextlib import contextmanager
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from participatie import demo as core_demo
from participatie.models import User


@contextmanager
def _quiet_background_logs():
    """Seeding runs Celery tasks eagerly: their log lines would bury the accounts a person needs."""
    loggers = [logging.getLogger(name) for name in ("celery", "kombu")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


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
        # What each app seeded is detail: shown with -v 2, otherwise only the accounts are printed.
        progress = self.stdout if options["verbosity"] >= 2 else io.StringIO()
        with _quiet_background_logs(), transaction.atomic():
            accounts = core_demo.seed(stdout=progress)
            # Each domain app may ship a demo module with seed(*, stdout); run them in INSTALLED_APPS order.
            for config in apps.get_app_configs():
                if config.name == "participatie":
                    continue
                module_name = f"{config.name}.demo"
                if find_spec(module_name) is None:
                    continue
                # An app that makes demo accounts of its own returns them, for the list printed below.
                accounts.extend(import_module(module_name).seed(stdout=progress) or [])
            # Accounts the apps made (e.g. the entry-only one) log in with the same known key and codes.
            core_demo.demo_two_factor(User.objects.filter(email__in=[email for email, _description in accounts]))

        if options["verbosity"] < 1:
            return
        self.stdout.write(self.style.SUCCESS("Demogegevens staan klaar."))
        self.stdout.write(f"Alle demo-accounts hebben het wachtwoord: {core_demo.DEMO_PASSWORD}")
        self.stdout.write(
            "Inloggen gaat in twee stappen. Zet deze sleutel in een authenticator-app (handmatig invoeren): "
            f"{core_demo.DEMO_TOTP_SECRET}"
        )
        self.stdout.write(
            f"Of gebruik een reservecode: {', '.join(core_demo.DEMO_BACKUP_CODES)} (elke code werkt één keer)"
        )
        for email, description in accounts:
            self.stdout.write(f"  {email:45} {description}")
