"""One scale for pooled means (``queries/scoring/06_pooled_score.sql``): a pilot with a 4-, a
5- and a 7-point question and a 0–10 one, imported for real (``tests/fixtures/mixed_scales``,
worked out by hand in its README), pools on percent of each scale's range and says so; the
same answers to the 5-point question alone stay on the 1–5 scale."""

from __future__ import annotations

import html
import io
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from dashboard.cli import main
from dashboard.ingest import ingest_files
from dashboard.kpi import Filters, compute
from dashboard.kpi.smoothing import pulse_index
from dashboard.store import aggregates, db
from tests.apptest import open_page, texts
from tests.conftest import FIXTURES_DIR

MIXED_DIR = FIXTURES_DIR / "mixed_scales"
MIXED = "% of scale range (questions on 4-point, 5-point and 7-point scales)"
ONE_SCALE = "score (1–5 scale)"
QUARTER = Filters(period_from="2026-03", period_to="2026-04")


def _imported(tmp_path_factory: pytest.TempPathFactory, pulse: str) -> Path:
    path = tmp_path_factory.mktemp("mixed") / "mixed.duckdb"
    with db.session(path) as con:
        results = ingest_files(con, [MIXED_DIR / name for name in
                                     ("roster.csv", "schedule.csv", "questions.csv", pulse)])
    assert all(r.ok for r in results), [r.problem_lines() for r in results]
    return path


@pytest.fixture(scope="module")
def mixed_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _imported(tmp_path_factory, "pulse.csv")


@pytest.fixture(scope="module")
def one_scale_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _imported(tmp_path_factory, "pulse_one_scale.csv")


@pytest.fixture
def mixed(mixed_db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    with db.session(mixed_db, read_only=True) as con:
        yield con


@pytest.fixture
def one_scale(one_scale_db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    with db.session(one_scale_db, read_only=True) as con:
        yield con


def _by(frame, *keys):
    return {tuple(row[k] for k in keys): row for _, row in frame.iterrows()}


@pytest.mark.parametrize(("scale", "score", "pool", "expected"), [
    ("likert4", 1, ["likert4", "likert5"], 0.0), ("likert4", 2, ["likert4", "likert5"], 100 / 3),
    ("likert4", 4, ["likert4", "likert5"], 100.0), ("likert5", 4, ["likert4", "likert5"], 75.0),
    ("likert7", 5, ["likert5", "likert7"], 200 / 3), ("nps11", 7, ["likert5", "nps11"], 70.0),
    ("likert4", 2, ["likert4"], 2.0), ("likert7", 5, ["likert7", "likert7"], 5.0),
])
def test_the_macro_rescales_only_a_pool_of_more_than_one_scale(tmp_path, scale, score, pool, expected):
    with db.session(tmp_path / "m.duckdb") as con:
        aggregates.create_scoring_macros(con)
        got = con.execute("select pooled_score($scale, $score::tinyint, $pool::varchar[])",
                          {"scale": scale, "score": score, "pool": pool}).fetchone()[0]
        assert got == pytest.approx(expected)
        unit = con.execute("select pooled_unit($pool::varchar[])", {"pool": pool}).fetchone()[0]
        assert unit.startswith("%") == (len(set(pool)) > 1)


def test_pulse_trend_keeps_each_question_on_its_scale_and_pools_the_index_on_percent(mixed):
    trend = compute(mixed, "pulse_trend", Filters(rater_groups=("others",)))
    rows = _by(trend, "cohort", "period", "question_id")
    # the question's own mean stays on its scale; pooled_mean is on percent of its range
    assert rows["Pilot", "2026-02", "q4"]["mean_score"] == 3.2
    assert rows["Pilot", "2026-02", "q4"]["pooled_mean"] == pytest.approx(73.3333)
    assert rows["Pilot", "2026-02", "q5"]["mean_score"] == 3.8
    assert rows["Pilot", "2026-02", "q5"]["pooled_mean"] == pytest.approx(70.0)
    assert rows["Pilot", "2026-02", "q7"]["mean_score"] == 5.0
    assert rows["Pilot", "2026-02", "q7"]["pooled_mean"] == pytest.approx(66.6667)
    assert set(trend["question_id"]) == {"q4", "q5", "q7"}  # the 0–10 question is eNPS's
    assert set(trend["unit"]) == {MIXED}
    index = _by(pulse_index(trend), "cohort", "period")
    assert {key: row["index"] for key, row in index.items()} == {
        ("Pilot", "2026-02"): 70.0, ("Pilot", "2026-04"): 83.9,
        ("Control", "2026-02"): 57.8, ("Control", "2026-04"): 62.8}
    assert {row["unit"] for row in index.values()} == {MIXED}


def test_self_gap_pools_both_sides_on_percent_of_the_range(mixed):
    gap = _by(compute(mixed, "self_gap"), "leader_id", "period")
    expected = {("P1", "2026-02"): (69.44, 70.0, -0.56), ("P1", "2026-04"): (94.44, 83.89, 10.56),
                ("C1", "2026-02"): (75.0, 57.78, 17.22), ("C1", "2026-04"): (69.44, 62.78, 6.67)}
    assert {key: (row["self_score"], row["others_score"], row["gap"]) for key, row in gap.items()} == expected
    assert {row["unit"] for row in gap.values()} == {MIXED}


def test_period_summary_and_impact_are_on_percent_of_the_range(mixed):
    summary = _by(compute(mixed, "period_summary", QUARTER), "cohort", "metric")
    assert (summary["Pilot", "pulse_mean"]["value"], summary["Pilot", "pulse_mean"]["previous_value"],
            summary["Pilot", "pulse_mean"]["change"]) == (83.89, 70.0, 13.89)
    assert (summary["Control", "pulse_mean"]["value"], summary["Control", "pulse_mean"]["previous_value"],
            summary["Control", "pulse_mean"]["change"]) == (62.78, 57.78, 5.0)
    assert summary["Pilot", "pulse_mean"]["unit"] == MIXED
    assert summary["Pilot", "favourable_pct"]["unit"] == "%"  # shares need no rescaling
    impact = _by(compute(mixed, "impact"), "metric")["pulse_mean",]
    assert (impact["program_baseline"], impact["program_post"], impact["program_change"]) == (70.0, 83.89, 13.89)
    assert (impact["comparison_baseline"], impact["comparison_post"], impact["comparison_change"]) == \
        (57.78, 62.78, 5.0)
    assert impact["effect"] == 8.89
    assert impact["unit"] == MIXED


def test_a_pool_of_one_scale_stays_on_it(one_scale):
    trend = compute(one_scale, "pulse_trend", Filters(rater_groups=("others",)))
    assert (trend["pooled_mean"] == trend["mean_score"]).all()
    assert set(trend["unit"]) == {ONE_SCALE}
    index = _by(pulse_index(trend), "cohort", "period")
    assert index["Pilot", "2026-02"]["index"] == 3.8 and index["Pilot", "2026-02"]["unit"] == ONE_SCALE
    gap = _by(compute(one_scale, "self_gap"), "leader_id", "period")
    assert (gap["P1", "2026-02"]["self_score"], gap["P1", "2026-02"]["others_score"]) == (4.0, 3.8)
    summary = _by(compute(one_scale, "period_summary", QUARTER), "cohort", "metric")
    assert (summary["Pilot", "pulse_mean"]["value"], summary["Pilot", "pulse_mean"]["previous_value"]) == (4.4, 3.8)
    impact = _by(compute(one_scale, "impact"), "metric")["pulse_mean",]
    assert (impact["program_change"], impact["comparison_change"], impact["effect"]) == (0.6, 0.2, 0.4)
    assert impact["unit"] == ONE_SCALE


def test_the_unit_is_said_on_the_pulse_page_in_the_cli_and_in_the_report(mixed_db, monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("EMPATHY_DB", str(mixed_db))
    at = open_page("pulse")
    assert f"Unit: {MIXED} — each answer is put on percent" in texts(at.caption)
    assert main(["kpi", "impact", "--db", str(mixed_db), "--format", "csv"]) == 0
    impact = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert impact.set_index("metric").loc["pulse_mean", "unit"] == MIXED
    report = tmp_path / "report.html"
    assert main(["report", "--db", str(mixed_db), "--quarter", "2026-Q2", "--out", str(report)]) == 0
    assert html.escape(MIXED, quote=False) in report.read_text(encoding="utf-8")
