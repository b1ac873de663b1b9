"""Property: for random rosters and responses, no suppressed value can be recovered from
the visible cells and totals of any two outputs (hypothesis, real DuckDB files)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.ingest import ingest_files
from dashboard.kpi import Filters, compute
from dashboard.kpi.engine import mart
from dashboard.store import db

MONTHS = ["2026-01", "2026-02"]


@st.composite
def pilots(draw):
    """Cohorts of leaders with teams of 0–8 members answering one Likert question."""
    n_cohorts = draw(st.integers(2, 3))
    cohorts = []
    for c in range(n_cohorts):
        leaders = []
        for l_index in range(draw(st.integers(1, 4))):
            size = draw(st.integers(0, 8))
            answers = {
                month: [draw(st.one_of(st.none(), st.integers(1, 5))) for _ in range(size)]
                for month in MONTHS
            }
            leaders.append((f"L{c}{l_index}", size, answers))
        cohorts.append((f"K{c}", "comparison" if c == n_cohorts - 1 else "program", leaders))
    k = draw(st.integers(3, 6))
    return cohorts, k


def _write(folder: Path, cohorts) -> list[Path]:
    roster = ["person_id,role,leader_id,cohort,arm\n"]
    pulse = ["response_id,submitted_at,respondent_id,rater_type,leader_id,q1\n"]
    schedule = ["cohort,module_id,start_date,end_date\n"]
    number = 0
    for cohort, arm, leaders in cohorts:
        if arm == "program":
            schedule.append(f"{cohort},m1,2026-01-20,2026-01-25\n")
        for leader, size, answers in leaders:
            roster.append(f"{leader},leader,,{cohort},{arm}\n")
            for i in range(size):
                roster.append(f"{leader}-{i},member,{leader},{cohort},{arm}\n")
            for month, scores in answers.items():
                for i, score in enumerate(scores):
                    if score is None:
                        continue
                    number += 1
                    pulse.append(f"R{number},{month}-05,{leader}-{i},direct_report,{leader},{score}\n")
    files = {"roster.csv": roster, "questions.csv": ["question_id,text,scale\n", "q1,Q,likert5\n"],
             "schedule.csv": schedule, "pulse.csv": pulse}
    paths = []
    for name, lines in files.items():
        if len(lines) > 1:
            (folder / name).write_text("".join(lines))
            paths.append(folder / name)
    return paths


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pilots())
def test_no_suppressed_value_can_be_recovered(case):
    cohorts, k = case
    with tempfile.TemporaryDirectory() as folder:
        paths = _write(Path(folder), cohorts)
        with db.session(Path(folder) / "p.duckdb") as con:
            results = ingest_files(con, paths)
            assert all(r.ok for r in results), [r.problem_lines() for r in results]
            filters = Filters(min_group=k)
            trend = compute(con, "pulse_trend", filters)
            gap = compute(con, "self_gap", filters)
            raw_gap = mart(con, "self_gap", filters)
            _cohort_cells_hide_small_groups(trend, k)
            _leader_cells_cannot_be_recovered_from_the_cohort_total(trend, gap, raw_gap, k)
            _cohort_cells_do_not_depend_on_other_cohorts(con, trend, filters)
            _impact_totals_leave_hidden_teams_out(con, cohorts, filters)


def _cohort_cells_hide_small_groups(trend: pd.DataFrame, k: int) -> None:
    others = trend[trend["rater_group"] == "others"]
    visible = others[~others["suppressed"]]
    assert (visible["n"] >= k).all()
    hidden = others[others["suppressed"]]
    assert hidden["mean_score"].isna().all() and hidden["n"].isna().all()


def _leader_cells_cannot_be_recovered_from_the_cohort_total(trend, gap, raw_gap, k) -> None:
    """Attack: cohort total (mean × answers) minus the visible leaders leaves the hidden ones.
    The cohort's figure pools the visible leaders' cells only, so nothing is left over: its n
    and its sum are exactly the visible leaders' (one question, each member rates their own
    leader, so a leader's others' score is that question's mean over n_others answers)."""
    raw_n = raw_gap.set_index(["leader_id", "period"])["n_others"]
    cohort_cells = trend[(trend["rater_group"] == "others") & ~trend["suppressed"]]
    for (cohort, period), leaders in gap.groupby(["cohort", "period"]):
        total = cohort_cells[(cohort_cells["cohort"] == cohort) & (cohort_cells["period"] == period)]
        shown = leaders[~leaders["suppressed"]]
        if total.empty:
            assert shown.empty, (cohort, period)
            continue
        row = total.iloc[0]
        assert int(row["n"]) == int(shown["n_others"].sum()), (cohort, period)
        assert int(row["n"]) == sum(int(raw_n.loc[(leader, period)]) for leader in shown["leader_id"])
        visible_sum = float((shown["others_score"] * shown["n_others"].astype(float)).sum())
        assert abs(float(row["mean_score"]) * int(row["answers"]) - visible_sum) <= 0.01 * int(row["answers"]), \
            (cohort, period, row["mean_score"], visible_sum)
        assert bool(row["some_excluded"]) == bool(leaders["suppressed"].any()), (cohort, period)


def _cohort_cells_do_not_depend_on_other_cohorts(con, trend, filters) -> None:
    """Two outputs with different cohort filters show the same cells: nothing to subtract."""
    for cohort in trend["cohort"].unique():
        alone = compute(con, "pulse_trend", filters.with_(cohorts=(cohort,)))
        mine = trend[trend["cohort"] == cohort].reset_index(drop=True)
        pd.testing.assert_frame_equal(_missing_alike(alone.reset_index(drop=True)), _missing_alike(mine),
                                      check_dtype=False)


def _missing_alike(frame: pd.DataFrame) -> pd.DataFrame:
    """One spelling of "missing" (None), whatever the column's dtype made of it: a text column
    whose only values are missing comes back as None, beside text as NaN."""
    return frame.astype(object).where(frame.notna(), None)


def _impact_totals_leave_hidden_teams_out(con, cohorts, filters) -> None:
    """Adding a cohort whose teams are all too small must not move the arm's survey figures."""
    program = [c for c, arm, _ in cohorts if arm == "program"]
    comparison = [c for c, arm, _ in cohorts if arm == "comparison"]
    for cohort, arm, leaders in cohorts:
        if arm != "program" or any(size >= filters.min_group for _, size, _ in leaders):
            continue
        others = tuple(c for c in program if c != cohort) + tuple(comparison)
        with_small = compute(con, "impact", filters.with_(cohorts=others + (cohort,))).set_index("metric")
        without = compute(con, "impact", filters.with_(cohorts=others)).set_index("metric")
        for column in ("program_change", "program_baseline", "program_post"):
            a, b = with_small.loc["pulse_mean", column], without.loc["pulse_mean", column]
            assert (pd.isna(a) and pd.isna(b)) or a == b, (cohort, column, a, b)
