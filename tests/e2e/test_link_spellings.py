"""Links shared before a label changed, or typed by hand, open with their choices.

The rater-group choice was labelled "Others" and is now "Team"; the sidebar's widgets are
bound to the address bar, and Streamlit keeps only a value spelled exactly as an option is
shown. The app reads any reasonable spelling (old label, the CLI's value, any case), opens
with that choice, and writes the current spelling back into the address bar, in a real
Chromium: the sidebar, the page's "Showing:" line and the address bar all agree.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.browser import open_app, screenshot
from tests.e2e.server import AppServer


def chosen(page: Page, label: str) -> None:
    """The sidebar's segmented control shows ``label`` picked (and only it, in its group)."""
    button = page.get_by_test_id("stSidebar").get_by_role("radio", name=label, exact=True)
    expect(button).to_have_attribute("aria-checked", "true")


def address(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def showing(page: Page):
    return page.get_by_test_id("stCaptionContainer").filter(has_text="Showing:")


@pytest.mark.parametrize("spelling", ["Others", "others", "TEAM", "team"])
def test_an_old_team_link_opens_with_team_ratings(browser: Browser, demo_app_server: AppServer,
                                                  spelling: str) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    open_app(page, f"{demo_app_server.url}/pulse?rater-group={spelling}")
    chosen(page, "Team")
    expect(showing(page)).to_contain_text("· team ratings")
    expect(showing(page)).not_to_contain_text("team and self ratings")
    expect(page).to_have_url(f"{demo_app_server.url}/pulse?rater-group=Team")
    if spelling == "Others":
        screenshot(page, "old-link-rater-group-others-1400")
    context.close()


@pytest.mark.parametrize(("spelling", "label", "words"), [
    ("program", "Program", "program cohorts"),
    ("PROGRAM", "Program", "program cohorts"),
    ("comparison", "Comparison", "comparison cohorts"),
])
def test_an_arm_link_in_the_cli_spelling(browser: Browser, demo_app_server: AppServer,
                                         spelling: str, label: str, words: str) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    open_app(page, f"{demo_app_server.url}/pulse?arm={spelling}")
    chosen(page, label)
    expect(showing(page)).to_contain_text(f"· {words} ·")
    expect(page).to_have_url(f"{demo_app_server.url}/pulse?arm={label}")
    context.close()


def test_every_filter_in_other_spellings_and_as_the_sidebar_writes_them(
        browser: Browser, demo_app_server: AppServer) -> None:
    """Cohorts, modules and months: the link as the sidebar writes it opens as before, and
    the CLI's spellings (a module's name, months as 2026-02) open the same view."""
    context = browser.new_context(viewport={"width": 390, "height": 900})
    page = context.new_page()
    written = ("cohort=Pilot&module=digital_cues&arm=Program&period=Feb+2026&period=Jun+2026"
               "&rater-group=Team")
    words = ("Pilot · program cohorts · Awareness of digital cues · Feb 2026 – Jun 2026 · "
             "team ratings")
    open_app(page, f"{demo_app_server.url}/pulse?{written}")
    expect(showing(page)).to_contain_text(words)
    expected = address(page)
    assert expected == {"cohort": ["Pilot"], "module": ["digital_cues"], "arm": ["Program"],
                        "period": ["Feb 2026", "Jun 2026"], "rater-group": ["Team"]}
    open_app(page, f"{demo_app_server.url}/pulse?cohort=pilot&module=awareness+of+digital+cues"
                   "&arm=program&period=2026-02&period=2026-06&rater-group=Others")
    expect(showing(page)).to_contain_text(words)
    chosen(page, "Team")
    chosen(page, "Program")
    expect(page).to_have_url(f"{demo_app_server.url}/pulse?{written}")
    screenshot(page, "old-link-every-filter-390")
    context.close()
