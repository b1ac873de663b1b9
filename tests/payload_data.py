"""The hand-built pilot of tests/kpi_data.py with Markdown, HTML and formula payloads in every
name a person can upload: a cohort, a module, a question, a comment, a leader id and a file name.

Each name holds every payload (``TOKENS``), starting with a different one, so each payload is
tried at the start of a value (where ``-`` or ``=`` matter) and in the middle of one. Links and
images point at ``attacker.test`` (a reserved name that never resolves): a browser that
fetches one shows up as a request off loopback.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import duckdb

from dashboard.ingest import ingest_files
from dashboard.ingest.uploads import Upload, import_uploads, preview
from tests.kpi_data import write_pilot

TOKENS = (
    "![x](http://attacker.test/x.png)",
    "[a](javascript:alert(1))",
    "<img src=x onerror=alert(1)>",
    '=HYPERLINK("http://attacker.test/h","y")',
    "+cmd|' /C calc'!A0",
    "@SUM(1)",
    "-2+3",
    "\t=1+1",
    "\r=2+2",
    "$\\LaTeX$",
    ":smile:",
)
# What of each token must never reach Markdown as it is (tab and CR become spaces).
RAW = tuple(t.strip("\t\r") for t in TOKENS)


def rotated(start: int, tokens: tuple[str, ...] = TOKENS) -> str:
    """Every token, the ``start``-th first."""
    return " ".join(tokens[start:] + tokens[:start])


COHORT = rotated(0)
MODULE = rotated(1)
QUESTION = rotated(2)
COMMENT = rotated(3)
# An id with an @ is taken for an e-mail address and hashed by the importer, so the leader's
# id leaves that token out; a file name has no "/" (the browser test uploads a real file).
LEADER = rotated(6, tuple(t for t in TOKENS if "@" not in t))
FILE = rotated(2, tuple(t.replace("/", "") for t in TOKENS)).replace("\t", " ").replace("\r", " ") + ".csv"
OLD_COHORT, OLD_LEADER, OLD_MODULE, OLD_QUESTION = "P", "P1", "Module one", "Understands me"


def _rewrite(path: Path, change: Callable[[list[list[str]]], list[list[str]]]) -> None:
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(change(rows))
    path.write_text(out.getvalue(), encoding="utf-8")


def _leader(value: str) -> str:
    """P1 and its members P1-1 … under the payload leader id."""
    return LEADER + value[len(OLD_LEADER):] if value == OLD_LEADER or value.startswith(OLD_LEADER + "-") else value


def write_payload_pilot(folder: Path) -> list[Path]:
    """The pilot's files with payload names; in import order."""
    paths = write_pilot(folder)
    by_name = {p.name: p for p in paths}

    def roster(rows: list[list[str]]) -> list[list[str]]:
        for row in rows[1:]:
            row[0], row[2] = _leader(row[0]), _leader(row[2])
            row[3] = COHORT if row[3] == OLD_COHORT else row[3]
        return rows

    def schedule(rows: list[list[str]]) -> list[list[str]]:
        return rows[:1] + [[COHORT if r[0] == OLD_COHORT else r[0], r[1],
                            MODULE if r[2] == OLD_MODULE else r[2], *r[3:]] for r in rows[1:]]

    def questions(rows: list[list[str]]) -> list[list[str]]:
        return rows[:1] + [[r[0], QUESTION if r[1] == OLD_QUESTION else r[1], *r[2:]] for r in rows[1:]]

    def pulse(rows: list[list[str]]) -> list[list[str]]:
        rows[0].append("comment")
        for row in rows[1:]:
            program = row[4].startswith(OLD_COHORT)  # leaders P1…P3: the cohort's comments
            row[2], row[4] = _leader(row[2]), _leader(row[4])
            row.append(COMMENT if program and row[3] != "self" else "")
        return rows

    def by_leader(rows: list[list[str]]) -> list[list[str]]:
        return [[_leader(cell) for cell in row] for row in rows]

    _rewrite(by_name["roster.csv"], roster)
    _rewrite(by_name["schedule.csv"], schedule)
    _rewrite(by_name["questions.csv"], questions)
    _rewrite(by_name["pulse.csv"], pulse)
    for name in ("outcomes.csv", "rubric.csv", "activity.csv"):
        _rewrite(by_name[name], by_leader)
    return paths


def load_payload_pilot(con: duckdb.DuckDBPyConnection, folder: Path) -> None:
    """Import the payload pilot; its activity file last, uploaded under the name ``FILE``
    (the newest import, so the Overview names it)."""
    paths = write_payload_pilot(folder)
    activity = next(p for p in paths if p.name == "activity.csv")
    results = ingest_files(con, [p for p in paths if p is not activity])
    assert all(r.ok for r in results), [r.problem_lines() for r in results]
    uploads = [Upload(FILE, activity.read_bytes())]
    done = import_uploads(con, uploads, preview(con, uploads), replace=False, user="tests")
    assert [c.status for c in done] == ["imported"], [c.result.problem_lines() for c in done]
