"""Shared fixtures: a real DuckDB file per test, CSV writers, the golden and sample data."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import pytest

from dashboard import db, sql
from dashboard.config import PROJECT_ROOT, SAMPLE_DIR


def _shared_fixtures() -> Path:
    """``shared/fixtures`` beside the checkout, found from any git worktree depth.

    The main checkout sits at ``<root>/main`` and worktrees at ``<root>/wt/<name>``; both
    must see the same fixtures, or the real-file tests would silently skip in one of them.
    """
    for parent in PROJECT_ROOT.parents:
        candidate = parent / "shared" / "fixtures"
        if candidate.is_dir():
            return candidate
    return PROJECT_ROOT.parent / "shared" / "fixtures"


FIXTURES_DIR = _shared_fixtures()
GOLDEN_DIR = FIXTURES_DIR / "golden"
REAL_DIR = FIXTURES_DIR / "real"
GOLDEN_FILES = ["roster.csv", "schedule.csv", "questions.csv", "pulse.csv", "rubric.csv"]


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


@pytest.fixture
def golden_dir() -> Path:
    if not GOLDEN_DIR.is_dir():
        pytest.skip(f"golden fixtures not found at {GOLDEN_DIR}")
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
