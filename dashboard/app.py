"""The Streamlit app's entry point: a router over the pages in ``app_pages/``.

Run with ``streamlit run dashboard/app.py``. Streamlit puts ``dashboard/`` on the path; the
project root is added so every module is imported once, as ``dashboard.<name>``.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from dashboard.app_pages import shared  # noqa: E402

st.set_page_config(page_title="Empathy pilot dashboard", page_icon="🤝", layout="wide")

PAGES = {
    "Program impact": [
        st.Page("app_pages/home.py", title="Home", icon="🏠", default=True),
        st.Page("app_pages/review.py", title="Quarterly review", icon="📄"),
    ],
}

navigation = st.navigation(PAGES)
shared.render_banner()
navigation.run()
