"""Roadmap monitor, trajecten list and home page at 500 and 5,000 trajecten on PostgreSQL: before and after.

Builds trajecten in a throw-away PostgreSQL database (``BENCH_DATABASE_URL``, default
``participatie_perf_monitor_bench`` on 127.0.0.1; it is emptied first): 25 gemeenten, each traject with its six
steps, a varying number of finished or skipped steps and a step in progress, and one to three actions (some
overdue, some done). A coordinator follows 20 of the 25 gemeenten (the monitor); a second coordinator follows 5
(the trajecten list and the home page, about 100 trajecten at 500).

It then times each page in alternating rounds with the code as it was (``git archive`` of BEFORE_COMMIT into a
temporary directory) and the code as it is (this working tree), each round in a fresh subprocess on the same
database: a warm-up request, then REQUESTS timed requests (median). The "before" code ignores the progress
table and its triggers, which the "after" migrations added. It prints queries, median milliseconds, the ratio
and the load average, and writes the EXPLAIN ANALYZE of the monitor's page query (and the paginator's count)
before and after to a file it names.

Cases: the monitor page 1 sorted on progress; the last page with a law filter, sorted on overdue actions; page
1 with only overdue trajecten, sorted on the last change; one gemeente; the trajecten list and the home page
(at 500 only: the trajecten list shows every traject of the user, unpaginated, as before).

Run: /work/main/.venv/bin/python bench/roadmap_monitor.py [SIZES...]   (default 500 5000)
"""

import datetime
import json
import os
import statistics
import sys
import time
from pathlib import Path

import before_after  # bench/, the directory of this script

HERE = Path(__file__).resolve()
ROOT = HERE.parent.parent
CODE_ROOT = Path(os.environ.get("BENCH_CODE_ROOT", ROOT))
sys.path.insert(0, str(CODE_ROOT))
os.environ.update(
    DJANGO_SETTINGS_MODULE="participatie.settings",
    DATABASE_URL=os.environ.get(
        "BENCH_DATABASE_URL", "postgres://participatie:participatie@127.0.0.1:5432/participatie_perf_monitor_bench"
    ),
    SECRET_KEY="bench-only-secret-key",
    DEBUG="0",
    SECURE_COOKIES="0",
    SECURE_SSL_REDIRECT="0",
    STATIC_MANIFEST="0",
    ALLOWED_HOSTS="localhost",
)

BEFORE_COMMIT = os.environ.get("BENCH_BEFORE", "290359c")  # main before the stored progress
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
REQUESTS = 3  # timed requests per subprocess, after one warm-up
PAGES = {
    "monitor p1, furthest along first": ("/roadmap/monitor/", {"sort": "-stage"}, "monitor"),
    "monitor last page, law, most overdue": (
        "/roadmap/monitor/",
        {"law": "wmo", "sort": "-overdue", "page": "9999"},
        "monitor",
    ),
    "monitor p1, overdue only, changed": ("/roadmap/monitor/", {"overdue": "on", "sort": "changed"}, "monitor"),
    "monitor p1, one gemeente": ("/roadmap/monitor/", {"gemeente": "GEMEENTE", "sort": "stage"}, "monitor"),
    "trajecten list": ("/roadmap/", {}, "list"),
    "home page": ("/", {}, "list"),
}
SMALL_ONLY = ("trajecten list", "home page")


def measure(what: str) -> dict:
    """In a subprocess: time one page with the code under CODE_ROOT."""
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from participatie.accounts.testing import mark_session_verified
    from participatie.models import Gemeente, User

    url, params, who = PAGES[what]
    if params.get("gemeente") == "GEMEENTE":
        params = {**params, "gemeente": str(Gemeente.objects.order_by("pk").values_list("pk", flat=True)[3])}
    user = User.objects.get(email=f"{who}@bench.local")
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    mark_session_verified(client, user)

    def get():
        response = client.get(url, params)
        assert response.status_code == 200, response.status_code
        return response

    get()  # warm: templates, the session, the first refresh of the day
    timings = []
    for _ in range(REQUESTS):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            get()
            timings.append((time.perf_counter() - start) * 1000)
    return {"queries": len(queries.captured_queries), "ms": statistics.median(timings)}


def build(size: int) -> None:
    """Add trajecten (through the service, as the pages make them) until there are ``size``."""
    import django

    django.setup()
    from django.db import connection, transaction

    from participatie.constants import Role
    from participatie.models import Gemeente, Membership, User
    from roadmap.constants import StepStatus
    from roadmap.models import Action, Step, Traject
    from roadmap.services import traject_create

    gemeenten = list(Gemeente.objects.order_by("pk"))
    if not gemeenten:
        gemeenten = [
            Gemeente.objects.create(name=f"Gemeente {n:02}", cbs_code=f"GM{8000 + n}", slug=f"g-{n}") for n in range(25)
        ]
        for email, count in (("monitor", 20), ("list", 5)):
            user = User.objects.create_user(email=f"{email}@bench.local")
            for gemeente in gemeenten[:count]:
                Membership.objects.create(user=user, gemeente=gemeente, role=Role.COORDINATOR)
    staff = User.objects.get(email="monitor@bench.local")
    today = datetime.date.today()
    made = Traject.objects.count()
    while made < size:
        with transaction.atomic():
            for _ in range(min(250, size - made)):
                traject = traject_create(
                    gemeente=gemeenten[made % 25],
                    title=f"Traject {made}",
                    start_date=datetime.date(2026, 1, 1) + datetime.timedelta(days=made % 300),
                    actor=staff,
                    laws=["wmo"] if made % 2 else ["jeugdwet"],
                )
                finished = made % 7 if made % 7 < 6 else 6
                Step.objects.filter(traject=traject, number__lte=finished).update(status=StepStatus.DONE)
                Step.objects.filter(traject=traject, number=finished + 1).update(status=StepStatus.IN_PROGRESS)
                steps = list(traject.steps.order_by("number"))
                for n in range(1 + made % 3):
                    Action.objects.create(
                        step=steps[(made + n) % 6],
                        description="Actie",
                        due_date=today + datetime.timedelta(days=(made * 7 + n * 13) % 120 - 60),
                        is_done=n == 1,
                    )
                made += 1
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def explain(label: str) -> str:
    """EXPLAIN ANALYZE of the monitor's page query and count, with the code under CODE_ROOT."""
    import django

    django.setup()
    from participatie.models import User
    from roadmap.selectors import traject_list_for_monitor

    user = User.objects.get(email="monitor@bench.local")
    parts = []
    for sort in ("-stage", "-overdue"):
        queryset = traject_list_for_monitor(user=user, sort=sort)
        parts.append(f"--- {label}: page 1, sort {sort}\n{queryset[:50].explain(analyze=True)}\n")
    count = traject_list_for_monitor(user=user, sort="-stage", law="wmo")
    # What the paginator runs: Django wraps an aggregated queryset in a subquery, a plain one it counts.
    parts.append(f"--- {label}: the paginator's count, law filter\n{_explain_count(count)}\n")
    return "\n".join(parts)


def _explain_count(queryset) -> str:
    from django.db import connection

    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN ANALYZE SELECT COUNT(*) FROM ({sql}) counted", params)  # noqa: S608 - Django's own SQL
        return "\n".join(row[0] for row in cursor.fetchall())


def run_in(code_root: Path, *args: str) -> str:
    return before_after.run_in(HERE, code_root, *args)


def main() -> None:
    sizes = [int(arg) for arg in sys.argv[1:]] or [500, 5000]
    import django

    django.setup()
    before_after.schema_fresh_migrated()
    before_root = before_after.before_code_tree(commit=BEFORE_COMMIT, root=ROOT, prefix="bench-roadmap-before-")
    versions = (("before", before_root), ("after", ROOT))
    explained = []
    for size in sizes:
        started = time.perf_counter()
        run_in(ROOT, "--build", str(size))
        print(f"\n{size:,} trajecten (built in {time.perf_counter() - started:.0f} s; {ROUNDS} alternating rounds)")
        print(f"  {'':38} {'before q':>8} {'before ms':>10} {'after q':>8} {'after ms':>9} {'ratio':>7}  load")
        for what in PAGES:
            if what in SMALL_ONLY and size > 1000:
                continue
            results = {"before": [], "after": []}
            loads = []
            for _ in range(ROUNDS):
                for label, code_root in versions:
                    results[label].append(json.loads(run_in(code_root, "--measure", what)))
                loads.append(os.getloadavg()[0])
            before = statistics.median(r["ms"] for r in results["before"])
            after = statistics.median(r["ms"] for r in results["after"])
            print(
                f"  {what:38} {results['before'][-1]['queries']:>8} {before:>10.0f} "
                f"{results['after'][-1]['queries']:>8} {after:>9.0f} {before / after:>6.1f}x  "
                f"{min(loads):.1f}-{max(loads):.1f}"
            )
        explained += [
            f"=== {size:,} trajecten",
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
