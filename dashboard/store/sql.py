"""Run the named SQL files in ``queries/``: ``queries/ingest/stage_roster.sql`` is the query
``ingest/stage_roster``.

Values are always bound as parameters (``$name``); a query only receives the parameters it
mentions, so callers can pass one shared filter dictionary to many queries.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import duckdb
import pandas as pd

from dashboard.config import QUERIES_DIR

_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_LINE_COMMENT = re.compile(r"--[^\n]*")


@cache
def query_text(name: str) -> str:
    """The SQL text of a named query (cached: files do not change while running)."""
    path = QUERIES_DIR / f"{name}.sql"
    if not path.is_file():
        raise KeyError(f"no query named {name!r} (looked for {path})")
    return path.read_text(encoding="utf-8")


@cache
def query_params(name: str) -> frozenset[str]:
    """The ``$parameters`` a query uses, ignoring comments."""
    return frozenset(_PARAM.findall(_LINE_COMMENT.sub("", query_text(name))))


def bind(name: str, params: dict[str, Any] | None) -> dict[str, Any]:
    """Pick the parameters this query needs; a missing one is a programming error."""
    wanted = query_params(name)
    given = params or {}
    missing = wanted - given.keys()
    if missing:
        raise KeyError(f"query {name!r} needs parameters {sorted(missing)}")
    return {key: given[key] for key in wanted}


def execute(
    con: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any] | None = None
) -> duckdb.DuckDBPyConnection:
    """Run a named query and return the connection holding its result."""
    bound = bind(name, params)
    if bound:
        return con.execute(query_text(name), bound)
    return con.execute(query_text(name))


def frame(
    con: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any] | None = None
) -> pd.DataFrame:
    """Run a named query and return its (aggregated) result as a DataFrame."""
    return execute(con, name, params).df()


def rows(
    con: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any] | None = None
) -> list[tuple[Any, ...]]:
    """Run a named query and return all result rows as tuples."""
    return execute(con, name, params).fetchall()


def scalar(con: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any] | None = None) -> Any:
    """Run a named query and return the first column of its first row (None when empty)."""
    result = execute(con, name, params).fetchall()  # fetch all: DuckDB wants results finished
    return result[0][0] if result else None
