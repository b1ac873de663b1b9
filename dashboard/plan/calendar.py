"""The measurement calendar: per cohort × month, which data is expected and whether it
has arrived — so analysts know each month what is still missing.

Expected, by default (all editable on the plan page): pulse monthly in the baseline and
program months, then quarterly for a year; rubric at baseline, mid-point and end of each
module; LMS activity in the months a module runs, coaching monthly through the program;
outcomes monthly from the first baseline month. Comparison cohorts expect pulse and
outcomes over the first wave's months. A month's data is overdue once the month has ended
and ``grace_days`` more have passed.

The pulse's counts are the ``response_rate`` KPI table's, through the privacy gate at the
admin's k: "48 of 60 members answered" only where that table shows the cell; otherwise
"fewer than k answered" — no count below k, here or in ``status``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

import duckdb
import pandas as pd

from dashboard.config import today as default_today
from dashboard.kpi import Filters, compute, settings
from dashboard.kpi.analysis_plan import AnalysisPlan, load_analysis_plan
from dashboard.kpi.engine import prepare
from dashboard.kpi.privacy import few_answered_label
from dashboard.plan.edits import PlanChange, PlanError, apply_change, cohorts
from dashboard.store import sql
from dashboard.store.writes import affected

KINDS = ("pulse", "rubric", "activity", "outcomes")


@dataclass(frozen=True)
class Cadence:
    """When each kind of data is due."""

    baseline_months: int = 3
    pulse_program_every: int = 1
    pulse_follow_up_every: int = 3
    follow_up_months: int = 12
    rubric_points: tuple[str, ...] = ("baseline", "mid", "end")
    coaching_every: int = 1
    grace_days: int = 10

    def as_settings(self) -> dict[str, str]:
        return {k: json.dumps(v) for k, v in asdict(self).items()}


def load_cadence(con: duckdb.DuckDBPyConnection) -> Cadence:
    """The saved cadence, or the defaults (the analysis plan's settings, stored beside it, are
    read by ``dashboard.kpi.analysis_plan``)."""
    stored = dict(sql.rows(con, "plan/current_settings"))
    values: dict[str, Any] = {}  # field -> its stored JSON value
    for name, default in asdict(Cadence()).items():
        if name in stored:
            value = json.loads(stored[name])
            values[name] = tuple(value) if isinstance(default, tuple) else value
    return Cadence(**values)


def save_cadence(con: duckdb.DuckDBPyConnection, cadence: Cadence, user: str | None = None) -> PlanChange:
    """Store the cadence (logged and undoable like every plan change)."""
    problems = []
    for name in ("baseline_months", "pulse_program_every", "pulse_follow_up_every", "coaching_every"):
        if not 0 <= getattr(cadence, name) <= 12:
            problems.append(f"{name.replace('_', ' ')}: between 0 and 12 months")
    if not 0 <= cadence.follow_up_months <= 36:
        problems.append("follow-up months: between 0 and 36")
    unknown = set(cadence.rubric_points) - {"baseline", "mid", "end"}
    if unknown:
        problems.append(f"rubric points must be baseline, mid or end, not {', '.join(sorted(unknown))}")
    if problems:
        raise PlanError(*problems)

    settings = cadence.as_settings() | load_analysis_plan(con).as_settings()
    return _save_settings(con, settings, "pilot plan: measurement cadence", user, asdict(cadence))


def save_analysis_plan(con: duckdb.DuckDBPyConnection, plan: AnalysisPlan,
                       user: str | None = None) -> PlanChange:
    """Store the primary metric and the baseline months the parallel-trends check needs
    (validated by ``AnalysisPlan``), logged and undoable like every plan change."""
    settings = load_cadence(con).as_settings() | plan.as_settings()
    return _save_settings(con, settings, "pilot plan: primary metric and baseline months", user,
                          {"primary_metric": plan.primary_metric, "pretrend_months": plan.pretrend_months})


def _save_settings(con: duckdb.DuckDBPyConnection, settings: dict[str, str], label: str, user: str | None,
                   details: dict[str, object]) -> PlanChange:
    """Replace every plan setting with ``settings`` (cadence and analysis plan together: the
    table is saved as a whole list) in one plan change."""

    def work(import_id: int) -> tuple[int, int]:
        replaced = affected(sql.template(con, "supersede_all", "plan_setting", {"import_id": import_id}))
        for position, (name, value) in enumerate(settings.items(), start=1):
            sql.execute(con, "plan/insert_setting", {"name": name, "value": value,
                                                     "import_id": import_id, "source_row": position})
        return len(settings), replaced

    return apply_change(con, "plan", label, user, work, details)


def _month(day: dt.date) -> str:
    return day.strftime("%Y-%m")


def _add_months(period: str, months: int) -> str:
    year, month = int(period[:4]), int(period[5:7])
    total = year * 12 + month - 1 + months
    return f"{total // 12:04d}-{total % 12 + 1:02d}"


def _span(first: str, last: str) -> list[str]:
    months, current = [], first
    while current <= last:
        months.append(current)
        current = _add_months(current, 1)
    return months


def expected_months(modules: Sequence[tuple[str, dt.date, dt.date]], cadence: Cadence) -> dict[str, set[str]]:
    """Months each kind is expected for a program cohort with these (module, start, end)."""
    if not modules:
        return {kind: set() for kind in KINDS}
    first_start = min(start for _, start, _ in modules)
    last_end = max(end for _, _, end in modules)
    program_first, program_last = _month(first_start), _month(last_end)
    baseline = _span(_add_months(program_first, -cadence.baseline_months), _add_months(program_first, -1)) \
        if cadence.baseline_months else []
    program = _span(program_first, program_last)
    follow_up_end = _add_months(program_last, cadence.follow_up_months)
    pulse = set(baseline)
    pulse |= {m for i, m in enumerate(program) if cadence.pulse_program_every and i % cadence.pulse_program_every == 0}
    if cadence.pulse_follow_up_every:
        pulse |= {_add_months(program_last, step) for step in
                  range(cadence.pulse_follow_up_every, cadence.follow_up_months + 1, cadence.pulse_follow_up_every)}
    rubric: set[str] = set()
    for _, start, end in modules:
        points = {"baseline": start - dt.timedelta(days=5), "mid": start + (end - start) / 2,
                  "end": end + dt.timedelta(days=3)}
        rubric |= {_month(points[p]) for p in cadence.rubric_points}
    activity = {m for _, start, end in modules for m in _span(_month(start), _month(end))}
    if cadence.coaching_every:
        activity |= {m for i, m in enumerate(program) if i % cadence.coaching_every == 0}
    outcomes = set(_span(baseline[0] if baseline else program_first, follow_up_end))
    return {"pulse": pulse, "rubric": rubric, "activity": activity, "outcomes": outcomes}


def calendar(con: duckdb.DuckDBPyConnection, today: dt.date | None = None,
             min_group: int | None = None) -> pd.DataFrame:
    """One row per cohort × month × kind: expected?, arrived count, expected count, status.

    Status: ``arrived`` (some data, with counts), ``overdue`` (expected, month ended more than
    the grace period ago, nothing arrived), ``due`` (expected, still within the month or its
    grace period), ``upcoming`` (a later month), ``extra`` (arrived though not expected).
    ``min_group`` is the k of the pulse's counts (default: the admin's stored k).
    """
    today = today or default_today()
    k = settings.load(con).min_group if min_group is None else min_group
    cadence = load_cadence(con)
    prepare(con)
    # (cohort, month, kind) -> (units arrived, units expected); one row per key
    arrivals: dict[tuple[str, str, str], tuple[int, float | None]] = {
        (cohort, period, kind): (arrived, of) for cohort, period, kind, arrived, of
        in sql.frame(con, "plan/arrivals")[["cohort", "period", "kind", "arrived", "expected"]]
        .itertuples(index=False, name=None)}
    answered = _answered(con, k)
    plans = cohorts(con)
    schedules = sql.frame(con, "plan/full_schedule")
    per_cohort: dict[str, list[tuple[str, dt.date, dt.date]]] = {
        cohort: [(module_id, pd.Timestamp(start).date(), pd.Timestamp(end).date()) for module_id, start, end
                 in part[["module_id", "start_date", "end_date"]].itertuples(index=False, name=None)]
        for cohort, part in schedules.groupby(schedules["cohort"])
    }
    first_wave = _first_wave(per_cohort)
    rows = []
    for cohort, arm in plans[["cohort", "arm"]].itertuples(index=False, name=None):
        modules = per_cohort.get(cohort, [])
        if arm == "comparison":
            expected = expected_months(first_wave, cadence)
            expected["rubric"], expected["activity"] = set(), set()
        else:
            expected = expected_months(modules, cadence)
        arrived_months = {p for (c, p, _k) in arrivals if c == cohort}
        months = sorted(set[str]().union(*expected.values()) | arrived_months)
        for period in months:
            for kind in KINDS:
                arrived, of = arrivals.get((cohort, period, kind), (0, None))
                counts = answered.get((cohort, period)) if kind == "pulse" else (int(arrived), of)
                withheld = kind == "pulse" and (cohort, period) in answered and counts is None
                rows.append(_cell(cohort, arm, period, kind, period in expected[kind],
                                  bool(arrived), counts, withheld, today, cadence.grace_days, k))
    return pd.DataFrame(rows, columns=["cohort", "arm", "period", "kind", "expected", "arrived",
                                       "of", "status", "text"])


def _answered(con: duckdb.DuckDBPyConnection, k: int) -> dict[tuple[str, str], tuple[int, float | None] | None]:
    """Per cohort × month: (direct reports who answered, members on the roster) as the
    ``response_rate`` table shows them at ``k``, or None where it hides them."""
    rates = compute(con, "response_rate", Filters(min_group=k))
    return {(cohort, period): None if hidden else (int(responded), float(invited))
            for cohort, period, responded, invited, hidden
            in rates[["cohort", "period", "responded", "invited", "suppressed"]].itertuples(index=False, name=None)}


def _first_wave(per_cohort: dict[str, list[tuple[str, dt.date, dt.date]]]) -> list[tuple[str, dt.date, dt.date]]:
    """The modules of the earliest-starting cohort and of cohorts overlapping it."""
    if not per_cohort:
        return []
    spans = sorted((min(s for _, s, _ in m), max(e for _, _, e in m), c) for c, m in per_cohort.items() if m)
    first_start, wave_end, _ = spans[0]
    modules = []
    for start, end, cohort in spans:
        if start <= wave_end:
            wave_end = max(wave_end, end)
            modules += per_cohort[cohort]
    return modules


def _cell(cohort: str, arm: str, period: str, kind: str, expected: bool, arrived: bool,
          counts: tuple[int, float | None] | None, withheld: bool, today: dt.date,
          grace_days: int, min_group: int) -> dict[str, object]:
    """One calendar cell; ``counts`` (units arrived, units expected) are None where there are
    none to publish — ``withheld`` when the privacy gate hides them (a pulse count below k)."""
    year, month = int(period[:4]), int(period[5:7])
    month_end = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1))
    count = counts[0] if counts else None
    of = counts[1] if counts else None
    of_count = int(of) if of is not None and not pd.isna(of) else None
    if arrived:
        status = "arrived" if expected else "extra"
    elif not expected:
        status = ""
    elif dt.date(year, month, 1) > today:
        status = "upcoming"
    elif today > month_end + dt.timedelta(days=grace_days):
        status = "overdue"
    else:
        status = "due"
    return {"cohort": cohort, "arm": arm, "period": period, "kind": kind, "expected": expected,
            "arrived": count, "of": of_count, "status": status,
            "text": _text(kind, status, count, of_count, withheld, min_group)}


def _text(kind: str, status: str, arrived: int | None, of: int | None, withheld: bool,
          min_group: int) -> str:
    """'pulse: 48 of 60 members answered'; a pulse count the privacy gate hides says
    'fewer than k answered', one it has none for (no members on the roster) 'responses arrived'."""
    if status not in ("arrived", "extra"):
        return status
    unit = {"pulse": "members answered", "rubric": "leaders assessed",
            "activity": "records", "outcomes": "teams reported"}[kind]
    if kind == "pulse" and arrived is None:
        return few_answered_label(min_group) if withheld else "responses arrived"
    if of is not None and kind != "activity":
        return f"{arrived} of {of} {unit}"
    return f"{arrived} {unit}"


def overdue(table: pd.DataFrame) -> pd.DataFrame:
    return table[table["status"] == "overdue"]
