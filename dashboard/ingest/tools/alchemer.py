"""Alchemer (formerly SurveyGizmo) CSV export: ``Response ID, Time Started, Date Submitted,
Status, Contact ID, Legacy Comments, Comments, Language, Referer, SessionID, User Agent,
Tags, IP Address, Longitude, Latitude, Country, City, State/Region, Postal``, then the
questions (a grid row as ``Row:Question``).

``Status`` ``Disqualified`` or ``Deleted`` and test data (a ``Test Data`` flag, a status
"(Test Data)", a ``test`` tag) are left out always; ``Partial`` unless partials are kept.
Times are US Eastern as Alchemer writes them; files are often Windows-1252.
"""

from __future__ import annotations

from dashboard.ingest.source import Source
from dashboard.ingest.tools.base import (
    FileColumn,
    LayoutMatch,
    LeaveOut,
    Tool,
    ToolRules,
    keys_of,
    padded,
)
from dashboard.ingest.vocab import norm_header


def recognise(src: Source) -> LayoutMatch | None:
    keys = set(keys_of(src))
    if {"response_id", "time_started", "date_submitted", "status"} <= keys:
        return LayoutMatch("alchemer", 0.95, 1,
                           "Response ID, Time Started, Date Submitted, Status columns", "pulse",
                           tool=True)
    return None


def first_record(keys: list[str], _cells: list[str]) -> bool:
    return {"response_id", "time_started", "date_submitted", "status"} <= set(keys)


def columns(src: Source, _match: LayoutMatch, width: int) -> list[FileColumn]:
    """A grid row ``My leader listens:How far do you agree?`` names its row first."""
    found = []
    for i, header in enumerate(padded(src, 0, width)):
        row_label, sep, _question = header.partition(":")
        found.append(FileColumn(i, norm_header(header), header, header,
                                row_label=row_label.strip() if sep and row_label.strip() else None))
    return found


TOOL = Tool(
    layout="alchemer",
    name="Alchemer",
    title="Alchemer / SurveyGizmo export (Response ID, Time Started, Date Submitted, Status ...)",
    expected="Response ID, Time Started, Date Submitted, Status, Contact ID, Language, ..., "
             "then the questions",
    recognise=recognise,
    first_record=first_record,
    rules=ToolRules(
        fields={"response_id": (("response_id",),), "submitted_at": (("date_submitted",),),
                "respondent_id": (("contact_id",),)},
        meta=frozenset({"time_started", "status", "language", "legacy_comments", "tags",
                        "test_data", "is_test_data"}),
        personal=frozenset({"referer", "extended_referer", "session_id", "sessionid", "user_agent",
                            "extended_user_agent", "ip_address", "longitude", "latitude",
                            "country", "city", "state_region", "postal"}),
        submitted_fallback=("time_started",),
    ),
    columns=columns,
    leave_out=(
        LeaveOut.of(("status",), "disqualified", ("Disqualified",)),
        LeaveOut.of(("status",), "deleted", ("Deleted",)),
        LeaveOut.of(("status",), "test", ("Complete (Test Data)", "Partial (Test Data)",
                                          "Test Data", "Test")),
        LeaveOut.of(("test_data", "is_test_data"), "test", ("1", "true", "yes")),
        LeaveOut.of(("tags",), "test", ("test",)),
        LeaveOut.of(("status",), "unfinished", ("Partial",), partial=True),
    ),
)
