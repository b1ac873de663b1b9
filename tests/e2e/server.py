"""The app under test, run as a real ``streamlit run`` subprocess on a loopback port.

A browser test must see what a user sees, so the server is the same command a user types,
with its own database file (``EMPATHY_DB``) and its output kept in a log file that a failing
test can quote. Health (``/_stcore/health``) only says the server listens, not that a page
rendered: the page helpers in ``browser.py`` wait for that.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from dashboard.config import PROJECT_ROOT

APP_SCRIPT = PROJECT_ROOT / "dashboard" / "app.py"
START_TIMEOUT = 30.0
STOP_TIMEOUT = 5.0
# urllib would send loopback requests through a proxy from the environment; never do that.
_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class AppServerError(RuntimeError):
    """The server did not come up; the message carries the tail of its log."""


@dataclass
class AppServer:
    """A running ``streamlit run`` process and what a test needs to talk to it."""

    url: str
    db_path: Path
    log_path: Path
    process: subprocess.Popen[bytes]

    def log(self) -> str:
        """Everything the server printed so far (for assertions and failure messages)."""
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def terminate(self) -> None:
        """Ask the server to stop and return at once; ``stop`` later reaps it."""
        if self.process.poll() is None:
            self.process.terminate()

    def stop(self, timeout: float = STOP_TIMEOUT) -> None:
        """Terminate politely so Streamlit can close sessions; kill if it hangs."""
        self.terminate()
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=timeout)


# The ``start_app`` fixture: start(db_path=None, *, demo=False, script=APP_SCRIPT, options=None).
StartApp = Callable[..., AppServer]


def free_port() -> int:
    """A loopback port nobody listens on right now (the kernel picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def server_command(script: Path, port: int) -> list[str]:
    """The user's own start command, pinned to loopback, headless and without telemetry."""
    return [
        sys.executable, "-m", "streamlit", "run", str(script),
        "--server.headless", "true",
        "--server.port", str(port),
        "--server.address", "127.0.0.1",
        "--server.fileWatcherType", "none",
        "--browser.gatherUsageStats", "false",
    ]


def server_env(db_path: Path) -> dict[str, str]:
    """The test's environment plus its own database; this checkout's code comes first.

    ``PYTHONPATH`` matters when several checkouts share one editable install: the server
    must import the ``dashboard`` package that is being tested, not another checkout's.
    """
    env = dict(os.environ)
    env["EMPATHY_DB"] = str(db_path)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PROJECT_ROOT), env.get("PYTHONPATH")]))
    env.setdefault("EMPATHY_MEMORY_LIMIT", "2GB")
    env["EMPATHY_BUILD_AHEAD"] = "1"  # the app as a user runs it
    return env


def _healthy(url: str) -> bool:
    try:
        with _DIRECT.open(f"{url}/_stcore/health", timeout=1) as response:
            return response.read().strip() == b"ok"
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


def _tail(path: Path, lines: int = 30) -> str:
    return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])


# Options that depend on the port the server gets (e.g. a secrets file whose redirect URI
# names it): called with the port, returns more command-line options.
PortOptions = Callable[[int], Sequence[str]]


def _launch(script: Path, db_path: Path, log_path: Path, timeout: float,
            options: PortOptions | None = None) -> AppServer:
    port = free_port()
    command = server_command(script, port) + list(options(port) if options else ())
    with log_path.open("wb") as log:  # the child keeps its own copy of the descriptor
        process = subprocess.Popen(
            command, cwd=PROJECT_ROOT, env=server_env(db_path),
            stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
        )
    server = AppServer(f"http://127.0.0.1:{port}", db_path, log_path, process)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AppServerError(f"server exited with {process.returncode}:\n{_tail(log_path)}")
        if _healthy(server.url):
            return server
        time.sleep(0.05)
    server.stop()
    raise AppServerError(f"server not healthy after {timeout:.0f} s:\n{_tail(log_path)}")


def start_app_server(db_path: Path, log_path: Path, *, script: Path = APP_SCRIPT,
                     timeout: float = START_TIMEOUT, attempts: int = 3,
                     options: PortOptions | None = None) -> AppServer:
    """Start the app and return once ``/_stcore/health`` answers ``ok``.

    The free port is only free when it is chosen, so a start that loses it to another
    process is retried on a new port; any other failure is raised with the server's log.
    ``options(port)`` adds command-line options that need the port.
    """
    log_path.parent.mkdir(parents=True, exist_ok=True)
    for attempt in range(1, attempts + 1):
        try:
            return _launch(script, db_path, log_path, timeout, options)
        except AppServerError as exc:
            if attempt == attempts or "already in use" not in str(exc):
                raise
    raise AssertionError("unreachable")
