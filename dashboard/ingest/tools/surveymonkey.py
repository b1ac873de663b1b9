"""SurveyMonkey "All individual responses" (CSV or XLSX): question texts over a row of
sub-labels (``Response``, ``Open-Ended Response``, a matrix row or a choice); metadata
``Respondent ID, Collector ID, Start Date, End Date, IP Address, Email Address, First Name,
Last Name, Custom Data 1..N``.

The export has no status column: an unfinished response shows only as blank answers, so
none is left out by a rule (a row with no answer at all has nothing to store). ``Custom
Data N`` is where a link collector passes the leader and the relationship: proposed from
its values (see :func:`dashboard.ingest.propose`), otherwise kept as extra. ``N/A`` (a
matrix column) is no answer.
"""

from __future__ import annotations

from dashboard.ingest.source import Source
from dashboard.ingest.tools.base import FileColumn, LayoutMatch, Tool, ToolRules, padded, row
from dashboard.ingest.vocab import norm_header

_GENERIC = frozenset({"", "response", "open_ended_response"})


def recognise(src: Source) -> LayoutMatch | None:
    keys = {norm_header(c) for c in row(src, 0)}
    if not {"respondent_id", "collector_id"} <= keys:
        return None
    subs = {norm_header(c) for c in row(src, 1)}
    first_filled = [c for c in row(src, 1)[:2] if c]
    if subs & {"response", "open_ended_response"} or (not first_filled and len(src.header_rows) > 2):
        return LayoutMatch("surveymonkey", 0.97, 2,
                           "Respondent ID and Collector ID over a row of response sub-labels",
                           "pulse", tool=True)
    return LayoutMatch("surveymonkey", 0.8, 1, "Respondent ID and Collector ID (one header row)",
                       "pulse", tool=True)


def first_record(keys: list[str], _cells: list[str]) -> bool:
    return {"respondent_id", "collector_id"} <= set(keys)


def columns(src: Source, match: LayoutMatch, width: int) -> list[FileColumn]:
    """Question text carried across the blank cells of a multi-column question, plus its
    sub-label (a matrix row or a choice) unless the sub-label is just 'Response'."""
    if match.header_records < 2:
        first = padded(src, 0, width)
        return [FileColumn(i, norm_header(h), h, h) for i, h in enumerate(first)]
    questions, subs = padded(src, 0, width), padded(src, 1, width)
    found = []
    current = ""
    for i in range(width):
        if questions[i]:
            current = questions[i]
        sub = subs[i]
        generic = norm_header(sub) in _GENERIC
        header = current if generic else (f"{current} - {sub}" if current else sub)
        key = norm_header(current) + ("" if generic else "/" + norm_header(sub))
        found.append(FileColumn(i, key, header, header, row_label=None if generic else sub))
    return found


TOOL = Tool(
    layout="surveymonkey",
    name="SurveyMonkey",
    title="SurveyMonkey export (2 header rows: questions, then sub-labels)",
    expected="Respondent ID, Collector ID, Start Date, End Date, then a second header row "
             "of 'Response' / 'Open-Ended Response' sub-labels",
    recognise=recognise,
    first_record=first_record,
    rules=ToolRules(
        fields={"response_id": (("respondent_id",),), "submitted_at": (("end_date",),),
                "respondent_id": (("email_address",),)},
        meta=frozenset({"collector_id", "start_date"}),
        meta_prefixes=("custom_data",),
        personal=frozenset({"ip_address", "email_address", "first_name", "last_name"}),
    ),
    columns=columns,
    na_codes=frozenset({"n_a"}),
)
