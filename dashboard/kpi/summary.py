"""Each KPI over a whole period (a quarter, say) per cohort, next to the period just before it.

The quarterly review compares a quarter with the previous one. The monthly tables cannot give
that without someone pooling and subtracting, so the comparison lives here, in the KPI layer,
where privacy and rounding are applied as everywhere else; ``kpi period_summary --from
2026-04 --to 2026-06`` prints the same numbers the report shows.

Privacy: a window pools exactly the cells the monthly tables pool — the leaders' cells with k
respondents on their own, the months whose response rate is shown, the cohort-months of k or
more people for business outcomes — so the window minus its visible months reveals nothing
hidden: a small month or a small team is in neither. A window that left one out says so
(``some_excluded``). The gate in ``kpi.compute`` hides a window with fewer than k respondents
(``registry.PRIVACY["period_summary"]``).
"""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd

from dashboard.kpi.engine import mart
from dashboard.kpi.filters import Filters
from dashboard.kpi.registry import BUSINESS_METRICS, METRICS
from dashboard.kpi.rounding import round_half_away

# the metrics the summary shows, in its order (k applies to the respondent-based ones)
SUMMARY_METRICS = ("pulse_mean", "favourable_pct", "enps", "response_rate_pct") + BUSINESS_METRICS
# the privacy gate adds ``suppressed`` after ``n`` and ``previous_suppressed`` after ``previous_n``
COLUMNS = ["cohort", "arm", "metric", "value", "previous_value", "change", "n", "previous_n",
           "label", "unit", "layer", "period_from", "period_to", "previous_from", "previous_to",
           "some_excluded", "previous_some_excluded", "counted_as_responses", "headcount",
           "previous_headcount"]


def shift_month(period: str, months: int) -> str:
    """'2026-04' shifted by -3 months is '2026-01'."""
    index = int(period[:4]) * 12 + int(period[5:7]) - 1 + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def previous_window(period_from: str, period_to: str) -> tuple[str, str]:
    """The same number of months just before ``period_from``..``period_to``.

    An open range (either end empty) has no "period before" of a known length: ('', '').
    """
    if not period_from or not period_to:
        return "", ""
    start = int(period_from[:4]) * 12 + int(period_from[5:7])
    end = int(period_to[:4]) * 12 + int(period_to[5:7])
    length = end - start + 1
    return shift_month(period_from, -length), shift_month(period_from, -1)


def _rounded(values: pd.Series, metrics: pd.Series) -> list[float]:
    return [round_half_away(v, METRICS[m].decimals) if pd.notna(v) else np.nan
            for v, m in zip(values.astype("float64"), metrics, strict=True)]


def period_summary(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """One row per cohort × metric: the value over the filtered months, the value over the
    same number of months just before, and the change between the two (from the rounded
    values, so the table adds up as printed). Others' ratings only; self ratings are the
    leaders' own and stay out of cohort figures."""
    previous_from, previous_to = previous_window(filters.period_from, filters.period_to)
    frame = mart(con, "period_summary", filters, previous_from=previous_from,
                 previous_to=previous_to)
    frame["value"] = _rounded(frame["value"], frame["metric"])
    current = frame[frame["span"] == "current"].drop(columns="span")
    previous = frame[frame["span"] == "previous"][["cohort", "metric", "value", "n", "some_excluded",
                                                   "headcount"]]
    out = current.merge(previous.rename(columns={"value": "previous_value", "n": "previous_n",
                                                 "some_excluded": "previous_some_excluded",
                                                 "headcount": "previous_headcount"}),
                        on=["cohort", "metric"], how="left")
    out["previous_value"] = out["previous_value"].astype("float64")
    out["previous_n"] = out["previous_n"].astype("Int64")
    out["change"] = _rounded(out["value"] - out["previous_value"], out["metric"])
    out["change"] = out["change"].astype("float64")
    out["label"] = out["metric"].map(lambda m: METRICS[m].label)
    # the pulse score says what its SQL pooled it in (pooled_unit, one for the whole data, so a
    # window with nothing visible takes another's); the rest, the registry's unit
    pooled = frame["unit"].dropna()
    out["unit"] = [str(pooled.iloc[0]) if m == "pulse_mean" and len(pooled) else METRICS[m].unit_label
                   for m in out["metric"]]
    out["layer"] = out["metric"].map(lambda m: METRICS[m].layer)
    out["period_from"], out["period_to"] = filters.period_from or None, filters.period_to or None
    out["previous_from"], out["previous_to"] = previous_from or None, previous_to or None
    order = {m: i for i, m in enumerate(SUMMARY_METRICS)}
    out = out.sort_values(["cohort", "metric"], key=lambda s: s.map(order) if s.name == "metric" else s)
    return out[COLUMNS].reset_index(drop=True)
