"""Business outcomes per cohort and month (team-level numbers, no respondent data)."""

from __future__ import annotations

import duckdb
import pandas as pd

from dashboard.kpi.engine import mart
from dashboard.kpi.filters import Filters
from dashboard.kpi.registry import METRICS
from dashboard.kpi.rounding import round_half_away


def business(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Escalation rate, attrition, CSAT, clarifications, participation and response time
    (and any custom metric, as a mean) per cohort × period."""
    frame = mart(con, "business", filters)
    decimals = frame["metric"].map(lambda m: METRICS[m].decimals if m in METRICS else 2)
    values = frame["value"].astype("float64")
    frame["value"] = [round_half_away(v, d) for v, d in zip(values, decimals, strict=True)]
    frame["value"] = frame["value"].astype("float64")
    return frame.reset_index(drop=True)
