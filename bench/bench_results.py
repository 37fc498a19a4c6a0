"""Benchmark: the survey results page on PostgreSQL with 100,000 complete responses.

The survey has 20 questions: a yes/no question (which routes one later question), a single choice, a
multiple choice of six options, two matrices of 8 statements each (5 points plus "weet niet"), ten
scales, a number, a date and three open texts. The responses and their answers are generated in the
database itself with ``INSERT ... SELECT ... FROM generate_series`` (random answers, a fixed seed,
about 5% "weet niet"), about 3.3 million answer rows; nothing goes through Python per response.

It prints the time (best of 3, through the test client, so view + template included) and the query
count of the results page without filters, with a channel filter and a breakdown by respondent group, and
with an answer filter (the yes/no question) plus a channel and a breakdown by group, with the answer filter
alone, and with a date filter and a breakdown by another question; each first grouping the answers query by
query and then as the page does (the answer counts of surveys/results/counts.py, or for answer and date
filters and question breakdowns one grouped statement), with the ratio. Goals: < 1 s, < 2 s.
bench_results_before_after.py compares two versions of the code on the same data.

Run: BENCH_DATABASE_URL=postgres://participatie:participatie@127.0.0.1:5432/participatie_survey_results \\
     /work/main/.venv/bin/python bench/bench_results.py [responses]
A database test_<name> is created for the run and dropped afterwards.

Figures (1 Dec 2026, 100,000 responses, 3,181,945 answers, shared 2-core machine at load 11-13) and why the
page reads cached answer counts: docs/performance.md, "Survey results and exports".
"""

import datetime
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "participatie.settings")
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://participatie:participatie@127.0.0.1:5432/participatie_survey_results"
)
os.environ.setdefault("SECRET_KEY", "bench-only")
os.environ.setdefault("DEBUG", "0")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

from participatie.accounts.testing import mark_session_verified  # noqa: E402
from participatie.constants import Role  # noqa: E402
from participatie.models import Gemeente, Membership, User  # noqa: E402
from surveys.constants import QuestionType, SurveyStatus  # noqa: E402
from surveys.models import Option, RespondentGroup, Survey  # noqa: E402
from surveys.results import counts as answer_counts  # noqa: E402
from surveys.tests.builders import AGREE, add_question, add_rule, add_section  # noqa: E402

RESPONSES = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
OFF_SCALE = ("9", "Weet niet")
# BENCH_KEEP=1 keeps the generated database for the next run; BENCH_PROFILE=1 prints the slowest queries.
KEEP = os.environ.get("BENCH_KEEP") == "1"
PROFILE = os.environ.get("BENCH_PROFILE") == "1"
# BENCH_CACHED_ONLY=1 times the page with the answer counts only (not grouping the answers as well).
CACHED_ONLY = os.environ.get("BENCH_CACHED_ONLY") == "1"


def build_survey(gemeente) -> Survey:
    survey = Survey.objects.create(
        gemeente=gemeente, title="Cliëntervaring 2025", slug="bench", status=SurveyStatus.CLOSED
    )
    one = add_section(survey, "Over u")
    two = add_section(survey, "Uw ervaringen")
    contact = add_question(one, "contact", QuestionType.YES_NO)
    add_question(
        one, "leeftijdsgroep", QuestionType.SINGLE_CHOICE, options=[(str(i), f"Groep {i}") for i in range(1, 6)]
    )
    add_question(
        one,
        "kanalen",
        QuestionType.MULTIPLE_CHOICE,
        options=[(c, f"Kanaal {c}") for c in ("a", "b", "c", "d", "e", "f")],
    )
    for code in ("M1", "M2"):
        add_question(
            two,
            code,
            QuestionType.MATRIX,
            options=AGREE,
            off_scale=OFF_SCALE,
            statements=[(f"s{i}", f"Stelling {i}") for i in range(1, 9)],
        )
    for i in range(1, 11):
        scale = add_question(two, f"S{i}", QuestionType.SCALE, options=AGREE, off_scale=OFF_SCALE)
        if i == 1:
            add_rule(contact, ["ja"], question=scale)
    add_question(two, "leeftijd", QuestionType.NUMBER)
    add_question(two, "datum", QuestionType.DATE)
    for code in ("T1", "T2", "T3"):
        add_question(two, code, QuestionType.LONG_TEXT)
    for position, name in enumerate(("Wmo", "Jeugd", "Participatiewet")):
        RespondentGroup.objects.create(survey=survey, name=name, position=position)
    return survey


def generate(survey: Survey, total: int) -> None:
    """Insert ``total`` complete responses and their answers with generate_series (one statement per question)."""
    groups = list(survey.respondent_groups.values_list("pk", flat=True))
    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(0.42)")
        cursor.execute(
            """
            INSERT INTO surveys_response (survey_id, resume_code, status, source, channel, assisted_by, is_pilot,
                language, created_at, updated_at, completed_at, respondent_group_id, exclusion_kind, exclusion_reason,
                results_counted)
            SELECT %s, 'B' || lpad(g::text, 11, '0'), 'compleet', 'open-link',
                (ARRAY['online_self', 'online_self', 'online_self', 'paper', 'phone'])[1 + g %% 5], '', false, 'nl',
                now() - (g %% 60) * interval '1 day', now(), now() - (g %% 60) * interval '1 day',
                (%s::int[])[1 + g %% 3], '', '', false
            FROM generate_series(1, %s) AS g
            """,
            [survey.pk, groups, total],
        )
        for question in survey.questions.all():
            options = list(
                Option.objects.filter(question=question).order_by("position").values_list("pk", "is_off_scale")
            )
            on_scale = [pk for pk, off in options if not off]
            off_scale = [pk for pk, off in options if off]
            kind = question.question_type
            if kind in (QuestionType.SCALE, QuestionType.SINGLE_CHOICE, QuestionType.YES_NO):
                # The routed scale is only answered by those who had contact ("ja").
                route = None
                if question.logic_rules.exists():
                    route = Option.objects.get(question__survey=survey, question__code="contact", code="ja").pk
                cursor.execute(
                    """
                    INSERT INTO surveys_answer (response_id, question_id, option_id, text_value)
                    SELECT r.id, %s, CASE WHEN %s AND random() < 0.05 THEN %s
                        ELSE (%s::int[])[1 + floor(random() * %s)::int] END, ''
                    FROM surveys_response r WHERE r.survey_id = %s AND random() < 0.97
                    AND (%s::int IS NULL OR EXISTS (
                        SELECT 1 FROM surveys_answer a WHERE a.response_id = r.id AND a.option_id = %s))
                    """,
                    [
                        question.pk,
                        bool(off_scale),
                        off_scale[0] if off_scale else None,
                        on_scale,
                        len(on_scale),
                        survey.pk,
                        route,
                        route,
                    ],
                )
            elif kind == QuestionType.MULTIPLE_CHOICE:
                for index, option in enumerate(on_scale):
                    cursor.execute(
                        """INSERT INTO surveys_answer (response_id, question_id, option_id, text_value)
                        SELECT id, %s, %s, '' FROM surveys_response WHERE survey_id = %s AND random() < %s""",
                        [question.pk, option, survey.pk, 0.6 - index * 0.08],
                    )
            elif kind == QuestionType.MATRIX:
                for statement in question.statements.all():
                    cursor.execute(
                        """INSERT INTO surveys_answer (response_id, question_id, statement_id, option_id, text_value)
                        SELECT id, %s, %s, CASE WHEN random() < 0.05 THEN %s
                            ELSE (%s::int[])[1 + floor(random() * %s)::int] END, ''
                        FROM surveys_response WHERE survey_id = %s AND random() < 0.98""",
                        [question.pk, statement.pk, off_scale[0], on_scale, len(on_scale), survey.pk],
                    )
            elif kind == QuestionType.NUMBER:
                cursor.execute(
                    """INSERT INTO surveys_answer (response_id, question_id, number_value, text_value)
                    SELECT id, %s, 18 + floor(random() * 70), '' FROM surveys_response
                    WHERE survey_id = %s AND random() < 0.9""",
                    [question.pk, survey.pk],
                )
            elif kind == QuestionType.DATE:
                cursor.execute(
                    """INSERT INTO surveys_answer (response_id, question_id, date_value, text_value)
                    SELECT id, %s, DATE '2024-01-01' + floor(random() * 600)::int, '' FROM surveys_response
                    WHERE survey_id = %s AND random() < 0.8""",
                    [question.pk, survey.pk],
                )
            else:
                cursor.execute(
                    """INSERT INTO surveys_answer (response_id, question_id, text_value)
                    SELECT id, %s, 'Toelichting ' || id FROM surveys_response WHERE survey_id = %s AND random() < 0.3""",
                    [question.pk, survey.pk],
                )
        # VACUUM as autovacuum would (this server runs without it): index-only scans need the visibility map.
        cursor.execute("VACUUM (ANALYZE) surveys_response")
        cursor.execute("VACUUM (ANALYZE) surveys_answer")
        cursor.execute("SELECT count(*) FROM surveys_answer")
        print(f"answers: {cursor.fetchone()[0]:,}", flush=True)


def timed(client: Client, url: str, params: dict, runs: int = 3) -> tuple[float, int, int]:
    best = None
    for _run in range(runs):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url, params)
            elapsed = time.perf_counter() - start
        assert response.status_code == 200, response.status_code
        best = elapsed if best is None else min(best, elapsed)
    return best, len(queries), len(response.content)


def main() -> None:
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["*"]
    settings.SECURE_SSL_REDIRECT = False  # the test client speaks plain HTTP
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=KEEP, serialize=False)
    try:
        survey = Survey.objects.filter(slug="bench").first() if KEEP else None
        if survey is None:
            gemeente = Gemeente.objects.create(name="Benchdam", slug="benchdam", cbs_code="GM9999")
            user = User.objects.create_user(email="officer@example.nl", password="x")  # noqa: S106 - throw-away
            Membership.objects.create(user=user, gemeente=gemeente, role=Role.POLICY_OFFICER)
            survey = build_survey(gemeente)
            start = time.perf_counter()
            generate(survey, RESPONSES)
            print(f"generated {RESPONSES:,} responses in {time.perf_counter() - start:.1f} s", flush=True)
        user = User.objects.get(email="officer@example.nl")
        client = Client()
        client.force_login(user)
        mark_session_verified(client, user)  # staff pages need the second login step
        url = reverse("surveys:results", args=[survey.pk])
        ja = Option.objects.get(question__survey=survey, question__code="contact", code="ja").pk
        age = survey.questions.get(code="leeftijdsgroep").pk
        start = time.perf_counter()
        answer_counts.answer_counts_update(survey=survey)
        print(
            f"answer counts brought up to date (all new responses) in {time.perf_counter() - start:.1f} s", flush=True
        )
        cases = (
            ("no filters", {}, 1.0),
            ("filter (channel) + breakdown by group", {"kanaal": "online_self", "uitsplitsen": "groep"}, 2.0),
            (
                "filter (answer + channel) + breakdown by group",
                {"antwoord": ja, "kanaal": "online_self", "uitsplitsen": "groep"},
                2.0,
            ),
            ("filter (answer)", {"antwoord": ja}, 2.0),
            (
                "filter (dates) + breakdown by question",
                {"van": (datetime.date.today() - datetime.timedelta(days=20)).isoformat(), "uitsplitsen": age},
                2.0,
            ),
        )
        measured = {}
        modes = ("answer counts",) if CACHED_ONLY else ("grouping the answers", "answer counts")
        for mode in modes:
            cached = mode == "answer counts"
            answer_counts.available = (lambda: True) if cached else (lambda: False)
            for label, params, goal in cases:
                seconds, queries, size = timed(client, url, params)
                measured[(mode, label)] = seconds
                verdict = "OK" if seconds < goal else "OVER GOAL"
                print(
                    f"results page ({mode}), {label}: {seconds:.3f} s, {queries} queries, {size:,} bytes "
                    f"(goal < {goal:.0f} s: {verdict})",
                    flush=True,
                )
        for label, _params, _goal in cases if not CACHED_ONLY else ():
            before, after = measured[("grouping the answers", label)], measured[("answer counts", label)]
            print(f"{label}: answer counts {before / after:.1f}x faster than grouping the answers")
        if PROFILE:
            for params in ({}, {"antwoord": ja, "kanaal": "online_self", "uitsplitsen": "groep"}):
                with CaptureQueriesContext(connection) as queries:
                    client.get(url, params)
                for query in sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:6]:
                    print(f"  {query['time']} s  {query['sql'][:300]}")
    finally:
        if not KEEP:
            connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
