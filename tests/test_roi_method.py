"""The ROI of method 2: only effects that pass their verdict are monetised, a worsened one is a
negative benefit, leavers avoided are capped, volumes come from the teams with a measured
follow-up over the filtered months (never today's date), the scenarios are low / central /
best case, and a break-even says how far each metric would have to fall."""

from __future__ import annotations

import math

import pytest

from dashboard.ingest import ingest_files
from dashboard.kpi import Filters, compute
from dashboard.kpi.assumptions import Assumptions, AssumptionsError, assumptions_from, dump_assumptions
from dashboard.kpi.roi import NO_EFFECT, Effect, Inputs, break_even, measured_inputs, scenarios
from dashboard.store import db
from tests.test_impact_method import FALLING, FLAT, write_outcomes_pilot

COSTS = dict(participant_hours=10, participant_hourly_cost=50, facilitator_hours=10, facilitator_hourly_rate=100,
             platform_cost=1000, development_cost=0, evaluation_cost=0)  # 4 leaders: 2000 + 1000 + 1000


def _monthly_interactions(con, leaders, period_from="", period_to=""):
    """Σ over the leaders of their team's average monthly interactions in the months, by hand."""
    rows = con.execute(
        "select leader_id, avg(value) from outcomes where superseded_by is null and metric = 'interactions' "
        "and leader_id in (select unnest($leaders)) and ($from = '' or period >= $from) "
        "and ($to = '' or period <= $to) group by leader_id",
        {"leaders": list(leaders), "from": period_from, "to": period_to}).fetchall()
    return sum(v for _, v in rows)


def test_nothing_passing_means_roi_not_yet_demonstrable(demo_db):
    with db.session(demo_db) as con:
        table = compute(con, "roi").set_index("scenario")
        inputs = measured_inputs(con, Filters(), Assumptions())
    assert list(table.index) == ["low", "central", "best case"]
    assert not inputs.demonstrable and not table["demonstrable"].any()
    assert (table["benefits"] == 0).all() and set(table["monetised"]) == {"none"}
    assert inputs.notes == ("escalation rate: inconclusive, not monetised",
                            "voluntary attrition (annualised): inconclusive, not monetised")
    assert set(table["method_version"]) == {"3"}


def test_only_teams_with_a_measured_follow_up_are_credited(demo_db):
    # Wave 2 trains from September: no follow-up yet, so its eight teams bring no benefit volume
    with db.session(demo_db) as con:
        inputs = measured_inputs(con, Filters(), Assumptions())
        pilot = [r[0] for r in con.execute("select person_id from roster where role = 'leader' and cohort = 'Pilot' "
                                           "and superseded_by is null").fetchall()]
        assert inputs.measured_leaders == {"escalation_rate": 10, "attrition_rate": 10}
        assert inputs.annual_interactions == pytest.approx(12 * _monthly_interactions(con, pilot))
        # the costs count every leader whose cohort had started by the last month with data
        assert inputs.participants == 18
        # over fewer months, the volumes are those months' averages
        months = Filters(period_from="2026-02", period_to="2026-09")
        fewer = measured_inputs(con, months, Assumptions())
        assert fewer.annual_interactions == pytest.approx(12 * _monthly_interactions(con, pilot, "2026-02", "2026-09"))
        assert fewer.annual_interactions != inputs.annual_interactions


def test_a_cohort_that_has_not_started_by_the_last_month_costs_nothing_yet(pilot, tmp_path):
    # the hand pilot's data end in May 2026; cohort W starts in September 2026, before today
    # (method 1 took today's date, and counted it)
    roster = tmp_path / "more_roster.csv"
    roster.write_text("person_id,role,leader_id,cohort,arm\nW1,leader,,W,program\n", encoding="utf-8")
    schedule = tmp_path / "more_schedule.csv"
    schedule.write_text("cohort,module_id,module_name,start_date,end_date\nW,m1,Module one,2026-09-01,2026-09-18\n",
                        encoding="utf-8")
    assert all(r.ok for r in ingest_files(pilot, [roster, schedule]))
    assert measured_inputs(pilot, Filters(), Assumptions()).participants == 4  # P1–P3 and S1
    assert measured_inputs(pilot, Filters(period_to="2026-10"), Assumptions()).participants == 5


def test_a_passing_effect_is_monetised_from_the_unrounded_estimate(tmp_path):
    path = tmp_path / "pilot.duckdb"
    with db.session(path) as con:
        ingest_files(con, write_outcomes_pilot(tmp_path, FALLING | FLAT))
        assumptions = Assumptions(cost_per_escalation=100, attribution_pct=50, confidence_pct=80, **COSTS)
        inputs = measured_inputs(con, Filters(), assumptions)
        table = compute(con, "roi", assumptions=assumptions).set_index("scenario")
        effect = compute(con, "impact").set_index("metric").loc["escalation_rate"]
    assert inputs.escalation.verdict == "improved" and inputs.demonstrable
    assert inputs.annual_interactions == 3 * 100 * 12 and inputs.participants == 3
    # central: 4 points fewer escalations of 3,600 interactions a year = 144 escalations avoided
    central = table.loc["central"]
    assert central["escalations_avoided"] == 144.0 and central["benefits"] == 144 * 100 * 0.5 * 0.8
    assert central["monetised"] == "escalation rate"
    # low takes the interval end least favourable to the program (the smaller fall)
    assert table.loc["low", "escalations_avoided"] == round(-inputs.escalation.high / 100 * 3600, 1)
    assert table.loc["low", "benefits"] < central["benefits"] < table.loc["best case", "benefits"]
    assert inputs.escalation.high != effect["ci_high"]  # the table rounds to 0.1; the ROI does not
    assert table.loc["central", "costs"] == 3 * 500 + 1000 + 1000


def test_a_worsened_effect_is_a_negative_benefit():
    worse = Inputs(Effect(0.5, 1.0, 1.5, verdict="worsened", baseline=5.0), NO_EFFECT, 10_000, 50, 5)
    table = scenarios(worse, Assumptions()).set_index("scenario")
    assert list(table["escalations_avoided"]) == [-150.0, -100.0, -50.0]
    assert (table["benefits"] < 0).all() and (table["roi_pct"] < -100).all()
    assert table["payback_months"].isna().all() and table["demonstrable"].all()


def test_leavers_avoided_are_capped_at_a_share_of_the_baseline_leavers():
    # 40% a year of 50 people at baseline: 20 leavers a year; at most half of them are credited
    attrition = Effect(-30.0, -20.0, -10.0, verdict="improved", baseline=40.0)
    inputs = Inputs(NO_EFFECT, attrition, 0, 50, 5)
    assert inputs.baseline_exits == 20.0
    table = scenarios(inputs, Assumptions()).set_index("scenario")
    assert list(table["exits_avoided"]) == [5.0, 10.0, 10.0]  # best case: 15 before the cap
    assert list(table["attrition_capped"]) == [False, False, True]
    looser = scenarios(inputs, Assumptions(attrition_cap_pct=100)).set_index("scenario")
    assert looser.loc["best case", "exits_avoided"] == 15.0


def test_the_break_even_says_how_far_each_metric_would_have_to_fall():
    assumptions = Assumptions(cost_per_escalation=100, average_salary=50_000, replacement_cost_multiplier=0.5,
                              attribution_pct=50, confidence_pct=80, **COSTS)
    inputs = Inputs(Effect(-1.0, -0.5, 0.0, verdict="inconclusive", baseline=5.0),
                    Effect(-3.0, -1.0, 1.0, verdict="inconclusive", baseline=10.0), 100_000, 200, 4)
    even = break_even(inputs, assumptions).set_index("metric")
    costs = 4 * 500 + 1000 + 1000  # 4,000
    escalations = costs / (0.4 * 100)  # 100 escalations a year: 0.1 points of 100,000 interactions
    assert even.loc["escalation_rate", "needed_per_year"] == pytest.approx(escalations)
    assert even.loc["escalation_rate", "needed_relative_pct"] == pytest.approx(0.1 / 5.0 * 100)
    assert even.loc["escalation_rate", "text"] == "escalations would have to fall by 2% for the program to pay back"
    leavers = costs / (0.4 * 25_000)  # 0.4 leavers of the 20 a year at baseline: 2%
    assert even.loc["attrition_rate", "needed_relative_pct"] == pytest.approx(leavers / 20 * 100)
    assert even.loc["attrition_rate", "within_cap"]
    table = scenarios(inputs, assumptions)
    assert set(table["break_even_escalation_pct"]) == {2.0} and not table["demonstrable"].any()
    tight = break_even(inputs, assumptions.with_(attrition_cap_pct=1)).set_index("metric")
    assert not tight.loc["attrition_rate", "within_cap"]
    assert "retention alone cannot pay back" in tight.loc["attrition_rate", "text"]
    nothing = break_even(Inputs(NO_EFFECT, NO_EFFECT, 0, 0, 4), assumptions).set_index("metric")
    assert math.isnan(nothing.loc["escalation_rate", "needed_relative_pct"])


def test_the_attrition_cap_is_an_assumption_with_a_stated_default(tmp_path):
    assert Assumptions().attrition_cap_pct == 50.0
    with pytest.raises(AssumptionsError, match="attrition_cap_pct must be at most 100"):
        assumptions_from({"attrition_cap_pct": 120})
    text = dump_assumptions(Assumptions(attrition_cap_pct=30))
    assert "attrition_cap_pct = 30.0" in text.split("[adjustments]")[1]
