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
from typing import Any

import duckdb
import pandas as pd

from dashboard.config import current_user
from dashboard.ingest import dates, hr, people, recode, submissions
from dashboard.ingest.detection import Detection, ProposalError
from dashboard.ingest.kinds import KIND_ORDER, KINDS
from dashboard.ingest.layouts import quick_kind
from dashboard.ingest.mapping import Column, MultiColumn, Plan
from dashboard.ingest.options import MAX_PROBLEMS, ImportOptions, options_from
from dashboard.ingest.problems import Problem, describe, out_of_scale
from dashboard.ingest.profiles import ProfileError, check_name
from dashboard.ingest.profiles import save_profile as save_saved_profile
from dashboard.ingest.propose import (
    Identity,
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
from dashboard.ingest.tools import tool_for
from dashboard.ingest.tools.culture_amp import unfold_long
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
from dashboard.store import aggregates, compact, sql
from dashboard.store.ids import IdKeyError, id_key, mask_emails, mask_file_name, pseudonym
from dashboard.store.specs import ID_FIELDS, kind_table
from dashboard.store.writes import affected, transaction

DRY_RUN_ID = -1  # the import id a preview stores its rows under before rolling back
_DATE_FIELD_TYPES = ("date", "timestamp")


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
    duplicates_replaced: int = 0  # repeat submissions of one respondent left out (see submissions)
    stored_repeats: submissions.StoredRepeats = field(default_factory=submissions.StoredRepeats, repr=False)
    already_imported: int | None = None
    problems: list[Problem] = field(default_factory=list)
    problem_total: int = 0
    position_word: str = "line"
    notes: list[str] = field(default_factory=list)
    privacy_notes: list[str] = field(default_factory=list)  # also in notes; kept in the audit log
    plan: Plan | None = None
    detection: Detection | None = None
    dry_run: bool = False
    left_out: dict[str, int] = field(default_factory=dict)  # reason -> rows not imported
    left_out_text: str = ""  # "3 test responses and 1 unfinished response left out"
    duplicate_problems: tuple[list[Problem], int] = field(default_factory=lambda: ([], 0), repr=False)
    recodes: dict[str, dict[str, str]] = field(default_factory=dict)  # the recodes used (profile + given)
    # how the file was read, for the Data page's reading choices
    header_line: int | None = None  # the line (sheet row) of the header used
    title_rows: int = 0  # title and note rows above it, skipped
    header_given: bool = False
    date_order: str | None = None  # day_first, month_first or ambiguous when the dates need one
    partials: int = 0  # unfinished responses in the file (left out, or kept on request)

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
            left = f"; {self.left_out_text}" if self.left_out_text else ""
            return (f"{self.file_name}: {self.kind}, {self.rows} rows ready to import{extra}{replaced}"
                    f"{left}")
        layout = self.plan.layout if self.plan else "canonical"
        kind = self.kind if layout == "canonical" else f"{self.kind} ({layout})"
        parts = [f"{self.file_name}: {kind}", f"{self.rows} rows stored"]
        if self.answers:
            parts.append(f"{self.answers} answers")
        if self.replaced:
            parts.append(f"{self.replaced} earlier rows replaced")
        if self.duplicates_replaced:
            parts.append(f"{self.duplicates_replaced} duplicate submission(s) replaced")
        parts.append(f"import {self.import_id}")
        return ", ".join(parts) + (f"; {self.left_out_text}" if self.left_out_text else "")


class _Rejected(Exception):
    def __init__(self, problems: list[Problem], total: int) -> None:
        super().__init__(f"{total} problems")
        self.problems = problems
        self.total = total


def ingest_files(con: duckdb.DuckDBPyConnection, paths: Iterable[str | os.PathLike[str]],
                 options: ImportOptions | None = None, /, **changes: Any) -> list[ImportResult]:
    """Import several files, each in its own transaction, lookup kinds first
    (roster, schedule and questions before the data that refers to them)."""
    paths = list(paths)
    opts = options_from(options, changes)

    def order(path: str | os.PathLike[str]) -> int:
        if opts.kind:
            return 0
        guess = _quick_kind(Path(path))
        return KIND_ORDER.index(guess) if guess in KIND_ORDER else len(KIND_ORDER)

    return [ingest_file(con, path, opts) for path in sorted(paths, key=order)]


def _quick_kind(path: Path) -> str | None:
    try:
        header = peek_header(path)
        return quick_kind(header) if header else None
    except (SourceError, OSError):
        return None


def ingest_file(con: duckdb.DuckDBPyConnection, path: str | os.PathLike[str],
                options: ImportOptions | None = None, /, **changes: Any) -> ImportResult:
    """Import one file; the database is unchanged unless the whole file is stored.

    ``options`` (an :class:`ImportOptions`; keyword arguments change a copy of it) say how:
    ``dry_run`` does every check and counts what would be stored, then rolls back (the Data
    page's preview before the analyst presses Import); ``profile``, ``overrides``,
    ``constants`` and ``scales`` edit the proposed mapping; ``save_profile`` stores the
    mapping used, in the same transaction as the data, and confirms the new questions it
    registers.
    """
    opts = options_from(options, changes)
    display = opts.name or Path(path).name
    opts.report(0.0, "reading")
    try:
        src = open_source(path, display, sheet=opts.sheet, header_row=opts.header_row)
    except SourceError as exc:
        return _failed(display, opts.kind, [Problem("(file)", str(exc).split(": ", 1)[-1])])
    try:
        unfold_long(src)
    except SourceError as exc:
        src.close()
        return _failed(display, opts.kind, [Problem("(file)", str(exc).split(": ", 1)[-1])])
    try:
        policy = submissions.check_policy(opts.duplicates)
    except submissions.PolicyError as exc:
        return _failed(display, opts.kind, [Problem("(options)", str(exc))])
    with src:
        result = ImportResult(display, ok=False, kind=opts.kind, position_word=src.position_word,
                              header_line=src.header_line, title_rows=src.title_rows,
                              header_given=src.header_given)
        result.notes.extend(src.notes)
        create_macros(con)
        try:
            _import(con, src, result, opts.but(user=opts.user or current_user(), duplicates=policy))
        except _Rejected as rejected:
            result.problems = _with_lines(src, rejected.problems)
            result.problem_total = rejected.total
        finally:
            drop_temporaries(con)
    opts.report(1.0, "done")
    return result


def _mapping_problems(src: Source, messages: list[str], column: str) -> _Rejected:
    problems = [Problem(column, message, line=1 + src.row_offset, code=column.strip("()")) for message in messages]
    return _Rejected(problems, len(problems))


def _import(con: duckdb.DuckDBPyConnection, src: Source, result: ImportResult,
            opts: ImportOptions) -> None:
    """Identify, propose, check and store one opened file; raise :class:`_Rejected`."""
    try:
        identity = identify_file(con, src, opts.kind, opts.profile)
        if opts.save_profile:
            check_name(opts.save_profile)
    except (ProposalError, ProfileError) as exc:
        raise _mapping_problems(src, [str(exc)], "(mapping)") from None
    if identity.match is None:
        raise _mapping_problems(src, [unknown_layout_message(src)], "(header)")
    opts = _profile_reading(identity, opts, result)
    earlier = sql.rows(con, "ops/active_import_by_hash",
                       {"sha256": src.sha256, "kind": identity.kind})
    if earlier:
        result.ok, result.already_imported = True, int(earlier[0][0])
        result.kind = identity.kind
        if opts.save_profile:
            result.notes.append(
                f"profile {opts.save_profile!r} not saved: nothing was imported; save it with "
                f"python -m dashboard detect {src.name} --save-profile {opts.save_profile!r}")
        return
    # read outside the transaction: a temp table filled inside one numbers its rows from
    # 2**55, and the row numbers are the file positions we report
    try:
        unreadable = read_raw(con, src, opts.max_problems)
    except RawReadError as exc:
        raise _Rejected([exc.problem], 1) from None
    try:
        detection = propose_mapping(con, src, identity, opts, confirm=opts.confirms)
    except ProposalError as exc:
        raise _mapping_problems(src, [str(exc)], "(mapping)") from None
    result.detection = detection
    result.kind = detection.kind or opts.kind
    result.partials = detection.left_out.partials
    if detection.rows == 0 and identity.match.is_tool:
        raise _Rejected([Problem("(file)", "no data rows (the file has only its header rows)",
                                 line=1 + src.row_offset)], 1)
    if detection.problems or detection.plan is None:
        column = "(mapping)" if identity.match.is_tool else "(header)"
        raise _mapping_problems(src, detection.problems, column)
    plan = detection.plan
    result.kind, result.plan = plan.kind, plan
    result.left_out, result.left_out_text = detection.left_out.counts(), detection.left_out.summary()
    _use_recodes(src, identity, plan, result, {name: dict(values) for name, values in opts.recodes.items()})
    result.notes.extend(detection.notes)
    result.notes.extend(n for n in plan.notes if n not in detection.notes)
    con.register("left_out_rec", detection.left_out.frame())
    _register_views(con, plan)
    user = opts.user or current_user()
    with transaction(con, user, "import") as change:  # one writer at a time in this process
        saved = (save_saved_profile(con, opts.save_profile, detection, user)
                 if opts.save_profile else None)
        if saved is not None:
            plan.profile = saved.name
            if result.recodes:
                recode.save_to_profile(con, saved.name, result.recodes)
            if reading_of(opts):
                recode.save_to_profile(con, saved.name, reading_of(opts), key="reading")
        _store(con, src, plan, result, unreadable, opts)
        if opts.dry_run:
            change.discard()
            result.import_id, result.dry_run = None, True
        else:
            change.audit(f"import {result.import_id}: {mask_file_name(con, src.name)}",
                         {"kind": plan.kind, "rows": result.rows, "replaced": result.replaced,
                          "sha256": src.sha256, "source": opts.source}
                         | ({"privacy": result.privacy_notes} if result.privacy_notes else {}))
            if saved is not None:
                result.notes.append(f"saved profile {saved.name!r} ({saved.layout}); later "
                                    "files with this layout use it automatically")
    result.ok = True


def reading_of(opts: ImportOptions) -> dict[str, object]:
    """The reading choices a saved profile keeps for next month's export of the same layout:
    the date order (the tool's locale does not change) and keeping unfinished responses. The
    header row is not kept: a profile is found from the header, so the header is found first."""
    return ({"dates": opts.dates} if opts.dates else {}) | ({"keep_partials": True} if opts.keep_partials else {})


def _profile_reading(identity: Identity, opts: ImportOptions, result: ImportResult) -> ImportOptions:
    """The options with the profile's reading choices where the analyst gave none, said."""
    profile = identity.profile
    saved = profile.mapping.get("reading") if profile is not None else None
    if profile is None or not isinstance(saved, dict):
        return opts
    changes: dict[str, Any] = {}
    if opts.dates is None and saved.get("dates") in ("day-first", "month-first"):
        changes["dates"] = saved["dates"]
    if saved.get("keep_partials") is True and opts.keep_partials is None:
        changes["keep_partials"] = True
    if changes:
        words = [f"dates {changes['dates']}" if "dates" in changes else "",
                 "unfinished responses kept" if "keep_partials" in changes else ""]
        result.notes.append(f"reading choices of profile {profile.name!r}: " + ", ".join(w for w in words if w))
    return opts.but(**changes)


def _use_recodes(src: Source, identity: Identity, plan: Plan, result: ImportResult,
                 given: recode.Recodes) -> None:
    """The recodes of the profile in use, with the analyst's on top; refused when one names
    no categorical field of the kind or no canonical value."""
    saved = recode.from_profile(identity.profile.mapping) if identity.profile is not None else {}
    result.recodes = recode.merged(saved, given)
    problems = recode.check(plan.kind, result.recodes)
    if problems:
        raise _mapping_problems(src, problems, "(mapping)")
    if result.recodes:
        listed = "; ".join(f"{name}: " + ", ".join(f"{k!r} = {v}" for k, v in pairs.items())
                           for name, pairs in result.recodes.items())
        result.notes.append(f"recoded values ({'profile' if saved else 'as given'}): {listed}")


def _failed(display: str, kind: str | None, problems: list[Problem]) -> ImportResult:
    return ImportResult(display, ok=False, kind=kind, problems=problems, problem_total=len(problems))


# --- the transaction -------------------------------------------------------------------


def _store(con: duckdb.DuckDBPyConnection, src: Source, plan: Plan, result: ImportResult,
           unreadable: tuple[list[Problem], int], opts: ImportOptions) -> None:
    max_problems, replace = opts.max_problems, opts.replace
    opts.report(0.3, "checking")
    params = _parameters(con, plan)
    recode.apply_to_parameters(params, result.recodes)
    problems, total = list(unreadable[0]), unreadable[1]
    n_rows = int(sql.scalar(con, "ingest/count_rows"))
    if n_rows == 0 and not total:
        reason = (f"no responses to import: {result.left_out_text}" if result.left_out_text
                  else "no data rows (the file has only a header)")
        raise _Rejected([Problem("(file)", reason, line=1 + src.row_offset)], 1)
    date_problems = _read_dates(con, plan, params, result, opts.dates)
    if date_problems:
        raise _Rejected(date_problems, len(date_problems))
    found, count, salt = _find_people(con, src, plan, result, max_problems - len(problems))
    problems += found
    total += count
    params["salt"] = _id_key(con, src, plan, result) or salt
    policy = submissions.check_policy(opts.duplicates)
    staged_tables = _stage(con, plan, params, lambda: _after_responses(con, plan, result, policy))
    found, count = result.duplicate_problems
    problems += found[:max(max_problems - len(problems), 0)]
    total += count
    opts.report(0.6, "validating")
    for table in staged_tables:
        found, count = _row_problems(con, table, plan, max_problems - len(problems))
        problems += found
        total += count
    if plan.kind == "pulse":
        found, count = _answer_problems(con, plan, max_problems - len(problems))
        problems += found
        total += count
        sql.execute(con, "ingest/drop_left_out_answers")  # checked with the rest; never stored
    found, count = _key_problems(con, plan, "dupes", max_problems - len(problems))
    problems += found
    total += count
    result.notes.extend(hr.yield_to_outcomes(con, plan))
    if not replace:
        found, count = _key_problems(con, plan, "conflicts", max_problems - len(problems))
        problems += found
        total += count
    if total:
        raise _Rejected(problems, total)
    opts.report(0.8, "storing")
    # a preview is rolled back: it takes no id from the sequence, so the log has no gaps
    import_id = DRY_RUN_ID if opts.dry_run else int(sql.scalar(con, "ops/next_import_id"))
    ids = {"import_id": import_id}
    counted = plan.kind in ("pulse", "roster")  # who counts towards k may change
    if counted:
        aggregates.keep_cells(con, [p for (p,) in sql.rows(con, "privacy/staged_periods")]
                              if plan.kind == "pulse" else None)
    if replace:
        table = kind_table(plan.kind).name
        result.replaced = affected(sql.template(con, "supersede", table, ids))  # answers go with responses
    if plan.kind == "pulse" and result.stored_repeats.replace_ids:  # earlier submissions this file's replace
        repeats = {"import_id": import_id, "response_ids": result.stored_repeats.replace_ids}
        result.replaced += affected(sql.execute(con, "ingest/supersede_stored_responses", repeats))
    if plan.kind == "pulse":
        registered = affected(sql.execute(con, "ingest/insert_file_question", ids))
        if registered:
            result.notes.append(f"{registered} new question(s) added to the catalogue: "
                                + ", ".join(q.question_id for q in plan.new_questions))
        result.rows = affected(sql.execute(con, "ingest/insert_pulse_response", ids))
        compact.code_staged_questions(con, import_id)
        result.answers = affected(sql.execute(con, "ingest/insert_pulse_answer", ids))
        missing = int(sql.scalar(con, "ingest/missing_answer_count"))
        if missing:
            result.notes.append(f"{missing} N/A-like answers stored as missing (never as zero)")
    else:
        result.rows = affected(sql.execute(con, f"ingest/insert_{plan.kind}", ids))
        result.notes.extend(hr.derive_outcomes(con, plan, import_id))
        hr.claim(con, import_id)
    result.import_id = import_id
    _contact_note(con, plan, result)
    if counted:
        result.privacy_notes = aggregates.privacy_notes(con, plan.kind, import_id)
        result.notes.extend(result.privacy_notes)
    details = plan.describe() | {"notes": result.notes, "answers": result.answers,
                                 "left_out": result.left_out,
                                 "encoding": src.encoding, "delimiter": src.delimiter}
    sql.execute(con, "ops/insert_import_log", {
        "import_id": import_id, "file_name": mask_file_name(con, src.name), "file_sha256": src.sha256,
        "kind": plan.kind, "format": f"{plan.layout}-{plan.form}" if plan.form != "single" else plan.layout,
        "rows": result.rows, "replaced_rows": result.replaced, "imported_by": opts.user,
        "source": opts.source, "details": _logged_details(con, details, str(params["salt"])),
    })
    aggregates.after_change(con, plan.kind, aggregates.import_periods(con, import_id)
                            if plan.kind == "pulse" else ())


def _find_people(con: duckdb.DuckDBPyConnection, src: Source, plan: Plan, result: ImportResult,
                 limit: int) -> tuple[list[Problem], int, str]:
    """People named by name, e-mail or "Name (ID)" looked up in the roster (:mod:`people`):
    the problems of those it cannot find, and the id key it needed ("" when none)."""
    salt = ""
    if people.needs_key(con, plan):
        try:
            salt = id_key(con)
        except IdKeyError as exc:
            raise _Rejected([Problem("(id key)", str(exc), line=1 + src.row_offset)], 1) from None
    found = people.resolve(con, plan, salt, limit)
    result.notes.extend(found.notes)
    modules, module_problems, module_total, module_notes = recode.module_values(
        con, plan, result.recodes, limit - len(found.problems))
    result.notes.extend(module_notes)
    people.replace_values(con, plan.kind, found.replacements | ({recode.MODULE_FIELD: modules} if modules else {}))
    if people.file_has_match_columns(plan):
        headers = [plan.header_for(name) for name in people.MATCH_FIELDS if name in plan.fields_present()]
        result.notes.append(f"{', '.join(headers)}: used to find people named in other files; stored only "
                            "as salted hashes, never in clear")
    return found.problems + module_problems, found.total + module_total, salt


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
    rows = rows.join(con.table("left_out_rec"), "rec", how="anti")  # non-responses, totals rows
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
    tool = tool_for(plan.layout)
    params: dict[str, object] = {
        "missing": sorted(MISSING_TOKENS | (tool.na_codes if tool else frozenset())),  # + its N/A codes
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
        "hr_list": plan.hr_list,
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
                result: ImportResult, order: str | None = None) -> list[Problem]:
    """Choose day-first or month-first for the file's date columns (the analyst's ``order``
    when given); say so, or ask when it cannot tell."""
    from duckdb import ColumnExpression

    votes: dict[str, dates.Votes] = {}
    for fld in plan.spec.fields:
        if fld.type not in _DATE_FIELD_TYPES or fld.name not in plan.fields_present():
            continue
        con.register("date_values", con.table("src").select(ColumnExpression(fld.name).alias("v")))
        column = dates.column_votes(con)
        if column is not None:
            votes[fld.name] = column
    reading = dates.decide(list(votes.values()), order)
    if reading.order != "iso":
        result.date_order = reading.order
    for name in votes:
        params[f"fmt_{name}"] = reading.formats
    if reading.problem:
        ambiguous = [name for name, v in votes.items() if v.differ]
        return [Problem(plan.header_for(name), reading.problem, line=1) for name in ambiguous]
    if reading.order != "iso":
        word = "day-first (D/M/YYYY)" if reading.order == "day_first" else "month-first (M/D/YYYY)"
        given = " as chosen" if order else ""
        for name, column in votes.items():
            if column.needs_order:
                result.notes.append(f"{plan.header_for(name)}: dates read {word}{given}")
    return []


def _after_responses(con: duckdb.DuckDBPyConnection, plan: Plan, result: ImportResult,
                     duplicates: str) -> None:
    """Between staging the responses and their answers: repeat submissions settled by the
    duplicates policy, and where the file's rater type and the roster's disagree, said."""
    header = " + ".join(plan.header_for(name) for name in ("respondent_id", "leader_id"))
    dropped, found, count = submissions.settle(con, duplicates, header, MAX_PROBLEMS)
    if dropped:
        result.duplicates_replaced = dropped
        result.notes.append(submissions.note(dropped, duplicates))
    stored, across, across_count = submissions.settle_stored(con, duplicates, header, MAX_PROBLEMS)
    result.duplicate_problems = (found + across, count + across_count)
    result.stored_repeats = stored
    result.duplicates_replaced += stored.left_out  # this file's; the stored ones replaced count as replaced rows
    result.notes.extend(stored.notes(duplicates))
    for given, roster, responses in sql.rows(con, "ingest/rater_disagreements"):
        result.notes.append(
            f"{plan.header_for('rater_type')}: {responses} response(s) say {given} where the roster says "
            f"{roster}; the file's answer is kept — check the relationship question or the roster")


def _stage(con: duckdb.DuckDBPyConnection, plan: Plan, params: dict[str, object],
           after_responses: Callable[[], None] | None = None) -> list[str]:
    """Run the kind's staging SQL; return the staged tables that carry err__ columns."""
    kind = plan.kind
    if kind == "pulse":
        sql.execute(con, f"ingest/pulse_src_{'long' if plan.form == 'long' else 'wide'}")
        sql.execute(con, "ingest/stage_pulse_response", params)
        sql.execute(con, "ingest/left_out_response")
        if after_responses is not None:
            after_responses()
        sql.execute(con, "ingest/checked_response")  # the answers of left-out repeats are checked too
        scale_labels = [(s, label, v) for s, labels in SCALE_LABELS.items() for label, v in labels.items()]
        con.register("scale_label", pd.DataFrame(scale_labels, columns=["scale", "label", "value"]))
        sql.execute(con, "ingest/ref_question", params)
        sql.execute(con, "ingest/ref_answer_label")
        sql.execute(con, f"ingest/pulse_answer_src_{'long' if plan.form == 'long' else 'wide'}", params)
        sql.execute(con, "ingest/stage_pulse_answer", params)
        return ["staged_response", "left_out_response"]
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
            name, _, value = code.partition("|")
            found.append(Problem(column, describe(field_name, code), rec=int(rec),
                                 code=f"{field_name}:{name}", value=value if name == "unknown" else None))
    return found, total


def _answer_problems(con: duckdb.DuckDBPyConnection, plan: Plan,
                     limit: int) -> tuple[list[Problem], int]:
    total = int(sql.scalar(con, "ingest/answer_problem_count"))
    if not total or limit <= 0:
        return [], total
    rows = sql.rows(con, "ingest/answer_problems", {"limit": limit})
    new = {q.question_id for q in plan.new_questions}

    def reason(code: str, question_id: str | None, answer: str | None) -> str:
        name, _, scale = code.partition("|")
        if name == "out_of_range" and question_id and answer is not None:
            return out_of_scale(answer, question_id, scale, new_question=question_id in new,
                                tool=plan.layout not in ("canonical", "excel"))
        return describe("answer", code)

    return [Problem(header or plan.header_for("score"), reason(code, qid, answer), rec=int(rec),
                    code=f"answer:{code.partition('|')[0]}")
            for rec, header, code, qid, answer in rows], total


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
            found.append(Problem(label, "duplicate key: the same as {other}", rec=int(rec), code="duplicate_key",
                                 other_rec=int(first_rec)))
        else:
            rec, import_id, file_name, _total = row
            found.append(Problem(
                label,
                f"already stored by import {import_id} ({file_name}); use --replace "
                "(or 'Replace earlier rows' on the Data page) to replace those rows",
                rec=int(rec), code="conflict"))
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
            problem.line = src.answer_lines.get((problem.rec, problem.column), rec_line.get(problem.rec))
        if problem.record_no is not None:
            problem.line = record_line.get(problem.record_no, problem.record_no)
        if problem.other_rec is not None:
            problem.other_line = rec_line.get(problem.other_rec)
    return sorted(problems, key=lambda p: (p.line is not None, p.line or 0))


def kinds_help() -> str:
    """One line per kind with its required columns, for help texts."""
    return "\n".join(f"  {k}: {', '.join(f.name for f in KINDS[k].required)}" for k in KIND_ORDER)


__all__ = ["ImportResult", "ingest_file", "ingest_files", "kinds_help", "norm_token"]
