"""A survey tool's export as the Data page shows its proposed mapping, and the analyst's edits.

``dashboard.ingest.propose`` decides what a file is and how its columns map onto pulse data;
this module lays that ``Detection`` out for reading (the layout and how sure we are, field ←
column, the questions with their scales, kept and dropped columns, what still needs a
decision — in the page's words, not the command line's) and turns the analyst's choices into
the importer's own edits: ``--map FIELD=#N``, ``--set FIELD=VALUE``, ``--scale ID=SCALE`` and
``--save-profile NAME``. The page then previews again (a dry run) with those edits.

Plain Python: no Streamlit, so it is tested with real exports and a real database.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

import pandas as pd

from dashboard.ingest.detection import PULSE_FIELDS, Detection
from dashboard.ingest.layouts import LAYOUT_NAMES, TOOL_LAYOUTS
from dashboard.ingest.pipeline import ImportResult
from dashboard.ingest.uploads import Upload
from dashboard.ingest.vocab import CATEGORIES, SCALES, suggest_category

FIELD_LABELS = {
    "response_id": "Response id",
    "submitted_at": "Submitted at",
    "respondent_id": "Respondent",
    "rater_type": "Rater type",
    "leader_id": "Leader",
    "period": "Month (period)",
    "comment": "Comment",
}
# Fields one value can stand for in a whole file (a file per leader, per rater group, per month).
CONSTANT_FIELDS = ("leader_id", "rater_type", "period")
RATER_TYPES = ("direct_report", "peer", "self")
SCALE_LABELS = {"likert4": "1–4 (likert4)", "likert5": "1–5 (likert5)", "likert7": "1–7 (likert7)",
                "nps11": "0–10 (nps11)"}


@dataclass(frozen=True)
class MappingEdits:
    """The analyst's word on one file, as the form on the Data page holds it.

    ``columns`` names a field's column by position (0-based; repeated headers stay
    distinct) — or what another column is: a question id, ``extra`` or ``drop`` —
    ``constants`` one value for the whole file, ``scales`` a new question's scale,
    and ``profile`` the name to save the confirmed mapping under (which also confirms the new
    questions, as ``--save-profile`` does).
    """

    columns: tuple[tuple[str, int], ...] = ()
    constants: tuple[tuple[str, str], ...] = ()
    scales: tuple[tuple[str, str], ...] = ()
    profile: str = ""

    def overrides(self) -> tuple[tuple[str, str], ...]:
        """``--map FIELD=#N`` pairs: positions, so repeated column names are never ambiguous."""
        return tuple((name, f"#{index + 1}") for name, index in self.columns)

    def applied_to(self, upload: Upload) -> Upload:
        """The upload carrying these edits to the preview and the import."""
        return dataclasses.replace(upload, overrides=self.overrides(), constants=self.constants,
                                   scales=self.scales, save_profile=self.profile.strip() or None)

    @property
    def empty(self) -> bool:
        return not (self.columns or self.constants or self.scales or self.profile.strip())


def from_tool(detection: Detection | None) -> bool:
    """A survey tool's export: the one whose mapping the analyst confirms on the page."""
    return detection is not None and detection.layout in TOOL_LAYOUTS


def _sure(value: float) -> str:
    return f"{round(value * 100):.0f}%"


def layout_text(det: Detection) -> str:
    """'Qualtrics CSV (…) — recognised 99% sure: third header row holds …'."""
    name = LAYOUT_NAMES.get(det.layout or "", det.layout or "unknown layout")
    return f"{name} — recognised {_sure(det.layout_confidence)} sure: {det.evidence}"


def confidence_text(det: Detection) -> str:
    """How sure the whole proposal is: the weakest decision, in words."""
    score = det.confidence
    word = "high" if score >= 0.9 else "medium" if score >= 0.75 else "low"
    advice = {"high": "nothing looks uncertain",
              "medium": "check the choices marked below 90%",
              "low": "check the choices marked below 90% before importing"}[word]
    return f"Mapping confidence {_sure(score)} ({word}): {advice}."


def basis_text(basis: str) -> str:
    """What a decision was based on, with the command line's flags said as the page's choices."""
    if basis.startswith("--set"):
        return "your choice: one value for the whole file"
    if basis.startswith(("--map", "--scale")):
        rest = basis.partition(";")[2].strip()
        return f"your choice ({rest})" if rest else "your choice"
    return basis


def fields_frame(det: Detection) -> pd.DataFrame:
    """Field ← where it comes from, what that is based on, and how sure it is."""
    rows = []
    for name in PULSE_FIELDS:
        choice = det.fields.get(name)
        if choice is None and name in ("period", "comment"):
            continue  # optional and not in the file: nothing to say
        rows.append({
            "Field": FIELD_LABELS[name],
            "Comes from": det.field_text(name),
            "Based on": basis_text(choice.basis) if choice else "",
            "Sure": _sure(choice.confidence) if choice else "—",
        })
    return pd.DataFrame(rows, columns=["Field", "Comes from", "Based on", "Sure"])


def questions_frame(det: Detection) -> pd.DataFrame:
    """Each question column: the question it answers, its scale, new or in the catalogue."""
    rows = []
    for q in det.questions:
        if not q.new:
            state = "in the catalogue"
        else:
            state = "new, confirmed" if q.confirmed else "new: confirm by naming a profile"
        rows.append({
            "Column": det.header(q.column),
            "Question id": q.question_id,
            "Question": q.text,
            "Scale": SCALE_LABELS.get(q.scale, q.scale or "unknown"),
            "Recoded": ", ".join(f"{label}→{value}" for label, value in q.label_map) or "",
            "Status": state,
            "Based on": basis_text(q.basis),
            "Sure": _sure(q.confidence),
        })
    return pd.DataFrame(rows, columns=["Column", "Question id", "Question", "Scale", "Recoded",
                                       "Status", "Based on", "Sure"])


def column_label(det: Detection, index: int) -> str:
    """'#5 · EndDate' — the position keeps repeated names apart."""
    return f"#{index + 1} · {det.header(index)}"


def proposed_columns(det: Detection, name: str) -> list[int]:
    """The columns the proposal (or a profile) reads a field from, first choice first."""
    choice = det.fields.get(name)
    return [] if choice is None or choice.derived else list(choice.columns)


def new_questions(det: Detection) -> list[tuple[str, str, str]]:
    """(question id, column header, current scale) of every question the catalogue lacks."""
    return [(q.question_id, det.header(q.column), q.scale) for q in det.questions if q.new]


def scale_options() -> list[str]:
    return list(SCALES)


# What the importer says for the command line, and what the Data page's form offers instead.
_PAGE_WORDS = (
    (re.compile(r"; choose one with --map \w+=COLUMN$"), " — choose one under Fields below"),
    (re.compile(r"; name one with --map \w+=COLUMN$"), " — choose its column under Fields below"),
    (re.compile(r"; map a column \(--map \w+=COLUMN\), set one value for the whole file "
                r"\(--set \w+=\w+\), or import the roster first$"),
     " — choose its column or set one value for the whole file below, or import the roster "
     "first"),
    (re.compile(r"^new questions to confirm \((\d+)\): .*They are not in the question "
                r"catalogue; check them .*$", re.S),
     r"New questions to confirm (\1): they are not in the question catalogue — check their "
     r"scales below and name a profile to confirm them (or import the question catalogue first)"),
    (re.compile(r"; give it with --scale \S+$"), " — choose its scale below"),
    (re.compile(r"; map one with --map QUESTION_ID=COLUMN$"),
     "; this export holds no answers the dashboard can use"),
)


def page_words(problem: str) -> str:
    """One of the importer's open decisions, pointing at the page's form instead of a flag."""
    text = problem
    for pattern, replacement in _PAGE_WORDS:
        text = pattern.sub(replacement, text)
    name, _, rest = text.partition(": ")
    if name in FIELD_LABELS and rest:
        text = f"{FIELD_LABELS[name]}: {rest}"
    return text


@dataclass(frozen=True)
class RecodeChoice:
    """One value of a categorical field (or a course title) the import does not know, with
    what it most likely means — for the analyst to confirm on the page."""

    field: str
    value: str
    proposed: str | None
    options: tuple[str, ...]
    rows: int


def recode_choices(result: ImportResult) -> list[RecodeChoice]:
    """The values the last check could not read, one choice each: unknown categories (rater
    type, arm, assessor type, activity, status, exit reason) and course titles that are no
    module id (offered the closest modules first)."""
    counts: dict[tuple[str, str], int] = {}
    for problem in result.problems:
        if problem.value is None:
            continue
        name = "module_id" if problem.code == "unknown_module" else problem.code.partition(":")[0]
        counts[(name, problem.value)] = counts.get((name, problem.value), 0) + 1
    choices = []
    options = {(p.value, p.code): p.choices for p in result.problems if p.value is not None}
    for (name, value), rows in counts.items():
        if name == "module_id":
            close = options.get((value, "unknown_module"), ())
            choices.append(RecodeChoice(name, value, close[0] if close else None, close, rows))
        elif name in CATEGORIES:
            choices.append(RecodeChoice(name, value, suggest_category(name, value), tuple(CATEGORIES[name]), rows))
    return choices


def open_decisions(det: Detection) -> list[str]:
    """What still blocks the import, each with where on the page it is settled."""
    return [page_words(problem) for problem in det.problems]
