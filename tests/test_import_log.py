"""Identical re-imports, corrected exports (--replace), undo and the import log."""

from __future__ import annotations

from dashboard.ingest import ingest_file
from dashboard.store.imports import UndoError, import_log, undo_import
from tests.conftest import table_counts

QUESTIONS = "question_id,text,scale\nq1,Q,likert5\n"
JAN = ("response_id,submitted_at,respondent_id,rater_type,leader_id,q1\n"
       "R1,2026-01-05,M1,peer,L1,2\nR2,2026-01-05,M2,peer,L1,3\n")
JAN_CORRECTED = ("response_id,submitted_at,respondent_id,rater_type,leader_id,q1\n"
                 "R2,2026-01-05,M2,peer,L1,5\nR3,2026-01-06,M3,peer,L1,4\n")


def _scores(con):
    return con.execute(
        "select response_id, score from pulse_answer where superseded_by is null order by 1").fetchall()


def test_identical_file_changes_nothing_and_says_so(con, write):
    path = write("q.csv", QUESTIONS)
    first = ingest_file(con, path)
    before = table_counts(con)
    again = ingest_file(con, write("copy-of-q.csv", QUESTIONS))
    assert again.ok and again.already_imported == first.import_id
    assert again.summary() == f"copy-of-q.csv: identical to import {first.import_id}; nothing changed"
    assert table_counts(con) == before


def test_replace_supersedes_rows_with_the_same_keys_only(con, write):
    ingest_file(con, write("q.csv", QUESTIONS))
    ingest_file(con, write("jan.csv", JAN))
    result = ingest_file(con, write("jan-fixed.csv", JAN_CORRECTED), replace=True)
    assert result.ok and result.replaced == 1 and result.rows == 2
    assert _scores(con) == [("R1", 2), ("R2", 5), ("R3", 4)]


def test_undo_removes_an_import_and_restores_what_it_replaced(con, write):
    ingest_file(con, write("q.csv", QUESTIONS))
    ingest_file(con, write("jan.csv", JAN))
    fixed = ingest_file(con, write("jan-fixed.csv", JAN_CORRECTED), replace=True)
    undone = undo_import(con, fixed.import_id, user="analyst")
    assert undone.rows_removed == 4 and undone.rows_restored == 2  # 2 responses + 2 answers; 1+1 back
    assert _scores(con) == [("R1", 2), ("R2", 3)]
    log = import_log(con).set_index("import_id")
    assert log.loc[fixed.import_id, "status"] == "undone"
    assert log.loc[fixed.import_id, "undone_by"] == "analyst"


def test_an_undone_file_can_be_imported_again(con, write):
    path = write("q.csv", QUESTIONS)
    first = ingest_file(con, path)
    undo_import(con, first.import_id)
    again = ingest_file(con, path)
    assert again.ok and again.already_imported is None and again.rows == 1


def test_undo_of_unknown_or_undone_import_is_refused(con, write):
    first = ingest_file(con, write("q.csv", QUESTIONS))
    undo_import(con, first.import_id)
    for import_id, message in [(first.import_id, "is already undone"), (999, "there is no import 999")]:
        try:
            undo_import(con, import_id)
        except UndoError as exc:
            assert message in str(exc)
        else:
            raise AssertionError("undo should have been refused")


def test_log_records_file_hash_kind_rows_time_and_user(con, write):
    import hashlib

    path = write("q.csv", QUESTIONS)
    result = ingest_file(con, path, user="maria")
    row = import_log(con).iloc[0]
    assert row["file_name"] == "q.csv" and row["kind"] == "questions" and row["rows"] == 1
    assert row["file_sha256"] == hashlib.sha256(QUESTIONS.encode()).hexdigest()
    assert row["imported_by"] == "maria" and row["imported_at"] is not None
    assert row["import_id"] == result.import_id and row["status"] == "active"
    assert row["details"]["mapped"] == {"question_id": "question_id", "text": "text", "scale": "scale"}


def test_dry_run_checks_and_counts_but_stores_nothing(con, write):
    before = table_counts(con)
    preview = ingest_file(con, write("q.csv", QUESTIONS), dry_run=True)
    assert preview.ok and preview.dry_run and preview.rows == 1 and preview.import_id is None
    assert preview.summary() == "q.csv: questions, 1 rows ready to import"
    assert table_counts(con) == before
    real = ingest_file(con, write("q.csv", QUESTIONS))
    assert real.ok and real.import_id is not None



def test_previews_take_no_import_ids(con, write):
    ingest_file(con, write("q.csv", QUESTIONS), dry_run=True)
    ingest_file(con, write("q.csv", QUESTIONS), dry_run=True)
    assert ingest_file(con, write("q.csv", QUESTIONS)).import_id == 1
