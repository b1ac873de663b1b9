"""The Data page's upload flow: choose files → preview (what was detected, every problem)
→ explicit Import → results. Nothing is stored before the Import button is pressed.

A survey tool's export shows its proposed mapping instead (``data_mapping``): the analyst
confirms or edits it, the file is previewed again with the edits, and the import saves the
mapping as a named profile that later exports of the same layout use by themselves.
"""

from __future__ import annotations

import streamlit as st

from dashboard.app_pages import data_help, data_mapping, data_reading, data_recode, shared
from dashboard.ingest.kinds import KINDS
from dashboard.ingest.layouts import LAYOUT_NAMES
from dashboard.ingest.mapping_review import from_tool
from dashboard.ingest.tools import tool_names
from dashboard.ingest.uploads import (
    Checked,
    Upload,
    headline,
    import_uploads,
    mapping_frame,
    may_depend_on_batch,
    page_note,
    preview,
)
from dashboard.present import markup
from dashboard.store import db

_UPLOADER_ROUND = "data_uploader_round"  # a new key empties the uploader after an import
_PREVIEWS = "data_previews"  # (data version, replace, uploads) -> checked, for this session
_RESULTS = "data_import_results"
MANY_NOTES = 6
PROFILE_NOTES = ("profile", "new question")  # notes worth showing after an import


def _progress_bar(label: str):
    bar = st.progress(0.0, text=label)

    def update(fraction: float, step: str) -> None:
        bar.progress(min(max(fraction, 0.0), 1.0), text=markup.escape(step))

    return bar, update


def _checked(uploads: list[Upload], replace: bool) -> list[Checked]:
    """The preview of these uploads against the current data, remembered for the session so
    reruns (any click) do not check the files again."""
    key = (shared.data_version(), replace, tuple(u.key for u in uploads))
    memory = st.session_state.setdefault(_PREVIEWS, {})
    if key not in memory:
        bar, update = _progress_bar("Checking the files…")
        with db.session(shared.db_path()) as con:
            memory.clear()
            memory[key] = preview(con, uploads, replace=replace, progress=update)
        bar.empty()
    return memory[key]


def detected_panel(item: Checked) -> None:
    """What the importer recognised: kind, layout, each column's use, personal columns."""
    details = item.details
    if not details:
        return
    kind = str(details.get("kind"))
    layout = LAYOUT_NAMES.get(str(details.get("layout")), details.get("layout"))
    st.markdown(f"**Detected:** {KINDS[kind].label.lower() if kind in KINDS else markup.escape(kind)} · "
                f"{markup.escape(details.get('form'))} form · {markup.escape(layout)} "
                f"(recognised {float(details.get('confidence') or 0):.0%} sure)")
    dropped = list(details.get("dropped") or [])
    st.markdown("**Personal columns that will be dropped:** "
                + (", ".join(markup.code(c) for c in dropped) if dropped else "none"))
    st.dataframe(mapping_frame(details), hide_index=True, width="content")


def problems_panel(item: Checked) -> None:
    """The validation report grouped by type (see ``data_recode``), every problem with its
    line, a copy to download, and what the file's unknown values mean."""
    data_recode.report_panel(item)


def notes_panel(notes: list[str]) -> None:
    """The importer's notes: one line each, or one paragraph when there are many (a survey
    export can have a note per bookkeeping column)."""
    if len(notes) <= MANY_NOTES:
        for note in notes:
            st.caption(markup.escape(page_note(note)))
    else:
        st.caption(f"**{len(notes)} notes:** " + markup.join((page_note(n) for n in notes), " · "))


def file_panel(item: Checked, expanded: bool) -> None:
    icon = {"ready": ":material/check_circle:", "already imported": ":material/content_copy:",
            "problems": ":material/error:", "mapping": ":material/tune:"
            }.get(item.status, ":material/description:")
    opened = expanded or item.status in ("problems", "mapping")
    with st.expander(markup.escape(headline(item)), expanded=opened, icon=icon):
        if from_tool(item.detection) and item.status != "already imported":
            data_mapping.mapping_panel(item)
        else:
            detected_panel(item)
        if item.status != "already imported":
            data_reading.reading_panel(item)
        notes_panel(item.result.notes)
        if item.status == "problems":
            problems_panel(item)


def show_results() -> None:
    """What the last Import did (kept across the rerun that refreshes the page)."""
    results: list[Checked] = st.session_state.pop(_RESULTS, [])
    if not results:
        return
    stored = [c for c in results if c.status == "imported"]
    if stored:
        st.success("Imported: " + markup.join((headline(c) for c in stored), "; "),
                   icon=":material/check_circle:")
        for item in stored:
            for note in item.result.notes:
                if any(word in note for word in PROFILE_NOTES):
                    st.caption(f"{markup.escape(item.result.file_name)}: {markup.escape(note)}")
    for item in results:
        if item.status == "already imported":
            st.info(markup.escape(headline(item)), icon=":material/content_copy:")
        elif item.status in ("problems", "mapping"):
            st.error(markup.escape(headline(item)), icon=":material/error:")
            problems_panel(item)


def upload_section() -> None:
    st.subheader("Upload exports")
    show_results()
    round_ = st.session_state.setdefault(_UPLOADER_ROUND, 0)
    files = st.file_uploader(
        "CSV or Excel exports (one or several)", type=["csv", "txt", "tsv", "xlsx"],
        accept_multiple_files=True, key=f"uploader-{round_}",
        help="Roster, module schedule, question catalogue, pulse survey, rubric, LMS activity, "
             "business outcomes — canonical files or survey-tool exports. The kind is "
             "recognised from the column names.")
    st.caption(f"Up to {data_help.upload_limit_mb():,} MB per file (the server's "
               f"`maxUploadSize`). Exports from {markup.escape(tool_names())} are recognised; "
               "confirm their mapping once.")
    replace = st.checkbox(
        "Replace earlier rows", key="data_replace",
        help="For corrected exports: rows with the same key (e.g. the same response id) "
             "replace the earlier ones, which are kept aside so undoing this import brings "
             "them back. Without it, rows already stored are reported as problems.")
    if not files:
        st.caption("Nothing is stored until you press Import.")
        return
    uploads = data_reading.with_reading(data_recode.with_recodes(data_mapping.with_edits(
        [Upload(f.name, f.getvalue()) for f in files])))
    checked = _checked(uploads, replace)
    for item in checked:
        file_panel(item, expanded=len(checked) <= 3)
    ready = [c for c in checked if c.ready]
    if may_depend_on_batch(checked):
        st.caption("Some files may only need a roster, schedule or question file from this batch: "
                   "those are imported first, then every other file is checked again.")
    if not ready:
        if any(c.status == "mapping" for c in checked):
            st.warning("Nothing to import yet: settle the mapping decisions above, then "
                       "**Preview with these choices**.", icon=":material/rule:")
        else:
            st.warning("Nothing to import: fix the problems above, or the files are already "
                       "imported.", icon=":material/block:")
        return
    if st.button(f"Import {len(ready)} file(s)", type="primary", key="data_import"):
        shared.allow("upload")
        if any(c.upload.save_profile for c in ready):
            shared.allow("profiles")
        bar, update = _progress_bar("Importing…")
        with db.session(shared.db_path()) as con:
            results = import_uploads(con, uploads, checked, replace=replace, user=shared.who(),
                                     progress=update)
        bar.empty()
        shared.data_changed()
        st.session_state[_RESULTS] = results
        st.session_state[_UPLOADER_ROUND] = round_ + 1
        st.session_state.pop(_PREVIEWS, None)
        data_mapping.forget_edits()
        data_recode.forget_recodes()
        data_reading.forget_reading()
        st.rerun()
