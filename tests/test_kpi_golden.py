"""The golden pilot: KPI values computed independently of the project must be reproduced.

Means within 0.01, percentages within 0.1 (the expected values are rounded half to even);
``null`` in expected.json means "not checked", except the values of a suppressed cell,
which must be empty.
"""

from __future__ import annotations

import json
import math

import pytest

from dashboard.ingest import ingest_files
from dashboard.kpi import Filters, compute
from tests.conftest import GOLDEN_FILES

KEYS = {
    "pulse_trend": ["cohort", "period", "question_id", "rater_group"],
    "enps": ["cohort", "period"],
    "self_gap": ["cohort", "leader_id", "period"],
    "rubric_progress": ["cohort", "module_id", "dimension", "period"],
    "rubric_change": ["cohort", "module_id", "dimension"],
}
MUST_BE_EMPTY_WHEN_SUPPRESSED = ("mean_score", "favourable_pct", "enps")


@pytest.fixture
def golden(con, golden_dir):
    results = ingest_files(con, [golden_dir / name for name in GOLDEN_FILES])
    assert all(r.ok for r in results), [r.problem_lines() for r in results]
    return json.loads((golden_dir / "expected.json").read_text())


def _close(actual, expected, column):
    tolerance = 0.1 if column.endswith("_pct") or column == "enps" else 0.01
    return actual is not None and not (isinstance(actual, float) and math.isnan(actual)) \
        and abs(float(actual) - float(expected)) <= tolerance + 1e-9


def _empty(value):
    return value is None or value is False or (isinstance(value, float) and math.isnan(value)) \
        or str(value) in ("<NA>", "nan")


@pytest.mark.parametrize("table", list(KEYS))
def test_golden_table(con, golden, table):
    frame = compute(con, table, Filters())
    indexed = {tuple(str(v) for v in row[KEYS[table]]): row for _, row in frame.iterrows()}
    for expected in golden[table]:
        key = tuple(str(expected[k]) for k in KEYS[table])
        assert key in indexed, f"{table}: no row for {key}"
        actual = indexed[key]
        suppressed = expected.get("suppressed") is True
        for column, value in expected.items():
            if column in KEYS[table]:
                continue
            if suppressed and column in MUST_BE_EMPTY_WHEN_SUPPRESSED:
                assert _empty(actual[column]), f"{table} {key}: {column} must be empty when suppressed"
                continue
            if value is None:
                continue
            if isinstance(value, (bool, str)):
                assert (actual[column] if not isinstance(value, str) else str(actual[column])) == value, \
                    f"{table} {key}: {column} is {actual[column]!r}, expected {value!r}"
            else:
                assert _close(actual[column], value, column), \
                    f"{table} {key}: {column} is {actual[column]!r}, expected {value!r}"


def test_golden_impact_and_its_interval_is_stable(con, golden):
    expected = golden["impact"][0]
    filters = Filters(cohorts=("Pilot", "Comparison"))
    first = compute(con, "impact", filters).set_index("metric")
    row = first.loc[expected["metric"]]
    for column in ("program_change", "comparison_change", "effect"):
        assert abs(row[column] - expected[column]) <= 0.01, column
    assert row["n_program"] == expected["n_program"] and row["n_comparison"] == expected["n_comparison"]
    assert row["ci_low"] <= row["effect"] <= row["ci_high"]
    again = compute(con, "impact", filters).set_index("metric")
    assert (again.loc[expected["metric"], ["ci_low", "ci_high"]] == row[["ci_low", "ci_high"]]).all()


def test_golden_cli_prints_the_same_numbers(tmp_path, golden_dir):
    import subprocess
    import sys

    from dashboard.config import PROJECT_ROOT
    from dashboard.store import db

    path = tmp_path / "golden.duckdb"
    with db.session(path) as connection:
        ingest_files(connection, [golden_dir / name for name in GOLDEN_FILES])
    done = subprocess.run([sys.executable, "-m", "dashboard", "kpi", "enps", "--db", str(path),
                           "--format", "json"], capture_output=True, text=True, cwd=PROJECT_ROOT)
    rows = {(r["cohort"], r["period"]): r for r in json.loads(done.stdout)}
    assert rows[("Pilot", "2026-06")]["enps"] == 50.0
    assert rows[("Small", "2026-01")]["enps"] is None and rows[("Small", "2026-01")]["suppressed"] is True
