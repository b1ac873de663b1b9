"""Comments on the Pulse page, as HR sees them: only from cohort-months where at least 10
people answered, in an order unrelated to who answered when, and never narrowed below that by
any filter the sidebar offers."""

from __future__ import annotations

import shutil

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.ingest import ingest_files
from dashboard.kpi import Filters
from dashboard.kpi.pulse import comments
from dashboard.store import db
from tests.apptest import open_page, texts

HEADER = "response_id,submitted_at,respondent_id,rater_type,leader_id,q1,comment\n"


def _rows(prefix: str, day: str, leader_of, count: int, teams: int = 1) -> str:
    """``count`` comments by distinct members on the roster (``leader-1``, ``leader-2``, … of
    ``teams`` leaders in turn): only people on the roster count towards a group's size."""
    return "".join(f"{prefix}{i},{day},{leader_of(i)}-{1 + i // teams},direct_report,{leader_of(i)},4,"
                   f"{prefix} comment {i:02d}\n" for i in range(count))


@pytest.fixture
def with_comments(pilot_db_template, tmp_path, monkeypatch):
    """Cohort P: 12 people commented in May, 4 in June (P1's team only); cohort S: 3 in May."""
    path = tmp_path / "comments.duckdb"
    shutil.copyfile(pilot_db_template, path)  # the pilot of tests/kpi_data.py
    with db.session(path) as con:
        text = (HEADER + _rows("May", "2026-05-20", lambda i: f"P{1 + i % 3}", 12, teams=3)
                + _rows("Jun", "2026-06-20", lambda i: "P1", 4)
                + _rows("Small", "2026-05-21", lambda i: "S1", 3))
        (tmp_path / "comments.csv").write_text(text, encoding="utf-8")
        assert ingest_files(con, [tmp_path / "comments.csv"])[0].ok
        order = comments(con, Filters(cohorts=("P",)))["comment"].tolist()
    monkeypatch.setenv("EMPATHY_DB", str(path))
    return order


def comment_table(at: AppTest):
    expander = next(e for e in at.expander if e.label.startswith("Comments from team members"))
    return expander, expander.dataframe[0].value


def test_the_page_shows_only_big_enough_cohort_months_in_a_stable_unrevealing_order(
        with_comments):
    at = open_page("pulse")
    assert not at.exception
    expander, shown = comment_table(at)
    assert expander.label == "Comments from team members (12)"
    assert set(shown["Cohort"]) == {"P"}
    assert shown["Comment"].tolist() == with_comments  # the KPI layer's order, as the CLI
    answered = [f"May comment {i:02d}" for i in range(12)]
    assert sorted(shown["Comment"]) == answered and shown["Comment"].tolist() != answered
    assert "Withheld in months with fewer than 10 respondents: P, S" in texts(expander.caption)


@pytest.mark.parametrize(("months", "cohorts", "count"), [
    (("2026-06", "2026-06"), [], 0),       # June alone: P1's four people
    (("2026-05", "2026-06"), ["P"], 12),   # May to June minus May: still nothing of June
    (("2026-01", "2026-05"), ["S"], 0),    # S alone: three people
])
def test_no_filter_narrows_comments_below_ten_people(with_comments, months, cohorts, count):
    at = open_page("pulse")
    at.sidebar.select_slider(key="period").set_value(months).run()
    at.sidebar.multiselect(key="cohort").set_value(cohorts).run()
    assert not at.exception
    expander, shown = comment_table(at)
    assert not shown["Comment"].str.startswith(("Jun", "Small")).any()
    assert len(shown) == count and expander.label == f"Comments from team members ({count})"
