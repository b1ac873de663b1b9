"""What a person does with the app, in a real browser: the first visit on an empty
database, the demo, every page (screenshots of each), filters that live in the link, and
uploads of a bad and a good file.

Screenshots land in ``test-artifacts/screenshots/`` for a person to look at.
"""

from __future__ import annotations

import time
from pathlib import Path

from playwright.sync_api import Page, expect

from dashboard.config import SAMPLE_DIR
from tests.e2e.browser import (
    PageWatch,
    dataframe_rows,
    goto_page,
    open_app,
    pick_option,
    remove_upload,
    screenshot,
    upload,
    wait_idle,
)
from tests.e2e.server import AppServer, StartApp

PAGES = ["Overview", "Pulse survey", "Rubric", "Business outcomes", "Impact & ROI", "Data"]
BAD_PULSE = ("response_id,submitted_at,respondent_id,rater_type,leader_id,understood\n"
             "X1,2026-11-03,Z9999,boss,L001,3\n"
             "X2,2026-11-03,M0003,peer,L001,9\n"
             "X1,2026-11-04,M0004,peer,L001,3\n")
NOVEMBER = "period,leader_id,metric,value\n" + "".join(
    f"2026-11,L00{i},{metric},{value}\n" for i in range(1, 4)
    for metric, value in (("headcount", 8), ("escalations", 3), ("interactions", 120)))


def metric_value(page: Page, label: str):
    """The value of the card whose label is ``label``."""
    card = page.get_by_test_id("stMetric").filter(
        has=page.get_by_test_id("stMetricLabel").get_by_text(label, exact=True))
    return card.get_by_test_id("stMetricValue")


def charts_drawn(page: Page, at_least: int) -> None:
    """Wait until plotly has drawn ``at_least`` charts (their SVG exists)."""
    expect(page.locator(".js-plotly-plot .main-svg").nth(2 * at_least - 1)).to_be_attached()


def loaded_rows(page: Page, timeout: float = 20.0) -> dict[str, str]:
    """Rows per kind from the Data page's 'What is loaded' table (the first visible grid
    with a Kind column: upload previews add grids above it).

    The grids are drawn after the script finished, so they are looked for until
    ``timeout`` seconds have passed.
    """
    deadline = time.monotonic() + timeout
    while True:
        grids = page.get_by_test_id("stDataFrame")
        for index in range(grids.count()):
            if not grids.nth(index).is_visible():  # inside a closed expander
                continue
            rows = dataframe_rows(page, index=index)
            if rows and "Kind" in rows[0]:
                return {row["Kind"]: row["Rows"] for row in rows}
        if time.monotonic() > deadline:
            raise AssertionError("no 'What is loaded' table on the page")
        page.wait_for_timeout(250)


def test_first_visit_every_page_empty_then_with_the_demo(
        page: Page, app_server: AppServer, page_watch: PageWatch) -> None:
    open_app(page, app_server.url)
    expect(page.get_by_role("heading", name="Nothing is loaded yet")).to_be_visible()
    expect(page.get_by_role("link", name="Upload exports on the Data page")).to_be_visible()
    screenshot(page, "empty-overview")
    for title in PAGES[1:5]:
        goto_page(page, title)
        expect(page.get_by_role("heading", name=title, exact=True)).to_be_visible()
        expect(page.get_by_test_id("stAlert")).to_contain_text("Nothing is loaded yet")
        expect(page.get_by_role("link", name="Upload exports on the Data page")).to_be_visible()
    screenshot(page, "empty-impact-roi")
    page.get_by_role("link", name="Upload exports on the Data page").click()
    expect(page.get_by_test_id("stFileUploader")).to_be_visible()
    wait_idle(page)
    screenshot(page, "empty-data")

    goto_page(page, "Overview")
    page.get_by_role("button", name="Load demo data").click()
    # seven imports, then the Overview's first computation: 8.6 s in a browser alone, more beside other tests
    expect(page.get_by_test_id("stAlert").first).to_contain_text("Demo data", timeout=60_000)
    expect(metric_value(page, "Team-rated empathy")).to_have_text("+0.17")  # the effect vs comparison
    # a small trend on each of the ten impact cards: pictures, not plotly charts
    expect(page.get_by_test_id("stImage").nth(9)).to_be_visible()
    expect(page.locator(".js-plotly-plot")).to_have_count(0)
    screenshot(page, "demo-overview")
    expected_charts = {"Pulse survey": 4, "Rubric": 4, "Business outcomes": 1, "Impact & ROI": 4}
    for title, charts in expected_charts.items():
        goto_page(page, title)
        expect(page.get_by_role("heading", name=title, exact=True)).to_be_visible()
        charts_drawn(page, charts)
        expect(page.get_by_test_id("stException")).to_have_count(0)
        screenshot(page, f"demo-{title.lower().replace(' & ', '-').replace(' ', '-')}")
    goto_page(page, "Data")
    expect(page.get_by_role("heading", name="Import log")).to_be_visible()
    assert loaded_rows(page)["pulse"] == "2468"
    screenshot(page, "demo-data")
    page_watch.assert_clean()


def test_filters_change_the_numbers_and_live_in_the_link(
        page: Page, demo_app_server: AppServer, page_watch: PageWatch) -> None:
    open_app(page, demo_app_server.url)
    microlearning = metric_value(page, "Microlearning")
    expect(microlearning).to_have_text("97.2%")
    sidebar = page.get_by_test_id("stSidebar")
    pick_option(page, sidebar.get_by_test_id("stMultiSelect").first.locator("input").first, "Pilot")
    page.keyboard.press("Escape")
    expect(microlearning).to_have_text("100.0%")  # the Pilot's 20 enrolments, all completed
    wait_idle(page)
    assert "cohort=Pilot" in page.url
    expect(page.get_by_text("Pilot · program and comparison · all modules")).to_be_visible()
    screenshot(page, "filtered-overview-pilot")

    page.reload()  # a shared link / a reload keeps the view
    wait_idle(page)
    expect(microlearning).to_have_text("100.0%")
    expect(sidebar.get_by_test_id("stMultiSelect").first).to_contain_text("Pilot")

    goto_page(page, "Pulse survey")  # and so does changing page
    assert "cohort=Pilot" in page.url
    expect(page.get_by_text("Pilot · program and comparison · all modules")).to_be_visible()
    charts_drawn(page, 4)
    page.get_by_text("Same numbers from the command line").click()
    expect(page.get_by_test_id("stCode").first).to_contain_text(
        "python -m dashboard kpi pulse_trend --cohort Pilot")
    screenshot(page, "filtered-pulse-pilot")
    page_watch.assert_clean()


def test_a_bad_upload_changes_nothing_and_a_good_one_changes_the_numbers(
        page: Page, start_app: StartApp, tmp_path: Path, page_watch: PageWatch) -> None:
    server = start_app(demo=True)
    open_app(page, server.url)
    goto_page(page, "Data")
    before = loaded_rows(page)

    bad = tmp_path / "pulse-november.csv"
    bad.write_text(BAD_PULSE, encoding="utf-8")
    upload(page, bad)
    expect(page.get_by_test_id("stExpander").first).to_contain_text(
        "pulse-november.csv — pulse survey responses: 3 problem(s)")
    expect(page.get_by_text("Nothing to import")).to_be_visible()
    page.get_by_text("Every problem with its line").click()  # the full table under the grouped report
    wait_idle(page)
    problems = dataframe_rows(page, index=1)
    assert [row["Line"] for row in problems] == ["2", "3", "4"]
    assert "unknown rater type 'boss'" in problems[0]["Problem"]
    screenshot(page, "upload-bad-file")
    assert loaded_rows(page) == before
    remove_upload(page, bad.name)

    good = tmp_path / "outcomes-nov.csv"  # long names are shortened in the file chip
    good.write_text(NOVEMBER, encoding="utf-8")
    upload(page, good)
    expect(page.get_by_test_id("stExpander").first).to_contain_text("9 rows ready to import")
    screenshot(page, "upload-good-file-preview")
    assert loaded_rows(page) == before
    page.get_by_role("button", name="Import 1 file(s)").click()
    expect(page.get_by_test_id("stAlert").filter(has_text="rows stored")).to_contain_text(
        "outcomes-nov.csv — business outcomes: 9 rows stored")
    wait_idle(page)
    after = loaded_rows(page)
    assert after["outcomes"] == "2529" and after["pulse"] == before["pulse"]
    screenshot(page, "upload-good-file-imported")
    goto_page(page, "Overview")  # every page sees the import at once
    expect(page.get_by_text("business outcomes Nov 2026")).to_be_visible()
    goto_page(page, "Data")

    same = SAMPLE_DIR / "schedule.csv"
    upload(page, same)
    expect(page.get_by_test_id("stExpander").first).to_contain_text(
        "identical to import 2; importing it again changes nothing")
    page_watch.assert_clean()
