"""KPI tables kept in the database per data version, so a fresh process reads them.

The in-process cache (``kpi.cache``) dies with its process: every new app process, CLI call
or report started from nothing. A KPI table that passed the privacy gate is therefore also
kept in ``kpi_frame`` (as Parquet bytes), keyed on the database instance, the data version,
the code that computed it (``code_key``: a fingerprint of the KPI code and SQL, so an upgraded
app never reads a table the previous version computed) and the table's own key — its name,
its filters with the minimum group size k, its options. Every write empties the table in the
write's own transaction (``store.db.bump_data_version``), so a stale table can neither be
read nor linger in the file. A read-only connection reads what is there and keeps nothing.
A few frames the tables are built from are kept the same way, because a process that reads a
kept table may still need them (the report's ROI inputs and notes): the unrounded impact
estimates and the leaders' windows (pooled from visible cells only), the months each effect
compares, the program teams' volumes and the data-quality checks.
"""

from __future__ import annotations

import hashlib
import io
import logging
from collections.abc import Hashable
from functools import cache
from pathlib import Path

import duckdb
import pandas as pd

from dashboard.config import QUERIES_DIR
from dashboard.store import db, sql

_LOG = logging.getLogger(__name__)
_PACKAGE = Path(__file__).resolve().parent.parent


@cache
def code_key() -> str:
    """A fingerprint of the code a stored table depends on: the package's Python and the SQL."""
    digest = hashlib.sha256()
    for path in sorted([*_PACKAGE.rglob("*.py"), *QUERIES_DIR.rglob("*.sql")]):
        digest.update(path.relative_to(path.parents[1]).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def writable(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether this connection may keep derived tables (not opened read-only)."""
    return not sql.scalar(con, "ops/read_only")


def _key_text(key: tuple[Hashable, ...]) -> str:
    # reprs of tuples, strings, numbers and frozen dataclasses (Filters) are stable across runs
    return hashlib.sha256(repr(key).encode()).hexdigest()


def _params(con: duckdb.DuckDBPyConnection, key: tuple[Hashable, ...]) -> dict[str, object]:
    return {"instance": db.instance(con), "version": db.data_version(con), "code": code_key(),
            "key": _key_text(key)}


def load(con: duckdb.DuckDBPyConnection, key: tuple[Hashable, ...]) -> pd.DataFrame | None:
    """The stored table for ``key`` at this data version, or None."""
    if not sql.scalar(con, "ops/kpi_frames_stored"):
        return None  # a database made by an earlier version, opened read-only
    found = sql.rows(con, "ops/kpi_frame_get", _params(con, key))
    if not found:
        return None
    return pd.read_parquet(io.BytesIO(found[0][0]))


def _encode(frame: pd.DataFrame) -> bytes | None:
    """Parquet bytes that read back to exactly ``frame``, or None (a column Parquet cannot
    hold as it is: such a table is kept in this process only)."""
    try:
        buffer = io.BytesIO()
        frame.to_parquet(buffer, index=True)
        data = buffer.getvalue()
        pd.testing.assert_frame_equal(pd.read_parquet(io.BytesIO(data)), frame)
    except Exception as exc:  # a mismatch, or pyarrow's own errors (ArrowInvalid, ...)
        _LOG.debug("KPI table not kept in the database: %s", exc)
        return None
    return data


def store(con: duckdb.DuckDBPyConnection, key: tuple[Hashable, ...], frame: pd.DataFrame) -> None:
    """Keep ``frame`` for ``key`` at this data version, when the connection may write."""
    if db.in_write() or not writable(con) or not sql.scalar(con, "ops/kpi_frames_stored"):
        return  # inside a write the table is emptied at its end anyway
    data = _encode(frame)
    if data is None:
        return
    if not db.WRITE_LOCK.acquire(blocking=False):
        return  # another thread is writing: keep it in this process only, rather than wait
    try:
        sql.execute(con, "ops/kpi_frame_put", _params(con, key) | {"frame": data})
    except duckdb.Error as exc:  # e.g. another process's copy of the file is read-only
        _LOG.debug("KPI table not kept in the database: %s", exc)
    finally:
        db.WRITE_LOCK.release()
