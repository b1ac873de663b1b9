"""The Pilot plan page through AppTest on real database files: set a pilot up from a roster,
refuse what the plan layer refuses (with its reasons, storing nothing), undo, and the
measurement calendar and the Overview's overdue warning on the demo data."""

from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.app_pages.plan_setup import NEW
from dashboard.config import SAMPLE_DIR
from dashboard.ingest import ingest_file, ingest_files
from dashboard.ingest.demo import DEMO_FILES
from dashboard.kpi import Filters, compute
from dashboard.kpi.analysis_plan import AnalysisPlan, load_analysis_plan
from dashboard.plan.calendar import load_cadence
from dashboard.plan.edits import cohorts, default_sequence, schedule_of
from dashboard.store import db
from dashboard.store.imports import import_log
from tests.apptest import app, click, open_page, shown_table, sign_in, texts
from tests.conftest import table_counts

PLAN = "app_pages/plan.py"
ROSTER = ("person_id,role,leader_id,cohort,team\n"
          + "".join(f"L{i},leader,,,Team {i}\n" for i in range(1, 5))
          + "".join(f"M{i},member,L{1 + i % 4},,\n" for i in range(12)))


def k(at: AppTest, name: str) -> str:
    """The key of a draft widget in the forms' current revision (see plan_common.draft)."""
    revision = at.session_state.get("plan_revision", 0)
    return f"plan_draft:{revision}:{name}"


def cohort_rows(at: AppTest):
    return shown_table(at.table[0]).set_index("Cohort")


@pytest.fixture
def roster_only(tmp_path, monkeypatch):
    """A database holding only a roster exported before anyone was put in a cohort."""
    path = tmp_path / "plan.duckdb"
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    with db.session(path) as con:
        assert ingest_file(con, roster).ok
    monkeypatch.setenv("EMPATHY_DB", str(path))
    return path


def create_cohort(at: AppTest, name: str, arm: str = "program", start: dt.date | None = None) -> None:
    at.selectbox(key="plan_cohort_choice").set_value(NEW)
    at.text_input(key=k(at, "cohort_name:None")).set_value(name)
    at.radio(key=k(at, "cohort_arm:None")).set_value(arm)
    if start:
        at.date_input(key=k(at, "cohort_start:None")).set_value(start)
    click(at, "Save cohort")


def test_set_up_a_pilot_create_assign_schedule_and_save(roster_only):
    at = open_page("plan")
    assert "Nothing planned yet" in texts(at.info)
    create_cohort(at, "Pilot", start=dt.date(2026, 12, 7))
    assert "Saved: pilot plan: cohort Pilot (program)" in texts(at.success).replace("**", "")
    create_cohort(at, "Comparison", arm="comparison")

    at.selectbox(key="plan_leaders_cohort").set_value("Pilot").run()
    at.text_input(key=k(at, "leaders_search")).set_value("team 1").run()  # search narrows the list
    assert at.multiselect(key=k(at, "leaders_add:Pilot")).options == ["L1 · Team 1 · team of 3 · not in a cohort"]
    at.text_input(key=k(at, "leaders_search")).set_value("").run()
    at.multiselect(key=k(at, "leaders_add:Pilot")).set_value(["L1", "L2"]).run()
    click(at, "Add to Pilot")
    table = cohort_rows(at)
    assert (table.loc["Pilot", "Leaders"], table.loc["Pilot", "Team members"]) == (2, 6)
    assert table.loc["Pilot", "Leaders (team size)"] == "L1 (3), L2 (3)"

    at.selectbox(key="plan_dates_cohort").set_value("Pilot").run()
    at.multiselect(key=k(at, "modules:Pilot")).set_value(["digital_cues", "written_replies"]).run()
    expected = default_sequence(["digital_cues", "written_replies"], dt.date(2026, 12, 7), weeks=12)
    shown = {d.key: d.value for d in at.date_input}
    assert [(shown[k(at, f"from:Pilot:{m.module_id}")], shown[k(at, f"to:Pilot:{m.module_id}")])
            for m in expected] == [(dt.date(2026, 12, 7), dt.date(2027, 1, 8)),
                                   (dt.date(2027, 1, 18), dt.date(2027, 2, 19))]
    click(at, "Save module dates for Pilot")
    assert "Saved: pilot plan: module dates for Pilot" in texts(at.success).replace("**", "")
    with db.session(roster_only) as con:
        stored = schedule_of(con, "Pilot")
        plans = cohorts(con).set_index("cohort")
        log = import_log(con)
    assert [(m.module_id, m.start_date, m.end_date) for m in stored] == [
        (m.module_id, m.start_date, m.end_date) for m in expected]
    assert plans.loc["Comparison", "arm"] == "comparison" and plans.loc["Pilot", "members"] == 6
    assert list(log.loc[log["source"] == "plan", "kind"]) == ["schedule", "roster", "plan", "plan"]
    assert "Empathetic written replies 18 Jan 2027–19 Feb 2027" in cohort_rows(at).loc["Pilot", "Modules"]


def test_dates_out_of_order_are_refused_with_the_reason_and_nothing_is_stored(roster_only):
    at = open_page("plan")
    create_cohort(at, "Pilot", start=dt.date(2026, 12, 7))
    at.multiselect(key=k(at, "modules:Pilot")).set_value(["bias_recognition"]).run()
    at.date_input(key=k(at, "from:Pilot:bias_recognition")).set_value(dt.date(2027, 2, 1))
    at.date_input(key=k(at, "to:Pilot:bias_recognition")).set_value(dt.date(2027, 1, 15))
    with db.session(roster_only) as con:
        before = table_counts(con)
    click(at, "Save module dates for Pilot")
    assert "Not saved" in texts(at.error)
    assert "bias_recognition: ends (2027-01-15) before it starts (2027-02-01)" in texts(at.error)
    assert at.date_input(key=k(at, "to:Pilot:bias_recognition")).value == dt.date(2027, 1, 15)  # kept
    with db.session(roster_only) as con:
        assert table_counts(con) == before


def test_a_leader_in_two_cohorts_and_modules_for_a_comparison_cohort_are_refused(roster_only):
    at = open_page("plan")
    create_cohort(at, "Pilot")
    create_cohort(at, "Comparison", arm="comparison")
    at.selectbox(key="plan_leaders_cohort").set_value("Comparison").run()
    at.multiselect(key=k(at, "leaders_add:Comparison")).set_value(["L3"]).run()
    click(at, "Add to Comparison")
    at.selectbox(key="plan_leaders_cohort").set_value("Pilot").run()
    at.multiselect(key=k(at, "leaders_add:Pilot")).set_value(["L3"]).run()
    click(at, "Add to Pilot")
    assert "L3 is already in cohort Comparison; remove them there first" in texts(at.error)

    at.selectbox(key="plan_dates_cohort").set_value("Comparison").run()
    assert "Comparison is a comparison cohort: it takes no modules" in texts(at.info)
    at.selectbox(key="plan_dates_cohort").set_value("Pilot").run()
    at.multiselect(key=k(at, "modules:Pilot")).set_value(["digital_cues"]).run()
    click(at, "Save module dates for Pilot")
    at.selectbox(key="plan_cohort_choice").set_value("Pilot").run()
    at.radio(key=k(at, "cohort_arm:Pilot")).set_value("comparison")
    click(at, "Save cohort")
    assert "Pilot has modules scheduled; a comparison cohort has no modules" in texts(at.error)


def test_the_last_change_can_be_undone_from_the_page(roster_only):
    at = open_page("plan")
    create_cohort(at, "Pilot", start=dt.date(2026, 12, 7))
    at.multiselect(key=k(at, "modules:Pilot")).set_value(["digital_cues"]).run()
    click(at, "Save module dates for Pilot")
    assert "none yet" not in cohort_rows(at).loc["Pilot", "Modules"]
    click(at, "Undo")
    assert "Undone: change 3 (pilot plan: module dates for Pilot)" in texts(at.info)
    assert cohort_rows(at).loc["Pilot", "Modules"] == "none yet"
    assert at.multiselect(key=k(at, "modules:Pilot")).value == []  # the form shows the stored plan
    with db.session(roster_only) as con:
        assert schedule_of(con, "Pilot") == []
        assert import_log(con).set_index("import_id").loc[3, "status"] == "undone"


def test_renaming_a_cohort_carries_its_leaders_and_modules(roster_only):
    at = open_page("plan")
    create_cohort(at, "Pilot")
    at.multiselect(key=k(at, "leaders_add:Pilot")).set_value(["L1"]).run()
    click(at, "Add to Pilot")
    at.multiselect(key=k(at, "modules:Pilot")).set_value(["digital_cues"]).run()
    click(at, "Save module dates for Pilot")
    at.selectbox(key="plan_cohort_choice").set_value("Pilot").run()
    at.text_input(key=k(at, "cohort_name:Pilot")).set_value("Spring pilot")
    click(at, "Save cohort")
    table = cohort_rows(at)
    assert list(table.index) == ["Spring pilot"]
    assert table.loc["Spring pilot", "Leaders (team size)"] == "L1 (3)"
    assert table.loc["Spring pilot", "Modules"].startswith("Awareness of digital cues")


def test_cadence_and_targets_are_saved_from_the_page(roster_only):
    at = open_page("plan")
    at.number_input(key=k(at, "cad_after")).set_value(2)
    click(at, "Save cadence")
    at.number_input(key=k(at, "target:escalation_rate")).set_value(-20.0)
    at.number_input(key=k(at, "target:enps")).set_value(0.0)  # no target any more
    click(at, "Save targets")
    with db.session(roster_only) as con:
        assert load_cadence(con).pulse_follow_up_every == 2
        targets = compute(con, "targets", Filters())
    assert "−20% relative" in set(targets["target"]) and "enps" not in set(targets["kpi"])


def test_the_primary_metric_and_baseline_months_are_set_on_the_page(roster_only):
    at = open_page("plan")
    assert at.selectbox(key=k(at, "ana_primary")).value == "pulse_mean"  # the default: pulse score from others
    at.selectbox(key=k(at, "ana_primary")).set_value("escalation_rate")
    at.number_input(key=k(at, "ana_months")).set_value(6)
    click(at, "Save how impact is judged")
    assert not at.exception
    with db.session(roster_only) as con:
        assert load_analysis_plan(con) == AnalysisPlan("escalation_rate", 6)
        assert import_log(con).iloc[0]["file_name"] == "pilot plan: primary metric and baseline months"
    at.number_input(key=k(at, "cad_after")).set_value(2)
    click(at, "Save cadence")  # the cadence is saved with the analysis plan, which stays
    with db.session(roster_only) as con:
        assert load_analysis_plan(con) == AnalysisPlan("escalation_rate", 6)


def test_a_schedule_imported_on_the_data_page_shows_on_the_plan(roster_only):
    at = open_page("plan")
    create_cohort(at, "Pilot")
    schedule = b"cohort,module_id,module_name,start_date,end_date\nPilot,bias_recognition,Bias,2027-03-01,2027-04-02\n"
    at.switch_page("app_pages/data.py").run()
    at.file_uploader[0].set_value(("schedule.csv", schedule, "text/csv")).run()
    at.button(key="data_import").click().run()
    at.switch_page(PLAN).run()
    assert cohort_rows(at).loc["Pilot", "Modules"] == "Bias recognition 1 Mar 2027–2 Apr 2027"
    assert at.multiselect(key=k(at, "modules:Pilot")).value == ["bias_recognition"]
    assert at.date_input(key=k(at, "from:Pilot:bias_recognition")).value == dt.date(2027, 3, 1)
    csv = [b for b in at.get("download_button") if b.proto.label == "Download the schedule (CSV)"]
    assert len(csv) == 1


def test_a_cohort_is_deleted_only_when_confirmed_and_undo_brings_it_back(roster_only):
    at = open_page("plan")
    create_cohort(at, "Pilot", start=dt.date(2026, 12, 7))
    at.selectbox(key="plan_leaders_cohort").set_value("Pilot").run()
    at.multiselect(key=k(at, "leaders_add:Pilot")).set_value(["L1", "L2"]).run()
    click(at, "Add to Pilot")
    at.selectbox(key="plan_cohort_choice").set_value("Pilot").run()
    delete = next(b for b in at.button if b.label == "Delete cohort")
    assert delete.disabled  # not before the box is ticked
    at.checkbox(key=k(at, "cohort_delete:Pilot")).check().run()
    click(at, "Delete cohort")
    assert "Saved: pilot plan: cohort Pilot deleted" in texts(at.success).replace("**", "")
    with db.session(roster_only) as con:
        assert cohorts(con).empty
        assert con.execute("select count(*) from roster where superseded_by is null "
                           "and cohort is not null").fetchone() == (0,)
    assert at.selectbox(key="plan_cohort_choice").value == NEW
    click(at, "Undo")
    with db.session(roster_only) as con:
        plans = cohorts(con).set_index("cohort")
    assert (plans.loc["Pilot", "leaders"], plans.loc["Pilot", "members"]) == (2, 6)


# --- the measurement calendar and the Overview ---------------------------------------------


@pytest.fixture
def demo_without_october_outcomes(tmp_path, monkeypatch):
    """The demo, with October's outcomes export missing (see tests/test_plan.py)."""
    path = tmp_path / "demo.duckdb"
    with db.session(path) as con:
        files = [SAMPLE_DIR / name for name in DEMO_FILES if name != "outcomes.csv"]
        assert all(r.ok for r in ingest_files(con, files, source="demo"))
        lines = (SAMPLE_DIR / "outcomes.csv").read_text().splitlines(keepends=True)
        trimmed = tmp_path / "outcomes.csv"
        trimmed.write_text("".join(line for line in lines if not line.startswith("2026-10")))
        assert ingest_file(con, trimmed).ok
    monkeypatch.setenv("EMPATHY_DB", str(path))
    monkeypatch.setenv("EMPATHY_TODAY", "2026-11-26")
    return path


def test_the_calendar_flags_the_missing_export_and_the_overview_points_to_it(
        demo_without_october_outcomes):
    at = open_page("plan")
    warning = texts(at.warning)
    assert ("- Comparison: outcomes for Oct 2026\n- Pilot: outcomes for Oct 2026\n"
            "- Wave 2: outcomes for Oct 2026") in warning
    calendar = at.tabs[2]
    assert [m.value for m in calendar.markdown][:3] == [
        "**Comparison** · comparison", "**Pilot** · program", "**Wave 2** · program"]
    pilot = calendar.table[1].value
    assert pilot.loc["Sep 2026", "Pulse"] == "✓ 65 of 77 members answered"
    assert pilot.loc["Oct 2026", "Outcomes"] == "⚠ overdue"
    assert pilot.loc["Nov 2026", "Outcomes"] == "… due"

    at.switch_page("app_pages/overview.py").run()
    assert not at.exception
    overview = texts(at.warning)
    assert "Data overdue as of 26 Nov 2026" in overview and "Pilot: outcomes for Oct 2026" in overview
    # the first page link; the answer banner's "Details →" links follow it (issue 17)
    assert [link.value for link in at.page_link][:1] == ["See the measurement calendar on the Pilot plan page"]
    assert set([link.value for link in at.page_link][1:]) <= {"Details →"}


def test_the_demo_has_nothing_overdue_and_the_overview_stays_quiet(demo_db, monkeypatch):
    monkeypatch.setenv("EMPATHY_DB", str(demo_db))
    at = app().run()
    assert not at.exception and not at.warning


def test_a_viewer_is_refused_the_plan_page(roster_only):
    """The router refuses the page on the server: a viewer gets no plan forms at all."""
    at = sign_in(app(), "vera@example.com", roles={"viewers": ["vera@example.com"]}).run()
    with db.session(roster_only) as con:
        before = table_counts(con)
    at.switch_page(PLAN).run()
    assert "needs the analyst role" in texts(at.error) + texts(at.warning) + texts(at.info)
    assert len(at.text_input) == 0 and not at.exception
    with db.session(roster_only) as con:
        assert table_counts(con) == before


def test_a_rollout_calendar_shows_the_cohorts_the_reader_picks(tmp_path, monkeypatch):
    """With more cohorts than grids one can read, the calendar starts from the overdue ones
    (at most twelve) and draws exactly the cohorts picked."""
    roster = "person_id,role,leader_id,cohort,team\n" + "".join(
        f"L{c},leader,,C{c:02d},Team {c}\n" + "".join(f"M{c}_{i},member,L{c},C{c:02d},\n" for i in range(3))
        for c in range(14))
    schedule = "cohort,module_id,module_name,start_date,end_date\n" + "".join(
        f"C{c:02d},cues,Cues,2026-0{1 + c % 5}-05,2026-0{2 + c % 5}-20\n" for c in range(14))
    path = tmp_path / "rollout.duckdb"
    with db.session(path) as con:
        for name, text in (("roster.csv", roster), ("schedule.csv", schedule)):
            (tmp_path / name).write_text(text)
            assert ingest_file(con, tmp_path / name).ok
    monkeypatch.setenv("EMPATHY_DB", str(path))
    monkeypatch.setenv("EMPATHY_TODAY", "2026-11-26")
    at = open_page("plan")
    calendar = at.tabs[2]
    picker = calendar.multiselect[0]
    assert picker.label == "Cohorts to show (14 in the plan)"
    assert picker.value == [f"C{c:02d}" for c in range(12)]  # all overdue: the first twelve
    assert len(calendar.table) == 12
    picker.set_value(["C13"]).run()
    assert not at.exception
    calendar = at.tabs[2]
    assert [m.value for m in calendar.markdown if m.value.startswith("**C")] == ["**C13** · program"]
    assert len(calendar.table) == 1
