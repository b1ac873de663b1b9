"""Benchmark at enterprise scale, as ratios against DuckDB's own floor measured in the same run.

    python bench/run.py [--responses 1000000] [--runs 3] [--out bench/results.md]

Generates synthetic exports with a fixed seed (hash of the row number) into a temporary
folder, then measures — each step in a fresh process, wall time and peak RSS from the OS:

1. the floor: DuckDB's ``CREATE TABLE t AS SELECT * FROM read_csv(...)`` of the pulse file;
2. our ``ingest`` of the same file (validation, normalisation, long form, lineage);
3. importing one more month into the database that holds the history, and the floor for
   that month's file alone;
4. every KPI table in a first process after the import (which fills the gated and KPI tables
   the database keeps per data version), then cold (each later fresh process) and warm (same
   process, second call);
5. what the app builds ahead after an import (every page's reads at the untouched filters and
   the review), once in a fresh process; then every page's script through AppTest, cold (a
   fresh process that finds what is kept in the database) and warm;
6. the naive path (long answers into pandas, groupby) against our pulse_trend;
7. the quarterly report; and the app's RSS at idle after visiting every page;
8. the load test (``bench/load.py``): 20 sessions at once, each opening the Overview and
   switching a filter 5 times — as websocket clients (the server's work; the target) and in one
   Chromium on the same cores; p50/p95 time to idle, errors, server RSS.

Prints one table (median of the runs, min–max, ratio) and writes it with the machine's
description to ``--out``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import duckdb  # noqa: E402

from dashboard.kpi.registry import TABLES  # noqa: E402

MONTHS = 24
FIRST_MONTH = "2024-11-01"
QUESTIONS = ("question_id,text,scale\nunderstood,Understands me,likert5\ntone,Considerate tone,likert5\n"
             "listening,Listens on calls,likert5\nfollow_up,Follows up,likert5\nenps,Recommend,nps11\n")
KPI_NAMES = [name for name in TABLES if name not in ("roi", "targets")] + ["roi", "targets"]
TARGETS = {
    "ingest_ratio": 3.0, "month_ratio": 3.0, "ingest_rss_mb": 1536, "kpi_cold": 1.0,
    "kpi_warm": 0.1, "page_cold": 1.5, "page_warm": 0.3, "naive_speed": 5.0, "naive_memory": 5.0,
    "report": 5.0, "app_idle_mb": 1024, "load_p95": 3.0, "load_errors": 0,
}
LOAD_SESSIONS, LOAD_ROUNDS = 20, 5


@dataclass
class Measure:
    """Repeated measurements of one figure."""

    name: str
    values: list[float] = field(default_factory=list)
    unit: str = "s"
    note: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.values) if self.values else float("nan")

    def span(self) -> str:
        if not self.values:
            return "—"
        return f"{min(self.values):.3f}–{max(self.values):.3f}" if self.unit == "s" else \
            f"{min(self.values):.0f}–{max(self.values):.0f}"


def _sql(name: str) -> str:
    return (ROOT / "bench" / "queries" / f"{name}.sql").read_text(encoding="utf-8")


def generate(folder: Path, responses: int) -> dict[str, Path]:
    """All synthetic files, deterministic for a given size."""
    con = duckdb.connect()
    files = {name: folder / f"{name}.csv" for name in
             ("roster", "schedule", "questions", "pulse", "month", "rubric", "outcomes")}
    files["questions"].write_text(QUESTIONS)
    con.execute(_sql("roster_file"), {"path": str(files["roster"])})
    con.execute(_sql("schedule_file"), {"path": str(files["schedule"]), "first_month": FIRST_MONTH})
    con.execute(_sql("pulse_file"), {"path": str(files["pulse"]), "n": responses, "months": MONTHS,
                                     "offset": 0, "first_month": FIRST_MONTH})
    next_month = (dt.date.fromisoformat(FIRST_MONTH).replace(day=1) + dt.timedelta(days=31 * MONTHS + 5)).replace(day=1)
    con.execute(_sql("pulse_file"), {"path": str(files["month"]), "n": responses // MONTHS, "months": 1,
                                     "offset": responses, "first_month": next_month.isoformat()})
    con.execute(_sql("rubric_file"), {"path": str(files["rubric"]), "n": 1_000_000, "first_month": FIRST_MONTH})
    con.execute(_sql("outcomes_file"), {"path": str(files["outcomes"]), "months": MONTHS, "first_month": FIRST_MONTH})
    con.close()
    return files


def timed_child(command: list[str]) -> tuple[float, float, str]:
    """Like ``run`` but measuring this child's own peak RSS with wait4 (not the max over children)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out = process.stdout.read()  # type: ignore[union-attr]
    err = process.stderr.read()  # type: ignore[union-attr]
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({code}):\n{err[-3000:]}")
    return seconds, usage.ru_maxrss / 1024, out


PY = sys.executable


def prepare_base(folder: Path, files: dict[str, Path]) -> Path:
    """A database with the roster, schedule and questions (what a pulse import builds on)."""
    base = folder / "base.duckdb"
    timed_child([PY, "-m", "dashboard", "ingest", str(files["roster"]), str(files["schedule"]),
                 str(files["questions"]), "--db", str(base)])
    return base


def measure(responses: int, runs: int, folder: Path,
            import_only: bool = False) -> tuple[list[Measure], dict[str, object]]:
    files = generate(folder, responses)
    sizes = {name: path.stat().st_size for name, path in files.items()}
    base = prepare_base(folder, files)
    m: dict[str, Measure] = {}

    def add(name: str, value: float, unit: str = "s", note: str = "") -> None:
        m.setdefault(name, Measure(name, unit=unit, note=note)).values.append(value)

    history = folder / "history.duckdb"
    for run_no in range(runs):
        floor_db = folder / f"floor{run_no}.duckdb"
        _wall, rss, out = timed_child([PY, "bench/steps.py", "floor", str(files["pulse"]), str(floor_db)])
        add("floor: DuckDB read_csv → table", json.loads(out)["seconds"])
        add("floor peak RSS", rss, "MB")
        floor_db.unlink(missing_ok=True)
        target = folder / f"ingest{run_no}.duckdb"
        shutil.copy(base, target)
        wall, rss, out = timed_child([PY, "bench/steps.py", "ingest", str(target), str(files["pulse"])])
        add("ingest pulse (in-process)", json.loads(out)["seconds"])
        add("ingest peak RSS", rss, "MB")
        if run_no == 0:
            cli = folder / "cli.duckdb"
            shutil.copy(base, cli)
            wall, _rss, _out = timed_child([PY, "-m", "dashboard", "ingest", str(files["pulse"]), "--db", str(cli)])
            add("ingest pulse (CLI process, incl. start-up)", wall)
            cli.unlink()
        if run_no == runs - 1:
            target.rename(history)
        else:
            target.unlink()
    timed_child([PY, "-m", "dashboard", "ingest", str(files["rubric"]), str(files["outcomes"]), "--db", str(history)])
    for run_no in range(runs):
        floor_db = folder / f"mfloor{run_no}.duckdb"
        _wall, _rss, out = timed_child([PY, "bench/steps.py", "floor", str(files["month"]), str(floor_db)])
        add("floor: one month's file", json.loads(out)["seconds"])
        floor_db.unlink(missing_ok=True)
        copy = folder / f"month{run_no}.duckdb"
        shutil.copy(history, copy)
        wall, rss, out = timed_child([PY, "bench/steps.py", "ingest", str(copy), str(files["month"])])
        add("ingest one more month into the history (in-process)", json.loads(out)["seconds"])
        add("one more month peak RSS", rss, "MB")
        copy.unlink()
    if import_only:
        return list(m.values()), {"responses": responses, "runs": runs, "file_sizes": sizes, "pages": []}
    for run_no in range(runs + 1):
        _wall, _rss, out = timed_child([PY, "bench/steps.py", "kpi", str(history), *KPI_NAMES])
        timings = json.loads(out)
        if run_no == 0:  # the first process after the import fills the tables kept in the database
            add("every KPI table, first process after the import (sum, fills the kept tables)",
                sum(t["cold"] for t in timings.values()))
            continue
        for name, timing in timings.items():
            add(f"kpi {name} cold", timing["cold"])
            add(f"kpi {name} warm", timing["warm"])
    _wall, _rss, out = timed_child([PY, "bench/steps.py", "ahead", str(history)])
    add("every page's reads and the review built ahead, first process after the import (as the app does)",
        json.loads(out)["seconds"])
    pages = _page_scripts()
    for _run in range(runs):
        _wall, _rss, out = timed_child([PY, "bench/steps.py", "pages", str(history), *pages])
        for name, timing in json.loads(out).items():
            add(f"page {name} cold", timing["cold"])
            add(f"page {name} warm", timing["warm"])
    for _run in range(runs):
        _wall, rss, out = timed_child([PY, "bench/steps.py", "naive", str(history)])
        add("naive pandas pulse_trend", json.loads(out)["seconds"])
        add("naive peak RSS", rss, "MB")
        _wall, rss, out = timed_child([PY, "bench/steps.py", "ours", str(history)])
        add("our pulse_trend (fresh process)", json.loads(out)["seconds"])
        add("our pulse_trend peak RSS", rss, "MB")
    if _has_command("report"):
        for _run in range(runs):
            wall, _rss, _out = timed_child([PY, "-m", "dashboard", "report", "--quarter", "2026-Q3",
                                            "--db", str(history), "--out", str(folder / "report.html")])
            add("quarterly report (CLI process)", wall)
    idle = _app_idle_rss(history, pages)
    if idle is not None:
        add("app RSS at idle after visiting every page", idle, "MB")
    for client, kind in (("socket", "websocket"), ("browser", "browser")):
        load = _load(history, client)
        if load is not None:
            label = f"load: {LOAD_SESSIONS} {kind} sessions"
            add(f"{label}, time to idle p50", float(load["p50_s"]))
            add(f"{label}, time to idle p95", float(load["p95_s"]))
            add(f"{label}, errors", float(load["errors"]), "count")
            add(f"{label}, server RSS peak", float(load["server_rss_peak_mb"]), "MB")
    info = {"responses": responses, "runs": runs, "file_sizes": sizes, "pages": pages}
    return list(m.values()), info


def _page_scripts() -> list[str]:
    """Every page of the app (the router's page → permission map), the default one first."""
    from dashboard.present.access import PAGE_ACTIONS

    pages_dir = ROOT / "dashboard" / "app_pages"
    return ["default"] + [f"app_pages/{name}.py" for name in PAGE_ACTIONS
                          if (pages_dir / f"{name}.py").exists() and name != "overview"]


def _has_command(name: str) -> bool:
    from dashboard.cli import build_parser

    action = next(a for a in build_parser()._actions if a.__class__.__name__ == "_SubParsersAction")
    return name in action.choices


def _app_idle_rss(db_path: Path, pages: list[str]) -> float | None:
    """Start the app, visit every page in headless Chromium, wait, read the server's RSS."""
    chromium = next((p for p in ("/usr/lib/chromium/chromium", "/usr/bin/chromium") if Path(p).exists()), None)
    if chromium is None:
        return None
    import socket

    import psutil
    from playwright.sync_api import sync_playwright

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen(
        [PY, "-m", "streamlit", "run", "dashboard/app.py", "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1",
         "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=os.environ | {"EMPATHY_DB": str(db_path)},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        import urllib.request

        for _ in range(100):
            try:
                if urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1).read() == b"ok":
                    break
            except OSError:
                time.sleep(0.2)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, headless=True, args=[
                "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost"])
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{port}/", timeout=120_000)
            page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=600_000)
            links = page.get_by_test_id("stSidebarNav").get_by_role("link")
            for index in range(links.count()):
                links.nth(index).click()
                page.wait_for_timeout(500)
                page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=600_000)
            browser.close()
        time.sleep(3)
        process = psutil.Process(server.pid)
        children = sum(c.memory_info().rss for c in process.children(recursive=True))
        return (process.memory_info().rss + children) / 1024 / 1024
    finally:
        server.terminate()
        server.wait(timeout=30)


def _load(db_path: Path, client: str) -> dict[str, object] | None:
    """The load test in its own process (one run: it is itself 20 × 6 measurements), with
    websocket clients (the server's work) or one Chromium on the same cores (``bench/load.py``)."""
    if client == "browser" and not any(Path(p).exists() for p in ("/usr/lib/chromium/chromium", "/usr/bin/chromium")):
        return None
    _wall, _rss, out = timed_child([PY, "bench/load.py", "--db", str(db_path), "--sessions", str(LOAD_SESSIONS),
                                    "--rounds", str(LOAD_ROUNDS), "--client", client, "--json"])
    figures: dict[str, object] = json.loads(out)
    return figures


def _ratio(a: Measure | None, b: Measure | None) -> float:
    if a is None or b is None or not b.median:
        return float("nan")
    return a.median / b.median


def judge(m: Measure, by: dict[str, Measure]) -> tuple[str, str, float | None]:
    """The ratio shown for a figure, its target in words, and how far it is off target
    (measured ÷ allowed; above 1 is a miss; None when the figure has no target)."""
    floor = by.get("floor: DuckDB read_csv → table")
    month_floor = by.get("floor: one month's file")
    name = m.name
    if name == "ingest pulse (in-process)":
        ratio = _ratio(m, floor)
        return f"{ratio:.2f}× floor", f"≤ {TARGETS['ingest_ratio']}× floor", ratio / TARGETS["ingest_ratio"]
    if name == "ingest pulse (CLI process, incl. start-up)":
        return f"{_ratio(m, floor):.2f}× floor", "", None
    if name == "ingest one more month into the history (in-process)":
        ratio = _ratio(m, month_floor)
        return (f"{ratio:.2f}× month floor", f"≤ {TARGETS['month_ratio']}× month floor",
                ratio / TARGETS["month_ratio"])
    if name == "naive pandas pulse_trend":
        ratio = _ratio(m, by.get("our pulse_trend (fresh process)"))
        return f"{ratio:.1f}× ours", f"ours ≥ {TARGETS['naive_speed']}× faster", TARGETS["naive_speed"] / ratio
    if name == "naive peak RSS":
        ratio = _ratio(m, by.get("our pulse_trend peak RSS"))
        return f"{ratio:.1f}× ours", f"ours ≥ {TARGETS['naive_memory']}× less", TARGETS["naive_memory"] / ratio
    limits = {"ingest peak RSS": ("ingest_rss_mb", "MB"), "quarterly report (CLI process)": ("report", "s")}
    for prefix, key in (("kpi ", "kpi"), ("page ", "page")):
        for temperature in ("cold", "warm"):
            if name.startswith(prefix) and name.endswith(f" {temperature}"):
                limits[name] = (f"{key}_{temperature}", "s")
    if name.startswith("app RSS"):
        limits[name] = ("app_idle_mb", "MB")
    if name.startswith("load: ") and name.endswith(" p95"):
        limits[name] = ("load_p95", "s")
    if name.startswith("load: ") and name.endswith(" errors"):
        return "", "no errors", 0.0 if m.median == 0 else 1.0 + m.median
    if name in limits:
        key, unit = limits[name]
        return "", f"≤ {TARGETS[key]} {unit}", m.median / TARGETS[key]
    return "", "", None


def report(measures: list[Measure], info: dict[str, object]) -> str:
    """The table of every figure, then the missed targets with how far off they are."""
    by = {m.name: m for m in measures}
    rows, missed = [], []
    for m in measures:
        ratio, target, off = judge(m, by)
        verdict = "" if off is None else ("met" if off <= 1 else f"**missed** ({off:.1f}× the limit)"
                                          if m.unit != "count" else f"**missed** ({m.median:.0f})")
        value = f"{m.median:.3f} s" if m.unit == "s" else f"{m.median:.0f} {m.unit}"
        rows.append(f"| {m.name} | {value} | {m.span()} | {ratio} | {target} | {verdict} |")
        if off is not None and off > 1:
            missed.append(f"- {m.name}: {value}{f' ({ratio})' if ratio else ''} against {target}"
                          + (f" — {off:.1f}× the limit" if m.unit != "count" else ""))
    header = ["| figure | median | min–max | ratio | target | verdict |", "|---|---|---|---|---|---|"]
    summary = (["", f"Missed targets ({len(missed)}; why, and what would close them: see the top "
                "of this file):", ""] + missed) if missed else ["", "Every target met."]
    return "\n".join(header + rows + summary)


def machine() -> str:
    import psutil

    cpu = platform.processor() or platform.machine()
    try:
        model = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                     if line.startswith("model name"))
    except (OSError, StopIteration):
        model = cpu
    return (f"{model}; {os.cpu_count()} cores; {psutil.virtual_memory().total / 2**30:.1f} GiB RAM; "
            f"Python {platform.python_version()}; DuckDB {duckdb.__version__}; {platform.platform()}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--responses", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", default="")
    parser.add_argument("--work", default="", help="folder for the generated files (default: a temporary one)")
    parser.add_argument("--import-only", action="store_true",
                        help="measure the floor, the import and one more month only (a quick run at 5M)")
    args = parser.parse_args(argv)
    folder = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="empathy-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        started = time.time()
        measures, info = measure(args.responses, args.runs, folder, args.import_only)
        table = report(measures, info)
        sizes = ", ".join(f"{k} {v / 2**20:.0f} MB" for k, v in info["file_sizes"].items())  # type: ignore[union-attr]
        text = (f"## {args.responses:,} responses — {dt.date.today().isoformat()}\n\n"
                f"Command: `python bench/run.py --responses {args.responses} --runs {args.runs}"
                f"{' --import-only' if args.import_only else ''}`  \n"
                f"Machine: {machine()}  \nFiles: {sizes}  \n"
                f"Runs per figure: {args.runs}; total time {time.time() - started:.0f} s\n\n{table}\n")
        print(text)
        if args.out:
            out = Path(args.out)
            previous = out.read_text(encoding="utf-8") if out.exists() else "# Benchmark results\n\n"
            out.write_text(previous.rstrip() + "\n\n" + text, encoding="utf-8")
    finally:
        if not args.work:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
