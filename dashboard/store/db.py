"""Open the DuckDB file, set it up, and keep writers from stepping on each other.

DuckDB lets one process at a time hold a database file. The app and the CLI therefore never
keep a connection open: each operation opens the file, does its work and closes it, and a
process that finds the file locked waits and retries for a while before saying the
database is busy.
"""

from __future__ import annotations

import os
import secrets
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb

from dashboard.config import QUERIES_DIR, resolve_db_path
from dashboard.store import sql
from dashboard.store.errors import DatabaseBusy as DatabaseBusy  # re-exported: callers catch db.*
from dashboard.store.errors import DatabaseError as DatabaseError
from dashboard.store.errors import DatabaseUnreadable as DatabaseUnreadable

DEFAULT_WAIT_SECONDS = 15.0

# One writer at a time inside this process (app sessions are threads sharing one DuckDB
# instance); other processes are kept out by DuckDB's own file lock.
WRITE_LOCK = threading.RLock()
_WRITING = threading.local()


@contextmanager
def writing() -> Iterator[None]:
    """Mark this thread as inside a write's transaction (``writes.transaction``), so work that
    would begin a transaction of its own (refilling derived tables) joins it instead."""
    _WRITING.depth = getattr(_WRITING, "depth", 0) + 1
    try:
        yield
    finally:
        _WRITING.depth -= 1


def in_write() -> bool:
    """Whether this thread is inside a write's transaction."""
    return getattr(_WRITING, "depth", 0) > 0


DEFAULT_MEMORY_LIMIT = "1GB"


def duckdb_config() -> dict[str, str | bool | int | float | list[str]]:
    """Settings for every connection. DuckDB's memory is capped (``EMPATHY_MEMORY_LIMIT``,
    default 1GB) so a large import spills to disk instead of growing the process; measured,
    this keeps a million-response import near 1.2 GB at about the same speed."""
    limit = os.environ.get("EMPATHY_MEMORY_LIMIT") or DEFAULT_MEMORY_LIMIT
    return {"preserve_insertion_order": "true", "memory_limit": limit}


def _is_lock_error(exc: Exception) -> bool:
    text = str(exc).lower()
    return "lock" in text and ("conflicting" in text or "could not set" in text)


def default_wait() -> float:
    """Seconds to wait for a busy database: ``EMPATHY_DB_WAIT``, else 15."""
    try:
        return float(os.environ.get("EMPATHY_DB_WAIT", DEFAULT_WAIT_SECONDS))
    except ValueError:
        return DEFAULT_WAIT_SECONDS


def connect(path: str | os.PathLike[str] | None = None, *, read_only: bool = False,
            wait: float | None = None) -> duckdb.DuckDBPyConnection:
    """Open (creating if needed) the database and bring its schema up to date."""
    db_path = resolve_db_path(path)
    wait = default_wait() if wait is None else wait
    if not read_only:
        db_path.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + wait
    delay = 0.05
    while True:
        try:
            con = duckdb.connect(str(db_path), read_only=read_only, config=duckdb_config())
            break
        except duckdb.Error as exc:
            if _is_lock_error(exc):
                if time.monotonic() < deadline:
                    time.sleep(delay)
                    delay = min(delay * 2, 0.5)
                    continue
                raise DatabaseBusy(
                    f"the database {db_path} is busy (another program is writing to it); "
                    "try again in a moment"
                ) from None
            raise DatabaseUnreadable(
                f"cannot open the database {db_path}: {str(exc).splitlines()[0]}. "
                "If the file is damaged, move it aside and restore a backup "
                "(python -m dashboard restore DIR), or start afresh with a new --db path."
            ) from None
    try:
        if not read_only:
            ensure_schema(con)
    except Exception:
        con.close()
        raise
    return con


@contextmanager
def session(path: str | os.PathLike[str] | None = None, *, read_only: bool = False,
            wait: float | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection that is closed (releasing the file) when the block ends (or, inside
    ``held``, when that block ends)."""
    _hold_open(path, read_only)
    con = connect(path, read_only=read_only, wait=wait)
    try:
        yield con
    finally:
        con.close()


@dataclass
class _Hold:
    path: Path
    wait: float | None
    con: duckdb.DuckDBPyConnection | None = None


_HOLDS = threading.local()  # the hold of the block this thread is in (an app run is one thread)


@contextmanager
def held(path: str | os.PathLike[str] | None = None, *, wait: float | None = None) -> Iterator[None]:
    """Keep the database open across a block of many short sessions (an app page's reads).

    DuckDB shares one open database among a process's connections to the same file: while one
    is open, a session opens in about 3 ms instead of about 30 ms at a million responses (the
    file's catalog is not read again). The first session in the block opens the connection that
    the rest reuse, so a block that reads nothing (a warm page) opens nothing; the block's end
    lets go of the file, so another process can write between page runs as before.
    """
    outer = getattr(_HOLDS, "hold", None)
    hold = _Hold(resolve_db_path(path), wait)
    _HOLDS.hold = hold
    try:
        yield
    finally:
        _HOLDS.hold = outer
        if hold.con is not None:
            hold.con.close()


def _hold_open(path: str | os.PathLike[str] | None, read_only: bool) -> None:
    """Open the hold of this thread's block at its first session (see ``held``); outside a
    block (the CLI, an import) nothing is looked up."""
    hold: _Hold | None = getattr(_HOLDS, "hold", None)
    if hold is not None and hold.con is None and not read_only and resolve_db_path(path) == hold.path:
        hold.con = connect(hold.path, wait=hold.wait)


def schema_files() -> list[Path]:
    """The schema files in the order they are applied."""
    return sorted((QUERIES_DIR / "schema").glob("*.sql"))


def _upgrade_personal_data(con: duckdb.DuckDBPyConnection) -> None:
    from dashboard.store import upgrade  # only an older database needs it

    upgrade.personal_data(con)


def _move_old_answers(con: duckdb.DuckDBPyConnection) -> None:
    from dashboard.store import compact

    compact.move_old_answers(con)


# Work a schema file needs done in Python first, on a database made by an earlier version.
_BEFORE: dict[str, Callable[[duckdb.DuckDBPyConnection], None]] = {
    "021_id_key_outside": _upgrade_personal_data,
}
# ... and on every database, new ones too (a new database creates the answer table of 008 first)
_ALWAYS_BEFORE: dict[str, Callable[[duckdb.DuckDBPyConnection], None]] = {
    "030_pulse_answer_view": _move_old_answers,
}


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Apply the schema files this database has not seen yet (upgrading what an earlier
    version stored, where a file needs that)."""
    applied: set[str] = set()
    if sql.scalar(con, "ops/schema_table_exists"):
        applied = {row[0] for row in sql.rows(con, "ops/applied_migrations")}
    pending = [path for path in schema_files() if path.stem not in applied]
    if not pending and applied:
        return
    con.begin()
    try:
        for path in pending:
            if applied and path.stem in _BEFORE:
                _BEFORE[path.stem](con)
            if path.stem in _ALWAYS_BEFORE:
                _ALWAYS_BEFORE[path.stem](con)
            sql.execute(con, f"schema/{path.stem}")
            sql.execute(con, "ops/record_migration", {"name": path.stem})
        if applied and any(path.stem.startswith(("019_agg", "030_pulse_answer")) for path in pending):
            from dashboard.store import aggregates  # an older database: build its aggregates once

            aggregates.refresh(con)
        if sql.scalar(con, "ops/meta_get", {"key": "instance"}) is None:
            new_instance(con)
        con.commit()
    except Exception:
        con.rollback()
        raise


def new_instance(con: duckdb.DuckDBPyConnection) -> None:
    """Mark this database file as a new one (created or restored), for caches' keys."""
    sql.execute(con, "ops/meta_set", {"key": "instance", "value": secrets.token_hex(8)})


def instance(con: duckdb.DuckDBPyConnection) -> str:
    """An id that changes when the file is created or restored (a version number alone could
    repeat after a restore)."""
    return str(sql.scalar(con, "ops/meta_get", {"key": "instance"}) or "")


def data_version(con: duckdb.DuckDBPyConnection) -> int:
    """A number that changes whenever stored data changes: the key for caches."""
    return int(sql.scalar(con, "ops/data_version") or 0)


# Derived tables kept per data version (dashboard.kpi.engine and .persist fill them): emptied
# by every change, in the change's own transaction.
_DERIVED_CLEARS = ("ops/clear_gated_built", "ops/clear_gated_cell", "ops/clear_gated_answer",
                   "ops/clear_kpi_frames")


def bump_data_version(con: duckdb.DuckDBPyConnection) -> None:
    """Record a change to the data; call inside the transaction that makes it. The derived
    tables computed from the data before the change are emptied in the same transaction, so
    nothing can read them, and no copy of what the change removed stays behind in them."""
    sql.execute(con, "ops/bump_data_version")
    for name in _DERIVED_CLEARS:
        sql.execute(con, name)
