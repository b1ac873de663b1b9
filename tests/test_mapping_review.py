"""The mapping of survey-tool exports as the Data page shows and edits it, on real exports
and a real database: what is proposed, what is open in the page's words, and edits that turn
a file needing decisions into one ready to import — without storing anything."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from dashboard.ingest import propose
from dashboard.ingest.mapping_review import (
    MappingEdits,
    basis_text,
    column_label,
    confidence_text,
    fields_frame,
    from_tool,
    layout_text,
    new_questions,
    open_decisions,
    page_words,
    proposed_columns,
    questions_frame,
)
from dashboard.ingest.uploads import Upload, headline, import_uploads, preview
from tests.conftest import REAL_DIR, as_real_responses, table_counts

# its rows are generated test responses (Status 2), never counted: the live-distribution copy
BETTER = as_real_responses(REAL_DIR / "qualtricstools" / "Better_Sample_Survey.csv",
                           Path(tempfile.mkdtemp(prefix="empathy-test-")))
PILOT = Path(__file__).parent / "fixtures" / "formats" / "qualtrics_pilot.csv"
SET_LEADER_AND_RATER = MappingEdits(constants=(("leader_id", "L01"), ("rater_type", "direct_report")))


def test_the_proposal_of_a_real_qualtrics_export_reads_as_a_table(con):
    det = propose(BETTER, con)
    assert from_tool(det) and det.layout == "qualtrics_insights"
    assert layout_text(det).startswith("Qualtrics 2016-17 'Insights' CSV (3 header rows, ImportId "
                                       "as a Python dict) — recognised 98% sure: third header row")
    assert confidence_text(det) == ("Mapping confidence 60% (low): check the choices marked below "
                                    "90% before importing.")
    fields = fields_frame(det).set_index("Field")
    assert list(fields.index) == ["Response id", "Submitted at", "Respondent", "Rater type",
                                  "Leader", "Comment"]
    assert fields.loc["Submitted at", "Comes from"] == "EndDate"
    assert fields.loc["Leader", "Comes from"] == "(not in the file)"
    questions = questions_frame(det)
    assert len(questions) == 13 and set(questions["Status"]) == {"new: confirm by naming a profile"}
    assert questions.loc[0, ["Column", "Question id", "Scale"]].tolist() == [
        "q2_favorite", "q2_favorite", "1–5 (likert5)"]
    assert "IPAddress" in det.dropped and "StartDate" in det.kept


def test_open_decisions_point_at_the_page_not_at_command_line_flags(con):
    det = propose(BETTER, con)
    assert open_decisions(det) == [
        "Leader: not in the file and the roster is empty — choose its column or set one value "
        "for the whole file below, or import the roster first",
        "Rater type: not in the file and the roster is empty — choose its column or set one "
        "value for the whole file below, or import the roster first",
        "New questions to confirm (13): they are not in the question catalogue — check their "
        "scales below and name a profile to confirm them (or import the question catalogue first)"]
    assert not any("--" in line for line in open_decisions(det))


@pytest.mark.parametrize("problem, page", [
    ("submitted_at: several columns could be it ('EndDate', 'Time'); choose one with "
     "--map submitted_at=COLUMN",
     "Submitted at: several columns could be it ('EndDate', 'Time') — choose one under Fields below"),
    ("response_id: no column holds it; name one with --map response_id=COLUMN",
     "Response id: no column holds it — choose its column under Fields below"),
    ("Q7: cannot tell the scale of q7 from its answers; give it with --scale q7=likert5",
     "Q7: cannot tell the scale of q7 from its answers — choose its scale below"),
    ("profile 'p' expects a column 'q9' that this file does not have",
     "profile 'p' expects a column 'q9' that this file does not have"),
])
def test_each_kind_of_open_decision_is_said_for_the_page(problem, page):
    assert page_words(problem) == page


def test_edits_by_position_make_the_file_ready_and_the_preview_stores_nothing(con):
    before = table_counts(con)
    upload = Upload("better.csv", BETTER.read_bytes())
    first = preview(con, [upload])[0]
    assert first.status == "mapping" and first.needs_mapping and not first.ready
    assert headline(first) == ("better.csv — pulse survey responses from Qualtrics 2016-17 "
                               "'Insights' CSV: confirm the mapping (3 decision(s) open)")
    det = first.detection
    end = proposed_columns(det, "submitted_at")[0]
    assert column_label(det, end) == "#5 · EndDate"
    edits = MappingEdits(columns=(("submitted_at", 3),),  # StartDate instead
                         constants=SET_LEADER_AND_RATER.constants,
                         scales=(("q2_favorite", "likert7"),), profile="qualtrics pulse")
    edited = edits.applied_to(upload)
    assert (edited.overrides, edited.save_profile) == ((("submitted_at", "#4"),), "qualtrics pulse")
    assert edited.key != upload.key  # an edit is previewed again
    second = preview(con, [edited])[0]
    assert second.status == "ready", second.result.problem_lines()
    fields = fields_frame(second.detection).set_index("Field")
    assert fields.loc["Submitted at", "Comes from"] == "StartDate"
    assert fields.loc["Submitted at", "Based on"] == "your choice"
    assert fields.loc["Leader", "Based on"] == "your choice: one value for the whole file"
    scales = {qid: scale for qid, _header, scale in new_questions(second.detection)}
    assert scales["q2_favorite"] == "likert7" and scales["q4_rank_1"] == "likert5"
    assert table_counts(con) == before
    assert con.execute("select count(*) from import_profile").fetchone() == (0,)


def test_importing_with_a_profile_name_saves_it_and_the_next_export_uses_it(con, tmp_path):
    edits = MappingEdits(constants=SET_LEADER_AND_RATER.constants, profile="qualtrics pulse")
    upload = edits.applied_to(Upload("better.csv", BETTER.read_bytes()))
    checked = preview(con, [upload])
    done = import_uploads(con, [upload], checked, replace=False, user="ana")[0]
    assert done.status == "imported", done.result.problem_lines()
    lines = BETTER.read_text(encoding="utf-8").splitlines(keepends=True)
    august = "".join(lines[:3]) + "".join(line.replace("R_", "R_aug") for line in lines[3:])
    later = preview(con, [Upload("august.csv", august.encode())])[0]
    assert later.status == "ready" and later.detection.profile == "qualtrics pulse"
    assert "using profile 'qualtrics pulse' (saved for this layout)" in later.result.notes
    assert fields_frame(later.detection).set_index("Field").loc["Leader", "Comes from"] == \
        "= L01 (set for the whole file)"


def test_a_canonical_file_is_not_a_survey_tool_export(con):
    upload = Upload("questions.csv", b"question_id,text,scale\nq1,Clear,likert5\n")
    checked = preview(con, [upload])[0]
    assert checked.status == "ready" and not from_tool(checked.detection)


@pytest.mark.parametrize("basis, text", [
    ("--set", "your choice: one value for the whole file"),
    ("--map", "your choice"),
    ("--map; answers 1–5: likert5", "your choice (answers 1–5: likert5)"),
    ("--scale likert7", "your choice"),
    ("catalogue, by question text", "catalogue, by question text"),
])
def test_what_a_decision_was_based_on_is_said_without_flags(basis, text):
    assert basis_text(basis) == text


def test_a_file_with_its_own_leader_and_rater_columns_only_needs_its_questions_confirmed(con):
    det = preview(con, [Upload("pilot.csv", PILOT.read_bytes())])[0].detection
    assert [line.split(":")[0] for line in open_decisions(det)] == ["New questions to confirm (3)"]
    assert fields_frame(det).set_index("Field").loc["Leader", "Comes from"] == "LeaderID"
