"""``python -m dashboard kpi`` and ``check``, run as a user would."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest

from dashboard.config import PROJECT_ROOT
from dashboard.kpi import TABLES


def kpi(*args, db_path):
    return subprocess.run([sys.executable, "-m", "dashboard", "kpi", *args, "--db", str(db_path)],
                          capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=120)


def test_list_names_every_table(pilot_db):
    done = kpi("--list", db_path=pilot_db)
    assert done.returncode == 0
    assert [line.split()[0] for line in done.stdout.splitlines()] == list(TABLES)


@pytest.mark.parametrize("name", list(TABLES))
def test_every_table_prints_its_contract_columns_as_csv(pilot_db, name):
    done = kpi(name, "--format", "csv", db_path=pilot_db)
    assert done.returncode == 0, done.stderr
    header = next(csv.reader(io.StringIO(done.stdout)))
    assert header[: len(TABLES[name].columns)] == list(TABLES[name].columns)


def test_filters_and_json(pilot_db):
    done = kpi("enps", "--cohort", "P", "--from", "2026-03", "--format", "json", db_path=pilot_db)
    rows = json.loads(done.stdout)
    assert [(r["cohort"], r["period"]) for r in rows] == [("P", "2026-03"), ("P", "2026-05")]
    assert rows[1]["enps"] == 40.0


def test_suppressed_cells_are_empty_in_csv(pilot_db):
    done = kpi("enps", "--cohort", "S", "--format", "csv", db_path=pilot_db)
    row = next(csv.DictReader(io.StringIO(done.stdout)))
    assert row["enps"] == "" and row["n"] == "" and row["suppressed"] == "True"


@pytest.mark.parametrize(("args", "message"), [
    (["enps", "--min-group", "2"], "below the allowed floor of 3"),
    (["enps", "--from", "2026-13"], "must be a month as YYYY-MM"),
    (["nope"], "no KPI table 'nope'"),
    (["roi", "--assumptions", "/nonexistent.toml"], "no such file"),
])
def test_bad_requests_get_one_clear_line(pilot_db, args, message):
    done = kpi(*args, db_path=pilot_db)
    assert done.returncode == 2 and message in done.stderr and "Traceback" not in done.stderr


def test_out_writes_a_file(pilot_db, tmp_path):
    out = tmp_path / "impact.csv"
    done = kpi("impact", "--format", "csv", "--out", str(out), db_path=pilot_db)
    assert done.returncode == 0 and out.read_text(encoding="utf-8-sig").startswith("metric,program_change")


def test_check_exit_codes(pilot_db, tmp_path):
    done = subprocess.run([sys.executable, "-m", "dashboard", "check", "--db", str(pilot_db)],
                          capture_output=True, text=True, cwd=PROJECT_ROOT)
    assert done.returncode == 1 and "FAIL missing_pulse_months" in done.stdout
    clean = tmp_path / "demo.duckdb"
    subprocess.run([sys.executable, "-m", "dashboard", "demo", "--db", str(clean)], check=True,
                   capture_output=True, cwd=PROJECT_ROOT)
    done = subprocess.run([sys.executable, "-m", "dashboard", "check", "--db", str(clean)],
                          capture_output=True, text=True, cwd=PROJECT_ROOT)
    assert done.returncode == 0 and done.stdout.strip().endswith("11 of 11 checks passed")
