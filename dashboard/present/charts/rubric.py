"""Rubric charts: levels over assessment months, first to latest level, leaders × dimensions
and who assessed."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard.present.charts.common import (
    MAX_COHORT_LINES,
    MAX_LEADERS,
    PROGRAM_COLOUR,
    add_note,
    busiest,
    capped_note,
    empty_figure,
    grid,
    label,
    month_axis,
    month_x,
    per_cohort,
    rgba,
    segments,
    shade_months,
    titled,
    wrap_label,
)
from dashboard.present.charts.theme import APP, Theme
from dashboard.present.formatting import month_label

LEVEL_NAMES = {1: "Not Evident", 2: "Emerging", 3: "Consistent", 4: "Mastery"}
LEVEL_SHARES = {1: "not_evident_pct", 2: "emerging_pct", 3: "consistent_pct", 4: "mastery_pct"}
DIMENSION_SHORT = {"tone_recognition": "tone", "response_adaptation": "adaptation",
                   "reflective_follow_up": "follow-up"}
POINT_NAMES = {"baseline": "Baseline", "mid": "Mid-point", "end": "End"}
POINT_ORDER = {"baseline": 0, "mid": 1, "end": 2}
ASSESSOR_STYLE = {"facilitator": ("#333333", ""), "peer": ("#888888", "/"),
                  "self": ("#C8C8C8", ".")}


def _module(module_names: Mapping[str, str], module: str) -> str:
    return label(module_names.get(module, module))


def level_distribution(progress: pd.DataFrame, module_names: Mapping[str, str], *,
                       theme: Theme = APP, title: str | None = None) -> go.Figure:
    """Share of leaders at each level per assessment month — or, from the ``rubric_points``
    table, per assessment point (baseline, mid, end) — stacked Not Evident → Mastery, one panel
    per module (rows) × dimension (columns)."""
    if progress.empty:
        return empty_figure("No rubric assessments for these filters", theme)
    by_point = "period" not in progress and "assessment" in progress
    modules = list(dict.fromkeys(progress["module_id"]))
    dimensions = sorted(progress["dimension"].unique())
    titles = [label(d.replace("_", " ").capitalize()) for d in dimensions]
    fig = make_subplots(rows=len(modules), cols=len(dimensions), shared_yaxes=True,
                        column_titles=titles, vertical_spacing=0.12 if len(modules) > 1 else 0.1,
                        horizontal_spacing=0.03)
    for r, module in enumerate(modules, start=1):
        for c, dimension in enumerate(dimensions, start=1):
            part = progress[(progress["module_id"] == module) & (progress["dimension"] == dimension)]
            if by_point:
                part = part.sort_values("assessment", key=lambda c: c.map(POINT_ORDER))
                x = [POINT_NAMES.get(p, "unscheduled") for p in part["assessment"]]
            else:
                part = part.sort_values("period")
                x = [month_label(p) for p in part["period"]]
            for level, column in LEVEL_SHARES.items():
                fig.add_trace(go.Bar(
                    x=x, y=part[column],
                    name=LEVEL_NAMES[level], marker_color=theme.level_colours[level],
                    legendgroup=LEVEL_NAMES[level], showlegend=(r == 1 and c == 1),
                    hovertext=[f"{LEVEL_NAMES[level]}: {v:.0f}% of {n} leaders"
                               for v, n in zip(part[column], part["n_leaders"], strict=True)],
                    hoverinfo="text"), row=r, col=c)
    fig.update_layout(barmode="stack")
    fig.update_yaxes(range=[0, 100])
    for r, module in enumerate(modules, start=1):
        fig.update_yaxes(title_text=f"<b>{_module(module_names, module)}</b><br>% of leaders",
                         title_font=dict(size=12), row=r, col=1)
    for annotation in fig.layout.annotations:
        annotation.font = dict(size=13)
    return theme.layout(fig, height=250 * len(modules) + 90, title=title, panel_titles=True)


def level_trend(progress: pd.DataFrame, *, theme: Theme = APP,
                shade: tuple[str, str] | None = None,
                span: tuple[str, str] | None = None) -> go.Figure:
    """Mean level (1–4) per assessment month: a panel per cohort × module, a line per rubric
    dimension."""
    if progress.empty:
        return empty_figure("No rubric assessments for these filters", theme)
    limit = MAX_COHORT_LINES // 2
    progress, total = busiest(progress.assign(n=progress["n_leaders"]), "cohort", limit)
    panels = list(dict.fromkeys(zip(progress["cohort"], progress["module_id"], strict=True)))
    dimensions = sorted(progress["dimension"].unique())
    colour = {d: theme.palette[i % len(theme.palette)] for i, d in enumerate(dimensions)}
    rows, cols = grid(len(panels))
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
                x=month_x(series["period"]), y=series["mean_level"],
                name=label(dimension.replace("_", " ")), legendgroup=dimension,
                showlegend=i == 0, mode="lines+markers", marker={"size": theme.marker_size + 1},
                line={"color": colour[dimension], "width": theme.line_width},
                hovertemplate="%{x|%b %Y}: %{y:.2f}<extra>" + label(dimension) + "</extra>",
            ), row=i // cols + 1, col=i % cols + 1)
    if shade:
        shade_months(fig, *shade)
    month_axis(fig, list(progress["period"]), theme, small=True, span=span)
    fig.update_yaxes(range=[0.8, 4.2], tickvals=[1, 2, 3, 4])
    height = (120 + 180 * rows) if theme.paper else (140 + 240 * rows)
    return add_note(theme.layout(fig, height=height, panel_titles=True),
                    capped_note(theme, limit, total, "cohorts with most leaders assessed"), theme)


def rubric_change_chart(change: pd.DataFrame, colours: Mapping[str, str],
                        module_names: Mapping[str, str], *, theme: Theme = APP,
                        title: str | None = None) -> go.Figure:
    """First (open dot) to latest (filled dot) mean level per module × dimension and cohort."""
    if change.empty:
        return empty_figure("No leader was assessed twice for these filters", theme)
    data, total = busiest(change.assign(n=change["n_leaders"]), "cohort", MAX_COHORT_LINES)
    note = capped_note(theme, MAX_COHORT_LINES, total, "cohorts with most leaders assessed")
    data = data.copy()
    several = data["cohort"].nunique() > 1
    data["label"] = [f"{_module(module_names, m)} · {label(d.replace('_', ' '))}"
                     + (f" · {label(c)}" if several else "")
                     for m, d, c in zip(data["module_id"], data["dimension"], data["cohort"],
                                        strict=True)]
    fig = go.Figure()
    for cohort, rows in per_cohort(data):
        colour = colours.get(cohort, PROGRAM_COLOUR)
        xs, ys = segments(rows["first_level"], rows["latest_level"], rows["label"])
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines",
                                 line=dict(color=rgba(colour, 0.5), width=3),
                                 showlegend=False, hoverinfo="skip", connectgaps=False))
        fig.add_trace(go.Scatter(x=rows["first_level"], y=rows["label"], mode="markers",
                                 name=f"{label(cohort)} — first",
                                 marker=dict(color="white", size=11,
                                             line=dict(color=colour, width=2.5)),
                                 hovertext=[f"first {v:.2f} ({n} leaders)" for v, n in
                                            zip(rows["first_level"], rows["n_leaders"],
                                                strict=True)],
                                 hoverinfo="text"))
        fig.add_trace(go.Scatter(x=rows["latest_level"], y=rows["label"], mode="markers+text",
                                 name=f"{label(cohort)} — latest",
                                 marker=dict(color=colour, size=11),
                                 text=[f"{v:+.2f}" for v in rows["change"]],
                                 textposition=["middle left" if v < 0 else "middle right"
                                               for v in rows["change"]],
                                 textfont=dict(size=11),
                                 hovertext=[f"latest {v:.2f}, change {c:+.2f}" for v, c in
                                            zip(rows["latest_level"], rows["change"], strict=True)],
                                 hoverinfo="text"))
    fig.update_xaxes(title_text="Mean level (1 Not Evident … 4 Mastery)", range=[0.8, 4.3],
                     tickvals=[1, 2, 3, 4], ticktext=["1 Not Evident", "2 Emerging",
                                                      "3 Consistent", "4 Mastery"])
    fig.update_yaxes(autorange="reversed")
    return theme.layout(fig, height=max(300, 34 * len(data) + 140), title=titled(title, note))


def leader_heatmap(levels: pd.DataFrame, module_names: Mapping[str, str], *, theme: Theme = APP,
                   title: str | None = None) -> go.Figure:
    """Latest level per leader (rows) × module · dimension (columns), coloured by level."""
    if levels.empty:
        return empty_figure("No rubric assessments for these filters", theme)
    data = levels.copy()
    total = data["leader_id"].nunique()
    if total > MAX_LEADERS:  # a rollout's thousands of rows: those who most need coaching
        lowest = (data.groupby("leader_id")["latest_level"].mean()
                  .sort_values(kind="stable").index[:MAX_LEADERS])
        data = data[data["leader_id"].isin(lowest)]
        title = titled(title, f"the {MAX_LEADERS} leaders with the lowest latest levels of "
                              f"{total:,}; filter cohorts to see the rest")
    data["column"] = list(zip(data["module_id"], data["dimension"], strict=True))
    data["row"] = [f"{label(leader)} ({label(cohort)})"
                   for leader, cohort in zip(data["leader_id"], data["cohort"], strict=True)]
    table = data.pivot_table(index="row", columns="column", values="latest_level", aggfunc="first",
                             sort=False)
    columns = list(dict.fromkeys(data["column"]))
    table = table.reindex(columns=columns).sort_index(ascending=False)
    z = table.to_numpy(dtype="float64")
    scale = []
    for level, colour in theme.level_colours.items():
        low, high = (level - 1) / 4, level / 4
        scale += [[low, colour], [high, colour]]
    text = [[("" if np.isnan(v) else f"{v:.1f}") for v in row] for row in z]
    x = [[wrap_label(_module(module_names, m)) for m, _ in columns],
         [label(DIMENSION_SHORT.get(d, d)) for _, d in columns]]
    fig = go.Figure(go.Heatmap(
        z=z, x=x, y=list(table.index), zmin=0.5, zmax=4.5, colorscale=scale, text=text,
        texttemplate="%{text}", textfont=dict(size=11), xgap=2, ygap=2,
        customdata=[[f"{_module(module_names, m)} · {label(d.replace('_', ' '))}"
                     for m, d in columns]] * len(table),
        hovertemplate="%{y}<br>%{customdata}<br>latest level %{z:.1f}<extra></extra>",
        colorbar=dict(title="Level", tickvals=[1, 2, 3, 4],
                      ticktext=[LEVEL_NAMES[i] for i in (1, 2, 3, 4)])))
    fig.update_xaxes(side="top", tickfont=dict(size=11), tickangle=0)
    fig.update_yaxes(title_text="Leader (cohort)")
    return theme.layout(fig, height=max(320, 24 * len(table) + 160), title=title, legend=False)


def agreement_chart(agreement: pd.DataFrame, module_names: Mapping[str, str], *,
                    theme: Theme = APP, title: str | None = None) -> go.Figure:
    """Mean level by facilitator, peer and self per dimension, one panel per module."""
    if agreement.empty:
        return empty_figure("No rubric assessments for these filters", theme)
    modules = list(dict.fromkeys(agreement["module_id"]))
    fig = make_subplots(rows=1, cols=len(modules), shared_yaxes=True,
                        subplot_titles=[_module(module_names, m) for m in modules],
                        horizontal_spacing=0.05)
    for c, module in enumerate(modules, start=1):
        part = agreement[agreement["module_id"] == module]
        for assessor, (colour, pattern) in ASSESSOR_STYLE.items():
            rows = part[part["assessor_type"] == assessor]
            fig.add_trace(go.Bar(
                x=[label(d.replace("_", " ")) for d in rows["dimension"]], y=rows["mean_level"],
                name=assessor, marker=dict(color=colour, pattern_shape=pattern,
                                           line=dict(color="#333333", width=1)),
                legendgroup=assessor, showlegend=(c == 1),
                text=[f"{v:.2f}" for v in rows["mean_level"]], textposition="outside",
                hovertext=[f"{assessor}: {v:.2f} ({n} leaders)" for v, n in
                           zip(rows["mean_level"], rows["n_leaders"], strict=True)],
                hoverinfo="text"), row=1, col=c)
    fig.update_layout(barmode="group")
    fig.update_yaxes(range=[0, 4.4], title_text="Mean level (1–4)", col=1)
    return theme.layout(fig, height=380, title=title, panel_titles=True)
