"""The ROI assumptions form of the Impact & ROI page.

Starts from the ROI defaults (set by an admin on the Admin page, else
``data/roi_assumptions.toml``); edits live in this browser session only (they change no
file, no setting and no one else's view) until downloaded as a TOML file for the CLI.
"""

from __future__ import annotations

from dataclasses import fields

import streamlit as st

from dashboard.app_pages import shared
from dashboard.kpi.assumptions import Assumptions, dump_assumptions
from dashboard.present import markup

_STATE = "roi_assumptions"  # this session's own edits, when it made any
_BASE = "roi_assumptions_base"  # the defaults the form's widgets were drawn from
# field: (label, step, help); grouped as in the assumptions file
GROUPS = {
    "Benefits (first year)": {
        "cost_per_escalation": ("Cost per escalation", 10.0, "Handling cost of one escalated "
                                "customer interaction."),
        "average_salary": ("Average salary", 1000.0, "Annual salary of a team member."),
        "replacement_cost_multiplier": ("Replacement cost (× salary)", 0.05,
                                        "Cost of replacing one leaver, as a multiple of salary."),
        "annual_interactions": ("Customer interactions a year", 1000.0,
                                "In the program teams; 0 = from the outcomes data."),
        "team_headcount": ("People in the program teams", 1.0, "0 = from the outcomes data."),
    },
    "Adjustments": {
        "attribution_pct": ("Attribution (%)", 5.0, "Share of the improvement credited to the "
                            "program (the rest to other causes)."),
        "confidence_pct": ("Confidence (%)", 5.0, "How sure you are of the estimate."),
        "attrition_cap_pct": ("Cap on leavers avoided (%)", 5.0, "Leavers avoided count at most this "
                              "share of the measured teams' leavers a year at the baseline rate."),
    },
    "Costs (fully loaded)": {
        "participants": ("Leaders trained", 1.0, "0 = the program leaders in scope."),
        "participant_hours": ("Hours per leader", 1.0, "Microlearning, practice and coaching."),
        "participant_hourly_cost": ("Leader's hourly cost", 5.0, "Loaded hourly cost."),
        "facilitator_hours": ("Facilitator hours", 5.0, ""),
        "facilitator_hourly_rate": ("Facilitator hourly rate", 5.0, ""),
        "platform_cost": ("Platform", 500.0, "Licences and hosting."),
        "development_cost": ("Development", 500.0, "Designing the modules."),
        "evaluation_cost": ("Evaluation", 500.0, "Measuring and reporting."),
        "other_costs": ("Other", 500.0, ""),
    },
}
CURRENCIES = ("EUR", "USD", "GBP")


def _forget_widgets() -> None:
    for name in [f.name for f in fields(Assumptions)]:
        st.session_state.pop(f"roi_{name}", None)


def current() -> Assumptions:
    """The assumptions in force for this session: its own edits, else the defaults. When an
    admin changes the defaults, a session without edits follows them."""
    defaults, _source = shared.roi_defaults()
    if st.session_state.get(_BASE) != defaults:
        st.session_state[_BASE] = defaults
        if _STATE not in st.session_state:
            _forget_widgets()
    return st.session_state.get(_STATE) or defaults


def _reset() -> None:
    st.session_state.pop(_STATE, None)
    _forget_widgets()


def _apply() -> None:
    """Form submitted: take the edited values (runs before the page, so every number on it
    uses them)."""
    values = {f.name: st.session_state.get(f"roi_{f.name}", getattr(current(), f.name))
              for f in fields(Assumptions)}
    st.session_state[_STATE] = Assumptions(**values)


def number_format(name: str) -> str:
    """How a number input shows this assumption (shared with the Admin page's form)."""
    if name in ("replacement_cost_multiplier",):
        return "%.2f"
    return "%.0f" if not name.endswith("_hours") else "%.1f"


def render() -> None:
    """The form to edit the assumptions (results elsewhere on the page use ``current()``)."""
    values = current()
    with st.form("roi_form", border=False):
        st.caption(f"Defaults from {markup.escape(shared.roi_defaults()[1])}. Change them and press "
                   "*Recalculate*; edits stay in this browser session and change no file "
                   "and no setting.")
        columns = st.columns(4)
        column_of = {"Benefits (first year)": 0, "Adjustments": 1, "Costs (fully loaded)": 2}
        for title, group in GROUPS.items():
            first = column_of[title]
            with columns[first]:
                st.markdown(f"*{title}*")
            if title.startswith("Benefits"):
                currency = values.currency if values.currency in CURRENCIES else CURRENCIES[0]
                columns[first].selectbox("Currency", CURRENCIES, index=CURRENCIES.index(currency),
                                         key="roi_currency")
            names = list(group)
            for position, name in enumerate(names):
                label, step, help_text = group[name]
                # the costs spread over the last two columns
                target = first + (1 if title.startswith("Costs") and position >= 5 else 0)
                top = 100.0 if name.endswith("_pct") else None
                columns[target].number_input(
                    markup.escape(label), min_value=0.0, max_value=top, value=float(getattr(values, name)),
                    step=step, format=number_format(name), key=f"roi_{name}", help=markup.escape(help_text) or None)
        st.form_submit_button("Recalculate", type="primary", on_click=shared.guarded(_apply))
    left, right = st.columns([1, 3])
    left.button("Reset assumptions", on_click=shared.guarded(_reset))
    right.download_button("Download these assumptions (TOML)",
                          dump_assumptions(current()).encode("utf-8"),
                          file_name="roi_assumptions.toml", mime="application/toml",
                          help="Then: python -m dashboard kpi roi --assumptions roi_assumptions.toml")
