"""Business-outcome charts: small multiples, one panel per metric, a line per cohort."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard.kpi.registry import METRICS
from dashboard.present.charts.common import (
    MAX_COHORT_LINES,
    PROGRAM_COLOUR,
    LayoutItem,
    add_layout_items,
    add_note,
    axis_title,
    busiest,
    capped_note,
    empty_figure,
    label,
    month_axis,
    month_x,
    per_cohort,
    shade_months,
    window_shapes,
    wrap_label,
)
from dashboard.present.charts.theme import APP, Theme
from dashboard.present.formatting import metric_value, month_label

PANEL_TITLE_WIDTH = 26  # characters on a line of an app panel's title (~160 px)


def business_grid(business: pd.DataFrame, metrics: Sequence[str], colours: Mapping[str, str],
                  timeline: pd.DataFrame | None = None, columns: int = 2, *, theme: Theme = APP,
                  arms: Mapping[str, str] | None = None, shade: tuple[str, str] | None = None,
                  span: tuple[str, str] | None = None, titles: Mapping[str, str] | None = None) -> go.Figure:
    """Small multiples: one panel per business metric, a line per cohort; with a timeline,
    every cohort's training window shaded in its colour; with ``shade``, those months shaded
    (the report's quarter). ``titles`` overrides a panel's title (e.g. "rolling 3 months")."""
    titles = titles or {}
    present = [m for m in metrics if m in set(business["metric"])]
    if not present:
        return empty_figure("No business outcomes for these filters", theme)
    arms = arms or {}
    timeline = timeline if timeline is not None else pd.DataFrame()
    business, total = busiest(business.assign(n=business["n_teams"]), "cohort", MAX_COHORT_LINES)
    note = capped_note(theme, MAX_COHORT_LINES, total, "cohorts with most teams")
    if note and len(timeline):
        timeline = timeline[timeline["cohort"].isin(set(business["cohort"]))]
    rows = (len(present) + columns - 1) // columns
    names = [label(titles.get(m) or (axis_title(m) if m in METRICS else m)) for m in present]
    if not theme.paper:
        # a panel is 170 px wide on a phone (two side by side): titles wrap, never overlap
        names = [wrap_label(name, PANEL_TITLE_WIDTH) for name in names]
    fig = make_subplots(rows=rows, cols=columns, shared_xaxes=not theme.paper,
                        subplot_titles=names,
                        vertical_spacing=0.12 if rows > 1 else 0.1, horizontal_spacing=0.08)
    shown_legend: set[str] = set()
    shapes: list[LayoutItem] = []
    notes: list[LayoutItem] = []
    for index, metric in enumerate(present):
        r, c = index // columns + 1, index % columns + 1
        part = business[business["metric"] == metric].sort_values("period")
        for cohort, lines in per_cohort(part):
            colour = colours.get(cohort, PROGRAM_COLOUR)
            name = label(cohort)
            fig.add_trace(go.Scatter(
                x=month_x(lines["period"]), y=lines["value"], mode="lines+markers", name=name,
                line=theme.cohort_line(colour, arms.get(cohort) == "comparison"),
                marker=dict(size=theme.panel_marker_size), legendgroup=name,
                showlegend=cohort not in shown_legend,
                hovertext=[f"{name}, {month_label(p)}: {metric_value(metric, v)} ({n} teams)"
                           for p, v, n in zip(lines["period"], lines["value"], lines["n_teams"],
                                              strict=True)],
                hoverinfo="text"), row=r, col=c)
            shown_legend.add(cohort)
        if len(timeline):
            panel_shapes, panel_notes = window_shapes(fig, timeline, colours,
                                                      label_first=(index == 0), row=r, col=c)
            shapes += panel_shapes
            notes += panel_notes
    add_layout_items(fig, shapes, notes)
    if shade:
        shade_months(fig, *shade)
    month_axis(fig, list(business["period"]), theme, small=True, span=span)
    for annotation in fig.layout.annotations:
        if annotation.text and annotation.text.endswith("training"):
            continue
        annotation.font = dict(size=13)
    height = (100 + 165 * rows) if theme.paper else (260 * rows + 90)
    title_lines = 1 + max(name.count("<br>") for name in names)
    return add_note(theme.layout(fig, height=height + 16 * (title_lines - 1), panel_titles=True,
                                 title_lines=title_lines), note, theme)
