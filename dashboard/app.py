"""The Streamlit app's entry point: a router over the pages in ``app_pages/``.

Run with ``streamlit run dashboard/app.py``. Streamlit puts ``dashboard/`` on the path; the
project root is added so every module is imported once, as ``dashboard.<name>``.

Every run: read the data version (the cache key), draw the shared sidebar filters (bound to
the URL), label demo data, then run the chosen page. Add a page by adding an ``st.Page`` to
``PAGES`` under its section.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from dashboard.app_pages import shared, sidebar  # noqa: E402
from dashboard.db import DatabaseError  # noqa: E402

st.set_page_config(page_title="Empathy pilot dashboard", page_icon="🤝", layout="wide")

PAGES = {
    "Program impact": [
        st.Page("app_pages/overview.py", title="Overview", icon=":material/dashboard:", default=True),
        st.Page("app_pages/pulse.py", title="Pulse survey", icon=":material/forum:"),
        st.Page("app_pages/rubric.py", title="Rubric", icon=":material/rule:"),
        st.Page("app_pages/business.py", title="Business outcomes", icon=":material/trending_up:"),
        st.Page("app_pages/impact.py", title="Impact & ROI", icon=":material/balance:"),
        st.Page("app_pages/review.py", title="Quarterly review", icon=":material/description:"),
    ],
    "Data": [
        st.Page("app_pages/data.py", title="Data", icon=":material/database:"),
        st.Page("app_pages/plan.py", title="Pilot plan", icon=":material/event_note:"),
    ],
}

navigation = st.navigation(PAGES)
try:
    shared.begin_run()
except DatabaseError as problem:  # busy for longer than the wait, or not a database at all
    st.error(str(problem), icon=":material/database:")
    st.stop()
shared.set_filters(sidebar.render(shared.options()))
shared.render_banner()
navigation.run()
