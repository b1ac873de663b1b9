"""What the stored data offers to filter on, and when each module ran.

The sidebar's choices come from here (so a link naming a cohort that does not exist is
recognised), and the module windows shaded on the pages' time axes.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from dashboard.kpi.cache import cached
from dashboard.kpi.engine import mart
from dashboard.kpi.filters import Filters


@dataclass(frozen=True)
class FilterOptions:
    """The values each filter can take in this database (empty tuples on an empty one)."""

    cohorts: tuple[str, ...] = ()
    arms: tuple[tuple[str, str], ...] = ()  # (cohort, arm), hashable for caching
    modules: tuple[tuple[str, str], ...] = ()  # (module_id, module name), in schedule order
    periods: tuple[str, ...] = ()

    @property
    def arm_of(self) -> dict[str, str]:
        """Cohort → arm, for colours and for telling program from comparison."""
        return dict(self.arms)

    @property
    def module_names(self) -> dict[str, str]:
        return dict(self.modules)

    @property
    def empty(self) -> bool:
        return not (self.cohorts or self.periods)


def filter_options(con: duckdb.DuckDBPyConnection) -> FilterOptions:
    """Cohorts with their arm, scheduled modules and the months that hold any data.

    Every page's sidebar starts from these, so they are kept in the database per data version
    (``kpi.persist``) as one small frame: names and months only, nothing about a respondent. A
    fresh app process then reads them instead of grouping every stored answer by month."""
    listing = cached(con, ("filter-options",), lambda: _option_rows(con), persist=True)
    rows = {kind: listing[listing["kind"] == kind] for kind in ("cohort", "module", "period")}
    return FilterOptions(
        cohorts=tuple(rows["cohort"]["value"]),
        arms=tuple(zip(rows["cohort"]["value"], rows["cohort"]["label"], strict=True)),
        modules=tuple(zip(rows["module"]["value"], rows["module"]["label"], strict=True)),
        periods=tuple(rows["period"]["value"]),
    )


def _option_rows(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The options as rows (kind, value, label) in their order: a cohort with its arm, a module
    with its name, a month."""
    everything = Filters()
    cohorts = mart(con, "cohort_waves", everything)
    modules = mart(con, "modules", everything)
    periods = mart(con, "periods", everything)
    parts = [
        pd.DataFrame({"kind": "cohort", "value": cohorts["cohort"], "label": cohorts["arm"].fillna("program")}),
        pd.DataFrame({"kind": "module", "value": modules["module_id"],
                      "label": modules["module_name"].fillna(modules["module_id"])}),
        pd.DataFrame({"kind": "period", "value": periods["period"], "label": periods["period"]}),
    ]
    return pd.concat(parts, ignore_index=True).astype(str)


def module_timeline(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """One row per cohort × module: start and end date, module name and wave.

    Only the cohort, arm and module filters apply: a module that started before the chosen
    months still explains the months that are shown.
    """
    frame = mart(con, "module_timeline", filters)
    for column in ("start_date", "end_date"):
        frame[column] = pd.to_datetime(frame[column])
    return frame.reset_index(drop=True)
