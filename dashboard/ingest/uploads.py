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

    def options(self, **more: Any) -> ImportOptions:
        """The import options this upload carries (``more``: the batch's own)."""
        return ImportOptions(name=self.name, overrides=self.overrides, constants=dict(self.constants),
                             scales=dict(self.scales), save_profile=self.save_profile,
                             keep_partials=self.keep_partials, dates=self.dates,
                             header_row=self.header_row, source="upload",
                             max_problems=MAX_PROBLEMS).but(**more)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @property
    def key(self) -> tuple[object, ...]:
        """Identifies the upload (name, content and mapping edits) in the page's preview
        memory: an edited mapping is previewed again."""
        return (self.name, self.sha256, self.overrides, self.constants, self.scales,
                self.save_profile, self.keep_partials, self.dates, self.header_row)


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
    if r.dry_run:
        return f"{r.file_name} — {kind}: {r.rows:,} rows ready to import{answers}{replaced}"
    return (f"{r.file_name} — {kind}: {r.rows:,} rows stored{answers}{replaced} "
            f"(import {r.import_id})")


def problems_frame(result: ImportResult) -> pd.DataFrame:
    """The validation report: one row per problem with its line (or spreadsheet row)."""
    word = result.position_word

    def reason(problem: Problem) -> str:
        if problem.other_line is None:
            return problem.reason
        return problem.reason.replace("{other}", f"{word} {problem.other_line}")

    where = word.capitalize()
    return pd.DataFrame({
        where: pd.array([p.line for p in result.problems], dtype="Int64"),
        "Column": [p.column for p in result.problems],
        "Problem": [reason(p) for p in result.problems],
    })


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
