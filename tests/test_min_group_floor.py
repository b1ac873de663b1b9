"""The admin's minimum group size k is a floor for every way in: the CLI's ``--min-group``
(``kpi``, ``report`` and any other command that takes it), the report built for the app, the
app's pages (no link or widget changes k) and ``status``. A flag may raise k, never lower it;
a lower one is refused with a message naming the admin's k, exit code 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard.cli import build_parser
from dashboard.config import PROJECT_ROOT, today
from dashboard.kpi import Filters, compute, settings
from dashboard.kpi.privacy import PrivacyError
from dashboard.plan.calendar import calendar
from dashboard.report import Quarter, assemble, build_report
from dashboard.store import db
from tests.apptest import open_page, texts

ADMIN_K = 7


def cli(*args: str, db_path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "dashboard", *args, "--db", str(db_path)],
                          capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=180)


@pytest.fixture
def floored(pilot_db: Path) -> Path:
    """The pilot with an admin's k of 7."""
    with db.session(pilot_db) as con:
        settings.set_min_group(con, ADMIN_K, actor="ana@example.com")
    return pilot_db


# Every command that takes --min-group, with what else it needs to run.
COMMANDS = {
    "kpi": ["kpi", "enps", "--format", "json"],
    "report": ["report", "--quarter", "2026-Q1"],
}


def _commands_with_min_group() -> set[str]:
    parser = build_parser()
    action = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    return {name for name, sub in action.choices.items()
            if any("--min-group" in a.option_strings for a in sub._actions)}


def test_every_command_with_min_group_is_tried_here():
    assert _commands_with_min_group() == set(COMMANDS)


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("lower", [3, 6])
def test_a_lower_min_group_is_refused_naming_the_admins_k(floored, tmp_path, command, lower):
    out = tmp_path / "review.html"
    extra = ["--out", str(out)] if command == "report" else []
    done = cli(*COMMANDS[command], *extra, "--min-group", str(lower), db_path=floored)
    assert done.returncode == 2, done.stderr
    assert f"minimum group size of {lower} is below the admin's k = {ADMIN_K}" in done.stderr
    assert "never lowered" in done.stderr and "Traceback" not in done.stderr
    assert done.stdout == "" and not out.exists()


def test_kpi_uses_the_admins_k_and_a_flag_may_raise_it(floored):
    with db.session(floored) as con:
        at_floor = compute(con, "enps", Filters(min_group=ADMIN_K))
        raised = compute(con, "enps", Filters(min_group=16))
    default = json.loads(cli("kpi", "enps", "--format", "json", db_path=floored).stdout)
    same = json.loads(cli("kpi", "enps", "--min-group", str(ADMIN_K), "--format", "json",
                          db_path=floored).stdout)
    higher = json.loads(cli("kpi", "enps", "--min-group", "16", "--format", "json",
                            db_path=floored).stdout)
    assert default == same
    assert [r["suppressed"] for r in default] == at_floor["suppressed"].tolist()
    assert [r["suppressed"] for r in higher] == raised["suppressed"].tolist()
    # a higher k never shows what the admin's k hides (the pilot's teams are below 7: nothing shows)
    def shown(rows: list[dict]) -> set[tuple[str, str]]:
        return {(r["cohort"], r["period"]) for r in rows if not r["suppressed"]}
    assert shown(higher) <= shown(default)
    assert len(default) and all(r["suppressed"] for r in default)


def test_report_uses_the_admins_k_and_a_flag_may_raise_it(floored, tmp_path):
    default, raised = tmp_path / "default.html", tmp_path / "raised.html"
    assert cli("report", "--quarter", "2026-Q1", "--out", str(default), db_path=floored).returncode == 0
    assert cli("report", "--quarter", "2026-Q1", "--min-group", "9", "--out", str(raised),
               db_path=floored).returncode == 0
    assert f"groups of fewer than {ADMIN_K} respondents are hidden" in default.read_text(encoding="utf-8")
    assert "groups of fewer than 9 respondents are hidden" in raised.read_text(encoding="utf-8")


def test_the_report_library_refuses_a_lower_k_too(floored):
    with db.session(floored) as con:
        for build in (assemble, build_report):
            with pytest.raises(PrivacyError, match=f"below the admin's k = {ADMIN_K}"):
                build(con, Quarter.parse("2026-Q1"), (), 3)
        assert assemble(con, Quarter.parse("2026-Q1")).min_group == ADMIN_K
        assert assemble(con, Quarter.parse("2026-Q1"), (), 9).min_group == 9
        assert settings.min_group_for(con, None) == ADMIN_K
        assert settings.min_group_for(con, ADMIN_K) == ADMIN_K


def test_status_judges_counts_with_the_admins_k(pilot_db):
    with db.session(pilot_db) as con:
        settings.set_min_group(con, 3, actor="ana@example.com")  # cohort S has 3 members
        expected = calendar(con, today(), min_group=3)
        default_k = calendar(con, today(), min_group=5)
    assert not expected["text"].equals(default_k["text"])  # the admin's 3 shows what 5 hides
    shown = json.loads(cli("status", "--format", "json", "--ahead", "120", db_path=pilot_db).stdout)
    texts_by_cell = {(r["cohort"], r["period"], r["kind"]): r["text"] for r in shown}
    assert texts_by_cell == {(c, p, k): t for c, p, k, t in
                             expected[["cohort", "period", "kind", "text"]].itertuples(index=False)}


def test_the_app_uses_the_admins_k_whatever_the_link_says(floored, monkeypatch):
    monkeypatch.setenv("EMPATHY_DB", str(floored))
    at = open_page("pulse", **{"min-group": "3", "min_group": "3", "k": "3"})
    assert at.session_state["_filters"].min_group == ADMIN_K
    assert f"Groups of fewer than {ADMIN_K} respondents are hidden" in texts(at.sidebar.caption)
    assert f"--min-group {ADMIN_K}" in at.code[-1].value  # the page's command line says so too
    assert not [w for w in at.sidebar.number_input if "group" in w.label.lower()]  # nothing to lower it
