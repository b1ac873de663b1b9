"""The pilot plan: cohorts, leaders, module dates, cadence, targets and the calendar."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest

from dashboard.config import PROJECT_ROOT
from dashboard.ingest import ingest_file, ingest_files
from dashboard.ingest.demo import DEMO_FILES
from dashboard.kpi import Filters, compute
from dashboard.kpi.targets import Target
from dashboard.plan.calendar import Cadence, calendar, load_cadence, overdue, save_cadence
from dashboard.plan.catalogue import CORE_MODULES, all_modules
from dashboard.plan.edits import (
    ModuleDates,
    PlanError,
    add_module,
    assign_leaders,
    cohorts,
    default_sequence,
    export_schedule_csv,
    leaders,
    save_cohort,
    save_schedule,
    save_targets,
    schedule_of,
)
from dashboard.store import db
from dashboard.store.imports import import_log, undo_import

ROSTER = ("person_id,role,leader_id,cohort\n"
          "L1,leader,,\nL2,leader,,\nL3,leader,,\nL4,leader,,\n"
          + "".join(f"M{i},member,L{1 + i % 4},\n" for i in range(12)))


@pytest.fixture
def roster_only(con, write):
    """A roster exported before anyone was put in a cohort (blank cohorts)."""
    assert ingest_file(con, write("roster.csv", ROSTER)).ok
    return con


def test_set_up_a_two_module_pilot_from_a_roster(roster_only):
    con = roster_only
    save_cohort(con, "Pilot", "program", dt.date(2026, 3, 2), user="hr")
    save_cohort(con, "Comparison", "comparison", None, user="hr")
    assign_leaders(con, "Comparison", ["L3", "L4"], user="hr")
    with pytest.raises(PlanError, match="L3 is already in cohort Comparison"):
        assign_leaders(con, "Pilot", ["L3"])
    change = assign_leaders(con, "Pilot", ["L1", "L2"], user="hr")
    assert "undo with: python -m dashboard undo" in change.summary
    table = cohorts(con).set_index("cohort")
    assert table.loc["Pilot", "leaders"] == 2 and table.loc["Pilot", "members"] == 6
    sequence = default_sequence(["digital_cues", "written_replies"], dt.date(2026, 3, 4), weeks=12)
    assert [(m.start_date, m.end_date) for m in sequence] == [
        (dt.date(2026, 3, 2), dt.date(2026, 4, 3)), (dt.date(2026, 4, 13), dt.date(2026, 5, 15))]
    save_schedule(con, "Pilot", sequence, user="hr")
    assert [m.module_id for m in schedule_of(con, "Pilot")] == ["digital_cues", "written_replies"]
    log = import_log(con)
    plan_rows = log[log["source"] == "plan"]
    assert set(plan_rows["kind"]) == {"plan", "roster", "schedule"}
    assert set(plan_rows["imported_by"]) == {"hr"}
    from dashboard.plan.edits import remove_leaders

    remove_leaders(con, ["L2"])
    assert cohorts(con).set_index("cohort").loc["Pilot", "leaders"] == 1


def test_plan_changes_are_validated(roster_only):
    con = roster_only
    save_cohort(con, "Pilot", "program", None)
    save_cohort(con, "Comparison", "comparison", None)
    backwards = [ModuleDates("digital_cues", "Cues", dt.date(2026, 5, 1), dt.date(2026, 4, 1))]
    with pytest.raises(PlanError, match="ends \\(2026-04-01\\) before it starts \\(2026-05-01\\)"):
        save_schedule(con, "Pilot", backwards)
    fine = [ModuleDates("digital_cues", "Cues", dt.date(2026, 4, 1), dt.date(2026, 5, 1))]
    with pytest.raises(PlanError, match="comparison cohort: it gets no modules"):
        save_schedule(con, "Comparison", fine)
    with pytest.raises(PlanError, match="there is no cohort 'Nope'"):
        save_schedule(con, "Nope", fine)
    with pytest.raises(PlanError, match="L9 is not a leader on the roster"):
        assign_leaders(con, "Pilot", ["L9"])
    with pytest.raises(PlanError, match="arm must be program or comparison"):
        save_cohort(con, "X", "treatment-ish", None)
    assert schedule_of(con, "Pilot") == []


def test_a_plan_change_can_be_undone(roster_only):
    con = roster_only
    save_cohort(con, "Pilot", "program", None)
    first = save_schedule(con, "Pilot",
                          [ModuleDates("digital_cues", "Cues", dt.date(2026, 4, 1), dt.date(2026, 4, 30))])
    second = save_schedule(con, "Pilot",
                           [ModuleDates("bias_recognition", "Bias", dt.date(2026, 6, 1), dt.date(2026, 6, 30))])
    assert [m.module_id for m in schedule_of(con, "Pilot")] == ["bias_recognition"]
    undo_import(con, second.import_id)
    assert [m.module_id for m in schedule_of(con, "Pilot")] == ["digital_cues"]
    assert first.import_id < second.import_id


def test_the_plan_and_schedule_imports_are_one_source_of_truth(roster_only, write):
    con = roster_only
    save_cohort(con, "Pilot", "program", None)
    imported = write("schedule.csv", "cohort,module_id,module_name,start_date,end_date\n"
                                     "Pilot,digital_cues,Cues,2026-04-06,2026-05-01\n")
    assert ingest_file(con, imported).ok
    assert [m.module_id for m in schedule_of(con, "Pilot")] == ["digital_cues"]
    exported = export_schedule_csv(con)
    assert exported.decode().splitlines() == [
        "cohort,module_id,module_name,start_date,end_date", "Pilot,digital_cues,Cues,2026-04-06,2026-05-01"]


def test_targets_saved_on_the_plan_are_what_kpi_targets_reads(con, sample_dir):
    from dashboard.ingest.demo import load_demo

    load_demo(con)
    save_targets(con, [Target("escalation_rate", -20, "relative_pct", "stretch")], user="hr")
    table = compute(con, "targets", Filters())
    assert table["kpi"].tolist() == ["escalation_rate"] and table["target"].iloc[0] == "−20% relative"
    with pytest.raises(PlanError, match="unknown KPI 'happiness'"):
        save_targets(con, [Target("happiness", 10, "points")])


def test_catalogue_and_custom_modules(con):
    assert [m.module_id for m in CORE_MODULES] == ["digital_cues", "active_listening", "written_replies",
                                                   "bias_recognition", "boundary_feedback"]
    add_module(con, "inclusive_meetings", "Inclusive meetings", "Running hybrid meetings", 20)
    assert all_modules(con)[-1].name == "Inclusive meetings"
    with pytest.raises(PlanError, match="module id"):
        add_module(con, "Bad Id", "x")


def test_cadence_is_saved_and_read_back(con):
    assert load_cadence(con) == Cadence()
    save_cadence(con, Cadence(pulse_follow_up_every=2, rubric_points=("baseline", "end")))
    assert load_cadence(con).pulse_follow_up_every == 2
    assert load_cadence(con).rubric_points == ("baseline", "end")
    with pytest.raises(PlanError, match="rubric points"):
        save_cadence(con, Cadence(rubric_points=("sometimes",)))


def _demo_without_october_outcomes(con, sample_dir, tmp_path):
    files = [sample_dir / name for name in DEMO_FILES if name != "outcomes.csv"]
    assert all(r.ok for r in ingest_files(con, files, source="demo"))
    lines = (sample_dir / "outcomes.csv").read_text().splitlines(keepends=True)
    trimmed = tmp_path / "outcomes.csv"
    trimmed.write_text("".join(line for line in lines if not line.startswith("2026-10")))
    assert ingest_file(con, trimmed).ok


def test_calendar_flags_a_month_with_a_missing_export(con, sample_dir, tmp_path):
    _demo_without_october_outcomes(con, sample_dir, tmp_path)
    table = calendar(con, today=dt.date(2026, 11, 26))
    late = overdue(table)
    assert sorted(set(zip(late["cohort"], late["period"], late["kind"], strict=True))) == [
        ("Comparison", "2026-10", "outcomes"), ("Pilot", "2026-10", "outcomes"), ("Wave 2", "2026-10", "outcomes")]
    cell = table[(table["cohort"] == "Pilot") & (table["period"] == "2026-09") & (table["kind"] == "pulse")].iloc[0]
    assert cell["status"] == "arrived" and cell["text"] == "65 of 77 members answered"
    early = overdue(calendar(con, today=dt.date(2026, 11, 5)))  # still within the grace period
    assert early.empty


def test_status_exit_codes(tmp_path, sample_dir):
    path = tmp_path / "x.duckdb"
    with db.session(path) as con:
        _demo_without_october_outcomes(con, sample_dir, tmp_path)

    def status(today: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "dashboard", "status", "--db", str(path), "--today", today],
                              capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=120)

    late = status("2026-11-26")
    assert late.returncode == 1 and "3 overdue as of 2026-11-26:" in late.stdout
    assert "Pilot Oct 2026: outcomes" in late.stdout and "Sep 2026  65 of 77 members answered" in late.stdout
    assert status("2026-11-05").returncode == 0
    empty = subprocess.run([sys.executable, "-m", "dashboard", "status", "--db", str(tmp_path / "e.duckdb")],
                           capture_output=True, text=True, cwd=PROJECT_ROOT)
    assert empty.returncode == 0 and "nothing planned yet" in empty.stdout


def test_leaders_listing_shows_team_sizes(roster_only):
    table = leaders(roster_only).set_index("leader_id")
    assert table["team_size"].to_dict() == {"L1": 3, "L2": 3, "L3": 3, "L4": 3}


def test_editing_a_cohort_carries_its_leaders_and_modules_and_undo_takes_it_all_back(roster_only):
    from dashboard.plan.edits import edit_cohort

    con = roster_only
    edit_cohort(con, None, "Pilot", "program", dt.date(2026, 3, 2), user="hr")
    with pytest.raises(PlanError, match="there is already a cohort Pilot"):
        edit_cohort(con, None, "Pilot", "comparison", None)
    assign_leaders(con, "Pilot", ["L1", "L2"])
    save_schedule(con, "Pilot", default_sequence(["digital_cues"], dt.date(2026, 3, 2)))
    with pytest.raises(PlanError, match="Pilot has modules scheduled; a comparison cohort has no modules"):
        edit_cohort(con, "Pilot", "Pilot", "comparison", None)
    renamed = edit_cohort(con, "Pilot", "Spring pilot", "program", dt.date(2026, 3, 9), user="hr")
    table = cohorts(con).set_index("cohort")
    assert list(table.index) == ["Spring pilot"]
    assert (table.loc["Spring pilot", "leaders"], table.loc["Spring pilot", "members"]) == (2, 6)
    assert [m.module_id for m in schedule_of(con, "Spring pilot")] == ["digital_cues"]
    assert schedule_of(con, "Pilot") == []
    assert set(leaders(con).set_index("leader_id").loc[["L1", "L2"], "cohort"]) == {"Spring pilot"}
    undo_import(con, renamed.import_id)
    assert list(cohorts(con)["cohort"]) == ["Pilot"]
    assert [m.module_id for m in schedule_of(con, "Pilot")] == ["digital_cues"]


def test_changing_a_cohorts_arm_changes_its_leaders_arm_where_the_kpis_read_it(roster_only):
    from dashboard.plan.edits import edit_cohort

    con = roster_only
    edit_cohort(con, None, "Later", "program", None)
    assign_leaders(con, "Later", ["L3"])
    edit_cohort(con, "Later", "Later", "comparison", None)
    assert leaders(con).set_index("leader_id").loc["L3", "arm"] == "comparison"
    assert con.execute("select distinct arm from roster where superseded_by is null and "
                       "(person_id = 'L3' or leader_id = 'L3')").fetchall() == [("comparison",)]


def test_the_day_due_dates_are_judged_on_can_be_fixed(monkeypatch):
    from dashboard.config import today

    monkeypatch.setenv("EMPATHY_TODAY", "2027-01-31")
    assert today() == dt.date(2027, 1, 31)
    monkeypatch.setenv("EMPATHY_TODAY", "31/01/2027")
    with pytest.raises(ValueError, match="EMPATHY_TODAY='31/01/2027': expected a date as YYYY-MM-DD"):
        today()
    monkeypatch.delenv("EMPATHY_TODAY")
    assert today() == dt.date.today()


def test_deleting_a_cohort_frees_its_leaders_and_drops_its_dates_and_undo_restores_it(roster_only):
    from dashboard.plan.edits import delete_cohort

    con = roster_only
    save_cohort(con, "Pilot", "program", dt.date(2026, 3, 2))
    save_cohort(con, "Comparison", "comparison", None)
    assign_leaders(con, "Pilot", ["L1", "L2"])
    assign_leaders(con, "Comparison", ["L3"])
    save_schedule(con, "Pilot", default_sequence(["digital_cues", "written_replies"], dt.date(2026, 3, 2)))
    with pytest.raises(PlanError, match="there is no cohort 'Wave 9'"):
        delete_cohort(con, "Wave 9")
    deleted = delete_cohort(con, "Pilot", user="hr")
    assert list(cohorts(con)["cohort"]) == ["Comparison"]
    assert schedule_of(con, "Pilot") == []
    freed = leaders(con).set_index("leader_id")
    assert freed.loc[["L1", "L2"], "cohort"].isna().all() and freed.loc["L3", "cohort"] == "Comparison"
    assert con.execute("select count(*) from roster where superseded_by is null and leader_id in "
                       "('L1', 'L2') and cohort is not null").fetchone() == (0,)  # their teams too
    log = import_log(con).set_index("import_id")
    assert log.loc[deleted.import_id, "file_name"] == "pilot plan: cohort Pilot deleted"
    undo_import(con, deleted.import_id)
    table = cohorts(con).set_index("cohort")
    assert sorted(table.index) == ["Comparison", "Pilot"]
    assert (table.loc["Pilot", "leaders"], table.loc["Pilot", "members"]) == (2, 6)
    assert str(table.loc["Pilot", "start_date"])[:10] == "2026-03-02"
    assert [m.module_id for m in schedule_of(con, "Pilot")] == ["digital_cues", "written_replies"]
