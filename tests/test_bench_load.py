"""The load test's websocket clients (``bench/load.py``) against a real server on the demo: each
session opens the Overview and switches the "Trained or not" filter, and a switch counts only
when the page then shows the chosen cohorts."""

from __future__ import annotations

import math
import sys
from pathlib import Path

from dashboard.config import PROJECT_ROOT

sys.path.insert(0, str(PROJECT_ROOT / "bench"))

import load  # noqa: E402


def test_socket_sessions_open_the_overview_and_switch_the_arm_filter(demo_db: Path) -> None:
    figures = load.run(demo_db, sessions=2, rounds=2, client="socket")
    assert figures["errors"] == 0, figures["error_lines"]
    assert figures["actions"] == 2 * (1 + 2)
    assert all(math.isfinite(float(figures[key])) and float(figures[key]) > 0  # type: ignore[arg-type]
               for key in ("p50_s", "p95_s", "max_s", "server_rss_peak_mb"))
