"""The browser helpers checked against themselves, so page tests can rely on them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.e2e.browser import PageWatch, goto_page, open_app, upload
from tests.e2e.server import StartApp

TWO_PAGES = Path(__file__).parent / "apps" / "two_pages.py"


def test_goto_page_and_upload_reach_the_app(page: Page, start_app: StartApp,
                                            tmp_path: Path) -> None:
    server = start_app(script=TWO_PAGES)
    open_app(page, server.url)
    expect(page.get_by_role("heading", name="First page")).to_be_visible()

    goto_page(page, "Upload")
    expect(page.get_by_role("heading", name="Upload page")).to_be_visible()
    assert page.url.endswith("/upload")
    export = tmp_path / "tiny.csv"
    export.write_text("a,b\n1,2\n", encoding="utf-8")
    upload(page, export)
    expect(page.get_by_text("received tiny.csv: 8 bytes")).to_be_visible()

    goto_page(page, "First")
    expect(page.get_by_role("heading", name="First page")).to_be_visible()


def test_page_watch_reports_errors_and_requests_off_loopback(
        new_context: Callable[..., BrowserContext]) -> None:
    page = new_context().new_page()
    watch = PageWatch(page)
    page.set_content("<p>offline</p>")
    watch.assert_clean()

    page.evaluate("() => console.error('boom')")
    reached = page.evaluate("""() => fetch('http://example.com/track', {mode: 'no-cors'})
                                 .then(() => 'reached', () => 'blocked')""")
    assert reached == "blocked"  # the resolver rule keeps Chromium off the network
    assert watch.external_urls == ["http://example.com/track"]
    with pytest.raises(AssertionError, match="browser errors:\nboom"):
        watch.assert_clean()

    watch.allow_error("^boom$")
    watch.allow_error("ERR_NAME_NOT_RESOLVED")
    with pytest.raises(AssertionError, match="requests off loopback:\nhttp://example.com/track"):
        watch.assert_clean()
