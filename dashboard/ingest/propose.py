"""Propose how an export maps onto canonical data, and apply the analyst's corrections.

For a survey tool's export the proposal says which columns hold the response id, when it
was submitted, who answered (hashed when an e-mail), the leader and rater type (columns,
the roster, or one value for the whole file), which columns are questions — matched to the
question catalogue, or new questions with a scale read from the answers — which free text
becomes the comment, and which columns are kept or dropped as personal data. Every decision
says what it was based on; the confidence is that of the weakest one.

A saved profile (:mod:`dashboard.ingest.profiles`) replays an analyst's confirmed decisions
on a later file with the same layout; ``--map``, ``--set`` and ``--scale`` edit them. New
questions enter the catalogue only through a confirmed mapping (a profile, or an explicit
``--map ID=COLUMN``), because a scale guessed from one month's answers can be wrong.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from dashboard import sql
from dashboard.ingest.kinds import KINDS, PULSE
from dashboard.ingest.layouts import (
    EXPECTED_TOOL_HEADERS,
    LAYOUT_NAMES,
    QUALTRICS_FAMILY,
    FileColumn,
    LayoutMatch,
    describe_columns,
    fingerprint,
    glint_item,
    identify,
)
from dashboard.ingest.mapping import (
    Column,
    MultiColumn,
    NewQuestion,
    Plan,
    PlanError,
    build_plan,
    question_index,
)
from dashboard.ingest.source import Source
from dashboard.ingest.vocab import (
    MISSING_TOKENS,
    PERSONAL_HEADERS,
    SCALE_ALIASES,
    SCALE_LABELS,
    SCALES,
    norm_header,
    norm_token,
)

PULSE_FIELDS = tuple(f.name for f in PULSE.required + PULSE.optional)
ROLE_TARGETS = ("extra", "drop")
_ROSTER_FIELDS = ("leader_id", "rater_type")
_ID_FIELDS = ("respondent_id", "leader_id")
_MAX_ID_LENGTH = 40


class ProposalError(Exception):
    """A mapping request that cannot be carried out (unknown profile, column or field)."""


@dataclass(frozen=True)
class ColumnStats:
    """How one column's values look (from ``queries/ingest/column_stats.sql``)."""

    filled: int
    answered: int
    distinct_answers: int
    numbers: int
    plain_numbers: int
    fractions: int
    low: float | None
    high: float | None
    codes: tuple[float, ...] | None
    distinct_labels: int
    labels: tuple[str, ...] | None
    text_length: float
    emails: int
    ips: int
    comma_decimals: int
    dot_decimals: int


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
            f"kind: {self.kind}, {self.rows} data rows after {self.header_records} header row(s)",
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


# --- what each tool writes -----------------------------------------------------------------


@dataclass(frozen=True)
class ToolRules:
    """Where a tool puts the canonical fields, its bookkeeping columns and its personal data.

    ``fields`` lists, per field, groups of column keys in order of preference; for the
    respondent every group present joins a fallback chain (ExternalReference, else the
    recipient's e-mail), for other fields the first group present wins.
    """

    fields: dict[str, tuple[tuple[str, ...], ...]]
    meta: frozenset[str] = frozenset()
    meta_prefixes: tuple[str, ...] = ()
    personal: frozenset[str] = frozenset()
    derive_id_from: tuple[str, ...] = ()  # keys hashed into a response id ('*' = every column)
    anonymous: bool = True


RULES: dict[str, ToolRules] = {
    "qualtrics": ToolRules(
        fields={"response_id": (("response_id",),),
                "submitted_at": (("end_date",), ("recorded_date",)),
                "respondent_id": (("external_reference", "external_data_reference"),
                                  ("recipient_email", "email_address"))},
        meta=frozenset({"start_date", "recorded_date", "status", "progress", "duration_in_seconds",
                        "finished", "response_set", "distribution_channel", "user_language"}),
        meta_prefixes=("q_",),
        personal=frozenset({"ip_address", "location_accuracy", "recipient_first_name",
                            "recipient_last_name", "recipient_email", "email_address", "name"}),
    ),
    "surveymonkey": ToolRules(
        fields={"response_id": (("respondent_id",),), "submitted_at": (("end_date",),),
                "respondent_id": (("email_address",),)},
        meta=frozenset({"collector_id", "start_date"}),
        meta_prefixes=("custom_data",),
        personal=frozenset({"ip_address", "email_address", "first_name", "last_name"}),
    ),
    "google_forms": ToolRules(
        fields={"submitted_at": (("timestamp",),),
                "respondent_id": (("email_address", "email", "username"),)},
        meta=frozenset({"score"}),
        derive_id_from=("timestamp", "email_address", "email", "username"),
    ),
    "microsoft_forms": ToolRules(
        fields={"response_id": (("id",),), "submitted_at": (("completion_time",),),
                "respondent_id": (("email",),)},
        meta=frozenset({"start_time", "last_modified_time", "total_points", "quiz_feedback"}),
        personal=frozenset({"email", "name", "name2"}),
    ),
    "viva_glint": ToolRules(
        fields={"submitted_at": (("survey_cycle_completion_date",),),
                "respondent_id": (("emp_id",),),
                "leader_id": (("manager_id",),)},
        meta=frozenset({"status", "survey_cycle_sent_date"}),
        personal=frozenset({"first_name", "last_name", "email"}),
        derive_id_from=("emp_id", "survey_cycle_sent_date"),
        anonymous=False,
    ),
}


def _rules(layout: str) -> ToolRules:
    return RULES["qualtrics" if layout in QUALTRICS_FAMILY else layout]


# --- entry points ----------------------------------------------------------------------------


@dataclass
class Identity:
    """What the header records (and saved profiles) say before any value is read."""

    match: LayoutMatch | None
    columns: list[FileColumn]
    fingerprint: str
    profile: Any | None = None  # profiles.Profile
    explicit_profile: bool = False

    @property
    def kind(self) -> str | None:
        if self.profile is not None:
            return self.profile.kind
        return self.match.kind if self.match else None


def identify_file(con: duckdb.DuckDBPyConnection, src: Source, kind: str | None = None,
                  profile: str | None = None) -> Identity:
    """The layout from the header records, and the profile to apply (named, or saved for a
    file with the same layout)."""
    from dashboard.ingest import profiles

    match = identify(src, kind)
    columns = describe_columns(src, match)
    family = match.layout if match and match.is_tool else "canonical"
    print_ = fingerprint(family, columns)
    chosen = None
    if profile:
        chosen = profiles.get_profile(con, profile)
        if chosen is None:
            names = [p.name for p in profiles.all_profiles(con)]
            raise ProposalError(f"no profile named {profile!r}"
                                + (f" (saved: {', '.join(names)})" if names else
                                   " (none saved yet; create one with --save-profile NAME)"))
    else:
        chosen = profiles.find_profile(con, print_)
    if chosen is not None:
        profile_family = chosen.layout if chosen.layout not in ("canonical", "excel") else "canonical"
        if match is None or not match.is_tool:
            if profile_family != "canonical":
                if profile:
                    raise ProposalError(
                        f"profile {chosen.name!r} is for {chosen.layout} exports; this file is "
                        + (f"a {match.layout} file" if match else "not one"))
                chosen = None
            else:
                header_records = int(chosen.mapping.get("header_records", 1))
                match = LayoutMatch(match.layout if match else "canonical",
                                    match.confidence if match else 0.9, header_records,
                                    match.evidence if match else f"profile {chosen.name!r}",
                                    kind or chosen.kind)
        elif profile_family != match.layout:
            if profile:
                raise ProposalError(f"profile {chosen.name!r} is for {chosen.layout} exports; "
                                    f"this file is a {match.layout} export")
            chosen = None
    return Identity(match, columns, print_, chosen, explicit_profile=bool(profile))


def propose_mapping(con: duckdb.DuckDBPyConnection, src: Source, identity: Identity, *,
                    overrides: list[tuple[str, str]] | None = None,
                    constants: dict[str, str] | None = None,
                    scales: dict[str, str] | None = None,
                    confirm: bool = False) -> Detection:
    """The proposal for a file whose records are in temp table ``raw`` (see raw.read_raw).

    ``overrides`` are ``(target, column)`` pairs (``--map``): a canonical field, a question
    id, ``extra`` or ``drop``; ``constants`` set a field for the whole file; ``scales`` set
    the scale of a new question; ``confirm`` accepts new questions (``--save-profile``).
    """
    match = identity.match
    det = Detection(src.name, match.layout if match else None,
                    match.confidence if match else 0.0, match.evidence if match else "",
                    identity.kind, match.header_records if match else 1, identity.columns,
                    fingerprint=identity.fingerprint)
    if identity.profile is not None:
        det.profile = identity.profile.name
        how = "named" if identity.explicit_profile else "saved for this layout"
        det.notes.append(f"using profile {identity.profile.name!r} ({how})")
    if match is None:
        det.problems.append(unknown_layout_message(src))
        return det
    det.rows = int(sql.scalar(con, "ingest/data_record_count",
                              {"header_records": det.header_records}) or 0)
    if match.is_tool or src.delimiter != ",":
        det.stats = column_stats(con, det.header_records)
        det.decimal_comma = _decimal_comma(src, det.stats)
        if det.decimal_comma:
            det.notes.append("numbers with decimal commas read as decimals (0,85 = 0.85)")
    if match.is_tool:
        _propose_tool(con, det, identity, overrides or [], constants or {}, scales or {}, confirm)
    else:
        _propose_canonical(con, det, identity, overrides or [], constants or {})
    return det


def column_stats(con: duckdb.DuckDBPyConnection, header_records: int) -> dict[int, ColumnStats]:
    """How every column's values look, read in one pass by DuckDB."""
    rows = sql.rows(con, "ingest/column_stats",
                    {"header_records": header_records, "missing": sorted(MISSING_TOKENS)})
    stats = {}
    for col, *values in rows:
        (filled, answered, distinct_answers, numbers, plain, fractions, low, high, codes,
         distinct_labels, labels, text_length, emails, ips, comma, dot) = values
        stats[int(col[1:])] = ColumnStats(
            int(filled), int(answered), int(distinct_answers), int(numbers), int(plain),
            int(fractions), low, high, tuple(codes) if codes is not None else None,
            int(distinct_labels), tuple(labels) if labels is not None else None,
            float(text_length or 0), int(emails), int(ips), int(comma), int(dot))
    return stats


def _decimal_comma(src: Source, stats: dict[int, ColumnStats]) -> bool:
    """European Excel writes 0,85; only a file not separated by commas can mean that."""
    if src.delimiter == ",":
        return False
    comma = sum(s.comma_decimals for s in stats.values())
    dot = sum(s.dot_decimals for s in stats.values())
    return comma > 0 and dot == 0


def unknown_layout_message(src: Source) -> str:
    """What was expected, when a file matches no canonical kind and no survey tool."""
    try:
        build_plan([c for c in src.header_rows[0]])
    except PlanError as exc:
        base = exc.messages[0]
    else:  # pragma: no cover - identify() would have recognised it
        base = "could not tell which kind of data this is from its columns."
    tools = [f"  {name}: {headers}" for name, headers in EXPECTED_TOOL_HEADERS.items()]
    return (base + "\nOr an export from a survey tool (detected from its header rows):\n"
            + "\n".join(tools)
            + "\nOr map the columns yourself: --kind KIND --map FIELD=COLUMN")


# --- canonical files ---------------------------------------------------------------------


def _propose_canonical(con: duckdb.DuckDBPyConnection, det: Detection, identity: Identity,
                       overrides: list[tuple[str, str]], constants: dict[str, str]) -> None:
    """A canonical (or Excel-saved canonical) file: the existing header matching, with the
    profile's and the analyst's column choices on top."""
    headers = [col.header for col in det.columns]
    chosen: dict[str, str] = {}
    fixed: dict[str, str] = {}
    if identity.profile is not None:
        for name, spec in identity.profile.mapping.get("fields", {}).items():
            if spec.get("constant") is not None:
                fixed[name] = spec["constant"]
            elif spec.get("columns"):
                index = _find_by_key(det, spec["columns"][0], identity.profile.name)
                if index is not None:
                    chosen[name] = headers[index]
    for target, column in overrides:
        if target in ROLE_TARGETS:
            raise ProposalError(f"--map {target}=...: only survey-tool exports take extra/drop "
                                "(unknown columns of canonical files are kept anyway)")
        chosen[target] = headers[_resolve_column(det, column, target)]
    fixed.update(constants)
    try:
        plan = build_plan(headers, det.kind,
                          question_index(sql.rows(con, "ops/current_questions")), chosen, fixed)
    except PlanError as exc:
        det.problems.extend(exc.messages)
        return
    plan.layout, plan.header_records = det.layout or "canonical", det.header_records
    plan.decimal_comma, plan.profile = det.decimal_comma, det.profile
    det.kind = plan.kind
    for name, value in plan.constants.items():
        det.fields[name] = FieldChoice(constant=value, basis="set for the whole file")
    for col in plan.columns:
        if col.role == "field" and col.target:
            det.fields[col.target] = FieldChoice([col.index], basis="column name")
        elif col.role == "question" and col.target:
            det.questions.append(QuestionChoice(col.index, col.target, col.header, "", new=False,
                                                basis="question id or text"))
        elif col.role in ("extra", "dropped", "empty"):
            det.roles[col.index] = col.role
    det.plan = plan
    det.notes.extend(plan.notes)


# --- survey-tool exports -------------------------------------------------------------------


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
        for value in (col.label, col.header, statement):
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


def _propose_tool(con: duckdb.DuckDBPyConnection, det: Detection, identity: Identity,
                  overrides: list[tuple[str, str]], constants: dict[str, str],
                  scales: dict[str, str], confirm: bool) -> None:
    layout = det.layout or ""
    rules = _rules(layout)
    catalogue = Catalogue.load(con)
    _propose_fields(det, rules)
    _propose_columns(det, rules, catalogue)
    if identity.profile is not None:
        _apply_profile(det, identity.profile, catalogue)
    _apply_overrides(det, overrides, constants, scales, catalogue)
    _fill_defaults(det, rules)
    roster_people = int(sql.scalar(con, "ops/roster_size") or 0)
    _check(det, roster_people, confirm or identity.profile is not None)
    if not det.problems or all(p.startswith("new question") for p in det.problems):
        det.plan = _tool_plan(det)
    _time_zone_note(det)


def _columns_with(det: Detection, keys: tuple[str, ...]) -> list[int]:
    return [col.index for col in det.columns if col.key in keys]


def _propose_fields(det: Detection, rules: ToolRules) -> None:
    """The tool's own columns for the fields, then embedded data named like a field."""
    claimed: set[int] = set()
    for name, groups in rules.fields.items():
        if name == "respondent_id":
            chain = [i for group in groups for i in _columns_with(det, group)]
            if chain or rules.anonymous:
                det.fields[name] = FieldChoice(
                    chain, anonymous=rules.anonymous,
                    basis=_respondent_basis(det, chain, rules.anonymous),
                    confidence=0.95 if _has_values(det, chain) else 0.8)
                claimed.update(chain)
            continue
        for group in groups:
            found = _columns_with(det, group)
            if found:
                det.fields[name] = FieldChoice([found[0]], basis=f"{det.layout} column")
                claimed.add(found[0])
                break
    if rules.derive_id_from and "response_id" not in det.fields:
        keys = [k for k in rules.derive_id_from if _columns_with(det, (k,))]
        parts = [_columns_with(det, (k,))[0] for k in keys]
        if "survey_cycle_sent_date" not in keys and det.layout == "viva_glint":
            parts += _columns_with(det, ("survey_cycle_completion_date",))
        if det.layout == "google_forms" and len(parts) < 2:  # anonymous form: the whole answer
            parts = [c.index for c in det.columns if c.header]
        det.fields["response_id"] = FieldChoice(
            parts, derived=True, basis=f"{det.layout} exports have no response id",
            confidence=0.9)
    aliases = PULSE.header_index()
    for col in det.columns:
        target = aliases.get(col.key)
        if col.index in claimed or target not in PULSE_FIELDS or target == "response_id":
            continue
        if target == "submitted_at" and "submitted_at" in det.fields:
            continue
        current = det.fields.get(target)
        if target == "respondent_id" and current is not None:
            current.columns.insert(0, col.index)  # an embedded id beats the tool's own columns
        elif current is not None and current.columns and not current.derived:
            det.ambiguous.setdefault(target, list(current.columns)).append(col.index)
        else:
            det.fields[target] = FieldChoice([col.index], basis="column named like the field")
        claimed.add(col.index)


def _respondent_basis(det: Detection, chain: list[int], anonymous: bool) -> str:
    if chain and _has_values(det, chain):
        return "identity columns" + (", an anonymous response counts once" if anonymous else "")
    if anonymous:
        return "no identity in this file: each response counts as its own respondent"
    return "identity column"


def _has_values(det: Detection, indexes: list[int]) -> bool:
    return any(det.stats.get(i) and det.stats[i].filled for i in indexes)


def _field_columns(det: Detection) -> set[int]:
    used: set[int] = set()
    for choice in det.fields.values():
        if not choice.derived:
            used.update(choice.columns)
    for columns in det.ambiguous.values():
        used.update(columns)
    return used


def _propose_columns(det: Detection, rules: ToolRules, catalogue: Catalogue) -> None:
    """Every other column: personal data, bookkeeping, comments, or a question."""
    used = _field_columns(det)
    comments: list[int] = list(det.fields.pop("comment").columns) if "comment" in det.fields else []
    taken_ids: set[str] = set()
    candidates: list[FileColumn] = []
    for col in det.columns:
        if col.index in used:
            continue
        stats = det.stats.get(col.index)
        if not col.header and (stats is None or not stats.filled):
            det.roles[col.index] = "empty"
            continue
        role = _named_role(col, rules, det.layout or "")
        if role == "comment":
            comments.append(col.index)
            continue
        if role:
            det.roles[col.index] = role
            continue
        matched = catalogue.match(col)
        if matched:
            qid, how = matched
            det.questions.append(QuestionChoice(
                col.index, qid, catalogue.texts.get(qid, col.label), catalogue.scales[qid],
                new=False, basis=f"catalogue, by {how}", confidence=1.0 if how == "question text"
                else 0.8))
            taken_ids.add(qid)
            continue
        candidates.append(col)
    verdicts = _question_verdicts(det, candidates)
    for col in candidates:
        verdict = verdicts[col.index]
        if verdict.kind == "question":
            qid = _new_question_id(det.layout or "", col, taken_ids | set(catalogue.scales))
            taken_ids.add(qid)
            det.questions.append(QuestionChoice(col.index, qid, col.label or col.header,
                                                verdict.scale, verdict.label_map, new=True,
                                                basis=verdict.basis,
                                                confidence=verdict.confidence))
        elif verdict.kind == "free_text":
            comments.append(col.index)
        else:
            det.roles[col.index] = "dropped" if verdict.kind == "personal" else "extra"
            if verdict.basis and verdict.kind != "empty":
                det.notes.append(f"{col.display}: {verdict.basis}")
    comments.sort()
    if comments:
        det.fields["comment"] = FieldChoice(comments, basis="free-text answers",
                                            confidence=0.9 if len(comments) == 1 else 0.85)


def question_group(layout: str, col: FileColumn) -> str:
    """The question a column belongs to: the rows of one matrix share a scale and a recode.

    Qualtrics: the QID of the ImportId (QID4-2 -> QID4), else the label before its last
    '-' (legacy 'Question text-Statement 2'); SurveyMonkey: the question over its
    sub-labels; Google Forms: the grid title before '[Row]'.
    """
    if layout in QUALTRICS_FAMILY:
        found = re.match(r"(QID\d+(?:#\d+)?)", col.import_id or "", re.I)
        if found:
            return found.group(1).upper()
        return col.label.rsplit("-", 1)[0].strip() if "-" in col.label else col.header
    if layout == "surveymonkey":
        return col.key.split("/")[0]
    if layout == "google_forms" and col.header.endswith("]") and " [" in col.header:
        return col.header.rsplit(" [", 1)[0]
    return col.header


def _question_verdicts(det: Detection, candidates: list[FileColumn]) -> dict[int, Verdict]:
    """Each column's verdict, with one scale (and recode) per question read from the
    answers of all its columns."""
    own = {col.index: classify(det.stats.get(col.index), det.rows) for col in candidates}
    groups: dict[str, list[FileColumn]] = {}
    for col in candidates:
        groups.setdefault(question_group(det.layout or "", col), []).append(col)
    verdicts = dict(own)
    for members in groups.values():
        scored = [c.index for c in members if own[c.index].kind == "question"]
        if len(scored) < 2:
            continue
        shared = _shared_verdict([det.stats[i] for i in scored])
        if shared is not None:
            for index in scored:
                verdicts[index] = shared
    return verdicts


def _shared_verdict(stats: list[ColumnStats]) -> Verdict | None:
    """The verdict for the union of several columns' answers (None when they differ in kind)."""
    if all(s.numbers == s.answered for s in stats):
        if any(s.codes is None for s in stats):
            return None
        codes = sorted({int(code) for s in stats for code in s.codes or ()})
        verdict = fit_numbers(codes)
        return Verdict(verdict.kind, verdict.scale, verdict.label_map,
                       verdict.basis + " (all rows of the question)", verdict.confidence)
    if all(s.numbers == 0 and s.labels is not None for s in stats):
        return fit_labels(tuple(sorted({label for s in stats for label in s.labels or ()})))
    return None


def _named_role(col: FileColumn, rules: ToolRules, layout: str) -> str | None:
    """The role a column's name alone decides: dropped, extra, or comment."""
    key = col.key.split("#")[0]
    if key in PERSONAL_HEADERS or key in rules.personal:
        return "dropped"
    if key in rules.meta or any(key.startswith(p) for p in rules.meta_prefixes):
        return "extra"
    if layout == "viva_glint":
        item = glint_item(col.header)
        if item:
            return "comment" if item[1] == "_COMMENT" else "extra"
    if layout in QUALTRICS_FAMILY:
        import_id = col.import_id or ""
        if import_id and not import_id.upper().startswith("QID"):
            return "extra"  # embedded data or a Qualtrics bookkeeping column
        upper = import_id.upper() + " " + col.header.upper()
        if "TOPICS" in upper or "SENTIMENT" in upper:
            return "extra"  # Text iQ annotations of a comment
        if re.search(r"[_-]TEXT\b", upper):
            return "comment"
    return None


def _new_question_id(layout: str, col: FileColumn, taken: set[str]) -> str:
    """Qualtrics' export tag (q1, q2_3); elsewhere a short slug of the question text, of a
    matrix statement, or of a grid's title and row (``rate_your_leader_s_written_tone``)."""
    if layout in QUALTRICS_FAMILY:
        base = norm_token(col.header)
    elif col.row_label and len(norm_token(col.row_label).split("_")) >= 3:
        base = _slug(col.row_label, _MAX_ID_LENGTH)  # a statement says enough on its own
    elif col.row_label:
        title = col.label[: -len(col.row_label)] if col.label.endswith(f"[{col.row_label}]") \
            else col.label.rsplit(" - ", 1)[0]
        row = _slug(col.row_label, _MAX_ID_LENGTH // 2)
        base = f"{_slug(title, _MAX_ID_LENGTH - len(row) - 1)}_{row}".strip("_")
    else:
        base = _slug(col.label or col.header, _MAX_ID_LENGTH)
    base = base or f"column_{col.index + 1}"
    qid, n = base, 1
    while qid in taken:
        n += 1
        qid = f"{base}_{n}"
    return qid


def _slug(text: str, limit: int) -> str:
    """Lower-case words joined by '_', cut at a word boundary within ``limit``."""
    slug = norm_token(text)
    if len(slug) <= limit:
        return slug
    cut = slug[:limit + 1].rsplit("_", 1)[0]
    return cut if cut else slug[:limit]


# --- reading a column's values --------------------------------------------------------------


@dataclass(frozen=True)
class Verdict:
    """What a column's values say it is."""

    kind: str  # question, free_text, selection, categorical, numbers, personal, empty
    scale: str = ""
    label_map: tuple[tuple[str, int], ...] = ()
    basis: str = ""
    confidence: float = 1.0


def classify(stats: ColumnStats | None, rows: int) -> Verdict:
    """Read a column's values: answers on a scale, free text, check-box marks, or other."""
    if stats is None or stats.filled == 0:
        return Verdict("empty", basis="no answers in this file: kept as extra")
    if stats.emails * 2 > stats.filled:
        return Verdict("personal", basis="values are e-mail addresses: dropped")
    if stats.ips * 2 > stats.filled:
        return Verdict("personal", basis="values are IP addresses: dropped")
    if stats.answered == 0:
        return Verdict("categorical", basis="only N/A-like answers: kept as extra")
    if stats.numbers == stats.answered:
        return _numeric_verdict(stats, rows)
    if stats.numbers == 0 and stats.labels is not None:
        fitted = fit_labels(stats.labels)
        if fitted:
            return fitted
    if stats.text_length > 25 or stats.distinct_answers > 0.7 * stats.answered:
        return Verdict("free_text")
    return Verdict("categorical", basis="answers are words not on a known scale: kept as extra")


def _numeric_verdict(stats: ColumnStats, rows: int) -> Verdict:
    if stats.fractions:
        return Verdict("numbers", basis="numbers with decimals, not answers on a scale: kept as extra")
    codes = [int(c) for c in stats.codes] if stats.codes is not None else None
    if codes in ([0], [1]) and (stats.filled < rows or rows >= 3):
        return Verdict("selection", basis=f"only {codes[0]} or blank (a ticked choice): kept as extra")
    if codes is None:
        return Verdict("numbers", basis="more than 20 different numbers: kept as extra")
    return fit_numbers(codes)


def fit_numbers(codes: list[int]) -> Verdict:
    """The scale answers 1..5, 1..7 or 0..10 fit; other small ranges (Qualtrics recode
    values such as 10-13) are recoded to 1..n, lowest first."""
    low, high = min(codes), max(codes)
    seen = f"answers {low}–{high}" if low != high else f"answers all {low}"
    for scale in ("likert5", "likert7"):
        if low >= 1 and high <= SCALES[scale][1]:
            full = low == 1 and high == SCALES[scale][1]
            return Verdict("question", scale, basis=f"{seen}: {scale}",
                           confidence=0.9 if full else 0.6)
    if low >= 0 and high <= 10 and (low == 0 or high > 7) and high >= 7:
        return Verdict("question", "nps11", basis=f"{seen}: nps11", confidence=0.85)
    span = high - low + 1
    if span <= 7:
        scale = "likert5" if span <= 5 else "likert7"
        recode = tuple((_code_text(code), code - low + 1) for code in range(low, high + 1))
        return Verdict("question", scale, recode,
                       basis=f"recode values {low}–{high} read as 1–{span}: {scale}",
                       confidence=0.6)
    return Verdict("numbers", basis=f"numbers {low}–{high} fit no scale: kept as extra")


def _code_text(code: int) -> str:
    return str(code)


def fit_labels(labels: tuple[str, ...]) -> Verdict | None:
    """The first scale whose vocabulary knows every label, each as a different score
    (so 'Somewhat agree' next to 'Agree' means a 7-point scale)."""
    wanted = [label for label in labels if label not in MISSING_TOKENS]
    if not wanted:
        return None
    for scale in SCALES:
        vocabulary = SCALE_LABELS[scale]
        if all(label in vocabulary for label in wanted):
            values = {vocabulary[label] for label in wanted}
            if len(values) == len(wanted):
                return Verdict("question", scale, basis=f"answer labels of the {scale} scale",
                               confidence=0.85)
    return None


# --- profiles and the analyst's edits ----------------------------------------------------------


def _release(det: Detection, index: int, keep_fields: bool = False) -> None:
    """Forget the decisions about one column before a new one is made. ``keep_fields``: the
    column goes on feeding other fields (ResponseId can be the response and, for anonymous
    links, the respondent), but it leaves the comment the proposal built."""
    for name, choice in det.fields.items():
        if keep_fields and name != "comment":
            continue
        if index in choice.columns and not choice.derived:
            choice.columns.remove(index)
    det.questions = [q for q in det.questions if q.column != index]
    det.roles.pop(index, None)
    for name in list(det.ambiguous):
        if index in det.ambiguous[name]:
            det.ambiguous[name].remove(index)


def _find_by_key(det: Detection, key: str, profile: str) -> int | None:
    for col in det.columns:
        if col.key == key:
            return col.index
    det.problems.append(f"profile {profile!r} expects a column {key!r} that this file does not have")
    return None


def _apply_profile(det: Detection, profile: Any, catalogue: Catalogue) -> None:
    """Replay a saved profile's decisions (they win over the proposal)."""
    mapping = profile.mapping
    for name, spec in mapping.get("fields", {}).items():
        indexes = [i for i in (_find_by_key(det, k, profile.name) for k in spec.get("columns", []))
                   if i is not None]
        if not spec.get("derived"):
            for i in indexes:
                _release(det, i)
        det.fields[name] = FieldChoice(indexes, spec.get("constant"), bool(spec.get("derived")),
                                       bool(spec.get("anonymous")), bool(spec.get("from_roster")),
                                       basis=f"profile {profile.name!r}")
        det.ambiguous.pop(name, None)
    for spec in mapping.get("questions", []):
        index = _find_by_key(det, spec["column"], profile.name)
        if index is None:
            continue
        _release(det, index)
        labels = tuple((str(label), int(value)) for label, value in spec.get("label_map") or [])
        stored = catalogue.known(spec["question_id"])
        qid = stored or spec["question_id"]
        if stored and spec.get("registered") and (catalogue.scales[stored], catalogue.labels[stored]) \
                != (spec["scale"], labels):
            det.problems.append(
                f"{det.header(index)}: profile {profile.name!r} registers {qid} as {spec['scale']}, "
                f"but the catalogue holds {qid} as {catalogue.scales[stored]}"
                + (" with other answer labels" if catalogue.scales[stored] == spec["scale"] else "")
                + f"; map the column to another id (--map ID=COLUMN) or save the profile again "
                f"(--save-profile {profile.name})")
        det.questions.append(QuestionChoice(
            index, qid, catalogue.texts.get(qid) or spec.get("text") or det.header(index),
            catalogue.scales.get(qid, spec["scale"]), () if stored else labels,
            new=stored is None, confirmed=True, basis=f"profile {profile.name!r}"))
    for role, keys in (("extra", mapping.get("extra", [])), ("dropped", mapping.get("drop", []))):
        for key in keys:
            index = next((c.index for c in det.columns if c.key == key), None)
            if index is not None:
                _release(det, index)
                det.roles[index] = role
    det.questions.sort(key=lambda q: q.column)


def _resolve_column(det: Detection, reference: str, target: str) -> int:
    """The column an analyst names: export tag, header, question text, or '#N' (1-based)."""
    text = reference.strip()
    if re.fullmatch(r"#\d+", text):
        number = int(text[1:])
        if 1 <= number <= len(det.columns):
            return number - 1
        raise ProposalError(f"--map {target}={reference}: the file has {len(det.columns)} columns")
    wanted = norm_header(text)
    for hits in ([c.index for c in det.columns if c.header == text],
                 [c.index for c in det.columns if c.key == text],
                 [c.index for c in det.columns if norm_header(c.header) == wanted],
                 [c.index for c in det.columns if c.key.split("#")[0] == wanted],
                 [c.index for c in det.columns if norm_header(c.label) == wanted]):
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            positions = ", ".join(f"#{i + 1}" for i in hits)
            raise ProposalError(f"--map {target}={reference}: several columns are called that "
                                f"({positions}); name one by its position, e.g. "
                                f"--map {target}=#{hits[0] + 1}")
    raise ProposalError(f"--map {target}={reference}: the file has no column {reference!r}")


def _field_name(target: str) -> str | None:
    """A pulse field from its name or an alias (``leader`` is leader_id)."""
    if target in PULSE_FIELDS:
        return target
    alias = PULSE.header_index().get(norm_header(target))
    return alias if alias in PULSE_FIELDS else None


def _apply_overrides(det: Detection, overrides: list[tuple[str, str]], constants: dict[str, str],
                     scales: dict[str, str], catalogue: Catalogue) -> None:
    """``--map``, ``--set`` and ``--scale``: the analyst's word is final."""
    by_field: dict[str, list[int]] = {}
    for target, reference in overrides:
        index = _resolve_column(det, reference, target)
        name = _field_name(target)
        _release(det, index, keep_fields=name is not None and name != "comment")
        if target in ROLE_TARGETS:
            det.roles[index] = "extra" if target == "extra" else "dropped"
        elif name is not None:
            by_field.setdefault(name, []).append(index)
        else:
            _map_question(det, index, target, catalogue)
    for name, indexes in by_field.items():
        previous = det.fields.get(name)
        anonymous = bool(previous and previous.anonymous and name == "respondent_id")
        det.fields[name] = FieldChoice(indexes, anonymous=anonymous, basis="--map")
        det.ambiguous.pop(name, None)
    for name, value in constants.items():
        field_name = _field_name(name)
        if field_name is None:
            raise ProposalError(f"--set {name}=...: pulse has no field {name!r} "
                                f"(fields: {', '.join(PULSE_FIELDS)})")
        det.fields[field_name] = FieldChoice(constant=value, basis="--set")
        det.ambiguous.pop(field_name, None)
    for target, scale_text in scales.items():
        _set_scale(det, target, scale_text)
    det.questions.sort(key=lambda q: q.column)


def _map_question(det: Detection, index: int, target: str, catalogue: Catalogue) -> None:
    qid = target.strip()
    if not re.fullmatch(r"[A-Za-z0-9_.-]+", qid):
        raise ProposalError(f"--map {target}=...: not a field ({', '.join(PULSE_FIELDS)}), "
                            "extra, drop, nor a usable question id (letters, digits, _ . -)")
    stored = catalogue.known(qid)
    if stored:
        det.questions.append(QuestionChoice(index, stored, catalogue.texts[stored],
                                            catalogue.scales[stored], new=False, confirmed=True,
                                            basis="--map"))
        return
    verdict = classify(det.stats.get(index), det.rows)
    scale = verdict.scale if verdict.kind == "question" else ""
    det.questions.append(QuestionChoice(
        index, qid, det.columns[index].label or det.header(index), scale, verdict.label_map,
        new=True, confirmed=True, basis="--map; " + (verdict.basis or verdict.kind),
        confidence=verdict.confidence if scale else 0.5))


def _set_scale(det: Detection, target: str, scale_text: str) -> None:
    scale = SCALE_ALIASES.get(norm_token(scale_text))
    if scale is None:
        raise ProposalError(f"--scale {target}={scale_text}: unknown scale "
                            f"(expected {', '.join(SCALES)})")
    wanted = norm_header(target)
    hits = [q for q in det.questions if q.question_id == target or norm_header(q.question_id) ==
            wanted or det.columns[q.column].key == wanted or norm_header(det.header(q.column)) == wanted]
    if not hits:
        raise ProposalError(f"--scale {target}=...: no question column or question id {target!r}")
    for q in hits:
        if not q.new:
            raise ProposalError(f"--scale {target}=...: {q.question_id} is already in the catalogue "
                                f"as {q.scale}; change it there (import the question catalogue)")
        low, high = SCALES[scale]
        if any(not low <= value <= high for _label, value in q.label_map):
            q.label_map = ()
        q.scale, q.confidence, q.basis = scale, 1.0, f"--scale {scale}"


def _fill_defaults(det: Detection, rules: ToolRules) -> None:
    """A column no decision covers: personal data is dropped, everything else kept."""
    decided = _field_columns(det) | {q.column for q in det.questions} | set(det.roles)
    for col in det.columns:
        if col.index in decided:
            continue
        key = col.key.split("#")[0]
        stats = det.stats.get(col.index)
        personal = key in PERSONAL_HEADERS or key in rules.personal or (
            stats is not None and (stats.emails * 2 > stats.filled > 0 or stats.ips * 2 > stats.filled > 0))
        det.roles[col.index] = "dropped" if personal else ("extra" if col.header else "empty")


def _check(det: Detection, roster_people: int, confirmed: bool) -> None:
    """What still blocks the import, each with the way to settle it."""
    for name, indexes in det.ambiguous.items():
        headers = ", ".join(repr(det.header(i)) for i in indexes)
        det.problems.append(f"{name}: several columns could be it ({headers}); choose one with "
                            f"--map {name}=COLUMN")
    for name in ("response_id", "submitted_at", "respondent_id"):
        choice = det.fields.get(name)
        if choice is None or (not choice.columns and choice.constant is None and not choice.anonymous):
            det.problems.append(f"{name}: no column holds it; name one with --map {name}=COLUMN")
    for name in _ROSTER_FIELDS:
        choice = det.fields.get(name)
        if choice is not None and (choice.columns or choice.constant is not None):
            continue
        if roster_people:
            det.fields[name] = FieldChoice(from_roster=True, basis="roster", confidence=0.8)
            continue
        example = "direct_report" if name == "rater_type" else "L01"
        det.problems.append(
            f"{name}: not in the file and the roster is empty; map a column "
            f"(--map {name}=COLUMN), set one value for the whole file (--set {name}={example}), "
            "or import the roster first")
    if not det.questions:
        det.problems.append("no question columns: no column holds answers on a scale; map one "
                            "with --map QUESTION_ID=COLUMN")
    pending = [q for q in det.questions if q.new and not q.confirmed and not confirmed]
    if pending:
        listed = "; ".join(f"{det.header(q.column)} -> {q.question_id} ({q.scale})"
                           for q in pending[:8])
        more = f" and {len(pending) - 8} more" if len(pending) > 8 else ""
        det.problems.append(
            f"new questions to confirm ({len(pending)}): {listed}{more}. They are not in the "
            "question catalogue; check them with `python -m dashboard detect FILE` and confirm "
            "with --save-profile NAME (or import the question catalogue first)")
    for q in det.questions:
        if not q.scale:
            det.problems.append(f"{det.header(q.column)}: cannot tell the scale of {q.question_id} "
                                f"from its answers; give it with --scale {q.question_id}=likert5")
    if confirmed:
        for q in det.questions:
            if q.new:
                q.confirmed = True


def _time_zone_note(det: Detection) -> None:
    choice = det.fields.get("submitted_at")
    if choice and choice.columns:
        zone = det.columns[choice.columns[0]].time_zone
        if zone:
            det.notes.append(f"times are in {zone} (as Qualtrics exported them); stored as given")


def _tool_plan(det: Detection) -> Plan:
    """The plan the importer executes for a survey tool's export."""
    role_of: dict[int, tuple[str, str | None]] = {}
    for name, choice in det.fields.items():
        if choice.derived:
            continue
        for index in choice.columns:
            role_of.setdefault(index, ("field", name))
    for q in det.questions:
        role_of[q.column] = ("question", q.question_id)
    columns = []
    for col in det.columns:
        role, target = role_of.get(col.index, (det.roles.get(col.index, "extra"), None))
        if role in ("extra", "dropped", "empty"):
            target = col.key if role == "extra" else None
        columns.append(Column(col.index, col.display, role, target))
    multi: dict[str, MultiColumn] = {}
    constants: dict[str, str] = {}
    for name, choice in det.fields.items():
        if choice.constant is not None:
            constants[name] = choice.constant
        elif choice.derived:
            multi[name] = MultiColumn("hash", tuple(choice.columns))
        elif name == "comment" and len(choice.columns) > 1:
            labels = tuple(_comment_label(det, i) for i in choice.columns)
            multi[name] = MultiColumn("join", tuple(choice.columns), labels)
        elif name in _ID_FIELDS and choice.columns:
            multi[name] = MultiColumn("first", tuple(choice.columns))
    new = [NewQuestion(q.question_id, q.text, q.scale, q.label_map) for q in det.questions if q.new]
    plan = Plan(kind="pulse", form="wide", columns=columns, layout=det.layout or "",
                header_records=det.header_records, constants=constants,
                confidence=det.confidence, notes=list(det.notes), multi=multi,
                derived_response_id=bool(det.fields.get("response_id")
                                         and det.fields["response_id"].derived),
                anonymous_respondents=bool(det.fields.get("respondent_id")
                                           and det.fields["respondent_id"].anonymous),
                decimal_comma=det.decimal_comma, new_questions=new, profile=det.profile)
    if det.dropped:
        plan.notes.append("dropped personal-data columns: " + ", ".join(det.dropped))
    return plan


def _comment_label(det: Detection, index: int) -> str:
    col = det.columns[index]
    item = glint_item(col.header) if det.layout == "viva_glint" else None
    return item[0] if item else col.header


def validate_kind(kind: str | None) -> None:
    if kind is not None and kind not in KINDS:
        raise ProposalError(f"unknown kind {kind!r}")


def propose(path: str | os.PathLike[str], con: duckdb.DuckDBPyConnection, *,
            kind: str | None = None, profile: str | None = None,
            overrides: list[tuple[str, str]] | None = None,
            constants: dict[str, str] | None = None, scales: dict[str, str] | None = None,
            sheet: str | None = None, name: str | None = None,
            confirm: bool = False) -> Detection:
    """Detect a file's layout and propose its mapping, storing nothing (``detect``, Data page).

    An unreadable or unrecognised file gives a Detection without a layout whose problems
    say why; a mapping request that cannot be carried out raises :class:`ProposalError`.
    """
    from dashboard.ingest.raw import RawReadError, create_macros, drop_temporaries, read_raw
    from dashboard.ingest.source import SourceError, open_source

    display = name or Path(path).name
    try:
        src = open_source(path, display, sheet=sheet)
    except SourceError as exc:
        return Detection(display, None, problems=[str(exc).split(": ", 1)[-1]])
    with src:
        create_macros(con)
        try:
            identity = identify_file(con, src, kind, profile)
            if identity.match is None:
                return Detection(display, None, columns=identity.columns,
                                 fingerprint=identity.fingerprint,
                                 problems=[unknown_layout_message(src)])
            try:
                _unreadable, total = read_raw(con, src, 10)
            except RawReadError as exc:
                return Detection(display, None, problems=[exc.problem.reason])
            detection = propose_mapping(con, src, identity, overrides=overrides,
                                        constants=constants, scales=scales, confirm=confirm)
            if total:
                detection.notes.append(f"{total} record(s) cannot be read; ingest lists them")
            detection.notes[:0] = src.notes
            return detection
        finally:
            drop_temporaries(con)
