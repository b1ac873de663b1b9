"""Which module worked? What the design can separate, cohort by cohort.

A cohort's pulse and business effect covers its whole sequence of modules, so one cohort alone
can never say which module did it. What can be told apart: cohorts that took *different*
modules (or the same ones in another order), each compared with the comparison cohort over its
own months — and the rubric, which facilitators rate per module. This module reads each program
cohort's effect from the KPI layer exactly as ``python -m dashboard kpi impact --cohort C``
computes it (the comparison cohort kept), and lays the effects out per module.

Plain Python: the Impact page shows the result; a test compares its numbers with the CLI's.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb
import pandas as pd

from dashboard.kpi import Filters, compute
from dashboard.kpi.catalog import module_timeline
from dashboard.kpi.effects import effect_months
from dashboard.kpi.engine import mart
from dashboard.present.charts.common import MAX_COHORT_LINES
from dashboard.present.formatting import delta, number
from dashboard.present.verdicts import NOT_ENOUGH_DATA, interval_text, verdict
from dashboard.present.wording import plain

# Program cohorts compared module by module at most: the ones that started first (the longest
# follow-up); the others are a `kpi impact --cohort C` away.
MAX_COMPARED = MAX_COHORT_LINES
# what the cohorts' sequences allow, in the order the page explains them
SAME = "same"  # every program cohort took the same modules in the same order (or only one cohort)
ORDER = "order"  # the same modules, in a different order
DIFFERENT = "different"  # different sets of modules


@dataclass(frozen=True)
class CohortEffect:
    """One program cohort's effects against the comparison cohort, and what it took."""

    cohort: str
    modules: tuple[str, ...]  # module ids in the order the cohort took them
    filters: Filters  # the filters its effects were computed with (the CLI's --cohort …)
    impact: pd.DataFrame  # the impact KPI table for those filters
    months: dict[str, str] = field(default_factory=dict)  # metric -> "Jul–Oct 2026 vs Jan–Mar 2026"


@dataclass(frozen=True)
class ModuleDesign:
    """Every program cohort's sequence and effects, and what the sequences can separate."""

    cohorts: tuple[CohortEffect, ...]
    names: dict[str, str]  # module id -> name
    # every program cohort's sequence in the filters, those beyond ``MAX_COMPARED`` included
    sequences: tuple[tuple[str, ...], ...] = ()

    @property
    def total(self) -> int:
        return max(len(self.sequences), len(self.cohorts))

    @property
    def left_out(self) -> int:
        """Program cohorts not compared here (beyond ``MAX_COMPARED``)."""
        return self.total - len(self.cohorts)

    @property
    def kind(self) -> str:
        """What every program cohort's sequence allows (the compared ones or not)."""
        sequences = set(self.sequences) | {c.modules for c in self.cohorts}
        if len(sequences) < 2:
            return SAME
        return ORDER if len({frozenset(s) for s in sequences}) == 1 else DIFFERENT

    @property
    def separable(self) -> bool:
        return self.kind != SAME

    def sequence(self, cohort: CohortEffect) -> str:
        """'Awareness of digital cues → Empathetic written replies'."""
        return " → ".join(self.names.get(m, m) for m in cohort.modules) or "no module scheduled"

    @property
    def modules(self) -> list[str]:
        """Every module a program cohort took, in the order they first appear."""
        return list(dict.fromkeys(m for c in self.cohorts for m in c.modules))


def cohort_filters(con: duckdb.DuckDBPyConnection, filters: Filters, cohort: str) -> Filters:
    """The filters for one program cohort's effect: that cohort and any comparison cohort the
    filter chose (none chosen: the KPI layer keeps every comparison cohort and says so)."""
    cohorts = mart(con, "cohort_waves", Filters()).set_index("cohort")["arm"].fillna("program")
    chosen = tuple(c for c in filters.cohorts if cohorts.get(c) == "comparison")
    return filters.with_(cohorts=(cohort, *chosen), modules=(), arms=())


def module_design(con: duckdb.DuckDBPyConnection, filters: Filters) -> ModuleDesign:
    """Each program cohort in the filters (a module filter keeps the cohorts that took a chosen
    module) with its sequence of modules and its impact table, read through the KPI layer — the
    ``MAX_COMPARED`` that started first when there are more (a company-wide rollout has dozens,
    each its own impact estimate: a second or more apiece at a million responses, and a table
    nobody reads); ``sequences`` keeps every cohort's, for what the design can separate."""
    timeline = module_timeline(con, filters.with_(arms=("program",)))
    names = dict(zip(timeline["module_id"], timeline["module_name"], strict=True))
    effects = []
    sequences = [(str(cohort), tuple(str(m) for m in part.sort_values("start_date")["module_id"]))
                 for cohort, part in timeline.sort_values(["start_date", "cohort"]).groupby("cohort", sort=False)]
    for cohort, sequence in sequences[:MAX_COMPARED]:
        chosen = cohort_filters(con, filters, cohort)
        impact = compute(con, "impact", chosen)
        effects.append(CohortEffect(cohort, sequence, chosen, impact, effect_months(con, chosen, impact)))
    return ModuleDesign(tuple(effects), names, tuple(s for _c, s in sequences))


def _effect_cells(row: pd.Series) -> tuple[str, str, str]:
    """Effect, likely range and verdict of one impact row, as the impact table words them."""
    metric = str(row["metric"])
    judged = verdict(row)
    if judged.kind == NOT_ENOUGH_DATA or pd.isna(row["effect"]):
        return "—", "—", "not enough data yet"
    likely = interval_text(metric, row["ci_low"], row["ci_high"]) if pd.notna(row["ci_low"]) else "—"
    return delta(metric, row["effect"]), likely, judged.words


def by_module(design: ModuleDesign, metric: str) -> pd.DataFrame:
    """One row per module × program cohort that took it: the cohort's whole sequence, and its
    effect on ``metric`` against the comparison cohort with its likely range and months."""
    rows = []
    for module in design.modules:
        for cohort in design.cohorts:
            if module not in cohort.modules:
                continue
            row = cohort.impact[cohort.impact["metric"] == metric].iloc[0]
            effect, likely, words = _effect_cells(row)
            months = cohort.months.get(metric, "")
            rows.append({  # the numbers first: on a phone the later columns are a scroll away
                "Module": design.names.get(module, module),
                "Cohort": cohort.cohort,
                "Effect": effect,
                "Likely range": likely,
                "Verdict": words,
                "Months compared": months or "no follow-up yet",
                "The cohort's modules": design.sequence(cohort),
                "Leaders (program / comparison)": f"{int(row['n_program'])} / {int(row['n_comparison'])}",
            })
    return pd.DataFrame(rows, columns=["Module", "Cohort", "Effect", "Likely range", "Verdict", "Months compared",
                                       "The cohort's modules", "Leaders (program / comparison)"])


def rubric_by_module(frame: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """The rubric change table laid out per module × cohort, a column per dimension: "first →
    latest (change)", each the KPI table's own numbers (no new average is made here)."""
    if frame.empty:
        return pd.DataFrame(columns=["Module", "Cohort", "Leaders assessed twice+"])
    dimensions = list(dict.fromkeys(frame["dimension"]))
    rows = []
    for (module, cohort), part in frame.groupby(["module_id", "cohort"], sort=False):
        by_dimension = part.set_index("dimension")
        row = {"Module": names.get(str(module), str(module)), "Cohort": cohort,
               "Leaders assessed twice+": int(part["n_leaders"].max())}
        for dimension in dimensions:
            label = str(dimension).replace("_", " ").capitalize()
            if dimension not in by_dimension.index:
                row[label] = "—"
                continue
            r = by_dimension.loc[dimension]
            row[label] = (f"{number(r['first_level'])} → {number(r['latest_level'])} "
                          f"({delta('rubric_level', r['change'])})")
        rows.append(row)
    return pd.DataFrame(rows)


def summary(design: ModuleDesign, metric: str) -> str:
    """What the cohorts' sequences let one say about single modules, in plain words."""
    name = plain(metric).lower()
    listing = "; ".join(f"{c.cohort}: {design.sequence(c)}" for c in design.cohorts)
    if design.kind == DIFFERENT:
        head = (f"The program cohorts took different modules ({listing}), so their effects on "
                f"{name} can be set side by side per module.")
    elif design.kind == ORDER:
        head = (f"The program cohorts took the same modules in a different order ({listing}): "
                "their effects show whether the order matters, not which module worked.")
    else:
        return ""
    return (head + " Cohorts differ in more than their modules (who was chosen, when they trained), "
            "so a difference between two cohorts' effects hints at what a module adds but does not prove it.")

