"""Exports built from each survey tool's documented layout, with its quirks (preview, test,
spam and unfinished rows, N/A codes, title and totals rows, renamed id columns), imported as
exported: the KPI numbers that come out are the ones the real responses give, or the file is
refused with file, line, column and reason and the database is left as it was.

The fixtures are in tests/fixtures/exports/<tool>/; each holds the same small pilot: leader
L01's direct reports answer "My leader listens to me" (listens), "My leader explains
decisions" (explains) and the 0-10 recommend question, with rows that must not count.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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
    ("surveymonkey/custom_data.csv", {}, "surveymonkey", {}, (4, 25.0)),
    ("google_forms/grid.csv", {"constants": {"rater_type": "direct_report"}}, "google_forms", {},
     (4, 25.0)),
    ("microsoft_forms/anonymous.csv", {}, "microsoft_forms", {}, (4, 25.0)),
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
    if name == "microsoft_forms/anonymous.csv":
        # no respondent ids and a roster that lists members: the responses cannot be tied to
        # the roster, so they count in no figure (padding), and the import says so
        assert ("4 anonymous responses (no respondent id) cannot be matched to the roster, which lists "
                "members: left out of every figure") in result.notes
        assert pulse_numbers(world) == {}
        enps = None
    else:
        assert pulse_numbers(world) == PILOT_NUMBERS
    # two-digit years (Microsoft Forms via Excel), day-first (Glint), US (SurveyMonkey): January
    assert world.execute("select distinct period from pulse_response").fetchall() == [("2026-01",)]
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


# --- item 10 and the month-by-month run ---------------------------------------------------------

LIME_HEADER = ("id,submitdate,lastpage,startlanguage,seed,startdate,datestamp,ipaddr,refurl,LEADER,"
               "RATER,RESPONDENT,RATE[SQ001],RATE[SQ002],NPS,COMMENT")


def lime_month(month: str, answers: list[tuple[str, str, str]], *, first_id: int = 1,
               extra: str | None = None, partial: bool = True) -> str:
    """A LimeSurvey code export for one month: L01's five direct reports, ``answers`` as
    (RATE[SQ001], RATE[SQ002], NPS) per person, plus one incomplete response; ``extra`` adds a
    timing column (interviewtime) a later export may carry."""
    header = LIME_HEADER + (",interviewtime" if extra else "")
    rows = []
    for n, (listens, explains, nps) in enumerate(answers, start=1):
        stamp = f"2026-{month}-{10 + n:02d} 09:00:00"
        cells = [str(first_id + n), stamp, "3", "en", str(1000 + n), stamp, stamp, "198.51.100.7", "",
                 "L01", "direct_report", f"M0{n}", listens, explains, nps, ""]
        rows.append(",".join(cells) + (f",{extra}" if extra else ""))
    if partial:
        rows.append(",".join([str(first_id + 99), "", "1", "en", "9", f"2026-{month}-28 10:00:00",
                              f"2026-{month}-28 10:00:55", "", "", "L01", "direct_report", "M01", "1",
                              "1", "0", ""])
                    + ("," if extra else ""))
    return "\n".join([header, *rows]) + "\n"


def by_month(con) -> dict[str, dict[str, tuple[int, float, float]]]:
    frame = compute(con, "pulse_trend", K3)
    result: dict[str, dict[str, tuple[int, float, float]]] = {}
    for row in frame.itertuples():
        result.setdefault(row.period, {})[row.question_id] = (
            int(row.n), round(float(row.mean_score), 2), round(float(row.favourable_pct), 1))
    return result


def test_month_by_month_with_a_saved_profile_and_a_corrected_february(world, write):
    january = [("4", "5", "9"), ("5", "4", "10"), ("2", "4", "6"), ("4", "", "8")]
    february = [("5", "5", "9"), ("4", "4", "9"), ("3", "2", "7"), ("4", "4", "10")]
    march = [("5", "4", "10"), ("5", "5", "9"), ("4", "4", "8"), ("2", "3", "6")]

    # January: the codes are confirmed once and saved
    jan = write("lime-2026-01.csv", lime_month("01", january))
    needs = ingest_file(world, jan)
    assert not needs.ok and "new questions to confirm" in needs.problem_lines()[0]
    first = ingest_file(world, jan, save_profile="lime pulse", **LIMESURVEY_MAP)
    assert first.ok, first.problem_lines()
    assert "saved profile 'lime pulse' (limesurvey); later files with this layout use it " \
           "automatically" in first.notes

    # February: no flags at all
    feb = write("lime-2026-02.csv", lime_month("02", february, first_id=100))
    second = ingest_file(world, feb)
    assert second.ok, second.problem_lines()
    assert second.plan.profile == "lime pulse" and second.left_out == {"incomplete": 1}

    # March: the export gained a timing column; the profile is found on its mapped columns
    mar = write("lime-2026-03.csv", lime_month("03", march, first_id=200, extra="312"))
    assert propose(mar, world).profile == "lime pulse"
    third = ingest_file(world, mar)
    assert third.ok, third.problem_lines()
    assert "interviewtime" in third.plan.describe()["kept"]

    assert by_month(world) == {
        "2026-01": {"listens": (4, 3.75, 75.0), "explains": (3, 4.33, 100.0)},
        "2026-02": {"listens": (4, 4.0, 75.0), "explains": (4, 3.75, 75.0)},
        "2026-03": {"listens": (4, 4.0, 75.0), "explains": (4, 4.0, 75.0)},
    }

    # a corrected February export (one answer fixed): refused without Replace, stored with it
    corrected = february[:2] + [("4", "2", "7")] + february[3:]
    fixed = write("lime-2026-02-corrected.csv", lime_month("02", corrected, first_id=100))
    before = table_counts(world)
    refused = ingest_file(world, fixed)
    assert not refused.ok and table_counts(world) == before
    assert len(refused.problem_lines()) == 4
    assert all("already stored by import" in line for line in refused.problem_lines())
    replaced = ingest_file(world, fixed, replace=True)
    assert replaced.ok, replaced.problem_lines()
    assert replaced.replaced == 4 and replaced.plan.profile == "lime pulse"
    assert by_month(world)["2026-02"] == {"listens": (4, 4.25, 100.0), "explains": (4, 3.75, 75.0)}
    assert enps_numbers_for(world, "2026-02") == (4, 75.0)


def enps_numbers_for(con, period: str) -> tuple[int, float]:
    frame = compute(con, "enps", K3)
    row = frame[frame.period == period].iloc[0]
    return int(row.n), float(row.enps)


def test_a_failed_import_never_saves_its_profile(world, write):
    bad = write("lime.csv", lime_month("01", [("4", "5", "9"), ("9", "4", "10"), ("2", "4", "6")]))
    before = table_counts(world)
    result = ingest_file(world, bad, save_profile="lime pulse", **LIMESURVEY_MAP)
    assert not result.ok and table_counts(world) == before
    assert result.problem_lines() == ["lime.csv:3: RATE[SQ001]: answer 9 on 'listens', a 5-point "
                                      "question of the catalogue, is outside the likert5 (1–5) "
                                      "scale: if the survey used a 0–10 scale, it is another "
                                      "question — add one with scale nps11 to the question catalogue "
                                      "and map the column to it (--map question:ID=COLUMN, or on the "
                                      "Data page's mapping form); else correct the answer in the file"]
    assert world.execute("select count(*) from import_profile").fetchone() == (0,)


def test_detect_exits_non_zero_where_ingest_would_refuse(world, write, capsys, db_path):
    from dashboard.cli import main

    world.close()
    bad = write("lime.csv", lime_month("01", [("4", "5", "9"), ("9", "4", "10"), ("2", "4", "6")]))
    maps = ["--map", "question:listens=RATE[SQ001]", "--map", "question:explains=RATE[SQ002]",
            "--map", "question:recommend=NPS"]
    code = main(["detect", str(bad), *maps, "--save-profile", "lime", "--db", str(db_path)])
    out = capsys.readouterr().out
    assert code == 1
    assert out.splitlines()[-3:] == [
        "but ingest would refuse it (1 problem(s)):",
        "  lime.csv:3: RATE[SQ001]: answer 9 on 'listens', a 5-point question of the catalogue, is "
        "outside the likert5 (1–5) scale: if the survey used a 0–10 scale, it is another question — "
        "add one with scale nps11 to the question catalogue and map the column to it (--map "
        "question:ID=COLUMN, or on the Data page's mapping form); else correct the answer in the file",
        "profile 'lime' not saved: fix the file first"]
    good = write("lime.csv", lime_month("01", [("4", "5", "9"), ("5", "4", "10"), ("2", "4", "6")]))
    assert main(["detect", str(good), *maps, "--keep-partials", "--db", str(db_path)]) == 0
    assert "1 unfinished response kept" in capsys.readouterr().out


# --- item 4: any scale, never squeezed --------------------------------------------------------


def test_four_point_labels_stay_on_a_four_point_scale_and_seven_point_on_seven(world):
    path = EXPORTS / "scales" / "culture_amp_4_and_7_point.csv"
    detection = propose(path, world)
    scales = {q.question_id: q.scale for q in detection.questions}
    assert scales == {"my_leader_checks_in_on_me": "likert4",
                      "my_leader_adapts_their_tone": "likert7", "recommend": "nps11"}
    result = ingest_file(world, path, save_profile="culture amp")
    assert result.ok, result.problem_lines()
    # Strongly disagree .. Strongly agree on 1..4 (never 1, 2, 4, 5); favourable = the top two
    assert world.execute("""
        select a.question_id, list(a.score order by a.score), count(*) filter (
            where favourable(q.scale, q.reverse_scored, a.score))
        from pulse_answer a join questions q using (question_id) where q.superseded_by is null
        group by all order by 1""").fetchall() == [
        ("my_leader_adapts_their_tone", [3, 4, 5, 6, 7], 2),
        ("my_leader_checks_in_on_me", [1, 2, 3, 3, 4], 3),
        ("recommend", [6, 7, 8, 9, 10], 0)]
    trend = compute(world, "pulse_trend", K3).set_index("question_id")
    assert trend.loc["my_leader_adapts_their_tone", "favourable_pct"] == 40.0
    # the 4-point question reaches the KPI tables on its own scale: 3 of 5 in the top two
    assert trend.loc["my_leader_checks_in_on_me", "favourable_pct"] == 60.0
    assert trend.loc["my_leader_checks_in_on_me", "mean_score"] == 2.6


def test_a_seven_point_answer_to_a_five_point_question_is_refused(world, write):
    text = (EXPORTS / "culture_amp" / "raw_extract.csv").read_text().replace(
        "r-003,M04,Sales,L01,direct_report,2026-01-21,Disagree", "r-003,M04,Sales,L01,direct_report,"
        "2026-01-21,6")  # a 7-point answer
    before = table_counts(world)
    result = ingest_file(world, write("ca.csv", text))
    assert not result.ok and table_counts(world) == before
    assert result.problem_lines() == [
        "ca.csv:4: My leader listens to me: answer 6 on 'listens', a 5-point question of the "
        "catalogue, is outside the likert5 (1–5) scale: if the survey used a 7-point scale, it is "
        "another question — add one with scale likert7 to the question catalogue and map the column "
        "to it (--map question:ID=COLUMN, or on the Data page's mapping form); else correct the "
        "answer in the file"]


# --- no traceback, and a refusal changes nothing ---------------------------------------------

FUZZED = sorted(p for p in EXPORTS.glob("*/*.csv"))


@settings(max_examples=30)
@given(data=st.data())
def test_malformed_variants_of_the_fixtures_import_whole_or_not_at_all(world_template, tmp_path_factory,
                                                                       data):
    from dashboard.store import db

    name = data.draw(st.sampled_from(FUZZED), label="fixture")
    lines = name.read_bytes().splitlines(keepends=True)
    how = data.draw(st.sampled_from(["drop", "cut", "repeat", "swap", "blank", "garble"]), label="how")
    at = data.draw(st.integers(0, len(lines) - 1), label="line")
    if how == "drop":
        lines.pop(at)
    elif how == "cut":
        lines[at] = lines[at][: data.draw(st.integers(0, len(lines[at])))]
    elif how == "repeat":
        lines.insert(at, lines[at])
    elif how == "swap" and at + 1 < len(lines):
        lines[at], lines[at + 1] = lines[at + 1], lines[at]
    elif how == "blank":
        lines[at] = b"\n"
    else:
        lines[at] = data.draw(st.binary(max_size=40)) + b"\n"
    folder = tmp_path_factory.mktemp("fuzz")
    path = folder / name.name
    path.write_bytes(b"".join(lines))
    copy = folder / "db.duckdb"
    shutil.copyfile(world_template, copy)
    with db.session(copy) as con:
        before = table_counts(con)
        result = ingest_file(con, path, keep_partials=data.draw(st.booleans(), label="partials"))
        if not result.ok:
            assert table_counts(con) == before
            assert result.problem_lines(), "a refusal says why"
            assert all(line.startswith(f"{path.name}:") for line in result.problem_lines())


@pytest.fixture(scope="module")
def world_template(tmp_path_factory):
    """A database with the fixtures' roster and catalogue, copied per example."""
    from dashboard.store import db

    path = tmp_path_factory.mktemp("world") / "world.duckdb"
    with db.session(path) as con:
        assert all(r.ok for r in ingest_files(con, [EXPORTS / "roster.csv", EXPORTS / "questions.csv"]))
    return path


def test_an_explicit_map_settles_a_clash_between_two_synonym_columns(world, write):
    path = write("p.csv", "response_id,submitted_at,respondent_id,rater_type,leader,manager_id,listens\n"
                          "R1,2026-01-05,M01,direct_report,L01,L02,4\n")
    before = table_counts(world)
    clash = ingest_file(world, path)
    assert not clash.ok and table_counts(world) == before
    assert clash.problem_lines() == ["p.csv:1: (header): two columns map to leader_id: 'leader' and "
                                     "'manager_id'"]
    result = ingest_file(world, path, overrides=[("leader_id", "leader")])
    assert result.ok, result.problem_lines()
    assert world.execute("select leader_id, extra from pulse_response").fetchall() == [
        ("L01", '{"manager_id":"L02"}')]


def test_the_data_pages_uploads_carry_the_reading_options_and_say_what_was_left_out(world):
    from dashboard.ingest.uploads import Upload, headline, preview

    data = (EXPORTS / "qualtrics" / "numeric_values.csv").read_bytes()
    before = table_counts(world)
    [checked] = preview(world, [Upload("numeric_values.csv", data)])
    assert headline(checked) == ("numeric_values.csv — pulse survey responses: 4 rows ready to import, "
                                 "11 answers; 1 preview response, 1 test response and 1 unfinished "
                                 "response left out")
    [kept] = preview(world, [Upload("numeric_values.csv", data, keep_partials=True)])
    assert kept.result.rows == 5 and kept.result.left_out == {"preview": 1, "test": 1}
    assert table_counts(world) == before  # a preview stores nothing


def test_every_recognised_tool_is_named_in_the_data_page_and_the_cli_help():
    import subprocess
    import sys

    from dashboard.ingest.tools import TOOLS, tool_names

    named = tool_names()
    assert all(tool.name and tool.name in named for tool in TOOLS)
    help_text = subprocess.run([sys.executable, "-m", "dashboard", "ingest", "--help"], capture_output=True,
                               text=True, check=True).stdout
    assert all(tool.name in " ".join(help_text.split()) for tool in TOOLS)


def test_the_data_page_names_every_recognised_tool(on_empty):
    from dashboard.ingest.tools import tool_names
    from tests.apptest import open_page, texts

    assert tool_names() in texts(open_page("data").caption)
