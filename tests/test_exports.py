"""Exports that are safe to open in a spreadsheet, checked on the bytes of the files."""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
import zipfile

import numpy as np
import openpyxl
import pandas as pd
import pytest

from dashboard.config import PROJECT_ROOT
from dashboard.ingest import ingest_files
from dashboard.present.exports import neutralise, to_csv_bytes, to_csv_text, to_xlsx_bytes
from dashboard.store import db
from tests.hostile_data import FORMULA_COHORT, SCRIPT_COHORT, TAG_QUESTION, write_hostile_pilot

HOSTILE = ['=HYPERLINK("http://x")', "+1", "-2", "@a", "\tb", "\rc", "\0d", "  =1+1",
           "\n=2+2", "Pilot", "a=b", "http://example.org"]


def _frame() -> pd.DataFrame:
    return pd.DataFrame({"cohort": HOSTILE,
                         "value": [-1.5, 2.0, -3.0, 4.0, 5.0, np.nan, 7.0, 8.0, 9.0, -10.0, 11.0, 12.0],
                         "n": pd.array([1, 2, None, 4, 5, 6, 7, 8, 9, 10, 11, 12], dtype="Int64"),
                         "suppressed": [False, True] * 6})


@pytest.mark.parametrize(("text", "expected"), [
    ("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"), ("\t=1", "'\t=1"),
    ("\r=1", "'\r=1"), ("\0", "'\0"), (" =1", "' =1"), ("\u00a0-1", "'\u00a0-1"),
    ("Pilot", "Pilot"), ("a-b", "a-b"), ("", ""), (-1.5, -1.5), (None, None),
])
def test_neutralise_prefixes_only_text_a_spreadsheet_would_evaluate(text, expected):
    assert neutralise(text) == expected


def test_csv_bytes_neutralise_text_and_keep_numbers_negative_ones_included():
    data = to_csv_bytes(_frame())
    assert data.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0] == ["cohort", "value", "n", "suppressed"]
    cells = {row[0]: row[1:] for row in rows[1:]}
    assert cells["'=HYPERLINK(\"http://x\")"] == ["-1.5", "1", "False"]
    assert cells["'-2"] == ["-3.0", "", "False"]  # an empty count stays empty, never 0
    assert cells["Pilot"] == ["-10.0", "10", "True"] and "a=b" in cells
    assert {"'+1", "'@a", "'\tb", "'\rc", "'\0d", "'  =1+1", "'\n=2+2"} <= set(cells)
    assert not any(c[:1] in "=+-@\t\r" and c[:1] for c in cells)
    assert data.count(b"\r\n") == len(HOSTILE) + 1  # CRLF ends; the CR inside '\rc' is quoted
    assert to_csv_text(_frame(), lineterminator="\r\n") == data.decode("utf-8-sig")


def test_xlsx_stores_text_as_strings_and_numbers_as_numbers():
    data = to_xlsx_bytes(_frame(), sheet="enps")
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        sheet = book.read("xl/worksheets/sheet1.xml").decode("utf-8")
        strings = book.read("xl/sharedStrings.xml").decode("utf-8")
    assert "<f>" not in sheet and "<f " not in sheet  # no formula anywhere
    assert "hyperlink" not in sheet.lower()  # no link either
    assert re.search(r'<c r="B2"[^>]*><v>-1.5</v></c>', sheet)  # a number cell, not text
    assert 't="s"' in re.search(r'<c r="A2"[^>]*>', sheet).group(0)
    assert "&apos;=HYPERLINK" in strings or "'=HYPERLINK" in strings
    cells = openpyxl.load_workbook(io.BytesIO(data))["enps"]
    values = [[c.value for c in row] for row in cells.iter_rows(min_row=2)]
    types = [[c.data_type for c in row] for row in cells.iter_rows(min_row=2)]
    assert values[0] == ["'=HYPERLINK(\"http://x\")", -1.5, 1, False]
    assert values[2][:3] == ["'-2", -3.0, None] and types[2][1] == "n"
    assert values[5][1] is None  # NaN is an empty cell, not an error or zero
    assert all(t[0] == "s" for t in types) and values[9][1] == -10.0
    assert values[11][0] == "http://example.org" and types[11][0] == "s"


def test_xlsx_column_names_are_neutralised_too():
    frame = pd.DataFrame({"=cmd|' /C calc'!A0": ["x"], "ok": [1]})
    header = [c.value for c in next(openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(frame))).active.iter_rows())]
    assert header == ["'=cmd|' /C calc'!A0", "ok"]


@pytest.fixture
def hostile_db(tmp_path):
    path = tmp_path / "hostile.duckdb"
    with db.session(path) as con:
        results = ingest_files(con, write_hostile_pilot(tmp_path))
        assert all(r.ok for r in results), [r.problem_lines() for r in results]
    return path


def _kpi(*args, db_path):
    return subprocess.run([sys.executable, "-m", "dashboard", "kpi", *args, "--db", str(db_path)],
                          capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=120)


def test_names_from_uploads_are_inert_in_cli_csv_and_xlsx(hostile_db, tmp_path):
    printed = _kpi("pulse_trend", "--format", "csv", db_path=hostile_db)
    assert printed.returncode == 0, printed.stderr
    rows = list(csv.DictReader(io.StringIO(printed.stdout)))
    cohorts = {r["cohort"] for r in rows}
    assert "'" + FORMULA_COHORT in cohorts and FORMULA_COHORT not in cohorts
    assert SCRIPT_COHORT in cohorts  # not a formula: left as it is (CSV is not HTML)
    assert {r["question_text"] for r in rows if r["question_id"] == "q1"} == {TAG_QUESTION}

    out = tmp_path / "trend.xlsx"
    written = _kpi("pulse_trend", "--format", "xlsx", "--out", str(out), db_path=hostile_db)
    assert written.returncode == 0, written.stderr
    with zipfile.ZipFile(out) as book:
        assert "<f>" not in book.read("xl/worksheets/sheet1.xml").decode("utf-8")
    sheet = openpyxl.load_workbook(out)["pulse_trend"]
    header = [c.value for c in sheet[1]]
    column = [row[header.index("cohort")] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert "'" + FORMULA_COHORT in column and FORMULA_COHORT not in column
    means = [row[header.index("mean_score")] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert all(m is None or isinstance(m, int | float) for m in means) and any(means)

    csv_out = tmp_path / "trend.csv"
    assert _kpi("pulse_trend", "--format", "csv", "--out", str(csv_out), db_path=hostile_db).returncode == 0
    assert csv_out.read_bytes().decode("utf-8-sig").replace("\r\n", "\n") == printed.stdout


def test_xlsx_needs_an_output_file(hostile_db):
    done = _kpi("enps", "--format", "xlsx", db_path=hostile_db)
    assert done.returncode == 2 and "--out" in done.stderr and "Traceback" not in done.stderr
