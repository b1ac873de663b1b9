"""The Data page's help: a template per kind of data, the recommended pulse questions ready to
paste into a survey tool, and how to export from each survey tool."""

from __future__ import annotations

import streamlit as st

from dashboard.ingest.kinds import KINDS
from dashboard.plan.templates import (
    EXPORT_HELP,
    question_set_csv,
    question_set_text,
    template_csv,
    template_kinds,
)
from dashboard.present import markup

TEMPLATE_COLUMNS = 4


def upload_limit_mb() -> int:
    """The server's upload limit per file, in MB (``server.maxUploadSize``)."""
    return int(st.get_option("server.maxUploadSize"))


def templates() -> None:
    st.caption("A header and one example row per kind of data. Fill it in, or compare it with "
               "your export; column names are matched forgivingly.")
    kinds = template_kinds()
    for start in range(0, len(kinds), TEMPLATE_COLUMNS):
        for column, kind in zip(st.columns(TEMPLATE_COLUMNS), kinds[start:start + TEMPLATE_COLUMNS],
                                strict=False):
            with column:
                st.download_button(f"{markup.escape(kind)}.csv", template_csv(kind), file_name=f"{kind}.csv",
                                   mime="text/csv", icon=":material/download:",
                                   key=f"template-{kind}",
                                   help=f"{KINDS[kind].label}: {KINDS[kind].grain}")
                st.caption(markup.escape(KINDS[kind].label))


def questions() -> None:
    st.caption("Three to five questions, monthly during the program and quarterly after, "
               "including the 0–10 recommend item (eNPS). Import the catalogue first, then the "
               "answers are matched to it by question text.")
    st.download_button("questions.csv (the question catalogue)", question_set_csv(),
                       file_name="questions.csv", mime="text/csv", icon=":material/download:",
                       key="template-question-set")
    st.code(question_set_text(), language=None, wrap_lines=True)


def exporting() -> None:
    st.caption("What to download from each survey tool. The first upload of a tool's export "
               "asks you to confirm its mapping once; later exports with the same columns use it.")
    st.markdown("\n".join(f"- **{tool}** — {text}" for tool, text in EXPORT_HELP.items()))


def help_section(expanded: bool) -> None:
    """Templates, question set and export notes, folded away once data is loaded."""
    with st.expander("Templates, the recommended pulse questions, and how to export from your "
                     "survey tool", expanded=expanded, icon=":material/help:"):
        first, second, third = st.tabs(["Templates", "Pulse questions", "Exporting from survey tools"])
        with first:
            templates()
        with second:
            questions()
        with third:
            exporting()
