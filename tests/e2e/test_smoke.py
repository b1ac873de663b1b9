"""The first visit, in a real browser: an empty database explains itself and loads the demo."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.e2e.browser import PageWatch, dataframe_rows, goto_page, open_app, screenshot, wait_idle
from tests.e2e.server import AppServer


def test_empty_database_explains_itself_then_loads_the_demo(
        page: Page, app_server: AppServer, page_watch: PageWatch) -> None:
    open_app(page, app_server.url)
    expect(page.get_by_role("heading", name="Nothing is loaded yet")).to_be_visible()
    expect(page.get_by_test_id("stTable")).to_contain_text("Pulse survey responses")
    expect(page.get_by_test_id("stAlert")).to_have_count(0)  # no demo banner yet
    screenshot(page, "smoke-empty-database")

    page.get_by_role("button", name="Load demo data").click()
    expect(page.locator(".st-key-answer-banner")).to_contain_text("Did the pilot work?",
                                                                  timeout=60_000)  # the answer first
    expect(page.get_by_test_id("stAlert")).to_contain_text("Demo data")
    wait_idle(page)
    goto_page(page, "Data")  # what is loaded is on the Data page (issue 17)
    expect(page.get_by_role("heading", name="What is loaded")).to_be_visible()
    grids = page.get_by_test_id("stDataFrame")
    first = next(i for i in range(grids.count()) if grids.nth(i).is_visible())  # not in a closed expander
    loaded = {row["Kind"]: row for row in dataframe_rows(page, index=first)}
    assert loaded["pulse"]["Rows"] == "2468"
    assert loaded["roster"]["Rows"] == "273"
    expect(page.get_by_text("7 active import(s); latest:")).to_be_visible()
    screenshot(page, "smoke-demo-loaded")

    page_watch.assert_clean()
