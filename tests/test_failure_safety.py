"""Failure safety with real processes: killed imports, two writers, the CLI beside the app."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dashboard.config import PROJECT_ROOT
from dashboard.ingest import ingest_file
from dashboard.store import db
from tests.apptest import app

pytestmark = pytest.mark.slow
QUESTIONS = "question_id,text,scale\nq1,Q1,likert5\nq2,Q2,likert5\nenps,R,nps11\n"


def _big_pulse(path: Path, rows: int) -> Path:
    """A large pulse file with one response per respondent (no repeat submissions, which an
    import would settle by keeping the latest)."""
    with path.open("w") as handle:
        handle.write("response_id,submitted_at,respondent_id,rater_type,leader_id,q1,q2,enps,comment\n")
        for i in range(rows):
            comment = '"long\nanswer"' if i % 50 == 0 else ""
            handle.write(f"R{i},2026-0{1 + i % 9}-15,M{i},direct_report,L{i % 400},"
                         f"{1 + i % 5},{1 + (i * 7) % 5},{i % 11},{comment}\n")
    return path


def _cli(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "dashboard", *args], cwd=PROJECT_ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=os.environ | (env or {}))


@pytest.fixture
def prepared(tmp_path):
    path = tmp_path / "x.duckdb"
    with db.session(path) as con:
        assert ingest_file(con, _write(tmp_path / "q.csv", QUESTIONS)).ok
    return path


def _write(path: Path, text: str) -> Path:
    path.write_text(text)
    return path


@pytest.mark.parametrize("delay", [0.4, 1.2, 2.5])
def test_killing_an_import_leaves_it_complete_or_absent(prepared, tmp_path, delay):
    pulse = _big_pulse(tmp_path / "pulse.csv", 300_000)
    process = _cli("ingest", str(pulse), "--db", str(prepared))
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    with db.session(prepared) as con:
        responses = con.execute("select count(*) from pulse_response").fetchone()[0]
        answers = con.execute("select count(*) from pulse_answer").fetchone()[0]
        logged = con.execute("select count(*) from import_log where kind = 'pulse'").fetchone()[0]
        assert (responses, answers, logged) in {(0, 0, 0), (300_000, 900_000, 1)}
        again = ingest_file(con, pulse)
        assert again.ok
        assert con.execute("select count(*) from pulse_response").fetchone()[0] == 300_000
    os.environ["EMPATHY_DB"] = str(prepared)
    try:
        at = app(timeout=60).run()
        assert not at.exception
    finally:
        del os.environ["EMPATHY_DB"]


def test_a_second_writer_waits_for_the_first(prepared, tmp_path):
    pulse = _big_pulse(tmp_path / "pulse.csv", 200_000)
    roster = _write(tmp_path / "roster.csv", "person_id,role,cohort\nL1,leader,Pilot\n")
    first = _cli("ingest", str(pulse), "--db", str(prepared))
    time.sleep(0.5)
    second = _cli("ingest", str(roster), "--db", str(prepared))
    out1, err1 = first.communicate(timeout=120)
    out2, err2 = second.communicate(timeout=120)
    assert first.returncode == 0 and second.returncode == 0, (err1, err2)
    with db.session(prepared) as con:
        kinds = sorted(k for (k,) in con.execute("select kind from import_log").fetchall())
    assert kinds == ["pulse", "questions", "roster"]


def test_an_impatient_writer_gets_a_clear_busy_message(prepared, tmp_path):
    pulse = _big_pulse(tmp_path / "pulse.csv", 200_000)
    roster = _write(tmp_path / "roster.csv", "person_id,role,cohort\nL1,leader,Pilot\n")
    first = _cli("ingest", str(pulse), "--db", str(prepared))
    time.sleep(0.5)
    second = _cli("ingest", str(roster), "--db", str(prepared), env={"EMPATHY_DB_WAIT": "0.1"})
    _out2, err2 = second.communicate(timeout=60)
    first.communicate(timeout=120)
    assert second.returncode == 2
    assert "is busy (another program is writing to it); try again in a moment" in err2
    assert "Traceback" not in err2
    retry = _cli("ingest", str(roster), "--db", str(prepared))
    assert retry.wait(timeout=60) == 0


def test_the_cli_can_import_while_the_app_is_open_and_the_app_shows_it(tmp_path, monkeypatch, sample_dir):
    path = tmp_path / "app.duckdb"
    monkeypatch.setenv("EMPATHY_DB", str(path))
    at = app(timeout=60).run()
    assert not at.exception
    done = subprocess.run([sys.executable, "-m", "dashboard", "demo", "--db", str(path)],
                          cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    at.run()
    assert not at.exception
    at.switch_page("app_pages/data.py").run()  # what is loaded is on the Data page (issue 17)
    assert not at.exception
    assert "2468" in str([df.value for df in at.dataframe]) or "2,468" in str(at.markdown)


def test_two_sessions_importing_at_once_lose_nothing(prepared, tmp_path):
    import threading

    files = [_write(tmp_path / f"r{i}.csv", f"person_id,role,cohort\nP{i},leader,C{i}\n") for i in range(6)]
    results = []

    def upload(path: Path) -> None:
        with db.session(prepared) as con:
            results.append(ingest_file(con, path, source="upload"))

    threads = [threading.Thread(target=upload, args=(p,)) for p in files]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert all(r.ok for r in results) and len(results) == 6
    with db.session(prepared) as con:
        assert con.execute("select count(*) from roster").fetchone()[0] == 6
        assert con.execute("select count(*) from import_log").fetchone()[0] == 7  # questions + six rosters
