"""The import log and undo: what has been loaded, by whom, and taking an import back."""

from __future__ import annotations

import json
from dataclasses import dataclass

import duckdb
import pandas as pd

from dashboard.config import current_user
from dashboard.store import aggregates, compact, db, specs, sql
from dashboard.store.writes import affected, transaction

# Tables an import can write to, in the order undo visits them.
DATA_TABLES = tuple(specs.TABLES)


class UndoError(Exception):
    """The import cannot be undone (unknown id, already undone)."""


@dataclass(frozen=True)
class UndoResult:
    import_id: int
    file_name: str
    rows_removed: int
    rows_restored: int


def import_log(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every import, newest first, with ``details`` parsed from JSON."""
    log = sql.frame(con, "ops/import_log")
    log["details"] = [json.loads(d) if isinstance(d, str) and d else {} for d in log["details"]]
    return log


def undo_import(con: duckdb.DuckDBPyConnection, import_id: int,
                user: str | None = None) -> UndoResult:
    """Remove one import's rows and bring back the rows it had replaced, in one transaction."""
    with db.WRITE_LOCK:  # checked and undone under the lock: two sessions cannot undo twice
        found = sql.rows(con, "ops/import_by_id", {"import_id": import_id})
        if not found:
            raise UndoError(f"there is no import {import_id} (see: python -m dashboard imports)")
        _id, file_name, kind, status, _source, _rows = found[0]
        if status != "active":
            raise UndoError(f"import {import_id} ({file_name}) is already {status}")
        return _undo(con, import_id, file_name, user or current_user(), kind)


def _undo(con: duckdb.DuckDBPyConnection, import_id: int, file_name: str, actor: str,
          kind: str) -> UndoResult:
    removed = restored = 0
    with transaction(con, actor, "undo", f"import {import_id}: {file_name}") as change:
        params = {"import_id": import_id}
        periods = aggregates.import_periods(con, import_id)
        registered = int(sql.scalar(con, "ops/import_question_count", params))
        restored = compact.replaced_answers(con, import_id)  # they come back with their responses
        for table in DATA_TABLES:
            removed += affected(sql.template(con, "delete_import", table, params))
            restored += affected(sql.template(con, "restore_superseded", table, params))
        removed += compact.drop_orphan_answers(con)  # the removed responses' answers
        # questions it registered may be answered in later imports too: rebuild everything then
        aggregates.after_change(con, "questions" if registered else kind, periods)
        sql.execute(con, "ops/mark_import_undone", {"import_id": import_id, "user": actor})
        change.detail = {"rows_removed": removed, "rows_restored": restored}
    return UndoResult(import_id, file_name, removed, restored)


def loaded_summary(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Rows stored now per kind, with the number of imports and the latest period."""
    return sql.frame(con, "ops/loaded_summary")


def import_coverage(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Each active import with the rows it still holds and the months they cover: the
    lineage a report prints, so a reader can tell which files stand behind which months."""
    return sql.frame(con, "ops/import_coverage")


def demo_loaded(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether demo data is part of what is shown (pages label it)."""
    return bool(sql.scalar(con, "ops/demo_loaded"))


def is_empty(con: duckdb.DuckDBPyConnection) -> bool:
    """No data of any kind is stored."""
    return int(loaded_summary(con)["rows"].sum()) == 0
