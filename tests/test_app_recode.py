"""The Data page's error report grouped by type and its Recode values form, through AppTest on
a real database file and real CSV bytes (issue 16, items 2 and 11)."""

from __future__ import annotations

from dashboard.ingest import ingest_files
from dashboard.store import db
from tests.apptest import click, open_page, plain, texts
from tests.conftest import FIXTURES_DIR

PEOPLE = FIXTURES_DIR / "exports" / "people"
PULSE = ("response_id,submitted_at,respondent_id,rater_type,leader_id,understood,tone,enps,comment\n"
         "R01,2026-01-19,ana.silva@example.com,,Dana Reyes,4,5,9,\n"  # already stored
         "R21,2026-02-19,ana.silva@example.com,I report directly to this leader,Dana Reyes,4,5,9,\n"
         "R22,2026-02-19,eli.park@example.com,A colleague,Dana Reyes,3,4,7,\n"
         "R23,2026-02-20,ben.okafor@example.com,I report directly to this leader,Dana Reyes,9,4,8,\n")


def test_problems_are_grouped_and_unknown_values_are_recoded_on_the_page(on_empty):
    with db.session(on_empty) as con:
        results = ingest_files(con, [PEOPLE / "roster.csv", PEOPLE / "questions.csv",
                                     PEOPLE / "schedule.csv", PEOPLE / "pulse_by_email.csv"])
        assert all(r.ok for r in results)
    at = open_page("data")
    at.file_uploader[0].set_value(("march.csv", PULSE.encode(), "text/csv")).run()
    report = texts(at.markdown)
    order = [report.index(part) for part in (
        "rater_type: unknown value** — 3 row(s)",
        "understood: answer outside the scale** — 1 row(s)",
        "1 row(s) already stored by import 4 (pulse_by_email.csv): tick Replace earlier rows")]
    assert order == sorted(order)  # value errors first (most rows first), "already stored" last, one line
    assert ("line 5: answer 9 on 'understood', a 5-point question of the catalogue, is outside the likert5 (1–5) "
            "scale: if the survey used a 0–10 scale") in report
    assert "map it under Recode values below" in report and "--recode" not in report
    assert "--replace" not in report
    boxes = {plain(box.label): box for box in at.selectbox if box.key and box.key.startswith("recode-")}
    assert [box.value for box in boxes.values()] == ["direct_report", "peer"]  # proposals preselected
    fixed = (PULSE.replace(",9,4,8,", ",5,4,8,").replace("R01,2026-01-19,ana.silva@example.com,,Dana Reyes,4,5,9,\n",
                                                         ""))
    at.file_uploader[0].set_value(("march.csv", fixed.encode(), "text/csv")).run()
    click(at, "Preview with these values")
    assert plain(at.expander[0].label) == "march.csv — pulse survey responses: 3 rows ready to import, 9 answers"
    click(at, "Import 1 file(s)")
    with db.session(on_empty) as con:
        stored = dict(con.execute("select response_id, rater_type from pulse_response where period = '2026-02'"
                                  ).fetchall())
    assert stored == {"R21": "direct_report", "R22": "peer", "R23": "direct_report"}
