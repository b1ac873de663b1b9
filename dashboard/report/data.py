"""Everything the quarterly review shows, fetched from the KPI layer in one place.

The report never computes a number: it selects KPI tables for well-defined filters and
arranges them. Each table is kept with the filters that produced it (a :class:`Block`), so the
report can print the ``python -m dashboard kpi`` command that reproduces it, and a test can run
that command and compare.

What "the quarter" means per section (README, "Quarterly review report and exports"):

- **as of the quarter's end** — nothing after its last month is read anywhere, so a Q2 report
  built today and one built next year say the same;
- **the quarter** (its three months): the period summary and its comparison with the quarter
  before, participation in the modules that ran in it, response rates;
- **the trend window** (this quarter and the three before it): pulse, eNPS, rubric and
  business trends;
- **up to the quarter's end** (no start): impact, baseline trends, ROI, targets and rubric change — their
  baseline and follow-up windows come from the schedule, not from the quarter.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from dashboard.kpi import Filters, compute, settings
from dashboard.kpi.analysis_plan import AnalysisPlan, load_analysis_plan
from dashboard.kpi.assumptions import Assumptions, load_assumptions
from dashboard.kpi.benchmark import benchmark
from dashboard.kpi.checks import CheckResult, run_checks
from dashboard.kpi.effects import effect_months
from dashboard.kpi.filters import cli_command
from dashboard.kpi.impact import Window, design
from dashboard.kpi.program import schedule
from dashboard.kpi.roi import Inputs, break_even, cost_breakdown, measured_inputs
from dashboard.report.quarter import Quarter
from dashboard.store import imports, sql

# The columns that identify a row of each KPI table (how a report cell finds its CLI row).
KEYS: dict[str, tuple[str, ...]] = {
    "period_summary": ("cohort", "metric"),
    "participation": ("cohort", "module_id", "activity"),
    "rubric_change": ("cohort", "module_id", "dimension"),
    "targets": ("kpi",),
    "pulse_trend": ("cohort", "period", "question_id", "question_version", "rater_group"),
    "enps": ("cohort", "period"),
    "rubric_progress": ("cohort", "module_id", "dimension", "period", "assessment"),
    "business": ("cohort", "period", "metric"),
    "response_rate": ("cohort", "period"),
    "impact": ("metric",),
    "baseline_trend": ("metric", "wave", "arm", "period"),
    "roi": ("scenario",),
}


@dataclass(frozen=True)
class Block:
    """One KPI table as the report uses it, with what reproduces it on the command line."""

    name: str
    filters: Filters
    frame: pd.DataFrame
    options: tuple[tuple[str, str], ...] = ()

    @property
    def cli_args(self) -> list[str]:
        """Arguments after ``python -m dashboard kpi``."""
        return [self.name, *self.filters.cli_args(), *self._option_args()]

    def command(self, *extra: str) -> str:
        """The shell command printing this table (``extra`` options last), quoted."""
        return cli_command(self.name, self.filters, *self._option_args(), *extra)

    def _option_args(self) -> list[str]:
        return [part for option, value in self.options for part in (option, value)]

    @property
    def keys(self) -> tuple[str, ...]:
        return KEYS[self.name]


@dataclass(frozen=True)
class ReportData:
    """The quarterly review's content, before any wording or HTML."""

    quarter: Quarter
    cohorts: tuple[str, ...]
    min_group: int
    blocks: dict[str, Block]
    schedule: pd.DataFrame
    windows: dict[int, Window]
    program_cohorts: dict[str, int]
    comparison_cohorts: list[str]
    assumptions: Assumptions
    assumptions_source: str
    inputs: Inputs
    costs: dict[str, float]
    break_even: pd.DataFrame
    plan: AnalysisPlan
    coverage: pd.DataFrame
    loaded: pd.DataFrame
    checks: list[CheckResult]
    demo: bool
    database: str
    generated_at: datetime
    notes: list[str] = field(default_factory=list)
    months: dict[str, str] = field(default_factory=dict)  # per impact metric: the months compared
    benchmark_note: str = ""  # the comparison cohort kept for effects, when the filter names none

    def frame(self, name: str) -> pd.DataFrame:
        return self.blocks[name].frame

    @property
    def empty(self) -> bool:
        """No data at all: the report says what to import instead of showing empty tables."""
        return int(self.loaded["rows"].sum()) == 0

    @property
    def arms(self) -> dict[str, str]:
        """Cohort → arm, from the tables that carry it."""
        arms: dict[str, str] = {}
        for name in ("period_summary", "business", "enps", "response_rate"):
            frame = self.frame(name)
            if "arm" in frame:
                arms.update(zip(frame["cohort"], frame["arm"], strict=True))
        arms.update(zip(self.schedule["cohort"], self.schedule["arm"], strict=True))
        return {c: a for c, a in arms.items() if isinstance(a, str)}


def section_filters(quarter: Quarter, cohorts: tuple[str, ...], min_group: int) -> dict[str, Filters]:
    """The filters of each part of the report (see the module docstring)."""
    base = Filters(cohorts=cohorts, min_group=min_group)
    return {
        "quarter": base.with_(period_from=quarter.first_month, period_to=quarter.last_month),
        "trend": base.with_(period_from=quarter.trend_from, period_to=quarter.last_month),
        "as_of": base.with_(period_to=quarter.last_month),
    }


def assemble(con: duckdb.DuckDBPyConnection, quarter: Quarter, cohorts: tuple[str, ...] = (),
             min_group: int | None = None, assumptions_path: str | os.PathLike[str] | None = None,
             database: str = "", generated_at: datetime | None = None) -> ReportData:
    """Fetch every KPI table the review shows for ``quarter`` and ``cohorts``.

    Without ``min_group`` or ``assumptions_path``, the database's settings apply (Admin page;
    else k = 5 and ``data/roi_assumptions.toml``) — as for ``python -m dashboard kpi``, so
    every table's printed command reproduces it. ``min_group`` may raise the admin's k, never
    lower it (``settings.BelowAdminFloor``).
    """
    stored = settings.load(con)
    min_group = settings.min_group_for(con, min_group)
    f = section_filters(quarter, tuple(cohorts), min_group)
    others = f["trend"].with_(rater_groups=("others",))
    assumptions = load_assumptions(assumptions_path) if assumptions_path else stored.roi
    roi_options = (("--assumptions", str(Path(assumptions_path).resolve())),) if assumptions_path else ()
    plan: list[tuple[str, Filters, tuple[tuple[str, str], ...]]] = [
        ("period_summary", f["quarter"], ()),
        ("participation", f["quarter"], ()),
        ("response_rate", f["quarter"], ()),
        ("pulse_trend", others, ()),
        ("enps", f["trend"], ()),
        ("rubric_progress", f["trend"], ()),
        ("business", f["trend"], ()),
        ("rubric_change", f["as_of"], ()),
        ("impact", f["as_of"], ()),
        ("baseline_trend", f["as_of"], ()),
        ("targets", f["as_of"], ()),
        ("roi", f["as_of"], roi_options),
    ]
    blocks: dict[str, Block] = {}
    for name, filters, options in plan:
        kwargs: dict[str, Any] = {"assumptions": assumptions} if name == "roi" else {}
        blocks[name] = Block(name, filters, compute(con, name, filters, **kwargs), options)
    windows, program, comparison = design(con, f["as_of"])
    inputs = measured_inputs(con, f["as_of"], assumptions)
    months = effect_months(con, f["as_of"], blocks["impact"].frame)
    return ReportData(
        quarter=quarter, cohorts=tuple(cohorts), min_group=min_group, blocks=blocks,
        schedule=schedule(con, f["as_of"]), windows=windows, program_cohorts=program,
        comparison_cohorts=comparison, assumptions=assumptions,
        assumptions_source=Path(assumptions_path).name if assumptions_path else stored.roi_source,
        inputs=inputs, costs=cost_breakdown(inputs, assumptions),
        break_even=break_even(inputs, assumptions), plan=load_analysis_plan(con),
        coverage=imports.import_coverage(con), loaded=imports.loaded_summary(con),
        checks=run_checks(con), demo=imports.demo_loaded(con), database=database,
        generated_at=generated_at or datetime.now(UTC),
        months=months, benchmark_note=benchmark(con, f["as_of"]).note,
    )


def cohort_arms(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Cohorts on the roster with their arm (program cohorts first): the report's cohort choice."""
    return sql.frame(con, "ops/cohort_arms")


def data_months(con: duckdb.DuckDBPyConnection) -> tuple[str, str] | None:
    """First and last month of measured data (pulse and outcomes), or None when there is none."""
    coverage = imports.import_coverage(con)
    measured = coverage[coverage["kind"].isin(["pulse", "outcomes"]) & coverage["first_period"].notna()]
    if measured.empty:
        return None
    return str(measured["first_period"].min()), str(measured["last_period"].max())
