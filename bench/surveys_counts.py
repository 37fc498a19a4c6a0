"""Response counts on the dashboard (home page), the survey list and the survey page, at many responses.

Before: every page counted a survey's responses live (a COUNT subquery per survey over surveys_response).
After: the pages read the survey's counter rows (surveys/counters.py). Both are measured in the same run, in
alternating rounds: "before" by putting the old counting expression back in place of ``_with_counts``.

Builds, in a PostgreSQL database of its own (created and dropped here), a gemeente with six open surveys and
BENCH_RESPONSES responses (default 1,000,000; 90% in one survey, 10% of those still in progress), inserted
set-based (the counter triggers fire for each). Prints per page and per query the median of BENCH_ROUNDS (5)
rounds, before and after, and the ratio.

Run: /work/main/.venv/bin/python bench/surveys_counts.py
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
RESPONSES = int(os.environ.get("BENCH_RESPONSES", "1000000"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
DATABASE = f"bench_perf_submit_counts_{os.getpid()}"
os.environ.update(
    DJANGO_SETTINGS_MODULE="participatie.settings",
    DATABASE_URL=f"postgres://participatie:participatie@127.0.0.1:5432/{DATABASE}",
    DEBUG="0",
    SECRET_KEY="bench-only-secret-key",
    ALLOWED_HOSTS="testserver",
    STATIC_MANIFEST="0",
    SECURE_COOKIES="0",
    SECURE_SSL_REDIRECT="0",
    LOG_LEVEL="WARNING",
    PYTHONWARNINGS="ignore",
)
os.environ.pop("REDIS_URL", None)

from surveys_peer_submit import pg_admin  # noqa: E402


def live_counts(queryset):
    """The counting the pages did before the counters (as in git history of surveys/builder/selectors.py)."""
    from django.db.models import Count, IntegerField, OuterRef, Subquery
    from django.db.models.functions import Coalesce

    from surveys.constants import ResponseStatus
    from surveys.models import Question, Response

    def count(inner):
        counted = inner.filter(survey=OuterRef("pk")).order_by().values("survey").annotate(n=Count("pk")).values("n")
        return Coalesce(Subquery(counted, output_field=IntegerField()), 0)

    counted = Response.objects.filter(is_pilot=False)
    return queryset.annotate(
        response_count=count(counted.filter(status=ResponseStatus.COMPLETE)),
        started_count=count(counted),
        question_count=count(Question.objects.all()),
    )


def build():
    from django.core.management import call_command
    from django.db import connection

    from participatie.constants import Role
    from participatie.tests.factories import GemeenteFactory, MembershipFactory, UserFactory
    from surveys.constants import QuestionType, SurveyStatus
    from surveys.counters import counters_ensure
    from surveys.models import Survey
    from surveys.tests.builders import AGREE, add_question, add_section

    call_command("migrate", verbosity=0)
    gemeente = GemeenteFactory(name="Middelburg", slug="middelburg", cbs_code="GM0687")
    user = UserFactory()
    MembershipFactory(user=user, gemeente=gemeente, role=Role.POLICY_OFFICER)
    surveys = []
    for index in range(6):
        survey = Survey.objects.create(
            gemeente=gemeente, title=f"Vragenlijst {index}", slug=f"v{index}", status=SurveyStatus.OPEN
        )
        add_question(add_section(survey, "Vragen"), "S1", QuestionType.SCALE, options=AGREE)
        surveys.append(survey)
    started = time.perf_counter()
    with connection.cursor() as cursor:
        # Bulk load without the triggers, then the migration's backfill (timed): what an existing database does.
        cursor.execute("ALTER TABLE surveys_response DISABLE TRIGGER USER")
        for index, survey in enumerate(surveys):
            n = int(RESPONSES * 0.9) if index == 0 else RESPONSES // 50
            cursor.execute(
                """INSERT INTO surveys_response (survey_id, status, source, channel, assisted_by, is_pilot, language,
                       created_at, updated_at, completed_at, exclusion_kind, exclusion_reason, results_counted)
                   SELECT %s, CASE WHEN i %% 10 = 0 THEN 'bezig' ELSE 'compleet' END, 'open-link', 'online_self', '',
                          false, 'nl', now(), now(), CASE WHEN i %% 10 = 0 THEN NULL ELSE now() END, '', '', false
                     FROM generate_series(1, %s) AS i""",
                [survey.pk, n],
            )
        cursor.execute("ALTER TABLE surveys_response ENABLE TRIGGER USER")
        loaded = time.perf_counter()
        counters_ensure(recount=True)
        backfill = time.perf_counter() - loaded
        cursor.execute("ANALYZE")
    print(
        f"surveys counts: {RESPONSES:,} responses loaded in {loaded - started:.0f}s;"
        f" the migration's backfill of the counters took {backfill:.1f}s"
    )
    return user, surveys[0]


def main():
    pg_admin("DROP DATABASE IF EXISTS {}", DATABASE)
    pg_admin("CREATE DATABASE {}", DATABASE)
    try:
        import django

        django.setup()
        from django.test import Client
        from django.urls import reverse

        from participatie.accounts.testing import mark_session_verified
        from surveys.builder import selectors

        user, survey = build()
        client = Client()
        client.force_login(user)
        mark_session_verified(client, user)  # staff pages need the second login step
        pages = {
            "home page": reverse("home"),
            "survey list": reverse("surveys:survey_list"),
            "survey page": reverse("surveys:survey_detail", kwargs={"pk": survey.pk}),
        }
        queries = {
            "survey list query": lambda: list(selectors.survey_list_for_user(user=user)),
            "survey page query": lambda: selectors.survey_get_for_user(user=user, pk=survey.pk),
        }
        counters = selectors._with_counts
        variants = {"before": live_counts, "after": counters}
        timings = {(variant, name): [] for variant in variants for name in [*pages, *queries]}
        expected = survey.responses.filter(status="compleet").count()
        for round_number in range(ROUNDS + 1):
            for variant in variants if round_number % 2 else reversed(variants):
                selectors._with_counts = variants[variant]
                assert selectors.survey_get_for_user(user=user, pk=survey.pk).response_count == expected
                for name, path in pages.items():
                    start = time.perf_counter()
                    assert client.get(path).status_code == 200, name
                    if round_number:  # round 0 warms up
                        timings[(variant, name)].append(time.perf_counter() - start)
                for name, run in queries.items():
                    start = time.perf_counter()
                    run()
                    if round_number:
                        timings[(variant, name)].append(time.perf_counter() - start)
        server = {}
        for variant, annotate in variants.items():
            selectors._with_counts = annotate
            plan = selectors.survey_list_for_user(user=user).explain(analyze=True)
            server[variant] = float(plan.rsplit("Execution Time:", 1)[1].split("ms")[0])
        selectors._with_counts = counters
        print(f"surveys counts: PostgreSQL, {RESPONSES:,} responses, median of {ROUNDS} alternating rounds (ms):")
        print(f"  {'':20} {'before':>8} {'after':>8} {'ratio':>7}")
        for name in [*pages, *queries]:
            before = statistics.median(timings[("before", name)]) * 1000
            after = statistics.median(timings[("after", name)]) * 1000
            print(f"  {name:20} {before:8.1f} {after:8.1f} {before / after:6.1f}x")
        print(
            f"  survey list query inside PostgreSQL (EXPLAIN ANALYZE execution time): before {server['before']:.1f} ms,"
            f" after {server['after']:.2f} ms"
        )
    finally:
        from django.db import connections

        connections.close_all()
        pg_admin("DROP DATABASE IF EXISTS {} WITH (FORCE)", DATABASE)


if __name__ == "__main__":
    main()
