"""One number per KPI × months × filters: each headline KPI computed through every view — the
Overview's cards and answer banner (AppTest), the targets table, the impact table, the
quarterly report's tagged numbers and ``python -m dashboard kpi`` — is the same number.

Run for all cohorts and for the one-cohort filter an HR leader picks first ("Pilot" alone):
the effects keep the comparison cohort there, so they equal the unfiltered ones, and every
view says which months they compare.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime

import pandas as pd
import pytest

from dashboard.config import PROJECT_ROOT
from dashboard.kpi import Filters, compute
from dashboard.kpi.effects import effect_months
from dashboard.kpi.participation import participation_summary
from dashboard.kpi.registry import IMPACT_METRICS
from dashboard.present.answer import answer
from dashboard.present.cards import impact_cards
from dashboard.present.markup import plain
from dashboard.present.verdicts import signed
from dashboard.report import assemble, render_html
from dashboard.report.quarter import Quarter
from dashboard.store import db
from tests.apptest import open_page, texts
from tests.report_html import parse

QUARTER = "2026-Q4"  # the demo's follow-up months end in October
VIEWS = {"all cohorts": (), "Pilot alone": ("Pilot",)}


def cli_json(db_path, *args: str) -> tuple[list[dict], str]:
    done = subprocess.run([sys.executable, "-m", "dashboard", "kpi", *args, "--format", "json",
                           "--db", str(db_path)], capture_output=True, text=True, cwd=PROJECT_ROOT,
                          timeout=180)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout), done.stderr


@pytest.fixture(scope="module")
def views(shared_demo):
    """Every view's numbers for each filter, computed once."""
    out = {}
    with db.session(shared_demo, read_only=True) as con:
        for name, cohorts in VIEWS.items():
            filters = Filters(cohorts=cohorts)
            as_of = filters.with_(period_to=Quarter.parse(QUARTER).last_month)
            impact = compute(con, "impact", filters)
            months = effect_months(con, filters, impact)
            data = assemble(con, Quarter.parse(QUARTER), cohorts, generated_at=datetime(2027, 1, 1, tzinfo=UTC))
            out[name] = {
                "filters": filters, "impact": impact, "months": months,
                "impact_as_of": compute(con, "impact", as_of),
                "cards": {c.metric: c for c in impact_cards(impact, months)},
                "banner": answer(impact, participation_summary(con, filters), compute(con, "roi", filters), months),
                "targets": compute(con, "targets", filters),
                "report": data, "html": parse(render_html(data)),
            }
    return out


@pytest.mark.parametrize("view", list(VIEWS))
def test_every_view_shows_the_impact_tables_effect(views, shared_demo, view):
    v = views[view]
    impact = v["impact"].set_index("metric")
    for metric in IMPACT_METRICS:
        row = impact.loc[metric]
        card = v["cards"][metric]
        assert card.headline == (signed(metric, row["effect"]) if pd.notna(row["effect"]) else "—")
        assert card.value == ("—" if pd.isna(row["program_post"]) else card.value)
    # the CLI with the same filters prints the same effects (and says when a cohort was kept)
    args = [part for c in v["filters"].cohorts for part in ("--cohort", c)]
    rows, stderr = cli_json(shared_demo, "impact", *args)
    cli = {r["metric"]: r for r in rows}
    for metric in IMPACT_METRICS:
        assert cli[metric]["effect"] == (None if pd.isna(impact.loc[metric, "effect"])
                                         else impact.loc[metric, "effect"])
        assert cli[metric]["verdict"] == impact.loc[metric, "verdict"]
    assert ("Comparison is kept as the comparison cohort" in stderr) == (view == "Pilot alone")
    # the report's impact table (as of the quarter's end: the same months here) tags the same numbers
    as_of = v["impact_as_of"].set_index("metric")
    tagged = {(val.key.get("metric"), val.column): val.value for val in v["html"].values
              if val.key.get("metric") and val.column in ("effect", "ci_low", "ci_high")}
    assert tagged, "the report tags no impact numbers"
    for (metric, column), shown in tagged.items():
        assert float(shown) == pytest.approx(float(as_of.loc[metric, column]))
        assert as_of.loc[metric, column] == impact.loc[metric, column]  # no follow-up month after Q4


@pytest.mark.parametrize("view", list(VIEWS))
def test_the_banner_and_the_targets_use_the_same_numbers_and_say_their_months(views, view):
    v = views[view]
    impact = v["impact"].set_index("metric")
    primary = impact[impact["role"] == "primary"].index[0]
    behaviour = next(line for line in v["banner"] if line.layer == "behaviour")
    assert signed(primary, impact.loc[primary, "effect"]) in behaviour.text
    assert v["months"][primary] == "Jul–Oct 2026 vs Jan–Mar 2026"
    assert v["months"][primary] in behaviour.text and v["cards"][primary].months == v["months"][primary]
    # a target's baseline is the impact's program baseline, over the same months and filters
    targets = v["targets"].set_index("kpi")
    for metric in targets.index:
        assert targets.loc[metric, "baseline"] == impact.loc[metric, "program_baseline"]
    # and the report's first page gives the banner's lines
    report_text = v["html"].all_text
    assert "Did the pilot work?" in report_text
    assert signed(primary, impact.loc[primary, "effect"]) in report_text


def test_picking_one_program_cohort_keeps_the_benchmark(views):
    everything = views["all cohorts"]["impact"].set_index("metric")
    pilot = views["Pilot alone"]["impact"].set_index("metric")
    isolated = [m for m in IMPACT_METRICS if m != "rubric_level"]
    assert (pilot.loc[isolated, "n_comparison"] > 0).all()
    pd.testing.assert_series_equal(pilot.loc[isolated, "effect"], everything.loc[isolated, "effect"])
    assert views["Pilot alone"]["report"].benchmark_note.startswith("Effects compare Pilot with Comparison")


def test_the_overview_shows_the_same_numbers_with_one_cohort_picked(views, on_demo):
    at = open_page(cohort=["Pilot"])
    shown = {plain(m.label): plain(m.value) for m in at.metric}
    cards = views["Pilot alone"]["cards"]
    for card in cards.values():
        assert shown[card.label] == card.headline != "—"
    page = texts(at.markdown) + texts(at.caption)
    assert "Comparison is kept as the comparison cohort" in plain(page)
    assert "Jul–Oct 2026 vs Jan–Mar 2026" in plain(page)
    banner = plain(texts(at.markdown))
    for line in views["Pilot alone"]["banner"]:
        assert line.text in banner
