"""The privacy gate: suppression is declared in the registry and applied in one place.

- every KPI table declares how it keeps respondents anonymous, and a gated table's declared
  columns are every column that moves when one respondent's answers do;
- the gate hides each declared cell below k, whatever the table;
- no module but the gate calls the suppression helpers, and nobody retypes ``n < k``;
- the comments' threshold is the stored setting, bound in SQL.
"""

from __future__ import annotations

import ast
import re

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.config import PROJECT_ROOT, QUERIES_DIR
from dashboard.ingest import ingest_files
from dashboard.kpi import TABLES, Filters, compute, privacy, settings
from dashboard.kpi.engine import prepare
from dashboard.kpi.pulse import comments, hidden_comment_groups
from dashboard.kpi.registry import METRICS, PRIVACY, RESPONDENT_METRICS
from dashboard.store import db, sql
from tests.apptest import APP, texts
from tests.kpi_data import write_pilot

PY_FILES = sorted((PROJECT_ROOT / "dashboard").rglob("*.py"))
SUPPRESSION_HELPERS = {"primary", "complementary", "apply", "gate"}
GATE = {"dashboard/kpi/privacy.py", "dashboard/kpi/__init__.py"}


GATED_SOURCES = ("visible_answers", "impact_leader_period", "business_cells")


def _declared(name: str) -> set[str]:
    """Every column the gate may change in table ``name``."""
    return {column for cell in PRIVACY[name].cells
            for column in (cell.count, *cell.values, *cell.counts, cell.flag)} | set(PRIVACY[name].excluded)


def test_every_kpi_table_declares_how_it_keeps_respondents_anonymous():
    assert set(PRIVACY) == set(TABLES), "a KPI table without a privacy declaration"
    for name, rule in PRIVACY.items():
        assert rule.rule in ("cells", "teams", "pooled", "none"), name
        assert bool(rule.cells) == (rule.rule in ("cells", "teams")), name
        assert rule.why, name
        # every table built from answers (or team outcomes) names the gated source it pools
        assert (rule.source in GATED_SOURCES) == (rule.rule != "none"), name


def test_the_respondent_based_metrics_are_read_from_the_registry():
    assert RESPONDENT_METRICS == ("pulse_mean", "favourable_pct", "enps", "self_gap",
                                  "response_rate_pct")
    assert not any(METRICS[m].respondent_based for m in ("rubric_level", "completion_pct",
                                                         "escalation_rate", "csat"))


@pytest.fixture(scope="module")
def two_pilots(tmp_path_factory):
    """Every KPI table at k=3 for the pilot and for the pilot with one respondent changed."""
    tables = []
    for changed in (False, True):
        folder = tmp_path_factory.mktemp("changed" if changed else "pilot")
        paths = write_pilot(folder)
        if changed:
            _change_one_respondent(next(p for p in paths if p.name.startswith("pulse")))
        with db.session(folder / "pilot.duckdb") as con:
            results = ingest_files(con, paths)
            assert all(r.ok for r in results), [r.problem_lines() for r in results]
            tables.append({name: compute(con, name, Filters(min_group=3)) for name in TABLES})
    return tables


def _change_one_respondent(pulse):
    """One direct report of P1 answers May differently; one of P2 does not answer in May
    (every cell keeps its row; values and counts move)."""
    lines = []
    for line in pulse.read_text().splitlines(keepends=True):
        if ",2026-05-10,P2-5,direct_report,P2," in line:
            continue
        if ",2026-05-10,P1-2,direct_report,P1," in line:
            fields = line.rstrip("\n").split(",")
            fields[5], fields[7] = "1", "0"  # q1 and the recommend question
            line = ",".join(fields) + "\n"
        lines.append(line)
    assert len(lines) == len(pulse.read_text().splitlines()) - 1
    pulse.write_text("".join(lines))


@pytest.mark.parametrize("name", list(TABLES))
def test_the_declaration_covers_every_column_built_from_respondents(two_pilots, name):
    """A column that moves when one respondent's answers do is respondent-based: a gated
    table must declare it, a table declared free of respondents must not move at all."""
    before, after = (tables[name] for tables in two_pilots)
    assert list(before.columns) == list(after.columns) and len(before) == len(after)
    moved = {column for column in before.columns
             if before[column].astype(str).tolist() != after[column].astype(str).tolist()}
    rule = PRIVACY[name]
    if rule.rule in ("none", "teams"):
        assert moved == set(), f"{name} is built from respondents' answers: declare its cells"
    elif rule.rule == "cells":
        assert moved, f"{name}: the changed respondent should move some value"
        assert moved <= _declared(name), f"{name}: undeclared respondent-based columns {moved - _declared(name)}"


@pytest.fixture(scope="module")
def pilot_db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("gate")
    with db.session(folder / "pilot.duckdb") as con:
        assert all(r.ok for r in ingest_files(con, write_pilot(folder)))
    return folder / "pilot.duckdb"


@pytest.mark.parametrize("name", [n for n, rule in PRIVACY.items() if rule.rule in ("cells", "teams")])
def test_the_gate_hides_every_declared_cell_below_k(pilot_db, name):
    """With k above every group, each subject cell says suppressed and shows no number
    (March–May, so the period summary has a period before: December–February)."""
    window = Filters(period_from="2026-03", period_to="2026-05")
    with db.session(pilot_db) as con:
        table = compute(con, name, window.with_(min_group=50))
        visible = compute(con, name, window.with_(min_group=3))
    def subject_of(cell):
        subject = pd.Series(True, index=table.index)
        for column, chosen in cell.subject:
            subject &= table[column].isin(chosen)
        if cell.optional:  # a cell there is: shown at k=3, or hidden even at k=3
            subject &= visible[cell.count].notna() | visible[cell.flag]
        return subject

    for cell in PRIVACY[name].cells:
        assert cell.flag in table and table[cell.flag].dtype == bool
        subject = subject_of(cell)
        assert subject.any(), f"{name}: no cell subject to k in the pilot"
        assert table.loc[subject, cell.flag].all()
        # a flag shared by several kinds of cell (survey and business rows) marks their rows only
        flagged = pd.concat([subject_of(c) for c in PRIVACY[name].cells if c.flag == cell.flag], axis=1)
        assert not table.loc[~flagged.any(axis=1), cell.flag].any()
        for column in (cell.count, *cell.values, *cell.counts):
            assert table.loc[subject, column].isna().all(), (name, column)
        assert not visible.loc[subject, cell.flag].all(), f"{name}: at k=3 some cells show"


def test_visible_is_the_one_cell_rule_in_python_and_sql(con):
    assert privacy.visible(pd.Series([None, 2, 5, 9]), 5).tolist() == [False, False, True, True]
    assert [privacy.visible(n, 5) for n in (None, float("nan"), 4, 5)] == [False, False, False, True]
    prepare(con)
    got = con.execute("select visible_at(n, 5) from (values (null), (4), (5), (6)) as t(n)").fetchall()
    assert [row[0] for row in got] == [False, False, True, True]


def _calls(path) -> list[str]:
    """Suppression helpers this module names (privacy.apply, or imported from privacy)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Attribute) and node.attr in SUPPRESSION_HELPERS \
                and isinstance(node.value, ast.Name) and node.value.id == "privacy":
            found.append(f"privacy.{node.attr}")
        elif isinstance(node, ast.ImportFrom) and node.module == "dashboard.kpi.privacy":
            found += [a.name for a in node.names if a.name in SUPPRESSION_HELPERS]
    return found


def test_only_the_gate_calls_the_suppression_helpers():
    offenders = {}
    for path in PY_FILES:
        rel = path.relative_to(PROJECT_ROOT).as_posix()
        if rel not in GATE and _calls(path):
            offenders[rel] = _calls(path)
    assert offenders == {}
    assert _calls(PROJECT_ROOT / "dashboard" / "kpi" / "__init__.py") == ["privacy.gate"]


def test_nobody_retypes_the_group_size_comparison():
    """``n < k`` lives in ``privacy.visible`` (Python) and ``visible_at`` (SQL) alone; a mart
    binds k only to ask ``visible_at`` or to read one of the gated sources, which ask it."""
    ordering = (ast.Lt, ast.LtE, ast.Gt, ast.GtE)
    offenders = []
    for path in PY_FILES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Compare) and any(isinstance(op, ordering) for op in node.ops):
                names = {getattr(part, "id", getattr(part, "attr", None))
                         for part in (node.left, *node.comparators)}
                if names & {"min_group", "comment_min_group", "COMMENT_MIN_GROUP"}:
                    offenders.append(f"{path.relative_to(PROJECT_ROOT)}:{node.lineno}")
    assert offenders == []
    bound = re.compile(r"\$(?:comment_)?min_group\b")
    asked = re.compile(r"visible_at\((?:[^()]|\([^()]*\))*,\s*\$(?:comment_)?min_group\s*\)")
    gated = re.compile(r"\b(?:pulse_cells|hidden_cells|" + "|".join(GATED_SOURCES) + r")\(\$min_group\)")
    for path in QUERIES_DIR.rglob("*.sql"):
        code = re.sub(r"--[^\n]*", "", path.read_text(encoding="utf-8"))
        assert len(bound.findall(code)) == len(asked.findall(code)) + len(gated.findall(code)), path.name


HEADER = "response_id,submitted_at,respondent_id,rater_type,leader_id,q1,comment\n"


@pytest.fixture
def eleven_in_june(tmp_path):
    """Cohort P: 15 people commented in May, 11 in June."""
    path = tmp_path / "comments.duckdb"
    with db.session(path) as con:
        assert all(r.ok for r in ingest_files(con, write_pilot(tmp_path)))
        may = "".join(f"M{i},2026-05-20,P{1 + i % 3}-{1 + i % 5},direct_report,P{1 + i % 3},4,"
                      f"May says {i:02d}\n" for i in range(15))
        # 11 people on the roster (P1's team gains a sixth member), six rating P1, five P2
        (tmp_path / "r.csv").write_text("person_id,role,leader_id,cohort,arm\nP1-6,member,P1,P,program\n",
                                        encoding="utf-8")
        assert ingest_files(con, [tmp_path / "r.csv"])[0].ok
        june = "".join(f"J{i},2026-06-20,P{1 + i // 6}-{1 + i % 6},direct_report,P{1 + i // 6},4,"
                       f"June says {i:02d}\n" for i in range(11))
        (tmp_path / "c.csv").write_text(HEADER + may + june, encoding="utf-8")
        assert ingest_files(con, [tmp_path / "c.csv"])[0].ok
    return path


def _store_comment_min_group(path, value: str) -> None:
    with db.session(path) as con:
        sql.execute(con, "ops/meta_set", {"key": settings.COMMENT_MIN_GROUP_KEY, "value": value})
        db.bump_data_version(con)


def test_the_comment_threshold_is_the_stored_setting(eleven_in_june):
    with db.session(eleven_in_june) as con:
        assert settings.load(con).comment_min_group == 10
        assert len(comments(con, Filters(cohorts=("P",)))) == 26
        assert hidden_comment_groups(con, Filters(cohorts=("P",))) == []
    _store_comment_min_group(eleven_in_june, "12")
    with db.session(eleven_in_june) as con:
        assert settings.load(con).comment_min_group == 12
        shown = comments(con, Filters(cohorts=("P",)))
        assert len(shown) == 15 and shown["comment"].str.startswith("May").all()
        assert hidden_comment_groups(con, Filters(cohorts=("P",))) == ["P"]
        assert len(comments(con, Filters(cohorts=("P",)), 10)) == 26  # an explicit threshold
        assert len(comments(con, Filters(cohorts=("P",)), 3)) == 26  # ... never below 10


@pytest.mark.parametrize("stored", ["7", "2", "many", "500"])
def test_a_lower_or_damaged_comment_threshold_keeps_ten(eleven_in_june, stored):
    _store_comment_min_group(eleven_in_june, stored)
    with db.session(eleven_in_june) as con:
        assert settings.comment_min_group(con) == 10
        assert len(comments(con, Filters(cohorts=("P",)))) == 26


def test_the_pulse_page_uses_the_stored_comment_threshold(eleven_in_june, monkeypatch):
    _store_comment_min_group(eleven_in_june, "12")
    monkeypatch.setenv("EMPATHY_DB", str(eleven_in_june))
    at = AppTest.from_file(APP, default_timeout=90).run()
    at.switch_page("app_pages/pulse.py").run()
    assert not at.exception
    expander = next(e for e in at.expander if e.label.startswith("Comments from team members"))
    assert expander.label == "Comments from team members (15)"
    assert "at least 12 people" in texts(expander.caption)
    assert "Withheld in months with fewer than 12 respondents: P" in texts(expander.caption)
