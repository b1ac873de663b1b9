"""Run the KPI SQL: staging views first (once per connection), then a mart by name."""

from __future__ import annotations

import duckdb
import pandas as pd

from dashboard.config import QUERIES_DIR
from dashboard.kpi.cache import cached, freeze
from dashboard.kpi.filters import Filters
from dashboard.store import sql
from dashboard.store.aggregates import create_privacy_macros, create_scoring_macros

_STAGING = tuple(sorted(p.stem for p in (QUERIES_DIR / "staging").glob("*.sql")))


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


def mart(con: duckdb.DuckDBPyConnection, name: str, filters: Filters,
         **params: object) -> pd.DataFrame:
    """Run ``queries/marts/<name>.sql`` with the filters bound; DuckDB does the grouping.
    Results are cached per database version (``kpi.cache``)."""
    key = ("mart", name, filters, tuple(sorted((k, freeze(v)) for k, v in params.items())))

    def run() -> pd.DataFrame:
        prepare(con)
        return sql.frame(con, f"marts/{name}", filters.params() | params)

    return cached(con, key, run)
