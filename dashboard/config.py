"""Where things live and the defaults every entry point shares."""

from __future__ import annotations

import datetime as dt
import getpass
import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
QUERIES_DIR = PROJECT_ROOT / "queries"
DATA_DIR = PROJECT_ROOT / "data"
SAMPLE_DIR = DATA_DIR / "sample"
DEFAULT_DB = DATA_DIR / "empathy.duckdb"
DB_ENV_VAR = "EMPATHY_DB"
TODAY_ENV_VAR = "EMPATHY_TODAY"
BUILD_AHEAD_ENV_VAR = "EMPATHY_BUILD_AHEAD"


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


def today() -> dt.date:
    """The day due dates are judged on: ``$EMPATHY_TODAY`` (YYYY-MM-DD) when set, else today.

    The measurement calendar says what is overdue *as of* a day; a demo, a test or a
    rehearsal of next month's review can fix that day so what is shown does not drift with
    the clock. An unreadable value is an error rather than a silent fallback to the clock.
    """
    fixed = os.environ.get(TODAY_ENV_VAR, "").strip()
    if not fixed:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(fixed)
    except ValueError:
        raise ValueError(f"{TODAY_ENV_VAR}={fixed!r}: expected a date as YYYY-MM-DD") from None


def build_ahead() -> bool:
    """Whether the app builds the next pages' numbers ahead after a new data version
    (``$EMPATHY_BUILD_AHEAD``, on unless 0/false/no/off): off suits a machine too small to
    spare the work, and the unit tests, whose many short-lived databases would each start it."""
    return os.environ.get(BUILD_AHEAD_ENV_VAR, "1").strip().lower() not in ("0", "false", "no", "off")
