"""Names with Markdown, HTML and formula payloads reach every page only as escaped text.

The pilot of ``tests/payload_data.py`` carries the payloads in a cohort, a module, a question,
comments, a leader id and a file name. Every page runs through AppTest, and every piece of
Markdown the app sends — text elements, alerts, metric labels and values, widget labels and
help, expander and tab labels, the options of radios and segmented controls, the cells and
headers of ``st.table`` — is read: no payload is in it as typed, and where a page names the
cohort, the module, the leader or the file, it names it escaped (``markup.escape``). What a
real browser makes of it is ``tests/e2e/test_escaping.py``.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.present.markup import escape
from dashboard.store import db
from tests.apptest import click, open_page
from tests.payload_data import COHORT, FILE, MODULE, RAW, load_payload_pilot

# Where Streamlit renders Markdown: element type -> proto fields (st.table is read as a frame).
MARKDOWN_FIELDS = {
    "markdown": ("body", "help"), "caption": ("body", "help"), "title": ("body", "help"),
    "header": ("body", "help"), "subheader": ("body", "help"), "badge": ("body", "help"),
    "latex": ("body",), "info": ("body",), "warning": ("body",), "error": ("body",),
    "success": ("body",), "toast": ("body",), "metric": ("label", "body", "delta", "help"),
    "expander": ("label",), "tab": ("label",), "radio": ("label", "help", "options"),
    "select_slider": ("label", "help", "options"), "button_group": ("label", "help"),
}
LABELLED = ("button", "download_button", "checkbox", "toggle", "selectbox", "multiselect",
            "text_input", "text_area", "number_input", "date_input", "time_input", "slider",
            "file_uploader", "page_link", "color_picker", "form_submit_button")


def markdown_sources(node: Any) -> list[str]:
    """Every Markdown text in an AppTest tree: what the browser renders as Markdown."""
    found: list[str] = []
    kind = getattr(node, "type", "")
    proto = getattr(node, "proto", None)
    fields = MARKDOWN_FIELDS.get(kind, ("label", "help") if kind in LABELLED else ())
    for name in fields:
        value = getattr(proto, name, None) if proto is not None else None
        if kind in ("expander", "tab") and name == "label":
            value = getattr(node, "label", None)
        if isinstance(value, str):
            found.append(value)
        elif value is not None and not isinstance(value, (int, float, bool)):
            found.extend(str(v) for v in value)
    if kind == "button_group" and proto is not None:
        found.extend(option.content for option in proto.options)
    if kind == "table":
        frame = node.value
        found.extend(str(c) for c in frame.columns)
        found.extend(str(i) for i in frame.index)
        found.extend(str(v) for v in frame.to_numpy().ravel() if isinstance(v, str))
    for child in getattr(node, "children", {}).values():
        found.extend(markdown_sources(child))
    return found


def assert_escaped(at: AppTest, *shown: str) -> list[str]:
    """No payload as typed in any Markdown; each of ``shown`` there, escaped."""
    sources = markdown_sources(at._tree)
    typed = [(token, text) for text in sources for token in RAW if token in text]
    assert not typed, "payloads reach Markdown unescaped:\n" + "\n".join(
        f"{token!r} in {text[:160]!r}" for token, text in typed)
    for value in shown:
        assert any(escape(value) in text for text in sources), f"{value[:40]!r} is not shown escaped"
    return sources


@pytest.fixture(scope="module")
def payload_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("payload-template")
    path = folder / "payload.duckdb"
    with db.session(path) as con:
        load_payload_pilot(con, folder)
    return path


@pytest.fixture
def on_payload(payload_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    path = tmp_path / "payload.duckdb"
    shutil.copyfile(payload_template, path)
    monkeypatch.setenv("EMPATHY_DB", str(path))
    yield path


def stored_leader(path: Path) -> str | None:
    """The payload leader's id as the importer kept it (None if it hashed or refused it)."""
    with db.session(path) as con:
        ids = [r[0] for r in con.execute("select distinct leader_id from roster").fetchall()]
    kept = [i for i in ids if isinstance(i, str) and "LaTeX" in i]
    return kept[0] if kept else None


def test_overview_names_the_cohort_and_the_file_escaped(on_payload):
    at = open_page("overview", cohort=[COHORT])
    assert_escaped(at, COHORT)
    # the latest import's file name moved with "What is loaded" to the Data page (issue 17)
    assert_escaped(open_page("data"), FILE)


@pytest.mark.parametrize("page", ["pulse", "rubric", "business", "impact"])
def test_kpi_pages_name_the_chosen_cohort_escaped(on_payload, page):
    at = open_page(page, cohort=[COHORT])
    assert_escaped(at, COHORT)  # "Showing: …" under the title


def test_the_review_page_shows_no_payload_as_markdown(on_payload):
    at = open_page("review")
    assert_escaped(at)  # the report itself is HTML, escaped by dashboard.report.html


def test_the_rubric_captions_name_the_cohort_escaped(on_payload):
    at = open_page("rubric")
    sources = assert_escaped(at, COHORT)
    assert any(s.startswith(escape(COHORT) + ": share of leaders") for s in sources)


def test_the_pilot_plan_shows_cohort_module_and_leader_escaped(on_payload):
    at = open_page("plan")
    leader = stored_leader(on_payload)
    sources = assert_escaped(at, COHORT, MODULE, *([leader] if leader else []))
    assert any(f"**{escape(COHORT)}** · program" == s for s in sources)  # the calendar's grid title


def test_the_sidebar_help_names_the_module_escaped(on_payload):
    at = open_page("overview")
    help_texts = [m.proto.help for m in at.sidebar.multiselect]
    assert any(escape(MODULE) in h for h in help_texts)
    assert not any(MODULE in h for h in help_texts)


def test_the_data_page_and_an_upload_named_with_payloads(on_payload, tmp_path):
    at = open_page("data")
    assert_escaped(at)
    data = (b"person_id,module_id,activity,completed_at,minutes,status\n"
            b"P2,m1,coaching,2026-03-20,30,completed\n")
    name = "![u](http://attacker.test/u.png) <img src=x onerror=alert(2)> :smile: $x$.csv"
    at.file_uploader[0].set_value((name, data, "text/csv")).run()
    assert not at.exception
    assert_escaped(at, name)  # the file's panel: its expander label
    click(at, "Import 1 file(s)")
    assert_escaped(at, name)  # "Imported: …" names it
    assert any(escape(name) in s.value for s in at.success)


def test_admin_page_shows_no_payload_as_markdown(on_payload):
    at = open_page("admin")
    assert_escaped(at)
