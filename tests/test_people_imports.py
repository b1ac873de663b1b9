"""Real exports naming people the way people do, with their own words for categories, repeat
submissions, LMS transcripts and HR employee lists (issue 16, items 2, 3, 5, 9): each imports
with the right KPI numbers after at most one confirmation, or is refused naming file, line,
column and value, with the database left as it was. Fixtures: ``tests/fixtures/exports/``."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard import kpi
from dashboard.cli import main
from dashboard.ingest import ingest_file, ingest_files, propose
from dashboard.ingest.uploads import problem_groups, report_text
from dashboard.kpi import Filters
from dashboard.store import imports, sql
from dashboard.store.specs import TABLES
from tests.conftest import FIXTURES_DIR

EXPORTS = FIXTURES_DIR / "exports"
PEOPLE = EXPORTS / "people"
K3 = Filters(min_group=3)  # the smallest k there is: small fixtures, every group shown
FORMS = EXPORTS / "google_forms" / "google_forms_relationship.csv"
FORMS_LEADER = {"leader_id": "Which leader are you rating?"}
FORMS_RECODES = {"rater_type": {"I report directly to this leader": "direct_report",
                                "A colleague": "peer", "Myself": "self"}}
CORNERSTONE = EXPORTS / "cornerstone" / "cornerstone_transcript.csv"
COURSES = {"module_id": {"Digital Cues for Remote Leaders": "digital_cues",
                         "Live Practice: Active Listening on Video": "active_listening"}}
WORKDAY = EXPORTS / "workday" / "workday_employees.csv"


def snapshot(con) -> dict[str, list[str]]:
    """Every stored row of every table, the import log and the profiles: equal before and
    after means the database is as it was."""
    names = [*TABLES, "import_log", "import_profile"]
    return {name: sorted(map(repr, con.execute(f"select * from {name}").fetchall()))  # noqa: S608
            for name in names}


def refused(con, path, **options):
    before = snapshot(con)
    result = ingest_file(con, path, **options)
    assert not result.ok, result.summary()
    assert snapshot(con) == before, "a refused file must leave the database as it was"
    return result


@pytest.fixture
def pilot(con):
    """The people fixture's roster (names and e-mails for matching), schedule and questions."""
    results = ingest_files(con, [PEOPLE / "roster.csv", PEOPLE / "schedule.csv", PEOPLE / "questions.csv"])
    assert all(r.ok for r in results), [r.problem_lines() for r in results]
    return con


def responses(con) -> dict[str, tuple[str, str, str]]:
    rows = con.execute("select response_id, respondent_id, rater_type, leader_id from pulse_response "
                       "where superseded_by is null").fetchall()
    return {rid: (respondent, rater, leader) for rid, respondent, rater, leader in rows}


def understood(con, rater_group: str) -> tuple[int, float, float]:
    frame = kpi.compute(con, "pulse_trend", K3)
    row = frame[(frame.question_id == "understood") & (frame.rater_group == rater_group)
                & (frame.period == "2026-01")].iloc[0]
    return int(row.n), float(row.mean_score), float(row.favourable_pct)


# --- item 3: people by name, "Name (ID)", e-mail or id -------------------------------------


def test_the_roster_keeps_names_and_addresses_only_as_hashes(pilot):
    stored = repr(pilot.execute("select * from roster").fetchall())
    assert "Dana" not in stored and "example.com" not in stored
    keys = pilot.execute("select len(match_keys) from roster where person_id = 'L01'").fetchone()[0]
    assert keys == 4  # the name, the address, and the name's two words


def test_people_named_by_name_address_or_name_and_id_are_the_roster_s_people(pilot):
    result = ingest_file(pilot, PEOPLE / "pulse_by_email.csv")
    assert result.ok, result.problem_lines()
    stored = responses(pilot)
    # the leader given as "Dana Reyes", "Dana Reyes (L01)", an address, "Reyes, Dana" and L01
    assert {leader for _r, _t, leader in stored.values()} == {"L01"}
    # respondents known only by e-mail: the roster says who they are to the leader
    assert [stored[f"R0{i}"][1] for i in range(1, 6)] == ["direct_report"] * 5
    assert stored["R06"][:2] == ("L02", "peer")  # another leader: a peer, never self
    assert stored["R07"][:2] == ("L03", "peer")  # "Moss, Dana" found by name
    assert stored["R08"][:2] == ("L01", "self")
    assert "leader_id: 4 value(s) found in the roster (1 by e-mail address, 1 by id in parentheses, 2 by name) " \
           "and stored as the person's id" in result.notes
    # KPI numbers: L01's others (5 direct reports 4,5,2,4,5; peers 3,4), self 5
    assert understood(pilot, "others") == (7, 3.86, pytest.approx(71.4))
    gap = kpi.compute(pilot, "self_gap", K3).set_index("leader_id").loc["L01"]
    assert (gap.self_score, gap.n_others) == (5.0, 7)


def test_where_the_file_and_the_roster_disagree_on_the_rater_type_the_import_says_so(pilot, write):
    text = (PEOPLE / "pulse_by_email.csv").read_text().replace("R06,2026-01-21,eli.park@example.com,,",
                                                              "R06,2026-01-21,eli.park@example.com,direct_report,")
    result = ingest_file(pilot, write("pulse.csv", text))
    assert result.ok, result.problem_lines()
    assert "rater_type: 1 response(s) say direct_report where the roster says peer; the file's answer is kept " \
           "— check the relationship question or the roster" in result.notes


@pytest.mark.parametrize(("leader", "reason"), [
    ("Dana", "leader 'Dana' is not in the roster (close matches: L01, L03)"),
    ("Dana Reye", "leader 'Dana Reye' is not in the roster (close matches: L01, L03)"),  # both share "Dana"
    ("Gail Stone", "leader 'Gail Stone' is not in the roster (no close match)"),
    ("L1", "leader 'L1' is not in the roster (close matches: L01)"),
    ("Gail Stone (G01)", "leader 'Gail Stone (G01)' is not in the roster (close matches: L01)"),
    ("gail.stone@example.com", "leader 'gail.stone@example.com' is not in the roster (no close match)"),
])
def test_a_leader_the_roster_does_not_know_is_a_row_problem_with_close_matches(pilot, write, leader, reason):
    body = ("response_id,submitted_at,respondent_id,rater_type,leader_id,understood\n"
            f"R1,2026-01-19,ana.silva@example.com,,L01,4\nR2,2026-01-19,ben.okafor@example.com,peer,{leader},4\n")
    result = refused(pilot, write("pulse.csv", body))
    assert result.problem_lines() == [
        f"pulse.csv:3: leader_id: {reason}; add the person to the roster (with a name or email column for "
        "matching), or give the person id"]


def test_a_name_two_people_share_is_ambiguous_and_a_name_is_never_stored_as_an_id(con, write):
    roster = ("person_id,role,leader_id,cohort,name\nL01,leader,,Pilot,Sam Lee\nL02,leader,,Pilot,Sam Lee\n"
              "M1,member,L01,Pilot,Kim Ode\n")
    assert ingest_file(con, write("r.csv", roster)).ok
    assert ingest_file(con, write("q.csv", "question_id,text,scale\nq1,Q,likert5\n")).ok
    pulse = "response_id,submitted_at,respondent_id,rater_type,leader_id,q1\nR1,2026-01-05,M1,,Sam Lee,4\n"
    result = refused(con, write("p.csv", pulse))
    assert result.problem_lines()[0] == ("p.csv:2: leader_id: leader 'Sam Lee' matches several people in the "
                                         "roster (L01, L02); give the person id, or 'Name (ID)'")
    assert ingest_file(con, write("p2.csv", pulse.replace("Sam Lee", "Sam Lee (L01)"))).ok


def test_with_no_roster_a_leader_given_as_a_name_is_refused_not_hashed(con, write):
    assert ingest_file(con, write("q.csv", "question_id,text,scale\nq1,Q,likert5\n")).ok
    body = ("response_id,submitted_at,respondent_id,rater_type,leader_id,q1\n"
            "R1,2026-01-05,M1,peer,Dana Reyes,4\nR2,2026-01-05,M2,peer,Dana Reyes (L01),4\n")
    result = refused(con, write("p.csv", body))
    assert result.problem_lines() == [
        "p.csv:2: leader_id: leader 'Dana Reyes' is a name, and names are never stored as ids: import a roster "
        "with the person's name (a name column) first, or give the person id"]
    fixed = body.replace("R1,2026-01-05,M1,peer,Dana Reyes,4\n", "")
    assert ingest_file(con, write("p2.csv", fixed)).ok
    assert con.execute("select leader_id from pulse_response").fetchall() == [("L01",)]


# --- items 2 and 5: a relationship question recoded, a repeat submission --------------------


def test_a_relationship_question_is_the_rater_type_never_the_comment(pilot):
    detection = propose(FORMS, pilot, overrides=FORMS_LEADER)
    assert detection.fields["rater_type"].columns == [3]
    assert "Which best describes you?" not in detection.field_text("comment")
    assert "'i_report_directly_to_this_leader' → direct_report" in detection.fields["rater_type"].basis
    assert "'a_colleague' → peer" in detection.fields["rater_type"].basis


def test_unmapped_values_are_row_problems_proposing_their_meaning(pilot):
    result = refused(pilot, FORMS, overrides=FORMS_LEADER)
    # line 2 is E1006's first submission, which the later one replaces: it is checked all the same
    assert result.problem_lines()[:4] == [
        "google_forms_relationship.csv:2: Which best describes you?: unknown rater type 'I report directly to "
        "this leader' (expected self, peer, direct_report); it looks like direct_report: map it with --recode "
        "rater_type=\"I report directly to this leader=direct_report\"",
        "google_forms_relationship.csv:3: Which best describes you?: unknown rater type 'I report directly to "
        "this leader' (expected self, peer, direct_report); it looks like direct_report: map it with --recode "
        "rater_type=\"I report directly to this leader=direct_report\"",
        "google_forms_relationship.csv:4: Which best describes you?: unknown rater type 'I report directly to "
        "this leader' (expected self, peer, direct_report); it looks like direct_report: map it with --recode "
        "rater_type=\"I report directly to this leader=direct_report\"",
        "google_forms_relationship.csv:5: Which best describes you?: unknown rater type 'A colleague' (expected "
        "self, peer, direct_report); it looks like peer: map it with --recode rater_type=\"A colleague=peer\""]


def test_recoded_answers_give_the_right_numbers_and_next_month_needs_no_flag(pilot, write):
    result = ingest_file(pilot, FORMS, overrides=FORMS_LEADER, recodes=FORMS_RECODES, save_profile="forms pulse")
    assert result.ok, result.problem_lines()
    assert result.duplicates_replaced == 1 and "1 duplicate submission(s) replaced" in result.summary()
    stored = responses(pilot)
    assert sorted((t, who) for who, t, leader in stored.values() if leader == "L02") == [
        ("direct_report", "E1006"), ("direct_report", "E1007"), ("direct_report", "E1008"),
        ("peer", "L01"), ("peer", "L03"), ("self", "L02")]
    # E1006's later answer (Strongly agree) replaced the first: others 5, 5, 2 and peers 4, 3
    assert understood(pilot, "others") == (5, 3.8, 60.0)
    # February: the saved profile brings the column choice and the recodes
    february = FORMS.read_text().replace("1/2", "2/1")
    again = ingest_file(pilot, write("forms-february.csv", february))
    assert again.ok, again.problem_lines()
    assert "using profile 'forms pulse' (saved for this layout)" in again.notes
    assert any(n.startswith("recoded values (profile): rater_type:") for n in again.notes)
    assert pilot.execute("select count(*) from pulse_response where period = '2026-02' and rater_type = 'peer'"
                         ).fetchone()[0] == 2


def test_a_recode_to_a_value_that_is_not_canonical_is_refused(pilot):
    result = refused(pilot, FORMS, overrides=FORMS_LEADER, recodes={"rater_type": {"A colleague": "coworker"}})
    assert result.problem_lines() == [
        "google_forms_relationship.csv:1: (mapping): --recode rater_type=\"A colleague=coworker\": 'coworker' is "
        "not a rater type (expected self, peer, direct_report)"]


def test_duplicates_first_keeps_the_earliest_and_refuse_names_both_lines(pilot):
    result = refused(pilot, FORMS, overrides=FORMS_LEADER, recodes=FORMS_RECODES, duplicates="refuse")
    assert result.problem_lines() == [
        "google_forms_relationship.csv:8: Email Address + Which leader are you rating?: duplicate submission: "
        "the same respondent already rated this leader this month on line 2 (keep the latest or the first, "
        "or remove one)"]
    first = ingest_file(pilot, FORMS, overrides=FORMS_LEADER, recodes=FORMS_RECODES, duplicates="first")
    assert first.ok and first.duplicates_replaced == 1
    assert understood(pilot, "others") == (5, 3.6, 60.0)  # E1006's first answer: Agree (4, not 5)


# --- item 9: LMS transcripts and HR employee lists ------------------------------------------


def test_course_titles_are_refused_with_the_closest_module_then_confirmed(pilot):
    result = refused(pilot, CORNERSTONE)
    assert result.problem_lines()[0] == (
        "cornerstone_transcript.csv:2: Training Title: module 'Digital Cues for Remote Leaders' is not a module id "
        "of the schedule or the module catalogue (closest: digital_cues (Awareness of digital cues)); map it: "
        "--recode module_id=\"Digital Cues for Remote Leaders=digital_cues\"")
    assert "(closest: active_listening (Active listening in video))" in result.problem_lines()[3]
    stored = ingest_file(pilot, CORNERSTONE, recodes=COURSES)
    assert stored.ok, stored.problem_lines()
    rows = pilot.execute("select person_id, module_id, activity, status from activity order by all").fetchall()
    assert rows == [("L01", "active_listening", "live_practice", "not_started"),
                    ("L01", "digital_cues", "microlearning", "completed"),
                    ("L02", "active_listening", "live_practice", "completed"),
                    ("L02", "digital_cues", "microlearning", "in_progress"),
                    ("L03", "digital_cues", "microlearning", "completed")]
    frame = kpi.compute(pilot, "participation", K3).set_index(["cohort", "module_id", "activity"])
    assert frame.loc[("Pilot", "digital_cues", "microlearning"), "completion_pct"] == 50.0
    assert frame.loc[("Pilot", "active_listening", "live_practice"), "completion_pct"] == 50.0
    assert frame.loc[("Control", "digital_cues", "microlearning"), "completion_pct"] == 100.0


def test_a_curriculum_is_not_an_activity(pilot, write):
    text = CORNERSTONE.read_text() + ("L03,Dana Moss,dana.moss@example.com,G01,Digital Cues for Remote Leaders,"
                                      "Curriculum,In Progress,01/07/2026,,\n")
    result = refused(pilot, write("transcript.csv", text), recodes=COURSES)
    assert result.problem_lines() == [
        "transcript.csv:7: Training Type: unknown activity 'Curriculum' (expected microlearning, live_practice, "
        "coaching)"]


def test_docebo_learners_by_e_mail_and_courses_by_their_module_name(pilot):
    path = EXPORTS / "docebo" / "docebo_enrollments.csv"
    result = ingest_file(pilot, path, kind="activity", overrides={"person_id": "Email"})
    assert result.ok, result.problem_lines()
    assert "Course Name: 1 module name(s) read as their module id" in result.notes
    rows = pilot.execute("select person_id, module_id, status from activity order by 1").fetchall()
    assert rows == [("L01", "digital_cues", "completed"), ("L02", "digital_cues", "not_started"),
                    ("L03", "digital_cues", "in_progress")]


def test_an_hr_employee_list_gives_the_roster_and_the_teams_retention(pilot):
    result = ingest_file(pilot, WORKDAY, replace=True)
    assert result.ok, result.problem_lines()
    assert result.kind == "roster"
    roster = dict(pilot.execute("select person_id, concat_ws('/', role, cohort, arm, leader_id, exit_reason) "
                                "from roster where superseded_by is null").fetchall())
    assert roster["L01"] == "leader/Pilot/program/G01"  # cohort and arm kept, manager found by name
    assert roster["L02"] == "leader/Pilot/program/G01"  # "Gail Stone (G01)"
    assert roster["G01"] == "leader/program"  # leads someone in the file
    assert roster["E1002"] == "member/Pilot/program/L01/voluntary"  # "Terminate Employee > Voluntary"
    assert roster["E1003"] == "member/Pilot/program/L01/involuntary"
    assert roster["E1009"] == "member/Control/comparison/L03"  # not in the list: as it was
    outcomes = pilot.execute("select leader_id, period, metric, value from outcomes order by all").fetchall()
    assert outcomes == [("L01", "2026-01", "headcount", 4.0), ("L01", "2026-01", "voluntary_exits", 1.0),
                        ("L01", "2026-02", "headcount", 4.0), ("L01", "2026-02", "voluntary_exits", 0.0),
                        ("L02", "2026-01", "headcount", 3.0), ("L02", "2026-01", "voluntary_exits", 0.0),
                        ("L02", "2026-02", "headcount", 3.0), ("L02", "2026-02", "voluntary_exits", 1.0)]
    business = kpi.compute(pilot, "business", K3).set_index(["period", "metric"])
    # voluntary exits ÷ headcount × 1200: (1 + 0) / (4 + 3) and (0 + 1) / (4 + 3)
    assert business.loc[("2026-01", "attrition_rate"), "value"] == pytest.approx(171.4)
    assert business.loc[("2026-02", "attrition_rate"), "value"] == pytest.approx(171.4)
    # the pulse of next month still finds people by e-mail: the list kept the roster's addresses
    assert pilot.execute("select len(match_keys) from roster where person_id = 'E1001' and superseded_by is null"
                         ).fetchone()[0] == 4
    imports.undo_import(pilot, result.import_id, "analyst")
    assert pilot.execute("select count(*) from outcomes where superseded_by is null").fetchone()[0] == 0


def test_an_outcomes_file_wins_over_the_employee_list_in_either_order(pilot, write):
    outcomes = write("outcomes.csv", "period,leader_id,metric,value\n2026-01,L02,headcount,10\n")
    assert ingest_file(pilot, outcomes).ok
    result = ingest_file(pilot, WORKDAY, replace=True)
    assert result.ok, result.problem_lines()
    assert "1 value(s) (headcount) not derived: an outcomes file already gives them for the same leader and " \
           "month, and the outcomes file wins" in result.notes
    # and the other way round: an outcomes file after the list replaces what the list derived
    later = ingest_file(pilot, write("outcomes-feb.csv", "period,leader_id,metric,value\n2026-02,L01,headcount,5\n"))
    assert later.ok, later.problem_lines()
    assert any("replace the headcount or exits an HR employee list derived" in n for n in later.notes)
    current = dict(pilot.execute("select concat(leader_id, ' ', period), value from outcomes where "
                                 "superseded_by is null and metric = 'headcount'").fetchall())
    assert current == {"L02 2026-01": 10.0, "L01 2026-01": 4.0, "L02 2026-02": 3.0, "L01 2026-02": 5.0}
    business = kpi.compute(pilot, "business", K3).set_index(["period", "metric"])
    assert business.loc[("2026-01", "attrition_rate"), "value"] == pytest.approx(1200 * 1 / 14, abs=0.05)
    imports.undo_import(pilot, later.import_id, "analyst")  # the derived value comes back
    assert pilot.execute("select value from outcomes where superseded_by is null and leader_id = 'L01' and "
                         "period = '2026-02' and metric = 'headcount'").fetchone()[0] == 4.0


def test_bamboohr_termination_type_wins_over_its_reason_and_an_unknown_manager_is_refused(pilot):
    result = refused(pilot, EXPORTS / "bamboohr" / "bamboohr_employees.csv", replace=True)
    assert result.problem_lines() == [
        "bamboohr_employees.csv:2: Reports To: leader 'Gail Stone' is not in the roster (no close match); add the "
        "person to the roster (with a name or email column for matching), or give the person id"]
    assert result.plan is not None and result.plan.field_column("exit_reason").header == "Termination Type"


# --- item 11: the report grouped by type ------------------------------------------------------


def test_the_report_groups_by_type_values_first_and_already_stored_is_one_line(pilot, write):
    assert ingest_file(pilot, PEOPLE / "pulse_by_email.csv").ok
    text = (PEOPLE / "pulse_by_email.csv").read_text()
    text = text.replace(",,Dana Reyes,4,5,9,", ",manager,Dana Reyes,4,5,9,").replace(",,Eli Park", ",peer,Eli Park")
    text += "R09,2026-01-23,ivo.marek@example.com,peer,Dana Reye,9,4,8,\nR10,2026-01-23,x@example.com,peer,L03,7,4,8,\n"
    result = refused(pilot, write("pulse.csv", text))
    groups = problem_groups(result)
    assert [(g.title, g.count) for g in groups] == [
        ("understood: answer outside the scale", 2),
        ("rater_type: unknown value", 1),
        ("leader_id: person not found in the roster", 1),
        ("8 row(s) already stored by import 4 (pulse_by_email.csv): tick Replace earlier rows to replace them "
         "with this file's (undoing this import brings them back)", 8)]
    assert groups[0].examples == ("line 10: answer 9 on 'understood', a 5-point question of the "
                                  "catalogue, is outside the likert5 (1–5) scale: if the survey used "
                                  "a 0–10 scale, it is another question — add one with scale nps11 "
                                  "to the question catalogue and give the column its id; else "
                                  "correct the answer in the file",
                                  "line 11: answer 7 on 'understood', a 5-point question of the "
                                  "catalogue, is outside the likert5 (1–5) scale: if the survey used "
                                  "a 7-point scale, it is another question — add one with scale "
                                  "likert7 to the question catalogue and give the column its id; "
                                  "else correct the answer in the file")
    assert not any("--" in line for line in report_text(result))  # no command-line flag in the page's words


# --- the CLI ------------------------------------------------------------------------------------


def test_the_cli_takes_recodes_and_a_duplicates_policy(pilot_files, capsys):
    db = pilot_files
    code = main(["ingest", str(FORMS), "--db", str(db), "--map", "leader_id=Which leader are you rating?",
                 "--recode", "rater_type=I report directly to this leader=direct_report;A colleague=peer",
                 "--recode", "rater_type=Myself=self", "--duplicates", "first"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "6 rows stored, 18 answers, 1 duplicate submission(s) replaced" in out
    assert main(["ingest", str(FORMS), "--db", str(db), "--recode", "rater_type"]) == 2


@pytest.fixture
def pilot_files(tmp_path, pilot):
    path = tmp_path / "test.duckdb"
    pilot.close()
    return path


# --- no traceback: malformed variants of the fixtures -----------------------------------------

_FILES = [PEOPLE / "pulse_by_email.csv", FORMS, CORNERSTONE, WORKDAY,
          EXPORTS / "docebo" / "docebo_enrollments.csv", EXPORTS / "bamboohr" / "bamboohr_employees.csv"]
_CELLS = st.sampled_from(["", "Dana", "Dana Reyes (L99)", "(L01)", "()", "Reyes,", "x@", "@example.com",
                          "Terminate Employee >", "Sam  Lee ", "=", "'; drop table roster; --", "\u00a0", "L01 (L01)",
                          "A colleague", "Completed", "Session", "13/13/2026", "2026-01-19", "ümlaut Ñame"])


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(file=st.sampled_from(_FILES), edits=st.lists(st.tuples(st.integers(1, 12), st.integers(0, 12), _CELLS),
                                                      max_size=6))
def test_malformed_variants_end_in_a_result_never_a_traceback(pilot, tmp_path, file, edits):
    rows = list(csv.reader(io.StringIO(file.read_text())))
    for line, column, value in edits:
        if line < len(rows) and column < len(rows[line]):
            rows[line][column] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path = tmp_path / file.name
    path.write_text(out.getvalue())
    before = snapshot(pilot)
    result = ingest_file(pilot, path, replace=True, recodes=COURSES if file == CORNERSTONE else None,
                         dry_run=True)
    assert snapshot(pilot) == before
    if not result.ok:
        assert result.problems and all(p.column and p.reason for p in result.problems)
        assert all(p.line is not None for p in result.problems if p.code not in ("mapping", "header", "file"))
    assert sql.scalar(pilot, "ops/roster_size") >= 0
