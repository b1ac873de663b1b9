"""Impact and ROI charts: the forest plot of effects, the Overview's small arm trends (SVG), and
the ROI scenarios, benefits, costs and sensitivity."""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard.kpi.registry import METRICS
from dashboard.present.charts.common import (
    PROGRAM_COLOUR,
    empty_figure,
    label,
    signed_number,
)
from dashboard.present.charts.theme import APP, Theme
from dashboard.present.formatting import money, month_label
from dashboard.present.verdicts import INCONCLUSIVE, verdict
from dashboard.present.wording import plain

# What differs between a forest plot on screen and on paper.
_FOREST_MARKS = {
    False: {"symbol": "diamond", "size": 12, "whisker": 3, "cap": 7,
            "zero": {"color": "#555555", "width": 1, "dash": "dot"}},
    True: {"symbol": "circle", "size": 9, "whisker": 2, "cap": 5,
           "zero": {"color": "#888888", "width": 1, "dash": "dash"}},
}
# What one unit of each axis is: rows measured in the same unit share an axis.
_AXIS_UNITS = {"pct": "percentage points", "points": "percentage points", "hours": "hours",
               "level": "rubric levels (1–4)"}


def _axis_key(row: Mapping[Any, Any]) -> str:
    """Rows with the same key share one axis: percentages and eNPS points together; each score
    (a 1–5 pulse, a CSAT scale) on its own — the pulse score's named by its unit when its
    questions' scales differ (percent of each scale's range)."""
    metric = str(row["metric"])
    unit = METRICS[metric].unit
    if unit in _AXIS_UNITS:
        return _AXIS_UNITS[unit]
    pooled = row.get("unit")
    if isinstance(pooled, str) and pooled.startswith("%"):
        return f"{plain(metric).lower()} score, % of scale range"
    return f"{plain(metric).lower()} score"


def forest_row_name(row: Mapping[Any, Any]) -> str:
    """A forest plot row's label: the KPI's plain name and whether it is the primary metric."""
    return f"{label(plain(str(row['metric'])))} · {verdict(row).label}"


def forest_plot(impact: pd.DataFrame, *, theme: Theme = APP, title: str | None = None) -> go.Figure:
    """Effect and interval per metric, drawn so that **right is better** for every row (a
    lower-is-better metric such as escalations is flipped, and says so), zero marked, one
    axis per unit (rows measured in the same unit share its ticks), coloured by the verdict
    (``dashboard.present.verdicts``), each row labelled primary or exploratory.

    In the app each row's label, numbers and verdict are written above its line (so the plot
    keeps the whole width, also on a phone) and a row without an estimate says "not enough
    data"; on paper the table under the chart has the numbers, so only rows with an estimate
    are drawn, labelled on the left.
    """
    rows = impact[impact["effect"].notna()] if theme.paper else impact
    if rows.empty:
        return empty_figure("No impact estimates", theme)
    marks = _FOREST_MARKS[theme.paper]
    records = sorted(rows.to_dict("records"), key=lambda r: list(_AXIS_ORDER).index(_axis_key(r))
                     if _axis_key(r) in _AXIS_ORDER else len(_AXIS_ORDER))
    keys = [_axis_key(r) for r in records]
    spans: dict[str, float] = {}
    for row, key in zip(records, keys, strict=True):
        ends = [abs(v) for v in (row["effect"], row["ci_low"], row["ci_high"]) if pd.notna(v)]
        spans[key] = max([spans.get(key, 0.0), *ends])
    gap = 0.5 / len(records) if theme.paper else 1.1 / len(records)
    fig = make_subplots(rows=len(records), cols=1, vertical_spacing=min(gap, 0.08))
    for i, (row, key) in enumerate(zip(records, keys, strict=True), start=1):
        judged = verdict(row)
        colour = theme.verdict_colours[judged.kind]
        name = forest_row_name(row)
        metric = str(row["metric"])
        flip = -1.0 if not METRICS[metric].higher_is_better else 1.0
        effect = row["effect"]
        spread = (spans[key] or 1.0) * 1.15
        fig.update_xaxes(range=[-spread, spread], row=i, col=1)
        if pd.isna(effect):
            fig.add_trace(go.Scatter(x=[0], y=[name], mode="text", text=[""],
                                     showlegend=False, hoverinfo="skip"), row=i, col=1)
            words = judged.words
        else:
            low = row["ci_low"] if pd.notna(row["ci_low"]) else effect
            high = row["ci_high"] if pd.notna(row["ci_high"]) else effect
            shown, ends = flip * effect, sorted((flip * low, flip * high))
            note = "" if flip > 0 else " (lower is better: drawn flipped, right = fewer)"
            fig.add_trace(go.Scatter(
                x=[shown], y=[name], mode="markers", showlegend=False,
                marker=dict(color=colour, size=marks["size"], symbol=marks["symbol"]),
                error_x=dict(type="data", symmetric=False, array=[ends[1] - shown],
                             arrayminus=[shown - ends[0]], color=colour, thickness=marks["whisker"],
                             width=marks["cap"]),
                hovertext=[f"{name}{note}: {label(row['verdict_text'])}"], hoverinfo="text"),
                row=i, col=1)
            numbers = "" if judged.interval and judged.kind == INCONCLUSIVE else \
                f" ({signed_number(metric, low)} to {signed_number(metric, high)})"
            words = f"{signed_number(metric, effect)}{numbers}  {judged.words}"
        if not theme.paper:
            turned = "" if flip > 0 else " · lower is better (flipped)"
            fig.add_annotation(text=f"<b>{name}</b>{turned}<br>{label(words)}", xref="paper", x=0,
                               xanchor="left", yref=f"y{i if i > 1 else ''}", y=name, yshift=27,
                               showarrow=False, font=dict(size=11.5, color=colour), align="left")
        fig.add_vline(x=0, line=marks["zero"], row=i, col=1)
        last = i == len(records) or keys[i] != key
        fig.update_xaxes(showticklabels=last, nticks=7, row=i, col=1,
                         title_text=f"{key}:  ← worse · better →" if last else None,
                         title_font=dict(size=11), title_standoff=2)
    fig.update_yaxes(showgrid=False)
    fig.update_xaxes(zeroline=False, showgrid=False)
    if theme.paper:
        fig.update_yaxes(automargin=True)
        theme.layout(fig, height=60 + 62 * len(records), title=title, legend=False, top=10)
        fig.update_layout(margin={"l": 200, "b": 30})
        return fig
    fig.update_yaxes(showticklabels=False)
    theme.layout(fig, height=92 * len(records) + 60, title=title, legend=False)
    fig.update_layout(margin=dict(l=8, r=12, t=28 if title is None else 56, b=40))
    return fig


# axes top to bottom: the survey scores first, then percentages, then the rest
_AXIS_ORDER = ("team-rated empathy score", "team-rated empathy score, % of scale range", "percentage points",
               "customer satisfaction score", "hours", "rubric levels (1–4)")


SPARK_WIDTH, SPARK_HEIGHT, SPARK_PAD = 300, 56, 4


def _spark_points(values: Sequence[float | None], x_of: Sequence[float], low: float, span: float) -> list[str]:
    """One polyline per unbroken run of months (a month without a value breaks the line)."""
    runs: list[list[str]] = [[]]
    for x, value in zip(x_of, values, strict=True):
        if value is None or pd.isna(value):
            runs.append([])
            continue
        y = SPARK_HEIGHT - SPARK_PAD - (float(value) - low) / span * (SPARK_HEIGHT - 2 * SPARK_PAD)
        runs[-1].append(f"{x:.1f},{y:.1f}")
    return [" ".join(run) for run in runs if run]


def sparklines(trend: pd.DataFrame, *, theme: Theme = APP) -> dict[str, str]:
    """Every metric's sparkline (``sparkline``) at once, by metric: the Overview draws them all
    from one trend, so it is looked up once per run rather than once per card (each look-up
    hashes the whole trend)."""
    return {str(metric): sparkline(trend, str(metric), theme=theme) for metric in trend["metric"].unique()}


def sparkline(trend: pd.DataFrame, metric: str, *, theme: Theme = APP) -> str:
    """A small program (blue) versus comparison (grey, dotted) line for an Overview card, over the
    leader-months the impact estimate uses, as an SVG document.

    A plain picture rather than a plotly chart: the Overview shows ten of them, and ten plotly
    charts (with plotly's script loaded for them) were most of the page's time in a new session;
    the card's numbers and the pages behind it carry the values."""
    data = trend[trend["metric"] == metric].sort_values("period")
    months = sorted(set(data["period"]))
    step = (SPARK_WIDTH - 2 * SPARK_PAD) / max(len(months) - 1, 1)
    x_at = {m: SPARK_PAD + i * step for i, m in enumerate(months)}
    values = pd.to_numeric(data["value"], errors="coerce").dropna()
    low, high = (float(values.min()), float(values.max())) if len(values) else (0.0, 1.0)
    span = high - low or 1.0
    shapes: list[str] = []
    for arm, colour in (("comparison", theme.comparison_colour), ("program", PROGRAM_COLOUR)):
        rows = data[data["arm"] == arm]
        by_month = dict(zip(rows["period"], pd.to_numeric(rows["value"], errors="coerce"), strict=True))
        dash = ' stroke-dasharray="2 4"' if arm == "comparison" else ""
        for points in _spark_points([by_month.get(m) for m in months], [x_at[m] for m in months], low, span):
            if " " not in points:  # a single month: a dot
                x, y = points.split(",")
                shapes.append(f'<circle cx="{x}" cy="{y}" r="2.5" fill="{colour}"/>')
            else:
                shapes.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2"'
                              f' stroke-linecap="round" stroke-linejoin="round"{dash}/>')
    span_text = f"{month_label(months[0])}–{month_label(months[-1])}" if months else "no months"
    title = html.escape(f"{METRICS[metric].label if metric in METRICS else metric}: monthly means, program "
                        f"(solid) and comparison (dotted), {span_text}")
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{SPARK_WIDTH}" height="{SPARK_HEIGHT}" '
            f'viewBox="0 0 {SPARK_WIDTH} {SPARK_HEIGHT}" role="img" aria-label="{title}">'
            f"<title>{title}</title>{''.join(shapes)}</svg>")


def roi_chart(scenarios: pd.DataFrame, *, theme: Theme = APP) -> go.Figure:
    """Benefits (after attribution and confidence) against fully loaded costs per scenario,
    first year, the amounts written on the bars."""
    if scenarios.empty:
        return empty_figure("No ROI scenarios", theme)
    currency = str(scenarios["currency"].iloc[0]) if "currency" in scenarios else "EUR"
    names = [label(s) for s in scenarios["scenario"]]
    fig = go.Figure([
        go.Bar(x=names, y=scenarios["benefits"], name="benefits (adjusted)",
               marker_color=theme.good,
               text=[money(v, currency) for v in scenarios["benefits"]], textposition="outside"),
        go.Bar(x=names, y=scenarios["costs"], name="costs (fully loaded)",
               marker_color=theme.comparison_colour,
               text=[money(v, currency) for v in scenarios["costs"]], textposition="outside"),
    ])
    top = float(max(scenarios["benefits"].max(), scenarios["costs"].max(), 1.0))
    fig.update_layout(barmode="group")
    fig.update_yaxes(range=[0, top * 1.18], tickformat=",.0f", title=theme.axis_title(currency))
    return theme.layout(fig, height=290 if theme.paper else 380, top=16)


def benefits_chart(scenarios: pd.DataFrame, *, theme: Theme = APP,
                   title: str | None = None) -> go.Figure:
    """Where each scenario's (adjusted) benefits come from."""
    if scenarios.empty:
        return empty_figure("No ROI scenarios", theme)
    currency = str(scenarios["currency"].iloc[0])
    names = [s.capitalize() for s in scenarios["scenario"]]
    fig = go.Figure()
    for column, name, colour in (("escalation_benefit", "Fewer escalations", theme.palette[0]),
                                 ("retention_benefit", "Better retention", theme.palette[4])):
        fig.add_trace(go.Bar(x=names, y=scenarios[column], name=name, marker_color=colour,
                             hovertext=[f"{name}: {money(v, currency)}" for v in scenarios[column]],
                             hoverinfo="text"))
    fig.add_trace(go.Scatter(x=names, y=scenarios["benefits"], mode="text",
                             text=[money(v, currency) for v in scenarios["benefits"]],
                             textposition="top center", showlegend=False, hoverinfo="skip"))
    fig.update_layout(barmode="stack")
    fig.update_yaxes(title_text=f"Benefits ({currency}, first year, adjusted)", rangemode="tozero")
    fig.update_xaxes(title_text="Scenario")
    return theme.layout(fig, height=380, title=title)


def costs_chart(costs: Mapping[str, float], currency: str = "EUR", *, theme: Theme = APP,
                title: str | None = None) -> go.Figure:
    """The fully loaded first-year costs, item by item, largest first."""
    items = sorted(costs.items(), key=lambda kv: kv[1])
    fig = go.Figure(go.Bar(
        y=[name.capitalize() for name, _ in items], x=[v for _, v in items], orientation="h",
        marker_color=theme.bad, text=[money(v, currency) for _, v in items], textposition="outside",
        cliponaxis=False, hoverinfo="skip"))
    top = max([v for _, v in items] + [1.0])
    fig.update_xaxes(title_text=f"Cost ({currency}, first year)", range=[0, top * 1.3])
    return theme.layout(fig, height=380, title=title, legend=False)


def tornado_chart(sensitivity: pd.DataFrame, swing: float = 0.2, *, theme: Theme = APP,
                  title: str | None = None) -> go.Figure:
    """Central-scenario ROI % when each assumption moves ±swing, widest effect on top.

    Each assumption's name and its two ROIs are written above its bar, so the bars keep the
    whole width (a phone's 390 px leaves none for a column of long labels on the left); the
    legend and the central ROI sit under the axis, where nothing is drawn over them."""
    if sensitivity.empty:
        return empty_figure("No sensitivity to show", theme)
    data = sensitivity.iloc[::-1]
    base = float(data["base"].iloc[0]) if len(data) else 0.0
    fig = go.Figure()
    for column, name, colour in (("low", "lower ROI", theme.bad),
                                 ("high", "higher ROI", theme.good)):
        fig.add_trace(go.Bar(
            y=data["assumption"], x=data[column] - base, base=[base] * len(data), orientation="h",
            name=name, marker_color=colour, width=0.45,
            hovertext=[f"{a}: ROI {v:.1f}%"
                       for a, v in zip(data["assumption"], data[column], strict=True)],
            hoverinfo="text"))
    fig.add_vline(x=base, line=dict(color="#333333", width=1.5))
    fig.update_layout(barmode="overlay")
    axis = f"ROI (%) with each assumption ±{swing:.0%}; central ROI {base:.1f}% (the line)"
    if theme.paper:
        fig.update_xaxes(title_text=axis)
        return theme.layout(fig, height=36 * len(data) + 140, title=title)
    for assumption, low, high in zip(data["assumption"], data["low"].astype(float), data["high"].astype(float),
                                     strict=True):
        moves = "no change" if low == high == base else f"{low:.1f}% to {high:.1f}%"
        fig.add_annotation(text=f"<b>{label(str(assumption))}</b> · {moves}", xref="paper", x=0,
                           xanchor="left", y=assumption, yshift=17, showarrow=False, bgcolor="rgba(255,255,255,0.8)",
                           font=dict(size=11.5), align="left")
    fig.update_yaxes(showticklabels=False, showgrid=False)
    fig.update_xaxes(title_text=axis, title_font=dict(size=11), automargin=True)
    theme.layout(fig, height=52 * len(data) + 120, title=title)
    fig.update_layout(legend=dict(orientation="h", x=0, xanchor="left", y=-0.12, yanchor="top"),
                      margin=dict(l=8, r=12, t=28 if title is None else 56, b=70))
    return fig
