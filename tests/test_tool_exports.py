"""Exports built from each survey tool's documented layout, with its quirks (preview, test,
spam and unfinished rows, N/A codes, title and totals rows, renamed id columns), imported as
exported: the KPI numbers that come out are the ones the real responses give, or the file is
refused with file, line, column and reason and the database is left as it was.

The fixtures are in tests/fixtures/exports/<tool>/; each holds the same small pilot: leader
L01's direct reports answer "My leader listens to me" (listens), "My leader explains
decisions" (explains) and the 0-10 recommend question, with rows that must not count.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.ingest import ingest_file, ingest_files, propose
from dashboard.kpi import Filters, compute
from tests.conftest import table_counts

EXPORTS = Path(__file__).parent / "fixtures" / "exports"
K3 = Filters(min_group=3)


@pytest.fixture
def world(con):
    """The roster (L01 with five members, L02 with three) and the question catalogue."""
    results = ingest_files(con, [EXPORTS / "roster.csv", EXPORTS / "questions.csv"])
    assert all(r.ok for r in results), [r.problem_lines() for r in results]
    return con


def pulse_numbers(con) -> dict[str, tuple[int, float, float]]:
    """question -> (n, mean, favourable %) of others' ratings, all months pooled per month."""
    frame = compute(con, "pulse_trend", K3)
    return {row.question_id: (int(row.n), round(float(row.mean_score), 2),
                              round(float(row.favourable_pct), 1))
            for row in frame.itertuples() if not row.suppressed}


def enps_numbers(con) -> tuple[int, float]:
    frame = compute(con, "enps", K3)
    assert len(frame) == 1, frame
    return int(frame.n.iloc[0]), float(frame.enps.iloc[0])


# --- item 1: non-responses ------------------------------------------------------------------


def test_qualtrics_test_preview_and_unfinished_rows_never_count(world):
    path = EXPORTS / "qualtrics" / "numeric_values.csv"
    result = ingest_file(world, path)
    assert result.ok, result.problem_lines()
    assert result.rows == 4
    assert result.left_out == {"preview": 1, "test": 1, "unfinished": 1}
    assert result.summary().endswith(
        "; 1 preview response, 1 test response and 1 unfinished response left out")
    # listens 4, 5, 2, 4; explains 5, 4, 4 (-99 is "seen but unanswered"); recommend 9, 10, 6, 8
    assert pulse_numbers(world) == {"listens": (4, 3.75, 75.0), "explains": (3, 4.33, 100.0)}
    assert enps_numbers(world) == (4, 25.0)
    logged = world.execute("select details from import_log where import_id = ?",
                           [result.import_id]).fetchone()[0]
    assert '"left_out": {"preview": 1, "test": 1, "unfinished": 1}' in logged


def test_keeping_partials_keeps_the_unfinished_response_but_never_the_test_rows(world):
    result = ingest_file(world, EXPORTS / "qualtrics" / "numeric_values.csv", keep_partials=True)
    assert result.ok, result.problem_lines()
    assert result.rows == 5
    assert result.left_out == {"preview": 1, "test": 1}
    assert "1 unfinished response kept (partials kept on request)" in result.notes
    assert pulse_numbers(world) == {"listens": (5, 3.6, 60.0), "explains": (4, 4.0, 75.0)}


def test_detect_says_what_would_be_left_out(world):
    detection = propose(EXPORTS / "qualtrics" / "numeric_values.csv", world)
    assert detection.ready, detection.problems
    assert detection.left_out.counts() == {"preview": 1, "test": 1, "unfinished": 1}
    assert detection.to_dict()["left_out"] == {"preview": 1, "test": 1, "unfinished": 1}


# --- item 8: more tools, each with its own non-responses -------------------------------------

PILOT_NUMBERS = {"listens": (4, 3.75, 75.0), "explains": (3, 4.33, 100.0)}
LIMESURVEY_MAP = {"overrides": [("question:listens", "RATE[SQ001]"), ("question:explains", "RATE[SQ002]"),
                                ("question:recommend", "NPS")]}

TOOLS = [
    # fixture, options, layout, left out, eNPS (n, score) or None
    ("typeform/responses.csv", {}, "typeform", {"unfinished": 1}, (4, 25.0)),
    ("limesurvey/codes.csv", LIMESURVEY_MAP, "limesurvey", {"incomplete": 1}, (4, 25.0)),
    ("limesurvey/full_text.csv", {}, "limesurvey", {"incomplete": 1}, (4, 25.0)),
    ("alchemer/export.csv", {}, "alchemer", {"disqualified": 1, "test": 1, "unfinished": 1},
     (4, 25.0)),
    ("culture_amp/raw_extract.csv", {}, "culture_amp", {}, (4, 25.0)),
    ("viva_glint/employee_id.csv", {}, "viva_glint", {"never completed": 1}, None),
]


@pytest.mark.parametrize(("name", "options", "layout", "left_out", "enps"), TOOLS,
                         ids=[t[0] for t in TOOLS])
def test_each_tool_imports_as_exported_with_the_right_numbers(world, name, options, layout,
                                                              left_out, enps):
    detection = propose(EXPORTS / name, world, **options)
    assert detection.layout == layout
    assert detection.ready, detection.problems
    result = ingest_file(world, EXPORTS / name, **options)
    assert result.ok, result.problem_lines()
    assert result.left_out == left_out
    assert pulse_numbers(world) == PILOT_NUMBERS
    if enps:
        assert enps_numbers(world) == enps


def test_limesurvey_codes_without_a_map_ask_to_confirm_and_store_nothing(world):
    before = table_counts(world)
    result = ingest_file(world, EXPORTS / "limesurvey" / "codes.csv")
    assert not result.ok and table_counts(world) == before
    assert result.problem_lines() == [
        "codes.csv:1: (mapping): new questions to confirm (3): RATE[SQ001] -> rate_sq001 (likert5); "
        "RATE[SQ002] -> rate_sq002 (likert5); NPS -> nps (nps11). They are not in the question "
        "catalogue; check them with `python -m dashboard detect FILE` and confirm with "
        "--save-profile NAME (or import the question catalogue first)"]


def test_a_question_map_can_name_a_column_that_a_field_would_claim(world, write):
    # a question column headed like a field ("Feedback" is a synonym of comment)
    path = write("tf.csv", (EXPORTS / "typeform" / "responses.csv").read_text().replace(
        "My leader listens to me", "Feedback"))
    result = ingest_file(world, path, overrides=[("question:listens", "Feedback")])
    assert result.ok, result.problem_lines()
    assert pulse_numbers(world) == PILOT_NUMBERS
