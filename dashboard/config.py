"""Where things live and the defaults every entry point shares."""

from __future__ import annotations

import getpass
import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
QUERIES_DIR = PROJECT_ROOT / "queries"
DATA_DIR = PROJECT_ROOT / "data"
SAMPLE_DIR = DATA_DIR / "sample"
DEFAULT_DB = DATA_DIR / "empathy.duckdb"
DB_ENV_VAR = "EMPATHY_DB"


def resolve_db_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The database file to use: ``--db``, else ``$EMPATHY_DB``, else ``data/empathy.duckdb``.

    The default is anchored at the project root so the app and the CLI agree on it whatever
    the working directory; paths the user gives are taken relative to the working directory.
    """
    if explicit:
        return Path(explicit).expanduser().resolve()
    from_env = os.environ.get(DB_ENV_VAR)
    if from_env:
        return Path(from_env).expanduser().resolve()
    return DEFAULT_DB


def current_user() -> str:
    """The OS user, recorded in the import log when no signed-in user is known."""
    try:
        return getpass.getuser()
    except Exception:  # no passwd entry (containers): fall back to the environment
        return os.environ.get("USER", "unknown")
