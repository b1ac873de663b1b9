"""A database, a backup and a saved profile made by the version before the id key file
(``tests/fixtures/upgrade``, written by that version's own code: see make_old_fixtures.py)
open and are upgraded in place: the salt moves into the key file unchanged, what was stored
in clear is hashed or masked, and nothing else changes — row counts and KPI tables equal
before and after, earlier pseudonyms still link, the profile still maps next month's file."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from dashboard.config import PROJECT_ROOT
from dashboard.ingest import ingest_file
from dashboard.kpi import TABLES, Filters, compute
from dashboard.store import audit, db, ids, sql, upgrade
from dashboard.store.backup import restore
from tests.conftest import table_counts
from tests.personal_data import leaks

FIXTURE = PROJECT_ROOT / "tests" / "fixtures" / "upgrade"


@pytest.fixture
def old_db(tmp_path: Path) -> Path:
    """The database the older version made, unpacked (its key file does not exist yet)."""
    path = tmp_path / "empathy.duckdb"
    with gzip.open(FIXTURE / "old.duckdb.gz", "rb") as packed, path.open("wb") as out:
        shutil.copyfileobj(packed, out)
    return path


@pytest.fixture
def old_backup(tmp_path: Path) -> Path:
    folder = tmp_path / "old-backup"
    shutil.copytree(FIXTURE / "old-backup", folder)
    return folder


def _kpis(con) -> dict[str, pd.DataFrame]:
    return {name: compute(con, name, Filters()) for name in TABLES}


def _assert_same(left: dict[str, pd.DataFrame], right: dict[str, pd.DataFrame]) -> None:
    assert set(left) == set(right)
    for name in left:
        pd.testing.assert_frame_equal(left[name], right[name], obj=name)


def _old_state(path: Path) -> dict[str, object]:
    """What the older version stored, read without upgrading (a read-only connection runs
    no schema step)."""
    with db.session(path, read_only=True) as con:
        return {
            "counts": table_counts(con),
            "kpis": _kpis(con),
            "salt": sql.scalar(con, "ops/meta_get", {"key": "id_salt"}),
            "steps": {name for (name,) in sql.rows(con, "ops/applied_migrations")},
            "leaks": leaks(con),
            "hashed": {r for (r,) in con.execute("select distinct respondent_id from pulse_response "
                                                 "where respondent_id like 'anon-%'").fetchall()},
            "comments": con.execute("select comment from pulse_response order by import_id, source_row"
                                    ).fetchall(),
        }


def test_a_database_made_before_the_key_file_is_upgraded_in_place(old_db):
    before = _old_state(old_db)
    assert "021_id_key_outside" not in before["steps"] and len(str(before["salt"])) == 32
    leaked = {(table, column) for table, column, _ in before["leaks"]}
    assert {("pulse_response", "response_id"), ("pulse_response", "respondent_id"),
            ("pulse_response", "comment"), ("pulse_response", "extra"), ("roster", "person_id"),
            ("roster", "extra"), ("import_log", "file_name"), ("audit_log", "target"),
            ("import_profile", "mapping")} <= leaked  # what the older version kept in clear
    with db.session(old_db) as con:  # opening it for writing upgrades it
        assert table_counts(con) == before["counts"]
        _assert_same(_kpis(con), before["kpis"])
        assert leaks(con) == []
        meta = dict(con.execute("select key, value from meta").fetchall())
        hashed = {r for (r,) in con.execute("select distinct respondent_id from pulse_response").fetchall()}
        masked = con.execute("select comment from pulse_response order by import_id, source_row").fetchall()
        entry = audit.entries(con).iloc[0]
    key_file = old_db.with_name("empathy.duckdb.key")
    assert key_file.read_text().strip() == before["salt"] and key_file.stat().st_mode & 0o777 == 0o600
    assert "id_salt" not in meta and meta["id_key_check"] == ids.check_value(str(before["salt"]))
    assert before["hashed"] <= hashed  # pseudonyms made before are unchanged
    assert all(v.startswith("anon-") or v.startswith("M") for v in hashed)
    # comments: the same text with addresses and phone numbers masked, nothing else changed
    pairs = list(zip(before["comments"], masked, strict=True))
    changed = [(old, new) for (old,), (new,) in pairs if old != new]
    assert len(changed) == 10 + 10 + 9 + 3  # the comments with an address or a phone number
    assert all("[e-mail]" in new or "[phone]" in new for _old, new in changed)
    for old, new in changed:  # the rest of each comment unchanged
        assert new.split("[")[0] == old[:len(new.split("[")[0])]
    assert entry["action"] == "upgrade"
    detail = json.loads(entry["detail"])
    assert detail["key_moved"] is True and detail["ids_hashed"] > 0 and detail["texts_masked"] > 0
    assert detail["columns_dropped"] == 3 and detail["profiles_changed"] == 1  # manager_contact, contact, ContactEmail
    with db.session(old_db) as con:  # a second opening finds nothing left to do
        assert upgrade.personal_data(con) == upgrade.Upgraded()
        assert "021_id_key_outside" in {n for (n,) in sql.rows(con, "ops/applied_migrations")}


def test_after_the_upgrade_new_imports_link_to_earlier_pseudonyms(old_db, write):
    with db.session(old_db) as con:
        (kay,) = con.execute("select distinct respondent_id from pulse_response "
                             "where response_id like 'anon-%' limit 1").fetchone()
        (ann,) = con.execute("select distinct respondent_id from pulse_answer where respondent_id = "
                             "(select person_id from roster where source_row = 4)").fetchone()
        path = write("april.csv", "response_id,submitted_at,respondent_id,rater_type,leader_id,understood\n"
                                  "A1,2026-04-02,KAY@example.com,,,4\nA2,2026-04-03,ａｎｎ＠ｅｘａｍｐｌｅ．ｃｏｍ,,,5\n")
        result = ingest_file(con, path)
        assert result.ok, result.problem_lines()
        stored = dict(con.execute("select response_id, respondent_id from pulse_response "
                                  "where response_id in ('A1', 'A2')").fetchall())
        filled = con.execute("select distinct rater_type from pulse_response where response_id in ('A1', 'A2')"
                             ).fetchall()
    assert stored == {"A1": kay, "A2": ann}  # the same people as before the upgrade
    assert filled == [("direct_report",)]  # their leaders found through the (upgraded) roster


def test_a_profile_saved_before_still_maps_next_months_export(old_db, tmp_path):
    april = tmp_path / "qualtrics-april.csv"
    april.write_text((FIXTURE / "inputs" / "qualtrics-march.csv").read_text(encoding="utf-8")
                     .replace("aBcD", "zYxW").replace("2026-03-", "2026-04-"), encoding="utf-8")
    with db.session(old_db) as con:
        (march_leader,) = con.execute("select distinct leader_id from pulse_response where "
                                      "period = '2026-03' and import_id = 4").fetchone()
        (mapping,) = con.execute("select mapping::varchar from import_profile").fetchone()
        result = ingest_file(con, april)
        assert result.ok, result.problem_lines()
        assert "using profile 'qualtrics pulse' (saved for this layout)" in result.notes
        leaders = con.execute("select distinct leader_id from pulse_response where period = '2026-04'").fetchall()
    assert json.loads(mapping)["fields"]["leader_id"]["constant"] == march_leader
    assert leaders == [(march_leader,)] and march_leader.startswith("anon-")


def test_a_backup_made_before_the_key_file_restores_upgraded(old_db, old_backup, tmp_path):
    manifest = json.loads((old_backup / "manifest.json").read_text())
    salt = dict(pd.read_parquet(old_backup / "meta.parquet").itertuples(index=False, name=None))["id_salt"]
    restored = tmp_path / "restored" / "empathy.duckdb"
    counts = restore(old_backup, restored, user="ops")
    assert counts == {name: info["rows"] for name, info in manifest["tables"].items()
                      if name not in ("schema_migrations", "agg_pulse_leader_scale", "agg_pulse_cohort")}
    assert restored.with_name("empathy.duckdb.key").read_text().strip() == salt
    with db.session(restored) as con:
        assert leaks(con) == []
        assert sql.scalar(con, "ops/meta_get", {"key": "id_salt"}) is None
        from_backup = _kpis(con)
        actions = list(audit.entries(con)["action"][:2])
    assert actions == ["restore", "upgrade"]  # the upgrade ran inside the restore
    with db.session(old_db) as con:  # the database itself, upgraded in place, agrees
        _assert_same(from_backup, _kpis(con))


def test_the_committed_inputs_are_what_the_fixture_script_writes(tmp_path):
    from tests.fixtures.upgrade import make_old_fixtures

    for path in make_old_fixtures.write_inputs(tmp_path):
        assert path.read_bytes() == (FIXTURE / "inputs" / path.name).read_bytes(), path.name
