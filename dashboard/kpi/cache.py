"""A small in-process cache of KPI results, keyed on the database file and its data version.

Every change to stored data bumps the version in the same transaction, so a cached table can
never outlive the data it was computed from — in this process or after another process (the
CLI, another app session) writes. Results do not depend on who asks (privacy rules apply to
everyone alike), so nothing about the viewer is in the key. A result asked for with
``persist=True`` (the KPI tables, after the privacy gate) is also kept in the database for its
data version (``kpi.persist``), so another process reads it instead of computing it again.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

import duckdb
import pandas as pd

from dashboard.kpi.persist import load as persist_load
from dashboard.kpi.persist import store as persist_store
from dashboard.store import db, sql

MAX_ENTRIES = 256
_entries: OrderedDict[Hashable, pd.DataFrame] = OrderedDict()
_lock = threading.Lock()


def _identity(con: duckdb.DuckDBPyConnection) -> tuple[str, str, int] | None:
    path = sql.scalar(con, "ops/database_file")
    if not path:
        return None
    return str(path), db.instance(con), db.data_version(con)


def freeze(value: object) -> Hashable:
    """A hashable stand-in for parameters (lists and dicts become JSON text)."""
    if isinstance(value, Hashable):  # a tuple holding a list says so and still cannot be hashed
        try:
            hash(value)
            return value
        except TypeError:
            pass
    return json.dumps(value, sort_keys=True, default=str)


def cached(con: duckdb.DuckDBPyConnection, key: tuple[Hashable, ...],
           compute: Callable[[], pd.DataFrame], *, persist: bool = False) -> pd.DataFrame:
    """``compute()`` once per database version; callers get their own copy. With ``persist``
    the result is looked up in, and kept in, the database too (only for gated outputs)."""
    identity = _identity(con)
    if identity is None:
        return compute()
    full = (identity, *key)
    with _lock:
        hit = _entries.get(full)
        if hit is not None:
            _entries.move_to_end(full)
            return hit.copy()
    frame = persist_load(con, key) if persist else None
    if frame is None:
        frame = compute()
        if persist:
            persist_store(con, key, frame)
    with _lock:
        _entries[full] = frame.copy()
        while len(_entries) > MAX_ENTRIES:
            _entries.popitem(last=False)
    return frame


def clear() -> None:
    with _lock:
        _entries.clear()
