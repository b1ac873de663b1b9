"""The Data page's mapping panel, templates and help, and its server-side checks, through
AppTest on real database files and real export bytes."""

from __future__ import annotations

import tomllib

from streamlit.testing.v1 import AppTest

from dashboard.config import PROJECT_ROOT, SAMPLE_DIR
from dashboard.ingest import ingest_files, list_profiles
from dashboard.plan.templates import EXPORT_HELP, question_set_text, template_kinds
from dashboard.store import db
from tests.apptest import app, click, open_page, plain, shown_table, sign_in, texts
from tests.conftest import REAL_DIR, table_counts

BETTER = REAL_DIR / "qualtricstools" / "Better_Sample_Survey.csv"


def widget_prefix(at: AppTest) -> str:
    """The mapping form's key prefix for the one file shown (keys hold its content hash)."""
    [key] = [s.key for s in at.selectbox if s.key and s.key.endswith("-col-leader_id")]
    return key.removesuffix("-col-leader_id")


def next_month(data: bytes) -> bytes:
    """The same survey a month later: the same header rows, other responses."""
    lines = data.decode("utf-8").splitlines(keepends=True)
    return ("".join(lines[:3]) + "".join(line.replace("R_", "R_aug").replace("2016-07", "2016-08")
                                         for line in lines[3:])).encode("utf-8")


def test_a_qualtrics_export_is_mapped_once_and_next_months_export_by_the_profile(on_empty):
    data = BETTER.read_bytes()
    at = open_page("data")
    at.file_uploader[0].set_value(("Better_Sample_Survey.csv", data, "text/csv")).run()
    assert plain(at.expander[0].label) == ("Better_Sample_Survey.csv — pulse survey responses from "
                                           "Qualtrics 2016-17 'Insights' CSV: confirm the mapping "
                                           "(3 decision(s) open)")
    assert "Detected:** Qualtrics 2016-17 'Insights' CSV" in texts(at.markdown)
    assert "Leader: not in the file and the roster is empty" in texts(at.warning)
    assert "Nothing to import yet: settle the mapping decisions above" in texts(at.warning)
    fields = shown_table(at.table[0]).set_index("Field")
    assert fields.loc["Response id", "Comes from"] == "ResponseID"
    questions = at.dataframe[0].value
    assert len(questions) == 13 and questions.loc[0, "Scale"] == "1–5 (likert5)"
    assert "`IPAddress`" in texts(at.markdown)  # dropped: personal data
    assert not [b for b in at.button if b.label.startswith("Import")]

    prefix = widget_prefix(at)
    at.text_input(key=f"{prefix}-set-leader_id").set_value("L01")
    at.selectbox(key=f"{prefix}-set-rater_type").set_value("direct_report")
    at.selectbox(key=f"{prefix}-scale-q2_favorite").set_value("likert7")
    at.text_input(key=f"{prefix}-profile").set_value("qualtrics pulse")
    click(at, "Preview with these choices")
    assert plain(at.expander[0].label) == ("Better_Sample_Survey.csv — pulse survey responses: 10 rows "
                                           "ready to import, 77 answers")
    fields = shown_table(at.table[0]).set_index("Field")
    assert fields.loc["Leader", "Comes from"] == "= L01 (set for the whole file)"
    assert at.dataframe[0].value.loc[0, "Scale"] == "1–7 (likert7)"
    with db.session(on_empty) as con:  # previewing stores nothing, not even the profile
        assert list_profiles(con).empty
        assert con.execute("select count(*) from pulse_response").fetchone() == (0,)

    at.button(key="data_import").click().run()
    assert not at.exception
    assert "Better_Sample_Survey.csv — pulse survey responses: 10 rows stored, 77 answers" in \
        plain(at.success[0].value)
    assert "saved profile 'qualtrics pulse'" in texts(at.caption)
    with db.session(on_empty) as con:
        assert list(list_profiles(con)["name"]) == ["qualtrics pulse"]
        assert con.execute("select distinct leader_id, rater_type from pulse_response").fetchall() \
            == [("L01", "direct_report")]
        assert con.execute("select scale from questions where question_id = 'q2_favorite'"
                           ).fetchone() == ("likert7",)

    at.file_uploader[0].set_value(("qualtrics-august.csv", next_month(data), "text/csv")).run()
    assert plain(at.expander[0].label) == ("qualtrics-august.csv — pulse survey responses: 10 rows ready "
                                           "to import, 77 answers")
    assert "Mapped with the saved profile **qualtrics pulse**" in texts(at.caption)
    at.button(key="data_import").click().run()
    with db.session(on_empty) as con:
        assert con.execute("select count(*) from pulse_response").fetchone() == (20,)


def test_the_upload_limit_is_the_servers_configured_one(on_empty):
    config = tomllib.loads((PROJECT_ROOT / ".streamlit" / "config.toml").read_text("utf-8"))
    limit = config["server"]["maxUploadSize"]
    at = open_page("data")
    assert f"Up to {limit:,} MB per file (the server's `maxUploadSize`)" in texts(at.caption)


def test_templates_the_question_set_and_export_notes_are_on_the_data_page(on_empty):
    at = open_page("data")
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == [f"{kind}.csv" for kind in template_kinds()] + [
        "questions.csv (the question catalogue)"]
    assert at.code[0].value == question_set_text()
    notes = texts(at.markdown)
    assert all(f"**{tool}** — {text}" in notes for tool, text in EXPORT_HELP.items())
    assert at.expander[0].proto.expanded  # open while nothing is loaded


def test_a_viewer_never_reaches_the_data_page(tmp_path, monkeypatch):
    """The router refuses the page on the server (not just by hiding its link), so a viewer
    gets no uploader and no undo at all."""
    path = tmp_path / "data.duckdb"
    with db.session(path) as con:
        assert all(r.ok for r in ingest_files(con, [SAMPLE_DIR / "roster.csv"]))
        before = table_counts(con)
    monkeypatch.setenv("EMPATHY_DB", str(path))
    at = sign_in(app(), "vera@example.com", roles={"viewers": ["vera@example.com"]}).run()
    at.switch_page("app_pages/data.py").run()
    assert "needs the analyst role" in texts(at.error) + texts(at.warning) + texts(at.info)
    assert len(at.file_uploader) == 0 and not at.exception
    with db.session(path) as con:
        assert table_counts(con) == before


def _use_of(at: AppTest, header: str):
    """The 'use as' choice and the question-id box of the column named ``header``."""
    [use] = [s for s in at.selectbox if s.key and "-use-" in s.key and plain(s.label).endswith(f" · {header}: use as")]
    return use, at.text_input(key=use.key.replace("-use-", "-qid-"))


def test_questions_are_renamed_and_columns_dropped_on_the_page(on_empty):
    at = open_page("data")
    at.file_uploader[0].set_value(("Better_Sample_Survey.csv", BETTER.read_bytes(), "text/csv")).run()
    prefix = widget_prefix(at)
    at.text_input(key=f"{prefix}-set-leader_id").set_value("L01")
    at.selectbox(key=f"{prefix}-set-rater_type").set_value("direct_report")
    use, qid = _use_of(at, "q4_rank_3")
    use.set_value("drop")
    use, qid = _use_of(at, "q2_favorite")
    qid.set_value("my question!")
    click(at, "Preview with these choices")
    assert "q2_favorite`: a question needs an id of letters, digits, _ . - (not 'my question!')" \
        in texts(at.error)
    assert at.dataframe[0].value["Question id"].tolist()[0] == "q2_favorite"  # nothing changed

    use, qid = _use_of(at, "q2_favorite")
    qid.set_value("favourite")
    use, _ = _use_of(at, "Status")
    use.set_value("drop")
    at.text_input(key=f"{prefix}-profile").set_value("renamed")
    click(at, "Preview with these choices")
    assert plain(at.expander[0].label) == ("Better_Sample_Survey.csv — pulse survey responses: 10 rows "
                                           "ready to import, 74 answers")  # 77 without q4_rank_3's
    ids = at.dataframe[0].value["Question id"].tolist()
    assert "favourite" in ids and "q2_favorite" not in ids and "q4_rank_3" not in ids
    dropped = next(m.value for m in at.markdown if m.value.startswith("**Dropped**"))
    assert "`q4_rank_3`" in dropped and "`Status`" in dropped
    click(at, "Preview with these choices")  # earlier choices are kept when previewing again
    assert "favourite" in at.dataframe[0].value["Question id"].tolist()

    at.button(key="data_import").click().run()
    assert not at.exception
    with db.session(on_empty) as con:
        stored = {q for (q,) in con.execute("select distinct question_id from pulse_answer").fetchall()}
        extras = con.execute("select extra from pulse_response limit 1").fetchone()[0] or ""
    assert "favourite" in stored and not {"q2_favorite", "q4_rank_3"} & stored
    assert '"status"' not in str(extras) and '"start_date"' in str(extras)  # kept by name
