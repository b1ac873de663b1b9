"""Return on investment by the Phillips method, from the measured effects.

benefits = monetised first-year improvements × attribution % × confidence %;
BCR = benefits ÷ fully loaded costs; ROI % = (benefits − costs) ÷ costs × 100;
payback months = costs ÷ (benefits ÷ 12). The conservative, expected and optimistic
scenarios use the least favourable end, the point estimate and the most favourable end of
each effect's interval; an effect in the wrong direction counts as no benefit.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd

from dashboard.kpi.assumptions import Assumptions
from dashboard.kpi.engine import mart
from dashboard.kpi.filters import Filters
from dashboard.kpi.impact import impact
from dashboard.kpi.rounding import round_columns
from dashboard.kpi.settings import roi_assumptions

SCENARIOS = ("conservative", "expected", "optimistic")


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
class Inputs:
    """The measured effects and volumes the ROI monetises."""

    escalation: tuple[float, float, float]  # effect on escalation rate, % points: low, point, high
    attrition: tuple[float, float, float]  # effect on annualised attrition, % points
    annual_interactions: float
    team_headcount: float
    participants: float
    notes: tuple[str, ...] = ()


def measured_inputs(con: duckdb.DuckDBPyConnection, filters: Filters,
                    assumptions: Assumptions, effects: pd.DataFrame | None = None) -> Inputs:
    """Effects from the impact table and volumes from the program teams' outcomes."""
    table = effects if effects is not None else impact(con, filters)
    notes: list[str] = []

    def triple(metric: str) -> tuple[float, float, float]:
        row = table[table["metric"] == metric].iloc[0]
        if row["verdict"] == "not enough data" or pd.isna(row["effect"]):
            notes.append(f"{metric}: not enough data, counted as no benefit")
            return (0.0, 0.0, 0.0)
        return (float(row["ci_low"]), float(row["effect"]), float(row["ci_high"]))

    volumes = mart(con, "program_volumes", filters).iloc[0]
    interactions = assumptions.annual_interactions or float(volumes["monthly_interactions"]) * 12
    headcount = assumptions.team_headcount or float(volumes["headcount"])
    participants = assumptions.participants or float(volumes["leaders"])
    return Inputs(triple("escalation_rate"), triple("attrition_rate"), interactions, headcount,
                  participants, tuple(notes))


def scenarios(inputs: Inputs, assumptions: Assumptions) -> pd.DataFrame:
    """The three scenarios with their benefit and cost breakdown."""
    costs = total_costs(inputs, assumptions)
    rows = []
    for scenario in SCENARIOS:
        # both metrics improve downwards: the conservative end is the highest value
        pick = {"conservative": 2, "expected": 1, "optimistic": 0}[scenario]
        escalation_drop = max(0.0, -inputs.escalation[pick])
        attrition_drop = max(0.0, -inputs.attrition[pick])
        escalations_avoided = escalation_drop / 100 * inputs.annual_interactions
        exits_avoided = attrition_drop / 100 * inputs.team_headcount
        escalation_value = escalations_avoided * assumptions.cost_per_escalation
        retention_value = (exits_avoided * assumptions.average_salary
                           * assumptions.replacement_cost_multiplier)
        monetised = escalation_value + retention_value
        adjust = assumptions.attribution_pct / 100 * assumptions.confidence_pct / 100
        benefits = monetised * adjust
        rows.append({
            "scenario": scenario,
            "benefits": benefits,
            "costs": costs,
            "net_benefit": benefits - costs,
            "roi_pct": (benefits - costs) / costs * 100 if costs else np.nan,
            "bcr": benefits / costs if costs else np.nan,
            "payback_months": costs / (benefits / 12) if benefits > 0 else np.nan,
            "escalations_avoided": escalations_avoided,
            "exits_avoided": exits_avoided,
            "escalation_benefit": escalation_value * adjust,
            "retention_benefit": retention_value * adjust,
            "monetised_before_adjustment": monetised,
            "currency": assumptions.currency,
        })
    frame = pd.DataFrame(rows)
    money = dict.fromkeys(["benefits", "costs", "net_benefit", "escalation_benefit",
                           "retention_benefit", "monetised_before_adjustment"], 0)
    return round_columns(frame, money | {"roi_pct": 1, "bcr": 2, "payback_months": 1,
                                         "escalations_avoided": 1, "exits_avoided": 2})


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


def _expected_roi(frame: pd.DataFrame) -> float:
    """The expected scenario's ROI % from a ``scenarios`` table."""
    return float(frame.set_index("scenario")["roi_pct"]["expected"])


def sensitivity(inputs: Inputs, assumptions: Assumptions, swing: float = 0.2) -> pd.DataFrame:
    """Expected-scenario ROI % when each assumption moves ±``swing``: the tornado chart."""
    base = _expected_roi(scenarios(inputs, assumptions))
    rows = []
    for name, label in SENSITIVE.items():
        value = getattr(assumptions, name)
        outcomes = []
        for factor in (1 - swing, 1 + swing):
            changed = value * factor
            if name.endswith("_pct"):
                changed = min(changed, 100.0)
            frame = scenarios(inputs, assumptions.with_(**{name: changed}))
            outcomes.append(_expected_roi(frame))
        rows.append({"assumption": label, "name": name, "low": min(outcomes), "high": max(outcomes),
                     "base": base, "spread": abs(outcomes[1] - outcomes[0])})
    return pd.DataFrame(rows).sort_values("spread", ascending=False).reset_index(drop=True)
