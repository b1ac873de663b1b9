"""The audit log: who imported, undid, restored or changed a setting, and when.

Entries never hold survey answers or respondent ids: only file names, import ids, setting
names and values.
"""

from __future__ import annotations

import json
from typing import Any

import duckdb
import pandas as pd

from dashboard import sql


def record(con: duckdb.DuckDBPyConnection, actor: str, action: str, target: str,
           detail: dict[str, Any] | None = None) -> None:
    """Add one entry; call inside the transaction that makes the change."""
    sql.execute(con, "ops/record_audit", {"actor": actor, "action": action, "target": target,
                                          "detail": json.dumps(detail or {}, default=str)})


def entries(con: duckdb.DuckDBPyConnection, limit: int = 500) -> pd.DataFrame:
    """The newest entries first."""
    return sql.frame(con, "ops/audit_log", {"limit": limit})
