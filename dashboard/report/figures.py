"""The report's charts: plotly figures drawn from KPI tables, sized for paper.

Every chart is at most 650 px wide (the printable width of A4 and Letter), uses the shared
palette (a cohort has the same colour on every page and here; comparison cohorts are grey
and dotted, so they read in black and white too), and repeats numbers that a table next to
it prints. Plotly reads a little HTML in labels (``<b>``, ``<a href>``), so every name from an
upload is escaped before it reaches a figure.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard.kpi.registry import METRICS
from dashboard.present.charts import MAX_COHORT_LINES, busiest
from dashboard.present.formatting import COMPARISON_COLOUR, PALETTE, money
from dashboard.report.html import Markup
from dashboard.report.quarter import Quarter

WIDTH = 650
FONT = ('system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", '
        '"Liberation Sans", sans-serif')
GOOD, BAD, NEUTRAL = "#009E73", "#D55E00", "#555555"
CONFIG = {"displayModeBar": False, "displaylogo": False, "responsive": False, "scrollZoom": False}


def label(text: object) -> str:
    """Text for a plotly label: entities display as the characters, tags never render."""
    return html.escape(str(text), quote=False)


def month(period: str) -> pd.Timestamp:
    return pd.Timestamp(f"{period}-01")


def _base(fig: go.Figure, height: int, top: int = 36) -> go.Figure:
    fig.update_layout(
        template="none", width=WIDTH, height=height, autosize=False,
        margin={"l": 60, "r": 16, "t": top, "b": 56},
        font={"family": FONT, "size": 11, "color": "#222222"},
        paper_bgcolor="white", plot_bgcolor="white",
        legend={"orientation": "h", "x": 0, "y": -0.08, "yanchor": "top", "font": {"size": 10}},
        hoverlabel={"font": {"family": FONT}},
    )
    fig.update_xaxes(showline=True, linecolor="#888888", ticks="outside", tickfont={"size": 9})
    fig.update_yaxes(gridcolor="#e6e6e6", zeroline=False, tickfont={"size": 9})
    fig.update_annotations(font={"size": 11})
    return fig


def _shade_quarter(fig: go.Figure, quarter: Quarter) -> None:
    start = month(quarter.first_month) - pd.Timedelta(days=15)
    end = month(quarter.last_month) + pd.Timedelta(days=15)
    fig.add_vrect(x0=start, x1=end, fillcolor="#0072B2", opacity=0.07, line_width=0,
                  row="all", col="all")


def _months_axis(fig: go.Figure, quarter: Quarter, start: str | None) -> None:
    """Month ticks from the first month with data (or the trend window's start) to the
    quarter's end; the year is in the section's introduction."""
    first = start or quarter.trend_from
    fig.update_xaxes(type="date", tickformat="%b", dtick="M1",
                     range=[month(first) - pd.Timedelta(days=20),
                            month(quarter.last_month) + pd.Timedelta(days=20)])


def _cohort_line(colour: str, comparison: bool) -> dict[str, object]:
    return {"color": colour, "width": 2, "dash": "dot" if comparison else "solid"}


def _grid(count: int, columns: int = 2) -> tuple[int, int]:
    cols = min(columns, max(count, 1))
    return math.ceil(max(count, 1) / cols), cols



def _busiest(frame: pd.DataFrame, limit: int, weight: str | None = None) -> tuple[pd.DataFrame, str]:
    """The cohorts a figure can show legibly (those with most responses), and a note saying
    so when some were left out; the section's tables still list every cohort."""
    data = frame.assign(n=frame[weight]) if weight else frame
    kept, total = busiest(data, "cohort", limit)
    note = "" if total <= limit else f"the {limit} cohorts with most responses of {total}; all are in the table"
    return kept, note


def _noted(fig: go.Figure, note: str) -> go.Figure:
    if note:
        fig.add_annotation(text=note, xref="paper", yref="paper", x=0, y=1.0, yanchor="bottom",
                           yshift=18, showarrow=False, font={"size": 10, "color": "#555555"})
    return fig

def pulse_figure(trend: pd.DataFrame, quarter: Quarter, colours: dict[str, str],
                 arms: dict[str, str], start: str | None = None) -> go.Figure | None:
    """Favourable % of others' answers per question (one panel each), a line per cohort."""
    data = trend[trend["rater_group"] == "others"]
    if data["favourable_pct"].notna().sum() == 0:
        return None
    data, note = _busiest(data, MAX_COHORT_LINES)
    questions = list(dict.fromkeys(data["question_id"]))
    rows, cols = _grid(len(questions))
    fig = make_subplots(rows=rows, cols=cols, subplot_titles=[label(q) for q in questions],
                        shared_yaxes=True, vertical_spacing=0.16 if rows > 1 else 0.1,
                        horizontal_spacing=0.06)
    for i, question in enumerate(questions):
        row, col = i // cols + 1, i % cols + 1
        for (cohort, version), part in data[data["question_id"] == question].groupby(
                ["cohort", "question_version"], sort=True):
            name = label(cohort) + (f" (wording {version})" if version > 1 else "")
            fig.add_trace(go.Scatter(
                x=[month(p) for p in part["period"]], y=part["favourable_pct"], name=name,
                legendgroup=name, showlegend=i == 0, mode="lines+markers", connectgaps=False,
                line=_cohort_line(colours.get(cohort, NEUTRAL), arms.get(cohort) == "comparison"),
                marker={"size": 5}, hovertemplate="%{x|%b %Y}: %{y:.1f}%<extra>" + name + "</extra>",
            ), row=row, col=col)
    _shade_quarter(fig, quarter)
    _months_axis(fig, quarter, start)
    fig.update_yaxes(range=[0, 100], ticksuffix="%", dtick=25)
    return _noted(_base(fig, height=120 + 170 * rows), note)


def enps_figure(enps: pd.DataFrame, quarter: Quarter, colours: dict[str, str],
                arms: dict[str, str], start: str | None = None) -> go.Figure | None:
    """eNPS per cohort and month (−100 to +100)."""
    if enps["enps"].notna().sum() == 0:
        return None
    enps, note = _busiest(enps, MAX_COHORT_LINES)
    fig = go.Figure()
    for cohort, part in enps.groupby("cohort", sort=True):
        fig.add_trace(go.Scatter(
            x=[month(p) for p in part["period"]], y=part["enps"], name=label(cohort),
            mode="lines+markers", connectgaps=False, marker={"size": 5},
            line=_cohort_line(colours.get(cohort, NEUTRAL), arms.get(cohort) == "comparison"),
            hovertemplate="%{x|%b %Y}: %{y:+.1f}<extra>" + label(cohort) + "</extra>"))
    fig.add_hline(y=0, line={"color": "#888888", "width": 1})
    _shade_quarter(fig, quarter)
    _months_axis(fig, quarter, start)
    fig.update_yaxes(title={"text": "eNPS (points)", "font": {"size": 10}})
    return _noted(_base(fig, height=280, top=16), note)


def rubric_figure(progress: pd.DataFrame, quarter: Quarter, start: str | None = None) -> go.Figure | None:
    """Mean facilitator level (1–4) per assessment month: a panel per cohort × module, a line
    per rubric dimension."""
    if progress.empty:
        return None
    progress, note = _busiest(progress, MAX_COHORT_LINES // 2, "n_leaders")
    panels = list(dict.fromkeys(zip(progress["cohort"], progress["module_id"], strict=True)))
    dimensions = sorted(progress["dimension"].unique())
    colour = {d: PALETTE[i % len(PALETTE)] for i, d in enumerate(dimensions)}
    rows, cols = _grid(len(panels))
    fig = make_subplots(rows=rows, cols=cols, shared_yaxes=True, horizontal_spacing=0.06,
                        vertical_spacing=0.2 if rows > 1 else 0.1,
                        subplot_titles=[f"{label(c)} · {label(m)}" for c, m in panels])
    for i, (cohort, module) in enumerate(panels):
        part = progress[(progress["cohort"] == cohort) & (progress["module_id"] == module)]
        for dimension in dimensions:
            series = part[part["dimension"] == dimension]
            if series.empty:
                continue
            fig.add_trace(go.Scatter(
                x=[month(p) for p in series["period"]], y=series["mean_level"],
                name=label(dimension.replace("_", " ")), legendgroup=dimension,
                showlegend=i == 0, mode="lines+markers", marker={"size": 6},
                line={"color": colour[dimension], "width": 2},
                hovertemplate="%{x|%b %Y}: %{y:.2f}<extra>" + label(dimension) + "</extra>",
            ), row=i // cols + 1, col=i % cols + 1)
    _shade_quarter(fig, quarter)
    _months_axis(fig, quarter, start)
    fig.update_yaxes(range=[0.8, 4.2], tickvals=[1, 2, 3, 4])
    return _noted(_base(fig, height=120 + 180 * rows), note)


def business_figure(business: pd.DataFrame, quarter: Quarter, colours: dict[str, str],
                    arms: dict[str, str], metrics: Sequence[str], start: str | None = None) -> go.Figure | None:
    """One panel per business metric, a line per cohort."""
    shown = [m for m in metrics if (business["metric"] == m).any()]
    if not shown:
        return None
    business, note = _busiest(business, MAX_COHORT_LINES, "n_teams")
    rows, cols = _grid(len(shown))
    titles = [f"{label(METRICS[m].label)} ({label(METRICS[m].unit_label)})" for m in shown]
    fig = make_subplots(rows=rows, cols=cols, subplot_titles=titles, vertical_spacing=0.12,
                        horizontal_spacing=0.1)
    cohorts = sorted(business["cohort"].unique())
    for i, metric in enumerate(shown):
        for cohort in cohorts:
            part = business[(business["metric"] == metric) & (business["cohort"] == cohort)]
            if part.empty:
                continue
            fig.add_trace(go.Scatter(
                x=[month(p) for p in part["period"]], y=part["value"], name=label(cohort),
                legendgroup=cohort, showlegend=i == 0, mode="lines+markers", marker={"size": 4},
                line=_cohort_line(colours.get(cohort, NEUTRAL), arms.get(cohort) == "comparison"),
                hovertemplate="%{x|%b %Y}: %{y}<extra>" + label(cohort) + "</extra>",
            ), row=i // cols + 1, col=i % cols + 1)
    _shade_quarter(fig, quarter)
    _months_axis(fig, quarter, start)
    return _noted(_base(fig, height=100 + 165 * rows), note)


def _verdict_colour(verdict: str) -> str:
    if verdict.startswith("improved"):
        return GOOD
    if verdict.startswith("worsened"):
        return BAD
    return NEUTRAL


def impact_figure(impact: pd.DataFrame, level: float) -> go.Figure | None:
    """Effect and interval per metric, each on its own scale with zero marked: a dot left or
    right of zero whose whisker does not cross it is a change beyond noise."""
    rows = impact[impact["effect"].notna()].reset_index(drop=True)
    if rows.empty:
        return None
    fig = make_subplots(rows=len(rows), cols=1, vertical_spacing=0.5 / max(len(rows), 1) * 0.6)
    for i, row in rows.iterrows():
        low = row["ci_low"] if pd.notna(row["ci_low"]) else row["effect"]
        high = row["ci_high"] if pd.notna(row["ci_high"]) else row["effect"]
        unit = str(row["unit"]).removeprefix("level ").strip("()")
        name = f"{label(row['label'])} ({label(unit)})"
        fig.add_trace(go.Scatter(
            x=[row["effect"]], y=[name], mode="markers", showlegend=False,
            marker={"size": 9, "color": _verdict_colour(str(row["verdict"]))},
            error_x={"type": "data", "symmetric": False, "array": [high - row["effect"]],
                     "arrayminus": [row["effect"] - low], "thickness": 2, "width": 5,
                     "color": _verdict_colour(str(row["verdict"]))},
            hovertemplate=f"{name}: %{{x}} ({low} to {high})<extra></extra>",
        ), row=i + 1, col=1)
        span = max(abs(low), abs(high), 1e-9) * 1.25
        fig.update_xaxes(range=[min(low, 0) - 0.1 * span, max(high, 0) + 0.1 * span], row=i + 1, col=1)
        fig.add_vline(x=0, line={"color": "#888888", "width": 1, "dash": "dash"}, row=i + 1, col=1)
    fig.update_yaxes(showgrid=False, tickfont={"size": 10}, automargin=True)
    fig.update_xaxes(tickfont={"size": 8}, nticks=6)
    fig = _base(fig, height=40 + 58 * len(rows), top=10)
    fig.update_layout(margin={"l": 200, "b": 24})
    return fig


def roi_figure(roi: pd.DataFrame) -> go.Figure | None:
    """Benefits against costs per scenario (first year)."""
    if roi.empty:
        return None
    currency = str(roi["currency"].iloc[0]) if "currency" in roi else "EUR"
    names = [label(s) for s in roi["scenario"]]
    fig = go.Figure([
        go.Bar(x=names, y=roi["benefits"], name="benefits (adjusted)", marker_color=GOOD,
               text=[money(v, currency) for v in roi["benefits"]], textposition="outside"),
        go.Bar(x=names, y=roi["costs"], name="costs (fully loaded)", marker_color=COMPARISON_COLOUR,
               text=[money(v, currency) for v in roi["costs"]], textposition="outside"),
    ])
    top = float(max(roi["benefits"].max(), roi["costs"].max(), 1.0))
    fig.update_layout(barmode="group")
    fig.update_yaxes(range=[0, top * 1.18], tickformat=",.0f", title={"text": currency, "font": {"size": 10}})
    return _base(fig, height=290, top=16)


def participation_figure(participation: pd.DataFrame) -> go.Figure | None:
    """Completion % per cohort · module, a bar per activity."""
    if participation.empty:
        return None
    participation, note = _busiest(participation, MAX_COHORT_LINES // 2, "n_people")
    groups = [f"{label(c)} · {label(m.replace('_', ' '))}"
              for c, m in zip(participation["cohort"], participation["module_id"], strict=True)]
    data = participation.assign(group=groups)
    fig = go.Figure()
    for i, activity in enumerate(("microlearning", "live_practice", "coaching")):
        part = data[data["activity"] == activity]
        if part.empty:
            continue
        fig.add_trace(go.Bar(y=part["group"], x=part["completion_pct"], orientation="h",
                             name=activity.replace("_", " "), marker_color=PALETTE[i],
                             text=[f"{v:.0f}%" for v in part["completion_pct"]], textposition="outside",
                             cliponaxis=False))
    count = data["group"].nunique()
    fig.update_layout(barmode="group")
    fig.update_xaxes(range=[0, 112], ticksuffix="%", dtick=25)
    fig.update_yaxes(autorange="reversed", automargin=True, tickfont={"size": 10})
    fig = _base(fig, height=110 + 64 * count, top=10)
    fig.update_layout(margin={"l": 170, "b": 70}, legend={"y": -0.12 - 0.3 / count})
    return _noted(fig, note)


def figure_html(fig: go.Figure, div_id: str) -> Markup:
    """The figure as a ``<div>`` and a script calling the inlined plotly.js (never a CDN)."""
    return Markup(fig.to_html(full_html=False, include_plotlyjs=False, include_mathjax=False,
                              div_id=div_id, config=CONFIG, default_width=f"{WIDTH}px"))
