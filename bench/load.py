"""Load test: many people using the app at once, on 127.0.0.1.

    python bench/load.py [--db PATH] [--sessions 20] [--rounds 5] [--client socket|browser] [--json]

Starts ``streamlit run dashboard/app.py`` on a free loopback port against ``--db`` (default:
the demo program, loaded into a temporary file), opens the Overview once to warm the
server (not counted), then runs ``--sessions`` sessions concurrently: each opens the
Overview, then for ``--rounds`` rounds switches the sidebar's "Trained or not" filter
(program, comparison, alternately) and waits until the run it started has finished. Reports
the time of every open and every switch (p50, p95, max), the errors (timeouts, exceptions or
error messages on the page) and the server's RSS (peak while running, sampled every 0.2 s).
Target: p95 ≤ 3 s, no errors.

Two kinds of client:

- ``socket`` (the default): each session is a websocket client speaking the browser's own
  protocol (Streamlit's protobuf messages on ``/_stcore/stream``): it asks for a run, as the
  browser does on opening the page or clicking a filter, and times it until the server says
  the run finished. This is the server's work for 20 people, each on their own computer.
- ``browser``: one headless Chromium with a context per session, timed until each page is idle
  on screen. On a 2-core machine the 20 pages' own drawing (Streamlit's JavaScript, the charts)
  runs on the server's two cores too, so this measures the machine, not the server.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.e2e.browser import _IDLE_JS, CHROMIUM_ARGS, find_chromium  # noqa: E402

TIMEOUT_MS = 120_000
T = TypeVar("T")
# Whether the script ran since the observer was set (so "idle" is the new run's, not the old one's)
_WATCH_JS = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (window.__loadObserver) window.__loadObserver.disconnect();
  window.__ran = false;
  window.__loadObserver = new MutationObserver(() => {
    if (app.getAttribute('data-test-script-state') === 'running') window.__ran = true;
  });
  window.__loadObserver.observe(app, {attributes: true});
}"""
_ERRORS_JS = """() => document.querySelectorAll(
  '[data-testid="stException"], [data-testid="stAlertContentError"]').length"""


@dataclass
class Results:
    opens: list[float] = field(default_factory=list)
    switches: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _serve(db_path: Path, port: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard/app.py", "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1",
         "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=os.environ | {"EMPATHY_DB": str(db_path)},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(300):
        try:
            if urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1).read() == b"ok":
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise RuntimeError("the app did not start")


class RssSampler(threading.Thread):
    """The server's resident memory (with its children), sampled until stopped."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak, self.last, self._stop_event = pid, 0.0, 0.0, threading.Event()

    def run(self) -> None:
        import psutil

        process = psutil.Process(self.pid)
        while not self._stop_event.is_set():
            try:
                rss = process.memory_info().rss + sum(c.memory_info().rss for c in process.children(recursive=True))
            except psutil.Error:
                break
            self.last = rss / 2**20
            self.peak = max(self.peak, self.last)
            time.sleep(0.2)

    def stop(self) -> None:
        self._stop_event.set()
        self.join(timeout=5)


async def _idle_after(page: object, action: object) -> float:
    """Seconds from ``action()`` until the script it started has finished and the page is idle."""
    await page.evaluate(_WATCH_JS)  # type: ignore[attr-defined]
    start = time.perf_counter()
    await action()  # type: ignore[operator]
    await page.wait_for_function(f"() => window.__ran === true && ({_IDLE_JS})()",  # type: ignore[attr-defined]
                                 timeout=TIMEOUT_MS, polling=50)
    return time.perf_counter() - start


async def _session(browser: object, url: str, rounds: int, results: Results, number: int) -> None:
    context = await browser.new_context(viewport={"width": 1400, "height": 900})  # type: ignore[attr-defined]
    page = await context.new_page()
    try:
        start = time.perf_counter()
        await page.goto(url, timeout=TIMEOUT_MS)
        await page.wait_for_function(_IDLE_JS, timeout=TIMEOUT_MS, polling=50)
        results.opens.append(time.perf_counter() - start)
        arms = page.get_by_test_id("stSidebar").get_by_role("radiogroup", name="Trained or not")
        for round_no in range(rounds):
            label = ("Program", "Comparison")[(round_no + number) % 2]
            button = arms.get_by_role("radio", name=label, exact=True)
            results.switches.append(await _idle_after(page, button.click))
            if await page.evaluate(_ERRORS_JS):
                results.errors.append(f"session {number}, round {round_no}: an error on the page")
    except Exception as exc:  # a timeout or a broken page is an error of the run, not a crash of it
        results.errors.append(f"session {number}: {type(exc).__name__}: {str(exc).splitlines()[0]}")
    finally:
        await context.close()


async def _drive(url: str, sessions: int, rounds: int, chromium: Path) -> tuple[Results, float]:
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=str(chromium), headless=True, args=CHROMIUM_ARGS)
        warm = Results()
        await _session(browser, url, 1, warm, 0)  # the server's first visit: not counted
        if warm.errors:
            raise RuntimeError("; ".join(warm.errors))
        results = Results()
        start = time.perf_counter()
        await asyncio.gather(*(_session(browser, url, rounds, results, n) for n in range(1, sessions + 1)))
        elapsed = time.perf_counter() - start
        await browser.close()
    return results, elapsed


def _widget_id(message: object, label: str) -> str | None:
    """The id of the button group (segmented control) labelled ``label`` in a run's message."""
    delta = getattr(message, "delta", None)
    if delta is None or delta.WhichOneof("type") != "new_element":
        return None
    element = delta.new_element
    if element.WhichOneof("type") == "button_group" and element.button_group.label == label:
        return str(element.button_group.id)
    return None


def _showing(message: object) -> str | None:
    """The page's "Showing: ..." line (the filters in force), if ``message`` draws it."""
    delta = getattr(message, "delta", None)
    if delta is None or delta.WhichOneof("type") != "new_element":
        return None
    element = delta.new_element
    if element.WhichOneof("type") == "markdown" and "**Showing:**" in element.markdown.body:
        return str(element.markdown.body)
    return None


def _is_error(message: object) -> bool:
    """Whether a run's message draws an exception or an error box."""
    from streamlit.proto.Alert_pb2 import Alert

    delta = getattr(message, "delta", None)
    if delta is None or delta.WhichOneof("type") != "new_element":
        return False
    element = delta.new_element
    kind = element.WhichOneof("type")
    return kind == "exception" or (kind == "alert" and element.alert.format == Alert.ERROR)


async def _socket_run(ws: object, client_state: object, seen: dict[str, str]) -> tuple[float, int]:
    """Ask for one run (as the browser does) and wait for the server to finish it: seconds, and
    the errors it drew. Remembers the arm filter's widget id in ``seen``, and the line under the
    page title that names the filters in force."""
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    start = time.perf_counter()
    await ws.send(BackMsg(rerun_script=client_state).SerializeToString())  # type: ignore[attr-defined]
    errors = 0
    while True:
        data = await asyncio.wait_for(ws.recv(), TIMEOUT_MS / 1000)  # type: ignore[attr-defined]
        message = ForwardMsg()
        message.ParseFromString(data)
        if (widget := _widget_id(message, "Trained or not")) is not None:
            seen["arm"] = widget
        if (showing := _showing(message)) is not None:
            seen["showing"] = showing
        errors += _is_error(message)
        if message.WhichOneof("type") == "script_finished":
            if message.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                continue
            if message.script_finished != ForwardMsg.FINISHED_SUCCESSFULLY:
                errors += 1
            return time.perf_counter() - start, errors


async def _socket_session(port: int, rounds: int, results: Results, number: int) -> None:
    """One visitor as a websocket client: open the Overview, then switch the arm filter."""
    import websockets
    from streamlit.proto.ClientState_pb2 import ClientState
    from streamlit.proto.WidgetStates_pb2 import WidgetState, WidgetStates

    seen: dict[str, str] = {}
    try:
        async with websockets.connect(f"ws://127.0.0.1:{port}/_stcore/stream", subprotocols=["streamlit"],
                                      origin=f"http://127.0.0.1:{port}", max_size=None,
                                      open_timeout=TIMEOUT_MS / 1000) as ws:
            seconds, errors = await _socket_run(ws, ClientState(query_string=""), seen)
            results.opens.append(seconds)
            if errors:
                results.errors.append(f"session {number}, open: an error on the page")
            if "arm" not in seen:
                raise RuntimeError("the Overview drew no 'Trained or not' filter")
            for round_no in range(rounds):
                label = ("Program", "Comparison")[(round_no + number) % 2]
                state = WidgetStates(widgets=[WidgetState(id=seen["arm"], string_array_value={"data": [label]})])
                seconds, errors = await _socket_run(ws, ClientState(query_string="", widget_states=state), seen)
                results.switches.append(seconds)
                if errors:
                    results.errors.append(f"session {number}, round {round_no}: an error on the page")
                if f"{label.lower()} cohorts" not in seen.get("showing", ""):
                    results.errors.append(f"session {number}, round {round_no}: the page does not show "
                                          f"{label.lower()} cohorts")
    except Exception as exc:  # a timeout or a broken run is an error of the run, not a crash of it
        results.errors.append(f"session {number}: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}")


async def _drive_sockets(port: int, sessions: int, rounds: int) -> tuple[Results, float]:
    warm = Results()
    await _socket_session(port, 1, warm, 0)  # the server's first visit: not counted
    if warm.errors:
        raise RuntimeError("; ".join(warm.errors))
    results = Results()
    start = time.perf_counter()
    await asyncio.gather(*(_socket_session(port, rounds, results, n) for n in range(1, sessions + 1)))
    return results, time.perf_counter() - start


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def _own_loop(work: Coroutine[Any, Any, T]) -> T:
    """Run the clients on an event loop of their own, in a thread of their own.

    The caller may already be inside a running loop (a test process where Playwright's
    sync API has started one), and ``asyncio.run`` refuses to start a second loop there.
    """
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="load-clients") as pool:
        return pool.submit(asyncio.run, work).result()


def run(db_path: Path, sessions: int, rounds: int, client: str = "socket") -> dict[str, object]:
    """Drive the app and return the figures (seconds, MB, counts)."""
    chromium, reason = find_chromium()
    if client == "browser" and chromium is None:
        raise RuntimeError(reason)
    port = _free_port()
    server = _serve(db_path, port)
    sampler = RssSampler(server.pid)
    sampler.start()
    try:
        if client == "browser":
            assert chromium is not None
            results, elapsed = _own_loop(_drive(f"http://127.0.0.1:{port}/", sessions, rounds, chromium))
        else:
            results, elapsed = _own_loop(_drive_sockets(port, sessions, rounds))
    finally:
        sampler.stop()
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
    every = results.opens + results.switches
    return {
        "client": client, "sessions": sessions, "rounds": rounds, "actions": len(every), "elapsed_s": elapsed,
        "p50_s": _percentile(every, 50), "p95_s": _percentile(every, 95), "max_s": max(every, default=float("nan")),
        "open_p50_s": _percentile(results.opens, 50), "open_p95_s": _percentile(results.opens, 95),
        "switch_p50_s": _percentile(results.switches, 50), "switch_p95_s": _percentile(results.switches, 95),
        "errors": len(results.errors), "error_lines": results.errors[:10],
        "server_rss_peak_mb": sampler.peak, "server_rss_end_mb": sampler.last,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default="", help="the database to serve (default: the demo, in a temporary file)")
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--client", choices=("socket", "browser"), default="socket",
                        help="websocket clients (the server's work) or one headless Chromium (see above)")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="empathy-load-") as folder:
        db_path = Path(args.db) if args.db else Path(folder) / "demo.duckdb"
        if not args.db:
            subprocess.run([sys.executable, "-m", "dashboard", "demo", "--db", str(db_path)], cwd=ROOT,
                           check=True, stdout=subprocess.DEVNULL)
        figures = run(db_path, args.sessions, args.rounds, args.client)
    if args.json:
        print(json.dumps(figures))
    else:
        print(f"{figures['sessions']} {figures['client']} sessions × (open + {figures['rounds']} filter switches): "
              f"{figures['actions']} actions in {figures['elapsed_s']:.1f} s")
        print(f"time to idle: p50 {figures['p50_s']:.2f} s, p95 {figures['p95_s']:.2f} s, "
              f"max {figures['max_s']:.2f} s (open p95 {figures['open_p95_s']:.2f} s, "
              f"switch p95 {figures['switch_p95_s']:.2f} s)")
        print(f"errors: {figures['errors']}; server RSS peak {figures['server_rss_peak_mb']:.0f} MB")
        for line in figures["error_lines"]:  # type: ignore[attr-defined]
            print(f"  {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
