"""Answers are stored compactly (response number, question number, score) and read through the
``pulse_answer`` view with their response's attributes and lineage. A database made by the
version before (``tests/fixtures/upgrade/demo-before-compact.duckdb.gz``: ``python -m dashboard
demo`` at commit 5d43492, then a file of two repeat submissions that replaced two stored
responses, import 8) moves its answers in place: the same rows, the same KPI tables, and undo,
erasure and new imports work on the moved answers."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from dashboard.config import PROJECT_ROOT
from dashboard.ingest import ingest_file
from dashboard.kpi import TABLES, Filters, cache, compute
from dashboard.store import db, erase, imports

OLD = PROJECT_ROOT / "tests" / "fixtures" / "upgrade" / "demo-before-compact.duckdb.gz"
ANSWERS = "select * from pulse_answer order by all"
# what the old file holds (read by the version that made it)
OLD_ANSWERS, OLD_SCORE_SUM, OLD_REPLACED = 11708, 46650, 10


@pytest.fixture
def old_db(tmp_path: Path) -> Path:
    path = tmp_path / "old.duckdb"
    with gzip.open(OLD, "rb") as packed, path.open("wb") as out:
        shutil.copyfileobj(packed, out)
    cache.clear()
    yield path
    cache.clear()


def _raw(path: Path, query: str) -> list[tuple]:
    """A query on the file as it is, without the app's upgrade (a plain DuckDB connection)."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(query).fetchall()
    finally:
        con.close()


def _kind(path: Path, name: str) -> str:
    found = _raw(path, f"select table_type from information_schema.tables where table_name = '{name}'")
    return found[0][0] if found else "missing"


def test_the_old_answer_table_moves_into_the_compact_store_in_place(old_db):
    assert _kind(old_db, "pulse_answer") == "BASE TABLE"
    before = pd.DataFrame(_raw(old_db, ANSWERS))
    assert len(before) == OLD_ANSWERS
    with db.session(old_db, read_only=True) as con:  # the old version's numbers, on its own copies
        old_tables = {name: compute(con, name, Filters()) for name in TABLES}
    cache.clear()

    with db.session(old_db) as con:  # opening it for writing upgrades it
        moved = {name: compute(con, name, Filters()) for name in TABLES}
        assert con.execute("select count(*), sum(score), count(*) filter (where superseded_by is not null) "
                           "from pulse_answer").fetchone() == (OLD_ANSWERS, OLD_SCORE_SUM, OLD_REPLACED)
    assert _kind(old_db, "pulse_answer") == "VIEW" and _kind(old_db, "pulse_answer_old") == "missing"
    pd.testing.assert_frame_equal(pd.DataFrame(_raw(old_db, ANSWERS)), before)  # every row, every column
    for name in TABLES:
        pd.testing.assert_frame_equal(moved[name], old_tables[name], obj=name)
    # what is stored per answer: three small numbers
    assert _raw(old_db, "select column_name, data_type from duckdb_columns() where table_name = 'pulse_score' "
                        "order by column_index") == [
        ("response_no", "BIGINT"), ("question_no", "SMALLINT"), ("score", "TINYINT")]
    assert _raw(old_db, "select count(*), count(distinct response_no) from pulse_response") == [(2470, 2470)]


def test_moved_answers_are_undone_erased_and_added_to_like_new_ones(old_db, write):
    with db.session(old_db) as con:
        undone = imports.undo_import(con, 8)  # the repeat submissions: the replaced ones come back
        assert (undone.rows_removed, undone.rows_restored) == (2 + 8, 2 + 10)
        assert con.execute("select count(*), count(*) filter (where superseded_by is not null) "
                           "from pulse_answer").fetchone() == (11700, 0)
        assert con.execute("select count(*) from pulse_score").fetchone() == (11700,)

        new = ingest_file(con, write("april.csv",
                                     "response_id,submitted_at,respondent_id,rater_type,leader_id,understood,enps\n"
                                     "N1,2026-04-28,M0001,direct_report,L001,4,9\n"))
        assert new.ok and new.answers == 2
        assert con.execute("select question_id, score, import_id from pulse_answer where response_id = 'N1' "
                           "order by 1").fetchall() == [("enps", 9, new.import_id), ("understood", 4, new.import_id)]
        assert con.execute("select count(*) = count(distinct response_no) from pulse_response").fetchone() == (True,)

        gone = erase.erase_person(con, "M0001", user="dpo")
        assert gone.rows["pulse_answer"] >= 2 + 1  # the new response's answers and the earlier ones
        assert con.execute("select count(*) from pulse_answer where respondent_id = 'M0001'").fetchone() == (0,)
        # no answer is left without its response
        assert con.execute("select count(*) from pulse_score where response_no not in "
                           "(select response_no from pulse_response)").fetchone() == (0,)


def test_a_move_that_would_lose_answers_is_refused_and_changes_nothing(old_db):
    con = duckdb.connect(str(old_db))
    con.execute("delete from pulse_response where response_id = (select min(response_id) from pulse_response)")
    con.close()
    before = _raw(old_db, ANSWERS)
    with pytest.raises(duckdb.Error, match="answers without a stored response"):
        db.connect(old_db).close()
    assert _kind(old_db, "pulse_answer") == "BASE TABLE" and _kind(old_db, "pulse_score") == "missing"
    assert _raw(old_db, ANSWERS) == before
