"""Microsoft Viva Glint raw survey export: ``First Name, Last Name, Email, Status, <employee
id>, Manager ID, Survey Cycle Completion Date, Survey Cycle Sent Date``, then four columns per
item: ``<item>``, ``<item>_COMMENT``, ``<item>_COMMENT_TOPICS``,
``<item>_SENSITIVE_COMMENT_FLAG``.

The employee-id column is named by the organisation (``EMP ID``, ``Employee ID``,
``EmployeeID``): the usual names are proposed, any other is given with ``--map``. An empty
completion date is an invitation never answered: left out. Cycle dates are day-first.
"""

from __future__ import annotations

from dashboard.ingest.source import Source
from dashboard.ingest.tools.base import (
    FileColumn,
    LayoutMatch,
    LeaveOut,
    Tool,
    ToolRules,
    one_row_columns,
    row,
)
from dashboard.ingest.vocab import norm_header

SUFFIXES = ("_COMMENT_TOPICS", "_SENSITIVE_COMMENT_FLAG", "_COMMENT")
EMPLOYEE_IDS = ("emp_id", "employee_id", "employeeid", "emp_no", "employee_number")


def recognise(src: Source) -> LayoutMatch | None:
    first = row(src, 0)
    keys = {norm_header(c) for c in first}
    comments = [c for c in first if c.upper().endswith("_COMMENT")]
    if {"emp_id", "survey_cycle_completion_date"} <= keys:
        return LayoutMatch("viva_glint", 0.97, 1,
                           "EMP ID and Survey Cycle Completion Date columns", "pulse", tool=True)
    if {"survey_cycle_completion_date", "survey_cycle_sent_date"} <= keys:
        return LayoutMatch("viva_glint", 0.95, 1,
                           "Survey Cycle Completion Date and Survey Cycle Sent Date columns",
                           "pulse", tool=True)
    if comments and all(c[: -len("_COMMENT")] in first for c in comments) and keys & set(EMPLOYEE_IDS):
        return LayoutMatch("viva_glint", 0.85, 1, "an employee id and <item>_COMMENT columns",
                           "pulse", tool=True)
    return None


def first_record(keys: list[str], _cells: list[str]) -> bool:
    return "survey_cycle_completion_date" in keys


def item(header: str) -> tuple[str, str] | None:
    """(item, suffix) for a ``<item>_COMMENT``-style column, else None."""
    upper = header.upper()
    for suffix in SUFFIXES:
        if upper.endswith(suffix) and len(header) > len(suffix):
            return header[: -len(suffix)], suffix
    return None


def named_role(col: FileColumn) -> str | None:
    found = item(col.header)
    if found:
        return "comment" if found[1] == "_COMMENT" else "extra"
    return None


TOOL = Tool(
    layout="viva_glint",
    name="Viva Glint",
    title="Viva Glint raw survey export (employee id, Manager ID, items with _COMMENT columns)",
    expected="First Name, Last Name, Email, Status, EMP ID, Manager ID, "
             "Survey Cycle Completion Date, then <item>, <item>_COMMENT ... (the employee id "
             "may be named Employee ID)",
    recognise=recognise,
    first_record=first_record,
    rules=ToolRules(
        fields={"submitted_at": (("survey_cycle_completion_date",),),
                "respondent_id": (EMPLOYEE_IDS,),
                "leader_id": (("manager_id",),)},
        meta=frozenset({"status", "survey_cycle_sent_date"}),
        personal=frozenset({"first_name", "last_name", "email"}),
        derive_id_from=(*EMPLOYEE_IDS, "survey_cycle_sent_date"),
        derive_with=("survey_cycle_completion_date",),
        anonymous=False,
    ),
    columns=one_row_columns,
    named_role=named_role,
    leave_out=(LeaveOut.of(("survey_cycle_completion_date",), "never completed", when_empty=True),),
)
