"""Recognise which tool wrote an export, from its header records alone.

Survey tools do not write our canonical CSV: Qualtrics puts two or three header records
above the data, SurveyMonkey two, Google Forms names its first column ``Timestamp``, and so
on. What each tool writes is declared by its module in :mod:`dashboard.ingest.tools`; this
module asks them in turn (cheap: only :attr:`Source.header_rows` is looked at), names the
layout with a confidence, and describes every column with a stable *key* that saved profiles
use to find the same column in next month's file.
"""

from __future__ import annotations

import hashlib

from dashboard.ingest.mapping import guess_kinds
from dashboard.ingest.source import Source
from dashboard.ingest.tools import TOOLS, tool_for, viva_glint
from dashboard.ingest.tools.base import FileColumn, LayoutMatch, clean, one_row_columns, row
from dashboard.ingest.tools.qualtrics import FAMILY as QUALTRICS_FAMILY
from dashboard.ingest.vocab import norm_header

LAYOUTS = ("canonical", *(layout for tool in TOOLS for layout in tool.layouts), "excel")
TOOL_LAYOUTS = frozenset(LAYOUTS) - {"canonical", "excel"}

LAYOUT_NAMES = {
    "canonical": "canonical CSV",
    **{tool.layout: tool.title for tool in TOOLS},
    **{layout: title for tool in TOOLS for layout, title in tool.variants.items()},
    "excel": "a canonical file saved by Excel (workbook, European CSV or Unicode text)",
}

# What each tool's export looks like, for the message shown when a file matches nothing.
EXPECTED_TOOL_HEADERS = {tool.layout: tool.expected for tool in TOOLS}

__all__ = ["EXPECTED_TOOL_HEADERS", "LAYOUTS", "LAYOUT_NAMES", "QUALTRICS_FAMILY", "TOOL_LAYOUTS",
           "FileColumn", "LayoutMatch", "describe_columns", "fingerprint", "glint_item",
           "identify", "quick_kind"]


def identify(src: Source, kind: str | None = None) -> LayoutMatch | None:
    """The layout of ``src`` from its header records, or None when nothing fits.

    Tool signatures are checked first (they are specific); a header that fits a canonical
    kind is ``canonical``, or ``excel`` when the container says Excel wrote it.
    """
    if kind in (None, "pulse"):
        for tool in TOOLS:
            match = tool.recognise(src)
            if match is not None:
                return match
    return _canonical(src, kind)


def _canonical(src: Source, kind: str | None) -> LayoutMatch | None:
    first = row(src, 0)
    guesses = [g for g in guess_kinds(first) if g.complete]
    chosen = kind or (guesses[0].kind if guesses else None)
    if chosen is None:
        return None
    excel = _excel_evidence(src)
    if excel:
        return LayoutMatch("excel", 0.95, 1, excel, chosen)
    return LayoutMatch("canonical", 1.0 if guesses else 0.9, 1,
                       "the columns of the canonical " + chosen + " file", chosen)


def _excel_evidence(src: Source) -> str:
    """Why we think Excel wrote this file (empty when it looks like a plain CSV)."""
    if src.container == "xlsx":
        return f"an Excel workbook (sheet {src.sheet!r})"
    if src.encoding.startswith("utf-16") and src.delimiter == "\t":
        return "Excel 'Unicode text' (UTF-16, tab-separated)"
    if src.delimiter == ";":
        return "a CSV saved by Excel in a European locale (semicolon-separated)"
    if src.encoding in ("cp1252", "latin-1"):
        return "a CSV saved by Excel (Windows-1252)"
    return ""


def quick_kind(first_record: list[str]) -> str | None:
    """The kind a file holds judged from its first record only (to order a batch of files)."""
    keys = [norm_header(clean(c)) for c in first_record]
    cells = [clean(c) for c in first_record]
    if any(tool.first_record(keys, cells) for tool in TOOLS):
        return "pulse"
    complete = [g for g in guess_kinds(first_record) if g.complete]
    return complete[0].kind if complete else None


# --- columns -----------------------------------------------------------------------------


def describe_columns(src: Source, match: LayoutMatch | None) -> list[FileColumn]:
    """Every column with its key, header and label, read the way its layout writes them."""
    tool = tool_for(match.layout) if match else None
    if tool is not None and tool.columns is not None and match is not None:
        columns = tool.columns(src, match, src.n_columns)
    else:
        columns = one_row_columns(src, match or LayoutMatch("canonical", 1.0, 1, ""), src.n_columns)
    return _unique_keys(columns)


def _unique_keys(columns: list[FileColumn]) -> list[FileColumn]:
    """Give repeated keys (Qualtrics legacy repeats export tags) a '#n' suffix."""
    seen: dict[str, int] = {}
    unique = []
    for col in columns:
        base = col.key or f"column_{col.index + 1}"
        seen[base] = seen.get(base, 0) + 1
        key = base if seen[base] == 1 else f"{base}#{seen[base]}"
        unique.append(FileColumn(col.index, key, col.header, col.label, col.import_id,
                                 col.time_zone, col.row_label))
    return unique


def glint_item(header: str) -> tuple[str, str] | None:
    """(item, suffix) for a Viva Glint ``<item>_COMMENT``-style column, else None."""
    return viva_glint.item(header)


def fingerprint(layout: str, columns: list[FileColumn]) -> str:
    """A hash of the layout and its column keys: equal for next month's export of the same
    survey (Qualtrics' question texts, which follow the respondent's language, are left out)."""
    text = layout + "\x1e" + "\x1f".join(col.key for col in columns)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
