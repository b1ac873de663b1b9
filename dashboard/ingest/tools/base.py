"""What a survey tool's module declares, and the helpers the modules share.

A tool module holds everything the importer knows about one tool's export: how its header
records are recognised (:class:`LayoutMatch`), how its columns are read (:class:`FileColumn`),
where it puts the canonical fields, its bookkeeping and personal-data columns
(:class:`ToolRules`), which of its rows are not responses (:class:`LeaveOut`) and which of its
answer codes mean "no answer". The importer reads these declarations; it has no ``if tool ==``
of its own.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from dashboard.ingest.source import Source
from dashboard.ingest.vocab import norm_header, norm_token


@dataclass(frozen=True)
class LayoutMatch:
    """Which layout a file has, how sure we are, and how many header records it carries."""

    layout: str
    confidence: float
    header_records: int
    evidence: str
    kind: str | None = None  # the canonical kind; tool layouts always hold pulse responses
    tool: bool = False

    @property
    def is_tool(self) -> bool:
        return self.tool


@dataclass(frozen=True)
class FileColumn:
    """One column of an export as the analyst and a saved profile know it."""

    index: int
    key: str  # stable reference: the normalised tag or header, '#2' on a repeat
    header: str  # what the analyst recognises: the export tag or the header text
    label: str  # the question as respondents saw it (or the header again)
    import_id: str | None = None  # Qualtrics' internal id (QID1, _recordId, ...)
    time_zone: str | None = None  # Qualtrics writes the zone of its timestamps here
    row_label: str | None = None  # a matrix row or choice: SurveyMonkey sub-label, Google [Row]

    @property
    def display(self) -> str:
        return self.header or f"column {self.index + 1}"


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
    derive_id_from: tuple[str, ...] = ()  # keys hashed into a response id
    derive_with: tuple[str, ...] = ()  # keys added to the hash when derive_id_from lacks one
    derive_all_when_anonymous: bool = False  # no identity column: hash the whole answer
    anonymous: bool = True
    submitted_fallback: tuple[str, ...] = ()  # a partial's date when it has no submit date


@dataclass(frozen=True)
class LeaveOut:
    """Rows a tool writes that are not (finished) responses, told by one column's value.

    A row is left out when the column's value (normalised like a category) is one of
    ``values``, is a number below ``below``, or is empty with ``when_empty``. ``partial``
    rules are the unfinished responses an analyst may keep (``--keep-partials``); the others
    (previews, tests, spam) are left out always. ``reason`` is the word the summary counts
    ("3 test responses left out").
    """

    keys: tuple[str, ...]
    reason: str
    values: frozenset[str] = frozenset()
    below: float | None = None
    when_empty: bool = False
    partial: bool = False

    @staticmethod
    def of(keys: tuple[str, ...], reason: str, values: tuple[str, ...] = (), *,
           below: float | None = None, when_empty: bool = False,
           partial: bool = False) -> LeaveOut:
        return LeaveOut(keys, reason, frozenset(norm_token(v) for v in values), below,
                        when_empty, partial)


Recognise = Callable[[Source], "LayoutMatch | None"]
Columns = Callable[[Source, LayoutMatch, int], "list[FileColumn]"]
NamedRole = Callable[[FileColumn], "str | None"]


@dataclass(frozen=True)
class Tool:
    """One survey tool's export, as its module declares it."""

    layout: str  # the layout name a profile and the import log record
    title: str  # what the analyst reads ("Typeform responses (# first, ...)")
    expected: str  # the headers to look for, shown when a file matches nothing
    recognise: Recognise
    rules: ToolRules
    first_record: Callable[[list[str], list[str]], bool]  # (keys, cells) of record 1 only
    variants: dict[str, str] = field(default_factory=dict)  # other layouts it owns -> title
    columns: Columns | None = None  # how its header records name columns (default: one row)
    named_role: NamedRole | None = None  # roles its column names alone decide
    leave_out: tuple[LeaveOut, ...] = ()
    na_codes: frozenset[str] = frozenset()  # its answer codes for "no answer"
    ids_from_tags: bool = False  # new question ids from export tags, not from question text
    name: str = ""  # the tool as people call it ("Viva Glint"), for help texts

    @property
    def layouts(self) -> tuple[str, ...]:
        return (self.layout, *self.variants)


def clean(text: str) -> str:
    return text.replace("\xa0", " ").replace("\ufeff", "").strip()


def row(src: Source, number: int) -> list[str]:
    """Header record ``number`` (0 = the first), cleaned; empty when the file has fewer."""
    rows = src.header_rows
    if number >= len(rows):
        return []
    return [clean(cell) for cell in rows[number]]


def padded(src: Source, number: int, width: int) -> list[str]:
    cells = row(src, number)
    return cells + [""] * (width - len(cells))


def keys_of(src: Source, number: int = 0) -> list[str]:
    return [norm_header(c) for c in row(src, number)]


def share(cells: list[str], test: Callable[[str], object]) -> float:
    filled = [c for c in cells if c]
    return sum(1 for c in filled if test(c)) / len(filled) if filled else 0.0


def grid_row(header: str) -> str | None:
    """The row of a grid column written ``Question [Row]`` (Google Forms, LimeSurvey)."""
    found = re.fullmatch(r".+\s\[([^\[\]]+)\]", header)
    return found.group(1) if found else None


def one_row_columns(src: Source, _match: LayoutMatch, width: int) -> list[FileColumn]:
    """Columns of a file with one header record: key = the normalised header."""
    first = padded(src, 0, width)
    return [FileColumn(i, norm_header(h), h, h, row_label=grid_row(h)) for i, h in enumerate(first)]
