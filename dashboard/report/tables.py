"""HTML tables for the report: plain tables, and month-by-month grids of a KPI table.

Every number cell is a :func:`value_span` carrying the KPI row and column it came from; a
table built from a KPI table carries that table's name and CLI arguments (``data-kpi``,
``data-args``). Hidden cells say "fewer than k responses" and carry an empty value.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd

from dashboard.kpi.privacy import suppressed_label
from dashboard.present.formatting import month_label
from dashboard.report.data import Block
from dashboard.report.html import Child, Markup, tag, value_span

Formatter = Callable[[Any], str]
# A grid row's key: the values of its key columns, in their order (cohort, question, ...).
RowKey = tuple[Any, ...]


def table(headers: Sequence[Child], rows: Sequence[Sequence[Child]], *, block: Block | None = None,
          class_: str = "", numeric_from: int = 1, caption: Child = None) -> Markup:
    """A table; columns from ``numeric_from`` on are right-aligned."""
    head = tag("thead", tag("tr", [tag("th", h, class_="num" if i >= numeric_from else None)
                                   for i, h in enumerate(headers)]))
    body = tag("tbody", [tag("tr", [tag("td", c, class_="num" if i >= numeric_from else None)
                                    for i, c in enumerate(row)]) for row in rows])
    attrs: dict[str, Any] = {"class_": ("data " + class_).strip()}
    if block is not None:
        attrs.update(data_kpi=block.name, data_args=json.dumps(block.cli_args, ensure_ascii=False))
    parts: list[Child] = [head, body]
    if caption is not None:
        parts.insert(0, tag("caption", caption))
    wrapped = tag("table", *parts, **attrs)
    if block is not None:
        source = tag("p", "Source: ", tag("code", f"kpi {block.name}"),
                     " with the filters listed in Appendix B.", class_="source")
        return tag("div", wrapped, source, class_="table-wrap")
    return tag("div", wrapped, class_="table-wrap")


def cell(block: Block, row: pd.Series | dict[str, Any], column: str, fmt: Formatter, k: int,
         hidden: bool | None = None) -> Markup:
    """One value of a KPI row as shown, or the suppression wording when the row is hidden."""
    if hidden is None:
        hidden = bool(row.get("suppressed", False))
    if hidden:
        return value_span(suppressed_label(k), row, column, block.keys, class_="suppressed")
    return value_span(fmt(row[column]), row, column, block.keys)


def month_header(period: str, highlight: bool = False) -> Markup:
    """'Mar' over '2026', so a dozen month columns fit the printed width."""
    name, year = month_label(period).split(" ")
    return tag("span", name, tag("br"), tag("small", year), class_="q" if highlight else None)


def rows_of(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The frame's rows as dicts holding the very values ``iterrows`` would give (both read
    ``frame.values``), without building a Series per row: a grid has thousands of rows."""
    columns = list(frame.columns)
    return [dict(zip(columns, values, strict=True)) for values in frame.values]


def month_grid(block: Block, row_keys: Sequence[str], row_label: Callable[[RowKey], Child],
               value_column: str, fmt: Formatter, k: int, months: Sequence[str],
               extra_rows: Callable[[RowKey], Sequence[Child]] | None = None,
               highlight: Sequence[str] = ()) -> Markup:
    """Rows = distinct ``row_keys`` of the KPI table, columns = months; empty where the table
    has no row (no data), the suppression wording where the row is hidden."""
    frame = block.frame
    headers: list[Child] = [""] + [month_header(m, m in highlight) for m in months]
    rows: list[list[Child]] = []
    if frame.empty:
        return table(headers, [], block=block)
    # the groups of groupby(row_keys, sort=False) — first seen first, rows with a missing key
    # left out — gathered in one pass over the rows
    groups: dict[int, tuple[RowKey, dict[Any, dict[str, Any]]]] = {}
    numbers = frame.groupby(list(row_keys), sort=False).ngroup()
    for number, record in zip(numbers, rows_of(frame), strict=True):
        if pd.isna(number):
            continue
        group = groups.setdefault(int(number), (tuple(record[c] for c in row_keys), {}))
        group[1][record["period"]] = record
    for number in sorted(groups):
        key, by_month = groups[number]
        if extra_rows is not None:
            rows.extend([list(r) for r in extra_rows(key)])
        cells: list[Child] = [row_label(key)]
        for m in months:
            found = by_month.get(m)
            cells.append("" if found is None else cell(block, found, value_column, fmt, k))
        rows.append(cells)
    return table(headers, rows, block=block, class_="grid")
