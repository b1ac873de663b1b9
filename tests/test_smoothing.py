"""The rolling 3-month means of noisy rates (eNPS, attrition): weighted by their counts, shown
only where the month and the two before it are all there and visible, cohort by cohort."""

from __future__ import annotations

import math

import pandas as pd

from dashboard.kpi.smoothing import rolling


def frame(rows: list[tuple[str, str, float, int, bool]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["cohort", "period", "value", "n", "suppressed"])


def by_month(out: pd.DataFrame, cohort: str) -> dict[str, tuple[float, float]]:
    part = out[out["cohort"] == cohort]
    return dict(zip(part["period"], zip(part["value"], part["n"], strict=True), strict=True))


def test_a_window_is_the_month_and_the_two_before_weighted_by_their_counts():
    out = rolling(frame([("A", "2026-01", 10.0, 1, False), ("A", "2026-02", 20.0, 3, False),
                         ("A", "2026-03", 40.0, 4, False), ("A", "2026-04", 0.0, 2, False)]), "value")
    got = by_month(out, "A")
    assert math.isnan(got["2026-01"][0]) and math.isnan(got["2026-02"][0])  # not three months yet
    assert got["2026-03"] == (28.8, 8.0)  # (10·1 + 20·3 + 40·4) / 8 = 28.75, half away from zero
    assert got["2026-04"] == (24.4, 9.0)  # (20·3 + 40·4 + 0·2) / 9 = 24.44
    assert not out["suppressed"].any()


def test_a_missing_or_hidden_month_leaves_a_gap_not_a_shorter_window():
    out = rolling(frame([("A", "2026-01", 10.0, 2, False), ("A", "2026-02", 10.0, 2, False),
                         ("A", "2026-04", 10.0, 2, False), ("A", "2026-05", 10.0, 2, False),
                         ("A", "2026-06", 10.0, 2, False), ("B", "2026-01", 5.0, 2, False),
                         ("B", "2026-02", 5.0, 2, True), ("B", "2026-03", 5.0, 2, False),
                         ("C", "2026-01", 1.0, 0, False), ("C", "2026-02", 1.0, 0, False),
                         ("C", "2026-03", 1.0, 0, False)]), "value")
    a = by_month(out, "A")
    assert math.isnan(a["2026-04"][0]) and math.isnan(a["2026-05"][0])  # March is missing
    assert a["2026-06"] == (10.0, 6.0)
    assert math.isnan(by_month(out, "B")["2026-03"][0])  # February hidden: no window over it
    assert math.isnan(by_month(out, "C")["2026-03"][0])  # nobody counted: no mean
    assert list(out.columns) == ["cohort", "period", "value", "n", "suppressed"]


def test_an_empty_frame_stays_empty():
    assert rolling(frame([]), "value").empty
