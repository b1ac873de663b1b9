"""The Quarterly review page, run through Streamlit's AppTest on real database files."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from dashboard.report.sections import SECTIONS
from tests.apptest import open_page


def _open(monkeypatch, path) -> AppTest:
    monkeypatch.setenv("EMPATHY_DB", str(path))
    return open_page("review", timeout=120)


def _report(at: AppTest) -> str:
    frames = at.get("iframe")
    assert len(frames) == 1
    return frames[0].proto.srcdoc


def test_an_empty_database_says_what_the_review_needs(tmp_path, monkeypatch):
    at = _open(monkeypatch, tmp_path / "empty.duckdb")
    assert [t.value for t in at.title] == ["Quarterly review"]
    assert "Nothing to review yet" in at.info[0].value
    assert not at.get("iframe") and not at.get("download_button")


def test_the_demo_review_shows_the_report_with_its_downloads(demo_db, monkeypatch):
    at = _open(monkeypatch, demo_db)
    assert str(at.selectbox(key="review_quarter").value) == "2026-Q3"  # the last complete quarter
    page = _report(at)
    assert "Quarterly review — Q3 2026" in page and "Demo data" in page
    for key, _title in SECTIONS:
        assert f'<section id="{key}"' in page
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels[0] == "Download the report (HTML)" and {"CSV", "Excel (XLSX)"} <= set(labels)
    assert "python -m dashboard kpi period_summary --from 2026-07 --to 2026-09" in at.code[0].value

    at.selectbox(key="review_quarter").set_value(
        next(q for q in at.selectbox(key="review_quarter").options if "Q2" in str(q))).run()
    assert not at.exception
    assert "Quarterly review — Q2 2026" in _report(at)

    at.multiselect(key="review_cohorts").set_value(["Pilot", "Comparison"]).run()
    assert not at.exception
    page = _report(at)
    assert "Pilot, Comparison" in page and "Wave 2" not in page.split("<body>", 1)[1]
    at.selectbox(key="review_table").set_value("impact").run()
    assert "kpi impact --cohort Pilot --cohort Comparison --to 2026-06" in at.code[0].value
