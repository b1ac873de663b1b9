"""Files uploaded in the browser, checked and imported exactly as the CLI imports files.

The Data page hands over bytes and the original file names. They are written to a private
temporary folder (the importer reads files; the original name is kept for every message and
for the import log), checked with a dry run for the preview, and imported on request: lookup
kinds first (roster, schedule, questions), each file in its own transaction, so a file with
any problem changes nothing and an identical file is recognised and left alone.

Plain Python: no Streamlit, so it is tested with real files and a real database.
"""

from __future__ import annotations

import hashlib
import re
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from dashboard.ingest import Detection, ImportResult, ingest_file
from dashboard.ingest.kinds import KIND_ORDER, KINDS
from dashboard.ingest.layouts import LAYOUT_NAMES, TOOL_LAYOUTS
from dashboard.ingest.options import ImportOptions
from dashboard.ingest.problems import Problem
from dashboard.ingest.values import HOW_TO_MAP

# How much of a bad file's report the page shows: "every problem", within reason.
MAX_PROBLEMS = 5000
LOOKUP_KINDS = ("roster", "schedule", "questions")

Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class Upload:
    """One uploaded file, with the analyst's edits to its mapping: ``overrides``,
    ``constants`` and ``scales`` are ``ingest_file``'s ``--map``/``--set``/``--scale``, and
    ``save_profile`` names the profile the import saves (confirming new questions);
    ``keep_partials``, ``dates`` and ``header_row`` are the page's reading choices."""

    name: str
    data: bytes
    overrides: tuple[tuple[str, str], ...] = ()
    constants: tuple[tuple[str, str], ...] = ()
    scales: tuple[tuple[str, str], ...] = ()
    save_profile: str | None = None
    keep_partials: bool = False
    dates: str | None = None
    header_row: int | None = None
    recodes: tuple[tuple[str, str, str], ...] = ()  # (field, value in the file, canonical value)

    def options(self, **more: Any) -> ImportOptions:
        """The import options this upload carries (``more``: the batch's own)."""
        return ImportOptions(name=self.name, overrides=self.overrides, constants=dict(self.constants),
                             scales=dict(self.scales), save_profile=self.save_profile,
                             keep_partials=self.keep_partials or None, dates=self.dates,
                             header_row=self.header_row, recodes=self.recode_map(), source="upload",
                             max_problems=MAX_PROBLEMS).but(**more)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @property
    def key(self) -> tuple[object, ...]:
        """Identifies the upload (name, content and mapping edits) in the page's preview
        memory: an edited mapping is previewed again."""
        return (self.name, self.sha256, self.overrides, self.constants, self.scales,
                self.save_profile, self.keep_partials, self.dates, self.header_row, self.recodes)

    def recode_map(self) -> dict[str, dict[str, str]]:
        """The recodes as ``ingest_file`` takes them."""
        out: dict[str, dict[str, str]] = {}
        for name, given, value in self.recodes:
            out.setdefault(name, {})[given] = value
        return out


@dataclass
class Checked:
    """An upload and what the importer made (or would make) of it."""

    upload: Upload
    result: ImportResult
    details: dict[str, object] = field(default_factory=dict)

    @property
    def ready(self) -> bool:
        """Would be stored: no problem and not identical to an earlier import."""
        return self.result.ok and self.result.already_imported is None

    @property
    def detection(self) -> Detection | None:
        """What the importer recognised and proposed (None when the file could not be read)."""
        return self.result.detection

    @property
    def needs_mapping(self) -> bool:
        """A survey tool's export whose only problems are decisions about its mapping (no
        bad rows yet): the analyst settles them on the page instead of fixing the file."""
        det, r = self.result.detection, self.result
        return (not r.ok and det is not None and det.layout in TOOL_LAYOUTS and bool(r.problems)
                and all(p.column == "(mapping)" for p in r.problems))

    @property
    def status(self) -> str:
        r = self.result
        if r.already_imported is not None:
            return "already imported"
        if self.needs_mapping:
            return "mapping"
        if not r.ok:
            return "problems"
        return "imported" if not r.dry_run else "ready"


@dataclass(frozen=True)
class ReadingNeeds:
    """Which reading choices the Data page offers for a file, and what the importer found:
    keeping unfinished responses when the file has some, the date order when its dates are
    not ISO (so a reading taken from a few values can be turned round, and an ambiguous one
    settled), the header row when title rows were skipped or the header is not recognised.
    A choice the analyst made stays offered, so it can be taken back."""

    partials: int  # unfinished responses in the file (0: the box is not offered)
    date_order: str | None  # the importer's reading: day_first, month_first, ambiguous
    header_line: int | None  # the header line (sheet row) used
    title_rows: int
    offer_partials: bool
    offer_dates: bool
    offer_header: bool

    @property
    def any(self) -> bool:
        return self.offer_partials or self.offer_dates or self.offer_header


def reading_needs(checked: Checked) -> ReadingNeeds:
    """What the page offers for this file's reading (see :class:`ReadingNeeds`)."""
    r, upload = checked.result, checked.upload
    header_trouble = any(p.column in ("(header)", "(file)") and ("header" in p.reason or "row" in p.reason)
                         for p in r.problems)
    return ReadingNeeds(
        partials=r.partials, date_order=r.date_order, header_line=r.header_line, title_rows=r.title_rows,
        offer_partials=r.partials > 0 or upload.keep_partials,
        offer_dates=r.date_order is not None or upload.dates is not None,
        offer_header=r.title_rows > 0 or upload.header_row is not None or header_trouble)


def _safe_suffix(name: str) -> str:
    suffix = Path(name).suffix.lower()
    return suffix if re.fullmatch(r"\.[a-z0-9]{1,5}", suffix) else ".csv"


@contextmanager
def staged(uploads: Sequence[Upload]) -> Iterator[list[Path]]:
    """The uploads as files in a private temporary folder, removed afterwards.

    Files get neutral names (the upload's name could hold path separators); the original
    name is passed to the importer separately.
    """
    with tempfile.TemporaryDirectory(prefix="empathy-upload-") as folder:
        paths = []
        for index, upload in enumerate(uploads):
            path = Path(folder) / f"upload-{index:03d}{_safe_suffix(upload.name)}"
            path.write_bytes(upload.data)
            paths.append(path)
        yield paths


def _kind_rank(checked: Checked) -> int:
    kind = checked.result.kind
    return KIND_ORDER.index(kind) if kind in KIND_ORDER else len(KIND_ORDER)


def _run(con: duckdb.DuckDBPyConnection, uploads: Sequence[Upload], *, dry_run: bool,
         replace: bool, user: str | None, progress: Progress | None,
         order: Sequence[int] | None = None) -> list[Checked]:
    report = progress or (lambda _f, _s: None)
    order = list(order) if order is not None else list(range(len(uploads)))
    done: dict[int, Checked] = {}
    with staged(uploads) as paths:
        for step, index in enumerate(order):
            upload = uploads[index]

            def each(fraction: float, what: str, step: int = step, name: str = upload.name) -> None:
                report((step + fraction) / len(order), f"{name}: {what}")

            result = ingest_file(con, paths[index], upload.options(
                replace=replace, user=user, progress=each, dry_run=dry_run))
            done[index] = Checked(upload, result, result.plan.describe() if result.plan else {})
    report(1.0, "done")
    return [done[i] for i in sorted(done, key=order.index)]


def preview(con: duckdb.DuckDBPyConnection, uploads: Sequence[Upload], *, replace: bool = False,
            progress: Progress | None = None) -> list[Checked]:
    """Every check the import would make, then rolled back: what was detected, how many rows,
    every problem with its line. The database is left as it was. In upload order."""
    return _run(con, uploads, dry_run=True, replace=replace, user=None, progress=progress)


def import_order(checked: Sequence[Checked]) -> list[int]:
    """Positions in the order to import: lookup kinds first, unreadable files last."""
    return sorted(range(len(checked)), key=lambda i: (_kind_rank(checked[i]), i))


def import_uploads(con: duckdb.DuckDBPyConnection, uploads: Sequence[Upload],
                   checked: Sequence[Checked], *, replace: bool, user: str,
                   progress: Progress | None = None) -> list[Checked]:
    """Import every upload, in ``import_order``; each file is stored whole or not at all.

    A file whose preview failed is still tried: it may only have needed a lookup file from
    the same batch (a pulse file and its question catalogue). In import order."""
    order = import_order(checked)
    return _run(con, uploads, dry_run=False, replace=replace, user=user, progress=progress,
                order=order)


def may_depend_on_batch(checked: Sequence[Checked]) -> bool:
    """Some file failed its preview while a new lookup file (roster, schedule, questions) in
    the same batch is ready: importing that first may resolve the failure."""
    lookup_ready = any(c.ready and c.result.kind in LOOKUP_KINDS for c in checked)
    return lookup_ready and any(not c.result.ok and c.result.kind not in LOOKUP_KINDS
                                for c in checked)


def headline(checked: Checked) -> str:
    """One line per file, in words."""
    r = checked.result
    kind = KINDS[r.kind].label.lower() if r.kind in KINDS else "unrecognised kind"
    if r.already_imported is not None:
        return (f"{r.file_name} — {kind}: identical to import {r.already_imported}; importing "
                "it again changes nothing")
    if checked.needs_mapping and r.detection is not None:  # needs_mapping implies a detection
        tool = LAYOUT_NAMES.get(r.detection.layout or "", "survey tool").split(" (")[0]
        return (f"{r.file_name} — {kind} from {tool}: confirm the mapping "
                f"({r.problem_total:,} decision(s) open)")
    if not r.ok:
        return f"{r.file_name} — {kind}: {r.problem_total:,} problem(s); nothing will be stored"
    answers = f", {r.answers:,} answers" if r.answers else ""
    replaced = f", replacing {r.replaced:,} earlier rows" if r.replaced else ""
    if r.left_out_text:  # test, preview and unfinished rows, totals rows
        replaced += f"; {r.left_out_text}"
    if r.duplicates_replaced:
        replaced += f", {r.duplicates_replaced:,} duplicate submission(s) replaced by the same person's other"
    if r.dry_run:
        return f"{r.file_name} — {kind}: {r.rows:,} rows ready to import{answers}{replaced}"
    return (f"{r.file_name} — {kind}: {r.rows:,} rows stored{answers}{replaced} "
            f"(import {r.import_id})")


def problems_frame(result: ImportResult) -> pd.DataFrame:
    """The validation report: one row per problem with its line (or spreadsheet row)."""
    word = result.position_word

    def reason(problem: Problem) -> str:
        return page_reason(problem, word)

    where = word.capitalize()
    return pd.DataFrame({
        where: pd.array([p.line for p in result.problems], dtype="Int64"),
        "Column": [p.column for p in result.problems],
        "Problem": [reason(p) for p in result.problems],
    })


# --- the error report, grouped -----------------------------------------------------------

# What each problem code is, in the report's words; the first group is the most useful to fix
# first: values that are wrong in the export (real value errors), then what the file means
# (people, modules, repeats), then its shape, then decisions, and "already stored" last.
_TYPE_WORDS = {
    "unknown": "unknown value", "missing": "required value missing", "bad_date": "unreadable date",
    "bad_period": "unreadable month", "bad_number": "not a number", "negative": "negative number",
    "out_of_range": "answer outside the scale", "not_whole": "answer not a whole number",
    "bad_answer": "answer neither a number nor a label", "unknown_question": "unknown question",
    "bad_level": "unknown rubric level", "unknown_dimension": "unknown rubric dimension",
    "exit_before_hire": "exit before hire", "end_before_start": "end before start",
    "missing_completion": "completion date missing", "label_outside_scale": "label outside the scale",
    "unknown_scale": "unknown scale", "not_yes_no": "not yes or no",
    "missing_rater_type": "rater type unknown", "missing_leader": "leader unknown",
    "missing_member_cohort": "cohort missing", "inconsistent_response": "rows of a response disagree",
}
_RANKS = (("value", 0), ("person", 1), ("module", 1), ("duplicate_submission", 2), ("duplicate_key", 2),
          ("row", 3), ("file", 3), ("header", 4), ("mapping", 4), ("options", 4), ("id key", 4),
          ("conflict", 9))
_STORED = re.compile(r"already stored by import (\d+) \((.*)\); ")
EXAMPLES = 3


@dataclass(frozen=True)
class ProblemGroup:
    """Problems of one type: how many, and a few of them with their lines."""

    title: str
    count: int
    examples: tuple[str, ...]
    rank: int


def _problem_type(problem: Problem) -> tuple[int, str]:
    """(rank, title) of a problem: real value errors first, "already stored" last."""
    code = problem.code
    field_name, _, name = code.partition(":")
    if name:  # a value check of the staging SQL: field:code
        return 0, f"{problem.column}: {_TYPE_WORDS.get(name, name.replace('_', ' '))}"
    if code.startswith("person_"):
        return 1, f"{problem.column}: person not found in the roster"
    if code == "unknown_module":
        return 1, f"{problem.column}: course or module not known"
    if code == "duplicate_submission":
        return 2, "duplicate submissions (same respondent, leader and month)"
    if code == "duplicate_key":
        return 2, f"{problem.column}: the same key twice in the file"
    if code == "conflict":
        return 9, "already stored"
    rank = dict(_RANKS).get(code or problem.column.strip("()"), 5)
    return rank, problem.column.strip("()") or "file"


def page_note(text: str) -> str:
    """A note or reason about reading the file, pointing at the page's Reading the file choices
    instead of the CLI's flags."""
    for flag, words in (("choose with --dates day-first or --dates month-first",
                         "choose the date order under Reading the file"),
                        ("(give another with --header-row N)", "(choose another under Reading the file)"),
                        ("(partials kept on request)", "(kept as chosen)"),
                        (f"({HOW_TO_MAP})", "(make it a question, or drop it, under What the other columns are)")):
        text = text.replace(flag, words)
    return text


def page_reason(problem: Problem, word: str = "line") -> str:
    """A problem's reason in the page's words: choices on the page instead of CLI flags."""
    text = problem.reason
    if problem.other_line is not None:
        text = text.replace("{other}", f"{word} {problem.other_line}")
    text = re.sub(r': map it with --recode (\w+)="(.*)=(\w+)"$', r": map it under Recode values below",
                  text)
    text = re.sub(r"; map it: --recode module_id=\".*\"$", "; map it under Recode values below", text)
    text = text.replace("; use --replace (or 'Replace earlier rows' on the Data page) to replace those rows",
                        "; tick Replace earlier rows to replace them")
    text = text.replace(" (or pass --kind)", "")
    text = page_note(text)
    text = re.sub(r"give --scale ([\w.-]+)=(\w+), or choose the scale on the Data page's mapping form",
                  r"choose the scale \2 for \1 on the mapping form", text)
    text = text.replace("(--map question:ID=COLUMN, or on the Data page's mapping form)",
                        "(on the mapping form, or with the question's id as the column's name)")
    text = re.sub(r"\nOr map the columns yourself: --kind KIND --map FIELD=COLUMN$", "", text)
    return text


def problem_groups(result: ImportResult) -> list[ProblemGroup]:
    """The validation report grouped by type, with counts and a few example lines each: real
    value errors first; rows "already stored" by earlier imports as one line per import, with
    the Replace choice."""
    word = result.position_word
    groups: dict[tuple[int, str], list[Problem]] = {}
    for problem in result.problems:
        groups.setdefault(_problem_type(problem), []).append(problem)
    out = []
    for (rank, title), members in sorted(groups.items(), key=lambda item: (item[0][0], -len(item[1]))):
        if rank == 9:
            by_import: dict[str, int] = {}
            for problem in members:
                found = _STORED.search(problem.reason)
                name = f"import {found.group(1)} ({found.group(2)})" if found else "an earlier import"
                by_import[name] = by_import.get(name, 0) + 1
            for name, count in by_import.items():
                out.append(ProblemGroup(
                    f"{count:,} row(s) already stored by {name}: tick Replace earlier rows to replace "
                    "them with this file's (undoing this import brings them back)", count, (), rank))
            continue
        examples = tuple(f"{word} {p.line}: {page_reason(p, word)}" if p.line is not None else page_reason(p, word)
                         for p in members[:EXAMPLES])
        out.append(ProblemGroup(title, len(members), examples, rank))
    return out


def report_text(result: ImportResult) -> list[str]:
    """The grouped report as lines ("rater_type: unknown value — 3 rows", then examples)."""
    lines = []
    for group in problem_groups(result):
        if not group.examples:
            lines.append(group.title)
            continue
        lines.append(f"{group.title} — {group.count:,} row(s)")
        lines += [f"  {example}" for example in group.examples]
        if group.count > len(group.examples):
            lines.append(f"  … and {group.count - len(group.examples):,} more")
    hidden = result.problem_total - len(result.problems)
    if hidden > 0:
        lines.append(f"… and {hidden:,} more problem(s) not listed")
    return lines


def mapping_frame(details: dict[str, object]) -> pd.DataFrame:
    """Every column of the file and what the importer does with it (``details`` is
    ``Plan.describe()``: header -> target dicts per section, header lists kept and dropped)."""
    rows: list[tuple[str, str]] = []
    for section, role in (("mapped", "field"), ("questions", "question"),
                          ("dimensions", "rubric dimension"), ("metrics", "outcome metric")):
        targets = details.get(section)
        if isinstance(targets, dict):
            rows += [(header, f"{role} {target}") for header, target in targets.items()]
    for section, use in (("kept", "kept as an extra column"), ("dropped", "dropped: personal data")):
        headers = details.get(section)
        if isinstance(headers, list):
            rows += [(header, use) for header in headers]
    return pd.DataFrame(rows, columns=["Column in the file", "Used as"])
