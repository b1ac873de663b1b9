"""Impact: difference-in-differences between program and comparison leaders, with a
percentile bootstrap over leaders and a verdict in words.

For each leader: baseline = the metric over the months before their wave's first module
start; post = over the months after the month its last module ends (both overridable).
change = post − baseline; program_change and comparison_change are means over the leaders
of each arm with both windows; effect = program_change − comparison_change. Cohorts whose
training periods overlap form one wave; when several waves are selected, each wave is
compared with the comparison leaders over its own months and the waves are pooled,
weighted by their program leaders.

Privacy: a leader enters a survey metric only when some month of each window had at least
k respondents, so the arm means never contain a team too small to show on its own.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd

from dashboard.kpi.engine import mart
from dashboard.kpi.filters import Filters
from dashboard.kpi.registry import IMPACT_METRICS, METRICS
from dashboard.kpi.rounding import round_half_away

RESAMPLES = 2000
SEED = 20260301
MIN_LEADERS = 3
SURVEY_METRICS = ("pulse_mean", "favourable_pct", "enps")
COLUMNS = ["metric", "program_change", "comparison_change", "effect", "ci_low", "ci_high",
           "n_program", "n_comparison", "verdict", "verdict_text", "label", "unit",
           "higher_is_better", "program_baseline", "program_post", "comparison_baseline",
           "comparison_post", "n_excluded", "isolated", "baseline_to", "post_from"]


@dataclass(frozen=True)
class Window:
    """The months one wave is measured over."""

    wave: int
    baseline_to: str
    post_from: str


def impact(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """One row per impact metric (see ``registry.IMPACT_METRICS``)."""
    windows, program, comparison = design(con, filters)
    leader_period = mart(con, "impact_leader_period", filters)
    rows = [_metric_row(metric, leader_period, windows, program, comparison, filters)
            for metric in IMPACT_METRICS if metric != "rubric_level"]
    rows.append(_rubric_row(mart(con, "rubric_leader_change", filters), program, filters))
    frame = pd.DataFrame(rows, columns=COLUMNS)
    return _rounded(frame)


def design(con: duckdb.DuckDBPyConnection, filters: Filters) -> tuple[dict[int, Window], dict[str, int], list[str]]:
    """Windows per wave, program cohorts with their wave, and comparison cohorts in scope."""
    cohorts = mart(con, "cohort_waves", filters)
    if filters.cohorts:
        cohorts = cohorts[cohorts["cohort"].isin(filters.cohorts)]
    program: dict[str, int] = {}
    for row in cohorts.itertuples():
        if row.arm != "program" or pd.isna(row.wave):
            continue
        if filters.modules and not set(filters.modules) & set(row.modules):
            continue
        program[row.cohort] = int(row.wave)
    comparison = sorted(cohorts.loc[cohorts["arm"] == "comparison", "cohort"])
    windows = {}
    for row in mart(con, "waves", filters).itertuples():
        wave = int(row.wave)
        if wave in program.values():
            windows[wave] = Window(wave, filters.baseline_to or row.baseline_to,
                                   filters.post_from or row.post_from)
    return windows, program, comparison


def _leader_changes(rows: pd.DataFrame, window: Window, k: int | None) -> pd.DataFrame:
    """Baseline, post and change per leader for one window; leaders lacking a window drop out.

    ``k`` (survey metrics) drops leaders whose windows never reached k respondents in a month.
    """
    base = rows[rows["period"] <= window.baseline_to]
    post = rows[rows["period"] >= window.post_from]

    def pooled(part: pd.DataFrame) -> pd.DataFrame:
        grouped = part.groupby("leader_id").agg(num=("num", "sum"), den=("den", "sum"), n=("n", "max"))
        grouped["value"] = grouped["num"] / grouped["den"]
        return grouped

    b, p = pooled(base), pooled(post)
    joined = b[["value", "n"]].merge(p[["value", "n"]], left_index=True, right_index=True,
                                     suffixes=("_base", "_post"))
    joined = joined[np.isfinite(joined["value_base"]) & np.isfinite(joined["value_post"])]
    excluded = 0
    if k is not None:
        small = (joined["n_base"].fillna(0) < k) | (joined["n_post"].fillna(0) < k)
        excluded = int(small.sum())
        joined = joined[~small]
    joined["change"] = joined["value_post"] - joined["value_base"]
    joined.attrs["excluded"] = excluded
    return joined


def _metric_row(metric: str, leader_period: pd.DataFrame, windows: dict[int, Window],
                program: dict[str, int], comparison: list[str], filters: Filters) -> dict[str, object]:
    data = leader_period[leader_period["metric"] == metric]
    k = filters.min_group if metric in SURVEY_METRICS else None
    prog_changes: dict[int, pd.DataFrame] = {}
    comp_changes: dict[int, pd.DataFrame] = {}
    excluded = 0
    for wave, window in windows.items():
        cohorts = [c for c, w in program.items() if w == wave]
        prog_changes[wave] = _leader_changes(data[data["cohort"].isin(cohorts)], window, k)
        comp_changes[wave] = _leader_changes(data[data["cohort"].isin(comparison)], window, k)
        excluded += prog_changes[wave].attrs["excluded"] + comp_changes[wave].attrs["excluded"]
    weights = {w: len(df) for w, df in prog_changes.items() if len(df) and len(comp_changes[w])}
    n_program = sum(weights.values())
    comp_leaders = set().union(*(set(comp_changes[w].index) for w in weights)) if weights else set()
    row = _empty_row(metric, filters, windows)
    row.update(n_program=n_program, n_comparison=len(comp_leaders), n_excluded=excluded,
               isolated=True)
    if not weights:
        row.update(n_program=sum(len(df) for df in prog_changes.values()),
                   n_comparison=len(set().union(*(set(df.index) for df in comp_changes.values())))
                   if comp_changes else 0)
        return _with_verdict(row, metric, filters.level)
    total = float(n_program)

    def weighted(values: dict[int, float]) -> float:
        return sum(weights[w] * values[w] for w in weights) / total

    def mean_of(frames: dict[int, pd.DataFrame], column: str) -> float:
        return weighted({w: float(frames[w][column].mean()) for w in weights})

    row.update(
        program_change=mean_of(prog_changes, "change"),
        comparison_change=mean_of(comp_changes, "change"),
        program_baseline=mean_of(prog_changes, "value_base"),
        program_post=mean_of(prog_changes, "value_post"),
        comparison_baseline=mean_of(comp_changes, "value_base"),
        comparison_post=mean_of(comp_changes, "value_post"),
    )
    row["effect"] = row["program_change"] - row["comparison_change"]
    row["ci_low"], row["ci_high"] = _bootstrap(
        {w: prog_changes[w]["change"].to_numpy() for w in weights},
        {w: comp_changes[w]["change"] for w in weights}, weights, filters.level,
        seed=SEED + IMPACT_METRICS.index(metric))
    return _with_verdict(row, metric, filters.level)


def _bootstrap(program: dict[int, np.ndarray], comparison: dict[int, pd.Series],
               weights: dict[int, int], level: float, seed: int) -> tuple[float, float]:
    """Percentile interval of the effect, resampling leaders within each arm (and wave)."""
    rng = np.random.default_rng(seed)
    total = float(sum(weights.values()))
    effects = np.zeros(RESAMPLES)
    comp_leaders = sorted(set().union(*(set(s.index) for s in comparison.values())))
    draw = rng.integers(0, len(comp_leaders), size=(RESAMPLES, len(comp_leaders)))
    for wave, changes in program.items():
        picks = rng.integers(0, len(changes), size=(RESAMPLES, len(changes)))
        program_means = changes[picks].mean(axis=1)
        # comparison leaders lacking this wave's windows are NaN and skipped in the mean
        comp = comparison[wave].reindex(comp_leaders).to_numpy(dtype="float64")
        sampled = comp[draw]
        counts = np.isfinite(sampled).sum(axis=1)
        sums = np.nansum(sampled, axis=1)
        comp_means = np.where(counts > 0, sums / np.maximum(counts, 1), np.nanmean(comp))
        effects += weights[wave] / total * (program_means - comp_means)
    tail = (1 - level) / 2 * 100
    low, high = np.percentile(effects, [tail, 100 - tail])
    return float(low), float(high)


def _rubric_row(changes: pd.DataFrame, program: dict[str, int], filters: Filters) -> dict[str, object]:
    """Rubric has no comparison arm: the effect is the program change, not isolated."""
    # leaders in a fixed order, so the seeded bootstrap draws the same leaders every time
    data = changes[changes["cohort"].isin(program)].sort_values(["cohort", "leader_id"])
    row = _empty_row("rubric_level", filters, {})
    row.update(n_program=len(data), n_comparison=0, n_excluded=0, isolated=False)
    if len(data):
        diffs = (data["post"] - data["baseline"]).to_numpy(dtype="float64")
        row.update(program_change=float(diffs.mean()), effect=float(diffs.mean()),
                   program_baseline=float(data["baseline"].mean()), program_post=float(data["post"].mean()))
        rng = np.random.default_rng(SEED + IMPACT_METRICS.index("rubric_level"))
        means = diffs[rng.integers(0, len(diffs), size=(RESAMPLES, len(diffs)))].mean(axis=1)
        tail = (1 - filters.level) / 2 * 100
        low, high = np.percentile(means, [tail, 100 - tail])
        row.update(ci_low=float(low), ci_high=float(high))
    return _with_verdict(row, "rubric_level", filters.level)


def _empty_row(metric: str, filters: Filters, windows: dict[int, Window]) -> dict[str, object]:
    info = METRICS[metric]
    row: dict[str, object] = dict.fromkeys(COLUMNS, np.nan)
    row.update(metric=metric, label=info.label, unit=info.unit_label,
               higher_is_better=info.higher_is_better, n_program=0, n_comparison=0)
    if windows:
        first = windows[min(windows)]
        row.update(baseline_to=first.baseline_to, post_from=first.post_from)
    else:
        row.update(baseline_to=filters.baseline_to or None, post_from=filters.post_from or None)
    return row


def _with_verdict(row: dict[str, object], metric: str, level: float) -> dict[str, object]:
    """The verdict and a sentence a stakeholder can read."""
    info = METRICS[metric]
    n_program, n_comparison = int(row["n_program"]), int(row["n_comparison"])
    isolated = bool(row["isolated"])
    low, high, effect = row["ci_low"], row["ci_high"], row["effect"]
    if n_program < MIN_LEADERS or (isolated and n_comparison < MIN_LEADERS) or pd.isna(effect):
        row["verdict"] = "not enough data"
        who = f"{n_program} program" + (f" and {n_comparison} comparison" if isolated else "")
        row["verdict_text"] = (f"not enough data: {who} leader(s) with both a baseline and a "
                               f"follow-up; at least {MIN_LEADERS} per arm are needed")
        return row
    if low > 0 or high < 0:
        better = (low > 0) == info.higher_is_better
        verdict = "improved" if better else "worsened"
    else:
        verdict = "no clear change"
    interval = f"{_fmt(low, info)} to {_fmt(high, info)}"
    if verdict == "no clear change":
        text = (f"no clear change — can't distinguish from noise: the {100 * level:g}% "
                f"interval ({interval}) includes zero")
        if n_program < 10:
            text += f"; too few leaders to tell ({n_program} in the program)"
    else:
        text = f"{verdict}: effect {_fmt(effect, info)} ({interval})"
    if not isolated:
        verdict += " (not isolated)"
        text += "; not isolated — there is no comparison cohort for this measure"
    row["verdict"], row["verdict_text"] = verdict, text
    return row


def _fmt(value: float, info: object) -> str:
    decimals = info.decimals  # type: ignore[attr-defined]
    return f"{round_half_away(value, decimals):+.{decimals}f}"


def _rounded(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    decimals = out["metric"].map(lambda m: METRICS[m].decimals)
    for column in ("program_change", "comparison_change", "effect", "ci_low", "ci_high",
                   "program_baseline", "program_post", "comparison_baseline", "comparison_post"):
        out[column] = [round_half_away(v, d) if pd.notna(v) else np.nan
                       for v, d in zip(out[column].astype("float64"), decimals, strict=True)]
        out[column] = out[column].astype("float64")
    for column in ("n_program", "n_comparison", "n_excluded"):
        out[column] = out[column].astype("int64")
    return out
