"""Rubric: level distribution over time by module × dimension, change from first to latest
assessment, a leader × dimension heatmap for HR, and facilitator / peer / self agreement."""

from __future__ import annotations

import streamlit as st

from dashboard.app_pages import shared
from dashboard.kpi.rubric import rubric_agreement, rubric_leader_levels
from dashboard.present import charts, markup, tables

shared.page_intro("Rubric", "Facilitators' observations of each leader on tone recognition, "
                  "response adaptation and reflective follow-up: 1 Not Evident, 2 Emerging, "
                  "3 Consistent, 4 Mastery.")
if shared.require(["rubric"], "rubric assessments by module and dimension"):
    filters = shared.current_filters()
    names = shared.options().module_names
    colours = shared.colours()
    shared.note_missing(["roster"], "ratings cannot be given a cohort, so nothing can be "
                        "shown by cohort")
    progress = shared.kpi("rubric_progress")
    if progress.empty:
        st.warning("No facilitator assessments match these filters. Widen the months or cohorts "
                   "in the sidebar.", icon=":material/filter_alt_off:")
    else:
        st.subheader("Level distribution at each assessment point")
        st.caption("Rated per module, so this is where modules can be told apart: the pulse and business "
                   "effects cover a cohort's whole sequence of modules.")
        points = shared.kpi("rubric_points")
        cohorts = sorted(progress["cohort"].unique())
        cohort = cohorts[0] if len(cohorts) == 1 else st.segmented_control(
            "Cohort", cohorts, default=cohorts[0], format_func=markup.options) or cohorts[0]
        shared.chart(shared.figure("level_distribution", charts.level_distribution,
                                   points[points["cohort"] == cohort], names))
        st.caption(f"{markup.escape(cohort)}: share of leaders at each level at the baseline, mid-point and end "
                   "assessment of each module (from the schedule), by module (rows) and dimension "
                   "(columns). Facilitator ratings.")

        st.subheader("Change from first to latest assessment")
        change = shared.kpi("rubric_change")
        shared.chart(shared.figure("rubric_change_chart", charts.rubric_change_chart, change, colours, names))
        st.caption("Mean level at each leader's first (open) and latest (filled) assessment, over "
                   "leaders assessed on two or more dates; the number is the change.")
        with st.expander("Table: change per module and dimension"):
            st.dataframe(tables.rubric_change(change, names), hide_index=True)

        if shared.can("view_leaders"):
            st.subheader("Leaders × dimensions (for HR)")
            levels = shared.read("rubric_leader_levels", rubric_leader_levels, filters)
            shared.chart(shared.figure("leader_heatmap", charts.leader_heatmap, levels, names))
            st.caption("Each leader's latest facilitator level per module and dimension. Rubric "
                       "ratings describe leaders, not anonymous respondents: share with care.")

    hr = shared.can("view_leaders")
    st.subheader("Agreement between facilitator, peer and self ratings" if hr else
                 "Agreement between facilitator and peer ratings")
    agreement = shared.read("rubric_agreement", rubric_agreement, filters)
    if agreement.empty:
        st.caption("No assessments for these filters.")
    else:
        cohorts = sorted(agreement["cohort"].unique())
        chosen = cohorts[0] if len(cohorts) == 1 else st.segmented_control(
            "Cohort to compare", cohorts, default=cohorts[0], format_func=markup.options) or cohorts[0]
        shared.chart(shared.figure("agreement_chart", charts.agreement_chart,
                                   agreement[agreement["cohort"] == chosen], names))
        st.caption(f"{markup.escape(chosen)}: mean level by who assessed, every assessment date pooled. " +
                   ("Self ratings above the facilitator's are common early in a program." if hr
                    else "Leaders' self ratings are shown to HR only."))
    shared.cli_hint(["rubric_points", "rubric_progress", "rubric_change"],
                    "Peer and self ratings: add `--assessor peer` or `--assessor self`.")
