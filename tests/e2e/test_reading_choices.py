"""The Data page's reading choices in a real browser: a Qualtrics export whose dates could be
read either way is refused until the analyst picks the date order, then imports with the
month that order gives."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from dashboard.ingest import ingest_files
from dashboard.store import db
from tests.e2e.browser import PageWatch, goto_page, open_app, pick_option, screenshot, upload, wait_idle
from tests.e2e.server import StartApp

EXPORTS = Path(__file__).resolve().parents[1] / "fixtures" / "exports"


def _ambiguous_dates() -> str:
    """The Qualtrics fixture with every EndDate 2/3/2026: 2 March or 3 February?"""
    lines = (EXPORTS / "qualtrics" / "numeric_values.csv").read_text().splitlines()
    out = lines[:3]
    for line in lines[3:]:
        cells = line.split(",")
        cells[1] = "2/3/2026 14:09"
        out.append(",".join(cells))
    return "\n".join(out) + "\n"


def test_the_date_order_is_chosen_on_the_page_and_the_import_uses_it(
        page: Page, start_app: StartApp, tmp_path: Path, page_watch: PageWatch) -> None:
    path = tmp_path / "pilot.duckdb"
    with db.session(path) as con:
        assert all(r.ok for r in ingest_files(con, [EXPORTS / "roster.csv", EXPORTS / "questions.csv"]))
    server = start_app(path)
    open_app(page, server.url)
    goto_page(page, "Data")
    export = tmp_path / "march.csv"
    export.write_text(_ambiguous_dates(), encoding="utf-8")
    upload(page, export)
    panel = page.get_by_test_id("stExpander").first
    expect(panel).to_contain_text("march.csv — pulse survey responses: 1 problem(s)")
    expect(page.get_by_text("Every date in this file could be day-first or month-first")).to_be_visible()
    order = page.get_by_test_id("stSelectbox").filter(has_text="Date order")
    pick_option(page, order, "day first")
    expect(panel).to_contain_text("4 rows ready to import")
    wait_idle(page)
    screenshot(page, "upload-date-order-chosen")
    page.get_by_role("button", name="Import 1 file(s)").click()
    expect(page.get_by_test_id("stAlert").filter(has_text="rows stored")).to_contain_text(
        "march.csv — pulse survey responses: 4 rows stored")
    wait_idle(page)
    page_watch.assert_clean()
    with db.session(path) as con:
        assert con.execute("select distinct period from pulse_response").fetchall() == [("2026-03",)]
