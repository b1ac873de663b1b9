"""Building ahead (``app_pages/ahead.py``): the first run that sees a data version starts one
background build of the other pages' numbers and of the quarterly review, into the very cache
entries the pages read, so the first visit of each page after an import finds them."""

from __future__ import annotations

from typing import Any

import pytest

from dashboard.app_pages import ahead, shared
from dashboard.store import db
from tests.apptest import go, open_page

PAGES = ("pulse", "rubric", "business", "impact", "review", "overview")


@pytest.fixture
def ahead_on(on_own_demo, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("EMPATHY_BUILD_AHEAD", "1")
    return on_own_demo


def counting(monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> list[tuple[Any, ...]]:
    """Count the calls of ``module.name`` from now on (the real function still runs)."""
    calls: list[tuple[Any, ...]] = []
    real = getattr(module, name)

    def spy(*args: Any, **kwargs: Any) -> Any:
        calls.append(args[1:])
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, spy)
    return calls


def test_every_page_finds_its_numbers_and_the_review_built_ahead(ahead_on, monkeypatch):
    at = open_page()  # the Overview: its run starts the build for this data version
    ahead.wait(120)
    tables = counting(monkeypatch, shared, "compute_table")
    reports = counting(monkeypatch, ahead, "assemble")
    for page in PAGES:
        go(at, page)
        if page == "review":
            assert at.get("iframe"), "the review shows its report"
    assert tables == [], f"KPI tables the pages computed themselves: {sorted({c[0] for c in tables})}"
    assert reports == []  # the review for its default quarter was there already


def test_the_overview_with_program_or_comparison_cohorts_only_is_built_ahead_too(ahead_on, monkeypatch):
    """The first page's one-click filter ("Trained or not") is ready too: a link with it opens
    without computing a KPI table or the other reads."""
    open_page()
    ahead.wait(120)
    tables = counting(monkeypatch, shared, "compute_table")
    for arm in ("Program", "Comparison"):
        at = open_page(arm=arm)
        assert at.query_params["arm"] == [arm] or at.query_params["arm"] == arm
        assert not at.exception
    assert tables == [], f"KPI tables the Overview computed itself: {sorted({c[0] for c in tables})}"


def test_a_new_data_version_is_built_again_and_an_unchanged_one_once(ahead_on, monkeypatch):
    builds = counting(monkeypatch, ahead, "build")
    path = str(ahead_on)
    with db.session(path) as con:
        version = db.data_version(con)
    ahead.schedule(path, version)
    ahead.schedule(path, version)
    ahead.wait(120)
    assert builds == [(version,)]
    ahead.schedule(path, version + 1)  # what an import, undo or setting change leads to
    ahead.wait(120)
    assert builds == [(version,), (version + 1,)]


def test_a_later_process_finds_the_build_done_and_builds_nothing(ahead_on, monkeypatch):
    """What one process built is kept in the database: a new server process (nothing in memory)
    does not load it all again at its first visitor; its pages read it as they need it."""
    path = str(ahead_on)
    with db.session(path) as con:
        version = db.data_version(con)
    ahead.build(path, version)
    shared._cached.clear()
    shared._cached_for_role.clear()
    reads = counting(monkeypatch, shared, "read_at")
    ahead.build(path, version)
    assert reads == []
    at = open_page()  # the page still finds its numbers, from the database
    ahead.wait(120)
    assert not at.exception and at.metric


def test_off_by_setting(on_own_demo, monkeypatch):
    monkeypatch.setenv("EMPATHY_BUILD_AHEAD", "off")
    builds = counting(monkeypatch, ahead, "build")
    ahead.schedule(str(on_own_demo), 10_000)
    ahead.wait(5)
    assert builds == []


def test_a_busy_or_broken_database_stops_the_build_quietly(tmp_path, monkeypatch, caplog):
    monkeypatch.setenv("EMPATHY_BUILD_AHEAD", "1")
    broken = tmp_path / "not-a-database.duckdb"
    broken.write_bytes(b"this is not a DuckDB file")
    with caplog.at_level("INFO", logger="dashboard.ahead"):
        ahead.schedule(str(broken), 1)
        ahead.wait(30)
    assert "building ahead for data version 1 stopped" in caplog.text


def test_another_program_can_write_while_the_build_runs(ahead_on):
    """The CLI importing a month while the app builds ahead: it gets the file between two reads."""
    import subprocess
    import sys
    import time

    from dashboard.config import PROJECT_ROOT

    path = str(ahead_on)
    with db.session(path) as con:
        version = db.data_version(con)
    writer = ("import sys, time; from dashboard.store import db\n"
              "start = time.monotonic()\n"
              "with db.session(sys.argv[1], wait=30) as con:\n"
              "    print(time.monotonic() - start)\n"
              "    con.execute(\"insert or replace into meta values ('ahead_probe', 'written')\")\n")
    ahead.schedule(path, version)
    time.sleep(0.5)  # the build is under way (without the gaps it held the file to its end, ~6 s)
    done = subprocess.run([sys.executable, "-c", writer, path], capture_output=True, text=True,
                          cwd=PROJECT_ROOT, timeout=60)
    still_building = any(t.is_alive() for t in ahead._threads)
    ahead.wait(120)
    assert done.returncode == 0, done.stderr
    assert float(done.stdout) < 2.0 and still_building, (done.stdout, still_building)
    with db.session(path) as con:
        assert con.execute("select value from meta where key = 'ahead_probe'").fetchone() == ("written",)
