"""The HR leader's four questions, in a real Chromium at desktop (1400 px) and phone (390 px)
width: did it work (the Overview's answer banner, on the first screen), on which module (the
Rubric page by assessment point, and the Impact page saying what the design can separate), how
sure (the forest plot with its months), is it worth it (ROI) — and the one-cohort filter that
used to drop the comparison cohort.

Screenshots of each step land in ``test-artifacts/screenshots/`` (or ``EMPATHY_SCREENSHOTS``).
The time each page takes to become idle is measured and written to ``page-timings.txt`` next
to them (and printed with ``-s``): reported, never asserted — the machine's load decides it.
"""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e import browser as helpers
from tests.e2e.browser import goto_page, open_app, screenshot, wait_idle
from tests.e2e.server import AppServer

WIDTHS = (1400, 390)
TIMINGS: list[str] = []


def timed_open(page: Page, url: str, what: str) -> float:
    start = time.perf_counter()
    open_app(page, url)
    seconds = time.perf_counter() - start
    TIMINGS.append(f"{what}: {seconds:.2f} s")
    return seconds


def card_value(page: Page, label: str):
    card = page.get_by_test_id("stMetric").filter(
        has=page.get_by_test_id("stMetricLabel").get_by_text(label, exact=True))
    return card.get_by_test_id("stMetricValue")


def no_sideways_scroll(page: Page) -> None:
    """The page itself never scrolls sideways (wide tables scroll inside their own frame)."""
    main = page.get_by_test_id("stMain")
    width, client = main.evaluate("el => [el.scrollWidth, el.clientWidth]")
    assert width <= client + 2, f"the page is {width} px wide in a {client} px window"


def summary_on_first_screen(page: Page) -> None:
    """The Quarterly review opens on the report's executive summary: its heading is on the
    first screen (900 px tall), under the quarter and cohort choices and the downloads, which
    are on that screen too. The report is an iframe; its boxes are measured in the page."""
    heading = page.frame_locator("iframe").first.get_by_role("heading", name="Executive summary")
    expect(heading).to_be_visible(timeout=60_000)
    box = heading.bounding_box()
    assert box and box["y"] + box["height"] < 900, f"the summary starts at {box}, below the first screen"
    width = (page.viewport_size or {}).get("width")
    TIMINGS.append(f"{width} px Quarterly review: the summary heading ends {box['y'] + box['height']:.0f} px down")
    for label in ("Download the report (HTML)", "PDF (A4)"):
        button = page.get_by_role("button", name=label)
        found = button.bounding_box()
        assert found and found["y"] + found["height"] < box["y"], f"{label} is not above the summary"


def axis_labels_apart(page: Page) -> int:
    """No two tick labels of one x-axis overlap, in any chart on the page (month axes drawn
    at phone width used to run 'Jan 2026Feb 2026…' together); returns the axes checked."""
    axes = page.locator(".js-plotly-plot .xaxislayer-above").evaluate_all("""layers =>
      layers.map(layer => [...layer.querySelectorAll('text')]
        .filter(t => t.textContent.trim() && t.getBoundingClientRect().width > 0)
        .map(t => { const b = t.getBoundingClientRect();
                    return [b.left, b.right, t.textContent]; })
        .sort((a, b) => a[0] - b[0]))""")
    for labels in axes:
        for (_, right, text), (left, _, following) in zip(labels, labels[1:], strict=False):
            assert left >= right, f"x-axis labels overlap: {text!r} and {following!r}"
    return len([labels for labels in axes if labels])


def panel_titles_apart(page: Page) -> int:
    """No two texts written on a chart (subplot titles, "… training") overlap: the business
    panels' titles ran into each other at phone width. Returns the texts checked."""
    boxes = page.locator(".js-plotly-plot .infolayer .annotation").evaluate_all("""els =>
      els.map(el => { const b = el.getBoundingClientRect();
                      return [b.left, b.top, b.right, b.bottom, el.textContent]; })
         .filter(b => b[2] > b[0] && b[4].trim())""")
    for i, (left, top, right, bottom, text) in enumerate(boxes):
        for left2, top2, right2, bottom2, other in boxes[i + 1:]:
            apart = right <= left2 or right2 <= left or bottom <= top2 or bottom2 <= top
            assert apart, f"chart texts overlap: {text!r} and {other!r}"
    return len(boxes)


@pytest.fixture(scope="module", autouse=True)
def _write_timings():
    yield
    if TIMINGS:
        out = helpers.SCREENSHOT_DIR / "page-timings.txt"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text("\n".join(TIMINGS) + "\n", encoding="utf-8")
        print("\n" + "\n".join(TIMINGS))


@pytest.mark.parametrize("width", WIDTHS)
def test_the_four_questions(browser: Browser, demo_app_server: AppServer, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    url = demo_app_server.url
    # 1. did it work? The answer, first, in verdict words with the months
    timed_open(page, url, f"{width} px Overview, new session (first visit of this server when 1400 px)")
    banner = page.locator(".st-key-answer-banner")
    expect(banner).to_contain_text("Team-rated empathy improved: +0.17 on the 1–5 scale vs the comparison cohort")
    expect(banner).to_contain_text("Jul–Oct 2026 vs Jan–Mar 2026")
    expect(banner).to_contain_text("ROI not yet demonstrable")
    box = banner.bounding_box()
    assert box and box["y"] < 900, f"the answer starts {box} px down, below the first screen"
    expect(card_value(page, "Team-rated empathy")).to_have_text("+0.17")
    no_sideways_scroll(page)
    screenshot(page, f"q1-did-it-work-overview-{width}")
    page.reload()
    wait_idle(page)
    timed_open(page, url, f"{width} px Overview, warm")
    # 2. on which module? The rubric by assessment point, and what the design can separate
    timed_open(page, f"{url}/rubric", f"{width} px Rubric, warm")
    expect(page.get_by_text("Level distribution at each assessment point")).to_be_visible()
    no_sideways_scroll(page)
    screenshot(page, f"q2-which-module-rubric-{width}")
    # 3. how sure? The forest plot, right is better, and the months compared
    timed_open(page, f"{url}/impact", f"{width} px Impact & ROI, warm")
    expect(page.get_by_text("took Awareness of digital cues and Empathetic written replies back to back")
           ).to_be_visible()
    expect(page.get_by_text("Months compared:")).to_be_visible()
    expect(page.locator(".js-plotly-plot").first).to_contain_text("better →")
    # 4. is it worth it?
    expect(page.get_by_test_id("stAlert").filter(has_text="ROI not yet demonstrable")).to_be_visible()
    no_sideways_scroll(page)
    screenshot(page, f"q3-q4-how-sure-worth-it-impact-{width}")
    for name, title in (("pulse", "Pulse survey"), ("business", "Business outcomes")):
        timed_open(page, f"{url}/{name}", f"{width} px {title}, warm")
        no_sideways_scroll(page)
        screenshot(page, f"{name}-{width}")
        assert axis_labels_apart(page) >= 2  # the pulse trends; the business panels, per column
    assert panel_titles_apart(page) >= 6  # the business page's six panel titles
    timed_open(page, f"{url}/review", f"{width} px Quarterly review, first build")
    expect(page.get_by_text("No filters here: the Quarterly review page has its own choices")).to_be_attached()
    expect(page.get_by_test_id("stSidebar").get_by_test_id("stMultiSelect")).to_have_count(0)
    summary_on_first_screen(page)
    page.wait_for_timeout(500)
    page.screenshot(path=str(helpers.SCREENSHOT_DIR / f"review-{width}.png"))  # the report is 17,000 px tall
    timed_open(page, f"{url}/review", f"{width} px Quarterly review, warm")
    context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_one_cohort_keeps_the_comparison_cohort(browser: Browser, demo_app_server: AppServer,
                                                 width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    timed_open(page, f"{demo_app_server.url}/?cohort=Pilot", f"{width} px Overview with cohort=Pilot")
    expect(page.get_by_text("Pilot · program and comparison · all modules")).to_be_visible()
    banner = page.locator(".st-key-answer-banner")
    expect(banner).to_contain_text("Comparison is kept as the comparison cohort")
    expect(banner).to_contain_text("Team-rated empathy improved: +0.17")
    for label in ("Team-rated empathy", "Escalated interactions", "Voluntary leavers a year"):
        expect(card_value(page, label)).not_to_have_text("—")
    expect(page.get_by_text("program: no months after training yet")).to_have_count(0)
    screenshot(page, f"one-cohort-pilot-overview-{width}")
    if width == WIDTHS[0]:  # the review page draws no filters, and the choice comes back after it
        goto_page(page, "Quarterly review")
        expect(page.get_by_test_id("stSidebar").get_by_test_id("stMultiSelect")).to_have_count(0)
        goto_page(page, "Overview")
        expect(banner).to_contain_text("Comparison is kept as the comparison cohort")
    context.close()


PAGES = ("Overview", "Pulse survey", "Rubric", "Business outcomes", "Impact & ROI", "Quarterly review")


def test_page_timings(browser: Browser, demo_app_server: AppServer) -> None:
    """Measured, not asserted: a new session on the warm server, then each page through the
    menu as a person moves between them (the second visit is the warm one)."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    timed_open(page, demo_app_server.url, "1400 px Overview, new session, warm server")
    for visit in ("first", "second"):
        for title in PAGES:
            start = time.perf_counter()
            goto_page(page, title)
            expect(page.get_by_role("heading", name=title, exact=True)).to_be_visible()
            wait_idle(page)
            TIMINGS.append(f"1400 px {title} via the menu, {visit} visit: {time.perf_counter() - start:.2f} s")
    context.close()
