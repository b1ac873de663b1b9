"""Microsoft Forms responses (the XLSX download, or a CSV saved from it): ``ID, Start time,
Completion time, Email, Name, [Total points, Quiz feedback,] Last modified time``, then one
column per question (``Points - Q`` and ``Feedback - Q`` after each in a quiz).

``Email`` is ``anonymous`` when the form records no names: never a respondent key (each such
response counts as its own respondent). A CSV saved by US Excel has two-digit years.
"""

from __future__ import annotations

from dashboard.ingest.source import Source
from dashboard.ingest.tools.base import (
    FileColumn,
    LayoutMatch,
    Tool,
    ToolRules,
    keys_of,
    one_row_columns,
)


def recognise(src: Source) -> LayoutMatch | None:
    if keys_of(src)[:3] != ["id", "start_time", "completion_time"]:
        return None
    confidence = 0.97 if src.container == "xlsx" else 0.9
    return LayoutMatch("microsoft_forms", confidence, 1,
                       "ID, Start time, Completion time as the first columns", "pulse", tool=True)


def first_record(keys: list[str], _cells: list[str]) -> bool:
    return keys[:3] == ["id", "start_time", "completion_time"]


def named_role(col: FileColumn) -> str | None:
    """A quiz's ``Points - Q`` and ``Feedback - Q`` columns are bookkeeping, not answers."""
    return "extra" if col.header.startswith(("Points - ", "Feedback - ")) else None


TOOL = Tool(
    layout="microsoft_forms",
    name="Microsoft Forms",
    title="Microsoft Forms responses (ID, Start time, Completion time, Email, Name)",
    expected="ID, Start time, Completion time, Email, Name, then one column per question",
    recognise=recognise,
    first_record=first_record,
    rules=ToolRules(
        fields={"response_id": (("id",),), "submitted_at": (("completion_time",),),
                "respondent_id": (("email",),)},
        meta=frozenset({"start_time", "last_modified_time", "total_points", "quiz_feedback"}),
        personal=frozenset({"email", "name", "name1", "name2"}),
    ),
    columns=one_row_columns,
    named_role=named_role,
)
