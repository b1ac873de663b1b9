"""One measured step of the benchmark, run in its own process by ``bench/run.py``.

Each step prints one JSON object (its own timings) on stdout; the parent measures wall time
and peak RSS of the whole process through the OS (``os.wait4``).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def _query(name: str) -> str:
    return (ROOT / "bench" / "queries" / f"{name}.sql").read_text(encoding="utf-8")


def floor(csv_path: str, db_path: str) -> dict[str, float]:
    """DuckDB's own CREATE TABLE AS SELECT * FROM read_csv(...) into a fresh file."""
    import duckdb

    start = time.perf_counter()
    con = duckdb.connect(db_path)
    con.execute(_query("floor"), {"path": csv_path})
    con.close()
    return {"seconds": time.perf_counter() - start}


def ingest(db_path: str, csv_path: str) -> dict[str, float]:
    """Our import of one file, timed inside the process (interpreter start-up excluded, as
    the floor's is), with the answers and rows it stored."""
    from dashboard.ingest import ingest_file
    from dashboard.store import db

    start = time.perf_counter()
    with db.session(db_path) as con:
        result = ingest_file(con, csv_path)
    if not result.ok:
        raise RuntimeError("\n".join(result.problem_lines()[:5]))
    return {"seconds": time.perf_counter() - start, "rows": result.rows, "answers": result.answers}


def kpi(db_path: str, names: list[str]) -> dict[str, dict[str, float]]:
    """Each KPI table computed twice in this fresh process: cold, then warm."""
    from dashboard.kpi import Filters, compute
    from dashboard.store import db

    results = {}
    for name in names:
        timings = []
        for _ in range(2):
            start = time.perf_counter()
            with db.session(db_path) as con:
                compute(con, name, Filters())
            timings.append(time.perf_counter() - start)
        results[name] = {"cold": timings[0], "warm": timings[1]}
    return results


def ahead(db_path: str) -> dict[str, float]:
    """What the app builds ahead after a new data version (``app_pages/ahead.py``: every page's
    reads at the untouched filters and the review for its default quarter), in a fresh process:
    the kept tables it fills are what a later process finds."""
    import os

    os.environ["EMPATHY_DB"] = db_path
    from dashboard.app_pages import ahead as built_ahead
    from dashboard.store import db

    with db.session(db_path) as con:
        version = db.data_version(con)
    start = time.perf_counter()
    built_ahead.build(str(Path(db_path).resolve()), version)
    return {"seconds": time.perf_counter() - start}


def pages(db_path: str, scripts: list[str]) -> dict[str, dict[str, float]]:
    """Each page's script through AppTest: the first run (cold) and a second run (warm), in a
    process that does not build ahead itself (it would race the pages it is timed against)."""
    import os

    from streamlit.testing.v1 import AppTest

    os.environ["EMPATHY_DB"] = db_path
    os.environ["EMPATHY_BUILD_AHEAD"] = "0"
    results = {}
    app = str(ROOT / "dashboard" / "app.py")
    for script in scripts:
        at = AppTest.from_file(app, default_timeout=600)
        timings = []
        for run in range(2):
            start = time.perf_counter()
            if script == "default":
                at.run()
            else:
                at.switch_page(script).run() if run == 0 else at.run()
            timings.append(time.perf_counter() - start)
            if at.exception:
                raise RuntimeError(f"{script}: {at.exception[0].value}")
        results[script] = {"cold": timings[0], "warm": timings[1]}
    return results


def naive(db_path: str) -> dict[str, float]:
    """What users would write by hand: the long answers into pandas, then groupby."""
    import duckdb

    start = time.perf_counter()
    con = duckdb.connect(db_path, read_only=True)
    long = con.execute(_query("naive_long")).df()
    con.close()
    loaded = time.perf_counter()
    long["others"] = long["rater_type"] != "self"
    long["favourable"] = long["score"] >= 4
    grouped = long.groupby(["cohort", "period", "question_id", "others"]).agg(
        n=("respondent_id", "nunique"), mean_score=("score", "mean"), favourable=("favourable", "mean"))
    return {"seconds": time.perf_counter() - start, "load_seconds": loaded - start, "rows": len(long),
            "groups": len(grouped)}


def ours(db_path: str) -> dict[str, float]:
    """The same table from the KPI layer, in a fresh process (for the memory comparison)."""
    from dashboard.kpi import Filters, compute
    from dashboard.store import db

    start = time.perf_counter()
    with db.session(db_path) as con:
        frame = compute(con, "pulse_trend", Filters())
    return {"seconds": time.perf_counter() - start, "groups": len(frame)}


def main(argv: list[str]) -> int:
    step, *args = argv
    if step == "floor":
        result = floor(*args)
    elif step == "ingest":
        result = ingest(*args)
    elif step == "kpi":
        result = kpi(args[0], args[1:])
    elif step == "ahead":
        result = ahead(args[0])
    elif step == "pages":
        result = pages(args[0], args[1:])
    elif step == "naive":
        result = naive(args[0])
    elif step == "ours":
        result = ours(args[0])
    else:
        raise SystemExit(f"unknown step {step}")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
