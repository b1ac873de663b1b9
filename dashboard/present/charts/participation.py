"""Participation charts: completion of each activity by cohort and module."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.present.charts.common import (
    MAX_COHORT_LINES,
    add_note,
    busiest,
    capped_note,
    empty_figure,
    label,
)
from dashboard.present.charts.theme import APP, Theme

ACTIVITIES = {"microlearning": "microlearning", "live_practice": "live practice",
              "coaching": "coaching"}


def completion_chart(participation: pd.DataFrame, *, theme: Theme = APP) -> go.Figure:
    """Completion % per cohort · module (a row each), a bar per activity in palette order."""
    if participation.empty:
        return empty_figure("No LMS activity for these filters", theme)
    limit = MAX_COHORT_LINES // 2
    participation, total = busiest(participation.assign(n=participation["n_people"]), "cohort",
                                   limit)
    groups = [f"{label(c)} · {label(m.replace('_', ' '))}"
              for c, m in zip(participation["cohort"], participation["module_id"], strict=True)]
    data = participation.assign(group=groups)
    fig = go.Figure()
    for i, (activity, name) in enumerate(ACTIVITIES.items()):
        part = data[data["activity"] == activity]
        if part.empty:
            continue
        fig.add_trace(go.Bar(
            y=part["group"], x=part["completion_pct"], orientation="h", name=name,
            marker_color=theme.palette[i], text=[f"{v:.0f}%" for v in part["completion_pct"]],
            textposition="outside", cliponaxis=False,
            hovertext=[f"{g}, {name}: {done} of {n} leaders ({v:.1f}%)" for g, done, n, v in
                       zip(part["group"], part["n_completed"], part["n_people"],
                           part["completion_pct"], strict=True)],
            hoverinfo="text"))
    count = data["group"].nunique()
    fig.update_layout(barmode="group")
    fig.update_xaxes(range=[0, 112], ticksuffix="%", dtick=25)
    fig.update_yaxes(autorange="reversed", automargin=True)
    theme.layout(fig, height=110 + 64 * count, top=10)
    if theme.paper:
        fig.update_layout(margin={"l": 170, "b": 70}, legend={"y": -0.12 - 0.3 / count})
    return add_note(fig, capped_note(theme, limit, total), theme)
