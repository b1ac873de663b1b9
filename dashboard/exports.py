"""KPI tables as files people open in Excel, LibreOffice or Sheets — safely.

Cohort names, question texts and comments come from uploads. A text cell that starts with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return can run as a formula when a
spreadsheet opens the file (CSV injection, OWASP). Such text is prefixed with an
apostrophe in CSV, and written as a plain string cell in XLSX; numbers — negative ones
included — stay numbers.
"""

from __future__ import annotations

import io
import math
from typing import Any

import pandas as pd

_DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """Text that a spreadsheet would treat as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(_DANGEROUS_START):
        return "'" + value
    return value


def _safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column in out.columns:
        if not (pd.api.types.is_numeric_dtype(out[column]) or pd.api.types.is_bool_dtype(out[column])):
            out[column] = out[column].map(neutralise)
    out.columns = [neutralise(str(c)) for c in out.columns]
    return out


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 CSV with a BOM (so Excel picks the encoding), formulas neutralised."""
    return ("\ufeff" + _safe_frame(frame).to_csv(index=False)).encode("utf-8")


def to_xlsx_bytes(frame: pd.DataFrame, sheet: str = "KPI") -> bytes:
    """An .xlsx workbook where every text cell is stored as text, never as a formula."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="xlsxwriter",
                        engine_kwargs={"options": {"strings_to_formulas": False,
                                                   "strings_to_urls": False,
                                                   "nan_inf_to_errors": False}}) as writer:
        safe = _safe_frame(frame)
        safe = safe.astype({c: "object" for c in safe.columns if safe[c].dtype == "bool"})
        safe.to_excel(writer, sheet_name=sheet[:31], index=False)
        worksheet = writer.sheets[sheet[:31]]
        for position, column in enumerate(safe.columns):
            longest = max([len(str(column))] + [len(str(v)) for v in safe[column].head(200)])
            worksheet.set_column(position, position, min(max(10, longest + 2), 60))
    return buffer.getvalue()


def cell_is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))
