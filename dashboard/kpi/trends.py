"""Monthly program-versus-comparison series of the impact metrics: the small trend on each
Overview card.

They pool the same leader-month numerators and denominators the impact estimate uses, and
follow its privacy rule: only cells visible on their own at k are in them (the gated SQL source
``impact_leader_period``: leader × month × question cells with k respondents, cohort-months of
k or more people), so an arm's figure never contains a team too small to show on its own;
``some_excluded`` says one was left out, never which.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from dashboard.kpi import benchmark
from dashboard.kpi.cache import cached
from dashboard.kpi.engine import mart
from dashboard.kpi.filters import Filters
from dashboard.kpi.impact import design
from dashboard.kpi.registry import METRICS
from dashboard.kpi.rounding import round_half_away
from dashboard.kpi.rubric import rubric_progress

COLUMNS = ["arm", "period", "metric", "value", "n_leaders", "some_excluded"]


def trend_filters(filters: Filters) -> Filters:
    """The filters the impact metrics' series depend on. The arm filter is not one of them: the
    series stand next to effects, which always compare both arms; so every arm choice shares
    one series (kept in the database: an arm switch reads it instead of pooling every
    leader-month again, seconds at a million responses)."""
    return filters.with_(arms=())


def arm_trend(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """One row per arm × month × impact metric, both arms whatever the arm filter (as the
    effects beside them); and the program's rubric level per month, as the filters (the arm
    filter included) give it, like the rubric card above it."""
    _windows, program, comparison = design(con, filters)  # the design ignores the arm filter
    shared = trend_filters(filters)
    pooled = cached(con, ("arm-trend-metrics", shared),
                    lambda: _metric_trend(con, shared, program, comparison), persist=True)
    rubric = _rubric_trend(con, filters, list(program))
    # an empty rubric part would turn the text columns into objects
    parts = [pooled] if rubric.empty else [pooled, _rounded(rubric)]
    frame = pd.concat(parts, ignore_index=True)
    return frame.sort_values(["metric", "arm", "period"]).reset_index(drop=True)


def _metric_trend(con: duckdb.DuckDBPyConnection, filters: Filters, program: dict[str, int],
                  comparison: list[str]) -> pd.DataFrame:
    """The impact metrics' monthly means per arm, pooled over the leaders' visible cells."""
    rows = mart(con, "impact_leader_period", benchmark.effect_filters(con, filters))  # both arms
    rows = rows[rows["cohort"].isin(list(program) + comparison)]
    rows = rows.assign(counted=rows["leader_id"].where(rows["den"].notna()))
    pooled = (rows.groupby(["arm", "period", "metric"], as_index=False)
              .agg(num=("num", "sum"), den=("den", "sum"), n_leaders=("counted", "nunique"),
                   some_excluded=("excluded", "any")))
    pooled = pooled[pooled["n_leaders"] > 0]
    pooled["value"] = pooled["num"] / pooled["den"]
    return _rounded(pooled[COLUMNS].reset_index(drop=True))


def _rounded(frame: pd.DataFrame) -> pd.DataFrame:
    """Values at each metric's precision, as every page and the CLI show them."""
    frame = frame.copy()
    frame["value"] = [round_half_away(v, METRICS[m].decimals)
                      for v, m in zip(frame["value"].astype("float64"), frame["metric"], strict=True)]
    frame["value"] = frame["value"].astype("float64")
    return frame


def _rubric_trend(con: duckdb.DuckDBPyConnection, filters: Filters,
                  program: list[str]) -> pd.DataFrame:
    """Mean level per assessment month over the program cohorts' leader × module × dimension."""
    progress = rubric_progress(con, filters)
    progress = progress[progress["cohort"].isin(program)]
    if progress.empty:
        return pd.DataFrame(columns=COLUMNS)
    progress = progress.assign(weighted=progress["mean_level"] * progress["n_leaders"])
    monthly = progress.groupby("period", as_index=False).agg(
        weighted=("weighted", "sum"), n=("n_leaders", "sum"), n_leaders=("n_leaders", "max"))
    monthly["value"] = monthly["weighted"] / monthly["n"]
    monthly["arm"], monthly["metric"], monthly["some_excluded"] = "program", "rubric_level", False
    return monthly[COLUMNS]
