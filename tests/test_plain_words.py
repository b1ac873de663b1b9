"""Plain words: what an HR reader sees — every page's text, labels, tables and chart labels, the
quarterly report and the CLI's notes — has none of the analysts' jargon the pilot's readers
tripped over ("arm", "both arms", "others" for team raters, "interval excludes zero",
"leader × module enrolments"). The few terms that are needed are in the glossary (help icons).

Scanned on what is rendered from the demo, not on the source: a new sentence that brings a word
back fails here whichever module it comes from.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from google.protobuf.json_format import MessageToDict

from dashboard.config import PROJECT_ROOT
from dashboard.present.wording import GLOSSARY
from tests.apptest import open_page
from tests.report_html import parse, run_report

JARGON = re.compile(r"\barms?\b|\bothers\b|excludes zero|leader\s*[×x-]\s*module|\benrolments?\b", re.IGNORECASE)
READER_PAGES = ("overview", "pulse", "rubric", "business", "impact")


def _walk(node: Any) -> Iterator[Any]:
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _walk(child)


SKIPPED = ("data", "arrowData", "id", "formId", "queryParamKey")  # table bytes, widget ids and keys


def _strings(value: Any, skip: tuple[str, ...] = SKIPPED) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in skip:
                yield from _strings(item, skip)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item, skip)


def shown_text(at: Any) -> list[str]:
    """Every string an element of the page carries: text, labels, help, options, table headers
    and cells, chart titles, axes and hover text."""
    out: list[str] = []
    for node in _walk(at._tree):
        if getattr(node, "type", "") in ("arrow_data_frame", "dataframe", "table"):
            frame = node.value
            out += [str(c) for c in frame.columns] + [str(v) for v in frame.astype(str).to_numpy().ravel()]
            continue
        proto = getattr(node, "proto", None)
        if proto is None or not hasattr(proto, "DESCRIPTOR"):
            continue
        found = MessageToDict(proto)
        if "spec" in found:  # a plotly figure: every string of its JSON (traces, names, hover, axes)
            out += list(_strings(json.loads(found.pop("spec")), skip=()))
        out += list(_strings(found))
    return out


def jargon(texts: list[str]) -> list[str]:
    """Each jargon word found, with the words around it."""
    return sorted({t[max(0, m.start() - 50):m.end() + 30].replace("\n", " ")
                   for t in texts for m in JARGON.finditer(t)})


def test_the_glossary_itself_is_plain():
    assert jargon(list(GLOSSARY) + list(GLOSSARY.values())) == []


@pytest.mark.parametrize("page", READER_PAGES)
def test_no_jargon_on_the_pages(on_demo, page):
    assert jargon(shown_text(open_page(page, timeout=180))) == []


def test_no_jargon_with_one_cohort_picked(on_demo):
    assert jargon(shown_text(open_page(cohort=["Pilot"], timeout=180))) == []


def test_no_jargon_in_the_report_or_the_clis_notes(shared_demo, tmp_path):
    out = tmp_path / "review.html"
    assert run_report(shared_demo, out, "--quarter", "2026-Q3").returncode == 0
    page = parse(out.read_text(encoding="utf-8"))
    charts = [s for s in page.scripts if "Plotly.newPlot(" in s and len(s) < 1_000_000]
    # the commands of Appendix B name the CLI's option value (``--rater-group others``), not a word
    assert jargon([page.all_text.replace("--rater-group others", "")] + charts) == []
    done = subprocess.run([sys.executable, "-m", "dashboard", "kpi", "impact", "--cohort", "Pilot", "--arm",
                           "program", "--db", str(shared_demo), "--format", "csv"], capture_output=True,
                          text=True, cwd=PROJECT_ROOT, timeout=180)
    assert done.returncode == 0 and "note:" in done.stderr
    assert jargon([done.stderr]) == []
