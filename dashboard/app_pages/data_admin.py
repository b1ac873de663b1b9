"""The Data page's housekeeping: what is loaded, the import log with undo, data-quality
checks and KPI tables to download."""

from __future__ import annotations

import streamlit as st

from dashboard.app_pages import shared
from dashboard.kpi import TABLES
from dashboard.kpi.checks import run_checks
from dashboard.kpi.filters import cli_command
from dashboard.present import markup, tables
from dashboard.present.exports import to_csv_bytes
from dashboard.store import db, imports


def loaded_section() -> None:
    st.subheader("What is loaded")
    st.dataframe(tables.freshness(shared.loaded_summary()), hide_index=True, width="content")
    log = shared.read("import_log", imports.import_log)  # moved here from the Overview (issue 17)
    active = log[log["status"] == "active"]
    st.caption(f"{len(active):d} active import(s); latest: "
               + (markup.escape(active["file_name"].iloc[0]) if len(active) else "—"))


def log_section() -> None:
    st.subheader("Import log")
    log = shared.read("import_log", imports.import_log)
    if log.empty:
        st.caption("No imports yet.")
        return
    st.dataframe(tables.import_log(log), hide_index=True, height=min(420, 38 + 35 * len(log)))
    active = log[log["status"] == "active"]
    if active.empty:
        return
    labels = {int(r.import_id): f"{r.import_id} · {r.file_name} ({r.kind}, {r.rows:,} rows)"
              for r in active.itertuples()}
    with st.container(border=True):
        st.markdown("**Undo an import** — removes its rows and brings back any rows it replaced.")
        left, right = st.columns([3, 2])
        chosen = left.selectbox("Import", list(labels), format_func=labels.get, key="undo_choice")
        sure = right.checkbox("Yes, remove this import's rows", key="undo_sure")
        if right.button("Undo import", disabled=not sure, key="undo_button"):
            shared.allow("undo")
            try:
                with db.session(shared.db_path()) as con:
                    done = imports.undo_import(con, int(chosen), user=shared.who())
            except imports.UndoError as exc:
                st.error(markup.escape(exc))
                return
            shared.data_changed()
            st.session_state.pop("undo_sure", None)
            st.toast(f"Import {done.import_id:d} ({markup.escape(done.file_name)}) undone: {done.rows_removed:,} "
                     f"rows removed, {done.rows_restored:,} restored.")
            st.rerun()


def checks_section() -> None:
    st.subheader("Data-quality checks")
    results = shared.read("checks", run_checks)
    failed = [r for r in results if not r.passed]
    st.caption(f"{len(results) - len(failed)} of {len(results)} checks pass. Each lists the rows "
               "that break it (`python -m dashboard check` runs the same).")
    for result in results:
        mark = ":material/check:" if result.passed else ":material/warning:"
        title = markup.escape(result.description) + ("" if result.passed else f" — {len(result.rows):,} row(s)")
        if result.passed:
            st.markdown(f"{mark} {title}")
        else:
            with st.expander(title, icon=mark):
                st.dataframe(result.rows.head(200), hide_index=True)


def downloads_section() -> None:
    st.subheader("Download KPI tables")
    filters = shared.current_filters()
    names = list(TABLES)
    name = st.selectbox("KPI table", names, format_func=lambda n: f"{TABLES[n].label} ({n})",
                        key="download_table")
    st.caption(markup.escape(TABLES[name].description) + " With the sidebar's filters." +
               (" ROI with the default assumptions (Admin page, else data/roi_assumptions.toml)."
                if name == "roi" else ""))
    frame = shared.kpi(name)
    st.download_button(f"Download {markup.escape(name)}.csv ({len(frame):,} rows)", to_csv_bytes(frame),
                       file_name=f"{name}.csv", mime="text/csv", key="download_kpi",
                       icon=":material/download:")
    st.code(cli_command(name, filters, "--format", "csv"), language="bash")
