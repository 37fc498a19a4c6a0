"""Monitor of the roadmap at 500 and 5,000 trajecten on PostgreSQL: before and after, side by side.

Builds trajecten in a throw-away PostgreSQL database (``BENCH_DATABASE_URL``, default
``participatie_perf_pages_bench`` on 127.0.0.1; it is emptied first), and then times, in alternating
rounds of the same run:

- before: every traject on one page, sorted on correlated COUNT subqueries (the selector as it was,
  copied below), each cell looked up in the template (the template as it was, read from git at
  commit BEFORE_COMMIT, with the context the view gave it);
- one query: the same, but the rows from today's selector (one join and GROUP BY);
- cells rendered once: every traject on one page, each cell formatted once in Python (the new template);
- after: the view as it is, 50 a page (page 1, and the last page with a filter and a sort).

It prints queries, median and max milliseconds, and the ratio of each to "before".

Run: /work/main/.venv/bin/python bench/roadmap_monitor.py [SIZES...]   (default 500 5000)
"""

import datetime
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.update(
    DJANGO_SETTINGS_MODULE="participatie.settings",
    DATABASE_URL=os.environ.get(
        "BENCH_DATABASE_URL", "postgres://participatie:participatie@127.0.0.1:5432/participatie_perf_pages_bench"
    ),
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
from django.db import connection, transaction  # noqa: E402
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, Subquery, Value  # noqa: E402
from django.db.models.functions import Coalesce  # noqa: E402
from django.template import engines  # noqa: E402
from django.test import Client, RequestFactory  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from participatie.accounts.testing import mark_session_verified  # noqa: E402
from participatie.models import Gemeente, User  # noqa: E402
from roadmap import selectors  # noqa: E402
from roadmap.constants import StepNumber  # noqa: E402
from roadmap.forms import MonitorFilterForm  # noqa: E402
from roadmap.models import Action, Step  # noqa: E402
from roadmap.services import traject_create  # noqa: E402
from roadmap.views import monitor_rows  # noqa: E402

SIZES = tuple(int(arg) for arg in sys.argv[1:]) or (500, 5000)
ROUNDS = 5  # 3 above 1,000 trajecten
BEFORE_COMMIT = "8c4eb34"  # main before issue 14
BEFORE_TEMPLATE = engines["django"].from_string(
    subprocess.run(
        ["git", "show", f"{BEFORE_COMMIT}:templates/roadmap/monitor.html"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
)
AFTER_TEMPLATE = engines["django"].get_template("roadmap/monitor.html")


def build(size, made, gemeenten, staff):
    with transaction.atomic():
        while made < size:
            traject = traject_create(
                gemeente=gemeenten[made % 25],
                title=f"Traject {made}",
                start_date=datetime.date(2026, 1, 1),
                actor=staff,
                laws=["wmo"] if made % 2 else ["jeugdwet"],
            )
            Step.objects.filter(traject=traject, number__lte=made % 6).update(status="afgerond")
            Action.objects.create(
                step=traject.steps.get(number=1 + made % 6), description="Actie", due_date=datetime.date(2020, 1, 1)
            )
            made += 1
    return made


def trajecten_before(staff):
    """The monitor's rows as the selector built them before: a correlated subquery per traject."""
    today = timezone.localdate()
    finished = selectors.FINISHED
    return (
        selectors.traject_list_for_user(user=staff)
        .annotate(
            steps_finished=Count("steps", filter=Q(steps__status__in=finished)),
            current_step=Coalesce(
                Subquery(
                    Step.objects.filter(traject=OuterRef("pk"))
                    .exclude(status__in=finished)
                    .order_by("status", "number")
                    .values("number")[:1],
                    output_field=IntegerField(),
                ),
                Value(7),
            ),
            overdue_total=selectors._count(Action.objects.filter(is_done=False, due_date__lt=today), "step__traject"),
        )
        .prefetch_related(Prefetch("steps", queryset=selectors.step_queryset_with_progress(today=today)))
        .order_by(*selectors.MONITOR_SORTS["-stage"], "pk")
    )


def context_all_rows(request, staff, old_query=False):
    """The context of the monitor with every traject on one page (what the view gave before)."""
    gemeenten = selectors.gemeente_list_for_monitor(user=staff)
    if old_query:
        trajecten = list(trajecten_before(staff))
    else:
        trajecten = list(selectors.traject_list_for_monitor(user=staff, sort="-stage"))
    return {
        "form": MonitorFilterForm({"sort": "-stage"}, gemeenten=gemeenten),
        "trajecten": trajecten,
        "step_numbers": StepNumber.choices,
        "query": "sort=-stage",
        "base_query": "",
        "sort": "-stage",
        "sort_columns": {key: (key, "") for key in ("gemeente", "stage", "overdue", "changed")},
    }


def main() -> None:
    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    call_command("migrate", verbosity=0)
    staff = User.objects.create_superuser(email="bench@example.nl", password="x")
    gemeenten = [
        Gemeente.objects.create(name=f"Gemeente {n}", cbs_code=f"GM{8000 + n}", slug=f"g-{n}") for n in range(25)
    ]
    client = Client(HTTP_HOST="localhost")
    client.force_login(staff)
    mark_session_verified(client, staff)  # staff pages need the second login step
    request = RequestFactory(HTTP_HOST="localhost").get("/roadmap/monitor/", {"sort": "-stage"})
    request.user = staff

    def before():
        return BEFORE_TEMPLATE.render(context_all_rows(request, staff, old_query=True), request)

    def one_query():
        return BEFORE_TEMPLATE.render(context_all_rows(request, staff), request)

    def prepared():
        context = context_all_rows(request, staff)
        rows = monitor_rows(context["trajecten"])
        paginator_page = type("Page", (), {"has_other_pages": lambda self: False})()
        paginator_page.paginator = type("P", (), {"count": len(rows)})()
        return AFTER_TEMPLATE.render({**context, "rows": rows, "page_obj": paginator_page}, request)

    def after_first():
        response = client.get("/roadmap/monitor/", {"sort": "-stage"})
        assert response.status_code == 200
        return response

    def after_last_filtered():
        response = client.get("/roadmap/monitor/", {"sort": "-overdue", "law": "wmo", "page": "last"})
        assert response.status_code == 200
        return response

    cases = (
        ("before: all rows, cells in the template", before),
        ("one query: all rows, cells in the template", one_query),
        ("one query + cells rendered once, all rows", prepared),
        ("after: page 1 of 50 a page", after_first),
        ("after: last page, law filter + sort", after_last_filtered),
    )
    made = 0
    for size in SIZES:
        made = build(size, made, gemeenten, staff)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        timings = {label: [] for label, _ in cases}
        counts = {}
        rounds = ROUNDS if size <= 1000 else 3
        for _ in range(rounds):  # alternating rounds: every case once per round
            for label, func in cases:
                with CaptureQueriesContext(connection) as queries:
                    start = time.perf_counter()
                    func()
                    timings[label].append((time.perf_counter() - start) * 1000)
                counts[label] = len(queries)
        print(f"\n{size:,} trajecten ({rounds} rounds)")
        print(f"  {'':42} {'queries':>8} {'median ms':>10} {'max ms':>8} {'vs before':>10}")
        base = statistics.median(timings[cases[0][0]])
        for label, _ in cases:
            median = statistics.median(timings[label])
            print(f"  {label:42} {counts[label]:>8} {median:>10.1f} {max(timings[label]):>8.1f} {base / median:>9.1f}x")


if __name__ == "__main__":
    main()
