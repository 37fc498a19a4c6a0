"""Benchmark: the reach overview with 5,000 activities, 50,000 stories and 100,000 survey responses.

Builds a throw-away PostgreSQL database (``BENCH_DATABASE_URL``, default the activities helper's own
``participatie_activities_bench`` on 127.0.0.1), fills one gemeente with 5,000 activities (three reach
counts each), 50,000 tagged stories, 20 surveys with 100,000 complete responses and two councils with
200 members, plus nine neighbouring gemeenten with a little of everything. Then prints the query count
and the median time of: the reach overview selector for the gemeente, the whole reach page (request,
template and all), the coordinator page across the ten gemeenten, and the theme overview. Drops the
database afterwards. Without PostgreSQL it says so and stops.

Run: /work/main/.venv/bin/python bench/bench_reach.py
"""

import datetime
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://participatie:participatie@127.0.0.1:5432/participatie_activities_bench"
)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "participatie.settings")
os.environ["DATABASE_URL"] = URL
os.environ.setdefault("SECRET_KEY", "bench-only")
os.environ.setdefault("DEBUG", "0")
os.environ["SECURE_COOKIES"] = "0"
os.environ["SECURE_SSL_REDIRECT"] = "0"
os.environ["STATIC_MANIFEST"] = "0"
os.environ["ALLOWED_HOSTS"] = "testserver"

ACTIVITIES, STORIES, RESPONSES, SURVEYS, MEMBERS = 5_000, 50_000, 100_000, 20, 200
RUNS = 5


def _admin_sql(statement: str) -> None:
    import psycopg2

    parsed = urlparse(URL)
    conn = psycopg2.connect(
        host=parsed.hostname,
        port=parsed.port or 5432,
        user=parsed.username,
        password=parsed.password,
        dbname="postgres",
        connect_timeout=3,
    )
    try:
        conn.autocommit = True
        with conn.cursor() as cursor:
            cursor.execute(statement)
    finally:
        conn.close()


def create_database() -> bool:
    name = urlparse(URL).path.lstrip("/")
    try:
        _admin_sql(f'DROP DATABASE IF EXISTS "{name}"')
        _admin_sql(f'CREATE DATABASE "{name}"')
    except Exception as error:  # noqa: BLE001 - any failure means: no PostgreSQL to measure on
        print(f"PostgreSQL is not available at {URL} ({error}); nothing measured.")
        return False
    return True


def drop_database():
    from django.db import connections

    connections.close_all()
    name = urlparse(URL).path.lstrip("/")
    _admin_sql(f'DROP DATABASE IF EXISTS "{name}"')


def build():
    from django.utils import timezone

    from activities.models import Activity, Reach, Story, StoryTag, Theme
    from panels.models import Member, Orgaan
    from participatie.constants import Role, TargetGroup
    from participatie.models import Gemeente, Membership, User
    from surveys.models import Response, Survey

    today = timezone.localdate()
    year_start = datetime.date(today.year, 1, 1)
    span = max((today - year_start).days, 1)
    gemeenten = [
        Gemeente.objects.create(name=f"Gemeente {n}", cbs_code=f"GM{9000 + n:04d}", slug=f"gemeente-{n}")
        for n in range(10)
    ]
    main = gemeenten[0]
    user = User.objects.create_user(email="coordinator@bench.local", password="bench-password-1")
    for gemeente in gemeenten:
        Membership.objects.create(user=user, gemeente=gemeente, role=Role.COORDINATOR)
    groups = [g for g in TargetGroup.values if g != TargetGroup.GENERAL]

    activities = [
        Activity(
            gemeente=main if n < ACTIVITIES else gemeenten[1 + n % 9],
            title=f"Activiteit {n}",
            kind=["peilend", "verdiepend", "structureel"][n % 3],
            method="anders",
            topic="cliëntondersteuning",
            starts_on=year_start + datetime.timedelta(days=n % span),
        )
        for n in range(ACTIVITIES + 90)
    ]
    Activity.objects.bulk_create(activities, batch_size=2000)
    ids = list(Activity.objects.order_by("pk").values_list("pk", flat=True))
    Reach.objects.bulk_create(
        (
            Reach(activity_id=pk, target_group=groups[(i + k) % len(groups)], planned=10, reached=(i + k) % 12)
            for i, pk in enumerate(ids)
            for k in range(3)
        ),
        batch_size=5000,
    )
    themes = [Theme.objects.create(gemeente=main, name=f"Thema {n}") for n in range(8)]
    main_ids = ids[:ACTIVITIES]
    Story.objects.bulk_create(
        (
            Story(
                activity_id=main_ids[n % len(main_ids)],
                title=f"Verhaal {n}",
                text="Een kort verhaal over de meedenker.",
                collected_on=today,
                collected_by="Vrijwilliger",
                consent=True,
            )
            for n in range(STORIES)
        ),
        batch_size=5000,
    )
    StoryTag.objects.bulk_create(
        (
            StoryTag(story_id=pk, theme=themes[n % 8], direction=["positief", "negatief", "gemengd"][n % 3])
            for n, pk in enumerate(Story.objects.values_list("pk", flat=True).iterator())
        ),
        batch_size=5000,
    )
    surveys = [
        Survey.objects.create(
            gemeente=main, title=f"Vragenlijst {n}", slug=f"v-{n}", status="gesloten", target_group=groups[n % 5]
        )
        for n in range(SURVEYS)
    ]
    now = timezone.now()
    Response.objects.bulk_create(
        (
            Response(
                survey=surveys[n % SURVEYS],
                status="compleet",
                completed_at=now - datetime.timedelta(minutes=n % (span * 1440)),
            )
            for n in range(RESPONSES)
        ),
        batch_size=5000,
    )
    for n in range(2):
        orgaan = Orgaan.objects.create(name=f"Adviesraad {n}", kind="adviesraad")
        orgaan.gemeenten.add(main)
        Member.objects.bulk_create(
            Member(
                orgaan=orgaan,
                name=f"Lid {n}-{m}",
                email=f"lid{n}-{m}@bench.local",
                term_start=today - datetime.timedelta(days=100),
                target_groups=[groups[m % len(groups)]],
            )
            for m in range(MEMBERS // 2)
        )
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return main, user


def measure(label, func):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    func()  # warm up
    times = []
    queries = 0
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as context:
            started = time.perf_counter()
            func()
            times.append(time.perf_counter() - started)
        queries = len(context.captured_queries)
    print(
        f"{label:58} {queries:3d} queries  median {statistics.median(times) * 1000:7.1f} ms  max {max(times) * 1000:7.1f} ms"
    )


def main() -> int:
    if not create_database():
        return 0
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from participatie.accounts.testing import mark_session_verified

    try:
        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        gemeente, user = build()
        print(
            f"Built {ACTIVITIES:,} activities, {STORIES:,} stories, {RESPONSES:,} survey responses "
            f"in {time.perf_counter() - started:.0f} s (PostgreSQL)."
        )
        from activities.selectors import default_period, reach_overview, reach_overviews, theme_overview
        from participatie.models import Gemeente

        start, end = default_period()
        client = Client()
        client.force_login(user)
        mark_session_verified(client, user)  # staff pages need the second login step
        everyone = list(Gemeente.objects.order_by("name"))

        def page(url):
            def get():
                response = client.get(url)
                assert response.status_code == 200, response.status_code

            return get

        measure(
            "reach_overview (selector, one gemeente)", lambda: reach_overview(gemeente=gemeente, start=start, end=end)
        )
        measure(
            "reach_overviews (selector, ten gemeenten)",
            lambda: reach_overviews(gemeenten=everyone, start=start, end=end),
        )
        measure("GET /activiteiten/bereik/ (whole page)", page(f"/activiteiten/bereik/?gemeente={gemeente.slug}"))
        measure("GET /activiteiten/bereik/alle-gemeenten/ (whole page)", page("/activiteiten/bereik/alle-gemeenten/"))
        measure("theme_overview (50,000 tagged stories)", lambda: theme_overview(gemeente=gemeente))
        measure("GET /activiteiten/ (register, first page)", page("/activiteiten/"))
    finally:
        if not os.environ.get("BENCH_KEEP"):
            drop_database()
    return 0


if __name__ == "__main__":
    sys.exit(main())
