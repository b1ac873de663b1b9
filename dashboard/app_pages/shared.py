"""What every page shares: the database connection policy, cached reads and the demo banner.

Connections are opened per read and closed at once, so the CLI can write while the app is
open. Cached results are keyed on the database path and its data version, so a new import
shows immediately.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from dashboard import db, imports
from dashboard.config import resolve_db_path


def db_path() -> str:
    """The database this app instance serves (``EMPATHY_DB`` or the default)."""
    return str(resolve_db_path(None))


def data_version() -> int:
    """The database's change counter; part of every cache key."""
    with db.session(db_path()) as con:
        return db.data_version(con)


@st.cache_data(max_entries=64, show_spinner=False)
def _cached(path: str, version: int, name: str, _fn: Callable[..., Any], *args: Any) -> Any:
    with db.session(path) as con:
        return _fn(con, *args)


def read(name: str, fn: Callable[..., Any], *args: Any) -> Any:
    """Run ``fn(con, *args)`` once per data version; ``name`` identifies ``fn`` in the key."""
    return _cached(db_path(), data_version(), name, fn, *args)


def loaded_summary() -> pd.DataFrame:
    return read("loaded_summary", imports.loaded_summary)


def demo_loaded() -> bool:
    return bool(read("demo_loaded", imports.demo_loaded))


def render_banner() -> None:
    """Label demo data wherever it is shown."""
    if demo_loaded():
        st.info("**Demo data** — everything shown comes from the generated demo program, not from "
                "real people. Undo the demo imports on the Data page before loading real exports.",
                icon="🧪")
