"""How numbers, months and cohorts look wherever they are shown (pages and report alike).

Colours come from the Okabe–Ito palette, which stays distinguishable for the common kinds
of colour blindness; each cohort keeps its colour on every page and in the report.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import SupportsFloat

from pandas.api.typing import NAType

from dashboard.kpi.registry import METRICS
from dashboard.kpi.rounding import round_half_away

# Okabe–Ito, without black (kept for text) and yellow (too light on white).
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#999999")
COMPARISON_COLOUR = "#999999"
SUPPRESSED_COLOUR = "#BBBBBB"
LEVEL_COLOURS = {1: "#D55E00", 2: "#E69F00", 3: "#56B4E9", 4: "#0072B2"}  # Not Evident → Mastery
# A change the good way, the bad way, or neither: blue against vermillion is the Okabe–Ito
# pair that stays apart for every common colour blindness (green against orange does not).
GOOD, BAD, NEUTRAL = "#0072B2", "#D55E00", "#666666"
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def cohort_colours(cohorts: Iterable[str], arms: dict[str, str] | None = None) -> dict[str, str]:
    """A stable colour per cohort: program cohorts take palette colours in name order, and
    comparison cohorts are grey, so the same cohort looks the same everywhere."""
    arms = arms or {}
    colours: dict[str, str] = {}
    program = sorted(c for c in set(cohorts) if arms.get(c) != "comparison")
    for i, cohort in enumerate(program):
        colours[cohort] = PALETTE[i % (len(PALETTE) - 1)]
    for cohort in sorted(c for c in set(cohorts) if arms.get(c) == "comparison"):
        colours[cohort] = COMPARISON_COLOUR
    return colours


def month_label(period: str | None) -> str:
    """'2026-03' -> 'Mar 2026'."""
    if not period or not isinstance(period, str) or len(period) < 7:
        return "—"
    year, month = period[:4], int(period[5:7])
    return f"{MONTHS[month - 1]} {year}"


# One table cell to format: a number, or missing (None, pd.NA, NaN).
Cell = SupportsFloat | NAType | None


def _float(value: Cell) -> float | None:
    """The cell as a float, None when it holds no number."""
    if value is None or isinstance(value, NAType):
        return None
    number = float(value)
    return None if math.isnan(number) else number


def number(value: Cell, decimals: int = 2) -> str:
    amount = _float(value)
    if amount is None:
        return "—"
    return f"{round_half_away(amount, decimals):,.{decimals}f}"


def percent(value: Cell, decimals: int = 1) -> str:
    """A 0–100 percentage as '42.5%'."""
    amount = _float(value)
    if amount is None:
        return "—"
    return f"{round_half_away(amount, decimals):.{decimals}f}%"


def metric_value(metric: str, value: Cell) -> str:
    """A metric's value with its unit, e.g. '4.3%', '+12.0 eNPS points', '3.21'."""
    if _float(value) is None:
        return "—"
    info = METRICS.get(metric)
    decimals = info.decimals if info else 2
    if info and info.unit == "pct":
        return percent(value, decimals)
    if info and info.unit == "hours":
        return f"{number(value, decimals)} h"
    return number(value, decimals)


def delta(metric: str, change: Cell) -> str:
    """A change with an arrow and the unit: '▲ +5.1 pts', '▼ −0.4 pts', '▲ +0.14'."""
    amount = _float(change)
    if amount is None:
        return "—"
    info = METRICS.get(metric)
    decimals = info.decimals if info else 2
    rounded = round_half_away(amount, decimals)
    arrow = "▲" if rounded > 0 else "▼" if rounded < 0 else "■"
    sign = "+" if rounded > 0 else "−" if rounded < 0 else "±"
    unit = " pts" if info and info.unit in ("pct", "points") else " h" if info and info.unit == "hours" else ""
    return f"{arrow} {sign}{abs(rounded):.{decimals}f}{unit}"


def is_good_change(metric: str, change: Cell) -> bool | None:
    """Whether a change goes the metric's good way (None when unknown or zero)."""
    amount = _float(change)
    if amount is None or amount == 0 or metric not in METRICS:
        return None
    return (amount > 0) == METRICS[metric].higher_is_better


def money(value: Cell, currency: str = "EUR") -> str:
    amount = _float(value)
    if amount is None:
        return "—"
    symbol = {"EUR": "€", "USD": "$", "GBP": "£"}.get(currency, currency + " ")
    rounded = round_half_away(amount, 0)
    sign = "−" if rounded < 0 else ""
    return f"{sign}{symbol}{abs(rounded):,.0f}"


def scale_range(unit: str) -> str:
    """The range a pooled pulse score's unit spans, for axis titles: "score (1–7 scale)" is
    "1–7"; a pool of mixed scales, "% of scale range (…)", is "0–100 % of scale range"."""
    if unit.startswith("%"):
        return "0–100 % of scale range"
    inside = unit.partition("(")[2].partition(" scale)")[0]
    return inside or "1–5"


def suppressed_text(k: int) -> str:
    """What a hidden cell says (the wording the privacy rules require)."""
    return f"fewer than {k} responses"
