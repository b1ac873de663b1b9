"""No traceback reaches the browser: a failing page shows our message and a reference; the
server log gets where it failed, without survey answers or respondent ids."""

from __future__ import annotations

import shutil

from dashboard.config import PROJECT_ROOT
from dashboard.present import errors
from dashboard.store import db
from tests.apps.failing_page import ANSWER, RESPONDENT
from tests.apptest import app, texts

FAILING = str(PROJECT_ROOT / "tests" / "apps" / "failing_page.py")
FAILING_CALLBACK = str(PROJECT_ROOT / "tests" / "apps" / "failing_callback.py")


def test_a_failing_page_shows_our_message_and_logs_the_detail_without_data(caplog):
    log = errors.logger()
    log.addHandler(caplog.handler)
    try:
        at = app(FAILING, timeout=30).run()
    finally:
        log.removeHandler(caplog.handler)
    assert not at.exception  # nothing for Streamlit to show as a traceback
    shown = texts(at.error)
    assert "Something went wrong on this page" in shown
    reference = shown.split("reference **")[1].split("**")[0]
    assert len(reference) == 8
    for leak in ("Traceback", "RuntimeError", "KeyError", RESPONDENT, ANSWER, "failing_page.py"):
        assert leak not in shown
    assert "The page went on after the boundary." in texts(at.caption)
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert f"[ref {reference}] on Failing page (viewer)" in logged
    assert "read_answer" in logged and "builtins.KeyError" in logged
    assert RESPONDENT not in logged and ANSWER not in logged


def test_a_failing_widget_callback_is_said_like_a_failing_page(caplog):
    from tests.apps import failing_callback

    log = errors.logger()
    log.addHandler(caplog.handler)
    try:
        at = app(FAILING_CALLBACK, timeout=30).run()
        assert not at.error
        at.button[0].click().run()
    finally:
        log.removeHandler(caplog.handler)
    assert not at.exception  # the callback ran before the page, and still no traceback
    shown = texts(at.error)
    assert "Something went wrong on this page" in shown
    reference = shown.split("reference **")[1].split("**")[0]
    for leak in ("Traceback", "RuntimeError", failing_callback.RESPONDENT, failing_callback.ANSWER):
        assert leak not in shown
    assert "The page went on after the boundary." in texts(at.caption)
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert f"[ref {reference}] on callback recalculate" in logged
    assert failing_callback.RESPONDENT not in logged and failing_callback.ANSWER not in logged
    at.run()
    assert not at.error  # said once, not on every later run


def test_a_damaged_database_value_gives_the_message_not_a_traceback(demo_db_template, tmp_path,
                                                                     monkeypatch):
    path = tmp_path / "damaged.duckdb"
    shutil.copyfile(demo_db_template, path)
    with db.session(path) as con:
        con.execute("update meta set value = 'not a number' where key = 'data_version'")
    monkeypatch.setenv("EMPATHY_DB", str(path))
    at = app(timeout=60).run()
    assert not at.exception
    assert "Something went wrong on this page" in texts(at.error)
    assert "Conversion" not in texts(at.error) and not at.metric  # the page did not run
    assert "Local mode — no sign-in" in texts(at.sidebar.markdown)  # the app itself still works


def test_an_unreadable_database_file_is_said_in_words(tmp_path, monkeypatch):
    path = tmp_path / "empathy.duckdb"
    path.write_bytes(b"this is not a database" * 100)
    monkeypatch.setenv("EMPATHY_DB", str(path))
    at = app(timeout=60).run()
    assert not at.exception
    assert "python -m dashboard restore" in texts(at.error)
