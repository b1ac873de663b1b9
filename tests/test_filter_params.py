"""The sidebar's choices as Filters, as a command line — and the command line printing the
very numbers the page shows."""

from __future__ import annotations

import io
import shlex
import subprocess
import sys
from dataclasses import fields

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashboard.cli import build_parser
from dashboard.cli.kpi import filters_from
from dashboard.config import PROJECT_ROOT
from dashboard.kpi import TABLES, Filters, compute
from dashboard.kpi.catalog import FilterOptions
from dashboard.kpi.filters import ASSESSOR_TYPES, cli_command
from dashboard.present.filter_params import (
    ARMS,
    CHOICE_LABELS,
    RATER_GROUPS,
    build_filters,
    describe,
    respell_link,
)
from dashboard.report.data import Block
from dashboard.report.sections import command as reproduce_command
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
    assert shlex.split(command)[5:] == filters.cli_args()
    assert cli_command("impact", Filters()) == "python -m dashboard kpi impact"


def test_describe_in_words():
    text = describe(Filters(cohorts=("Pilot",), modules=("digital_cues",), period_to="2026-03"),
                    OPTIONS)
    assert text == ("Pilot · program and comparison · Awareness of digital cues · Jan 2026 – Mar 2026 · "
                    "team and self ratings")


@pytest.mark.parametrize(("table", "filters"), [
    ("pulse_trend", Filters(cohorts=("Pilot", "Comparison"), period_from="2026-03",
                            period_to="2026-08", rater_groups=("others",))),
    ("business", Filters(arms=("program",), modules=("digital_cues",), period_to="2026-09")),
    ("impact", Filters(cohorts=("Pilot", "Comparison"))),
])
def test_the_cli_prints_the_numbers_the_page_shows(demo_db, table, filters):
    with db.session(demo_db) as con:
        page = compute(con, table, filters)
    command = [sys.executable, "-m", "dashboard", "kpi", table, *filters.cli_args(),
               "--format", "csv", "--db", str(demo_db)]
    done = subprocess.run(command, capture_output=True, text=True, cwd=PROJECT_ROOT, check=True)
    printed = pd.read_csv(io.StringIO(done.stdout), keep_default_na=True)
    shown = pd.read_csv(io.StringIO(page.to_csv(index=False)), keep_default_na=True)
    assert len(shown) > 0
    pd.testing.assert_frame_equal(printed, shown)


# --- Filters → arguments → Filters, through the real parser and a real shell's quoting ------

NAMES = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=12) \
    | st.sampled_from(["Wave 2", "O'Brien's team", 'say "hi"', "$HOME", "`id`", "a;b|c", "-x",
                       "--from", "Zürich 東京", " ", ""])
MONTHS = st.builds("{:04d}-{:02d}".format, st.integers(1990, 2100), st.integers(1, 12))
MAYBE_MONTH = st.just("") | MONTHS


@st.composite
def any_filters(draw: st.DrawFn) -> dict:
    """Every field of Filters (but ``extra``, which no option sets), drawn at random."""
    period_from, period_to = draw(MAYBE_MONTH), draw(MAYBE_MONTH)
    if period_from and period_to and period_from > period_to:  # either end may stay open
        period_from, period_to = period_to, period_from
    return {
        "cohorts": tuple(draw(st.lists(NAMES, max_size=3))),
        "modules": tuple(draw(st.lists(NAMES, max_size=3))),
        "arms": tuple(draw(st.lists(st.sampled_from(ARMS), max_size=2))),
        "period_from": period_from, "period_to": period_to,
        "rater_groups": tuple(draw(st.lists(st.sampled_from(RATER_GROUPS), max_size=2))),
        "min_group": draw(st.integers(3, 40)),
        "assessors": tuple(draw(st.lists(st.sampled_from(ASSESSOR_TYPES), min_size=1, max_size=3))),
        "level": draw(st.just(0.95) | st.floats(0.5, 1, exclude_max=True)),
        "baseline_to": draw(MAYBE_MONTH), "post_from": draw(MAYBE_MONTH),
    }


@given(fields_=any_filters(), table=st.sampled_from(list(TABLES)))
def test_filters_become_arguments_the_cli_reads_back_and_a_shell_keeps(fields_, table):
    assert set(fields_) == {f.name for f in fields(Filters)} - {"extra"}  # a new filter is drawn too
    filters = Filters(**fields_)
    args = filters.cli_args()
    parsed = build_parser().parse_args(["kpi", table, *args])
    assert (parsed.name, filters_from(parsed)) == (table, filters)
    command = cli_command(table, filters, "--format", "csv")
    assert shlex.split(command) == ["python", "-m", "dashboard", "kpi", table, *args, "--format", "csv"]


def test_every_filter_reaches_the_command_and_names_are_quoted():
    filters = Filters(cohorts=("Wave 2", "-x"), assessors=("peer",), level=0.9, min_group=7,
                      baseline_to="2026-02", post_from="2026-05")
    assert cli_command("impact", filters) == (
        "python -m dashboard kpi impact --cohort 'Wave 2' --cohort=-x --baseline-to 2026-02 "
        "--post-from 2026-05 --min-group 7 --assessor peer --level 0.9")


def test_the_report_and_the_review_page_print_the_same_quoted_command():
    block = Block("enps", Filters(cohorts=("Wave 2",), period_to="2026-06"), pd.DataFrame(),
                  options=(("--assumptions", "my file.toml"),))
    assert block.command() == cli_command("enps", block.filters, "--assumptions", "my file.toml")
    assert reproduce_command(block) == ("python -m dashboard kpi enps --cohort 'Wave 2' --to 2026-06 "
                                        "--assumptions 'my file.toml' --format csv")
    assert shlex.split(block.command())[4:] == block.cli_args


@pytest.mark.parametrize(("key", "link", "written"), [
    ("rater-group", ["Others"], ["Team"]),  # the label before "Team": links shared then
    ("rater-group", ["others"], ["Team"]),  # the CLI's value
    ("rater-group", ["TEAM"], ["Team"]),
    ("rater-group", [" self "], ["Self"]),
    ("arm", ["program"], ["Program"]),
    ("arm", ["COMPARISON"], ["Comparison"]),
    ("cohort", ["pilot", "WAVE  2"], ["Pilot", "Wave 2"]),
    ("module", ["Awareness of digital cues", "WRITTEN_REPLIES"], ["digital_cues", "written_replies"]),
    ("period", ["2026-02", "april 2026"], ["Feb 2026", "Apr 2026"]),
    ("period", ["February 2026", "mar-2026"], ["Feb 2026", "Mar 2026"]),
])
def test_a_link_in_another_spelling_is_respelled_as_the_sidebar_writes_it(key, link, written):
    assert respell_link({key: link}, OPTIONS) == {key: written}
    # and the respelled link is the sidebar's: nothing more to fix, the same filters
    assert respell_link({key: written}, OPTIONS) == {}


def test_a_link_as_the_sidebar_writes_it_needs_no_respelling():
    link = {"cohort": ["Pilot", "Wave 2"], "module": ["digital_cues"], "arm": ["Program"],
            "period": ["Feb 2026", "Apr 2026"], "rater-group": ["Team"], "other": ["x"]}
    assert respell_link(link, OPTIONS) == {}
    assert respell_link({}, OPTIONS) == {}


def test_respelling_keeps_unknown_values_and_the_visitors_choices():
    # a value no option matches is left for the sidebar to drop, as before
    assert respell_link({"cohort": ["pilot", "Nope"], "arm": ["both"]}, OPTIONS) == {
        "cohort": ["Pilot", "Nope"]}
    # self ratings are for HR: a visitor without them gets no "Self" in their link
    assert respell_link({"rater-group": ["self"]}, OPTIONS, rater_groups=("others",)) == {}
    assert respell_link({"rater-group": ["others"]}, OPTIONS, rater_groups=("others",)) == {
        "rater-group": ["Team"]}


@given(st.sampled_from([*ARMS, *RATER_GROUPS]), st.sampled_from(["lower", "upper", "title"]))
def test_every_choice_in_any_case_opens_as_that_choice(value, case):
    key = "arm" if value in ARMS else "rater-group"
    spelled = getattr(value, case)()
    fixed = respell_link({key: [spelled]}, OPTIONS).get(key, [spelled])
    assert fixed == [CHOICE_LABELS[value]]
