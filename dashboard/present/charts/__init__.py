"""Every plotly figure, for the app's pages and the quarterly report alike.

Plain Python (no Streamlit): every function takes a KPI frame as the KPI layer returns it
and draws it; nothing here computes a number. Each takes a ``theme``: :data:`APP` (the
default, for the pages) or :data:`PRINT` (the report: fixed width, system fonts, static),
which share the palette, the verdict colours and the verdict words. The rules every chart
follows:

- one colour per cohort everywhere (``formatting.cohort_colours``; comparison is grey),
  from the Okabe–Ito palette, which stays readable with common colour blindness;
- an impact row's colour and words come from ``dashboard.present.verdicts``;
- months on a date axis, each month's value drawn mid-month, so a module that ran in April
  visibly covers April's point;
- axis titles carry units; hidden cells (fewer than k respondents) are drawn as grey
  crosses labelled "fewer than k responses", never as zero, and their line has a gap;
- names from uploads are escaped before they reach a figure;
- nothing to draw gives a figure that says why (:func:`is_empty` tells the report).

Modules by subject: :mod:`.pulse`, :mod:`.rubric`, :mod:`.business`, :mod:`.impact` (and
ROI), :mod:`.participation`; shared pieces in :mod:`.common`, the looks in :mod:`.theme`.
"""

from dashboard.present.charts.business import business_grid
from dashboard.present.charts.common import (
    MAX_COHORT_LINES,
    MAX_LEADERS,
    axis_title,
    busiest,
    empty_figure,
    is_empty,
    label,
    month_x,
)
from dashboard.present.charts.impact import (
    benefits_chart,
    costs_chart,
    forest_plot,
    roi_chart,
    sparkline,
    sparklines,
    tornado_chart,
)
from dashboard.present.charts.participation import completion_chart
from dashboard.present.charts.pulse import favourable_grid, gap_chart, trend_chart
from dashboard.present.charts.rubric import (
    agreement_chart,
    leader_heatmap,
    level_distribution,
    level_trend,
    rubric_change_chart,
)
from dashboard.present.charts.theme import APP, PRINT, Theme

__all__ = [
    "APP", "MAX_COHORT_LINES", "MAX_LEADERS", "PRINT", "Theme", "agreement_chart", "axis_title",
    "benefits_chart", "business_grid", "busiest", "completion_chart", "costs_chart",
    "empty_figure", "favourable_grid", "forest_plot", "gap_chart", "is_empty", "label",
    "leader_heatmap", "level_distribution", "level_trend", "month_x", "roi_chart",
    "rubric_change_chart", "sparkline", "sparklines", "tornado_chart", "trend_chart",
]
