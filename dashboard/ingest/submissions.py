"""Duplicate submissions: the same respondent rating the same leader twice in one period.

Google Forms lets a person submit again, SurveyMonkey collectors can take several responses
from one address, and a reminder e-mail brings a second answer: counted twice, one person
would weigh double in every mean and count as two respondents toward the privacy threshold.
By default the latest submission is kept (the respondent's last word) and the summary says how
many were replaced; ``first`` keeps the earliest, ``refuse`` makes each repeat a row problem.
A response without identity (an anonymous link) is its own respondent and never a repeat.
"""

from __future__ import annotations

import duckdb

from dashboard.ingest.problems import Problem
from dashboard.store import sql

POLICIES = ("latest", "first", "refuse")
DEFAULT_POLICY = "latest"


class PolicyError(ValueError):
    """An unknown duplicates policy."""


def check_policy(policy: str | None) -> str:
    """The policy by name (default ``latest``)."""
    chosen = (policy or DEFAULT_POLICY).strip().lower()
    if chosen not in POLICIES:
        raise PolicyError(f"duplicates {policy!r}: use one of {', '.join(POLICIES)}")
    return chosen


def settle(con: duckdb.DuckDBPyConnection, policy: str, header: str,
           limit: int) -> tuple[int, list[Problem], int]:
    """Apply the policy to the staged responses: (responses dropped, problems, problem count)."""
    rows = sql.rows(con, "ingest/duplicate_submissions", {"keep": "first" if policy == "first" else "latest"})
    if not rows:
        return 0, [], 0
    if policy == "refuse":
        rows = sql.rows(con, "ingest/duplicate_submissions", {"keep": "first"})
        problems = [Problem(header, "duplicate submission: the same respondent already rated this leader "
                            "this month on {other} (keep the latest or the first, or remove one)",
                            rec=int(rec), other_rec=int(kept), code="duplicate_submission")
                    for rec, kept, _total in rows[:max(limit, 0)]]
        return 0, problems, len(rows)
    sql.execute(con, "ingest/drop_duplicate_submissions", {"recs": [int(rec) for rec, _k, _t in rows]})
    return len(rows), [], 0


def note(dropped: int, policy: str) -> str:
    """What the summary says about the repeats it dropped."""
    kept = "a later" if policy == "latest" else "an earlier"
    return (f"{dropped} duplicate submission(s) (same respondent, leader and month) replaced by "
            f"{kept} one from the same person")
