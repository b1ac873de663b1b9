"""Business outcomes: program and comparison cohorts over time with each cohort's training
window shaded, and what the impact estimate makes of each metric."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.app_pages import shared
from dashboard.kpi.catalog import module_timeline
from dashboard.kpi.registry import BUSINESS_METRICS, METRICS
from dashboard.kpi.smoothing import rolling
from dashboard.present import charts, tables
from dashboard.present.charts.common import UNITS
from dashboard.present.wording import better, plain

# honest panel titles: the plain name, the unit, which way is better, and any smoothing
TITLES = {m: f"{plain(m)} ({UNITS[METRICS[m].unit]}, {better(m)})" for m in BUSINESS_METRICS}
TITLES["attrition_rate"] = "Voluntary leavers a year, rolling 3 months (%, lower is better)"


def smoothed(business):
    """Attrition as a rolling 3-month mean (monthly, a single leaver swings it by 10 points or more)."""
    attrition = business["metric"] == "attrition_rate"
    if not attrition.any():
        return business
    return pd.concat([business[~attrition], rolling(business[attrition], "value", "n_teams")], ignore_index=True)


shared.page_intro("Business outcomes", "The teams' own numbers — attrition, escalations, CSAT, "
                  "clarifications, meeting participation, response time — program cohorts "
                  "against the comparison cohort.")
if shared.require(["outcomes"], "team outcomes (escalations, attrition, CSAT, …) over time"):
    filters = shared.current_filters()
    business = shared.kpi("business")
    timeline = shared.read("module_timeline", module_timeline, filters)
    shared.note_missing(["schedule"], "training windows are not shaded")
    shared.note_missing(["roster"], "answers and outcomes cannot be given a cohort, so "
                        "nothing can be shown by cohort")
    if business.empty:
        st.warning("No outcomes match these filters. Widen the months or cohorts in the sidebar.",
                   icon=":material/filter_alt_off:")
    else:
        shared.chart(shared.figure("business_grid", lambda *a: charts.business_grid(*a, titles=TITLES),
                                   shared.derived("business_smoothed", smoothed, business),
                                   BUSINESS_METRICS, shared.colours(), timeline))
        st.caption("A line per cohort; comparison cohorts are grey. Shaded: each program cohort's "
                   "training window (first module start to last module end), in its colour. "
                   "Attrition is a rolling 3-month mean (one leaver in a team of seven is 14% "
                   "annualised for that month); hover for the team-months it rests on. Retention is "
                   "the complement of attrition: 5% annualised attrition keeps 95% of the team a year.")
        custom = sorted(set(business["metric"]) - set(BUSINESS_METRICS))
        if custom:
            st.subheader("Other metrics in your outcomes files")
            shared.chart(charts.business_grid(business, custom, shared.colours(), timeline))
        st.subheader("What changed, against the comparison cohort")
        shared.show_effect_notes()
        impact = shared.kpi("impact")
        impact = impact[impact["metric"].isin(BUSINESS_METRICS)]
        shared.impact_table(impact)
        with st.expander("Table: every metric by cohort and month"):
            st.dataframe(tables.business(business), hide_index=True)
    shared.cli_hint(["business", "impact"])
