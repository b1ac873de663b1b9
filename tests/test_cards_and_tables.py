"""Headline cards and reading tables: the KPI layer's numbers in words, hidden cells in
words, never as zeros."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dashboard.kpi import Filters, compute
from dashboard.kpi.participation import participation_summary
from dashboard.present import tables
from dashboard.present.cards import (
    delta_colour,
    impact_cards,
    interval_text,
    participation_cards,
    reason,
)
from dashboard.present.formatting import BAD, GOOD
from dashboard.present.verdicts import colour_key, verdict
from dashboard.store import db


@pytest.fixture(scope="module")
def demo(demo_db_template):
    with db.session(demo_db_template, read_only=True) as con:
        return {name: compute(con, name, Filters()) for name in
                ("impact", "targets", "self_gap", "pulse_trend", "business", "roi")} | {
            "participation": participation_summary(con, Filters())}


def test_impact_cards_follow_the_impact_table(demo):
    cards = {c.metric: c for c in impact_cards(demo["impact"])}
    pulse = cards["pulse_mean"]
    row = demo["impact"].set_index("metric").loc["pulse_mean"]
    assert pulse.layer == "behaviour" and pulse.verdict == "improved"
    assert pulse.value == f"{row['program_post']:.2f}"
    assert pulse.change == f"▲ +{row['program_change']:.2f} vs baseline" and pulse.good is True
    assert pulse.versus == (f"vs comparison: ▲ +{row['effect']:.2f} "
                            f"(+{row['ci_low']:.2f} to +{row['ci_high']:.2f})")
    # the reason, then the verdict's caveats (method 2: the trends check could not rule out a drift)
    assert pulse.verdict_text.startswith("the likely range leaves out zero (10 program vs 10 comparison leaders) — ")
    assert "parallel trends not confirmed" in pulse.verdict_text and pulse.role == "primary"
    enps = cards["enps"]
    assert enps.verdict == f"inconclusive — consistent with {interval_text('enps', row_of(demo, 'enps')['ci_low'], row_of(demo, 'enps')['ci_high'])}"  # noqa: E501
    assert enps.verdict_text.startswith("can't distinguish from noise")
    assert enps.role == "exploratory" and "Holm-adjusted" in enps.verdict_text
    assert cards["rubric_level"].versus.startswith("no comparison cohort")
    assert cards["escalation_rate"].layer == "business"
    assert delta_colour(True) == "blue" and delta_colour(False) == "orange"
    assert delta_colour(None) == "gray"


def row_of(demo, metric):
    return demo["impact"].set_index("metric").loc[metric]


def test_a_card_says_when_too_few_leaders_tell_anything():
    # method 1 wrote "— too few leaders to tell" below 10 program leaders; now the KPI layer's
    # small-sample caveat (fewer than 10 degrees of freedom) follows the reason
    row = pd.Series({"verdict": "inconclusive", "n_program": 4, "n_comparison": 5,
                     "isolated": True, "verdict_text": "",
                     "caveats": "small sample: 4 program and 5 comparison leaders (6.1 degrees of freedom)"})
    assert reason(row) == ("can't distinguish from noise yet (4 program vs 5 comparison leaders) — "
                           "small sample: 4 program and 5 comparison leaders (6.1 degrees of freedom)")
    thin = pd.Series({"verdict": "not enough data", "n_program": 2, "n_comparison": 0,
                      "isolated": True,
                      "verdict_text": "not enough data: 2 program and 0 comparison leader(s) with "
                                      "both a baseline and a follow-up; at least 3 on each side are needed"})
    assert reason(thin).startswith("2 program and 0 comparison leader(s)")
    assert interval_text("escalation_rate", -1.234, 0.2) == "−1.2 to +0.2 pts"
    assert interval_text("response_hours", -0.85, 0.14) == "−0.85 to +0.14 h"


def test_participation_cards(demo):
    cards = participation_cards(demo["participation"])
    assert [c.label for c in cards] == ["Microlearning", "Live practice", "Coaching"]
    assert cards[0].value == "97.2%"
    # plain words (issue 17): was "35 of 36 leader × module enrolments"
    assert cards[0].value_note == "completed: 35 of 36 module places (one per leader and module)"


def test_hidden_cells_read_fewer_than_k_responses(demo):
    gap = demo["self_gap"]
    shown = tables.self_gap(gap, 5)
    hidden = gap["suppressed"].to_numpy()
    assert hidden.any()
    assert set(shown.loc[hidden, "Team"]) == {"fewer than 5 responses"}
    assert set(shown.loc[hidden, "Team members answering"]) == {"fewer than 5 responses"}
    assert "0" not in set(shown.loc[hidden, "Gap (self − team)"])
    assert not shown.loc[~hidden, "Team"].str.contains("fewer").any()


def test_pulse_cells_months_and_intervals(demo):
    shown = tables.pulse_cells(demo["pulse_trend"].head(3), 5)
    assert shown.loc[0, "Month"] == "Jan 2026" and shown.loc[0, "Phase"] == "Baseline"
    assert shown.loc[0, "Interval"].count(" to ") == 1
    assert shown.loc[0, "Favourable"].endswith("%")


def test_targets_keep_progress_a_number_for_the_bar(demo):
    shown = tables.targets(demo["targets"])
    assert shown["Progress"].between(0, 100).all()
    assert shown.loc[0, "Latest"].endswith("(Aug–Oct 2026)")  # the three months the latest value pools
    assert shown.loc[0, "Change"].startswith(("▲", "▼", "■"))


def test_impact_table_and_scenarios(demo):
    shown = tables.impact(demo["impact"])
    # method 2 adds the role (primary or exploratory) after the metric
    assert list(shown.columns) == ["Metric", "Role", "Program change", "Comparison change", "Effect",
                                   "Interval", "Verdict", "Why"]
    assert list(shown["Role"]) == ["primary"] + ["exploratory"] * (len(shown) - 1)
    assert shown.loc[len(shown) - 1, "Comparison change"] == "no comparison"
    scenarios = tables.scenarios(demo["roi"])
    assert list(scenarios.columns) == ["", "Low", "Central", "Best case"]  # were Conservative, Expected, Optimistic
    assert scenarios.set_index("").loc["Costs (fully loaded)", "Central"] == "€36,700"
    assert scenarios.set_index("").loc["Monetised effects", "Central"] == "none — ROI not yet demonstrable"


def test_business_table_has_a_column_per_metric(demo):
    shown = tables.business(demo["business"])
    assert {"Cohort", "Month", "Escalation rate", "CSAT"} <= set(shown.columns)
    assert shown.loc[0, "Escalation rate"].endswith("%")


def test_freshness_and_import_log():
    summary = pd.DataFrame({"kind": ["pulse", "roster"], "rows": [10, 0], "imports": [1, 0],
                            "latest": ["2026-03", None]})
    shown = tables.freshness(summary)
    assert list(shown["Latest period"]) == ["Mar 2026", "—"]
    log = pd.DataFrame({"import_id": [2], "file_name": ["a.csv"], "kind": ["pulse"],
                        "rows": [5], "replaced_rows": [np.nan], "status": ["active"],
                        "source": ["upload"], "imported_at": [pd.Timestamp("2026-03-04 10:05")],
                        "imported_by": ["ann"]})
    assert tables.import_log(log).loc[0, "When"] == "04 Mar 2026 10:05"


# --- the verdict, read once for every view -----------------------------------------------


def test_the_verdict_reads_isolation_from_the_isolated_column():
    row = {"verdict": "improved", "isolated": False}  # no comparison arm, whatever the text says
    judged = verdict(row)
    # method 1 said "improved (not isolated)" in the good colour; a change without a comparison
    # arm is now never "improved"
    assert (judged.kind, judged.isolated, judged.words) == ("change (not isolated)", False, "change (not isolated)")
    assert judged.tone == "neutral" and not judged.clear
    with pytest.raises(ValueError, match="unknown verdict 'improved \\(not isolated\\)'"):
        verdict({"verdict": "improved (not isolated)", "isolated": False})
    assert verdict({"verdict": "improved", "isolated": True}).colour == GOOD
    assert verdict({"verdict": "worsened", "isolated": True}).words == "worsened"
    assert verdict({"verdict": "worsened", "isolated": True}).colour == BAD
    missing = verdict({"verdict": "not enough data", "isolated": False})
    assert missing.words == "not enough data" and missing.tone == "neutral" and not missing.clear
    with pytest.raises(ValueError, match="unknown verdict 'improvedish'"):
        verdict({"verdict": "improvedish", "isolated": True})


def test_every_view_shows_the_verdict_the_impact_row_gives(demo):
    impact = demo["impact"]
    # the words are the kind, except an inconclusive one, which carries its interval
    for r in impact.to_dict("records"):
        judged = verdict(r)
        assert judged.words == r["verdict"] or (r["verdict"] == "inconclusive"
                                                and judged.words.startswith("inconclusive — consistent with "))
    unisolated = impact.assign(isolated=impact["metric"] != "pulse_mean")
    cards = {c.metric: c for c in impact_cards(unisolated)}
    table = tables.impact(unisolated).set_index("Metric")
    assert cards["pulse_mean"].verdict == "change (not isolated)"  # method 1: "improved (not isolated)"
    assert table.loc["Pulse score (team ratings)", "Verdict"] == "change (not isolated)"
    assert cards["pulse_mean"].verdict_text.startswith("a change, but with nothing to compare it with "
                                                       "(10 program leaders)")
    enps_words = cards["enps"].verdict
    assert enps_words == table.loc["eNPS", "Verdict"] and enps_words.startswith("inconclusive — consistent with −")
    assert enps_words.endswith(" pts")  # eNPS keeps its comparison arm in this frame
    assert cards["rubric_level"].verdict == "change (not isolated)"  # the KPI layer's kind stands
    assert colour_key() == ("Blue: improved; orange: worsened; grey: inconclusive, drifting apart or not "
                            "isolated.")
