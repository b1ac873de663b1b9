"""Charts drawn from real KPI tables (the demo program) and from small hand-made ones:
cohort colours, units on axes, hidden cells drawn as hidden — never as zero."""

from __future__ import annotations

import math
from xml.etree import ElementTree

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
from dashboard.present.charts.common import month_axis
from dashboard.present.charts.impact import forest_row_name
from dashboard.present.formatting import (
    BAD,
    COMPARISON_COLOUR,
    GOOD,
    LEVEL_COLOURS,
    NEUTRAL,
    PALETTE,
    cohort_colours,
)
from dashboard.present.verdicts import verdict
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
        inputs = measured_inputs(con, everything, assumptions)
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
    assert fig.layout.xaxis2.title.text == "Month" and fig.layout.xaxis.tickformat == "%b\n%Y"
    bars = [t for t in fig.data if isinstance(t, go.Bar)]
    assert len(bars) == 1 and len(bars[0].y) == len(demo["timeline"]) == 4  # a bar per module
    assert len(set(bars[0].marker.color)) == 2  # in the colours of Pilot and Wave 2
    texts = {a.text.strip() for a in fig.layout.annotations}
    assert {"Awareness of digital cues", "Active listening in video"} <= texts
    bands = [t for t in fig.data if getattr(t, "fill", None) == "tonexty"]
    assert len(bands) == 3  # one interval band per cohort
    fig.to_json()


def _month_figure(periods, small=False, theme=charts.APP, span=None):
    fig = go.Figure(go.Scatter(x=charts.month_x(periods), y=list(range(len(periods)))))
    month_axis(fig, periods, theme, small=small, span=span)
    return fig.layout.xaxis


def test_month_axes_leave_the_tick_spacing_to_the_drawn_width():
    """A phone and a wide screen get one figure: short two-line labels, spaced by the browser
    by the axis's drawn width, and a range that text on the chart cannot widen."""
    year = [f"2026-{m:02d}" for m in range(1, 12)]
    axis = _month_figure(year)
    assert axis.dtick is None and axis.nticks is None and axis.tickangle == 0
    assert axis.tickformat == "%b\n%Y" and axis.minor.dtick == "M1"
    assert [str(x)[:10] for x in axis.range] == ["2025-12-26", "2026-12-05"]
    # small panels (two side by side on a phone): four ticks at most
    assert _month_figure(year, small=True).nticks == 4
    # short ranges: a tick per month (every second on a small panel), never inside a month
    assert _month_figure(["2026-02", "2026-04", "2026-07"]).dtick == "M1"
    assert _month_figure(["2026-02", "2026-07"], small=True).dtick == "M2"
    assert _month_figure(["2026-02", "2026-04"], small=True).dtick == "M1"
    assert _month_figure(["2025-11", "2026-04"]).dtick == "M1"  # six months over a new year
    assert _month_figure(["2025-11", "2026-05"]).dtick is None
    # on paper: every month of the span, under its points
    paper = _month_figure(["2026-07", "2026-09"], theme=charts.PRINT, span=("2026-01", "2026-09"))
    assert (paper.dtick, paper.tickformat, paper.ticklabelmode) == ("M1", "%b", "period")


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
    hidden = [t for t in fig.data if t.name == "team scores hidden: fewer than 5 responses"]
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
    # titles wrap to lines a 170 px panel holds (two panels side by side on a phone)
    assert titles[0] == "Escalation rate (%)" and "Median response time<br>(hours)" in titles
    assert max(len(line) for t in titles for line in t.split("<br>")) <= 26
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
    assert any("inconclusive — consistent with" in w for w in words)  # was "no clear change" (method 1)
    thin = demo["impact"].assign(effect=np.nan, ci_low=np.nan, ci_high=np.nan,
                                 verdict="not enough data")
    # each row's label is written above it with its verdict (issue 17: the plot keeps the width)
    assert all(a.text.endswith("<br>not enough data") for a in charts.forest_plot(thin).layout.annotations)


def test_roi_charts(demo):
    frame = demo["scenarios"]
    bars = charts.roi_chart(frame)  # benefits next to costs per scenario (the report's chart)
    assert [t.name for t in bars.data] == ["benefits (adjusted)", "costs (fully loaded)"]
    assert list(bars.data[0].x) == ["low", "central", "best case"]  # were conservative, expected, optimistic
    assert bars.data[0].marker.color == GOOD and bars.data[1].marker.color == COMPARISON_COLOUR
    benefits = charts.benefits_chart(frame)
    assert list(benefits.data[0].x) == ["Low", "Central", "Best case"]
    costs = charts.costs_chart(demo["costs"])
    assert costs.data[0].x[-1] == max(demo["costs"].values())
    tornado = charts.tornado_chart(demo["sensitivity"])
    widest = demo["sensitivity"].iloc[0]["assumption"]
    assert tornado.data[0].y[-1] == widest  # drawn bottom-up: the widest bar on top
    # each name over its bar, the bars keep the width (390 px leaves no room for a label column)
    names = [a.text for a in tornado.layout.annotations if a.xref == "paper"]
    assert names[-1].startswith(f"<b>{widest}</b> · ") and len(names) == len(demo["sensitivity"])
    assert tornado.layout.yaxis.showticklabels is False and tornado.layout.height >= 52 * len(names)


def test_overview_sparkline_and_participation(demo):
    spark = charts.sparkline(demo["trend"], "pulse_mean")
    root = ElementTree.fromstring(spark)  # a whole SVG document, no plotly
    lines = root.findall("{http://www.w3.org/2000/svg}polyline")
    # comparison first (dotted, grey) under the program (solid, blue)
    assert [ln.get("stroke-dasharray") for ln in lines] == ["2 4", None]
    assert [ln.get("stroke") for ln in lines] == [COMPARISON_COLOUR, PALETTE[0]]
    months = demo["trend"].loc[demo["trend"]["metric"] == "pulse_mean", "period"].nunique()
    assert all(len(ln.get("points").split()) == months for ln in lines)  # a point per month, no gap
    ys = [float(p.split(",")[1]) for ln in lines for p in ln.get("points").split()]
    assert min(ys) >= 0 and max(ys) <= float(root.get("height"))  # drawn inside the picture
    assert "Jan 2026" in root.get("aria-label")
    every = charts.sparklines(demo["trend"])  # what the Overview looks up once per run
    assert set(every) == set(demo["trend"]["metric"]) and every["pulse_mean"] == spark
    part = charts.completion_chart(demo["participation"])  # every program cohort × module
    assert {g.split(" · ")[0] for t in part.data for g in t.y} == {"Pilot", "Wave 2"}
    assert [t.name for t in part.data] == ["microlearning", "live practice", "coaching"]
    assert [t.marker.color for t in part.data] == list(PALETTE[:3])


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


# --- one package, two themes -------------------------------------------------------------


def test_app_and_print_themes_share_palette_and_verdict_colours():
    for attribute in ("palette", "comparison_colour", "suppressed_colour", "good", "bad",
                      "neutral"):
        assert getattr(charts.APP, attribute) == getattr(charts.PRINT, attribute), attribute
    assert dict(charts.APP.level_colours) == dict(charts.PRINT.level_colours) == LEVEL_COLOURS
    assert dict(charts.APP.verdict_colours) == dict(charts.PRINT.verdict_colours) == {
        "improved": GOOD, "worsened": BAD, "inconclusive": NEUTRAL, "already drifting apart": NEUTRAL,
        "change (not isolated)": NEUTRAL, "not enough data": NEUTRAL}
    assert GOOD != BAD and COMPARISON_COLOUR not in (GOOD, BAD)


def test_both_themes_draw_an_impact_row_in_the_same_colour_with_the_same_words(demo):
    impact = demo["impact"]
    app, paper = charts.forest_plot(impact), charts.forest_plot(impact, theme=charts.PRINT)
    app_dots = {t.y[0]: t.marker.color for t in app.data if t.mode == "markers"}
    paper_dots = {t.y[0]: t.marker.color for t in paper.data if t.mode == "markers"}
    assert app_dots == paper_dots and len(app_dots) == impact["effect"].notna().sum()
    words = {a.y: a.text for a in app.layout.annotations}
    for row in impact.to_dict("records"):
        judged = verdict(row)
        name = forest_row_name(row)  # the KPI's plain name and its role (issue 17: clean labels)
        assert app_dots[name] == judged.colour == charts.PRINT.verdict_colours[judged.kind]
        assert words[name].endswith("  " + judged.words)  # the words the table and report use
    # the rubric has no comparison arm: a change, never "improved" (method 1 drew it blue as
    # "improved (not isolated)"); every row says whether it is the primary metric
    assert app_dots["Facilitator-rated skill · exploratory"] == NEUTRAL
    assert words["Facilitator-rated skill · exploratory"].endswith("change (not isolated)")
    assert "Team-rated empathy · primary" in app_dots


def test_the_forest_plot_draws_better_to_the_right_on_one_axis_per_unit(demo):
    impact = demo["impact"].set_index("metric")
    fig = charts.forest_plot(demo["impact"])
    dots = {t.y[0]: (t.x[0], t.xaxis) for t in fig.data if t.mode == "markers"}
    escalations = dots["Escalated interactions · exploratory"]
    assert escalations[0] == -impact.loc["escalation_rate", "effect"]  # lower is better: flipped
    assert dots["Team-rated empathy · primary"][0] == impact.loc["pulse_mean", "effect"]
    ranges = {axis: tuple(fig.layout[axis.replace("x", "xaxis")].range) for _, axis in dots.values()}
    percent_rows = [dots[n][1] for n in ("Escalated interactions · exploratory", "Team eNPS · exploratory",
                                         "Voluntary leavers a year · exploratory")]
    assert len({ranges[a] for a in percent_rows}) == 1  # percentages and points share one axis
    assert ranges[dots["Team-rated empathy · primary"][1]] != ranges[percent_rows[0]]
    titles = [fig.layout[k].title.text for k in fig.layout if k.startswith("xaxis") and fig.layout[k].title.text]
    assert titles and all(t.endswith("better →") for t in titles)
    assert "percentage points:  ← worse · better →" in titles


def test_the_print_theme_is_fixed_width_static_and_in_system_fonts(demo):
    paper = charts.business_grid(demo["business"], BUSINESS_METRICS, demo["colours"],
                                 theme=charts.PRINT, arms={"Comparison": "comparison"},
                                 shade=("2026-07", "2026-09"), span=("2026-01", "2026-09"))
    assert paper.layout.width == 650 and paper.layout.autosize is False
    assert paper.layout.font.family.startswith("system-ui")
    assert charts.PRINT.config["displayModeBar"] is False
    dashes = {t.name: t.line.dash for t in paper.data}
    assert dashes == {"Comparison": "dot", "Pilot": "solid", "Wave 2": "solid"}  # reads in grey
    quarter = [s for s in paper.layout.shapes if s.type == "rect"]
    assert len(quarter) == len(BUSINESS_METRICS)  # the quarter's whole months, behind each panel
    assert {(str(s.x0)[:10], str(s.x1)[:10]) for s in quarter} == {("2026-07-01", "2026-10-01")}
    assert paper.layout.xaxis.tickformat == "%b" and paper.layout.xaxis.ticklabelmode == "period"
    app = charts.business_grid(demo["business"], BUSINESS_METRICS, demo["colours"])
    assert app.layout.width is None and "Source Sans Pro" in app.layout.font.family
    assert {t.line.dash for t in app.data} == {"solid"}
    assert "displayModeBar" not in charts.APP.config


def test_nothing_to_draw_is_an_empty_figure_in_either_theme(demo):
    for theme in (charts.APP, charts.PRINT):
        nothing = demo["impact"].iloc[0:0]
        assert charts.is_empty(charts.forest_plot(nothing, theme=theme))
        assert charts.is_empty(charts.completion_chart(demo["participation"].iloc[0:0], theme=theme))
        thin = demo["impact"].assign(effect=np.nan, ci_low=np.nan, ci_high=np.nan,
                                     verdict="not enough data")
        # the app says "not enough data" per row; paper leaves the rows to the table
        assert charts.is_empty(charts.forest_plot(thin, theme=theme)) == theme.paper
    assert not charts.is_empty(charts.forest_plot(demo["impact"], theme=charts.PRINT))


def test_names_from_uploads_never_render_as_html_in_a_chart():
    frame = pd.DataFrame({"cohort": ["<b>Bold</b> & co"] * 2, "period": ["2026-01", "2026-02"],
                          "n": [8, 9], "value": [3.0, 3.2], "suppressed": [False, False]})
    fig = charts.trend_chart(frame, "value", {}, y_title="Score", k=5)
    assert [t.name for t in fig.data] == ["&lt;b&gt;Bold&lt;/b&gt; &amp; co"]
    assert "<b>" not in fig.data[0].hovertext[0]


def test_app_figures_start_in_the_app_template_and_print_figures_in_none(monkeypatch) -> None:
    import plotly.io as pio

    assert charts.empty_figure("x").layout.template == pio.templates["plotly_white"]
    assert charts.empty_figure("x", theme=charts.PRINT).layout.template == pio.templates["none"]
    monkeypatch.setattr(pio.templates, "default", "ggplot2")  # someone else changed plotly's default
    assert charts.empty_figure("x").layout.template == pio.templates["plotly_white"]
