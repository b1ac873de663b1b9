"""KPI-layer pieces the quarterly review needs: a period compared with the one before it,
participation as of a period, the filters as CLI options, and import lineage.

Values are worked out by hand from tests/kpi_data.py (see its docstring).
"""

from __future__ import annotations

import argparse
import math

import pandas as pd
import pytest

from dashboard.cli.kpi import add_filter_options, filters_from
from dashboard.ingest import ingest_files
from dashboard.kpi import Filters, compute
from dashboard.kpi.summary import previous_window, shift_month
from dashboard.store.imports import import_coverage


def _summary(con, **filters) -> pd.DataFrame:
    return compute(con, "period_summary", Filters(**filters)).set_index(["cohort", "metric"])


@pytest.mark.parametrize(("period_from", "period_to", "expected"), [
    ("2026-04", "2026-06", ("2026-01", "2026-03")),
    ("2026-01", "2026-03", ("2025-10", "2025-12")),
    ("2026-03", "2026-03", ("2026-02", "2026-02")),
    ("2026-01", "2026-12", ("2025-01", "2025-12")),
    ("", "2026-06", ("", "")),
])
def test_the_previous_window_has_the_same_length_and_ends_just_before(period_from, period_to, expected):
    assert previous_window(period_from, period_to) == expected
    assert shift_month("2026-01", -1) == "2025-12" and shift_month("2025-12", 13) == "2027-01"


def test_period_summary_pools_the_window_and_compares_with_the_one_before(pilot):
    # window Mar–May 2026 (data in March and May); the window before is Dec 2025–Feb 2026 (January)
    table = _summary(pilot, cohorts=("P",), period_from="2026-03", period_to="2026-05")
    favourable = table.loc[("P", "favourable_pct")]
    # March 3 favourable answers of 15, May 11 of 15; January 1 of 15
    assert (favourable["value"], favourable["previous_value"], favourable["change"]) == (46.7, 6.7, 40.0)
    assert (favourable["n"], favourable["previous_n"], bool(favourable["suppressed"])) == (15, 15, False)
    mean = table.loc[("P", "pulse_mean")]
    assert (mean["value"], mean["previous_value"], mean["change"]) == (3.47, 2.6, 0.87)
    enps = table.loc[("P", "enps")]  # (15 promoters − 9 detractors) ÷ 30 answers; January 0
    assert (enps["value"], enps["previous_value"], enps["change"]) == (20.0, 0.0, 20.0)
    escalation = table.loc[("P", "escalation_rate")]  # (30 + 18) ÷ 1,200 vs 30 ÷ 600
    assert (escalation["value"], escalation["previous_value"], escalation["n"]) == (4.0, 5.0, 3)
    # 12 + 12 of 30 member-months: April, when nobody answered, is a month whose cell is hidden
    # (no count below k, not even 0) and so is pooled into nothing; before: 12 of 15 (January)
    rate = table.loc[("P", "response_rate_pct")]
    assert (rate["value"], rate["previous_value"]) == (80.0, 80.0)
    monthly = compute(pilot, "response_rate", Filters(cohorts=("P",)))
    responded = [None if pd.isna(n) else n for n in monthly["responded"]]
    assert dict(zip(monthly["period"], responded, strict=True)) == {
        "2026-01": 12, "2026-02": None, "2026-03": 12, "2026-04": None, "2026-05": 12}
    assert monthly.set_index("period")["suppressed"].to_dict() == {
        "2026-01": False, "2026-02": True, "2026-03": False, "2026-04": True, "2026-05": False}
    assert (mean["period_from"], mean["previous_from"], mean["previous_to"]) == ("2026-03", "2025-12", "2026-02")


def test_period_summary_without_a_previous_window_leaves_it_empty(pilot):
    table = _summary(pilot, cohorts=("P",), period_from="2026-01", period_to="2026-03")
    row = table.loc[("P", "favourable_pct")]
    assert row["value"] == 13.3 and math.isnan(row["previous_value"]) and math.isnan(row["change"])
    assert pd.isna(row["previous_n"])


def test_period_summary_hides_small_cohorts_but_not_their_business_numbers(pilot):
    table = _summary(pilot, period_from="2026-03", period_to="2026-05")
    for metric in ("pulse_mean", "favourable_pct", "enps", "response_rate_pct"):
        row = table.loc[("S", metric)]
        assert bool(row["suppressed"]) and math.isnan(row["value"]) and pd.isna(row["n"]), metric
        assert bool(row["previous_suppressed"]) and math.isnan(row["previous_value"])
        assert math.isnan(row["change"])
    assert table.loc[("S", "escalation_rate"), "value"] == 4.0
    looser = _summary(pilot, period_from="2026-03", period_to="2026-05", min_group=3)
    assert not bool(looser.loc[("S", "favourable_pct"), "suppressed"])


def test_a_window_leaves_a_hidden_month_out_and_says_so(pilot, tmp_path):
    """Team T: five members answer in January, four in March. The March cell is hidden in the
    monthly table; the January–March figure pools January alone (the visible cell), so the
    quarter minus January reveals nothing of March, and the quarter says a small group was
    left out — though five distinct people answered over the quarter."""
    roster = ["person_id,role,leader_id,cohort,arm\n", "T1,leader,,T,program\n"]
    roster += [f"T1-{i},member,T1,T,program\n" for i in range(1, 6)]
    pulse = ["response_id,submitted_at,respondent_id,rater_type,leader_id,q1\n"]
    for month, members, score in (("2026-01", range(1, 6), 4), ("2026-03", range(1, 5), 1)):
        pulse += [f"T-{month}-{i},{month}-10,T1-{i},direct_report,T1,{score}\n" for i in members]
    (tmp_path / "t_roster.csv").write_text("".join(roster), encoding="utf-8")
    (tmp_path / "t_pulse.csv").write_text("".join(pulse), encoding="utf-8")
    assert all(r.ok for r in ingest_files(pilot, [tmp_path / "t_roster.csv", tmp_path / "t_pulse.csv"]))
    monthly = compute(pilot, "pulse_trend", Filters(cohorts=("T",), rater_groups=("others",)))
    assert list(monthly["suppressed"]) == [False, True]
    quarter = _summary(pilot, cohorts=("T",), period_from="2026-01", period_to="2026-03")
    january = _summary(pilot, cohorts=("T",), period_from="2026-01", period_to="2026-01")
    assert january.loc[("T", "favourable_pct"), "value"] == 100.0
    for metric in ("favourable_pct", "pulse_mean"):
        assert quarter.loc[("T", metric), "value"] == january.loc[("T", metric), "value"], metric
        assert quarter.loc[("T", metric), "n"] == 5
    assert bool(quarter.loc[("T", "favourable_pct"), "some_excluded"])
    assert not bool(january.loc[("T", "favourable_pct"), "some_excluded"])


def test_participation_as_of_a_period_counts_modules_running_and_completions_by_its_end(pilot, tmp_path):
    everything = compute(pilot, "participation", Filters(cohorts=("P",)))
    assert compute(pilot, "participation", Filters(cohorts=("P",), period_from="2026-03",
                                                    period_to="2026-03")).equals(everything)
    assert compute(pilot, "participation", Filters(period_to="2026-02")).empty  # m1 starts in March
    assert compute(pilot, "participation", Filters(period_from="2026-04")).empty  # m1 ended in March
    late = tmp_path / "late.csv"
    late.write_text("person_id,module_id,activity,completed_at,minutes,status\n"
                    "P3,m1,coaching,2026-05-02,30,completed\n", encoding="utf-8")
    assert all(r.ok for r in ingest_files(pilot, [late]))
    coaching = {f: compute(pilot, "participation", Filters(cohorts=("P",), period_to=f))
                .set_index("activity").loc["coaching", "n_completed"] for f in ("2026-03", "2026-05")}
    assert coaching == {"2026-03": 0, "2026-05": 1}


@pytest.mark.parametrize("filters", [
    Filters(),
    Filters(cohorts=("Pilot", "Wave 2"), period_from="2026-04", period_to="2026-06",
            rater_groups=("others",)),
    Filters(modules=("m1",), arms=("program",), min_group=7, assessors=("peer", "self"),
            level=0.9, baseline_to="2026-02", post_from="2026-05"),
])
def test_filters_turn_into_the_cli_options_that_select_them(filters):
    parser = argparse.ArgumentParser()
    add_filter_options(parser)
    assert filters_from(parser.parse_args(filters.cli_args())) == filters


def test_import_coverage_lists_each_active_import_with_its_months(pilot):
    coverage = import_coverage(pilot).set_index("kind")
    assert (coverage.loc["pulse", "first_period"], coverage.loc["pulse", "last_period"]) == ("2026-01", "2026-05")
    assert coverage.loc["pulse", "current_rows"] == coverage.loc["pulse", "rows"]
    assert pd.isna(coverage.loc["roster", "first_period"]) and coverage.loc["roster", "current_rows"] > 0
    assert (coverage.loc["schedule", "first_period"], coverage.loc["schedule", "last_period"]) == ("2026-03", "2026-03")


def test_the_rubric_interval_does_not_depend_on_the_order_rows_arrive_in(demo_db):
    """The seeded bootstrap resamples leaders by position: DuckDB's parallel aggregation
    returned them in varying orders, so the same data could give a different interval (the
    report and the CLI disagreed on the demo's rubric interval, 0.27 against 0.28)."""
    from dashboard.kpi.engine import mart
    from dashboard.store import db

    path = demo_db
    orders, intervals = set(), set()
    for _ in range(15):
        with db.session(path) as con:
            orders.add(tuple(mart(con, "rubric_leader_change", Filters(period_to="2026-09"))["leader_id"]))
            row = compute(con, "impact", Filters(period_to="2026-09")).set_index("metric").loc["rubric_level"]
            intervals.add((row["ci_low"], row["ci_high"]))
    assert len(orders) == 1 and len(intervals) == 1
