"""Culture Amp raw data extract (a file Culture Amp provides on request): one row per
response, ``Response ID``, the person (``Employee ID`` or e-mail, in a full extract), the
demographics, ``Submitted At``, then one column per question with text answers.

Its layout is not published; recognised by ``Response ID`` with ``Submitted At`` (or
``Completed At``) and no other tool's signature. A de-identified extract has no person
column: each response counts as its own respondent, and leader-level figures need the
roster or ``--set``.
"""

from __future__ import annotations

from dashboard.ingest.mapping import guess_kinds
from dashboard.ingest.source import Source
from dashboard.ingest.tools.base import LayoutMatch, Tool, ToolRules, keys_of, one_row_columns


def recognise(src: Source) -> LayoutMatch | None:
    keys = set(keys_of(src))
    if any(g.complete for g in guess_kinds(src.header_rows[0])):
        return None  # a canonical pulse file
    if "response_id" in keys and keys & {"submitted_at", "completed_at", "submitted"} \
            and not keys & {"time_started", "status", "start_date", "respondent_id", "rater_type",
                            "leader_id"}:  # other tools, or a canonical pulse file missing a column
        return LayoutMatch("culture_amp", 0.8, 1,
                           "Response ID and Submitted At with demographic columns", "pulse",
                           tool=True)
    return None


def first_record(keys: list[str], cells: list[str]) -> bool:
    return ("response_id" in keys and bool(set(keys) & {"submitted_at", "completed_at"})
            and not set(keys) & {"respondent_id", "rater_type", "leader_id"}
            and not any(g.complete for g in guess_kinds(cells)))


TOOL = Tool(
    layout="culture_amp",
    title="Culture Amp raw data extract (Response ID, person, demographics, Submitted At, questions)",
    expected="Response ID, Employee ID (or Email), demographics, Submitted At, then the questions",
    recognise=recognise,
    first_record=first_record,
    rules=ToolRules(
        fields={"response_id": (("response_id",),),
                "submitted_at": (("submitted_at", "completed_at", "submitted"),),
                "respondent_id": (("employee_id", "employee_number"), ("email",))},
        meta=frozenset({"department", "division", "location", "country", "job_title",
                        "tenure", "level", "gender", "region"}),
        personal=frozenset({"email", "name", "first_name", "last_name", "preferred_name",
                            "date_of_birth"}),
    ),
    columns=one_row_columns,
)
