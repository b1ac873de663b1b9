"""The Pilot plan page's measurement sections: the calendar of which data is due and whether
it has arrived, the cadence behind it, and the pilot's targets."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.app_pages import plan_common as plan
from dashboard.app_pages import shared
from dashboard.kpi.analysis_plan import (
    HIGHEST_PRETREND_MONTHS,
    LOWEST_PRETREND_MONTHS,
    PRIMARY_CHOICES,
    AnalysisPlan,
    load_analysis_plan,
)
from dashboard.kpi.registry import METRICS
from dashboard.kpi.targets import UNITS, Target
from dashboard.plan.calendar import Cadence, save_analysis_plan, save_cadence
from dashboard.plan.edits import save_targets
from dashboard.plan.view import (
    ARM_LABELS,
    STATUS_MARKS,
    STATUS_WORDS,
    UNIT_LABELS,
    calendar_counts,
    horizon,
    overdue_lines,
    style_grid,
    target_rows,
    targets_by_kpi,
)
from dashboard.present import markup
from dashboard.present.formatting import month_label

AHEAD = 2  # months after the current one shown unless the whole plan is asked for
MAX_GRIDS = 12  # a company-wide rollout has hundreds of cohorts: the reader picks


def _chosen_cohorts(table: pd.DataFrame, cohorts: list[str]) -> list[str]:
    """With many cohorts, the grids of those the reader picks — at first the ones with
    something overdue (at most MAX_GRIDS), else the first by name."""
    late = sorted(table.loc[table["status"] == "overdue", "cohort"].unique())
    chosen = st.multiselect(
        f"Cohorts to show ({len(cohorts):,} in the plan)", cohorts,
        default=late[:MAX_GRIDS] or cohorts[:1], key="plan_calendar_cohorts",
        help="Every cohort's grid: `python -m dashboard status`.")
    if not chosen:
        st.caption("Pick a cohort to see its calendar.")
    return chosen


def calendar_tab() -> None:
    """A grid per cohort × month: pulse, rubric, activity, outcomes — arrived, due, overdue."""
    table = plan.measurement_calendar()
    today = plan.today()
    if table.empty:
        st.info("Nothing is expected yet: the calendar follows the cohorts and their module dates.",
                icon=":material/event_busy:")
        return
    counts = calendar_counts(table)
    st.caption(f"As of {today:%-d %b %Y}: {counts['arrived']:,} arrived, {counts['due']:,} due, "
               f"{counts['overdue']:,} overdue, {counts['upcoming']:,} upcoming. Data is overdue "
               f"once its month has ended and {plan.cadence().grace_days:d} more days have passed.")
    late = overdue_lines(table)
    if late:
        st.warning("**Overdue** — expected, and nothing has arrived:\n"
                   + markup.bullets(late), icon=":material/schedule:")
    whole = st.toggle("Show the whole plan, through the follow-up", key="plan_calendar_whole")
    through = None if whole else horizon(today, AHEAD)
    if through:
        st.caption(f"Months up to {month_label(through)}.")
    arms = table.drop_duplicates("cohort").set_index("cohort")["arm"]
    if len(arms) > MAX_GRIDS:
        arms = arms[arms.index.isin(_chosen_cohorts(table, list(arms.index)))]
    for cohort, arm in arms.items():
        st.markdown(f"**{markup.escape(cohort)}** · {markup.escape(ARM_LABELS.get(arm, arm).lower())}")
        st.table(markup.frame(style_grid(*plan.calendar_grids(str(cohort), through))))
    st.caption(" · ".join(f"{STATUS_MARKS[s]} {STATUS_WORDS[s]}" for s in STATUS_MARKS) + ". " +
               " Counts: members who answered the pulse (not shown for groups smaller than k), "
               "leaders assessed, activity records, teams reporting outcomes.")
    st.code("python -m dashboard status            # the same grid; exits 1 when something is "
            "overdue", language="bash")


def cadence_tab() -> None:
    """When each kind of data is due (the calendar follows it)."""
    now = plan.cadence()
    st.caption("When data is expected. The calendar and `python -m dashboard status` follow these.")
    with st.form("cadence", border=False):
        left, right = st.columns(2)
        baseline = left.number_input("Baseline months before the program (pulse, outcomes)", 0, 12,
                                     now.baseline_months, key=plan.draft("cad_baseline"))
        during = left.number_input("Pulse during the program: every … months (0 = never)", 0, 12,
                                   now.pulse_program_every, key=plan.draft("cad_during"))
        after = left.number_input("Pulse after the program: every … months (0 = never)", 0, 12,
                                  now.pulse_follow_up_every, key=plan.draft("cad_after"))
        follow_up = right.number_input("Follow-up months after the program", 0, 36,
                                       now.follow_up_months, key=plan.draft("cad_follow_up"))
        coaching = right.number_input("Coaching: every … months during the program (0 = none)", 0,
                                      12, now.coaching_every, key=plan.draft("cad_coaching"))
        grace = right.number_input("Days of grace after a month ends before data is overdue", 0,
                                   60, now.grace_days, key=plan.draft("cad_grace"))
        points = st.multiselect("Rubric assessments in each module", ["baseline", "mid", "end"],
                                default=list(now.rubric_points), key=plan.draft("cad_rubric"),
                                format_func={"baseline": "baseline (the week before)",
                                             "mid": "mid-point", "end": "end"}.get)
        if st.form_submit_button("Save cadence", type="primary"):
            chosen = Cadence(int(baseline), int(during), int(after), int(follow_up), tuple(points),
                             int(coaching), int(grace))
            plan.save(lambda con: save_cadence(con, chosen, user=shared.who()))
    analysis_form()


def analysis_form() -> None:
    """The primary metric and the baseline months the parallel-trends check needs: decided
    before the data are in, read by the impact table."""
    now = shared.read("plan:analysis", load_analysis_plan)
    st.markdown("**How impact is judged**")
    st.caption("One metric is primary and judged on its own; every other metric is exploratory and "
               "adjusted for the number tested (Holm). The parallel-trends check compares the arms over "
               "the baseline months; with fewer months than set here it is not run and every verdict "
               "says so.")
    with st.form("analysis_plan", border=False):
        left, right = st.columns(2)
        primary = left.selectbox("Primary metric", PRIMARY_CHOICES, index=PRIMARY_CHOICES.index(now.primary_metric),
                                 format_func=lambda m: METRICS[m].label, key=plan.draft("ana_primary"))
        months = right.number_input("Baseline months the parallel-trends check needs", LOWEST_PRETREND_MONTHS,
                                    HIGHEST_PRETREND_MONTHS, now.pretrend_months, key=plan.draft("ana_months"))
        if st.form_submit_button("Save how impact is judged", type="primary"):
            chosen = AnalysisPlan(str(primary), int(months))
            plan.save(lambda con: save_analysis_plan(con, chosen, user=shared.who()))


def targets_tab() -> None:
    """A target per KPI: the change the pilot aims for against the program's baseline."""
    now = targets_by_kpi(plan.targets())
    st.caption("The change the pilot aims for, per KPI, against the program cohorts' baseline "
               "(0 = no target). The Overview and `python -m dashboard kpi targets` show the "
               "progress.")
    with st.form("targets", border=False):
        chosen = []
        for kpi, label in target_rows():
            target = now.get(kpi)
            name, change, unit, note = st.columns([3, 1.2, 1.6, 3], vertical_alignment="center")
            name.markdown(markup.escape(label))
            amount = change.number_input("Change", value=float(target.change) if target else 0.0,
                                         step=1.0, format="%.1f", key=plan.draft(f"target:{kpi}"),
                                         label_visibility="collapsed")
            kind = unit.selectbox("Unit", UNITS, index=UNITS.index(target.unit) if target else 0,
                                  format_func=UNIT_LABELS.get, key=plan.draft(f"target_unit:{kpi}"),
                                  label_visibility="collapsed")
            why = note.text_input("Note", value=target.note if target else "",
                                  key=plan.draft(f"target_note:{kpi}"), label_visibility="collapsed",
                                  placeholder="why this target")
            if amount:
                chosen.append(Target(kpi, float(amount), kind, why.strip()))
        if st.form_submit_button("Save targets", type="primary"):
            plan.save(lambda con: save_targets(con, chosen, user=shared.who()))
