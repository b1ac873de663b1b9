"""Finding Chromium, and driving a Streamlit page the way a person does, without flakiness.

Streamlit renders asynchronously over a websocket: a page is only "done" when the app is
connected, the script has stopped running and no spinner or skeleton is left. Every helper
here ends in that state, so a test can assert on what is shown right after calling one.
After an action, assert the *new* content first (``expect`` retries), then call
``wait_idle``: straight after a click the script state may still read the old value.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import ConsoleMessage, Locator, Page, Request, WebSocket, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from dashboard.config import PROJECT_ROOT

CHROMIUM_ENV_VAR = "CHROMIUM_PATH"
REQUIRE_BROWSER_ENV_VAR = "EMPATHY_REQUIRE_BROWSER"
# /usr/lib/... is the binary itself; /usr/bin/chromium is Debian's wrapper script around it.
CHROMIUM_CANDIDATES = (Path("/usr/lib/chromium/chromium"), Path("/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    # Without this Chromium still contacts Google hosts at start; the app is on loopback.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
]
# EMPATHY_SCREENSHOTS puts them elsewhere (e.g. a folder to look at after a run)
SCREENSHOT_DIR = Path(os.environ.get("EMPATHY_SCREENSHOTS") or PROJECT_ROOT / "test-artifacts" / "screenshots")
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost"})
OFFLINE_SCHEMES = frozenset({"data", "blob", "about"})
IDLE_TIMEOUT_MS = 30_000

# One evaluation of every "settled" condition, so they are seen true at the same moment.
_IDLE_JS = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  return !!app
    && app.getAttribute('data-test-connection-state') === 'CONNECTED'
    && app.getAttribute('data-test-script-state') === 'notRunning'
    && !document.querySelector('[data-testid="stStatusWidget"]')
    && !document.querySelector('[data-testid="stSkeleton"]');
}"""


def find_chromium() -> tuple[Path | None, str]:
    """The Chromium to drive, or None with the reason none qualifies.

    ``CHROMIUM_PATH``, when set, is the only candidate: a developer who names a browser
    wants that one, and a wrong path must not silently fall back to another.
    """
    named = os.environ.get(CHROMIUM_ENV_VAR)
    if named:
        path = Path(named).expanduser()
        if path.is_file() and os.access(path, os.X_OK):
            return path, f"{CHROMIUM_ENV_VAR}={path}"
        return None, f"{CHROMIUM_ENV_VAR}={named} is not an executable file"
    for path in CHROMIUM_CANDIDATES:
        if path.is_file() and os.access(path, os.X_OK):
            return path, str(path)
    tried = " or ".join(str(p) for p in CHROMIUM_CANDIDATES)
    return None, f"no Chromium at {tried} and {CHROMIUM_ENV_VAR} is not set"


def browser_required() -> bool:
    """CI sets this so that a missing browser fails the run instead of skipping tests."""
    return os.environ.get(REQUIRE_BROWSER_ENV_VAR, "") not in ("", "0")


def wait_idle(page: Page, timeout: float = IDLE_TIMEOUT_MS) -> None:
    """Wait until the app is connected, the script has finished and nothing is loading."""
    page.wait_for_function(_IDLE_JS, timeout=timeout)


def open_app(page: Page, url: str, timeout: float = IDLE_TIMEOUT_MS) -> None:
    """Load the app and wait for its first complete render (about 3 s the first time)."""
    page.goto(url)
    expect(page.get_by_test_id("stAppViewContainer")).to_be_visible(timeout=timeout)
    wait_idle(page, timeout)


def goto_page(page: Page, title: str, timeout: float = IDLE_TIMEOUT_MS) -> None:
    """Open another page through the sidebar navigation, as a person would.

    Streamlit shows the sidebar navigation only when the app has two or more pages; the
    link of the page on show is marked ``aria-current="page"``.
    """
    link = page.get_by_test_id("stSidebarNav").get_by_role("link", name=title, exact=True)
    link.click()
    expect(link).to_have_attribute("aria-current", "page", timeout=timeout)
    wait_idle(page, timeout)


def upload(page: Page, path: Path | str, *, index: int = 0,
           timeout: float = IDLE_TIMEOUT_MS, attempts: int = 2) -> None:
    """Put a file into the ``index``-th file uploader and wait for the app to take it.

    The uploader lists the file by name once the upload reached the server. The app is let
    settle first: files given while a rerun is still drawing the uploader can be lost with
    the element it replaces (seen once in CI on a loaded machine), so they are given again
    if the name does not show.
    """
    uploader = page.get_by_test_id("stFileUploader").nth(index)
    chip = uploader.get_by_text(Path(path).name, exact=True)
    for attempt in range(attempts):
        wait_idle(page, timeout)
        uploader.locator('input[type="file"]').set_input_files(str(path))
        try:
            expect(chip).to_be_visible(timeout=timeout / attempts)
            break
        except AssertionError:
            if attempt == attempts - 1:
                raise AssertionError(
                    f"{Path(path).name} not listed by uploader {index} after {attempts} tries; "
                    f"the uploader shows: {uploader.all_inner_texts()!r}") from None
    wait_idle(page, timeout)


def remove_upload(page: Page, name: str, *, index: int = 0) -> None:
    """Take the file ``name`` out of the ``index``-th uploader and wait for the rerun.

    The chip's going is the new content to wait for: straight after the click the script
    state may still read "not running" from before.
    """
    uploader = page.get_by_test_id("stFileUploader").nth(index)
    uploader.get_by_role("button", name=f"Remove {name}", exact=True).click()
    expect(uploader.get_by_test_id("stFileChipName").get_by_text(name, exact=True)).to_have_count(0)
    wait_idle(page)


def dataframe_rows(page: Page, index: int = 0,
                   timeout: float = IDLE_TIMEOUT_MS) -> list[dict[str, str]]:
    """The ``index``-th ``st.dataframe`` as a list of {column header: cell text} dicts.

    The grid is drawn on a canvas; its text exists only in the accessible table the grid
    builds while it has focus, and only for the rows in view (it is virtualised).
    """
    canvas = page.get_by_test_id("stDataFrame").nth(index).get_by_test_id("data-grid-canvas")
    canvas.focus()
    table = page.get_by_test_id("stDataFrame").nth(index).locator('table[role="grid"]')
    expect(table).to_be_attached(timeout=timeout)
    rows: list[dict[str, str]] = table.evaluate("""t => {
      const heads = [...t.querySelectorAll('thead th')].map(th => th.textContent);
      return [...t.querySelectorAll('tbody tr')].map(tr => Object.fromEntries(
        [...tr.querySelectorAll('td')].map((td, i) => [heads[i], td.textContent])));
    }""")
    canvas.press("Escape")  # focusing selected the first cell; leave no mark for screenshots
    canvas.blur()
    page.mouse.move(0, 0)  # and hide the toolbar that hovering over the grid shows
    return rows


def pick_option(page: Page, field: Locator, option: str, attempts: int = 3) -> None:
    """Open a selectbox or multiselect and pick ``option``.

    Right after a rerun, Chromium sometimes takes the first click into the field as focus
    only, and a rerun still drawing can replace the open list under the pointer; so the app is
    let settle first, and the list is opened again until the option shows and takes the click.
    """
    wanted = page.get_by_role("option", name=option, exact=True)
    for attempt in range(attempts):
        wait_idle(page)
        field.click()
        try:
            wanted.wait_for(state="visible", timeout=3_000)
            wanted.click(timeout=5_000)
            return
        except PlaywrightTimeoutError:
            if attempt == attempts - 1:
                raise
            page.keyboard.press("Escape")


def screenshot(page: Page, name: str) -> Path:
    """Save the whole app to ``test-artifacts/screenshots/<name>.png`` for a person to read.

    Streamlit scrolls inside ``stMain``, so a full-page screenshot stops at the window; the
    window is grown to the content's height for the shot and restored afterwards.
    """
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOT_DIR / f"{re.sub(r'[^A-Za-z0-9_.-]+', '-', name)}.png"
    wait_idle(page)
    original = page.viewport_size or {"width": 1280, "height": 800}
    needed = page.get_by_test_id("stMain").evaluate(
        "el => Math.ceil(el.getBoundingClientRect().top + el.scrollHeight)")
    try:
        page.set_viewport_size({"width": original["width"],
                                "height": max(original["height"], int(needed))})
        page.wait_for_timeout(300)  # let the layout follow the new window size
        wait_idle(page)
        page.screenshot(path=str(path), animations="disabled", caret="hide")
    finally:
        page.set_viewport_size(original)
    return path


def is_local(url: str) -> bool:
    """True for loopback addresses and for URLs that never touch the network."""
    parts = urlsplit(url)
    return parts.scheme in OFFLINE_SCHEMES or (parts.hostname or "") in LOCAL_HOSTS


@dataclass
class PageWatch:
    """What a page did behind the scenes: console errors, uncaught errors, every URL.

    The app promises to run entirely on the user's machine, so any request that leaves
    loopback is a bug, as is any error the browser logs.
    """

    page: Page
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    allowed_errors: list[re.Pattern[str]] = field(default_factory=list)
    allowed_urls: list[re.Pattern[str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.page.on("console", self._on_console)
        self.page.on("pageerror", lambda error: self.page_errors.append(str(error)))
        self.page.on("request", self._on_request)
        self.page.on("websocket", self._on_websocket)

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            where = message.location.get("url", "")
            self.console_errors.append(f"{message.text} ({where})" if where else message.text)

    def _on_request(self, request: Request) -> None:
        self.urls.append(request.url)

    def _on_websocket(self, websocket: WebSocket) -> None:
        self.urls.append(websocket.url)

    def allow_error(self, pattern: str) -> None:
        """Accept console errors matching ``pattern`` (a regex); say why where you call it."""
        self.allowed_errors.append(re.compile(pattern))

    def allow_url(self, pattern: str) -> None:
        """Accept requests off loopback matching ``pattern`` (a regex): only for pages that are
        not the app's (a test's own helper server); say why where you call it."""
        self.allowed_urls.append(re.compile(pattern))

    @property
    def external_urls(self) -> list[str]:
        return [url for url in self.urls if not is_local(url)
                and not any(p.search(url) for p in self.allowed_urls)]

    @property
    def unexpected_errors(self) -> list[str]:
        errors = self.console_errors + self.page_errors
        return [e for e in errors if not any(p.search(e) for p in self.allowed_errors)]

    def assert_clean(self) -> None:
        """No browser errors, no request off loopback, no Python exception shown by the app."""
        assert self.unexpected_errors == [], "browser errors:\n" + "\n".join(self.unexpected_errors)
        assert self.external_urls == [], "requests off loopback:\n" + "\n".join(self.external_urls)
        if not self.page.is_closed():
            shown = self.page.get_by_test_id("stException").all_inner_texts()
            assert shown == [], "the app shows an exception:\n" + "\n".join(shown)
