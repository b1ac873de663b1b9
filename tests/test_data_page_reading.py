"""The Data page's "Reading the file" choices — keep unfinished responses, the date order, the
header row — through AppTest on a real database file and real export bytes: offered where the
file needs them, flowing into the preview and the import, kept in the profile like the CLI's
``--keep-partials`` and ``--dates`` (issue 16, items 1, 6 and 7)."""

from __future__ import annotations

import json
from pathlib import Path

from dashboard.ingest import ingest_file, ingest_files
from dashboard.store import db
from tests.apptest import click, open_page, plain, texts
from tests.conftest import table_counts

EXPORTS = Path(__file__).parent / "fixtures" / "exports"
QUALTRICS = EXPORTS / "qualtrics" / "numeric_values.csv"


def _world(path: Path) -> None:
    with db.session(path) as con:
        results = ingest_files(con, [EXPORTS / "roster.csv", EXPORTS / "questions.csv"])
        assert all(r.ok for r in results), [r.problem_lines() for r in results]


def _box(at, label: str, kind: str = "checkbox"):
    [found] = [w for w in getattr(at, kind) if plain(w.label) == label]
    return found


def _dates(values: list[str]) -> bytes:
    """The Qualtrics fixture with its EndDate cells replaced (one value per data row)."""
    lines = QUALTRICS.read_text().splitlines()
    out = lines[:3]
    for line, value in zip(lines[3:], values, strict=True):
        cells = line.split(",")
        cells[1] = value
        out.append(",".join(cells))
    return ("\n".join(out) + "\n").encode()


def test_unfinished_responses_are_kept_on_the_page_and_the_profile_keeps_the_choice(on_empty):
    _world(on_empty)
    at = open_page("data")
    at.file_uploader[0].set_value(("january.csv", QUALTRICS.read_bytes(), "text/csv")).run()
    assert plain(at.expander[0].label) == (
        "january.csv — pulse survey responses: 4 rows ready to import, 11 answers; 1 preview response, "
        "1 test response and 1 unfinished response left out")
    assert not [b for b in at.selectbox if b.label in ("Date order", "Header row")]  # ISO dates, no title
    _box(at, "Keep unfinished responses (1 in this file)").check().run()
    assert plain(at.expander[0].label) == (
        "january.csv — pulse survey responses: 5 rows ready to import, 13 answers; 1 preview response "
        "and 1 test response left out")
    assert "1 unfinished response kept (kept as chosen)" in texts(at.caption)
    prefix = next(s.key for s in at.text_input if s.key and s.key.endswith("-profile")).removesuffix("-profile")
    at.text_input(key=f"{prefix}-profile").set_value("qualtrics monthly")
    click(at, "Preview with these choices")
    assert _box(at, "Keep unfinished responses (1 in this file)").value  # the choice survives the form
    click(at, "Import 1 file(s)")
    with db.session(on_empty) as con:
        assert con.execute("select count(*) from pulse_response").fetchone() == (5,)
        mapping = json.loads(con.execute("select mapping from import_profile where name = 'qualtrics monthly'"
                                         ).fetchone()[0])
    assert mapping["reading"] == {"keep_partials": True}

    # next month's export: the profile keeps the unfinished response without being asked
    february = QUALTRICS.read_text().replace("2026-01-", "2026-02-").replace("R_", "R_feb")
    at.file_uploader[0].set_value(("february.csv", february.encode(), "text/csv")).run()
    assert plain(at.expander[0].label).startswith("february.csv — pulse survey responses: 5 rows ready")
    assert "reading choices of profile 'qualtrics monthly': unfinished responses kept" in texts(at.caption)


def test_dates_that_could_be_either_are_settled_on_the_page(on_empty):
    _world(on_empty)
    at = open_page("data")
    at.file_uploader[0].set_value(("march.csv", _dates(["2/3/2026 14:09"] * 7), "text/csv")).run()
    assert plain(at.expander[0].label) == "march.csv — pulse survey responses: 1 problem(s); nothing will be stored"
    report = texts(at.markdown)
    assert "cannot tell day-first from month-first" in report and "--dates" not in report
    assert "choose the date order under Reading the file" in report
    assert "Every date in this file could be day-first or month-first" in texts(at.warning)
    order = _box(at, "Date order", "selectbox")
    assert order.value == "" and not [b for b in at.button if b.label.startswith("Import")]
    with db.session(on_empty) as con:
        before = table_counts(con)
    order.set_value("day-first").run()
    assert plain(at.expander[0].label).startswith("march.csv — pulse survey responses: 4 rows ready to import")
    assert "EndDate: dates read day-first (D/M/YYYY) as chosen" in texts(at.caption)
    with db.session(on_empty) as con:
        assert table_counts(con) == before  # the preview stored nothing
    click(at, "Import 1 file(s)")
    with db.session(on_empty) as con:
        assert con.execute("select distinct period from pulse_response").fetchall() == [("2026-03",)]


def test_dates_read_one_way_can_be_turned_round(on_empty):
    _world(on_empty)
    at = open_page("data")
    # 13/2 can only be day-first: the file is read day-first; the analyst knows better
    data = _dates(["13/2/2026 14:09"] + ["2/3/2026 14:09"] * 6)
    at.file_uploader[0].set_value(("march.csv", data, "text/csv")).run()
    assert "EndDate: dates read day-first (D/M/YYYY)" in texts(at.caption)
    order = _box(at, "Date order", "selectbox")
    assert order.format_func(order.value) == "as found: day-first (D/M/YYYY)"
    order.set_value("month-first").run()
    assert plain(at.expander[0].label) == "march.csv — pulse survey responses: 1 problem(s); nothing will be stored"
    assert "line 4: cannot read date '13/2/2026 14:09'" in texts(at.markdown)


def test_the_header_row_is_offered_when_title_rows_were_skipped(on_empty, tmp_path):
    _world(on_empty)
    # the first record has one cell, taken for a title: the header found is line 2, wrongly
    text = ("Meeting summary,\nTitle,Monthly outcomes\nOwner,HR\n"
            "period,leader_id,escalations,interactions\n2026-01,L01,4,200\n2026-01,L02,6,300\n")
    at = open_page("data")
    at.file_uploader[0].set_value(("summary.csv", text.encode(), "text/csv")).run()
    assert plain(at.expander[0].label).startswith("summary.csv — unrecognised kind: 1 problem(s)")
    header = _box(at, "Header row", "selectbox")
    assert header.format_func(header.value) == "as found: line 2"
    header.set_value(4).run()
    assert plain(at.expander[0].label) == "summary.csv — business outcomes: 4 rows ready to import"
    assert "header on line 4 (as given); 3 row(s) above it skipped" in texts(at.caption)
    click(at, "Import 1 file(s)")
    with db.session(on_empty) as con:
        assert con.execute("select leader_id, metric, value from outcomes order by 1, 2").fetchall() == [
            ("L01", "escalations", 4.0), ("L01", "interactions", 200.0),
            ("L02", "escalations", 6.0), ("L02", "interactions", 300.0)]
    # the CLI gives the same with --header-row 4 (one path for both)
    path = tmp_path / "summary.csv"
    path.write_text(text)
    with db.session(on_empty) as con:
        assert ingest_file(con, path, header_row=4).already_imported is not None


def test_no_keep_partials_on_the_cli_overrides_a_profile_that_keeps_them(tmp_path):
    from dashboard.cli import main

    path = tmp_path / "pilot.duckdb"
    _world(path)
    assert main(["ingest", str(QUALTRICS), "--keep-partials", "--save-profile", "monthly",
                 "--db", str(path)]) == 0
    february = tmp_path / "february.csv"
    february.write_text(QUALTRICS.read_text().replace("2026-01-", "2026-02-").replace("R_", "R_feb"))
    march = tmp_path / "march.csv"
    march.write_text(QUALTRICS.read_text().replace("2026-01-", "2026-03-").replace("R_", "R_mar"))
    assert main(["ingest", str(february), "--no-keep-partials", "--db", str(path)]) == 0
    assert main(["ingest", str(march), "--db", str(path)]) == 0  # not said: the profile keeps them
    with db.session(path) as con:
        per_month = dict(con.execute("select period, count(*) from pulse_response group by period"
                                     ).fetchall())
    assert per_month == {"2026-01": 5, "2026-02": 4, "2026-03": 5}
