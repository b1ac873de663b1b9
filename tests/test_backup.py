"""Backups to Parquet and restores that check themselves before replacing anything."""

from __future__ import annotations

import json

import pytest

from dashboard.kpi import Filters, compute
from dashboard.store import audit, db, ids
from dashboard.store.backup import BackupError, backup, restore
from tests.conftest import table_counts


def test_backup_and_restore_give_the_same_numbers(demo_db, tmp_path):
    with db.session(demo_db) as con:
        result = backup(con, tmp_path / "bk")
        before = table_counts(con)
        impact = compute(con, "impact", Filters())
        key_check = ids.stored_check(con)
    assert result.tables["pulse_score"] == 11700 and "pulse_answer" not in result.tables  # a view
    manifest = json.loads((tmp_path / "bk" / "manifest.json").read_text())
    assert manifest["tables"]["roster"]["rows"] == 273 and len(manifest["tables"]["roster"]["sha256"]) == 64
    restored_path = tmp_path / "restored.duckdb"
    counts = restore(tmp_path / "bk", restored_path, user="ops")
    assert counts["pulse_response"] == 2468
    with db.session(restored_path) as con:
        assert table_counts(con) == before
        assert ids.stored_check(con) == key_check  # the same key: same pseudonyms after a restore
        assert compute(con, "impact", Filters()).equals(impact)
        entry = audit.entries(con).iloc[0]
        assert (entry["action"], entry["actor"]) == ("restore", "ops")
        # new imports get new ids, after the restored ones
        next_id = con.execute("select nextval('import_id_seq')").fetchone()[0]
        assert next_id > 7


def test_restore_refuses_to_overwrite_without_force_and_keeps_the_old_file(demo_db, tmp_path):
    with db.session(demo_db) as con:
        backup(con, tmp_path / "bk")
    with pytest.raises(BackupError, match="pass --force"):
        restore(tmp_path / "bk", demo_db)
    restore(tmp_path / "bk", demo_db, force=True)
    kept = list(tmp_path.glob("demo.duckdb.before-restore-*"))
    assert len(kept) == 1


def test_a_tampered_backup_is_refused_and_nothing_changes(demo_db, tmp_path):
    with db.session(demo_db) as con:
        backup(con, tmp_path / "bk")
    (tmp_path / "bk" / "roster.parquet").write_bytes(b"not parquet")
    with pytest.raises(BackupError, match="roster.parquet has changed"):
        restore(tmp_path / "bk", demo_db, force=True)
    assert not list(tmp_path.glob("*.before-restore-*")) and demo_db.exists()
    with pytest.raises(BackupError, match="not a backup"):
        restore(tmp_path, tmp_path / "x.duckdb")


def test_backup_needs_an_empty_folder(demo_db, tmp_path):
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("x")
    with db.session(demo_db) as con, pytest.raises(BackupError, match="not empty"):
        backup(con, tmp_path / "full")
