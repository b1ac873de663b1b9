"""Which module worked? Where program cohorts took different modules, the Impact page sets
their effects side by side per module — and those numbers are the ones
``python -m dashboard kpi impact --cohort C`` prints for each cohort (the comparison cohort
kept), as tests/test_consistency.py asks of every view.

The data: the demo generator's people and answers for two program cohorts that took one
different module each at the same time, and a comparison cohort, written as canonical CSV
files and imported as a user would. Where the design cannot separate modules (the demo's
cohorts took two modules back to back), the page says so plainly.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import pandas as pd
import pytest

from dashboard.config import PROJECT_ROOT
from dashboard.ingest import demo, ingest_files
from dashboard.kpi import Filters, compute
from dashboard.kpi.registry import IMPACT_METRICS
from dashboard.present import modules
from dashboard.present.formatting import delta
from dashboard.present.markup import plain
from dashboard.present.verdicts import interval_text
from dashboard.store import db
from tests.apptest import open_page, texts

COHORTS = (
    demo.Cohort("Cues", "program", 10, (("digital_cues", dt.date(2026, 4, 6), dt.date(2026, 5, 1)),)),
    demo.Cohort("Replies", "program", 10, (("written_replies", dt.date(2026, 4, 6), dt.date(2026, 5, 8)),)),
    demo.Cohort("Comparison", "comparison", 10, ()),
)
MEASURES = [m for m in IMPACT_METRICS if m != "rubric_level"]


@pytest.fixture(scope="module")
def two_module_db(tmp_path_factory):
    """Two program cohorts with different modules and a comparison cohort, imported from
    canonical CSV files."""
    folder = tmp_path_factory.mktemp("two-modules")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(demo, "COHORTS", COHORTS)
        demo.generate(folder / "csv")
    path = folder / "two-modules.duckdb"
    with db.session(path) as con:
        results = ingest_files(con, [folder / "csv" / name for name in demo.DEMO_FILES])
    assert [r.summary() for r in results if not r.ok] == []
    return path


def cli_impact(db_path, *args: str) -> dict[str, dict]:
    done = subprocess.run([sys.executable, "-m", "dashboard", "kpi", "impact", *args, "--format", "json",
                           "--db", str(db_path)], capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=180)
    assert done.returncode == 0, done.stderr
    return {r["metric"]: r for r in json.loads(done.stdout)}


def test_each_cohorts_effect_per_module_is_the_clis(two_module_db):
    with db.session(two_module_db, read_only=True) as con:
        design = modules.module_design(con, Filters())
        rubric = compute(con, "rubric_change", Filters())
    assert design.kind == modules.DIFFERENT and design.separable
    assert [(c.cohort, c.modules) for c in design.cohorts] == [("Cues", ("digital_cues",)),
                                                              ("Replies", ("written_replies",))]
    for cohort in design.cohorts:
        cli = cli_impact(two_module_db, "--cohort", cohort.cohort)
        impact = cohort.impact.set_index("metric")
        assert int(impact.loc["pulse_mean", "n_comparison"]) == 10  # the comparison cohort kept
        for metric in MEASURES:
            for column in ("effect", "ci_low", "ci_high", "n_program", "n_comparison", "verdict"):
                shown = impact.loc[metric, column]
                assert cli[metric][column] == (None if pd.isna(shown) else shown), (cohort.cohort, metric, column)
    # the view's rows: one per module and the cohort that took it, each the CLI's number as shown
    for metric in MEASURES:
        view = modules.by_module(design, metric).set_index(["Module", "Cohort"])
        assert list(view.index) == [("Awareness of digital cues", "Cues"), ("Empathetic written replies", "Replies")]
        for cohort in design.cohorts:
            module = demo.MODULE_NAMES[cohort.modules[0]]
            row = cli_impact(two_module_db, "--cohort", cohort.cohort)[metric] if metric == "pulse_mean" else \
                cohort.impact.set_index("metric").loc[metric]
            if row["effect"] is None or pd.isna(row["effect"]):
                assert view.loc[(module, cohort.cohort), "Effect"] == "—"
                continue
            assert view.loc[(module, cohort.cohort), "Effect"] == delta(metric, row["effect"])
            assert view.loc[(module, cohort.cohort), "Likely range"] == interval_text(metric, row["ci_low"],
                                                                                     row["ci_high"])
            assert view.loc[(module, cohort.cohort), "Months compared"] == "Jun–Oct 2026 vs Jan–Mar 2026"
    # the rubric per module: the rubric_change table's numbers, a column per dimension
    shown = modules.rubric_by_module(rubric, design.names).set_index(["Module", "Cohort"])
    for _, r in rubric.iterrows():
        cell = shown.loc[(design.names[r["module_id"]], r["cohort"]), r["dimension"].replace("_", " ").capitalize()]
        assert cell.endswith(f"({delta('rubric_level', r['change'])})")


def test_the_impact_page_shows_the_comparison_with_the_same_numbers(two_module_db, monkeypatch):
    monkeypatch.setenv("EMPATHY_DB", str(two_module_db))
    at = open_page("impact", timeout=180)
    assert "Which module worked? Cohorts compared by the modules they took" in [s.value for s in at.subheader]
    assert at.selectbox(key="module_metric").value == "pulse_mean"  # the plan's primary measure
    grid = next(d.value for d in at.dataframe if "The cohort's modules" in d.value.columns)
    grid = grid.set_index("Cohort")
    for cohort in ("Cues", "Replies"):
        cli = cli_impact(two_module_db, "--cohort", cohort)["pulse_mean"]
        assert grid.loc[cohort, "Effect"] == delta("pulse_mean", cli["effect"])
        assert grid.loc[cohort, "Likely range"] == interval_text("pulse_mean", cli["ci_low"], cli["ci_high"])
        assert grid.loc[cohort, "Leaders (program / comparison)"] == f"{cli['n_program']} / {cli['n_comparison']}"
    captions = plain(texts(at.caption))
    assert "The program cohorts took different modules (Cues: Awareness of digital cues; Replies: " \
           "Empathetic written replies)" in captions
    assert "python -m dashboard kpi impact --cohort Cues" in captions
    assert any("Tone recognition" in d.value.columns for d in at.dataframe)  # the rubric by module


def test_the_demo_says_plainly_what_it_cannot_separate(on_demo):
    at = open_page("impact", timeout=180)
    captions = plain(texts(at.caption))
    assert "Pilot took Awareness of digital cues and Empathetic written replies back to back" in captions
    assert "cannot be split by module" in captions


def test_a_rollout_of_many_cohorts_compares_those_that_started_first_and_says_how_many(two_module_db,
                                                                                      monkeypatch):
    monkeypatch.setattr(modules, "MAX_COMPARED", 1)
    with db.session(two_module_db, read_only=True) as con:
        design = modules.module_design(con, Filters())
    assert [c.cohort for c in design.cohorts] == ["Cues"]  # it started first
    assert (design.total, design.left_out) == (2, 1)


def test_the_impact_page_says_which_cohorts_it_left_out(on_demo, monkeypatch):
    import streamlit as st

    monkeypatch.setattr(modules, "MAX_COMPARED", 1)
    st.cache_data.clear()  # the module's other tests read the demo's design with every cohort
    shown = texts(open_page("impact").caption)
    assert "Compared here: the 1 program cohorts that started first, of 2" in shown
    assert "python -m dashboard kpi impact --cohort COHORT" in shown
