"""Pulse-survey charts: lines over months per cohort (any monthly KPI: pulse scores, eNPS,
response rates), favourable answers per question, and self against others."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard.present.charts.common import (
    MAX_COHORT_LINES,
    MAX_LEADERS,
    PROGRAM_COLOUR,
    add_layout_items,
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
    strip_height,
    suppressed_trace,
    timeline_bars,
    titled,
    window_shapes,
)
from dashboard.present.charts.theme import APP, Theme
from dashboard.present.formatting import month_label, suppressed_text


def trend_chart(frame: pd.DataFrame, value: str, colours: Mapping[str, str], *, y_title: str,
                k: int, theme: Theme = APP, arms: Mapping[str, str] | None = None,
                timeline: pd.DataFrame | None = None, band: bool = False,
                dash_by: str | None = None, title: str | None = None,
                y_range: Sequence[float] | None = None, hover_unit: str = "",
                shade: tuple[str, str] | None = None, span: tuple[str, str] | None = None,
                zero_line: bool = False) -> go.Figure:
    """Lines over months, one per cohort (and per ``dash_by`` value, e.g. rater group),
    with interval bands from ``ci_low``/``ci_high`` when ``band``, hidden cells marked, and
    — when a timeline is given — a strip underneath showing which module ran when. With more
    than ``MAX_COHORT_LINES`` cohorts, the busiest are drawn and the chart says so.

    ``arms`` marks comparison cohorts (dotted in print), ``shade`` shades months (the
    report's quarter), ``span`` fixes the month axis (on paper), ``zero_line`` marks zero.
    """
    if frame.empty:
        return empty_figure("No data for these filters", theme)
    arms = arms or {}
    frame, total = busiest(frame, "cohort", MAX_COHORT_LINES)
    note = capped_note(theme, MAX_COHORT_LINES, total)
    if note and timeline is not None and not timeline.empty:
        timeline = timeline[timeline["cohort"].isin(set(frame["cohort"]))]
    with_strip = timeline is not None and not timeline.empty
    strip = strip_height(timeline)
    height = (280 if theme.paper else 420) + strip
    if with_strip:
        share = strip / (height - 100)
        fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.05,
                            row_heights=[1 - share, share])
    else:
        fig = make_subplots(rows=1, cols=1)
    data = frame.sort_values("period")
    groups = [(None, data)] if dash_by is None else list(data.groupby(dash_by, sort=True))
    dashes = ["solid", "dot", "dash"]
    for index, (group, part) in enumerate(groups):
        for cohort, rows in per_cohort(part):
            colour = colours.get(cohort, PROGRAM_COLOUR)
            name = label(cohort) if group is None else f"{label(cohort)} — {label(group)}"
            line = theme.cohort_line(colour, arms.get(cohort) == "comparison")
            if group is not None:
                line["dash"] = dashes[index % len(dashes)]
            shown = rows.copy()
            has_band = "ci_low" in shown and shown["ci_low"].notna().any()
            if band and group in (None, "others") and has_band:
                _band(fig, shown, colour, name)
            labels = [month_label(p) for p in shown["period"]]
            counts = ([f" (n = {int(v)})" if pd.notna(v) else "" for v in shown["n"]]
                      if "n" in shown else [""] * len(shown))
            fig.add_trace(go.Scatter(
                x=month_x(shown["period"]), y=shown[value], mode="lines+markers", name=name,
                line=line, marker=dict(size=theme.marker_size), connectgaps=False,
                legendgroup=name,
                hovertext=[f"{name}, {m}: {v:.2f}{hover_unit}{c}" if pd.notna(v)
                           else f"{name}, {m}: —"
                           for m, v, c in zip(labels, shown[value], counts, strict=True)],
                hoverinfo="text",
            ), row=1, col=1)
    hidden = data[data["suppressed"].astype(bool)] if "suppressed" in data else data.iloc[0:0]
    if len(hidden):
        visible = data[value].dropna()
        low = float(visible.min()) if len(visible) else 0.0
        spread = float(visible.max() - visible.min()) if len(visible) > 1 else 1.0
        y = y_range[0] if y_range else low - 0.08 * (spread or 1.0)
        fig.add_trace(suppressed_trace(hidden, y, k), row=1, col=1)
    if zero_line:
        fig.add_hline(y=0, line={"color": "#888888", "width": 1})
    if shade:
        shade_months(fig, *shade)
    if timeline is not None and with_strip:
        add_layout_items(fig, *window_shapes(fig, timeline, colours, label_first=False))
        timeline_bars(fig, timeline, colours, row=2)
    if not theme.paper:
        fig.update_xaxes(title_text="Month", row=2 if with_strip else 1, col=1)
    fig.update_yaxes(title=theme.axis_title(y_title), row=1, col=1, zeroline=False,
                     range=list(y_range) if y_range else None)
    month_axis(fig, list(data["period"]), theme, span=span)
    if theme.paper:
        return add_note(theme.layout(fig, height=height, title=title, top=16), note, theme)
    return theme.layout(fig, height=height, title=titled(title, note))


def _band(fig: go.Figure, rows: pd.DataFrame, colour: str, name: str) -> None:
    x = month_x(rows["period"])
    fig.add_trace(go.Scatter(x=x, y=rows["ci_high"], mode="lines", line=dict(width=0),
                             showlegend=False, hoverinfo="skip", legendgroup=name,
                             connectgaps=False), row=1, col=1)
    fig.add_trace(go.Scatter(x=x, y=rows["ci_low"], mode="lines", line=dict(width=0),
                             fill="tonexty", fillcolor=rgba(colour, 0.15), showlegend=False,
                             hoverinfo="skip", legendgroup=name, connectgaps=False), row=1, col=1)


def favourable_grid(trend: pd.DataFrame, colours: Mapping[str, str], *, theme: Theme = APP,
                    arms: Mapping[str, str] | None = None, shade: tuple[str, str] | None = None,
                    span: tuple[str, str] | None = None) -> go.Figure:
    """Favourable % of others' answers per question (one panel each), a line per cohort and
    question wording."""
    data = trend[trend["rater_group"] == "others"]
    if data["favourable_pct"].notna().sum() == 0:
        return empty_figure("No favourable answers to show for these filters", theme)
    arms = arms or {}
    data, total = busiest(data, "cohort", MAX_COHORT_LINES)
    questions = list(dict.fromkeys(data["question_id"]))
    rows, cols = grid(len(questions))
    fig = make_subplots(rows=rows, cols=cols, subplot_titles=[label(q) for q in questions],
                        shared_yaxes=True, vertical_spacing=0.16 if rows > 1 else 0.1,
                        horizontal_spacing=0.06)
    for i, question in enumerate(questions):
        row, col = i // cols + 1, i % cols + 1
        for (cohort, version), part in data[data["question_id"] == question].groupby(
                ["cohort", "question_version"], sort=True):
            name = label(cohort) + (f" (wording {version})" if version > 1 else "")
            fig.add_trace(go.Scatter(
                x=month_x(part["period"]), y=part["favourable_pct"], name=name,
                legendgroup=name, showlegend=i == 0, mode="lines+markers", connectgaps=False,
                line=theme.cohort_line(colours.get(cohort, PROGRAM_COLOUR),
                                       arms.get(cohort) == "comparison"),
                marker={"size": theme.marker_size},
                hovertemplate="%{x|%b %Y}: %{y:.1f}%<extra>" + name + "</extra>",
            ), row=row, col=col)
    if shade:
        shade_months(fig, *shade)
    month_axis(fig, list(data["period"]), theme, small=True, span=span)
    fig.update_yaxes(range=[0, 100], ticksuffix="%", dtick=25)
    height = (120 + 170 * rows) if theme.paper else (140 + 220 * rows)
    return add_note(theme.layout(fig, height=height, panel_titles=True),
                    capped_note(theme, MAX_COHORT_LINES, total), theme)


def _score_axis(data: pd.DataFrame) -> tuple[float, float, str]:
    """The self–team axis: the scale the scores were pooled on (``unit``: one scale, "score
    (1–7 scale)", or percent of each scale's range when the questions' scales differ)."""
    units = data["unit"].dropna() if "unit" in data else pd.Series(dtype="object")
    unit = str(units.iloc[0]) if len(units) else "score (1–5 scale)"
    if unit.startswith("%"):
        return 0.0, 100.0, f"Mean score, {unit}; self = filled, team = open"
    found = re.search(r"\((\d+)–(\d+) scale\)", unit)
    low, high = (float(found.group(1)), float(found.group(2))) if found else (1.0, 5.0)
    return low, high, f"Mean score ({low:g}–{high:g}; self = filled, team = open)"


def gap_chart(frame: pd.DataFrame, colours: Mapping[str, str], *, k: int, theme: Theme = APP,
              title: str | None = None) -> go.Figure:
    """Self versus others per leader for one month: a dot for each, joined by a line.

    Where others' score is hidden the self dot stands alone with 'fewer than k responses'.
    """
    if frame.empty:
        return empty_figure("No self and team ratings for these filters", theme)
    frame, total = busiest(frame.assign(n=frame["n_others"].fillna(0)), "leader_id", MAX_LEADERS)
    note = capped_note(theme, MAX_LEADERS, total, "leaders with most responses")
    data = frame.sort_values(["cohort", "leader_id"]).assign(
        leader=lambda d: [label(v) for v in d["leader_id"]])
    fig = go.Figure()
    both = data[data["self_score"].notna() & data["others_score"].notna()]
    if len(both):
        xs, ys = segments(both["others_score"], both["self_score"], both["leader"])
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line=dict(color="#BBBBBB", width=3),
                                 showlegend=False, hoverinfo="skip", connectgaps=False))
    for cohort, rows in per_cohort(data):
        colour = colours.get(cohort, PROGRAM_COLOUR)
        fig.add_trace(go.Scatter(
            x=rows["self_score"], y=rows["leader"], mode="markers",
            name=f"{label(cohort)} — self",
            marker=dict(color=colour, size=11, symbol="circle"),
            hovertext=[f"{leader} self: {score:.2f}" if pd.notna(score) else f"{leader}: no self rating"
                       for leader, score in zip(rows["leader"], rows["self_score"], strict=True)],
            hoverinfo="text"))
        fig.add_trace(go.Scatter(
            x=rows["others_score"], y=rows["leader"], mode="markers",
            name=f"{label(cohort)} — team",
            marker=dict(color="white", size=11, symbol="circle",
                        line=dict(color=colour, width=2.5)),
            hovertext=[f"{leader} team: {score:.2f} (n = {n})" if pd.notna(score) else ""
                       for leader, score, n in zip(rows["leader"], rows["others_score"], rows["n_others"],
                                                   strict=True)],
            hoverinfo="text"))
    low, high, axis = _score_axis(data)
    hidden = data[data["suppressed"].astype(bool)]
    if len(hidden):
        fig.add_trace(go.Scatter(
            x=[float(low)] * len(hidden), y=hidden["leader"], mode="markers+text",
            marker=dict(symbol="x-thin", size=10, line=dict(width=2, color="#777777")),
            text=[f"team: {suppressed_text(k)}"] * len(hidden), textposition="middle right",
            textfont=dict(size=11, color="#555555"), name=f"team scores hidden: {suppressed_text(k)}",
            hoverinfo="skip"))
    pad = (high - low) / 40
    fig.update_xaxes(title_text=axis, range=[low - pad, high + pad])
    fig.update_yaxes(title_text="Leader", type="category", categoryorder="array",
                     categoryarray=list(data["leader"]), autorange="reversed")
    return theme.layout(fig, height=max(260, 26 * len(data) + 120), title=titled(title, note))
