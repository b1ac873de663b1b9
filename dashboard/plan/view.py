"""What the Pilot plan page and the Overview show of the plan: tables for reading, labels for
choosing, default dates, and the measurement calendar as a grid per cohort.

Plain pandas (no Streamlit), so it is tested on real databases like the rest of the plan.
Nothing is computed here that the plan layer does not already say: the calendar's statuses
and counts are ``dashboard.plan.calendar``'s, only laid out and worded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import pandas as pd
from pandas.io.formats.style import Styler

from dashboard.kpi.registry import IMPACT_METRICS, METRICS
from dashboard.kpi.targets import Target
from dashboard.plan.calendar import KINDS
from dashboard.plan.catalogue import Module
from dashboard.plan.edits import ModuleDates, default_sequence
from dashboard.present.formatting import month_label

ARM_LABELS = {"program": "Program", "comparison": "Comparison"}
KIND_LABELS = {"pulse": "Pulse", "rubric": "Rubric", "activity": "LMS activity",
               "outcomes": "Outcomes"}
UNIT_LABELS = {"relative_pct": "% relative", "points": "points"}
# A mark per status, so the grid reads without colour too (no "+" or "-": table cells are
# Markdown, where a leading one starts a list).
STATUS_MARKS = {"arrived": "✓", "extra": "✓", "overdue": "⚠", "due": "…", "upcoming": "○"}
STATUS_COLOURS = {"arrived": "#E3F1E8", "extra": "#E6F0F8", "overdue": "#F9DCCB",
                  "due": "#FDF1D2", "upcoming": "#F2F3F5"}
STATUS_WORDS = {
    "arrived": "arrived (how much of what was expected)",
    "extra": "… (not planned): arrived, though not planned for that month",
    "overdue": "overdue: expected, and nothing arrived by the end of the grace period",
    "due": "due this month or within its grace period",
    "upcoming": "expected in a later month",
}


def _date(value: dt.date | str | None) -> dt.date | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date()


def cohort_table(plans: pd.DataFrame, roster_leaders: pd.DataFrame, schedule: pd.DataFrame,
                 names: dict[str, str]) -> pd.DataFrame:
    """One row per cohort: arm, planned start, its leaders with their team sizes, the team
    members in all, and its modules with their dates."""
    rows = []
    leaders_of = {cohort: part for cohort, part in roster_leaders.groupby("cohort", sort=False)}
    modules_of = {cohort: part for cohort, part in schedule.groupby("cohort", sort=False)}
    columns = ["cohort", "arm", "start_date", "leaders", "members"]
    for cohort, arm, start_date, leaders, members in plans[columns].itertuples(index=False, name=None):
        mine = leaders_of.get(cohort, roster_leaders.iloc[0:0])[["leader_id", "team_size"]]
        modules = modules_of.get(cohort, schedule.iloc[0:0])[
            ["module_id", "module_name", "start_date", "end_date"]]
        rows.append({
            "Cohort": cohort,
            "Arm": ARM_LABELS.get(arm, arm),
            "Planned start": _short(start_date),
            "Leaders": int(leaders),
            "Team members": int(members),
            "Leaders (team size)": ", ".join(f"{leader_id} ({int(team_size)})" for leader_id, team_size
                                             in mine.itertuples(index=False, name=None)) or "—",
            "Modules": "; ".join(
                f"{names.get(module_id, module_name or module_id)} {_short(start)}–{_short(end)}"
                for module_id, module_name, start, end in modules.itertuples(index=False, name=None))
            or ("none (comparison)" if arm == "comparison" else "none yet"),
        })
    return pd.DataFrame(rows, columns=["Cohort", "Arm", "Planned start", "Leaders", "Team members",
                                       "Leaders (team size)", "Modules"])


def _short(value: dt.date | str | None) -> str:
    day = _date(value)
    return day.strftime("%-d %b %Y") if day else "—"


def leader_label(row: Any) -> str:
    """'L001 · Sales AMER · team of 8 · in Pilot': enough to choose without a roster open.
    ``row`` is a roster row read by attribute (from ``itertuples`` or a Series)."""
    team = getattr(row, "team", None)
    cohort = getattr(row, "cohort", None)
    parts = [str(row.leader_id)]
    if isinstance(team, str) and team:
        parts.append(team)
    parts.append(f"team of {int(row.team_size)}")
    parts.append(f"in {cohort}" if isinstance(cohort, str) and cohort else "not in a cohort")
    return " · ".join(parts)


def search_leaders(roster_leaders: pd.DataFrame, text: str) -> pd.DataFrame:
    """Leaders whose id, team or cohort contains ``text`` (any case); all when blank."""
    wanted = (text or "").strip().lower()
    if not wanted:
        return roster_leaders
    haystack = (roster_leaders["leader_id"].astype(str) + " " + roster_leaders["team"].fillna("")
                + " " + roster_leaders["cohort"].fillna(""))
    return roster_leaders[haystack.str.lower().str.contains(wanted, regex=False)]


def leader_table(roster_leaders: pd.DataFrame) -> pd.DataFrame:
    """The roster's leaders for reading: team, team size and cohort."""
    return pd.DataFrame({
        "Leader": roster_leaders["leader_id"],
        "Team": roster_leaders["team"].fillna("—"),
        "Team size": roster_leaders["team_size"].astype("int64"),
        "Cohort": roster_leaders["cohort"].fillna("not in a cohort yet"),
    })


def catalogue_table(modules: Sequence[Module], core_ids: set[str]) -> pd.DataFrame:
    """The module catalogue: what each module covers and what it takes."""
    return pd.DataFrame({
        "Module": [m.name for m in modules],
        "Id": [m.module_id for m in modules],
        "What it covers": [m.description for m in modules],
        "Microlearning": [f"{m.microlearning_minutes} min" for m in modules],
        "Live practice": [f"{m.practice_minutes} min" for m in modules],
        "Source": ["core" if m.module_id in core_ids else "custom" for m in modules],
    })


def next_monday(day: dt.date) -> dt.date:
    """The first Monday on or after ``day`` (modules start on a Monday)."""
    return day + dt.timedelta(days=(7 - day.weekday()) % 7)


def default_start(planned: dt.date | None, existing: Sequence[ModuleDates], today: dt.date) -> dt.date:
    """Where a cohort's sequence starts: its first scheduled module, else its planned start,
    else the Monday four weeks from today (time to announce it and run a baseline pulse)."""
    if existing:
        return min(m.start_date for m in existing)
    if planned:
        return planned
    return next_monday(today + dt.timedelta(weeks=4))


def proposed_dates(chosen: Sequence[str], stored: Sequence[ModuleDates], start: dt.date,
                   weeks: int, names: dict[str, str]) -> list[ModuleDates]:
    """Dates to propose for the chosen modules, in the order chosen.

    Modules already scheduled keep their stored dates (someone chose them); the others
    follow the default sequence — from ``start`` when nothing is scheduled yet, else from
    the second Monday after the last scheduled module ends (a week for coaching between).
    """
    kept = {m.module_id: m for m in stored if m.module_id in chosen}
    new = [module_id for module_id in chosen if module_id not in kept]
    begin = next_monday(max(m.end_date for m in kept.values()) + dt.timedelta(days=7)) if kept else start
    laid_out = {m.module_id: m for m in default_sequence(new, begin, weeks, names)}
    return [kept.get(module_id) or laid_out[module_id] for module_id in chosen]


def targets_by_kpi(targets: Sequence[Target]) -> dict[str, Target]:
    """The targets in force, by KPI, for the form's defaults (a KPI without one is absent)."""
    return {t.kpi: t for t in targets}


def target_rows() -> list[tuple[str, str]]:
    """(kpi, label with its unit) for every KPI a target can be set on, in display order."""
    return [(kpi, f"{METRICS[kpi].label} · {METRICS[kpi].unit_label}") for kpi in IMPACT_METRICS]


# --- the measurement calendar ----------------------------------------------------------


def _add_months(period: str, months: int) -> str:
    total = int(period[:4]) * 12 + int(period[5:7]) - 1 + months
    return f"{total // 12:04d}-{total % 12 + 1:02d}"


def horizon(today: dt.date, ahead: int) -> str:
    """The last month shown: ``ahead`` months after the current one."""
    return _add_months(today.strftime("%Y-%m"), ahead)


def _cell(status: str, text: str) -> str:
    if not status:
        return ""
    if status == "extra":
        return f"✓ {text} (not planned)"
    if status == "arrived":
        return f"✓ {text}"
    return f"{STATUS_MARKS[status]} {status}"


def calendar_grid(table: pd.DataFrame, cohort: str, through: str | None = None) -> pd.DataFrame:
    """One cohort's calendar: a row per month, a column per kind of data, each cell its
    status in words with its counts ("✓ 65 of 77 members answered", "⚠ overdue")."""
    mine = table[table["cohort"] == cohort]
    if through:
        mine = mine[mine["period"] <= through]
    cells = mine.assign(cell=[_cell(s, t) for s, t in zip(mine["status"], mine["text"], strict=True)])
    grid = (cells.pivot_table(index="period", columns="kind", values="cell", aggfunc="last")
            .reindex(columns=list(KINDS)).astype(object).fillna(""))
    grid.index = [month_label(p) for p in grid.index]
    grid.columns = [KIND_LABELS[k] for k in KINDS]
    grid.index.name = "Month"
    return grid


def calendar_statuses(table: pd.DataFrame, cohort: str, through: str | None = None) -> pd.DataFrame:
    """The statuses behind ``calendar_grid``, cell for cell (for colouring)."""
    mine = table[table["cohort"] == cohort]
    if through:
        mine = mine[mine["period"] <= through]
    grid = mine.pivot_table(index="period", columns="kind", values="status", aggfunc="first")
    grid = grid.reindex(columns=list(KINDS), fill_value="").astype(object).fillna("")
    grid.index = [month_label(p) for p in grid.index]
    grid.columns = [KIND_LABELS[k] for k in KINDS]
    return grid


def styled_calendar(table: pd.DataFrame, cohort: str, through: str | None = None) -> Styler:
    """The grid with a soft background per status (the marks carry the same meaning)."""
    return style_grid(calendar_grid(table, cohort, through), calendar_statuses(table, cohort, through))


def style_grid(grid: pd.DataFrame, statuses: pd.DataFrame) -> Styler:
    """``styled_calendar`` from its two grids (which the app keeps per data version)."""
    statuses = statuses.reindex(index=grid.index, columns=grid.columns)
    css = statuses.map(lambda s: f"background-color: {STATUS_COLOURS[s]}" if s in STATUS_COLOURS
                       else "")
    return grid.style.apply(lambda _frame: css, axis=None)


def calendar_counts(table: pd.DataFrame) -> dict[str, int]:
    """How many cells are in each status (for a one-line summary)."""
    counts = table["status"].value_counts()
    return {status: int(counts.get(status, 0)) for status in STATUS_MARKS}


def overdue_lines(table: pd.DataFrame) -> list[str]:
    """What is overdue, one line per cohort and kind of data: 'Pilot: outcomes for Sep 2026
    and Oct 2026'. Cohorts in name order, kinds in the calendar's order."""
    late = table[table["status"] == "overdue"]
    months_of = late.groupby(["cohort", "kind"], sort=False)["period"].apply(sorted).to_dict()
    lines = []
    for cohort in sorted(late["cohort"].unique()):
        for kind in KINDS:
            months = months_of.get((cohort, kind))
            if months:
                labels = [month_label(p) for p in months]
                listed = labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]
                lines.append(f"{cohort}: {KIND_LABELS[kind].lower()} for {listed}")
    return lines
