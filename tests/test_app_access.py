"""Sign-in and roles through Streamlit's AppTest, with its simulated user: the signed-out
visitor, a person without a role, viewer, analyst and admin, and local mode. Pages a role
may not open are refused on the server even when asked for directly."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.apptest import (
    ADMIN,
    ANALYST,
    AUTH,
    STRANGER,
    VIEWER,
    app,
    open_app,
    sign_in,
    texts,
)


@pytest.fixture
def no_database(tmp_path, monkeypatch) -> Path:
    """A database path with no file: opening the database would create it."""
    path = tmp_path / "never-opened.duckdb"
    monkeypatch.setenv("EMPATHY_DB", str(path))
    return path


# --- before a role is known: nothing is read ---------------------------------------------


def test_a_signed_out_visitor_sees_only_the_sign_in_page_and_nothing_is_read(no_database):
    at = open_app(None)
    assert [t.value for t in at.title] == ["Empathy pilot dashboard"]
    assert [b.label for b in at.button] == ["Sign in"]
    assert not texts(at.sidebar.markdown) and not texts(at.sidebar.caption)
    assert not at.dataframe and not at.metric and not at.file_uploader
    assert not no_database.exists()  # the database was never opened
    for page in ("overview", "data", "admin"):  # no other page exists for this session
        with pytest.raises(ValueError, match=r"Known pages: \[[^,]*sign_in\.py'\]"):
            at.switch_page(f"app_pages/{page}.py")


def test_named_providers_get_one_button_each(no_database):
    at = app()
    at.secrets["auth"] = {"redirect_uri": AUTH["redirect_uri"],
                          "cookie_secret": AUTH["cookie_secret"],
                          "microsoft": {**AUTH}, "okta": {**AUTH}}
    at.user = {"is_logged_in": False}
    at.run()
    assert [b.label for b in at.button] == ["Sign in with Microsoft", "Sign in with Okta"]


def test_an_incomplete_auth_section_fails_with_our_message_not_a_traceback(no_database):
    at = app()
    at.secrets["auth"] = {"client_id": "only this"}
    at.user = {"is_logged_in": False}
    at.run()
    at.button(key="sign_in").click().run()
    assert not at.exception
    assert "Something went wrong on this page" in texts(at.error)
    assert "secrets" not in texts(at.error)


def test_a_signed_in_person_without_a_role_is_told_to_ask_an_admin(no_database):
    at = open_app(STRANGER)
    assert at.title[0].value == "No access — ask an admin"
    assert STRANGER in texts(at.markdown)
    assert [b.label for b in at.button] == ["Sign out"]
    with pytest.raises(ValueError, match=r"Known pages: \[[^,]*no_access\.py'\]"):
        at.switch_page("app_pages/overview.py")
    assert not no_database.exists()


def test_an_unverified_email_gets_no_role(no_database):
    at = sign_in(app(), ADMIN, email_verified=False).run()
    assert at.title[0].value == "No access — ask an admin"


def test_signing_out_leads_back_to_the_sign_in_page(on_demo):
    at = open_app(VIEWER)
    at.sidebar.button(key="sign_out").click().run()
    at.run()
    assert [b.label for b in at.button] == ["Sign in"]


# --- each role ----------------------------------------------------------------------------


def test_a_viewer_sees_the_kpi_pages_and_who_is_signed_in(on_demo):
    at = open_app(VIEWER)
    assert "Signed in as **`dee@example.com`** · viewer" in texts(at.sidebar.caption)
    assert at.sidebar.button(key="sign_out").label == "Sign out"
    assert len(at.metric) == 13 and "Local mode" not in texts(at.sidebar.markdown)
    choices = {group.key: group.options for group in at.get("button_group")}
    assert choices["rater-group"] == ["Team"]  # self ratings are for HR
    for page, title in (("pulse", "Pulse survey"), ("rubric", "Rubric"), ("impact", "Impact & ROI"),
                        ("business", "Business outcomes")):
        at.switch_page(f"app_pages/{page}.py").run()
        assert not at.exception and at.title[0].value == title
    at.switch_page("app_pages/review.py").run()
    assert at.title[0].value == "Quarterly review" and not at.error


@pytest.mark.parametrize(("email", "page", "needed"), [
    (VIEWER, "data", "analyst"),
    (VIEWER, "admin", "admin"),
    (ANALYST, "admin", "admin"),
])
def test_a_page_above_the_role_is_refused_on_the_server(on_demo, email, page, needed):
    at = open_app(email, page)
    refusal = texts(at.error)
    assert f"needs the {needed} role" in refusal and "Ask an admin" in refusal
    assert not at.file_uploader and not at.dataframe and not at.title  # the page never ran
    assert not at.get("form")


def test_an_analyst_reaches_the_data_page_but_not_admin(on_demo):
    at = open_app(ANALYST, "data")
    assert at.title[0].value == "Data" and len(at.file_uploader) == 1
    assert "· analyst" in texts(at.sidebar.caption)


def test_an_admin_reaches_every_page(on_demo):
    at = open_app(ADMIN, "admin")
    assert at.title[0].value == "Admin" and not at.error
    assert [s.value for s in at.main.subheader] == ["Thresholds", "ROI default assumptions",
                                               "Erase one person", "Audit log"]
    at.switch_page("app_pages/data.py").run()
    assert len(at.file_uploader) == 1


def test_hr_only_detail_is_left_out_for_viewers(on_demo):
    viewer = open_app(VIEWER, "pulse")
    analyst = open_app(ANALYST, "pulse")
    assert "shown to HR (the analyst and admin roles) only" in texts(viewer.caption)
    assert not any(e.label.startswith("Comments") for e in viewer.expander)
    assert any(e.label.startswith("Comments") for e in analyst.expander)
    assert len(viewer.get("plotly_chart")) == len(analyst.get("plotly_chart")) - 1  # no gap chart
    viewer_rubric, analyst_rubric = open_app(VIEWER, "rubric"), open_app(ANALYST, "rubric")
    assert "Leaders × dimensions (for HR)" not in texts(viewer_rubric.subheader)
    assert "Leaders × dimensions (for HR)" in texts(analyst_rubric.subheader)


# --- the cache never serves one role's result to another ---------------------------------


def _raters(at: AppTest) -> set[str]:
    """The rater groups in the Pulse page's table of every cell of the first question (on the
    "One question" view: the page opens on the overall index, issue 17)."""
    at.segmented_control(key="pulse_view").set_value("question").run()
    assert not at.exception
    return set(at.dataframe[0].value["Raters"])


@pytest.mark.parametrize("order", [("analyst", "viewer"), ("viewer", "analyst")])
def test_the_cache_keys_role_dependent_reads_on_the_role(shared_demo, tmp_path, monkeypatch,
                                                         order):
    """Whoever comes first fills the cache; the next role still gets its own result."""
    path = tmp_path / f"cache-{order[0]}.duckdb"  # a new path: a cold cache for this test
    shutil.copyfile(shared_demo, path)
    monkeypatch.setenv("EMPATHY_DB", str(path))
    emails = {"analyst": ANALYST, "viewer": VIEWER}
    seen = {role: _raters(open_app(emails[role], "pulse")) for role in order}
    assert seen["analyst"] == {"others", "self"}
    assert seen["viewer"] == {"others"}


# --- local mode ---------------------------------------------------------------------------


def test_local_mode_says_so_and_gives_every_role(on_demo):
    at = open_app(auth=False)
    assert "Local mode — no sign-in" in texts(at.sidebar.markdown)
    assert not [b for b in at.sidebar.button if b.label == "Sign out"]
    at.switch_page("app_pages/admin.py").run()
    assert at.title[0].value == "Admin" and not at.error
