"""Fixtures for tests that drive the real app in a headless Chromium.

pytest-playwright provides ``page`` (a fresh browser context per test, one browser per
session). This file points that browser at the local Chromium, starts app servers on
temporary databases, and checks every page for browser errors and requests off loopback.
Every test in this folder is marked ``browser`` (run only these: ``pytest -m browser``).
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from dashboard.config import PROJECT_ROOT
from tests.e2e.browser import (
    CHROMIUM_ARGS,
    REQUIRE_BROWSER_ENV_VAR,
    PageWatch,
    browser_required,
    find_chromium,
)
from tests.e2e.server import APP_SCRIPT, AppServer, PortOptions, StartApp, start_app_server

E2E_DIR = Path(__file__).resolve().parent
SERVER_LOG_DIR = PROJECT_ROOT / "test-artifacts" / "server-logs"
VIEWPORT = {"width": 1280, "height": 800}
SERVERS_KEY = pytest.StashKey[list[AppServer]]()

# A first render takes ~3 s and loading the demo ~1 s; 5 s (the default) leaves no margin
# on a busy CI machine.
expect.set_options(timeout=15_000)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test in this folder ``browser``, so new test files need no boilerplate."""
    for item in items:
        if E2E_DIR in item.path.resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]
                              ) -> Iterator[None]:
    """Put the end of each app server's log into a failing test's report: the traceback of
    a failed script run is there, not in the browser."""
    report = yield
    if report.failed:
        for server in item.stash.get(SERVERS_KEY, []):
            report.sections.append((f"app server log {server.log_path.name}",
                                    server.log()[-4000:]))
    return report


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-")[-120:]


def copy_demo(template: Path, db_path: Path) -> None:
    """The demo program in ``db_path`` before the server starts (no UI involved): a copy of
    the session's demo database (``demo_db_template`` in tests/conftest.py), not a reload."""
    shutil.copyfile(template, db_path)


# --- the browser -------------------------------------------------------------------------


@pytest.fixture(scope="session")
def chromium_executable() -> Path:
    """The Chromium binary; skips browser tests without one, or fails them in CI."""
    path, reason = find_chromium()
    if path is None:
        if browser_required():
            pytest.fail(f"{REQUIRE_BROWSER_ENV_VAR} is set but no browser is usable: {reason}",
                        pytrace=False)
        pytest.skip(f"browser tests need Chromium: {reason} "
                    "(set CHROMIUM_PATH, or install Debian's chromium package)")
    return path


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any], browser_name: str,
                             chromium_executable: Path) -> dict[str, Any]:
    """pytest-playwright's launch options, pointed at the local Chromium and kept offline.

    ``--browser-channel`` cannot name a Debian chromium, hence this override; options from
    the command line (``--headed``, ``--slowmo``) still apply.
    """
    if browser_name != "chromium":
        return browser_type_launch_args
    options = {"headless": True, **browser_type_launch_args}
    options.pop("channel", None)
    options["executable_path"] = str(chromium_executable)
    options["args"] = [*CHROMIUM_ARGS, *options.get("args", [])]
    return options


@pytest.fixture(scope="session")
def base_url() -> str | None:
    """Unused here (servers get free ports); replaces pytest-playwright's fallback fixture,
    an instance method that pytest 9 warns about."""
    return None


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    """One window size, language and time zone, so screenshots compare across machines."""
    return {**browser_context_args, "viewport": VIEWPORT, "locale": "en-US",
            "timezone_id": "UTC"}


@pytest.fixture
def page_watch(page: Page) -> Iterator[PageWatch]:
    """Record the page's console errors and requests; fail the test if any is bad.

    Call ``page_watch.assert_clean()`` at the end of a test to fail inside the test; the
    same check runs again at teardown for every test that uses ``page``.
    """
    watch = PageWatch(page)
    yield watch
    watch.assert_clean()


@pytest.fixture(autouse=True)
def _watch_every_page(request: pytest.FixtureRequest) -> None:
    """Give every test that opens a page the checks, even if it never names ``page_watch``.

    Servers are started first so that they stop last: the checks run, and the browser
    context closes, while the app is still up, so a shutdown never shows as a page error.
    """
    if "page" in request.fixturenames:
        if "start_app" in request.fixturenames:
            request.getfixturevalue("start_app")
        request.getfixturevalue("page_watch")


# --- the app server ----------------------------------------------------------------------


@pytest.fixture(scope="session")
def _stopping_servers() -> Iterator[list[AppServer]]:
    """Servers told to stop; waiting for each (~0.5 s) is left to the session's end."""
    servers: list[AppServer] = []
    yield servers
    for server in servers:
        server.stop()


@pytest.fixture
def start_app(request: pytest.FixtureRequest, tmp_path: Path,
              _stopping_servers: list[AppServer]) -> Iterator[StartApp]:
    """A factory: ``start_app(db_path=None, *, demo=False, script=APP_SCRIPT, options=None)
    -> AppServer``.

    Each call starts a new server (~0.6 s) on its own database: a fresh empty file unless
    ``db_path`` is given, a copy of the demo database when ``demo=True``. A
    server's cache lives as long as the server, so a new database means a new server.
    ``script`` runs another Streamlit script instead of the dashboard; ``options(port)`` adds
    command-line options that need the server's port. All servers are told
    to stop when the test ends; their logs stay in ``test-artifacts/server-logs/``.
    """
    servers: list[AppServer] = []
    request.node.stash[SERVERS_KEY] = servers

    def start(db_path: Path | None = None, *, demo: bool = False,
              script: Path = APP_SCRIPT, options: PortOptions | None = None) -> AppServer:
        number = len(servers) + 1
        db_path = db_path or tmp_path / f"app-{number}.duckdb"
        if demo:
            copy_demo(request.getfixturevalue("demo_db_template"), db_path)
        log_path = SERVER_LOG_DIR / f"{_slug(request.node.nodeid)}-{number}.log"
        server = start_app_server(db_path, log_path, script=script, options=options)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.terminate()
    _stopping_servers.extend(servers)


@pytest.fixture
def app_server(start_app: StartApp) -> AppServer:
    """The app on a fresh, empty database, for this test alone."""
    return start_app()


@pytest.fixture(scope="module")
def demo_app_server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
                    demo_db_template: Path) -> Iterator[AppServer]:
    """The app on the demo program, shared by a module's tests: use it read-only.

    Reading pages needs no fresh database, so one server per module saves a start per test
    (under xdist the module's tests that use it run in one worker: tests/conftest.py).
    A test that imports or undoes must use ``app_server`` or ``start_app`` instead.
    """
    db_path = tmp_path_factory.mktemp("demo-app") / "demo.duckdb"
    copy_demo(demo_db_template, db_path)
    log_path = SERVER_LOG_DIR / f"{_slug(request.module.__name__)}-demo.log"
    server = start_app_server(db_path, log_path)
    yield server
    server.stop()
