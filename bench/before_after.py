"""Shared steps of the benchmarks that run an older commit of the portal beside the working tree
(feedback_register.py, roadmap_monitor.py): the old code in a temporary directory, a fresh schema, and one
measurement in a subprocess that runs the script with the code of one side."""

import os
import subprocess
import sys
import tempfile
from pathlib import Path


def before_code_tree(*, commit: str, root: Path, prefix: str) -> Path:
    """The files of ``commit`` (``git archive``) in a new temporary directory."""
    target = Path(tempfile.mkdtemp(prefix=prefix))
    archive = subprocess.run(["git", "archive", commit], cwd=root, capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    return target


def schema_fresh_migrated() -> None:
    """Empty the benchmark database (it is the benchmark's own) and migrate it with the working tree's code."""
    from django.core.management import call_command
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    call_command("migrate", verbosity=0)
    connection.close()


def run_in(script: Path, code_root: Path, *args: str) -> str:
    """Run ``script`` with ``args`` in a subprocess on the code under ``code_root``; its last output line
    (``--explain``: all its output). A failing subprocess stops the benchmark with its error."""
    env = {**os.environ, "BENCH_CODE_ROOT": str(code_root)}
    done = subprocess.run(
        [sys.executable, str(script), *args], env=env, capture_output=True, text=True, cwd=code_root, check=False
    )
    if done.returncode:
        raise SystemExit(done.stderr[-3000:])
    return done.stdout.strip().splitlines()[-1] if args[0] != "--explain" else done.stdout
