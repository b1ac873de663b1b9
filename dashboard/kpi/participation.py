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


def participation_summary(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Completion per activity over every leader × module enrolment in the filtered cohorts
    and modules (the Overview's participation card): the participation table's counts summed."""
    frame = participation(con, filters)
    if frame.empty:
        return pd.DataFrame(columns=["activity", "n_enrolled", "n_completed", "completion_pct"])
    summed = (frame.groupby("activity", sort=False)[["n_people", "n_completed"]].sum()
              .rename(columns={"n_people": "n_enrolled"}).reset_index())
    summed["completion_pct"] = 100.0 * summed["n_completed"] / summed["n_enrolled"]
    return round_columns(summed, {"completion_pct": 1})
