"""The app reads the data version once per run; when neither the database file nor its
write-ahead log changed since the last read (and not in the last moments) it does not open the
file for it. Any write, by this process or another, is seen by the next run."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dashboard.app_pages import shared
from dashboard.config import PROJECT_ROOT
from dashboard.store import db

BUMP = """
import sys
from dashboard.store import db
with db.session(sys.argv[1]) as con:
    con.begin()
    db.bump_data_version(con)
    con.commit()
"""


def _settle(path: Path) -> None:
    """Date the file back, as if its last write were a while ago."""
    old = time.time() - 60
    os.utime(path, (old, old))


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    real = db.session

    def counting(path: object = None, **kwargs: object) -> object:
        calls.append(str(path))
        return real(path, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(db, "session", counting)
    return calls


def test_an_unchanged_file_is_not_opened_again_and_any_write_is_seen(pilot_db, monkeypatch, opened):
    monkeypatch.setenv("EMPATHY_DB", str(pilot_db))
    shared._VERSIONS.clear()
    _settle(pilot_db)
    first = shared._read_version()
    assert shared._read_version() == first and len(opened) == 1  # the second did not open it
    subprocess.run([sys.executable, "-c", BUMP, str(pilot_db)], cwd=PROJECT_ROOT, check=True, timeout=120)
    assert shared._read_version() == first + 1  # another process wrote: read again
    _settle(pilot_db)
    assert shared._read_version() == first + 1 and shared._read_version() == first + 1
    assert len(opened) == 3


def test_a_file_written_a_moment_ago_is_always_read(pilot_db, monkeypatch, opened):
    """Timestamps are as fine as the kernel's tick: a file changed in the last moments is read
    every time, so two writes within one tick cannot hide the second."""
    monkeypatch.setenv("EMPATHY_DB", str(pilot_db))
    shared._VERSIONS.clear()
    os.utime(pilot_db)  # just now
    for _ in range(3):
        shared._read_version()
    assert len(opened) == 3


def test_a_file_replaced_in_place_with_the_same_times_is_read_again(pilot_db, tmp_path, monkeypatch, opened):
    """A restore or a copy over the file is another file (its inode), even with the same size
    and dates."""
    monkeypatch.setenv("EMPATHY_DB", str(pilot_db))
    shared._VERSIONS.clear()
    _settle(pilot_db)
    shared._read_version()
    copy = tmp_path / "copy.duckdb"
    copy.write_bytes(pilot_db.read_bytes())
    stat = pilot_db.stat()
    os.utime(copy, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    os.replace(copy, pilot_db)
    shared._read_version()
    assert len(opened) == 2
