"""The command line, run as a user runs it: ``python -m dashboard ...`` in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard.cli import build_parser
from dashboard.config import PROJECT_ROOT


def cli(*args: str, db: Path | None = None, env: dict[str, str] | None = None,
        cwd: Path = PROJECT_ROOT) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "dashboard", *args]
    if db is not None:
        command += ["--db", str(db)]
    full_env = {k: v for k, v in os.environ.items() if k != "EMPATHY_DB"} | (env or {})
    return subprocess.run(command, capture_output=True, text=True, env=full_env, cwd=cwd, timeout=120)


def _subcommands() -> list[str]:
    parser = build_parser()
    action = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    return sorted(action.choices)


@pytest.mark.parametrize("command", _subcommands())
def test_every_command_has_help_with_an_example(command):
    done = cli(command, "--help")
    assert done.returncode == 0
    assert "example:" in done.stdout and f"python -m dashboard {command}" in done.stdout
    assert "--db PATH" in done.stdout


def test_ingest_prints_one_summary_line_per_file(tmp_path, sample_dir):
    db = tmp_path / "x.duckdb"
    done = cli("ingest", str(sample_dir / "questions.csv"), str(sample_dir / "roster.csv"), db=db)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "roster.csv: roster, 273 rows stored, import 1",
        "questions.csv: questions, 5 rows stored, import 2",
    ]


def test_ingest_problems_exit_1_and_list_every_problem(tmp_path):
    db = tmp_path / "x.duckdb"
    bad = tmp_path / "roster.csv"
    bad.write_text("person_id,role,cohort,hire_date\nL1,boss,Pilot,\n,leader,Pilot,\nL3,leader,,2026-02-30\n")
    done = cli("ingest", str(bad), db=db)
    assert done.returncode == 1
    assert done.stdout.strip() == "roster.csv: not imported, 3 problem(s)"
    assert done.stderr.splitlines() == [
        "roster.csv:2: role: unknown role 'boss' (expected leader, member)",
        "roster.csv:3: person_id: required value missing",
        "roster.csv:4: hire_date: cannot read date '2026-02-30' "
        "(use YYYY-MM-DD, or one consistent M/D/YYYY or D/M/YYYY form)",
    ]
    listed = cli("imports", "--format", "json", db=db)
    assert json.loads(listed.stdout) == []


def test_ingest_caps_the_listing_and_says_how_many_more(tmp_path):
    db = tmp_path / "x.duckdb"
    bad = tmp_path / "roster.csv"
    bad.write_text("person_id,role,cohort\n" + "".join(f"P{i},boss,Pilot\n" for i in range(80)))
    done = cli("ingest", str(bad), "--max-problems", "5", db=db)
    assert done.returncode == 1
    lines = done.stderr.splitlines()
    assert len(lines) == 6 and lines[-1] == "roster.csv: ... and 75 more problem(s)"


def test_imports_json_undo_and_demo(tmp_path):
    db = tmp_path / "x.duckdb"
    loaded = cli("demo", db=db)
    assert loaded.returncode == 0, loaded.stderr
    assert "pulse.csv: pulse, " in loaded.stdout and "(demo data)" in loaded.stdout
    listed = json.loads(cli("imports", "--format", "json", db=db).stdout)
    assert len(listed) == 7
    assert {"import_id", "file_name", "kind", "rows", "imported_at"} <= set(listed[0])
    pulse_id = next(item["import_id"] for item in listed if item["kind"] == "pulse")
    undone = cli("undo", str(pulse_id), db=db)
    assert undone.returncode == 0 and undone.stdout.startswith(f"undid import {pulse_id} (pulse.csv)")
    again = cli("undo", str(pulse_id), db=db)
    assert again.returncode == 2 and "already undone" in again.stderr
    table = cli("imports", db=db).stdout
    assert "pulse.csv" not in table and "roster.csv" in table


def test_db_defaults_to_the_environment_variable(tmp_path, sample_dir):
    db = tmp_path / "from-env.duckdb"
    done = cli("ingest", str(sample_dir / "questions.csv"), env={"EMPATHY_DB": str(db)})
    assert done.returncode == 0 and db.exists()


def test_kind_can_be_forced(tmp_path, sample_dir):
    db = tmp_path / "x.duckdb"
    done = cli("ingest", "--kind", "roster", str(sample_dir / "questions.csv"), db=db)
    assert done.returncode == 1
    assert "required columns missing: person_id, role, cohort" in done.stderr


def test_a_corrupt_database_file_gives_a_message_not_a_traceback(tmp_path):
    db = tmp_path / "broken.duckdb"
    db.write_bytes(b"this is not a database" * 100)
    done = cli("imports", db=db)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and "cannot open the database" in done.stderr
