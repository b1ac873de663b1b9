"""An impact row's verdict as every view shows it: its kind, whether it is isolated from
other causes, its words and its colour.

The kind is the KPI layer's verdict word (``dashboard.kpi.impact.VERDICTS``), read by exact
lookup, never by cutting the text; isolation comes from the row's ``isolated`` column, so a
row without a comparison arm always says "(not isolated)". Cards, tables, charts and the
report all ask here, so they cannot disagree.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from dashboard.kpi.impact import (
    IMPROVED,
    NO_CLEAR_CHANGE,
    NOT_ENOUGH_DATA,
    NOT_ISOLATED,
    VERDICTS,
    WORSENED,
)
from dashboard.present.formatting import BAD, GOOD, NEUTRAL

__all__ = ["IMPROVED", "NOT_ENOUGH_DATA", "NO_CLEAR_CHANGE", "TONE_COLOURS", "VERDICTS",
           "VERDICT_COLOURS", "WORSENED", "Verdict", "colour_key", "verdict"]

TONES = {IMPROVED: "good", WORSENED: "bad", NO_CLEAR_CHANGE: "neutral", NOT_ENOUGH_DATA: "neutral"}
TONE_COLOURS = {"good": GOOD, "bad": BAD, "neutral": NEUTRAL}
TONE_COLOUR_NAMES = {"good": "blue", "bad": "orange", "neutral": "grey"}  # for captions
VERDICT_COLOURS: Mapping[str, str] = {kind: TONE_COLOURS[tone] for kind, tone in TONES.items()}
# Every text the KPI layer writes in the verdict column, and the kind it stands for.
_KINDS = {word: word for word in VERDICTS} | {word + NOT_ISOLATED: word for word in VERDICTS}


@dataclass(frozen=True)
class Verdict:
    """What an impact row concluded, as the views show it."""

    kind: str  # one of VERDICTS
    isolated: bool  # compared with a comparison arm (else the change may have other causes)

    @property
    def words(self) -> str:
        """'improved', 'improved (not isolated)', 'not enough data', …"""
        if self.isolated or self.kind == NOT_ENOUGH_DATA:
            return self.kind
        return self.kind + NOT_ISOLATED

    @property
    def tone(self) -> str:
        """'good', 'bad' or 'neutral': the class a view styles the verdict with."""
        return TONES[self.kind]

    @property
    def colour(self) -> str:
        return VERDICT_COLOURS[self.kind]

    @property
    def clear(self) -> bool:
        """Beyond noise: the interval excludes zero."""
        return self.kind in (IMPROVED, WORSENED)


def verdict(row: pd.Series | Mapping[Any, Any]) -> Verdict:
    """The verdict of one impact row (a Series or a dict with ``verdict`` and ``isolated``)."""
    text = str(row["verdict"])
    if text not in _KINDS:
        raise ValueError(f"unknown verdict {text!r}: the impact table writes one of {VERDICTS}")
    return Verdict(_KINDS[text], bool(row["isolated"]))


def colour_key() -> str:
    """A caption's key to the verdict colours: 'Blue: improved; orange: worsened; …'."""
    parts = [f"{TONE_COLOUR_NAMES[TONES[kind]]}: {kind}"
             for kind in (IMPROVED, WORSENED, NO_CLEAR_CHANGE)]
    return "; ".join(parts).capitalize() + "."
