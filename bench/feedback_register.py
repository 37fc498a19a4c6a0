"""Benchmark: the feedback dashboard, the coordinator's register and the reminder run, before and after.

Builds, on PostgreSQL (``BENCH_DATABASE_URL``, default ``participatie_perf_pages_feedback`` on
127.0.0.1; emptied first), one gemeente with 50 officers, a coordinator and N inbreng (a third
answered), and then measures each page in alternating rounds with the code as it was (``git archive``
of BEFORE_COMMIT into a temporary directory) and the code as it is, each in a fresh subprocess on the
same database: queries and milliseconds of

- the dashboard page (/feedback/dashboard/) of the coordinator;
- the coordinator's whole register (/feedback/?whose=all), page 1 and page 20 (50 a page);
- the officer's own list (/feedback/);
- the reminder run (store and send every digest, locmem e-mail), at N = 50,000 only: its stored
  digests are removed before each run.

N = 50,000 and 500,000. It prints the median of the rounds and the ratio before/after, and writes the
EXPLAIN ANALYZE of the dashboard's and the register's main queries to a file it names.

Run: /work/main/.venv/bin/python bench/feedback_register.py [N ...]
"""

import datetime
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve()
ROOT = HERE.parent.parent
CODE_ROOT = Path(os.environ.get("BENCH_CODE_ROOT", ROOT))
sys.path.insert(0, str(CODE_ROOT))
os.environ.update(
    DJANGO_SETTINGS_MODULE="participatie.settings",
    DATABASE_URL=os.environ.get(
        "BENCH_DATABASE_URL", "postgres://participatie:participatie@127.0.0.1:5432/participatie_perf_pages_feedback"
    ),
    EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    SECRET_KEY="bench-only",
    DEBUG="0",
    SECURE_COOKIES="0",
    SECURE_SSL_REDIRECT="0",
    STATIC_MANIFEST="0",
    ALLOWED_HOSTS="localhost",
)

BEFORE_COMMIT = "8c4eb34"  # main before issue 14
ROUNDS = 2
PAGES = {
    "dashboard": ("/feedback/dashboard/", {}, "coordinator"),
    "register, page 1 (all)": ("/feedback/", {"whose": "all"}, "coordinator"),
    "register, page 20 (all)": ("/feedback/", {"whose": "all", "page": "20"}, "coordinator"),
    "officer's own list": ("/feedback/", {}, "officer"),
}


def measure(what: str) -> dict:
    """In a subprocess: time one page (or the reminder run) with the code under CODE_ROOT."""
    import django

    django.setup()
    from django.core import mail
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from feedback.models import Reminder
    from participatie.models import User

    if what == "reminder run":
        from feedback.services import reminders_send

        Reminder.objects.all().delete()
        func = reminders_send
    else:
        url, params, who = PAGES[what]
        client = Client(HTTP_HOST="localhost")
        client.force_login(User.objects.get(email=f"{who}@bench.local"))

        def func():
            response = client.get(url, params)
            assert response.status_code == 200, response.status_code
            return response

        func()  # warm: templates, the session
    mail.outbox = []
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        func()
        elapsed = (time.perf_counter() - start) * 1000
    return {"queries": len(queries.captured_queries), "ms": elapsed, "mails": len(mail.outbox)}


def build(total: int) -> None:
    import django

    django.setup()
    from django.db import connection, transaction
    from django.utils import timezone

    from feedback.constants import Channel, ContributorKind, Outcome, SourceKind
    from feedback.models import Inbreng, Terugkoppeling
    from participatie.constants import Role
    from participatie.models import Gemeente, Membership, User

    kinds = [k for k in SourceKind if k != SourceKind.SIGNAL]
    gemeente = Gemeente.objects.first()
    if gemeente is None:
        gemeente = Gemeente.objects.create(name="Benchstad", cbs_code="GM9999", slug="benchstad")
        for n in range(50):
            user = User.objects.create_user(email="officer@bench.local" if n == 0 else f"beleid{n}@bench.local")
            Membership.objects.create(user=user, gemeente=gemeente, role=Role.POLICY_OFFICER)
        coordinator = User.objects.create_user(email="coordinator@bench.local")
        Membership.objects.create(user=coordinator, gemeente=gemeente, role=Role.COORDINATOR)
    officers = list(User.objects.filter(memberships__role=Role.POLICY_OFFICER).order_by("pk"))
    today = timezone.localdate()
    existing = Inbreng.objects.count()
    for chunk_start in range(existing, total, 20_000):
        with transaction.atomic():
            created = Inbreng.objects.bulk_create(
                [
                    Inbreng(
                        gemeente=gemeente,
                        title=f"Inbreng {n}",
                        summary="Samenvatting",
                        source_kind=kinds[n % len(kinds)],
                        contributor_kind=ContributorKind.ORGAAN if n % 7 == 0 else ContributorKind.ANONYMOUS_GROUP,
                        contributor_description=f"Adviesraad {n % 5}" if n % 7 == 0 else "Groep",
                        received_on=today - datetime.timedelta(days=n % 360),
                        promised_on=today - datetime.timedelta(days=n % 360) + datetime.timedelta(days=30 + n % 40),
                        promised_channel=Channel.WEBSITE,
                        officer=officers[n % len(officers)],
                    )
                    for n in range(chunk_start, min(chunk_start + 20_000, total))
                ]
            )
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
                ]
            )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE feedback_inbreng")
        cursor.execute("VACUUM ANALYZE feedback_terugkoppeling")


def explain(label: str) -> str:
    """EXPLAIN ANALYZE of the dashboard's and the register's main queries, with the code under CODE_ROOT."""
    import django

    django.setup()
    from django.db.models import Count
    from django.utils import timezone

    from feedback.models import Inbreng
    from feedback.selectors import inbreng_annotate_status, inbreng_list_filtered
    from participatie.models import Gemeente, User

    coordinator = User.objects.get(email="coordinator@bench.local")
    gemeente = Gemeente.objects.get()
    today = timezone.localdate()
    register = inbreng_list_filtered(user=coordinator, filters={"mine": False})[:50]
    since = today.replace(day=1) - datetime.timedelta(days=335)
    dashboard = inbreng_annotate_status(Inbreng.objects.filter(gemeente=gemeente, received_on__gte=since), today=today)
    if label == "after":
        dashboard = dashboard.order_by().values("source_kind").annotate(n=Count("pk"))
    else:
        dashboard = dashboard.values("pk", "source_kind", "received_on", "answered_on", "derived_status")
    parts = []
    for name, queryset in (("register, page 1", register), ("dashboard, main query", dashboard)):
        parts.append(f"--- {label}: {name}\n{queryset.explain(analyze=True)}\n")
    return "\n".join(parts)


def run_in(code_root: Path, *args: str) -> str:
    env = {**os.environ, "BENCH_CODE_ROOT": str(code_root)}
    done = subprocess.run(
        [sys.executable, str(HERE), *args], env=env, capture_output=True, text=True, cwd=code_root, check=False
    )
    if done.returncode:
        raise SystemExit(done.stderr[-3000:])
    return done.stdout.strip().splitlines()[-1] if args[0] != "--explain" else done.stdout


def main() -> None:
    sizes = [int(arg) for arg in sys.argv[1:]] or [50_000, 500_000]
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    call_command("migrate", verbosity=0)
    connection.close()
    before_root = Path(tempfile.mkdtemp(prefix="bench-feedback-before-"))
    archive = subprocess.run(["git", "archive", BEFORE_COMMIT], cwd=ROOT, capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(before_root)], input=archive, check=True)
    versions = (("before", before_root), ("after", ROOT))
    explained = []
    for size in sizes:
        started = time.perf_counter()
        run_in(ROOT, "--build", str(size))
        print(
            f"\nN = {size:,} inbreng (built in {time.perf_counter() - started:.0f} s; alternating rounds: {ROUNDS} at 50,000, else 1)"
        )
        print(f"  {'':30} {'before q':>8} {'before ms':>10} {'after q':>8} {'after ms':>9} {'ratio':>7}")
        cases = [*PAGES, "reminder run"] if size <= 50_000 else list(PAGES)
        for what in cases:
            results = {"before": [], "after": []}
            for _ in range(ROUNDS if what != "reminder run" and size <= 50_000 else 1):
                for label, code_root in versions:
                    results[label].append(json.loads(run_in(code_root, "--measure", what)))
            before = statistics.median(r["ms"] for r in results["before"])
            after = statistics.median(r["ms"] for r in results["after"])
            print(
                f"  {what:30} {results['before'][-1]['queries']:>8} {before:>10.0f} "
                f"{results['after'][-1]['queries']:>8} {after:>9.0f} {before / after:>6.1f}x"
            )
        explained += [
            f"=== N = {size:,}",
            run_in(before_root, "--explain", "before"),
            run_in(ROOT, "--explain", "after"),
        ]
    (before_root / "explain.txt").write_text("\n".join(explained))
    print(f"\nEXPLAIN ANALYZE before and after: {before_root / 'explain.txt'}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--measure"]:
        print(json.dumps(measure(sys.argv[2])))
    elif sys.argv[1:2] == ["--build"]:
        build(int(sys.argv[2]))
        print("built")
    elif sys.argv[1:2] == ["--explain"]:
        print(explain(sys.argv[2]))
    else:
        main()
