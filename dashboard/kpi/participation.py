"""Participation: did the leaders take the training they were scheduled for?"""

from __future__ import annotations

import duckdb
import pandas as pd

from dashboard.kpi.engine import mart
from dashboard.kpi.filters import Filters
from dashboard.kpi.rounding import round_columns


def participation(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Completion % per cohort × module × activity among the cohort's leaders."""
    frame = mart(con, "participation", filters)
    return round_columns(frame, {"completion_pct": 1})
