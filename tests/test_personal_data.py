"""Personal data never reaches the database file in clear: e-mail addresses in every spelling
and people's names used as ids are hashed (response ids too), kept columns holding addresses
are dropped, contact details in comments are masked, file names in the logs lose their
addresses — checked by scanning every text column of a real database file and its backup."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from dashboard.config import PROJECT_ROOT
from dashboard.ingest import ingest_file, ingest_files, propose
from dashboard.store import db, ids, sql
from dashboard.store.backup import backup
from tests.personal_data import leaks, parquet_leaks, personal

UPGRADE = PROJECT_ROOT / "tests" / "fixtures" / "upgrade"
INPUTS = UPGRADE / "inputs"
QUESTIONS = (INPUTS / "questions.csv").read_text(encoding="utf-8")


def _pseudonym(con, value: str) -> str:
    return ids.pseudonym(con, value, "0" * 32)


# --- the rules, one spelling at a time -----------------------------------------------------


@pytest.mark.parametrize("spelling", [
    "ann@example.com", "ANN@EXAMPLE.COM", "  ann@example.com \t", "ann%40example.com",
    "ann%40example%2Ecom", "ａｎｎ＠ｅｘａｍｐｌｅ．ｃｏｍ", "ann＠example.com", "mailto:ann@example.com",
    '"Ann Lee" <ann@example.com>', "Ann Lee <ANN@example.com>", "ann (at) example (dot) com",
    "ann[at]example.com", "ann {at} example [dot] com", "ann at example dot com",
])
def test_an_address_in_any_spelling_is_one_pseudonym(con, spelling):
    assert ids.needs_hash(con, spelling)
    assert _pseudonym(con, spelling) == _pseudonym(con, "ann@example.com")
    assert _pseudonym(con, spelling).startswith("anon-")


@pytest.mark.parametrize("spelling", ["Ann Smith", "Smith, Ann", "ann  smith", "SMITH,ANN"])
def test_a_name_as_an_id_is_hashed_in_either_order(con, spelling):
    assert ids.needs_hash(con, spelling)
    assert _pseudonym(con, spelling) == _pseudonym(con, "Ann Smith") != _pseudonym(con, "Ann Smyth")


@pytest.mark.parametrize("value", ["M0001", "R_3kx9", "L01", "EMP-00123", "jsmith", "Team 7",
                                   "anon-3c798f6fba31551b8619", "r-1a2b3c4d5e6f7a8b", "12345"])
def test_ids_that_are_no_address_and_no_name_are_kept_as_given(con, value):
    assert not ids.needs_hash(con, value)
    assert _pseudonym(con, f" {value} ") == value


@pytest.mark.parametrize(("text", "masked", "emails", "phones"), [
    ("Call me on +44 20 7946 0958 or mail ann@example.com",
     "Call me on [phone] or mail [e-mail]", 1, 1),
    ("ring 555-123-4567, or (555) 123-4567, or 0612345678", "ring [phone], or [phone], or [phone]", 0, 3),
    ("reach me: ｌｅｅ＠ｅｘａｍｐｌｅ．ｃｏｍ", "reach me: [e-mail]", 1, 0),
    ("bob%40example.com or carl (at) example (dot) com or dee at example dot org",
     "[e-mail] or [e-mail] or [e-mail]", 3, 0),
    ("mailto:ANN.LEE@EXAMPLE.CO.UK.", "mailto:[e-mail].", 1, 0),
    # dates, times, scores and short numbers are no phone numbers
    *[(text, text, 0, 0) for text in ["on 2026-03-14 we met at 3.30, rated 4 of 5; room 1204"]],
])
def test_contact_details_in_comments_are_masked(con, text, masked, emails, phones):
    ids.create_macros(con)
    got = con.execute("select mask_contact($t), email_count($t), phone_count($t)", {"t": text}).fetchone()
    assert got == (masked, emails, phones)
    assert not personal(got[0])


@pytest.mark.parametrize(("name", "logged"), [
    ("pulse-ann@example.com.csv", "….csv"),
    ("March pulse (ann@example.com).xlsx", "March pulse (…).xlsx"),
    ("pulse ann%40example.com.csv", "pulse ….csv"),
    ("pulse_ann%40example.com.csv", "….csv"),  # '_' may be part of an address: all of it goes
    ("ann@example.com", "…"),
    ("pulse-march.csv", "pulse-march.csv"),
])
def test_file_names_lose_their_address(con, name, logged):
    assert ids.mask_file_name(con, name) == logged


# --- a real import of payload exports, then a scan of the whole file ------------------------


def _payloads(tmp_path: Path) -> list[Path]:
    folder = tmp_path / "exports"
    shutil.copytree(INPUTS, folder)
    return sorted(folder.iterdir())


def test_no_address_or_name_is_stored_anywhere_in_the_database_or_its_backup(db_path, tmp_path):
    """E-mail addresses in every spelling as respondent, person and response ids, a leader set
    to an address for a whole Qualtrics file, kept columns holding addresses (a roster column,
    a pulse column, Qualtrics embedded data), comments with addresses and phone numbers, a
    file name holding an address: afterwards no text column of any table, and no file of the
    backup, holds an address or a name."""
    exports = _payloads(tmp_path)
    assert any(personal(p.read_text(encoding="utf-8")) for p in exports)  # the payloads do carry them
    with db.session(db_path) as con:
        results = ingest_files(con, [p for p in exports if p.name != "qualtrics-march.csv"])
        results.append(ingest_file(con, tmp_path / "exports" / "qualtrics-march.csv",
                                   constants={"leader_id": "lead.two@example.com"},
                                   save_profile="qualtrics pulse"))
        assert all(r.ok for r in results), [r.problem_lines() for r in results]
        notes = {r.file_name: r.notes for r in results}
        found = leaks(con)
        backup(con, tmp_path / "bk")
        assert sql.scalar(con, "ops/meta_get", {"key": "id_salt"}) is None
        log = {name: json.loads(details) for name, details in
               con.execute("select file_name, details from import_log").fetchall()}
        targets = [t for (t,) in con.execute("select target from audit_log").fetchall()]
        stored = con.execute("select count(*), count(distinct respondent_id) from pulse_response").fetchone()
    assert found == []
    assert parquet_leaks(tmp_path / "bk") == []
    assert stored == (56, 24)  # every response kept, each person once
    pulse = notes["pulse-ann@example.com.csv"]
    # ann%40…, ＢＯＢ＠…, hal (at) …, ian[at]…, kay@…; Fay Smith, "Smith, Gus", Jo Park
    assert "respondent_id: 5 e-mail address(es) stored as salted hashes, never in clear" in pulse
    assert any(n.startswith("respondent_id: 3 value(s) look like people's names") for n in pulse)
    assert "response_id: 3 e-mail address(es) stored as salted hashes, never in clear" in pulse
    assert "contact: 6 value(s) look like e-mail addresses, IP addresses or coordinates: dropped as " \
           "personal data" in pulse
    assert "comments: 20 e-mail address(es) and 19 phone number(s) masked before storage" in pulse
    assert any(n.startswith("manager_contact: 2 value(s)") for n in notes["roster.csv"])
    qualtrics = notes["qualtrics-march.csv"]
    assert "dropped personal-data columns: IPAddress, RecipientLastName, RecipientFirstName, " \
           "LocationLatitude, LocationLongitude, ContactEmail" in qualtrics
    assert "comments: 3 e-mail address(es) and 3 phone number(s) masked before storage" in qualtrics
    assert "….csv" in log and "pulse-ann@example.com.csv" not in log
    assert log["….csv"]["dropped"] == ["contact"]
    assert log["qualtrics-march.csv"]["constants"]["leader_id"].startswith("anon-")
    assert "import 3: ….csv" in targets


def test_a_kept_column_with_a_single_address_is_dropped_and_detect_says_so(con, write):
    rows = "".join(f"M{i},member,L1,Pilot,{'x' if i else 'ann@example.com'},Support\n" for i in range(20))
    path = write("roster.csv", "person_id,role,leader_id,cohort,buddy,department\n" + rows)
    detection = propose(path, con)
    assert "buddy" in detection.dropped and "department" in detection.kept
    assert any(n.startswith("buddy: 1 value(s) look like e-mail addresses") for n in detection.notes)
    result = ingest_file(con, path)
    assert result.ok, result.problem_lines()
    extras = {e for (e,) in con.execute("select distinct extra::varchar from roster").fetchall()}
    assert extras == {'{"department":"Support"}'}
    assert "dropped personal-data columns: buddy" in result.notes


@pytest.mark.parametrize("header", ["Manager E-mail", "IP Country", "Geo Latitude", "GPS", "Contact Phone",
                                    "Manager Name", "Home City"])
def test_a_column_named_like_personal_data_is_not_kept(con, write, header):
    path = write("roster.csv", f"person_id,role,cohort,{header},department\nM1,leader,Pilot,x,Support\n")
    result = ingest_file(con, path)
    assert result.ok, result.problem_lines()
    assert con.execute("select extra::varchar from roster").fetchone()[0] == '{"department":"Support"}'


def test_qualtrics_ip_location_and_embedded_addresses_are_dropped(con, tmp_path):
    exports = _payloads(tmp_path)
    ingest_file(con, exports[1])  # questions.csv
    detection = propose(tmp_path / "exports" / "qualtrics-march.csv", con,
                        constants={"leader_id": "L01", "rater_type": "direct_report"})
    assert {"IPAddress", "LocationLatitude", "LocationLongitude", "RecipientFirstName",
            "RecipientLastName", "ContactEmail"} <= set(detection.dropped)
    assert not {"IPAddress", "LocationLatitude", "ContactEmail"} & set(detection.kept)


def test_names_as_respondent_ids_are_hashed_with_a_message(con, write):
    ingest_file(con, write("q.csv", QUESTIONS))
    path = write("p.csv", "response_id,submitted_at,respondent_id,rater_type,leader_id,understood\n"
                          "R1,2026-01-05,Ann Smith,peer,L1,4\nR2,2026-01-06,\"Smith, Ann\",peer,L1,5\n"
                          "R3,2026-01-07,M0003,peer,L1,3\n")
    result = ingest_file(con, path)
    assert result.ok, result.problem_lines()
    assert any(n.startswith("respondent_id: 2 value(s) look like people's names") and
               "--map respondent_id=COLUMN" in n for n in result.notes)
    stored = sorted(r for (r,) in con.execute("select distinct respondent_id from pulse_response").fetchall())
    assert len(stored) == 2 and stored[0] == "M0003" and stored[1].startswith("anon-")
    assert leaks(con) == []


def test_a_roster_and_a_pulse_spelling_one_address_differently_still_link(con, write):
    """The pseudonym is the address's, not the spelling's: a member imported as
    "Ann Lee <ann@example.com>" is the respondent ``ann%40example.com`` (leader and rater type
    come from the roster)."""
    ingest_file(con, write("q.csv", QUESTIONS))
    ingest_file(con, write("r.csv", "person_id,role,leader_id,cohort\nL1,leader,,Pilot\n"
                                    '"Ann Lee <ann@example.com>",member,L1,Pilot\n'))
    path = write("p.csv", "response_id,submitted_at,respondent_id,rater_type,leader_id,understood\n"
                          "R1,2026-01-05,ann%40example.com,,,4\n")
    result = ingest_file(con, path)
    assert result.ok, result.problem_lines()
    assert con.execute("select rater_type, leader_id from pulse_response").fetchone() == ("direct_report", "L1")
    assert leaks(con) == []


def test_rubric_notes_are_masked_too(con, write):
    path = write("rubric.csv", "assessed_at,leader_id,module_id,assessor_type,dimension,level,note\n"
                               "2026-03-01,L1,digital_cues,facilitator,tone_recognition,Emerging,"
                               "ask ann@example.com or +1 555 123 4567\n")
    result = ingest_file(con, path)
    assert result.ok, result.problem_lines()
    assert con.execute("select note from rubric").fetchone()[0] == "ask [e-mail] or [phone]"
    assert "notes: 1 e-mail address(es) and 1 phone number(s) masked before storage" in result.notes


def test_a_profile_that_sets_an_address_for_the_whole_file_keeps_its_hash(con, tmp_path):
    exports = _payloads(tmp_path)
    ingest_file(con, exports[1])
    result = ingest_file(con, tmp_path / "exports" / "qualtrics-march.csv",
                         constants={"leader_id": "Lead.Two@example.com", "rater_type": "direct_report"},
                         save_profile="q")
    assert result.ok, result.problem_lines()
    (mapping,) = con.execute("select mapping::varchar from import_profile").fetchone()
    constant = json.loads(mapping)["fields"]["leader_id"]["constant"]
    assert constant.startswith("anon-") and not personal(mapping)
    assert con.execute("select distinct leader_id from pulse_response").fetchall() == [(constant,)]
