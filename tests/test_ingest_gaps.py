"""Issue 16's remaining gaps, through the real import on real DuckDB files and real CSV bytes:
an answer outside its scale names the fix; a categorical column never lands in ``comment``;
repeat submissions across files follow the duplicates policy; ``detect --recode``; erasing a
person known only by the roster's e-mail."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from dashboard.ingest import ingest_file, ingest_files
from dashboard.ingest.uploads import page_note, page_reason
from dashboard.kpi import Filters, compute
from tests.conftest import table_counts

EXPORTS = Path(__file__).parent / "fixtures" / "exports"
K3 = Filters(min_group=3)
DIRECT = {"rater_type": "direct_report"}


@pytest.fixture
def world(con):
    """The roster (L01 with five members, L02 with three) and the question catalogue."""
    results = ingest_files(con, [EXPORTS / "roster.csv", EXPORTS / "questions.csv"])
    assert all(r.ok for r in results), [r.problem_lines() for r in results]
    return con


def _google_forms_with(write, header: str, values: list[str], name: str = "gf.csv") -> Path:
    """The Google Forms grid fixture with one more column after Leader (one value per row)."""
    lines = (EXPORTS / "google_forms" / "grid.csv").read_text().splitlines()
    out = [lines[0].replace(",Leader,", f",Leader,{header},")]
    out += [line.replace(",L01,", f",L01,{value},") for line, value in zip(lines[1:], values, strict=True)]
    return write(name, "\n".join(out) + "\n")


# --- an answer outside the scale names the fix ------------------------------------------------


def test_a_seven_point_answer_to_a_new_five_point_question_names_the_fix(world, write):
    path = _google_forms_with(write, "My leader checks in with me", ["4", "5", "7", "3"])
    before = table_counts(world)
    asked = ingest_file(world, path, constants=DIRECT, save_profile="gf",
                        scales={"My leader checks in with me": "likert5"})
    assert not asked.ok and table_counts(world) == before
    assert asked.problem_lines() == [
        "gf.csv:4: My leader checks in with me: answer 7 on 'my_leader_checks_in_with_me', a 5-point "
        "question, is outside the likert5 (1–5) scale: if the survey used a 7-point scale, give --scale "
        "my_leader_checks_in_with_me=likert7, or choose the scale on the Data page's mapping form; else "
        "correct the answer in the file"]
    assert page_reason(asked.problems[0]).endswith(
        "if the survey used a 7-point scale, choose the scale likert7 for my_leader_checks_in_with_me on "
        "the mapping form; else correct the answer in the file")
    fixed = ingest_file(world, path, constants=DIRECT, save_profile="gf",
                        scales={"my_leader_checks_in_with_me": "likert7"})
    assert fixed.ok, fixed.problem_lines()
    trend = compute(world, "pulse_trend", K3).set_index("question_id")
    # 4, 5, 7, 3 on 1..7: mean 4.75, favourable (6 or 7) 1 of 4
    assert trend.loc["my_leader_checks_in_with_me", ["n", "mean_score", "favourable_pct"]].tolist() == [4, 4.75, 25.0]


def test_an_answer_no_scale_holds_says_to_correct_it(world, write):
    path = write("p.csv", "response_id,submitted_at,respondent_id,rater_type,leader_id,listens\n"
                          "R1,2026-01-05,M01,direct_report,L01,12\n")
    result = ingest_file(world, path)
    assert not result.ok
    assert result.problem_lines() == [
        "p.csv:2: listens: answer 12 on 'listens', a 5-point question of the catalogue, is outside the "
        "likert5 (1–5) scale: no scale goes that far; correct the answer in the file"]


# --- a categorical column never lands in comment ----------------------------------------------


def test_a_choice_column_is_never_a_comment_and_free_text_still_is(world, write):
    # four responses, three teams: the answers repeat, so it is a choice, not something written
    path = _google_forms_with(write, "Which team are you in?", ["Sales", "Customer Success EMEA", "Sales", "Ops"])
    result = ingest_file(world, path, constants=DIRECT)
    assert result.ok, result.problem_lines()
    assert ("Which team are you in?: 3 different answers repeated across 4 rows (customer_success_emea, ops, "
            "sales): a choice, not free text, so never a comment; kept as extra (--map question:ID=COLUMN if "
            "it is a question on a scale, --map comment=COLUMN if it is free text, --map drop=COLUMN to leave "
            "it out)") in result.notes
    [note] = [n for n in result.notes if n.startswith("Which team are you in?")]
    assert page_note(note).endswith("kept as extra (make it a question, or drop it, under What the other columns are)")
    stored = world.execute("select comment, extra from pulse_response order by submitted_at").fetchall()
    assert [comment for comment, _extra in stored] == ["More 1:1s", None, None, None]  # "Anything else?"
    assert [json.loads(extra)["which_team_are_you_in"] for _comment, extra in stored] == [
        "Sales", "Customer Success EMEA", "Sales", "Ops"]
    assert compute(world, "pulse_trend", K3).set_index("question_id").loc["listens", "n"] == 4


def test_a_free_text_column_of_different_answers_is_the_comment(world, write):
    path = _google_forms_with(write, "What should your leader keep doing?",
                              ["Weekly 1:1s", "Asking how we are", "Clear priorities", "Listening"])
    result = ingest_file(world, path, constants=DIRECT)
    assert result.ok, result.problem_lines()
    stored = world.execute("select comment from pulse_response order by submitted_at").fetchall()
    assert stored[0][0] == "What should your leader keep doing?: Weekly 1:1s\nAnything else?: More 1:1s"
    assert [c for (c,) in stored[1:]] == [f"What should your leader keep doing?: {text}" for text in (
        "Asking how we are", "Clear priorities", "Listening")]


# --- repeat submissions across files ----------------------------------------------------------

QUALTRICS = EXPORTS / "qualtrics" / "numeric_values.csv"


def _reexport(write) -> Path:
    """January's Qualtrics export exported again: every response under a new id (as a tool that
    renumbers does), and Eli (R_6, 2, 4, 6) answering again on the 25th (4, 5, 9)."""
    text = QUALTRICS.read_text().replace("R_", "R_again_")
    text = text.replace("2026-01-22 10:00:00,2026-01-22 10:03:00", "2026-01-25 10:00:00,2026-01-25 10:03:00")
    eli = next(line for line in text.splitlines() if "R_again_6" in line)
    return write("january_again.csv", text.replace(eli, eli.replace("0.9,2,4,6,", "0.9,4,5,9,")))


def _numbers(con) -> dict[str, tuple[int, float, float]]:
    frame = compute(con, "pulse_trend", K3)
    return {row.question_id: (int(row.n), round(float(row.mean_score), 2), round(float(row.favourable_pct), 1))
            for row in frame.itertuples() if not row.suppressed}


def _enps(con) -> tuple[int, float]:
    frame = compute(con, "enps", K3)
    return int(frame.n.iloc[0]), float(frame.enps.iloc[0])


def test_a_reexport_keeps_the_latest_submission_of_each_respondent(world, write):
    from dashboard.store.imports import undo_import

    first = ingest_file(world, QUALTRICS)
    assert first.ok and first.rows == 4
    assert _numbers(world) == {"listens": (4, 3.75, 75.0), "explains": (3, 4.33, 100.0)}
    assert ingest_file(world, QUALTRICS).already_imported == first.import_id  # identical: changes nothing
    again = ingest_file(world, _reexport(write))
    assert again.ok, again.problem_lines()
    assert again.rows == 1 and again.replaced == 1 and again.duplicates_replaced == 3
    assert (f"1 repeat submission(s) of responses already stored by import {first.import_id} "
            "(numeric_values.csv) (same respondent, leader and month, another response id): the stored "
            "one(s) replaced by this file's later one(s) (undoing this import brings them back)") in again.notes
    assert (f"3 repeat submission(s) left out: a later one from the same respondent, leader and month is "
            f"already stored by import {first.import_id} (numeric_values.csv)") in again.notes
    # Eli counts once, with his second answers: listens 4, 5, 4, 4; explains 5, 4, 5; recommend 9, 10, 9, 8
    assert _numbers(world) == {"listens": (4, 4.25, 100.0), "explains": (3, 4.67, 100.0)}
    assert _enps(world) == (4, 75.0)
    undo_import(world, again.import_id, user="test")
    assert _numbers(world) == {"listens": (4, 3.75, 75.0), "explains": (3, 4.33, 100.0)}


def test_a_reexport_under_first_keeps_the_stored_submissions(world, write):
    first = ingest_file(world, QUALTRICS)
    again = ingest_file(world, _reexport(write), duplicates="first")
    assert again.ok, again.problem_lines()
    assert again.rows == 0 and again.replaced == 0 and again.duplicates_replaced == 4
    assert (f"4 repeat submission(s) left out: an earlier one from the same respondent, leader and month is "
            f"already stored by import {first.import_id} (numeric_values.csv)") in again.notes
    assert _numbers(world) == {"listens": (4, 3.75, 75.0), "explains": (3, 4.33, 100.0)}


def test_a_left_out_repeat_is_still_checked_a_bad_value_there_refuses_the_file(world, write):
    """Every row of a file is checked, also a repeat submission that would be left out because the
    stored one is kept: its answer outside the scale refuses the file and changes nothing."""
    first = ingest_file(world, QUALTRICS)
    before = table_counts(world)
    text = _reexport(write).read_text()
    eli = next(line for line in text.splitlines() if "R_again_6" in line)
    bad = write("january_bad.csv", text.replace(eli, eli.replace("0.9,4,5,9,", "0.9,7,5,9,")))
    again = ingest_file(world, bad, duplicates="first")  # every row of it would be left out
    assert not again.ok
    lines = again.problem_lines()
    assert len(lines) == 1 and "outside" in lines[0] and "7" in lines[0], lines
    assert f":{text.splitlines().index(eli) + 1}:" in lines[0]  # the left-out row's own line
    assert table_counts(world) == before
    assert first.ok


def test_a_repeat_within_the_file_that_is_left_out_is_still_checked(world, write):
    """The same within one file: Eli's first submission, replaced by his later one, holds an answer
    outside the scale: refused, with that row's line."""
    text = QUALTRICS.read_text()
    eli = next(line for line in text.splitlines() if "R_6" in line)
    later = eli.replace("R_6ffffffffffffff", "R_6later").replace("2026-01-22 10:00:00,2026-01-22 10:03:00",
                                                                "2026-01-25 10:00:00,2026-01-25 10:03:00")
    bad_first = eli.replace("0.9,2,4,6,", "0.9,8,4,6,")
    path = write("january_twice.csv", text.replace(eli, bad_first + "\n" + later))
    before = table_counts(world)
    result = ingest_file(world, path)
    assert not result.ok
    lines = result.problem_lines()
    assert len(lines) == 1 and "outside" in lines[0] and "8" in lines[0], lines
    assert f":{text.splitlines().index(eli) + 1}:" in lines[0]
    assert table_counts(world) == before
    fixed = write("january_twice_fixed.csv", text.replace(eli, eli + "\n" + later))
    stored = ingest_file(world, fixed)
    assert stored.ok and stored.duplicates_replaced == 1, stored.problem_lines()


def test_a_reexport_under_refuse_is_refused_and_changes_nothing(world, write):
    first = ingest_file(world, QUALTRICS)
    before = table_counts(world)
    refused = ingest_file(world, _reexport(write), duplicates="refuse")
    assert not refused.ok and table_counts(world) == before
    assert refused.problem_total == 4
    assert refused.problem_lines()[0] == (
        f"january_again.csv:4: RecipientEmail + LeaderID: duplicate submission: the same respondent already "
        f"rated this leader this month in import {first.import_id} (numeric_values.csv), under another "
        "response id (keep the latest or the first, or remove one)")


# --- detect takes --recode and --duplicates like ingest ---------------------------------------

PEOPLE = EXPORTS / "people"
FORMS = EXPORTS / "google_forms" / "google_forms_relationship.csv"
RECODES = ["--recode", "rater_type=I report directly to this leader=direct_report;A colleague=peer",
           "--recode", "rater_type=Myself=self"]


def test_detect_takes_recodes_and_exits_1_where_ingest_would_refuse(con, db_path, capsys):
    import json as json_module

    from dashboard.cli import main

    assert all(r.ok for r in ingest_files(con, [PEOPLE / "roster.csv", PEOPLE / "schedule.csv",
                                                PEOPLE / "questions.csv"]))
    con.close()
    args = ["detect", str(FORMS), "--db", str(db_path), "--map", "leader_id=Which leader are you rating?"]
    assert main(args) == 1  # unknown rater types: ingest would refuse
    out = capsys.readouterr().out
    assert "but ingest would refuse it" in out and "--recode rater_type=\"A colleague=peer\"" in out
    assert main([*args, *RECODES, "--duplicates", "refuse"]) == 1  # the repeat submission is refused
    assert "duplicate submission: the same respondent already rated this leader" in capsys.readouterr().out
    assert main([*args, *RECODES, "--save-profile", "forms", "--format", "json"]) == 0
    assert json_module.loads(capsys.readouterr().out)["import_problems"] == []
    from dashboard.store import db

    with db.session(db_path) as again:
        stored = json_module.loads(again.execute("select mapping from import_profile where name = 'forms'"
                                                 ).fetchone()[0])
        assert again.execute("select count(*) from pulse_response").fetchone() == (0,)  # detect stores no data
    assert stored["recodes"] == {"rater_type": {"I report directly to this leader": "direct_report",
                                                "A colleague": "peer", "Myself": "self"}}
    # ingest with no flag: the profile brings the column choice and the meanings
    assert main(["ingest", str(FORMS), "--db", str(db_path)]) == 0
    assert "6 rows stored, 18 answers, 1 duplicate submission(s) replaced" in capsys.readouterr().out


# --- erasing a person known only by the roster's e-mail ---------------------------------------


def _people_world(con, pulse: str) -> None:
    results = ingest_files(con, [PEOPLE / "roster.csv", PEOPLE / "schedule.csv", PEOPLE / "questions.csv"])
    assert all(r.ok for r in results)
    assert ingest_file(con, PEOPLE / "pulse_by_email.csv" if pulse == "all" else Path(pulse)).ok


def test_a_person_known_only_by_the_rosters_email_is_erased_by_it(con, tmp_path, write):
    from dashboard.store import db
    from dashboard.store.erase import erase_person, preview_erasure

    _people_world(con, "all")
    # Ana was imported as E1001 (her address resolved through the roster); no row holds the address
    assert con.execute("select count(*) from pulse_response where respondent_id = 'E1001'").fetchone() == (1,)
    found = preview_erasure(con, "Ana.Silva@example.com")
    assert found.rows["pulse_response"] == 1 and found.rows["roster"] == 1
    done = erase_person(con, "ana.silva@example.com", user="test")
    assert done.total == found.total
    for table in ("pulse_response", "pulse_answer", "roster"):
        column = "person_id" if table == "roster" else "respondent_id"
        assert con.execute(f"select count(*) from {table} where {column} = 'E1001'").fetchone() == (0,)
    # the KPIs are those of the same files imported without her
    without = tmp_path / "without.duckdb"
    roster = "\n".join(line for line in (PEOPLE / "roster.csv").read_text().splitlines() if "E1001" not in line)
    pulse = "\n".join(line for line in (PEOPLE / "pulse_by_email.csv").read_text().splitlines()
                      if "ana.silva" not in line)
    with db.session(without) as other:
        results = ingest_files(other, [write("roster.csv", roster + "\n"), PEOPLE / "schedule.csv",
                                       PEOPLE / "questions.csv"])
        assert all(r.ok for r in results)
        assert ingest_file(other, write("pulse_by_email.csv", pulse + "\n")).ok
        for name in ("pulse_trend", "enps"):
            pd.testing.assert_frame_equal(compute(con, name, K3), compute(other, name, K3), obj=name)
    # eNPS of the others' ratings: 10, 6, 8, 9, 7, 8 without Ana's 9 (Dana's own 10 is self)
    assert compute(con, "enps", K3)[["n", "enps"]].values.tolist() == [[6, 16.7]]


def test_a_name_two_roster_people_share_is_refused_with_the_way_out(con, write):
    from dashboard.store.erase import ErasureError, erase_person

    roster = (PEOPLE / "roster.csv").read_text().replace("Chen Li,chen.li", "Ana Silva,chen.li")
    assert ingest_file(con, write("roster.csv", roster)).ok
    before = table_counts(con)
    with pytest.raises(ErasureError, match="2 people of the roster are found by that name or address"):
        erase_person(con, "Ana Silva", user="test")
    assert table_counts(con) == before


# --- Culture Amp's long extract (one row per answer) ------------------------------------------

LONG = EXPORTS / "culture_amp" / "long_extract.csv"


def test_culture_amps_long_extract_gives_the_numbers_of_the_wide_one(world):
    result = ingest_file(world, LONG)
    assert result.ok, result.problem_lines()
    assert result.kind == "pulse" and result.plan.layout == "culture_amp"
    assert result.rows == 4 and result.answers == 11
    assert "long extract (one row per answer) read as 4 response(s) with 3 question(s)" in result.notes
    assert _numbers(world) == {"listens": (4, 3.75, 75.0), "explains": (3, 4.33, 100.0)}
    assert _enps(world) == (4, 25.0)
    comments = world.execute("select comment from pulse_response where comment is not null").fetchall()
    assert comments == [("My leader explains decisions: More 1:1s",)]
    assert ingest_file(world, LONG).already_imported == result.import_id


def test_a_long_extracts_problems_name_the_answers_own_line(world, write):
    text = LONG.read_text().replace("r-003,M04,Sales,L01,direct_report,2026-01-21,Leadership,My leader explains "
                                    "decisions,Agree,", "r-003,M04,Sales,L01,direct_report,2026-01-21,Leadership,"
                                    "My leader explains decisions,7,")
    before = table_counts(world)
    result = ingest_file(world, write("long.csv", text))
    assert not result.ok and table_counts(world) == before
    assert result.problem_lines() == [
        "long.csv:9: My leader explains decisions: answer 7 on 'explains', a 5-point question of the "
        "catalogue, is outside the likert5 (1–5) scale: if the survey used a 7-point scale, it is another "
        "question — add one with scale likert7 to the question catalogue and map the column to it (--map "
        "question:ID=COLUMN, or on the Data page's mapping form); else correct the answer in the file"]


@pytest.mark.parametrize(("old", "new", "message"), [
    ("r-002,M03,Sales,L01,direct_report,2026-01-20,eNPS", "r-002,M03,Sales,L02,direct_report,2026-01-20,eNPS",
     "long.csv: line 7: Manager: 'L02' differs from 'L01' on line 5, for the same Response ID 'r-002' (the rows "
     "of one response must agree)"),
    ("r-002,M03,Sales,L01,direct_report,2026-01-20,Leadership,My leader explains decisions",
     "r-002,M03,Sales,L01,direct_report,2026-01-20,Leadership,My leader listens to me",
     "long.csv: line 6: Question: 'My leader listens to me' answered twice for Response ID 'r-002' (also on "
     "line 5)"),
])
def test_a_long_extract_whose_rows_disagree_is_refused(world, write, old, new, message):
    before = table_counts(world)
    result = ingest_file(world, write("long.csv", LONG.read_text().replace(old, new)))
    assert not result.ok and table_counts(world) == before
    assert result.problem_lines() == [f"long.csv: (file): {message.removeprefix('long.csv: ')}"]
