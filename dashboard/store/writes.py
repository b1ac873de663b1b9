"""Every write to the database: one transaction with its audit entry, all or nothing.

Imports, undo, plan changes, settings and restores all go through :func:`transaction`: it
takes the process's write lock, begins, lets the caller do the work, then writes the audit
log entry and bumps the data version (so every cache re-reads) before committing. Any error
rolls all of it back. :func:`affected` reads how many rows a statement changed.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import duckdb

from dashboard.store import audit, db


@dataclass
class Transaction:
    """A write in progress: what its audit entry will say (the work may fill it in, e.g.
    with the import id it took), and whether it is only a preview."""

    actor: str
    action: str
    target: str = ""
    detail: dict[str, Any] = field(default_factory=dict)
    discarded: bool = False

    def audit(self, target: str, detail: dict[str, Any] | None = None) -> None:
        """Say what the audit entry records, once the work knows it."""
        self.target = target
        self.detail = dict(detail or {})

    def discard(self) -> None:
        """Roll the work back at the end of the block instead of committing it (a preview:
        every check ran, nothing is kept and nothing is logged)."""
        self.discarded = True


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection, actor: str, action: str, target: str = "",
                detail: dict[str, Any] | None = None) -> Iterator[Transaction]:
    """One write: under :data:`db.WRITE_LOCK` (one writer at a time in this process; app
    sessions are threads), in one transaction that ends with the audit entry and a new data
    version. An exception rolls everything back and is raised again."""
    with db.WRITE_LOCK, db.writing():
        con.begin()
        try:
            change = Transaction(actor, action, target, dict(detail or {}))
            yield change
            if change.discarded:
                con.rollback()
                return
            audit.record(con, change.actor, change.action, change.target, change.detail)
            db.bump_data_version(con)
            con.commit()
        except Exception:
            con.rollback()
            raise


def affected(cursor: duckdb.DuckDBPyConnection) -> int:
    """The rows an insert, update or delete just changed (DuckDB returns them as its result)."""
    result = cursor.fetchall()
    return int(result[0][0]) if result else 0
