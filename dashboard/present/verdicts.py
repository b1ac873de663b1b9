"""An impact row's verdict as every view shows it: its kind, whether it is isolated from
other causes, its words, its caveats, whether it is the primary metric, and its colour.

The kind is the KPI layer's verdict word (``dashboard.kpi.impact.VERDICTS``), read by exact
lookup, never by cutting the text; isolation comes from the row's ``isolated`` column, so a
row without a comparison arm always says "(not isolated)"; the words of an inconclusive
verdict carry the interval ("inconclusive — consistent with −0.12 to +0.30"), built from the
KPI layer's templates. Cards, tables, charts and the report all ask here, so they cannot
disagree.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from dashboard.kpi.impact import (
    CHANGE_NOT_ISOLATED,
    DRIFTING,
    DRIFTING_WORDS,
    EXPLORATORY,
    IMPROVED,
    INCONCLUSIVE,
    INCONCLUSIVE_WORDS,
    METHOD_VERSION,
    NOT_ENOUGH_DATA,
    NOT_ISOLATED,
    PRIMARY,
    VERDICTS,
    WORSENED,
)
from dashboard.kpi.registry import METRICS
from dashboard.kpi.rounding import round_half_away
from dashboard.present.formatting import BAD, GOOD, NEUTRAL

__all__ = ["CHANGE_NOT_ISOLATED", "DRIFTING", "EXPLORATORY", "IMPROVED", "INCONCLUSIVE", "METHOD_VERSION",
           "NOT_ENOUGH_DATA", "PRIMARY", "TONE_COLOURS", "VERDICTS", "VERDICT_COLOURS", "WORSENED", "Verdict",
           "colour_key", "interval_text", "signed", "verdict"]

TONES = {IMPROVED: "good", WORSENED: "bad", INCONCLUSIVE: "neutral", DRIFTING: "neutral",
         CHANGE_NOT_ISOLATED: "neutral", NOT_ENOUGH_DATA: "neutral"}
TONE_COLOURS = {"good": GOOD, "bad": BAD, "neutral": NEUTRAL}
TONE_COLOUR_NAMES = {"good": "blue", "bad": "orange", "neutral": "grey"}  # for captions
VERDICT_COLOURS: Mapping[str, str] = {kind: TONE_COLOURS[tone] for kind, tone in TONES.items()}
_UNITS = {"pct": " pts", "points": " pts", "hours": " h"}


def signed(metric: str, value: float) -> str:
    """'+0.14', '−1.2 pts', '+0.30 h': a signed change in the metric's unit, no arrow."""
    info = METRICS[metric]
    rounded = round_half_away(float(value), info.decimals)
    text = f"{rounded:+.{info.decimals}f}".replace("-", "−")
    return text + _UNITS.get(info.unit, "")


def interval_text(metric: str, low: float, high: float) -> str:
    """'−1.2 to +0.2 pts': an interval of a change, unit once at the end."""
    unit = _UNITS.get(METRICS[metric].unit, "")
    return f"{signed(metric, low).removesuffix(unit)} to {signed(metric, high)}"


@dataclass(frozen=True)
class Verdict:
    """What an impact row concluded, as the views show it."""

    kind: str  # one of VERDICTS
    isolated: bool  # compared with a comparison arm (else the change may have other causes)
    interval: str = ""  # '−0.12 to +0.30' (empty without an interval)
    role: str = PRIMARY  # the plan's primary metric, or exploratory (Holm-adjusted)
    caveats: str = ""  # the KPI layer's caveats, '; '-separated

    @property
    def words(self) -> str:
        """'improved', 'inconclusive — consistent with −0.12 to +0.30', 'change (not isolated)', …"""
        if self.kind == INCONCLUSIVE:
            low, _, high = self.interval.partition(" to ")
            text = INCONCLUSIVE_WORDS.format(low=low, high=high) if self.interval else INCONCLUSIVE
            return text if self.isolated else text + NOT_ISOLATED
        if self.kind == DRIFTING:
            return DRIFTING_WORDS
        return self.kind

    @property
    def exploratory(self) -> bool:
        return self.role == EXPLORATORY

    @property
    def label(self) -> str:
        """'primary' or 'exploratory': every view labels the row with it."""
        return self.role

    @property
    def tone(self) -> str:
        """'good', 'bad' or 'neutral': the class a view styles the verdict with."""
        return TONES[self.kind]

    @property
    def colour(self) -> str:
        return VERDICT_COLOURS[self.kind]

    @property
    def clear(self) -> bool:
        """A claim: the interval excludes zero (after Holm for exploratory metrics) and the
        baseline months do not show the arms already drifting apart."""
        return self.kind in (IMPROVED, WORSENED)

    @property
    def caveat_list(self) -> list[str]:
        return [c for c in self.caveats.split("; ") if c]


def _text(value: Any) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


def verdict(row: pd.Series | Mapping[Any, Any]) -> Verdict:
    """The verdict of one impact row (a Series or a dict with ``verdict`` and ``isolated``;
    ``metric``, ``ci_low``, ``ci_high``, ``role`` and ``caveats`` when the table has them)."""
    kind = str(row["verdict"])
    if kind not in VERDICTS:
        raise ValueError(f"unknown verdict {kind!r}: the impact table writes one of {VERDICTS}")
    isolated = bool(row["isolated"])
    if not isolated and kind in (IMPROVED, WORSENED):
        kind = CHANGE_NOT_ISOLATED  # a change without a comparison arm is never "improved"
    interval = ""
    low, high = row.get("ci_low"), row.get("ci_high")
    metric = row.get("metric", getattr(row, "name", None))  # a row of a table indexed by metric
    if metric in METRICS and pd.notna(low) and pd.notna(high):
        interval = interval_text(str(metric), float(low), float(high))
    return Verdict(kind, isolated, interval, _text(row.get("role")) or PRIMARY,
                   _text(row.get("caveats")))


def colour_key() -> str:
    """A caption's key to the verdict colours: 'Blue: improved; orange: worsened; …'."""
    parts = [f"{TONE_COLOUR_NAMES[TONES[kind]]}: {kind}" for kind in (IMPROVED, WORSENED)]
    parts.append("grey: inconclusive, drifting apart or not isolated")
    return "; ".join(parts).capitalize() + "."
