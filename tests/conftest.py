"""Shared fixtures: a real DuckDB file per test, CSV writers, the golden and sample data.

Data sets that take seconds to import (the demo program, the hand-built pilot of
``tests/kpi_data.py``) are imported once per test process into a template file
(``*_template``, session-scoped: once per xdist worker) and each test gets a file copy of it
(``demo_db``, ``pilot_db``, ``pilot``), so tests stay independent at the cost of a copy.
AppTest helpers live in ``tests/apptest.py``; the fixtures that point the app at a database
(``on_empty``, ``on_own_demo``, ``shared_demo``/``on_demo``) are here.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import pytest
from hypothesis import settings as hypothesis_settings

from dashboard.config import PROJECT_ROOT, SAMPLE_DIR
from dashboard.ingest import demo, ingest_files
from dashboard.store import db, sql
from tests.kpi_data import write_pilot

# Copies of ../shared/fixtures (real survey-tool exports with their licences, and the golden
# pilot computed independently), kept in the repository so a clean checkout tests the same.
FIXTURES_DIR = PROJECT_ROOT / "tests" / "fixtures"
GOLDEN_DIR = FIXTURES_DIR / "golden"
REAL_DIR = FIXTURES_DIR / "real"
GOLDEN_FILES = ["roster.csv", "schedule.csv", "questions.csv", "pulse.csv", "rubric.csv"]

# Property tests draw the same cases on every run ("fixed"), so a red run is a real failure
# and can be repeated; HYPOTHESIS_PROFILE=explore draws new cases (and remembers failures).
hypothesis_settings.register_profile("fixed", derandomize=True, database=None, deadline=None,
                                     print_blob=True)
hypothesis_settings.register_profile("explore", deadline=None)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "fixed"))


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A fresh database file in a temporary folder."""
    return tmp_path / "test.duckdb"


@pytest.fixture(scope="session")
def empty_db_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database file with the schema applied and nothing else; copy, don't use."""
    path = tmp_path_factory.mktemp("empty-template") / "empty.duckdb"
    db.connect(path).close()
    return path


@pytest.fixture
def con(db_path: Path, empty_db_template: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """An open connection to a fresh, set-up database file (a copy of the empty template:
    applying the schema to a new file costs more than copying one)."""
    shutil.copyfile(empty_db_template, db_path)
    connection = db.connect(db_path)
    yield connection
    connection.close()


@pytest.fixture
def write(tmp_path: Path) -> Callable[..., Path]:
    """Write text (or bytes) to a file in the test's folder and return its path."""

    def _write(name: str, content: str | bytes, encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode(encoding))
        return path

    return _write


def as_real_responses(path: Path, folder: Path) -> Path:
    """A copy of a QualtricsTools sample export as a live distribution writes it.

    Its rows were made with Qualtrics' "Generate test responses" (``Status`` 2, "Survey
    Test"), which the importer leaves out: imported as they are, such files are refused
    ("no responses to import: 10 test responses left out"). The copy says ``Status`` 0 (a
    response), every other byte as it was, so the tests of matrices, recode values and
    "no basis" codes still read the tool's own file.
    """
    import csv
    import io

    text = path.read_text(encoding="utf-8-sig")
    records = list(csv.reader(io.StringIO(text, newline="")))
    column = next(i for rec in records[:2] for i, cell in enumerate(rec) if cell == "Status")
    lines = text.splitlines(keepends=True)
    out = []
    for number, line in enumerate(lines):
        cells = line.rstrip("\r\n").split(",")
        if number >= 2 and not line.startswith("{") and len(cells) > column and cells[column] == "2":
            cells[column] = "0"
            line = ",".join(cells) + line[len(line.rstrip("\r\n")):]
        out.append(line)
    copy = folder / path.name
    copy.write_text("".join(out), encoding="utf-8")
    return copy


def table_counts(connection: duckdb.DuckDBPyConnection) -> tuple:
    """Rows physically stored in every table: equal before and after means 'unchanged'."""
    return sql.rows(connection, "ops/table_counts")[0]


@pytest.fixture(scope="session")
def demo_db_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo program loaded once per test session into a database file; copy, don't use."""
    path = tmp_path_factory.mktemp("demo-template") / "demo.duckdb"
    with db.session(path) as connection:
        failed = [r.summary() for r in demo.load_demo(connection) if not r.ok]
    assert failed == []
    return path


@pytest.fixture
def demo_db(demo_db_template: Path, tmp_path: Path) -> Path:
    """A private copy of the demo database (a file copy: about 20 ms, not a 3 s load)."""
    path = tmp_path / "demo.duckdb"
    shutil.copyfile(demo_db_template, path)
    return path


@pytest.fixture(scope="session")
def pilot_db_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hand-built pilot (``tests/kpi_data.py``) imported once per test session; copy,
    don't use. The import log keeps file names only, so a copy holds what a per-test import
    into the test's own folder held."""
    folder = tmp_path_factory.mktemp("pilot-template")
    path = folder / "pilot.duckdb"
    with db.session(path) as connection:
        results = ingest_files(connection, write_pilot(folder))
        assert all(r.ok for r in results), [r.problem_lines() for r in results]
    return path


@pytest.fixture
def pilot_db(pilot_db_template: Path, tmp_path: Path) -> Path:
    """A private copy of the pilot database, closed (for the CLI or ``db.session``)."""
    path = tmp_path / "pilot.duckdb"
    shutil.copyfile(pilot_db_template, path)
    return path


@pytest.fixture
def pilot(pilot_db_template: Path, db_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """An open connection to a private copy of the pilot, at ``db_path``."""
    shutil.copyfile(pilot_db_template, db_path)
    connection = db.connect(db_path)
    yield connection
    connection.close()


# --- the app under AppTest: which database it opens (EMPATHY_DB) -------------------------


@pytest.fixture
def on_empty(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The app on a database path with no file yet (opening it creates an empty one)."""
    path = tmp_path / "empty.duckdb"
    monkeypatch.setenv("EMPATHY_DB", str(path))
    return path


@pytest.fixture
def on_own_demo(demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The app on a private demo database, for tests that import, undo or change settings."""
    monkeypatch.setenv("EMPATHY_DB", str(demo_db))
    return demo_db


@pytest.fixture(scope="module")
def shared_demo(tmp_path_factory: pytest.TempPathFactory, demo_db_template: Path) -> Path:
    """One demo database for a module's read-only tests (its cache stays warm)."""
    path = tmp_path_factory.mktemp("shared-demo") / "demo.duckdb"
    shutil.copyfile(demo_db_template, path)
    return path


@pytest.fixture
def on_demo(shared_demo: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The app on the module's shared demo database: read it, don't change it."""
    monkeypatch.setenv("EMPATHY_DB", str(shared_demo))
    return shared_demo


@pytest.fixture
def golden_dir() -> Path:
    return GOLDEN_DIR


@pytest.fixture
def sample_dir() -> Path:
    return SAMPLE_DIR


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No EMPATHY_DB from the developer's shell leaks into a test."""
    monkeypatch.delenv("EMPATHY_DB", raising=False)


def pytest_configure(config: pytest.Config) -> None:
    os.environ.setdefault("EMPATHY_MEMORY_LIMIT", "2GB")
    # The demo's data runs January–October 2026: judge what is due or overdue as of a fixed
    # day, so pages and the calendar do not change with the clock (app servers inherit it).
    os.environ.setdefault("EMPATHY_TODAY", "2026-11-26")
    # Building ahead after each new data version (app_pages/ahead.py) is for a served app: the
    # page tests make hundreds of short-lived databases. Its own tests and the browser's app
    # servers turn it on.
    os.environ.setdefault("EMPATHY_BUILD_AHEAD", "0")


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Under xdist, the tests of a module that share a module-scoped fixture (a demo app
    server, built reports, KPI frames) run in one worker, one after the other, so that
    fixture is made once rather than once per worker (or again after another module's test
    came in between); every other test goes wherever a worker is free."""
    for item in items:
        info = getattr(item, "_fixtureinfo", None)
        definitions = info.name2fixturedefs.values() if info else ()
        if any(defs and defs[-1].scope == "module" for defs in definitions):
            item.add_marker(pytest.mark.xdist_group(item.nodeid.split("::")[0]))
    if getattr(config.option, "loadgroup", False):  # an xdist worker with --dist loadgroup
        for item in items:
            groups = sorted({str(m.args[0] if m.args else m.kwargs.get("name", "default"))
                             for m in item.iter_markers("xdist_group")})
            if groups and "@" not in item.nodeid:
                _put_in_group(item, "_".join(groups))


def _put_in_group(item: pytest.Item, group: str) -> None:
    """xdist's loadgroup scheduler reads an item's group from a ``@group`` suffix of its node
    id. pytest 9.2 keeps node ids as ``NodeId`` objects, and xdist 3.8 still writes the old
    string attribute, so no group has any effect (pytest-xdist#1386); until it is fixed,
    the suffix is written here, in whichever form this pytest keeps."""
    suffixed = f"{item.nodeid}@{group}"
    if hasattr(item, "_id"):
        from _pytest.nodeid import NodeId

        item._id = NodeId.parse(suffixed)
    else:
        item._nodeid = suffixed
