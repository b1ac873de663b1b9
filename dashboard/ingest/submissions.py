"""Duplicate submissions: the same respondent rating the same leader twice in one period.

Google Forms lets a person submit again, SurveyMonkey collectors can take several responses
from one address, and a reminder e-mail brings a second answer: counted twice, one person
would weigh double in every mean and count as two respondents toward the privacy threshold.
By default the latest submission is kept (the respondent's last word) and the summary says how
many were replaced; ``first`` keeps the earliest, ``refuse`` makes each repeat a row problem.
A response without identity (an anonymous link) is its own respondent and never a repeat.

Across files the same policy holds: a re-export (the same submission under another response
id) or a second collector's file repeats responses an earlier import stored; the one kept
replaces the other — the stored one is marked replaced (undoing the import brings it back), or
this file's is left out — and the summary says so. Re-importing the identical file is
recognised before this and changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

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
    # refused repeats are listed against the first submission
    sql.execute(con, "ingest/stage_repeat_submissions", {"keep": "latest" if policy == "latest" else "first"})
    count = int(sql.scalar(con, "ingest/repeat_submission_count"))
    if not count:
        return 0, [], 0
    if policy == "refuse":
        rows = sql.rows(con, "ingest/repeat_submissions", {"limit": max(limit, 0)})
        problems = [Problem(header, "duplicate submission: the same respondent already rated this leader "
                            "this month on {other} (keep the latest or the first, or remove one)",
                            rec=int(rec), other_rec=int(kept), code="duplicate_submission")
                    for rec, kept in rows]
        return 0, problems, count
    sql.execute(con, "ingest/keep_repeat_submissions")  # still checked: a bad value there refuses the file
    sql.execute(con, "ingest/drop_repeat_submissions")
    return count, [], 0


@dataclass
class StoredRepeats:
    """Repeat submissions of responses stored by earlier imports (same respondent, leader and
    period, another response id): the stored ones this file's replace, and this file's left out."""

    replace_ids: list[str] = field(default_factory=list)  # stored response ids to mark replaced
    replacing: int = 0  # this file's responses that replace stored ones
    left_out: int = 0  # this file's responses left out: the stored one is kept
    imports: list[str] = field(default_factory=list)  # "import 3 (jan.csv)", as found

    def notes(self, policy: str) -> list[str]:
        where = ", ".join(self.imports)
        out = []
        if self.replacing:
            word = "later" if policy == "latest" else "earlier"
            out.append(f"{self.replacing} repeat submission(s) of responses already stored by {where} (same "
                       f"respondent, leader and month, another response id): the stored one(s) replaced by "
                       f"this file's {word} one(s) (undoing this import brings them back)")
        if self.left_out:
            word = "a later" if policy == "latest" else "an earlier"
            out.append(f"{self.left_out} repeat submission(s) left out: {word} one from the same respondent, "
                       f"leader and month is already stored by {where}")
        return out


def settle_stored(con: duckdb.DuckDBPyConnection, policy: str, header: str,
                  limit: int) -> tuple[StoredRepeats, list[Problem], int]:
    """The policy across files: a staged response that repeats one an earlier import stored
    replaces it (the stored one is marked replaced when the file is stored) or is left out;
    ``refuse`` makes each a row problem. A re-import of the identical file never gets here."""
    rows = sql.rows(con, "ingest/stored_repeat_submissions", {"keep": "first" if policy == "first" else "latest"})
    found = StoredRepeats()
    if not rows:
        return found, [], 0
    found.imports = list(dict.fromkeys(f"import {import_id} ({name})" for _r, _w, _ids, import_id, name in rows))
    if policy == "refuse":
        problems = [Problem(header, f"duplicate submission: the same respondent already rated this leader this "
                            f"month in import {import_id} ({name}), under another response id (keep the latest "
                            "or the first, or remove one)", rec=int(rec), code="duplicate_submission")
                    for rec, _wins, _ids, import_id, name in rows[:max(limit, 0)]]
        return found, problems, len(rows)
    losers = [int(rec) for rec, wins, _ids, _i, _n in rows if not wins]
    for _rec, wins, ids, _i, _n in rows:
        if wins:
            found.replace_ids.extend(str(i) for i in ids)
            found.replacing += 1
    if losers:
        sql.execute(con, "ingest/keep_duplicate_submissions", {"recs": losers})  # still checked
        sql.execute(con, "ingest/drop_duplicate_submissions", {"recs": losers})
        found.left_out = len(losers)
    return found, [], 0


def note(dropped: int, policy: str) -> str:
    """What the summary says about the repeats it dropped."""
    kept = "a later" if policy == "latest" else "an earlier"
    return (f"{dropped} duplicate submission(s) (same respondent, leader and month) replaced by "
            f"{kept} one from the same person")
