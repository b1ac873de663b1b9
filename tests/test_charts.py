"""Charts drawn from real KPI tables (the demo program) and from small hand-made ones:
cohort colours, units on axes, hidden cells drawn as hidden — never as zero."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboard.kpi import Filters, compute
from dashboard.kpi.assumptions import load_assumptions
from dashboard.kpi.catalog import filter_options, module_timeline
from dashboard.kpi.registry import BUSINESS_METRICS, IMPACT_METRICS
from dashboard.kpi.roi import cost_breakdown, measured_inputs, scenarios, sensitivity
from dashboard.kpi.rubric import rubric_agreement, rubric_leader_levels
from dashboard.kpi.trends import arm_trend
from dashboard.present import charts
from dashboard.present.formatting import COMPARISON_COLOUR, LEVEL_COLOURS, cohort_colours
from dashboard.store import db


@pytest.fixture(scope="module")
def demo(demo_db_template):
    """Every KPI frame the charts draw, computed once from the demo program."""
    with db.session(demo_db_template, read_only=True) as con:
        options = filter_options(con)
        everything = Filters()
        frames = {name: compute(con, name, everything) for name in
                  ("pulse_trend", "enps", "self_gap", "rubric_progress", "rubric_change",
                   "participation", "business", "impact")}
        frames["timeline"] = module_timeline(con, everything)
        frames["levels"] = rubric_leader_levels(con, everything)
        frames["agreement"] = rubric_agreement(con, everything)
        frames["trend"] = arm_trend(con, everything)
        assumptions = load_assumptions()
        inputs = measured_inputs(con, everything, assumptions, effects=frames["impact"])
    frames["scenarios"] = scenarios(inputs, assumptions)
    frames["costs"] = cost_breakdown(inputs, assumptions)
    frames["sensitivity"] = sensitivity(inputs, assumptions)
    frames["colours"] = cohort_colours(options.cohorts, options.arm_of)
    frames["names"] = options.module_names
    return frames


def lines(fig: go.Figure) -> dict[str, go.Scatter]:
    return {t.name: t for t in fig.data if isinstance(t, go.Scatter) and t.mode == "lines+markers"}


def test_trend_draws_a_line_per_cohort_in_its_colour_with_the_module_strip(demo):
    frame = demo["pulse_trend"]
    question = frame[(frame["question_id"] == "tone") & (frame["rater_group"] == "others")]
    fig = charts.trend_chart(question, "mean_score", demo["colours"], y_title="Mean score (1–5)",
                             k=5, timeline=demo["timeline"], band=True)
    drawn = lines(fig)
    assert set(drawn) == {"Comparison", "Pilot", "Wave 2"}
    assert drawn["Comparison"].line.color == COMPARISON_COLOUR
    assert drawn["Pilot"].line.color == demo["colours"]["Pilot"] != drawn["Wave 2"].line.color
    assert fig.layout.yaxis.title.text == "Mean score (1–5)"
    assert fig.layout.xaxis2.title.text == "Month" and fig.layout.xaxis.tickformat == "%b %Y"
    bars = [t for t in fig.data if isinstance(t, go.Bar)]
    assert len(bars) == 1 and len(bars[0].y) == len(demo["timeline"]) == 4  # a bar per module
    assert len(set(bars[0].marker.color)) == 2  # in the colours of Pilot and Wave 2
    texts = {a.text.strip() for a in fig.layout.annotations}
    assert {"Awareness of digital cues", "Active listening in video"} <= texts
    bands = [t for t in fig.data if getattr(t, "fill", None) == "tonexty"]
    assert len(bands) == 3  # one interval band per cohort
    fig.to_json()


def test_hidden_cells_are_gaps_and_crosses_never_zeros():
    frame = pd.DataFrame({
        "cohort": ["Pilot"] * 3, "period": ["2026-01", "2026-02", "2026-03"],
        "n": pd.array([8, pd.NA, 7], dtype="Int64"), "mean_score": [3.2, np.nan, 3.6],
        "suppressed": [False, True, False]})
    fig = charts.trend_chart(frame, "mean_score", {"Pilot": "#0072B2"}, y_title="Score", k=5)
    pilot = lines(fig)["Pilot"]
    assert math.isnan(pilot.y[1]) and 0 not in list(pilot.y)
    assert pilot.connectgaps is False
    crosses = [t for t in fig.data if t.name == "hidden: fewer than 5 responses"]
    assert len(crosses) == 1
    assert list(crosses[0].x) == [pd.Timestamp("2026-02-15")]
    assert crosses[0].hovertext == ("Pilot, Feb 2026: fewer than 5 responses",)
    assert crosses[0].y[0] < 3.2  # below the data, not at zero


def test_self_ratings_are_dotted_and_carry_no_band(demo):
    frame = demo["pulse_trend"]
    question = frame[frame["question_id"] == "tone"]
    fig = charts.trend_chart(question, "mean_score", demo["colours"], y_title="Score", k=5,
                             band=True, dash_by="rater_group")
    drawn = lines(fig)
    assert drawn["Pilot — others"].line.dash == "solid"
    assert drawn["Pilot — self"].line.dash == "dot"
    assert len([t for t in fig.data if getattr(t, "fill", None) == "tonexty"]) == 3


def test_empty_tables_say_why_instead_of_drawing_empty_axes(demo):
    empty = demo["pulse_trend"].iloc[0:0]
    for fig in (charts.trend_chart(empty, "mean_score", {}, y_title="x", k=5),
                charts.business_grid(demo["business"].iloc[0:0], BUSINESS_METRICS, {},
                                     demo["timeline"]),
                charts.level_distribution(demo["rubric_progress"].iloc[0:0], {}),
                charts.forest_plot(demo["impact"].iloc[0:0])):
        assert fig.data == ()
        assert fig.layout.annotations[0].text


def test_gap_chart_marks_leaders_whose_others_are_hidden(demo):
    gap = demo["self_gap"]
    month = gap[gap["suppressed"]]["period"].iloc[0]
    chosen = gap[gap["period"] == month]
    fig = charts.gap_chart(chosen, demo["colours"], k=5)
    hidden = [t for t in fig.data if t.name == "others hidden: fewer than 5 responses"]
    assert len(hidden) == 1
    assert set(hidden[0].y) == set(chosen.loc[chosen["suppressed"], "leader_id"])
    assert list(fig.layout.yaxis.categoryarray) == list(
        chosen.sort_values(["cohort", "leader_id"])["leader_id"])


def test_rubric_charts(demo):
    progress = demo["rubric_progress"]
    pilot = progress[progress["cohort"] == "Pilot"]
    fig = charts.level_distribution(pilot, demo["names"])
    panels = pilot[["module_id", "dimension"]].drop_duplicates()
    assert len(fig.data) == 4 * len(panels)
    assert [t.marker.color for t in fig.data[:4]] == [LEVEL_COLOURS[i] for i in (1, 2, 3, 4)]
    assert fig.layout.barmode == "stack" and fig.layout.yaxis.range == (0, 100)

    change = charts.rubric_change_chart(demo["rubric_change"], demo["colours"], demo["names"])
    latest = [t for t in change.data if t.name == "Pilot — latest"][0]
    assert list(latest.text) == [f"{v:+.2f}" for v in
                                 demo["rubric_change"].query("cohort == 'Pilot'")["change"]]

    heat = charts.leader_heatmap(demo["levels"], demo["names"])
    z = np.array(heat.data[0].z, dtype="float64")
    assert z.shape == (demo["levels"]["leader_id"].nunique(), 9)
    assert np.isnan(z).any()  # Wave 2 never took written replies: empty, not zero
    assert np.nanmin(z) >= 1 and np.nanmax(z) <= 4

    agreement = charts.agreement_chart(demo["agreement"].query("cohort == 'Pilot'"), demo["names"])
    assert {t.name for t in agreement.data} == {"facilitator", "peer", "self"}


def test_business_grid_has_a_panel_per_metric_and_shaded_training_windows(demo):
    fig = charts.business_grid(demo["business"], BUSINESS_METRICS, demo["colours"],
                               demo["timeline"])
    titles = [a.text for a in fig.layout.annotations if a.text and "training" not in a.text]
    assert titles[0] == "Escalation rate (%)" and "Median response time (hours)" in titles
    shaded = [s for s in fig.layout.shapes if s.type == "rect"]
    assert len(shaded) == 2 * len(BUSINESS_METRICS)  # Pilot's and Wave 2's windows per panel
    assert len({s.xref for s in shaded}) == len(BUSINESS_METRICS)  # behind every panel
    assert {s.yref.endswith(" domain") for s in shaded} == {True}  # full height of its panel
    legend = [t.name for t in fig.data if t.showlegend is not False]
    assert sorted(legend) == ["Comparison", "Pilot", "Wave 2"]


def test_forest_plot_writes_every_verdict(demo):
    fig = charts.forest_plot(demo["impact"])
    words = [a.text for a in fig.layout.annotations]
    assert len(words) == len(IMPACT_METRICS)
    assert any(w.endswith("improved") for w in words)
    assert any("no clear change" in w for w in words)
    thin = demo["impact"].assign(effect=np.nan, ci_low=np.nan, ci_high=np.nan,
                                 verdict="not enough data")
    assert all(a.text == "not enough data" for a in charts.forest_plot(thin).layout.annotations)


def test_roi_charts(demo):
    frame = demo["scenarios"]
    bars = charts.roi_scenarios_chart(frame)
    assert [t.name for t in bars.data] == ["Benefits (first year, adjusted)", "Fully loaded costs"]
    benefits = charts.benefits_chart(frame)
    assert list(benefits.data[0].x) == ["Conservative", "Expected", "Optimistic"]
    costs = charts.costs_chart(demo["costs"])
    assert costs.data[0].x[-1] == max(demo["costs"].values())
    tornado = charts.tornado_chart(demo["sensitivity"])
    widest = demo["sensitivity"].iloc[0]["assumption"]
    assert tornado.data[0].y[-1] == widest  # drawn bottom-up: the widest bar on top


def test_overview_sparkline_and_participation(demo):
    spark = charts.sparkline(demo["trend"], "pulse_mean")
    assert [t.name for t in spark.data] == ["comparison", "program"]
    part = charts.participation_chart(demo["participation"], demo["colours"], demo["names"])
    assert {t.name for t in part.data} == {"Pilot", "Wave 2"}
    assert all(t.marker.color == demo["colours"][t.name] for t in part.data)


def test_charts_draw_the_busiest_cohorts_when_there_are_too_many_to_read():
    import pandas as pd

    from dashboard.present.charts import MAX_COHORT_LINES, trend_chart

    rows = [{"cohort": f"C{c:02d}", "period": f"2026-0{m}", "mean_score": 3.0, "n": c + 1,
             "suppressed": False, "rater_group": "others"} for c in range(30) for m in (1, 2)]
    figure = trend_chart(pd.DataFrame(rows), "mean_score", {}, y_title="score", k=5)
    drawn = {trace.name for trace in figure.data}
    assert len(drawn) == MAX_COHORT_LINES and "C29" in drawn and "C00" not in drawn
    assert "12 cohorts with most responses of 30" in figure.layout.title.text


def test_rubric_charts_of_a_rollout_draw_a_readable_part_and_say_which():
    levels = pd.DataFrame([{"cohort": f"C{i % 7}", "leader_id": f"L{i:03d}", "module_id": "m1",
                            "dimension": "tone", "latest_level": 1.0 + (i % 4)}
                           for i in range(200)])
    heat = charts.leader_heatmap(levels, {})
    rows = {label.split(" ")[0] for label in heat.data[0].y}
    assert len(rows) == charts.MAX_LEADERS
    z = np.array(heat.data[0].z, dtype="float64")
    assert (z == 1.0).sum() == 50 and np.nanmax(z) == 2.0  # every level-1 leader, then level 2
    assert "60 leaders with the lowest latest levels of 200" in heat.layout.title.text

    change = pd.DataFrame([{"cohort": f"C{c:02d}", "module_id": "m1", "dimension": d,
                            "n_leaders": c + 2, "first_level": 2.0, "latest_level": 3.0,
                            "change": 1.0} for c in range(20) for d in ("tone", "listening")])
    fig = charts.rubric_change_chart(change, {}, {})
    firsts = [t for t in fig.data if t.name and t.name.endswith("— first")]
    assert len(firsts) == charts.MAX_COHORT_LINES and "C19 — first" in {t.name for t in firsts}
    joins = [t for t in fig.data if t.mode == "lines"]
    assert len(joins) == charts.MAX_COHORT_LINES  # one trace of dumbbells per cohort
    assert list(joins[0].x).count(None) == 2  # two dimensions, each its own segment
    assert "12 cohorts with most leaders assessed of 20" in fig.layout.title.text
