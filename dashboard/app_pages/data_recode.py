"""The Data page's error report for one file, grouped by type (real value errors first, a few
example lines each, rows already stored as one line with the Replace choice), and the form
that says what the file's unknown values mean: a rater type written as a sentence, an LMS
status, a course title that is no module id. Each proposal is preselected; nothing is applied
until **Preview with these values** checks the file again, and a profile name keeps the
meanings for next month's export.
"""

from __future__ import annotations

import dataclasses

import streamlit as st

from dashboard.ingest.mapping_review import RecodeChoice, recode_choices
from dashboard.ingest.uploads import Checked, Upload, problem_groups, problems_frame
from dashboard.present import markup
from dashboard.present.exports import to_csv_bytes

_EDITS = "data_recode_edits"  # file sha256 -> (recodes, profile name)
WIDGET = "recode-"
NOT_MAPPED = ""


def _edits() -> dict[str, tuple[tuple[tuple[str, str, str], ...], str]]:
    return st.session_state.setdefault(_EDITS, {})


def with_recodes(uploads: list[Upload]) -> list[Upload]:
    """The uploads with the meanings given on this page (none: unchanged)."""
    edits = _edits()
    out = []
    for upload in uploads:
        recodes, profile = edits.get(upload.sha256, ((), ""))
        if recodes or profile:
            upload = dataclasses.replace(upload, recodes=recodes,
                                         save_profile=profile or upload.save_profile)
        out.append(upload)
    return out


def forget_recodes() -> None:
    st.session_state.pop(_EDITS, None)
    for key in [k for k in st.session_state if isinstance(k, str) and k.startswith(WIDGET)]:
        del st.session_state[key]


def report_panel(item: Checked) -> None:
    """The validation report grouped by type, the full list to download, and the values form."""
    result = item.result
    groups = problem_groups(result)
    st.markdown(f"**{result.problem_total:,} problem(s)** — nothing of this file is stored. By type, "
                "the values to fix first:")
    lines = []
    for group in groups:
        if not group.examples:
            lines.append(f"**{markup.escape(group.title)}**")
            continue
        more = f" (first {len(group.examples):,d} shown)" if group.count > len(group.examples) else ""
        lines.append(f"**{markup.escape(group.title)}** — {group.count:,} row(s){more}")
        lines += [f"    {markup.escape(example)}" for example in group.examples]
    st.markdown("\n".join(f"- {line}" if not line.startswith("    ") else f"  - {line.strip()}"
                          for line in lines))
    listed = len(result.problems)
    if result.problem_total > listed:
        st.caption(f"Counted from the first {listed:,} of {result.problem_total:,} problems.")
    report = problems_frame(result)
    with st.expander(f"Every problem with its {markup.escape(result.position_word)} ({listed:,})"):
        st.dataframe(report, hide_index=True, height=min(400, 38 + 35 * listed))
    st.download_button("Download this report (CSV)", to_csv_bytes(report),
                       file_name=f"{result.file_name}-problems.csv", mime="text/csv",
                       key=f"report-{item.upload.sha256}")
    choices = recode_choices(result)
    if choices:
        recode_form(item, choices)


def recode_form(item: Checked, choices: list[RecodeChoice]) -> None:
    """What each unknown value means (proposal preselected), and a profile to keep it in."""
    key = item.upload.sha256[:16]
    current, profile = _edits().get(item.upload.sha256, ((), ""))
    given = {(name, value): meant for name, value, meant in current}
    with st.form(f"{WIDGET}{key}"):
        st.markdown("**Recode values** — what these values of the file mean (check each proposal):")
        picked = []
        for number, choice in enumerate(choices):
            options = [NOT_MAPPED, *choice.options]
            default = given.get((choice.field, choice.value), choice.proposed or NOT_MAPPED)
            what = "module" if choice.field == "module_id" else choice.field.replace("_", " ")
            meant = st.selectbox(f"{markup.code(choice.value)} ({choice.rows:,} row(s)) is the {markup.escape(what)}",
                                 options,
                                 index=options.index(default) if default in options else 0,
                                 format_func=lambda v: v or "— not mapped (the rows stay refused) —",
                                 key=f"{WIDGET}{key}-{number}")
            if meant:
                picked.append((choice.field, choice.value, meant))
        name = st.text_input("Save as profile (optional): next month's export uses these meanings",
                             value=profile, key=f"{WIDGET}{key}-profile")
        if st.form_submit_button("Preview with these values"):
            merged = {(f, v): m for f, v, m in current} | {(f, v): m for f, v, m in picked}
            _edits()[item.upload.sha256] = (tuple((f, v, m) for (f, v), m in merged.items()), name.strip())
            st.rerun()
