"""The audit log: who imported, undid, restored or changed a setting, and when.

Entries never hold survey answers or respondent ids: only file names (without their e-mail
parts), import ids, setting names and values, and counts (an erasure says how many rows, not
whose).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

import duckdb
import pandas as pd

from dashboard.store import sql


def record(con: duckdb.DuckDBPyConnection, actor: str, action: str, target: str,
           detail: dict[str, Any] | None = None) -> None:
    """Add one entry; call inside the transaction that makes the change."""
    sql.execute(con, "ops/record_audit", {"actor": actor, "action": action, "target": target,
                                          "detail": json.dumps(detail or {}, default=str)})


def entries(con: duckdb.DuckDBPyConnection, limit: int = 500) -> pd.DataFrame:
    """The newest entries first."""
    return sql.frame(con, "ops/audit_log", {"limit": limit})


ACTIONS = ("import", "undo", "restore", "plan", "setting", "erase", "retain", "upgrade", "key")


def search(con: duckdb.DuckDBPyConnection, actions: Sequence[str] = (), actor: str = "",
           text: str = "", since: dt.date | None = None, until: dt.date | None = None,
           limit: int = 1000) -> pd.DataFrame:
    """Entries matching every filter given (newest first): ``actions`` any of these,
    ``actor`` and ``text`` contained (any case; text searches target and detail), between
    the days ``since`` and ``until`` inclusive."""
    return sql.frame(con, "ops/audit_search", {
        "actions": list(actions), "actor": actor.strip(), "text": text.strip(),
        "since": since.isoformat() if since else "", "until": until.isoformat() if until else "",
        "limit": int(limit)})


def _value(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def describe_detail(detail: str | dict[str, Any] | None) -> str:
    """An entry's detail in words: ``name old → new`` for a change, ``key value`` otherwise
    (a file's checksum is left out: it is for machines)."""
    if isinstance(detail, str):
        try:
            parsed = json.loads(detail) if detail else {}
        except json.JSONDecodeError:
            return detail
        detail = parsed
    parts = []
    for key, value in (detail or {}).items():
        if key == "sha256":
            continue
        if isinstance(value, dict) and set(value) == {"old", "new"}:
            parts.append(f"{key} {_value(value['old'])} → {_value(value['new'])}")
        else:
            parts.append(f"{key} {value if not isinstance(value, float) else _value(value)}")
    return "; ".join(parts)


def readable(frame: pd.DataFrame) -> pd.DataFrame:
    """The audit log for reading: when (to the second), who, what, on what, the change."""
    return pd.DataFrame({
        "When": frame["happened_at"].astype(str).str[:19],
        "Who": frame["actor"],
        "Action": frame["action"],
        "On": frame["target"],
        "Change": [describe_detail(d) for d in frame["detail"]],
    })
