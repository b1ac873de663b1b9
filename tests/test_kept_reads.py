"""The pages' slow reads besides the KPI tables (``shared.KEPT_READS``) are kept in the database
per data version, like the KPI tables: a fresh process reads them instead of computing them, a
restricted read is kept as each role sees it, and a write leaves nothing stale to read."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from dashboard.app_pages import ahead, shared
from dashboard.config import PROJECT_ROOT
from dashboard.kpi import Filters, cache, persist, settings
from dashboard.kpi.pulse import comments, hidden_comment_groups
from dashboard.kpi.trends import arm_trend
from dashboard.store import db

# A fresh process asks for a read with a function that cannot compute it: it gets the kept one.
FRESH_PROCESS = """
import sys
import pandas as pd
from dashboard.app_pages import shared
from dashboard.kpi import Filters

def cannot(*_args):
    raise RuntimeError("computed again")

path, version, name, role = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4] or None
args = {"arm_trend": (Filters(min_group=5),), "pulse_index": (Filters(min_group=5), "others"),
        "hidden_comment_groups": (Filters(min_group=5), 10)}[name]
result = shared.read_at(path, version, role, name, cannot, *args)
pd.to_pickle(result, sys.argv[5])
"""


@pytest.fixture(autouse=True)
def _nothing_in_memory():
    cache.clear()
    shared._cached.clear()
    shared._cached_for_role.clear()
    yield
    cache.clear()


def _version(path: Path) -> int:
    with db.session(path) as con:
        return db.data_version(con)


def _fresh(path: Path, name: str, tmp_path: Path, role: str = "") -> object:
    out = tmp_path / f"{name}.pkl"
    done = subprocess.run([sys.executable, "-c", FRESH_PROCESS, str(path), str(_version(path)), name,
                           role, str(out)], capture_output=True, text=True, cwd=PROJECT_ROOT,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return pd.read_pickle(out)


def test_a_fresh_process_reads_what_an_earlier_one_kept(demo_db, tmp_path):
    path, filters = str(demo_db), Filters(min_group=5)
    version = _version(demo_db)
    trend = shared.read_at(path, version, None, "arm_trend", arm_trend, filters)
    index = shared.read_at(path, version, None, "pulse_index", shared.pulse_index_of, filters, "others")
    assert not trend.empty and not index.empty
    pd.testing.assert_frame_equal(_fresh(demo_db, "arm_trend", tmp_path), trend)
    pd.testing.assert_frame_equal(_fresh(demo_db, "pulse_index", tmp_path), index)


def test_a_restricted_read_is_kept_as_each_role_sees_it(demo_db, tmp_path):
    path, filters = str(demo_db), Filters(min_group=5)
    version = _version(demo_db)
    with db.session(demo_db) as con:
        whole = hidden_comment_groups(con, filters, 10)
    assert whole, "the demo withholds some comments"
    for role, expected in (("admin", whole), ("viewer", [])):
        assert shared.read_at(path, version, role, "hidden_comment_groups", hidden_comment_groups,
                              filters, 10) == expected
        assert _fresh(demo_db, "hidden_comment_groups", tmp_path, role) == expected


def test_a_write_leaves_no_kept_read_to_find(demo_db):
    path, filters = str(demo_db), Filters(min_group=5)
    shared.read_at(path, _version(demo_db), "admin", "comments", comments, filters, 10)
    key = ("page-read", "comments", "admin", (filters, 10))
    with db.session(demo_db) as con:
        assert persist.load(con, key) is not None
        settings.set_min_group(con, 6, "test")  # a setting change bumps the version
        assert persist.load(con, key) is None


def test_only_the_listed_reads_with_plain_arguments_are_kept(demo_db):
    path, filters = str(demo_db), Filters(min_group=5)
    version = _version(demo_db)
    frame = pd.DataFrame({"metric": ["pulse_score"]})
    with db.session(demo_db) as con:
        arm_trend(con, filters)  # what it keeps itself (nothing today), before the reads
        before = con.execute("select count(*) from kpi_frame").fetchone()[0]
    shared.read_at(path, version, None, "audit-like", lambda con: pd.DataFrame({"a": [1]}))
    shared.read_at(path, version, None, "arm_trend", lambda con, f, _frame: arm_trend(con, f),
                   filters, frame)  # a frame's repr does not name it: not a key
    with db.session(demo_db) as con:
        assert persist.load(con, ("page-read", "audit-like", None, ())) is None
        stored = con.execute("select count(*) from kpi_frame").fetchone()[0]
    assert stored == before


def test_the_review_is_kept_as_its_html_and_its_table_list(demo_db, monkeypatch):
    monkeypatch.setenv("EMPATHY_DB", str(demo_db))
    path, version = str(demo_db), _version(demo_db)
    html = shared.read_at(path, version, None, "review_html", ahead.review_html, path, version,
                          "2026-Q3", ())
    tables = shared.read_at(path, version, None, "review_tables", ahead.review_tables, path,
                            version, "2026-Q3", ())
    with db.session(demo_db) as con:
        kept = persist.load(con, ("page-read", "review_html", None, (path, version, "2026-Q3", ())))
    assert kept is not None and shared._from_kept(kept) == html and "Quarterly review" in html
    assert "period_summary" in list(tables["table"])
    assert any("kpi impact" in command for command in tables["command"])


FRESH_OPTIONS = """
import sys
import pandas as pd
import dashboard.kpi.catalog as catalog
from dashboard.store import db

def cannot(*_args, **_kwargs):
    raise RuntimeError("grouped the stored data again")

catalog.mart = cannot
with db.session(sys.argv[1]) as con:
    pd.to_pickle(catalog.filter_options(con), sys.argv[2])
"""


def test_a_fresh_process_reads_the_filter_options_and_the_module_note_an_earlier_one_kept(
        demo_db, tmp_path):
    """Every page's sidebar starts from the filter options: a fresh process reads them from the
    database rather than grouping every stored answer by month."""
    from dashboard.kpi.catalog import filter_options
    from dashboard.kpi.effects import module_note

    with db.session(demo_db) as con:
        options = filter_options(con)
    assert options.cohorts and options.modules and options.periods
    out = tmp_path / "options.pkl"
    done = subprocess.run([sys.executable, "-c", FRESH_OPTIONS, str(demo_db), str(out)],
                          capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert pd.read_pickle(out) == options
    assert "module_note" in shared.KEPT_READS
    path, version, filters = str(demo_db), _version(demo_db), Filters(min_group=5)
    note = shared.read_at(path, version, None, "module_note", module_note, filters, options.modules)
    shared._cached.clear()
    assert shared.read_at(path, version, None, "module_note", _cannot, filters, options.modules) == note


def _cannot(*_args: object) -> object:
    raise RuntimeError("computed again")
