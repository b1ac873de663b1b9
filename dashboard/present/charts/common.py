"""Pieces every chart is made of: months on a date axis, hidden cells, cohort windows, the
module strip, capping to the busiest cohorts, escaping names, empty figures.

A month's value is drawn mid-month on a real date axis, so a module that ran in April
visibly covers April's point; names from uploads pass through :func:`label` before they
reach a figure (plotly reads a little HTML in labels: ``<b>``, ``<a href>``).
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from dashboard.kpi.registry import METRICS
from dashboard.present.charts.theme import APP, Theme
from dashboard.present.formatting import PALETTE, SUPPRESSED_COLOUR, month_label, suppressed_text

PROGRAM_COLOUR = PALETTE[0]
# Beyond this many cohorts (or leaders) a chart stops being readable, and slow to draw:
# the busiest are drawn and the chart says how to see the others (the tables keep them all).
MAX_COHORT_LINES = 12
MAX_LEADERS = 60
# Up to this many months a month axis gets a tick per month; beyond, plotly spaces the ticks
# by the drawn width (see month_axis).
SHORT_RANGE_MONTHS = 6
# A plotly shape or annotation as its properties (plotly checks them when they are added).
LayoutItem = dict[str, Any]
UNITS = {"pct": "%", "points": "points", "score": "mean score", "hours": "hours",
         "level": "level 1–4"}


def label(text: object) -> str:
    """Text for a plotly label: entities display as the characters, tags never render."""
    return html.escape(str(text), quote=False)


def per_cohort(frame: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    """The frame's rows per cohort (a cohort is named by a string), in cohort order."""
    return [(str(cohort), rows) for cohort, rows in frame.groupby("cohort", sort=True)]


def month_x(periods: Sequence[str] | pd.Series) -> pd.Series:
    """'2026-03' -> 15 March 2026: months drawn mid-month on a real date axis."""
    return pd.to_datetime(pd.Series(list(periods), dtype="object") + "-15")


def axis_title(metric: str) -> str:
    """A metric's axis title with its unit, e.g. 'Escalation rate (%)'."""
    info = METRICS[metric]
    return f"{info.label} ({UNITS[info.unit]})"


def metric_label(metric: str, name: str | None = None) -> str:
    """'Escalation rate (%)', 'Rubric level (1–4)': a row label with its unit, escaped."""
    info = METRICS.get(metric)
    if info is None:
        return label(name or metric)
    unit = info.unit_label.removeprefix("level ").strip("()")
    return f"{label(name or info.label)} ({label(unit)})"


def signed_number(metric: str, value: float) -> str:
    """'+0.14' / '−1.2': a signed number at the metric's precision."""
    decimals = METRICS[metric].decimals if metric in METRICS else 2
    return f"{value:+.{decimals}f}".replace("-", "−")


def rgba(hex_colour: str, alpha: float) -> str:
    """'#0072B2', 0.2 -> 'rgba(0,114,178,0.2)' for translucent bands and shading."""
    h = hex_colour.lstrip("#")
    r, g, b = (int(h[i:i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r},{g},{b},{alpha})"


def empty_figure(message: str, theme: Theme = APP, height: int = 220) -> go.Figure:
    """A figure that says why there is nothing to draw (never an empty set of axes)."""
    fig = go.Figure()
    fig.add_annotation(text=message, showarrow=False, font=dict(size=15, color="#555555"),
                       xref="paper", yref="paper", x=0.5, y=0.5)
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return theme.layout(fig, height=height)


def is_empty(fig: go.Figure) -> bool:
    """Whether a figure only says there is nothing to draw (the report leaves it out)."""
    return len(fig.data) == 0


def grid(count: int, columns: int = 2) -> tuple[int, int]:
    """Rows and columns of small multiples for ``count`` panels."""
    cols = min(columns, max(count, 1))
    return math.ceil(max(count, 1) / cols), cols


def month_axis(fig: go.Figure, periods: Sequence[str], theme: Theme = APP, *, small: bool = False,
               span: tuple[str, str] | None = None, **where: int) -> None:
    """A date x-axis of months, never slanted, from ``span``'s first month to its last (by
    default the periods') — a fixed range, as plotly would otherwise widen a narrow panel
    until a label written on it (a cohort's "… training") fits.

    In the app the figure does not know how wide it will be drawn (1400 px or a 390 px
    phone), so each label is short and on two lines ('Mar' over '2026') and the browser's
    plotly spaces the ticks by the drawn width: whole months, at least 80 px apart on a wide
    axis (every month at 1400 px, every second or third on a phone). Small panels get four
    ticks at most (every third month over a year), as two of them side by side on a phone
    leave 140 px each. Up to ``SHORT_RANGE_MONTHS`` months, a tick per month (every second
    on small panels): width-based spacing could fall inside a month there. A small unlabelled
    tick starts every month, so a point (drawn mid-month) sits between its month's ticks.
    On paper: every month (the year is in the text), each label under its month's points.
    """
    if span is None and not len(periods):
        fig.update_xaxes(type="date", **where)
        return
    first, last = span or (min(periods), max(periods))
    edges = [month_x([first])[0] - pd.Timedelta(days=20), month_x([last])[0] + pd.Timedelta(days=20)]
    if theme.paper:
        fig.update_xaxes(type="date", tickformat=theme.month_format, dtick="M1",
                         ticklabelmode="period", range=edges, **where)
        return
    months = months_spanned(first, last)
    spacing: dict[str, str | int] = {}
    if months <= SHORT_RANGE_MONTHS:
        spacing["dtick"] = "M2" if small and months > 3 else "M1"
    elif small:
        spacing["nticks"] = 4
    fig.update_xaxes(type="date", tickformat=theme.month_format, tickangle=0, showgrid=False,
                     range=edges, ticks="outside", ticklen=6, tickcolor="#999999",
                     minor={"dtick": "M1", "ticks": "outside", "ticklen": 3,
                            "tickcolor": "#BBBBBB", "showgrid": False},
                     **spacing, **where)


def months_spanned(first: str, last: str) -> int:
    """'2026-01', '2026-10' -> 10: the months from ``first`` to ``last``, both counted."""
    return (int(last[:4]) - int(first[:4])) * 12 + int(last[5:7]) - int(first[5:7]) + 1


def shade_months(fig: go.Figure, first: str, last: str, colour: str = PROGRAM_COLOUR) -> None:
    """Shade whole months behind every panel (the report's quarter)."""
    start = pd.Timestamp(f"{first}-01")
    end = pd.Timestamp(f"{last}-01") + pd.offsets.MonthBegin(1)
    fig.add_vrect(x0=start, x1=end, fillcolor=colour, opacity=0.07, line_width=0,
                  row="all", col="all")


def suppressed_trace(frame: pd.DataFrame, y: float, k: int, name_col: str = "cohort",
                     showlegend: bool = True) -> go.Scatter:
    """Grey crosses on the month axis where a cell is hidden, labelled in words."""
    text = [f"{label(row[name_col])}, {month_label(row['period'])}: {suppressed_text(k)}"
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


def axis_refs(fig: go.Figure, row: int, col: int) -> tuple[str, str]:
    """The x and y axis references ("x2", "y2") of one subplot."""
    subplot = fig.get_subplot(row, col)
    return (subplot.xaxis.plotly_name.replace("axis", ""),
            subplot.yaxis.plotly_name.replace("axis", ""))


def window_shapes(fig: go.Figure, timeline: pd.DataFrame, colours: Mapping[str, str],
                  label_first: bool = True, row: int = 1, col: int = 1
                  ) -> tuple[list[LayoutItem], list[LayoutItem]]:
    """Each cohort's training window as a shaded rectangle behind one panel (in the cohort's
    colour), with its label when asked: the shapes and annotations, not yet on the figure."""
    xref, yref = axis_refs(fig, row, col)
    shapes, notes = [], []
    windows = timeline_windows(timeline)
    for cohort, start, end in zip(windows["cohort"], windows["start_date"], windows["end_date"], strict=True):
        colour = colours.get(cohort, PROGRAM_COLOUR)
        shapes.append(dict(type="rect", xref=xref, yref=f"{yref} domain", x0=start,
                           x1=end, y0=0, y1=1, fillcolor=rgba(colour, 0.10),
                           line_width=0, layer="below"))
        if label_first:
            notes.append(dict(xref=xref, yref=f"{yref} domain", x=start, y=1,
                              xanchor="left", yanchor="top", showarrow=False,
                              text=f"{label(cohort)} training",
                              font=dict(size=11, color="#555555")))
    return shapes, notes


def add_layout_items(fig: go.Figure, shapes: list[LayoutItem], notes: list[LayoutItem]) -> None:
    """Append shapes and annotations in one layout update: plotly validates the whole list
    on every ``add_vrect``, which costs seconds with a dozen cohorts on a grid of panels."""
    if shapes or notes:
        fig.update_layout(shapes=list(fig.layout.shapes) + shapes,
                          annotations=list(fig.layout.annotations) + notes)


def timeline_bars(fig: go.Figure, timeline: pd.DataFrame, colours: Mapping[str, str],
                  row: int) -> None:
    """Which module ran when: one thin bar per cohort × module under a trend, the module's
    name written beside its bar (on the side with room), the cohort named on the axis.
    All bars are one trace and the names one layout update (fast with many cohorts)."""
    items = timeline.sort_values(["cohort", "start_date"]).reset_index(drop=True)
    lo, hi = items["start_date"].min(), items["end_date"].max()
    middle = lo + (hi - lo) / 2
    xref, yref = axis_refs(fig, row, 1)
    notes, ticks, labels = [], [], []
    rows = list(zip(items["cohort"], items["module_name"], items["start_date"], items["end_date"], strict=True))
    for position, (cohort, module_name, start, end) in enumerate(rows):
        right_side = start < middle
        notes.append(dict(
            x=end if right_side else start, y=position,
            xanchor="left" if right_side else "right", text=f" {label(module_name)} ",
            showarrow=False, font=dict(size=11, color="#333333"), xref=xref, yref=yref))
        first_of_cohort = position == 0 or rows[position - 1][0] != cohort
        ticks.append(position)
        labels.append(label(cohort) if first_of_cohort else "")
    fig.add_trace(go.Bar(
        x=pd.to_timedelta(items["end_date"] - items["start_date"]) / pd.Timedelta(milliseconds=1),
        base=list(items["start_date"]), y=ticks, orientation="h", width=0.7, showlegend=False,
        name="Modules",
        marker=dict(color=[colours.get(c, PROGRAM_COLOUR) for c in items["cohort"]]),
        hovertext=[f"{label(cohort)}: {label(module_name)}<br>{start:%d %b %Y} – {end:%d %b %Y}"
                   for cohort, module_name, start, end in rows],
        hoverinfo="text"), row=row, col=1)
    add_layout_items(fig, [], notes)
    fig.update_yaxes(tickvals=ticks, ticktext=labels, autorange="reversed", showgrid=False,
                     zeroline=False, title_text="Modules", title_font=dict(size=12),
                     row=row, col=1)


def strip_height(timeline: pd.DataFrame | None) -> int:
    """Pixels the module strip needs: a row per cohort × module."""
    return 0 if timeline is None or timeline.empty else 24 * len(timeline) + 30


def segments(starts: Iterable[float], ends: Iterable[float], ys: Iterable[object]
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


def capped_note(theme: Theme, limit: int, total: int,
                what: str = "cohorts with most responses") -> str:
    """What a capped chart says about the rest: on screen how to see them, on paper that the
    table beside it has them ("" when nothing was left out)."""
    if total <= limit:
        return ""
    if theme.paper:
        return f"the {limit} {what} of {total}; all are in the table"
    return f"the {limit} {what} of {total}; filter cohorts to see the rest (the table has all)"


def titled(title: str | None, note: str) -> str | None:
    """The app's title with a capped chart's note after it."""
    if not note:
        return title
    return (f"{title} — " if title else "") + note


def add_note(fig: go.Figure, note: str, theme: Theme = APP) -> go.Figure:
    """A small grey line above the plot (a capped chart's note, where a title has no room)."""
    if note:
        fig.add_annotation(text=note, xref="paper", yref="paper", x=0, y=1.0, yanchor="bottom",
                           yshift=18 if theme.paper else 28, showarrow=False,
                           font=dict(size=10 if theme.paper else 11, color="#555555"))
    return fig
