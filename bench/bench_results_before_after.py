"""Benchmark: the results page of two versions of the code side by side, alternating, on the same data.

Made for the answer-filtered results page (docs/performance.md, "Results page: answer counts instead of
grouping the answers"): the code at ``BENCH_BEFORE_REV`` (default 290359c) is checked out in a temporary git
worktree, and each round times every case first with that code and then with this checkout, each in a fresh
process (best of 3 through the test client, view and template included). Schema changes are why the two
sides read two databases holding the same data: ``BENCH_BEFORE_DATABASE`` (migrated by the old code) and
``BENCH_AFTER_DATABASE`` (migrated by this one, e.g. a ``createdb -T`` copy of the first). Both are the
database kept by ``bench_results.py`` with BENCH_KEEP=1 (survey slug ``bench``).

Run: BENCH_BEFORE_DATABASE=test_participatie_results_filter_before \\
     BENCH_AFTER_DATABASE=test_participatie_results_filter \\
     /work/main/.venv/bin/python bench/bench_results_before_after.py [rounds]
"""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SERVER = os.environ.get("BENCH_SERVER", "postgres://participatie:participatie@127.0.0.1:5432")
# (label, query string); "{ja}" is the option "ja" of the yes/no question, "{age}" the single-choice question.
CASES = (
    ("no filters", {}),
    ("filter (channel) + breakdown by group", {"kanaal": "online_self", "uitsplitsen": "groep"}),
    (
        "filter (answer + channel) + breakdown by group",
        {"antwoord": "{ja}", "kanaal": "online_self", "uitsplitsen": "groep"},
    ),
    ("filter (answer)", {"antwoord": "{ja}"}),
    ("filter (dates) + breakdown by question", {"van": "{from}", "uitsplitsen": "{age}"}),
)


def child() -> None:
    """Time every case with the code of the current directory; print one JSON line."""
    sys.path.insert(0, os.getcwd())
    os.environ["DJANGO_SETTINGS_MODULE"] = "participatie.settings"
    os.environ.setdefault("SECRET_KEY", "bench-only")
    os.environ["DEBUG"] = "0"
    import datetime
    import time

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment
    from django.urls import reverse

    from participatie.accounts.testing import mark_session_verified
    from participatie.models import User
    from surveys.models import Option, Question, Survey

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["*"]
    settings.SECURE_SSL_REDIRECT = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    survey = Survey.objects.get(slug="bench")
    user = User.objects.get(email="officer@example.nl")
    client = Client()
    client.force_login(user)
    mark_session_verified(client, user)
    values = {
        "ja": Option.objects.get(question__survey=survey, question__code="contact", code="ja").pk,
        "age": Question.objects.get(survey=survey, code="leeftijdsgroep").pk,
        "from": (datetime.date.today() - datetime.timedelta(days=20)).isoformat(),
    }
    url = reverse("surveys:results", args=[survey.pk])
    measured = {}
    for label, params in CASES:
        params = {key: value.format(**values) for key, value in params.items()}
        best = None
        for _run in range(3):
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                response = client.get(url, params)
                elapsed = time.perf_counter() - start
            assert response.status_code == 200, (label, response.status_code)
            best = elapsed if best is None else min(best, elapsed)
        measured[label] = [best, len(queries)]
    print("RESULT " + json.dumps(measured), flush=True)


def run(checkout: Path, database: str) -> dict:
    env = {**os.environ, "DATABASE_URL": f"{SERVER}/{database}", "PYTHONPATH": str(checkout)}
    done = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--child"],
        cwd=checkout,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    line = next(line for line in done.stdout.splitlines() if line.startswith("RESULT "))
    return json.loads(line.removeprefix("RESULT "))


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    rev = os.environ.get("BENCH_BEFORE_REV", "290359c")
    before_db = os.environ["BENCH_BEFORE_DATABASE"]
    after_db = os.environ["BENCH_AFTER_DATABASE"]
    with tempfile.TemporaryDirectory() as scratch:
        before = Path(scratch) / "before"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(before), rev], check=True)
        try:
            results = {"before": [], "after": []}
            for number in range(1, rounds + 1):
                for side, checkout, database in (("before", before, before_db), ("after", ROOT, after_db)):
                    results[side].append(run(checkout, database))
                    load = os.getloadavg()[0]
                    figures = ", ".join(f"{label}: {t:.3f} s" for label, (t, _q) in results[side][-1].items())
                    print(f"round {number} {side} (load {load:.1f}): {figures}", flush=True)
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(before)], check=True)
    print(f"\nbest of {rounds} rounds (each the best of 3 requests), before = {rev}:")
    for label, _params in CASES:
        old = min(r[label][0] for r in results["before"])
        new = min(r[label][0] for r in results["after"])
        queries = (results["before"][0][label][1], results["after"][0][label][1])
        print(
            f"  {label}: before {old:.3f} s ({queries[0]} queries), after {new:.3f} s ({queries[1]} queries), "
            f"{old / new:.2f}x"
        )


if __name__ == "__main__":
    if "--child" in sys.argv:
        child()
    else:
        main()
