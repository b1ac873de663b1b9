"""``detect``, ``profiles`` and the mapping options of ``ingest``, run as an analyst runs them."""

from __future__ import annotations

import json
from pathlib import Path

from dashboard.cli import main
from tests.conftest import REAL_DIR
from tests.test_cli import cli

FORMATS = Path(__file__).parent / "fixtures" / "formats"
MODERN = REAL_DIR / "qualtrics" / "qualtrics_modern.csv"


def test_detect_prints_layout_confidence_and_mapping_as_json(tmp_path):
    db = tmp_path / "x.duckdb"
    done = cli("detect", str(MODERN), "--format", "json", db=db)
    assert done.returncode == 1, done.stderr  # leader, rater type and a new question to settle
    shown = json.loads(done.stdout)
    assert (shown["layout"], shown["confidence"], shown["kind"], shown["header_records"],
            shown["rows"], shown["ready"]) == ("qualtrics", 0.6, "pulse", 3, 1, False)
    assert shown["fields"]["response_id"]["columns"] == ["ResponseId"]
    assert shown["fields"]["respondent_id"]["columns"] == ["ExternalReference", "RecipientEmail"]
    assert shown["fields"]["respondent_id"]["anonymous"] is True
    assert shown["fields"]["comment"]["columns"] == ["Q2"]
    assert [(q["column"], q["question_id"], q["scale"], q["new"]) for q in shown["questions"]] == [
        ("Q1", "q1", "likert5", True)]
    assert shown["dropped"] == ["IPAddress", "RecipientLastName", "RecipientFirstName",
                                "LocationLatitude", "LocationLongitude"]
    assert [p.split(":")[0] for p in shown["problems"]] == [
        "leader_id", "rater_type", "new questions to confirm (1)"]


def test_detect_text_then_ingest_with_set_and_save_profile_then_next_file_needs_no_flags(tmp_path):
    db = tmp_path / "x.duckdb"
    detect = cli("detect", str(FORMATS / "surveymonkey.csv"), db=db)
    assert detect.returncode == 1
    assert "layout: surveymonkey — SurveyMonkey export (2 header rows: questions, then " \
           "sub-labels)" in detect.stdout
    assert "dropped (personal data): IP Address, First Name, Last Name" in detect.stdout

    done = cli("ingest", str(FORMATS / "surveymonkey.csv"), "--map", "leader_id=Custom Data 1",
               "--map", "rater_type=Custom Data 2", "--save-profile", "sm-pulse", db=db)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "surveymonkey.csv: pulse (surveymonkey), 4 rows stored, " \
                                  "11 answers, import 1"
    assert "note: saved profile 'sm-pulse' (surveymonkey)" in done.stderr

    again = cli("ingest", str(FORMATS / "surveymonkey.xlsx"), "--replace", db=db)
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip() == ("surveymonkey.xlsx: pulse (surveymonkey), 4 rows stored, "
                                    "11 answers, 4 earlier rows replaced, import 2")
    assert "note: using profile 'sm-pulse' (saved for this layout)" in again.stderr


def run_main(capsys, *args: str) -> tuple[int, str, str]:
    """The CLI in this process: same parser and commands, without starting Python again."""
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_profiles_are_listed_shown_and_deleted(tmp_path, capsys):
    db = str(tmp_path / "x.duckdb")
    code, _out, _err = run_main(capsys, "ingest", str(FORMATS / "surveymonkey.csv"), "--map",
                                "leader_id=Custom Data 1", "--map", "rater_type=Custom Data 2",
                                "--save-profile", "sm-pulse", "--db", db)
    assert code == 0
    code, out, _err = run_main(capsys, "profiles", "--format", "json", "--db", db)
    assert [(p["name"], p["layout"], p["kind"]) for p in json.loads(out)] == [
        ("sm-pulse", "surveymonkey", "pulse")]
    code, out, _err = run_main(capsys, "profiles", "--db", db)
    assert out.splitlines()[0].split() == ["name", "layout", "kind", "mapping", "updated_at",
                                           "updated_by"]
    assert out.splitlines()[2].startswith("sm-pulse  surveymonkey  pulse  6 fields; 3 questions")
    code, out, _err = run_main(capsys, "profiles", "--show", "sm-pulse", "--db", db)
    assert json.loads(out)["mapping"]["fields"]["leader_id"] == {"columns": ["custom_data_1"]}
    code, out, _err = run_main(capsys, "profiles", "--delete", "sm-pulse", "--db", db)
    assert out.strip() == "deleted profile 'sm-pulse'"
    code, out, _err = run_main(capsys, "profiles", "--db", db)
    assert out.startswith("no profiles saved yet")
    code, _out, err = run_main(capsys, "profiles", "--show", "sm-pulse", "--db", db)
    assert (code, err.strip()) == (2, "error: no profile named 'sm-pulse' (see: python -m "
                                      "dashboard profiles)")


def test_detect_save_profile_confirms_and_ingest_then_needs_nothing(tmp_path):
    db = tmp_path / "x.duckdb"
    saved = cli("detect", str(MODERN), "--set", "leader_id=L01", "--set",
                "rater_type=direct_report", "--save-profile", "sample", db=db)
    assert saved.returncode == 0, saved.stdout
    assert saved.stdout.splitlines()[-2:] == [
        "ready to import",
        "saved profile 'sample': later files with this layout use it automatically"]
    done = cli("ingest", str(MODERN), db=db)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "qualtrics_modern.csv: pulse (qualtrics), 1 rows stored, " \
                                  "1 answers, import 1"


def test_mapping_problems_and_bad_options_are_messages_not_tracebacks(tmp_path, capsys):
    db = str(tmp_path / "x.duckdb")
    code, out, _err = run_main(capsys, "detect", str(FORMATS / "unknown.csv"), "--db", db)
    assert code == 1
    assert out.startswith("unknown.csv: layout not recognised\ncould not tell which kind of data "
                          "this is")
    code, _out, err = run_main(capsys, "ingest", str(MODERN), "--map", "leader_id", "--db", db)
    assert (code, err.strip()) == (2, "error: --map 'leader_id': expected NAME=VALUE")
    code, _out, err = run_main(capsys, "detect", str(MODERN), "--map", "leader_id=Boss", "--db", db)
    assert (code, err.strip()) == (2, "error: --map leader_id=Boss: the file has no column 'Boss'")
    code, _out, err = run_main(capsys, "ingest", str(MODERN), "--profile", "nope", "--db", db)
    assert (code, err.strip()) == (1, "qualtrics_modern.csv:1: (mapping): no profile named 'nope' "
                                      "(none saved yet; create one with --save-profile NAME)")
    code, _out, err = run_main(capsys, "ingest", str(MODERN), str(MODERN), "--save-profile", "x",
                               "--db", db)
    assert (code, err.strip()) == (2, "error: --save-profile takes one file (the one whose "
                                      "mapping you confirm)")
    code, _out, err = run_main(capsys, "detect", str(FORMATS / "unknown.csv"), "--save-profile", "x",
                               "--db", db)
    assert (code, err.strip()) == (2, "error: unknown.csv: nothing to save, the layout is not "
                                      "recognised")
