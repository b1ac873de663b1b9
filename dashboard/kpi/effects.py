"""What an effect compares, in words every view prints: the months ("Jul–Oct 2026 vs
Jan–Mar 2026") and what the design can say about single modules.

Built on ``impact.design`` (which applies ``benchmark.scope``), so the Overview's cards and
banner, the Impact page, the report and the CLI's notes name the same months.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import cast

import duckdb
import pandas as pd

from dashboard.kpi.benchmark import effect_filters, span_label
from dashboard.kpi.cache import cached
from dashboard.kpi.engine import mart
from dashboard.kpi.filters import Filters
from dashboard.kpi.impact import design


def effect_months(con: duckdb.DuckDBPyConnection, filters: Filters,
                  impact: pd.DataFrame) -> dict[str, str]:
    """Per impact metric: the months its effect compares, follow-up against baseline
    ("Jul–Oct 2026 vs Jan–Mar 2026"), read from the data of the program cohorts whose windows
    the impact row states (``baseline_to``, ``post_from``: the first wave's), within the month
    filter. Kept in the database per data version like the KPI tables (they are month names
    only): the leader-months behind them are an answer-sized read."""
    stated = tuple((str(m), _text(b), _text(p)) for m, b, p in
                   impact[["metric", "baseline_to", "post_from"]].itertuples(index=False))
    frame = cached(con, ("effect-months", filters, stated),
                   lambda: pd.DataFrame(list(_effect_months(con, filters, stated).items()),
                                        columns=["metric", "months"], dtype="str"), persist=True)
    return dict(zip(frame["metric"].astype(str), frame["months"].astype(str), strict=True))


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _effect_months(con: duckdb.DuckDBPyConnection, filters: Filters,
                   stated: tuple[tuple[str, str | None, str | None], ...]) -> dict[str, str]:
    windows, program, _comparison = design(con, filters)
    # the impact row's windows are its first wave's: read that wave's program cohorts
    first = min(windows, default=None)
    rows = mart(con, "impact_leader_period", effect_filters(con, filters))
    rows = rows[rows["cohort"].isin([c for c, wave in program.items() if wave == first])]
    out: dict[str, str] = {}
    for name, baseline_to, post_from in stated:
        if name == "rubric_level":
            out[name] = "latest against first assessment"
            continue
        if baseline_to is None or post_from is None:
            continue
        periods = rows.loc[rows["metric"] == name, "period"]
        base = periods[periods <= baseline_to]
        post = periods[periods >= post_from]
        if len(post) and len(base):
            out[name] = f"{span_label(post.min(), post.max())} vs {span_label(base.min(), base.max())}"
        elif len(base):
            out[name] = f"follow-up from {span_label(post_from, post_from)}: none yet; baseline " \
                        f"{span_label(base.min(), base.max())}"
    return out


def module_note(con: duckdb.DuckDBPyConnection, filters: Filters,
                names: dict[str, str] | tuple[tuple[str, str], ...]) -> str:
    """What the design can say about single modules, in words: the pulse and business effects
    are for a cohort's whole sequence when it took several modules back to back, so a module
    filter selects cohorts, not a module's own effect; what can be separated is the rubric (rated
    per module) and cohorts that took different modules."""
    names = dict(names)
    _windows, program, _comparison = design(con, filters)
    cohorts = mart(con, "cohort_waves", filters).set_index("cohort")
    taken = {c: [str(m) for m in cast(Iterable[object], cohorts.loc[c, "modules"])]
             for c in program if c in cohorts.index}
    several = {c: mods for c, mods in taken.items() if len(mods) > 1}
    if not several:
        return ""

    def listing(mods: list[str]) -> str:
        return " and ".join(names.get(m, m) for m in mods)

    first = ", ".join(f"{c} took {listing(mods)} back to back" for c, mods in several.items())
    text = (f"{first}: the pulse and business effects are for the whole sequence and cannot be split by "
            "module. The rubric is rated per module (Rubric page)")
    sets = {tuple(sorted(mods)) for mods in taken.values()}
    if len(sets) > 1:
        text += "; cohorts that took different modules can be compared with each other once each has a follow-up"
    text += "."
    if filters.modules:
        text = "The module filter picks the cohorts that took a chosen module. " + text
    return text
