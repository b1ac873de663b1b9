"""Local mode, the Admin page and a failing page, in a real browser: the local-mode note,
a threshold changed and used at once, and our message instead of a traceback."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from dashboard.store import db
from tests.e2e.browser import goto_page, open_app, screenshot, wait_idle
from tests.e2e.server import StartApp


def test_local_mode_admin_changes_k_and_every_page_follows(page: Page, start_app: StartApp) -> None:
    app = start_app(demo=True)
    open_app(page, app.url)
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar).to_contain_text("Local mode — no sign-in")
    expect(sidebar.get_by_role("button", name="Sign out")).to_have_count(0)
    goto_page(page, "Admin")
    expect(page.get_by_role("heading", name="Audit log")).to_be_visible()
    field = page.get_by_role("spinbutton", name="Minimum group size k")
    field.fill("8")
    page.get_by_role("button", name="Save threshold").click()
    expect(page.get_by_test_id("stAlert").filter(has_text="Saved")).to_contain_text(
        "Saved: min_group 5 → 8")
    wait_idle(page)
    screenshot(page, "admin-page")
    goto_page(page, "Pulse survey")
    expect(sidebar).to_contain_text("fewer than 8 respondents are hidden")
    with db.session(app.db_path) as con:
        assert con.execute("select value from meta where key = 'min_group'").fetchone() == ("8",)


def test_a_failing_page_shows_our_message_and_no_traceback(page: Page, start_app: StartApp,
                                                          tmp_path) -> None:
    path = tmp_path / "damaged.duckdb"
    with db.session(path) as con:
        con.execute("insert or replace into meta values ('data_version', 'damaged')")
    app = start_app(path)
    open_app(page, app.url)
    alert = page.get_by_test_id("stAlert")
    expect(alert).to_contain_text("Something went wrong on this page")
    expect(page.get_by_test_id("stException")).to_have_count(0)
    text = page.get_by_test_id("stMain").inner_text()
    assert "Traceback" not in text and "ConversionException" not in text
    reference = alert.inner_text().split("reference ")[1].split(":")[0].strip()
    wait_idle(page)
    screenshot(page, "failing-page")
    log = app.log()
    assert f"[ref {reference}]" in log and "Traceback" in log  # the detail is in the server log
