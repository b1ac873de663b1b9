"""Impact & ROI: the difference-in-differences table with a forest plot, and the ROI
calculator (editable assumptions, three scenarios, breakdown, tornado, payback, method)."""

from __future__ import annotations

import streamlit as st

from dashboard.app_pages import roi_form, shared
from dashboard.kpi.roi import cost_breakdown, measured_inputs, scenarios, sensitivity
from dashboard.present import charts, markup, tables
from dashboard.present.formatting import money, number, percent

METHOD = """
**How the impact is estimated.** Each program leader's team is measured over the months
before their training (baseline) and the months after it (follow-up); so are the comparison
cohort's teams over the same months. The *effect* is the program's change minus the
comparison's change (difference-in-differences): whatever moved everyone — a reorganisation,
the season — cancels out. The interval comes from re-drawing the leaders 2,000 times
(bootstrap, fixed seed); when it includes zero the page says *no clear change*, because the
data cannot tell the effect from noise. The rubric has no comparison cohort, so its change is
*not isolated* from other causes.

**How the ROI is calculated (Phillips method).** Only the first year counts. Benefits are the
measured effects turned into money — escalations avoided × cost per escalation, leavers
avoided × salary × replacement multiplier — then multiplied by *attribution* (the share
credited to the program) and *confidence* (how sure you are). Costs are fully loaded: the
leaders' time, facilitation, platform, development and evaluation. ROI % = (benefits − costs)
÷ costs × 100; benefit–cost ratio = benefits ÷ costs; payback = months of benefits needed to
cover the costs. *Conservative* uses the least favourable end of each interval, *expected* the
estimate, *optimistic* the most favourable end; an effect in the wrong direction counts as no
benefit.
"""


def impact_section(impact) -> None:
    st.subheader("Impact: program change minus comparison change")
    shared.chart(charts.forest_plot(impact))
    st.table(markup.frame(tables.impact(impact).set_index("Metric")))
    if impact["some_excluded"].any():
        k = shared.current_filters().min_group
        st.caption(f"Some small groups are not included: a team's month with fewer than {k:d} "
                   f"respondents (or a cohort's month of fewer than {k:d} people) is left out of "
                   "every estimate (privacy rule).")


def scenario_cards(frame) -> None:
    columns = st.columns(len(frame))
    for column, row in zip(columns, frame.itertuples(), strict=True):
        with column, st.container(border=True):
            st.metric(f"{markup.escape(row.scenario.capitalize())} ROI", percent(row.roi_pct),
                      help="(benefits − costs) ÷ costs × 100")
            st.markdown(f"Benefits **{money(row.benefits, row.currency)}** · costs "
                        f"**{money(row.costs, row.currency)}**  \n"
                        f"Benefit–cost ratio **{number(row.bcr)}** · payback **"
                        + (f"{number(row.payback_months, 1)} months" if row.payback_months == row.payback_months
                           else "not within the first year") + "**")


def roi_section(impact) -> None:
    st.subheader("Return on investment")
    filters = shared.current_filters()
    assumptions = roi_form.current()
    inputs = shared.read("roi_inputs", measured_inputs, filters, assumptions, impact)
    frame = scenarios(inputs, assumptions)
    scenario_cards(frame)
    st.caption(f"Measured inputs: escalation-rate effect {inputs.escalation[1]:+.1f} pts "
               f"(interval {inputs.escalation[0]:+.1f} to {inputs.escalation[2]:+.1f}); attrition "
               f"effect {inputs.attrition[1]:+.1f} pts ({inputs.attrition[0]:+.1f} to "
               f"{inputs.attrition[2]:+.1f}); {inputs.annual_interactions:,.0f} customer "
               f"interactions a year; {inputs.team_headcount:,.0f} people in the program teams; "
               f"{inputs.participants:,.0f} leaders trained." +
               (" " + markup.join(inputs.notes, "; ") + "." if inputs.notes else ""))
    with st.expander("Edit the assumptions", expanded=False, icon=":material/tune:"):
        roi_form.render()
    left, right = st.columns(2)
    with left:
        shared.chart(charts.benefits_chart(frame, title="Benefits by source"))
    with right:
        shared.chart(charts.costs_chart(cost_breakdown(inputs, assumptions), assumptions.currency,
                                        title="Costs by item"))
    st.dataframe(tables.scenarios(frame), hide_index=True)
    st.markdown("**Which assumptions matter most** (expected scenario, each moved ±20%)")
    shared.chart(charts.tornado_chart(sensitivity(inputs, assumptions)))


shared.page_intro("Impact & ROI", "Did the program cohort improve more than the comparison "
                  "cohort, how sure can we be, and what is that worth?")
if shared.require(["pulse", "outcomes", "rubric"], "the program's measured impact and ROI"):
    impact = shared.kpi("impact")
    impact_section(impact)
    roi_section(impact)
    with st.expander("The method in plain words", expanded=False):
        st.markdown(METHOD)
    shared.cli_hint(["impact", "roi"], "For your own assumptions add `--assumptions FILE` "
                    "(the download above).")
