"""Settings kept in the database: validated, audited, and used by the CLI and the report
when no option overrides them, so a page's numbers stay reproducible from the command line."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from dashboard.config import PROJECT_ROOT
from dashboard.kpi import Filters, compute, settings
from dashboard.kpi.assumptions import Assumptions, dump_assumptions, load_assumptions
from dashboard.report import Quarter, assemble
from dashboard.store import audit, db
from dashboard.store.backup import backup, restore


def cli(*args: str, db_path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "dashboard", *args, "--db", str(db_path)],
                          capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=120)


def test_a_new_database_has_the_documented_defaults(con):
    current = settings.load(con)
    assert current.min_group == 5 and current.comment_min_group == 10
    assert current.roi == load_assumptions() and not current.roi_stored
    assert current.roi_source == "data/roi_assumptions.toml"


@pytest.mark.parametrize("value", [2, 0, -5, 51, 4.5, "7", None, True, float("nan"),
                                   float("inf")])
def test_the_minimum_group_size_refuses_what_would_weaken_or_break_privacy(con, value):
    version = db.data_version(con)
    with pytest.raises(settings.SettingError):
        settings.set_min_group(con, value, actor="ana@example.com")
    assert settings.min_group(con) == 5
    assert db.data_version(con) == version and audit.entries(con).empty


def test_a_change_is_stored_audited_old_to_new_and_invalidates_caches(con):
    version = db.data_version(con)
    change = settings.set_min_group(con, 7, actor="ana@example.com")
    assert change.summary() == "min_group 5 → 7"
    assert settings.min_group(con) == 7
    assert db.data_version(con) == version + 1
    entry = audit.entries(con).iloc[0]
    assert (entry["actor"], entry["action"], entry["target"]) == ("ana@example.com", "setting",
                                                                  "min_group")
    assert json.loads(entry["detail"]) == {"min_group": {"old": 5, "new": 7}}


def test_saving_the_same_value_records_nothing(con):
    settings.set_min_group(con, 6, actor="a")
    version = db.data_version(con)
    assert settings.set_min_group(con, 6, actor="b").changes == {}
    assert len(audit.entries(con)) == 1 and db.data_version(con) == version


def test_a_damaged_stored_value_falls_back_to_the_safe_default(con):
    con.execute("insert or replace into meta values ('min_group', '1'), "
                "('roi_assumptions', '{not json')")
    assert settings.min_group(con) == 5
    assert settings.roi_assumptions(con) == load_assumptions()


def test_roi_defaults_are_validated_like_an_assumptions_file(con):
    for bad in ({"attribution_pct": 120.0}, {"cost_per_escalation": -1.0}, {"currency": ""},
                {"unknown_thing": 1.0}):
        with pytest.raises(settings.SettingError):
            settings.set_roi_assumptions(con, {**load_assumptions().as_dict(), **bad}, actor="a")
    assert not settings.load(con).roi_stored and audit.entries(con).empty


def test_roi_defaults_audit_each_changed_assumption_and_reset_to_the_file(con):
    new = load_assumptions().with_(cost_per_escalation=300.0, attribution_pct=40.0)
    change = settings.set_roi_assumptions(con, new, actor="ana@example.com")
    assert set(change.changes) == {"cost_per_escalation", "attribution_pct"}
    assert settings.roi_assumptions(con) == new
    assert settings.load(con).roi_source == "the defaults set on the Admin page"
    detail = json.loads(audit.entries(con).iloc[0]["detail"])
    assert detail["cost_per_escalation"] == {"old": 250.0, "new": 300.0}

    reset = settings.reset_roi_assumptions(con, actor="bo@example.com")
    assert reset.changes["cost_per_escalation"] == (300.0, 250.0)
    assert settings.roi_assumptions(con) == load_assumptions()
    assert list(audit.entries(con)["actor"]) == ["bo@example.com", "ana@example.com"]
    assert settings.reset_roi_assumptions(con, actor="x").changes == {}  # nothing left to reset


def test_the_kpi_command_uses_the_stored_minimum_group_size(pilot_db):
    with db.session(pilot_db) as con:
        settings.set_min_group(con, 3, actor="ana@example.com")
        expected = compute(con, "enps", Filters(min_group=3))
    default = json.loads(cli("kpi", "enps", "--format", "json", db_path=pilot_db).stdout)
    assert [r["n"] for r in default if r["cohort"] == "S"] == [3, 3, 3]  # shown at k = 3
    assert len(default) == len(expected)
    explicit = json.loads(cli("kpi", "enps", "--min-group", "5", "--format", "json",
                              db_path=pilot_db).stdout)
    assert [r["suppressed"] for r in explicit if r["cohort"] == "S"] == [True] * 3
    help_text = cli("kpi", "--help", db_path=pilot_db).stdout
    assert "the admin's k" in help_text


def test_the_kpi_command_uses_the_stored_roi_defaults_unless_given_a_file(pilot_db, tmp_path):
    stored = load_assumptions().with_(cost_per_escalation=1000.0, platform_cost=1.0)
    with db.session(pilot_db) as con:
        settings.set_roi_assumptions(con, stored, actor="ana@example.com")
        expected = compute(con, "roi", Filters(), assumptions=stored)
        from_file = compute(con, "roi", Filters(), assumptions=load_assumptions())
    assert not expected["costs"].equals(from_file["costs"])
    rows = json.loads(cli("kpi", "roi", "--format", "json", db_path=pilot_db).stdout)
    assert [r["costs"] for r in rows] == expected["costs"].tolist()
    own = tmp_path / "mine.toml"
    own.write_text(dump_assumptions(Assumptions()), encoding="utf-8")
    rows = json.loads(cli("kpi", "roi", "--assumptions", str(own), "--format", "json",
                          db_path=pilot_db).stdout)
    assert [r["costs"] for r in rows] == from_file["costs"].tolist()


def test_the_report_uses_the_stored_settings_and_prints_commands_that_reproduce_it(pilot_db):
    with db.session(pilot_db) as con:
        settings.set_min_group(con, 3, actor="a")
        settings.set_roi_assumptions(con, Assumptions(platform_cost=1.0), actor="a")
        data = assemble(con, Quarter.parse("2026-Q2"))
        explicit = assemble(con, Quarter.parse("2026-Q2"), min_group=5)
    assert data.min_group == 3 and explicit.min_group == 5
    assert data.assumptions.platform_cost == 1.0
    assert data.assumptions_source == "the defaults set on the Admin page"
    assert "--min-group" in data.blocks["enps"].cli_args
    assert "--assumptions" not in data.blocks["roi"].cli_args


def test_settings_travel_with_a_backup(pilot_db, tmp_path):
    with db.session(pilot_db) as con:
        settings.set_min_group(con, 8, actor="a")
        backup(con, tmp_path / "bk")
    restore(tmp_path / "bk", tmp_path / "restored.duckdb", user="ops")
    with db.session(tmp_path / "restored.duckdb") as con:
        assert settings.min_group(con) == 8
