"""Data-quality checks (``queries/checks/*.sql``): each returns the offending rows."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from dashboard.config import QUERIES_DIR
from dashboard.kpi.cache import cached
from dashboard.kpi.engine import prepare
from dashboard.store import sql


@dataclass(frozen=True)
class CheckResult:
    name: str
    description: str
    rows: pd.DataFrame

    @property
    def passed(self) -> bool:
        return self.rows.empty


def check_names() -> list[str]:
    return sorted(p.stem for p in (QUERIES_DIR / "checks").glob("*.sql"))


def describe(name: str) -> str:
    """The check's purpose, from the first comment line of its SQL file."""
    first = sql.query_text(f"checks/{name}").splitlines()[0]
    return first.removeprefix("--").strip().removeprefix("check:").strip()


def run_checks(con: duckdb.DuckDBPyConnection) -> list[CheckResult]:
    """Run every check on the current data: once per data version, kept in the database like
    the KPI tables, so a fresh process (the report, the Data page) reads what the first found."""
    return [CheckResult(name, describe(name), _rows(con, name)) for name in check_names()]


def _rows(con: duckdb.DuckDBPyConnection, name: str) -> pd.DataFrame:
    def run() -> pd.DataFrame:
        prepare(con)
        return sql.frame(con, f"checks/{name}")

    return cached(con, ("check", name), run, persist=True)
