"""KPI functions the pages need besides the CLI tables: filter choices, module windows,
interval bands, monthly arm trends, participation per activity, leader levels, ROI files."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from dashboard.kpi import Filters, compute
from dashboard.kpi.assumptions import dump_assumptions, load_assumptions
from dashboard.kpi.catalog import FilterOptions, filter_options, module_timeline
from dashboard.kpi.participation import participation_summary
from dashboard.kpi.rubric import rubric_leader_levels
from dashboard.kpi.stats import mean_interval, t_quantile
from dashboard.kpi.trends import arm_trend, trend_filters
from dashboard.store import db


@pytest.mark.parametrize(("df", "expected"), [(3, 3.182), (4, 2.776), (9, 2.262), (29, 2.045)])
def test_t_quantile_matches_the_tables(df, expected):
    assert t_quantile(0.975, df) == pytest.approx(expected, abs=0.004)


def test_mean_interval_needs_four_values_and_widens_with_spread():
    low, high = mean_interval(pd.Series([3.0, 3.0, 3.0]), pd.Series([1.0, 0.5, 1.0]),
                              pd.Series([3, 20, 20]), 0.95)
    assert math.isnan(low[0]) and math.isnan(high[0])
    assert high[2] - low[2] > high[1] - low[1] > 0


def test_pulse_trend_interval_brackets_the_mean_and_hides_with_the_cell(pilot):
    trend = compute(pilot, "pulse_trend")
    shown = trend[~trend["suppressed"] & trend["ci_low"].notna()]
    assert len(shown) > 0
    assert (shown["ci_low"] <= shown["mean_score"]).all()
    assert (shown["mean_score"] <= shown["ci_high"]).all()
    hidden = trend[trend["suppressed"]]
    assert len(hidden) > 0 and hidden["ci_low"].isna().all() and hidden["ci_high"].isna().all()


def test_filter_options_list_what_the_data_offers(pilot):
    options = filter_options(pilot)
    assert options.cohorts == ("C", "P", "S")
    assert options.arm_of == {"C": "comparison", "P": "program", "S": "program"}
    assert options.module_names == {"m1": "Module one"}
    assert options.periods[0] == "2026-01" and options.periods[-1] == "2026-05"
    assert not options.empty
    hash(options)  # a cache key


def test_filter_options_of_an_empty_database(con):
    assert filter_options(con) == FilterOptions()
    assert filter_options(con).empty
    assert module_timeline(con, Filters()).empty


def test_module_timeline_follows_cohort_and_module_filters_not_months(pilot):
    timeline = module_timeline(pilot, Filters(period_from="2026-05"))
    assert list(timeline["cohort"]) == ["P", "S"]
    assert timeline.loc[0, "start_date"] == pd.Timestamp("2026-03-02")
    assert timeline.loc[0, "module_name"] == "Module one"
    assert list(module_timeline(pilot, Filters(cohorts=("P",)))["cohort"]) == ["P"]
    assert module_timeline(pilot, Filters(modules=("m2",))).empty


def test_arm_trend_pools_leaders_and_leaves_small_teams_out(pilot):
    trend = arm_trend(pilot, Filters())
    pulse = trend[(trend["metric"] == "pulse_mean") & (trend["period"] == "2026-01")]
    by_arm = pulse.set_index("arm")
    # program: P1–P3 (S1's team of three is below k and left out); means 2.8, 3.0, 2.0 for q1
    assert by_arm.loc["program", "n_leaders"] == 3
    assert by_arm.loc["comparison", "n_leaders"] == 3
    looser = arm_trend(pilot, Filters(min_group=3))
    jan = looser[(looser["metric"] == "pulse_mean") & (looser["period"] == "2026-01")]
    assert jan.set_index("arm").loc["program", "n_leaders"] == 4
    escalation = trend[(trend["metric"] == "escalation_rate") & (trend["period"] == "2026-05")]
    assert escalation.set_index("arm").loc["program", "value"] == pytest.approx(3.0)  # 6 of 200
    assert escalation.set_index("arm").loc["comparison", "value"] == pytest.approx(5.0)
    rubric = trend[trend["metric"] == "rubric_level"].set_index("period")["value"]
    assert rubric.to_dict() == {"2026-02": 1.67, "2026-03": 3.0}  # rounded like every level


@pytest.mark.parametrize("arm", ["program", "comparison"])
def test_arm_trend_shows_both_arms_whatever_the_arm_filter(pilot, arm):
    """The impact metrics' lines stand next to effects, which compare both arms: every arm
    filter gets the same lines (one series kept for all). The rubric line follows the filters,
    as the rubric card above it does: program cohorts only, so none for the comparison arm."""
    everything = arm_trend(pilot, Filters())
    chosen = arm_trend(pilot, Filters(arms=(arm,)))
    metrics = everything[everything["metric"] != "rubric_level"].reset_index(drop=True)
    pd.testing.assert_frame_equal(chosen[chosen["metric"] != "rubric_level"].reset_index(drop=True),
                                  metrics)
    assert set(metrics["arm"]) == {"program", "comparison"}
    rubric = chosen[chosen["metric"] == "rubric_level"]
    if arm == "program":
        pd.testing.assert_frame_equal(rubric, everything[everything["metric"] == "rubric_level"])
    else:
        assert rubric.empty
    assert trend_filters(Filters(arms=(arm,), cohorts=("P",))) == Filters(cohorts=("P",))


def test_arm_trend_of_an_empty_database(con):
    assert arm_trend(con, Filters()).empty


def test_participation_summary_sums_the_participation_table(pilot):
    table = compute(pilot, "participation")
    summary = participation_summary(pilot, Filters()).set_index("activity")
    assert summary.loc["microlearning", "n_enrolled"] == table.loc[
        table["activity"] == "microlearning", "n_people"].sum()
    assert summary.loc["microlearning", "n_completed"] == 2
    assert summary.loc["live_practice", "completion_pct"] == pytest.approx(
        round(100 * 1 / summary.loc["live_practice", "n_enrolled"], 1))


def test_rubric_leader_levels_first_and_latest(pilot):
    levels = rubric_leader_levels(pilot, Filters()).set_index("leader_id")
    assert levels.loc["P1", "first_level"] == 1 and levels.loc["P1", "latest_level"] == 3
    assert levels.loc["P1", "change"] == 2 and levels.loc["P1", "latest_period"] == "2026-03"
    own = rubric_leader_levels(pilot, Filters(assessors=("self",))).set_index("leader_id")
    assert own.loc["P1", "latest_level"] == 4 and math.isnan(own.loc["P1", "change"])


def test_assumptions_round_trip_through_the_downloaded_file(tmp_path):
    changed = load_assumptions().with_(cost_per_escalation=312.5, attribution_pct=35.0,
                                       currency="USD", participants=12.0)
    path = tmp_path / "mine.toml"
    path.write_text(dump_assumptions(changed), encoding="utf-8")
    assert load_assumptions(path) == changed


def test_demo_database_filter_options(demo_db):
    with db.session(demo_db) as con:
        options = filter_options(con)
    assert options.cohorts == ("Comparison", "Pilot", "Wave 2")
    assert list(options.module_names) == ["digital_cues", "written_replies", "active_listening"]
