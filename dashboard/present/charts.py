"""Plotly figures built from KPI tables, for the app's pages and the quarterly report.

Plain Python (no Streamlit): every function takes a KPI frame as the KPI layer returns it
and draws it; nothing here computes a number. The rules every chart follows:

- one colour per cohort everywhere (``formatting.cohort_colours``; comparison is grey),
  from the Okabe–Ito palette, which stays readable with common colour blindness;
- months on a date axis ("Mar 2026"), each month's value drawn mid-month, so a module
  that ran in April visibly covers April's point;
- axis titles carry units; hidden cells (fewer than k respondents) are drawn as grey
  crosses labelled "fewer than k responses", never as zero, and their line has a gap.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard.kpi.registry import METRICS
from dashboard.present.formatting import (
    COMPARISON_COLOUR,
    LEVEL_COLOURS,
    PALETTE,
    SUPPRESSED_COLOUR,
    metric_value,
    money,
    month_label,
    suppressed_text,
)

FONT = dict(family="Source Sans Pro, Arial, sans-serif", size=13, color="#262730")
LEVEL_NAMES = {1: "Not Evident", 2: "Emerging", 3: "Consistent", 4: "Mastery"}
LEVEL_SHARES = {1: "not_evident_pct", 2: "emerging_pct", 3: "consistent_pct", 4: "mastery_pct"}
DIMENSION_SHORT = {"tone_recognition": "tone", "response_adaptation": "adaptation",
                   "reflective_follow_up": "follow-up"}
ASSESSOR_STYLE = {"facilitator": ("#333333", ""), "peer": ("#888888", "/"),
                  "self": ("#C8C8C8", ".")}
VERDICT_COLOURS = {"improved": "#0072B2", "worsened": "#D55E00"}
GOOD, BAD = "#0072B2", "#D55E00"
PROGRAM_COLOUR = PALETTE[0]
# Beyond this many cohorts (or leaders) a chart stops being readable, and slow to draw:
# the busiest are drawn and the chart says how to see the others (the tables keep them all).
MAX_COHORT_LINES = 12
MAX_LEADERS = 60


# --- shared pieces -----------------------------------------------------------------------


def month_x(periods: Sequence[str] | pd.Series) -> pd.Series:
    """'2026-03' -> 15 March 2026: months drawn mid-month on a real date axis."""
    return pd.to_datetime(pd.Series(list(periods), dtype="object") + "-15")


def axis_title(metric: str) -> str:
    """A metric's axis title with its unit, e.g. 'Escalation rate (%)'."""
    info = METRICS[metric]
    unit = {"pct": "%", "points": "points", "score": "mean score", "hours": "hours",
            "level": "level 1–4"}[info.unit]
    return f"{info.label} ({unit})"


def rgba(hex_colour: str, alpha: float) -> str:
    """'#0072B2', 0.2 -> 'rgba(0,114,178,0.2)' for translucent bands and shading."""
    h = hex_colour.lstrip("#")
    r, g, b = (int(h[i:i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r},{g},{b},{alpha})"


def empty_figure(message: str, height: int = 220) -> go.Figure:
    """A figure that says why there is nothing to draw (never an empty set of axes)."""
    fig = go.Figure()
    fig.add_annotation(text=message, showarrow=False, font=dict(size=15, color="#555555"),
                       xref="paper", yref="paper", x=0.5, y=0.5)
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return _layout(fig, height=height)


def _layout(fig: go.Figure, *, height: int, title: str | None = None,
            legend: bool = True, panel_titles: bool = False) -> go.Figure:
    """House style. ``panel_titles`` lifts the legend above the subplot titles."""
    extra = 40 if panel_titles else 0
    top = (60 if title else 30) + extra
    legend_y = 1.0 + extra / max(100, height - top - 10)
    fig.update_layout(
        template="plotly_white", font=FONT, height=height,
        margin=dict(l=10, r=10, t=top, b=10),
        title=dict(text=title, x=0, xanchor="left", font=dict(size=16)) if title else None,
        showlegend=legend,
        legend=dict(orientation="h", yanchor="bottom", y=legend_y,
                    xanchor="right" if title else "left", x=1 if title else 0, title=None),
        hoverlabel=dict(font_size=13),
    )
    return fig


def _month_axis(fig: go.Figure, periods: Sequence[str], small: bool = False,
                **where: int) -> None:
    """Date x-axis labelled 'Mar 2026': a tick per month for a year or less on a full-width
    chart, fewer on small panels and long ranges, never slanted."""
    months = len(set(periods))
    step = max(1, -(-months // (6 if small else 12)))
    fig.update_xaxes(type="date", tickformat="%b %Y", dtick=f"M{step}", tickangle=0,
                     showgrid=False, **where)


def _suppressed_trace(frame: pd.DataFrame, y: float, k: int, name_col: str = "cohort",
                      showlegend: bool = True) -> go.Scatter:
    """Grey crosses on the month axis where a cell is hidden, labelled in words."""
    text = [f"{row[name_col]}, {month_label(row['period'])}: {suppressed_text(k)}"
            for _, row in frame.iterrows()]
    return go.Scatter(
        x=month_x(frame["period"]), y=[y] * len(frame), mode="markers",
        marker=dict(symbol="x-thin", size=11, line=dict(width=2, color="#777777"),
                    color=SUPPRESSED_COLOUR),
        name=f"hidden: {suppressed_text(k)}", hovertext=text, hoverinfo="text",
        showlegend=showlegend, legendgroup="suppressed",
    )


def wrap_label(text: str, width: int = 18) -> str:
    """Break a label into lines of about ``width`` characters (plotly wraps nothing)."""
    lines: list[str] = []
    for word in str(text).split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "<br>".join(lines)


def timeline_windows(timeline: pd.DataFrame) -> pd.DataFrame:
    """Each cohort's training window: first module start to last module end."""
    if timeline.empty:
        return pd.DataFrame(columns=["cohort", "start_date", "end_date"])
    return (timeline.groupby("cohort", as_index=False)
            .agg(start_date=("start_date", "min"), end_date=("end_date", "max")))


def _axis_refs(fig: go.Figure, row: int, col: int) -> tuple[str, str]:
    """The x and y axis references ("x2", "y2") of one subplot."""
    subplot = fig.get_subplot(row, col)
    return (subplot.xaxis.plotly_name.replace("axis", ""),
            subplot.yaxis.plotly_name.replace("axis", ""))


def _window_shapes(fig: go.Figure, timeline: pd.DataFrame, colours: Mapping[str, str],
                   label: bool = True, row: int = 1, col: int = 1) -> tuple[list[dict], list[dict]]:
    """Each cohort's training window as a shaded rectangle behind one panel (in the cohort's
    colour), with its label when asked: the shapes and annotations, not yet on the figure."""
    xref, yref = _axis_refs(fig, row, col)
    shapes, notes = [], []
    for window in timeline_windows(timeline).itertuples():
        colour = colours.get(window.cohort, PROGRAM_COLOUR)
        shapes.append(dict(type="rect", xref=xref, yref=f"{yref} domain", x0=window.start_date,
                           x1=window.end_date, y0=0, y1=1, fillcolor=rgba(colour, 0.10),
                           line_width=0, layer="below"))
        if label:
            notes.append(dict(xref=xref, yref=f"{yref} domain", x=window.start_date, y=1,
                              xanchor="left", yanchor="top", showarrow=False,
                              text=f"{window.cohort} training",
                              font=dict(size=11, color="#555555")))
    return shapes, notes


def _add_layout_items(fig: go.Figure, shapes: list[dict], notes: list[dict]) -> None:
    """Append shapes and annotations in one layout update: plotly validates the whole list
    on every ``add_vrect``, which costs seconds with a dozen cohorts on a grid of panels."""
    if shapes or notes:
        fig.update_layout(shapes=list(fig.layout.shapes) + shapes,
                          annotations=list(fig.layout.annotations) + notes)


def _timeline_bars(fig: go.Figure, timeline: pd.DataFrame, colours: Mapping[str, str],
                   row: int) -> None:
    """Which module ran when: one thin bar per cohort × module under a trend, the module's
    name written beside its bar (on the side with room), the cohort named on the axis.
    All bars are one trace and the names one layout update (fast with many cohorts)."""
    items = timeline.sort_values(["cohort", "start_date"]).reset_index(drop=True)
    lo, hi = items["start_date"].min(), items["end_date"].max()
    middle = lo + (hi - lo) / 2
    xref, yref = _axis_refs(fig, row, 1)
    notes, ticks, labels = [], [], []
    for position, item in enumerate(items.itertuples()):
        right_side = item.start_date < middle
        notes.append(dict(
            x=item.end_date if right_side else item.start_date, y=position,
            xanchor="left" if right_side else "right", text=f" {item.module_name} ",
            showarrow=False, font=dict(size=11, color="#333333"), xref=xref, yref=yref))
        first_of_cohort = position == 0 or items.loc[position - 1, "cohort"] != item.cohort
        ticks.append(position)
        labels.append(item.cohort if first_of_cohort else "")
    fig.add_trace(go.Bar(
        x=(items["end_date"] - items["start_date"]) / pd.Timedelta(milliseconds=1),
        base=list(items["start_date"]), y=ticks, orientation="h", width=0.7, showlegend=False,
        name="Modules", marker=dict(color=[colours.get(c, PROGRAM_COLOUR) for c in items["cohort"]]),
        hovertext=[f"{i.cohort}: {i.module_name}<br>{i.start_date:%d %b %Y} – {i.end_date:%d %b %Y}"
                   for i in items.itertuples()], hoverinfo="text"), row=row, col=1)
    _add_layout_items(fig, [], notes)
    fig.update_yaxes(tickvals=ticks, ticktext=labels, autorange="reversed", showgrid=False,
                     zeroline=False, title_text="Modules", title_font=dict(size=12),
                     row=row, col=1)


def strip_height(timeline: pd.DataFrame | None) -> int:
    """Pixels the module strip needs: a row per cohort × module."""
    return 0 if timeline is None or timeline.empty else 24 * len(timeline) + 30


# --- trends ------------------------------------------------------------------------------


def _segments(starts: Sequence[float], ends: Sequence[float], ys: Sequence[object]
              ) -> tuple[list[object], list[object]]:
    """x and y of many two-point segments in one trace, broken apart by gaps (None), so a
    chart with hundreds of dumbbells stays one trace instead of hundreds."""
    xs: list[object] = []
    out: list[object] = []
    for start, end, y in zip(starts, ends, ys, strict=True):
        xs += [start, end, None]
        out += [y, y, None]
    return xs, out


def busiest(frame: pd.DataFrame, key: str, limit: int) -> tuple[pd.DataFrame, int]:
    """Keep the ``limit`` values of ``key`` with the most responses (``n``, else rows);
    return the rows kept and how many values there were in all."""
    values = frame[key].dropna().unique()
    if len(values) <= limit:
        return frame, len(values)
    weight = frame.groupby(key)["n"].sum() if "n" in frame else frame.groupby(key).size()
    keep = weight.sort_values(ascending=False, kind="stable").index[:limit]
    return frame[frame[key].isin(keep)], len(values)


def trend_chart(frame: pd.DataFrame, value: str, colours: Mapping[str, str], *, y_title: str,
                k: int, timeline: pd.DataFrame | None = None, band: bool = False,
                dash_by: str | None = None, title: str | None = None,
                y_range: Sequence[float] | None = None, hover_unit: str = "") -> go.Figure:
    """Lines over months, one per cohort (and per ``dash_by`` value, e.g. rater group),
    with interval bands from ``ci_low``/``ci_high`` when ``band``, hidden cells marked, and
    — when a timeline is given — a strip underneath showing which module ran when. With more
    than ``MAX_COHORT_LINES`` cohorts, the busiest are drawn and the title says so."""
    if frame.empty:
        return empty_figure("No data for these filters")
    frame, total = busiest(frame, "cohort", MAX_COHORT_LINES)
    if total > MAX_COHORT_LINES:
        shown = set(frame["cohort"])
        if timeline is not None and not timeline.empty:
            timeline = timeline[timeline["cohort"].isin(shown)]
        title = (f"{title} — " if title else "") + (
            f"the {MAX_COHORT_LINES} cohorts with most responses of {total}; "
            "filter cohorts to see others (the table has all)")
    with_strip = timeline is not None and not timeline.empty
    strip = strip_height(timeline)
    height = 420 + strip
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
        for cohort, rows in part.groupby("cohort", sort=True):
            colour = colours.get(cohort, PROGRAM_COLOUR)
            name = cohort if group is None else f"{cohort} — {group}"
            shown = rows.copy()
            if band and group in (None, "others") and "ci_low" in shown and shown["ci_low"].notna().any():
                _band(fig, shown, colour, name)
            n = shown["n"].astype("object").where(shown["n"].notna(), None) if "n" in shown else None
            labels = [month_label(p) for p in shown["period"]]
            counts = [f" (n = {int(v)})" if v is not None else "" for v in n] if n is not None else [""] * len(shown)
            fig.add_trace(go.Scatter(
                x=month_x(shown["period"]), y=shown[value], mode="lines+markers", name=name,
                line=dict(color=colour, width=2.5, dash=dashes[index % len(dashes)]),
                marker=dict(size=7), connectgaps=False, legendgroup=name,
                hovertext=[f"{name}, {m}: {v:.2f}{hover_unit}{c}" if pd.notna(v) else f"{name}, {m}: —"
                           for m, v, c in zip(labels, shown[value], counts, strict=True)],
                hoverinfo="text",
            ), row=1, col=1)
    hidden = data[data["suppressed"].astype(bool)] if "suppressed" in data else data.iloc[0:0]
    if len(hidden):
        visible = data[value].dropna()
        low = float(visible.min()) if len(visible) else 0.0
        span = float(visible.max() - visible.min()) if len(visible) > 1 else 1.0
        y = y_range[0] if y_range else low - 0.08 * (span or 1.0)
        fig.add_trace(_suppressed_trace(hidden, y, k), row=1, col=1)
    if with_strip:
        _add_layout_items(fig, *_window_shapes(fig, timeline, colours, label=False))
        _timeline_bars(fig, timeline, colours, row=2)
        fig.update_xaxes(title_text="Month", row=2, col=1)
    else:
        fig.update_xaxes(title_text="Month", row=1, col=1)
    fig.update_yaxes(title_text=y_title, row=1, col=1, zeroline=False,
                     range=list(y_range) if y_range else None)
    periods = list(data["period"])
    _month_axis(fig, periods)
    return _layout(fig, height=height, title=title)


def _band(fig: go.Figure, rows: pd.DataFrame, colour: str, name: str) -> None:
    x = month_x(rows["period"])
    fig.add_trace(go.Scatter(x=x, y=rows["ci_high"], mode="lines", line=dict(width=0),
                             showlegend=False, hoverinfo="skip", legendgroup=name,
                             connectgaps=False), row=1, col=1)
    fig.add_trace(go.Scatter(x=x, y=rows["ci_low"], mode="lines", line=dict(width=0),
                             fill="tonexty", fillcolor=rgba(colour, 0.15), showlegend=False,
                             hoverinfo="skip", legendgroup=name, connectgaps=False), row=1, col=1)


def gap_chart(frame: pd.DataFrame, colours: Mapping[str, str], *, k: int,
              title: str | None = None) -> go.Figure:
    """Self versus others per leader for one month: a dot for each, joined by a line.

    Where others' score is hidden the self dot stands alone with 'fewer than k responses'.
    """
    if frame.empty:
        return empty_figure("No self and others ratings for these filters")
    frame, total = busiest(frame.assign(n=frame["n_others"].fillna(0)), "leader_id", MAX_LEADERS)
    if total > MAX_LEADERS:
        title = (f"{title} — " if title else "") + (
            f"the {MAX_LEADERS} leaders with most responses of {total}; filter cohorts to see "
            "others (the table has all)")
    data = frame.sort_values(["cohort", "leader_id"])
    fig = go.Figure()
    both = data[data["self_score"].notna() & data["others_score"].notna()]
    if len(both):
        xs, ys = _segments(both["others_score"], both["self_score"], both["leader_id"])
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line=dict(color="#BBBBBB", width=3),
                                 showlegend=False, hoverinfo="skip", connectgaps=False))
    for cohort, rows in data.groupby("cohort", sort=True):
        colour = colours.get(cohort, PROGRAM_COLOUR)
        fig.add_trace(go.Scatter(
            x=rows["self_score"], y=rows["leader_id"], mode="markers", name=f"{cohort} — self",
            marker=dict(color=colour, size=11, symbol="circle"),
            hovertext=[f"{r.leader_id} self: {r.self_score:.2f}" if pd.notna(r.self_score)
                       else f"{r.leader_id}: no self rating" for r in rows.itertuples()],
            hoverinfo="text"))
        fig.add_trace(go.Scatter(
            x=rows["others_score"], y=rows["leader_id"], mode="markers",
            name=f"{cohort} — others",
            marker=dict(color="white", size=11, symbol="circle", line=dict(color=colour, width=2.5)),
            hovertext=[f"{r.leader_id} others: {r.others_score:.2f} (n = {r.n_others})"
                       if pd.notna(r.others_score) else "" for r in rows.itertuples()],
            hoverinfo="text"))
    hidden = data[data["suppressed"].astype(bool)]
    if len(hidden):
        fig.add_trace(go.Scatter(
            x=[1.0] * len(hidden), y=hidden["leader_id"], mode="markers+text",
            marker=dict(symbol="x-thin", size=10, line=dict(width=2, color="#777777")),
            text=[f"others: {suppressed_text(k)}"] * len(hidden), textposition="middle right",
            textfont=dict(size=11, color="#555555"), name=f"others hidden: {suppressed_text(k)}",
            hoverinfo="skip"))
    fig.update_xaxes(title_text="Mean score (1–5; self = filled, others = open)", range=[0.9, 5.1])
    order = list(data.sort_values(["cohort", "leader_id"])["leader_id"])
    fig.update_yaxes(title_text="Leader", type="category", categoryorder="array",
                     categoryarray=order, autorange="reversed")
    return _layout(fig, height=max(260, 26 * len(data) + 120), title=title)


# --- rubric ------------------------------------------------------------------------------


def level_distribution(progress: pd.DataFrame, module_names: Mapping[str, str],
                       title: str | None = None) -> go.Figure:
    """Share of leaders at each level per assessment month, stacked Not Evident → Mastery,
    one panel per module (rows) × dimension (columns)."""
    if progress.empty:
        return empty_figure("No rubric assessments for these filters")
    modules = list(dict.fromkeys(progress["module_id"]))
    dimensions = sorted(progress["dimension"].unique())
    titles = [d.replace("_", " ").capitalize() for d in dimensions]
    fig = make_subplots(rows=len(modules), cols=len(dimensions), shared_yaxes=True,
                        column_titles=titles, vertical_spacing=0.12 if len(modules) > 1 else 0.1,
                        horizontal_spacing=0.03)
    for r, module in enumerate(modules, start=1):
        for c, dimension in enumerate(dimensions, start=1):
            part = progress[(progress["module_id"] == module) & (progress["dimension"] == dimension)]
            part = part.sort_values("period")
            for level, column in LEVEL_SHARES.items():
                fig.add_trace(go.Bar(
                    x=[month_label(p) for p in part["period"]], y=part[column],
                    name=LEVEL_NAMES[level], marker_color=LEVEL_COLOURS[level],
                    legendgroup=LEVEL_NAMES[level], showlegend=(r == 1 and c == 1),
                    hovertext=[f"{LEVEL_NAMES[level]}: {v:.0f}% of {n} leaders"
                               for v, n in zip(part[column], part["n_leaders"], strict=True)],
                    hoverinfo="text"), row=r, col=c)
    fig.update_layout(barmode="stack")
    fig.update_yaxes(range=[0, 100])
    for r, module in enumerate(modules, start=1):
        fig.update_yaxes(title_text=f"<b>{module_names.get(module, module)}</b><br>% of leaders",
                         title_font=dict(size=12), row=r, col=1)
    for annotation in fig.layout.annotations:
        annotation.font = dict(size=13)
    return _layout(fig, height=250 * len(modules) + 90, title=title, panel_titles=True)


def rubric_change_chart(change: pd.DataFrame, colours: Mapping[str, str],
                        module_names: Mapping[str, str], title: str | None = None) -> go.Figure:
    """First (open dot) to latest (filled dot) mean level per module × dimension and cohort."""
    if change.empty:
        return empty_figure("No leader was assessed twice for these filters")
    data, total = busiest(change.assign(n=change["n_leaders"]), "cohort", MAX_COHORT_LINES)
    if total > MAX_COHORT_LINES:
        title = (f"{title} — " if title else "") + (
            f"the {MAX_COHORT_LINES} cohorts with most leaders assessed of {total}; filter "
            "cohorts to see others (the table has all)")
    data = data.copy()
    several = data["cohort"].nunique() > 1
    data["label"] = [f"{module_names.get(m, m)} · {d.replace('_', ' ')}" + (f" · {c}" if several else "")
                     for m, d, c in zip(data["module_id"], data["dimension"], data["cohort"], strict=True)]
    fig = go.Figure()
    for cohort, rows in data.groupby("cohort", sort=True):
        colour = colours.get(cohort, PROGRAM_COLOUR)
        xs, ys = _segments(rows["first_level"], rows["latest_level"], rows["label"])
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line=dict(color=rgba(colour, 0.5), width=3),
                                 showlegend=False, hoverinfo="skip", connectgaps=False))
        fig.add_trace(go.Scatter(x=rows["first_level"], y=rows["label"], mode="markers",
                                 name=f"{cohort} — first",
                                 marker=dict(color="white", size=11, line=dict(color=colour, width=2.5)),
                                 hovertext=[f"first {v:.2f} ({n} leaders)" for v, n in
                                            zip(rows["first_level"], rows["n_leaders"], strict=True)],
                                 hoverinfo="text"))
        fig.add_trace(go.Scatter(x=rows["latest_level"], y=rows["label"], mode="markers+text",
                                 name=f"{cohort} — latest", marker=dict(color=colour, size=11),
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
    return _layout(fig, height=max(300, 34 * len(data) + 140), title=title)


def leader_heatmap(levels: pd.DataFrame, module_names: Mapping[str, str],
                   title: str | None = None) -> go.Figure:
    """Latest level per leader (rows) × module · dimension (columns), coloured by level."""
    if levels.empty:
        return empty_figure("No rubric assessments for these filters")
    data = levels.copy()
    total = data["leader_id"].nunique()
    if total > MAX_LEADERS:  # a rollout's thousands of rows: those who most need coaching
        lowest = (data.groupby("leader_id")["latest_level"].mean()
                  .sort_values(kind="stable").index[:MAX_LEADERS])
        data = data[data["leader_id"].isin(lowest)]
        title = (f"{title} — " if title else "") + (
            f"the {MAX_LEADERS} leaders with the lowest latest levels of {total:,}; filter "
            "cohorts to see others")
    data["column"] = list(zip(data["module_id"], data["dimension"], strict=True))
    data["row"] = data["leader_id"] + " (" + data["cohort"] + ")"
    grid = data.pivot_table(index="row", columns="column", values="latest_level", aggfunc="first",
                            sort=False)
    columns = list(dict.fromkeys(data["column"]))
    grid = grid.reindex(columns=columns).sort_index(ascending=False)
    z = grid.to_numpy(dtype="float64")
    scale = []
    for level, colour in LEVEL_COLOURS.items():
        low, high = (level - 1) / 4, level / 4
        scale += [[low, colour], [high, colour]]
    text = [[("" if np.isnan(v) else f"{v:.1f}") for v in row] for row in z]
    x = [[wrap_label(module_names.get(m, m)) for m, _ in columns],
         [DIMENSION_SHORT.get(d, d) for _, d in columns]]
    fig = go.Figure(go.Heatmap(
        z=z, x=x, y=list(grid.index), zmin=0.5, zmax=4.5, colorscale=scale, text=text,
        texttemplate="%{text}", textfont=dict(size=11), xgap=2, ygap=2,
        customdata=[[f"{module_names.get(m, m)} · {d.replace('_', ' ')}" for m, d in columns]] * len(grid),
        hovertemplate="%{y}<br>%{customdata}<br>latest level %{z:.1f}<extra></extra>",
        colorbar=dict(title="Level", tickvals=[1, 2, 3, 4],
                      ticktext=[LEVEL_NAMES[i] for i in (1, 2, 3, 4)])))
    fig.update_xaxes(side="top", tickfont=dict(size=11), tickangle=0)
    fig.update_yaxes(title_text="Leader (cohort)")
    return _layout(fig, height=max(320, 24 * len(grid) + 160), title=title, legend=False)


def agreement_chart(agreement: pd.DataFrame, module_names: Mapping[str, str],
                    title: str | None = None) -> go.Figure:
    """Mean level by facilitator, peer and self per dimension, one panel per module."""
    if agreement.empty:
        return empty_figure("No rubric assessments for these filters")
    modules = list(dict.fromkeys(agreement["module_id"]))
    fig = make_subplots(rows=1, cols=len(modules), shared_yaxes=True,
                        subplot_titles=[module_names.get(m, m) for m in modules],
                        horizontal_spacing=0.05)
    for c, module in enumerate(modules, start=1):
        part = agreement[agreement["module_id"] == module]
        for assessor, (colour, pattern) in ASSESSOR_STYLE.items():
            rows = part[part["assessor_type"] == assessor]
            fig.add_trace(go.Bar(
                x=[d.replace("_", " ") for d in rows["dimension"]], y=rows["mean_level"],
                name=assessor, marker=dict(color=colour, pattern_shape=pattern,
                                           line=dict(color="#333333", width=1)),
                legendgroup=assessor, showlegend=(c == 1),
                text=[f"{v:.2f}" for v in rows["mean_level"]], textposition="outside",
                hovertext=[f"{assessor}: {v:.2f} ({n} leaders)" for v, n in
                           zip(rows["mean_level"], rows["n_leaders"], strict=True)],
                hoverinfo="text"), row=1, col=c)
    fig.update_layout(barmode="group")
    fig.update_yaxes(range=[0, 4.4], title_text="Mean level (1–4)", col=1)
    return _layout(fig, height=380, title=title, panel_titles=True)


# --- business ----------------------------------------------------------------------------


def business_grid(business: pd.DataFrame, metrics: Sequence[str], colours: Mapping[str, str],
                  timeline: pd.DataFrame, columns: int = 2) -> go.Figure:
    """Small multiples: one panel per business metric, a line per cohort, every cohort's
    training window shaded in its colour."""
    present = [m for m in metrics if m in set(business["metric"])]
    if not present:
        return empty_figure("No business outcomes for these filters")
    business, total = busiest(business.assign(n=business["n_teams"]), "cohort", MAX_COHORT_LINES)
    capped = total > MAX_COHORT_LINES
    if capped and len(timeline):
        timeline = timeline[timeline["cohort"].isin(set(business["cohort"]))]
    rows = (len(present) + columns - 1) // columns
    fig = make_subplots(rows=rows, cols=columns, shared_xaxes=True,
                        subplot_titles=[axis_title(m) if m in METRICS else m for m in present],
                        vertical_spacing=0.12 if rows > 1 else 0.1, horizontal_spacing=0.08)
    shown_legend: set[str] = set()
    shapes: list[dict] = []
    notes: list[dict] = []
    for index, metric in enumerate(present):
        r, c = index // columns + 1, index % columns + 1
        part = business[business["metric"] == metric].sort_values("period")
        for cohort, lines in part.groupby("cohort", sort=True):
            colour = colours.get(cohort, PROGRAM_COLOUR)
            fig.add_trace(go.Scatter(
                x=month_x(lines["period"]), y=lines["value"], mode="lines+markers", name=cohort,
                line=dict(color=colour, width=2.2), marker=dict(size=5), legendgroup=cohort,
                showlegend=cohort not in shown_legend,
                hovertext=[f"{cohort}, {month_label(p)}: {metric_value(metric, v)} ({n} teams)"
                           for p, v, n in zip(lines["period"], lines["value"], lines["n_teams"],
                                              strict=True)],
                hoverinfo="text"), row=r, col=c)
            shown_legend.add(cohort)
        panel_shapes, panel_notes = _window_shapes(fig, timeline, colours, label=(index == 0),
                                                   row=r, col=c)
        shapes += panel_shapes
        notes += panel_notes
    _add_layout_items(fig, shapes, notes)
    _month_axis(fig, list(business["period"]), small=True)
    for annotation in fig.layout.annotations:
        if annotation.text and annotation.text.endswith("training"):
            continue
        annotation.font = dict(size=13)
    fig = _layout(fig, height=260 * rows + 90, panel_titles=True)
    if capped:
        fig.add_annotation(text=f"the {MAX_COHORT_LINES} cohorts with most teams of {total}; filter "
                           "cohorts to see others (the table has all)", xref="paper", yref="paper",
                           x=0, y=1, yanchor="bottom", yshift=28, showarrow=False,
                           font=dict(size=11, color="#555555"))
    return fig


# --- impact and ROI ----------------------------------------------------------------------


def forest_plot(impact: pd.DataFrame, title: str | None = None) -> go.Figure:
    """Effect and interval per metric, each row on its own scale (units differ), zero dotted,
    the numbers written at the right.

    Blue: improved; vermillion: worsened; grey: no clear change; 'not enough data' is written
    where the dot would be.
    """
    if impact.empty:
        return empty_figure("No impact estimates")
    rows = list(impact.itertuples())
    fig = make_subplots(rows=len(rows), cols=1, vertical_spacing=0.02)
    for i, row in enumerate(rows, start=1):
        verdict = str(row.verdict).split(" (")[0]
        colour = VERDICT_COLOURS.get(verdict, "#777777")
        unit = METRICS[row.metric].unit_label if row.metric in METRICS else ""
        label = f"{row.label} ({unit})"
        if pd.isna(row.effect):
            fig.add_trace(go.Scatter(x=[0], y=[label], mode="text", text=["not enough data"],
                                     textfont=dict(color="#777777", size=12), showlegend=False,
                                     hoverinfo="skip"), row=i, col=1)
            fig.update_xaxes(range=[-1, 1], row=i, col=1)
            words = "not enough data"
        else:
            fig.add_trace(go.Scatter(
                x=[row.effect], y=[label], mode="markers",
                marker=dict(color=colour, size=12, symbol="diamond"),
                error_x=dict(type="data", symmetric=False, array=[row.ci_high - row.effect],
                             arrayminus=[row.effect - row.ci_low], color=colour, thickness=3,
                             width=7),
                hovertext=[f"{row.label}: {row.verdict_text}"], hoverinfo="text",
                showlegend=False), row=i, col=1)
            span = max(abs(row.ci_low), abs(row.ci_high), abs(row.effect)) * 1.1 or 1.0
            fig.update_xaxes(range=[-span, span], row=i, col=1)
            words = (f"{_signed(row.metric, row.effect)}  ({_signed(row.metric, row.ci_low)} to "
                     f"{_signed(row.metric, row.ci_high)})  {verdict}")
        fig.add_annotation(text=words, xref="paper", x=1.0, xanchor="left", yref=f"y{i if i > 1 else ''}",
                           y=label, showarrow=False, font=dict(size=12, color=colour))
        fig.add_vline(x=0, line=dict(color="#555555", width=1, dash="dot"), row=i, col=1)
        fig.update_xaxes(showgrid=False, zeroline=False, showticklabels=False, row=i, col=1)
    fig.update_yaxes(tickfont=dict(size=13), automargin=True, showgrid=False)
    fig.update_xaxes(title_text="Effect = program change − comparison change, with its interval "
                                "(each row on its own scale; dotted line = no effect)",
                     title_font=dict(size=12), row=len(rows), col=1)
    _layout(fig, height=48 * len(rows) + 110, title=title, legend=False)
    fig.update_layout(margin=dict(r=330))
    return fig


def _signed(metric: str, value: float) -> str:
    """'+0.14' / '−1.2': a signed number at the metric's precision."""
    decimals = METRICS[metric].decimals if metric in METRICS else 2
    text = f"{value:+.{decimals}f}"
    return text.replace("-", "−")


def roi_scenarios_chart(scenarios: pd.DataFrame, title: str | None = None) -> go.Figure:
    """Benefits next to costs for each scenario, with ROI % written above."""
    if scenarios.empty:
        return empty_figure("No ROI scenarios")
    currency = str(scenarios["currency"].iloc[0]) if "currency" in scenarios else "EUR"
    names = [s.capitalize() for s in scenarios["scenario"]]
    fig = go.Figure()
    fig.add_trace(go.Bar(x=names, y=scenarios["benefits"], name="Benefits (first year, adjusted)",
                         marker_color=GOOD,
                         text=[money(v, currency) for v in scenarios["benefits"]],
                         textposition="outside"))
    fig.add_trace(go.Bar(x=names, y=scenarios["costs"], name="Fully loaded costs",
                         marker_color=BAD, text=[money(v, currency) for v in scenarios["costs"]],
                         textposition="outside"))
    fig.update_layout(barmode="group")
    fig.update_yaxes(title_text=f"{currency} (first year)", rangemode="tozero")
    fig.update_xaxes(title_text="Scenario")
    return _layout(fig, height=380, title=title)


def benefits_chart(scenarios: pd.DataFrame, title: str | None = None) -> go.Figure:
    """Where each scenario's (adjusted) benefits come from."""
    if scenarios.empty:
        return empty_figure("No ROI scenarios")
    currency = str(scenarios["currency"].iloc[0])
    names = [s.capitalize() for s in scenarios["scenario"]]
    fig = go.Figure()
    for column, label, colour in (("escalation_benefit", "Fewer escalations", "#0072B2"),
                                  ("retention_benefit", "Better retention", "#56B4E9")):
        fig.add_trace(go.Bar(x=names, y=scenarios[column], name=label, marker_color=colour,
                             hovertext=[f"{label}: {money(v, currency)}" for v in scenarios[column]],
                             hoverinfo="text"))
    fig.add_trace(go.Scatter(x=names, y=scenarios["benefits"], mode="text",
                             text=[money(v, currency) for v in scenarios["benefits"]],
                             textposition="top center", showlegend=False, hoverinfo="skip"))
    fig.update_layout(barmode="stack")
    fig.update_yaxes(title_text=f"Benefits ({currency}, first year, adjusted)", rangemode="tozero")
    fig.update_xaxes(title_text="Scenario")
    return _layout(fig, height=380, title=title)


def costs_chart(costs: Mapping[str, float], currency: str = "EUR",
                title: str | None = None) -> go.Figure:
    """The fully loaded first-year costs, item by item, largest first."""
    items = sorted(costs.items(), key=lambda kv: kv[1])
    fig = go.Figure(go.Bar(
        y=[name.capitalize() for name, _ in items], x=[v for _, v in items], orientation="h",
        marker_color=BAD, text=[money(v, currency) for _, v in items], textposition="outside",
        cliponaxis=False, hoverinfo="skip"))
    top = max([v for _, v in items] + [1.0])
    fig.update_xaxes(title_text=f"Cost ({currency}, first year)", range=[0, top * 1.3])
    return _layout(fig, height=380, title=title, legend=False)


def tornado_chart(sensitivity: pd.DataFrame, swing: float = 0.2,
                  title: str | None = None) -> go.Figure:
    """Expected-scenario ROI % when each assumption moves ±swing, widest effect on top."""
    if sensitivity.empty:
        return empty_figure("No sensitivity to show")
    data = sensitivity.iloc[::-1]
    base = float(data["base"].iloc[0]) if len(data) else 0.0
    fig = go.Figure()
    fig.add_trace(go.Bar(y=data["assumption"], x=data["low"] - base, base=[base] * len(data),
                         orientation="h", name="lower ROI", marker_color=BAD,
                         hovertext=[f"{a}: ROI {v:.1f}%" for a, v in zip(data["assumption"], data["low"], strict=True)],
                         hoverinfo="text"))
    fig.add_trace(go.Bar(y=data["assumption"], x=data["high"] - base, base=[base] * len(data),
                         orientation="h", name="higher ROI", marker_color=GOOD,
                         hovertext=[f"{a}: ROI {v:.1f}%" for a, v in zip(data["assumption"], data["high"], strict=True)],
                         hoverinfo="text"))
    fig.add_vline(x=base, line=dict(color="#333333", width=1.5),
                  annotation_text=f"expected ROI {base:.1f}%", annotation_position="top")
    fig.update_layout(barmode="overlay")
    fig.update_xaxes(title_text=f"Expected-scenario ROI (%) with the assumption ±{swing:.0%}")
    return _layout(fig, height=36 * len(data) + 140, title=title)


# --- overview ----------------------------------------------------------------------------


def sparkline(trend: pd.DataFrame, metric: str) -> go.Figure:
    """A small program (blue) versus comparison (grey) line for an Overview card."""
    data = trend[trend["metric"] == metric].sort_values("period")
    fig = go.Figure()
    for arm, colour in (("comparison", COMPARISON_COLOUR), ("program", PROGRAM_COLOUR)):
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
    fig.update_layout(template="plotly_white", height=70, margin=dict(l=0, r=0, t=4, b=4),
                      showlegend=False, font=FONT)
    return fig


def participation_chart(participation: pd.DataFrame, colours: Mapping[str, str],
                        module_names: Mapping[str, str]) -> go.Figure:
    """Completion % per activity, one panel per module, a bar per cohort."""
    if participation.empty:
        return empty_figure("No LMS activity for these filters")
    modules = list(dict.fromkeys(participation["module_id"]))
    fig = make_subplots(rows=1, cols=len(modules), shared_yaxes=True, horizontal_spacing=0.04,
                        subplot_titles=[module_names.get(m, m) for m in modules])
    shown: set[str] = set()
    for c, module in enumerate(modules, start=1):
        part = participation[participation["module_id"] == module]
        for cohort, rows in part.groupby("cohort", sort=True):
            fig.add_trace(go.Bar(
                x=[a.replace("_", " ") for a in rows["activity"]], y=rows["completion_pct"],
                name=cohort, marker_color=colours.get(cohort, PROGRAM_COLOUR),
                legendgroup=cohort, showlegend=cohort not in shown,
                text=[f"{v:.0f}%" for v in rows["completion_pct"]], textposition="outside",
                cliponaxis=False,
                hovertext=[f"{cohort}: {done} of {n} leaders ({v:.1f}%)" for done, n, v in
                           zip(rows["n_completed"], rows["n_people"], rows["completion_pct"],
                               strict=True)],
                hoverinfo="text"), row=1, col=c)
            shown.add(cohort)
    fig.update_layout(barmode="group")
    fig.update_yaxes(range=[0, 115], title_text="Leaders who completed (%)", col=1)
    return _layout(fig, height=360, panel_titles=True)
