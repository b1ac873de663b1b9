"""The scoring rules (``queries/scoring``): each macro over every scale, and a pilot with
reverse-scored 5- and 7-point questions imported for real (``tests/fixtures/scoring``,
worked out by hand in its README) whose KPI tables must match by hand-worked values."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from dashboard.config import QUERIES_DIR
from dashboard.ingest import ingest_files
from dashboard.ingest.vocab import SCALES
from dashboard.kpi import Filters, compute
from dashboard.kpi.engine import prepare
from dashboard.store import aggregates, db
from tests.conftest import FIXTURES_DIR

SCORING_DIR = FIXTURES_DIR / "scoring"
SCORING_FILES = ["roster.csv", "schedule.csv", "questions.csv", "pulse.csv"]
EXPECTED = json.loads((SCORING_DIR / "expected.json").read_text(encoding="utf-8"))

# The definitions (DESIGN.md), written out here independently of the SQL.
FAVOURABLE_FROM = {"likert4": 3, "likert5": 4, "likert7": 6}  # the top two of 4 points
PROMOTER_FROM, DETRACTOR_TO = 9, 6


@pytest.fixture(scope="module")
def macros(tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    """A real database file with the scoring macros on its connection."""
    con = db.connect(tmp_path_factory.mktemp("macros") / "macros.duckdb")
    aggregates.create_scoring_macros(con)
    yield con
    con.close()


def _call(con: duckdb.DuckDBPyConnection, macro: str, scale: str, reverse: bool,
          score: int | None) -> object:
    # the score as stored (pulse_answer.score is a tinyint); the macro name comes from this file
    query = {"flip": "select flip($scale, $reverse, $score::tinyint)",
             "favourable": "select favourable($scale, $reverse, $score::tinyint)",
             "promoter": "select promoter($scale, $reverse, $score::tinyint)",
             "detractor": "select detractor($scale, $reverse, $score::tinyint)"}[macro]
    return con.execute(query, {"scale": scale, "reverse": reverse, "score": score}).fetchone()[0]


FLIP_CASES = [
    ("likert5", False, 1, 1), ("likert5", False, 5, 5), ("likert5", True, 1, 5),
    ("likert5", True, 2, 4), ("likert5", True, 3, 3), ("likert5", True, 5, 1),
    ("likert7", False, 7, 7), ("likert7", True, 1, 7), ("likert7", True, 2, 6),
    ("likert7", True, 3, 5), ("likert7", True, 4, 4), ("likert7", True, 7, 1),
    ("nps11", False, 0, 0), ("nps11", True, 0, 10), ("nps11", True, 1, 9), ("nps11", True, 10, 0),
    ("likert5", True, None, None), ("likert7", False, None, None), ("nps11", True, None, None),
    ("unknown", True, 2, None), ("unknown", False, 2, 2),
]
FAVOURABLE_CASES = [
    ("likert5", False, 1, False), ("likert5", False, 3, False), ("likert5", False, 4, True),
    ("likert5", False, 5, True), ("likert5", True, 1, True), ("likert5", True, 2, True),
    ("likert5", True, 3, False), ("likert5", True, 5, False),
    ("likert7", False, 5, False), ("likert7", False, 6, True), ("likert7", False, 7, True),
    ("likert7", True, 1, True), ("likert7", True, 2, True), ("likert7", True, 3, False),
    ("likert7", True, 7, False),
    ("nps11", False, 10, None), ("nps11", False, 0, None),
    ("likert5", False, None, None), ("likert7", True, None, None), ("unknown", False, 5, None),
]
PROMOTER_CASES = [
    ("nps11", False, 0, False), ("nps11", False, 8, False), ("nps11", False, 9, True),
    ("nps11", False, 10, True), ("nps11", True, 0, True), ("nps11", True, 1, True),
    ("nps11", True, 2, False), ("likert5", False, 5, None), ("likert7", False, 7, None),
    ("nps11", False, None, None), ("unknown", False, 9, None),
]
DETRACTOR_CASES = [
    ("nps11", False, 0, True), ("nps11", False, 6, True), ("nps11", False, 7, False),
    ("nps11", False, 10, False), ("nps11", True, 3, False), ("nps11", True, 4, True),
    ("nps11", True, 10, True), ("likert5", False, 1, None), ("likert7", False, 1, None),
    ("nps11", True, None, None), ("unknown", False, 0, None),
]
CASES = ([("flip", *c) for c in FLIP_CASES]
         + [("favourable", *c) for c in FAVOURABLE_CASES]
         + [("promoter", *c) for c in PROMOTER_CASES]
         + [("detractor", *c) for c in DETRACTOR_CASES])


@pytest.mark.parametrize(("macro", "scale", "reverse", "score", "expected"), CASES,
                         ids=[f"{m}-{s}-{'rev' if r else 'fwd'}-{v}" for m, s, r, v, _ in CASES])
def test_each_macro_at_the_boundaries_of_every_scale(macros, macro, scale, reverse, score,
                                                     expected):
    assert _call(macros, macro, scale, reverse, score) == expected


@pytest.mark.parametrize("scale", sorted(SCALES))
def test_every_answer_of_every_scale_scores_by_the_definitions(macros, scale):
    low, high = SCALES[scale]
    for reverse in (False, True):
        for score in range(low, high + 1):
            flipped = low + high - score if reverse else score
            likert = scale in FAVOURABLE_FROM
            expected = {
                "flip": flipped,
                "favourable": flipped >= FAVOURABLE_FROM[scale] if likert else None,
                "promoter": None if likert else flipped >= PROMOTER_FROM,
                "detractor": None if likert else flipped <= DETRACTOR_TO,
            }
            actual = {macro: _call(macros, macro, scale, reverse, score) for macro in expected}
            assert actual == expected, f"{scale} {'reversed' if reverse else 'as given'} {score}"


def test_the_scoring_rule_knows_every_scale_the_import_accepts_with_the_same_range(macros):
    rules = {scale: macros.execute("select scale_rule($scale)", {"scale": scale}).fetchone()[0]
             for scale in SCALES}
    assert {scale: (rule["low"], rule["high"]) for scale, rule in rules.items()} == SCALES


def test_the_kpi_staging_and_the_aggregate_refresh_each_create_the_macros(tmp_path):
    with db.session(tmp_path / "kpi.duckdb") as con:
        prepare(con)
        assert con.execute("select favourable('likert7', true, 2::tinyint)").fetchone()[0] is True
    with db.session(tmp_path / "refresh.duckdb") as con:
        con.begin()
        aggregates.refresh(con)  # a fresh connection: the refresh brings its own rules
        con.commit()
        assert con.execute("select detractor('nps11', false, 6::tinyint)").fetchone()[0] is True


def test_no_query_outside_the_scoring_macros_flips_or_judges_a_score():
    """Reading ``reverse_scored`` is how a copy of the rules would start: outside the macros
    (and the import, which stores the column) it is only ever passed to one of them."""
    call = re.compile(r"\b(flip|favourable|promoter|detractor)\([^()]*reverse_scored[^()]*\)")
    offenders = []
    for path in sorted(QUERIES_DIR.rglob("*.sql")):
        folder = path.relative_to(QUERIES_DIR).parts[0]
        if folder in ("scoring", "schema", "ingest"):
            continue
        code = call.sub("", re.sub(r"--[^\n]*", "", path.read_text(encoding="utf-8")))
        if "reverse_scored" in code:
            offenders.append(str(path.relative_to(QUERIES_DIR)))
    assert offenders == []


# --- the scoring pilot, imported through the real importer into a real database file ---

KEYS = {
    "pulse_trend": ["cohort", "period", "question_id", "rater_group"],
    "enps": ["cohort", "period"],
    "self_gap": ["cohort", "leader_id", "period"],
    "period_summary": ["cohort", "metric"],
    "impact": ["metric"],
}
FILTERS = {"period_summary": Filters(period_from="2026-03", period_to="2026-04")}
EVERY_ROW = ("pulse_trend", "enps", "self_gap")  # tables whose rows are all listed


@pytest.fixture(scope="module")
def scoring_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("scoring") / "scoring.duckdb"
    with db.session(path) as con:
        results = ingest_files(con, [SCORING_DIR / name for name in SCORING_FILES])
    assert all(r.ok for r in results), [r.problem_lines() for r in results]
    return path


@pytest.fixture
def scored(scoring_db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    with db.session(scoring_db, read_only=True) as con:
        yield con


@pytest.mark.parametrize("table", list(KEYS))
def test_scoring_pilot_matches_the_hand_worked_values(scored, table):
    frame = compute(scored, table, FILTERS.get(table, Filters()))
    rows = {tuple(str(v) for v in row[KEYS[table]]): row for _, row in frame.iterrows()}
    expected_keys = [tuple(str(e[k]) for k in KEYS[table]) for e in EXPECTED[table]]
    if table in EVERY_ROW:
        assert sorted(rows) == sorted(expected_keys)
    for key, expected in zip(expected_keys, EXPECTED[table], strict=True):
        assert key in rows, f"{table}: no row for {key}"
        actual = rows[key]
        if "suppressed" in actual:
            assert not bool(actual["suppressed"]), f"{table} {key} is suppressed"
        for column, value in expected.items():
            if column not in KEYS[table]:
                assert float(actual[column]) == pytest.approx(value, abs=1e-9), \
                    f"{table} {key}: {column} is {actual[column]!r}, expected {value!r}"
