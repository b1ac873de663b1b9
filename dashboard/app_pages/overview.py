"""Overview: headline cards (participation → behaviour → business), targets, data freshness.

On an empty database: what to upload, and a demo to try.
"""

from __future__ import annotations

import streamlit as st

from dashboard import config
from dashboard.app_pages import shared
from dashboard.ingest import demo
from dashboard.ingest.kinds import KIND_ORDER, KINDS
from dashboard.kpi.participation import participation_summary
from dashboard.kpi.trends import arm_trend
from dashboard.plan.calendar import calendar
from dashboard.plan.view import overdue_lines
from dashboard.present import charts, markup, tables
from dashboard.present.cards import Card, by_layer, delta_colour, impact_cards, participation_cards
from dashboard.present.formatting import month_label
from dashboard.store import imports
from dashboard.store.db import session

CARDS_PER_ROW = 3
PLAN_PAGE = "app_pages/plan.py"
OVERDUE_SHOWN = 5


def welcome() -> None:
    """The first page of an empty database: what the app does, what to upload, the demo."""
    st.title("Empathy pilot dashboard")
    st.markdown(
        "Measure whether digital-empathy training for remote leaders works: pulse surveys, "
        "rubric assessments, LMS activity and team outcomes, compared with a comparison "
        "cohort, with honest statistics for small pilots and strict anonymity."
    )
    st.subheader("Nothing is loaded yet")
    st.markdown("Upload these exports (CSV or Excel) on the Data page. Column names are matched "
                "forgivingly; `data/sample/` holds an example of each.")
    st.table(markup.frame({
        "kind": [KINDS[k].label for k in KIND_ORDER],
        "one row per": [KINDS[k].grain for k in KIND_ORDER],
        "required columns": [", ".join(f.name for f in KINDS[k].required) for k in KIND_ORDER],
    }))
    st.page_link(shared.DATA_PAGE, label="Upload exports on the Data page", icon=":material/upload:")
    st.markdown("Or look around first with a generated pilot:")
    if st.button("Load demo data", type="primary") and shared.allow("upload"):
        with st.spinner("Loading the demo program…"), session(shared.db_path()) as con:
            results = demo.load_demo(con, user=shared.who())
        shared.data_changed()
        failed = [r for r in results if not r.ok]
        if failed:
            st.error("The demo data could not be loaded: " + markup.join(
                (line for r in failed for line in r.problem_lines()[:3]), "; "))
        else:
            st.rerun()


def overdue_warning() -> None:
    """What the measurement calendar says is overdue, in a few lines, with the way to the plan."""
    today = config.today()
    lines = overdue_lines(shared.read("plan:calendar", calendar, today, shared.min_group()))
    if not lines:
        return
    more = len(lines) - OVERDUE_SHOWN
    with st.container(border=True):
        st.warning(f"**Data overdue as of {today:%-d %b %Y}** — expected, and nothing has arrived:\n"
                   + markup.bullets(lines[:OVERDUE_SHOWN])
                   + (f"\n- and {more:d} more" if more > 0 else ""), icon=":material/schedule:")
        st.page_link(PLAN_PAGE, label="See the measurement calendar on the Pilot plan page",
                     icon=":material/event_note:", query_params={"tab": "Measurement calendar"})


def show_card(card: Card, trend) -> None:
    with st.container(border=True):
        st.metric(markup.escape(card.label), markup.escape(card.value), markup.escape(card.change) or None,
                  help=markup.escape(card.help), delta_color=delta_colour(card.good), delta_arrow="off")
        st.caption(markup.escape(card.value_note))
        if card.versus:
            st.markdown(f"**{markup.escape(card.verdict)}** — {markup.escape(card.versus)}"
                        + (f" · *{markup.escape(card.role)}*" if card.role else ""))
            st.caption(markup.escape(card.verdict_text))
        if trend is not None and (trend["metric"] == card.metric).any():
            st.plotly_chart(charts.sparkline(trend, card.metric), theme=None,
                            config={"displayModeBar": False}, key=f"spark-{card.metric}")


def show_layer(cards: list[Card], trend) -> None:
    for start in range(0, len(cards), CARDS_PER_ROW):
        columns = st.columns(CARDS_PER_ROW)
        for column, card in zip(columns, cards[start:start + CARDS_PER_ROW], strict=False):
            with column:
                show_card(card, trend)


def overview() -> None:
    shared.page_intro("Overview", "Did the pilot work? Each card shows the program cohorts after "
                      "training, the change from their baseline, and the change against the "
                      "comparison cohort with its interval and verdict (the primary metric set on the "
                      "pilot plan; the others exploratory).")
    filters = shared.current_filters()
    summary = shared.loaded_summary()
    latest = {r.kind: r.latest for r in summary.itertuples() if r.rows and isinstance(r.latest, str)}
    st.caption("**Latest data:** " + " · ".join(
        f"{KINDS[k].label.lower()} {month_label(p)}" for k, p in latest.items()))
    overdue_warning()
    impact = shared.kpi("impact")
    trend = shared.read("arm_trend", arm_trend, filters)
    cards = participation_cards(shared.read("participation_summary", participation_summary,
                                            filters)) + impact_cards(impact)
    for title, question, chosen in by_layer(cards):
        st.subheader(f"{markup.escape(title)} — {markup.escape(question)}")
        if title != "Participation":
            st.caption("Small lines: monthly means, program (solid blue) and comparison "
                       "(dotted grey), over the leaders the impact estimate uses.")
        if not chosen:
            st.caption("No data for this layer with these filters.")
            continue
        show_layer(chosen, trend)
    st.subheader("Progress against the pilot's targets")
    targets = shared.kpi("targets")
    st.dataframe(tables.targets(targets).drop(columns="Progress %"), hide_index=True, column_config={
        "Progress": st.column_config.ProgressColumn(
            "Progress", min_value=0, max_value=100, format="%.0f%%", width="small",
            help="Share of the targeted change reached so far (capped at 100%)")})
    st.subheader("What is loaded")
    st.dataframe(tables.freshness(summary), hide_index=True, width="content")
    log = shared.read("import_log", imports.import_log)
    active = log[log["status"] == "active"]
    st.caption(f"{len(active)} active import(s); latest: "
               f"{markup.escape(active['file_name'].iloc[0]) if len(active) else '—'}")
    shared.cli_hint(["impact", "participation", "targets"],
                    "The small monthly trends pool the same leaders the impact uses.")


if shared.is_empty():
    welcome()
else:
    overview()
