"""Every list page at ten times the demo data: the slowest ten, with their query counts.

Builds, on PostgreSQL (``BENCH_DATABASE_URL``, default ``participatie_perf_pages_lists`` on 127.0.0.1;
emptied first), the demo data (``seed_demo``), then adds nine times as many of every listed thing in
each gemeente (trajecten, organen, adviesaanvragen, surveys, responses, inbreng, activities, insights)
with the test factories. Each list page is then loaded as the demo policy officer and coordinator of
the gemeente with the most data, and as the regional programme coordinator (three times each, the
median kept); pages the account may not open are left out.

Run: /work/main/.venv/bin/python bench/list_pages.py [FACTOR]   (default 10)
"""

import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.update(
    DJANGO_SETTINGS_MODULE="participatie.settings",
    DATABASE_URL=os.environ.get(
        "BENCH_DATABASE_URL", "postgres://participatie:participatie@127.0.0.1:5432/participatie_perf_pages_lists"
    ),
    EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    SECRET_KEY="bench-only",
    DEBUG="1",  # seed_demo refuses to run without it
    SECURE_COOKIES="0",
    SECURE_SSL_REDIRECT="0",
    STATIC_MANIFEST="0",
    ALLOWED_HOSTS="localhost",
)

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from activities.models import Activity, Insight  # noqa: E402
from activities.tests.factories import ActivityFactory, InsightFactory  # noqa: E402
from feedback.models import Inbreng  # noqa: E402
from feedback.tests.factories import InbrengFactory  # noqa: E402
from panels.models import Adviesaanvraag, Orgaan  # noqa: E402
from panels.tests.factories import AanvraagFactory, OrgaanFactory  # noqa: E402
from participatie.demo import demo_email  # noqa: E402
from participatie.models import Gemeente, User  # noqa: E402
from roadmap.models import Traject  # noqa: E402
from roadmap.tests.factories import TrajectFactory  # noqa: E402
from surveys.constants import ResponseStatus  # noqa: E402
from surveys.models import Response, Survey  # noqa: E402
from surveys.tests.factories import OpenSurveyFactory, ResponseFactory  # noqa: E402

FACTOR = int(sys.argv[1]) if len(sys.argv) > 1 else 10
RUNS = 3

# What grows: (label, model, lookup to the gemeente, make one more in gemeente g).
GROWERS = [
    ("trajecten", Traject, "gemeente", lambda g: TrajectFactory(gemeente=g)),
    ("organen", Orgaan, "gemeenten", lambda g: OrgaanFactory(gemeenten=[g])),
    (
        "adviesaanvragen",
        Adviesaanvraag,
        "gemeente",
        lambda g: AanvraagFactory(orgaan=Orgaan.objects.filter(gemeenten=g).first(), gemeente=g),
    ),
    ("surveys", Survey, "gemeente", lambda g: OpenSurveyFactory(gemeente=g)),
    (
        "responses",
        Response,
        "survey__gemeente",
        lambda g: ResponseFactory(
            survey=random.choice(list(Survey.objects.filter(gemeente=g).only("pk"))),
            status=ResponseStatus.COMPLETE,
            completed_at=timezone.now(),
        ),
    ),
    ("inbreng", Inbreng, "gemeente", lambda g: InbrengFactory(gemeente=g)),
    ("activities", Activity, "gemeente", lambda g: ActivityFactory(gemeente=g)),
    ("insights", Insight, "gemeente", lambda g: InsightFactory(gemeente=g)),
]


def list_pages(gemeente: Gemeente) -> list[tuple[str, str]]:
    survey = Survey.objects.filter(gemeente=gemeente).order_by("-pk").first()
    pages = [
        ("home", reverse("home")),
        ("roadmap: trajecten", reverse("roadmap:traject-list")),
        ("roadmap: monitor", reverse("roadmap:monitor")),
        ("surveys: list", reverse("surveys:survey_list")),
        ("surveys: template library", reverse("surveys:template_library")),
        ("surveys: answer files", reverse("surveys:answer_export_surveys")),
        ("surveys: summaries", reverse("surveys:summary_list")),
        ("panels: organen", reverse("panels:orgaan-list")),
        ("panels: adviezen", reverse("panels:advies-list")),
        ("panels: overview", reverse("panels:overview")),
        ("feedback: register", reverse("feedback:inbreng-list")),
        ("feedback: register (all)", reverse("feedback:inbreng-list") + "?whose=all"),
        ("feedback: dashboard", reverse("feedback:dashboard")),
        ("activities: register", reverse("activities:register")),
        ("activities: reach", reverse("activities:reach") + f"?gemeente={gemeente.slug}"),
        ("activities: reach, all gemeenten", reverse("activities:reach-coordinator")),
        ("activities: themes", reverse("activities:theme-overview") + f"?gemeente={gemeente.slug}"),
        ("activities: insights", reverse("activities:insight-list")),
        ("exports", reverse("export-list")),
    ]
    if survey is not None:
        pages.append(("surveys: responses of a survey", reverse("surveys:results_responses", args=[survey.pk])))
    return pages


def grow() -> dict[str, tuple[int, int]]:
    random.seed(14)
    counts = {}
    with transaction.atomic():
        for label, model, lookup, make in GROWERS:
            before = model.objects.count()
            for gemeente in Gemeente.objects.order_by("pk"):
                existing = model.objects.filter(**{lookup: gemeente}).distinct().count()
                for _ in range(existing * (FACTOR - 1)):
                    make(gemeente)
            counts[label] = (before, model.objects.count())
    return counts


def build() -> None:
    """Empty the database, seed the demo data and grow it FACTOR times; print what grew."""
    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    call_command("migrate", verbosity=0)
    call_command("seed_demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    started = time.perf_counter()
    counts = grow()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"Demo data times {FACTOR} (grown in {time.perf_counter() - started:.0f} s):")
    print("  " + ", ".join(f"{label} {before:,} -> {after:,}" for label, (before, after) in counts.items()))


def main() -> None:
    build()
    settings.DEBUG = False  # time the pages as in production
    gemeente = max(Gemeente.objects.all(), key=lambda g: Inbreng.objects.filter(gemeente=g).count())
    accounts = [
        demo_email("beleid", gemeente.slug),
        demo_email("coordinator", gemeente.slug),
        "coordinator@voorbeeldgemeenten.demo",
    ]
    results = []
    for email in accounts:
        user = User.objects.filter(email=email).first()
        if user is None:
            continue
        client = Client(HTTP_HOST="localhost")
        client.force_login(user)
        for label, url in list_pages(gemeente):
            if client.get(url).status_code != 200:  # not this account's page (403/404), or warm-up
                continue
            timings = []
            for _ in range(RUNS):
                with CaptureQueriesContext(connection) as queries:
                    start = time.perf_counter()
                    client.get(url)
                    timings.append((time.perf_counter() - start) * 1000)
            who = "regio-coord" if email.endswith("voorbeeldgemeenten.demo") else email.split("@")[0]
            results.append((statistics.median(timings), len(queries), label, who))
    print(f"\nSlowest ten of {len(results)} list pages (account, median of {RUNS}):")
    print(f"  {'page':36} {'account':12} {'queries':>8} {'ms':>8}")
    for ms, queries, label, who in sorted(results, reverse=True)[:10]:
        print(f"  {label:36} {who:12} {queries:>8} {ms:>8.0f}")


if __name__ == "__main__":
    main()
