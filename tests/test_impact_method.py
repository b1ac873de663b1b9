"""The impact method (version 2): a Welch t interval on leaders' change scores, several waves
pooled with Satterthwaite degrees of freedom, the parallel-trends check, one primary metric
with Holm-adjusted exploratory ones, the verdict's words and caveats, and the method version
on every output. Small pilots are written as canonical CSV files and imported into real
DuckDB files; their numbers are worked out here by hand (or by SciPy / statsmodels)."""

from __future__ import annotations

import importlib
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats as scipy_stats
from statsmodels.stats.multitest import multipletests

from dashboard.cli import main
from dashboard.ingest import ingest_files
from dashboard.kpi import Filters, compute
from dashboard.kpi.analysis_plan import AnalysisPlan, AnalysisPlanError, load_analysis_plan
from dashboard.kpi.stats import Wave, holm, one_sample, welch
from dashboard.plan.calendar import Cadence, load_cadence, save_analysis_plan, save_cadence
from dashboard.present.verdicts import verdict
from dashboard.store import db, imports

impact_module = importlib.import_module("dashboard.kpi.impact")
MONTHS = [f"2026-{m:02d}" for m in range(1, 10)]


# --- small outcome pilots: escalations per 100 interactions, so the rate is the count --------


ONE_MODULE = (("P", "2026-04-06", "2026-04-24"),)


def write_outcomes_pilot(folder: Path, series: dict[str, list[int | None]],
                         schedule: tuple[tuple[str, str, str], ...] = ONE_MODULE) -> list[Path]:
    """Leaders named P…/Q… (program cohorts P and Q) and C… (comparison), one escalation count a
    month from January (None: no data that month), 100 interactions every month; teams of 10 (a
    cohort-month of fewer than k people would be hidden by the privacy rule)."""
    roster = ["person_id,role,leader_id,cohort,arm\n"]
    outcomes = ["period,leader_id,escalations,interactions,headcount\n"]
    for leader, values in series.items():
        cohort = "Comparison" if leader.startswith("C") else leader[0]
        arm = "comparison" if cohort == "Comparison" else "program"
        roster.append(f"{leader},leader,,{cohort},{arm}\n")
        outcomes += [f"{MONTHS[i]},{leader},{v},100,10\n" for i, v in enumerate(values) if v is not None]
    files = {"roster.csv": roster,
             "schedule.csv": ["cohort,module_id,module_name,start_date,end_date\n"]
             + [f"{c},m1,Module one,{start},{end}\n" for c, start, end in schedule],
             "outcomes.csv": outcomes}
    paths = []
    for name, lines in files.items():
        path = folder / name
        path.write_text("".join(lines), encoding="utf-8")
        paths.append(path)
    return paths


def outcomes_impact(tmp_path: Path, series: dict[str, list[int | None]], plan: AnalysisPlan | None = None,
                    **options: object) -> pd.Series:
    """The escalation-rate row of the impact table of such a pilot (unrounded when asked)."""
    path = tmp_path / "pilot.duckdb"
    with db.session(path) as con:
        results = ingest_files(con, write_outcomes_pilot(tmp_path, series, **options))  # type: ignore[arg-type]
        assert all(r.ok for r in results), [r.problem_lines() for r in results]
        if plan is not None:
            save_analysis_plan(con, plan, user="test")
        return compute(con, "impact").set_index("metric").loc["escalation_rate"]


# Jan–Mar baseline, April the module, May–Jul follow-up (the rate is the count).
FLAT = {"C1": [10, 10, 10, None, 10, 10, 10], "C2": [12, 12, 12, None, 13, 13, 13],
        "C3": [8, 8, 8, None, 7, 7, 7]}
FALLING = {"P1": [10, 10, 10, None, 6, 6, 6], "P2": [12, 12, 12, None, 7, 7, 7],
           "P3": [8, 8, 8, None, 5, 5, 5]}


# --- 1. the interval ---------------------------------------------------------------------


def test_the_welch_interval_is_scipys_on_the_hand_pilot(pilot):
    # pulse score from others, baseline January, follow-up May (tests/kpi_data.py): P1 2.8 → 4.4,
    # P2 3.0 → 4.0, P3 2.0 → 3.2; C1 3.4 → 3.6, C2 2.6 → 2.8, C3 4.2 → 4.0 (S1's team is too small)
    program, comparison = [1.6, 1.0, 1.2], [0.2, 0.2, -0.2]
    expected = scipy_stats.ttest_ind(program, comparison, equal_var=False)
    interval = expected.confidence_interval(0.95)
    row = compute(pilot, "impact").set_index("metric").loc["pulse_mean"]
    assert (row["ci_low"], row["ci_high"]) == (round(interval.low, 2), round(interval.high, 2))
    assert row["df"] == round(float(expected.df), 1) and row["p_value"] == round(float(expected.pvalue), 4)
    mine = welch([Wave(3, program, {"C1": 0.2, "C2": 0.2, "C3": -0.2})], 0.95)
    assert mine.low == pytest.approx(interval.low, abs=1e-12) and mine.high == pytest.approx(interval.high, abs=1e-12)
    assert mine.df == pytest.approx(float(expected.df), abs=1e-12)
    ninety = welch([Wave(3, program, {"C1": 0.2, "C2": 0.2, "C3": -0.2})], 0.9)
    assert ninety.high - ninety.low < mine.high - mine.low


def test_the_rubric_gets_a_one_sample_t_interval(pilot):
    # facilitator levels per leader: P1 1 → 3, P2 2 → 3, P3 2 → 3
    interval = scipy_stats.ttest_1samp([2.0, 1.0, 1.0], 0).confidence_interval(0.95)
    row = compute(pilot, "impact").set_index("metric").loc["rubric_level"]
    assert (row["ci_low"], row["ci_high"], row["df"]) == (round(interval.low, 2), round(interval.high, 2), 2.0)
    assert one_sample([2.0], 0.95).low != one_sample([2.0], 0.95).low  # NaN: no spread from one value


def _satterthwaite_by_hand(waves: list[tuple[float, list[float], dict[str, float]]]) -> tuple[float, float, float]:
    """Effect, variance and df of the pooled contrast, written out long-hand."""
    total = sum(w for w, _, _ in waves)
    effect, parts, deviation = 0.0, [], {}
    for weight, program, comparison in waves:
        share = weight / total
        effect += share * (np.mean(program) - np.mean(list(comparison.values())))
        parts.append((share**2 * np.var(program, ddof=1) / len(program), len(program) - 1))
        centre = np.mean(list(comparison.values()))
        for leader, change in comparison.items():
            deviation[leader] = deviation.get(leader, 0.0) + share * (change - centre) / len(comparison)
    n = len(deviation)
    parts.append((n / (n - 1) * sum(d * d for d in deviation.values()), n - 1))
    variance = sum(v for v, _ in parts)
    return effect, variance, variance**2 / sum(v * v / d for v, d in parts)


def test_several_waves_are_combined_with_satterthwaite_degrees_of_freedom():
    waves = [(4.0, [1.0, 2.0, 0.5, 1.5], {"C1": 0.1, "C2": -0.3, "C3": 0.4, "C4": 0.0}),
             (2.0, [0.8, 1.9], {"C1": 0.3, "C2": -0.1, "C3": 0.2})]  # C4 not measured in wave 2
    effect, variance, df = _satterthwaite_by_hand(waves)
    pooled = welch([Wave(w, p, c) for w, p, c in waves], 0.95)
    assert pooled.effect == pytest.approx(effect) and pooled.se == pytest.approx(math.sqrt(variance))
    assert pooled.df == pytest.approx(df)
    half = scipy_stats.t.ppf(0.975, df) * math.sqrt(variance)
    assert (pooled.low, pooled.high) == (pytest.approx(effect - half), pytest.approx(effect + half))
    # fewer degrees of freedom than the leaders would give with equal spreads, more than the smallest part's
    assert 1 < pooled.df < (4 + 2 - 2) + (4 - 1)
    # with one wave it is Welch's test
    one = welch([Wave(1.0, *waves[0][1:])], 0.95)
    assert one.df == pytest.approx(float(scipy_stats.ttest_ind(waves[0][1], list(waves[0][2].values()),
                                                                equal_var=False).df))


def test_two_waves_through_the_import_and_the_impact_table(tmp_path):
    # wave 1 (P) trains in April: baseline Jan–Mar, follow-up May–Sep; wave 2 (Q) trains in June:
    # baseline Jan–May, follow-up Jul–Sep; the comparison leaders are measured over both
    series = {
        "P1": [10, 11, 10, 9, 6, 7, 6, 6, 7], "P2": [12, 12, 13, 11, 9, 8, 9, 9, 8],
        "P3": [8, 9, 8, 8, 5, 6, 5, 6, 5],
        "Q1": [11, 10, 11, 10, 11, 9, 8, 8, 9], "Q2": [9, 9, 10, 9, 9, 7, 6, 7, 6],
        "Q3": [13, 12, 12, 13, 12, 10, 10, 9, 10],
        "C1": [10, 10, 11, 10, 10, 11, 10, 10, 11], "C2": [12, 13, 12, 12, 13, 12, 13, 12, 12],
        "C3": [8, 8, 7, 8, 8, 9, 8, 8, 7],
    }

    def change(leader: str, baseline: slice, post: slice) -> float:
        values = series[leader]
        return float(np.mean(values[post]) - np.mean(values[baseline]))

    windows = {1: (slice(0, 3), slice(4, 9)), 2: (slice(0, 5), slice(6, 9))}
    waves = [(3.0, [change(f"{c}{i}", *windows[w]) for i in (1, 2, 3)],
              {f"C{i}": change(f"C{i}", *windows[w]) for i in (1, 2, 3)}) for w, c in ((1, "P"), (2, "Q"))]
    effect, variance, df = _satterthwaite_by_hand(waves)
    path = tmp_path / "waves.duckdb"
    with db.session(path) as con:
        ingest_files(con, write_outcomes_pilot(tmp_path, series, schedule=(
            ("P", "2026-04-06", "2026-04-24"), ("Q", "2026-06-01", "2026-06-19"))))
        row = impact_module.estimates(con, Filters()).set_index("metric").loc["escalation_rate"]
    assert (row["n_program"], row["n_comparison"]) == (6, 3)
    assert row["effect"] == pytest.approx(effect) and row["df"] == pytest.approx(df)
    half = scipy_stats.t.ppf(0.975, df) * math.sqrt(variance)
    assert (row["ci_low"], row["ci_high"]) == (pytest.approx(effect - half), pytest.approx(effect + half))


# --- 2–3. the words, every branch, and the parallel-trends check ------------------------------


def test_improved_when_the_interval_excludes_zero_and_the_trends_check_passes(tmp_path):
    row = outcomes_impact(tmp_path, FALLING | FLAT)
    # changes −4, −5, −3 against 0, +1, −1: effect −4; flat baselines, so the placebo is exactly 0
    assert (row["effect"], row["verdict"], row["pretrend"], row["baseline_months"]) == (-4.0, "improved", "passed", 3)
    assert (row["pretrend_effect"], row["pretrend_low"], row["pretrend_high"]) == (0.0, 0.0, 0.0)
    assert row["role"] == "exploratory" and row["df"] == 4.0  # Welch: s² = 1 in each arm of 3
    assert row["verdict_text"].startswith("improved: effect -4.0 (95% interval ")
    assert "small sample: 3 program and 3 comparison leaders (4.0 degrees of freedom)" in row["caveats"]
    assert "exploratory: Holm-adjusted over 1 exploratory metric" in row["caveats"]
    assert verdict(row).words == "improved" and verdict(row).clear


def test_worsened_by_the_metrics_good_direction(tmp_path):
    rising = {f"P{i}": [v[0], v[1], v[2], None, 2 * v[0] - v[4], 2 * v[0] - v[5], 2 * v[0] - v[6]]
              for i, v in ((i, FALLING[f"P{i}"]) for i in (1, 2, 3))}
    row = outcomes_impact(tmp_path, rising | FLAT)
    assert (row["effect"], row["verdict"]) == (4.0, "worsened")  # more escalations is worse


def test_inconclusive_says_what_the_data_are_consistent_with(tmp_path):
    unclear = {"P1": [10, 10, 10, None, 9, 9, 9], "P2": [12, 12, 12, None, 12, 12, 12],
               "P3": [8, 8, 8, None, 9, 9, 9]}
    row = outcomes_impact(tmp_path, unclear | FLAT)
    assert row["verdict"] == "inconclusive" and row["effect"] == 0.0
    words = f"inconclusive — consistent with {row['ci_low']:+.1f} to {row['ci_high']:+.1f}"
    assert row["verdict_text"].startswith(words.replace("+-", "-"))
    judged = verdict(row)
    assert judged.words == (f"inconclusive — consistent with −{abs(row['ci_low']):.1f} to "
                            f"+{row['ci_high']:.1f} pts") and not judged.clear


def test_arms_already_drifting_apart_are_never_improved(tmp_path):
    # the program teams' escalations were already falling before training (placebo: March −
    # January = −4 against 0), so the fall after it is not the program's
    drifting = {"P1": [14, 12, 10, None, 6, 6, 6], "P2": [16, 14, 12, None, 7, 7, 7],
                "P3": [12, 10, 8, None, 5, 5, 5]}
    row = outcomes_impact(tmp_path, drifting | FLAT)
    assert row["pretrend"] == "failed" and row["pretrend_effect"] == -4.0
    assert row["verdict"] == "already drifting apart"
    assert verdict(row).words == "inconclusive — the cohorts were already drifting apart before training"
    assert "the program cohorts already moved -4.0 against the comparison" in row["caveats"]
    assert not verdict(row).clear


def test_a_drift_the_baseline_cannot_rule_out_is_said_on_the_verdict(tmp_path):
    # noisy baselines: the placebo's interval is wide, and a drift within it, continued from the
    # baseline's middle (February) to the follow-up's (June), would explain the effect
    noisy_program = {"P1": [10, 12, 8, None, 6, 6, 6], "P2": [12, 12, 12, None, 7, 7, 7],
                     "P3": [8, 6, 10, None, 5, 5, 5]}
    noisy_comparison = {"C1": [10, 12, 8, None, 10, 10, 10], "C2": [12, 12, 12, None, 13, 13, 13],
                        "C3": [8, 6, 10, None, 7, 7, 7]}
    row = outcomes_impact(tmp_path, noisy_program | noisy_comparison)
    assert row["pretrend"] == "not ruled out" and row["pretrend_effect"] == 0.0
    # the far end of the placebo interval (its low end: the effect is negative) × (Jun − Feb) ÷ (Mar − Jan)
    assert row["drift_bound"] == pytest.approx(2 * row["pretrend_low"], abs=0.1)  # both rounded to 0.1
    assert abs(row["drift_bound"]) >= abs(row["effect"])
    assert row["verdict"] == "improved"  # the verdict stands, with the warning
    assert "parallel trends not confirmed: the 3 baseline months cannot rule out" in row["caveats"]


def test_too_few_baseline_months_are_said_and_the_plan_can_ask_for_more(tmp_path):
    short = {leader: [None, *values[1:]] for leader, values in (FALLING | FLAT).items()}  # from February
    (tmp_path / "short").mkdir()
    row = outcomes_impact(tmp_path / "short", short)
    assert (row["pretrend"], row["baseline_months"], row["verdict"]) == ("not checked", 2, "improved")
    assert "parallel trends could not be checked (2 baseline months)" in row["caveats"]
    (tmp_path / "strict").mkdir()
    strict = outcomes_impact(tmp_path / "strict", FALLING | FLAT, plan=AnalysisPlan(pretrend_months=4))
    assert (strict["pretrend"], strict["baseline_months"]) == ("not checked", 3)
    assert "parallel trends could not be checked (3 baseline months; the plan asks for 4)" in strict["caveats"]
    # three baseline months, but no program team measured in March: nothing to compare January with
    (tmp_path / "gap").mkdir()
    gap = outcomes_impact(tmp_path / "gap", {k: [v[0], v[1], None, *v[3:]] for k, v in FALLING.items()} | FLAT)
    assert (gap["pretrend"], gap["baseline_months"]) == ("not checked", 3)
    assert ("parallel trends could not be checked (too few leaders measured in both the early and the late "
            "baseline months)") in gap["caveats"]


def test_not_enough_data_below_three_leaders_per_arm(tmp_path):
    two = {k: v for k, v in FLAT.items() if k != "C3"}
    row = outcomes_impact(tmp_path, FALLING | two)
    assert (row["verdict"], row["n_comparison"]) == ("not enough data", 2)
    assert "at least 3 on each side are needed" in row["verdict_text"] and row["caveats"] == ""


def test_the_rubric_is_a_change_never_improved(demo_db):
    with db.session(demo_db) as con:
        row = compute(con, "impact").set_index("metric").loc["rubric_level"]
    assert row["verdict"] == "change (not isolated)" and not row["isolated"]
    assert verdict(row).words == "change (not isolated)" and verdict(row).tone == "neutral"
    assert "the raters know who was trained" in row["caveats"]


# --- 4. one primary metric, the rest exploratory and Holm-adjusted ----------------------------


def test_exploratory_metrics_are_holm_adjusted_and_the_primary_is_not(demo_db):
    with db.session(demo_db) as con:
        table = impact_module.estimates(con, Filters()).set_index("metric")
    assert table.loc["pulse_mean", "role"] == "primary"
    assert table.loc["pulse_mean", "p_adjusted"] == table.loc["pulse_mean", "p_value"]
    family = table[(table["role"] == "exploratory") & table["p_value"].notna()]
    assert len(family) == 9  # eight business and survey metrics and the rubric
    expected = multipletests(family["p_value"].tolist(), method="holm")[1]
    assert family["p_adjusted"].tolist() == pytest.approx(list(expected))
    assert holm(family["p_value"].tolist()) == pytest.approx(list(expected))
    # meeting participation's interval excludes zero, but not after the adjustment
    meeting = table.loc["meeting_participation"]
    assert meeting["ci_low"] > 0 and meeting["p_adjusted"] >= 0.05 and meeting["verdict"] == "inconclusive"
    assert "not after the adjustment for testing many metrics" in meeting["caveats"]
    assert table.loc["pulse_mean", "verdict"] == "improved"


def test_the_plan_names_the_primary_metric(demo_db):
    with db.session(demo_db) as con:
        save_analysis_plan(con, AnalysisPlan(primary_metric="meeting_participation"), user="analyst")
        table = compute(con, "impact").set_index("metric")
        change = imports.import_log(con).iloc[0]
    assert table.loc["meeting_participation", "role"] == "primary"
    assert table.loc["meeting_participation", "verdict"] == "improved"  # its interval excludes zero
    assert table.loc["pulse_mean", "role"] == "exploratory"
    assert table.loc["pulse_mean", "verdict"] == "inconclusive"  # p = 0.027, Holm over 9 metrics
    assert change["file_name"] == "pilot plan: primary metric and baseline months"


def test_the_analysis_plan_is_stored_with_the_cadence_and_undone_like_every_plan_change(demo_db):
    with db.session(demo_db) as con:
        assert load_analysis_plan(con) == AnalysisPlan("pulse_mean", 3)
        saved = save_analysis_plan(con, AnalysisPlan("escalation_rate", 5), user="analyst")
        save_cadence(con, Cadence(baseline_months=4), user="analyst")  # keeps the analysis plan
        assert load_analysis_plan(con) == AnalysisPlan("escalation_rate", 5)
        assert load_cadence(con).baseline_months == 4
        save_analysis_plan(con, AnalysisPlan("csat", 3), user="analyst")  # keeps the cadence
        assert load_cadence(con).baseline_months == 4
        imports.undo_import(con, saved.import_id + 2, user="analyst")
        assert load_analysis_plan(con) == AnalysisPlan("escalation_rate", 5)
    for bad in ({"primary_metric": "rubric_level"}, {"primary_metric": "nonsense"}, {"pretrend_months": 2},
                {"pretrend_months": 13}, {"pretrend_months": True}):
        with pytest.raises(AnalysisPlanError):
            AnalysisPlan(**bad)  # type: ignore[arg-type]


# --- the baseline trend table -------------------------------------------------------------


def test_each_arms_baseline_trend_is_a_kpi_table(tmp_path):
    path = tmp_path / "pilot.duckdb"
    drifting = {"P1": [14, 12, 10, None, 6, 6, 6], "P2": [16, 14, 12, None, 7, 7, 7],
                "P3": [12, 10, 8, None, 5, 5, 5]}
    with db.session(path) as con:
        ingest_files(con, write_outcomes_pilot(tmp_path, drifting | FLAT))
        trend = compute(con, "baseline_trend")
    rows = trend[trend["metric"] == "escalation_rate"].set_index(["arm", "period"])
    assert list(rows.loc["program", "value"]) == [14.0, 12.0, 10.0]  # the leaders' mean each month
    assert list(rows.loc["comparison", "value"]) == [10.0, 10.0, 10.0]
    assert set(rows.loc["program", "trend_per_month"]) == {-2.0}
    assert set(rows.loc["comparison", "trend_per_month"]) == {0.0}
    assert set(rows["n_leaders"]) == {3} and not rows["suppressed"].any()


def test_a_baseline_month_with_a_hidden_team_is_hidden(demo_db):
    with db.session(demo_db) as con:
        trend = compute(con, "baseline_trend")
    hidden = trend[trend["suppressed"]]
    assert len(hidden) and hidden["value"].isna().all()  # a team below k that month: no arm mean
    assert trend.loc[~trend["suppressed"], "value"].notna().all()


# --- 9. the method version --------------------------------------------------------------------


def test_the_method_version_is_on_the_tables_their_exports_and_the_report(pilot_db, tmp_path, capsys):
    assert main(["kpi", "impact", "--db", str(pilot_db), "--format", "csv"]) == 0
    printed = capsys.readouterr().out
    header, first = printed.splitlines()[:2]
    assert "method_version" in header.split(",") and first.endswith(",3")
    out = tmp_path / "roi.xlsx"
    assert main(["kpi", "roi", "--db", str(pilot_db), "--format", "xlsx", "--out", str(out)]) == 0
    workbook = pd.read_excel(out)
    assert set(workbook["method_version"].astype(str)) == {"3"}
    report = tmp_path / "report.html"
    assert main(["report", "--db", str(pilot_db), "--quarter", "2026-Q2", "--out", str(report)]) == 0
    assert "Impact method version 3." in report.read_text(encoding="utf-8")


def test_a_bound_that_prints_as_zero_never_carries_a_verdict():
    """−0.33 to −0.004 prints as "−0.33 to −0.00": the verdict follows the printed interval."""
    from dashboard.kpi.impact import _excludes_zero

    row = pd.Series({"metric": "pulse_mean", "ci_low": -0.33, "ci_high": -0.004})
    assert not _excludes_zero(row)
    assert _excludes_zero(row.copy().replace({-0.004: -0.006}))
    assert _excludes_zero(pd.Series({"metric": "pulse_mean", "ci_low": 0.005, "ci_high": 0.4}))
