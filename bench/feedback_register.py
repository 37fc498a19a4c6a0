"""Benchmark: the feedback dashboard, the coordinator's register and the reminder run, before and after.

Builds, on PostgreSQL (``BENCH_DATABASE_URL``, default ``participatie_perf_pages_feedback`` on
127.0.0.1; emptied first), one gemeente with 50 officers, a coordinator and N inbreng (a third
answered; set-based inside PostgreSQL, ``INSERT … SELECT`` over ``generate_series``, 500,000 in about a
minute), and then measures each page in alternating rounds with the code as it was (``git archive``
of BEFORE_COMMIT into a temporary directory) and the code as it is, each in a fresh subprocess on the
same database: queries and milliseconds of

- the dashboard page (/feedback/dashboard/) of the coordinator;
- the coordinator's whole register (/feedback/?whose=all), page 1 and page 20 (50 a page);
- the officer's own list (/feedback/);
- the reminder run (store and send every digest, locmem e-mail), at N = 50,000 only: its stored
  digests are removed before each run, and the process is warm (URL resolver and templates loaded) as a
  worker that runs every day is.

N = 50,000 and 500,000. The "before" is commit ``BENCH_BEFORE`` (default 290359c, main before the stored
answered_on and the dashboard tally), run on the same (new) schema. It prints every round, the median and the
ratio before/after with the load average, and writes the EXPLAIN ANALYZE of each page's two slowest queries and
of its page query to a file it names. ``BENCH_ROUNDS`` (default 2) sets the alternating rounds.

Run: /work/main/.venv/bin/python bench/feedback_register.py [N ...]
"""

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

BEFORE_COMMIT = os.environ.get("BENCH_BEFORE", "290359c")  # main before the stored answered_on
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "2"))
EXPLAIN_PER_PAGE = 2  # the slowest queries of each page
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
    from participatie.accounts.testing import mark_session_verified
    from participatie.models import User

    if what == "reminder run":
        from feedback.services import reminders_send

        Reminder.objects.all().delete()
        # Warm, as a worker that runs every day is: the URL resolver and the digest templates loaded.
        from django.template.loader import get_template
        from django.urls import reverse

        reverse("feedback:inbreng-list")
        for name in ("reminder_officer", "reminder_escalation"):
            for suffix in ("_subject.txt", ".txt", ".html"):
                get_template(f"emails/feedback/{name}{suffix}")
        func = reminders_send
    else:
        url, params, who = PAGES[what]
        client = Client(HTTP_HOST="localhost")
        user = User.objects.get(email=f"{who}@bench.local")
        client.force_login(user)
        mark_session_verified(client, user)  # staff pages need the second login step

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
    """Grow the data set to ``total`` inbreng (a third answered), set-based inside PostgreSQL.

    ``INSERT … SELECT`` over ``generate_series`` with the answered_on triggers off, then one set-based
    recompute of the column (as the migration's backfill does), so 500,000 build in minutes, not half an hour.
    """
    import django

    django.setup()
    from django.db import connection, transaction
    from django.utils import timezone

    from feedback.answered_on import answered_on_drop, answered_on_ensure
    from feedback.constants import Channel, ContributorKind, Outcome, SourceKind
    from feedback.models import Inbreng
    from participatie.constants import Role
    from participatie.models import Gemeente, Membership, User

    kinds = [k.value for k in SourceKind if k != SourceKind.SIGNAL]
    gemeente = Gemeente.objects.first()
    if gemeente is None:
        gemeente = Gemeente.objects.create(name="Benchstad", cbs_code="GM9999", slug="benchstad")
        for n in range(50):
            user = User.objects.create_user(email="officer@bench.local" if n == 0 else f"beleid{n}@bench.local")
            Membership.objects.create(user=user, gemeente=gemeente, role=Role.POLICY_OFFICER)
        coordinator = User.objects.create_user(email="coordinator@bench.local")
        Membership.objects.create(user=coordinator, gemeente=gemeente, role=Role.COORDINATOR)
    officers = list(
        User.objects.filter(memberships__role=Role.POLICY_OFFICER).order_by("pk").values_list("pk", flat=True)
    )
    today = timezone.localdate()
    existing = Inbreng.objects.count()
    if existing >= total:
        return
    with transaction.atomic(), connection.cursor() as cursor:
        answered_on_drop()
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM feedback_inbreng")
        (after,) = cursor.fetchone()
        # The same rows as the ORM build of the last round: n % 360 days ago, promised 30–69 days later, every
        # seventh from an orgaan ("Adviesraad 0..4"), officers in turn.
        cursor.execute(
            """
            INSERT INTO feedback_inbreng (
                gemeente_id, title, summary, source_kind, signal_channel, contributor_kind,
                contributor_description, received_on, promised_on, promised_channel, officer_id,
                created_at, updated_at)
            SELECT %(gemeente)s, 'Inbreng ' || n, 'Samenvatting', (%(kinds)s::text[])[1 + n %% %(n_kinds)s], '',
                   CASE WHEN n %% 7 = 0 THEN %(orgaan)s ELSE %(group)s END,
                   CASE WHEN n %% 7 = 0 THEN 'Adviesraad ' || (n %% 5) ELSE 'Groep' END,
                   %(today)s::date - n %% 360, %(today)s::date - n %% 360 + 30 + n %% 40, %(channel)s,
                   (%(officers)s::bigint[])[1 + n %% %(n_officers)s], now(), now()
              FROM generate_series(%(start)s::int, %(stop)s::int) AS n
            """,
            {
                "gemeente": gemeente.pk,
                "kinds": kinds,
                "n_kinds": len(kinds),
                "orgaan": ContributorKind.ORGAAN.value,
                "group": ContributorKind.ANONYMOUS_GROUP.value,
                "today": today,
                "channel": Channel.WEBSITE.value,
                "officers": officers,
                "n_officers": len(officers),
                "start": existing,
                "stop": total - 1,
            },
        )
        cursor.execute(
            """
            INSERT INTO feedback_terugkoppeling (
                inbreng_id, outcome, what_was_done, reasons, given_on, channel, postpone_reason,
                public_summary, is_published, created_at)
            SELECT id, %(outcome)s, 'Gedaan', '', received_on + (20 + id %% 30)::int, %(channel)s, '', '', false, now()
              FROM feedback_inbreng
             WHERE id > %(after)s AND id %% 3 = 0 AND received_on + 50 <= %(today)s::date
            """,
            {"outcome": Outcome.ADOPTED.value, "channel": Channel.WEBSITE.value, "today": today, "after": after},
        )
    answered_on_ensure(recompute=True)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE feedback_inbreng")
        cursor.execute("VACUUM ANALYZE feedback_terugkoppeling")
        cursor.execute("VACUUM ANALYZE feedback_dashboardtally")


def explain(label: str) -> str:
    """EXPLAIN ANALYZE of the slowest queries of each page, as the code under CODE_ROOT runs them."""
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from participatie.accounts.testing import mark_session_verified
    from participatie.models import User

    parts = []
    for what, (url, params, who) in PAGES.items():
        client = Client(HTTP_HOST="localhost")
        user = User.objects.get(email=f"{who}@bench.local")
        client.force_login(user)
        mark_session_verified(client, user)
        assert client.get(url, params).status_code == 200
        with CaptureQueriesContext(connection) as queries:
            client.get(url, params)
        slowest = sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:EXPLAIN_PER_PAGE]
        # And the page's own query (the ids of one page, sorted), however fast it was.
        slowest += [
            q
            for q in queries.captured_queries
            if "LIMIT 50" in q["sql"] and "ORDER BY" in q["sql"] and q not in slowest
        ][:1]
        for query in slowest:
            with connection.cursor() as cursor:
                cursor.execute(f"EXPLAIN ANALYZE {query['sql']}")
                plan = "\n".join(row[0] for row in cursor.fetchall())
            parts.append(f"--- {label}: {what} ({query['time']} s)\n{query['sql'][:600]}\n{plan}\n")
    return "\n".join(parts)


def run_in(code_root: Path, *args: str) -> str:
    return before_after.run_in(HERE, code_root, *args)


def main() -> None:
    sizes = [int(arg) for arg in sys.argv[1:]] or [50_000, 500_000]
    import django

    django.setup()
    before_after.schema_fresh_migrated()
    before_root = before_after.before_code_tree(commit=BEFORE_COMMIT, root=ROOT, prefix="bench-feedback-before-")
    versions = (("before", before_root), ("after", ROOT))
    explained = []
    for size in sizes:
        started = time.perf_counter()
        run_in(ROOT, "--build", str(size))
        print(
            f"\nN = {size:,} inbreng (built in {time.perf_counter() - started:.0f} s; alternating rounds: {ROUNDS}; load average {os.getloadavg()[0]:.1f})"
        )
        print(f"  {'':30} {'before q':>8} {'before ms':>10} {'after q':>8} {'after ms':>9} {'ratio':>7}")
        cases = [*PAGES, "reminder run"] if size <= 50_000 else list(PAGES)
        for what in cases:
            results = {"before": [], "after": []}
            for _ in range(ROUNDS):
                for label, code_root in versions:
                    results[label].append(json.loads(run_in(code_root, "--measure", what)))
            before = statistics.median(r["ms"] for r in results["before"])
            after = statistics.median(r["ms"] for r in results["after"])
            print(
                f"  {what:30} {results['before'][-1]['queries']:>8} {before:>10.0f} "
                f"{results['after'][-1]['queries']:>8} {after:>9.0f} {before / after:>6.1f}x"
                f"   (all ms: before {[round(r['ms']) for r in results['before']]},"
                f" after {[round(r['ms']) for r in results['after']]}; load {os.getloadavg()[0]:.1f})",
                flush=True,
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
