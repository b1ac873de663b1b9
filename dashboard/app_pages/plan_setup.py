"""The Pilot plan page's setup sections: cohorts, their leaders, and the modules each program
cohort takes with their dates. Every save goes through ``plan_common.save``."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from dashboard.app_pages import plan_common as plan
from dashboard.app_pages import shared
from dashboard.plan.catalogue import CORE_MODULES
from dashboard.plan.edits import (
    ModuleDates,
    add_module,
    assign_leaders,
    delete_cohort,
    edit_cohort,
    remove_leaders,
    save_schedule,
)
from dashboard.plan.view import (
    ARM_LABELS,
    catalogue_table,
    default_start,
    leader_label,
    leader_table,
    proposed_dates,
    search_leaders,
)
from dashboard.present import markup

NEW = "\u0000new"  # the "new cohort" choice (no cohort can be called that)
# Which cohort each section shows: kept across saves (unlike drafts), dropped when it is gone.
CHOSEN_COHORT = "plan_cohort_choice"
LEADERS_COHORT = "plan_leaders_cohort"
DATES_COHORT = "plan_dates_cohort"


def cohorts_overview() -> None:
    """Every cohort with its arm, start, leaders and team sizes, and modules."""
    table = plan.cohort_overview()
    if table.empty:
        st.info("**Nothing planned yet.** Create the program cohort and the comparison cohort "
                "below, put leaders from the roster in them, then choose the modules and dates.",
                icon=":material/event_note:")
        return
    st.table(markup.frame(table), hide_index=True)


# --- cohorts -----------------------------------------------------------------------------


def cohort_form() -> None:
    """Create a cohort, or change one's name, arm or planned start."""
    st.markdown("**Create or edit a cohort**")
    table = plan.plans().set_index("cohort")
    options = [NEW, *table.index]
    plan.keep_valid(CHOSEN_COHORT, options)
    choice = st.selectbox("Cohort", options, key=CHOSEN_COHORT,
                          format_func=lambda c: "+ New cohort" if c == NEW else c)
    current = None if choice == NEW else str(choice)
    with st.form(f"cohort-form-{current or 'new'}", border=False):
        name = st.text_input("Name", value=current or "", key=plan.draft(f"cohort_name:{current}"),
                             placeholder="e.g. Pilot, Comparison, Wave 2")
        arm = st.radio("Arm", list(ARM_LABELS), format_func=ARM_LABELS.get, horizontal=True,
                       index=0 if current is None or table.loc[current, "arm"] != "comparison" else 1,
                       key=plan.draft(f"cohort_arm:{current}"),
                       help="Program cohorts take the modules; comparison cohorts take none and "
                            "are measured the same way, so the change can be told from noise.")
        planned = table.loc[current, "start_date"] if current else None
        start = st.date_input("Planned start (optional)", value=_date_or_none(planned),
                              key=plan.draft(f"cohort_start:{current}"), format="YYYY-MM-DD")
        if st.form_submit_button("Save cohort", type="primary"):
            plan.save(lambda con: edit_cohort(con, current, name, arm, start, user=shared.who()))
    if current is not None:
        delete_form(current, table.loc[current])


def delete_form(cohort: str, row: pd.Series) -> None:
    """Delete a cohort — behind a confirmation, and undoable like every plan change."""
    with st.expander("Delete this cohort"):
        st.caption(f"Removes {markup.escape(cohort)} from the plan with its module dates; its "
                   f"{int(row['leaders'])} leader(s) and their teams stay on the roster without a "
                   "cohort (their answers and outcomes stay stored, and show again once they are "
                   "in a cohort). Undo brings all of it back.")
        sure = st.checkbox(f"Yes, delete {markup.escape(cohort)}", key=plan.draft(f"cohort_delete:{cohort}"))
        if st.button("Delete cohort", key="plan_cohort_delete", disabled=not sure):
            plan.save(lambda con: delete_cohort(con, cohort, user=shared.who()))


def _date_or_none(value: object) -> dt.date | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date()


def leaders_form() -> None:
    """Put roster leaders (and their teams) into a cohort, or take them out."""
    st.markdown("**Leaders**")
    roster = plan.roster_leaders()
    names = list(plan.plans()["cohort"])
    if roster.empty:
        st.info("No leaders on the roster yet: import a roster (one row per person, `cohort` may "
                "be blank) on the Data page, then assign its leaders here.",
                icon=":material/group_off:")
        st.page_link(shared.DATA_PAGE, label="Import a roster on the Data page",
                     icon=":material/upload:")
        return
    if not names:
        st.caption("Create a cohort first; then its leaders are chosen here.")
        return
    plan.keep_valid(LEADERS_COHORT, names)
    cohort = st.selectbox("Cohort", names, key=LEADERS_COHORT)
    labels = {row.leader_id: leader_label(row) for row in roster.itertuples()}
    search = st.text_input("Search leaders", key=plan.draft("leaders_search"),
                           placeholder="Leader id, team or cohort", icon=":material/search:")
    found = search_leaders(roster, search)
    found = found[found["cohort"] != cohort]
    picked_key = plan.draft(f"leaders_add:{cohort}")
    picked = [p for p in st.session_state.get(picked_key, []) if p in labels]
    options = list(dict.fromkeys([*picked, *found["leader_id"]]))
    st.session_state[picked_key] = picked
    add = st.multiselect(f"Leaders to put in {markup.escape(cohort)}", options, key=picked_key,
                         format_func=labels.get, placeholder="Choose leaders",
                         help="Their team members follow them. A leader is in one cohort at a "
                              "time: take them out of another cohort first.")
    if st.button(f"Add to {markup.escape(cohort)}", key="plan_leaders_add", disabled=not add, type="primary"):
        plan.save(lambda con: assign_leaders(con, cohort, add, user=shared.who()))
    inside = roster.loc[roster["cohort"] == cohort, "leader_id"].tolist()
    if inside:
        remove = st.multiselect(f"Leaders to take out of {markup.escape(cohort)}", inside,
                                key=plan.draft(f"leaders_remove:{cohort}"), format_func=labels.get,
                                placeholder="Choose leaders")
        if st.button(f"Take out of {markup.escape(cohort)}", key="plan_leaders_remove", disabled=not remove):
            plan.save(lambda con: remove_leaders(con, remove, user=shared.who()))
    with st.expander(f"All {len(roster)} leaders on the roster"):
        st.dataframe(leader_table(roster), hide_index=True)


def cohorts_tab() -> None:
    left, right = st.columns(2, gap="large")
    with left:
        cohort_form()
    with right:
        leaders_form()


# --- modules and dates ------------------------------------------------------------------


def catalogue_section() -> None:
    st.markdown("**Module catalogue** — each module is a 15–30 minute microlearning card and a "
                "45-minute live practice, then coaching.")
    core = {m.module_id for m in CORE_MODULES}
    st.table(markup.frame(catalogue_table(plan.modules(), core)), hide_index=True)
    with st.expander("Add a custom module"), st.form("custom-module", border=False):
        left, right = st.columns(2)
        module_id = left.text_input("Id", key=plan.draft("module_id"), placeholder="e.g. inclusive_meetings",
                                    help="Lower-case letters, digits and _; the id files use.")
        name = right.text_input("Name", key=plan.draft("module_name"), placeholder="Inclusive meetings")
        description = st.text_input("What it covers", key=plan.draft("module_description"))
        micro = left.number_input("Microlearning minutes", 5, 60, 20, key=plan.draft("module_micro"))
        practice = right.number_input("Live practice minutes", 0, 180, 45, key=plan.draft("module_practice"))
        if st.form_submit_button("Add module"):
            plan.save(lambda con: add_module(con, module_id.strip(), name, description, int(micro),
                                             int(practice), user=shared.who()))


def _keys(cohort: str) -> dict[str, str]:
    return {"modules": plan.draft(f"modules:{cohort}"), "start": plan.draft(f"seq_start:{cohort}"),
            "weeks": plan.draft(f"seq_weeks:{cohort}")}


def _date_keys(cohort: str, module_id: str) -> tuple[str, str]:
    return plan.draft(f"from:{cohort}:{module_id}"), plan.draft(f"to:{cohort}:{module_id}")


def _lay_out(cohort: str, stored: list[ModuleDates], names: dict[str, str], again: bool) -> None:
    """Propose dates for the chosen modules (a callback: runs before the widgets are drawn).
    ``again`` lays the whole default sequence out anew, ignoring the stored dates."""
    keys = _keys(cohort)
    chosen = list(st.session_state.get(keys["modules"], []))
    start = st.session_state.get(keys["start"]) or dt.date.today()
    weeks = int(st.session_state.get(keys["weeks"], 12))
    for module in proposed_dates(chosen, [] if again else stored, start, weeks, names):
        begin, end = _date_keys(cohort, module.module_id)
        st.session_state[begin], st.session_state[end] = module.start_date, module.end_date


lay_out = shared.guarded(_lay_out)


def _start_drafts(cohort: str, stored: list[ModuleDates], planned: dt.date | None) -> None:
    """The drafts' first values: the stored plan (set before the widgets, never twice)."""
    keys = _keys(cohort)
    if keys["modules"] not in st.session_state:
        st.session_state[keys["modules"]] = [m.module_id for m in stored]
        for module in stored:
            begin, end = _date_keys(cohort, module.module_id)
            st.session_state[begin], st.session_state[end] = module.start_date, module.end_date
    st.session_state.setdefault(keys["start"], default_start(planned, stored, plan.today()))
    st.session_state.setdefault(keys["weeks"], 12)


def dates_section() -> None:
    """Choose a program cohort's modules and their dates, then save them as its schedule."""
    st.markdown("**Modules and dates per cohort**")
    table = plan.plans()
    if table.empty:
        st.caption("Create a cohort first.")
        return
    names = list(table["cohort"])
    plan.keep_valid(DATES_COHORT, names)
    cohort = st.selectbox("Cohort", names, key=DATES_COHORT)
    row = table.set_index("cohort").loc[cohort]
    stored = plan.cohort_schedule(cohort)
    if row["arm"] == "comparison" and not stored:
        st.info(f"{markup.escape(cohort)} is a comparison cohort: it takes no modules, and is measured over the "
                "same months as the first program wave.", icon=":material/balance:")
        return
    module_names = plan.module_names()
    catalogue = [m.module_id for m in plan.modules()]
    options = list(dict.fromkeys([*catalogue, *(m.module_id for m in stored)]))
    _start_drafts(cohort, stored, _date_or_none(row["start_date"]))
    keys = _keys(cohort)
    args = (cohort, stored, module_names, False)
    st.multiselect("Modules, in the order they run", options, key=keys["modules"],
                   format_func=lambda m: module_names.get(m, m), on_change=lay_out, args=args,
                   placeholder="Choose modules (the pilot: two)")
    left, right, button = st.columns([2, 2, 2], vertical_alignment="bottom")
    left.date_input("Sequence starts", key=keys["start"], format="YYYY-MM-DD", on_change=lay_out,
                    args=args, help="Modules start on a Monday.")
    right.slider("Over how many weeks", 8, 12, key=keys["weeks"], on_change=lay_out, args=args,
                 help="The modules one after another, an equal share each, with a week between "
                      "them for coaching and catch-up.")
    button.button("Use the default sequence", key="plan_default_sequence", on_click=lay_out,
                  args=(cohort, stored, module_names, True), icon=":material/auto_fix_high:")
    chosen = list(st.session_state[keys["modules"]])
    rows = []
    for module_id in chosen:
        begin, end = _date_keys(cohort, module_id)
        label, first, last = st.columns([2, 1, 1], vertical_alignment="bottom")
        label.markdown(f"{markup.escape(module_names.get(module_id, module_id))}  \n{markup.code(module_id)}")
        rows.append((module_id, first.date_input("Starts", key=begin, format="YYYY-MM-DD"),
                     last.date_input("Ends", key=end, format="YYYY-MM-DD")))
    if st.button(f"Save module dates for {markup.escape(cohort)}", key="plan_save_dates", type="primary"):
        missing = [m for m, s, e in rows if s is None or e is None]
        if missing:
            st.error("Not saved: give a start and an end date for " + markup.join(missing) + ".",
                     icon=":material/block:")
            return
        sequence = [ModuleDates(m, module_names.get(m, m), s, e) for m, s, e in rows]
        plan.save(lambda con: save_schedule(con, cohort, sequence, user=shared.who()))


def schedule_download() -> None:
    st.download_button("Download the schedule (CSV)", plan.schedule_csv(), file_name="schedule.csv",
                       mime="text/csv", icon=":material/download:", key="plan_schedule_csv")
    st.caption("The canonical schedule file (one row per cohort × module). Importing a schedule "
               "on the Data page changes the same dates this page shows.")


def modules_tab() -> None:
    catalogue_section()
    st.divider()
    dates_section()
    st.divider()
    schedule_download()
