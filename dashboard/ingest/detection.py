"""What a proposal says about a file, in a form the CLI prints, the Data page edits and a
profile stores: the layout, where each canonical field comes from, the question columns,
the kept and dropped columns, and what still blocks the import.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

import duckdb

from dashboard.ingest.kinds import KINDS, PULSE
from dashboard.ingest.layouts import LAYOUT_NAMES, FileColumn
from dashboard.ingest.leave_out import LeftOut
from dashboard.ingest.mapping import Plan, question_index
from dashboard.ingest.values import ColumnStats
from dashboard.ingest.vocab import norm_header, norm_token
from dashboard.store import sql

PULSE_FIELDS = tuple(f.name for f in PULSE.required + PULSE.optional)
ROLE_TARGETS = ("extra", "drop")


class ProposalError(Exception):
    """A mapping request that cannot be carried out (unknown profile, column or field)."""


@dataclass
class FieldChoice:
    """Where one canonical field comes from."""

    columns: list[int] = field(default_factory=list)  # first non-blank wins; comment: all joined
    constant: str | None = None  # --set: one value for the whole file
    derived: bool = False  # response id: a salted hash of the columns
    anonymous: bool = False  # respondent: a response without identity is its own respondent
    from_roster: bool = False  # leader / rater type: per row from the stored roster
    basis: str = ""
    confidence: float = 1.0


@dataclass
class QuestionChoice:
    """One question column: which catalogue question it answers, or the new one it adds."""

    column: int
    question_id: str
    text: str
    scale: str
    label_map: tuple[tuple[str, int], ...] = ()
    new: bool = True
    confirmed: bool = False
    basis: str = ""
    confidence: float = 1.0


@dataclass
class Detection:
    """What ``detect`` shows and the Data page edits: layout, mapping, and what blocks import."""

    file_name: str
    layout: str | None
    layout_confidence: float = 0.0
    evidence: str = ""
    kind: str | None = None
    header_records: int = 1
    columns: list[FileColumn] = field(default_factory=list)
    fields: dict[str, FieldChoice] = field(default_factory=dict)
    questions: list[QuestionChoice] = field(default_factory=list)
    roles: dict[int, str] = field(default_factory=dict)  # extra, dropped or empty
    fingerprint: str = ""
    profile: str | None = None
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    plan: Plan | None = None
    decimal_comma: bool = False
    rows: int = 0
    stats: dict[int, ColumnStats] = field(default_factory=dict, repr=False)
    ambiguous: dict[str, list[int]] = field(default_factory=dict)
    left_out: LeftOut = field(default_factory=LeftOut, repr=False)  # non-responses, totals rows

    @property
    def ready(self) -> bool:
        """Nothing needs deciding: ``ingest`` would go ahead."""
        return self.plan is not None and not self.problems

    @property
    def confidence(self) -> float:
        """The layout's confidence, lowered by the least certain mapping decision."""
        scores = [self.layout_confidence]
        scores += [c.confidence for c in self.fields.values()]
        scores += [q.confidence for q in self.questions]
        return round(min(scores), 2) if self.layout else 0.0

    def header(self, index: int) -> str:
        return self.columns[index].display

    @property
    def dropped(self) -> list[str]:
        return [self.header(i) for i, role in sorted(self.roles.items()) if role == "dropped"]

    @property
    def kept(self) -> list[str]:
        return [self.header(i) for i, role in sorted(self.roles.items()) if role == "extra"]

    @property
    def new_questions(self) -> list[QuestionChoice]:
        return [q for q in self.questions if q.new]

    def field_text(self, name: str) -> str:
        """How a field is filled, in words (one line of ``detect``)."""
        choice = self.fields.get(name)
        if choice is None:
            return "(not in the file)"
        if choice.constant is not None:
            return f"= {choice.constant} (set for the whole file)"
        headers = [self.header(i) for i in choice.columns]
        if choice.derived:
            return "derived: salted hash of " + " + ".join(headers)
        if choice.from_roster and not headers:
            return "from the roster, through the respondent"
        joined = (" + " if name == "comment" else ", else ").join(headers)
        if choice.anonymous:
            joined = (joined + ", else " if joined else "") + "the response itself (anonymous)"
        return joined

    def to_dict(self) -> dict[str, Any]:
        """Everything ``detect --format json`` prints."""
        return {
            "file": self.file_name,
            "layout": self.layout,
            "layout_name": LAYOUT_NAMES.get(self.layout or "", None),
            "evidence": self.evidence,
            "confidence": self.confidence,
            "kind": self.kind,
            "header_records": self.header_records,
            "rows": self.rows,
            "profile": self.profile,
            "fingerprint": self.fingerprint,
            "fields": {name: {
                "columns": [self.header(i) for i in choice.columns],
                "constant": choice.constant,
                "derived": choice.derived,
                "anonymous": choice.anonymous,
                "from_roster": choice.from_roster,
                "basis": choice.basis,
                "confidence": round(choice.confidence, 2),
            } for name, choice in self.fields.items()},
            "questions": [{
                "column": self.header(q.column),
                "question_id": q.question_id,
                "text": q.text,
                "scale": q.scale,
                "recode": {label: value for label, value in q.label_map} or None,
                "new": q.new,
                "confirmed": q.confirmed,
                "basis": q.basis,
                "confidence": round(q.confidence, 2),
            } for q in self.questions],
            "kept": self.kept,
            "dropped": self.dropped,
            "decimal_comma": self.decimal_comma,
            "left_out": self.left_out.counts(),
            "ready": self.ready,
            "problems": list(self.problems),
            "notes": list(self.notes),
        }

    def to_text(self) -> str:
        """The proposal as an analyst reads it in a terminal."""
        if not self.layout:
            return "\n".join([f"{self.file_name}: layout not recognised", *self.problems])
        lines = [
            f"file: {self.file_name}",
            f"layout: {self.layout} — {LAYOUT_NAMES[self.layout]}",
            f"  evidence: {self.evidence}",
            f"confidence: {self.confidence:.2f}",
            f"kind: {self.kind}, {self.rows} data rows after {self.header_records} header row(s)"
            + (f"; {self.left_out.summary()}" if self.left_out else ""),
            "profile: " + (self.profile or "none"),
        ]
        shown = self._shown_fields()
        if shown:
            lines.append("fields:")
            width = max(len(name) for name in shown)
            for name in shown:
                choice = self.fields.get(name)
                basis = f"  [{choice.basis}]" if choice and choice.basis else ""
                lines.append(f"  {name.ljust(width)} <- {self.field_text(name)}{basis}")
        if self.questions:
            lines.append("questions:")
            for q in self.questions:
                state = ("new, confirmed" if q.confirmed else "new, to confirm") if q.new \
                    else "in the catalogue"
                recode = ""
                if q.label_map:
                    recode = ", recode " + " ".join(f"{label}->{value}" for label, value in q.label_map)
                lines.append(f"  {self.header(q.column)} -> {q.question_id} ({q.scale}{recode}; "
                             f"{state}; {q.basis})")
        if self.kept:
            lines.append("kept as extra: " + ", ".join(self.kept))
        if self.dropped:
            lines.append("dropped (personal data): " + ", ".join(self.dropped))
        lines += [f"note: {note}" for note in self.notes]
        if self.problems:
            lines.append("before importing:")
            lines += [f"  - {problem}" for problem in self.problems]
        else:
            lines.append("ready to import")
        return "\n".join(lines)

    def _shown_fields(self) -> list[str]:
        """The kind's fields in their canonical order: mapped ones, and required ones missing."""
        spec = KINDS.get(self.kind or "")
        if spec is None:
            return list(self.fields)
        required = {f.name for f in spec.required}
        order = [f.name for f in spec.fields]
        return [name for name in order if name in self.fields or name in required] + [
            name for name in self.fields if name not in order]

    def to_mapping(self) -> dict[str, Any]:
        """The decisions as a profile stores them: columns by their stable keys."""
        key = {col.index: col.key for col in self.columns}
        fields = {}
        for name, choice in self.fields.items():
            fields[name] = {"columns": [key[i] for i in choice.columns]}
            for attr in ("constant", "derived", "anonymous", "from_roster"):
                value = getattr(choice, attr)
                if value:
                    fields[name][attr] = value
        return {
            "version": 1,
            "header_records": self.header_records,
            "fields": fields,
            "questions": [{"column": key[q.column], "question_id": q.question_id, "text": q.text,
                           "scale": q.scale, "label_map": [list(p) for p in q.label_map],
                           "registered": q.new}
                          for q in self.questions],
            "extra": [key[i] for i, role in sorted(self.roles.items()) if role == "extra"],
            "drop": [key[i] for i, role in sorted(self.roles.items()) if role == "dropped"],
        }


@dataclass(frozen=True)
class Catalogue:
    """The current question catalogue, for matching columns and avoiding id clashes."""

    scales: dict[str, str]
    texts: dict[str, str]
    index: dict[str, str]
    labels: dict[str, tuple[tuple[str, int], ...]]

    @classmethod
    def load(cls, con: duckdb.DuckDBPyConnection) -> Catalogue:
        rows = sql.rows(con, "ops/current_question_scales")
        return cls({qid: scale for qid, _t, scale, _l in rows},
                   {qid: text for qid, text, _s, _l in rows},
                   question_index([(qid, text) for qid, text, _s, _l in rows]),
                   {qid: _label_pairs(labels) for qid, _t, _s, labels in rows})

    def known(self, question_id: str) -> str | None:
        """The catalogue's own spelling of an id (ids match like the importer matches them:
        ``Q1`` and ``q1`` are one question)."""
        wanted = norm_token(question_id)
        return next((qid for qid in self.scales if norm_token(qid) == wanted), None)

    def match(self, col: FileColumn) -> tuple[str, str] | None:
        """(question id, how) for a column whose question text or tag the catalogue knows."""
        statement = re.split(r"\s+-\s+|-(?=\S)", col.label)[-1] if col.label else ""
        for value in (col.label, col.header, statement, col.row_label):
            if not value:
                continue
            qid = self.index.get(norm_token(value)) or self.index.get(norm_header(value))
            if qid:
                same_text = norm_token(self.texts.get(qid, "")) == norm_token(value)
                return qid, "question text" if same_text else "question id"
        return None


def _label_pairs(label_map: str | None) -> tuple[tuple[str, int], ...]:
    if not label_map:
        return ()
    return tuple((str(item["label"]), int(item["value"])) for item in json.loads(label_map))


