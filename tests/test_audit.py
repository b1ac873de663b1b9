"""The audit log read back: filters an admin uses, and entries in words."""

from __future__ import annotations

import datetime as dt

from dashboard.kpi import settings
from dashboard.store import audit


def _fill(con) -> None:
    audit.record(con, "ana@example.com", "import", "import 1: roster.csv",
                 {"kind": "roster", "rows": 12, "sha256": "ab" * 32})
    audit.record(con, "bo@example.com", "undo", "import 1: roster.csv", {"rows_removed": 12})
    settings.set_min_group(con, 7, actor="ana@example.com")


def test_entries_come_newest_first_and_filter_by_action_person_text_and_day(con):
    _fill(con)
    every = audit.search(con)
    assert list(every["action"]) == ["setting", "undo", "import"]
    assert list(audit.search(con, actions=["import", "undo"])["action"]) == ["undo", "import"]
    assert list(audit.search(con, actor="ANA")["action"]) == ["setting", "import"]
    assert list(audit.search(con, text="roster")["action"]) == ["undo", "import"]
    assert list(audit.search(con, text="min_group")["actor"]) == ["ana@example.com"]
    today = dt.date.today()
    assert len(audit.search(con, since=today, until=today)) == 3
    assert audit.search(con, until=today - dt.timedelta(days=1)).empty
    assert audit.search(con, since=today + dt.timedelta(days=1)).empty
    assert len(audit.search(con, limit=2)) == 2


def test_entries_read_as_words(con):
    _fill(con)
    shown = audit.readable(audit.search(con))
    assert list(shown.columns) == ["When", "Who", "Action", "On", "Change"]
    assert shown["Change"].tolist() == ["min_group 5 → 7", "rows_removed 12",
                                        "kind roster; rows 12"]
    assert len(shown["When"].iloc[0]) == 19
    assert audit.describe_detail('{"attribution_pct": {"old": 50.0, "new": 40.5}}') == (
        "attribution_pct 50 → 40.5")
