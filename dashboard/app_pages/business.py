"""Business outcomes: program and comparison cohorts over time with each cohort's training
window shaded, and what the impact estimate makes of each metric."""

from __future__ import annotations

import streamlit as st

from dashboard.app_pages import shared
from dashboard.kpi.catalog import module_timeline
from dashboard.kpi.registry import BUSINESS_METRICS
from dashboard.present import charts, markup, tables

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
        shared.chart(charts.business_grid(business, BUSINESS_METRICS, shared.colours(), timeline))
        st.caption("A line per cohort; comparison cohorts are grey. Shaded: each program cohort's "
                   "training window (first module start to last module end), in its colour. "
                   "Retention is the complement of attrition: 5% annualised attrition keeps 95% "
                   "of the team a year.")
        custom = sorted(set(business["metric"]) - set(BUSINESS_METRICS))
        if custom:
            st.subheader("Other metrics in your outcomes files")
            shared.chart(charts.business_grid(business, custom, shared.colours(), timeline))
        st.subheader("What changed, against the comparison cohort")
        impact = shared.kpi("impact")
        impact = impact[impact["metric"].isin(BUSINESS_METRICS)]
        st.table(markup.frame(tables.impact(impact).set_index("Metric")))
        with st.expander("Table: every metric by cohort and month"):
            st.dataframe(tables.business(business), hide_index=True)
    shared.cli_hint(["business", "impact"])
