"""KPI results are cached per database version: never stale after a change or a restore."""

from __future__ import annotations

from dashboard.ingest import ingest_file, ingest_files
from dashboard.kpi import Filters, compute
from dashboard.store import db
from dashboard.store.backup import backup, restore
from dashboard.store.imports import undo_import
from tests.kpi_data import write_pilot

JUNE = ("response_id,submitted_at,respondent_id,rater_type,leader_id,q1,rec\n"
        + "".join(f"J{i},2026-06-10,P1-{i},direct_report,P1,5,10\n" for i in range(1, 6)))


def _june_cells(con):
    trend = compute(con, "pulse_trend", Filters(cohorts=("P",), rater_groups=("others",)))
    return trend[trend["period"] == "2026-06"]


def test_a_new_import_or_an_undo_shows_at_once(con, tmp_path, write):
    assert all(r.ok for r in ingest_files(con, write_pilot(tmp_path)))
    assert _june_cells(con).empty
    june = ingest_file(con, write("june.csv", JUNE))
    cells = _june_cells(con)
    assert len(cells) == 1 and cells.iloc[0]["mean_score"] == 5.0
    undo_import(con, june.import_id)
    assert _june_cells(con).empty


def test_a_restore_at_the_same_path_is_not_served_from_the_cache(tmp_path, write):
    path = tmp_path / "x.duckdb"
    with db.session(path) as con:
        assert all(r.ok for r in ingest_files(con, write_pilot(tmp_path)))
        backup(con, tmp_path / "bk")
        ingest_file(con, write("june.csv", JUNE))
        assert len(_june_cells(con)) == 1
    restore(tmp_path / "bk", path, force=True)
    with db.session(path) as con:
        assert _june_cells(con).empty


def test_callers_get_their_own_copy(con, tmp_path):
    assert all(r.ok for r in ingest_files(con, write_pilot(tmp_path)))
    first = compute(con, "enps")
    first.loc[:, "enps"] = 999.0
    assert (compute(con, "enps")["enps"] != 999.0).all()
