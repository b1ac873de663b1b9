"""Fuzzing the importer: random bytes, headers and values must end in a clean result —
stored, or refused with messages — never a traceback, and a refusal changes nothing.

Cases run per test: 80 random byte strings and 150 random CSV files (hypothesis)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.ingest import ingest_file
from dashboard.ingest.kinds import KINDS
from dashboard.store import db
from tests.conftest import table_counts

_FOLDER = Path(tempfile.mkdtemp(prefix="empathy-fuzz-"))
_DB = _FOLDER / "fuzz.duckdb"
FIELDS = sorted({f.name for spec in KINDS.values() for f in spec.fields} | {"understood", "enps"})
VALUES = st.one_of(
    st.text(max_size=12),
    st.integers(-20, 20).map(str),
    st.sampled_from(["Strongly agree", "N/A", "-1", "2026-03-02", "3/4/2026", "31/12/2026",
                     "leader", "member", "peer", "self", "direct report", "Mastery", "=1+1",
                     "", " ", '"', "\n", "2026-13", "likert5", "nps11", "Pilot"]),
)


def _setup() -> None:
    if not _DB.exists():
        with db.session(_DB) as con:
            catalogue = _FOLDER / "q.csv"
            catalogue.write_text("question_id,text,scale\nunderstood,U,likert5\nenps,R,nps11\n")
            assert ingest_file(con, catalogue).ok


def _check(path: Path) -> None:
    _setup()
    with db.session(_DB) as con:
        before = table_counts(con)
        result = ingest_file(con, path)  # must not raise
        lines = result.problem_lines()
        if not result.ok:
            assert lines and all(line.startswith(path.name) for line in lines)
            assert table_counts(con) == before
        assert result.problem_total >= len(result.problems)


@settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.binary(max_size=3000), st.sampled_from(["upload.csv", "upload.xlsx", "data.txt"]))
def test_random_bytes(content, name):
    path = _FOLDER / name
    path.write_bytes(content)
    _check(path)


@st.composite
def csv_files(draw):
    header = draw(st.lists(st.one_of(st.sampled_from(FIELDS), st.text(max_size=10)), min_size=1, max_size=9))
    rows = draw(st.lists(st.lists(VALUES, min_size=0, max_size=len(header) + 1), max_size=12))
    delimiter = draw(st.sampled_from([",", ";", "\t"]))
    newline = draw(st.sampled_from(["\n", "\r\n"]))

    def cell(value: str) -> str:
        if any(ch in value for ch in (delimiter, '"', "\n", "\r")):
            return '"' + value.replace('"', '""') + '"'
        return value

    text = newline.join(delimiter.join(cell(v) for v in row) for row in [header, *rows]) + newline
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]))
    return text.encode(encoding, errors="replace")


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(csv_files())
def test_random_csv_files(content):
    path = _FOLDER / "fuzz.csv"
    path.write_bytes(content)
    _check(path)
