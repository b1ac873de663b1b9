"""The shared sidebar filters, bound to the URL so a filtered view is a link.

Rendered by the router (``app.py``) on every run, before the page: widgets in the entry
file keep their values and their query parameters when the user changes page. The widget
keys are the query parameter names (see ``dashboard.filter_params``).
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from dashboard.filter_params import (
    ARM,
    ARMS,
    CHOICE_LABELS,
    COHORT,
    MODULE,
    PERIOD,
    RATER_GROUP,
    RATER_GROUPS,
    build_filters,
)
from dashboard.formatting import month_label
from dashboard.kpi import Filters
from dashboard.kpi.catalog import FilterOptions


def _drop_stale(key: str, allowed: Sequence[str]) -> None:
    """Forget a remembered choice the data no longer offers (e.g. after an undo), before its
    widget is drawn — a widget must never hold a value outside its options."""
    if key not in st.session_state:
        return
    value = st.session_state[key]
    values = value if isinstance(value, list | tuple) else [value]
    if any(v is not None and v not in allowed for v in values):
        del st.session_state[key]


def render(options: FilterOptions) -> Filters:
    """Draw the filters and return the ``Filters`` they select (all data when untouched)."""
    with st.sidebar:
        st.subheader("Filters")
        if options.empty:
            st.caption("Filters appear once data is loaded.")
            return Filters()
        for key, allowed in ((COHORT, options.cohorts), (MODULE, list(options.module_names)),
                             (PERIOD, options.periods), (ARM, ARMS), (RATER_GROUP, RATER_GROUPS)):
            _drop_stale(key, allowed)
        cohorts = st.multiselect(
            "Cohorts", options.cohorts, key=COHORT, bind="query-params",
            placeholder="All cohorts",
            help="Each cohort keeps its colour on every page; comparison cohorts are grey.")
        arm = st.segmented_control(
            "Arm", ARMS, key=ARM, bind="query-params", format_func=CHOICE_LABELS.get,
            help="Program cohorts took the training; comparison cohorts did not. None picked: both.")
        names = options.module_names
        modules = st.multiselect(
            "Modules", list(names), key=MODULE, bind="query-params", placeholder="All modules",
            help="Months in which a chosen module ran (pulse, business), ratings and "
                 "participation of that module (rubric). " +
                 "; ".join(f"`{m}` = {n}" for m, n in names.items()))
        period = options.periods
        chosen = period
        if len(period) > 1:
            chosen = st.select_slider(
                "Months", period, value=(period[0], period[-1]), key=PERIOD,
                bind="query-params", format_func=month_label)
        rater = st.segmented_control(
            "Rater group", RATER_GROUPS, key=RATER_GROUP, bind="query-params",
            format_func=CHOICE_LABELS.get,
            help="For the pulse trend: others = peers and direct reports (shown only for "
                 "groups of 5 or more); self = the leader's own rating. None picked: both. "
                 "eNPS, impact and ROI always use others' ratings.")
        filters = build_filters(options, cohorts=cohorts, modules=modules, arm=arm,
                                period=tuple(chosen), rater_group=rater)
        st.caption("The address bar holds these filters: copy it to share this view.")
    return filters
