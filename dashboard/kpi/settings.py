"""Settings an admin changes in the app and every entry point reads from the database.

The settings live in the database (the ``meta`` table, so a backup carries them):

- ``min_group`` — the minimum group size k for the pages, for ``python -m dashboard kpi``,
  ``report`` and ``status``. It is a floor: ``--min-group`` may raise it for one command,
  never lower it (``min_group_for``). Storing it with the data keeps what a page shows
  reproducible from the command line.
- ``roi_assumptions`` — the ROI defaults the Impact & ROI page starts from and ``kpi roi``
  uses when no ``--assumptions`` file is given (until set: ``data/roi_assumptions.toml``).
- ``comment_min_group`` — how many people must have answered in a cohort-month before its
  comments are shown (10 unless stored higher: 10 is the privacy rules' floor, a stored
  value may raise it, never lower it). Read here; no page sets it yet.

Every change is one transaction that also writes the audit log (who, what, old → new) and
bumps the data version, so every app session re-reads settings and cached numbers.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from typing import Any

import duckdb

from dashboard.kpi.assumptions import (
    Assumptions,
    AssumptionsError,
    assumptions_from,
    load_assumptions,
)
from dashboard.kpi.privacy import COMMENT_MIN_GROUP, DEFAULT_MIN_GROUP, LOWEST_MIN_GROUP, PrivacyError
from dashboard.store import sql
from dashboard.store.writes import transaction

MIN_GROUP_KEY = "min_group"
COMMENT_MIN_GROUP_KEY = "comment_min_group"
ROI_KEY = "roi_assumptions"
# Above this nearly every team is hidden; a typo (50 for 5) should be refused, not stored.
HIGHEST_MIN_GROUP = 50
FILE_SOURCE = "data/roi_assumptions.toml"
STORED_SOURCE = "the defaults set on the Admin page"


class SettingError(ValueError):
    """A value an admin may not store (the message says why, in words)."""


class BelowAdminFloor(PrivacyError):
    """A request for a smaller minimum group size than the admin's: it would show groups the
    admin hides."""


@dataclass(frozen=True)
class Settings:
    """The settings in force, as every reader sees them."""

    min_group: int = DEFAULT_MIN_GROUP
    roi: Assumptions = Assumptions()
    roi_stored: bool = False
    comment_min_group: int = COMMENT_MIN_GROUP

    @property
    def roi_source(self) -> str:
        """Where the ROI defaults come from, for captions and the report."""
        return STORED_SOURCE if self.roi_stored else FILE_SOURCE


@dataclass(frozen=True)
class Change:
    """What one save changed: the audit entry's content, and the page's confirmation."""

    setting: str
    changes: dict[str, tuple[Any, Any]]

    def summary(self) -> str:
        """"min_group 5 → 7" (or "no change"), for a toast and the audit log."""
        if not self.changes:
            return f"{self.setting}: no change"
        return "; ".join(f"{name} {old} → {new}" for name, (old, new) in self.changes.items())


def check_min_group(value: Any) -> int:
    """A whole number from 3 to 50: the privacy floor and a ceiling against typos."""
    try:
        whole = not isinstance(value, bool) and isinstance(value, int | float) \
            and value == int(value)
    except (ValueError, OverflowError):  # nan, inf
        whole = False
    if not whole:
        raise SettingError(f"the minimum group size must be a whole number, got {value!r}")
    k = int(value)
    if k < LOWEST_MIN_GROUP:
        raise SettingError(f"the minimum group size cannot be below {LOWEST_MIN_GROUP} "
                           f"(anonymity floor), got {k}")
    if k > HIGHEST_MIN_GROUP:
        raise SettingError(f"the minimum group size cannot be above {HIGHEST_MIN_GROUP} "
                           f"(it would hide nearly every team), got {k}")
    return k


def _get(con: duckdb.DuckDBPyConnection, key: str) -> str | None:
    value = sql.scalar(con, "ops/meta_get", {"key": key})
    return None if value is None else str(value)


def min_group(con: duckdb.DuckDBPyConnection) -> int:
    """The stored default k, else 5. A damaged value falls back to the default: a
    setting must never stop the numbers from showing, and 5 is the safe choice."""
    raw = _get(con, MIN_GROUP_KEY)
    if raw is None:
        return DEFAULT_MIN_GROUP
    try:
        return check_min_group(int(raw))
    except (ValueError, SettingError):
        return DEFAULT_MIN_GROUP


def min_group_for(con: duckdb.DuckDBPyConnection, requested: int | None) -> int:
    """The k a command uses when it asks for ``requested`` (None: not asked): the admin's k,
    or a higher one. A lower one is refused, naming the admin's k — every entry point
    (``kpi``, ``report``, the report built for the app) goes through here."""
    floor = min_group(con)
    if requested is None:
        return floor
    if requested < floor:
        raise BelowAdminFloor(
            f"a minimum group size of {requested} is below the admin's k = {floor} (set on the "
            f"Admin page): it may be raised for one command, never lowered — use {floor} or "
            "more, or leave it out")
    return int(requested)


def comment_min_group(con: duckdb.DuckDBPyConnection) -> int:
    """The comments' threshold: the stored value when it is a whole number from 10 to 50,
    else 10 (a damaged or lower value must never show comments of smaller groups)."""
    raw = _get(con, COMMENT_MIN_GROUP_KEY)
    try:
        k = check_min_group(int(raw)) if raw is not None else COMMENT_MIN_GROUP
    except (ValueError, SettingError):
        return COMMENT_MIN_GROUP
    return max(k, COMMENT_MIN_GROUP)


def _stored_roi(con: duckdb.DuckDBPyConnection) -> Assumptions | None:
    raw = _get(con, ROI_KEY)
    if raw is None:
        return None
    try:
        return assumptions_from(json.loads(raw), "stored ROI defaults")
    except (ValueError, TypeError, AssumptionsError):
        return None


def roi_assumptions(con: duckdb.DuckDBPyConnection) -> Assumptions:
    """The ROI defaults: the admin's stored values, else ``data/roi_assumptions.toml``."""
    return _stored_roi(con) or load_assumptions()


def load(con: duckdb.DuckDBPyConnection) -> Settings:
    """Every setting at once (the app reads this once per data version)."""
    stored = _stored_roi(con)
    return Settings(min_group=min_group(con), roi=stored or load_assumptions(),
                    roi_stored=stored is not None, comment_min_group=comment_min_group(con))


def _save(con: duckdb.DuckDBPyConnection, key: str, value: str | None, actor: str,
          change: Change) -> Change:
    """Store (or remove) one setting with its audit entry, all or nothing."""
    if not change.changes:
        return change
    detail = {name: {"old": old, "new": new} for name, (old, new) in change.changes.items()}
    with transaction(con, actor, "setting", change.setting, detail):
        if value is None:
            sql.execute(con, "ops/meta_delete", {"key": key})
        else:
            sql.execute(con, "ops/meta_set", {"key": key, "value": value})
    return change


def set_min_group(con: duckdb.DuckDBPyConnection, value: Any, actor: str) -> Change:
    """Store a new default k (validated), recorded in the audit log as old → new."""
    new = check_min_group(value)
    old = min_group(con)
    change = Change(MIN_GROUP_KEY, {MIN_GROUP_KEY: (old, new)} if new != old else {})
    return _save(con, MIN_GROUP_KEY, str(new), actor, change)


def _differences(old: Assumptions, new: Assumptions) -> dict[str, tuple[Any, Any]]:
    return {f.name: (getattr(old, f.name), getattr(new, f.name)) for f in fields(Assumptions)
            if getattr(old, f.name) != getattr(new, f.name)}


def set_roi_assumptions(con: duckdb.DuckDBPyConnection, values: Assumptions | dict[str, Any],
                        actor: str) -> Change:
    """Store new ROI defaults (validated like an assumptions file); the audit entry lists
    each assumption that changed, old → new."""
    raw = asdict(values) if isinstance(values, Assumptions) else dict(values)
    try:
        new = assumptions_from(raw, "ROI defaults")
    except AssumptionsError as exc:
        raise SettingError(str(exc)) from None
    change = Change(ROI_KEY, _differences(roi_assumptions(con), new))
    return _save(con, ROI_KEY, json.dumps(asdict(new), sort_keys=True), actor, change)


def reset_roi_assumptions(con: duckdb.DuckDBPyConnection, actor: str) -> Change:
    """Forget the stored ROI defaults: ``data/roi_assumptions.toml`` applies again."""
    if _stored_roi(con) is None and _get(con, ROI_KEY) is None:
        return Change(ROI_KEY, {})
    change = Change(ROI_KEY, _differences(roi_assumptions(con), load_assumptions())
                    or {"source": (STORED_SOURCE, FILE_SOURCE)})
    return _save(con, ROI_KEY, None, actor, change)
