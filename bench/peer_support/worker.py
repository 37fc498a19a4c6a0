"""One side of the side-by-side submission benchmark, driven by bench/surveys_peer_submit.py over stdin/stdout.

    <portal python> worker.py portal <checkout root> <database url>
    <peer python>   worker.py peer <database name>

It migrates its own (empty) database, builds the 13-question survey (nine six-option agree statements with
"weet niet", age, gender, who filled it in, one open text) and answers JSON commands, one per line:
- {"cmd": "block", "n": N}: N complete submissions in-process by new anonymous respondents (empty cookie jar,
  CSRF checked, url-encoded bodies); replies with every submission's seconds, the CPU seconds, and the SQL
  statements and committing transactions counted;
- {"cmd": "profile", "n": N}: N submissions under cProfile; replies with the top lines;
- {"cmd": "http"}: replies with what an HTTP client needs (paths and form data) for the same survey;
- {"cmd": "check"}: replies with the number of complete responses and answers stored.
The portal's submission is its page POST with "Versturen" (the last page sends, one transaction); a portal from
before that (BENCH_BEFORE) has no send button on the page and is driven as it was: the page POST plus the send
POST on the overview. The worker looks at the page to know which. The peer's submission is its one POST.
"""

import json
import os
import sys
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

HERE = Path(__file__).resolve().parent
AGREE_PEER = "Helemaal mee eens,Mee eens,Niet eens niet oneens,Niet mee eens,Helemaal niet mee eens,Weet niet"
WRITES = ("INSERT", "UPDATE", "DELETE", "WITH")
SEND_BUTTON = b'name="action" value="send"'  # the portal's last page offers sending (since issue 14)


class Counter:
    """Counts SQL statements and the transactions that wrote something (what PostgreSQL must flush)."""

    def __init__(self, connection):
        self.connection = connection
        self.statements = 0
        self.commits = 0
        self.dirty = False
        original = connection.commit

        def commit():
            if self.dirty:
                self.commits += 1
                self.dirty = False
            return original()

        connection.commit = commit

    def __call__(self, execute, sql, params, many, context):
        self.statements += 1
        if sql.lstrip().upper().startswith(WRITES):
            if self.connection.in_atomic_block or not self.connection.get_autocommit():
                self.dirty = True
            else:
                self.commits += 1  # autocommit: the statement is its own transaction
        return execute(sql, params, many, context)


def setup_portal(root: Path, database_url: str):
    sys.path[:0] = [str(root), str(root / "bench")]
    os.chdir(root)
    os.environ.update(
        DJANGO_SETTINGS_MODULE="surveys_support.settings",
        DATABASE_URL=database_url,
        DEBUG="0",
        SECRET_KEY="bench-only-secret-key",
        ALLOWED_HOSTS="testserver,127.0.0.1",
        STATIC_MANIFEST="0",
        SECURE_COOKIES="0",
        SECURE_SSL_REDIRECT="0",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        LOG_LEVEL="WARNING",
    )
    os.environ.pop("REDIS_URL", None)
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    from surveys_support.common import build_thirteen

    from participatie.models import Gemeente

    call_command("migrate", verbosity=0)
    gemeente = Gemeente.objects.create(name="Middelburg", slug="middelburg", cbs_code="GM0687")
    survey, data = build_thirteen(gemeente)
    page = survey.sections.get()
    page_path = reverse("surveys:respond_section", kwargs={"token": survey.public_token, "section_id": page.pk})
    if SEND_BUTTON in Client().get(page_path).content:
        # The last page sends itself ("Versturen", issue 14): one POST, one transaction.
        return {"steps": [(page_path, {**data, "action": "send"})], "get": page_path, "flow": "page sends"}
    # An older portal (BENCH_BEFORE): the page POST, then the send POST on the overview.
    send_path = reverse("surveys:respond_summary", kwargs={"token": survey.public_token})
    return {"steps": [(page_path, data), (send_path, {})], "get": page_path, "flow": "page + overview"}


def setup_peer(database_name: str):
    sys.path.insert(0, str(HERE.parent))
    os.environ.update(DJANGO_SETTINGS_MODULE="peer_support.peer_settings", PEER_DATABASE_NAME=database_name)
    import django

    django.setup()
    from django.core.management import call_command
    from django.urls import reverse
    from django.utils.text import slugify

    from survey.models import Category, Question, Survey
    from surveys_support.texts import OPEN_TEXT, STATEMENTS

    call_command("migrate", verbosity=0)
    survey = Survey.objects.create(name="Bench 13", description="Uw ervaring", need_logged_user=False)
    category = Category.objects.create(name="Uw ervaring", survey=survey, order=0)

    data = {}

    def add(order, text, kind, choices=None, required=True):
        question = Question.objects.create(
            survey=survey, category=category, text=text, order=order, required=required, type=kind, choices=choices
        )
        return f"question_{question.pk}"

    for index, text in enumerate(STATEMENTS, start=1):
        choice = "Weet niet" if index == 5 else AGREE_PEER.split(",")[index % 5]
        data[add(index, text, Question.RADIO, AGREE_PEER)] = slugify(choice, allow_unicode=True)
    data[add(10, "Wat is uw leeftijd?", Question.INTEGER)] = "71"
    data[add(11, "Wat is uw geslacht?", Question.RADIO, "Vrouw,Man,Anders of zeg ik liever niet")] = "vrouw"
    who = "Ikzelf,Een naaste of mantelzorger,Iemand heeft mij geholpen"
    data[add(12, "Wie vult de vragenlijst in?", Question.RADIO, who)] = "ikzelf"
    data[add(13, "Wilt u nog iets kwijt?", Question.TEXT, required=False)] = OPEN_TEXT
    path = reverse("survey-detail", kwargs={"id": survey.pk})
    return {"steps": [(path, data)], "get": path}


def stored(kind: str) -> dict:
    if kind == "portal":
        from surveys.models import Answer, Response

        return {
            "complete": Response.objects.filter(status="compleet").count(),
            "answers": Answer.objects.filter(response__status="compleet").count(),
        }
    from survey.models import Answer, Response

    return {"complete": Response.objects.count(), "answers": Answer.objects.count()}


def main():
    kind = sys.argv[1]
    spec = setup_portal(Path(sys.argv[2]), sys.argv[3]) if kind == "portal" else setup_peer(sys.argv[2])
    from django.conf import settings
    from django.db import connection
    from django.middleware.csrf import _get_new_csrf_string
    from django.test import Client

    csrf_token = _get_new_csrf_string()
    form = "application/x-www-form-urlencoded"
    bodies = [
        (path, urlencode({**data, "csrfmiddlewaretoken": csrf_token}, doseq=True)) for path, data in spec["steps"]
    ]
    client = Client(enforce_csrf_checks=True)  # one handler (middleware chain built once), as in a server process

    def submit():
        client.cookies = SimpleCookie({settings.CSRF_COOKIE_NAME: csrf_token})  # a new anonymous respondent
        for path, body in bodies:
            status = client.post(path, body, content_type=form).status_code
            assert status == 302, (path, status)

    counter = Counter(connection)
    for _ in range(20):  # warm-up: the structure loaded, the connection open
        submit()
    print(json.dumps({"ready": True, "flow": spec.get("flow", "")}), flush=True)
    for line in sys.stdin:
        command = json.loads(line)
        if command["cmd"] == "block":
            times = []
            counter.statements = counter.commits = 0
            cpu = time.process_time()
            with connection.execute_wrapper(counter):
                for _ in range(command["n"]):
                    start = time.perf_counter()
                    submit()
                    times.append(time.perf_counter() - start)
            reply = {
                "times": times,
                "cpu": time.process_time() - cpu,
                "statements": counter.statements,
                "commits": counter.commits,
            }
        elif command["cmd"] == "profile":
            import cProfile
            import io
            import pstats

            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(command["n"]):
                submit()
            profiler.disable()
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(command.get("top", 15))
            reply = {"profile": out.getvalue()}
        elif command["cmd"] == "http":
            reply = {"get": spec["get"], "steps": spec["steps"]}
        else:
            reply = stored(kind)
        print(json.dumps(reply), flush=True)


if __name__ == "__main__":
    main()
