"""The Streamlit app's entry point: a router over the pages in ``app_pages/``.

Run with ``streamlit run dashboard/app.py``. Streamlit puts ``dashboard/`` on the path; the
project root is added so every module is imported once, as ``dashboard.<name>``.

Every run, in this order:

0. Streamlit's own "Download as CSV" of tables is off (``client.disableDataExport``): the
   pages' downloads neutralise formulas, Streamlit's would not.
1. Who is looking (``shared.visitor``), before anything is read. With ``[auth]`` in
   ``.streamlit/secrets.toml``, a visitor who is not signed in gets only the sign-in page and
   a signed-in person not listed in ``[roles]`` only the "no access" page; neither touches the
   database. Without ``[auth]`` the app is in local mode: every role, and a note saying so.
2. Navigation over every page; the pages a role may not open are hidden from the menu, and
   the page chosen — by the menu, a link or ``st.switch_page`` — is checked against the
   role here, on the server, before it runs (``dashboard.present.access.PAGE_ACTIONS``).
3. The data version (the cache key), the shared sidebar (account, filters with the admin's
   minimum group size), the demo label, then the page — inside a failure boundary that shows
   our message and a reference instead of a traceback and logs the (redacted) detail.
4. After the page, the first run that sees a data version starts building the other pages'
   numbers and the quarterly review ahead, in the background (``app_pages/ahead.py``).

Add a page by adding it to ``PAGES`` under its section, and its permission to
``PAGE_ACTIONS`` in ``dashboard/present/access.py`` (an unmapped page is admin-only).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402
from streamlit.navigation.page import StreamlitPage  # noqa: E402

from dashboard.app_pages import ahead, shared, sidebar  # noqa: E402
from dashboard.present import access, errors, markup  # noqa: E402

APP_DIR = Path(__file__).resolve().parent

# section -> (page file in app_pages/ without .py, title, icon); the first page is the default.
PAGES: dict[str, list[tuple[str, str, str]]] = {
    "Program impact": [
        ("overview", "Overview", ":material/dashboard:"),
        ("pulse", "Pulse survey", ":material/forum:"),
        ("rubric", "Rubric", ":material/rule:"),
        ("business", "Business outcomes", ":material/trending_up:"),
        ("impact", "Impact & ROI", ":material/balance:"),
        ("review", "Quarterly review", ":material/description:"),
    ],
    "Data": [
        ("data", "Data", ":material/database:"),
        ("plan", "Pilot plan", ":material/event_note:"),
    ],
    "Admin": [
        ("admin", "Admin", ":material/admin_panel_settings:"),
    ],
}

# pages the sidebar's filters do not apply to (they have their own choices)
FILTERS_IGNORED = ("review", "plan", "admin")


def _only(path: str, title: str, icon: str) -> None:
    """Run a single page with no menu (sign-in, no access): nothing else is reachable. A
    sign-in that fails (e.g. an incomplete ``[auth]``) shows our message, not a traceback."""
    page = st.navigation([st.Page(path, title=title, icon=icon)], position="hidden")
    with shared.failure_boundary(title):
        page.run()
    st.stop()


def _navigation(role: str | None) -> tuple[StreamlitPage, str]:
    """Every existing page, those the role may not open hidden from the menu; returns the
    page to run and its file name."""
    sections: dict[str, list] = {}
    hidden: list = []
    key_of: dict[str, str] = {}
    first = True
    for section, pages in PAGES.items():
        for key, title, icon in pages:
            if not (APP_DIR / "app_pages" / f"{key}.py").is_file():
                continue
            allowed = access.can(role, access.page_action(key))
            page = st.Page(f"app_pages/{key}.py", title=title, icon=icon, default=first,
                           visibility="visible" if allowed else "hidden")
            first = False
            key_of[title] = key
            (sections.setdefault(section, []) if allowed else hidden).append(page)
    # hidden pages stay reachable by address only to be refused below with a clear message
    sections[next(iter(sections))].extend(hidden)
    chosen = st.navigation(sections)
    return chosen, key_of[chosen.title]


def _no_table_export() -> None:
    """Streamlit's own "Download as CSV" on every ``st.dataframe`` writes cells as they are,
    so a name starting with ``=`` becomes a formula in a spreadsheet; ``.streamlit/config.toml``
    turns it off, and a server started without that file gets it turned off here (the
    browser learns the option when a run starts, hence the one rerun)."""
    if not st.get_option("client.disableDataExport"):
        st.set_option("client.disableDataExport", True)
        st.rerun()


_no_table_export()
st.set_page_config(page_title="Empathy pilot dashboard", page_icon="🤝", layout="wide")
errors.logger()

visitor = shared.visitor()
if visitor.state == "signed_out":
    _only("app_pages/sign_in.py", "Sign in", ":material/login:")
if visitor.state == "no_access":
    _only("app_pages/no_access.py", "No access", ":material/block:")

navigation, page_key = _navigation(visitor.role)
sidebar.account(visitor.role, visitor.email, visitor.local, st.get_option("server.address"),
                explain=page_key in ("data", "admin"))
if not access.can(visitor.role, access.page_action(page_key)):
    st.error(f"**{markup.escape(navigation.title)}** is not open to you: it needs the "
             f"{markup.escape(access.needed_role(access.page_action(page_key)))} role (you are "
             f"{markup.escape(visitor.role)}). Ask an admin if you need it.", icon=":material/lock:")
    st.stop()

with shared.failure_boundary(f"{navigation.title} ({visitor.role})"), shared.holding_the_database():
    shared.begin_run()  # a busy or unreadable database is said in words, and stops here
    shared.set_filters(sidebar.render(
        shared.options(), shared.min_group(),
        ("others", "self") if shared.can("view_leaders") else ("others",),
        ignored_by=navigation.title if page_key in FILTERS_IGNORED else ""))
    shared.render_banner()
    try:
        navigation.run()
    finally:  # after the page (even one that stopped early): the next pages, built ahead
        ahead.schedule(shared.db_path(), shared.data_version())
