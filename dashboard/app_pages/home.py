"""Home: what is loaded, or — on an empty database — what to upload and a demo to try."""

from __future__ import annotations

import streamlit as st

from dashboard import db, demo, imports
from dashboard.app_pages import shared
from dashboard.ingest.kinds import KIND_ORDER, KINDS

st.title("Empathy pilot dashboard")

summary = shared.loaded_summary()
if int(summary["rows"].sum()) == 0:
    st.markdown(
        "Measure whether digital-empathy training for remote leaders works: pulse surveys, "
        "rubric assessments, LMS activity and team outcomes, compared with a comparison "
        "cohort, with honest statistics for small pilots and strict anonymity."
    )
    st.subheader("Nothing is loaded yet")
    st.markdown("Upload these exports (CSV or Excel). Column names are matched forgivingly; "
                "`data/sample/` holds an example of each.")
    st.table({
        "kind": [KINDS[k].label for k in KIND_ORDER],
        "one row per": [KINDS[k].grain for k in KIND_ORDER],
        "required columns": [", ".join(f.name for f in KINDS[k].required) for k in KIND_ORDER],
    })
    st.markdown("Or look around first with a generated pilot:")
    if st.button("Load demo data", type="primary"):
        with st.spinner("Loading the demo program…"), db.session(shared.db_path()) as con:
            results = demo.load_demo(con)
        failed = [r for r in results if not r.ok]
        if failed:
            st.error("The demo data could not be loaded: " + "; ".join(
                line for r in failed for line in r.problem_lines()[:3]))
        else:
            st.rerun()
else:
    st.subheader("What is loaded")
    shown = summary.rename(columns={"kind": "Kind", "rows": "Rows", "imports": "Imports",
                                    "latest": "Latest period"})
    st.dataframe(shown, hide_index=True, width="content")
    log = shared.read("import_log", imports.import_log)
    active = log[log["status"] == "active"]
    st.caption(f"{len(active)} active import(s); latest: "
               f"{active['file_name'].iloc[0] if len(active) else '—'}")
