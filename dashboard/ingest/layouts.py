"""Recognise which tool wrote an export, from its header records alone.

Survey tools do not write our canonical CSV: Qualtrics puts two or three header records
above the data, SurveyMonkey two, Google Forms names its first column ``Timestamp``, and so
on. This module only looks at :attr:`Source.header_rows` (cheap: no data is read), names the
layout with a confidence, and describes every column with a stable *key* that saved profiles
use to find the same column in next month's file.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass

from dashboard.ingest.mapping import guess_kinds
from dashboard.ingest.source import Source
from dashboard.ingest.vocab import norm_header

LAYOUTS = ("canonical", "qualtrics", "qualtrics_legacy", "qualtrics_insights", "surveymonkey",
           "google_forms", "microsoft_forms", "viva_glint", "excel")
TOOL_LAYOUTS = frozenset(LAYOUTS) - {"canonical", "excel"}
QUALTRICS_FAMILY = frozenset({"qualtrics", "qualtrics_legacy", "qualtrics_insights"})

LAYOUT_NAMES = {
    "canonical": "canonical CSV",
    "qualtrics": "Qualtrics CSV (3 header rows: export tags, question texts, ImportId JSON)",
    "qualtrics_legacy": "Qualtrics legacy CSV (V1..Vn tags, then a label row)",
    "qualtrics_insights": "Qualtrics 2016-17 'Insights' CSV (3 header rows, ImportId as a Python dict)",
    "surveymonkey": "SurveyMonkey export (2 header rows: questions, then sub-labels)",
    "google_forms": "Google Forms responses (Timestamp first, questions as headers)",
    "microsoft_forms": "Microsoft Forms responses (ID, Start time, Completion time, Email, Name)",
    "viva_glint": "Viva Glint raw survey export (EMP ID, Manager ID, items with _COMMENT columns)",
    "excel": "a canonical file saved by Excel (workbook, European CSV or Unicode text)",
}

# What each tool's export looks like, for the message shown when a file matches nothing.
EXPECTED_TOOL_HEADERS = {
    "qualtrics": "ResponseId (or V1..V10 then a ResponseID label row), StartDate, EndDate, "
                 "Q1, Q2 ... over 2-3 header rows",
    "surveymonkey": "Respondent ID, Collector ID, Start Date, End Date, then a second header row "
                    "of 'Response' / 'Open-Ended Response' sub-labels",
    "google_forms": "Timestamp (first), Email Address, then one column per question",
    "microsoft_forms": "ID, Start time, Completion time, Email, Name, then one column per question",
    "viva_glint": "First Name, Last Name, Email, Status, EMP ID, Manager ID, "
                  "Survey Cycle Completion Date, then <item>, <item>_COMMENT ...",
}

_JSON_IMPORT_ID = re.compile(r'^\{\s*"ImportId"\s*:')
_DICT_IMPORT_ID = re.compile(r"^\{\s*'ImportId'\s*:\s*'([^']*)'")
_V_TAG = re.compile(r"^V\d+$")
_GLINT_SUFFIXES = ("_COMMENT_TOPICS", "_SENSITIVE_COMMENT_FLAG", "_COMMENT")
_SURVEYMONKEY_GENERIC = frozenset({"", "response", "open_ended_response"})


@dataclass(frozen=True)
class LayoutMatch:
    """Which layout a file has, how sure we are, and how many header records it carries."""

    layout: str
    confidence: float
    header_records: int
    evidence: str
    kind: str | None = None  # the canonical kind; tool layouts always hold pulse responses

    @property
    def is_tool(self) -> bool:
        return self.layout in TOOL_LAYOUTS


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


def _clean(text: str) -> str:
    return text.replace("\xa0", " ").replace("\ufeff", "").strip()


def _row(src: Source, number: int) -> list[str]:
    rows = src.header_rows
    if number >= len(rows):
        return []
    return [_clean(cell) for cell in rows[number]]


def _share(cells: list[str], test: Callable[[str], object]) -> float:
    filled = [c for c in cells if c]
    return sum(1 for c in filled if test(c)) / len(filled) if filled else 0.0


def identify(src: Source, kind: str | None = None) -> LayoutMatch | None:
    """The layout of ``src`` from its header records, or None when nothing fits.

    Tool signatures are checked first (they are specific); a header that fits a canonical
    kind is ``canonical``, or ``excel`` when the container says Excel wrote it.
    """
    if kind in (None, "pulse"):
        for check in (_qualtrics, _surveymonkey, _viva_glint, _microsoft_forms, _google_forms):
            match = check(src)
            if match is not None:
                return match
    return _canonical(src, kind)


def _qualtrics(src: Source) -> LayoutMatch | None:
    first, second, third = _row(src, 0), _row(src, 1), _row(src, 2)
    if _share(third, _JSON_IMPORT_ID.match) >= 0.5:
        return LayoutMatch("qualtrics", 0.99, 3, "third header row holds {\"ImportId\": ...} JSON",
                           "pulse")
    if _share(third, _DICT_IMPORT_ID.match) >= 0.5:
        return LayoutMatch("qualtrics_insights", 0.98, 3,
                           "third header row holds {'ImportId': ...} in Python-dict style", "pulse")
    if first[:3] == ["V1", "V2", "V3"] and "responseid" in {c.lower() for c in second}:
        return LayoutMatch("qualtrics_legacy", 0.95, 2,
                           "V1..Vn export tags over a label row with ResponseID", "pulse")
    return None


def _surveymonkey(src: Source) -> LayoutMatch | None:
    keys = {norm_header(c) for c in _row(src, 0)}
    if not {"respondent_id", "collector_id"} <= keys:
        return None
    subs = {norm_header(c) for c in _row(src, 1)}
    if subs & {"response", "open_ended_response"}:
        return LayoutMatch("surveymonkey", 0.97, 2,
                           "Respondent ID and Collector ID over a row of response sub-labels", "pulse")
    return LayoutMatch("surveymonkey", 0.8, 1, "Respondent ID and Collector ID (one header row)",
                       "pulse")


def _viva_glint(src: Source) -> LayoutMatch | None:
    first = _row(src, 0)
    keys = {norm_header(c) for c in first}
    comments = [c for c in first if c.upper().endswith("_COMMENT")]
    if {"emp_id", "survey_cycle_completion_date"} <= keys:
        return LayoutMatch("viva_glint", 0.97, 1,
                           "EMP ID and Survey Cycle Completion Date columns", "pulse")
    if comments and all(c[: -len("_COMMENT")] in first for c in comments) and "emp_id" in keys:
        return LayoutMatch("viva_glint", 0.85, 1, "EMP ID and <item>_COMMENT columns", "pulse")
    return None


def _microsoft_forms(src: Source) -> LayoutMatch | None:
    keys = [norm_header(c) for c in _row(src, 0)]
    if keys[:3] != ["id", "start_time", "completion_time"]:
        return None
    confidence = 0.97 if src.container == "xlsx" else 0.9
    return LayoutMatch("microsoft_forms", confidence, 1,
                       "ID, Start time, Completion time as the first columns", "pulse")


def _google_forms(src: Source) -> LayoutMatch | None:
    first = _row(src, 0)
    if not first or norm_header(first[0]) != "timestamp":
        return None
    if any(g.complete for g in guess_kinds(first)):
        return None  # a canonical file that happens to start with a timestamp
    has_email = len(first) > 1 and norm_header(first[1]) in ("email_address", "email", "username")
    return LayoutMatch("google_forms", 0.93 if has_email else 0.85, 1,
                       "Timestamp as the first column" + (" then the e-mail" if has_email else ""),
                       "pulse")


def _canonical(src: Source, kind: str | None) -> LayoutMatch | None:
    first = _row(src, 0)
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
    keys = [norm_header(_clean(c)) for c in first_record]
    cells = [_clean(c) for c in first_record]
    if (cells[:3] == ["V1", "V2", "V3"] or {"response_id", "start_date", "end_date"} <= set(keys)
            or {"respondent_id", "collector_id"} <= set(keys)
            or {"emp_id", "survey_cycle_completion_date"} <= set(keys)
            or keys[:3] == ["id", "start_time", "completion_time"]):
        return "pulse"
    if keys and keys[0] == "timestamp" and not any(g.complete for g in guess_kinds(first_record)):
        return "pulse"
    complete = [g for g in guess_kinds(first_record) if g.complete]
    return complete[0].kind if complete else None


# --- columns -----------------------------------------------------------------------------


def describe_columns(src: Source, match: LayoutMatch | None) -> list[FileColumn]:
    """Every column with its key, header and label, read the way its layout writes them."""
    layout = match.layout if match else "canonical"
    width = src.n_columns
    if layout in QUALTRICS_FAMILY:
        columns = _qualtrics_columns(src, layout, width)
    elif layout == "surveymonkey" and match and match.header_records == 2:
        columns = _surveymonkey_columns(src, width)
    else:
        first = _row(src, 0)
        columns = [FileColumn(i, norm_header(h), h, h, row_label=_grid_row(h)) for i, h in
                   enumerate(first + [""] * (width - len(first)))]
    return _unique_keys(columns)


def _grid_row(header: str) -> str | None:
    """The row of a Google Forms grid column, ``Question [Row]``."""
    found = re.fullmatch(r".+\s\[([^\[\]]+)\]", header)
    return found.group(1) if found else None


def _padded(src: Source, number: int, width: int) -> list[str]:
    row = _row(src, number)
    return row + [""] * (width - len(row))


def _qualtrics_columns(src: Source, layout: str, width: int) -> list[FileColumn]:
    tags, labels = _padded(src, 0, width), _padded(src, 1, width)
    ids = _padded(src, 2, width) if layout != "qualtrics_legacy" else [""] * width
    columns = []
    for i in range(width):
        tag, label = tags[i], labels[i]
        if layout == "qualtrics_legacy" and _V_TAG.match(tag):
            tag = label  # V1..V10 say nothing; their label row names them (ResponseID, ...)
        import_id, zone = _import_id(ids[i])
        columns.append(FileColumn(i, norm_header(tag), tag, label or tag, import_id, zone))
    return columns


def _import_id(cell: str) -> tuple[str | None, str | None]:
    """Qualtrics' ImportId (and timeZone) from the JSON or Python-dict third header row."""
    if not cell:
        return None, None
    if cell.startswith("{\""):
        try:
            data = json.loads(cell)
        except ValueError:
            return None, None
        if isinstance(data, dict):
            zone = data.get("timeZone")
            return (str(data.get("ImportId")) if data.get("ImportId") else None,
                    str(zone) if zone else None)
        return None, None
    found = _DICT_IMPORT_ID.match(cell)
    return (found.group(1), None) if found else (None, None)


def _surveymonkey_columns(src: Source, width: int) -> list[FileColumn]:
    """Question text carried across the blank cells of a multi-column question, plus its
    sub-label (a matrix row or a choice) unless the sub-label is just 'Response'."""
    questions, subs = _padded(src, 0, width), _padded(src, 1, width)
    columns = []
    current = ""
    for i in range(width):
        if questions[i]:
            current = questions[i]
        sub = subs[i]
        header = current
        if norm_header(sub) not in _SURVEYMONKEY_GENERIC:
            header = f"{current} - {sub}" if current else sub
        key = norm_header(current) + ("/" + norm_header(sub) if norm_header(sub) not in
                                      _SURVEYMONKEY_GENERIC else "")
        row_label = sub if norm_header(sub) not in _SURVEYMONKEY_GENERIC else None
        columns.append(FileColumn(i, key, header, header, row_label=row_label))
    return columns


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
    upper = header.upper()
    for suffix in _GLINT_SUFFIXES:
        if upper.endswith(suffix) and len(header) > len(suffix):
            return header[: -len(suffix)], suffix
    return None


def fingerprint(layout: str, columns: list[FileColumn]) -> str:
    """A hash of the layout and its column keys: equal for next month's export of the same
    survey (Qualtrics' question texts, which follow the respondent's language, are left out)."""
    text = layout + "\x1e" + "\x1f".join(col.key for col in columns)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
