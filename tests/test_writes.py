"""The one write helper: lock, transaction, audit entry and data version, all or nothing."""

from __future__ import annotations

import json
import threading

import pytest

from dashboard.store import audit, db, sql
from dashboard.store.writes import affected, transaction


def _stored(con, key: str):
    return sql.scalar(con, "ops/meta_get", {"key": key})


def _set(con, key: str, value: str) -> None:
    sql.execute(con, "ops/meta_set", {"key": key, "value": value})


def test_a_write_commits_its_work_with_one_audit_entry_and_a_new_data_version(con):
    version = db.data_version(con)
    with transaction(con, "ana", "setting", "colour", {"colour": {"old": "red", "new": "blue"}}):
        _set(con, "colour", "blue")
    assert _stored(con, "colour") == "blue"
    assert db.data_version(con) == version + 1
    entry = audit.entries(con).iloc[0]
    assert (entry["actor"], entry["action"], entry["target"]) == ("ana", "setting", "colour")
    assert json.loads(entry["detail"]) == {"colour": {"old": "red", "new": "blue"}}


def test_the_work_can_say_what_the_audit_entry_records(con):
    with transaction(con, "bo", "undo") as change:
        _set(con, "n", "3")
        change.audit("import 3: roster.csv", {"rows_removed": 3})
    entry = audit.entries(con).iloc[0]
    assert (entry["target"], json.loads(entry["detail"])) == ("import 3: roster.csv",
                                                              {"rows_removed": 3})


def test_an_error_rolls_back_the_work_and_logs_nothing(con):
    version, logged = db.data_version(con), len(audit.entries(con))
    with pytest.raises(RuntimeError, match="disk on fire"), \
            transaction(con, "ana", "setting", "colour"):
        _set(con, "colour", "green")
        raise RuntimeError("disk on fire")
    assert _stored(con, "colour") is None
    assert (db.data_version(con), len(audit.entries(con))) == (version, logged)
    with transaction(con, "ana", "setting", "colour"):  # the connection is usable again
        _set(con, "colour", "green")
    assert _stored(con, "colour") == "green"


def test_a_discarded_write_is_a_preview_kept_nowhere(con):
    version, logged = db.data_version(con), len(audit.entries(con))
    with transaction(con, "ana", "import") as change:
        _set(con, "colour", "grey")
        assert _stored(con, "colour") == "grey"  # the work sees its own rows
        change.discard()
    assert _stored(con, "colour") is None
    assert (db.data_version(con), len(audit.entries(con))) == (version, logged)


def test_a_write_holds_the_process_write_lock(con):
    seen: list[bool] = []

    def try_lock() -> None:
        got = db.WRITE_LOCK.acquire(blocking=False)
        seen.append(got)
        if got:
            db.WRITE_LOCK.release()

    with transaction(con, "ana", "setting", "colour"):
        other = threading.Thread(target=try_lock)
        other.start()
        other.join()
    after = threading.Thread(target=try_lock)
    after.start()
    after.join()
    assert seen == [False, True]


def test_affected_reads_the_rows_a_statement_changed(con):
    _set(con, "a", "1")
    assert affected(sql.execute(con, "ops/meta_delete", {"key": "a"})) == 1
    assert affected(sql.execute(con, "ops/meta_delete", {"key": "a"})) == 0
