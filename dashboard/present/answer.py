"""The answer banner: did the pilot work, in one line per layer — participation, behaviour,
business, ROI — in plain words with the certainty, using the impact method's verdict words.

"Team-rated empathy improved: +0.14 on the 1–5 scale vs the comparison cohort (likely range
+0.02 to +0.26), Jul–Oct 2026 vs Jan–Mar 2026" · "Business outcomes: inconclusive" · "ROI not
yet demonstrable". Built from the KPI tables the cards and the report read (impact,
participation summary, ROI), so the banner cannot disagree with them. Plain Python: the
Overview and the report's first page show the same lines.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, cast

import pandas as pd

from dashboard.kpi.registry import METRICS
from dashboard.kpi.roi import NOT_DEMONSTRABLE
from dashboard.present.formatting import percent
from dashboard.present.verdicts import (
    CHANGE_NOT_ISOLATED,
    DRIFTING,
    IMPROVED,
    NOT_ENOUGH_DATA,
    PRIMARY,
    WORSENED,
    interval_text,
    signed,
    verdict,
)
from dashboard.present.wording import plain, scale_words

ACTIVITY_WORDS = {"microlearning": "completed the microlearning",
                  "live_practice": "attended live practice", "coaching": "took up coaching"}


@dataclass(frozen=True)
class Line:
    """One line of the banner."""

    layer: str  # participation, behaviour, business, roi
    title: str  # 'Participation', 'Behaviour', 'Business', 'Return on investment'
    text: str
    tone: str  # 'good', 'bad' or 'neutral'
    page: str  # the page with the detail: 'overview', 'pulse', 'business', 'impact'


def effect_sentence(row: pd.Series | Mapping[Any, Any], months: str = "") -> str:
    """One impact row in words: 'Team-rated empathy improved: +0.14 on the 1–5 scale vs the
    comparison cohort (likely range +0.02 to +0.26), Jul–Oct 2026 vs Jan–Mar 2026'."""
    metric = str(row["metric"])
    judged = verdict(row)
    name = plain(metric)
    if judged.kind == NOT_ENOUGH_DATA:
        return f"{name}: not enough data yet ({int(row['n_program'])} program and " \
               f"{int(row['n_comparison'])} comparison leaders measured before and after)"
    scale = f" {words}" if (words := scale_words(metric, row.get("unit"))) else ""
    against = " vs the comparison cohort" if judged.isolated else " (no comparison cohort)"
    amount = f"{signed(metric, row['effect'])}{scale}{against}"
    likely = f"likely range {interval_text(metric, row['ci_low'], row['ci_high'])}"
    when = f", {months}" if months else ""
    if judged.kind in (IMPROVED, WORSENED):
        return f"{name} {judged.kind}: {amount} ({likely}){when}"
    if judged.kind == DRIFTING:
        return f"{name}: inconclusive — the cohorts were already drifting apart before training{when}"
    if judged.kind == CHANGE_NOT_ISOLATED:
        return (f"{name} changed {signed(metric, row['effect'])}{scale} ({likely}), not isolated: "
                f"no comparison cohort{when}")
    return f"{name}: inconclusive — {amount}, {likely}{when}"


def short_caveats(caveats: list[str]) -> str:
    """The caveats a leader must hear with a verdict, each cut to its name ('small sample',
    'parallel trends not confirmed'); the exploratory and not-isolated notes are said elsewhere."""
    names = []
    for caveat in caveats:
        head = caveat.split(":")[0].split(" (")[0].split(" —")[0]
        if head.startswith(("exploratory", "not isolated", "the likely range leaves out zero")):
            continue
        names.append(head)
    return "; ".join(names)


def _impact_line(layer: str, title: str, page: str, impact: pd.DataFrame,
                 months: dict[str, str]) -> Line | None:
    """The primary metric when it is in this layer, else the clear effects, else 'inconclusive'."""
    rows = impact[impact["metric"].map(lambda m: METRICS[m].layer == layer)]
    if rows.empty:
        return None
    judged = {r["metric"]: verdict(r) for r in rows.to_dict("records")}
    primary = rows[rows["role"] == PRIMARY]
    clear = [r for r in rows.to_dict("records") if judged[r["metric"]].clear]
    others = len(rows) - len(primary)
    if len(primary):
        row = primary.iloc[0]
        text = effect_sentence(row, months.get(str(row["metric"]), ""))
        warnings = short_caveats(judged[row["metric"]].caveat_list)
        if warnings:
            text += f" ({warnings})"
        tone = judged[row["metric"]].tone
        rest = [r for r in clear if r["metric"] != row["metric"]]
        unisolated = [r for r in rows.to_dict("records") if judged[r["metric"]].kind == CHANGE_NOT_ISOLATED]
        if rest:
            text += ". Also " + "; ".join(effect_sentence(r) for r in rest)
        quiet = others - len(rest) - len(unisolated)
        if quiet > 0:
            text += f". {quiet:d} other measure{'s' if quiet > 1 else ''} (exploratory): no clear change yet"
        for r in unisolated:
            metric = str(r["metric"])
            scale = f" {words}" if (words := scale_words(metric, r.get("unit"))) else ""
            text += (f". {plain(metric)} {signed(metric, r['effect'])}{scale}, not isolated "
                     "(no comparison cohort)")
        return Line(layer, title, text, tone, page)
    if clear:
        tones = {judged[r["metric"]].tone for r in clear}
        tone = tones.pop() if len(tones) == 1 else "neutral"
        return Line(layer, title, "; ".join(effect_sentence(r, months.get(r["metric"], "")) for r in clear)
                    + f" (exploratory; {len(rows) - len(clear)} other measures inconclusive)", tone, page)
    usable = [m for m, j in judged.items() if j.kind != NOT_ENOUGH_DATA]
    if not usable:
        return Line(layer, title, "not enough data yet", "neutral", page)
    window = next((months[m] for m in usable if m in months), "")
    text = (f"inconclusive — none of the {len(usable)} measures differs clearly from the comparison "
            "cohort yet" + (f" ({window})" if window else ""))
    return Line(layer, title, text, "neutral", page)


def _participation_line(summary: pd.DataFrame) -> Line | None:
    if summary.empty:
        return None
    parts = [f"{percent(r['completion_pct'], 0)} {ACTIVITY_WORDS.get(r['activity'], r['activity'])}"
             for r in summary.to_dict("records")]
    enrolled = int(summary["n_enrolled"].max())
    return Line("participation", "Participation",
                f"Of {enrolled:d} module places (one per leader and module), " + ", ".join(parts),
                "neutral", "overview")


def _roi_line(roi: pd.DataFrame) -> Line | None:
    if roi.empty:
        return None
    central = roi.set_index("scenario")
    if not bool(central["demonstrable"].iloc[0]):
        row = central.iloc[0]
        needs = []
        if pd.notna(row["break_even_escalation_pct"]):
            needs.append(f"escalations would have to fall by {row['break_even_escalation_pct']:.0f}%")
        return Line("roi", "Return on investment",
                    f"{NOT_DEMONSTRABLE}: no monetised effect (escalations, voluntary leavers) is clear "
                    "yet" + (f"; to pay back, {needs[0]}" if needs else ""),
                    "neutral", "impact")
    chosen = cast(pd.Series, central.loc["central"])
    low, best = (float(central["roi_pct"].get(name, float("nan"))) for name in ("low", "best case"))
    tone = "good" if chosen["roi_pct"] > 0 else "bad"
    return Line("roi", "Return on investment",
                f"ROI {chosen['roi_pct']:+.0f}% in the central scenario (low {low:+.0f}%, best case {best:+.0f}%), "
                f"from {str(chosen['monetised'])}", tone, "impact")


def answer(impact: pd.DataFrame, participation: pd.DataFrame, roi: pd.DataFrame,
           months: dict[str, str] | None = None) -> list[Line]:
    """The banner's lines, participation → behaviour → business → ROI (layers without data
    are left out)."""
    months = months or {}
    lines = [_participation_line(participation),
             _impact_line("behaviour", "Behaviour", "pulse", impact, months),
             _impact_line("business", "Business", "business", impact, months),
             _roi_line(roi)]
    return [line for line in lines if line is not None]
