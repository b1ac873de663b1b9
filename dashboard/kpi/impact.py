"""Impact: difference-in-differences between program and comparison leaders, with a Welch t
interval, a parallel-trends check, one primary metric and a verdict in words.

For each leader: baseline = the metric over the months before their wave's first module
start; post = over the months after the month its last module ends (both overridable).
change = post − baseline; program_change and comparison_change are means over the leaders
of each arm with both windows; effect = program_change − comparison_change. Cohorts whose
training periods overlap form one wave; when several waves are selected, each wave is
compared with the comparison leaders over its own months and the waves are pooled,
weighted by their program leaders.

The interval is a Welch t interval on the leaders' change scores (``stats.welch``: with
several waves, the per-wave contrasts combined with Satterthwaite degrees of freedom). The
parallel-trends check is the same estimate on the baseline months alone (a placebo: the late
baseline months against the early ones). The plan names one primary metric (default: the
pulse score from others); the others are exploratory and Holm-adjusted. A verdict says
"improved" / "worsened" only when the interval excludes zero (after Holm for exploratory
metrics) and the baseline months do not show the arms already drifting apart.

Privacy: each leader's windows pool only cells visible on their own at k — survey answers of
leader × month × question cells with k respondents, business outcomes of cohort-months of k
or more people (``impact_leader_period`` in SQL, before the months are pooled) — so the arm
means never contain a team or a month too small to show on its own, and two windows never
differ by a hidden month. ``some_excluded`` says that a small group was left out, never
which one or how many.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import duckdb
import numpy as np
import pandas as pd

from dashboard.kpi import benchmark
from dashboard.kpi.analysis_plan import LOWEST_PRETREND_MONTHS, AnalysisPlan, load_analysis_plan
from dashboard.kpi.cache import cached
from dashboard.kpi.engine import mart
from dashboard.kpi.filters import Filters
from dashboard.kpi.registry import IMPACT_METRICS, METRICS, Metric
from dashboard.kpi.rounding import round_half_away
from dashboard.kpi.stats import NO_ESTIMATE, Estimate, Wave, holm, one_sample, welch

# Which method produced a verdict: stamped on the impact and ROI tables (column
# ``method_version``), their exports, the CLI's output and the report. 1 was the percentile
# bootstrap with "no clear change"; 2 is the Welch–Satterthwaite t interval, the placebo
# parallel-trends check, one primary metric with Holm-adjusted exploratory ones, and ROI from
# passing effects only. 3 pools the pulse score over questions of different scales on percent
# of each scale's range (``queries/scoring/06_pooled_score.sql``), so its effect on mixed-scale
# data is in that unit; on questions of one scale it gives version 2's numbers.
METHOD_VERSION = "3"
MIN_LEADERS = 3
# below this many degrees of freedom every verdict says the sample is small
SMALL_SAMPLE_DF = 10

# The verdict kinds: a row's ``verdict`` is one of these (its ``isolated`` column says whether a
# comparison arm was there); ``dashboard.present.verdicts`` turns a kind into words and colour.
IMPROVED, WORSENED, INCONCLUSIVE, DRIFTING, CHANGE_NOT_ISOLATED, NOT_ENOUGH_DATA = (
    "improved", "worsened", "inconclusive", "already drifting apart", "change (not isolated)",
    "not enough data")
VERDICTS = (IMPROVED, WORSENED, INCONCLUSIVE, DRIFTING, CHANGE_NOT_ISOLATED, NOT_ENOUGH_DATA)
# The words, with the interval's ends (formatted by whoever shows them) filled in.
INCONCLUSIVE_WORDS = "inconclusive — consistent with {low} to {high}"
DRIFTING_WORDS = "inconclusive — the cohorts were already drifting apart before training"
NOT_ISOLATED = " (not isolated)"
# A metric's role: the plan's one primary metric, or exploratory (Holm-adjusted).
PRIMARY, EXPLORATORY = "primary", "exploratory"
# The parallel-trends check (``pretrend``): the placebo interval excludes zero (failed); it does
# not, and a drift as large as its far end, continued to the follow-up, would still not explain
# the effect (passed); or it would (not ruled out); too few baseline months (not checked).
PRETREND_PASSED, PRETREND_FAILED, PRETREND_NOT_RULED_OUT, PRETREND_NOT_CHECKED, PRETREND_NONE = (
    "passed", "failed", "not ruled out", "not checked", "not applicable")

COLUMNS = ["metric", "program_change", "comparison_change", "effect", "ci_low", "ci_high",
           "n_program", "n_comparison", "verdict", "verdict_text", "label", "unit",
           "higher_is_better", "program_baseline", "program_post", "comparison_baseline",
           "comparison_post", "some_excluded", "isolated", "baseline_to", "post_from",
           "role", "df", "p_value", "p_adjusted", "pretrend", "pretrend_effect", "pretrend_low",
           "pretrend_high", "baseline_months", "drift_bound", "caveats", "method_version"]
# One row of the impact table before it becomes a DataFrame: column -> value (counts, floats,
# words and flags side by side, NaN where not computed).
Row = dict[str, Any]


@dataclass(frozen=True)
class Window:
    """The months one wave is measured over."""

    wave: int
    baseline_to: str
    post_from: str


def impact(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """One row per impact metric (see ``registry.IMPACT_METRICS``), rounded for output."""
    return _rounded(estimates(con, filters))


def estimates(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """The impact table before output rounding: the ROI monetises these unrounded effects.
    Computed once per data version and filters, and kept in the database like the KPI tables
    (built from visible cells only): a fresh process that reads the kept impact table (the
    report, the ROI) needs these too, and would otherwise read every answer again."""
    return cached(con, ("impact-estimates", filters), lambda: _estimates(con, filters), persist=True)


def _estimates(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    windows, program, comparison = design(con, filters)
    plan = load_analysis_plan(con)
    per_leader = _leader_windows(con, filters, windows, program, comparison)
    months = _leader_months(con, filters, windows, program, comparison)
    rows = [_metric_row(metric, per_leader, months, windows, filters, plan)
            for metric in IMPACT_METRICS if metric != "rubric_level"]
    rows.append(_rubric_row(mart(con, "rubric_leader_change", filters), program, filters))
    _adjust(rows, plan)
    for row in rows:
        _with_verdict(row, filters.level, plan)
    return pd.DataFrame(rows, columns=COLUMNS)


def design(con: duckdb.DuckDBPyConnection, filters: Filters) -> tuple[dict[int, Window], dict[str, int], list[str]]:
    """Windows per wave, program cohorts with their wave, and comparison cohorts in scope."""
    # program cohorts as filtered, and a comparison cohort even when the filter names none
    cohorts = benchmark.scope(mart(con, "cohort_waves", filters), filters)
    program: dict[str, int] = {}
    rows = cohorts[["cohort", "arm", "wave", "modules"]].itertuples(index=False, name=None)
    for cohort, arm, wave, modules in rows:
        if arm != "program" or pd.isna(wave):
            continue
        if filters.modules and not set(filters.modules) & set(modules):
            continue
        program[cohort] = int(wave)
    comparison = sorted(cohorts.loc[cohorts["arm"] == "comparison", "cohort"])
    windows = {}
    waves = mart(con, "waves", filters)[["wave", "baseline_to", "post_from"]]
    for wave, baseline_to, post_from in waves.itertuples(index=False, name=None):
        if int(wave) in program.values():
            windows[int(wave)] = Window(int(wave), filters.baseline_to or baseline_to,
                                        filters.post_from or post_from)
    return windows, program, comparison


def _leader_windows(con: duckdb.DuckDBPyConnection, filters: Filters, windows: dict[int, Window],
                    program: dict[str, int], comparison: list[str]) -> pd.DataFrame:
    """The leaders' windows of ``_read_leader_windows``, read once per data version and filters
    (the estimate, the ROI's measured teams and the baseline trend all start from them; the
    design is a function of the filters), and kept in the database for that version: they pool
    visible cells only, and the ROI's measured teams in a fresh process need nothing else."""
    return cached(con, ("impact-leader-windows", filters),
                  lambda: _read_leader_windows(con, filters, windows, program, comparison), persist=True)


def _read_leader_windows(con: duckdb.DuckDBPyConnection, filters: Filters, windows: dict[int, Window],
                         program: dict[str, int], comparison: list[str]) -> pd.DataFrame:
    """Per metric × wave × arm × leader: baseline, post and change; DuckDB pools the months.

    Every window pools visible cells only; leaders lacking either window are not ``usable``.
    ``excluded``: a hidden cell of the leader's windows was left out (the leader may still be
    in, measured over what is visible).
    """
    frame = mart(con, "impact_leader_windows", filters,
                 windows=[{"wave": w.wave, "baseline_to": w.baseline_to, "post_from": w.post_from}
                          for w in windows.values()],
                 program=[{"cohort": c, "wave": w} for c, w in program.items()],
                 comparison=comparison)
    frame["value_base"] = frame["base_num"] / frame["base_den"]
    frame["value_post"] = frame["post_num"] / frame["post_den"]
    frame["excluded"] = frame["base_excluded"].astype(bool) | frame["post_excluded"].astype(bool)
    frame["usable"] = np.isfinite(frame["value_base"]) & np.isfinite(frame["value_post"])
    frame["change"] = frame["value_post"] - frame["value_base"]
    return frame


def _leader_months(con: duckdb.DuckDBPyConnection, filters: Filters, windows: dict[int, Window],
                   program: dict[str, int], comparison: list[str]) -> pd.DataFrame:
    """The leader-months of ``_read_leader_months``, read once per data version and filters."""
    return cached(con, ("impact-leader-months", filters),
                  lambda: _read_leader_months(con, filters, windows, program, comparison))


def _read_leader_months(con: duckdb.DuckDBPyConnection, filters: Filters, windows: dict[int, Window],
                        program: dict[str, int], comparison: list[str]) -> pd.DataFrame:
    """Per metric × wave × arm × leader × month of either window: the value of its visible
    cells, and ``visible``: no hidden cell was left out of it (a month with a hidden cell
    stays in the frame, so the baseline trend can hide that arm-month)."""
    frame = mart(con, "impact_leader_months", filters,
                 windows=[{"wave": w.wave, "baseline_to": w.baseline_to, "post_from": w.post_from}
                          for w in windows.values()],
                 program=[{"cohort": c, "wave": w} for c, w in program.items()],
                 comparison=comparison)
    frame["value"] = frame["num"] / frame["den"]
    kept: pd.Series = np.isfinite(frame["value"]) | ~frame["visible"].astype(bool)
    return frame[kept].copy()


def _metric_row(metric: str, per_leader: pd.DataFrame, months: pd.DataFrame, windows: dict[int, Window],
                filters: Filters, plan: AnalysisPlan) -> Row:
    data = per_leader[per_leader["metric"] == metric]
    excluded = bool(data["excluded"].any())
    data = data[data["usable"]]
    prog = _by_wave(data[data["arm"] == "program"])
    comp = _by_wave(data[data["arm"] == "comparison"])
    weights = {w: len(part) for w, part in prog.items() if w in comp and len(comp[w])}
    row = _empty_row(metric, filters, windows, plan)
    row["unit"] = _unit(per_leader, metric)
    row.update(some_excluded=excluded, isolated=True,
               n_program=int(sum(weights.values())) if weights else int(sum(len(p) for p in prog.values())),
               n_comparison=int(data.loc[(data["arm"] == "comparison") & data["wave"].isin(list(weights) or list(comp)),
                                         "leader_id"].nunique()))
    if not weights:
        return row
    total = float(sum(weights.values()))

    def pooled(frames: dict[int, pd.DataFrame], column: str) -> float:
        return sum(weights[w] * float(frames[w][column].mean()) for w in weights) / total

    row.update(
        program_change=pooled(prog, "change"), comparison_change=pooled(comp, "change"),
        program_baseline=pooled(prog, "value_base"), program_post=pooled(prog, "value_post"),
        comparison_baseline=pooled(comp, "value_base"), comparison_post=pooled(comp, "value_post"),
    )
    row["effect"] = row["program_change"] - row["comparison_change"]
    estimate = welch([Wave(weights[w], prog[w]["change"].tolist(),
                           dict(zip(comp[w]["leader_id"], comp[w]["change"], strict=True)))
                      for w in sorted(weights)], filters.level)
    _put_estimate(row, estimate)
    included = data.loc[data["wave"].isin(list(weights)), ["wave", "arm", "leader_id"]].drop_duplicates()
    row.update(_pretrend(months[months["metric"] == metric], included, filters.level, plan,
                         float(row["effect"])))
    return row


def _unit(frame: pd.DataFrame, metric: str) -> str:
    """The metric's unit: the pulse score's is what its SQL pooled it in (its scale, or percent
    of each scale's range when the questions' scales differ: ``pooled_unit``), so its effect and
    interval are read in that unit; every other metric's is the registry's."""
    units = frame.loc[frame["metric"] == metric, "unit"].dropna() if "unit" in frame else pd.Series()
    return str(units.iloc[0]) if len(units) else METRICS[metric].unit_label


def _put_estimate(row: Row, estimate: Estimate) -> None:
    row.update(ci_low=estimate.low, ci_high=estimate.high, df=estimate.df, p_value=estimate.p_value)


def _by_wave(frame: pd.DataFrame) -> dict[int, pd.DataFrame]:
    """The frame's rows per wave, keyed by the wave's number."""
    return {int(wave): part for wave, part in frame.groupby(frame["wave"])}


def _month_number(period: str) -> int:
    return int(period[:4]) * 12 + int(period[5:7])


def _centre(periods: Iterable[str]) -> float:
    """The middle of some months, as a month number."""
    numbers = [_month_number(p) for p in periods]
    return sum(numbers) / len(numbers) if numbers else math.nan


@dataclass(frozen=True)
class _Placebo:
    """One wave's baseline split for the placebo: its early and late months, and how far the
    follow-up's middle lies from the baseline's middle in units of the early–late distance
    (a drift continuing at the pace seen in the baseline grows by this factor by then)."""

    early: tuple[str, ...]
    late: tuple[str, ...]
    months: int
    reach: float


def _split(baseline: Sequence[str], post: Sequence[str]) -> _Placebo:
    """Early half against late half of the baseline months (the middle one left out when
    their number is odd: with three months, the first against the last)."""
    half = len(baseline) // 2
    early, late = tuple(baseline[:half]), tuple(baseline[len(baseline) - half:])
    distance = _centre(late) - _centre(early) if half else math.nan
    reach = (_centre(post) - _centre(baseline)) / distance if half and post else math.nan
    return _Placebo(early, late, len(baseline), reach)


def _placebo_changes(baseline: pd.DataFrame, splits: dict[int, _Placebo]) -> pd.DataFrame:
    """Per wave × arm × leader: the late baseline months' value − the early ones' (each
    Σ numerator ÷ Σ denominator, as the windows pool them); leaders lacking either drop out."""
    halves = pd.DataFrame([(wave, period, half) for wave, split in splits.items()
                           for half, periods in (("early", split.early), ("late", split.late))
                           for period in periods], columns=["wave", "period", "half"])
    cells = baseline.merge(halves, on=["wave", "period"])
    sums = cells.groupby(["wave", "arm", "leader_id", "half"])[["num", "den"]].sum()
    values = (sums["num"] / sums["den"]).unstack("half")
    if "early" not in values or "late" not in values:
        return pd.DataFrame(columns=["wave", "arm", "leader_id", "change"])
    change = (values["late"] - values["early"]).replace([np.inf, -np.inf], np.nan).dropna()
    return change.rename("change").reset_index()


def _pretrend(months: pd.DataFrame, included: pd.DataFrame, level: float,
              plan: AnalysisPlan, effect: float) -> Row:
    """The parallel-trends check of one metric: a placebo difference-in-differences on the
    baseline months (late half − early half per leader; program − comparison, pooled over the
    waves like the estimate), over the leaders the estimate uses."""
    cells = months[months["visible"]].merge(included, on=["wave", "arm", "leader_id"])
    splits: dict[int, _Placebo] = {}
    for wave in sorted(included["wave"].unique()):
        in_wave = cells[cells["wave"] == wave]
        splits[int(wave)] = _split(sorted(in_wave.loc[in_wave["window"] == "baseline", "period"].unique()),
                                   sorted(in_wave.loc[in_wave["window"] == "post", "period"].unique()))
    counted = min((s.months for s in splits.values()), default=0)
    out: Row = {"baseline_months": counted, "pretrend": PRETREND_NOT_CHECKED}
    if counted < plan.pretrend_months:
        return out
    changes = _placebo_changes(cells[cells["window"] == "baseline"], splits)
    parts: list[Wave] = []
    reach = 0.0
    for wave, split in splits.items():
        program = changes[(changes["wave"] == wave) & (changes["arm"] == "program")]
        comparison = changes[(changes["wave"] == wave) & (changes["arm"] == "comparison")]
        if len(program) and len(comparison):
            parts.append(Wave(len(program), program["change"].tolist(),
                              dict(zip(comparison["leader_id"], comparison["change"], strict=True))))
            reach += len(program) * split.reach
    estimate = welch(parts, level) if parts else NO_ESTIMATE
    if math.isnan(estimate.low):
        return out  # too few leaders measured early and late in the baseline
    reach /= sum(p.weight for p in parts)
    far_end = estimate.high if effect > 0 else estimate.low
    bound = reach * far_end
    if estimate.excludes_zero:
        status = PRETREND_FAILED
    elif abs(bound) >= abs(effect):
        status = PRETREND_NOT_RULED_OUT
    else:
        status = PRETREND_PASSED
    out.update(pretrend=status, pretrend_effect=estimate.effect, pretrend_low=estimate.low,
               pretrend_high=estimate.high, drift_bound=bound)
    return out


def _rubric_row(changes: pd.DataFrame, program: dict[str, int], filters: Filters) -> Row:
    """Rubric has no comparison arm: the effect is the program change, not isolated, with a
    one-sample t interval over the leaders' changes."""
    data = changes[changes["cohort"].isin(program)].sort_values(["cohort", "leader_id"])
    row = _empty_row("rubric_level", filters, {}, None)
    row.update(n_program=len(data), n_comparison=0, some_excluded=False, isolated=False,
               pretrend=PRETREND_NONE)
    if len(data):
        diffs = (data["post"] - data["baseline"]).to_numpy(dtype="float64")
        row.update(program_change=float(diffs.mean()), effect=float(diffs.mean()),
                   program_baseline=float(data["baseline"].mean()), program_post=float(data["post"].mean()))
        _put_estimate(row, one_sample(diffs.tolist(), filters.level))
    return row


def _empty_row(metric: str, filters: Filters, windows: dict[int, Window], plan: AnalysisPlan | None) -> Row:
    info = METRICS[metric]
    row: Row = dict.fromkeys(COLUMNS, np.nan)
    row.update(metric=metric, label=info.label, unit=info.unit_label,
               higher_is_better=info.higher_is_better, n_program=0, n_comparison=0,
               role=PRIMARY if plan is not None and metric == plan.primary_metric else EXPLORATORY,
               baseline_months=0, pretrend=PRETREND_NOT_CHECKED, method_version=METHOD_VERSION)
    if windows:
        first = windows[min(windows)]
        row.update(baseline_to=first.baseline_to, post_from=first.post_from)
    else:
        row.update(baseline_to=filters.baseline_to or None, post_from=filters.post_from or None)
    return row


def _enough(row: Row) -> bool:
    """At least MIN_LEADERS leaders in each arm compared (after privacy exclusions), and an interval."""
    if int(row["n_program"]) < MIN_LEADERS or (bool(row["isolated"]) and int(row["n_comparison"]) < MIN_LEADERS):
        return False
    return not (pd.isna(row["effect"]) or pd.isna(row["ci_low"]))


def _adjust(rows: list[Row], plan: AnalysisPlan) -> None:
    """Holm over the exploratory metrics with an estimate; the primary keeps its own p-value."""
    family = [r for r in rows if r["role"] == EXPLORATORY and _enough(r) and pd.notna(r["p_value"])]
    for row, adjusted in zip(family, holm([float(r["p_value"]) for r in family]), strict=True):
        row["p_adjusted"] = adjusted
    for row in rows:
        if row["role"] == PRIMARY and pd.notna(row["p_value"]):
            row["p_adjusted"] = row["p_value"]
    for row in rows:
        row["family"] = len(family)


def _fmt(value: float, info: Metric) -> str:
    return f"{round_half_away(value, info.decimals):+.{info.decimals}f}"


def _excludes_zero(row: Row) -> bool:
    """Whether the interval, as it is shown (rounded to the metric's decimals), leaves out 0: a
    bound of −0.004 prints as −0.00, and a verdict must never contradict the interval beside it."""
    decimals = METRICS[row["metric"]].decimals
    return bool(round_half_away(float(row["ci_low"]), decimals) > 0
                or round_half_away(float(row["ci_high"]), decimals) < 0)


def _kind(row: Row, alpha: float) -> str:
    """The verdict's kind (see VERDICTS)."""
    if not _enough(row):
        return NOT_ENOUGH_DATA
    significant = _excludes_zero(row) if row["role"] == PRIMARY \
        else bool(pd.notna(row["p_adjusted"]) and row["p_adjusted"] < alpha)
    if not row["isolated"]:
        return CHANGE_NOT_ISOLATED if significant else INCONCLUSIVE
    if row["pretrend"] == PRETREND_FAILED:
        return DRIFTING
    if not significant:
        return INCONCLUSIVE
    return IMPROVED if (row["effect"] > 0) == bool(row["higher_is_better"]) else WORSENED


def _caveats(row: Row, kind: str, plan: AnalysisPlan) -> list[str]:
    """What every reader of this verdict should know, in the order they matter."""
    info = METRICS[row["metric"]]
    caveats = []
    df = row["df"]
    if kind != NOT_ENOUGH_DATA and pd.notna(df) and df < SMALL_SAMPLE_DF:
        who = f"{int(row['n_program'])} program" + (
            f" and {int(row['n_comparison'])} comparison leaders" if row["isolated"] else " leaders")
        caveats.append(f"small sample: {who} ({df:.1f} degrees of freedom), so the interval is wide "
                       "and a few leaders can move it")
    months = int(row["baseline_months"])
    if row["isolated"] and kind != NOT_ENOUGH_DATA:
        if row["pretrend"] == PRETREND_NOT_CHECKED:
            if months >= plan.pretrend_months:
                why = "too few leaders measured in both the early and the late baseline months"
            else:
                why = f"{months} baseline month{'' if months == 1 else 's'}" + (
                    f"; the plan asks for {plan.pretrend_months}" if months >= LOWEST_PRETREND_MONTHS else "")
            caveats.append(f"parallel trends could not be checked ({why})")
        elif row["pretrend"] == PRETREND_FAILED:
            caveats.append(f"in the {months} baseline months the program cohorts already moved "
                           f"{_fmt(row['pretrend_effect'], info)} against the comparison "
                           f"({_fmt(row['pretrend_low'], info)} to {_fmt(row['pretrend_high'], info)}: "
                           "late against early baseline months)")
        elif row["pretrend"] == PRETREND_NOT_RULED_OUT and kind in (IMPROVED, WORSENED):
            caveats.append(f"parallel trends not confirmed: the {months} baseline months cannot rule out "
                           "that the cohorts were already drifting apart by enough to explain this effect "
                           f"(a drift within the check's interval, continued, reaches "
                           f"{_fmt(row['drift_bound'], info)} by the follow-up)")
    if row["role"] == EXPLORATORY and kind != NOT_ENOUGH_DATA:
        caveats.append(f"exploratory: Holm-adjusted over {int(row['family'])} exploratory metric"
                       f"{'' if int(row['family']) == 1 else 's'} (adjusted p = {row['p_adjusted']:.3f})")
        if _excludes_zero(row) and kind in (INCONCLUSIVE,):
            caveats.append("the likely range leaves out zero, but not after the adjustment for testing many "
                           "metrics")
    if not row["isolated"]:
        caveats.append("not isolated — there is no comparison cohort for this measure, and the raters "
                       "know who was trained")
    return caveats


def _with_verdict(row: Row, level: float, plan: AnalysisPlan) -> Row:
    """The verdict, its caveats and a sentence a stakeholder can read."""
    info = METRICS[row["metric"]]
    alpha = 1 - level
    kind = _kind(row, alpha)
    caveats = _caveats(row, kind, plan)
    if kind == NOT_ENOUGH_DATA:
        isolated = bool(row["isolated"])
        who = f"{int(row['n_program'])} program" + (f" and {int(row['n_comparison'])} comparison" if isolated else "")
        text = (f"not enough data: {who} leader(s) with both a baseline and a "
                f"follow-up; at least {MIN_LEADERS} on each side are needed")
    else:
        interval = f"{100 * level:g}% interval {_fmt(row['ci_low'], info)} to {_fmt(row['ci_high'], info)}"
        if kind == INCONCLUSIVE:
            words = INCONCLUSIVE_WORDS.format(low=_fmt(row["ci_low"], info), high=_fmt(row["ci_high"], info))
        elif kind == DRIFTING:
            words = DRIFTING_WORDS
        else:
            words = kind
        text = f"{words}: effect {_fmt(row['effect'], info)} ({interval})"
    if caveats:
        text += "; " + "; ".join(caveats)
    row["verdict"], row["verdict_text"], row["caveats"] = kind, text, "; ".join(caveats)
    row.pop("family", None)
    return row


def _rounded(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    decimals = out["metric"].map(lambda m: METRICS[m].decimals)
    for column in ("program_change", "comparison_change", "effect", "ci_low", "ci_high",
                   "program_baseline", "program_post", "comparison_baseline", "comparison_post",
                   "pretrend_effect", "pretrend_low", "pretrend_high", "drift_bound"):
        out[column] = [round_half_away(v, d) if pd.notna(v) else np.nan
                       for v, d in zip(out[column].astype("float64"), decimals, strict=True)]
        out[column] = out[column].astype("float64")
    for column, places in (("df", 1), ("p_value", 4), ("p_adjusted", 4)):
        out[column] = [round_half_away(v, places) if pd.notna(v) else np.nan for v in out[column].astype("float64")]
        out[column] = out[column].astype("float64")
    for column in ("n_program", "n_comparison", "baseline_months"):
        out[column] = out[column].astype("int64")
    out["some_excluded"] = out["some_excluded"].astype(bool)
    return out


def measured_leaders(con: duckdb.DuckDBPyConnection, filters: Filters) -> dict[str, list[str]]:
    """Per metric: the program leaders the estimate rests on (both windows measured, kept by
    the privacy rule, in a wave with comparison leaders) — the teams an ROI may credit."""
    windows, program, comparison = design(con, filters)
    per_leader = _leader_windows(con, filters, windows, program, comparison)
    data = per_leader[per_leader["usable"]]
    out: dict[str, list[str]] = {}
    for metric, part in data.groupby("metric"):
        compared = set(part.loc[part["arm"] == "comparison", "wave"])
        chosen = part[(part["arm"] == "program") & part["wave"].isin(compared)]
        out[str(metric)] = sorted(chosen["leader_id"].unique())
    return out


TREND_COLUMNS = ["metric", "wave", "arm", "period", "value", "n_leaders", "trend_per_month", "suppressed",
                 "label", "unit", "higher_is_better", "baseline_to"]


def baseline_trend(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """One row per impact metric × wave × arm × baseline month: the mean of the leaders' values
    that month, over the leaders the impact estimate uses (the cells the parallel-trends check
    reads), and each arm's trend per month over the baseline (least squares on the months).
    A month in which one of those leaders' cells is below k is hidden (``suppressed``); the
    trend runs through the months shown."""
    windows, program, comparison = design(con, filters)
    per_leader = _leader_windows(con, filters, windows, program, comparison)
    data = per_leader[per_leader["usable"]]
    compared = data[data["arm"] == "comparison"][["metric", "wave"]].drop_duplicates()
    used = data.merge(compared, on=["metric", "wave"])[["metric", "wave", "arm", "leader_id"]].drop_duplicates()
    months = _leader_months(con, filters, windows, program, comparison)
    cells = months[months["window"] == "baseline"].merge(used, on=["metric", "wave", "arm", "leader_id"])
    # an arm-month is shown only when none of its leaders' cells is hidden: a mean over the
    # visible leaders alone would leave a hidden remainder to subtract
    frame = (cells.assign(shown=cells["value"].where(cells["visible"]))
             .groupby(["metric", "wave", "arm", "period"])
             .agg(value=("shown", "mean"), n_leaders=("leader_id", "nunique"), visible=("visible", "all"))
             .reset_index())
    frame["suppressed"] = ~frame["visible"].astype(bool)
    frame.loc[frame["suppressed"], "value"] = np.nan
    frame["month"] = frame["period"].map(_month_number).astype("float64")
    shown = frame[~frame["suppressed"]]
    slopes = {key: _slope(part["month"], part["value"]) for key, part in shown.groupby(["metric", "wave", "arm"])}
    frame["trend_per_month"] = [slopes.get(key, math.nan) for key in
                                zip(frame["metric"], frame["wave"], frame["arm"], strict=True)]
    info = frame["metric"].map(METRICS.__getitem__)
    frame["label"] = info.map(lambda m: m.label)
    frame["unit"] = frame["metric"].map(lambda m: _unit(per_leader, str(m)))
    frame["higher_is_better"] = info.map(lambda m: m.higher_is_better)
    frame["baseline_to"] = frame["wave"].map(lambda w: windows[int(w)].baseline_to)
    order = {m: i for i, m in enumerate(IMPACT_METRICS)}
    frame = frame.sort_values(["metric", "wave", "arm", "period"], key=lambda c: c.map(order) if c.name == "metric"
                              else c, ascending=[True, True, False, True])
    decimals = frame["metric"].map(lambda m: METRICS[m].decimals)
    for column in ("value", "trend_per_month"):
        frame[column] = [round_half_away(v, d) if pd.notna(v) else np.nan
                         for v, d in zip(frame[column], decimals, strict=True)]
    frame["wave"] = frame["wave"].astype("int64")
    frame["n_leaders"] = frame["n_leaders"].astype("int64")
    return frame.reset_index(drop=True).reindex(columns=TREND_COLUMNS)


def _slope(months: pd.Series, values: pd.Series) -> float:
    """The least-squares change per month (NaN with fewer than two months)."""
    if len(months) < 2:
        return math.nan
    x = months.to_numpy(dtype="float64")
    y = values.to_numpy(dtype="float64")
    centred = x - x.mean()
    return float((centred * (y - y.mean())).sum() / (centred**2).sum())
