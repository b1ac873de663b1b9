"""The shared sidebar: who is signed in (or the local-mode note) and the filters, bound to
the URL so a filtered view is a link.

Rendered by the router (``app.py``) on every run, before the page: widgets in the entry
file keep their values and their query parameters when the user changes page. The widget
keys are the query parameter names (see ``dashboard.present.filter_params``). The minimum group size
is not a filter: it is the admin's setting, the same for every visitor and for the CLI.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from dashboard.kpi import Filters
from dashboard.kpi.catalog import FilterOptions
from dashboard.kpi.privacy import DEFAULT_MIN_GROUP
from dashboard.present import access, markup
from dashboard.present.filter_params import (
    ARM,
    ARMS,
    CHOICE_LABELS,
    COHORT,
    MODULE,
    PERIOD,
    RATER_GROUP,
    RATER_GROUPS,
    URL_KEYS,
    build_filters,
    respell_link,
)
from dashboard.present.formatting import month_label


def _drop_stale(key: str, allowed: Sequence[str]) -> None:
    """Forget a remembered choice the data no longer offers (e.g. after an undo), before its
    widget is drawn — a widget must never hold a value outside its options."""
    if key not in st.session_state:
        return
    value = st.session_state[key]
    values = value if isinstance(value, list | tuple) else [value]
    if any(v is not None and v not in allowed for v in values):
        del st.session_state[key]


def _respell_link(options: FilterOptions, rater_groups: Sequence[str]) -> None:
    """Open an older or hand-typed link (``rater-group=Others``, ``arm=program``) with its
    choices, and show it in the address bar as the sidebar writes it now.

    A bound widget takes its first value from the query string the browser sent when the run
    started, and drops a value not spelled as one of its options, clearing it from the address
    bar. Setting ``st.query_params`` before the widget changes neither that query string nor
    what the widget drops; setting ``st.session_state`` gives the widget the value, but the
    parameter it cleared stays out of the address bar (a widget's first run writes nothing
    back), so the view is no longer a link to itself. So the link is respelled and the script run again (once,
    before any filter is drawn), and the widget then reads the link as written. Only filters
    whose widget has not been drawn yet in this session: once drawn, it owns its parameter.
    """
    fresh = {key: st.query_params.get_all(key) for key in URL_KEYS if key not in st.session_state}
    fixes = respell_link(fresh, options, rater_groups)
    if fixes:
        st.query_params.update(fixes)
        st.rerun()


def account(role: str | None, email: str | None, local: bool, address: str | None,
            explain: bool = True) -> None:
    """Who is looking, with a sign-out button; in local mode, say that nobody signs in — in
    full where it matters (``explain``: the Data and Admin pages, or a server open to the
    network), as a small badge elsewhere."""
    with st.sidebar:
        if local:
            st.badge("Local mode — no sign-in", icon=":material/lock_open:", color="orange")
            if not explain and access.is_loopback(address):
                return
            st.caption("Every role, for whoever can open this address. Keep the server on "
                       "127.0.0.1 (`.streamlit/config.toml`), or configure sign-in: README, "
                       "*Access, roles and deployment*.")
            if not access.is_loopback(address):
                st.warning(f"The server listens on {markup.code(address or 'every network interface')} "
                           "without sign-in: anyone who can reach it sees everything. Set "
                           "`[auth]` in `.streamlit/secrets.toml` or bind to 127.0.0.1.",
                           icon=":material/warning:")
            return
        if email or role:
            # a code span: the address reads (and copies) as it is, and never becomes a link
            st.caption(f"Signed in as **{markup.code(email) if email else 'unknown'}**"
                       + (f" · {markup.escape(role)}" if role else " · no access"))
            if st.button("Sign out", icon=":material/logout:", key="sign_out"):
                st.logout()


def render(options: FilterOptions, min_group: int = DEFAULT_MIN_GROUP,
           rater_groups: Sequence[str] = RATER_GROUPS, ignored_by: str = "") -> Filters:
    """Draw the filters and return the ``Filters`` they select (all data when untouched),
    computed with the admin's minimum group size. ``rater_groups`` are the rater groups this
    visitor may choose (self ratings are for HR). ``ignored_by`` names a page the filters do
    not apply to: they are not drawn there, only a note (their values come back on the other
    pages), rather than seeming to do something."""
    with st.sidebar:
        if ignored_by:
            # not drawn at all: a greyed filter still reads as a choice. The widgets are bound to
            # the address bar, so Streamlit keeps their values for when the visitor goes back.
            st.caption(f"No filters here: the {markup.escape(ignored_by)} page has its own choices. "
                       "Your filters come back, as you left them, on the other pages.")
            return Filters(min_group=min_group)
        st.subheader("Filters")
        if options.empty:
            st.caption("Filters appear once data is loaded.")
            return Filters(min_group=min_group)
        rater_groups = tuple(g for g in RATER_GROUPS if g in rater_groups)
        _respell_link(options, rater_groups)
        for key, allowed in ((COHORT, options.cohorts), (MODULE, list(options.module_names)),
                             (PERIOD, options.periods), (ARM, ARMS), (RATER_GROUP, rater_groups)):
            _drop_stale(key, allowed)
        cohorts = st.multiselect(
            "Cohorts", options.cohorts, key=COHORT, bind="query-params",
            placeholder="All cohorts",
            help="Each cohort keeps its colour on every page; comparison cohorts are grey.")
        arm = st.segmented_control(
            "Trained or not", ARMS, key=ARM, bind="query-params", format_func=CHOICE_LABELS.get,
            help="Program cohorts took the training; comparison cohorts did not. None picked: both. "
                 "Effects always compare the two.")
        names = options.module_names
        modules = st.multiselect(
            "Modules", list(names), key=MODULE, bind="query-params", placeholder="All modules",
            help="Months in which a chosen module ran (pulse, business), ratings and "
                 "participation of that module (rubric). " +
                 "; ".join(f"{markup.code(m)} = {markup.escape(n)}" for m, n in names.items()))
        period = options.periods
        chosen = period
        if len(period) > 1:
            chosen = st.select_slider(
                "Months", period, value=(period[0], period[-1]), key=PERIOD,
                bind="query-params", format_func=month_label)
        rater = st.segmented_control(
            "Rater group", rater_groups, key=RATER_GROUP, bind="query-params",
            format_func=CHOICE_LABELS.get,
            help=f"For the pulse trend: team = peers and direct reports (shown only for "
                 f"groups of {min_group:d} or more)"
                 + ("; self = the leader's own rating (for HR). None picked: both. "
                    if "self" in rater_groups else ". ")
                 + "eNPS, impact and ROI always use team ratings.")
        filters = build_filters(options, cohorts=cohorts, modules=modules, arm=arm,
                                period=tuple(chosen), rater_group=rater
                                ).with_(min_group=min_group)
        st.caption(f"The address bar holds these filters: copy it to share this view. Groups "
                   f"of fewer than {min_group:d} respondents are hidden (set by an admin).")
    return filters
