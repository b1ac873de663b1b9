"""Impact and ROI charts: the forest plot of effects, the Overview's small arm trends, and
the ROI scenarios, benefits, costs and sensitivity."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard.present.charts.common import (
    PROGRAM_COLOUR,
    empty_figure,
    label,
    metric_label,
    month_x,
    signed_number,
)
from dashboard.present.charts.theme import APP, Theme
from dashboard.present.formatting import metric_value, money, month_label
from dashboard.present.verdicts import verdict

# What differs between a forest plot on screen and on paper.
_FOREST_MARKS = {
    False: {"symbol": "diamond", "size": 12, "whisker": 3, "cap": 7,
            "zero": {"color": "#555555", "width": 1, "dash": "dot"}},
    True: {"symbol": "circle", "size": 9, "whisker": 2, "cap": 5,
           "zero": {"color": "#888888", "width": 1, "dash": "dash"}},
}


def forest_plot(impact: pd.DataFrame, *, theme: Theme = APP, title: str | None = None) -> go.Figure:
    """Effect and interval per metric, each row on its own scale (units differ), zero marked,
    coloured by the verdict (``dashboard.present.verdicts``: improved, worsened, neither), each
    row labelled primary or exploratory (Holm-adjusted).

    In the app each row's numbers and verdict are written at its right and a row without an
    estimate says "not enough data"; on paper the table under the chart has the numbers, so
    only rows with an estimate are drawn, each with its own ticks.
    """
    rows = impact[impact["effect"].notna()] if theme.paper else impact
    if rows.empty:
        return empty_figure("No impact estimates", theme)
    marks = _FOREST_MARKS[theme.paper]
    records = rows.to_dict("records")
    fig = make_subplots(rows=len(records), cols=1,
                        vertical_spacing=0.3 / len(records) if theme.paper else 0.02)
    for i, row in enumerate(records, start=1):
        judged = verdict(row)
        colour = theme.verdict_colours[judged.kind]
        name = f"{metric_label(row['metric'], row['label'])} · {judged.label}"
        effect = row["effect"]
        if pd.isna(effect):
            fig.add_trace(go.Scatter(x=[0], y=[name], mode="text", text=[judged.words],
                                     textfont=dict(color=colour, size=12), showlegend=False,
                                     hoverinfo="skip"), row=i, col=1)
            fig.update_xaxes(range=[-1, 1], row=i, col=1)
            words = judged.words
        else:
            low = row["ci_low"] if pd.notna(row["ci_low"]) else effect
            high = row["ci_high"] if pd.notna(row["ci_high"]) else effect
            fig.add_trace(go.Scatter(
                x=[effect], y=[name], mode="markers", showlegend=False,
                marker=dict(color=colour, size=marks["size"], symbol=marks["symbol"]),
                error_x=dict(type="data", symmetric=False, array=[high - effect],
                             arrayminus=[effect - low], color=colour, thickness=marks["whisker"],
                             width=marks["cap"]),
                hovertext=[f"{name}: {label(row['verdict_text'])}"], hoverinfo="text"),
                row=i, col=1)
            fig.update_xaxes(range=_forest_range(effect, low, high, theme), row=i, col=1)
            metric = row["metric"]
            words = (f"{signed_number(metric, effect)}  ({signed_number(metric, low)} "
                     f"to {signed_number(metric, high)})  {judged.words}")
        if not theme.paper:
            fig.add_annotation(text=words, xref="paper", x=1.0, xanchor="left",
                               yref=f"y{i if i > 1 else ''}", y=name, showarrow=False,
                               font=dict(size=12, color=colour))
        fig.add_vline(x=0, line=marks["zero"], row=i, col=1)
    fig.update_yaxes(automargin=True, showgrid=False)
    if theme.paper:
        fig.update_xaxes(nticks=6)
        theme.layout(fig, height=40 + 58 * len(records), title=title, legend=False, top=10)
        fig.update_layout(margin={"l": 200, "b": 24})
        return fig
    fig.update_yaxes(tickfont=dict(size=13))
    fig.update_xaxes(showgrid=False, zeroline=False, showticklabels=False)
    fig.update_xaxes(title_text="Effect = program change − comparison change, with its interval "
                                "(each row on its own scale; dotted line = no effect)",
                     title_font=dict(size=12), row=len(records), col=1)
    theme.layout(fig, height=48 * len(records) + 110, title=title, legend=False)
    fig.update_layout(margin=dict(r=330))
    return fig


def _forest_range(effect: float, low: float, high: float, theme: Theme) -> list[float]:
    """A row's x range: on screen symmetric about zero (ticks are hidden, so zero stays in the
    middle of every row); on paper just wide enough for the interval and zero, with ticks."""
    if theme.paper:
        spread = max(abs(low), abs(high), 1e-9) * 1.25
        return [min(low, 0) - 0.1 * spread, max(high, 0) + 0.1 * spread]
    spread = max(abs(low), abs(high), abs(effect)) * 1.1 or 1.0
    return [-spread, spread]


def sparkline(trend: pd.DataFrame, metric: str, *, theme: Theme = APP) -> go.Figure:
    """A small program (blue) versus comparison (grey, dotted) line for an Overview card,
    over the leader-months the impact estimate uses."""
    data = trend[trend["metric"] == metric].sort_values("period")
    fig = go.Figure()
    for arm, colour in (("comparison", theme.comparison_colour), ("program", PROGRAM_COLOUR)):
        rows = data[data["arm"] == arm]
        if rows.empty:
            continue
        fig.add_trace(go.Scatter(
            x=month_x(rows["period"]), y=rows["value"], mode="lines", name=arm,
            line=dict(color=colour, width=2, dash="dot" if arm == "comparison" else "solid"),
            hovertext=[f"{arm}, {month_label(p)}: {metric_value(metric, v)}"
                       for p, v in zip(rows["period"], rows["value"], strict=True)],
            hoverinfo="text"))
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    fig.update_layout(template="plotly_white", height=70, width=theme.width,
                      margin=dict(l=0, r=0, t=4, b=4), showlegend=False, font=theme.font)
    return fig


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
    """Central-scenario ROI % when each assumption moves ±swing, widest effect on top."""
    if sensitivity.empty:
        return empty_figure("No sensitivity to show", theme)
    data = sensitivity.iloc[::-1]
    base = float(data["base"].iloc[0]) if len(data) else 0.0
    fig = go.Figure()
    for column, name, colour in (("low", "lower ROI", theme.bad),
                                 ("high", "higher ROI", theme.good)):
        fig.add_trace(go.Bar(
            y=data["assumption"], x=data[column] - base, base=[base] * len(data), orientation="h",
            name=name, marker_color=colour,
            hovertext=[f"{a}: ROI {v:.1f}%"
                       for a, v in zip(data["assumption"], data[column], strict=True)],
            hoverinfo="text"))
    fig.add_vline(x=base, line=dict(color="#333333", width=1.5),
                  annotation_text=f"central ROI {base:.1f}%", annotation_position="top")
    fig.update_layout(barmode="overlay")
    fig.update_xaxes(title_text=f"Central-scenario ROI (%) with the assumption ±{swing:.0%}")
    return theme.layout(fig, height=36 * len(data) + 140, title=title)
