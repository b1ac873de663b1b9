"""``detect``, ``profiles`` and the mapping options of ``ingest``, run as an analyst runs them."""

from __future__ import annotations

import json
from pathlib import Path

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

    listed = cli("profiles", "--format", "json", db=db)
    profiles = json.loads(listed.stdout)
    assert [(p["name"], p["layout"], p["kind"]) for p in profiles] == [
        ("sm-pulse", "surveymonkey", "pulse")]

    again = cli("ingest", str(FORMATS / "surveymonkey.xlsx"), "--replace", db=db)
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip() == ("surveymonkey.xlsx: pulse (surveymonkey), 4 rows stored, "
                                    "11 answers, 4 earlier rows replaced, import 2")
    assert "note: using profile 'sm-pulse' (saved for this layout)" in again.stderr

    shown = json.loads(cli("profiles", "--show", "sm-pulse", db=db).stdout)
    assert shown["mapping"]["fields"]["leader_id"] == {"columns": ["custom_data_1"]}
    deleted = cli("profiles", "--delete", "sm-pulse", db=db)
    assert deleted.stdout.strip() == "deleted profile 'sm-pulse'"
    assert cli("profiles", db=db).stdout.startswith("no profiles saved yet")


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


def test_mapping_problems_and_bad_options_are_messages_not_tracebacks(tmp_path):
    db = tmp_path / "x.duckdb"
    unknown = cli("detect", str(FORMATS / "unknown.csv"), db=db)
    assert unknown.returncode == 1
    assert unknown.stdout.startswith("unknown.csv: layout not recognised\ncould not tell which "
                                     "kind of data this is")
    bad_map = cli("ingest", str(MODERN), "--map", "leader_id", db=db)
    assert bad_map.returncode == 2
    assert bad_map.stderr.strip() == "error: --map 'leader_id': expected NAME=VALUE"
    no_column = cli("detect", str(MODERN), "--map", "leader_id=Boss", db=db)
    assert no_column.returncode == 2
    assert no_column.stderr.strip() == ("error: --map leader_id=Boss: the file has no column "
                                        "'Boss'")
    no_profile = cli("ingest", str(MODERN), "--profile", "nope", db=db)
    assert no_profile.returncode == 1
    assert no_profile.stderr.strip() == ("qualtrics_modern.csv:1: (mapping): no profile named "
                                         "'nope' (none saved yet; create one with "
                                         "--save-profile NAME)")
    two = cli("ingest", str(MODERN), str(MODERN), "--save-profile", "x", db=db)
    assert two.returncode == 2
    assert "--save-profile takes one file" in two.stderr
    assert "Traceback" not in "".join(d.stderr for d in (unknown, bad_map, no_column, no_profile,
                                                         two))
