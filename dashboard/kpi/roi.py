"""Return on investment by the Phillips method, from the effects that pass their verdict.

benefits = monetised first-year improvements × attribution % × confidence %;
BCR = benefits ÷ fully loaded costs; ROI % = (benefits − costs) ÷ costs × 100;
payback months = costs ÷ (benefits ÷ 12).

What is monetised (DESIGN.md, KPI definitions):

- only effects whose verdict is "improved" or "worsened" (the primary metric at the
  interval's level, an exploratory one after Holm, and not already drifting apart before
  training); an inconclusive effect is worth nothing, a "worsened" one is a negative benefit;
- the unrounded estimates (``impact.estimates``), never the table's rounded values;
- volumes of the program teams the estimate rests on (both windows measured), averaged over
  the filtered months: a cohort without a measured follow-up gets no credit;
- leavers avoided at most ``attrition_cap_pct`` of those teams' leavers a year at the
  baseline rate.

The scenarios are named for what they are: *low* takes each monetised effect's interval end
least favourable to the program, *central* the estimate, *best case* the most favourable end.
A break-even per monetised metric says how large the effect would have to be, on its own, for
the benefits to cover the costs. When nothing monetised passes, the ROI is not yet
demonstrable (``demonstrable`` is false) and every scenario shows the costs alone.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import duckdb
import numpy as np
import pandas as pd

from dashboard.kpi.assumptions import Assumptions
from dashboard.kpi.cache import cached
from dashboard.kpi.engine import mart
from dashboard.kpi.filters import Filters
from dashboard.kpi.impact import IMPROVED, METHOD_VERSION, WORSENED, estimates, measured_leaders
from dashboard.kpi.registry import METRICS
from dashboard.kpi.rounding import round_columns
from dashboard.kpi.settings import roi_assumptions

SCENARIOS = ("low", "central", "best case")
CENTRAL = "central"
# the metrics the model turns into money, and what one unit of their improvement is
MONETISED = ("escalation_rate", "attrition_rate")
NOT_DEMONSTRABLE = "ROI not yet demonstrable"

# The assumptions a sensitivity (tornado) chart varies, with their labels.
SENSITIVE = {
    "cost_per_escalation": "Cost per escalation",
    "average_salary": "Average salary",
    "replacement_cost_multiplier": "Replacement cost multiplier",
    "attribution_pct": "Attribution %",
    "confidence_pct": "Confidence %",
    "participant_hours": "Hours per participant",
    "participant_hourly_cost": "Participant hourly cost",
    "facilitator_hours": "Facilitator hours",
    "platform_cost": "Platform cost",
    "development_cost": "Development cost",
}


@dataclass(frozen=True)
class Effect:
    """One monetised metric's measured effect (% points, unrounded), as the ROI uses it."""

    low: float
    point: float
    high: float
    verdict: str = IMPROVED
    baseline: float = math.nan  # the program arm's baseline rate (% a year for attrition)

    @property
    def passes(self) -> bool:
        """Beyond noise by the impact table's verdict, so it may be monetised."""
        return self.verdict in (IMPROVED, WORSENED) and not math.isnan(self.point)

    def improvement(self, scenario: str) -> float:
        """The drop in the rate (both monetised metrics are better lower) in a scenario; 0
        when the effect does not pass, negative when it went the wrong way."""
        if not self.passes:
            return 0.0
        return {"low": -self.high, CENTRAL: -self.point, "best case": -self.low}[scenario]


NO_EFFECT = Effect(math.nan, math.nan, math.nan, verdict="not enough data")


@dataclass(frozen=True)
class Inputs:
    """The measured effects and volumes the ROI monetises."""

    escalation: Effect
    attrition: Effect
    annual_interactions: float  # of the teams the escalation effect was measured on
    team_headcount: float  # of the teams the attrition effect was measured on
    participants: float  # leaders whose cohort had started training (the costs)
    notes: tuple[str, ...] = ()
    measured_leaders: dict[str, int] = field(default_factory=dict)

    @property
    def baseline_exits(self) -> float:
        """Leavers a year in the measured teams at the program arm's baseline rate."""
        rate = self.attrition.baseline
        return math.nan if math.isnan(rate) else rate / 100 * self.team_headcount

    @property
    def demonstrable(self) -> bool:
        """Some monetised effect passes its verdict."""
        return self.escalation.passes or self.attrition.passes


def _effect(table: pd.DataFrame, metric: str) -> Effect:
    rows = table[table["metric"] == metric]
    if rows.empty:
        return NO_EFFECT
    row = rows.iloc[0]
    return Effect(float(row["ci_low"]), float(row["effect"]), float(row["ci_high"]), str(row["verdict"]),
                  float(row["program_baseline"]))


def measured_inputs(con: duckdb.DuckDBPyConnection, filters: Filters, assumptions: Assumptions) -> Inputs:
    """Effects from the impact estimates (unrounded) and volumes from the teams they rest on."""
    table = estimates(con, filters)
    effects = {metric: _effect(table, metric) for metric in MONETISED}
    notes = [f"{METRICS[m].label.lower()}: {e.verdict}, not monetised" for m, e in effects.items() if not e.passes]
    # kept in the database per data version: its range end reads every answer's month
    teams = cached(con, ("program-volumes", filters), lambda: mart(con, "program_volumes", filters),
                   persist=True).set_index("leader_id")
    leaders = measured_leaders(con, filters)

    def volume(metric: str, column: str) -> float:
        chosen = [leader for leader in leaders.get(metric, []) if leader in teams.index]
        return float(teams.loc[chosen, column].sum()) if chosen else 0.0

    interactions = assumptions.annual_interactions or volume("escalation_rate", "monthly_interactions") * 12
    headcount = assumptions.team_headcount or volume("attrition_rate", "headcount")
    participants = assumptions.participants or float(teams["started"].astype(bool).sum())
    return Inputs(effects["escalation_rate"], effects["attrition_rate"], interactions, headcount, participants,
                  tuple(notes), {m: len(leaders.get(m, [])) for m in MONETISED})


def _adjust(assumptions: Assumptions) -> float:
    return assumptions.attribution_pct / 100 * assumptions.confidence_pct / 100


def exits_avoided(inputs: Inputs, assumptions: Assumptions, scenario: str) -> tuple[float, bool]:
    """Leavers avoided a year in a scenario, and whether the cap on them applied."""
    raw = inputs.attrition.improvement(scenario) / 100 * inputs.team_headcount
    cap = assumptions.attrition_cap_pct / 100 * inputs.baseline_exits
    if raw > 0 and not math.isnan(cap) and raw > cap:
        return cap, True
    return raw, False


def scenarios(inputs: Inputs, assumptions: Assumptions) -> pd.DataFrame:
    """The three scenarios with their benefit and cost breakdown."""
    costs = total_costs(inputs, assumptions)
    adjust = _adjust(assumptions)
    monetised = ", ".join(METRICS[m].label.lower() for m, e in
                          (("escalation_rate", inputs.escalation), ("attrition_rate", inputs.attrition)) if e.passes)
    even = break_even(inputs, assumptions).set_index("metric")["needed_relative_pct"]
    rows = []
    for scenario in SCENARIOS:
        escalations = inputs.escalation.improvement(scenario) / 100 * inputs.annual_interactions
        exits, capped = exits_avoided(inputs, assumptions, scenario)
        escalation_value = escalations * assumptions.cost_per_escalation
        retention_value = exits * assumptions.average_salary * assumptions.replacement_cost_multiplier
        before = escalation_value + retention_value
        benefits = before * adjust
        rows.append({
            "scenario": scenario,
            "benefits": benefits,
            "costs": costs,
            "net_benefit": benefits - costs,
            "roi_pct": (benefits - costs) / costs * 100 if costs else np.nan,
            "bcr": benefits / costs if costs else np.nan,
            "payback_months": costs / (benefits / 12) if benefits > 0 else np.nan,
            "escalations_avoided": escalations,
            "exits_avoided": exits,
            "escalation_benefit": escalation_value * adjust,
            "retention_benefit": retention_value * adjust,
            "monetised_before_adjustment": before,
            "currency": assumptions.currency,
            "demonstrable": inputs.demonstrable,
            "monetised": monetised or "none",
            "attrition_capped": capped,
            "break_even_escalation_pct": even.get("escalation_rate", np.nan),
            "break_even_attrition_pct": even.get("attrition_rate", np.nan),
            "method_version": METHOD_VERSION,
        })
    frame = pd.DataFrame(rows)
    money = dict.fromkeys(["benefits", "costs", "net_benefit", "escalation_benefit",
                           "retention_benefit", "monetised_before_adjustment"], 0)
    return round_columns(frame, money | {"roi_pct": 1, "bcr": 2, "payback_months": 1,
                                         "escalations_avoided": 1, "exits_avoided": 2,
                                         "break_even_escalation_pct": 1, "break_even_attrition_pct": 1})


def break_even(inputs: Inputs, assumptions: Assumptions) -> pd.DataFrame:
    """Per monetised metric: how much it would have to fall, on its own, for the first-year
    benefits to cover the costs — in units a year, in % points and relative to the baseline
    ("escalations would have to fall by 7% for the program to pay back")."""
    costs = total_costs(inputs, assumptions)
    adjust = _adjust(assumptions)
    rows = []
    for metric, effect, unit_value, volume in (
            ("escalation_rate", inputs.escalation, assumptions.cost_per_escalation, inputs.annual_interactions),
            ("attrition_rate", inputs.attrition,
             assumptions.average_salary * assumptions.replacement_cost_multiplier, inputs.team_headcount)):
        needed = costs / (adjust * unit_value) if adjust * unit_value > 0 else math.nan
        points = needed / volume * 100 if volume > 0 else math.nan
        relative = points / effect.baseline * 100 if effect.baseline > 0 else math.nan
        measured = -effect.point / effect.baseline * 100 if effect.baseline > 0 else math.nan
        within_cap = metric != "attrition_rate" or not relative > assumptions.attrition_cap_pct
        rows.append({"metric": metric, "label": METRICS[metric].label, "needed_per_year": needed,
                     "needed_change_pts": points, "needed_relative_pct": relative,
                     "measured_relative_pct": measured, "passes": effect.passes, "within_cap": within_cap,
                     "text": _break_even_text(metric, relative, within_cap, assumptions)})
    return pd.DataFrame(rows)


def _break_even_text(metric: str, relative: float, within_cap: bool, assumptions: Assumptions) -> str:
    noun = {"escalation_rate": "escalations", "attrition_rate": "voluntary leavers"}[metric]
    if math.isnan(relative):
        return f"{noun}: no break-even (no baseline or volume measured)"
    text = f"{noun} would have to fall by {relative:.0f}% for the program to pay back"
    if not within_cap:
        text += (f" — more than the {assumptions.attrition_cap_pct:g}% of leavers the model credits at most, so "
                 "retention alone cannot pay back")
    return text


def cost_breakdown(inputs: Inputs, assumptions: Assumptions) -> dict[str, float]:
    """Fully loaded first-year costs by item."""
    return {
        "participants' time": inputs.participants * assumptions.participant_hours
        * assumptions.participant_hourly_cost,
        "facilitation": assumptions.facilitator_hours * assumptions.facilitator_hourly_rate,
        "platform": assumptions.platform_cost,
        "development": assumptions.development_cost,
        "evaluation": assumptions.evaluation_cost,
        "other": assumptions.other_costs,
    }


def total_costs(inputs: Inputs, assumptions: Assumptions) -> float:
    return float(sum(cost_breakdown(inputs, assumptions).values()))


def roi(con: duckdb.DuckDBPyConnection, filters: Filters,
        assumptions: Assumptions | None = None) -> pd.DataFrame:
    """The ROI table for the filtered program: one row per scenario. Without assumptions,
    the defaults stored in this database (Admin page), else ``data/roi_assumptions.toml``."""
    if assumptions is None:
        assumptions = roi_assumptions(con)
    return scenarios(measured_inputs(con, filters, assumptions), assumptions)


def _central_roi(frame: pd.DataFrame) -> float:
    """The central scenario's ROI % from a ``scenarios`` table."""
    return float(frame.set_index("scenario")["roi_pct"][CENTRAL])


def sensitivity(inputs: Inputs, assumptions: Assumptions, swing: float = 0.2) -> pd.DataFrame:
    """Central-scenario ROI % when each assumption moves ±``swing``: the tornado chart."""
    base = _central_roi(scenarios(inputs, assumptions))
    rows = []
    for name, label in SENSITIVE.items():
        value = getattr(assumptions, name)
        outcomes = []
        for factor in (1 - swing, 1 + swing):
            changed = value * factor
            if name.endswith("_pct"):
                changed = min(changed, 100.0)
            frame = scenarios(inputs, assumptions.with_(**{name: changed}))
            outcomes.append(_central_roi(frame))
        rows.append({"assumption": label, "name": name, "low": min(outcomes), "high": max(outcomes),
                     "base": base, "spread": abs(outcomes[1] - outcomes[0])})
    return pd.DataFrame(rows).sort_values("spread", ascending=False).reset_index(drop=True)
