"""Import one export into DuckDB: read, map, validate, normalise and store in one transaction.

All the row-level work is SQL in ``queries/ingest/`` run by DuckDB, so a file with millions
of responses is validated without holding its rows in Python. A file with any problem is
rolled back completely and every problem is reported with its line.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypedDict, Unpack

import duckdb
import pandas as pd

from dashboard.config import current_user
from dashboard.ingest import dates
from dashboard.ingest.detection import Detection, ProposalError
from dashboard.ingest.kinds import KIND_ORDER, KINDS
from dashboard.ingest.layouts import quick_kind
from dashboard.ingest.mapping import Column, MultiColumn, Plan
from dashboard.ingest.problems import Problem, describe
from dashboard.ingest.profiles import ProfileError, check_name
from dashboard.ingest.profiles import save_profile as save_saved_profile
from dashboard.ingest.propose import (
    identify_file,
    propose_mapping,
    unknown_layout_message,
)
from dashboard.ingest.raw import RawReadError, create_macros, drop_temporaries, read_raw
from dashboard.ingest.source import (
    Source,
    SourceError,
    open_source,
    peek_header,
    record_start_lines,
)
from dashboard.ingest.vocab import (
    COUNT_METRICS,
    MISSING_TOKENS,
    RUBRIC_DIMENSIONS,
    RUBRIC_LEVELS,
    SCALE_ALIASES,
    SCALE_LABELS,
    SCALES,
    category_map,
    norm_token,
)
from dashboard.store import aggregates, sql
from dashboard.store.ids import IdKeyError, id_key, mask_emails, mask_file_name, pseudonym
from dashboard.store.specs import ID_FIELDS, kind_table
from dashboard.store.writes import affected, transaction

MAX_PROBLEMS = 200
DRY_RUN_ID = -1  # the import id a preview stores its rows under before rolling back
_DATE_FIELD_TYPES = ("date", "timestamp")

# How an import reports progress to a caller (the Data page shows a bar): (fraction, step).
Progress = Callable[[float, str], None]


@dataclass
class ImportResult:
    """What happened to one file."""

    file_name: str
    ok: bool
    kind: str | None = None
    import_id: int | None = None
    rows: int = 0
    answers: int = 0
    replaced: int = 0
    already_imported: int | None = None
    problems: list[Problem] = field(default_factory=list)
    problem_total: int = 0
    position_word: str = "line"
    notes: list[str] = field(default_factory=list)
    plan: Plan | None = None
    detection: Detection | None = None
    dry_run: bool = False

    def problem_lines(self) -> list[str]:
        return [p.format(self.file_name, self.position_word) for p in self.problems]

    def summary(self) -> str:
        """The one line the CLI prints for this file."""
        if self.already_imported is not None:
            return (f"{self.file_name}: identical to import {self.already_imported}; "
                    "nothing changed")
        if not self.ok:
            return f"{self.file_name}: not imported, {self.problem_total} problem(s)"
        if self.dry_run:
            extra = f", {self.answers} answers" if self.answers else ""
            replaced = f", would replace {self.replaced} earlier rows" if self.replaced else ""
            return f"{self.file_name}: {self.kind}, {self.rows} rows ready to import{extra}{replaced}"
        layout = self.plan.layout if self.plan else "canonical"
        kind = self.kind if layout == "canonical" else f"{self.kind} ({layout})"
        parts = [f"{self.file_name}: {kind}", f"{self.rows} rows stored"]
        if self.answers:
            parts.append(f"{self.answers} answers")
        if self.replaced:
            parts.append(f"{self.replaced} earlier rows replaced")
        parts.append(f"import {self.import_id}")
        return ", ".join(parts)


class _Rejected(Exception):
    def __init__(self, problems: list[Problem], total: int) -> None:
        super().__init__(f"{total} problems")
        self.problems = problems
        self.total = total


def ingest_files(con: duckdb.DuckDBPyConnection, paths: Iterable[str | os.PathLike[str]],
                 **options: Unpack[IngestOptions]) -> list[ImportResult]:
    """Import several files, each in its own transaction, lookup kinds first
    (roster, schedule and questions before the data that refers to them)."""
    paths = list(paths)
    explicit_kind = options.get("kind")

    def order(path: str | os.PathLike[str]) -> int:
        if explicit_kind:
            return 0
        guess = _quick_kind(Path(path))
        return KIND_ORDER.index(guess) if guess in KIND_ORDER else len(KIND_ORDER)

    return [ingest_file(con, path, **options) for path in sorted(paths, key=order)]


def _quick_kind(path: Path) -> str | None:
    try:
        header = peek_header(path)
        return quick_kind(header) if header else None
    except (SourceError, OSError):
        return None


Overrides = dict[str, str] | list[tuple[str, str]]


class IngestOptions(TypedDict, total=False):
    """``ingest_file``'s keyword options, for passing them on (``ingest_files``)."""

    kind: str | None
    replace: bool
    name: str | None
    user: str | None
    source: str
    overrides: Overrides | None
    constants: dict[str, str] | None
    sheet: str | None
    max_problems: int
    progress: Progress | None
    profile: str | None
    save_profile: str | None
    scales: dict[str, str] | None
    dry_run: bool


def _pairs(overrides: Overrides | None) -> list[tuple[str, str]]:
    """``--map`` choices as (target, column) pairs; repeating a target is allowed (a
    fallback chain of id columns, several comment columns)."""
    if not overrides:
        return []
    return list(overrides.items()) if isinstance(overrides, dict) else list(overrides)


def ingest_file(
    con: duckdb.DuckDBPyConnection,
    path: str | os.PathLike[str],
    *,
    kind: str | None = None,
    replace: bool = False,
    name: str | None = None,
    user: str | None = None,
    source: str = "cli",
    overrides: Overrides | None = None,
    constants: dict[str, str] | None = None,
    sheet: str | None = None,
    max_problems: int = MAX_PROBLEMS,
    progress: Progress | None = None,
    profile: str | None = None,
    save_profile: str | None = None,
    scales: dict[str, str] | None = None,
    dry_run: bool = False,
) -> ImportResult:
    """Import one file; the database is unchanged unless the whole file is stored.

    ``dry_run`` does every check and counts what would be stored, then rolls back: the
    Data page's preview before the analyst presses Import.

    ``profile`` names a saved mapping (otherwise one saved for the same layout is used);
    ``overrides`` (``--map``), ``constants`` (``--set``) and ``scales`` (``--scale``) edit
    the proposed mapping; ``save_profile`` stores the mapping used, in the same transaction
    as the data, and confirms the new questions it registers.
    """
    display = name or Path(path).name
    report = progress or (lambda _f, _s: None)
    report(0.0, "reading")
    try:
        src = open_source(path, display, sheet=sheet)
    except SourceError as exc:
        return _failed(display, kind, [Problem("(file)", str(exc).split(": ", 1)[-1])])
    with src:
        result = ImportResult(display, ok=False, kind=kind, position_word=src.position_word)
        result.notes.extend(src.notes)
        create_macros(con)
        try:
            _import(con, src, result, kind=kind, replace=replace, user=user or current_user(),
                    source=source, overrides=_pairs(overrides), constants=constants or {},
                    scales=scales or {}, profile=profile, save_profile=save_profile,
                    max_problems=max_problems, report=report, dry_run=dry_run)
        except _Rejected as rejected:
            result.problems = _with_lines(src, rejected.problems)
            result.problem_total = rejected.total
        finally:
            drop_temporaries(con)
    report(1.0, "done")
    return result


def _mapping_problems(src: Source, messages: list[str], column: str) -> _Rejected:
    problems = [Problem(column, message, line=1 + src.row_offset) for message in messages]
    return _Rejected(problems, len(problems))


def _import(con: duckdb.DuckDBPyConnection, src: Source, result: ImportResult, *,
            kind: str | None, replace: bool, user: str, source: str,
            overrides: list[tuple[str, str]], constants: dict[str, str],
            scales: dict[str, str], profile: str | None, save_profile: str | None,
            max_problems: int, report: Progress, dry_run: bool = False) -> None:
    """Identify, propose, check and store one opened file; raise :class:`_Rejected`."""
    try:
        identity = identify_file(con, src, kind, profile)
        if save_profile:
            check_name(save_profile)
    except (ProposalError, ProfileError) as exc:
        raise _mapping_problems(src, [str(exc)], "(mapping)") from None
    if identity.match is None:
        raise _mapping_problems(src, [unknown_layout_message(src)], "(header)")
    earlier = sql.rows(con, "ops/active_import_by_hash",
                       {"sha256": src.sha256, "kind": identity.kind})
    if earlier:
        result.ok, result.already_imported = True, int(earlier[0][0])
        result.kind = identity.kind
        if save_profile:
            result.notes.append(
                f"profile {save_profile!r} not saved: nothing was imported; save it with "
                f"python -m dashboard detect {src.name} --save-profile {save_profile!r}")
        return
    # read outside the transaction: a temp table filled inside one numbers its rows from
    # 2**55, and the row numbers are the file positions we report
    try:
        unreadable = read_raw(con, src, max_problems)
    except RawReadError as exc:
        raise _Rejected([exc.problem], 1) from None
    try:
        detection = propose_mapping(con, src, identity, overrides=overrides,
                                    constants=constants, scales=scales,
                                    confirm=bool(save_profile))
    except ProposalError as exc:
        raise _mapping_problems(src, [str(exc)], "(mapping)") from None
    result.detection = detection
    result.kind = detection.kind or kind
    if detection.rows == 0 and identity.match.is_tool:
        raise _Rejected([Problem("(file)", "no data rows (the file has only its header rows)",
                                 line=1 + src.row_offset)], 1)
    if detection.problems or detection.plan is None:
        column = "(mapping)" if identity.match.is_tool else "(header)"
        raise _mapping_problems(src, detection.problems, column)
    plan = detection.plan
    result.kind, result.plan = plan.kind, plan
    result.notes.extend(detection.notes)
    result.notes.extend(n for n in plan.notes if n not in detection.notes)
    _register_views(con, plan)
    with transaction(con, user, "import") as change:  # one writer at a time in this process
        saved = save_saved_profile(con, save_profile, detection, user) if save_profile else None
        if saved is not None:
            plan.profile = saved.name
        _store(con, src, plan, result, unreadable, replace=replace, user=user, source=source,
               max_problems=max_problems, report=report, dry_run=dry_run)
        if dry_run:
            change.discard()
            result.import_id, result.dry_run = None, True
        else:
            change.audit(f"import {result.import_id}: {mask_file_name(con, src.name)}",
                         {"kind": plan.kind, "rows": result.rows, "replaced": result.replaced,
                          "sha256": src.sha256, "source": source})
            if saved is not None:
                result.notes.append(f"saved profile {saved.name!r} ({saved.layout}); later "
                                    "files with this layout use it automatically")
    result.ok = True


def _failed(display: str, kind: str | None, problems: list[Problem]) -> ImportResult:
    return ImportResult(display, ok=False, kind=kind, problems=problems, problem_total=len(problems))


# --- the transaction -------------------------------------------------------------------


def _store(con: duckdb.DuckDBPyConnection, src: Source, plan: Plan, result: ImportResult,
           unreadable: tuple[list[Problem], int], *, replace: bool, user: str, source: str,
           max_problems: int, report: Progress, dry_run: bool = False) -> None:
    report(0.3, "checking")
    params = _parameters(con, plan)
    params["salt"] = _id_key(con, src, plan, result)
    problems, total = list(unreadable[0]), unreadable[1]
    n_rows = int(sql.scalar(con, "ingest/count_rows"))
    if n_rows == 0 and not total:
        raise _Rejected([Problem("(file)", "no data rows (the file has only a header)",
                                 line=1 + src.row_offset)], 1)
    date_problems = _read_dates(con, plan, params, result)
    if date_problems:
        raise _Rejected(date_problems, len(date_problems))
    staged_tables = _stage(con, plan, params)
    report(0.6, "validating")
    for table in staged_tables:
        found, count = _row_problems(con, table, plan, max_problems - len(problems))
        problems += found
        total += count
    if plan.kind == "pulse":
        found, count = _answer_problems(con, plan, max_problems - len(problems))
        problems += found
        total += count
    found, count = _key_problems(con, plan, "dupes", max_problems - len(problems))
    problems += found
    total += count
    if not replace:
        found, count = _key_problems(con, plan, "conflicts", max_problems - len(problems))
        problems += found
        total += count
    if total:
        raise _Rejected(problems, total)
    report(0.8, "storing")
    # a preview is rolled back: it takes no id from the sequence, so the log has no gaps
    import_id = DRY_RUN_ID if dry_run else int(sql.scalar(con, "ops/next_import_id"))
    ids = {"import_id": import_id}
    if replace:
        table = kind_table(plan.kind).name
        result.replaced = affected(sql.template(con, "supersede", table, ids))
        if plan.kind == "pulse":  # its answers go with the responses they belong to
            sql.template(con, "supersede", "pulse_answer", ids)
    if plan.kind == "pulse":
        registered = affected(sql.execute(con, "ingest/insert_file_question", ids))
        if registered:
            result.notes.append(f"{registered} new question(s) added to the catalogue: "
                                + ", ".join(q.question_id for q in plan.new_questions))
        result.rows = affected(sql.execute(con, "ingest/insert_pulse_response", ids))
        result.answers = affected(sql.execute(con, "ingest/insert_pulse_answer", ids))
        missing = int(sql.scalar(con, "ingest/missing_answer_count"))
        if missing:
            result.notes.append(f"{missing} N/A-like answers stored as missing (never as zero)")
    else:
        result.rows = affected(sql.execute(con, f"ingest/insert_{plan.kind}", ids))
    result.import_id = import_id
    _contact_note(con, plan, result)
    details = plan.describe() | {"notes": result.notes, "answers": result.answers,
                                 "encoding": src.encoding, "delimiter": src.delimiter}
    sql.execute(con, "ops/insert_import_log", {
        "import_id": import_id, "file_name": mask_file_name(con, src.name), "file_sha256": src.sha256,
        "kind": plan.kind, "format": f"{plan.layout}-{plan.form}" if plan.form != "single" else plan.layout,
        "rows": result.rows, "replaced_rows": result.replaced, "imported_by": user,
        "source": source, "details": _logged_details(con, details, str(params["salt"])),
    })
    aggregates.after_change(con, plan.kind, aggregates.import_periods(con, import_id)
                            if plan.kind == "pulse" else ())


def _id_key(con: duckdb.DuckDBPyConnection, src: Source, plan: Plan, result: ImportResult) -> str:
    """The database's id key when the file has an id to hash (an e-mail address or a person's
    name, or a response id derived from its cells), saying per field how many; refused when
    the key is missing. A file with nothing to hash needs no key."""
    from duckdb import CaseExpression, ColumnExpression, FunctionExpression

    def distinct(condition: duckdb.Expression, cell: duckdb.Expression) -> duckdb.Expression:
        # distinct values, not rows: a long file repeats an id on each of its answers
        chosen = FunctionExpression("list", CaseExpression(condition, cell))
        return FunctionExpression("len", FunctionExpression("list_distinct", chosen))

    records = con.table("src")
    names = [name for name in records.columns if name in ID_FIELDS
             and not (name == "response_id" and plan.derived_response_id)]  # that one is always hashed
    counts: list[int] = []
    if names:  # only the records with an id that is not plain (most files: none) are looked at
        unusual = [~FunctionExpression("plain_id", ColumnExpression(name)) for name in names]
        condition = unusual[0]
        for more in unusual[1:]:
            condition = condition | more
        records = records.filter(condition)
        exprs = []
        for name in names:
            cell = ColumnExpression(name)
            hashed = FunctionExpression("needs_hash", cell)
            exprs += [distinct(hashed & FunctionExpression("email_key", cell).isnotnull(), cell),
                      distinct(hashed & FunctionExpression("email_key", cell).isnull(), cell)]
        counts = [int(n or 0) for n in records.aggregate(exprs).fetchall()[0]]
    for position, name in enumerate(names):
        emails, people = counts[2 * position], counts[2 * position + 1]
        header = name if name in plan.multi else plan.header_for(name)  # a chain of columns: the field
        if emails:
            result.notes.append(f"{header}: {emails} e-mail address(es) stored as salted hashes, never in clear")
        if people:
            result.notes.append(
                f"{header}: {people} value(s) look like people's names (two to four words of letters, "
                "'First Last' or 'Last, First'): stored as salted hashes, never in clear; if the "
                f"file has an id column, map it instead (--map {name}=COLUMN)")
    if not (plan.derived_response_id or any(counts)):
        return ""
    try:
        return id_key(con)
    except IdKeyError as exc:
        raise _Rejected([Problem("(id key)", str(exc), line=1 + src.row_offset)], 1) from None


def _contact_note(con: duckdb.DuckDBPyConnection, plan: Plan, result: ImportResult) -> None:
    """Say how many e-mail addresses and phone numbers were masked in comments or notes."""
    query = {"pulse": "ingest/contact_counts_pulse", "rubric": "ingest/contact_counts_rubric"}.get(plan.kind)
    if query is None:
        return
    emails, phones = sql.rows(con, query)[0]
    if emails or phones:
        what = "comments" if plan.kind == "pulse" else "notes"
        result.notes.append(f"{what}: {int(emails or 0)} e-mail address(es) and {int(phones or 0)} phone "
                            "number(s) masked before storage")


def _logged_details(con: duckdb.DuckDBPyConnection, details: dict[str, object], key: str) -> str:
    """The import log's details without personal data: an id set for the whole file is logged
    as it is stored (hashed when an address or a name), addresses in notes are masked."""
    constants = details.get("constants")
    if isinstance(constants, dict):
        stored = {name: pseudonym(con, value, key) if name in ID_FIELDS and key else value
                  for name, value in constants.items()}
        details["constants"] = stored
        fields = details.get("fields")
        if isinstance(fields, dict):
            for name, value in stored.items():
                if name in fields:
                    fields[name] = [f"= {value}"]
    return mask_emails(con, json.dumps(details, ensure_ascii=False))


def _register_views(con: duckdb.DuckDBPyConnection, plan: Plan) -> None:
    """Project view ``src`` (canonical columns) from ``raw``, and register the wide columns
    and the questions the plan registers, for the staging SQL."""
    con.register("src", _project(con, plan))
    wide = plan.by_role("question") + plan.by_role("dimension") + plan.by_role("metric")
    con.register("ref_wide_column", pd.DataFrame({
        "col": [_wide_name(c) for c in wide],
        "target": [c.target for c in wide],
        "key": [norm_token(c.target or "") for c in wide],  # the SQL token() of target
        "header": [c.header for c in wide],
    }, dtype="string"))
    con.register("file_question", pd.DataFrame({
        "question_id": [q.question_id for q in plan.new_questions],
        "text": [q.text for q in plan.new_questions],
        "scale": [q.scale for q in plan.new_questions],
        "label_map": [q.label_map_json() for q in plan.new_questions],
    }, dtype="string"))


def _wide_name(col: Column) -> str:
    return {"question": "q__", "dimension": "d__", "metric": "m__"}[col.role] + str(col.index)


def _project(con: duckdb.DuckDBPyConnection, plan: Plan) -> duckdb.DuckDBPyRelation:
    """The records of the file as canonical columns (built as expressions, not SQL text)."""
    from duckdb import ColumnExpression, ConstantExpression, FunctionExpression

    raw = con.table("raw_numbered")
    data_cols = [ColumnExpression(c.source) for c in plan.columns if c.role != "empty"]
    not_blank = None
    for expr in data_cols:
        not_blank = expr.isnotnull() if not_blank is None else not_blank | expr.isnotnull()
    rows = raw.filter(ColumnExpression("rec") >= ConstantExpression(plan.header_records))
    if not_blank is not None:
        rows = rows.filter(not_blank)
    exprs = [ColumnExpression("rec")]
    fields = plan.spec.required + plan.spec.optional
    if plan.form != "wide":
        fields += plan.spec.long_fields
    for fld in fields:
        col = plan.field_column(fld.name)
        multi = plan.multi.get(fld.name)
        if multi is not None:
            exprs.append(_multi_expression(multi).alias(fld.name))
        elif col is not None:
            exprs.append(ColumnExpression(col.source).alias(fld.name))
        elif fld.name in plan.constants:
            exprs.append(ConstantExpression(plan.constants[fld.name]).alias(fld.name))
        else:
            exprs.append(ConstantExpression(None).cast(duckdb.sqltype("VARCHAR")).alias(fld.name))
    extras = plan.by_role("extra")
    if extras:
        args = []
        for col in extras:
            args += [ConstantExpression(col.target), ColumnExpression(col.source)]
        exprs.append(FunctionExpression("json_object", *args).cast(duckdb.sqltype("VARCHAR")).alias("extra"))
    else:
        exprs.append(ConstantExpression(None).cast(duckdb.sqltype("VARCHAR")).alias("extra"))
    for col in plan.by_role("question") + plan.by_role("dimension") + plan.by_role("metric"):
        exprs.append(ColumnExpression(col.source).alias(_wide_name(col)))
    return rows.select(*exprs)


def _multi_expression(multi: MultiColumn) -> duckdb.Expression:
    """One canonical field from several columns (see :class:`MultiColumn`)."""
    from duckdb import CoalesceOperator, ColumnExpression, ConstantExpression, FunctionExpression

    cells = [ColumnExpression(f"c{index}") for index in multi.columns]
    if multi.how == "first":
        known = [FunctionExpression("known_id", cell) for cell in cells]
        return known[0] if len(known) == 1 else CoalesceOperator(*known)
    if multi.how == "join":
        parts = [FunctionExpression("labelled", ConstantExpression(label), cell)
                 for label, cell in zip(multi.labels, cells, strict=True)]
        return FunctionExpression("concat_ws", ConstantExpression("\n"), *parts)
    parts = [CoalesceOperator(cell, ConstantExpression("")) for cell in cells]
    return FunctionExpression("concat_ws", ConstantExpression("\x1f"), *parts)


def _parameters(con: duckdb.DuckDBPyConnection, plan: Plan) -> dict[str, object]:
    """Everything the staging SQL binds but the id key: vocabularies, scale ranges."""
    params: dict[str, object] = {
        "missing": sorted(MISSING_TOKENS),
        "scale_names": list(SCALES),
        "scale_low": [lo for lo, _ in SCALES.values()],
        "scale_high": [hi for _, hi in SCALES.values()],
        "scale_keys": list(SCALE_ALIASES),
        "scale_values": list(SCALE_ALIASES.values()),
        "bool_keys": ["yes", "y", "true", "t", "1", "reverse", "reversed", "no", "n", "false",
                      "f", "0"],
        "bool_values": ["true"] * 6 + ["false"] * 6,
        "level_keys": list(RUBRIC_LEVELS),
        "level_values": [str(v) for v in RUBRIC_LEVELS.values()],
        "dimensions": list(RUBRIC_DIMENSIONS),
        "count_metrics": sorted(COUNT_METRICS),
        "limit": MAX_PROBLEMS,
        "derived_response_id": plan.derived_response_id,
        "anonymous_respondents": plan.anonymous_respondents,
        "decimal_comma": plan.decimal_comma,
    }
    for category in ("role", "arm", "exit_reason", "rater_type", "assessor_type", "activity", "status"):
        mapping = category_map(category)
        # also the spellings with spaces and hyphens, so most values match without a regex
        spelled = dict(mapping)
        for key, value in mapping.items():
            spelled.setdefault(key.replace("_", " "), value)
            spelled.setdefault(key.replace("_", "-"), value)
        params[f"{category}_keys"] = list(spelled)
        params[f"{category}_values"] = list(spelled.values())
    for fld in plan.spec.fields:
        if fld.type in _DATE_FIELD_TYPES:
            params[f"fmt_{fld.name}"] = dates.MONTH_FIRST
    return params


def _read_dates(con: duckdb.DuckDBPyConnection, plan: Plan, params: dict[str, object],
                result: ImportResult) -> list[Problem]:
    """Choose day-first or month-first for the file's date columns; say so, or ask when it
    cannot tell."""
    from duckdb import ColumnExpression

    votes: dict[str, dates.Votes] = {}
    for fld in plan.spec.fields:
        if fld.type not in _DATE_FIELD_TYPES or fld.name not in plan.fields_present():
            continue
        con.register("date_values", con.table("src").select(ColumnExpression(fld.name).alias("v")))
        column = dates.column_votes(con)
        if column is not None:
            votes[fld.name] = column
    reading = dates.decide(list(votes.values()))
    for name in votes:
        params[f"fmt_{name}"] = reading.formats
    if reading.problem:
        ambiguous = [name for name, v in votes.items() if v.differ]
        return [Problem(plan.header_for(name), reading.problem, line=1) for name in ambiguous]
    if reading.order != "iso":
        word = "day-first (D/M/YYYY)" if reading.order == "day_first" else "month-first (M/D/YYYY)"
        for name, column in votes.items():
            if column.needs_order:
                result.notes.append(f"{plan.header_for(name)}: dates read {word}")
    return []


def _stage(con: duckdb.DuckDBPyConnection, plan: Plan, params: dict[str, object]) -> list[str]:
    """Run the kind's staging SQL; return the staged tables that carry err__ columns."""
    kind = plan.kind
    if kind == "pulse":
        sql.execute(con, f"ingest/pulse_src_{'long' if plan.form == 'long' else 'wide'}")
        sql.execute(con, "ingest/stage_pulse_response", params)
        scale_labels = [(s, label, v) for s, labels in SCALE_LABELS.items() for label, v in labels.items()]
        con.register("scale_label", pd.DataFrame(scale_labels, columns=["scale", "label", "value"]))
        sql.execute(con, "ingest/ref_question", params)
        sql.execute(con, "ingest/ref_answer_label")
        sql.execute(con, f"ingest/pulse_answer_src_{'long' if plan.form == 'long' else 'wide'}", params)
        sql.execute(con, "ingest/stage_pulse_answer", params)
        return ["staged_response"]
    if kind in ("rubric", "outcomes"):
        sql.execute(con, f"ingest/{kind}_src_{plan.form}", params)
    sql.execute(con, f"ingest/stage_{kind}", params)
    return ["staged"]


def _header_of(plan: Plan, table: str, field_name: str) -> str:
    if field_name == "response_rows":
        return plan.header_for("response_id")
    return plan.header_for(field_name)


def _row_problems(con: duckdb.DuckDBPyConnection, table: str, plan: Plan,
                  limit: int) -> tuple[list[Problem], int]:
    checked = {"table": table, "limit": limit}  # the staged table, bound by name
    count = int(sql.scalar(con, "ingest/row_problem_rows", checked))
    if not count:
        return [], 0
    total = int(sql.scalar(con, "ingest/row_problem_count", checked))
    found = []
    if limit > 0:
        rows = sql.rows(con, "ingest/row_problems", checked)
        for rec, field_name, code, cell_header in rows:
            # a cell of a wide rubric or outcomes file is named by its own column
            column = cell_header if cell_header and field_name in ("level", "value") else \
                _header_of(plan, table, field_name)
            found.append(Problem(column, describe(field_name, code), rec=int(rec)))
    return found, total


def _answer_problems(con: duckdb.DuckDBPyConnection, plan: Plan,
                     limit: int) -> tuple[list[Problem], int]:
    total = int(sql.scalar(con, "ingest/answer_problem_count"))
    if not total or limit <= 0:
        return [], total
    rows = sql.rows(con, "ingest/answer_problems", {"limit": limit})
    return [Problem(header or plan.header_for("score"), describe("answer", code), rec=int(rec))
            for rec, header, code in rows], total


def _key_problems(con: duckdb.DuckDBPyConnection, plan: Plan, check: str,
                  limit: int) -> tuple[list[Problem], int]:
    table = kind_table(plan.kind).name
    rows = sql.template(con, check, table, {"limit": max(limit, 1)}).fetchall()
    if not rows:
        return [], 0
    keys = [plan.header_for(k) for k in plan.spec.key if k in plan.fields_present()] or list(plan.spec.key)
    label = " + ".join(dict.fromkeys(keys))
    found = []
    for row in rows[:max(limit, 0)]:
        if check == "dupes":
            rec, first_rec, _total = row
            found.append(Problem(label, "duplicate key: the same as {other}", rec=int(rec),
                                 other_rec=int(first_rec)))
        else:
            rec, import_id, file_name, _total = row
            found.append(Problem(
                label,
                f"already stored by import {import_id} ({file_name}); use --replace "
                "(or 'Replace earlier rows' on the Data page) to replace those rows",
                rec=int(rec)))
    return found, int(rows[0][-1])


def _with_lines(src: Source, problems: list[Problem]) -> list[Problem]:
    """Turn record positions into the line (or sheet row) numbers a person looks up."""
    wanted_recs = {p.rec for p in problems if p.rec is not None} | {
        p.other_rec for p in problems if p.other_rec is not None}
    wanted_records = {p.record_no for p in problems if p.record_no is not None}
    if not wanted_recs and not wanted_records:
        return problems
    rejected = wanted_records  # records DuckDB could not read are not in the raw table
    rec_line: dict[int, int] = {}
    record_line: dict[int, int] = {}
    rec = 0
    for number, (line, blank) in enumerate(record_start_lines(src), start=1):
        if number in wanted_records:
            record_line[number] = line
        if blank or number in rejected:
            continue
        if rec in wanted_recs:
            rec_line[rec] = line
        rec += 1
        if rec > max(wanted_recs, default=-1) and number >= max(wanted_records, default=0):
            break
    for problem in problems:
        if problem.rec is not None:
            problem.line = rec_line.get(problem.rec)
        if problem.record_no is not None:
            problem.line = record_line.get(problem.record_no, problem.record_no)
        if problem.other_rec is not None:
            problem.other_line = rec_line.get(problem.other_rec)
    return sorted(problems, key=lambda p: (p.line is not None, p.line or 0))


def kinds_help() -> str:
    """One line per kind with its required columns, for help texts."""
    return "\n".join(f"  {k}: {', '.join(f.name for f in KINDS[k].required)}" for k in KIND_ORDER)


__all__ = ["ImportResult", "ingest_file", "ingest_files", "kinds_help", "norm_token"]
