"""Pilot plan: cohorts and their leaders, modules and dates, the measurement calendar, the
cadence and the targets — for analysts and admins. Every change is checked, stored like an
import and can be undone; a schedule imported on the Data page shows here too."""

from __future__ import annotations

import streamlit as st

from dashboard.app_pages import plan_common, plan_measure, plan_setup, shared
from dashboard.present import access

TABS = ("Cohorts and leaders", "Modules and dates", "Measurement calendar", "Cadence", "Targets")

st.title("Pilot plan")
st.caption("Set the pilot up: which leaders are in the program and which are the comparison, "
           "which modules run when, when data is due, and the targets. Every change is checked, "
           "recorded in the import log like an import and can be undone.")
if not access.can(shared.role(), "plan"):
    st.caption("You can read the plan; changing it needs the analyst role.")
plan_common.last_change()
plan_setup.cohorts_overview()
cohorts, modules, calendar, cadence, targets = st.tabs(
    TABS, key="tab", on_change="rerun", bind="query-params")
with cohorts:
    plan_setup.cohorts_tab()
with modules:
    plan_setup.modules_tab()
with calendar:
    plan_measure.calendar_tab()
with cadence:
    plan_measure.cadence_tab()
with targets:
    plan_measure.targets_tab()
