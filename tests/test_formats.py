"""Exports as each survey tool (and Excel) writes them, byte for byte, and what comes out.

The fixtures live in tests/fixtures/formats/ and are written by make_fixtures.py there.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.ingest import ingest_file, propose
from tests.conftest import table_counts
from tests.fixtures.formats.make_fixtures import TEXT_FIXTURES

FORMATS = Path(__file__).parent / "fixtures" / "formats"


def test_text_fixtures_are_what_the_generator_writes():
    for name, content in TEXT_FIXTURES.items():
        assert (FORMATS / name).read_bytes() == content, name


@pytest.mark.parametrize(("name", "layout", "header_records", "rows"), [
    ("surveymonkey.csv", "surveymonkey", 2, 4),
    ("surveymonkey.xlsx", "surveymonkey", 2, 4),
    ("google_forms_sheet.csv", "google_forms", 1, 3),
    ("google_forms_download.csv", "google_forms", 1, 3),
    ("google_forms_uk.csv", "google_forms", 1, 3),
    ("microsoft_forms.xlsx", "microsoft_forms", 1, 3),
    ("qualtrics_pilot.csv", "qualtrics", 3, 3),
    ("outcomes_eu.csv", "excel", 1, 3),
    ("activity_eu.csv", "excel", 1, 2),
    ("pulse_unicode.txt", "excel", 1, 2),
    ("questions.csv", "canonical", 1, 3),
])
def test_each_layout_is_recognised(con, name, layout, header_records, rows):
    detection = propose(FORMATS / name, con)
    assert (detection.layout, detection.header_records, detection.rows) == (
        layout, header_records, rows)
    assert detection.layout_confidence >= 0.85


def _load(con, *names):
    for name in names:
        result = ingest_file(con, FORMATS / name)
        assert result.ok, result.problem_lines()


def _responses(con):
    return con.execute("select respondent_id, rater_type, leader_id, submitted_at::varchar, comment "
                       "from pulse_response order by source_row").fetchall()


def _scores(con):
    return dict(con.execute("select question_id, list(score order by source_row) from pulse_answer "
                            "group by 1").fetchall())


def _no_personal_data_stored(con):
    text = " ".join(str(v) for row in con.execute(
        "select respondent_id, extra, comment from pulse_response").fetchall() for v in row)
    assert "@" not in text and "203.0.113" not in text and "198.51.100" not in text
    assert "Silva" not in text and "Okafor" not in text


@pytest.mark.parametrize("name", ["surveymonkey.csv", "surveymonkey.xlsx"])
def test_surveymonkey_with_leader_and_rater_in_custom_data(con, name):
    _load(con, "questions.csv")
    proposal = propose(FORMATS / name, con)
    # Custom Data 2 holds only rater types: proposed as the rater type (issue 16); Custom Data 1
    # holds leader ids, but with no roster nothing says so: kept
    assert proposal.kept == ["Collector ID", "Start Date", "Custom Data 1"]
    assert proposal.field_text("rater_type") == "Custom Data 2"
    assert proposal.dropped == ["IP Address", "First Name", "Last Name"]
    assert [(proposal.header(q.column), q.question_id) for q in proposal.questions] == [
        ("Thinking about your leader in remote meetings: - My leader understands my perspective "
         "in remote conversations", "understood"),
        ("Thinking about your leader in remote meetings: - My leader adapts their tone to the "
         "situation", "tone"),
        ("How likely are you to recommend working in this team to a friend?", "enps")]

    result = ingest_file(con, FORMATS / name, overrides=[("leader_id", "Custom Data 1"),
                                                         ("rater_type", "Custom Data 2")])
    assert result.ok, result.problem_lines()
    assert (result.rows, result.answers) == (4, 11)
    rows = _responses(con)
    assert [r[1:] for r in rows] == [
        ("direct_report", "L01", "2026-03-02 09:18:40", "More check-ins, please"),
        ("direct_report", "L01", "2026-03-03 13:09:57", None),
        ("peer", "L02", "2026-03-14 16:51:12", "Sometimes abrupt in chat"),
        ("peer", "L02", "2026-03-15 08:03:30", None)]
    assert all(r[0].startswith("anon-") for r in rows) and len({r[0] for r in rows}) == 4
    assert _scores(con) == {"understood": [4, 3, 2, 5], "tone": [5, 4, 4], "enps": [9, 7, 6, 10]}
    assert con.execute("select list(response_id order by source_row) from pulse_response"
                       ).fetchone()[0] == ["114177368723", "114177401122", "114177455510",
                                           "114177499987"]
    _no_personal_data_stored(con)


GOOGLE_QUESTIONS = (
    "question_id,text,scale\n"
    "listening,How well does your leader listen in video calls?,likert5\n"
    "importance,How important is empathy in remote leadership?,likert5\n"
    "reply_tone,Rate your leader's written replies [Tone],likert5\n"
    "reply_clarity,Rate your leader's written replies [Clarity],likert5\n"
)
GOOGLE_ROSTER = (
    "person_id,role,cohort,leader_id\nL01,leader,Pilot,\nL02,leader,Pilot,\n"
    "ana.silva@example.com,member,Pilot,L01\nben.okafor@example.com,member,Pilot,L01\n"
    "chen.li@example.com,member,Pilot,L02\n"
)


@pytest.mark.parametrize(("name", "note"), [
    ("google_forms_sheet.csv", "Timestamp: dates read month-first (M/D/YYYY)"),
    ("google_forms_download.csv", None),
    ("google_forms_uk.csv", "Timestamp: dates read day-first (D/M/YYYY)"),
])
def test_google_forms_imports_without_any_flag_when_roster_and_catalogue_know_it(
        con, write, name, note):
    assert ingest_file(con, write("roster.csv", GOOGLE_ROSTER)).ok
    assert ingest_file(con, write("questions.csv", GOOGLE_QUESTIONS)).ok
    assert propose(FORMATS / name, con).ready

    result = ingest_file(con, FORMATS / name)
    assert result.ok, result.problem_lines()
    assert (result.rows, result.answers) == (3, 12)
    assert [r[1:] for r in _responses(con)] == [
        ("direct_report", "L01", "2026-03-02 09:05:33", None),
        ("direct_report", "L01", "2026-03-14 14:22:10", "Keep the weekly 1:1s"),
        ("direct_report", "L02", "2026-03-20 08:01:02", "Replies feel rushed, honestly")]
    assert _scores(con) == {"listening": [4, 5, 2], "importance": [5, 3, 1],
                            "reply_tone": [4, 3, 2], "reply_clarity": [5, 4, 1]}
    ids = [r[0] for r in con.execute("select response_id from pulse_response").fetchall()]
    assert all(i.startswith("r-") and len(i) == 18 for i in ids) and len(set(ids)) == 3
    if note:
        assert note in result.notes
    _no_personal_data_stored(con)


def test_google_forms_questions_not_in_the_catalogue_are_proposed_with_a_scale(con):
    proposal = propose(FORMATS / "google_forms_sheet.csv", con)
    assert [(q.question_id, q.scale, q.new) for q in proposal.questions] == [
        ("how_well_does_your_leader_listen_in", "likert5", True),
        ("how_important_is_empathy_in_remote", "likert5", True),
        ("rate_your_leader_s_written_replies_tone", "likert5", True),
        ("rate_your_leader_s_written_clarity", "likert5", True)]
    assert proposal.fields["response_id"].derived
    assert [proposal.header(i) for i in proposal.fields["response_id"].columns] == [
        "Timestamp", "Email Address"]


def test_microsoft_forms_anonymous_responses_and_a_question_called_name(con):
    _load(con, "questions.csv")
    proposal = propose(FORMATS / "microsoft_forms.xlsx", con)
    assert proposal.dropped == ["Name", "Name2"]
    assert proposal.kept == ["Start time", "Last modified time"]

    result = ingest_file(con, FORMATS / "microsoft_forms.xlsx",
                         constants={"leader_id": "L02", "rater_type": "peer"})
    assert result.ok, result.problem_lines()
    rows = _responses(con)
    assert [r[1:] for r in rows] == [
        ("peer", "L02", "2026-03-02 09:03:40", "Good listener"),
        ("peer", "L02", "2026-03-04 17:31:12", None),
        ("peer", "L02", "2026-03-09 11:20:02", "Cameras off, hard to read the room")]
    # "anonymous" is no identity: that response is its own respondent
    assert rows[0][0].startswith("anon-") and rows[1][0] == "2" and rows[2][0].startswith("anon-")
    assert _scores(con) == {"understood": [4, 5, 1], "enps": [8, 10, 3]}
    _no_personal_data_stored(con)


def test_qualtrics_with_embedded_leader_and_rater_imports_without_any_flag(con):
    _load(con, "questions.csv")
    proposal = propose(FORMATS / "qualtrics_pilot.csv", con)
    assert proposal.ready, proposal.problems
    assert proposal.field_text("respondent_id") == (
        "ExternalReference, else RecipientEmail, else the response itself (anonymous)")
    assert "times are in Europe/Berlin (as Qualtrics exported them); stored as given" in (
        proposal.notes)

    result = ingest_file(con, FORMATS / "qualtrics_pilot.csv")
    assert result.ok, result.problem_lines()
    assert _responses(con) == [
        ("M0101", "direct_report", "L01", "2026-03-02 09:14:45", "More check-ins, please"),
        ("M0102", "direct_report", "L01", "2026-03-03 13:09:57", None),
        ("L01", "self", "L01", "2026-03-14 16:51:12", "Listens well.")]
    # -1 is "no basis": missing, never zero
    assert _scores(con) == {"understood": [4, 5], "tone": [5, 4, 4], "enps": [9, 7]}
    _no_personal_data_stored(con)


def test_european_excel_csv_reads_decimal_commas_and_thousands(con):
    result = ingest_file(con, FORMATS / "outcomes_eu.csv")
    assert result.ok, result.problem_lines()
    assert result.plan.layout == "excel"
    assert "read as Windows-1252" in result.notes
    assert "numbers with decimal commas read as decimals (0,85 = 0.85)" in result.notes
    assert con.execute("select period, leader_id, metric, value from outcomes order by all"
                       ).fetchall() == [
        ("2026-03", "L01", "csat", 4.2), ("2026-03", "L01", "escalations", 2.0),
        ("2026-03", "L01", "interactions", 1250.0), ("2026-03", "L01", "median_response_hours", 3.5),
        ("2026-03", "L02", "csat", 3.9), ("2026-03", "L02", "escalations", 5.0),
        ("2026-03", "L02", "interactions", 980.0), ("2026-03", "L02", "median_response_hours", 12.0),
        ("2026-04", "L01", "csat", 4.4), ("2026-04", "L01", "escalations", 1.0),
        ("2026-04", "L01", "interactions", 1310.0),
        ("2026-04", "L01", "median_response_hours", 2.75)]
    assert con.execute("select format from import_log").fetchone() == ("excel-wide",)


def test_european_excel_activity_minutes_and_dotted_dates(con):
    result = ingest_file(con, FORMATS / "activity_eu.csv")
    assert result.ok, result.problem_lines()
    assert con.execute("select activity, completed_at::date::varchar, minutes from activity "
                       "order by 2").fetchall() == [
        ("microlearning", "2026-03-02", 22.5), ("live_practice", "2026-03-13", 45.0)]


def test_comma_separated_numbers_are_not_read_as_decimal_commas(con, write):
    result = ingest_file(con, write("outcomes.csv", 'period,leader_id,interactions\n'
                                                    '2026-03,L01,"1,250"\n'))
    assert not result.ok
    assert result.problem_lines() == ["outcomes.csv:2: interactions: not a number: '1,250'"]


def test_excel_unicode_text_with_no_break_space_in_a_header(con):
    _load(con, "questions.csv")
    result = ingest_file(con, FORMATS / "pulse_unicode.txt")
    assert result.ok, result.problem_lines()
    assert (result.plan.layout, result.rows, result.answers) == ("excel", 2, 4)
    assert "read as UTF-16" in result.notes
    assert _responses(con) == [
        ("M0101", "direct_report", "L01", "2026-03-02 00:00:00", "Danke – sehr hilfreich"),
        ("M0102", "direct_report", "L01", "2026-03-03 00:00:00", None)]
    assert _scores(con) == {"understood": [4, 5], "tone": [4, 5]}


def test_excel_workbook_of_a_canonical_kind_on_a_named_sheet(con):
    before = table_counts(con)
    first_sheet = ingest_file(con, FORMATS / "roster.xlsx")
    assert not first_sheet.ok and table_counts(con) == before
    assert first_sheet.problem_lines()[0].startswith(
        "roster.xlsx:1: (header): could not tell which kind of data this is")

    result = ingest_file(con, FORMATS / "roster.xlsx", sheet="Roster")
    assert result.ok, result.problem_lines()
    assert result.summary() == "roster.xlsx: roster (excel), 3 rows stored, import 1"
    assert con.execute("select person_id, role, leader_id from roster order by 1").fetchall() == [
        ("L01", "leader", None), ("M0101", "member", "L01"), ("M0102", "member", "L01")]


def test_a_file_of_no_known_layout_says_what_was_expected(con):
    before = table_counts(con)
    result = ingest_file(con, FORMATS / "unknown.csv")
    assert not result.ok and table_counts(con) == before
    message = result.problem_lines()[0]
    assert message.startswith("unknown.csv:1: (header): could not tell which kind of data this is "
                              "from its columns.")
    for expected in (
        "  pulse: response_id, submitted_at, respondent_id, rater_type, leader_id",
        "Or an export from a survey tool (detected from its header rows):",
        "  qualtrics: ResponseId (or V1..V10 then a ResponseID label row), StartDate, EndDate",
        "  surveymonkey: Respondent ID, Collector ID, Start Date, End Date, then a second header "
        "row of 'Response' / 'Open-Ended Response' sub-labels",
        "  google_forms: Timestamp (first), Email Address, then one column per question",
        "  microsoft_forms: ID, Start time, Completion time, Email, Name, then one column per "
        "question",
        "  viva_glint: First Name, Last Name, Email, Status, EMP ID, Manager ID",
        "Or map the columns yourself: --kind KIND --map FIELD=COLUMN",
    ):
        assert expected in message
    detection = propose(FORMATS / "unknown.csv", con)
    assert detection.layout is None and not detection.ready


@pytest.mark.parametrize("value", ["2026-03-14 2:22:10 PM", "2026/03/14 2:22:10 PM AST",
                                   "3/14/2026 2:22:10 PM", "2026-03-14 14:22:10"])
def test_twelve_hour_times_keep_their_pm(con, write, value):
    result = ingest_file(con, write("activity.csv", "person_id,module_id,activity,completed_at\n"
                                                    f"L01,digital_cues,coaching,{value}\n"))
    assert result.ok, result.problem_lines()
    assert con.execute("select completed_at::varchar from activity").fetchone() == (
        "2026-03-14 14:22:10",)


def test_propose_on_an_unreadable_file_says_why(con, write):
    detection = propose(write("empty.csv", b""), con)
    assert (detection.layout, detection.ready, detection.problems) == (
        None, False, ["the file is empty"])
