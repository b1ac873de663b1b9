"""Reading a generated report back: its tags, sections, scripts and tagged numbers.

Every number the report prints from a KPI table is a ``<span class="v">`` with ``data-k`` (the
row's key columns as JSON), ``data-c`` (the column) and ``data-v`` (the value); every table
built from a KPI table has ``data-kpi`` and ``data-args`` (the CLI arguments).
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

from dashboard.config import PROJECT_ROOT


@dataclass
class Value:
    key: dict
    column: str
    value: str
    css: str
    text: str = ""


@dataclass
class Table:
    kpi: str | None
    args: list[str] | None
    values: list[Value] = field(default_factory=list)


class ReportParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.sections: list[str] = []
        self.headings: list[str] = []
        self.tables: list[Table] = []
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self.text: list[str] = []
        self._tables: list[Table] = []
        self._spans: list[Value | None] = []
        self._raw: str | None = None
        self._heading = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag == "section":
            self.sections.append(a.get("id") or "")
        elif tag == "h2":
            self._heading = True
            self.headings.append("")
        elif tag == "table":
            table = Table(a.get("data-kpi"), json.loads(a["data-args"]) if a.get("data-args") else None)
            self.tables.append(table)
            self._tables.append(table)
        elif tag == "span":
            value = None
            if "data-c" in a:
                value = Value(json.loads(a["data-k"] or "{}"), a["data-c"] or "", a.get("data-v") or "",
                              a.get("class") or "")
                if self._tables:
                    self._tables[-1].values.append(value)
            self._spans.append(value)
        elif tag in ("script", "style"):
            self._raw = tag
            (self.scripts if tag == "script" else self.styles).append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "table" and self._tables:
            self._tables.pop()
        elif tag == "span" and self._spans:
            self._spans.pop()
        elif tag in ("script", "style"):
            self._raw = None
        elif tag == "h2":
            self._heading = False

    def handle_data(self, data: str) -> None:
        if self._raw == "script":
            self.scripts[-1] += data
            return
        if self._raw == "style":
            self.styles[-1] += data
            return
        self.text.append(data)
        if self._heading:
            self.headings[-1] += data
        for span in self._spans:
            if span is not None:
                span.text += data

    @property
    def values(self) -> list[Value]:
        return [v for t in self.tables for v in t.values]

    @property
    def all_text(self) -> str:
        return " ".join(" ".join(self.text).split())


def parse(html: str) -> ReportParser:
    parser = ReportParser()
    parser.feed(html)
    parser.close()
    return parser


@cache
def kpi_csv(args: tuple[str, ...], db_path: str) -> tuple[dict[str, str], ...]:
    """The rows ``python -m dashboard kpi ARGS --format csv`` prints (cached per command)."""
    done = subprocess.run([sys.executable, "-m", "dashboard", "kpi", *args, "--format", "csv",
                           "--db", db_path], capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=180)
    assert done.returncode == 0, done.stderr
    return tuple(csv.DictReader(io.StringIO(done.stdout)))


def run_report(db_path: Path, out: Path, *args: str, env: dict[str, str] | None = None
               ) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "dashboard", "report", *args, "--db", str(db_path),
                           "--out", str(out)], capture_output=True, text=True, cwd=PROJECT_ROOT,
                          timeout=300, env=env)


_NUMBER = re.compile(r"[−+-]?\d[\d,]*(?:\.\d+)?")


def shown_number(text: str) -> tuple[float, int] | None:
    """The first number in a cell's text and its decimals ('▼ −0.3 pts' -> (-0.3, 1))."""
    match = _NUMBER.search(re.sub(r"[€$£]", "", text))
    if not match:
        return None
    token = match.group(0).replace("−", "-").replace("+", "").replace(",", "")
    decimals = len(token.split(".")[1]) if "." in token else 0
    return float(token), decimals
