"""The pilot plan's analysis settings the impact table reads: which metric is primary, and how
many baseline months the parallel-trends check needs.

One metric is decided in advance (the primary: tested at the interval's level); every other
impact metric is exploratory, Holm-adjusted, and labelled so. The settings are stored with the
plan's other settings (``plan_setting``), written by ``dashboard.plan.calendar`` (logged and
undoable like every plan change), and read here, so the KPI layer depends on the data only.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import duckdb

from dashboard.kpi.registry import IMPACT_METRICS, METRICS
from dashboard.store import sql

# The fewest baseline months a placebo difference-in-differences can be run on (an early and a
# late month with one between); the plan may ask for more, never fewer.
LOWEST_PRETREND_MONTHS = 3
HIGHEST_PRETREND_MONTHS = 12
PRIMARY_KEY, PRETREND_KEY = "primary_metric", "pretrend_months"
# metrics that can be primary: those compared with a comparison arm
PRIMARY_CHOICES = tuple(m for m in IMPACT_METRICS if m != "rubric_level")


class AnalysisPlanError(ValueError):
    """A setting the plan may not hold (the message says why)."""


@dataclass(frozen=True)
class AnalysisPlan:
    """What the impact table's verdicts are judged by."""

    primary_metric: str = "pulse_mean"  # the pulse score from others (peers, direct reports)
    pretrend_months: int = LOWEST_PRETREND_MONTHS

    def __post_init__(self) -> None:
        if self.primary_metric not in PRIMARY_CHOICES:
            raise AnalysisPlanError(
                f"the primary metric must be one of {', '.join(PRIMARY_CHOICES)}, got {self.primary_metric!r}")
        months = self.pretrend_months
        if isinstance(months, bool) or not isinstance(months, int) \
                or not LOWEST_PRETREND_MONTHS <= months <= HIGHEST_PRETREND_MONTHS:
            raise AnalysisPlanError(f"baseline months for the parallel-trends check: a whole number from "
                                    f"{LOWEST_PRETREND_MONTHS} to {HIGHEST_PRETREND_MONTHS}, got {months!r}")

    @property
    def primary_label(self) -> str:
        return METRICS[self.primary_metric].label

    def as_settings(self) -> dict[str, str]:
        """The plan_setting rows (name → JSON value)."""
        return {PRIMARY_KEY: json.dumps(self.primary_metric), PRETREND_KEY: json.dumps(self.pretrend_months)}


def from_settings(stored: dict[str, str]) -> AnalysisPlan:
    """The plan from stored settings; a missing or damaged value keeps its default (a setting
    must never stop the impact table from showing)."""
    plan = AnalysisPlan()
    for key, name in ((PRIMARY_KEY, "primary_metric"), (PRETREND_KEY, "pretrend_months")):
        if key not in stored:
            continue
        try:
            plan = AnalysisPlan(**{**plan.__dict__, name: json.loads(stored[key])})
        except (ValueError, TypeError):
            continue
    return plan


def load_analysis_plan(con: duckdb.DuckDBPyConnection) -> AnalysisPlan:
    """The stored analysis plan, or the defaults (primary: pulse score from others; 3 months)."""
    return from_settings({str(name): str(value) for name, value in sql.rows(con, "plan/current_settings")})
