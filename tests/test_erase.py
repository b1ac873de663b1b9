"""Erasing one person and a retention period leave the database as if the files had been
imported without them: every KPI table equal, no row naming them, one audit entry that says
how many rows and never whose."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from dashboard.cli import main
from dashboard.config import SAMPLE_DIR
from dashboard.ingest import demo, ingest_file
from dashboard.kpi import TABLES, Filters, compute
from dashboard.store import audit, db, ids
from dashboard.store.erase import ErasureError, erase_person, preview_erasure, retain
from tests.apptest import ADMIN, open_app, texts
from tests.conftest import table_counts
from tests.personal_data import leaks

KPI_TABLES = [name for name in TABLES if name != "roi"]  # roi: the impact's, priced


def _kpis(path: Path) -> dict[str, pd.DataFrame]:
    with db.session(path) as con:
        return {name: compute(con, name, Filters()) for name in [*KPI_TABLES, "roi"]}


def _assert_same_kpis(left: Path, right: Path) -> None:
    a, b = _kpis(left), _kpis(right)
    for name in a:
        pd.testing.assert_frame_equal(a[name], b[name], obj=name)


def _filtered_sample(folder: Path, keep) -> Path:
    """The demo's files with the rows ``keep(kind, row)`` turns down left out (``keep`` may
    also edit a row), written as the demo writes them."""
    folder.mkdir()
    for name in demo.DEMO_FILES:
        text = (SAMPLE_DIR / name).read_text(encoding="utf-8")
        rows = list(csv.DictReader(io.StringIO(text)))
        header = text.splitlines()[0].split(",")
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(r for r in rows if keep(name.removesuffix(".csv"), r))
        (folder / name).write_text(out.getvalue(), encoding="utf-8")
    return folder


def _load(folder: Path, path: Path) -> Path:
    with db.session(path) as con:
        assert all(r.ok for r in demo.load_demo(con, folder))
    return path


def _mentions(path: Path, person: str) -> list[tuple[str, str]]:
    """(table, column) of every stored text that holds ``person`` as a whole word."""
    found = []
    with db.session(path) as con:
        columns = con.execute("select table_name, column_name from duckdb_columns() where schema_name = 'main' "
                              "and data_type in ('VARCHAR', 'JSON')").fetchall()
        for table, column in columns:
            hits = con.execute(f'select count(*) from "{table}" where regexp_matches("{column}"::varchar, $p)',
                               {"p": rf"(^|[^A-Za-z0-9_]){person}($|[^A-Za-z0-9_])"}).fetchone()[0]
            if hits:
                found.append((table, column))
    return found


def test_erasing_a_member_equals_importing_without_them(demo_db, tmp_path):
    with db.session(demo_db) as con:
        before = table_counts(con)
        found = preview_erasure(con, "M0002")
        assert table_counts(con) == before  # a preview changes nothing
        done = erase_person(con, "M0002", user="dpo")
        entry = audit.entries(con).iloc[0]
    assert found == done and done.rows["pulse_response"] > 0 and done.rows["roster"] == 1
    assert done.rows["pulse_answer"] >= done.rows["pulse_response"]
    without = _load(_filtered_sample(tmp_path / "without", lambda kind, row: "M0002" not in (
        row.get("person_id"), row.get("respondent_id"))), tmp_path / "without.duckdb")
    _assert_same_kpis(demo_db, without)
    assert _mentions(demo_db, "M0002") == []
    assert (entry["action"], entry["actor"], entry["target"]) == ("erase", "dpo",
                                                                  f"erased one person: {done.total} rows")
    assert "M0002" not in entry["detail"] and json.loads(entry["detail"]) == {"rows": done.total}


def test_erasing_a_leader_takes_what_describes_them_and_leaves_their_members(demo_db, tmp_path):
    """A leader's row, the responses rating them (their team's, peers', their own), the
    responses they gave as a peer, their rubric, activity and team outcomes go; members keep
    their rows without a leader."""
    with db.session(demo_db) as con:
        done = erase_person(con, "L001")
        members = con.execute("select count(*) from roster where leader_id is null and role = 'member' "
                              "and person_id in ('M0001', 'M0002')").fetchone()[0]
    assert members == 2 and done.references > 0
    assert {t for t, n in done.rows.items() if n} >= {"roster", "pulse_response", "pulse_answer",
                                                      "rubric", "activity", "outcomes"}

    def keep(kind: str, row: dict[str, str]) -> bool:
        if kind == "roster" and row["leader_id"] == "L001":
            row["leader_id"] = ""
        return "L001" not in (row.get("person_id"), row.get("respondent_id"),
                              row.get("leader_id") if kind != "roster" else None)

    without = _load(_filtered_sample(tmp_path / "without", keep), tmp_path / "without.duckdb")
    _assert_same_kpis(demo_db, without)
    assert _mentions(demo_db, "L001") == []


def test_a_plan_change_naming_the_person_is_masked_in_the_logs(demo_db):
    from dashboard.plan.edits import remove_leaders

    with db.session(demo_db) as con:
        remove_leaders(con, ["L002"], user="hr")
        erase_person(con, "L002")
    assert _mentions(demo_db, "L002") == []
    with db.session(demo_db) as con:
        details = [d for (d,) in con.execute("select detail from audit_log where action = 'plan'").fetchall()]
    assert any("(erased)" in d for d in details)


def test_an_address_finds_the_hashed_person_in_any_spelling(con, write):
    ingest_file(con, write("q.csv", "question_id,text,scale\nq1,One,likert5\n"))
    ingest_file(con, write("p.csv", "response_id,submitted_at,respondent_id,rater_type,leader_id,q1,comment\n"
                                    "R1,2026-01-05,Ann.Lee@example.com,peer,L1,4,call ann\n"
                                    "R2,2026-01-06,bo@example.com,peer,L1,5,\n"))
    ingest_file(con, write("r.csv", "person_id,role,leader_id,cohort\nL1,leader,,Pilot\n"
                                    "Ann Lee <ann.lee@example.com>,member,L1,Pilot\n"))
    done = erase_person(con, "ANN.LEE%40EXAMPLE.COM")
    assert done.rows["pulse_response"] == 1 and done.rows["roster"] == 1 and done.rows["pulse_answer"] == 1
    assert con.execute("select count(*) from pulse_response").fetchone()[0] == 1
    assert leaks(con) == []


def test_nobody_to_erase_changes_nothing(pilot):
    before = table_counts(pilot)
    with pytest.raises(ErasureError, match="no stored row holds that person"):
        erase_person(pilot, "NOBODY")
    with pytest.raises(ErasureError, match="say who"):
        erase_person(pilot, "  ")
    assert table_counts(pilot) == before
    assert "erase" not in set(audit.entries(pilot)["action"])


def test_an_address_cannot_be_found_without_the_key(con, write):
    ingest_file(con, write("q.csv", "question_id,text,scale\nq1,One,likert5\n"))
    ingest_file(con, write("p.csv", "response_id,submitted_at,respondent_id,rater_type,leader_id,q1\n"
                                    "R1,2026-01-05,ann@example.com,peer,L1,4\n"))
    ids.key_path(ids.database_file(con)).unlink()
    with pytest.raises(ErasureError, match="give the id as stored"):
        erase_person(con, "ann@example.com")


def test_the_cli_erases_and_previews(pilot_db, capsys):
    assert main(["erase", "--db", str(pilot_db), "--person", "P1-1", "--dry-run"]) == 0
    preview = capsys.readouterr().out
    assert preview.startswith("would erase one person: ")
    with db.session(pilot_db) as con:
        before = table_counts(con)
    assert main(["erase", "--db", str(pilot_db), "--person", "P1-1"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("erased one person: ") and "backups made before still hold them" in out
    assert "P1-1" not in out
    with db.session(pilot_db) as con:
        assert table_counts(con) != before
    assert main(["erase", "--db", str(pilot_db), "--person", "P1-1"]) == 2


def test_the_admin_erases_after_confirming(on_own_demo):
    at = open_app(ADMIN, "admin")
    at.text_input(key="erase_person").set_value("M0003")
    next(b for b in at.button if b.label == "Find their rows").click().run()
    assert "cannot be undone" in texts(at.warning)
    erase_button = next(b for b in at.button if b.label == "Erase")
    assert erase_button.disabled  # not before the confirmation
    at.checkbox(key="erase_confirm").check().run()
    next(b for b in at.button if b.label == "Erase").click().run()
    assert not at.exception
    assert "Erased one person: " in texts(at.success)
    with db.session(on_own_demo) as con:
        assert con.execute("select count(*) from pulse_response where respondent_id = 'M0003'").fetchone()[0] == 0
        entry = audit.entries(con).iloc[0]
    assert entry["action"] == "erase" and entry["actor"] == ADMIN and "M0003" not in entry["target"]


# --- retention -------------------------------------------------------------------------


def test_retention_equals_importing_without_the_old_months(demo_db, tmp_path, capsys):
    assert main(["retain", "--db", str(demo_db), "--months", "6", "--dry-run"]) == 0
    assert capsys.readouterr().out.startswith("would drop ")
    with db.session(demo_db) as con:
        done = retain(con, 6, user="ops")  # on 2026-11-26 (EMPATHY_TODAY): May 2026 onwards stay
        assert con.execute("select min(period) from pulse_response").fetchone()[0] == "2026-05"
        entry = audit.entries(con).iloc[0]
    assert done.before == "2026-05" and done.responses > 0
    assert (entry["action"], entry["target"]) == ("retain", "responses before 2026-05")
    without = _load(_filtered_sample(tmp_path / "without", lambda kind, row: kind != "pulse"
                                     or row["submitted_at"][:7] >= "2026-05"), tmp_path / "w.duckdb")
    _assert_same_kpis(demo_db, without)
    assert main(["retain", "--db", str(demo_db), "--months", "6"]) == 0
    assert capsys.readouterr().out.startswith("dropped 0 responses")


def test_retention_needs_a_month_at_least(pilot):
    with pytest.raises(ErasureError, match="at least 1 month"):
        retain(pilot, 0)


def test_the_comparison_sees_a_difference(demo_db, tmp_path):
    """Guard for the comparisons above: the same files give the same KPIs, one member fewer
    does not."""
    other = _load(_filtered_sample(tmp_path / "same", lambda kind, row: True), tmp_path / "same.duckdb")
    _assert_same_kpis(demo_db, other)
    with db.session(other) as con:
        erase_person(con, "M0002")
    with pytest.raises(AssertionError):
        _assert_same_kpis(demo_db, other)


def test_a_profile_that_set_the_person_for_a_whole_file_no_longer_does(con, tmp_path):
    from tests.test_personal_data import INPUTS

    ingest_file(con, INPUTS / "questions.csv")
    shutil.copyfile(INPUTS / "qualtrics-march.csv", tmp_path / "q.csv")
    assert ingest_file(con, tmp_path / "q.csv", constants={"leader_id": "lead.two@example.com"},
                       save_profile="q").ok
    done = erase_person(con, "Lead.Two@Example.com")
    assert done.profiles == 1 and done.rows["pulse_response"] == 8
    (mapping,) = con.execute("select mapping::varchar from import_profile").fetchone()
    assert "constant" not in json.loads(mapping)["fields"]["leader_id"]
