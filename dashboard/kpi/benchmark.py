"""Which cohorts an effect compares, and over which months — the same for every view.

An effect is the program cohorts' change minus the comparison cohort's. When the cohort filter
names program cohorts only (the natural "show me the Pilot"), dropping the comparison cohort
would leave every effect without a benchmark; so an effect keeps the comparison cohorts the
filter did not name, and says so. Naming a comparison cohort in the filter chooses it instead
(``--cohort Pilot --cohort "Comparison B"``). Symmetrically, a filter naming comparison cohorts
only keeps every program cohort. The arm filter never applies to an effect: an effect is
always program against comparison.

``scope`` is the rule (``impact.design`` applies it, so the impact, baseline-trend, targets and
ROI tables, the pages, the report and ``python -m dashboard kpi`` all follow it);
``benchmark`` says what was kept, in words. (``kpi.effects`` says which months each effect
compares and what the design can say about modules.)
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from dashboard.kpi.engine import mart
from dashboard.kpi.filters import Filters

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
ARMS = ("program", "comparison")
# the KPI tables built on effects (``impact.design``): they follow ``scope``
EFFECT_TABLES = ("impact", "baseline_trend", "roi", "targets")


def _arms(cohorts: pd.DataFrame) -> pd.Series:
    return cohorts["arm"].fillna("program")


def scope(cohorts: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """The rows of ``cohorts`` (one per cohort, with ``arm``) an effect is computed over: the
    chosen cohorts, plus every cohort of an arm the filter names none of."""
    if not filters.cohorts:
        return cohorts
    chosen = cohorts["cohort"].isin(filters.cohorts)
    arms = _arms(cohorts)
    keep = chosen.copy()
    for arm in ARMS:
        if not (chosen & (arms == arm)).any():
            keep |= arms == arm
    return cohorts[keep]


def effect_filters(con: duckdb.DuckDBPyConnection, filters: Filters) -> Filters:
    """``filters`` with the cohorts an effect uses written out and no arm filter: for the
    series drawn next to an effect (the Overview's small trends), so they show both arms."""
    cohorts = mart(con, "cohort_waves", filters)
    if not filters.cohorts:
        return filters.with_(arms=())
    return filters.with_(cohorts=tuple(scope(cohorts, filters)["cohort"]), arms=())


@dataclass(frozen=True)
class Benchmark:
    """What an effect compares for some filters."""

    program: tuple[str, ...]
    comparison: tuple[str, ...]
    kept: tuple[str, ...]  # cohorts compared although the cohort filter did not name them
    arm_ignored: bool  # an arm filter was set: effects always compare both arms

    @property
    def note(self) -> str:
        """One sentence for a page, the report and the CLI; empty when nothing was added."""
        parts = []
        if self.kept:
            kept = ", ".join(self.kept)
            arm = "comparison" if set(self.kept) <= set(self.comparison) else "other"
            parts.append(f"Effects compare {', '.join(self.program) or 'no program cohort'} with "
                         f"{', '.join(self.comparison) or 'no comparison cohort'}: {kept} "
                         f"{'is' if len(self.kept) == 1 else 'are'} kept as the {arm} "
                         "cohort although the cohort filter does not name "
                         f"{'it' if len(self.kept) == 1 else 'them'} (add another comparison "
                         "cohort to the filter to compare with that one instead).")
        if self.arm_ignored:
            parts.append("The trained-or-not filter (program or comparison) does not apply to effects: "
                         "an effect always compares program cohorts with comparison cohorts.")
        return " ".join(parts)


def benchmark(con: duckdb.DuckDBPyConnection, filters: Filters) -> Benchmark:
    """The program and comparison cohorts an effect uses for ``filters``, and what was kept."""
    cohorts = mart(con, "cohort_waves", filters)
    used = scope(cohorts, filters)
    arms = _arms(used)
    program = tuple(used.loc[arms == "program", "cohort"])
    comparison = tuple(used.loc[arms == "comparison", "cohort"])
    kept = tuple(c for c in used["cohort"] if filters.cohorts and c not in filters.cohorts)
    return Benchmark(program, comparison, kept, bool(filters.arms))


def span_label(first: str | None, last: str | None) -> str:
    """'Jul–Oct 2026', 'Nov 2025–Feb 2026', 'Mar 2026'; '—' without months."""
    if not first or not last:
        return "—"
    (y1, m1), (y2, m2) = (first[:4], int(first[5:7])), (last[:4], int(last[5:7]))
    if first == last:
        return f"{MONTHS[m1 - 1]} {y1}"
    if y1 == y2:
        return f"{MONTHS[m1 - 1]}–{MONTHS[m2 - 1]} {y2}"
    return f"{MONTHS[m1 - 1]} {y1}–{MONTHS[m2 - 1]} {y2}"
