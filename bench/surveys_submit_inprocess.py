"""One-page submissions per second of a 13-question survey, in-process (Django test client, SQLite).

A submission: a new anonymous respondent (empty cookie jar) posts the page (the response is created, answers stored) and
then sends it from the summary page. What is measured, to be honest about it:
- the whole Django stack (every middleware, URL resolving, the views, the ORM, SQLite in memory);
- CSRF is checked as in the real site: the client has a csrftoken cookie and posts the token, as a
  browser does after its GET of the page (that GET itself is not counted);
- bodies are url-encoded, as a browser sends this form (the test client's default would be multipart);
- the rate limit (local-memory cache) and honeypot check run, with the limit raised (one machine plays
  every respondent);
- the test client's own work (building the request, cookies) is included; no network, no web server;
  the client (and so the middleware chain) is made once, its cookie jar emptied for every respondent.
Run: /work/main/.venv/bin/python bench/surveys_submit_inprocess.py
"""

import os
import sys
import tempfile
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
TMP = tempfile.mkdtemp(prefix="surveys-bench-")
os.environ.update(
    DJANGO_SETTINGS_MODULE="participatie.settings",
    DATABASE_URL=os.environ.get("BENCH_DATABASE_URL", "sqlite://:memory:"),
    DEBUG="0",
    SECRET_KEY="bench-only-secret-key",
    ALLOWED_HOSTS="testserver",
    STATIC_MANIFEST="0",
    SECURE_COOKIES="0",
    SECURE_SSL_REDIRECT="0",
    EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
)
os.environ.pop("REDIS_URL", None)

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.middleware.csrf import _get_new_csrf_string  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from surveys_support.common import build_thirteen  # noqa: E402

from participatie.models import Gemeente  # noqa: E402
from surveys.models import Answer, Response  # noqa: E402

MAX_SUBMISSIONS = int(os.environ.get("BENCH_SUBMISSIONS", "2000"))
MAX_SECONDS = float(os.environ.get("BENCH_SECONDS", "10"))  # per measurement


def main():
    call_command("migrate", verbosity=0)
    settings.SURVEYS_SUBMIT_RATE_LIMIT = 10**9  # one machine plays every respondent
    gemeente = Gemeente.objects.create(name="Middelburg", slug="middelburg", cbs_code="GM0687")
    survey, data = build_thirteen(gemeente)
    page = survey.sections.get()
    page_url = reverse("surveys:respond_section", kwargs={"token": survey.public_token, "section_id": page.pk})
    summary_url = reverse("surveys:respond_summary", kwargs={"token": survey.public_token})

    csrf_token = _get_new_csrf_string()
    page_body = urlencode({**data, "csrfmiddlewaretoken": csrf_token}, doseq=True)
    send_body = urlencode({"csrfmiddlewaretoken": csrf_token})
    form = "application/x-www-form-urlencoded"

    # One client (its request handler with the middleware chain is built once, as in a server process),
    # with an empty cookie jar per submission: every respondent is new and anonymous.
    client = Client(enforce_csrf_checks=True)

    def page_post():
        client.cookies = SimpleCookie({settings.CSRF_COOKIE_NAME: csrf_token})
        assert client.post(page_url, page_body, content_type=form).status_code == 302
        return client

    def submit():
        assert page_post().post(summary_url, send_body, content_type=form).status_code == 302

    def measure(action):
        count = 0
        cpu_start = time.process_time()
        start = time.perf_counter()
        while count < MAX_SUBMISSIONS and time.perf_counter() - start < MAX_SECONDS:
            action()
            count += 1
        return count, time.perf_counter() - start, time.process_time() - cpu_start

    for _ in range(20):  # warm-up
        submit()
    before = Response.objects.count()
    pages, pages_elapsed, pages_cpu = measure(page_post)
    count, elapsed, cpu = measure(submit)
    assert Response.objects.count() == before + pages + count
    complete = Response.objects.filter(status="compleet").count()
    assert complete == count + 20, (complete, count)
    assert Answer.objects.count() == (complete + pages) * 13
    client.cookies = SimpleCookie({settings.CSRF_COOKIE_NAME: csrf_token})
    with CaptureQueriesContext(connection) as page_queries:
        client.post(page_url, page_body, content_type=form)
    with CaptureQueriesContext(connection) as send_queries:
        client.post(summary_url, send_body, content_type=form)
    print(
        "surveys in-process: 13 questions on one page, in-memory SQLite, a new anonymous respondent each time,"
        " CSRF checked, url-encoded bodies"
    )
    print(
        f"surveys in-process: SQL statements per request (BEGIN/COMMIT included): page POST {len(page_queries)},"
        f" send POST {len(send_queries)}"
    )
    print(
        f"surveys in-process: page POST (response created, 13 answers stored): {pages / pages_elapsed:.0f}/s"
        f" ({pages / pages_cpu:.0f} per CPU-second)"
    )
    print(
        f"surveys in-process: complete submission (page POST + send POST): {count / elapsed:.0f}/s"
        f" ({count / cpu:.0f} per CPU-second; {count} in {elapsed:.1f}s)"
    )
    # Calibration, to compare machines: one small ORM query, and the public page of a gemeente (3 queries).
    start = time.perf_counter()
    for _ in range(500):
        Gemeente.objects.filter(pk=gemeente.pk).first()
    query_ms = (time.perf_counter() - start) / 500 * 1000
    client = Client()
    start = time.perf_counter()
    for _ in range(100):
        client.get(f"/g/{gemeente.slug}/")
    page_ms = (time.perf_counter() - start) / 100 * 1000
    print(
        f"surveys in-process: calibration on this machine: one ORM query {query_ms:.2f} ms, a simple page {page_ms:.1f} ms"
    )


if __name__ == "__main__":
    main()
