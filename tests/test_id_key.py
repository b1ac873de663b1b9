"""The id key lives outside the database file: created owner-only by the first import that
hashes an id, never in the database or a backup, required to link new imports (a clear
refusal naming the file to restore), never needed to read KPIs. Restores confine the
manifest to the backup folder, refuse an edited manifest and rebuild what is derived."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from dashboard.cli import main
from dashboard.ingest import ingest_file
from dashboard.kpi import Filters, compute
from dashboard.store import db, ids, sql
from dashboard.store.backup import BackupError, backup, restore

QUESTIONS = "question_id,text,scale\nq1,Question one,likert5\n"
PULSE = ("response_id,submitted_at,respondent_id,rater_type,leader_id,q1\n"
         + "".join(f"R{i},2026-01-0{1 + i % 9},{name},direct_report,L1,{1 + i % 5}\n"
                   for i, name in enumerate(["ann@example.com", "bo@example.com", "cy@example.com",
                                             "M4", "M5", "M6"])))


def _key_file(path: Path) -> Path:
    return path.with_name(path.name + ".key")


def _hashed_db(db_path: Path, write) -> str:
    """A database with hashed e-mail ids; returns the key."""
    with db.session(db_path) as con:
        assert ingest_file(con, write("q.csv", QUESTIONS)).ok
        result = ingest_file(con, write("p.csv", PULSE))
        assert result.ok, result.problem_lines()
    return _key_file(db_path).read_text().strip()


def _respondents(path: Path) -> set[str]:
    with db.session(path) as con:
        return {r for (r,) in con.execute("select respondent_id from pulse_response").fetchall()}


def test_the_key_is_created_owner_only_by_the_first_import_that_hashes_and_is_not_in_the_file(
        db_path, write):
    with db.session(db_path) as con:
        assert ingest_file(con, write("q.csv", QUESTIONS)).ok
    assert not _key_file(db_path).exists()  # nothing hashed yet: no key needed
    key = _hashed_db(db_path, write)
    assert len(key) == 32 and _key_file(db_path).stat().st_mode & 0o777 == 0o600
    with db.session(db_path) as con:
        meta = dict(con.execute("select key, value from meta").fetchall())
    assert "id_salt" not in meta and meta["id_key_check"] == ids.check_value(key) != key
    db.connect(db_path).close()  # checkpointed: the file holds everything it stores
    assert key.encode() not in db_path.read_bytes()


def test_without_its_key_a_copy_reads_kpis_but_refuses_to_link_addresses(db_path, write, tmp_path):
    _hashed_db(db_path, write)
    with db.session(db_path) as con:
        before = compute(con, "pulse_trend", Filters())
    copy = tmp_path / "copy" / "empathy.duckdb"
    copy.parent.mkdir()
    shutil.copyfile(db_path, copy)
    with db.session(copy) as con:
        assert compute(con, "pulse_trend", Filters()).equals(before)  # reading needs no key
        more = write("more.csv", PULSE.replace("R", "S").replace("2026-01", "2026-02"))
        refused = ingest_file(con, more)
        assert not refused.ok
        (line,) = refused.problem_lines()
        assert "(id key): this import needs the database's id key" in line and str(_key_file(copy)) in line
        plain = write("plain.csv", "response_id,submitted_at,respondent_id,rater_type,leader_id,q1\n"
                                   "T1,2026-03-01,M9,peer,L1,4\n")
        assert ingest_file(con, plain).ok  # ids in clear need no key
    assert not _key_file(copy).exists()
    shutil.copyfile(_key_file(db_path), _key_file(copy))  # the key restored from its copy
    with db.session(copy) as con:
        assert ingest_file(con, more).ok
    assert _respondents(copy) >= _respondents(db_path)  # the same addresses, the same pseudonyms


def test_another_databases_key_is_refused(db_path, write, tmp_path):
    _hashed_db(db_path, write)
    _key_file(db_path).write_text("ab" * 16 + "\n")
    with db.session(db_path) as con:
        result = ingest_file(con, write("more.csv", PULSE.replace("R", "S")))
    assert not result.ok and "is not this database's" in result.problem_lines()[0]


def test_a_key_kept_elsewhere_by_the_environment(db_path, write, tmp_path, monkeypatch):
    elsewhere = tmp_path / "secrets" / "id.key"
    monkeypatch.setenv(ids.KEY_FILE_ENV_VAR, str(elsewhere))
    key = None
    with db.session(db_path) as con:
        assert ingest_file(con, write("q.csv", QUESTIONS)).ok
        assert ingest_file(con, write("p.csv", PULSE)).ok
        key = elsewhere.read_text().strip()
    assert not _key_file(db_path).exists() and len(key) == 32
    monkeypatch.delenv(ids.KEY_FILE_ENV_VAR)
    monkeypatch.setenv(ids.KEY_ENV_VAR, key)  # the key itself, as a deployment's secret
    with db.session(db_path) as con:
        assert ingest_file(con, write("more.csv", PULSE.replace("R", "S"))).ok


def test_a_backup_holds_no_key_and_no_derived_tables(db_path, write, tmp_path):
    key = _hashed_db(db_path, write)
    with db.session(db_path) as con:
        result = backup(con, tmp_path / "bk")
    files = sorted((tmp_path / "bk").iterdir())
    assert not [f for f in files if f.name.startswith("agg_")] and "meta" in result.tables
    for file in files:
        assert key.encode() not in file.read_bytes(), file.name
    with db.session(db_path) as con:
        meta = dict(con.read_parquet(str(tmp_path / "bk" / "meta.parquet")).fetchall())
    assert "id_salt" not in meta and meta["id_key_check"] == ids.check_value(key)


def test_a_restore_elsewhere_needs_the_key_copied_and_then_links(db_path, write, tmp_path, capsys):
    key = _hashed_db(db_path, write)
    with db.session(db_path) as con:
        backup(con, tmp_path / "bk")
    elsewhere = tmp_path / "new" / "empathy.duckdb"
    assert main(["restore", str(tmp_path / "bk"), "--db", str(elsewhere)]) == 0
    assert "imports that hash ids are refused until it is restored" in capsys.readouterr().out
    with db.session(elsewhere) as con:
        assert not ingest_file(con, write("more.csv", PULSE.replace("R", "S"))).ok
    _key_file(elsewhere).write_text(key + "\n")
    with db.session(elsewhere) as con:
        assert ingest_file(con, write("more.csv", PULSE.replace("R", "S"))).ok
    assert main(["key", "--db", str(elsewhere)]) == 0
    assert "present and matches this database" in capsys.readouterr().out


def test_a_restore_over_the_database_keeps_its_key_and_sets_a_stranger_aside(db_path, write, tmp_path):
    key = _hashed_db(db_path, write)
    with db.session(db_path) as con:
        backup(con, tmp_path / "bk")
    restore(tmp_path / "bk", db_path, force=True)
    assert _key_file(db_path).read_text().strip() == key
    _key_file(db_path).write_text("cd" * 16 + "\n")  # a key that is not the backup's
    restore(tmp_path / "bk", db_path, force=True)
    assert not _key_file(db_path).exists()
    (aside,) = tmp_path.glob("test.duckdb.key.before-restore-*")
    assert aside.read_text().strip() == "cd" * 16


def test_cli_backup_reminds_where_the_key_is(db_path, write, tmp_path, capsys):
    _hashed_db(db_path, write)
    assert main(["backup", "--db", str(db_path), "--out", str(tmp_path / "bk")]) == 0
    assert f"the id key is not in the backup: keep a copy of {_key_file(db_path)}" in capsys.readouterr().out


def test_a_lost_key_can_be_replaced_by_a_new_one_that_links_no_longer(db_path, write, capsys):
    _hashed_db(db_path, write)
    before = _respondents(db_path)
    _key_file(db_path).unlink()
    assert main(["key", "--db", str(db_path)]) == 0
    assert "missing: imports that hash ids are refused" in capsys.readouterr().out
    assert main(["key", "--db", str(db_path), "--new"]) == 0
    with db.session(db_path) as con:
        assert ingest_file(con, write("more.csv", PULSE.replace("R", "S"))).ok
        assert con.execute("select action from audit_log where action = 'key'").fetchall() == [("key",)]
    assert len(_respondents(db_path) - before) == 3  # the same three addresses, new pseudonyms
    assert main(["key", "--db", str(db_path), "--new"]) == 2  # refused while a key is there


# --- restore: the manifest is checked before anything is read ---------------------------


@pytest.fixture
def made(db_path, write, tmp_path) -> Path:
    _hashed_db(db_path, write)
    with db.session(db_path) as con:
        backup(con, tmp_path / "bk")
    return tmp_path / "bk"


def _edit(folder: Path, edit) -> None:
    path = folder / "manifest.json"
    manifest = json.loads(path.read_text())
    edit(manifest["tables"])
    path.write_text(json.dumps(manifest))


@pytest.mark.parametrize("file", ["../outside.parquet", "/etc/passwd", "sub/roster.parquet", ".."])
def test_a_manifest_naming_a_file_outside_the_folder_is_refused(made, tmp_path, file):
    shutil.copyfile(made / "roster.parquet", tmp_path / "outside.parquet")
    _edit(made, lambda tables: tables["roster"].update(file=file))
    with pytest.raises(BackupError, match="outside the backup folder"):
        restore(made, tmp_path / "x.duckdb")
    assert not (tmp_path / "x.duckdb").exists()


def test_a_link_leading_out_of_the_folder_is_refused(made, tmp_path):
    outside = tmp_path / "elsewhere.parquet"
    shutil.move(made / "roster.parquet", outside)
    os.symlink(outside, made / "roster.parquet")
    with pytest.raises(BackupError, match="leads outside the backup folder"):
        restore(made, tmp_path / "x.duckdb")


def test_an_edited_row_count_or_column_list_is_refused(made, tmp_path):
    _edit(made, lambda tables: tables["pulse_response"].update(rows=tables["pulse_response"]["rows"] + 1))
    with pytest.raises(BackupError, match="the manifest was edited"):
        restore(made, tmp_path / "x.duckdb")
    _edit(made, lambda tables: tables["pulse_response"].update(rows=tables["pulse_response"]["rows"] - 1))
    _edit(made, lambda tables: tables["roster"]["columns"].reverse())
    with pytest.raises(BackupError, match="the manifest was edited"):
        restore(made, tmp_path / "x.duckdb")


def test_aggregates_in_a_backup_are_rebuilt_not_trusted(made, db_path, tmp_path):
    """An older backup carries the aggregate tables: a restore ignores them (here, a forged
    one with a made-up leader) and rebuilds them from the answers."""
    from dashboard.store.files import sha256_file

    with db.session(db_path) as con:
        true = sql.rows(con, "ops/table_rows", {"table": "agg_pulse_leader_scale"})
        forged = made / "agg_pulse_leader_scale.parquet"
        con.execute("copy (select 'FORGED' as leader_id, '2026-01' as period, 'likert' as scale_kind, "
                    "'others' as rater, 1 as answers, 5.0 as score_sum, 1 as favourable, 0 as promoters, "
                    f"0 as detractors, 1 as respondents) to '{forged}' (format parquet)")
    _edit(made, lambda tables: tables.update(agg_pulse_leader_scale={
        "file": forged.name, "rows": 1, "columns": [], "sha256": sha256_file(forged)}))
    restored = tmp_path / "r.duckdb"
    restore(made, restored)
    with db.session(restored) as con:
        assert sql.rows(con, "ops/table_rows", {"table": "agg_pulse_leader_scale"}) == true
        assert con.execute("select count(*) from agg_pulse_leader_scale where leader_id = 'FORGED'"
                           ).fetchone()[0] == 0
