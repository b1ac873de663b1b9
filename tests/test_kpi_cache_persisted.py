"""The gated tables and KPI tables are kept in the database per data version and k: a fresh
process reads them and gets the same tables; a write empties them in its own transaction (so
nothing stale is read, and nothing it removed lingers in them); a read-only connection reads
them, or works on its own copies when they are missing or stale; a database made by the
version before them (``tests/fixtures/upgrade/demo-before-persisted.duckdb.gz``, written by
``python -m dashboard demo`` at commit da23074) gains them in place with the same tables."""

from __future__ import annotations

import gzip
import shutil
import subprocess
import sys
import threading
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pytest

import dashboard.kpi as kpi_package
from dashboard.config import PROJECT_ROOT
from dashboard.ingest import ingest_file
from dashboard.kpi import TABLES, Filters, cache, compute, persist
from dashboard.report import build_report
from dashboard.store import db, sql
from dashboard.store.imports import undo_import

JUNE = ("response_id,submitted_at,respondent_id,rater_type,leader_id,q1,rec\n"
        + "".join(f"J{i},2026-06-10,P1-{i},direct_report,P1,5,10\n" for i in range(1, 6)))
# Computing every KPI table also keeps three frames they are built from, which a fresh process
# that reads a kept table may still need (the report's ROI inputs): the unrounded impact estimates,
# the leaders' windows and the program teams' volumes.
KEPT_PER_K = len(TABLES) + 3
OLD_DEMO = PROJECT_ROOT / "tests" / "fixtures" / "upgrade" / "demo-before-persisted.duckdb.gz"
FRESH_PROCESS = """
import sys
from pathlib import Path
import dashboard.kpi as kpi
from dashboard.store import db
out = Path(sys.argv[2])
with db.session(sys.argv[1], read_only=sys.argv[3] == "ro") as con:
    for name in kpi.TABLES:
        kpi.compute(con, name, kpi.Filters(min_group=int(sys.argv[4]))).to_pickle(out / f"{name}.pkl")
"""


@pytest.fixture(autouse=True)
def _fresh_process_cache():
    """Each test starts as a new process would: nothing cached in memory."""
    cache.clear()
    yield
    cache.clear()


def _tables(path: Path, k: int = 5, *, read_only: bool = False) -> dict[str, pd.DataFrame]:
    with db.session(path, read_only=read_only) as con:
        return {name: compute(con, name, Filters(min_group=k)) for name in TABLES}


def _in_fresh_process(path: Path, folder: Path, k: int = 5, *, read_only: bool = False
                      ) -> dict[str, pd.DataFrame]:
    folder.mkdir()
    subprocess.run([sys.executable, "-c", FRESH_PROCESS, str(path), str(folder),
                    "ro" if read_only else "rw", str(k)], cwd=PROJECT_ROOT, check=True)
    return {name: pd.read_pickle(folder / f"{name}.pkl") for name in TABLES}


def _assert_same(left: dict[str, pd.DataFrame], right: dict[str, pd.DataFrame]) -> None:
    assert set(left) == set(right)
    for name in left:
        pd.testing.assert_frame_equal(left[name], right[name], obj=name)


def _stored(path: Path) -> dict[str, object]:
    """What the database keeps of the derived tables (read without computing anything)."""
    with db.session(path, read_only=True) as con:
        return {
            "built": sql.rows(con, "gated/built"),
            "answers": con.execute("select count(*) from gated_answer").fetchone()[0],  # type: ignore[index]
            "cells": con.execute("select count(*) from gated_cell").fetchone()[0],  # type: ignore[index]
            "frames": con.execute("select count(*) from kpi_frame").fetchone()[0],  # type: ignore[index]
            "version": (db.instance(con), db.data_version(con)),
        }


def _no_computing(monkeypatch: pytest.MonkeyPatch) -> None:
    """From here on a KPI table can only come from the database: computing one fails."""
    def refuse(*_args: object, **_kwargs: object) -> pd.DataFrame:
        raise AssertionError("computed instead of read from the database")

    monkeypatch.setattr(kpi_package, "_COMPUTE", {name: refuse for name in TABLES})


def test_a_fresh_process_reads_the_kept_tables_and_gets_the_same_frames(pilot_db, tmp_path, monkeypatch):
    first = _tables(pilot_db)
    kept = _stored(pilot_db)
    assert kept["built"] == [(*kept["version"], persist.code_key())]  # type: ignore[misc]
    assert kept["answers"] > 0 and kept["cells"] > 0 and kept["frames"] == KEPT_PER_K
    _assert_same(_in_fresh_process(pilot_db, tmp_path / "rw"), first)
    _assert_same(_in_fresh_process(pilot_db, tmp_path / "ro", read_only=True), first)
    cache.clear()
    _no_computing(monkeypatch)
    _assert_same(_tables(pilot_db), first)
    _assert_same(_tables(pilot_db, read_only=True), first)


def test_a_write_empties_them_in_its_own_transaction_and_they_are_computed_again(pilot_db, write):
    before = _tables(pilot_db)
    with db.session(pilot_db) as con:
        june = ingest_file(con, write("june.csv", JUNE))
        assert june.ok, june.problem_lines()
    emptied = _stored(pilot_db)
    assert (emptied["built"], emptied["answers"], emptied["cells"], emptied["frames"]) == ([], 0, 0, 0)
    after = _tables(pilot_db)
    trend = after["pulse_trend"]
    assert "2026-06" in set(trend["period"]) and "2026-06" not in set(before["pulse_trend"]["period"])
    refilled = _stored(pilot_db)
    assert refilled["built"] == [(*refilled["version"], persist.code_key())]  # type: ignore[misc]
    with db.session(pilot_db) as con:
        undo_import(con, june.import_id)
    assert _stored(pilot_db)["answers"] == 0  # the undone answers are not kept in a copy either
    _assert_same(_tables(pilot_db), before)


def test_each_k_is_kept_apart(pilot_db, tmp_path):
    at_3, at_5 = _tables(pilot_db, 3), _tables(pilot_db, 5)
    assert not at_3["pulse_trend"].equals(at_5["pulse_trend"])  # the pilot has groups of 3 and 4
    assert _stored(pilot_db)["frames"] == 2 * KEPT_PER_K
    _assert_same(_in_fresh_process(pilot_db, tmp_path / "k3", 3), at_3)
    _assert_same(_in_fresh_process(pilot_db, tmp_path / "k5", 5), at_5)


def test_a_read_only_connection_never_writes_and_never_reads_a_stale_copy(pilot_db, write):
    fresh = _tables(pilot_db)  # computed and kept at this version
    with db.session(pilot_db) as con:  # a write, then nobody computes before the reader comes
        assert ingest_file(con, write("june.csv", JUNE)).ok
    cache.clear()
    size = pilot_db.stat().st_size
    read = _tables(pilot_db, read_only=True)  # works on its own copies, keeps nothing
    assert _stored(pilot_db)["frames"] == 0 and pilot_db.stat().st_size == size
    assert not read["pulse_trend"].equals(fresh["pulse_trend"])
    cache.clear()
    _assert_same(_tables(pilot_db), read)  # the same tables a writer computes


def test_a_reader_does_not_wait_for_another_threads_write(pilot_db, write):
    with db.session(pilot_db) as con:
        assert ingest_file(con, write("june.csv", JUNE)).ok  # nothing kept at this version yet
    cache.clear()
    holding, done = threading.Event(), threading.Event()

    def writer() -> None:  # holds the process's write lock, as a long import does
        with db.WRITE_LOCK:
            holding.set()
            done.wait(timeout=60)

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        assert holding.wait(timeout=10)
        during = _tables(pilot_db)  # computed on the connection's own copies, nothing kept
        assert _stored(pilot_db)["answers"] == 0 and _stored(pilot_db)["frames"] == 0
    finally:
        done.set()
        thread.join()
    cache.clear()
    _assert_same(_tables(pilot_db), during)
    assert _stored(pilot_db)["frames"] == KEPT_PER_K


def test_code_of_another_version_does_not_read_them(pilot_db, monkeypatch):
    _tables(pilot_db)
    monkeypatch.setattr(persist, "code_key", lambda: "another version")
    with db.session(pilot_db, read_only=True) as con:
        assert persist.load(con, ("table", "enps", Filters(), ())) is None
        assert sql.rows(con, "gated/built")[0][2] != persist.code_key()


def test_a_database_made_before_them_gains_them_in_place(tmp_path):
    path = tmp_path / "demo.duckdb"
    with gzip.open(OLD_DEMO, "rb") as packed, path.open("wb") as out:
        shutil.copyfileobj(packed, out)
    with db.session(path, read_only=True) as con:
        assert not sql.scalar(con, "ops/gated_stored")  # the old schema: no kept tables
    old = _tables(path, read_only=True)  # as the old version computed them, on its own copies
    cache.clear()
    migrated = _tables(path)  # opening it for writing adds the tables, then fills them
    _assert_same(migrated, old)
    kept = _stored(path)
    assert kept["frames"] == KEPT_PER_K and kept["answers"] > 0
    _assert_same(_in_fresh_process(path, tmp_path / "fresh"), old)


def test_a_second_report_reads_what_it_needs_from_the_kept_tables(demo_db, monkeypatch):
    """The first report keeps its KPI tables and what it shows beside them (the unrounded
    impact estimates, the leaders' windows, the months each effect compares, the program teams'
    volumes, the data-quality checks); a second one with nothing in memory, as a fresh process,
    builds the same report from them and runs no mart or check over the data but the design's
    three small ones (cohorts, waves, schedule)."""
    built_at = datetime(2026, 10, 1, tzinfo=UTC)
    with db.session(demo_db) as con:
        first = build_report(con, "2026-Q3", generated_at=built_at)
    cache.clear()
    ran: list[str] = []
    execute = sql.execute

    def recording(con: object, name: str, params: object = None) -> object:
        ran.append(name)
        return execute(con, name, params)  # type: ignore[arg-type]

    monkeypatch.setattr(sql, "execute", recording)
    with db.session(demo_db) as con:
        second = build_report(con, "2026-Q3", generated_at=built_at)
    assert second == first
    assert "ops/kpi_frame_get" in ran
    read = {name for name in ran if name.startswith(("marts/", "checks/", "gated/"))}
    assert read == {"marts/cohort_waves", "marts/waves", "marts/schedule"}


def _frame_compression(path: Path) -> set[str]:
    with db.session(path, read_only=True) as con:
        return {row[0] for row in con.execute(
            "select compression from pragma_storage_info('kpi_frame') where segment_type = 'BLOB'").fetchall()}


def test_kept_tables_are_stored_uncompressed_also_in_a_database_made_before(tmp_path):
    """Parquet bytes are compressed already; DuckDB's own compression of the column made each
    lookup decompress every kept table. A database whose table was made compressed (schema 026)
    gets it made again (031) when it is opened for writing."""
    path = tmp_path / "demo.duckdb"
    with gzip.open(OLD_DEMO, "rb") as packed, path.open("wb") as out:
        shutil.copyfileobj(packed, out)
    _tables(path)
    assert _frame_compression(path) == {"Uncompressed"}
    cache.clear()
    assert _stored(path)["frames"] == KEPT_PER_K
    _assert_same(_in_fresh_process(path, tmp_path / "fresh"), _tables(path, read_only=True))
