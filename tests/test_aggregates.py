"""The pre-aggregated pulse tables stay exactly what a full rebuild would give, through
imports, corrected exports, undo, roster changes and plan moves."""

from __future__ import annotations

import datetime as dt

from dashboard.ingest import ingest_file, ingest_files
from dashboard.plan.edits import assign_leaders, remove_leaders, save_cohort
from dashboard.store import aggregates
from dashboard.store.imports import undo_import
from tests.kpi_data import write_pilot

TABLES = ("agg_pulse_leader_scale", "agg_pulse_cohort")


def _snapshot(con):
    return {t: sorted(map(repr, con.execute(f"select * from {t}").fetchall())) for t in TABLES}  # noqa: S608


def _assert_same_as_rebuild(con):
    maintained = _snapshot(con)
    con.begin()
    aggregates.refresh(con)
    rebuilt = _snapshot(con)
    con.rollback()
    for table in TABLES:
        assert maintained[table] == rebuilt[table], table
    assert maintained["agg_pulse_cohort"], "aggregates should not be empty"


def test_aggregates_follow_every_change(con, tmp_path, write):
    assert all(r.ok for r in ingest_files(con, write_pilot(tmp_path)))
    _assert_same_as_rebuild(con)
    header = "response_id,submitted_at,respondent_id,rater_type,leader_id,q1,rec\n"
    rows = "".join(f"J{i},2026-06-10,P1-{i},direct_report,P1,{1 + i % 5},{i}\n" for i in range(1, 6))
    june = ingest_file(con, write("june.csv", header + rows))
    assert june.ok
    _assert_same_as_rebuild(con)
    corrected = ingest_file(con, write("june2.csv", header + "J1,2026-06-10,P1-1,direct_report,P1,5,10\n"),
                            replace=True)
    assert corrected.ok and corrected.replaced == 1
    _assert_same_as_rebuild(con)
    undo_import(con, corrected.import_id)
    _assert_same_as_rebuild(con)
    save_cohort(con, "Q", "program", dt.date(2026, 3, 1))
    remove_leaders(con, ["P3"])
    assign_leaders(con, "Q", ["P3"])
    _assert_same_as_rebuild(con)
    cohorts = {c for (c,) in con.execute("select distinct cohort from agg_pulse_cohort").fetchall()}
    assert "Q" in cohorts
    roster = ingest_file(con, write("r2.csv", "person_id,role,cohort\nP2,leader,Q\n"), replace=True)
    assert roster.ok
    _assert_same_as_rebuild(con)
    undo_import(con, june.import_id)
    _assert_same_as_rebuild(con)
    assert con.execute("select count(*) from agg_pulse_leader_scale where period = '2026-06'").fetchone() == (0,)
