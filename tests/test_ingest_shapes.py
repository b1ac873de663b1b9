"""Encodings, delimiters, line endings, workbooks and date forms seen in real exports."""

from __future__ import annotations

import openpyxl
import pytest

from dashboard.ingest import ingest_file
from tests.conftest import table_counts

ROSTER = "person_id,role,cohort,team\nL1,leader,Zürich Pilot,Équipe A\nM1,member,Zürich Pilot,Équipe A\n"


def _teams(con):
    return con.execute("select person_id, cohort, team from roster order by 1").fetchall()


EXPECTED = [("L1", "Zürich Pilot", "Équipe A"), ("M1", "Zürich Pilot", "Équipe A")]


@pytest.mark.parametrize(("encoding", "prefix", "note"), [
    ("utf-8", b"", None),
    ("utf-8", b"\xef\xbb\xbf", None),
    ("utf-16", b"", "read as UTF-16"),
    ("utf-16-le", b"", "read as UTF-16 LE"),
    ("cp1252", b"", "read as Windows-1252"),
])
def test_text_encodings(con, write, encoding, prefix, note):
    path = write("roster.csv", prefix + ROSTER.encode(encoding))
    result = ingest_file(con, path)
    assert result.ok, result.problem_lines()
    assert _teams(con) == EXPECTED
    if note:
        assert note in result.notes


def test_windows_1252_after_the_sampled_start_is_still_read(con, write):
    filler = "".join(f"X{i},member,Pilot,Team\n" for i in range(40000))  # > 1 MiB of ASCII
    path = write("roster.csv", ("person_id,role,cohort,team\n" + filler + "L9,leader,Pilot,Équipe\n").encode("cp1252"))
    result = ingest_file(con, path)
    assert result.ok, result.problem_lines()[:3]
    assert con.execute("select team from roster where person_id = 'L9'").fetchone() == ("Équipe",)


@pytest.mark.parametrize("delimiter", [";", "\t", "|", ","])
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_delimiters_and_line_endings(con, write, delimiter, newline):
    text = ROSTER.replace(",", delimiter).replace("\n", newline)
    result = ingest_file(con, write("roster.csv", text))
    assert result.ok, result.problem_lines()
    assert _teams(con) == EXPECTED


def test_quoted_multi_line_comments_and_trailing_empty_columns(con, write):
    write_q = write("q.csv", "question_id,text,scale\nq1,Q,likert5\n")
    assert ingest_file(con, write_q).ok
    text = ("response_id,submitted_at,respondent_id,rater_type,leader_id,q1,comment,,\r\n"
            'R1,2026-01-05,M1,peer,L1,4,"line one\r\nline two, with comma",,\r\n'
            'R2,2026-01-05,M2,peer,L1,5,"he said ""hi""",,\r\n')
    result = ingest_file(con, write("p.csv", text))
    assert result.ok, result.problem_lines()
    comments = con.execute("select comment from pulse_response order by 1").fetchall()
    assert comments == [('he said "hi"',), ("line one\r\nline two, with comma",)]


def test_no_break_spaces_and_stray_spaces_in_headers(con, write):
    text = "\u00a0Person ID\u00a0, Role ,cohort \nL1,leader,Pilot\n"
    result = ingest_file(con, write("roster.csv", text))
    assert result.ok, result.problem_lines()


def _workbook(path, rows, title="Sheet1", extra_sheet=False):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    if extra_sheet:
        other = book.create_sheet("Roster")
        for row in rows:
            other.append(row)
    book.save(path)
    return path


def test_xlsx_workbook_first_or_named_sheet(con, tmp_path):
    rows = [["person_id", "role", "cohort"], ["L1", "leader", "Pilot"], ["M1", "member", 2026]]
    path = _workbook(tmp_path / "roster.xlsx", rows, title="Notes", extra_sheet=True)
    result = ingest_file(con, path, sheet="Roster")
    assert result.ok, result.problem_lines()
    assert con.execute("select person_id, cohort from roster order by 1").fetchall() == [
        ("L1", "Pilot"), ("M1", "2026")]


def test_xlsx_problems_name_the_sheet_row(con, tmp_path):
    rows = [None, ["person_id", "role", "cohort"], ["L1", "boss", "Pilot"]]
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row or [])
    book.save(tmp_path / "roster.xlsx")
    before = table_counts(con)
    result = ingest_file(con, tmp_path / "roster.xlsx")
    assert result.problem_lines() == [
        "roster.xlsx:3: role: unknown role 'boss' (expected leader, member)"]
    assert result.position_word == "row" and table_counts(con) == before


def test_an_xlsx_renamed_csv_is_read_as_a_workbook(con, tmp_path):
    path = _workbook(tmp_path / "roster.xlsx", [["person_id", "role", "cohort"], ["L1", "leader", "Pilot"]])
    renamed = path.rename(tmp_path / "roster.csv")
    result = ingest_file(con, renamed)
    assert result.ok and result.rows == 1


def test_xlsx_dates_become_iso(con, tmp_path):
    import datetime as dt

    rows = [["cohort", "module_id", "start_date", "end_date"],
            ["Pilot", "digital_cues", dt.datetime(2026, 3, 2), dt.datetime(2026, 3, 27)]]
    result = ingest_file(con, _workbook(tmp_path / "schedule.xlsx", rows))
    assert result.ok, result.problem_lines()
    assert con.execute("select start_date::varchar, end_date::varchar from schedule").fetchall() == [
        ("2026-03-02", "2026-03-27")]


SCHEDULE = "cohort,module_id,start_date,end_date\n"


@pytest.mark.parametrize(("rows", "expected", "note"), [
    ("P,m1,2026-03-02,2026-03-27\n", ("2026-03-02", "2026-03-27"), None),
    ("P,m1,3/2/2026,3/27/2026\n", ("2026-03-02", "2026-03-27"), "dates read month-first (M/D/YYYY)"),
    ("P,m1,2/3/2026,27/3/2026\n", ("2026-03-02", "2026-03-27"), "dates read day-first (D/M/YYYY)"),
    ("P,m1,02-03-2026 09:00,27-03-2026 17:30\n", ("2026-03-02", "2026-03-27"), "dates read day-first (D/M/YYYY)"),
    ("P,m1,02-03-2026 09:00:15,27-03-2026 17:30:59\n", ("2026-03-02", "2026-03-27"), "dates read day-first (D/M/YYYY)"),
    ("P,m1,2026/03/02 11:07:29 AM AST,2026/03/27 1:07:29 PM AST\n", ("2026-03-02", "2026-03-27"), None),
])
def test_date_forms(con, write, rows, expected, note):
    result = ingest_file(con, write("schedule.csv", SCHEDULE + rows))
    assert result.ok, result.problem_lines()
    assert con.execute("select start_date::varchar, end_date::varchar from schedule").fetchone() == expected
    if note:
        assert any(n.endswith(note) for n in result.notes), result.notes


def test_a_column_of_only_ambiguous_dates_is_not_guessed(con, write):
    before = table_counts(con)
    result = ingest_file(con, write("schedule.csv", SCHEDULE + "P,m1,3/4/2026,5/6/2026\n"))
    assert not result.ok and table_counts(con) == before
    assert result.problem_lines()[0] == (
        "schedule.csv:1: start_date: cannot tell day-first from month-first: every value could be "
        "either (e.g. '3/4/2026'); choose with --dates day-first or --dates month-first, or re-export "
        "with ISO dates (YYYY-MM-DD) or with a day after the 12th")


def test_one_unambiguous_value_decides_the_whole_column(con, write):
    rows = "P,m1,3/4/2026,5/6/2026\nQ,m1,13/4/2026,20/6/2026\n"
    result = ingest_file(con, write("schedule.csv", SCHEDULE + rows))
    assert result.ok, result.problem_lines()
    assert con.execute("select start_date::varchar from schedule order by 1").fetchall() == [
        ("2026-04-03",), ("2026-04-13",)]


def test_a_text_label_first_seen_after_row_50000_is_still_read(con, write):
    assert ingest_file(con, write("q.csv", "question_id,text,scale\nq1,Q,likert5\n")).ok
    lines = ["response_id,submitted_at,respondent_id,rater_type,leader_id,q1"]
    lines += [f"R{i},2026-01-05,M{i},peer,L{i % 40},{1 + i % 5}" for i in range(60000)]  # one each: no repeats
    lines += ["R60000,2026-01-05,M60000,peer,L1,Strongly agree", "R60001,2026-01-05,M60001,peer,L1,N/A"]
    result = ingest_file(con, write("pulse.csv", "\n".join(lines) + "\n"))
    assert result.ok, result.problem_lines()[:3]
    assert result.rows == 60002 and result.answers == 60001
    assert con.execute("select score from pulse_answer where response_id = 'R60000'").fetchone() == (5,)
