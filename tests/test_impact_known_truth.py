"""Known-truth pilots for the impact method (version 2) that the other method tests do not
build: a survey pilot where the privacy rule decides whether an arm has its three leaders, a
pilot large enough (12 degrees of freedom) that no small-sample caveat is due, the ROI of a
passing and of an adverse effect end to end, and the validity study's own pilot. Each pilot is
written as canonical CSV bytes and imported into a real DuckDB file."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from scipy import stats as scipy_stats

from dashboard.ingest import ingest_files
from dashboard.kpi import Filters, compute
from dashboard.kpi.assumptions import Assumptions
from dashboard.kpi.impact import VERDICTS
from dashboard.kpi.roi import NO_EFFECT, Effect, Inputs, measured_inputs, scenarios
from dashboard.store import db
from tests.test_impact_method import FLAT, write_outcomes_pilot

ROOT = Path(__file__).resolve().parents[1]
BASELINE, FOLLOW_UP = ("2026-01", "2026-02", "2026-03"), ("2026-05", "2026-06", "2026-07")
COSTS = dict(participant_hours=10, participant_hourly_cost=50, facilitator_hours=10, facilitator_hourly_rate=100,
             platform_cost=1000, development_cost=0, evaluation_cost=0)


def write_pulse_pilot(folder: Path, teams: dict[str, tuple[int, int, int]]) -> list[Path]:
    """Leaders P… (program, trained in April) and C… (comparison): leader -> (team size, every
    member's q1 answer in the baseline months, and in the follow-up months)."""
    roster = ["person_id,role,leader_id,cohort,arm\n"]
    pulse = ["response_id,submitted_at,respondent_id,rater_type,leader_id,q1\n"]
    number = 0
    for leader, (size, before, after) in teams.items():
        cohort, arm = ("P", "program") if leader.startswith("P") else ("Comparison", "comparison")
        roster.append(f"{leader},leader,,{cohort},{arm}\n")
        for member in range(size):
            roster.append(f"{leader}-{member},member,{leader},{cohort},{arm}\n")
            for months, answer in ((BASELINE, before), (FOLLOW_UP, after)):
                for month in months:
                    number += 1
                    pulse.append(f"R{number:05d},{month}-10,{leader}-{member},direct_report,{leader},{answer}\n")
    files = {"roster.csv": "".join(roster),
             "schedule.csv": ("cohort,module_id,module_name,start_date,end_date\n"
                              "P,m1,Module one,2026-04-06,2026-04-24\n"),
             "questions.csv": "question_id,text,scale\nq1,Understands me,likert5\n",
             "pulse.csv": "".join(pulse)}
    paths = []
    for name, text in files.items():
        path = folder / name
        path.write_bytes(text.encode("utf-8"))
        paths.append(path)
    return paths


# program changes +1, +2, +1; comparison 0, +1, 0 — P3's team has three members
TEAMS = {"P1": (5, 3, 4), "P2": (5, 3, 5), "P3": (3, 3, 4), "C1": (5, 3, 3), "C2": (5, 3, 4), "C3": (5, 3, 3)}


def test_a_team_below_k_is_left_out_before_the_three_leaders_rule(tmp_path):
    with db.session(tmp_path / "pulse.duckdb") as con:
        results = ingest_files(con, write_pulse_pilot(tmp_path, TEAMS))
        assert all(r.ok for r in results), [r.problem_lines() for r in results]
        strict = compute(con, "impact", Filters(min_group=5)).set_index("metric").loc["pulse_mean"]
        loose = compute(con, "impact", Filters(min_group=3)).set_index("metric").loc["pulse_mean"]
    # at k = 5, P3's three respondents never reach k: two program leaders are left
    assert (strict["n_program"], strict["n_comparison"], bool(strict["some_excluded"])) == (2, 3, True)
    assert strict["verdict"] == "not enough data"
    assert strict["verdict_text"].startswith("not enough data: 2 program and 3 comparison leader(s)")
    # at k = 3 the same pilot has its three leaders: Welch on [1, 2, 1] against [0, 1, 0]
    expected = scipy_stats.ttest_ind([1, 2, 1], [0, 1, 0], equal_var=False)
    interval = expected.confidence_interval(0.95)
    assert (loose["n_program"], bool(loose["some_excluded"]), loose["effect"]) == (3, False, 1.0)
    assert (loose["ci_low"], loose["ci_high"]) == (round(interval.low, 2), round(interval.high, 2))
    assert loose["role"] == "primary" and loose["df"] == 4.0
    assert loose["verdict"] == "inconclusive"  # the interval (−0.31 to +2.31) includes zero
    assert loose["verdict_text"].startswith("inconclusive — consistent with -0.31 to +2.31")
    assert "small sample: 3 program and 3 comparison leaders (4.0 degrees of freedom)" in loose["caveats"]


def test_from_ten_degrees_of_freedom_the_verdict_has_no_small_sample_caveat(tmp_path):
    falls, drifts = (3, 4, 5, 4, 3, 5, 4), (0, 1, -1, 0, 1, -1, 0)
    series = {f"P{i}": [10, 10, 10, None, *[10 - fall] * 3] for i, fall in enumerate(falls, start=1)}
    series |= {f"C{i}": [10, 10, 10, None, *[10 + drift] * 3] for i, drift in enumerate(drifts, start=1)}
    with db.session(tmp_path / "seven.duckdb") as con:
        ingest_files(con, write_outcomes_pilot(tmp_path, series))
        row = compute(con, "impact").set_index("metric").loc["escalation_rate"]
    expected = scipy_stats.ttest_ind([-f for f in falls], list(drifts), equal_var=False)
    assert row["df"] == round(float(expected.df), 1) == 12.0  # equal spreads, 7 + 7 leaders
    assert (row["effect"], row["verdict"], row["pretrend"]) == (-4.0, "improved", "passed")
    assert "small sample" not in row["caveats"] and "small sample" not in row["verdict_text"]


def test_an_adverse_effect_costs_money_end_to_end(tmp_path):
    # escalations rise by 4 points more in the program teams than in the comparison teams
    rising = {"P1": [10, 10, 10, None, 14, 14, 14], "P2": [12, 12, 12, None, 17, 17, 17],
              "P3": [8, 8, 8, None, 11, 11, 11]}
    with db.session(tmp_path / "worse.duckdb") as con:
        ingest_files(con, write_outcomes_pilot(tmp_path, rising | FLAT))
        assumptions = Assumptions(cost_per_escalation=100, attribution_pct=50, confidence_pct=80, **COSTS)
        table = compute(con, "roi", assumptions=assumptions).set_index("scenario")
        effect = compute(con, "impact").set_index("metric").loc["escalation_rate"]
    assert (effect["effect"], effect["verdict"]) == (4.0, "worsened")
    central = table.loc["central"]
    # 4 points more escalations of 3,600 interactions a year: 144 more, a negative benefit
    assert central["escalations_avoided"] == -144.0 and central["benefits"] == -144 * 100 * 0.5 * 0.8
    assert central["net_benefit"] == central["benefits"] - central["costs"] and central["roi_pct"] < -100
    assert bool(central["demonstrable"]) and central["monetised"] == "escalation rate"
    assert table.loc["best case", "benefits"] > central["benefits"] > table.loc["low", "benefits"]


def test_a_favourable_point_estimate_that_does_not_pass_is_worth_nothing():
    hopeful = Inputs(Effect(-2.0, -1.0, 0.1, verdict="inconclusive", baseline=5.0),
                     Effect(-9.0, -4.0, 0.5, verdict="already drifting apart", baseline=12.0), 100_000, 200, 4)
    table = scenarios(hopeful, Assumptions(**COSTS)).set_index("scenario")
    assert (table["benefits"] == 0).all() and (table["escalations_avoided"] == 0).all()
    assert (table["exits_avoided"] == 0).all() and not table["demonstrable"].any()
    assert (table["roi_pct"] == -100).all() and set(table["monetised"]) == {"none"}
    passing = Inputs(Effect(-2.0, -1.0, -0.1, verdict="improved", baseline=5.0), NO_EFFECT, 100_000, 200, 4)
    assert scenarios(passing, Assumptions(**COSTS)).set_index("scenario").loc["central", "escalations_avoided"] == 1000


def test_the_roi_credits_only_the_program_leaders_measured_on_the_effect(tmp_path):
    # P4 has no follow-up month: its team's interactions are not credited
    series = {"P1": [10, 10, 10, None, 6, 6, 6], "P2": [12, 12, 12, None, 7, 7, 7],
              "P3": [8, 8, 8, None, 5, 5, 5], "P4": [9, 9, 9, None, None, None, None]} | FLAT
    with db.session(tmp_path / "credit.duckdb") as con:
        ingest_files(con, write_outcomes_pilot(tmp_path, series))
        inputs = measured_inputs(con, Filters(), Assumptions(**COSTS))
    assert inputs.measured_leaders["escalation_rate"] == 3
    assert inputs.annual_interactions == 3 * 100 * 12  # P4's 100 a month left out
    assert inputs.participants == 4  # but P4 was trained: the costs count it


# --- the validity study's own pilots ----------------------------------------------------------


def _study():
    spec = importlib.util.spec_from_file_location("impact_validity", ROOT / "bench" / "impact_validity.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_the_validity_study_runs_its_pilots_through_the_real_import():
    study = _study()
    record = study.run_pilot(("null-4", 0))
    assert record["scenario"] == "null-4" and record["verdict"] in VERDICTS
    assert 0 < record["n_program"] <= 4 and 0 < record["n_comparison"] <= 4
    assert record["ci_low"] is None or record["ci_low"] <= record["effect"] <= record["ci_high"]
    again = study.run_pilot(("null-4", 0))
    assert {k: v for k, v in again.items() if k != "seconds"} == {k: v for k, v in record.items() if k != "seconds"}
    # the truth on the measured scale: rounding and clipping to 1–5 shrink a latent shift a little
    assert study.observed_effect(0.0) == 0.0 and 0.4 < study.observed_effect(0.5) < 0.5
    assert study._share(5, 100) == "5.0% ± 4.3"
    table = study.summary([record])
    assert "| null-4 | +0.000 | 1 |" in table
