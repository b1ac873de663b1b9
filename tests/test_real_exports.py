"""Every real survey-tool export in ../shared/fixtures/real imports as questions answered by
respondents, through a saved mapping profile, with the right row and answer counts."""

from __future__ import annotations

import csv
import io

import pytest

from dashboard.ingest import get_profile, ingest_file, propose
from tests.conftest import REAL_DIR, as_real_responses, table_counts

PILOT = {"leader_id": "L01", "rater_type": "direct_report"}

# file, layout, header records, responses, answers, questions, responses with a comment
QUALTRICS = [
    ("qualtrics/qualtrics_modern.csv", "qualtrics", 3, 1, 1, 1, 1),
    ("qualtrics/qualtrics_legacy.csv", "qualtrics_legacy", 2, 1, 1, 1, 1),
    ("qualtricstools/Better_Sample_Survey.csv", "qualtrics_insights", 3, 10, 77, 13, 6),
    ("qualtricstools/Matrix_Single_Answer_Testing.csv", "qualtrics_insights", 3, 5, 105, 21, 0),
    ("qualtricstools/No_Basis_for_Evaluation_Insights.csv", "qualtrics_insights", 3, 15, 89, 9, 0),
    ("qualtricstools/No_Basis_for_Evaluation_Legacy.csv", "qualtrics_legacy", 2, 15, 89, 9, 0),
    ("qualtricstools/Single_Answer_Matrix_Questions.csv", "qualtrics_legacy", 2, 5, 75, 15, 5),
    ("qualtricstools/Single_Answer_Matrix_Questions_Insights.csv", "qualtrics_insights", 3, 5, 75,
     15, 5),
    ("qualtricstools/Test_Survey_for_Coded_Comments.csv", "qualtrics_insights", 3, 10, 10, 1, 10),
]


@pytest.fixture(autouse=True)
def _real_fixtures_present():
    if not REAL_DIR.is_dir():
        pytest.fail(f"the real fixtures are missing: {REAL_DIR}")


def _counts(con):
    return con.execute("""
        select (select count(*) from pulse_response), (select count(*) from pulse_answer),
               (select count(*) from questions), (select count(comment) from pulse_response),
               (select count(distinct respondent_id) from pulse_answer)
    """).fetchone()


def _answer_cells(path, header_records, columns):
    """Answers counted straight from the file: non-blank cells of the question columns that
    are not negative "no basis" codes."""
    text = path.read_text(encoding="utf-8-sig")
    records = list(csv.reader(io.StringIO(text)))[header_records:]
    return sum(1 for record in records for i in columns
               if record[i].strip() and float(record[i]) >= 0)


@pytest.mark.parametrize(("name", "layout", "header_records", "rows", "answers", "questions",
                          "comments"), QUALTRICS, ids=[q[0].split("/")[1] for q in QUALTRICS])
def test_qualtrics_exports_import_through_a_profile(con, tmp_path, name, layout, header_records, rows,
                                                    answers, questions, comments):
    path = REAL_DIR / name
    if name.startswith("qualtricstools/"):
        # generated test responses (Status 2) are never counted: the file as it is stores nothing
        before = table_counts(con)
        refused = ingest_file(con, path, constants=PILOT, save_profile="squash survey")
        assert not refused.ok and table_counts(con) == before
        assert refused.problem_lines() == [
            f"{path.name}:1: (file): no responses to import: {rows} test responses left out"]
        path = as_real_responses(path, tmp_path)
    detection = propose(path, con)
    assert (detection.layout, detection.header_records, detection.rows) == (
        layout, header_records, rows)
    assert not detection.ready  # leader and rater type are not in these files

    result = ingest_file(con, path, constants=PILOT, save_profile="squash survey")
    assert result.ok, result.problem_lines()
    assert (result.rows, result.answers) == (rows, answers)
    # anonymous link: every response is its own respondent
    assert _counts(con) == (rows, answers, questions, comments, rows)
    columns = [c.index for c in result.plan.by_role("question")]
    assert _answer_cells(path, header_records, columns) == answers
    assert get_profile(con, "squash survey").layout == layout

    again = propose(path, con)  # the profile is found from the layout alone
    assert again.profile == "squash survey" and again.ready, again.problems


def test_qualtrics_personal_columns_are_not_stored(con):
    path = REAL_DIR / "qualtrics" / "qualtrics_modern.csv"
    result = ingest_file(con, path, constants=PILOT, save_profile="sample")
    assert result.ok, result.problem_lines()
    assert result.detection.dropped == ["IPAddress", "RecipientLastName", "RecipientFirstName",
                                        "LocationLatitude", "LocationLongitude"]
    stored = con.execute("select extra, comment from pulse_response").fetchone()
    assert "130.92.34.66" not in stored[0] and "47.115" not in stored[0]
    assert stored[1] == "Hello World!"


def test_legacy_and_insights_exports_of_one_survey_give_the_same_answers(tmp_path):
    from dashboard.store import db

    scores = []
    for name in ("No_Basis_for_Evaluation_Legacy.csv", "No_Basis_for_Evaluation_Insights.csv"):
        with db.session(tmp_path / f"{name}.duckdb") as con:
            path = as_real_responses(REAL_DIR / "qualtricstools" / name, tmp_path)
            assert ingest_file(con, path, constants=PILOT, save_profile="squash").ok
            scores.append(con.execute(
                "select response_id, question_id, score from pulse_answer order by all").fetchall())
    assert scores[0] == scores[1] and len(scores[0]) == 89


def test_no_basis_codes_are_missing_not_zero(con, tmp_path):
    path = as_real_responses(REAL_DIR / "qualtricstools" / "No_Basis_for_Evaluation_Legacy.csv", tmp_path)
    result = ingest_file(con, path, constants=PILOT, save_profile="squash")
    assert result.ok, result.problem_lines()
    # Q1: 15 responses, two answered -1 ("no basis for evaluation")
    assert con.execute("select count(*), min(score) from pulse_answer where question_id = 'q1'"
                       ).fetchone() == (13, 1)
    assert any(note.endswith("N/A-like answers stored as missing (never as zero)")
               for note in result.notes)


def test_qualtrics_recode_values_10_to_13_are_scored_1_to_4(con, tmp_path):
    path = as_real_responses(REAL_DIR / "qualtricstools" / "Single_Answer_Matrix_Questions.csv", tmp_path)
    result = ingest_file(con, path, constants=PILOT, save_profile="matrix")
    assert result.ok, result.problem_lines()
    records = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    raw = [(record[0], int(record[13])) for record in records[2:]]  # Q4_1: RecodeValues 10-13
    stored = dict(con.execute("select response_id, score from pulse_answer where question_id = "
                              "'q4_1'").fetchall())
    assert {rid: stored[rid] for rid, _v in raw} == {rid: value - 9 for rid, value in raw}
    label_map = con.execute("select label_map::varchar from questions where question_id = 'q4_1'"
                            ).fetchone()[0]
    assert '"label":"10","value":1' in label_map.replace(" ", "")


GLINT = REAL_DIR / "viva_glint"
GLINT_ROSTER = ("person_id,role,cohort,leader_id\nE5,leader,Pilot,\nE6,leader,Pilot,\n"
                "E1,member,Pilot,E5\nE2,member,Pilot,E5\nE3,member,Pilot,E6\nE4,member,Pilot,E6\n")


def test_viva_glint_export_takes_rater_types_from_the_roster(con, write):
    assert ingest_file(con, write("roster.csv", GLINT_ROSTER)).ok
    detection = propose(GLINT / "survey_export.csv", con)
    assert (detection.layout, detection.rows) == ("viva_glint", 6)
    assert detection.fields["rater_type"].from_roster
    assert detection.dropped == ["First Name", "Last Name", "Email"]

    result = ingest_file(con, GLINT / "survey_export.csv", save_profile="glint")
    assert result.ok, result.problem_lines()
    assert (result.rows, result.answers) == (6, 12)
    rows = con.execute("select respondent_id, rater_type, leader_id, comment, submitted_at::varchar "
                       "from pulse_response order by 1").fetchall()
    assert rows == [
        ("E1", "direct_report", "E5", "My work is meaningful: Great", "2024-03-26 09:34:00"),
        ("E2", "direct_report", "E5", "I feel valued: Thanks", "2024-03-26 09:34:00"),
        ("E3", "direct_report", "E6", "My work is meaningful: Ok", "2024-03-26 09:34:00"),
        ("E4", "direct_report", "E6", "I feel valued: Support", "2024-03-26 09:34:00"),
        # managers without a Manager ID answer about themselves
        ("E5", "self", "E5", "My work is meaningful: Good", "2024-03-26 09:34:00"),
        ("E6", "self", "E6", None, "2024-03-26 09:34:00"),
    ]
    assert con.execute("select question_id, sum(score) from pulse_answer group by 1 order by 1"
                       ).fetchall() == [("i_feel_valued", 19), ("my_work_is_meaningful", 20)]
    extras = " ".join(r[0] for r in con.execute("select extra from pulse_response").fetchall())
    assert "alex@example.com" not in extras and "Alex" not in extras


def test_viva_glint_without_roster_or_rater_type_says_what_to_do(con):
    before = table_counts(con)
    result = ingest_file(con, GLINT / "survey_export.csv", save_profile="glint")
    assert not result.ok and table_counts(con) == before
    assert result.problem_lines() == [
        "survey_export.csv:1: (mapping): rater_type: not in the file and the roster is empty; "
        "map a column (--map rater_type=COLUMN), set one value for the whole file "
        "(--set rater_type=direct_report), or import the roster first"]


@pytest.mark.parametrize(("name", "options", "expected"), [
    ("attrition.csv", {"constants": {"role": "member", "cohort": "Pilot"}},
     [("E1", None, "2024-05-15"), ("E2", None, None), ("E3", None, "2024-06-01"),
      ("E4", None, None), ("E5", None, None), ("E6", None, "2024-07-01")]),
    ("employee_attributes.csv", {"constants": {"role": "member", "cohort": "Pilot"},
                                 "overrides": {"team": "Department"}},
     [("E1", "Sales", None), ("E2", "Sales", None), ("E3", "HR", None), ("E4", "HR", None),
      ("E5", "IT", None), ("E6", "IT", None)]),
])
def test_viva_glint_people_files_import_as_a_roster_through_a_profile(con, name, options, expected):
    assert propose(GLINT / name, con).layout is None  # not a known layout on its own
    result = ingest_file(con, GLINT / name, kind="roster", save_profile=name, **options)
    assert result.ok, result.problem_lines()
    assert con.execute("select person_id, team, exit_date::varchar from roster order by 1"
                       ).fetchall() == expected
    again = propose(GLINT / name, con)  # next time the profile is found from the header
    assert (again.layout, again.kind, again.profile, again.ready) == ("canonical", "roster", name,
                                                                       True)


def test_every_real_survey_export_is_recognised_without_a_traceback(con):
    layouts = {}
    for path in sorted(REAL_DIR.glob("*/*.csv")):
        if path.parent.name == "duckdb-csv":
            continue
        layouts[path.name] = propose(path, con).layout
    assert layouts == {
        "Better_Sample_Survey.csv": "qualtrics_insights",
        "Matrix_Single_Answer_Testing.csv": "qualtrics_insights",
        "No_Basis_for_Evaluation_Insights.csv": "qualtrics_insights",
        "No_Basis_for_Evaluation_Legacy.csv": "qualtrics_legacy",
        "Single_Answer_Matrix_Questions.csv": "qualtrics_legacy",
        "Single_Answer_Matrix_Questions_Insights.csv": "qualtrics_insights",
        "Test_Survey_for_Coded_Comments.csv": "qualtrics_insights",
        "attrition.csv": None,
        "employee_attributes.csv": None,
        "qualtrics_legacy.csv": "qualtrics_legacy",
        "qualtrics_modern.csv": "qualtrics",
        "survey_export.csv": "viva_glint",
    }
