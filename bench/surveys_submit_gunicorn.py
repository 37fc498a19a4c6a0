"""Concurrent complete submissions per second of a 20-question, 5-page survey: gunicorn + PostgreSQL.

Each simulated respondent (a fresh cookie jar) opens page 1, posts the five pages and sends the
survey from the summary page: 1 GET + 6 POSTs. Several respondents run at once against gunicorn
on loopback. Bounded in time and count.

Run: /work/main/.venv/bin/python bench/surveys_submit_gunicorn.py
Environment: BENCH_DATABASE_URL (default postgres://participatie:participatie@127.0.0.1:5432/wt_surveys; the
database is created when missing and its survey tables are used), BENCH_CLIENTS (8), BENCH_WORKERS (4),
BENCH_SECONDS (20), BENCH_SUBMISSIONS (2000), BENCH_PORT (8002), BENCH_REDIS_URL (optional).
"""

import http.client
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode, urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://participatie:participatie@127.0.0.1:5432/wt_surveys")
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "8"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "4"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "20"))
MAX_SUBMISSIONS = int(os.environ.get("BENCH_SUBMISSIONS", "2000"))
PORT = int(os.environ.get("BENCH_PORT", "8002"))
LOG_PATH = Path(tempfile.gettempdir()) / "surveys-bench-gunicorn.log"
ENV = {
    **os.environ,
    "DJANGO_SETTINGS_MODULE": "surveys_support.settings",
    "PYTHONPATH": f"{ROOT}:{ROOT / 'bench'}",
    "DATABASE_URL": DATABASE_URL,
    "DEBUG": "0",
    "SECRET_KEY": "bench-only-secret-key",
    "ALLOWED_HOSTS": "127.0.0.1",
    "STATIC_MANIFEST": "0",
    "SECURE_COOKIES": "0",
    "SECURE_SSL_REDIRECT": "0",
    "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
}
if os.environ.get("BENCH_REDIS_URL"):
    ENV["REDIS_URL"] = os.environ["BENCH_REDIS_URL"]
else:
    ENV.pop("REDIS_URL", None)
os.environ.update({k: v for k, v in ENV.items() if k != "PYTHONPATH"})

from surveys_support.processes import server_cpu_seconds  # noqa: E402


def ensure_database():
    import psycopg2

    parsed = urlparse(DATABASE_URL)
    name = parsed.path.lstrip("/")
    connection = psycopg2.connect(
        host=parsed.hostname,
        port=parsed.port or 5432,
        user=parsed.username,
        password=parsed.password,
        dbname="postgres",
    )
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if not cursor.fetchone():
                cursor.execute(f'CREATE DATABASE "{name}"')
    finally:
        connection.close()


def prepare():
    """Migrate and create the survey; returns (token, first page id, [(page id, answers)], summary path)."""
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=ENV, check=True)
    import django

    django.setup()
    from django.urls import reverse

    from surveys_support.common import build_twenty

    from participatie.models import Gemeente
    from surveys.models import Survey

    Survey.objects.filter(slug="bench-20").delete()
    gemeente, _ = Gemeente.objects.get_or_create(
        cbs_code="GM0687", defaults={"name": "Middelburg", "slug": "middelburg"}
    )
    survey, pages = build_twenty(gemeente)
    paths = [
        (reverse("surveys:respond_section", kwargs={"token": survey.public_token, "section_id": pk}), data)
        for pk, data in pages
    ]
    return survey, paths, reverse("surveys:respond_summary", kwargs={"token": survey.public_token})


class Respondent:
    """One person with a browser: a connection and a cookie jar."""

    def __init__(self):
        self.connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        self.cookies = {}

    def request(self, method, path, data=None):
        headers = {
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
            "Referer": f"http://127.0.0.1:{PORT}/",
        }
        body = None
        if data is not None:
            body = urlencode(data, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        content = response.read()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        return response.status, content

    def close(self):
        self.connection.close()


def complete_submission(paths, summary_path):
    person = Respondent()
    try:
        status, content = person.request("GET", paths[0][0])
        assert status == 200, status
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', content).group(1).decode()
        for path, data in paths:
            status, _ = person.request("POST", path, {**data, "csrfmiddlewaretoken": token})
            assert status == 302, (path, status)
        status, _ = person.request("POST", summary_path, {"csrfmiddlewaretoken": token})
        assert status == 302, status
    finally:
        person.close()


def main():
    ensure_database()
    survey, paths, summary_path = prepare()
    log = open(LOG_PATH, "wb")  # noqa: SIM115
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), "participatie.wsgi:application", "--bind", f"127.0.0.1:{PORT}",
         "--workers", str(WORKERS), "--worker-class", "sync", "--access-logfile", "-", "--log-level", "warning"],
        cwd=ROOT, env=ENV, stdout=subprocess.DEVNULL, stderr=log, start_new_session=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                Respondent().request("GET", paths[0][0])
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit(f"gunicorn did not start; see {LOG_PATH}") from None
                time.sleep(0.2)
        for _ in range(CLIENTS):  # warm-up: every worker loads the survey once
            complete_submission(paths, summary_path)
        done = 0
        errors = []
        lock = threading.Lock()
        stop_at = time.monotonic() + SECONDS

        def run():
            nonlocal done
            while time.monotonic() < stop_at:
                with lock:
                    if done >= MAX_SUBMISSIONS:
                        return
                try:
                    complete_submission(paths, summary_path)
                except Exception as error:  # noqa: BLE001 - counted and reported
                    errors.append(repr(error))
                    return
                with lock:
                    done += 1

        start = time.monotonic()
        server_cpu_start = server_cpu_seconds(server.pid)
        threads = [threading.Thread(target=run) for _ in range(CLIENTS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - start
        server_cpu = server_cpu_seconds(server.pid) - server_cpu_start
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        log.close()
    from surveys.models import Answer, Response

    complete = Response.objects.filter(survey=survey, status="compleet").count()
    answers = Answer.objects.filter(response__survey=survey).count()
    print(
        f"surveys gunicorn: {WORKERS} sync workers, {CLIENTS} concurrent respondents, PostgreSQL, {ENV.get('REDIS_URL') and 'Redis cache' or 'local-memory cache'}"
    )
    print(
        f"surveys gunicorn: {done} complete submissions (20 questions, 5 pages; 1 GET + 6 POSTs each) in {elapsed:.2f}s"
    )
    print(f"surveys gunicorn: {done / elapsed:.1f} complete submissions/s, {done * 7 / elapsed:.0f} requests/s")
    print(
        f"surveys gunicorn: gunicorn workers used {server_cpu:.1f} CPU-seconds: {done / server_cpu:.1f} complete"
        " submissions per worker CPU-second (PostgreSQL, Redis and the client threads not counted)"
    )
    print(
        f"surveys gunicorn: stored {complete} complete responses with {answers} answer rows; errors: {len(errors)} {errors[:3]}"
    )
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
