"""Problems found in an export, worded for the analyst as ``FILE:LINE: column: reason``.

The SQL checks return short codes (``unknown|boss``); this module turns them into sentences.
Survey answers and respondent ids never appear in a message, so messages are safe to log.
"""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.ingest.vocab import CATEGORIES, RUBRIC_DIMENSIONS, SCALES, suggest_category


@dataclass
class Problem:
    """One problem. ``rec`` is the record's position in the file (0 = first header record)
    until :func:`dashboard.ingest.pipeline` turns it into ``line``."""

    column: str
    reason: str
    rec: int | None = None
    record_no: int | None = None  # DuckDB's 1-based record number (reader rejects)
    line: int | None = None
    other_rec: int | None = None
    other_line: int | None = None
    code: str = ""  # what kind of problem (the SQL check's code, 'conflict', 'person_leader_id' ...)
    value: str | None = None  # the value a recode would settle (an unknown category, a course title)
    choices: tuple[str, ...] = ()  # what it could be recoded to, most likely first (modules)

    def format(self, file_name: str, position_word: str = "line") -> str:
        where = f"{file_name}:{self.line}" if self.line is not None else file_name
        reason = self.reason
        if self.other_line is not None:
            reason = reason.replace("{other}", f"{position_word} {self.other_line}")
        return f"{where}: {self.column}: {reason}"

    def as_dict(self) -> dict[str, object]:
        return {"line": self.line, "column": self.column, "reason": self.reason}


def _expected(field: str) -> str:
    return ", ".join(CATEGORIES[field])


def _scale_range(scale: str) -> str:
    low, high = SCALES.get(scale, (None, None))
    return f"{scale} ({low}–{high})" if low is not None else scale


def describe(field: str, code: str) -> str:
    """The sentence for a problem code produced by the ingest SQL."""
    name, _, value = code.partition("|")
    shown = f"'{value}'" if value else "(empty)"
    if name == "missing":
        return "required value missing"
    if name == "unknown":
        if field not in CATEGORIES:
            return f"unknown {field.replace('_', ' ')} {shown}"
        text = f"unknown {field.replace('_', ' ')} {shown} (expected {_expected(field)})"
        if not value:
            return text
        guess = suggest_category(field, value)
        if not guess:
            return text
        return f'{text}; it looks like {guess}: map it with --recode {field}="{value}={guess}"'

    if name == "bad_date":
        return f"cannot read date {shown} (use YYYY-MM-DD, or one consistent M/D/YYYY or D/M/YYYY form)"
    if name == "bad_period":
        return f"cannot read period {shown} (expected YYYY-MM)"
    if name == "bad_number":
        return f"not a number: {shown}"
    if name == "negative":
        return "negative value where only zero or more makes sense"
    if name == "exit_before_hire":
        return "exit date is before hire date"
    if name == "end_before_start":
        return "end date is before start date"
    if name == "unknown_scale":
        return f"unknown scale {shown} (expected {', '.join(SCALES)})"
    if name == "not_yes_no":
        return f"expected yes or no, got {shown}"
    if name == "label_outside_scale":
        return f"a label's number is outside the {_scale_range(value)} scale"
    if name == "missing_member_cohort":
        return ("cohort missing: a member takes their leader's cohort only when the leader is "
                "in this file or already in the roster")
    if name == "missing_rater_type":
        return ("rater type missing, and the roster does not tell (the respondent is neither the "
                "leader nor one of the leader's team)")
    if name == "missing_leader":
        return ("leader missing, and the roster does not tell (the respondent is not a member "
                "with a leader)")
    if name == "inconsistent_response":
        return ("the rows of this response disagree on submitted_at, respondent, rater type or "
                "leader")
    if name == "unknown_question":
        return f"unknown question {shown} (add it to the question catalogue first)"
    if name == "bad_answer":
        return f"answer is neither a number nor a {value} label"
    if name == "not_whole":
        return f"answer is not a whole number on the {_scale_range(value)} scale"
    if name == "out_of_range":
        return f"answer is outside the {_scale_range(value)} scale"
    if name == "unknown_dimension":
        return f"unknown rubric dimension {shown} (expected {', '.join(RUBRIC_DIMENSIONS)})"
    if name == "bad_level":
        return (f"unknown rubric level {shown} (expected Not Evident, Emerging, Consistent, "
                "Mastery or 1–4)")
    if name == "missing_completion":
        return "completed_at missing for a completed activity (give the date or a status)"
    return code


_POINTS = {"likert4": "4-point", "likert5": "5-point", "likert7": "7-point", "nps11": "0–10"}


def out_of_scale(answer: str, question_id: str, scale: str, *, new_question: bool, tool: bool = True) -> str:
    """An answer outside its question's scale, with the fix: the smallest scale that holds the
    answer, given with ``--scale`` for a question the file brings (or on the Data page's mapping
    form), or as another question of the catalogue for one it already holds (mapped to the column
    of a tool's export, or named by a canonical file's column) — never squeezed."""
    shown = answer.strip()
    high = SCALES.get(scale, (None, None))[1]
    kind = "question of the catalogue" if not new_question else "question"
    head = (f"answer {shown} on {question_id!r}, a {_POINTS.get(scale, scale)} {kind}, is outside the "
            f"{_scale_range(scale)} scale")
    try:
        number = float(shown)
    except ValueError:
        number = None
    wider = [name for name in ("likert7", "nps11") if number is not None and high is not None
             and SCALES[name][0] <= number <= SCALES[name][1] and SCALES[name][1] > high]
    if not wider:
        return f"{head}: no scale goes that far; correct the answer in the file"
    fit = wider[0]
    used = f"if the survey used a {_POINTS[fit]} scale"
    if new_question:
        return (f"{head}: {used}, give --scale {question_id}={fit}, or choose the scale on the Data "
                "page's mapping form; else correct the answer in the file")
    how = ("map the column to it (--map question:ID=COLUMN, or on the Data page's mapping form)" if tool
           else "give the column its id")
    return (f"{head}: {used}, it is another question — add one with scale {fit} to the question "
            f"catalogue and {how}; else correct the answer in the file")


def reject_reason(error_type: str, message: str) -> str:
    """A sentence for a record DuckDB's reader could not split into the header's columns."""
    kind = error_type.upper()
    detail = message.strip().splitlines()[0] if message else ""
    if kind in ("TOO MANY COLUMNS", "MISSING COLUMNS"):
        counts = detail.replace("Expected Number of Columns", "expected").replace("Found", "found")
        return f"wrong number of fields ({counts})"
    if kind == "UNQUOTED VALUE":
        return "a quote is not closed or stray text follows a closing quote"
    if kind == "LINE SIZE OVER MAXIMUM":
        return "the line is too long (over 16 MB)"
    if kind == "INVALID UNICODE":
        return "the line holds bytes that are not valid text in the file's encoding"
    return f"cannot read this line ({kind.lower()}: {detail})"
