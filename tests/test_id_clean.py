"""``id_clean`` (and ingest's ``clean``, the same rule) trim spaces, tabs, line breaks and no-break
spaces and give null for nothing left — also through the fast path that returns a cell with none
of them at either end as it is."""

from __future__ import annotations

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.ingest import raw

TRIMMED = " \t\n\r\u00a0\ufeff"
CELLS = st.text(alphabet=st.sampled_from([*TRIMMED, "\f", "\u2003", "a", "é", "@", "-", "Ｚ", "1"]), max_size=8)


@pytest.fixture(scope="module")
def con() -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect()
    raw.create_macros(connection)
    return connection


def _expected(cell: str) -> str | None:
    return cell.strip(TRIMMED) or None


@settings(max_examples=300, deadline=None)
@given(cell=CELLS)
def test_the_same_as_trimming_the_characters(con: duckdb.DuckDBPyConnection, cell: str) -> None:
    found = con.execute("select id_clean($x), clean($x)", {"x": cell}).fetchone()
    assert found == (_expected(cell), _expected(cell))


def test_null_stays_null(con: duckdb.DuckDBPyConnection) -> None:
    assert con.execute("select id_clean(null::varchar), clean(null::varchar)").fetchone() == (None, None)
