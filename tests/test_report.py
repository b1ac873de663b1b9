"""The quarterly review report, built with ``python -m dashboard report`` as a user would.

Checked on the real bytes: every section is there, nothing in the file points outside it,
every tagged number equals what ``python -m dashboard kpi`` prints for the same filters,
hidden cells stay empty, and names from uploads stay inert.
"""

from __future__ import annotations

import html
import re
import shutil
from datetime import UTC, datetime

import pandas as pd
import pytest

from dashboard.ingest import ingest_files
from dashboard.kpi.registry import RESPONDENT_METRICS
from dashboard.present.formatting import BAD, GOOD
from dashboard.present.verdicts import colour_key, verdict
from dashboard.report import Quarter, QuarterError, assemble, build_report
from dashboard.report.data import KEYS
from dashboard.report.document import CSP, JS_FLAG, plotly_js
from dashboard.report.html import Markup, escape, tag
from dashboard.report.quarter import latest_complete, quarters_between
from dashboard.report.sections import SECTIONS
from dashboard.store import db
from tests.hostile_data import FORMULA_COHORT, SCRIPT_COHORT, TAG_QUESTION, write_hostile_pilot
from tests.report_html import kpi_csv, parse, run_report, shown_number

SUPPRESSED = "fewer than 5 responses"
ANSWERED = "fewer than 5 answered"  # a hidden response count (no "2 of 6")


@pytest.fixture(scope="module")
def demo_db(shared_demo):
    """The module's demo database (the reports below are built from it once)."""
    return shared_demo


@pytest.fixture(scope="module")
def demo_reports(demo_db, tmp_path_factory):
    """The Q2 and Q3 2026 reviews of the demo program, written by the CLI."""
    folder = tmp_path_factory.mktemp("reports")
    built = {}
    for quarter in ("2026-Q2", "2026-Q3"):
        out = folder / f"review-{quarter}.html"
        done = run_report(demo_db, out, "--quarter", quarter)
        assert done.returncode == 0, done.stderr
        assert f"wrote {out}" in done.stdout
        built[quarter] = out.read_text(encoding="utf-8")
    return built


# --- quarters and escaping -------------------------------------------------------------


def test_quarters_know_their_months_and_neighbours():
    q = Quarter.parse("2026-Q2")
    assert q.months == ("2026-04", "2026-05", "2026-06") and q.previous == Quarter(2026, 1)
    assert Quarter.parse("2026q1").previous.code == "2025-Q4" and q.trend_from == "2025-07"
    assert (q.label, q.span_label) == ("Q2 2026", "Apr–Jun 2026")
    assert Quarter.containing("2026-12") == Quarter(2026, 4)
    assert [x.code for x in quarters_between("2025-11", "2026-04")] == ["2025-Q4", "2026-Q1", "2026-Q2"]
    assert latest_complete("2026-10").code == "2026-Q3" and latest_complete("2026-09").code == "2026-Q3"
    for bad in ("2026-Q5", "2026-04", "Q2", ""):
        with pytest.raises(QuarterError):
            Quarter.parse(bad)


def test_markup_escapes_everything_it_did_not_make():
    built = tag("td", "<b>x</b> & y", tag("em", "ok"), 3, None, class_='a"b', data_k='{"c": "<"}')
    assert built == ('<td class="a&quot;b" data-k="{&quot;c&quot;: &quot;&lt;&quot;}">'
                     "&lt;b&gt;x&lt;/b&gt; &amp; y<em>ok</em>3</td>")
    assert escape(Markup("<br>")) == "<br>" and escape("'") == "&#x27;"


# --- the demo report --------------------------------------------------------------------


@pytest.mark.parametrize("quarter", ["2026-Q2", "2026-Q3"])
def test_the_report_has_every_section_in_order(demo_reports, quarter):
    page = parse(demo_reports[quarter])
    assert page.sections == [key for key, _ in SECTIONS]
    assert page.headings == [title for _, title in SECTIONS]
    text = page.all_text
    assert f"Quarterly review — {Quarter.parse(quarter).label}" in text and "Demo data" in text
    for heading in ("What changed", "How sure we are", "What it is worth", "Participation",
                    "Behaviour", "Business", "Pulse: favourable answers", "eNPS", "Rubric",
                    "Business outcomes", "Measured inputs", "Assumptions", "Imports behind this report",
                    "Pulse response rates", "Caveats for small samples", "KPIs (from the KPI registry)"):
        assert heading in text, heading
    assert {t.kpi for t in page.tables if t.kpi} == set(KEYS)


def test_the_answer_comes_first_then_the_contents(demo_reports):
    document = demo_reports["2026-Q3"]
    body = document.split("<body>", 1)[1]
    answer, contents = body.index('class="answer-box"'), body.index('class="toc"')
    # right after the cover: the summary's answer box, before its facts and before the contents
    assert body.index('<section id="summary"') < answer < body.index('class="facts"') < contents
    assert contents < body.index('<section id="chain"')
    assert 'href="#summary"' in body[contents:]  # the contents still list every section


@pytest.mark.parametrize("quarter", ["2026-Q2", "2026-Q3"])
def test_nothing_in_the_report_points_outside_it(demo_reports, quarter):
    document = demo_reports[quarter]
    page = parse(document)
    linking = {"src", "href", "action", "formaction", "data", "poster", "srcset", "background",
               "cite", "longdesc", "xlink:href", "ping", "manifest", "codebase"}
    for name, attrs in page.tags:
        assert name not in {"link", "iframe", "img", "object", "embed", "base", "audio", "video",
                            "source", "frame", "form"}, name
        for attribute, value in attrs.items():
            if attribute in linking:
                assert (value or "").startswith("#"), (name, attribute, value)
    css = "".join(page.styles)
    assert "url(" not in css and "@import" not in css and "@font-face" not in css
    assert ('<meta http-equiv="Content-Security-Policy" content="' + escape(CSP) + '">') in document
    # plotly.js is inlined exactly once; every other script only draws a figure
    assert document.count(plotly_js()) == 1
    library = [s for s in page.scripts if len(s) > 1_000_000]
    drawing = [s for s in page.scripts if len(s) <= 1_000_000 and s != JS_FLAG]
    assert len(library) == 1 and page.scripts.count(JS_FLAG) == 1
    assert len(drawing) == document.count('class="plotly-graph-div"') >= 6
    assert all("Plotly.newPlot(" in s and "http" not in s for s in drawing)
    outside_scripts = re.sub(r"<script>.*?</script>", "", document, flags=re.S)
    assert not re.search(r"(?:src|href)\s*=\s*[\"']?\s*(?:https?:)?//", outside_scripts)


def test_every_number_equals_the_kpi_cli_for_the_same_filters(demo_reports, demo_db):
    page = parse(demo_reports["2026-Q3"])
    checked = 0
    for table in page.tables:
        if not table.kpi:
            continue
        rows = kpi_csv(tuple(table.args), str(demo_db))
        index = {tuple(row[k] for k in KEYS[table.kpi]): row for row in rows}
        assert len(index) == len(rows), f"{table.kpi}: key columns do not identify rows"
        for value in table.values:
            key = tuple("" if value.key[k] is None else str(value.key[k]) for k in KEYS[table.kpi])
            printed = index[key][value.column]
            if printed == "" or value.value == "":
                assert printed == value.value == "", (table.kpi, key, value.column)
            else:
                assert float(printed) == float(value.value), (table.kpi, key, value.column)
                number, decimals = shown_number(value.text)
                assert number == round(float(value.value), decimals), (value.text, value.value)
            checked += 1
    assert checked > 500


def test_the_quarter_is_compared_with_the_previous_one_and_nothing_after_it_is_read(demo_reports):
    page = parse(demo_reports["2026-Q2"])
    for table in page.tables:
        if table.args:
            assert "--to" in table.args and table.args[table.args.index("--to") + 1] == "2026-06"
    periods = {v.key["period"] for v in page.values if "period" in v.key}
    assert periods and max(periods) == "2026-06"
    summaries = [t for t in page.tables if t.kpi == "period_summary"]  # behaviour, then business
    assert len(summaries) == 2
    assert summaries[0].args[:5] == ["period_summary", "--from", "2026-04", "--to", "2026-06"]
    changes = [v for t in summaries for v in t.values if v.column == "change"]
    assert len(changes) == 3 * 10  # three cohorts × ten KPIs, each against Q1 2026
    text = page.all_text
    assert "vs Q1 2026" in text and "Data after Q2 2026 already exists" in text
    assert "follow-up months start in Jul 2026, after Q2 2026" in text


def test_data_after_the_quarter_does_not_change_its_report(demo_db, demo_db_template, tmp_path):
    """A Q2 report built later (with Jul–Oct data in the database) equals one built at the end
    of June: the KPI tables behind it are identical."""
    june = tmp_path / "june.duckdb"
    shutil.copyfile(demo_db_template, june)  # the demo as loaded (conftest)
    with db.session(june) as con:
        con.execute("delete from pulse_score where response_no in "
                    "(select response_no from pulse_response where period > '2026-06')")
        con.execute("delete from pulse_response where period > '2026-06'")
        con.execute("delete from outcomes where period > '2026-06'")
        con.execute("delete from rubric where assessed_at >= date '2026-07-01'")
        con.execute("delete from activity where completed_at >= timestamp '2026-07-01'")
        at_june = assemble(con, Quarter.parse("2026-Q2"))
    with db.session(demo_db) as con:
        later = assemble(con, Quarter.parse("2026-Q2"))
    for name, block in later.blocks.items():
        pd.testing.assert_frame_equal(block.frame, at_june.blocks[name].frame, obj=name)


def test_the_same_data_gives_the_same_file(demo_db):
    moment = datetime(2026, 7, 3, 9, 0, tzinfo=UTC)
    with db.session(demo_db) as con:
        first = build_report(con, "2026-Q3", generated_at=moment)
        second = build_report(con, "2026-Q3", generated_at=moment)
    assert first == second


def test_verdicts_have_the_apps_words_and_colours_in_the_table_and_the_chart(demo_reports, demo_db):
    document = demo_reports["2026-Q3"]
    with db.session(demo_db) as con:
        impact = assemble(con, Quarter.parse("2026-Q3")).blocks["impact"].frame
    expected = [(verdict(r).tone, verdict(r).words) for r in impact.to_dict("records")]
    assert re.findall(r'<span class="verdict (\w+)">([^<]+)</span>', document) == expected
    # the rubric has no comparison arm: a change, never "improved" (method 1: "improved (not isolated)", blue)
    assert ("neutral", "change (not isolated)") in expected
    assert f"--good: {GOOD};" in document and f"--bad: {BAD};" in document
    forest = next(s for s in parse(document).scripts if '"fig-impact"' in s)
    assert f'"color":"{GOOD}"' in forest and "#009E73" not in forest  # blue, as in the app
    assert colour_key() in parse(document).all_text


def test_the_summary_puts_verdicts_intervals_and_value_into_words(demo_reports):
    text = parse(demo_reports["2026-Q3"]).all_text
    # method 2: a Welch interval, the primary metric named, the others exploratory; no monetised
    # effect passes, so no ROI is claimed. The demo's small team-months (fewer than 5 respondents)
    # are in no estimate: +0.16, not +0.12 (method 1: "improved by +0.12 (95% interval 0.02 to 0.22)",
    # "Can't be distinguished from noise yet", "Expected scenario: first-year benefits of €52,821")
    assert ("Primary metric, pulse score (team ratings) (set on the pilot plan): improved, by +0.16 "
            "(95% interval 0.02 to 0.30)") in text
    assert "Inconclusive (exploratory; the data are consistent with no effect)" in text and "eNPS (−6.1 to" in text
    assert ("ROI not yet demonstrable: no effect on escalations or voluntary attrition passes its verdict, so "
            "every scenario shows only the first-year, fully loaded cost of €36,700") in text
    assert "escalations would have to fall by" in text
    assert "not isolated" in text and "10 program and 10 comparison leaders" in text


# --- privacy and hostile names ----------------------------------------------------------


def test_hidden_cells_stay_empty_and_say_why(pilot_db, tmp_path):
    out = tmp_path / "q1.html"
    assert run_report(pilot_db, out, "--quarter", "2026-Q1").returncode == 0
    page = parse(out.read_text(encoding="utf-8"))
    survey = {"pulse_trend": "favourable_pct", "enps": "enps", "response_rate": "response_rate_pct"}
    hidden = 0
    for table in page.tables:
        for value in table.values:
            if value.key.get("cohort") != "S":
                continue
            if table.kpi in survey or (table.kpi == "period_summary" and value.key["metric"] in RESPONDENT_METRICS):
                said = ANSWERED if table.kpi == "response_rate" else SUPPRESSED
                assert value.value == "" and value.text == said and "suppressed" in value.css
                hidden += 1
    assert hidden >= 2 + 2 + 3 + 4  # two pulse months, two eNPS months, three response months, 4 KPIs
    for table in page.tables:  # and the CLI agrees, cell by cell
        if table.kpi in survey:
            rows = kpi_csv(tuple(table.args), str(pilot_db))
            assert all(r[survey[table.kpi]] == "" and r["suppressed"] == "True" for r in rows if r["cohort"] == "S")
    text = page.all_text
    assert "Hidden in this report — Pulse trend: S in Jan 2026 and Mar 2026." in text
    # February, when nobody answered, is a count below k too (not "0 of 15")
    assert ("Hidden in this report — Response rate: C in Feb 2026; P in Feb 2026; "
            "S in Jan 2026, Feb 2026 and Mar 2026.") in text
    assert "Hidden in this report — Period summary: S (Q1 2026 or Q4 2025)." in text


def test_without_a_previous_quarter_the_report_says_so(pilot_db, tmp_path):
    out = tmp_path / "q1.html"
    assert run_report(pilot_db, out, "--quarter", "2026-Q1").returncode == 0
    assert "There is no data for Q4 2025, so there is no quarter-over-quarter comparison." in \
        parse(out.read_text(encoding="utf-8")).all_text


def test_names_from_uploads_are_inert_in_the_html(tmp_path):
    path = tmp_path / "hostile.duckdb"
    with db.session(path) as con:
        assert all(r.ok for r in ingest_files(con, write_hostile_pilot(tmp_path)))
    for extra in ([], ["--cohort", FORMULA_COHORT, "--cohort", SCRIPT_COHORT]):
        out = tmp_path / "hostile.html"
        done = run_report(path, out, "--quarter", "2026-Q2", *extra)
        assert done.returncode == 0, done.stderr
        document = out.read_text(encoding="utf-8")
        page = parse(document)
        assert SCRIPT_COHORT not in document and "<script>alert" not in document
        assert TAG_QUESTION not in document and "<img" not in document
        assert html.escape(SCRIPT_COHORT) in document and html.escape(TAG_QUESTION) in document
        assert SCRIPT_COHORT in page.all_text and TAG_QUESTION in page.all_text  # shown as text
        assert FORMULA_COHORT in page.all_text
        assert all(not name.startswith("on") for _, attrs in page.tags for name in attrs)
        assert all(name != "img" for name, _ in page.tags)
        drawing = [s for s in page.scripts if len(s) <= 1_000_000 and s != JS_FLAG]
        assert len(page.scripts) == 2 + len(drawing) and all("Plotly.newPlot(" in s for s in drawing)
        assert not re.search(r"(?:src|href)\s*=\s*[\"']?\s*(?:https?:)?//",
                             re.sub(r"<script>.*?</script>", "", document, flags=re.S))


# --- the command ------------------------------------------------------------------------


def test_an_empty_database_gives_a_short_report_that_says_what_to_import(tmp_path):
    out = tmp_path / "empty.html"
    done = run_report(tmp_path / "empty.duckdb", out, "--quarter", "2026-Q2")
    assert done.returncode == 0, done.stderr
    document = out.read_text(encoding="utf-8")
    assert "Nothing is imported yet" in document and "<script" not in document
    assert len(document) < 100_000 and "Appendix A" in document


@pytest.mark.parametrize(("args", "message"), [
    (["--quarter", "2026-Q5"], "quarter must look like 2026-Q2"),
    (["--quarter", "2026-Q2", "--out", "x.txt"], "--out must end in .html or .pdf"),
    (["--quarter", "2026-Q2", "--min-group", "2"], "below the allowed floor of 3"),
    (["--quarter", "2026-Q2", "--assumptions", "/nonexistent.toml"], "no such file"),
])
def test_bad_requests_get_one_clear_line(tmp_path, args, message):
    out = args[args.index("--out") + 1] if "--out" in args else "x.html"
    args = [a for i, a in enumerate(args) if a != "--out" and (i == 0 or args[i - 1] != "--out")]
    done = run_report(tmp_path / "x.duckdb", tmp_path / out, *args)
    assert done.returncode == 2, done.stdout
    assert message in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / out).exists()
