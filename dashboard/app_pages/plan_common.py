"""What the Pilot plan page's sections share: cached reads of the plan, saving a change (role
checked, validated by the plan layer, refused with its reasons) and undoing the last one.

Every change goes through ``save``: the plan layer validates it and stores it like an import,
so the page only reports what happened. Drafts (what is typed but not saved) are widgets
keyed by ``draft(name)``; after every change or undo the revision in those keys moves on, so
every form is drawn anew from the stored plan (deleting a widget's state alone would not
clear what the browser shows).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import duckdb
import pandas as pd
import streamlit as st

from dashboard import config
from dashboard.app_pages import shared
from dashboard.kpi.targets import Target, current_targets
from dashboard.plan.calendar import Cadence, calendar, load_cadence
from dashboard.plan.catalogue import Module, all_modules
from dashboard.plan.edits import (
    ModuleDates,
    PlanChange,
    PlanError,
    cohorts,
    export_schedule_csv,
    full_schedule,
    leaders,
    schedule_of,
)
from dashboard.plan.view import calendar_grid, calendar_statuses, cohort_table
from dashboard.present import markup
from dashboard.store import db, imports

PLAN_PAGE = "app_pages/plan.py"
DRAFT = "plan_draft:"  # prefix of every widget key that holds an unsaved edit
_REVISION = "plan_revision"
_LAST = "plan_last_change"
_UNDONE = "plan_undone"


# --- reads (cached per data version, like every page's) ---------------------------------


def plans() -> pd.DataFrame:
    return shared.read("plan:cohorts", cohorts)


def roster_leaders() -> pd.DataFrame:
    return shared.read("plan:leaders", leaders)


def schedule() -> pd.DataFrame:
    return shared.read("plan:schedule", full_schedule)


def cohort_schedule(cohort: str) -> list[ModuleDates]:
    return shared.read("plan:cohort_schedule", schedule_of, cohort)


def modules() -> list[Module]:
    return shared.read("plan:modules", all_modules)


def module_names() -> dict[str, str]:
    """Catalogue names, plus the names imported schedules gave modules outside it."""
    names = {m.module_id: m.name for m in modules()}
    for row in schedule().itertuples():
        names.setdefault(row.module_id, row.module_name or row.module_id)
    return names


def cadence() -> Cadence:
    return shared.read("plan:cadence", load_cadence)


def targets() -> list[Target]:
    return shared.read("plan:targets", current_targets)


def today() -> dt.date:
    return config.today()


def measurement_calendar() -> pd.DataFrame:
    return shared.read("plan:calendar", calendar, today(), shared.min_group())


def calendar_grids(cohort: str, through: str | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One cohort's calendar grid and its statuses (``plan.view``), once per data version, day
    and k: building a dozen of them on every run of the page cost more than the rest of it."""
    return shared.derived("plan:calendar_grids", _calendar_grids, cohort, through, today(),
                          shared.min_group())


def _calendar_grids(cohort: str, through: str | None, _day: dt.date, _k: int
                    ) -> tuple[pd.DataFrame, pd.DataFrame]:
    table = measurement_calendar()
    return calendar_grid(table, cohort, through), calendar_statuses(table, cohort, through)


def cohort_overview() -> pd.DataFrame:
    """Every cohort with its arm, start, leaders, team sizes and modules (``plan.view``), once
    per data version."""
    return shared.derived("plan:cohort_table", lambda: cohort_table(
        plans(), roster_leaders(), schedule(), module_names()))


def schedule_csv() -> bytes:
    return shared.read("plan:schedule_csv", export_schedule_csv)


# --- changes -----------------------------------------------------------------------------


def draft(name: str) -> str:
    """The widget key of an unsaved edit, in the current revision of the forms."""
    return f"{DRAFT}{st.session_state.get(_REVISION, 0)}:{name}"


def drop_drafts() -> None:
    """Forget every unsaved edit, so the forms show what is stored now."""
    for key in [k for k in st.session_state if isinstance(k, str) and k.startswith(DRAFT)]:
        del st.session_state[key]
    st.session_state[_REVISION] = st.session_state.get(_REVISION, 0) + 1


def keep_valid(key: str, options: list[object]) -> None:
    """Forget a remembered choice the plan no longer offers (a cohort undone elsewhere)
    before its widget is drawn: a widget must never hold a value outside its options."""
    if key in st.session_state and st.session_state[key] not in options:
        del st.session_state[key]


def save(action: Callable[[duckdb.DuckDBPyConnection], PlanChange]) -> None:
    """Carry out one plan change for the signed-in person, or say why it was refused.

    The role is checked on the server first. A refused change is shown where the button
    is, with every reason, and the drafts stay as typed so they can be corrected.
    """
    shared.allow("plan")
    try:
        with db.session(shared.db_path()) as con:
            change = action(con)
    except PlanError as refused:
        st.error(f"**Not saved:**\n{markup.bullets(refused.reasons)}", icon=":material/block:")
        return
    st.session_state[_LAST] = change
    st.session_state.pop(_UNDONE, None)
    drop_drafts()
    shared.data_changed()
    st.rerun()


def _undo(change: PlanChange) -> None:
    shared.allow("plan")
    shared.allow("undo")
    try:
        with db.session(shared.db_path()) as con:
            done = imports.undo_import(con, change.import_id, user=shared.who())
    except imports.UndoError as problem:
        st.error(f"Not undone: {markup.escape(problem)}", icon=":material/block:")
        st.session_state.pop(_LAST, None)
        return
    st.session_state.pop(_LAST, None)
    st.session_state[_UNDONE] = (f"Undone: change {done.import_id} ({done.file_name}) — "
                                 f"{done.rows_removed:,} rows removed, {done.rows_restored:,} "
                                 "brought back.")  # plain text: escaped where it is shown
    drop_drafts()
    shared.data_changed()
    st.rerun()


def last_change() -> None:
    """The change this session made last, with an Undo button (or what the undo did)."""
    change: PlanChange | None = st.session_state.get(_LAST)
    undone = st.session_state.get(_UNDONE)
    if undone:
        st.info(markup.escape(undone), icon=":material/undo:")
    if change is None:
        return
    with st.container(border=True):
        text, button = st.columns([6, 1], vertical_alignment="center")
        text.success(f"**Saved:** {markup.escape(change.summary)}", icon=":material/check_circle:")
        if button.button("Undo", key="plan_undo", icon=":material/undo:", help="Undo this change"):
            _undo(change)
