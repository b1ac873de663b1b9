"""The program itself: which cohort took which module when (no measurement, just the plan).

The report tells its story around the schedule ("Pilot took *Awareness of digital cues*,
6 Apr – 1 May"), so it reads the schedule here rather than from the tables directly.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from dashboard.kpi.engine import mart
from dashboard.kpi.filters import Filters


def schedule(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Modules per cohort with names, dates and wave; a period range keeps the modules
    running in it (started by its end, not ended before its start)."""
    return mart(con, "schedule", filters)
