"""How a chart looks where it is shown: the app's screen (``APP``) or the report's paper
(``PRINT``).

Both themes share what a reader learns once and must find the same everywhere: the palette
(Okabe–Ito, one colour per cohort, comparison cohorts grey), the rubric level colours and
the verdict colours (the words come from ``dashboard.present.verdicts``). They differ only in
what the medium needs: app charts fill their column, use the app's font and keep plotly's
tools; print charts are 650 px wide (the printable width of A4 and Letter), use the reader's
system fonts, keep the legend under the plot, show no mode bar and draw comparison cohorts
dotted so they read in black and white too.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import plotly.graph_objects as go
import plotly.io as pio

from dashboard.present.formatting import (
    BAD,
    COMPARISON_COLOUR,
    GOOD,
    LEVEL_COLOURS,
    NEUTRAL,
    PALETTE,
    SUPPRESSED_COLOUR,
)
from dashboard.present.verdicts import VERDICT_COLOURS

# The app's figures start in this template: plotly applies its default template to a new
# figure without checking it again, where naming one in update_layout checks and copies all
# of it (about 16 ms a figure, most of a small chart's cost). The report's print theme
# replaces it with "none".
APP_TEMPLATE = "plotly_white"
pio.templates.default = APP_TEMPLATE

SYSTEM_FONTS = ('system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, '
                '"Noto Sans", "Liberation Sans", sans-serif')


@dataclass(frozen=True)
class Theme:
    """Everything about a chart's look that depends on where it is shown."""

    name: str
    paper: bool  # fixed size, static, legend below; its numbers are in a table beside it
    font_family: str
    font_size: int
    font_colour: str
    width: int | None  # None: as wide as the page's column
    line_width: float  # trend lines
    marker_size: int  # trend markers; small multiples draw a little smaller
    panel_marker_size: int
    month_format: str  # tick labels of a month axis
    comparison_dash: str  # how comparison cohorts' lines are drawn
    axis_title_size: int | None  # None: the font size
    config: Mapping[str, object]  # plotly's config when the figure is shown
    palette: tuple[str, ...] = PALETTE
    comparison_colour: str = COMPARISON_COLOUR
    suppressed_colour: str = SUPPRESSED_COLOUR
    good: str = GOOD  # a change the good way (benefits, higher ROI); "improved"
    bad: str = BAD  # the bad way (costs, lower ROI); "worsened"
    neutral: str = NEUTRAL
    level_colours: Mapping[int, str] = field(
        default_factory=lambda: MappingProxyType(dict(LEVEL_COLOURS)))
    verdict_colours: Mapping[str, str] = field(
        default_factory=lambda: MappingProxyType(dict(VERDICT_COLOURS)))

    @property
    def font(self) -> dict[str, object]:
        return {"family": self.font_family, "size": self.font_size, "color": self.font_colour}

    def cohort_line(self, colour: str, comparison: bool) -> dict[str, object]:
        """A cohort's line: its colour, and the theme's dash when it is a comparison cohort."""
        return {"color": colour, "width": self.line_width,
                "dash": self.comparison_dash if comparison else "solid"}

    def axis_title(self, text: str) -> dict[str, object]:
        """An axis title in the theme's size."""
        if self.axis_title_size is None:
            return {"text": text}
        return {"text": text, "font": {"size": self.axis_title_size}}

    def layout(self, fig: go.Figure, *, height: int, title: str | None = None, legend: bool = True,
               panel_titles: bool = False, top: int | None = None,
               title_lines: int = 1) -> go.Figure:
        """The house style for this medium; call it once the traces are in. ``panel_titles``
        lifts the app's legend above subplot titles (of ``title_lines`` lines); ``top`` is the
        print margin above the plot (36 px leaves room for panel titles)."""
        if self.paper:
            return self._paper_layout(fig, height, title, legend, 36 if top is None else top)
        extra = 40 + 16 * (title_lines - 1) if panel_titles else 0
        top = (60 if title else 30) + extra
        legend_y = 1.0 + extra / max(100, height - top - 10)
        if pio.templates.default != APP_TEMPLATE:  # changed by someone else in this process
            fig.update_layout(template=APP_TEMPLATE)
        fig.update_layout(
            font=self.font, height=height,
            margin=dict(l=10, r=10, t=top, b=10),
            title=dict(text=title, x=0, xanchor="left", font=dict(size=16)) if title else None,
            showlegend=legend,
            legend=dict(orientation="h", yanchor="bottom", y=legend_y,
                        xanchor="right" if title else "left", x=1 if title else 0, title=None),
            hoverlabel=dict(font_size=13),
        )
        return fig

    def _paper_layout(self, fig: go.Figure, height: int, title: str | None, legend: bool,
                      top: int) -> go.Figure:
        fig.update_layout(
            template="none", width=self.width, height=height, autosize=False,
            margin={"l": 60, "r": 16, "t": top + (24 if title else 0), "b": 56},
            font=self.font, paper_bgcolor="white", plot_bgcolor="white",
            legend={"orientation": "h", "x": 0, "y": -0.08, "yanchor": "top", "font": {"size": 10}},
            hoverlabel={"font": {"family": self.font_family}},
        )
        if title:
            fig.update_layout(title={"text": title, "x": 0, "xanchor": "left",
                                     "font": {"size": 13}})
        if not legend:
            fig.update_layout(showlegend=False)
        fig.update_xaxes(showline=True, linecolor="#888888", ticks="outside", tickfont={"size": 9})
        fig.update_yaxes(gridcolor="#e6e6e6", zeroline=False, tickfont={"size": 9})
        fig.update_annotations(font={"size": 11})
        return fig


APP = Theme(
    name="app", paper=False, font_family="Source Sans Pro, Arial, sans-serif", font_size=13,
    font_colour="#262730", width=None, line_width=2.5, marker_size=7, panel_marker_size=5,
    month_format="%b\n%Y", comparison_dash="solid", axis_title_size=None,
    config=MappingProxyType({"displaylogo": False, "showLink": False,
                             "modeBarButtonsToRemove": ["sendDataToCloud"]}),
)
PRINT = Theme(
    name="print", paper=True, font_family=SYSTEM_FONTS, font_size=11, font_colour="#222222",
    width=650, line_width=2.0, marker_size=5, panel_marker_size=4, month_format="%b",
    comparison_dash="dot", axis_title_size=10,
    config=MappingProxyType({"displayModeBar": False, "displaylogo": False, "responsive": False,
                             "scrollZoom": False}),
)
