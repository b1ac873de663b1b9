"""``db.held``: inside the block, sessions share the database the first of them opened (a cold
page makes dozens of reads, and opening a large file costs about 30 ms each time); at the block's
end the file is let go, and a block that opened no session holds nothing. After an app run
another process can write again."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from dashboard.config import PROJECT_ROOT
from dashboard.store import db
from tests.apptest import open_page

WRITE = """
import sys
import duckdb
con = duckdb.connect(sys.argv[1])
con.execute("create or replace table written_by_another_process (a integer)")
con.close()
"""


def _depth(path: Path) -> int:
    with db.session(path) as con:
        return int(con.execute("select current_setting('max_expression_depth')").fetchone()[0])


def _another_process_writes(path: Path) -> bool:
    done = subprocess.run([sys.executable, "-c", WRITE, str(path)], cwd=PROJECT_ROOT,
                          capture_output=True, text=True, timeout=120)
    return done.returncode == 0


def test_sessions_in_the_block_share_one_open_database_and_the_end_lets_it_go(pilot_db: Path) -> None:
    default = _depth(pilot_db)
    with db.held(pilot_db):
        with db.session(pilot_db) as con:
            con.execute("set global max_expression_depth = 1234")  # a setting of the open database
        assert _depth(pilot_db) == 1234  # the next session found it open, not a fresh copy
        assert not _another_process_writes(pilot_db)  # held between sessions
    assert _depth(pilot_db) == default  # let go: opened afresh
    assert _another_process_writes(pilot_db)


def test_a_block_without_a_session_holds_nothing(pilot_db: Path) -> None:
    with db.held(pilot_db):
        assert _another_process_writes(pilot_db)


def test_the_app_lets_go_of_the_database_after_each_run(demo_db: Path, monkeypatch) -> None:
    monkeypatch.setenv("EMPATHY_DB", str(demo_db))
    monkeypatch.setenv("EMPATHY_BUILD_AHEAD", "0")
    at = open_page("pulse")
    assert at.title and not at.exception
    assert _another_process_writes(demo_db)
