"""Names with payloads, in a real browser: text on the page, never a link, an image, HTML,
LaTeX or an emoji — and no request to the attacker's host.

The app runs on the pilot of ``tests/payload_data.py`` (payloads in a cohort, a module, a
question, comments, a leader id and a file name). On the Overview, Pulse survey (comments
open), Rubric, Pilot plan, Data (import log, and an upload named with payloads) and the
Quarterly review (the report in its frame), the DOM holds nothing the payloads could have made,
the payloads read as typed, and every request stays on 127.0.0.1 (``PageWatch``, with
Chromium's host rules making any other name unresolvable). Streamlit's own "Download as CSV"
of a table is gone. Screenshots: ``test-artifacts/screenshots/escaping-*.png``.
"""

from __future__ import annotations

import shutil
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Frame, Page, expect

from dashboard.store import db
from tests.e2e.browser import goto_page, open_app, screenshot, wait_idle
from tests.e2e.conftest import SERVER_LOG_DIR
from tests.e2e.server import AppServer, StartApp, start_app_server
from tests.payload_data import COHORT, FILE, LEADER, MODULE, load_payload_pilot

# What a payload would have made of the DOM, found by script: links and images to the
# attacker, javascript: links (Streamlit turns them into "#"), mail links, HTML, LaTeX, emoji.
FOUND_JS = """() => {
  const found = [];
  for (const img of document.querySelectorAll('img')) {
    const src = img.getAttribute('src') || '';
    if (src.includes('attacker') || src === 'x' || src.endsWith('/x')) found.push('img ' + src);
  }
  for (const a of document.querySelectorAll('a')) {
    const href = a.getAttribute('href') || '';
    if (href.includes('attacker') || href === '#' || /^(javascript|mailto):/i.test(href)) found.push('a ' + href);
  }
  for (const el of document.querySelectorAll('[onerror], .katex, script[src*=attacker]')) {
    found.push(el.outerHTML.slice(0, 80));
  }
  const text = document.body ? document.body.innerText : '';
  if (text.includes('\\u{1F604}')) found.push('emoji :smile:');
  return found;
}"""
TEXT_JS = "() => document.body.innerText.replaceAll('\\u2060', '')"


def made_by_payloads(page: Page) -> list[str]:
    """What the payloads made in the page and in each frame (the report's)."""
    found: list[str] = []
    frames: list[Frame] = list(page.frames)
    for frame in frames:
        found += [f"{frame.url[:40]}: {item}" for item in frame.evaluate(FOUND_JS)]
    return found


def shows_as_text(page: Page, *values: str) -> None:
    """Each value is on the page as typed (the word joiners the escaping adds are invisible;
    tabs and carriage returns show as spaces, and runs of spaces as one)."""
    text = " ".join(page.evaluate(TEXT_JS).split())
    for value in values:
        assert " ".join(value.split()) in text, f"{value[:50]!r} is not shown as text"


@pytest.fixture(scope="module")
def payload_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("payload")
    path = folder / "payload.duckdb"
    with db.session(path) as con:
        load_payload_pilot(con, folder)
    return path


@pytest.fixture(scope="module")
def payload_app(payload_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    """The app on the payload pilot, shared by this module's read-only tests."""
    path = tmp_path_factory.mktemp("payload-app") / "payload.duckdb"
    shutil.copyfile(payload_db, path)
    server = start_app_server(path, SERVER_LOG_DIR / "test_escaping-payload.log")
    yield server
    server.stop()


def check(page: Page, name: str, *shown: str) -> None:
    wait_idle(page)
    assert made_by_payloads(page) == []
    shows_as_text(page, *shown)
    screenshot(page, f"escaping-{name}")


def test_overview_with_the_cohort_chosen_in_the_link(page: Page, payload_app: AppServer) -> None:
    open_app(page, f"{payload_app.url}/?{urllib.parse.urlencode({'cohort': COHORT})}")
    expect(page.get_by_test_id("stMetric").first).to_be_visible()
    check(page, "overview", COHORT)
    goto_page(page, "Data")  # the latest import's file name moved to the Data page (issue 17)
    check(page, "data", FILE)


def test_pulse_with_its_comments_open(page: Page, payload_app: AppServer) -> None:
    open_app(page, payload_app.url)
    goto_page(page, "Pulse survey")
    page.get_by_test_id("stExpander").filter(has_text="Comments from team members").locator("summary").click()
    expect(page.get_by_test_id("stDataFrame").last).to_be_visible()
    check(page, "pulse")
    page.get_by_test_id("stDataFrame").last.hover()
    toolbar = page.get_by_test_id("stElementToolbar").last
    expect(toolbar.get_by_role("button").first).to_be_attached()
    labels = [b.get_attribute("aria-label") or b.inner_text() for b in toolbar.get_by_role("button").all()]
    assert "Download as CSV" not in labels and labels  # Streamlit's own download is off


def test_rubric_captions(page: Page, payload_app: AppServer) -> None:
    open_app(page, payload_app.url)
    goto_page(page, "Rubric")
    expect(page.get_by_text("share of leaders at each level", exact=False)).to_be_visible()
    check(page, "rubric", COHORT)


def test_pilot_plan_every_tab(page: Page, payload_app: AppServer) -> None:
    open_app(page, payload_app.url)
    goto_page(page, "Pilot plan")
    expect(page.get_by_test_id("stTable").first).to_be_visible()
    check(page, "plan", COHORT, MODULE)
    shows_as_text(page, LEADER.strip())
    for tab in ("Modules and dates", "Measurement calendar"):
        page.get_by_role("tab", name=tab).click()
        wait_idle(page)
        check(page, f"plan-{tab.split()[0].lower()}", COHORT)


def test_data_page_import_log(page: Page, payload_app: AppServer) -> None:
    open_app(page, payload_app.url)
    goto_page(page, "Data")
    expect(page.get_by_role("heading", name="Import log")).to_be_visible()
    check(page, "data")


def test_quarterly_review_in_its_frame(page: Page, payload_app: AppServer) -> None:
    open_app(page, payload_app.url)
    goto_page(page, "Quarterly review")
    frame = page.frame_locator("iframe").first
    expect(frame.locator("h1").first).to_be_visible(timeout=60_000)
    check(page, "review")
    report = next(f for f in page.frames if f != page.main_frame)
    assert " ".join(COHORT.split()) in " ".join(report.evaluate(TEXT_JS).split())


def test_an_upload_named_with_payloads(page: Page, start_app: StartApp, payload_db: Path,
                                       tmp_path: Path) -> None:
    path = tmp_path / "app.duckdb"
    shutil.copyfile(payload_db, path)
    app = start_app(path)
    name = "![u](javascript:alert(2)) <img src=x onerror=alert(2)> $x$ :smile: -2+3 =1+1.csv"
    upload_file = tmp_path / name
    upload_file.write_text("person_id,module_id,activity,completed_at,minutes,status\n"
                           "P2,m1,coaching,2026-03-20,30,completed\n", encoding="utf-8")
    open_app(page, app.url)
    goto_page(page, "Data")
    # (the uploader's own list shortens a long name, so wait for the preview instead)
    page.get_by_test_id("stFileUploader").locator('input[type="file"]').set_input_files(str(upload_file))
    expect(page.get_by_test_id("stExpander").first).to_contain_text("rows ready to import", timeout=30_000)
    check(page, "upload-preview", name)
    page.get_by_role("button", name="Import 1 file(s)").click()
    expect(page.get_by_test_id("stAlert").first).to_contain_text("Imported")
    check(page, "upload-imported", name)
