"""The compact answer store: answers kept as (response number, question number, score).

An answer used to repeat its response's id, month, leader, rater type, respondent and lineage
on every row; now the response carries them once (with ``response_no``), the question version is
a small number (``answer_question``) and the score a tinyint (``pulse_score``). Every reader
sees the same rows as before through the ``pulse_answer`` view, so an answer still traces to
its import through its response, and is replaced, undone, erased and retained with it.

A database made by an earlier version moves its answer table into the store in place, inside
the schema upgrade's transaction (:func:`move_old_answers`); a restored older backup does the
same with the answers it holds (:func:`adopt_old_answers`). Both refuse, changing nothing,
when an answer would not find its response.
"""

from __future__ import annotations

import duckdb

from dashboard.store import sql
from dashboard.store.upgrade import affected

_MOVE = ("00_rename_old_answers", "01_response_no_seq", "02_response_no_column", "03_number_responses",
         "04_answer_question", "05_old_question_versions", "code_question_versions", "06_copy_old_scores",
         "07_check_old_copied", "08_drop_old_answers")
# a restored older backup: the store exists, its answers were loaded as pulse_answer_old
_ADOPT = ("03_number_responses", "05_old_question_versions", "code_question_versions", "06_copy_old_scores",
          "07_check_old_copied", "08_drop_old_answers")


def _run(con: duckdb.DuckDBPyConnection, steps: tuple[str, ...]) -> None:
    for step in steps:
        sql.execute(con, f"compact_answers/{step}", {"import_id": None})


def move_old_answers(con: duckdb.DuckDBPyConnection) -> None:
    """Before the ``pulse_answer`` view is made (inside the schema upgrade's transaction): give
    every response its number and move the answer table's rows into the compact store. On a new
    database the table is empty and this only sets up the numbering."""
    _run(con, _MOVE)


def adopt_old_answers(con: duckdb.DuckDBPyConnection) -> None:
    """After restoring an older backup's responses, and its answers into ``pulse_answer_old``:
    number the responses and move the answers into the compact store."""
    _run(con, _ADOPT)


def code_staged_questions(con: duckdb.DuckDBPyConnection, import_id: int) -> None:
    """Before an import stores its answers: number the question versions they were read with
    (the same statement that numbers an earlier version's, over the staged answers)."""
    sql.execute(con, "ingest/answer_question_versions")
    sql.execute(con, "compact_answers/code_question_versions", {"import_id": import_id})


def advance_numbers(con: duckdb.DuckDBPyConnection) -> None:
    """After a restore brought back numbered responses: new responses get new numbers."""
    sql.execute(con, "compact_answers/advance_response_no_seq")


def drop_orphan_answers(con: duckdb.DuckDBPyConnection) -> int:
    """After responses were removed (undo, erasure, retention): remove their answers. Returns
    how many went."""
    return affected(sql.execute(con, "compact_answers/delete_orphan_answers"))


def replaced_answers(con: duckdb.DuckDBPyConnection, import_id: int) -> int:
    """The answers of the responses an import replaced: undoing it brings them back with them."""
    return int(sql.scalar(con, "compact_answers/replaced_answer_count", {"import_id": import_id}))
