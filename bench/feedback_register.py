"""Benchmark: the officer's list, the dashboard and the reminder run with a large register.

Builds a throw-away SQLite database in a temporary directory with 50 officers and N inbreng
(a third answered), then prints query counts and times of the officer's list (first page,
filtered on status in SQL), the coordinator dashboard figures, and one reminder run
(digests stored and sent to the locmem backend), for N = 1,000, 10,000 and 50,000.

Run: /work/main/.venv/bin/python bench/feedback_register.py
"""

import datetime
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
TMP = tempfile.mkdtemp(prefix="bench-feedback-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "participatie.settings")
os.environ["DATABASE_URL"] = f"sqlite:///{TMP}/bench.sqlite3"
os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
os.environ.setdefault("SECRET_KEY", "bench-only")
os.environ.setdefault("DEBUG", "0")

import django  # noqa: E402

django.setup()

from django.core import mail  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from feedback.constants import Channel, ContributorKind, Outcome, SourceKind, Status  # noqa: E402
from feedback.models import Inbreng, Reminder, Terugkoppeling  # noqa: E402
from feedback.selectors import dashboard_figures, inbreng_list_filtered  # noqa: E402
from feedback.services import reminders_send  # noqa: E402
from participatie.constants import Role  # noqa: E402
from participatie.models import Gemeente, Membership, User  # noqa: E402

KINDS = [k for k in SourceKind if k != SourceKind.SIGNAL]


def build(total: int, gemeente, officers):
    today = timezone.localdate()
    existing = Inbreng.objects.count()
    rows = []
    for n in range(existing, total):
        received = today - datetime.timedelta(days=n % 360)
        rows.append(
            Inbreng(
                gemeente=gemeente,
                title=f"Inbreng {n}",
                summary="Samenvatting",
                source_kind=KINDS[n % len(KINDS)],
                contributor_kind=ContributorKind.ANONYMOUS_GROUP,
                contributor_description="Groep",
                received_on=received,
                promised_on=received + datetime.timedelta(days=30 + n % 40),
                promised_channel=Channel.WEBSITE,
                officer=officers[n % len(officers)],
            )
        )
    created = Inbreng.objects.bulk_create(rows, batch_size=2000)
    Terugkoppeling.objects.bulk_create(
        [
            Terugkoppeling(
                inbreng=inbreng,
                outcome=Outcome.ADOPTED,
                what_was_done="Gedaan",
                given_on=inbreng.received_on + datetime.timedelta(days=20 + inbreng.pk % 30),
                channel=Channel.WEBSITE,
            )
            for inbreng in created
            if inbreng.pk % 3 == 0 and inbreng.received_on + datetime.timedelta(days=50) <= today
        ],
        batch_size=2000,
    )


def measure(label, func):
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        result = func()
        elapsed = (time.perf_counter() - start) * 1000
    print(f"  {label:42} {len(queries.captured_queries):4d} queries {elapsed:9.1f} ms")
    return result


def main():
    call_command("migrate", verbosity=0)
    gemeente = Gemeente.objects.create(name="Benchstad", cbs_code="GM9999", slug="benchstad")
    officers = []
    for n in range(50):
        user = User.objects.create_user(email=f"beleid{n}@bench.local", password=None)
        Membership.objects.create(user=user, gemeente=gemeente, role=Role.POLICY_OFFICER)
        officers.append(user)
    coordinator = User.objects.create_user(email="coordinator@bench.local", password=None)
    Membership.objects.create(user=coordinator, gemeente=gemeente, role=Role.COORDINATOR)
    for total in (1_000, 10_000, 50_000):
        build(total, gemeente, officers)
        Reminder.objects.all().delete()
        mail.outbox = []
        print(f"N = {total:,} inbreng")
        officer = officers[0]
        measure(
            "officer's list, first page (mine)",
            lambda officer=officer: list(inbreng_list_filtered(user=officer, filters={"mine": True})[:50]),
        )
        measure(
            "list filtered on status overdue (all)",
            lambda officer=officer: list(
                inbreng_list_filtered(user=officer, filters={"mine": False, "status": [Status.OVERDUE]})[:50]
            ),
        )
        figures = measure("dashboard figures (12 months)", lambda: dashboard_figures(gemeente=gemeente))
        run = measure("reminder run (store + send digests)", reminders_send)
        measure("reminder run again (sends nothing)", reminders_send)
        print(
            f"  -> {figures['totals']['total']:,} in 12 months, {run.sent} digests sent, "
            f"{len(mail.outbox)} e-mails in the outbox"
        )


if __name__ == "__main__":
    main()
