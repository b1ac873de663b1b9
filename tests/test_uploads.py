"""Uploaded bytes checked and imported with real files and a real database: a preview
changes nothing, a bad file shows every problem and changes nothing, the same file twice is
harmless, a batch imports lookup files first."""

from __future__ import annotations

import duckdb
import pytest

from dashboard.config import SAMPLE_DIR
from dashboard.ingest.uploads import (
    Upload,
    headline,
    import_order,
    import_uploads,
    mapping_frame,
    may_depend_on_batch,
    preview,
    problems_frame,
    staged,
)
from dashboard.store import db
from tests.conftest import table_counts

# X1's respondent is not on the roster, so its rater type cannot be filled in from there
BAD_PULSE = (b"response_id,submitted_at,respondent_id,rater_type,leader_id,understood\n"
             b"X1,2026-11-03,Z9999,boss,L001,3\n"
             b"X2,2026-11-03,M0003,peer,L001,9\n"
             b"X1,2026-11-04,M0004,peer,L001,3\n")
NEW_QUESTIONS = b"question_id,text,scale\nclarity,My leader writes clearly,likert5\n"
NEW_PULSE = (b"Response ID,Submitted at,Respondent ID,Rater type,Leader ID,clarity,Full name,Email\n"
             b"N1,2026-11-03 10:00,M0002,peer,L001,4,Ann Example,ann@example.com\n"
             b"N2,2026-11-03 11:00,M0003,direct report,L001,Agree,Bo Example,bo@example.com\n")


@pytest.fixture
def demo(demo_db) -> duckdb.DuckDBPyConnection:
    connection = db.connect(demo_db)
    yield connection
    connection.close()


def sample(name: str) -> Upload:
    return Upload(name, (SAMPLE_DIR / name).read_bytes())


def test_staged_files_keep_their_bytes_get_safe_names_and_disappear():
    uploads = [Upload("../../etc/passwd.csv", b"a,b\n1,2\n"), Upload("book.XLSX", b"PK")]
    with staged(uploads) as paths:
        assert [p.read_bytes() for p in paths] == [b"a,b\n1,2\n", b"PK"]
        assert [p.name for p in paths] == ["upload-000.csv", "upload-001.xlsx"]
        folder = paths[0].parent
    assert not folder.exists()


def test_a_bad_file_shows_every_problem_with_its_line_and_changes_nothing(demo):
    before = table_counts(demo)
    checked = preview(demo, [Upload("pulse-march.csv", BAD_PULSE)])[0]
    assert checked.status == "problems" and not checked.ready
    report = problems_frame(checked.result)
    assert list(report.columns) == ["Line", "Column", "Problem"]
    assert list(report["Line"]) == [2, 3, 4]
    assert "unknown rater type 'boss'" in report.loc[0, "Problem"]
    assert "outside the likert5" in report.loc[1, "Problem"]
    assert report.loc[2, "Problem"] == "duplicate key: the same as line 2"
    assert headline(checked).startswith("pulse-march.csv — pulse survey responses: 3 problem(s)")
    done = import_uploads(demo, [checked.upload], [checked], replace=False, user="analyst")
    assert done[0].status == "problems"
    assert table_counts(demo) == before


def test_a_preview_shows_what_was_detected_and_stores_nothing(demo):
    before = table_counts(demo)
    batch = [Upload("new-pulse.csv", NEW_PULSE), Upload("questions-v2.csv", NEW_QUESTIONS)]
    checked = preview(demo, batch)
    assert table_counts(demo) == before
    questions = checked[1]
    assert questions.status == "ready" and questions.result.rows == 1
    assert headline(questions) == ("questions-v2.csv — question catalogue: 1 rows ready to "
                                   "import")
    assert mapping_frame(questions.details).to_dict("list") == {
        "Column in the file": ["question_id", "text", "scale"],
        "Used as": ["field question_id", "field text", "field scale"]}
    # the pulse file names a question only the batch's catalogue holds
    assert checked[0].status == "problems"
    assert may_depend_on_batch(checked)
    assert import_order(checked) == [1, 0]


def test_a_batch_imports_lookup_files_first_and_drops_personal_columns(demo):
    batch = [Upload("new-pulse.csv", NEW_PULSE), Upload("questions-v2.csv", NEW_QUESTIONS)]
    checked = preview(demo, batch)
    done = import_uploads(demo, batch, checked, replace=False, user="analyst@example.com")
    assert [c.upload.name for c in done] == ["questions-v2.csv", "new-pulse.csv"]
    assert [c.status for c in done] == ["imported", "imported"]
    pulse = done[1]
    assert pulse.result.rows == 2 and pulse.result.answers == 2
    assert set(pulse.details["dropped"]) == {"Full name", "Email"}
    used = mapping_frame(pulse.details).set_index("Column in the file")["Used as"]
    assert used["Email"] == "dropped: personal data" and used["clarity"] == "question clarity"
    log = demo.execute("select file_name, imported_by, source from import_log "
                       "order by import_id desc limit 2").fetchall()
    assert log == [("new-pulse.csv", "analyst@example.com", "upload"),
                   ("questions-v2.csv", "analyst@example.com", "upload")]
    stored = demo.execute("select count(*) from pulse_answer where question_id = 'clarity'").fetchone()
    assert stored == (2,)
    assert "ann@example.com" not in str(demo.execute("select * from pulse_response").fetchall())


def test_the_same_file_twice_is_harmless_and_says_so(demo):
    before = table_counts(demo)
    checked = preview(demo, [sample("schedule.csv"), sample("schedule.csv")])
    assert [c.status for c in checked] == ["already imported", "already imported"]
    assert "identical to import 2; importing it again changes nothing" in headline(checked[0])
    done = import_uploads(demo, [c.upload for c in checked], checked, replace=False, user="a")
    assert [c.status for c in done] == ["already imported", "already imported"]
    assert table_counts(demo) == before


def test_replace_earlier_rows_takes_a_corrected_export(demo):
    corrected = (SAMPLE_DIR / "schedule.csv").read_text().replace("2026-06-19", "2026-06-26")
    upload = Upload("schedule-corrected.csv", corrected.encode())
    refused = preview(demo, [upload])[0]
    assert refused.status == "problems"
    assert "already stored" in " ".join(problems_frame(refused.result)["Problem"])
    checked = preview(demo, [upload], replace=True)
    assert checked[0].status == "ready" and checked[0].result.replaced == 4
    done = import_uploads(demo, [upload], checked, replace=True, user="a")
    assert done[0].result.replaced == 4
    assert "4 earlier rows" in headline(done[0])


def test_progress_is_reported_for_the_whole_batch(demo):
    seen: list[tuple[float, str]] = []
    preview(demo, [sample("schedule.csv"), Upload("bad.csv", BAD_PULSE)],
            progress=lambda fraction, step: seen.append((fraction, step)))
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert any(step.startswith("bad.csv: ") for _, step in seen)
