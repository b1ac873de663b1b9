"""Changes to the pilot plan, each validated and stored like an import (one transaction,
one import-log entry with source ``plan``, undoable with ``undo``)."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import duckdb
import pandas as pd

from dashboard.config import current_user
from dashboard.kpi.registry import IMPACT_METRICS
from dashboard.kpi.targets import UNITS, Target
from dashboard.store import aggregates, sql
from dashboard.store.writes import affected, transaction

_MODULE_ID = re.compile(r"^[a-z][a-z0-9_]{1,40}$")


class PlanError(ValueError):
    """A plan change that cannot be saved, with the reasons."""

    def __init__(self, *reasons: str) -> None:
        super().__init__("; ".join(reasons))
        self.reasons = list(reasons)


@dataclass(frozen=True)
class ModuleDates:
    module_id: str
    module_name: str
    start_date: dt.date
    end_date: dt.date


@dataclass(frozen=True)
class PlanChange:
    """What a saved change did: its import id (for undo) and a one-line summary."""

    import_id: int
    summary: str


def apply_change(con: duckdb.DuckDBPyConnection, kind: str, label: str, user: str | None,
           work: Callable[[int], tuple[int, int]], details: dict[str, object]) -> PlanChange:
    """Run ``work(import_id) -> (rows, replaced)`` in one transaction and log it."""
    actor = user or current_user()
    with transaction(con, actor, "plan", detail=details) as change:
        import_id = int(sql.scalar(con, "ops/next_import_id"))
        rows, replaced = work(import_id)
        aggregates.after_change(con, kind)
        sql.execute(con, "plan/insert_plan_log", {
            "import_id": import_id, "file_name": label, "kind": kind, "rows": rows,
            "replaced_rows": replaced, "imported_by": actor, "details": json.dumps(details, default=str)})
        change.target = f"import {import_id}: {label}"
    return PlanChange(import_id, f"{label} (change {import_id}; undo with: python -m dashboard undo {import_id})")


def _move_leaders(con: duckdb.DuckDBPyConnection, leader_ids: Sequence[str], cohort: str | None,
                  arm: str, import_id: int) -> tuple[int, int]:
    """Put leaders and their team members in ``cohort`` (None: in no cohort) with ``arm``:
    new roster rows under ``import_id``, the old ones superseded. Returns (rows, replaced)."""
    p = {"cohort": cohort, "arm": arm, "leaders": list(leader_ids), "import_id": import_id}
    rows = affected(sql.execute(con, "plan/move_leaders", p)) + affected(sql.execute(con, "plan/move_members", p))
    replaced = affected(sql.execute(con, "plan/supersede_leaders", p)) + affected(
        sql.execute(con, "plan/supersede_members", p))
    return rows, replaced


def cohorts(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every cohort known to the plan or the roster: arm, start, leaders, members."""
    return sql.frame(con, "plan/current_cohort_plans")


def leaders(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Leaders on the roster with their cohort and team size (for assigning)."""
    return sql.frame(con, "plan/leaders")


def save_cohort(con: duckdb.DuckDBPyConnection, name: str, arm: str, start: dt.date | None,
                note: str = "", user: str | None = None) -> PlanChange:
    """Create or edit a cohort (name, arm, planned start)."""
    name = (name or "").strip()
    problems = []
    if not name:
        problems.append("the cohort needs a name")
    if arm not in ("program", "comparison"):
        problems.append(f"arm must be program or comparison, not {arm!r}")
    if arm == "comparison" and name and not sql.frame(con, "plan/cohort_schedule", {"cohort": name}).empty:
        problems.append(f"{name} has modules scheduled; a comparison cohort has no modules — remove them first")
    if problems:
        raise PlanError(*problems)

    def work(import_id: int) -> tuple[int, int]:
        replaced = affected(sql.execute(con, "plan/supersede_cohort_plan", {"import_id": import_id, "cohort": name}))
        sql.execute(con, "plan/insert_cohort_plan", {"cohort": name, "arm": arm, "start_date": start,
                                                     "note": note or None, "import_id": import_id})
        return 1, replaced

    return apply_change(con, "plan", f"pilot plan: cohort {name} ({arm})", user, work,
                  {"cohort": name, "arm": arm, "start_date": start})


def edit_cohort(con: duckdb.DuckDBPyConnection, current: str | None, name: str, arm: str,
                start: dt.date | None, note: str = "", user: str | None = None) -> PlanChange:
    """Create a cohort (``current`` is None) or change one: its name, arm or planned start.

    A new name or arm carries the cohort's leaders (with their teams) and, for a new name,
    its module dates along in the same change — the KPI layer reads a leader's cohort and arm
    from the roster, so the roster, the schedule and the plan must never disagree about a
    cohort. Undo takes all of it back at once.
    """
    name = (name or "").strip()
    plans = cohorts(con).set_index("cohort")
    if current is None:
        if name in plans.index:
            raise PlanError(f"there is already a cohort {name}; choose it in the list to edit it")
        return save_cohort(con, name, arm, start, note, user)
    if current not in plans.index:
        raise PlanError(f"there is no cohort {current!r}; create it first")
    renamed = name != current
    modules = schedule_of(con, current)
    problems = []
    if not name:
        problems.append("the cohort needs a name")
    elif renamed and name in plans.index:
        problems.append(f"there is already a cohort {name}; choose another name")
    if arm not in ("program", "comparison"):
        problems.append(f"arm must be program or comparison, not {arm!r}")
    elif arm == "comparison" and modules:
        problems.append(f"{current} has modules scheduled; a comparison cohort has no modules — "
                        "remove them first")
    if problems:
        raise PlanError(*problems)
    roster = leaders(con)
    members = roster.loc[roster["cohort"] == current, "leader_id"].tolist()
    moves = bool(members) and (renamed or arm != str(plans.loc[current, "arm"]))

    def work(import_id: int) -> tuple[int, int]:
        replaced = affected(sql.execute(con, "plan/supersede_cohort_plan",
                                          {"import_id": import_id, "cohort": current}))
        sql.execute(con, "plan/insert_cohort_plan", {"cohort": name, "arm": arm, "start_date": start,
                                                     "note": note or None, "import_id": import_id})
        rows = 1
        if moves:
            moved, superseded = _move_leaders(con, members, name, arm, import_id)
            rows += moved
            replaced += superseded
        if renamed and modules:
            replaced += affected(sql.execute(con, "plan/supersede_cohort_schedule",
                                               {"import_id": import_id, "cohort": current}))
            for position, module in enumerate(modules, start=1):
                sql.execute(con, "plan/insert_schedule_row", {
                    "cohort": name, "module_id": module.module_id, "module_name": module.module_name,
                    "start_date": module.start_date, "end_date": module.end_date,
                    "import_id": import_id, "source_row": position})
                rows += 1
        return rows, replaced

    kind = "roster" if moves else "schedule" if renamed and modules else "plan"
    label = (f"pilot plan: cohort {current} renamed {name} ({arm})" if renamed
             else f"pilot plan: cohort {name} ({arm})")
    return apply_change(con, kind, label, user, work,
                        {"cohort": name, "was": current, "arm": arm, "start_date": start})


def delete_cohort(con: duckdb.DuckDBPyConnection, name: str, user: str | None = None) -> PlanChange:
    """Remove a cohort from the plan: its planned start, its module dates, and its leaders
    (with their teams) out of it — one change, so undo brings all of it back. The leaders
    stay on the roster without a cohort; their answers and outcomes stay stored."""
    plans = cohorts(con).set_index("cohort")
    if name not in plans.index:
        raise PlanError(f"there is no cohort {name!r}")
    roster = leaders(con)
    members = roster.loc[roster["cohort"] == name, "leader_id"].tolist()
    modules = schedule_of(con, name)

    def work(import_id: int) -> tuple[int, int]:
        replaced = affected(sql.execute(con, "plan/supersede_cohort_plan",
                                          {"import_id": import_id, "cohort": name}))
        rows = 0
        if members:
            rows, superseded = _move_leaders(con, members, None, "program", import_id)
            replaced += superseded
        if modules:
            replaced += affected(sql.execute(con, "plan/supersede_cohort_schedule",
                                               {"import_id": import_id, "cohort": name}))
        return rows, replaced

    kind = "roster" if members else "schedule" if modules else "plan"
    return apply_change(con, kind, f"pilot plan: cohort {name} deleted", user, work,
                        {"cohort": name, "deleted": True, "leaders": members,
                         "modules": [m.module_id for m in modules]})


def assign_leaders(con: duckdb.DuckDBPyConnection, cohort: str, leader_ids: Sequence[str],
                   user: str | None = None) -> PlanChange:
    """Put roster leaders (and their teams) in a cohort; a leader is in one cohort at a time."""
    known = leaders(con).set_index("leader_id")
    plans = cohorts(con).set_index("cohort")
    problems = []
    if cohort not in plans.index:
        problems.append(f"there is no cohort {cohort!r}; create it first")
    if not leader_ids:
        problems.append("choose at least one leader")
    current = known["cohort"]  # each roster leader's cohort (missing when in none)
    for leader in leader_ids:
        if leader not in known.index:
            problems.append(f"{leader} is not a leader on the roster")
        elif pd.notna(current[leader]) and current[leader] not in ("", cohort):
            problems.append(f"{leader} is already in cohort {current[leader]}; "
                            "remove them there first (a leader is in one cohort at a time)")
    if problems:
        raise PlanError(*problems)
    arm = str(plans.loc[cohort, "arm"])

    def work(import_id: int) -> tuple[int, int]:
        return _move_leaders(con, leader_ids, cohort, arm, import_id)

    return apply_change(con, "roster", f"pilot plan: {len(leader_ids)} leader(s) into {cohort}", user, work,
                  {"cohort": cohort, "leaders": list(leader_ids)})


def remove_leaders(con: duckdb.DuckDBPyConnection, leader_ids: Sequence[str],
                   user: str | None = None) -> PlanChange:
    """Take leaders (and their teams) out of their cohort."""
    known = leaders(con).set_index("leader_id")
    missing = [leader for leader in leader_ids if leader not in known.index]
    if missing or not leader_ids:
        raise PlanError(*(f"{leader} is not a leader on the roster" for leader in missing),
                        *(["choose at least one leader"] if not leader_ids else []))

    def work(import_id: int) -> tuple[int, int]:
        return _move_leaders(con, leader_ids, None, "program", import_id)

    return apply_change(con, "roster", f"pilot plan: {len(leader_ids)} leader(s) out of their cohort", user,
                  work, {"leaders": list(leader_ids)})


def schedule_of(con: duckdb.DuckDBPyConnection, cohort: str) -> list[ModuleDates]:
    frame = sql.frame(con, "plan/cohort_schedule", {"cohort": cohort})
    rows = frame[["module_id", "module_name", "start_date", "end_date"]].itertuples(index=False, name=None)
    return [ModuleDates(module_id, module_name, pd.Timestamp(start).date(), pd.Timestamp(end).date())
            for module_id, module_name, start, end in rows]


def validate_schedule(cohort: str, arm: str, modules: Sequence[ModuleDates]) -> list[str]:
    """Dates in order, a comparison cohort without modules, no module twice."""
    problems = []
    if arm == "comparison" and modules:
        problems.append(f"{cohort} is a comparison cohort: it gets no modules")
    seen = set()
    for module in modules:
        if not _MODULE_ID.match(module.module_id):
            problems.append(f"module id {module.module_id!r}: use lower-case letters, digits and _")
        if module.module_id in seen:
            problems.append(f"{module.module_id} appears twice")
        seen.add(module.module_id)
        if module.end_date < module.start_date:
            problems.append(f"{module.module_id}: ends ({module.end_date}) before it starts ({module.start_date})")
        if (module.end_date - module.start_date).days > 365:
            problems.append(f"{module.module_id}: runs for more than a year")
    return problems


def save_schedule(con: duckdb.DuckDBPyConnection, cohort: str, modules: Sequence[ModuleDates],
                  user: str | None = None) -> PlanChange:
    """Replace a cohort's module dates with ``modules`` (the same rows a schedule CSV holds)."""
    plans = cohorts(con).set_index("cohort")
    if cohort not in plans.index:
        raise PlanError(f"there is no cohort {cohort!r}; create it first")
    problems = validate_schedule(cohort, str(plans.loc[cohort, "arm"]), modules)
    if problems:
        raise PlanError(*problems)

    def work(import_id: int) -> tuple[int, int]:
        replaced = affected(sql.execute(con, "plan/supersede_cohort_schedule",
                                        {"import_id": import_id, "cohort": cohort}))
        for position, module in enumerate(modules, start=1):
            sql.execute(con, "plan/insert_schedule_row", {
                "cohort": cohort, "module_id": module.module_id, "module_name": module.module_name,
                "start_date": module.start_date, "end_date": module.end_date, "import_id": import_id,
                "source_row": position})
        return len(modules), replaced

    return apply_change(con, "schedule", f"pilot plan: module dates for {cohort}", user, work,
                  {"cohort": cohort, "modules": [m.module_id for m in modules]})


def default_sequence(module_ids: Sequence[str], start: dt.date, weeks: int = 12,
                     names: dict[str, str] | None = None) -> list[ModuleDates]:
    """A sensible sequence: the modules one after another over ``weeks`` (8–12), each taking
    an equal share, with a week between modules for coaching and catch-up; starts on a Monday."""
    if not module_ids:
        return []
    weeks = max(8, min(12, weeks))
    monday = start - dt.timedelta(days=start.weekday())
    gap = 1 if len(module_ids) > 1 else 0
    share = max(1, (weeks - gap * (len(module_ids) - 1)) // len(module_ids))
    sequence, cursor = [], monday
    for module_id in module_ids:
        end = cursor + dt.timedelta(weeks=share) - dt.timedelta(days=3)  # the Friday
        sequence.append(ModuleDates(module_id, (names or {}).get(module_id, module_id), cursor, end))
        cursor = cursor + dt.timedelta(weeks=share + gap)
    return sequence


def add_module(con: duckdb.DuckDBPyConnection, module_id: str, name: str, description: str = "",
               microlearning_minutes: int = 20, practice_minutes: int = 45,
               user: str | None = None) -> PlanChange:
    """Add a custom module to the catalogue."""
    problems = []
    if not _MODULE_ID.match(module_id or ""):
        problems.append("module id: use lower-case letters, digits and _ (e.g. inclusive_meetings)")
    if not (name or "").strip():
        problems.append("the module needs a name")
    if not 5 <= microlearning_minutes <= 60:
        problems.append("microlearning minutes: between 5 and 60")
    if problems:
        raise PlanError(*problems)
    params = {"module_id": module_id, "name": name.strip(), "description": description or None,
              "microlearning_minutes": microlearning_minutes, "practice_minutes": practice_minutes}

    def work(import_id: int) -> tuple[int, int]:
        replaced = affected(sql.execute(con, "plan/supersede_module", {"import_id": import_id, "module_id": module_id}))
        sql.execute(con, "plan/insert_module", params | {"import_id": import_id})
        return 1, replaced

    return apply_change(con, "plan", f"pilot plan: module {module_id}", user, work, {"module": module_id})


def save_targets(con: duckdb.DuckDBPyConnection, targets: Sequence[Target],
                 user: str | None = None) -> PlanChange:
    """Replace the pilot's targets (the same data ``kpi targets`` reads)."""
    problems = []
    for target in targets:
        if target.kpi not in IMPACT_METRICS:
            problems.append(f"unknown KPI {target.kpi!r}")
        if target.unit not in UNITS:
            problems.append(f"{target.kpi}: unit must be relative_pct or points")
        if target.change == 0:
            problems.append(f"{target.kpi}: a target of no change is not a target")
    if len({t.kpi for t in targets}) != len(targets):
        problems.append("each KPI can have one target")
    if problems:
        raise PlanError(*problems)

    def work(import_id: int) -> tuple[int, int]:
        replaced = affected(sql.template(con, "supersede_all", "targets", {"import_id": import_id}))
        for position, target in enumerate(targets, start=1):
            sql.execute(con, "plan/insert_target", {"kpi": target.kpi, "change": target.change,
                                                    "unit": target.unit, "note": target.note or None,
                                                    "import_id": import_id, "source_row": position})
        return len(targets), replaced

    return apply_change(con, "targets", "pilot plan: targets", user, work,
                  {"targets": {t.kpi: f"{t.change:+g} {t.unit}" for t in targets}})


def full_schedule(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every cohort's current module dates — imported or set on the plan page alike."""
    return sql.frame(con, "plan/full_schedule")


def export_schedule_csv(con: duckdb.DuckDBPyConnection) -> bytes:
    """The whole current schedule as a canonical schedule CSV (importable as is)."""
    frame = full_schedule(con)
    for column in ("start_date", "end_date"):
        frame[column] = pd.to_datetime(frame[column]).dt.strftime("%Y-%m-%d")
    return frame.to_csv(index=False).encode("utf-8")
