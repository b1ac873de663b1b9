"""A two-page Streamlit app with a file uploader: exercises the browser helpers themselves.

The dashboard has one page and no uploader yet, so ``goto_page`` and ``upload`` are checked
here rather than waiting for the first page that needs them.
"""

from __future__ import annotations

import streamlit as st


def first() -> None:
    st.header("First page")


def uploads() -> None:
    st.header("Upload page")
    file = st.file_uploader("A file")
    if file is not None:
        st.write(f"received {file.name}: {len(file.getvalue())} bytes")


st.navigation([st.Page(first, title="First", default=True),
               st.Page(uploads, title="Upload", url_path="upload")]).run()
