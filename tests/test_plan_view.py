"""What the plan page and the Overview show of the plan, on real databases: proposed module
dates, leader labels and search, the cohort table, and the calendar as a grid per cohort."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard.ingest import ingest_file
from dashboard.plan.calendar import calendar
from dashboard.plan.edits import (
    ModuleDates,
    assign_leaders,
    cohorts,
    default_sequence,
    full_schedule,
    leaders,
    save_cohort,
    save_schedule,
)
from dashboard.plan.view import (
    calendar_grid,
    calendar_statuses,
    cohort_table,
    default_start,
    horizon,
    leader_label,
    next_monday,
    overdue_lines,
    proposed_dates,
    search_leaders,
    styled_calendar,
)

ROSTER = ("person_id,role,leader_id,cohort,team\n"
          "L1,leader,,,Claims EMEA\nL2,leader,,,Sales AMER\nL3,leader,,,\n"
          + "".join(f"M{i},member,L{1 + i % 3},,\n" for i in range(7)))
NAMES = {"digital_cues": "Awareness of digital cues", "written_replies": "Empathetic written replies",
         "bias_recognition": "Bias recognition"}


def test_new_modules_follow_the_default_sequence_and_stored_ones_keep_their_dates():
    start = dt.date(2026, 12, 7)
    fresh = proposed_dates(["digital_cues", "written_replies"], [], start, 12, NAMES)
    assert fresh == default_sequence(["digital_cues", "written_replies"], start, 12, NAMES)
    stored = [ModuleDates("digital_cues", "Cues", dt.date(2027, 1, 4), dt.date(2027, 2, 5))]
    later = proposed_dates(["bias_recognition", "digital_cues"], stored, start, 8, NAMES)
    assert later[1] == stored[0]
    assert (later[0].start_date, later[0].start_date.weekday()) == (dt.date(2027, 2, 15), 0)
    assert later[0].end_date == dt.date(2027, 4, 9)  # 8 weeks for the one new module, to a Friday


def test_a_sequence_starts_on_the_first_module_else_the_planned_start_else_in_four_weeks():
    stored = [ModuleDates("x", "X", dt.date(2027, 1, 4), dt.date(2027, 1, 29))]
    assert default_start(dt.date(2026, 12, 1), stored, dt.date(2026, 11, 26)) == dt.date(2027, 1, 4)
    assert default_start(dt.date(2026, 12, 1), [], dt.date(2026, 11, 26)) == dt.date(2026, 12, 1)
    assert default_start(None, [], dt.date(2026, 11, 26)) == dt.date(2026, 12, 28)
    assert next_monday(dt.date(2026, 12, 7)) == dt.date(2026, 12, 7)


def test_leaders_are_labelled_and_found_by_id_team_or_cohort(con, write):
    assert ingest_file(con, write("roster.csv", ROSTER)).ok
    save_cohort(con, "Pilot", "program", None)
    assign_leaders(con, "Pilot", ["L2"])
    roster = leaders(con)
    assert [leader_label(r) for r in roster.itertuples()] == [
        "L1 · Claims EMEA · team of 3 · not in a cohort", "L3 · team of 2 · not in a cohort",
        "L2 · Sales AMER · team of 2 · in Pilot"]
    assert list(search_leaders(roster, "emea")["leader_id"]) == ["L1"]
    assert list(search_leaders(roster, "PILOT")["leader_id"]) == ["L2"]
    assert len(search_leaders(roster, "  ")) == 3


def test_the_cohort_table_lists_leaders_with_team_sizes_and_modules(con, write):
    assert ingest_file(con, write("roster.csv", ROSTER)).ok
    save_cohort(con, "Pilot", "program", dt.date(2026, 12, 7))
    save_cohort(con, "Comparison", "comparison", None)
    assign_leaders(con, "Pilot", ["L1", "L3"])
    save_schedule(con, "Pilot", default_sequence(["digital_cues"], dt.date(2026, 12, 7), 8, NAMES))
    table = cohort_table(cohorts(con), leaders(con), full_schedule(con), NAMES).set_index("Cohort")
    assert table.loc["Pilot"].to_dict() == {
        "Arm": "Program", "Planned start": "7 Dec 2026", "Leaders": 2, "Team members": 5,
        "Leaders (team size)": "L1 (3), L3 (2)",
        "Modules": "Awareness of digital cues 7 Dec 2026–29 Jan 2027"}
    assert table.loc["Comparison", "Modules"] == "none (comparison)"


def _calendar_rows() -> pd.DataFrame:
    rows = [("Pilot", "2026-09", "pulse", "arrived", "65 of 77 members answered"),
            ("Pilot", "2026-09", "outcomes", "overdue", "overdue"),
            ("Pilot", "2026-10", "outcomes", "overdue", "overdue"),
            ("Pilot", "2026-10", "pulse", "extra", "60 of 77 members answered"),
            ("Pilot", "2026-11", "pulse", "due", "due"),
            ("Pilot", "2027-03", "pulse", "upcoming", "upcoming"),
            ("Comparison", "2026-10", "pulse", "overdue", "overdue")]
    return pd.DataFrame([{"cohort": c, "arm": "program", "period": p, "kind": k, "expected": True,
                          "arrived": 0, "of": None, "status": s, "text": t}
                         for c, p, k, s, t in rows])


def test_the_calendar_grid_reads_in_words_with_a_mark_per_status():
    grid = calendar_grid(_calendar_rows(), "Pilot", through=horizon(dt.date(2026, 11, 26), 2))
    assert list(grid.index) == ["Sep 2026", "Oct 2026", "Nov 2026"]
    assert list(grid.columns) == ["Pulse", "Rubric", "LMS activity", "Outcomes"]
    assert grid.loc["Sep 2026"].tolist() == ["✓ 65 of 77 members answered", "", "", "⚠ overdue"]
    assert grid.loc["Oct 2026", "Pulse"] == "✓ 60 of 77 members answered (not planned)"
    assert grid.loc["Nov 2026", "Pulse"] == "… due"
    assert calendar_grid(_calendar_rows(), "Pilot").loc["Mar 2027", "Pulse"] == "○ upcoming"
    statuses = calendar_statuses(_calendar_rows(), "Pilot")
    assert statuses.loc["Oct 2026", "Outcomes"] == "overdue"
    html = styled_calendar(_calendar_rows(), "Pilot").to_html()
    assert "background-color: #F9DCCB" in html  # overdue cells are tinted


def test_overdue_lines_group_months_per_cohort_and_kind():
    assert overdue_lines(_calendar_rows()) == [
        "Comparison: pulse for Oct 2026", "Pilot: outcomes for Sep 2026 and Oct 2026"]


def test_the_calendar_grid_matches_the_calendar_on_the_demo(demo_db):
    from dashboard.store import db

    with db.session(demo_db) as con:
        table = calendar(con, dt.date(2026, 11, 26))
    grid = calendar_grid(table, "Wave 2", through="2026-11")
    assert grid.loc["Sep 2026", "Rubric"] == "✓ 8 of 8 leaders assessed"
    assert grid.loc["Nov 2026"].tolist() == ["… due"] * 4
    assert overdue_lines(table) == []
