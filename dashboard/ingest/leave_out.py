"""Rows of an export that are not responses, found before anything is mapped or checked.

A survey tool writes previews, generated test responses, spam and disqualified rows beside
the real ones, and unfinished responses that an analyst may or may not want (each tool's
module declares them: :class:`dashboard.ingest.tools.base.LeaveOut`). An Excel report adds a
totals row and notes under its data. Counting any of them would give a wrong number without a
word, so they are left out — the unfinished ones unless partials are kept — and the summary
says how many and why ("3 test responses and 1 unfinished response left out").
"""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb
import pandas as pd

from dashboard.ingest.tools import tool_for
from dashboard.ingest.tools.base import FileColumn
from dashboard.store import sql

# the nouns of the summary: a response, or a row of a report's frame
_ROW_REASONS = {"totals": "totals row", "note": "note row"}


@dataclass
class LeftOut:
    """Which data records are left out, and why (in the order the rules found them)."""

    recs: dict[int, str] = field(default_factory=dict)  # record -> reason
    kept_partials: int = 0  # unfinished responses kept on request
    partials: int = 0  # unfinished responses found, left out or kept (the Data page offers to keep them)

    def counts(self) -> dict[str, int]:
        counted: dict[str, int] = {}
        for reason in self.recs.values():
            counted[reason] = counted.get(reason, 0) + 1
        return counted

    def __bool__(self) -> bool:
        return bool(self.recs)

    def summary(self) -> str:
        """``3 test responses and 1 unfinished response left out`` (empty when none)."""
        parts = [_phrase(reason, n) for reason, n in self.counts().items()]
        if not parts:
            return ""
        listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
        return f"{listed} left out"

    def kept_note(self) -> str:
        if not self.kept_partials:
            return ""
        noun = "response" if self.kept_partials == 1 else "responses"
        return f"{self.kept_partials} unfinished {noun} kept (partials kept on request)"

    def frame(self) -> pd.DataFrame:
        """The records to leave out, for the import's projection (registered ``left_out_rec``)."""
        return pd.DataFrame({"rec": pd.array(sorted(self.recs), dtype="int64")})


def _phrase(reason: str, n: int) -> str:
    noun = _ROW_REASONS.get(reason)
    if noun is not None:
        return f"{n} {noun}" + ("" if n == 1 else "s")
    return f"{n} {reason} response" + ("" if n == 1 else "s")


def find(con: duckdb.DuckDBPyConnection, layout: str | None, columns: list[FileColumn],
         header_records: int, keep_partials: bool) -> LeftOut:
    """The records of temp table ``raw`` to leave out: the tool's non-responses (the first rule
    that matches names the reason), then a report's totals and note rows."""
    from duckdb import ColumnExpression

    found = LeftOut()
    kept: set[int] = set()
    unfinished: set[int] = set()
    tool = tool_for(layout)
    raw = con.table("raw_numbered")
    for rule in tool.leave_out if tool else ():
        index = next((c.index for key in rule.keys for c in columns if c.key == key), None)
        if index is None:
            continue
        con.register("leave_out_cells", raw.select(ColumnExpression("rec"),
                                                   ColumnExpression(f"c{index}").alias("v")))
        recs = [int(r) for (r,) in sql.rows(con, "ingest/left_out_rows", {
            "header_records": header_records, "values": sorted(rule.values), "below": rule.below,
            "when_empty": rule.when_empty})]
        new = [rec for rec in recs if rec not in found.recs]
        if rule.partial and keep_partials:
            kept.update(new)
            continue
        if rule.partial:
            unfinished.update(new)
        for rec in new:
            found.recs[rec] = rule.reason
    for rec, what in sql.rows(con, "ingest/report_rows", {"header_records": header_records}):
        found.recs.setdefault(int(rec), str(what))
    found.kept_partials = len(kept - set(found.recs))  # one row caught by two rules counts once
    found.partials = found.kept_partials + len(unfinished & set(found.recs))
    return found
