"""The sidebar's choices as Filters, as a command line — and the command line printing the
very numbers the page shows."""

from __future__ import annotations

import io
import shlex
import subprocess
import sys

import pandas as pd
import pytest

from dashboard.config import PROJECT_ROOT
from dashboard.kpi import Filters, compute
from dashboard.kpi.catalog import FilterOptions
from dashboard.present.filter_params import build_filters, cli_args, cli_command, describe
from dashboard.store import db

OPTIONS = FilterOptions(
    cohorts=("Comparison", "Pilot", "Wave 2"),
    arms=(("Comparison", "comparison"), ("Pilot", "program"), ("Wave 2", "program")),
    modules=(("digital_cues", "Awareness of digital cues"), ("written_replies", "Written")),
    periods=("2026-01", "2026-02", "2026-03", "2026-04"),
)


def test_untouched_sidebar_means_everything():
    assert build_filters(OPTIONS, period=("2026-01", "2026-04")) == Filters()


def test_choices_become_filters_in_a_stable_order():
    filters = build_filters(OPTIONS, cohorts=["Wave 2", "Pilot"], modules=["written_replies"],
                            arm="program", period=("2026-02", "2026-03"), rater_group="others")
    assert filters == Filters(cohorts=("Pilot", "Wave 2"), modules=("written_replies",),
                              arms=("program",), period_from="2026-02", period_to="2026-03",
                              rater_groups=("others",))


def test_a_range_reaching_the_data_edge_stays_open():
    filters = build_filters(OPTIONS, period=("2026-02", "2026-04"))
    assert (filters.period_from, filters.period_to) == ("2026-02", "")


def test_values_from_a_foreign_link_are_ignored():
    filters = build_filters(OPTIONS, cohorts=["Pilot", "Nope"], modules=["m9"], arm="both",
                            period=("1999-01", "2026-03"), rater_group="boss")
    assert filters == Filters(cohorts=("Pilot",), period_to="2026-03")


def test_cli_command_quotes_what_a_shell_needs():
    filters = Filters(cohorts=("Pilot", "Wave 2"), arms=("program",), period_from="2026-02",
                      period_to="2026-06", rater_groups=("self",), min_group=7)
    command = cli_command("pulse_trend", filters)
    assert command == ("python -m dashboard kpi pulse_trend --cohort Pilot --cohort 'Wave 2' "
                       "--arm program --from 2026-02 --to 2026-06 --rater-group self --min-group 7")
    assert shlex.split(command)[5:] == cli_args(filters)
    assert cli_command("impact", Filters()) == "python -m dashboard kpi impact"


def test_describe_in_words():
    text = describe(Filters(cohorts=("Pilot",), modules=("digital_cues",), period_to="2026-03"),
                    OPTIONS)
    assert text == ("Pilot · both arms · Awareness of digital cues · Jan 2026 – Mar 2026 · "
                    "others' and self ratings")


@pytest.mark.parametrize(("table", "filters"), [
    ("pulse_trend", Filters(cohorts=("Pilot", "Comparison"), period_from="2026-03",
                            period_to="2026-08", rater_groups=("others",))),
    ("business", Filters(arms=("program",), modules=("digital_cues",), period_to="2026-09")),
    ("impact", Filters(cohorts=("Pilot", "Comparison"))),
])
def test_the_cli_prints_the_numbers_the_page_shows(demo_db, table, filters):
    with db.session(demo_db) as con:
        page = compute(con, table, filters)
    command = [sys.executable, "-m", "dashboard", "kpi", table, *cli_args(filters),
               "--format", "csv", "--db", str(demo_db)]
    done = subprocess.run(command, capture_output=True, text=True, cwd=PROJECT_ROOT, check=True)
    printed = pd.read_csv(io.StringIO(done.stdout), keep_default_na=True)
    shown = pd.read_csv(io.StringIO(page.to_csv(index=False)), keep_default_na=True)
    assert len(shown) > 0
    pd.testing.assert_frame_equal(printed, shown)
