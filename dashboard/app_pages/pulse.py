"""Pulse survey: by default one overall index of team ratings per cohort and month (one question,
or the leaders' self ratings for HR, on their own views), eNPS as a rolling 3-month line, self
versus others, response rates and comments."""

from __future__ import annotations

import streamlit as st

from dashboard.app_pages import shared
from dashboard.ingest.vocab import SCALES
from dashboard.kpi.catalog import module_timeline
from dashboard.kpi.privacy import COUNTED_AS_RESPONSES, SOME_EXCLUDED
from dashboard.kpi.pulse import comments, hidden_comment_groups
from dashboard.kpi.smoothing import rolling
from dashboard.present import charts, markup, tables
from dashboard.present.formatting import month_label, scale_range, suppressed_text

MEASURES = {"mean_score": "Mean score", "favourable_pct": "Favourable %"}


ON_TRENDS = "grey crosses on the month axis; the line breaks there"


def hidden_note(frame, k: int, what: str, where: str = ON_TRENDS) -> None:
    """Say in words how many cells are hidden, so a gap is never read as a zero; that some
    small groups were left out (never which); and when counts are of responses."""
    hidden = int(frame["suppressed"].astype(bool).sum()) if "suppressed" in frame else 0
    if hidden:
        st.caption(f"{hidden} {what} hidden — {suppressed_text(k)} ({where}).")
    if "some_excluded" in frame and frame["some_excluded"].astype(bool).any():
        st.caption(f"{SOME_EXCLUDED.capitalize()}: a team with fewer than {k:d} respondents in a month "
                   "is left out of every figure.")
    if "counted_as_responses" in frame and frame["counted_as_responses"].astype(bool).any():
        st.caption(f"{COUNTED_AS_RESPONSES.capitalize()}, so each response counts as one respondent.")


VIEWS = {"index": "Overall index (team ratings)", "question": "One question", "self": "Leaders' self ratings"}


def index_trend(trend, timeline, colours, k: int, group: str) -> None:
    """The default: one overall index per cohort and month, others' ratings (or self, for HR)."""
    index = shared.read("pulse_index", shared.pulse_index_of, shared.current_filters(), group)
    if index.empty:
        st.caption("No agreement questions in the pulse data for these filters.")
        return
    unit = str(index["unit"].iloc[0])
    y_title = ("Overall index (% of the scale's range)" if unit.startswith("%")
               else f"Overall index (mean of {index['questions'].max():d} questions, {scale_range(unit)})")
    shared.chart(shared.figure("trend_chart", charts.trend_chart, index, "index", colours, y_title=y_title,
                               k=k, timeline=timeline))
    who = "peers' and direct reports'" if group == "others" else "the leaders' own"
    st.caption(f"The mean of {who} answers to the agreement questions per cohort and month (the "
               "0–10 recommend question is eNPS, below); hover for n. A month where one question was "
               "answered by too few people is left out. The strip below shows which module each cohort "
               f"took when. Unit: {markup.escape(unit)}"
               + (" — each answer is put on percent of its question's scale range before the mean, so "
                  "questions on different scales weigh alike." if unit.startswith("%") else "."))
    hidden_note(index, k, "cohort-months are")


def question_trend(trend, timeline, colours, k: int) -> None:
    texts = trend.drop_duplicates("question_id").set_index("question_id")["question_text"]
    left, right = st.columns([2, 1])
    question = left.selectbox("Question", list(texts.index),
                              format_func=lambda q: f"{q} — {texts.get(q) or q}")
    measure = right.segmented_control("Measure", list(MEASURES), format_func=MEASURES.get,
                                      default="mean_score") or "mean_score"
    frame = trend[(trend["question_id"] == question) & (trend["rater_group"] == "others")]
    scales = frame["scale"].dropna()
    points = SCALES.get(str(scales.iloc[0]), (1, 5)) if len(scales) else (1, 5)
    y_title = (f"Mean score ({points[0]}–{points[1]}, higher is better)" if measure == "mean_score"
               else "Favourable answers (%)")
    shared.chart(shared.figure("trend_chart", charts.trend_chart,
        frame, measure, colours, y_title=y_title, k=k, timeline=timeline,
        band=measure == "mean_score" and frame["cohort"].nunique() <= 2,
        hover_unit="%" if measure == "favourable_pct" else ""))
    st.caption("Team ratings (peers and direct reports)."
               + (" Shaded bands: 95% interval of the mean." if measure == "mean_score"
                  and frame["cohort"].nunique() <= 2 else " Pick one or two cohorts to see the 95% bands.")
               + " The strip below shows which module each cohort took when.")
    hidden_note(frame, k, "cohort-months are")
    with st.expander("Table: every cell of this question"):
        st.dataframe(tables.pulse_cells(trend[trend["question_id"] == question], k), hide_index=True)


def trend_section(trend, timeline, colours, k: int) -> None:
    st.subheader("How teams rate their leaders, month by month")
    views = [v for v in VIEWS if v != "self" or (shared.can("view_leaders") and (trend["rater_group"] == "self").any())]
    view = st.segmented_control("View", views, format_func=VIEWS.get, default="index", key="pulse_view") or "index"
    if view == "question":
        question_trend(trend, timeline, colours, k)
    else:
        index_trend(trend, timeline, colours, k, "self" if view == "self" else "others")


def enps_section(colours, timeline, k: int) -> None:
    st.subheader("eNPS — would team members recommend working here (rolling 3 months)")
    frame = shared.kpi("enps")
    if frame.empty:
        st.caption("No 0–10 recommend question in the pulse data for these filters.")
        return
    smooth = shared.derived("rolling", rolling, frame, "enps")
    shared.chart(shared.figure("trend_chart", charts.trend_chart, smooth, "enps", colours,
                               y_title="eNPS, rolling 3 months (−100 to +100)", k=k, timeline=timeline))
    st.caption("% promoters (9–10) − % detractors (0–6) among team members' answers, pooled over each month "
               "and the two before it (monthly eNPS in a cohort of about ten teams swings by 20 points "
               "or more); hover for n, the answers over those 3 months. Monthly values are in the table.")
    hidden_note(frame, k, "cohort-months are", "their 3-month windows are left out")
    with st.expander("Table: eNPS by cohort and month"):
        st.dataframe(tables.enps(frame, k), hide_index=True)


def gap_section(colours, k: int) -> None:
    st.subheader("Self versus team ratings")
    if not shared.can("view_leaders"):
        st.caption("Each leader's own rating against the team's is shown to HR (the analyst and "
                   "admin roles) only: self ratings belong to the leader.")
        return
    frame = shared.kpi("self_gap")
    months = sorted(frame.loc[frame["self_score"].notna(), "period"].unique())
    if not months:
        st.caption("No self ratings for these filters.")
        return
    month = months[-1] if len(months) == 1 else st.select_slider(
        "Month", months, value=months[-1], format_func=month_label)
    chosen = frame[frame["period"] == month]
    shared.chart(shared.figure("gap_chart", charts.gap_chart, chosen, colours, k=k))
    units = chosen["unit"].dropna()
    unit = f" Unit: {markup.escape(str(units.iloc[0]))}." if len(units) else ""
    st.caption("Each leader's own rating (filled) against the mean of the team's ratings (open) in "
               f"{month_label(month)}. Self ratings are shown to HR only.{unit}")
    hidden_note(chosen, k, "leaders' team scores are", "marked with a grey cross")
    with st.expander(f"Table: self–team gap per leader, {month_label(month)}"):
        # One month at a time, as the chart: every month for every leader is the CLI's.
        st.dataframe(tables.self_gap(chosen, k), hide_index=True)
        st.caption("Every month: `python -m dashboard kpi self_gap` with the same filters.")


def response_section(colours, k: int) -> None:
    st.subheader("Response rate: share of team members who answered")
    frame = shared.kpi("response_rate")
    if frame.empty:
        st.caption("No team members on the roster for these filters.")
        return
    shown = frame.rename(columns={"responded": "n"})
    shared.chart(shared.figure("trend_chart", charts.trend_chart, shown, "response_rate_pct", colours,
                                    y_title="Team members who answered (%)", k=k,
                                    hover_unit="%", y_range=(0, 100)))
    hidden_note(frame, k, "cohort-months are")
    st.dataframe(tables.response_rate(frame, k), hide_index=True, height=240)


COMMENTS_SHOWN = 500  # a page of reading, not the whole company's comments


def comments_section() -> None:
    if not shared.can("view_comments"):
        return  # comments are for HR, like the report that leaves them out
    filters = shared.current_filters()
    k = shared.current_settings().comment_min_group
    shown = shared.read("comments", comments, filters, k)
    withheld = shared.read("hidden_comment_groups", hidden_comment_groups, filters, k)
    with st.expander(f"Comments from team members ({len(shown)})"):
        st.caption(f"Only from cohorts and months where at least {k:d} people "
                   "answered, in shuffled order.")
        if withheld:
            st.caption(f"Withheld in months with fewer than {k:d} respondents: "
                       + markup.join(withheld))
        if len(shown) > COMMENTS_SHOWN:
            st.caption(f"Showing {COMMENTS_SHOWN:,} of {len(shown):,}; narrow the filters to read the rest.")
        st.dataframe(shown.head(COMMENTS_SHOWN).rename(columns={"cohort": "Cohort", "comment": "Comment"}),
                     hide_index=True, height=300)


shared.page_intro("Pulse survey", "How team members and peers rate their leaders' digital "
                  "empathy month by month, against the leaders' own view.")
if shared.require(["pulse"], "monthly pulse-survey trends by cohort and question"):
    filters = shared.current_filters()
    k = filters.min_group
    colours = shared.colours()
    timeline = shared.read("module_timeline", module_timeline, filters)
    shared.note_missing(["schedule"], "the module timeline and program phases are not shown")
    shared.note_missing(["roster"], "answers and outcomes cannot be given a cohort, so "
                        "nothing can be shown by cohort")
    trend = shared.kpi("pulse_trend")
    if trend.empty:
        st.warning("No pulse answers match these filters. Widen the months or cohorts in the "
                   "sidebar.", icon=":material/filter_alt_off:")
    else:
        trend_section(trend, timeline, colours, k)
        enps_section(colours, timeline, k)
        gap_section(colours, k)
        response_section(colours, k)
        comments_section()
    shared.cli_hint(["pulse_trend", "enps", "self_gap", "response_rate"])
