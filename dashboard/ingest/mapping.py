"""Decide what each column of an export is: a canonical field, a question, a rubric
dimension, an outcome metric, an extra column to keep, or personal data to drop.

The result, a :class:`Plan`, is what the importer executes and what the Data page and
``detect`` show the analyst before anything is stored.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from dashboard.ingest.kinds import KIND_ORDER, KINDS, KindSpec
from dashboard.ingest.vocab import (
    RUBRIC_DIMENSIONS,
    norm_header,
    norm_token,
    personal_header,
)

# Columns of a wide outcomes file that describe the team rather than measure it.
_OUTCOME_ATTRIBUTES = frozenset({"team", "team_name", "cohort", "notes", "note", "comment",
                                 "comments", "arm", "department", "unit"})


class PlanError(Exception):
    """The columns do not fit the kind (or any kind): one message per problem."""

    def __init__(self, *messages: str) -> None:
        super().__init__("; ".join(messages))
        self.messages = list(messages)


@dataclass
class Column:
    """One column of the file and the role it plays."""

    index: int
    header: str
    role: str  # field, question, dimension, metric, extra, dropped, empty
    target: str | None = None  # field name, question id, dimension, metric or extra key

    @property
    def source(self) -> str:
        """The name the raw table gives this column."""
        return f"c{self.index}"


@dataclass(frozen=True)
class MultiColumn:
    """A canonical field fed by several columns of a survey tool's export.

    ``first``: the first non-blank identifier wins (ExternalReference, else RecipientEmail);
    ``join``: every non-blank text is kept, each prefixed by its label (all free-text
    answers become the comment); ``hash``: the cells identify the response and are hashed
    with the database's salt into a response id (Google Forms and Viva Glint have none).
    """

    how: str
    columns: tuple[int, ...]
    labels: tuple[str, ...] = ()


@dataclass(frozen=True)
class NewQuestion:
    """A question a confirmed mapping adds to the catalogue together with the file."""

    question_id: str
    text: str
    scale: str
    label_map: tuple[tuple[str, int], ...] = ()  # (answer token, score): recodes and labels

    def label_map_json(self) -> str | None:
        if not self.label_map:
            return None
        return json.dumps([{"label": label, "value": value} for label, value in self.label_map],
                          separators=(",", ":"))


@dataclass
class Plan:
    """How to read one file as one canonical kind."""

    kind: str
    form: str  # "wide", "long" or "single"
    columns: list[Column]
    layout: str = "canonical"
    header_records: int = 1
    constants: dict[str, str] = field(default_factory=dict)
    confidence: float = 1.0
    notes: list[str] = field(default_factory=list)
    multi: dict[str, MultiColumn] = field(default_factory=dict)
    derived_response_id: bool = False  # response_id is a salted hash of multi["response_id"]
    anonymous_respondents: bool = False  # a response without identity is its own respondent
    decimal_comma: bool = False  # European Excel: 0,85 means 0.85
    new_questions: list[NewQuestion] = field(default_factory=list)
    profile: str | None = None  # the saved profile this plan came from

    @property
    def spec(self) -> KindSpec:
        return KINDS[self.kind]

    def by_role(self, role: str) -> list[Column]:
        return [col for col in self.columns if col.role == role]

    def field_column(self, name: str) -> Column | None:
        for col in self.columns:
            if col.role == "field" and col.target == name:
                return col
        return None

    def header_for(self, name: str) -> str:
        """The file's own header for a canonical field, for messages."""
        multi = self.multi.get(name)
        if multi is not None and multi.how == "hash":
            headers = [self.columns[i].header for i in multi.columns]
            return f"{name} (from {' + '.join(headers)})"
        col = self.field_column(name)
        if col is not None:
            return col.header
        if name in self.constants:
            return f"{name} (set for the whole file)"
        return name

    def fields_present(self) -> set[str]:
        return ({col.target for col in self.by_role("field") if col.target} | set(self.constants)
                | set(self.multi))

    def field_sources(self) -> dict[str, list[str]]:
        """Field -> the headers it is read from, in order (or the constant it is set to)."""
        sources: dict[str, list[str]] = {}
        for col in self.by_role("field"):
            sources.setdefault(col.target or "", []).append(col.header)
        for name, multi in self.multi.items():
            sources[name] = [self.columns[i].header for i in multi.columns]
        for name, value in self.constants.items():
            sources[name] = [f"= {value}"]
        return sources

    def drop_columns(self, indexes: set[int]) -> None:
        """Drop kept columns whose values turned out to be personal data, and say so again in
        the notes' lists of kept and dropped columns."""
        for col in self.columns:
            if col.index in indexes and col.role == "extra":
                col.role, col.target = "dropped", None
        self.notes = [n for n in self.notes if not n.startswith((_KEPT_NOTE, _DROPPED_NOTE))]
        self.notes[:0] = _column_notes(self)

    def describe(self) -> dict[str, object]:
        """A JSON-friendly summary for the import log, ``detect`` and the Data page."""
        return {
            "kind": self.kind,
            "form": self.form,
            "layout": self.layout,
            "confidence": round(self.confidence, 2),
            "mapped": {col.header: col.target for col in self.by_role("field")},
            "questions": {col.header: col.target for col in self.by_role("question")},
            "dimensions": {col.header: col.target for col in self.by_role("dimension")},
            "metrics": {col.header: col.target for col in self.by_role("metric")},
            "kept": [col.header for col in self.by_role("extra")],
            "dropped": [col.header for col in self.by_role("dropped")],
            "constants": dict(self.constants),
            "fields": self.field_sources(),
            "registered_questions": [q.question_id for q in self.new_questions],
            "profile": self.profile,
            "notes": list(self.notes),
        }


@dataclass(frozen=True)
class KindGuess:
    kind: str
    found: tuple[str, ...]
    missing: tuple[str, ...]

    @property
    def complete(self) -> bool:
        return not self.missing


def _required_names(spec: KindSpec, headers: set[str]) -> tuple[list[str], list[str]]:
    index = spec.header_index()
    present = {index[h] for h in headers if h in index}
    required = [f.name for f in spec.required]
    if spec.long_fields and all(f.name in present for f in spec.long_fields):
        required += [f.name for f in spec.long_fields]
    found = [name for name in required if name in present]
    missing = [name for name in required if name not in present]
    return found, missing


def guess_kinds(headers: list[str]) -> list[KindGuess]:
    """Every kind ranked by how well the headers fit it, best first."""
    normalised = {norm_header(h) for h in headers if h.strip()}
    guesses = []
    for name in KIND_ORDER:
        spec = KINDS[name]
        found, missing = _required_names(spec, normalised)
        guesses.append(KindGuess(name, tuple(found), tuple(missing)))
    return sorted(guesses, key=lambda g: (bool(g.missing), len(g.missing), -len(g.found)))


def detect_kind(headers: list[str]) -> str:
    """The one kind whose required columns are all present, or a :class:`PlanError`."""
    guesses = guess_kinds(headers)
    complete = [g for g in guesses if g.complete]
    if complete:
        return complete[0].kind
    best = guesses[0]
    lines = [
        "could not tell which kind of data this is from its columns. "
        f"Closest: {best.kind} (missing {', '.join(best.missing)}).",
        "Expected columns per kind (or pass --kind):",
    ]
    for name in KIND_ORDER:
        spec = KINDS[name]
        cols = [f.name for f in spec.required]
        if spec.long_fields:
            cols.append(" + ".join(f.name for f in spec.long_fields) + f" or one column per {spec.wide_role}")
        lines.append(f"  {name}: {', '.join(cols)}")
    raise PlanError("\n".join(lines))


def build_plan(headers: list[str], kind: str | None = None,
               questions: dict[str, str] | None = None,
               overrides: dict[str, str] | None = None,
               constants: dict[str, str] | None = None) -> Plan:
    """Map the header row onto ``kind`` (detected when None).

    ``questions`` maps normalised question ids and texts to question ids (for wide pulse
    files). ``overrides`` maps canonical fields to header texts chosen by the analyst;
    ``constants`` sets a field for the whole file.
    """
    kind = kind or detect_kind(headers)
    if kind not in KINDS:
        raise PlanError(f"unknown kind {kind!r}; expected one of {', '.join(KIND_ORDER)}")
    spec = KINDS[kind]
    index = spec.header_index()
    overrides = {k: v for k, v in (overrides or {}).items()}
    constants = dict(constants or {})
    columns: list[Column] = []
    claimed: dict[str, Column] = {}
    problems: list[str] = []

    override_by_header: dict[int, str] = {}  # column position -> the field it is mapped to
    for target, header in overrides.items():
        if target not in {f.name for f in spec.fields}:
            raise PlanError(f"--map {target}=...: {kind} has no field {target!r}")
        matches = [i for i, h in enumerate(headers) if h == header or norm_header(h) == norm_header(header)]
        if not matches:
            raise PlanError(f"--map {target}={header}: the file has no column {header!r}")
        override_by_header[matches[0]] = target

    for position, raw in enumerate(headers):
        header = raw.replace("\xa0", " ").strip().lstrip("\ufeff")
        key = norm_header(header)
        col = Column(position, header or f"column {position + 1}", "extra", key or f"column_{position + 1}")
        mapped = override_by_header.get(position) or index.get(key)
        if not header:
            col.role = "empty"
        elif mapped and mapped not in constants:
            if mapped in claimed:
                problems.append(
                    f"two columns map to {mapped}: {claimed[mapped].header!r} and {header!r}"
                )
            col.role, col.target = "field", mapped
            claimed[mapped] = col
        elif personal_header(key):
            col.role, col.target = "dropped", None
        columns.append(col)

    form = "single"
    long_names = {f.name for f in spec.long_fields}
    if spec.long_fields:
        form = "long" if long_names <= set(claimed) else "wide"
        if form == "wide":
            # a lone half of the long pair is an ordinary wide column, not a field
            for col in columns:
                if col.role == "field" and col.target in long_names:
                    col.role, col.target = "extra", norm_header(col.header)
            _assign_wide_columns(spec, columns, questions or {})

    plan = Plan(kind=kind, form=form, columns=columns, constants=constants)
    missing = [f.name for f in spec.required if f.name not in plan.fields_present()]
    if missing:
        problems.append(
            "required column" + ("s" if len(missing) > 1 else "") + " missing: "
            + ", ".join(missing)
        )
    if form == "wide" and not plan.by_role(spec.wide_role or ""):
        problems.append(_no_wide_columns_message(spec, questions or {}))
    if problems:
        raise PlanError(*problems)
    plan.notes.extend(_column_notes(plan))
    return plan


_KEPT_NOTE = "kept extra columns: "
_DROPPED_NOTE = "dropped personal-data columns: "


def _column_notes(plan: Plan) -> list[str]:
    kept = [c.header for c in plan.by_role("extra")]
    dropped = [c.header for c in plan.by_role("dropped")]
    return ([_KEPT_NOTE + ", ".join(kept)] if kept else []) + (
        [_DROPPED_NOTE + ", ".join(dropped)] if dropped else [])


def _assign_wide_columns(spec: KindSpec, columns: list[Column], questions: dict[str, str]) -> None:
    for col in columns:
        if col.role != "extra":
            continue
        key = norm_header(col.header)
        if spec.wide_role == "question":
            qid = questions.get(key) or questions.get(norm_token(col.header))
            if qid:
                col.role, col.target = "question", qid
        elif spec.wide_role == "dimension":
            if key in RUBRIC_DIMENSIONS:
                col.role, col.target = "dimension", key
        elif spec.wide_role == "metric" and key not in _OUTCOME_ATTRIBUTES:
            col.role, col.target = "metric", key


def _no_wide_columns_message(spec: KindSpec, questions: dict[str, str]) -> str:
    if spec.wide_role == "question":
        known = sorted(set(questions.values()))
        if not known:
            return ("no question columns: the question catalogue is empty; import questions "
                    "(question_id, text, scale) first, or use the long form (question_id, score)")
        return ("no question columns: none of the headers is a known question id "
                f"(known: {', '.join(known[:20])}); or use the long form (question_id, score)")
    if spec.wide_role == "dimension":
        return ("no rubric dimension columns: expected " + ", ".join(RUBRIC_DIMENSIONS)
                + " (wide form) or dimension + level (long form)")
    return "no metric columns: expected metric + value (long form) or one column per metric"


def question_index(rows: list[tuple[str, ...]]) -> dict[str, str]:
    """Normalised question id and text -> question id, for matching wide headers."""
    index: dict[str, str] = {}
    for qid, text, *_rest in rows:
        index[norm_header(qid)] = qid
        index.setdefault(norm_token(qid), qid)
        if text:
            index.setdefault(norm_token(text), qid)
    return index
