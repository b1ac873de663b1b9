"""Overview: the answer banner, headline cards (participation → behaviour → business) leading
with the effect against the comparison cohort, targets beside the verdicts, data freshness.

On an empty database: what to upload, and a demo to try.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from dashboard import config
from dashboard.app_pages import shared
from dashboard.ingest import demo
from dashboard.ingest.kinds import KIND_ORDER, KINDS
from dashboard.kpi import Filters
from dashboard.kpi.effects import effect_months
from dashboard.kpi.participation import participation_summary
from dashboard.kpi.privacy import SOME_EXCLUDED
from dashboard.kpi.trends import arm_trend
from dashboard.plan.calendar import calendar
from dashboard.plan.view import overdue_lines
from dashboard.present import charts, markup, tables
from dashboard.present.answer import Line, answer
from dashboard.present.cards import SHORT, Card, by_layer, impact_cards, participation_cards
from dashboard.present.formatting import month_label
from dashboard.present.verdicts import verdict
from dashboard.present.wording import glossary_help
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


def _overdue(today: dt.date, min_group: int) -> list[str]:
    return overdue_lines(shared.read("plan:calendar", calendar, today, min_group))


def overdue_warning() -> None:
    """What the measurement calendar says is overdue, in a few lines, with the way to the plan."""
    today = config.today()
    lines = shared.view("overdue", _overdue, today, shared.min_group())
    if not lines:
        return
    more = len(lines) - OVERDUE_SHOWN
    with st.container(border=True):
        st.warning(f"**Data overdue as of {today:%-d %b %Y}** — expected, and nothing has arrived:\n"
                   + markup.bullets(lines[:OVERDUE_SHOWN])
                   + (f"\n- and {more:d} more" if more > 0 else ""), icon=":material/schedule:")
        st.page_link(PLAN_PAGE, label="See the measurement calendar on the Pilot plan page",
                     icon=":material/event_note:", query_params={"tab": "Measurement calendar"})


TONE_ICONS = {"good": ":blue[:material/check_circle:]", "bad": ":orange[:material/error:]",
              "neutral": ":gray[:material/help:]"}
TONE_DELTA = {"good": "blue", "bad": "orange", "neutral": "gray"}
CARD_HELP = glossary_help("effect", "likely range", "inconclusive", "not isolated")
BANNER_HELP = glossary_help("effect", "likely range", "comparison cohort", "primary")
DETAIL_PAGES = {"pulse": ("app_pages/impact.py", "Impact & ROI"),
                "business": ("app_pages/business.py", "Business outcomes"),
                "impact": ("app_pages/impact.py", "Impact & ROI")}


def answer_banner(lines: list[Line], notes: list[str]) -> None:
    """Did the pilot work: one line per layer, each with the way to its detail."""
    with st.container(border=True, key="answer-banner"):
        st.markdown("**Did the pilot work?**", help=BANNER_HELP)
        for line in lines:
            text, link = st.columns([5, 1], vertical_alignment="center")
            text.markdown(f"{TONE_ICONS[line.tone]} **{markup.escape(line.title)}** — {markup.escape(line.text)}")
            if line.page in DETAIL_PAGES:
                path, title = DETAIL_PAGES[line.page]
                link.page_link(path, label="Details →", help=f"{markup.escape(title)} page")
        for note in notes:
            st.caption(markup.escape(note))


def show_card(card: Card, sparks: dict[str, str]) -> None:
    with st.container(border=True):
        if card.layer == "participation":
            st.metric(markup.escape(card.label), markup.escape(card.headline), help=markup.escape(card.help))
            st.caption(markup.escape(card.value_note))
            return
        st.metric(markup.escape(card.label), markup.escape(card.headline), markup.escape(card.short) or None,
                  help=markup.escape(card.help) + "  \n" + CARD_HELP, delta_color=TONE_DELTA[card.tone],
                  delta_arrow="off")
        st.caption(markup.escape(card.explain) + (f"  \n**{markup.escape(card.months)}**" if card.months else ""))
        st.caption(markup.escape(card.context) + (f" · *{markup.escape(card.role)}*" if card.role else ""),
                   help=markup.escape(card.verdict_text))
        if card.metric in sparks:
            st.image(sparks[card.metric], width="stretch")


def show_layer(cards: list[Card], sparks: dict[str, str]) -> None:
    for start in range(0, len(cards), CARDS_PER_ROW):
        columns = st.columns(CARDS_PER_ROW)
        for column, card in zip(columns, cards[start:start + CARDS_PER_ROW], strict=False):
            with column:
                show_card(card, sparks)


def _targets_table(filters: Filters) -> pd.DataFrame:
    """The targets as the section shows them, with the comparison's word beside each."""
    targets, impact = shared.kpi("targets", filters), shared.kpi("impact", filters)
    frame = tables.targets(targets).drop(columns="Progress %")
    words = {r["metric"]: SHORT[verdict(r).kind] for r in impact.to_dict("records")}
    frame["Against the comparison"] = [words.get(k, "—") for k in targets["kpi"]]
    # what a phone shows first: the KPI, where it stands and what the comparison says
    return frame[["KPI", "Status", "Against the comparison", "Progress", "Target", "Baseline", "Latest", "Change"]]


def targets_section(filters: Filters) -> None:
    """Progress against the targets, with what the comparison says beside it: a target 'on
    track' on the program's own change can still be noise against the comparison cohort."""
    st.subheader("Progress against the pilot's targets")
    frame = shared.view("targets_table", _targets_table, filters)
    st.dataframe(frame, hide_index=True, column_config={
        "Progress": st.column_config.ProgressColumn(
            "Progress", min_value=0, max_value=100, format="%.0f%%", width="small",
            help="Share of the targeted change reached so far (capped at 100%)")})
    st.caption("Baseline: the program cohorts' months before training; latest: the program cohorts' "
               "last three months with data. Progress is the program's own change; the last column is "
               "the effect against the comparison cohort (the cards above).")


def _banner_and_cards(filters: Filters) -> tuple[list[Line], list[Card]]:
    """The banner's lines and the cards, from the impact, participation and ROI tables."""
    impact = shared.kpi("impact", filters)
    months = shared.read("effect_months", effect_months, filters, impact)
    summary = shared.read("participation_summary", participation_summary, filters)
    lines = answer(impact, summary, shared.kpi("roi", filters), months)
    return lines, participation_cards(summary) + impact_cards(impact, months)


def overview() -> None:
    shared.page_intro("Overview", "Did the pilot work? The banner answers per layer; each card leads with "
                      "the effect against the comparison cohort, with the months compared.")
    filters = shared.current_filters()
    overdue_warning()
    impact = shared.kpi("impact")
    lines, cards = shared.view("banner_and_cards", _banner_and_cards, filters)
    answer_banner(lines, shared.effect_notes())
    trend = shared.read("arm_trend", arm_trend, filters)
    sparks = shared.figure("sparklines", charts.sparklines, trend) if not trend.empty else {}
    for title, question, chosen in by_layer(cards):
        st.subheader(f"{markup.escape(title)} — {markup.escape(question)}")
        if not chosen:
            st.caption("No data for this layer with these filters.")
            continue
        if title != "Participation":
            st.caption("Big number: the effect against the comparison cohort, coloured when it is clear "
                       "(blue better, orange worse). Small lines: monthly means, program (solid blue) and "
                       "comparison (dotted grey).")
        show_layer(chosen, sparks)
    if impact["some_excluded"].any() or (not trend.empty and trend["some_excluded"].any()):
        st.caption(f"{SOME_EXCLUDED.capitalize()}: a team's month with fewer than "
                   f"{filters.min_group:d} respondents is left out of every estimate and trend.")
    targets_section(filters)
    latest = {r.kind: r.latest for r in shared.loaded_summary().itertuples()
              if r.rows and isinstance(r.latest, str)}
    st.caption("**Latest data:** " + " · ".join(
        f"{KINDS[k].label.lower()} {month_label(p)}" for k, p in latest.items())
        + " — what is loaded and the import log are on the Data page.")
    shared.cli_hint(["impact", "participation", "targets"],
                    "The small monthly trends pool the same leaders the impact uses.")


if shared.is_empty():
    welcome()
else:
    overview()
