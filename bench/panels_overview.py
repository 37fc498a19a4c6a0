"""Benchmark: the coordinators' overview and the advies list with many adviezen.

Builds a throw-away SQLite database in a temporary directory with 20 organen and
N adviezen (half of them answered), then prints the query count and the time of
the overview and of the advies list for N = 200, 2,000 and 10,000.

Run: /work/main/.venv/bin/python bench/panels_overview.py
"""

import datetime
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
TMP = tempfile.mkdtemp(prefix="bench-panels-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "participatie.settings")
os.environ["DATABASE_URL"] = f"sqlite:///{TMP}/bench.sqlite3"
os.environ.setdefault("SECRET_KEY", "bench-only")
os.environ.setdefault("DEBUG", "0")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from panels.constants import AdviesStatus, Outcome  # noqa: E402
from panels.models import Advies, Adviesaanvraag, Orgaan, Reactie  # noqa: E402
from panels.selectors import advies_list_for_user, advies_overview  # noqa: E402
from participatie.constants import Role  # noqa: E402
from participatie.models import Gemeente, Membership, User  # noqa: E402


def build(total: int, gemeente, organen):
    today = timezone.localdate()
    existing = Advies.objects.count()
    aanvragen, adviezen, reacties = [], [], []
    for n in range(existing, total):
        orgaan = organen[n % len(organen)]
        aanvragen.append(
            Adviesaanvraag(
                orgaan=orgaan,
                gemeente=gemeente,
                subject=f"Onderwerp {n}",
                question="?",
                policy_phase="uitvoering",
                requested_on=today - datetime.timedelta(days=100),
                advice_deadline=today - datetime.timedelta(days=60),
            )
        )
    Adviesaanvraag.objects.bulk_create(aanvragen, batch_size=1000)
    for n, aanvraag in enumerate(Adviesaanvraag.objects.filter(advies__isnull=True).order_by("pk")):
        sent = today - datetime.timedelta(days=70)
        adviezen.append(
            Advies(
                orgaan_id=aanvraag.orgaan_id,
                gemeente=gemeente,
                aanvraag=aanvraag,
                subject=aanvraag.subject,
                text="Advies",
                status=AdviesStatus.ANSWERED if n % 2 else AdviesStatus.SENT,
                advice_deadline=aanvraag.advice_deadline,
                sent_on=sent,
                answer_deadline=sent + datetime.timedelta(days=42),
            )
        )
    Advies.objects.bulk_create(adviezen, batch_size=1000)
    for advies in Advies.objects.filter(status=AdviesStatus.ANSWERED, reactie__isnull=True):
        reacties.append(
            Reactie(advies=advies, answered_on=advies.sent_on + datetime.timedelta(days=30), outcome=Outcome.ADOPTED)
        )
    Reactie.objects.bulk_create(reacties, batch_size=1000)


def measure(label, func):
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        func()
        elapsed = (time.perf_counter() - start) * 1000
    print(f"  {label:32} {len(queries.captured_queries):3d} queries  {elapsed:8.1f} ms")


def main():
    call_command("migrate", verbosity=0)
    gemeente = Gemeente.objects.create(name="Benchgemeente", cbs_code="GM9999", slug="bench")
    coordinator = User.objects.create_user(email="coordinator@bench.demo", password="x")
    Membership.objects.create(user=coordinator, gemeente=gemeente, role=Role.COORDINATOR)
    organen = []
    for n in range(20):
        orgaan = Orgaan.objects.create(name=f"Raad {n}", kind="adviesraad")
        orgaan.gemeenten.add(gemeente)
        organen.append(orgaan)
    for total in (200, 2_000, 10_000):
        build(total, gemeente, organen)
        print(f"{total} adviezen over {len(organen)} organen")
        measure("coordinator overview", lambda: advies_overview(user=coordinator))
        measure("advies list, first page (50)", lambda: list(advies_list_for_user(user=coordinator)[:50]))


if __name__ == "__main__":
    import shutil

    try:
        main()
    finally:
        connection.close()
        shutil.rmtree(TMP, ignore_errors=True)
