"""Typeform results download: ``#`` (the response token) first, one column per question
(header = question text), hidden fields as their own columns (``leader``, ``rater``), then
``Response Type, Start Date (UTC), Stage Date (UTC), Submit Date (UTC), Network ID, Tags``.

``Response Type`` ``partial`` (or, in older exports without it, an empty submit date) is an
unfinished response: left out unless partials are kept. Times are UTC.
"""

from __future__ import annotations

from dashboard.ingest.source import Source
from dashboard.ingest.tools.base import FileColumn, LayoutMatch, LeaveOut, Tool, ToolRules, padded, row
from dashboard.ingest.vocab import norm_header


def recognise(src: Source) -> LayoutMatch | None:
    first = row(src, 0)
    keys = {norm_header(c) for c in first}
    if first and first[0] == "#" and "submit_date_utc" in keys:
        return LayoutMatch("typeform", 0.97, 1, "# (response token) first and Submit Date (UTC)",
                           "pulse", tool=True)
    return None


def first_record(keys: list[str], cells: list[str]) -> bool:
    return bool(cells) and cells[0].strip() == "#" and "submit_date_utc" in keys


def columns(src: Source, _match: LayoutMatch, width: int) -> list[FileColumn]:
    """One header record; the ``#`` column (the response token) is keyed ``response_token``."""
    return [FileColumn(i, "response_token" if h == "#" else norm_header(h), h, h)
            for i, h in enumerate(padded(src, 0, width))]


TOOL = Tool(
    layout="typeform",
    name="Typeform",
    title="Typeform responses (# token first, questions, then Response Type and Submit Date (UTC))",
    expected="# (first), one column per question, hidden fields, Response Type, "
             "Start Date (UTC), Submit Date (UTC), Network ID",
    recognise=recognise,
    first_record=first_record,
    rules=ToolRules(
        fields={"response_id": (("response_token",),), "submitted_at": (("submit_date_utc",),),
                "respondent_id": ()},
        meta=frozenset({"response_type", "start_date_utc", "stage_date_utc", "tags"}),
        personal=frozenset({"network_id"}),
        submitted_fallback=("stage_date_utc",),
    ),
    columns=columns,
    leave_out=(
        LeaveOut.of(("response_type",), "unfinished", ("partial", "started"), partial=True),
        LeaveOut.of(("submit_date_utc",), "unfinished", when_empty=True, partial=True),
    ),
)
