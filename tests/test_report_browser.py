"""The report in a real Chromium: printed to PDF by the CLI, and opened offline.

Chromium is found as the report command finds it (``CHROMIUM_PATH``, else Debian's chromium).
Without one these tests skip with the reason — unless ``EMPATHY_REQUIRE_BROWSER=1`` (CI),
where a missing browser fails them.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from dashboard.report.pdf import find_chromium
from tests.report_html import run_report

REQUIRE_BROWSER_ENV_VAR = "EMPATHY_REQUIRE_BROWSER"
A4 = (595.0, 842.0)
LETTER = (612.0, 792.0)
PAGES = range(8, 25)  # the demo's quarters print on 14–15 pages


@pytest.fixture(scope="module")
def chromium() -> str:
    path = find_chromium()
    if path is None:
        if os.environ.get(REQUIRE_BROWSER_ENV_VAR) == "1":
            pytest.fail(f"{REQUIRE_BROWSER_ENV_VAR}=1 but no Chromium was found (install Debian's "
                        "chromium or set CHROMIUM_PATH)", pytrace=False)
        pytest.skip("the PDF and browser checks need Chromium: none found (install Debian's "
                    "chromium package or set CHROMIUM_PATH)")
    return path


@pytest.fixture(scope="module")
def demo_db(shared_demo) -> Path:
    return shared_demo


def pdf_pages(path: Path) -> tuple[int, tuple[float, float]]:
    """Page count and first page size in points (pdfinfo when installed, else the PDF's own
    page objects and media box)."""
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
        pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
        width, height = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+)", info, re.M).groups()
        return pages, (float(width), float(height))
    data = path.read_bytes()
    pages = len(re.findall(rb"/Type\s*/Page(?![s\w])", data))
    box = re.search(rb"/MediaBox\s*\[\s*[\d.]+\s+[\d.]+\s+([\d.]+)\s+([\d.]+)", data)
    return pages, (float(box.group(1)), float(box.group(2)))


def pdf_text(path: Path) -> str | None:
    if not shutil.which("pdftotext"):
        return None
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


@pytest.mark.parametrize(("quarter", "paper", "size"), [("2026-Q2", "a4", A4), ("2026-Q3", "letter", LETTER)])
def test_the_cli_prints_the_report_to_pdf(chromium, demo_db, tmp_path, quarter, paper, size):
    out = tmp_path / "review.pdf"
    done = run_report(demo_db, out, "--quarter", quarter, "--paper", paper)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "review.html").is_file() and out.read_bytes()[:5] == b"%PDF-"
    pages, (width, height) = pdf_pages(out)
    assert pages in PAGES
    assert abs(width - size[0]) < 2 and abs(height - size[1]) < 2
    text = pdf_text(out)
    if text is not None:
        for words in ("Executive summary", "Appendix B", f"page 1 of {pages}", "What is not known yet"):
            assert words in text, words
        assert "benefits (adjusted)" in text  # a chart legend: plotly drew before printing
        assert "http" not in text.replace("http://", "")  # no browser header or footer with a URL


def test_without_chromium_the_html_is_written_and_the_message_says_how_to_get_a_pdf(demo_db, tmp_path):
    out = tmp_path / "review.pdf"
    env = {**os.environ, "CHROMIUM_PATH": str(tmp_path / "no-such-browser")}
    done = run_report(demo_db, out, "--quarter", "2026-Q2", env=env)
    assert done.returncode == 1
    assert "no Chromium found" in done.stderr and "CHROMIUM_PATH" in done.stderr
    assert "Traceback" not in done.stderr
    assert (tmp_path / "review.html").is_file() and not out.exists()


@pytest.fixture(scope="module")
def report_file(demo_db, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("open") / "review.html"
    assert run_report(demo_db, out, "--quarter", "2026-Q3").returncode == 0
    return out


OFFLINE_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--host-resolver-rules=MAP * ~NOTFOUND"]


def test_the_report_opens_offline_draws_every_chart_and_requests_nothing(chromium, report_file, playwright):
    browser = playwright.chromium.launch(executable_path=chromium, headless=True, args=OFFLINE_ARGS)
    try:
        page = browser.new_page(viewport={"width": 1100, "height": 900})
        requests: list[str] = []
        problems: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.goto(report_file.as_uri())
        charts = page.locator(".plotly-graph-div").count()
        assert charts >= 6
        page.wait_for_function(
            "n => document.querySelectorAll('.plotly-graph-div .main-svg').length >= n", arg=charts)
        drawn = page.locator(".plotly-graph-div").evaluate_all(
            "divs => divs.filter(d => d.querySelector('.main-svg')).length")
        assert drawn == charts
        assert requests == [report_file.as_uri()]
        assert problems == []
    finally:
        browser.close()


def test_without_javascript_the_text_and_tables_are_all_there(chromium, report_file, playwright):
    browser = playwright.chromium.launch(executable_path=chromium, headless=True, args=OFFLINE_ARGS)
    try:
        context = browser.new_context(java_script_enabled=False)
        page = context.new_page()
        page.goto(report_file.as_uri())
        assert page.get_by_role("heading", name="Executive summary").is_visible()
        assert page.locator("table.data").count() >= 20
        assert page.locator(".plotly-graph-div .main-svg").count() == 0
        notes = page.get_by_text("This chart needs JavaScript; the table below has its numbers.")
        assert notes.count() == page.locator("figure.chart").count() and notes.first.is_visible()
        # method 2 names the primary metric first (method 1: "Beyond noise, compared with the comparison cohort")
        assert page.get_by_text("Primary metric, pulse score (team ratings) (set on the pilot plan)").is_visible()
    finally:
        browser.close()
