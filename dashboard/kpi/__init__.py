"""The KPI layer: every number a page, the CLI or the report shows comes from here.

``compute(con, name, filters)`` returns the KPI table ``name`` (see ``registry.TABLES``)
with privacy rules applied and output rounding done. The registry (:mod:`registry`) holds
every KPI's definition and, in ``PRIVACY``, which cells of each table are respondent-based;
:mod:`privacy` is the minimum-group rule, whose ``gate`` every table passes through here, on
its way out (no table function hides cells itself); :mod:`settings` the admin's stored
defaults (k, comments' threshold, ROI assumptions, see :mod:`assumptions`).

May import: dashboard.config, dashboard.store
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import duckdb
import pandas as pd

from dashboard.kpi import privacy
from dashboard.kpi.assumptions import Assumptions, load_assumptions
from dashboard.kpi.business import business
from dashboard.kpi.cache import cached, freeze
from dashboard.kpi.filters import FilterError, Filters
from dashboard.kpi.impact import baseline_trend, impact
from dashboard.kpi.participation import participation
from dashboard.kpi.pulse import enps, pulse_trend, response_rate, self_gap
from dashboard.kpi.registry import METRICS, PRIVACY, TABLES
from dashboard.kpi.roi import roi
from dashboard.kpi.rubric import rubric_change, rubric_points, rubric_progress
from dashboard.kpi.summary import period_summary
from dashboard.kpi.targets import targets_table

_COMPUTE: dict[str, Callable[..., pd.DataFrame]] = {
    "pulse_trend": pulse_trend,
    "enps": enps,
    "self_gap": self_gap,
    "response_rate": response_rate,
    "rubric_progress": rubric_progress,
    "rubric_change": rubric_change,
    "rubric_points": rubric_points,
    "participation": participation,
    "business": business,
    "impact": impact,
    "baseline_trend": baseline_trend,
    "roi": roi,
    "targets": targets_table,
    "period_summary": period_summary,
}


class UnknownKpi(KeyError):
    """A KPI table name that does not exist."""


def compute(con: duckdb.DuckDBPyConnection, name: str, filters: Filters | None = None,
            **options: Any) -> pd.DataFrame:
    """The KPI table ``name`` for ``filters``: its contract columns first, more may follow."""
    if name not in _COMPUTE:
        raise UnknownKpi(f"no KPI table {name!r}; choose one of {', '.join(TABLES)}")
    filters = filters or Filters()
    key = ("table", name, filters, tuple(sorted((k, freeze(v)) for k, v in options.items())))
    frame = cached(con, key, lambda: _gated(con, name, filters, options), persist=True)
    contract = list(TABLES[name].columns)
    return frame[contract + [c for c in frame.columns if c not in contract]]


def _gated(con: duckdb.DuckDBPyConnection, name: str, filters: Filters,
           options: dict[str, Any]) -> pd.DataFrame:
    """The table as its function builds it, through the privacy gate: the one place its
    declared respondent-based cells are hidden below k."""
    frame = _COMPUTE[name](con, filters, **options)
    return privacy.gate(frame, PRIVACY[name], filters.min_group)


__all__ = ["METRICS", "TABLES", "Assumptions", "FilterError", "Filters", "UnknownKpi", "compute",
           "load_assumptions"]
