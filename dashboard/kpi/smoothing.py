"""Views of KPI tables that are easier to read than their raw months, built only from cells
that are visible on their own (so no view reveals a hidden cell).

- ``pulse_index``: one overall index of the pulse questions per cohort × month × rater
  group — the Pulse page's default instead of one question at a time. It pools the questions'
  ``pooled_mean`` (``kpi pulse_trend``): on their scale when the agreement questions share one,
  on percent of each scale's range when they do not — a rule made once, in SQL
  (``queries/scoring/06_pooled_score.sql``) — and carries its ``unit``.
- ``rolling``: a 3-month rolling mean for rates that swing a lot month to month in small
  cohorts (eNPS, annualised attrition), weighted by each month's n, with the n it rests on.

Plain pandas over the tables ``kpi.compute`` returns.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.kpi.rounding import round_half_away

INDEX_COLUMNS = ["cohort", "arm", "period", "rater_group", "index", "n", "questions", "suppressed", "unit"]


def pulse_index(trend: pd.DataFrame) -> pd.DataFrame:
    """The mean of the agreement questions' means (0–10 recommend questions left to eNPS), per
    cohort × month × rater group, weighted by answers, in the table's one ``unit``. A cell is
    hidden when any question's cell in it is hidden; ``n`` is the largest number of respondents
    to one question."""
    data = trend[trend["scale"] != "nps11"]
    if data.empty:
        return pd.DataFrame(columns=INDEX_COLUMNS)
    units = data["unit"].dropna()
    unit = str(units.iloc[0]) if len(units) else ""
    mixed = unit.startswith("%")
    value = data["pooled_mean"].astype("float64")
    data = data.assign(value=value, weight=data["answers"].astype("float64") * value.notna())
    rows = []
    for (cohort, period, group), part in data.groupby(["cohort", "period", "rater_group"], sort=True):
        hidden = bool(part["suppressed"].astype(bool).any())
        weight = float(part["weight"].sum())
        index = np.nan if hidden or not weight else float((part["value"] * part["weight"]).sum() / weight)
        rows.append({"cohort": cohort, "arm": part["arm"].iloc[0], "period": period, "rater_group": group,
                     "index": round_half_away(index, 1 if mixed else 2) if pd.notna(index) else np.nan,
                     "n": int(part["n"].max()) if not hidden else np.nan,
                     "questions": int(part["question_id"].nunique()), "suppressed": hidden,
                     "unit": unit})
    return pd.DataFrame(rows, columns=INDEX_COLUMNS)


def rolling(frame: pd.DataFrame, value: str, weight: str = "n", months: int = 3,
            by: tuple[str, ...] = ("cohort",), decimals: int = 1) -> pd.DataFrame:
    """``frame`` with ``value`` replaced by its rolling mean over the last ``months`` months
    (weighted by ``weight``) and ``weight`` by their sum: a month shows only when it and the
    ``months − 1`` months before it are all present and visible."""
    out = []
    for _key, part in frame.sort_values("period").groupby(list(by), sort=True):
        part = part.copy()
        number = (part["period"].str[:4].astype(int) * 12 + part["period"].str[5:7].astype(int)).to_numpy()
        shown = ~part["suppressed"].astype(bool) if "suppressed" in part else pd.Series(True, index=part.index)
        values = part[value].where(shown).to_numpy(dtype="float64")
        weights = part[weight].where(shown).to_numpy(dtype="float64")
        # each row's window: the rows of its month and the months − 1 before it (sorted by period)
        starts = np.searchsorted(number, number - (months - 1), side="left")
        ends = np.searchsorted(number, number, side="right")
        means, totals = [], []
        for start, end in zip(starts, ends, strict=True):
            v, w = values[start:end], weights[start:end]
            if end - start < months or np.isnan(v).any() or np.isnan(w).any() or w.sum() == 0:
                means.append(np.nan)
                totals.append(np.nan)
            else:
                means.append(round_half_away(float((v * w).sum() / w.sum()), decimals))
                totals.append(float(w.sum()))
        part[value] = means
        part[weight] = totals
        part["suppressed"] = False  # a missing window is a gap, not a hidden cell
        out.append(part)
    return pd.concat(out, ignore_index=True) if out else frame.iloc[0:0]
