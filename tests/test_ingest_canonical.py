"""Importing canonical files of every kind and form into a real DuckDB file."""

from __future__ import annotations

import json

from dashboard.ingest import ingest_file, ingest_files
from dashboard.store import sql
from dashboard.store.ids import database_file, key_path
from tests.conftest import GOLDEN_FILES

QUESTIONS = "question_id,text,scale\nq1,Understands me,likert5\nq2,Tone,likert7\nenps,Recommend,nps11\n"
ROSTER = "person_id,role,leader_id,cohort,arm\nL1,leader,,Pilot,program\nM1,member,L1,Pilot,\nM2,member,L1,,\n"


def test_golden_pilot_imports_with_expected_row_counts(con, golden_dir):
    results = ingest_files(con, [golden_dir / f for f in reversed(GOLDEN_FILES)])
    assert [r.kind for r in results] == ["roster", "schedule", "questions", "pulse", "rubric"]
    assert all(r.ok for r in results), [r.problem_lines() for r in results]
    counts = {r.kind: r.rows for r in results}
    assert counts == {"roster": 43, "schedule": 3, "questions": 3, "pulse": 258, "rubric": 36}
    pulse = next(r for r in results if r.kind == "pulse")
    assert pulse.answers == 258 * 3
    assert sql.rows(con, "ops/table_counts")[0][4] == 774


def test_every_stored_row_carries_its_import_id(con, golden_dir):
    results = ingest_files(con, [golden_dir / f for f in GOLDEN_FILES])
    ids = {r.kind: r.import_id for r in results}
    rows = con.execute("select distinct import_id from pulse_answer").fetchall()
    assert rows == [(ids["pulse"],)]
    rows = con.execute("select distinct import_id from roster").fetchall()
    assert rows == [(ids["roster"],)]


def test_columns_are_matched_ignoring_case_spaces_and_camel_case(con, write):
    path = write("r.csv", "Person ID, ROLE ,Cohort,LeaderId\nL1,Leader,Pilot,\nM1,Member,Pilot,L1\n")
    result = ingest_file(con, path)
    assert result.ok and result.kind == "roster", result.problem_lines()
    assert con.execute("select person_id, role, leader_id from roster order by 1").fetchall() == [
        ("L1", "leader", None), ("M1", "member", "L1")]


def test_members_take_their_leaders_cohort_and_arm_when_blank(con, write):
    result = ingest_file(con, write("r.csv", ROSTER))
    assert result.ok, result.problem_lines()
    rows = con.execute("select person_id, cohort, arm from roster order by 1").fetchall()
    assert rows == [("L1", "Pilot", "program"), ("M1", "Pilot", "program"), ("M2", "Pilot", "program")]


def test_unknown_extra_columns_are_kept_and_personal_columns_dropped(con, write):
    path = write("r.csv", "person_id,role,cohort,Department,Email Address,First Name\n"
                          "L1,leader,Pilot,Support,ann@example.com,Ann\n")
    result = ingest_file(con, path)
    assert result.ok
    extra = json.loads(con.execute("select extra from roster").fetchone()[0])
    assert extra == {"department": "Support"}
    assert "dropped personal-data columns: Email Address, First Name" in result.notes
    stored = con.execute("select * from roster").fetchall()
    assert "ann@example.com" not in repr(stored) and "Ann" not in repr(stored)


def test_email_respondent_ids_are_stored_as_salted_hashes(con, write):
    ingest_file(con, write("q.csv", QUESTIONS))
    path = write("p.csv", "response_id,submitted_at,respondent_id,rater_type,leader_id,q1\n"
                          "R1,2026-01-05,Ann.Lee@Example.com,peer,L1,4\n"
                          "R2,2026-02-05,ann.lee@example.com,peer,L1,5\n")
    result = ingest_file(con, path)
    assert result.ok, result.problem_lines()
    ids = {r[0] for r in con.execute("select respondent_id from pulse_response").fetchall()}
    assert len(ids) == 1  # the same person, whatever the case
    (stored,) = ids
    assert stored.startswith("anon-") and "@" not in stored
    # the salt (the id key) lives outside the database: in the key file beside it, owner-only
    key_file = key_path(database_file(con))
    salt = key_file.read_text().strip()
    assert len(salt) == 32 and key_file.stat().st_mode & 0o777 == 0o600
    assert con.execute("select count(*) from meta where key = 'id_salt'").fetchone()[0] == 0
    everything = repr(con.execute("select * from pulse_response").fetchall())
    assert "example.com" not in everything


def test_likert_labels_numbers_and_na_are_normalised(con, write):
    ingest_file(con, write("q.csv", QUESTIONS))
    path = write("p.csv", "response_id,submitted_at,respondent_id,rater_type,leader_id,q1,q2,enps\n"
                          "R1,2026-01-05,M1,Direct report,L1,strongly AGREE,Somewhat agree,9\n"
                          "R2,2026-01-05,M2,DIRECT_REPORT,L1,N/A,  neutral ,-1\n"
                          "R3,2026-01-05,M3,direct-report,L1,4.0,No basis,\n"
                          "R4,2026-01-05,M4,Peer,L1,5 - Strongly agree,7,10\n")
    result = ingest_file(con, path)
    assert result.ok, result.problem_lines()
    answers = con.execute(
        "select response_id, question_id, score from pulse_answer order by 1, 2").fetchall()
    assert answers == [
        ("R1", "enps", 9), ("R1", "q1", 5), ("R1", "q2", 5),
        ("R2", "q2", 4),
        ("R3", "q1", 4),
        ("R4", "enps", 10), ("R4", "q1", 5), ("R4", "q2", 7),
    ]
    raters = {r[0] for r in con.execute("select rater_type from pulse_response").fetchall()}
    assert raters == {"direct_report", "peer"}
    assert "3 N/A-like answers stored as missing (never as zero)" in result.notes


def test_long_pulse_form_is_one_row_per_answer(con, write):
    ingest_file(con, write("q.csv", QUESTIONS))
    path = write("p.csv", "response_id,submitted_at,respondent_id,rater_type,leader_id,question_id,score\n"
                          "R1,2026-01-05,M1,peer,L1,q1,Agree\nR1,2026-01-05,M1,peer,L1,enps,8\n"
                          "R2,2026-01-06,M2,self,L1,Q1,2\n")
    result = ingest_file(con, path)
    assert result.ok and result.plan.form == "long", result.problem_lines()
    assert result.rows == 2 and result.answers == 3
    assert con.execute("select score from pulse_answer where response_id = 'R2'").fetchall() == [(2,)]


def test_period_defaults_to_the_month_of_submission_unless_given(con, write):
    ingest_file(con, write("q.csv", QUESTIONS))
    path = write("p.csv", "response_id,submitted_at,respondent_id,rater_type,leader_id,period,q1\n"
                          "R1,2026-01-31,M1,peer,L1,,4\nR2,2026-02-01,M2,peer,L1,2026-01,4\n")
    assert ingest_file(con, path).ok
    assert con.execute("select response_id, period from pulse_response order by 1").fetchall() == [
        ("R1", "2026-01"), ("R2", "2026-01")]


def test_blank_leader_and_rater_type_come_from_the_roster(con, write):
    ingest_file(con, write("r.csv", ROSTER))
    ingest_file(con, write("q.csv", QUESTIONS))
    path = write("p.csv", "response_id,submitted_at,respondent_id,rater_type,leader_id,q1\n"
                          "R1,2026-01-05,M1,,,4\nR2,2026-01-05,L1,,L1,5\n")
    result = ingest_file(con, path)
    assert result.ok, result.problem_lines()
    assert con.execute("select response_id, leader_id, rater_type from pulse_response order by 1").fetchall() == [
        ("R1", "L1", "direct_report"), ("R2", "L1", "self")]


def test_a_roster_leader_naming_no_leader_is_rating_themself(con, write):
    ingest_file(con, write("r.csv", ROSTER))
    ingest_file(con, write("q.csv", QUESTIONS))
    path = write("p.csv", "response_id,submitted_at,respondent_id,rater_type,leader_id,q1\n"
                          "R1,2026-01-05,L1,,,4\nR2,2026-01-05,L1,self,,5\n")
    result = ingest_file(con, path)
    assert result.ok, result.problem_lines()
    assert con.execute("select response_id, leader_id, rater_type from pulse_response order by 1").fetchall() == [
        ("R1", "L1", "self"), ("R2", "L1", "self")]


def test_a_roster_leader_rating_as_a_peer_must_name_the_leader(con, write):
    ingest_file(con, write("r.csv", ROSTER))
    ingest_file(con, write("q.csv", QUESTIONS))
    path = write("p.csv", "response_id,submitted_at,respondent_id,rater_type,leader_id,q1\n"
                          "R1,2026-01-05,L1,peer,,4\n")
    result = ingest_file(con, path)
    assert result.problem_lines() == [
        "p.csv:2: leader_id: leader missing, and the roster does not tell (the respondent is not a "
        "member with a leader)"]


def test_rubric_wide_form_labels_and_numbers(con, write):
    path = write("rub.csv", "assessed_at,leader_id,module_id,assessor_type,"
                            "Tone Recognition,response_adaptation,reflective_follow_up\n"
                            "2026-02-25,L1,digital_cues,Facilitator,not evident,EMERGING,4\n"
                            "2026-05-20,L1,digital_cues,facilitator,Consistent,N/A,mastery\n")
    result = ingest_file(con, path)
    assert result.ok and result.plan.form == "wide", result.problem_lines()
    rows = con.execute("select assessed_at::varchar, dimension, level from rubric order by 1, 2").fetchall()
    assert rows == [
        ("2026-02-25", "reflective_follow_up", 4), ("2026-02-25", "response_adaptation", 2),
        ("2026-02-25", "tone_recognition", 1), ("2026-05-20", "reflective_follow_up", 4),
        ("2026-05-20", "response_adaptation", None), ("2026-05-20", "tone_recognition", 3),
    ]


def test_outcomes_wide_form_keeps_custom_metrics(con, write):
    path = write("o.csv", "period,leader_id,escalations,interactions,csat,Net Revenue,team\n"
                          "2026-01,L1,3,400,81.5,1200,Support\nMar 2026,L1,2,380,,1100,Support\n")
    result = ingest_file(con, path)
    assert result.ok, result.problem_lines()
    rows = con.execute("select period, metric, value from outcomes order by 1, 2").fetchall()
    assert rows == [
        ("2026-01", "csat", 81.5), ("2026-01", "escalations", 3.0), ("2026-01", "interactions", 400.0),
        ("2026-01", "net_revenue", 1200.0), ("2026-03", "escalations", 2.0),
        ("2026-03", "interactions", 380.0), ("2026-03", "net_revenue", 1100.0),
    ]
    assert json.loads(con.execute("select extra from outcomes limit 1").fetchone()[0]) == {"team": "Support"}


def test_activity_without_completion_needs_a_status(con, write):
    path = write("a.csv", "person_id,module_id,activity,completed_at,minutes,status\n"
                          "L1,digital_cues,Micro-learning,2026-04-08,22,\n"
                          "L1,digital_cues,Live practice,,,No show\n")
    result = ingest_file(con, path)
    assert result.ok, result.problem_lines()
    assert con.execute("select activity, status from activity order by 1").fetchall() == [
        ("live_practice", "no_show"), ("microlearning", "completed")]


def test_questions_with_custom_labels_score_those_labels(con, write):
    path = write("q.csv", "question_id,text,scale,label_map,reverse_scored\n"
                          "often,How often,likert5,Hardly ever;Seldom;Sometimes;Frequently;Constantly,no\n")
    assert ingest_file(con, path).ok
    pulse = write("p.csv", "response_id,submitted_at,respondent_id,rater_type,leader_id,often\n"
                           "R1,2026-01-05,M1,peer,L1,Frequently\nR2,2026-01-05,M2,peer,L1,sometimes\n")
    result = ingest_file(con, pulse)
    assert result.ok, result.problem_lines()
    assert con.execute("select score from pulse_answer order by response_id").fetchall() == [(4,), (3,)]
