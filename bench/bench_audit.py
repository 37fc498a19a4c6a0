"""Benchmark: what one audit line costs, on PostgreSQL.

Writes N audit lines through ``audit_record`` (with an object, a gemeente and a staff request, as a download
view does) and N rows of a plain model insert of similar width (``ExportRecord``), each in its own
transaction like a request, and prints the time per line and the ratio. Then it times the audit log page's
query for the newest 50 lines of one gemeente among all lines written.

Run: /work/main/.venv/bin/python bench/bench_audit.py [N]   (default 5000; BENCH_DATABASE_URL to override)
"""

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://participatie:participatie@127.0.0.1:5432/participatie_sec_audit"
)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "participatie.settings")
os.environ.setdefault("SECRET_KEY", "bench-only")
os.environ.setdefault("DEBUG", "0")


def main(n: int) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction
    from django.test import RequestFactory

    from participatie.audit import audit_record
    from participatie.constants import AuditAction
    from participatie.models import ExportRecord, Gemeente, User
    from participatie.selectors import audit_event_list_for_user

    call_command("migrate", verbosity=0)
    gemeente, _ = Gemeente.objects.get_or_create(slug="bench-audit", defaults={"name": "Bench", "cbs_code": "GM9999"})
    user, _ = User.objects.get_or_create(email="bench-audit@example.nl")
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.1")
    request.user = user

    started = time.perf_counter()
    for _ in range(n):
        with transaction.atomic():
            audit_record(action=AuditAction.DOWNLOADED, actor=user, obj=gemeente, request=request, detail="bench")
    audit_seconds = time.perf_counter() - started

    started = time.perf_counter()
    for _ in range(n):
        with transaction.atomic():
            ExportRecord.objects.create(
                user=user,
                export_key="bench",
                title="bench",
                gemeente=gemeente,
                scope="bench",
                file_format="csv",
                row_count=1,
            )
    plain_seconds = time.perf_counter() - started

    superuser = User(is_superuser=True, is_staff=True, is_active=True)
    started = time.perf_counter()
    for _ in range(20):
        list(audit_event_list_for_user(user=superuser, filters={"gemeente": gemeente})[:50])
    page_ms = (time.perf_counter() - started) / 20 * 1000
    from participatie.models import AuditEvent

    total = AuditEvent.objects.count()
    print(f"audit line: {audit_seconds / n * 1e6:.0f} µs each (n={n})")
    print(f"plain insert of similar width: {plain_seconds / n * 1e6:.0f} µs each")
    print(f"ratio audit line / plain insert: {audit_seconds / plain_seconds:.2f}")
    print(f"newest 50 lines of one gemeente among {total} lines: {page_ms:.1f} ms")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5000)
