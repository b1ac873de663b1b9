"""Run the KPI SQL: staging views first (once per connection), then a mart by name.

A mart that judges pulse cells (through ``pulse_cells``, ``visible_answers``, ``hidden_cells``
or ``impact_leader_period``) reads this connection's copy of the eligible, scored answers and
of the base cells' sizes (``gated_answer``, ``gated_cell``), filled from the stored data when
such a mart first runs and again whenever the data version changes — the cells are judged
from one snapshot, once, not re-scored in every mart.
"""

from __future__ import annotations

import re
from functools import cache

import duckdb
import pandas as pd

from dashboard.config import QUERIES_DIR
from dashboard.kpi.cache import cached, freeze
from dashboard.kpi.filters import Filters
from dashboard.store import db, sql
from dashboard.store.aggregates import create_privacy_macros, create_scoring_macros

_STAGING = tuple(sorted(p.stem for p in (QUERIES_DIR / "staging").glob("*.sql")))
_GATED = tuple(sorted(p.stem for p in (QUERIES_DIR / "gated").glob("[0-9]*.sql")))
_JUDGES_CELLS = re.compile(r"\b(?:pulse_cells|visible_answers|hidden_cells|impact_leader_period)\(")


def prepare(con: duckdb.DuckDBPyConnection) -> None:
    """Create the staging views and macros on this connection (temporary, cheap), with the
    scoring and privacy macros first: a view or mart that scores answers uses the aggregates'
    rules, and counts only the respondents the import's checks count."""
    if sql.scalar(con, "ops/staging_ready"):
        return
    create_scoring_macros(con)
    create_privacy_macros(con)
    for name in _STAGING:
        sql.execute(con, f"staging/{name}")


def refresh_cells(con: duckdb.DuckDBPyConnection) -> None:
    """Fill this connection's gated answers and base cells from the stored data, unless they
    already hold the current data version (of this database instance)."""
    prepare(con)
    current = (db.instance(con), db.data_version(con))
    built = sql.rows(con, "gated/built")
    if built and (str(built[0][0]), int(built[0][1])) == current:
        return
    for name in _GATED:
        sql.execute(con, f"gated/{name}", {"instance": current[0], "version": current[1]})


@cache
def _judges_cells(name: str) -> bool:
    return bool(_JUDGES_CELLS.search(sql.query_text(f"marts/{name}")))


def mart(con: duckdb.DuckDBPyConnection, name: str, filters: Filters,
         **params: object) -> pd.DataFrame:
    """Run ``queries/marts/<name>.sql`` with the filters bound; DuckDB does the grouping.
    Results are cached per database version (``kpi.cache``)."""
    key = ("mart", name, filters, tuple(sorted((k, freeze(v)) for k, v in params.items())))

    def run() -> pd.DataFrame:
        prepare(con)
        if _judges_cells(name):
            refresh_cells(con)
        return sql.frame(con, f"marts/{name}", filters.params() | params)

    return cached(con, key, run)
