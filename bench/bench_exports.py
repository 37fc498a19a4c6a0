"""Benchmark: the survey answer file (XLSX and CSV) with 100,000 complete responses on PostgreSQL.

The survey has 20 questions: two matrices of 8 statements (5-point scale plus off-scale 9), one multiple
choice (5 options plus "other, namely"), ten 5-point scales with off-scale 9, three single choices, a yes/no,
a number, a short text and a date: 46 columns per row with the response facts, about 36 answers per response.

Responses and answers are generated set-based in PostgreSQL (``INSERT … SELECT`` over ``generate_series``
with ``random()``), about 3.6 million answer rows; a second run reuses them. Each export is then written in a
fresh subprocess, which reports its wall time and peak memory (``resource.getrusage(RUSAGE_SELF).ru_maxrss``).

The same run measures django-survey-and-report's CSV export (its ``Survey2Csv``) in a separate venv
(bench/.peer-venv, git-ignored) on a comparable survey with N_PEER responses, and prints the ratio per response.

With BENCH_BEFORE=<git ref> the same exports are also written by the portal as of that commit (exported with
`git archive` into bench/.peer-work/), in the same run, alternating before and after per format, and the
ratios are printed. BENCH_FORMATS (default csv,xlsx,sav) chooses the formats, BENCH_ROUNDS the rounds.

Run: /work/main/.venv/bin/python bench/bench_exports.py [N]   (default 100000; BENCH_DATABASE_URL to override)
"""

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The code whose exports are measured: this tree, or (in a --measure subprocess) the exported "before" tree.
CODE_ROOT = Path(os.environ.get("BENCH_CODE_ROOT", str(ROOT)))
sys.path.insert(0, str(CODE_ROOT))
sys.path.append(str(Path(__file__).resolve().parent))
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://participatie:participatie@127.0.0.1:5432/participatie_survey-exports"
)
os.environ["DATABASE_URL"] = DATABASE_URL
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "participatie.settings")
os.environ.setdefault("SECRET_KEY", "bench-only")
os.environ.setdefault("DEBUG", "0")
SLUG = "bench-exports"
PEER_VENV = ROOT / "bench" / ".peer-venv"
N_PEER = int(os.environ.get("N_PEER", "2000"))
# BENCH_SURVEY_SLUG=bench with BENCH_DATABASE_URL=.../test_participatie_survey_results: export the survey that
# bench_results.py generated and kept, instead of generating one here.
REUSE_SLUG = os.environ.get("BENCH_SURVEY_SLUG", "")
BEFORE = os.environ.get("BENCH_BEFORE", "")
FORMATS = [name for name in os.environ.get("BENCH_FORMATS", "csv,xlsx,sav").split(",") if name]
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "1"))
EXTENSIONS = {"csv": "zip", "xlsx": "xlsx", "sav": "sav"}


def _ensure_database() -> None:
    from urllib.parse import urlparse

    import psycopg2
    from psycopg2 import sql

    url = urlparse(DATABASE_URL)
    name = url.path.lstrip("/")
    connection = psycopg2.connect(
        host=url.hostname, port=url.port or 5432, user=url.username, password=url.password, dbname="postgres"
    )
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not cursor.fetchone():
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    connection.close()


def _setup():
    import django

    django.setup()


def build(total: int) -> int:
    """The bench survey with ``total`` complete responses (reused when already there)."""
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from participatie.models import Gemeente
    from surveys.constants import QuestionType, ResponseStatus
    from surveys.models import Response, Survey
    from surveys.tests.builders import AGREE, add_question, add_section

    gemeente, _created = Gemeente.objects.get_or_create(slug="bench-exports", defaults={"name": "Benchgemeente"})
    survey = Survey.objects.filter(gemeente=gemeente, slug=SLUG).first()
    if survey and Response.objects.filter(survey=survey).count() == total:
        return survey.pk
    if survey:
        survey.delete()
    survey = Survey.objects.create(gemeente=gemeente, title="Cliëntervaring (bench)", slug=SLUG, status="open")
    one = add_section(survey, "Vragen")
    off = ("9", "Weet niet / n.v.t.")
    statements = [(str(n), f"Stelling {n}") for n in range(1, 9)]
    add_question(one, "A", QuestionType.MATRIX, options=AGREE, off_scale=off, statements=statements)
    add_question(one, "B", QuestionType.MATRIX, options=AGREE, off_scale=off, statements=statements)
    add_question(
        one, "C", QuestionType.MULTIPLE_CHOICE, options=[(str(n), f"Optie {n}") for n in range(1, 6)],
        other=("6", "Anders, namelijk"),
    )  # fmt: skip
    for n in range(1, 11):
        add_question(one, f"S{n}", QuestionType.SCALE, options=AGREE, off_scale=off)
    for n in range(1, 4):
        add_question(one, f"K{n}", QuestionType.SINGLE_CHOICE, options=[(str(i), f"Keuze {i}") for i in range(1, 5)])
    add_question(one, "J", QuestionType.YES_NO)
    add_question(one, "L", QuestionType.NUMBER, min_value=0, max_value=120)
    add_question(one, "T", QuestionType.SHORT_TEXT, max_length=200)
    add_question(one, "D", QuestionType.DATE)
    assert survey.questions.count() == 20
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO surveys_response (survey_id, resume_code, status, source, channel, assisted_by, is_pilot,
                language, created_at, updated_at, completed_at, exclusion_kind, exclusion_reason, results_counted)
            SELECT %s, 'Z' || lpad(n::text, 11, '0'), %s, 'open-link',
                   (ARRAY['online_self','online_self','online_self','paper','phone'])[1 + (n %% 5)],
                   CASE WHEN n %% 5 IN (3, 4) THEN 'volunteer' ELSE '' END, false, 'nl',
                   now() - (n || ' minutes')::interval, now(), now() - (n || ' minutes')::interval, '', '', false
            FROM generate_series(1, %s) AS n
            """,
            [survey.pk, ResponseStatus.COMPLETE, total],
        )
        # Scale-like answers: single choice, scale, yes/no (one option per response, ~5% off-scale).
        cursor.execute(
            """
            WITH opts AS (SELECT question_id, array_agg(id ORDER BY position) AS ids FROM surveys_option
                          GROUP BY question_id)
            INSERT INTO surveys_answer (response_id, question_id, option_id, statement_id, text_value)
            SELECT r.id, q.id, opts.ids[1 + floor(random() * array_length(opts.ids, 1))::int], NULL, ''
            FROM surveys_response r CROSS JOIN surveys_question q JOIN opts ON opts.question_id = q.id
            WHERE r.survey_id = %s AND q.survey_id = %s AND q.question_type IN ('schaal', 'een-keuze', 'ja-nee')
            """,
            [survey.pk, survey.pk],
        )
        cursor.execute(
            """
            WITH opts AS (SELECT question_id, array_agg(id ORDER BY position) AS ids FROM surveys_option
                          GROUP BY question_id)
            INSERT INTO surveys_answer (response_id, question_id, option_id, statement_id, text_value)
            SELECT r.id, s.question_id, opts.ids[1 + floor(random() * array_length(opts.ids, 1))::int], s.id, ''
            FROM surveys_response r CROSS JOIN surveys_matrixstatement s JOIN surveys_question q ON q.id = s.question_id
                 JOIN opts ON opts.question_id = q.id
            WHERE r.survey_id = %s AND q.survey_id = %s
            """,
            [survey.pk, survey.pk],
        )
        # Multiple choice: each option chosen by about 40%; "other" with a text.
        cursor.execute(
            """
            INSERT INTO surveys_answer (response_id, question_id, option_id, statement_id, text_value)
            SELECT r.id, o.question_id, o.id, NULL, CASE WHEN o.is_other THEN 'iets anders' ELSE '' END
            FROM surveys_response r CROSS JOIN surveys_option o JOIN surveys_question q ON q.id = o.question_id
            WHERE r.survey_id = %s AND q.survey_id = %s AND q.code = 'C' AND random() < 0.4
            """,
            [survey.pk, survey.pk],
        )
        cursor.execute(
            """
            INSERT INTO surveys_answer (response_id, question_id, option_id, statement_id, text_value,
                number_value, date_value)
            SELECT r.id, q.id, NULL, NULL,
                   CASE WHEN q.code = 'T' THEN 'Een open antwoord van ' || r.id ELSE '' END,
                   CASE WHEN q.code = 'L' THEN floor(random() * 90 + 18) END,
                   CASE WHEN q.code = 'D' THEN date '1950-01-01' + floor(random() * 20000)::int END
            FROM surveys_response r CROSS JOIN surveys_question q
            WHERE r.survey_id = %s AND q.survey_id = %s AND q.code IN ('T', 'L', 'D')
            """,
            [survey.pk, survey.pk],
        )
        cursor.execute("ANALYZE surveys_response")
        cursor.execute("ANALYZE surveys_answer")
    print(f"generated {total} responses in {time.perf_counter() - started:.1f} s", flush=True)
    return survey.pk


def measure(survey_id: int, file_format: str) -> dict:
    """Write one answer file in this (fresh) process; return seconds, peak memory and rows."""
    import resource

    from surveys.exports.services import answer_file_write
    from surveys.models import Survey

    survey = Survey.objects.get(pk=survey_id)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"out.{EXTENSIONS[file_format]}"
        started = time.perf_counter()
        result = answer_file_write(survey=survey, file_format=file_format, value_mode="codes", target=str(path))
        seconds = time.perf_counter() - started
        size = path.stat().st_size
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"format": file_format, "rows": result.row_count, "seconds": seconds, "peak_mb": peak_mb, "bytes": size}


def peer(n: int) -> dict | None:
    """django-survey-and-report's CSV export of N responses, in its own venv (None when it is not installed)."""
    python = PEER_VENV / "bin" / "python"
    if not python.exists():
        return None
    script = Path(__file__).with_name("peer_survey_export.py")
    output = subprocess.run([str(python), str(script), str(n)], capture_output=True, text=True, timeout=3600)
    if output.returncode != 0:
        print(output.stderr[-2000:], file=sys.stderr)
        return None
    return json.loads(output.stdout.strip().splitlines()[-1])


def run_export(survey_id: int, file_format: str, code_root: Path) -> dict:
    """One export in a fresh process running the code in ``code_root``."""
    output = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--measure", str(survey_id), file_format],
        capture_output=True,
        text=True,
        env={**os.environ, "BENCH_CODE_ROOT": str(code_root)},
        cwd=str(code_root),
    )
    if output.returncode != 0:
        raise RuntimeError(output.stderr[-3000:])
    return json.loads(output.stdout.strip().splitlines()[-1])


def _line(side: str, r: dict) -> str:
    return (
        f"{r['format']:>4} {side:<6}: {r['rows']} responses in {r['seconds']:.1f} s "
        f"({1000 * r['seconds'] / r['rows']:.3f} ms/response), peak memory {r['peak_mb']:.0f} MB, "
        f"{r['bytes'] / 1e6:.1f} MB file"
    )


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--measure":
        _setup()
        print(json.dumps(measure(int(sys.argv[2]), sys.argv[3])))
        return
    total = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    _ensure_database()
    _setup()
    if REUSE_SLUG:
        # The survey bench_results.py generated (BENCH_KEEP=1): one data set for both benchmarks.
        from surveys.models import Survey

        survey_id = Survey.objects.get(slug=REUSE_SLUG).pk
    else:
        survey_id = build(total)
    sides = {"after": ROOT}
    if BEFORE:
        from surveys_peer_submit import export_before

        sides["before"] = export_before(BEFORE)
        print(f"before: {BEFORE} exported to {sides['before']}")
    print(f"load average at the start: {' '.join(f'{v:.2f}' for v in os.getloadavg())}", flush=True)
    results: dict[tuple[str, str], list[dict]] = {}
    order = list(sides)
    for round_number in range(ROUNDS):
        for index, file_format in enumerate(FORMATS):
            # Alternate which side goes first, per format and per round.
            turn = order if (index + round_number) % 2 == 0 else order[::-1]
            for side in turn:
                r = run_export(survey_id, file_format, sides[side])
                results.setdefault((side, file_format), []).append(r)
                print(_line(side, r), flush=True)
    print(f"load average after the exports: {' '.join(f'{v:.2f}' for v in os.getloadavg())}", flush=True)
    best = {key: min(runs, key=lambda r: r["seconds"]) for key, runs in results.items()}
    if BEFORE:
        for file_format in FORMATS:
            old, new = best[("before", file_format)], best[("after", file_format)]
            print(
                f"{file_format}: before {old['seconds']:.1f} s / {old['peak_mb']:.0f} MB, after {new['seconds']:.1f} s"
                f" / {new['peak_mb']:.0f} MB: {old['seconds'] / new['seconds']:.1f}x faster"
            )
    theirs = peer(N_PEER) if N_PEER > 0 else None  # N_PEER=0: ours only
    print(f"load average after the peer: {' '.join(f'{v:.2f}' for v in os.getloadavg())}", flush=True)
    if theirs:
        per = 1000 * theirs["seconds"] / theirs["rows"]
        print(
            f"django-survey-and-report CSV: {theirs['rows']} responses in {theirs['seconds']:.1f} s ({per:.3f} ms/response)"
        )
        for (side, file_format), r in sorted(best.items()):
            ours = 1000 * r["seconds"] / r["rows"]
            print(
                f"  {file_format} {side}: {ours:.3f} ms/response, {per / ours:.0f}x faster per response than the peer"
            )
    else:
        print("django-survey-and-report: not measured (no bench/.peer-venv)")


if __name__ == "__main__":
    main()
