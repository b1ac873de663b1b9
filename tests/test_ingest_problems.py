"""Bad input: every problem is reported as FILE:LINE: column: reason and nothing is stored."""

from __future__ import annotations

import pytest

from dashboard.ingest import ingest_file
from tests.conftest import table_counts

QUESTIONS = "question_id,text,scale\nq1,Understands me,likert5\nenps,Recommend,nps11\n"
PULSE_HEADER = "response_id,submitted_at,respondent_id,rater_type,leader_id,q1,enps\n"


@pytest.fixture
def with_questions(con, write):
    assert ingest_file(con, write("questions.csv", QUESTIONS)).ok
    return con


def _rejected(con, path, **options):
    before = table_counts(con)
    result = ingest_file(con, path, **options)
    assert not result.ok
    assert table_counts(con) == before, "a rejected file must leave the database unchanged"
    return result


@pytest.mark.parametrize(("body", "expected"), [
    ("R1,2026-01-05,M1,peer,L1,6,5\n",
     "pulse.csv:2: q1: answer 6 on 'q1', a 5-point question of the catalogue, is outside the likert5 "
     "(1–5) scale: if the survey used a 7-point scale, it is another question — add one with scale "
     "likert7 to the question catalogue and give the column its id; else correct the answer in the "
     "file"),
    ("R1,2026-01-05,M1,peer,L1,4,11\n",
     "pulse.csv:2: enps: answer 11 on 'enps', a 0–10 question of the catalogue, is outside the nps11 "
     "(0–10) scale: no scale goes that far; correct the answer in the file"),
    ("R1,2026-01-05,M1,peer,L1,3.5,5\n",
     "pulse.csv:2: q1: answer is not a whole number on the likert5 (1–5) scale"),
    ("R1,2026-01-05,M1,peer,L1,Sort of,5\n",
     "pulse.csv:2: q1: answer is neither a number nor a likert5 label"),
    ("R1,2026-01-05,M1,manager,L1,4,5\n",
     "pulse.csv:2: rater_type: unknown rater type 'manager' (expected self, peer, direct_report)"),
    ("R1,2026-02-30,M1,peer,L1,4,5\n",
     "pulse.csv:2: submitted_at: cannot read date '2026-02-30' "
     "(use YYYY-MM-DD, or one consistent M/D/YYYY or D/M/YYYY form)"),
    ("R1,,M1,peer,L1,4,5\n",
     "pulse.csv:2: submitted_at: required value missing"),
    (",2026-01-05,M1,peer,L1,4,5\n",
     "pulse.csv:2: response_id: required value missing"),
    ("R1,2026-01-05,M1,peer,L1,4,5\nR1,2026-01-06,M2,peer,L1,4,5\n",
     "pulse.csv:3: response_id: duplicate key: the same as line 2"),
    ("R1,2026-01-05,M1,peer,L1,4\n",
     "pulse.csv:2: (row): wrong number of fields (expected: 7 found: 6)"),
])
def test_row_problem_is_reported_with_line_column_and_reason(with_questions, write, body, expected):
    result = _rejected(with_questions, write("pulse.csv", PULSE_HEADER + body))
    assert result.problem_lines() == [expected]


def test_survey_answers_and_respondent_ids_never_appear_in_messages(with_questions, write):
    body = "R1,2026-01-05,secret-person,peer,L1,Sort of fine,5\n"
    result = _rejected(with_questions, write("pulse.csv", PULSE_HEADER + body.replace("peer", "boss")))
    text = "\n".join(result.problem_lines())
    assert "Sort of fine" not in text and "secret-person" not in text


def test_every_problem_is_listed_not_just_the_first(with_questions, write):
    body = "".join(f"R{i},2026-01-05,M{i},peer,L1,9,5\n" for i in range(1, 8))
    result = _rejected(with_questions, write("pulse.csv", PULSE_HEADER + body))
    assert result.problem_total == 7
    assert [p.line for p in result.problems] == [2, 3, 4, 5, 6, 7, 8]


def test_problems_in_huge_files_are_capped_but_counted(with_questions, write):
    body = "".join(f"R{i},2026-01-05,M{i},peer,L1,9,5\n" for i in range(3000))
    result = _rejected(with_questions, write("pulse.csv", PULSE_HEADER + body), max_problems=20)
    assert len(result.problems) == 20 and result.problem_total == 3000


def test_line_numbers_count_the_lines_of_multi_line_comments(with_questions, write):
    text = (PULSE_HEADER.replace("enps\n", "enps,comment\n")
            + 'R1,2026-01-05,M1,peer,L1,4,5,"first line\nsecond line\nthird"\n'
            + "R2,2026-01-05,M2,peer,L1,7,5,\n")
    result = _rejected(with_questions, write("pulse.csv", text))
    assert result.problem_lines() == ["pulse.csv:5: q1: answer 7 on 'q1', a 5-point question of the "
                                      "catalogue, is outside the likert5 (1–5) scale: if the survey "
                                      "used a 7-point scale, it is another question — add one with "
                                      "scale likert7 to the question catalogue and give the column "
                                      "its id; else correct the answer in the file"]


def test_unknown_rubric_dimension_and_level(con, write):
    text = ("assessed_at,leader_id,module_id,assessor_type,dimension,level\n"
            "2026-02-25,L1,digital_cues,facilitator,empathy,Consistent\n"
            "2026-02-25,L1,digital_cues,facilitator,tone_recognition,Expert\n")
    result = _rejected(con, write("rubric.csv", text))
    assert result.problem_lines() == [
        "rubric.csv:2: dimension: unknown rubric dimension 'empathy' "
        "(expected tone_recognition, response_adaptation, reflective_follow_up)",
        "rubric.csv:3: level: unknown rubric level 'Expert' "
        "(expected Not Evident, Emerging, Consistent, Mastery or 1–4)",
    ]


def test_missing_required_column_is_a_header_problem(con, write):
    result = _rejected(con, write("pulse.csv", "response_id,submitted_at,respondent_id,leader_id,q1\n"
                                               "R1,2026-01-05,M1,L1,4\n"), kind="pulse")
    assert result.problem_lines()[0] == "pulse.csv:1: (header): required column missing: rater_type"


def test_pulse_before_the_question_catalogue_says_what_to_import_first(con, write):
    result = _rejected(con, write("pulse.csv", PULSE_HEADER + "R1,2026-01-05,M1,peer,L1,4,5\n"))
    assert "import questions (question_id, text, scale) first" in result.problem_lines()[0]


def test_unrecognised_columns_say_what_each_kind_expects(con, write):
    result = _rejected(con, write("x.csv", "foo,bar\n1,2\n"))
    message = result.problem_lines()[0]
    assert message.startswith("x.csv:1: (header): could not tell which kind of data this is")
    assert "roster: person_id, role, cohort" in message
    assert "pulse: response_id, submitted_at, respondent_id, rater_type, leader_id" in message


@pytest.mark.parametrize(("content", "expected"), [
    (b"", "empty.csv: (file): the file is empty"),
    (b"\r\n\r\n", "empty.csv: (file): the file is empty"),
    (b"\x00\x01\x02\x03binary\xff\xfe\x00\x00" * 50,
     "empty.csv: (file): this is not a text file (binary content); expected CSV or XLSX"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100,
     "empty.csv: (file): this is a legacy Excel .xls workbook; save it as .xlsx or CSV and upload again"),
    (b"PK\x03\x04not really a zip",
     "empty.csv: (file): a ZIP archive that is not a readable Excel workbook (BadZipFile)"),
])
def test_unreadable_files_get_a_clear_message(con, write, content, expected):
    result = _rejected(con, write("empty.csv", content))
    assert result.problem_lines() == [expected]


def test_header_only_file(con, write):
    result = _rejected(con, write("roster.csv", "person_id,role,cohort\n"))
    assert result.problem_lines() == ["roster.csv:1: (file): no data rows (the file has only a header)"]


def test_stored_keys_need_replace(con, write):
    roster = write("roster.csv", "person_id,role,cohort\nL1,leader,Pilot\n")
    assert ingest_file(con, roster).ok
    changed = write("roster2.csv", "person_id,role,cohort\nL1,leader,Pilot B\n")
    result = _rejected(con, changed)
    assert result.problem_lines() == [
        "roster2.csv:2: person_id: already stored by import 1 (roster.csv); use --replace "
        "(or 'Replace earlier rows' on the Data page) to replace those rows"]


@pytest.mark.parametrize("fixture", [
    "error/mismatch/bad.csv", "error/csv_error.csv", "unescaped_quotes/unescaped_quote.csv",
    "fuzzing/0.csv", "fuzzing/13.csv", "error/mixedtypes.csv",
])
def test_odd_csv_files_from_duckdbs_corpus_end_in_a_message_not_a_traceback(con, fixture):
    from tests.conftest import REAL_DIR

    path = REAL_DIR / "duckdb-csv" / fixture
    if not path.exists():
        pytest.skip(f"{path} not present")
    before = table_counts(con)
    result = ingest_file(con, path)
    if not result.ok:
        assert result.problem_lines() and all(line.startswith(path.name) for line in result.problem_lines())
        assert table_counts(con) == before


def test_an_unknown_rater_type_is_refused_even_when_the_roster_could_tell(con, write):
    assert ingest_file(con, write("roster.csv", "person_id,role,leader_id,cohort\nL1,leader,,P\nM1,member,L1,P\n")).ok
    assert ingest_file(con, write("questions.csv", QUESTIONS)).ok
    result = _rejected(con, write("pulse.csv", PULSE_HEADER + "R1,2026-01-05,M1,boss,L1,4,5\n"))
    assert result.problem_lines() == [
        "pulse.csv:2: rater_type: unknown rater type 'boss' (expected self, peer, direct_report)"]
