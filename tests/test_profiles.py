"""Mapping once: profiles, the analyst's edits, and the catalogue questions a mapping adds —
all inside the import's one transaction."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.ingest import (
    ProfileError,
    ProposalError,
    delete_profile,
    get_profile,
    ingest_file,
    list_profiles,
    propose,
    save_profile,
)
from dashboard.ingest.values import fit_labels, fit_numbers
from dashboard.store.imports import undo_import
from tests.conftest import REAL_DIR, table_counts

FORMATS = Path(__file__).parent / "fixtures" / "formats"
MODERN = REAL_DIR / "qualtrics" / "qualtrics_modern.csv"
PILOT = {"leader_id": "L01", "rater_type": "direct_report"}


def next_month(tmp_path: Path) -> Path:
    """The same Qualtrics survey a month later: same header rows, another response."""
    lines = MODERN.read_text(encoding="utf-8").splitlines(keepends=True)
    row = (lines[3].replace("R_2YPOQ602ER1jkf1", "R_nextMonth000001")
           .replace("2017-07-18", "2017-08-18").replace(",2,Hello World!,", ",5,,"))
    path = tmp_path / "qualtrics_august.csv"
    path.write_text("".join(lines[:3]) + row, encoding="utf-8")
    return path


def test_new_questions_need_a_confirmed_mapping_and_nothing_is_stored_until_then(con):
    before = table_counts(con)
    result = ingest_file(con, MODERN, constants=PILOT)
    assert not result.ok and table_counts(con) == before
    assert result.problem_lines() == [
        "qualtrics_modern.csv:1: (mapping): new questions to confirm (1): Q1 -> q1 (likert5). "
        "They are not in the question catalogue; check them with `python -m dashboard detect "
        "FILE` and confirm with --save-profile NAME (or import the question catalogue first)"]


def test_a_saved_profile_maps_next_months_file_without_flags(con, tmp_path):
    first = ingest_file(con, MODERN, constants=PILOT, save_profile="qualtrics sample")
    assert first.ok, first.problem_lines()
    assert "1 new question(s) added to the catalogue: q1" in first.notes

    result = ingest_file(con, next_month(tmp_path))
    assert result.ok, result.problem_lines()
    assert "using profile 'qualtrics sample' (saved for this layout)" in result.notes
    assert con.execute("select response_id, leader_id, rater_type, comment from pulse_response "
                       "order by 1").fetchall() == [
        ("R_2YPOQ602ER1jkf1", "L01", "direct_report", "Hello World!"),
        ("R_nextMonth000001", "L01", "direct_report", None)]
    assert con.execute("select response_id, score from pulse_answer order by 1").fetchall() == [
        ("R_2YPOQ602ER1jkf1", 2), ("R_nextMonth000001", 5)]
    assert con.execute("select count(*) from questions").fetchone() == (1,)  # not registered twice
    log = con.execute("select format, details->>'profile' from import_log order by import_id"
                      ).fetchall()
    assert log == [("qualtrics-wide", "qualtrics sample"), ("qualtrics-wide", "qualtrics sample")]


def test_profiles_are_listed_named_and_deleted(con):
    detection = propose(MODERN, con, constants=PILOT, confirm=True)
    saved = save_profile(con, "qualtrics sample", detection, user="ana")
    assert (saved.layout, saved.kind, saved.created_by) == ("qualtrics", "pulse", "ana")
    table = list_profiles(con)
    assert table[["name", "layout", "kind", "mapping"]].values.tolist() == [
        ["qualtrics sample", "qualtrics", "pulse",
         "6 fields; 1 questions; set: leader_id=L01, rater_type=direct_report"]]
    assert saved.mapping["questions"] == [{"column": "q1", "question_id": "q1", "scale": "likert5",
                                           "text": "This is a multiple choice question.",
                                           "label_map": [], "registered": True}]
    assert delete_profile(con, "qualtrics sample") and get_profile(con, "qualtrics sample") is None
    assert not delete_profile(con, "qualtrics sample")


def test_saving_again_under_a_name_replaces_that_profile(con):
    save_profile(con, "p", propose(MODERN, con, constants=PILOT, confirm=True))
    save_profile(con, "p", propose(MODERN, con, constants={"leader_id": "L09",
                                                           "rater_type": "peer"}))
    assert len(list_profiles(con)) == 1
    assert get_profile(con, "p").mapping["fields"]["leader_id"] == {"columns": [],
                                                                    "constant": "L09"}


def test_an_unknown_or_unsuitable_profile_is_refused_by_name(con):
    with pytest.raises(ProposalError, match="no profile named 'nope' \\(none saved yet"):
        propose(MODERN, con, profile="nope")
    save_profile(con, "glint", propose(REAL_DIR / "viva_glint" / "survey_export.csv", con))
    with pytest.raises(ProposalError, match="profile 'glint' is for viva_glint exports; this file "
                                            "is a qualtrics export"):
        propose(MODERN, con, profile="glint")
    result = ingest_file(con, MODERN, profile="glint")
    assert result.problem_lines() == [
        "qualtrics_modern.csv:1: (mapping): profile 'glint' is for viva_glint exports; this file "
        "is a qualtrics export"]


@pytest.mark.parametrize("name", ["", " ", "a/b", "x" * 61, "-dash"])
def test_profile_names_people_can_type(con, name):
    with pytest.raises(ProfileError, match="profile name"):
        save_profile(con, name, propose(MODERN, con))


def test_a_rejected_import_saves_no_profile_and_changes_nothing(con, write):
    bad = write("qualtrics.csv", MODERN.read_text(encoding="utf-8").replace(
        "08:28:09,2017-07-18 08:28:48,", "08:28:09,yesterday,"))
    before = table_counts(con)
    result = ingest_file(con, bad, constants=PILOT, save_profile="sample")
    assert not result.ok and table_counts(con) == before
    assert result.problem_lines() == [
        "qualtrics.csv:4: EndDate: cannot read date 'yesterday' (use YYYY-MM-DD, or one consistent "
        "M/D/YYYY or D/M/YYYY form)"]
    assert get_profile(con, "sample") is None


def test_identical_reimport_changes_nothing_and_undo_removes_registered_questions(con):
    first = ingest_file(con, MODERN, constants=PILOT, save_profile="sample")
    assert first.ok
    after_first = table_counts(con)
    again = ingest_file(con, MODERN, save_profile="other")
    assert again.summary() == "qualtrics_modern.csv: identical to import 1; nothing changed"
    assert table_counts(con) == after_first and get_profile(con, "other") is None
    undo_import(con, first.import_id)
    assert con.execute("select count(*) from questions where superseded_by is null").fetchone() == (0,)
    assert con.execute("select count(*) from pulse_response where superseded_by is null").fetchone() == (0,)


def test_a_question_id_already_in_the_catalogue_with_another_scale_is_not_redefined(con, write):
    assert ingest_file(con, write("q.csv", "question_id,text,scale\nq1,Something else,likert7\n")).ok
    detection = propose(MODERN, con, constants=PILOT)
    assert [(q.question_id, q.new, q.scale) for q in detection.questions] == [
        ("q1", False, "likert7")]  # matched by id, the catalogue's scale rules
    # a profile that registers q1 as likert5 (saved elsewhere) must not redefine it
    other = propose(MODERN, con, constants=PILOT, overrides=[("q_one", "Q1")])
    assert [(q.question_id, q.new) for q in other.questions] == [("q_one", True)]


def test_question_ids_match_like_the_importer_matches_them(con, write):
    assert ingest_file(con, write("q.csv", "question_id,text,scale\nQ1,First,likert5\n")).ok
    result = ingest_file(con, MODERN, constants=PILOT, overrides=[("q1", "Q1")])
    assert result.ok, result.problem_lines()
    assert con.execute("select question_id from questions").fetchall() == [("Q1",)]
    assert con.execute("select question_id, score from pulse_answer").fetchall() == [("Q1", 2)]


def test_registering_clashes_with_a_catalogue_question_added_since_the_profile(con, write, tmp_path):
    assert ingest_file(con, MODERN, constants=PILOT, save_profile="sample").ok
    undo = undo_import(con, 1)
    assert undo.rows_removed
    assert ingest_file(con, write("q.csv", "question_id,text,scale\nq1,Other,likert7\n")).ok
    before = table_counts(con)
    result = ingest_file(con, next_month(tmp_path))
    assert not result.ok and table_counts(con) == before
    assert result.problem_lines() == [
        "qualtrics_august.csv:1: (mapping): Q1: profile 'sample' registers q1 as likert5, but the "
        "catalogue holds q1 as likert7; map the column to another id (--map ID=COLUMN) or save "
        "the profile again (--save-profile sample)"]


def test_map_set_and_scale_edit_the_proposal(con):
    detection = propose(MODERN, con, overrides=[
        ("rater_type", "DistributionChannel"), ("understood", "Q1"), ("drop", "Q2 - Topics"),
        ("extra", "Q2"), ("respondent_id", "ResponseId")],
        constants={"leader": "L07"}, scales={"understood": "7"})
    assert detection.field_text("rater_type") == "DistributionChannel"
    assert detection.field_text("leader_id") == "= L07 (set for the whole file)"
    assert detection.field_text("respondent_id") == (
        "ResponseId, else the response itself (anonymous)")
    assert [(q.question_id, q.scale, q.confirmed) for q in detection.questions] == [
        ("understood", "likert7", True)]
    assert "comment" not in detection.fields or not detection.fields["comment"].columns
    assert "Q2" in detection.kept and "Q2 - Topics" in detection.dropped
    # ResponseId feeds the respondent now, and still the response id
    assert detection.field_text("response_id") == "ResponseId"


@pytest.mark.parametrize(("options", "message"), [
    ({"overrides": [("leader_id", "Nope")]},
     "--map leader_id=Nope: the file has no column 'Nope'"),
    ({"overrides": [("leader_id", "#99")]}, "--map leader_id=#99: the file has 20 columns"),
    ({"overrides": [("bad id!", "Q1")]}, "--map bad id!=...: not a field"),
    ({"constants": {"boss": "x"}}, "--set boss=...: pulse has no field 'boss'"),
    ({"scales": {"q1": "likert11"}}, "--scale q1=likert11: unknown scale"),
    ({"scales": {"nope": "likert5"}}, "--scale nope=...: no question column or question id 'nope'"),
])
def test_impossible_edits_are_refused_with_a_reason(con, options, message):
    with pytest.raises(ProposalError) as caught:
        propose(MODERN, con, **options)
    assert str(caught.value).startswith(message)


def test_tool_only_edits_are_refused_for_canonical_files(con):
    roster = FORMATS / "roster.xlsx"
    with pytest.raises(ProposalError, match="--scale sets the scale of a new question of a "
                                            "survey-tool export"):
        propose(roster, con, sheet="Roster", scales={"team": "likert5"})
    with pytest.raises(ProposalError, match="--map extra=...: only survey-tool exports take"):
        propose(roster, con, sheet="Roster", overrides={"extra": "team"})
    mapped = propose(roster, con, sheet="Roster", overrides={"location": "team"})
    assert mapped.ready and mapped.plan.field_column("location").header == "team"
    clash = propose(roster, con, sheet="Roster", overrides={"cohort": "team"})
    assert clash.problems == ["two columns map to cohort: 'cohort' and 'team'"]


def test_a_repeated_column_name_is_chosen_by_position(con):
    path = REAL_DIR / "qualtricstools" / "Single_Answer_Matrix_Questions.csv"
    with pytest.raises(ProposalError, match="several columns are called that \\(#17, #20, #23\\)"):
        propose(path, con, overrides=[("extra", "question_one")])
    detection = propose(path, con, overrides=[("extra", "#20")])
    assert "question_one" in detection.kept
    assert [q.question_id for q in detection.questions if q.question_id.startswith("question_one")
            ] == ["question_one", "question_one_3"]


def test_two_columns_named_like_one_field_must_be_chosen(con, write):
    lines = MODERN.read_text(encoding="utf-8").splitlines()
    extra = [",LeaderID,Manager", ",LeaderID,Manager", ',"{""ImportId"":""LeaderID""}","{""ImportId"":""Manager""}"',
             ",L01,L02"]
    path = write("two_leaders.csv", "\n".join(line + add for line, add in zip(lines, extra, strict=True)) + "\n")
    detection = propose(path, con, constants={"rater_type": "peer"}, confirm=True)
    assert detection.problems == [
        "leader_id: several columns could be it ('LeaderID', 'Manager'); choose one with "
        "--map leader_id=COLUMN"]
    chosen = propose(path, con, constants={"rater_type": "peer"}, confirm=True,
                     overrides=[("leader_id", "Manager")])
    assert chosen.ready and chosen.field_text("leader_id") == "Manager"


@pytest.mark.parametrize(("codes", "scale", "recode"), [
    ([1, 2, 3, 4, 5], "likert5", ()),
    ([2, 3], "likert5", ()),
    ([1, 6, 7], "likert7", ()),
    ([0, 3, 9, 10], "nps11", ()),
    ([6, 8, 10], "nps11", ()),
    ([10, 11, 12, 13], "likert5", (("10", 1), ("11", 2), ("12", 3), ("13", 4))),
    ([0, 2, 4], "likert5", (("0", 1), ("1", 2), ("2", 3), ("3", 4), ("4", 5))),
    ([20, 26], "likert7", tuple((str(c), c - 19) for c in range(20, 27))),
])
def test_scales_read_from_numeric_answers(codes, scale, recode):
    verdict = fit_numbers(codes)
    assert (verdict.kind, verdict.scale, verdict.label_map) == ("question", scale, recode)


def test_numbers_that_fit_no_scale_are_kept_not_scored():
    assert fit_numbers([1, 40]).kind == "numbers"


@pytest.mark.parametrize(("labels", "scale"), [
    (("agree", "disagree", "strongly_agree"), "likert5"),
    (("agree", "somewhat_agree", "strongly_agree"), "likert7"),
    (("never", "often", "always", "n_a"), "likert4"),  # no middle answer seen: 4-point, said in the basis
    (("kiwi", "mango"), None),
])
def test_scales_read_from_answer_labels(labels, scale):
    verdict = fit_labels(labels)
    assert (verdict.scale if verdict else None) == scale
