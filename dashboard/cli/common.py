"""Pieces every command shares: the --db option, help formatting, table printing."""

from __future__ import annotations

import argparse
import json
import math
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd


class CliError(Exception):
    """A usage problem worth a one-line message and exit code 2."""


def add_command(subparsers: argparse._SubParsersAction[argparse.ArgumentParser], name: str, summary: str,
                example: str, description: str = "") -> argparse.ArgumentParser:
    """A sub-command whose help ends with an example, and which takes --db."""
    parser = subparsers.add_parser(
        name, help=summary, description=(description or summary),
        epilog=f"example:\n  {example}", formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--db", metavar="PATH",
                        help="database file (default: $EMPATHY_DB, else data/empathy.duckdb)")
    return parser


def _cell(value: Any) -> str:
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def format_table(rows: Iterable[Sequence[Any]], headers: Sequence[str]) -> str:
    """A plain, aligned text table (no dependency, stable for tests and terminals)."""
    cells = [[_cell(v) for v in row] for row in rows]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(headers)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells]
    return "\n".join(lines)


def frame_to_table(frame: pd.DataFrame) -> str:
    return format_table(frame.itertuples(index=False, name=None), list(frame.columns))


def frame_to_json(frame: pd.DataFrame) -> str:
    """Records as JSON with dates as ISO strings and missing values as null."""
    return json.dumps(json.loads(frame.to_json(orient="records", date_format="iso")), indent=2,
                      ensure_ascii=False)
