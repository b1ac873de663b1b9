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


# --- item 6: where the header is ---------------------------------------------------------


def test_title_rows_above_and_a_totals_row_below_are_found_and_said(world):
    path = EXPORTS / "excel_report" / "outcomes_report.csv"
    result = ingest_file(world, path)
    assert result.ok, result.problem_lines()
    assert "header on line 5: the 4 row(s) above it (title, notes) skipped (give another with " \
           "--header-row N)" in result.notes
    assert result.rows == 4 and result.left_out == {"totals": 1, "note": 1}  # 2 teams x 2 metrics
    business = compute(world, "business", K3)
    assert business[["metric", "value", "n_teams"]].values.tolist() == [["escalation_rate", 2.0, 2]]


def test_a_workbook_report_with_a_title_and_a_totals_row(world, tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    for row in [["Training outcomes by team"], [None], ["period", "leader_id", "escalations",
                                                       "interactions"],
                ["2026-01", "L01", 4, 200], ["2026-01", "L02", 6, 300], ["Grand total", None, 10, 500]]:
        sheet.append(row)
    path = tmp_path / "report.xlsx"
    book.save(path)
    result = ingest_file(world, path)
    assert result.ok, result.problem_lines()
    assert "header on row 3: the 2 row(s) above it (title, notes) skipped (give another with " \
           "--header-row N)" in result.notes
    assert result.left_out == {"totals": 1}
    assert compute(world, "business", K3)[["metric", "value"]].values.tolist() == [["escalation_rate", 2.0]]


def test_the_header_row_can_be_given_and_problems_keep_the_files_line_numbers(world, write):
    # a summary block of label/value pairs (two cells each) is not taken for a title
    text = ("Meeting summary,\nTitle,Monthly outcomes\nOwner,HR\n"
            "period,leader_id,escalations,interactions\n2026-01,L01,4,200\n2026-01,L02,lots,300\n")
    path = write("summary.csv", text)
    before = table_counts(world)
    guessed = ingest_file(world, path)
    assert not guessed.ok and table_counts(world) == before
    given = ingest_file(world, path, header_row=4)
    assert not given.ok and table_counts(world) == before
    assert "header on line 4 (as given); 3 row(s) above it skipped" in given.notes
    assert given.problem_lines() == ["summary.csv:6: escalations: not a number: 'lots'"]
    fixed = ingest_file(world, write("summary.csv", text.replace("lots", "6")), header_row=4)
    assert fixed.ok and fixed.rows == 4


# --- item 7: dates ----------------------------------------------------------------------------


def _qualtrics_dates(day_month: list[str]) -> str:
    """The Qualtrics fixture with its EndDate cells replaced by ``day_month`` values."""
    lines = (EXPORTS / "qualtrics" / "numeric_values.csv").read_text().splitlines()
    out = lines[:3]
    for line, value in zip(lines[3:], day_month, strict=True):
        cells = line.split(",")
        cells[1] = f'"{value}"' if "," in value else value
        out.append(",".join(cells))
    return "\n".join(out) + "\n"


def test_dates_that_could_be_either_ask_and_the_answer_is_final(world, write):
    # every EndDate could be day-first or month-first: 2 March or 3 February?
    path = write("q.csv", _qualtrics_dates(["2/3/2026 14:09"] * 7))
    before = table_counts(world)
    asked = ingest_file(world, path)
    assert not asked.ok and table_counts(world) == before
    assert asked.problem_lines() == [
        "q.csv:1: EndDate: cannot tell day-first from month-first: every value could be either "
        "(e.g. '2/3/2026 14:09'); choose with --dates day-first or --dates month-first, or "
        "re-export with ISO dates (YYYY-MM-DD) or with a day after the 12th"]
    result = ingest_file(world, path, dates="day-first")
    assert result.ok, result.problem_lines()
    assert "EndDate: dates read day-first (D/M/YYYY) as chosen" in result.notes
    assert world.execute("select distinct period from pulse_response").fetchall() == [("2026-03",)]


def test_month_names_are_read(world, write):
    path = write("q.csv", _qualtrics_dates(["19 January 2026"] * 3 + ["January 20, 2026"] * 2
                                           + ["21-Jan-26"] * 2))
    result = ingest_file(world, path)
    assert result.ok, result.problem_lines()
    assert world.execute("select distinct period from pulse_response").fetchall() == [("2026-01",)]
    outcomes = write("o.csv", "period,leader_id,escalations,interactions\nJan-26,L01,4,200\n"
                              "January 2026,L02,6,300\n")
    assert ingest_file(world, outcomes).ok
    assert world.execute("select distinct period from outcomes").fetchall() == [("2026-01",)]
