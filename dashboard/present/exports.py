"""KPI tables as files people open in Excel, LibreOffice or Sheets — safely.

Cohort names, question texts and comments come from uploads. A text cell that starts with
``=``, ``+``, ``-``, ``@``, a tab, a carriage return or a NUL can run as a formula when a
spreadsheet opens the file (CSV injection, OWASP; ASVS 1.2.10). Such text — also when only
spaces or line breaks come before that character, which some spreadsheets skip — gets a
leading apostrophe in CSV and XLSX alike, and XLSX cells are written as strings, never as
formulas or links. Numbers stay numbers, negative ones included: only text columns are
touched.
"""

from __future__ import annotations

import io
import math
from typing import Any

import pandas as pd

_DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r", "\0")
_SKIPPED_BEFORE = " \n\u00a0\u2007\u202f\ufeff"


def neutralise(value: Any) -> Any:
    """Text that a spreadsheet could read as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.lstrip(_SKIPPED_BEFORE).startswith(_DANGEROUS_START):
        return "'" + value
    return value


def _is_text_column(series: pd.Series) -> bool:
    return not (pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series)
                or pd.api.types.is_datetime64_any_dtype(series))


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy with every text cell and every column name neutralised."""
    out = frame.copy()
    for column in out.columns:
        if _is_text_column(out[column]):
            out[column] = out[column].map(neutralise)
    out.columns = [neutralise(str(c)) for c in out.columns]
    return out


def to_csv_text(frame: pd.DataFrame, lineterminator: str = "\n") -> str:
    """CSV text with formulas neutralised (what ``kpi --format csv`` prints for scripts)."""
    return safe_frame(frame).to_csv(index=False, lineterminator=lineterminator)


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """A CSV file: UTF-8 with a BOM (so Excel picks the encoding), CRLF line ends as in
    RFC 4180 — which also makes the writer quote any field holding a carriage return, so a
    stray CR inside a name cannot start a new row — and formulas neutralised."""
    return ("\ufeff" + to_csv_text(frame, lineterminator="\r\n")).encode("utf-8")


def to_xlsx_bytes(frame: pd.DataFrame, sheet: str = "KPI") -> bytes:
    """An .xlsx workbook where every text cell is stored as text, never as a formula or a
    link (xlsxwriter would otherwise turn '=…' into a formula and 'http…' into a link)."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="xlsxwriter",
                        engine_kwargs={"options": {"strings_to_formulas": False,
                                                   "strings_to_urls": False,
                                                   "strings_to_numbers": False,
                                                   "nan_inf_to_errors": False}}) as writer:
        safe = safe_frame(frame)
        safe = safe.astype({c: "object" for c in safe.columns if safe[c].dtype == "bool"})
        safe.to_excel(writer, sheet_name=sheet[:31], index=False)
        worksheet = writer.sheets[sheet[:31]]
        for position, column in enumerate(safe.columns):
            longest = max([len(str(column))] + [len(str(v)) for v in safe[column].head(200)])
            worksheet.set_column(position, position, min(max(10, longest + 2), 60))
    return buffer.getvalue()


def cell_is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))
