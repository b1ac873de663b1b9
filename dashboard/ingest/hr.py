"""An HR system's employee list (Workday, BambooHR): roster rows, and the monthly headcount
and voluntary exits of each leader's team.

The list carries who reports to whom ("Manager" as a name or an id, matched through the
roster — :mod:`people`), hire and termination dates and the termination category
("Terminate Employee > Voluntary"). Imported as a roster (roles from the reporting lines,
cohort and arm kept from the stored roster: :mod:`mapping`), it also gives the retention
KPI its numbers: for each leader in the file and each month from the schedule's start (or the
last twelve months) to its latest date, the members employed on any day of the month
(``headcount``) and those who left voluntarily in it (``voluntary_exits``), stored as outcomes
under the roster's import (undoing it removes them).

Where an outcomes file gives the same metric, leader and month, the outcomes file wins — in
either order — and the import says so; a later employee list replaces the numbers an earlier
one derived.
"""

from __future__ import annotations

import duckdb

from dashboard.config import today
from dashboard.ingest.mapping import Plan
from dashboard.store import sql
from dashboard.store.writes import affected

PLACEHOLDER = -2  # superseded_by of derived rows an outcomes file replaces, before it has an id


def derive_outcomes(con: duckdb.DuckDBPyConnection, plan: Plan, import_id: int) -> list[str]:
    """Store the teams' monthly headcount and voluntary exits of an HR employee list under
    its import; the notes say what was stored and what an outcomes file already gave."""
    if plan.kind != "roster" or not plan.hr_list:
        return []
    first, last = sql.rows(con, "ingest/hr_month_range", {"today": today().isoformat()})[0]
    if first is None or last is None:
        return ["no hire or termination dates: no headcount derived"]
    sql.execute(con, "ingest/hr_team_months", {"first_month": first, "last_month": last})
    taken = sql.rows(con, "ingest/hr_outcomes_taken")
    ids = {"import_id": import_id}
    sql.execute(con, "ingest/hr_supersede_earlier", ids)
    stored = affected(sql.execute(con, "ingest/hr_insert_outcomes", ids))
    months = f"{first:%Y-%m} to {last:%Y-%m}"
    notes = [f"headcount and voluntary exits per leader's team derived for {months}: {stored} value(s) "
             "stored as outcomes with this import"]
    if taken:
        metrics = sorted({metric for _p, _l, metric in taken})
        notes.append(f"{len(taken)} value(s) ({', '.join(metrics)}) not derived: an outcomes file already gives "
                     "them for the same leader and month, and the outcomes file wins")
    return notes


def yield_to_outcomes(con: duckdb.DuckDBPyConnection, plan: Plan) -> list[str]:
    """Before an outcomes file is checked for rows already stored: the values an employee list
    derived for the same leader, month and metric give way to it (marked, claimed by
    :func:`claim` once the import has its id)."""
    if plan.kind != "outcomes":
        return []
    count = int(sql.scalar(con, "ingest/hr_yield_count") or 0)
    if not count:
        return []
    sql.execute(con, "ingest/hr_yield_to_outcomes", {"import_id": PLACEHOLDER})
    return [f"{count} value(s) replace the headcount or exits an HR employee list derived for the same leader "
            "and month: the outcomes file wins"]


def claim(con: duckdb.DuckDBPyConnection, import_id: int) -> None:
    sql.execute(con, "ingest/hr_claim_yielded", {"import_id": import_id})
