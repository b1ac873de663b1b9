"""Impact & ROI: the difference-in-differences table with a forest plot, and the ROI
calculator (editable assumptions, three scenarios, breakdown, tornado, payback, method)."""

from __future__ import annotations

import streamlit as st

from dashboard.app_pages import roi_form, shared
from dashboard.kpi.effects import effect_months
from dashboard.kpi.filters import cli_command
from dashboard.kpi.impact import METHOD_VERSION
from dashboard.kpi.roi import NOT_DEMONSTRABLE, break_even, cost_breakdown, measured_inputs, scenarios, sensitivity
from dashboard.present import charts, markup, tables
from dashboard.present.formatting import money, number, percent
from dashboard.present.modules import by_module, module_design, rubric_by_module, summary
from dashboard.present.wording import plain

METHOD = """
**How the impact is estimated.** Each program leader's team is measured over the months
before their training (baseline) and the months after it (follow-up); so are the comparison
cohort's teams over the same months. The *effect* is the program's change minus the
comparison's change (difference-in-differences): whatever moved everyone — a reorganisation,
the season — cancels out. The interval is a Welch *t* interval over the leaders' changes, which
keeps its promise with as few as 4 leaders per cohort; with fewer than 10 degrees of freedom the
verdict says the sample is small. One metric is *primary* (set on the pilot plan); every other
is *exploratory*: testing many metrics finds something by chance, so they are Holm-adjusted.
The *parallel-trends check* runs the same comparison on the baseline months alone (late against
early): if the cohorts were already drifting apart before training, the verdict says so instead of
"improved". A verdict is *improved* or *worsened* only when the likely range leaves out zero and that
check does not fail; otherwise it is *inconclusive — consistent with* the interval. The rubric
has no comparison cohort and its raters know who was trained, so its change is *not isolated*.

**How the ROI is calculated (Phillips method).** Only the first year counts, and only effects
that pass their verdict are turned into money — escalations avoided × cost per escalation,
leavers avoided × salary × replacement multiplier (at most the stated share of the baseline's
leavers) — then multiplied by *attribution* (the share credited to the program) and
*confidence* (how sure you are); an effect that went the wrong way is a negative benefit. Only
teams with a measured follow-up count. Costs are fully loaded: the leaders' time,
facilitation, platform, development and evaluation. ROI % = (benefits − costs) ÷ costs × 100;
benefit–cost ratio = benefits ÷ costs; payback = months of benefits needed to cover the
costs. *Low* uses the end of each interval least favourable to the program, *central* the
estimate, *best case* the most favourable end. The break-even says how far each metric would
have to fall, on its own, to pay back the costs. When no monetised effect passes, the ROI is
*not yet demonstrable*.
"""


def impact_section(impact) -> None:
    st.subheader("Did it work? The effect against the comparison cohort, per measure")
    shared.show_effect_notes()
    months = shared.read("effect_months", effect_months, shared.current_filters(), impact)
    window = next(iter(sorted(set(months.values()) - {"latest against first assessment"})), "")
    if window:
        st.caption(f"**Months compared:** {markup.escape(window)} (follow-up vs baseline); the rubric: "
                   "latest against first assessment.")
    shared.chart(shared.figure("forest_plot", charts.forest_plot, impact))
    st.caption("Each line is one measure's effect with its likely range; right of the dotted zero line is "
               "better for every measure (escalations, leavers and response time are drawn flipped, "
               "since fewer is better). Measures in the same unit share an axis.")
    shared.impact_table(impact)
    trend = shared.kpi("baseline_trend")
    if len(trend):
        st.markdown("**Before training: each group's baseline trend** (program and comparison cohorts; the "
                    "parallel-trends check compares them)")
        st.dataframe(tables.baseline_trend(trend), hide_index=True)
    st.caption(f"Impact method version {markup.escape(METHOD_VERSION)}.")
    if impact["some_excluded"].any():
        k = shared.current_filters().min_group
        st.caption(f"Some small groups are not included: a team's month with fewer than {k:d} "
                   f"respondents (or a cohort's month of fewer than {k:d} people) is left out of "
                   "every estimate (privacy rule).")


def modules_section(impact) -> None:
    """Which module worked: shown only where the cohorts' sequences can tell modules apart
    (otherwise the note above says plainly that they cannot)."""
    design = shared.read("module_design", module_design, shared.current_filters())
    if not design.separable:
        return
    st.subheader("Which module worked? Cohorts compared by the modules they took")
    measures = [m for m in impact["metric"] if m != "rubric_level"]
    primary = next((m for m, role in zip(impact["metric"], impact["role"], strict=True) if role == "primary"),
                   measures[0])
    metric = st.selectbox("Measure", measures, index=measures.index(primary), format_func=plain,
                          key="module_metric")
    st.caption(markup.escape(summary(design, metric)))
    if design.left_out:
        st.caption(f"Compared here: the {len(design.cohorts):d} program cohorts that started first, of "
                   f"{design.total:d} (each is its own estimate). Any other: "
                   f"{markup.code('python -m dashboard kpi impact --cohort COHORT')}.")
    st.dataframe(by_module(design, metric), hide_index=True)
    st.caption("Each cohort against the comparison cohort over its own months, as "
               + "; ".join(markup.code(cli_command("impact", c.filters)) for c in design.cohorts) + " print it.")
    st.markdown("**Rubric by module** — facilitators rate each module on its own, so this is the one "
                "measure that separates modules within a cohort (first → latest level, change).")
    st.dataframe(rubric_by_module(shared.kpi("rubric_change"), design.names), hide_index=True)
    st.caption("No comparison cohort is rated and the facilitators know who was trained: a change, not "
               "an effect.")


def scenario_cards(frame) -> None:
    columns = st.columns(len(frame))
    for column, row in zip(columns, frame.itertuples(), strict=True):
        with column, st.container(border=True):
            st.metric(f"{markup.escape(tables.SCENARIO_NAMES.get(row.scenario, row.scenario))} ROI",
                      percent(row.roi_pct),
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
    inputs = shared.read("roi_inputs", measured_inputs, filters, assumptions)
    frame = scenarios(inputs, assumptions)
    if not inputs.demonstrable:
        st.info(f"**{NOT_DEMONSTRABLE}**: no monetised effect (escalations, voluntary attrition) passes "
                "its verdict, so the scenarios below show the costs alone.", icon=":material/info:")
    scenario_cards(frame)
    effects = []
    for name, effect in (("escalation-rate", inputs.escalation), ("attrition", inputs.attrition)):
        if effect.point == effect.point:
            effects.append(f"{name} effect {effect.point:+.2f} pts (interval {effect.low:+.2f} to "
                           f"{effect.high:+.2f}; {markup.escape(effect.verdict)})")
    st.caption("Measured inputs: " + "; ".join(effects + [
        f"{inputs.annual_interactions:,.0f} customer interactions a year and "
        f"{inputs.team_headcount:,.0f} people in the program teams with a measured follow-up",
        f"{inputs.participants:,.0f} leaders trained"]) + "." +
        (" " + markup.join(inputs.notes, "; ") + "." if inputs.notes else ""))
    st.markdown("**Break-even** (each metric on its own)")
    st.dataframe(tables.break_even(break_even(inputs, assumptions)), hide_index=True)
    with st.expander("Edit the assumptions", expanded=False, icon=":material/tune:"):
        roi_form.render()
    left, right = st.columns(2)
    with left:
        shared.chart(charts.benefits_chart(frame, title="Benefits by source"))
    with right:
        shared.chart(charts.costs_chart(cost_breakdown(inputs, assumptions), assumptions.currency,
                                        title="Costs by item"))
    st.dataframe(tables.scenarios(frame), hide_index=True)
    st.markdown("**Which assumptions matter most** (central scenario, each moved ±20%)")
    shared.chart(shared.figure("tornado", lambda i, a: charts.tornado_chart(sensitivity(i, a)), inputs, assumptions))


shared.page_intro("Impact & ROI", "Did the program cohort improve more than the comparison "
                  "cohort, how sure can we be, and what is that worth?")
if shared.require(["pulse", "outcomes", "rubric"], "the program's measured impact and ROI"):
    impact = shared.kpi("impact")
    impact_section(impact)
    modules_section(impact)
    roi_section(impact)
    with st.expander("The method in plain words", expanded=False):
        st.markdown(METHOD)
    shared.cli_hint(["impact", "baseline_trend", "roi"], "For your own assumptions add `--assumptions FILE` "
                    "(the download above).")
