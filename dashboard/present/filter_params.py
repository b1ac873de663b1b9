"""How the sidebar's filters are written in a shareable link, and how they match the CLI.

The sidebar widgets are bound to URL query parameters (``bind="query-params"``), so a
filtered view is a link. The parameter names follow the CLI's options; cohorts and modules
keep their ids, months and choices read as the sidebar shows them:

======================================  ======================================
URL query parameter                     ``python -m dashboard kpi`` option
======================================  ======================================
``cohort=Pilot&cohort=Wave+2``          ``--cohort Pilot --cohort 'Wave 2'``
``module=digital_cues``                 ``--module digital_cues``
``arm=Program``                         ``--arm program``
``period=Feb+2026&period=Jun+2026``     ``--from 2026-02 --to 2026-06``
``rater-group=Team``                    ``--rater-group others``
======================================  ======================================

An empty choice means "all" on both sides; a period range that reaches the first or last
month with data leaves that end open, as the CLI does when ``--from``/``--to`` are left out.

A link keeps working when a label changes or is typed another way: ``respell_link`` reads
``rater-group=Others`` (the label before "Team"), ``rater-group=others`` (the CLI's value),
``arm=PROGRAM``, ``cohort=pilot``, ``module=Awareness of digital cues`` or
``period=2026-02`` as the sidebar's choice, and gives the spelling the sidebar writes today
(Streamlit keeps only a value spelled exactly as an option is shown).
Every page prints the exact command for its numbers with ``dashboard.kpi.filters.cli_command``,
the same one the report and the review page use.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from dashboard.kpi.catalog import FilterOptions
from dashboard.kpi.filters import Filters
from dashboard.present.formatting import MONTHS, month_label

# URL query parameter (= sidebar widget key) of each filter.
COHORT, MODULE, ARM, PERIOD, RATER_GROUP = "cohort", "module", "arm", "period", "rater-group"
URL_KEYS = (COHORT, MODULE, ARM, PERIOD, RATER_GROUP)
ARMS = ("program", "comparison")
RATER_GROUPS = ("others", "self")
# What the sidebar (and so the link) shows for each choice.
CHOICE_LABELS = {"program": "Program", "comparison": "Comparison", "others": "Team",
                 "self": "Self"}
# Labels a choice had before, so that links shared then still open with that choice.
FORMER_LABELS = {"others": ("Others",)}


def build_filters(options: FilterOptions, *, cohorts: Sequence[str] = (),
                  modules: Sequence[str] = (), arm: str | None = None,
                  period: Sequence[str] = (), rater_group: str | None = None) -> Filters:
    """The ``Filters`` for the sidebar's choices; unknown values are ignored, not fatal, so a
    link from another database still opens (the sidebar then shows what was kept)."""
    known_cohorts = set(options.cohorts)
    known_modules = set(options.module_names)
    period_from = period_to = ""
    if len(period) == 2 and options.periods:
        first, last = sorted(period)
        period_from = first if first in options.periods and first != options.periods[0] else ""
        period_to = last if last in options.periods and last != options.periods[-1] else ""
    return Filters(
        cohorts=tuple(c for c in options.cohorts if c in set(cohorts) & known_cohorts),
        modules=tuple(m for m in options.module_names if m in set(modules) & known_modules),
        arms=(arm,) if arm in ARMS else (),
        period_from=period_from,
        period_to=period_to,
        rater_groups=(rater_group,) if rater_group in RATER_GROUPS else (),
    )


def describe(filters: Filters, options: FilterOptions) -> str:
    """The filters in words, for the line under each page title."""
    cohorts = ", ".join(filters.cohorts) if filters.cohorts else "all cohorts"
    arm = f"{filters.arms[0]} cohorts" if filters.arms else "program and comparison"
    names = options.module_names
    modules = (", ".join(names.get(m, m) for m in filters.modules) if filters.modules
               else "all modules")
    first = filters.period_from or (options.periods[0] if options.periods else "")
    last = filters.period_to or (options.periods[-1] if options.periods else "")
    months = f"{month_label(first)} – {month_label(last)}" if first else "all months"
    raters = {"others": "team ratings", "self": "self ratings"}
    rater = raters[filters.rater_groups[0]] if filters.rater_groups else "team and self ratings"
    return " · ".join([cohorts, arm, modules, months, rater])


def _fold(text: str) -> str:
    """A spelling compared without case, surrounding blanks or doubled inner blanks."""
    return " ".join(text.split()).casefold()


def _month_spellings(period: str) -> tuple[str, ...]:
    """'2026-02' as a link may write it: the sidebar's 'Feb 2026', the CLI's '2026-02', the
    full 'February 2026'."""
    full = ("January", "February", "March", "April", "May", "June", "July", "August",
            "September", "October", "November", "December")
    month = int(period[5:7])
    return (month_label(period), period, f"{full[month - 1]} {period[:4]}",
            f"{MONTHS[month - 1]}-{period[:4]}")


def _spellings(options: FilterOptions, rater_groups: Sequence[str]
               ) -> dict[str, dict[str, str]]:
    """For each query parameter: every accepted spelling (folded) -> the spelling the
    sidebar writes in the link. The written spelling comes last, so it wins a clash."""
    def choices(values: Sequence[str]) -> dict[str, str]:
        table: dict[str, str] = {}
        for value in values:
            for spelling in (value, *FORMER_LABELS.get(value, ()), CHOICE_LABELS[value]):
                table[_fold(spelling)] = CHOICE_LABELS[value]
        return table

    modules: dict[str, str] = {}
    for module_id, name in options.modules:
        modules[_fold(name)] = module_id
    for module_id, _ in options.modules:
        modules[_fold(module_id)] = module_id
    return {
        COHORT: {_fold(c): c for c in options.cohorts},
        MODULE: modules,
        ARM: choices(ARMS),
        PERIOD: {_fold(s): month_label(p) for p in options.periods
                 for s in _month_spellings(p)},
        RATER_GROUP: choices([g for g in RATER_GROUPS if g in rater_groups]),
    }


def respell_link(params: Mapping[str, Sequence[str]], options: FilterOptions,
                 rater_groups: Sequence[str] = RATER_GROUPS) -> dict[str, list[str]]:
    """The filter parameters of a link that are spelled other than the sidebar writes them,
    each with its values respelled: ``{"rater-group": ["Others"]}`` -> ``{"rater-group":
    ["Team"]}``. Parameters already spelled right are left out (an empty result: nothing to
    fix), as are values no choice matches (the sidebar drops those, as before) — so a link
    from another database opens with what it has in common. ``rater_groups``: the groups this
    visitor may pick (a self link for a visitor without self ratings is not respelled)."""
    fixes: dict[str, list[str]] = {}
    for key, table in _spellings(options, rater_groups).items():
        values = [str(v) for v in params.get(key, ())]
        respelled = [table.get(_fold(v), v) for v in values]
        if respelled != values:
            fixes[key] = respelled
    return fixes
