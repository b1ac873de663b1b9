"""The Overview's headline cards: one per KPI, grouped participation → behaviour → business.

Each card leads with the answer — the effect against the comparison cohort, with its verdict
coloured by the KPI's direction and the months compared — and keeps the program's level and
its before/after change as context. It is written from one row of the impact table (or the
participation summary), so the numbers are the KPI layer's and the words are the verdict's.
Plain Python, so the quarterly report can show the same cards.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.kpi.registry import IMPACT_METRICS, METRICS
from dashboard.present.formatting import delta, is_good_change, metric_value, percent
from dashboard.present.verdicts import (
    CHANGE_NOT_ISOLATED,
    DRIFTING,
    IMPROVED,
    INCONCLUSIVE,
    NOT_ENOUGH_DATA,
    WORSENED,
    interval_text,
    signed,
    verdict,
)
from dashboard.present.wording import plain, reader_text, scale_words

LAYERS = (
    ("participation", "Participation", "Did the leaders take the training?"),
    ("behaviour", "Behaviour", "Do their teams and facilitators see more digital empathy?"),
    ("business", "Business", "Did the teams' outcomes move?"),
)
AFTER = {"rubric_level": "program, latest assessment"}  # what the card's value is
ACTIVITY_LABELS = {"microlearning": "Microlearning", "live_practice": "Live practice",
                   "coaching": "Coaching"}
ACTIVITY_VERBS = {"microlearning": "completed", "live_practice": "attended",
                  "coaching": "took up coaching"}


@dataclass(frozen=True)
class Card:
    """What one card shows."""

    metric: str
    layer: str
    label: str
    value: str  # the program's level after training (or completion %)
    value_note: str  # what the value is
    change: str  # change vs baseline, with arrow and unit ("" when not applicable)
    good: bool | None  # whether ``change`` goes the good way (colours the arrow)
    versus: str  # change vs the comparison cohort, with the interval
    verdict: str  # the verdict's words: 'improved', 'inconclusive — consistent with …', ...
    verdict_text: str  # why, with the verdict's caveats
    help: str  # definition, from the registry
    role: str = ""  # 'primary' or 'exploratory' (impact cards)
    headline: str = ""  # what the card leads with: the effect vs comparison (completion %)
    tone: str = "neutral"  # the verdict's: 'good', 'bad' or 'neutral' (colours the verdict)
    short: str = ""  # the verdict in a word or two, under the headline
    months: str = ""  # the months compared: 'Jul–Oct 2026 vs Jan–Mar 2026'
    context: str = ""  # the level and the before/after change, in a line
    explain: str = ""  # what the headline is compared with, and its interval


def delta_colour(good: bool | None) -> str:
    """Blue for a good change, orange for a bad one, grey otherwise (colour-blind safe)."""
    return "gray" if good is None else "blue" if good else "orange"


def reason(row: pd.Series) -> str:
    """Why the verdict is what it is, in a few words, then its caveats."""
    judged = verdict(row)
    leaders = f"{int(row['n_program'])} program"
    if judged.isolated:
        leaders += f" vs {int(row['n_comparison'])} comparison leaders"
    else:
        leaders += " leaders"
    if judged.kind == NOT_ENOUGH_DATA:
        return str(row["verdict_text"]).removeprefix(f"{NOT_ENOUGH_DATA}: ")
    text = {
        IMPROVED: "the likely range leaves out zero",
        WORSENED: "the likely range leaves out zero",
        INCONCLUSIVE: "can't distinguish from noise yet",
        DRIFTING: "the cohorts were already drifting apart before training",
        CHANGE_NOT_ISOLATED: "a change, but with nothing to compare it with",
    }[judged.kind]
    text += f" ({leaders})"
    if judged.caveat_list:
        text += " — " + "; ".join(judged.caveat_list)
    return text


SHORT = {IMPROVED: "improved", WORSENED: "worsened", INCONCLUSIVE: "inconclusive",
         DRIFTING: "cohorts already drifting apart", CHANGE_NOT_ISOLATED: "change, not isolated",
         NOT_ENOUGH_DATA: "not enough data"}


def _context(metric: str, row: pd.Series) -> str:
    """'Program 3.71 → 3.94 (▲ +0.23); comparison ▲ +0.09 · 10 vs 10 leaders'."""
    if pd.isna(row["program_post"]):
        return "program: no months after training yet"
    text = (f"Program {metric_value(metric, row['program_baseline'])} → "
            f"{metric_value(metric, row['program_post'])} ({delta(metric, row['program_change'])})")
    if bool(row["isolated"]) and pd.notna(row["comparison_change"]):
        text += f"; comparison {delta(metric, row['comparison_change'])}"
        text += f" · {int(row['n_program'])} vs {int(row['n_comparison'])} leaders"
    else:
        text += f" · {int(row['n_program'])} leaders, no comparison cohort"
    return text


def impact_cards(impact: pd.DataFrame, months: dict[str, str] | None = None) -> list[Card]:
    """Behaviour and business cards from the impact table, in the registry's order;
    ``months`` (``kpi.benchmark.effect_months``) says which months each effect compares."""
    months = months or {}
    rows = impact.set_index("metric") if len(impact) else pd.DataFrame()
    cards: list[Card] = []
    for metric in IMPACT_METRICS:
        if metric not in rows.index:
            continue
        row = rows.loc[metric]
        info = METRICS[metric]
        isolated = bool(row["isolated"])
        if pd.isna(row["effect"]):
            versus = "vs comparison: —" if isolated else "no comparison cohort"
        elif isolated:
            versus = (f"vs comparison: {delta(metric, row['effect'])} "
                      f"({interval_text(metric, row['ci_low'], row['ci_high'])})")
        else:
            versus = (f"no comparison cohort: {delta(metric, row['effect'])} "
                      f"({interval_text(metric, row['ci_low'], row['ci_high'])})")
        has_post = pd.notna(row["program_post"])
        baseline = (f" · baseline {metric_value(metric, row['program_baseline'])}"
                    if pd.notna(row["program_baseline"]) else "")
        judged = verdict(row)
        scale = f", {words}" if (words := scale_words(metric, row.get("unit"))) else ""
        headline = "—" if pd.isna(row["effect"]) else signed(metric, row["effect"])
        against = "vs the comparison cohort" if isolated else "change, no comparison cohort"
        explain = against + scale + (f" · likely range {interval_text(metric, row['ci_low'], row['ci_high'])}"
                                     if pd.notna(row["ci_low"]) else "")
        cards.append(Card(
            metric=metric, layer=info.layer, label=plain(metric),
            headline=headline, tone=judged.tone, short=SHORT[judged.kind],
            months=months.get(metric, ""), context=_context(metric, row), explain=explain,
            value=metric_value(metric, row["program_post"]) if has_post else "—",
            value_note=(AFTER.get(metric, "program after training") + baseline if has_post
                        else "program: no months after training yet"),
            change=(f"{delta(metric, row['program_change'])} vs baseline"
                    if pd.notna(row["program_change"]) else ""),
            good=is_good_change(metric, row["program_change"]),
            versus=versus, verdict=verdict(row).words, verdict_text=reason(row), role=verdict(row).label,
            help=reader_text(f"{info.description} Formula: {info.formula}."),
        ))
    return cards


def participation_cards(summary: pd.DataFrame) -> list[Card]:
    """Completion per activity over the leaders' module enrolments."""
    cards = []
    info = METRICS["completion_pct"]
    rows = summary[["activity", "completion_pct", "n_completed", "n_enrolled"]].itertuples(index=False, name=None)
    for activity, completion_pct, n_completed, n_enrolled in rows:
        cards.append(Card(
            metric="completion_pct", layer="participation",
            label=ACTIVITY_LABELS.get(activity, activity),
            value=percent(completion_pct), headline=percent(completion_pct),
            value_note=(f"{ACTIVITY_VERBS.get(activity, 'completed')}: {n_completed} of "
                        f"{n_enrolled} module places (one per leader and module)"),
            change="", good=None, versus="", verdict="", verdict_text="",
            help=reader_text(f"{info.description} Formula: {info.formula}."),
        ))
    return cards


def by_layer(cards: list[Card]) -> list[tuple[str, str, list[Card]]]:
    """(title, question, cards) per layer, participation → behaviour → business: the order
    the Overview shows them in."""
    return [(title, question, [c for c in cards if c.layer == layer])
            for layer, title, question in LAYERS]
