"""The suppression rules themselves, and comments' higher threshold."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.ingest import ingest_files
from dashboard.kpi import Filters, privacy
from dashboard.kpi.pulse import comments, hidden_comment_groups
from dashboard.store import db
from tests.kpi_data import write_pilot


def test_applied_suppression_empties_values_and_counts():
    frame = pd.DataFrame({"n": [2, 9], "mean": [4.5, 3.0]})
    out = privacy.apply(frame, privacy.primary(frame["n"], 5), ["mean"], ["n"])
    assert out["suppressed"].tolist() == [True, False]
    assert pd.isna(out.loc[0, "mean"]) and pd.isna(out.loc[0, "n"]) and out.loc[1, "n"] == 9


def test_min_group_floor():
    assert privacy.check_min_group(None) == 5
    with pytest.raises(privacy.PrivacyError):
        privacy.check_min_group(2)


def test_comments_need_ten_respondents_and_are_shuffled(con, tmp_path, write):
    assert all(r.ok for r in ingest_files(con, write_pilot(tmp_path)))
    text = "response_id,submitted_at,respondent_id,rater_type,leader_id,q1,comment\n" + "".join(
        f"X{i},2026-05-20,P{1 + i % 3}-{1 + i % 5},direct_report,P{1 + i % 3},4,comment {i:02d}\n"
        for i in range(15)) + "".join(
        f"Y{i},2026-05-20,S1-{i},direct_report,S1,4,small team {i}\n" for i in range(1, 4))
    assert ingest_files(con, [write("c.csv", text)])[0].ok
    shown = comments(con, Filters(cohorts=("P",)))
    assert sorted(shown["comment"]) == [f"comment {i:02d}" for i in range(15)]
    assert shown["comment"].tolist() != sorted(shown["comment"])
    assert comments(con, Filters(cohorts=("S",))).empty
    assert "S" not in set(comments(con, Filters())["cohort"])
    assert hidden_comment_groups(con, Filters()) == ["S"]


def _comment_rows(prefix: str, day: str, respondents: int, start: int = 0) -> str:
    """``respondents`` distinct people of cohort P's roster (members 1–5 of P1–P3), commenting."""
    return "".join(f"{prefix}{i},{day},P{1 + i % 3}-{1 + i // 3},direct_report,P{1 + i % 3},4,"
                   f"{prefix} says {i:02d}\n" for i in range(start, start + respondents))


def test_comments_of_a_small_month_never_show_whatever_the_months_chosen(con, tmp_path, write):
    """May: 12 people answered; June: 4. Jan–Jun minus Jan–May must not reveal June's four."""
    assert all(r.ok for r in ingest_files(con, write_pilot(tmp_path)))
    text = ("response_id,submitted_at,respondent_id,rater_type,leader_id,q1,comment\n"
            + _comment_rows("May", "2026-05-20", 12) + _comment_rows("Jun", "2026-06-20", 4))
    assert ingest_files(con, [write("c.csv", text)])[0].ok
    for period_from, period_to in (("", ""), ("2026-05", "2026-06"), ("2026-06", "2026-06"),
                                   ("2026-05", "2026-05")):
        shown = comments(con, Filters(cohorts=("P",), period_from=period_from, period_to=period_to))
        assert not shown["comment"].str.startswith("Jun").any()
    assert len(comments(con, Filters(cohorts=("P",)))) == 12
    assert hidden_comment_groups(con, Filters(cohorts=("P",))) == ["P"]
    assert hidden_comment_groups(con, Filters(cohorts=("P",), period_to="2026-05")) == []


def test_comment_order_does_not_follow_the_order_people_answered_in(con, tmp_path, write):
    """The same comments imported in reverse come out in the same order."""
    rows = _comment_rows("May", "2026-05-20", 12).splitlines(keepends=True)
    header = "response_id,submitted_at,respondent_id,rater_type,leader_id,q1,comment\n"
    orders = []
    for name, lines in (("a", rows), ("b", rows[::-1])):
        path = tmp_path / name
        path.mkdir()
        with db.session(path / "x.duckdb") as other:
            assert all(r.ok for r in ingest_files(other, write_pilot(path)))
            assert ingest_files(other, [write(f"{name}.csv", header + "".join(lines))])[0].ok
            orders.append(comments(other, Filters(cohorts=("P",)))["comment"].tolist())
    assert orders[0] == orders[1]
    answered = [f"May says {i:02d}" for i in range(12)]
    assert orders[0] != answered and orders[0] != answered[::-1]
