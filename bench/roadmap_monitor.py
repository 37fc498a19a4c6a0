"""Monitor of the roadmap: queries and time per page for 10, 100 and 500 trajecten (SQLite in a temp file).

Run: .venv/bin/python bench/roadmap_monitor.py
"""

import datetime
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
workdir = tempfile.mkdtemp(prefix="bench-roadmap-")
os.environ.update(
    DJANGO_SETTINGS_MODULE="participatie.settings",
    DATABASE_URL=f"sqlite:///{workdir}/bench.sqlite3",
    SECRET_KEY="bench-only-secret-key",
    DEBUG="0",
    SECURE_COOKIES="0",
    SECURE_SSL_REDIRECT="0",
    STATIC_MANIFEST="0",
    ALLOWED_HOSTS="localhost",
)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from participatie.accounts.testing import mark_session_verified  # noqa: E402
from participatie.models import Gemeente, User  # noqa: E402
from roadmap.models import Action, Step  # noqa: E402
from roadmap.services import traject_create  # noqa: E402

SIZES = (10, 100, 500)
RUNS = 5


def main() -> None:
    call_command("migrate", verbosity=0)
    staff = User.objects.create_superuser(email="bench@example.nl", password="x")
    gemeenten = [
        Gemeente.objects.create(name=f"Gemeente {n}", cbs_code=f"GM{8000 + n}", slug=f"g-{n}") for n in range(25)
    ]
    client = Client(HTTP_HOST="localhost")
    client.force_login(staff)
    mark_session_verified(client, staff)  # staff pages need the second login step
    made = 0
    print(f"{'trajecten':>10} {'queries':>8} {'median ms':>10} {'max ms':>8}")
    for size in SIZES:
        while made < size:
            traject = traject_create(
                gemeente=gemeenten[made % 25],
                title=f"Traject {made}",
                start_date=datetime.date(2026, 1, 1),
                actor=staff,
            )
            Step.objects.filter(traject=traject, number__lte=made % 6).update(status="afgerond")
            Action.objects.create(
                step=traject.steps.get(number=1 + made % 6), description="Actie", due_date=datetime.date(2020, 1, 1)
            )
            made += 1
        timings = []
        for _ in range(RUNS):
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                response = client.get("/roadmap/monitor/", {"sort": "-stage"})
                timings.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200
        print(f"{size:>10} {len(queries):>8} {statistics.median(timings):>10.1f} {max(timings):>8.1f}")


if __name__ == "__main__":
    main()
