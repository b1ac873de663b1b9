"""Propose how an export maps onto canonical data (the analyst's corrections are applied by
:mod:`dashboard.ingest.edits`, a column's values are read by :mod:`dashboard.ingest.values`).

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

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from dashboard.ingest import leave_out
from dashboard.ingest.detection import (
    PULSE_FIELDS,
    ROLE_TARGETS,
    Catalogue,
    Detection,
    FieldChoice,
    ProposalError,
    QuestionChoice,
)
from dashboard.ingest.edits import apply_overrides, apply_profile, find_by_key, resolve_column
from dashboard.ingest.kinds import PULSE
from dashboard.ingest.layouts import (
    EXPECTED_TOOL_HEADERS,
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
from dashboard.ingest.options import ImportOptions, options_from
from dashboard.ingest.source import Source
from dashboard.ingest.tools import tool_for
from dashboard.ingest.tools.base import ToolRules
from dashboard.ingest.values import column_stats, decimal_comma, personal_values, question_verdicts
from dashboard.ingest.vocab import category_map, norm_token, personal_header
from dashboard.store import sql

_ROSTER_FIELDS = ("leader_id", "rater_type")
_ID_FIELDS = ("respondent_id", "leader_id")
_MAX_ID_LENGTH = 40


def _rules(layout: str) -> ToolRules:
    tool = tool_for(layout)
    assert tool is not None, layout
    return tool.rules


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
        """The canonical kind: --kind, else the profile's, else what the header says."""
        return self.match.kind if self.match else None


def identify_file(con: duckdb.DuckDBPyConnection, src: Source, kind: str | None = None,
                  profile: str | None = None) -> Identity:
    """The layout from the header records, and the profile to apply (named, or saved for a
    file with the same layout)."""
    from dashboard.ingest import profiles

    match = identify(src, kind)
    columns = describe_columns(src, match)
    family = match.layout if match and match.is_tool else "canonical"
    layout_print = fingerprint(family, columns)
    chosen = None
    if profile:
        chosen = profiles.get_profile(con, profile)
        if chosen is None:
            names = [p.name for p in profiles.all_profiles(con)]
            raise ProposalError(f"no profile named {profile!r}"
                                + (f" (saved: {', '.join(names)})" if names else
                                   " (none saved yet; create one with --save-profile NAME)"))
    else:
        chosen = profiles.find_profile(con, layout_print)
        if chosen is None and match is not None:  # columns came or went: match on the mapped ones
            chosen = profiles.find_similar(con, match.layout, {col.key for col in columns})
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
    return Identity(match, columns, layout_print, chosen, explicit_profile=bool(profile))


def propose_mapping(con: duckdb.DuckDBPyConnection, src: Source, identity: Identity,
                    options: ImportOptions | None = None, *, confirm: bool = False) -> Detection:
    """The proposal for a file whose records are in temp table ``raw`` (see raw.read_raw).

    The options' ``overrides`` are ``(target, column)`` pairs (``--map``): a canonical field,
    a question id, ``extra`` or ``drop``; ``constants`` set a field for the whole file;
    ``scales`` set the scale of a new question; ``confirm`` accepts new questions
    (``--save-profile``).
    """
    opts = options or ImportOptions()
    overrides, constants, scales = list(opts.overrides), dict(opts.constants), dict(opts.scales)
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
    det.left_out = leave_out.find(con, det.layout, det.columns, det.header_records,
                                  bool(opts.keep_partials))
    if det.left_out.kept_note():
        det.notes.append(det.left_out.kept_note())
    if match.is_tool or src.delimiter != ",":
        det.stats = column_stats(con, det.header_records)
        det.decimal_comma = decimal_comma(src, det.stats)
        if det.decimal_comma:
            det.notes.append("numbers with decimal commas read as decimals (0,85 = 0.85)")
    if match.is_tool:
        _propose_tool(con, det, identity, overrides, constants, scales, confirm)
    elif scales:
        raise ProposalError("--scale sets the scale of a new question of a survey-tool export; "
                            "a canonical file's questions come from the question catalogue")
    else:
        _propose_canonical(con, det, identity, overrides, constants)
    return det


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
                index = find_by_key(det, spec["columns"][0], identity.profile.name)
                if index is not None:
                    chosen[name] = headers[index]
    for target, column in overrides:
        if target in ROLE_TARGETS:
            raise ProposalError(f"--map {target}=...: only survey-tool exports take extra/drop "
                                "(unknown columns of canonical files are kept anyway)")
        chosen[target] = headers[resolve_column(det, column, target)]
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
    plan.drop_columns(_drop_personal_values(con, det, [c.index for c in plan.by_role("extra")]))
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


def _propose_tool(con: duckdb.DuckDBPyConnection, det: Detection, identity: Identity,
                  overrides: list[tuple[str, str]], constants: dict[str, str],
                  scales: dict[str, str], confirm: bool) -> None:
    layout = det.layout or ""
    rules = _rules(layout)
    catalogue = Catalogue.load(con)
    _propose_fields(det, rules)
    _propose_from_values(det, {str(t) for (t,) in sql.rows(con, "ops/roster_leader_tokens")})
    _propose_columns(det, rules, catalogue)
    if identity.profile is not None:
        apply_profile(det, identity.profile, catalogue)
    apply_overrides(det, overrides, constants, scales, catalogue)
    _fill_defaults(det, rules)
    _drop_personal_values(con, det)
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
    submitted = det.fields.get("submitted_at")
    if submitted is not None and rules.submitted_fallback:  # a kept partial's date
        fallback = [i for key in rules.submitted_fallback for i in _columns_with(det, (key,))][:1]
        submitted.columns.extend(fallback)
        claimed.update(fallback)
    if rules.derive_id_from and "response_id" not in det.fields:
        keys = [k for k in rules.derive_id_from if _columns_with(det, (k,))]
        parts = [_columns_with(det, (k,))[0] for k in keys]
        if len(parts) < 2:  # no second key: add the tool's fallback, else the whole answer
            parts += [i for k in rules.derive_with for i in _columns_with(det, (k,))][:1]
        if len(parts) < 2 and rules.derive_all_when_anonymous:
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


def _propose_from_values(det: Detection, leaders: set[str]) -> None:
    """A column no name decides whose every value is a roster leader's id holds the leader; one
    whose every value is a relationship word holds the rater type (SurveyMonkey's Custom Data,
    Typeform's hidden fields, a question "Which leader?")."""
    raters = {norm_token(key) for key in category_map("rater_type")}
    used = _field_columns(det)
    for name, known in (("leader_id", leaders), ("rater_type", raters)):
        if name in det.fields or not known:
            continue
        found = []
        for col in det.columns:
            stats = det.stats.get(col.index)
            if col.index in used or stats is None or not stats.answered or stats.labels is None:
                continue
            if stats.numbers == 0 and set(stats.labels) <= known:
                found.append(col.index)
        if len(found) == 1:
            basis = ("every value is a leader id of the roster" if name == "leader_id"
                     else "every value is a rater type")
            det.fields[name] = FieldChoice(found, basis=basis, confidence=0.85)
            used.add(found[0])
        elif found:
            det.ambiguous[name] = found


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
    verdicts = question_verdicts(det.layout or "", det.rows, det.stats, candidates)
    for col in candidates:
        verdict = verdicts[col.index]
        if verdict.kind == "question":
            qid = _new_question_id(det.layout or "", col, taken_ids | set(catalogue.scales))
            taken_ids.add(qid)
            det.questions.append(QuestionChoice(col.index, qid, col.label or col.header,
                                                verdict.scale, verdict.label_map, new=True,
                                                basis=verdict.basis,
                                                confidence=verdict.confidence))
        elif verdict.kind == "rater_type" and "rater_type" not in det.fields:
            # a relationship question is the rater type, never a comment (values: --recode)
            det.fields["rater_type"] = FieldChoice([col.index], basis=verdict.basis,
                                                   confidence=verdict.confidence)
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


def _named_role(col: FileColumn, rules: ToolRules, layout: str) -> str | None:
    """The role a column's name alone decides: dropped, extra, or comment."""
    key = col.key.split("#")[0]
    if personal_header(key) or key in rules.personal:
        return "dropped"
    if key in rules.meta or any(key.startswith(p) for p in rules.meta_prefixes):
        return "extra"
    tool = tool_for(layout)
    if tool is not None and tool.named_role is not None:
        return tool.named_role(col)
    return None


def _new_question_id(layout: str, col: FileColumn, taken: set[str]) -> str:
    """Qualtrics' export tag (q1, q2_3); elsewhere a short slug of the question text, of a
    matrix statement, or of a grid's title and row (``rate_your_leader_s_written_tone``)."""
    tool = tool_for(layout)
    if tool is not None and tool.ids_from_tags:
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


def _fill_defaults(det: Detection, rules: ToolRules) -> None:
    """A column no decision covers: personal data is dropped, everything else kept."""
    decided = _field_columns(det) | {q.column for q in det.questions} | set(det.roles)
    for col in det.columns:
        if col.index in decided:
            continue
        key = col.key.split("#")[0]
        stats = det.stats.get(col.index)
        personal = personal_header(key) or key in rules.personal or (
            stats is not None and (stats.emails * 2 > stats.filled > 0 or stats.ips * 2 > stats.filled > 0))
        det.roles[col.index] = "dropped" if personal else ("extra" if col.header else "empty")


def _drop_personal_values(con: duckdb.DuckDBPyConnection, det: Detection,
                          kept: list[int] | None = None) -> set[int]:
    """Kept columns whose names say nothing personal may still hold personal data: one value
    that is an e-mail address (in any spelling), an IP address or coordinates drops the whole
    column (a hash would be no use to any KPI, and a column half kept would still point at the
    people). Returns the columns dropped; a note says so for each."""
    if kept is None:
        kept = [index for index, role in sorted(det.roles.items()) if role == "extra"]
    dropped = set()
    for index, count in personal_values(con, det.header_records, kept).items():
        if count:
            det.roles[index] = "dropped"
            dropped.add(index)
            det.notes.append(f"{det.header(index)}: {count} value(s) look like e-mail addresses, IP "
                             "addresses or coordinates: dropped as personal data")
    return dropped


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
        elif (name in _ID_FIELDS and choice.columns) or (name == "submitted_at" and len(choice.columns) > 1):
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


def propose(path: str | os.PathLike[str], con: duckdb.DuckDBPyConnection,
            options: ImportOptions | None = None, /, *, confirm: bool = False,
            **changes: Any) -> Detection:
    """Detect a file's layout and propose its mapping, storing nothing (``detect``, Data page).

    ``options`` as for ``ingest_file`` (keyword arguments change a copy); ``confirm`` accepts
    the new questions as a saved profile would. An unreadable or unrecognised file gives a
    Detection without a layout whose problems say why; a mapping request that cannot be
    carried out raises :class:`ProposalError`.
    """
    from dashboard.ingest.raw import RawReadError, create_macros, drop_temporaries, read_raw
    from dashboard.ingest.source import SourceError, open_source

    opts = options_from(options, changes)
    display = opts.name or Path(path).name
    from dashboard.ingest.tools.culture_amp import unfold_long

    try:
        src = open_source(path, display, sheet=opts.sheet, header_row=opts.header_row)
    except SourceError as exc:
        return Detection(display, None, problems=[str(exc).split(": ", 1)[-1]])
    try:
        unfold_long(src)
    except SourceError as exc:
        src.close()
        return Detection(display, None, problems=[str(exc).split(": ", 1)[-1]])
    with src:
        create_macros(con)
        try:
            identity = identify_file(con, src, opts.kind, opts.profile)
            if identity.match is None:
                return Detection(display, None, columns=identity.columns,
                                 fingerprint=identity.fingerprint,
                                 problems=[unknown_layout_message(src)])
            try:
                _unreadable, total = read_raw(con, src, 10)
            except RawReadError as exc:
                return Detection(display, None, problems=[exc.problem.reason])
            detection = propose_mapping(con, src, identity, opts, confirm=confirm or opts.confirms)
            if total:
                detection.notes.append(f"{total} record(s) cannot be read; ingest lists them")
            detection.notes[:0] = src.notes
            return detection
        finally:
            drop_temporaries(con)
