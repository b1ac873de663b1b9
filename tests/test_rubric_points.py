"""Rubric assessment points: each rating is the baseline, mid-point or end assessment of its
module, from the schedule (the nearest of the days the measurement calendar asks for them);
``rubric_progress`` keeps its months and gains the point, ``rubric_points`` groups by it."""

from __future__ import annotations

import pandas as pd

from dashboard.ingest import ingest_files
from dashboard.kpi import Filters, compute
from dashboard.present import charts
from tests.conftest import GOLDEN_FILES


def test_ratings_are_given_their_assessment_point(pilot, tmp_path):
    # module m1 runs 2–20 March: 25 Feb is its baseline, 25 March its end; 11 March, mid-module
    extra = tmp_path / "mid.csv"
    extra.write_text("assessed_at,leader_id,module_id,assessor_type,dimension,level\n"
                     "2026-03-11,P1,m1,facilitator,tone_recognition,2\n"
                     "2026-03-11,P2,m1,facilitator,tone_recognition,3\n", encoding="utf-8")
    assert all(r.ok for r in ingest_files(pilot, [extra]))
    progress = compute(pilot, "rubric_progress", Filters(cohorts=("P",)))
    keys = zip(progress["period"], progress["assessment"], strict=True)
    points = dict(zip(keys, progress["mean_level"], strict=True))
    # March now holds a mid-point and an end assessment: two rows, never one averaged level
    assert points == {("2026-02", "baseline"): 1.67, ("2026-03", "mid"): 2.5, ("2026-03", "end"): 3.0}
    by_point = compute(pilot, "rubric_points", Filters(cohorts=("P",))).set_index("assessment")
    assert list(by_point.index) == ["baseline", "mid", "end"]
    assert list(by_point["n_leaders"]) == [3, 2, 3] and list(by_point["mean_level"]) == [1.67, 2.5, 3.0]
    assert (by_point.loc["mid", "first_period"], by_point.loc["mid", "last_period"]) == ("2026-03", "2026-03")
    assert by_point.loc["end", "consistent_plus_pct"] == 100.0


def test_the_golden_pilots_months_hold_and_each_has_its_point(con, golden_dir):
    assert all(r.ok for r in ingest_files(con, [golden_dir / name for name in GOLDEN_FILES]))
    progress = compute(con, "rubric_progress", Filters(cohorts=("Pilot",)))
    points = progress.groupby(["module_id", "period"])["assessment"].agg(set).to_dict()
    # digital cues 2–27 March, rated 25 Feb and 20 May; written replies 6–24 April, rated 30 March and 20 May
    assert points == {("digital_cues", "2026-02"): {"baseline"}, ("digital_cues", "2026-05"): {"end"},
                      ("written_replies", "2026-03"): {"baseline"}, ("written_replies", "2026-05"): {"end"}}
    by_point = compute(con, "rubric_points", Filters(cohorts=("Pilot",)))
    monthly = progress.set_index(["module_id", "dimension", "assessment"])["mean_level"]
    assert by_point.set_index(["module_id", "dimension", "assessment"])["mean_level"].equals(monthly)


def test_the_level_chart_groups_by_assessment_point(demo_db):
    from dashboard.store import db

    with db.session(demo_db) as con:
        points = compute(con, "rubric_points", Filters(cohorts=("Pilot",)))
        progress = compute(con, "rubric_progress", Filters(cohorts=("Pilot",)))
    # the demo rates baseline and mid-point of its first module in the same month (April)
    april = progress[(progress["period"] == "2026-04") & (progress["module_id"] == "digital_cues")]
    assert set(april["assessment"]) == {"baseline", "mid"}
    fig = charts.level_distribution(points, {})
    assert list(fig.data[0].x)[:3] == ["Baseline", "Mid-point", "End"]
    monthly = charts.level_distribution(progress, {})
    assert list(monthly.data[0].x)[0] == "Apr 2026"
    assert isinstance(points, pd.DataFrame) and points["assessment"].notna().all()
