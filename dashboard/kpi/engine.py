"""Run the KPI SQL: staging views first (once per connection), then a mart by name.

A mart that judges pulse cells (through ``pulse_cells``, ``visible_answers``, ``hidden_cells``
or ``impact_leader_period``) reads the eligible, scored answers and the base cells' sizes
(``gated_answer``, ``gated_cell``): the cells are judged from one snapshot, not re-scored in
every mart. The database keeps them (schema 023–025), filled once per data version by the
first process that needs them and read by every later one; every write empties them in its
own transaction, and they are marked with the instance, data version and code they were
filled from, so a stale copy is never read. A read-only connection to a database whose copy
is missing or stale — or a reader that finds another thread of this process writing, which it
does not wait for — fills its own temporary copies instead, which shadow the stored ones on
that connection alone. Either way they are read only through the gate's macros.
"""

from __future__ import annotations

import re
from functools import cache

import duckdb
import pandas as pd

from dashboard.config import QUERIES_DIR
from dashboard.kpi.cache import cached, freeze
from dashboard.kpi.filters import Filters
from dashboard.kpi.persist import code_key, writable
from dashboard.store import db, sql
from dashboard.store.aggregates import create_privacy_macros, create_scoring_macros

_STAGING = tuple(sorted(p.stem for p in (QUERIES_DIR / "staging").glob("*.sql")))
_FIRST_GATE = "18_pulse_cells"  # the first staging macro that reads the gated tables
_LOCAL = ("gated/local_answer", "gated/local_cell", "gated/local_built")
_GATED = tuple(sorted(p.stem for p in (QUERIES_DIR / "gated").glob("[0-9]*.sql")))
_JUDGES_CELLS = re.compile(r"\b(?:pulse_cells|visible_answers|hidden_cells|impact_leader_period)\(")


def prepare(con: duckdb.DuckDBPyConnection) -> None:
    """Create the staging views and macros on this connection (temporary, cheap), with the
    scoring and privacy macros first: a view or mart that scores answers uses the aggregates'
    rules, and counts only the respondents the import's checks count. A database without
    stored gated tables (an earlier version's, opened read-only) gets this connection's own
    copies before the macros that read them."""
    if sql.scalar(con, "ops/staging_ready"):
        return
    create_scoring_macros(con)
    create_privacy_macros(con)
    for name in _STAGING:
        if name == _FIRST_GATE and not sql.scalar(con, "ops/gated_stored"):
            _make_local(con)
        sql.execute(con, f"staging/{name}")


def _make_local(con: duckdb.DuckDBPyConnection) -> None:
    if not sql.scalar(con, "ops/gated_local"):
        for name in _LOCAL:
            sql.execute(con, name)


def _fill(con: duckdb.DuckDBPyConnection, current: tuple[str, int, str]) -> None:
    """Fill the gated tables this connection reads (the stored ones, or its own copies)."""
    instance, version, code = current
    for name in _GATED:
        sql.execute(con, f"gated/{name}", {"instance": instance, "version": version, "code": code})


def _built(con: duckdb.DuckDBPyConnection) -> tuple[str, int, str] | None:
    built = sql.rows(con, "gated/built")
    return (str(built[0][0]), int(built[0][1]), str(built[0][2])) if built else None


def _current(con: duckdb.DuckDBPyConnection) -> tuple[str, int, str]:
    return db.instance(con), db.data_version(con), code_key()


def refresh_cells(con: duckdb.DuckDBPyConnection) -> None:
    """Make the gated tables this connection reads hold the current data version (of this
    database instance, computed by this code): the stored ones when they do, else filled —
    into the database when the connection may write (once, shared by every later process),
    into this connection's own copies when it may not."""
    prepare(con)
    if _built(con) == _current(con):
        return
    if sql.scalar(con, "ops/gated_local") or not writable(con):
        _make_local(con)
        _fill(con, _current(con))
        return
    if db.in_write():  # inside a write's transaction: it empties them again when it ends
        _fill(con, _current(con))
        return
    if not db.WRITE_LOCK.acquire(blocking=False):
        # another thread is writing (an import can take a minute): do not wait for it, work on
        # this connection's own copies as before (this connection is closed after the read, so
        # the writer's transaction still empties the stored tables, not these)
        _make_local(con)
        _fill(con, _current(con))
        return
    try:  # one filler at a time; another thread may have filled them meanwhile
        con.begin()
        try:
            current = _current(con)
            if _built(con) != current:
                _fill(con, current)
            con.commit()
        except Exception:
            con.rollback()
            raise
    finally:
        db.WRITE_LOCK.release()


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
