"""Shared fixtures: a real DuckDB file per test, CSV writers, the golden and sample data."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import pytest
from hypothesis import settings as hypothesis_settings

from dashboard.config import PROJECT_ROOT, SAMPLE_DIR
from dashboard.ingest import demo
from dashboard.store import db, sql

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


@pytest.fixture
def con(db_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """An open connection to a fresh, set-up database file."""
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
