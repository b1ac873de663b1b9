"""Driving the app through Streamlit's AppTest: open it (signed in or not, on a page, from a
link), go to another page, press a button, read what is shown.

Which database the app opens is set by the fixtures in ``tests/conftest.py`` (``on_empty``,
``on_demo``, ``on_own_demo``), through ``EMPATHY_DB``, as a user's shell would.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd
from streamlit.testing.v1 import AppTest

from dashboard.config import PROJECT_ROOT
from dashboard.present.markup import plain

APP = str(PROJECT_ROOT / "dashboard" / "app.py")
TIMEOUT = 90  # seconds for one script run: a first page on the demo on a busy machine

AUTH = {  # the shape st.login needs; never contacted here
    "redirect_uri": "http://127.0.0.1:8501/oauth2callback",
    "cookie_secret": "test-only-cookie-secret",
    "client_id": "dashboard",
    "client_secret": "test-only",
    "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
}
ROLES = {"admins": ["ana@example.com"], "analysts": ["bo@example.com"],
         "viewers": ["@example.com"]}
ADMIN, ANALYST, VIEWER, STRANGER = ("ana@example.com", "bo@example.com", "dee@example.com",
                                    "eve@elsewhere.org")


def texts(elements: Iterable[Any]) -> str:
    """The values of some elements (``at.caption``, ``at.error`` ...) as one string, as a
    person reads them: text the pages escaped for Markdown reads back as it was typed
    (``markup.plain``); tests/test_app_escaping.py reads the Markdown as it is sent."""
    return "\n".join(plain(str(e.value)) for e in elements)


def shown_table(element: Any) -> pd.DataFrame:
    """An ``st.table`` as a person reads it: its escaped headers, index and cells as typed."""
    frame = element.value.copy()
    frame.columns = [plain(str(c)) for c in frame.columns]
    frame.index = pd.Index([plain(i) if isinstance(i, str) else i for i in frame.index],
                           name=frame.index.name)
    for column in frame.columns:
        frame[column] = frame[column].map(lambda v: plain(v) if isinstance(v, str) else v)
    return frame


def app(script: str = APP, timeout: int = TIMEOUT) -> AppTest:
    """The app (or another script), not run yet, in local mode (no ``[auth]``)."""
    return AppTest.from_file(script, default_timeout=timeout)


def sign_in(at: AppTest, email: str | None, roles: Mapping[str, list[str]] = ROLES,
            auth: Mapping[str, Any] = AUTH, **claims: Any) -> AppTest:
    """Configure sign-in (``[auth]`` and ``[roles]``) and be ``email`` (None: signed out), an
    address the provider verified; ``claims`` add to or replace what the identity provider
    says (``email_verified=False``, ``email_verified=None`` for a provider that omits it)."""
    at.secrets["auth"], at.secrets["roles"] = dict(auth), dict(roles)
    user = {"is_logged_in": True, "email": email, "email_verified": True,
            "name": (email or "").split("@")[0], **claims}
    at.user = ({k: v for k, v in user.items() if v is not None}
               if email or claims else {"is_logged_in": False})
    return at


def go(at: AppTest, page: str) -> AppTest:
    """Switch to ``app_pages/<page>.py`` and run it; fail on an uncaught exception."""
    at.switch_page(f"app_pages/{page}.py").run()
    assert not at.exception, at.exception
    return at


def open_page(page: str | None = None, *, timeout: int = TIMEOUT,
              **query: str | list[str]) -> AppTest:
    """The app in local mode as a user opens it, with ``query`` as the link's parameters
    (``cohort=["Pilot"]``), then on ``page`` if given."""
    at = app(timeout=timeout)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return go(at, page) if page and page != "overview" else at


def open_app(email: str | None = None, page: str | None = None, *, auth: bool = True,
             roles: Mapping[str, list[str]] = ROLES, timeout: int = TIMEOUT) -> AppTest:
    """The app as ``email`` opens it (None: a signed-out visitor; ``auth=False``: local
    mode, no sign-in configured), then on ``page`` if given."""
    at = app(timeout=timeout)
    if auth:
        sign_in(at, email, roles)
    at.run()
    if page:
        at.switch_page(f"app_pages/{page}.py").run()
    assert not at.exception, at.exception
    return at


def click(at: AppTest, label: str) -> AppTest:
    """Press the one button (or form submit button) labelled ``label``, then check for
    errors; two buttons with one label would be ambiguous to a user too."""
    matches = [b for b in at.button if b.label == label]
    assert len(matches) == 1, f"{len(matches)} buttons {label!r} in {[b.label for b in at.button]}"
    matches[0].click().run()
    assert not at.exception, at.exception
    return at


def number_input(at: AppTest, label: str) -> Any:
    """The number input labelled ``label``."""
    return next(n for n in at.number_input if n.label == label)
