"""Rubric KPI tables: level over time and change from first to latest assessment.

Rubric ratings describe leaders, not anonymous respondents, so no group-size rule applies;
by default they use facilitator assessments (``Filters.assessors``), the ones made to the
rubric's standard; self and peer assessments are for the agreement view.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from dashboard.kpi.engine import mart
from dashboard.kpi.filters import Filters
from dashboard.kpi.rounding import round_columns

LEVEL_SHARES = ("not_evident_pct", "emerging_pct", "consistent_pct", "mastery_pct")


ASSESSMENT_POINTS = ("baseline", "mid", "end")


def rubric_progress(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Leaders assessed, mean level and % Consistent-or-above per cohort × module × dimension × month
    × assessment point (baseline, mid or end of the module, from the schedule), plus the level
    distribution (Not Evident → Mastery) for stacked bars."""
    frame = mart(con, "rubric_progress", filters)
    decimals = {"mean_level": 2, "consistent_plus_pct": 1} | dict.fromkeys(LEVEL_SHARES, 1)
    return round_columns(frame, decimals)


def rubric_points(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """The same per assessment point instead of per month: baseline, mid and end of each module
    (the schedule says which a rating is), each leader counted once per point, so a baseline and a
    mid-point rating in the same month never average into one level."""
    frame = mart(con, "rubric_points", filters)
    decimals = {"mean_level": 2, "consistent_plus_pct": 1} | dict.fromkeys(LEVEL_SHARES, 1)
    return round_columns(frame, decimals)


def rubric_change(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Mean first and latest level, and their difference, over leaders assessed twice or more."""
    frame = mart(con, "rubric_change", filters)
    return round_columns(frame, {"first_level": 2, "latest_level": 2, "change": 2})


def rubric_agreement(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Mean level per cohort × module × dimension × assessor type (facilitator, peer, self)."""
    frame = mart(con, "rubric_agreement", filters)
    return round_columns(frame, {"mean_level": 2})


def rubric_leader_levels(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """First and latest level per leader × module × dimension: the heatmap HR uses to see who
    needs coaching on what. Rubric ratings describe leaders, so no group-size rule applies."""
    frame = mart(con, "rubric_leader_levels", filters)
    frame["change"] = frame["latest_level"] - frame["first_level"]
    frame.loc[frame["n_assessments"] < 2, "change"] = float("nan")
    return round_columns(frame, {"first_level": 2, "latest_level": 2, "change": 2})
