"""Pulse-survey KPI tables: trends, eNPS, self–others gap, response rate and comments.

DuckDB aggregates (``queries/marts``), from the cells visible at k only (``visible_answers``);
this module does the output rounding. The privacy rules are declared in ``registry.PRIVACY``
and applied by the gate in ``kpi.compute``; the comments' threshold is bound in their SQL.
``some_excluded`` says a figure left a small group out; ``counted_as_responses`` that some
answers came without respondent ids (each response then counts as one respondent).
"""

from __future__ import annotations

import duckdb
import pandas as pd

from dashboard.kpi import settings
from dashboard.kpi.engine import mart
from dashboard.kpi.filters import Filters
from dashboard.kpi.privacy import COMMENT_MIN_GROUP
from dashboard.kpi.rounding import round_columns
from dashboard.kpi.stats import mean_interval


def pulse_trend(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Mean score and favourable % per cohort × period × question × rater group.

    A cohort-month-question pools its leaders' cells that have k respondents on their own;
    with none, the row is hidden, interval included. Self cells
    belong to the leaders and are not subject to k (the app shows them to HR only). A
    question whose wording or scale changed keeps one series per version, flagged in
    ``question_changed``. ``ci_low``/``ci_high`` are a t interval of the mean at
    ``filters.level`` that treats answers as independent: a band for charts, not a test.
    ``mean_score`` is on the question's own scale; ``pooled_mean`` is the same mean in ``unit``,
    the pulse's one unit for means pooled over questions (the scale when the agreement
    questions share one, else percent of each scale's range), which an index pools.
    """
    frame = mart(con, "pulse_trend", filters)
    frame["ci_low"], frame["ci_high"] = mean_interval(frame["mean_score"], frame["sd_score"],
                                                      frame["answers"], filters.level)
    versions = frame.groupby("question_id")["question_version"].transform("nunique")
    frame["question_changed"] = (versions > 1) & (
        frame["question_version"] > frame.groupby("question_id")["question_version"].transform("min"))
    frame["module_id"] = frame["module_id"].fillna("")
    frame["pooled_mean"] = frame["pooled_sum"] / frame["answers"].where(frame["answers"] > 0)
    columns = ["cohort", "period", "phase", "module_id", "question_id", "rater_group", "n",
               "mean_score", "favourable_pct", "question_version",
               "question_changed", "question_text", "scale", "answers", "arm", "ci_low", "ci_high",
               "some_excluded", "counted_as_responses", "pooled_mean", "unit"]
    return round_columns(frame[columns], {"mean_score": 2, "favourable_pct": 1, "ci_low": 2,
                                          "ci_high": 2, "pooled_mean": 4})


def enps(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """eNPS per cohort × period from others' 0–10 answers; small groups hidden."""
    frame = mart(con, "enps", filters)
    columns = ["cohort", "period", "n", "promoters_pct", "detractors_pct", "enps", "arm",
               "some_excluded", "counted_as_responses"]
    return round_columns(frame[columns], {"promoters_pct": 1, "detractors_pct": 1, "enps": 1})


def self_gap(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Each leader's self score against others' mean the same month.

    Others' score pools the leader's question cells that have k respondents on their own (the
    cohort's figures pool the same cells, so no cohort figure minus the visible leaders leaves a
    hidden one); with none, it is hidden. Both scores pool the questions in ``unit`` (their
    scale, or percent of each scale's range when the agreement questions differ in scale).
    """
    frame = mart(con, "self_gap", filters)
    frame["gap"] = frame["self_score"] - frame["others_score"]
    columns = ["cohort", "leader_id", "period", "self_score", "others_score", "gap", "n_others",
               "arm", "some_excluded", "counted_as_responses", "unit"]
    return round_columns(frame[columns], {"self_score": 2, "others_score": 2, "gap": 2})


def response_rate(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Direct reports who answered (in cells with k respondents) ÷ team members on the roster per
    cohort × period; hidden when fewer than k answered or fewer than k are on the roster."""
    frame = mart(con, "response_rate", filters)
    columns = ["cohort", "period", "invited", "responded", "response_rate_pct", "arm",
               "some_excluded", "counted_as_responses"]
    return round_columns(frame[columns], {"response_rate_pct": 1})


def _comments(con: duckdb.DuckDBPyConnection, filters: Filters,
              min_group: int | None) -> pd.DataFrame:
    """Every comment in the filters with ``shown``: whether its cohort-month reached the
    comments' threshold (never below the filters' k) in respondents of visible cells, and its
    response is in one (decided in SQL by ``visible_at``)."""
    k = settings.comment_min_group(con) if min_group is None else max(min_group, COMMENT_MIN_GROUP)
    return mart(con, "comments", filters, comment_min_group=max(k, filters.min_group))


def comments(con: duckdb.DuckDBPyConnection, filters: Filters,
             min_group: int | None = None) -> pd.DataFrame:
    """Others' comments from cohort-months where at least 10 people answered (``min_group``,
    by default the admin's ``comment_min_group``, never below 10 nor the filters' k), counting
    only eligible respondents in cells with k respondents — a made-up respondent or a small
    team adds nobody — and only comments of responses in such cells.

    The threshold holds per cohort and month — the smallest slice the filters can select —
    so comparing the comments of two filter choices (Jan–Jun against Jan–May) only ever
    isolates a group of 10 or more. The order is a hash of the text: the same every time,
    and unrelated to when or by whom a comment was written (a seeded shuffle of the answer
    order could be undone).
    """
    frame = _comments(con, filters, min_group)
    return frame.loc[frame["shown"], ["cohort", "comment"]].reset_index(drop=True)


def hidden_comment_groups(con: duckdb.DuckDBPyConnection, filters: Filters,
                          min_group: int | None = None) -> list[str]:
    """Cohorts with comments withheld in at least one month because fewer than 10 people
    (``min_group``, as for ``comments``) answered in it, or because the comment's team was too
    small to count."""
    frame = _comments(con, filters, min_group)
    return sorted(frame.loc[~frame["shown"], "cohort"].unique())
