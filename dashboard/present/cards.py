"""The Overview's headline cards: one per KPI, grouped participation → behaviour → business.

Each card is written from one row of the impact table (or the participation summary), so
the numbers are the KPI layer's and the words are the verdict's. Plain Python, so the
quarterly report can show the same cards.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.kpi.registry import IMPACT_METRICS, METRICS
from dashboard.kpi.rounding import round_half_away
from dashboard.present.formatting import delta, is_good_change, metric_value, percent
from dashboard.present.verdicts import NO_CLEAR_CHANGE, NOT_ENOUGH_DATA, verdict

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
    verdict: str  # the verdict's words: 'improved', 'improved (not isolated)', ...
    verdict_text: str  # the verdict in a sentence
    help: str  # definition, from the registry


def delta_colour(good: bool | None) -> str:
    """Blue for a good change, orange for a bad one, grey otherwise (colour-blind safe)."""
    return "gray" if good is None else "blue" if good else "orange"


def signed(metric: str, value: float) -> str:
    """'+0.14', '−1.2 pts', '+0.30 h': a signed change in the metric's unit, no arrow."""
    info = METRICS[metric]
    rounded = round_half_away(float(value), info.decimals)
    text = f"{rounded:+.{info.decimals}f}".replace("-", "−")
    return text + {"pct": " pts", "points": " pts", "hours": " h"}.get(info.unit, "")


def interval_text(metric: str, low: float, high: float) -> str:
    """'−1.2 to +0.2 pts': an interval of a change, unit once at the end."""
    unit = {"pct": " pts", "points": " pts", "hours": " h"}.get(METRICS[metric].unit, "")
    return f"{signed(metric, low).removesuffix(unit)} to {signed(metric, high)}"


def reason(row: pd.Series) -> str:
    """Why the verdict is what it is, in a few words."""
    judged = verdict(row)
    leaders = f"{int(row['n_program'])} program"
    if judged.isolated:
        leaders += f" vs {int(row['n_comparison'])} comparison leaders"
    else:
        leaders += " leaders"
    if judged.kind == NOT_ENOUGH_DATA:
        return str(row["verdict_text"]).removeprefix(f"{NOT_ENOUGH_DATA}: ")
    if judged.kind == NO_CLEAR_CHANGE:
        text = "can't distinguish from noise"
        if int(row["n_program"]) < 10:
            text += " — too few leaders to tell"
        return f"{text} ({leaders})"
    return f"the interval excludes zero ({leaders})"


def impact_cards(impact: pd.DataFrame) -> list[Card]:
    """Behaviour and business cards from the impact table, in the registry's order."""
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
        cards.append(Card(
            metric=metric, layer=info.layer, label=info.label,
            value=metric_value(metric, row["program_post"]) if has_post else "—",
            value_note=(AFTER.get(metric, "program after training") + baseline if has_post
                        else "program: no months after training yet"),
            change=(f"{delta(metric, row['program_change'])} vs baseline"
                    if pd.notna(row["program_change"]) else ""),
            good=is_good_change(metric, row["program_change"]),
            versus=versus, verdict=verdict(row).words, verdict_text=reason(row),
            help=f"{info.description} Formula: {info.formula}.",
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
            value=percent(completion_pct),
            value_note=(f"{ACTIVITY_VERBS.get(activity, 'completed')}: {n_completed} of "
                        f"{n_enrolled} leader × module enrolments"),
            change="", good=None, versus="", verdict="", verdict_text="",
            help=f"{info.description} Formula: {info.formula}.",
        ))
    return cards


def by_layer(cards: list[Card]) -> list[tuple[str, str, list[Card]]]:
    """(title, question, cards) per layer, participation → behaviour → business: the order
    the Overview shows them in."""
    return [(title, question, [c for c in cards if c.layer == layer])
            for layer, title, question in LAYERS]
