"""Admin: the thresholds and ROI defaults every page and the command line use, and the
audit log. Storage and validation live in ``dashboard.kpi.settings``; every save is checked
against the role on the server and recorded in the audit log (who, what, old → new, when).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import streamlit as st

from dashboard.app_pages import roi_form, shared
from dashboard.kpi import settings
from dashboard.kpi.privacy import COMMENT_MIN_GROUP, LOWEST_MIN_GROUP
from dashboard.present import markup
from dashboard.present.exports import to_csv_bytes
from dashboard.store import audit, db, erase

_NOTICE = "admin_notice"
_ERASE_PENDING = "erase_pending"  # (person as typed, rows found, summary) awaiting confirmation
_ERASED = "erase_notice"


def _saved(change: settings.Change) -> None:
    """After a save: fresh numbers everywhere (the sidebar too), and say what changed."""
    shared.data_changed()
    st.session_state[_NOTICE] = change.summary() if change.changes else "Nothing changed."
    st.rerun()


def _save(action: str, store: Any, *args: Any) -> None:
    """Check the role again (a form can be sent by anyone), then store with the audit entry."""
    shared.allow(action)
    try:
        with db.session(shared.db_path()) as con:
            change = store(con, *args, actor=shared.who())
    except settings.SettingError as problem:
        st.error(f"Not saved: {markup.escape(problem)}.", icon=":material/error:")
        return
    _saved(change)


def thresholds_section(current: settings.Settings, version: int) -> None:
    st.subheader("Thresholds")
    with st.form("admin_thresholds"):
        k = st.number_input(
            "Minimum group size k", min_value=LOWEST_MIN_GROUP, max_value=settings.HIGHEST_MIN_GROUP,
            value=current.min_group, step=1, key=f"admin_min_group_{version}",
            help="Others' ratings of a group with fewer respondents are hidden on every page, in "
                 "the report, in `status` and in `python -m dashboard kpi`: a floor, which "
                 "`--min-group` may raise for one command, never lower.")
        sent = st.form_submit_button("Save threshold", type="primary")
    st.caption(f"Now **k = {current.min_group:d}** (never below {LOWEST_MIN_GROUP}). Comments need "
               f"{COMMENT_MIN_GROUP} respondents per cohort and month: a fixed floor, not a "
               "setting.")
    if sent:
        _save("settings", settings.set_min_group, int(k))


def roi_section(current: settings.Settings, version: int) -> None:
    st.subheader("ROI default assumptions")
    st.caption(f"Now from **{markup.escape(current.roi_source)}**. The Impact & ROI page starts from these, and "
               "`python -m dashboard kpi roi` and `report` use them without `--assumptions`.")
    values: dict[str, Any] = {}
    with st.form("admin_roi"):
        columns = st.columns(3)
        currency = current.roi.currency
        options = list(roi_form.CURRENCIES) + ([currency] if currency not in roi_form.CURRENCIES
                                              else [])
        values["currency"] = columns[0].selectbox("Currency", options, index=options.index(currency),
                                                  key=f"admin_roi_currency_{version}")
        for column, group in zip(columns, roi_form.GROUPS.values(), strict=True):
            for name, (label, step, help_text) in group.items():
                values[name] = column.number_input(
                    markup.escape(label), min_value=0.0, max_value=100.0 if name.endswith("_pct") else None,
                    value=float(getattr(current.roi, name)), step=step,
                    format=roi_form.number_format(name), key=f"admin_roi_{name}_{version}",
                    help=markup.escape(help_text) or None)
        sent = st.form_submit_button("Save ROI defaults", type="primary")
    if sent:
        _save("settings", settings.set_roi_assumptions, values)
    if current.roi_stored and st.button(f"Use {settings.FILE_SOURCE} again", key="admin_roi_reset",
                                        icon=":material/restart_alt:"):
        _save("settings", settings.reset_roi_assumptions)


def erase_section() -> None:
    """Find one person's rows, show how many, and erase them after an explicit confirmation
    (the audit entry says how many rows, never whose)."""
    st.subheader("Erase one person")
    st.caption("Removes everything stored about one person: the responses they gave, their roster "
               "row and, for a leader, the responses rating them and their rubric, activity and "
               "team outcomes; the aggregates are rebuilt. The audit log records that one person "
               "was erased and how many rows — never who. Backups made before still hold them. "
               "`python -m dashboard erase --person ID` does the same.")
    if notice := st.session_state.pop(_ERASED, None):
        st.success(markup.escape(notice), icon=":material/check_circle:")
    with st.form("admin_erase_find"):
        person = st.text_input("Person", key="erase_person",
                               placeholder="id as stored (M0001, anon-…), or their e-mail address or name")
        sent = st.form_submit_button("Find their rows")
    if sent:
        shared.allow("settings")
        try:
            with db.session(shared.db_path()) as con:
                found = erase.preview_erasure(con, person)
        except erase.ErasureError as problem:
            st.session_state.pop(_ERASE_PENDING, None)
            st.error(f"{markup.escape(problem)}.", icon=":material/error:")
            return
        st.session_state[_ERASE_PENDING] = (person, found.total, found.summary())
    pending = st.session_state.get(_ERASE_PENDING)
    if not pending:
        return
    person, total, summary = pending
    if not total:
        st.info("No stored row holds that person.", icon=":material/info:")
        return
    st.warning(f"Erasing removes or changes {total:,d} rows ({markup.escape(summary)}). This cannot be undone.",
               icon=":material/warning:")
    confirmed = st.checkbox("I understand: erase this person everywhere", key="erase_confirm")
    if st.button("Erase", type="primary", disabled=not confirmed, key="erase_go",
                 icon=":material/delete_forever:"):
        shared.allow("settings")
        try:
            with db.session(shared.db_path()) as con:
                done = erase.erase_person(con, person, user=shared.who())
        except erase.ErasureError as problem:
            st.error(f"Not erased: {markup.escape(problem)}.", icon=":material/error:")
            return
        st.session_state.pop(_ERASE_PENDING, None)
        st.session_state.pop("erase_confirm", None)
        shared.data_changed()
        st.session_state[_ERASED] = f"Erased one person: {done.total:,} rows."
        st.rerun()


def audit_section() -> None:
    st.subheader("Audit log")
    shared.allow("audit")
    left, middle, right, since_col, until_col = st.columns([2, 2, 2, 1, 1])
    actions = left.multiselect("Actions", audit.ACTIONS, key="audit_actions",
                               placeholder="All actions")
    actor = middle.text_input("Who", key="audit_actor", placeholder="part of an e-mail or name")
    text = right.text_input("Contains", key="audit_text", placeholder="file, import id, setting")
    since = since_col.date_input("From", value=None, key="audit_since")
    until = until_col.date_input("To", value=None, key="audit_until")
    found = shared.read("audit_log", audit.search, tuple(actions), actor, text,
                        since if isinstance(since, dt.date) else None,
                        until if isinstance(until, dt.date) else None)
    if found.empty:
        st.caption("No entries match." if actions or actor or text or since or until
                   else "No entries yet: imports, undos, restores, plan and setting changes "
                        "appear here.")
        return
    shown = audit.readable(found)
    st.dataframe(shown, hide_index=True, height=min(520, 38 + 35 * len(shown)))
    st.caption(f"{len(shown):,} entr{'y' if len(shown) == 1 else 'ies'}, newest first (at most "
               "1,000). `python -m dashboard audit` lists the same.")
    st.download_button("Download these entries (CSV)", to_csv_bytes(shown), file_name="audit-log.csv",
                       mime="text/csv", key="audit_download", icon=":material/download:")


st.title("Admin")
st.caption("Settings that every page and the command line use, and who changed what. Every "
           "save is recorded in the audit log.")
shared.allow("settings")
if notice := st.session_state.pop(_NOTICE, None):
    st.success(f"Saved: {markup.escape(notice)}" if notice != "Nothing changed." else "Nothing changed.",
               icon=":material/check_circle:")
stored = shared.current_settings()
data_version = shared.data_version()
thresholds_section(stored, data_version)
roi_section(stored, data_version)
erase_section()
audit_section()
