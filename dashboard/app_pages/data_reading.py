"""The Data page's "Reading the file" choices, the CLI's ``--keep-partials``, ``--dates`` and
``--header-row``: keep unfinished responses, read the dates day-first or month-first, take the
header from another row. Each is offered only where the file needs it (``reading_needs``):
unfinished responses in the file, dates that are not ISO (an ambiguous column must be settled;
one read from a few telling values can be turned round), title rows above the header or a
header not recognised.

A change checks the file again at once (the choices are part of the upload's preview key);
the import uses them, and a profile saved with it keeps the date order and the partials choice.
"""

from __future__ import annotations

import dataclasses

import streamlit as st

from dashboard.ingest.uploads import Checked, Upload, reading_needs
from dashboard.present import markup

WIDGET = "read-"
AS_FOUND = 0  # "as found" in the header row choice
HEADER_ROWS = 20  # rows offered for the header, or a few past the one found
DATE_WORDS = {"day_first": "day-first (D/M/YYYY)", "month_first": "month-first (M/D/YYYY)"}
ORDERS = ("", "day-first", "month-first")


def _key(sha256: str, what: str) -> str:
    return f"{WIDGET}{sha256[:16]}-{what}"


def with_reading(uploads: list[Upload]) -> list[Upload]:
    """The uploads with the reading choices made on this page (the widgets' values, read
    before the preview so a change is previewed on the same run)."""
    out = []
    for upload in uploads:
        state = st.session_state
        partials = bool(state.get(_key(upload.sha256, "partials"), False))
        order = state.get(_key(upload.sha256, "dates")) or None
        header = state.get(_key(upload.sha256, "header")) or None
        if partials or order or header:
            upload = dataclasses.replace(upload, keep_partials=partials, dates=order, header_row=header)
        out.append(upload)
    return out


def forget_reading() -> None:
    for key in [k for k in st.session_state if isinstance(k, str) and k.startswith(WIDGET)]:
        del st.session_state[key]


def _date_label(found: str | None) -> str:
    if found == "ambiguous":
        return "— choose: the dates could be read either way —"
    return f"as found: {DATE_WORDS[found]}" if found in DATE_WORDS else "as found in the file"


def reading_panel(item: Checked) -> None:
    """The reading choices this file needs (none: nothing shown)."""
    needs = reading_needs(item)
    if not needs.any:
        return
    sha = item.upload.sha256
    st.markdown("**Reading the file**")
    if needs.offer_partials:
        st.checkbox(f"Keep unfinished responses ({needs.partials:,} in this file)", key=_key(sha, "partials"),
                    help="Responses the respondent did not finish are left out unless kept; test "
                         "and preview rows are left out always.")
    if needs.offer_dates:
        found = needs.date_order if not item.upload.dates else None
        st.selectbox("Date order", ORDERS, key=_key(sha, "dates"),
                     format_func=lambda v: v.replace("-", " ") if v else _date_label(found),
                     help="How dates like 03/04/2026 are read: day-first is 3 April, month-first "
                          "is 4 March. The whole file is read one way.")
        if needs.date_order == "ambiguous" and not item.upload.dates:
            st.warning("Every date in this file could be day-first or month-first: choose the date "
                       "order above.", icon=":material/event:")
    if needs.offer_header:
        line = needs.header_line if not item.upload.header_row else None
        top = max(HEADER_ROWS, (needs.header_line or 0) + 5)
        word = markup.escape(item.result.position_word)
        st.selectbox(
            "Header row", list(range(top + 1)), key=_key(sha, "header"),
            format_func=lambda n: (f"{word} {n}" if n else
                                   (f"as found: {word} {line}" if line else "as found")),
            help="The row holding the column names; the title and note rows above it are skipped.")
        if needs.title_rows and not item.upload.header_row:
            st.caption(f"{needs.title_rows:,} title or note row(s) above the header skipped.")
