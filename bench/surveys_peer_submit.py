"""Side by side: a survey submission in the portal and in django-survey-and-report (the peer), on PostgreSQL.

The same 13-question survey (nine six-option agree statements with "weet niet", age, gender, who filled it in,
one open text) is built in both, each in a PostgreSQL database of its own (created here, dropped afterwards).
Both are driven in the same run, in alternating blocks (the machine is shared and noisy: read the ratios):
1. in-process: one long-lived worker process per side (bench/peer_support/worker.py) runs blocks of complete
   submissions by new anonymous respondents through the whole Django stack (test client, CSRF checked);
   it counts SQL statements and committing transactions;
2. over HTTP: gunicorn (2 sync workers per side, loopback) and 8 concurrent respondents; a portal submission is
   GET page + POST page with "Versturen", the peer's GET + POST; server CPU from /proc.
A submission of the portal is its page POST with the send action (the last page sends, one transaction); the
peer's is its one POST. A portal from before that (BENCH_BEFORE) offers no send button on the page: its worker
sees that and drives it as it was, page POST plus the send POST on the overview (over HTTP: GET + 2 POSTs).

With BENCH_BEFORE=<git ref> a third side runs the portal as of that commit (exported with `git archive` into
bench/.peer-work/), so before and after are measured in the same run.

Run: `make bench-peer` (creates bench/.peer-venv with the peer when missing).
Environment: BENCH_ROUNDS (5), BENCH_BLOCK (100 submissions per in-process block), BENCH_HTTP_ROUNDS (3),
BENCH_HTTP_SECONDS (4 per block), BENCH_CLIENTS (8), BENCH_WORKERS (2), BENCH_PROFILE (1: print the portal's
profile), BENCH_BEFORE (a git ref).
"""

import http.client
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tarfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

from surveys_support.processes import server_cpu_seconds

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORK = HERE / ".peer-work"
PEER_PYTHON = HERE / ".peer-venv" / "bin" / "python"
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
BLOCK = int(os.environ.get("BENCH_BLOCK", "100"))
HTTP_ROUNDS = int(os.environ.get("BENCH_HTTP_ROUNDS", "3"))
HTTP_SECONDS = float(os.environ.get("BENCH_HTTP_SECONDS", "4"))
HTTP_MAX = 2000  # submissions per HTTP block, at most
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "8"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
BEFORE = os.environ.get("BENCH_BEFORE", "")
PG = {"host": "127.0.0.1", "port": 5432, "user": "participatie", "password": "participatie"}


def pg_admin(statement: str, name: str) -> None:
    import psycopg2
    from psycopg2 import sql

    connection = psycopg2.connect(dbname="postgres", **PG)
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql.SQL(statement).format(sql.Identifier(name)))
    finally:
        connection.close()


class Side:
    """One system under test: a worker process, later a gunicorn server."""

    def __init__(self, label: str, kind: str, root: Path | None = None):
        self.label, self.kind, self.root = label, kind, root
        self.database = f"bench_peer_submit_{label.replace('-', '_')}_{os.getpid()}"
        self.times, self.cpu, self.statements, self.commits, self.count = [], 0.0, 0, 0, 0
        self.http_times, self.http_rates, self.http_per_cpu = [], [], []
        self.worker = None
        self.server = None

    @property
    def database_url(self) -> str:
        return f"postgres://participatie:participatie@127.0.0.1:5432/{self.database}"

    def start(self):
        pg_admin("DROP DATABASE IF EXISTS {}", self.database)
        pg_admin("CREATE DATABASE {}", self.database)
        worker = str(HERE / "peer_support" / "worker.py")
        if self.kind == "peer":
            command = [str(PEER_PYTHON), worker, "peer", self.database]
        else:
            command = [sys.executable, worker, "portal", str(self.root), self.database_url]
        env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "PYTHONPATH")}
        env["PYTHONWARNINGS"] = "ignore"  # e.g. WhiteNoise: no collected static files here
        self.worker = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env)
        ready = json.loads(self.worker.stdout.readline())
        assert ready["ready"], self.label
        self.flow = ready.get("flow") or "one POST"

    def ask(self, **command) -> dict:
        self.worker.stdin.write(json.dumps(command) + "\n")
        self.worker.stdin.flush()
        line = self.worker.stdout.readline()
        if not line:
            raise SystemExit(f"{self.label}: the worker stopped")
        return json.loads(line)

    def block(self, n: int):
        reply = self.ask(cmd="block", n=n)
        self.times += reply["times"]
        self.cpu += reply["cpu"]
        self.statements += reply["statements"]
        self.commits += reply["commits"]
        self.count += n

    def stop(self):
        for process in (self.worker, self.server):
            if process is not None and process.poll() is None:
                if process is self.server:
                    os.killpg(process.pid, signal.SIGTERM)
                else:
                    process.stdin.close()
                    process.terminate()
                process.wait(timeout=30)
        try:
            pg_admin("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.database)
        except Exception as error:  # noqa: BLE001 - report and go on with the others
            print(f"could not drop {self.database}: {error}")


def export_before(ref: str) -> Path:
    """The portal as of ``ref``, exported (not checked out) into bench/.peer-work/<sha>."""
    sha = subprocess.run(["git", "rev-parse", ref], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
    target = WORK / f"before-{sha[:12]}"
    if not (target / "manage.py").exists():
        target.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(["git", "archive", sha], cwd=ROOT, capture_output=True, check=True).stdout
        import io

        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(target, filter="data")
    return target


# Over HTTP ---------------------------------------------------------------------------------------------------


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(side: Side):
    side.port = free_port()
    if side.kind == "peer":
        binary = HERE / ".peer-venv" / "bin" / "gunicorn"
        app = "peer_support.peer_wsgi:application"
        env = {**os.environ, "PYTHONPATH": str(HERE), "PEER_DATABASE_NAME": side.database}
    else:
        binary = Path(sys.executable).with_name("gunicorn")
        app = "participatie.wsgi:application"
        env = {
            **os.environ,
            "PYTHONPATH": f"{side.root}:{side.root / 'bench'}",
            "DJANGO_SETTINGS_MODULE": "surveys_support.settings",
            "DATABASE_URL": side.database_url,
            "DEBUG": "0",
            "SECRET_KEY": "bench-only-secret-key",
            "ALLOWED_HOSTS": "127.0.0.1",
            "STATIC_MANIFEST": "0",
            "SECURE_COOKIES": "0",
            "SECURE_SSL_REDIRECT": "0",
            "LOG_LEVEL": "WARNING",
        }
        env.pop("REDIS_URL", None)
    WORK.mkdir(exist_ok=True)
    side.server = subprocess.Popen(
        [str(binary), app, "--bind", f"127.0.0.1:{side.port}", "--workers", str(WORKERS), "--worker-class", "sync",
         "--log-level", "warning"],
        cwd=WORK, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    spec = side.ask(cmd="http")
    side.http_get, side.http_steps = spec["get"], spec["steps"]
    deadline = time.monotonic() + 30
    while True:
        try:
            http_submit(side)
            break
        except OSError:
            if time.monotonic() > deadline or side.server.poll() is not None:
                raise SystemExit(f"{side.label}: gunicorn did not start") from None
            time.sleep(0.2)
    for _ in range(WORKERS * 4):  # warm-up: every worker loaded
        http_submit(side)


def http_submit(side: Side):
    """One complete submission by a new respondent: GET the form, then POST what a browser posts."""
    connection = http.client.HTTPConnection("127.0.0.1", side.port, timeout=30)
    cookies = {}

    def request(method, path, body=None):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        content = response.read()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                cookies[name] = rest.split(";", 1)[0]
        return response.status, content

    try:
        status, content = request("GET", side.http_get)
        assert status == 200, (side.label, status)
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', content).group(1).decode()
        for path, data in side.http_steps:
            status, _ = request("POST", path, urlencode({**data, "csrfmiddlewaretoken": token}, doseq=True))
            assert status == 302, (side.label, path, status)
    finally:
        connection.close()


def http_block(side: Side):
    done, errors, times = 0, [], []
    lock = threading.Lock()
    stop_at = time.monotonic() + HTTP_SECONDS

    def run():
        nonlocal done
        while time.monotonic() < stop_at:
            with lock:
                if done >= HTTP_MAX:
                    return
            started = time.perf_counter()
            try:
                http_submit(side)
            except Exception as error:  # noqa: BLE001 - counted and reported
                errors.append(repr(error))
                return
            with lock:
                done += 1
                times.append(time.perf_counter() - started)

    cpu = server_cpu_seconds(side.server.pid)
    start = time.monotonic()
    threads = [threading.Thread(target=run) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - start
    cpu = server_cpu_seconds(side.server.pid) - cpu
    if errors:
        raise SystemExit(f"{side.label}: {len(errors)} failed submissions, e.g. {errors[:2]}")
    side.http_times += times
    side.http_rates.append(done / elapsed)
    side.http_per_cpu.append(done / cpu if cpu else float("nan"))


# Report ------------------------------------------------------------------------------------------------------


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main() -> int:
    if not PEER_PYTHON.exists():
        raise SystemExit("bench/.peer-venv is missing: run `make bench-peer`")
    sides = [Side("after", "portal", ROOT), Side("peer", "peer")]
    if BEFORE:
        sides.insert(1, Side("before", "portal", export_before(BEFORE)))
    try:
        for side in sides:
            side.start()
            print(f"  {side.label}: a submission is {side.flow}")
        # 1. In-process, alternating blocks; the order rotates every round.
        block_rates = {side.label: [] for side in sides}
        for round_number in range(ROUNDS):
            for side in sides[round_number % len(sides) :] + sides[: round_number % len(sides)]:
                before = len(side.times)
                side.block(BLOCK)
                block_rates[side.label].append(BLOCK / sum(side.times[before:]))
        print(
            f"in-process, PostgreSQL, {ROUNDS} alternating rounds of {BLOCK} complete submissions per side"
            " (13 questions, a new anonymous respondent each, CSRF checked):"
        )
        print(f"  {'side':8} {'subm/s':>8} {'p50 ms':>7} {'p95 ms':>7} {'CPU ms':>7} {'statements':>10} {'commits':>8}")
        for side in sides:
            print(
                f"  {side.label:8} {statistics.median(block_rates[side.label]):8.0f}"
                f" {percentile(side.times, 0.5) * 1000:7.2f} {percentile(side.times, 0.95) * 1000:7.2f}"
                f" {side.cpu / side.count * 1000:7.2f} {side.statements / side.count:10.1f}"
                f" {side.commits / side.count:8.1f}"
            )
        peer = next(side for side in sides if side.kind == "peer")
        for side in sides:
            if side is peer:
                continue
            ratios = [mine / theirs for mine, theirs in zip(block_rates[side.label], block_rates["peer"], strict=True)]
            print(
                f"  ratio {side.label}/peer per round: {' '.join(f'{r:.1f}' for r in ratios)}"
                f" (median {statistics.median(ratios):.1f}x)"
            )
        if BEFORE:
            ratios = [a / b for a, b in zip(block_rates["after"], block_rates["before"], strict=True)]
            print(f"  ratio after/before per round: {' '.join(f'{r:.2f}' for r in ratios)}")
        if os.environ.get("BENCH_PROFILE") == "1":
            print("\nprofile of the portal (after), 300 submissions, top functions by own time:")
            print(sides[0].ask(cmd="profile", n=300, top=15)["profile"])
        # 2. Over HTTP: gunicorn, concurrent respondents, alternating blocks.
        for side in sides:
            start_server(side)
        for round_number in range(HTTP_ROUNDS):
            for side in sides[round_number % len(sides) :] + sides[: round_number % len(sides)]:
                http_block(side)
        print(
            f"\nover HTTP: gunicorn {WORKERS} sync workers per side on loopback, {CLIENTS} concurrent respondents,"
            f" {HTTP_ROUNDS} alternating blocks of {HTTP_SECONDS:.0f} s:"
        )
        print(f"  {'side':8} {'subm/s':>8} {'p50 ms':>7} {'p95 ms':>7} {'subm per server CPU-s':>22}")
        for side in sides:
            print(
                f"  {side.label:8} {statistics.median(side.http_rates):8.1f}"
                f" {percentile(side.http_times, 0.5) * 1000:7.1f} {percentile(side.http_times, 0.95) * 1000:7.1f}"
                f" {statistics.median(side.http_per_cpu):22.1f}"
            )
        for side in sides:
            if side is peer:
                continue
            rate = [a / b for a, b in zip(side.http_rates, peer.http_rates, strict=True)]
            cpu = [a / b for a, b in zip(side.http_per_cpu, peer.http_per_cpu, strict=True)]
            print(
                f"  ratio {side.label}/peer: submissions/s {' '.join(f'{r:.1f}' for r in rate)};"
                f" per server CPU-second {' '.join(f'{r:.1f}' for r in cpu)}"
            )
        for side in sides:
            print(f"  {side.label}: stored {side.ask(cmd='check')}")
    finally:
        for side in sides:
            side.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
