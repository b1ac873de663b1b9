"""The Admin page as an admin uses it: thresholds and ROI defaults that every page and the
CLI then use, each change in the audit log; and the audit log's filters."""

from __future__ import annotations

import json

from dashboard.kpi import settings
from dashboard.kpi.assumptions import load_assumptions
from dashboard.store import audit, db
from tests.apptest import ADMIN, number_input, open_app, texts


def test_changing_k_is_saved_audited_and_used_by_the_sidebar_and_the_cli(on_own_demo):
    at = open_app(ADMIN, "admin")
    assert number_input(at, "Minimum group size k").value == 5
    number_input(at, "Minimum group size k").set_value(7)
    next(b for b in at.button if b.label == "Save threshold").click().run()
    assert not at.exception
    assert "Saved: min_group 5 → 7" in texts(at.success)
    assert number_input(at, "Minimum group size k").value == 7
    at.switch_page("app_pages/pulse.py").run()  # the Admin page draws no filters; the others say k
    assert "fewer than 7 respondents are hidden" in texts(at.sidebar.caption)
    at.switch_page("app_pages/admin.py").run()
    with db.session(on_own_demo) as con:
        assert settings.min_group(con) == 7  # what `kpi` and `report` use without --min-group
        entry = audit.entries(con).iloc[0]
    assert (entry["actor"], entry["action"]) == (ADMIN, "setting")
    assert json.loads(entry["detail"]) == {"min_group": {"old": 5, "new": 7}}
    log = at.dataframe[0].value
    assert log.iloc[0][["Who", "Action", "Change"]].tolist() == [ADMIN, "setting",
                                                                 "min_group 5 → 7"]
    at.switch_page("app_pages/pulse.py").run()
    assert "groups of 7 or more" in at.sidebar.get("button_group")[-1].help


def test_roi_defaults_are_saved_and_the_impact_page_starts_from_them(on_own_demo):
    at = open_app(ADMIN, "admin")
    number_input(at, "Cost per escalation").set_value(400.0)
    next(b for b in at.button if b.label == "Save ROI defaults").click().run()
    assert "cost_per_escalation 250.0 → 400.0" in texts(at.success)
    with db.session(on_own_demo) as con:
        assert settings.roi_assumptions(con).cost_per_escalation == 400.0
    at.switch_page("app_pages/impact.py").run()
    assert number_input(at, "Cost per escalation").value == 400.0
    assert "Defaults from the defaults set on the Admin page" in texts(at.caption)
    at.switch_page("app_pages/admin.py").run()
    next(b for b in at.button if b.label.startswith("Use data/roi_assumptions.toml")).click().run()
    with db.session(on_own_demo) as con:
        assert settings.roi_assumptions(con) == load_assumptions()
        assert [e for e in audit.entries(con)["action"]][:2] == ["setting", "setting"]


def test_the_audit_log_is_newest_first_and_filters(on_own_demo):
    with db.session(on_own_demo) as con:
        settings.set_min_group(con, 6, actor="bo@example.com")
    at = open_app(ADMIN, "admin")
    log = at.dataframe[0].value
    assert log.iloc[0]["Action"] == "setting" and list(log["When"]) == sorted(log["When"],
                                                                               reverse=True)
    assert set(log["Action"]) == {"setting", "import"}  # the demo's imports, then the change
    at.multiselect(key="audit_actions").set_value(["import"]).run()
    assert set(at.dataframe[0].value["Action"]) == {"import"}
    at.text_input(key="audit_text").set_value("pulse.csv").run()
    assert at.dataframe[0].value["On"].tolist() == ["import 4: pulse.csv"]
    at.multiselect(key="audit_actions").set_value([]).run()
    at.text_input(key="audit_text").set_value("").run()
    at.text_input(key="audit_actor").set_value("BO@").run()
    assert at.dataframe[0].value["Who"].tolist() == ["bo@example.com"]
    at.text_input(key="audit_actor").set_value("nobody").run()
    assert "No entries match." in texts(at.caption)


def test_a_value_below_the_floor_sent_past_the_widget_is_not_stored(on_own_demo):
    """A request carrying 2 (past the browser's widget) stores nothing: the widget's server
    side drops it, and ``settings`` would refuse it anyway (tests/test_settings.py)."""
    at = open_app(ADMIN, "admin")
    number_input(at, "Minimum group size k").set_value(2)
    next(b for b in at.button if b.label == "Save threshold").click().run()
    assert "Nothing changed." in texts(at.success) and not at.exception
    with db.session(on_own_demo) as con:
        assert settings.min_group(con) == 5
        assert "setting" not in set(audit.entries(con)["action"])
