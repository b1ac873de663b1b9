"""Temp macro sets (``sql.create_macro_set``) are created once per connection, and again after a
rollback took them away: an import asks for the id macros at several steps, and binding them
costs about 0.1 s each time."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from dashboard.ingest import raw
from dashboard.store import db, ids


@pytest.fixture
def con(tmp_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = db.connect(tmp_path / "macros.duckdb")
    yield connection
    connection.close()


def _mask(con: duckdb.DuckDBPyConnection) -> str:
    return str(con.execute("select mask_emails('write to ann@example.com')").fetchone()[0])


def test_a_set_already_on_the_connection_is_not_created_again(con: duckdb.DuckDBPyConnection) -> None:
    raw.create_macros(con)
    assert _mask(con) == "write to [e-mail]"
    con.execute("create or replace temp macro mask_emails(x) as 'left alone'")
    raw.create_macros(con)
    ids.create_macros(con)
    assert _mask(con) == "left alone"  # not replaced: the set was marked as created


def test_a_rollback_takes_the_set_and_its_mark_away(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("begin")
    ids.create_macros(con)
    assert _mask(con) == "write to [e-mail]"
    con.execute("rollback")
    with pytest.raises(duckdb.CatalogException):
        _mask(con)
    ids.create_macros(con)  # the mark went with the rollback: created again
    assert _mask(con) == "write to [e-mail]"


def test_each_connection_gets_its_own_macros() -> None:
    first = duckdb.connect()
    second = duckdb.connect()
    raw.create_macros(first)
    raw.create_macros(second)
    assert _mask(first) == _mask(second) == "write to [e-mail]"
    assert second.execute("select clean('  x ')").fetchone() == ("x",)
