"""Impact: difference-in-differences between program and comparison leaders, with a
percentile bootstrap over leaders and a verdict in words.

For each leader: baseline = the metric over the months before their wave's first module
start; post = over the months after the month its last module ends (both overridable).
change = post − baseline; program_change and comparison_change are means over the leaders
of each arm with both windows; effect = program_change − comparison_change. Cohorts whose
training periods overlap form one wave; when several waves are selected, each wave is
compared with the comparison leaders over its own months and the waves are pooled,
weighted by their program leaders.

Privacy: each leader's windows pool only cells visible on their own at k — survey answers of
leader × month × question cells with k respondents, business outcomes of cohort-months of k
or more people (``impact_leader_period`` in SQL, before the months are pooled) — so the arm
means never contain a team or a month too small to show on its own, and two windows never
differ by a hidden month. ``some_excluded`` says that a small group was left out, never
which one or how many.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import duckdb
import numpy as np
import pandas as pd

from dashboard.kpi.engine import mart
from dashboard.kpi.filters import Filters
from dashboard.kpi.registry import IMPACT_METRICS, METRICS, Metric
from dashboard.kpi.rounding import round_half_away

RESAMPLES = 2000
SEED = 20260301
MIN_LEADERS = 3
# The verdict's words: a row's ``verdict`` is one of these, followed by NOT_ISOLATED when the
# measure has no comparison arm (its ``isolated`` column is false).
IMPROVED, WORSENED, NO_CLEAR_CHANGE, NOT_ENOUGH_DATA = (
    "improved", "worsened", "no clear change", "not enough data")
VERDICTS = (IMPROVED, WORSENED, NO_CLEAR_CHANGE, NOT_ENOUGH_DATA)
NOT_ISOLATED = " (not isolated)"
COLUMNS = ["metric", "program_change", "comparison_change", "effect", "ci_low", "ci_high",
           "n_program", "n_comparison", "verdict", "verdict_text", "label", "unit",
           "higher_is_better", "program_baseline", "program_post", "comparison_baseline",
           "comparison_post", "some_excluded", "isolated", "baseline_to", "post_from"]
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
    """One row per impact metric (see ``registry.IMPACT_METRICS``)."""
    windows, program, comparison = design(con, filters)
    per_leader = _leader_windows(con, filters, windows, program, comparison)
    resampler = Resampler(per_leader[per_leader["usable"]])
    rows = [_metric_row(metric, per_leader, windows, filters, resampler)
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
    """Per metric × wave × arm × leader: baseline, post and change; DuckDB pools the months.

    Every window pools visible cells only; leaders lacking either window drop out.
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


def _metric_row(metric: str, per_leader: pd.DataFrame, windows: dict[int, Window],
                filters: Filters, resampler: Resampler) -> Row:
    data = per_leader[per_leader["metric"] == metric]
    excluded = bool(data["excluded"].any())
    data = data[data["usable"]]
    prog = _by_wave(data[data["arm"] == "program"])
    comp = _by_wave(data[data["arm"] == "comparison"])
    weights = {w: len(part) for w, part in prog.items() if w in comp and len(comp[w])}
    row = _empty_row(metric, filters, windows)
    row.update(some_excluded=excluded, isolated=True,
               n_program=int(sum(weights.values())) if weights else int(sum(len(p) for p in prog.values())),
               n_comparison=int(data.loc[(data["arm"] == "comparison") & data["wave"].isin(list(weights) or list(comp)),
                                         "leader_id"].nunique()))
    if not weights:
        return _with_verdict(row, metric, filters.level)
    total = float(sum(weights.values()))

    def pooled(frames: dict[int, pd.DataFrame], column: str) -> float:
        return sum(weights[w] * float(frames[w][column].mean()) for w in weights) / total

    row.update(
        program_change=pooled(prog, "change"), comparison_change=pooled(comp, "change"),
        program_baseline=pooled(prog, "value_base"), program_post=pooled(prog, "value_post"),
        comparison_baseline=pooled(comp, "value_base"), comparison_post=pooled(comp, "value_post"),
    )
    row["effect"] = row["program_change"] - row["comparison_change"]
    row["ci_low"], row["ci_high"] = resampler.interval(prog, comp, weights, filters.level)
    return _with_verdict(row, metric, filters.level)


def _by_wave(frame: pd.DataFrame) -> dict[int, pd.DataFrame]:
    """The frame's rows per wave, keyed by the wave's number."""
    return {int(wave): part for wave, part in frame.groupby(frame["wave"])}


def _resample_weights(rng: np.random.Generator, n: int) -> np.ndarray:
    """How often each of ``n`` leaders is drawn in each of the resamples (rows sum to n)."""
    draws = rng.integers(0, n, size=(RESAMPLES, n))
    offsets = (np.arange(RESAMPLES) * n)[:, None]
    return np.bincount((draws + offsets).ravel(), minlength=RESAMPLES * n).reshape(RESAMPLES, n)


class Resampler:
    """The bootstrap's resamples, drawn once per impact table and shared by every metric:
    each resample draws program leaders with replacement within their wave, and comparison
    leaders once (then measured over each wave's months). A metric a leader has no data for
    simply leaves that leader out of the resample's mean. Means are weight-matrix products."""

    def __init__(self, per_leader: pd.DataFrame) -> None:
        rng = np.random.default_rng(SEED)
        program = per_leader[per_leader["arm"] == "program"]
        self.program_leaders = {w: sorted(part["leader_id"].unique()) for w, part in _by_wave(program).items()}
        self.program_weights = {w: _resample_weights(rng, len(ids)).astype("float64")
                                for w, ids in sorted(self.program_leaders.items())}
        self.comparison_leaders = sorted(per_leader.loc[per_leader["arm"] == "comparison", "leader_id"].unique())
        self.comparison_weights = _resample_weights(rng, len(self.comparison_leaders)).astype("float64")

    @staticmethod
    def _means(weights: np.ndarray, changes: pd.Series, leaders: list[str]) -> np.ndarray:
        by_leader = changes.reindex(leaders)
        present = by_leader.notna().to_numpy(dtype="float64")
        counts = weights @ present
        sums = weights @ by_leader.fillna(0.0).to_numpy(dtype="float64")
        fallback = float(np.nanmean(by_leader.to_numpy(dtype="float64")))
        return np.where(counts > 0, sums / np.maximum(counts, 1), fallback)

    def interval(self, program: dict[int, pd.DataFrame], comparison: dict[int, pd.DataFrame],
                 weights: dict[int, int], level: float) -> tuple[float, float]:
        """Percentile interval of the pooled effect over the waves with both arms."""
        total = float(sum(weights.values()))
        effects = np.zeros(RESAMPLES)
        for wave in sorted(weights):
            program_means = self._means(self.program_weights[wave],
                                        program[wave].set_index("leader_id")["change"],
                                        self.program_leaders[wave])
            comparison_means = self._means(self.comparison_weights,
                                           comparison[wave].set_index("leader_id")["change"],
                                           self.comparison_leaders)
            effects += weights[wave] / total * (program_means - comparison_means)
        tail = (1 - level) / 2 * 100
        low, high = np.percentile(effects, [tail, 100 - tail])
        return float(low), float(high)


def _rubric_row(changes: pd.DataFrame, program: dict[str, int], filters: Filters) -> Row:
    """Rubric has no comparison arm: the effect is the program change, not isolated."""
    # leaders in a fixed order, so the seeded bootstrap draws the same leaders every time
    data = changes[changes["cohort"].isin(program)].sort_values(["cohort", "leader_id"])
    row = _empty_row("rubric_level", filters, {})
    row.update(n_program=len(data), n_comparison=0, some_excluded=False, isolated=False)
    if len(data):
        diffs = (data["post"] - data["baseline"]).to_numpy(dtype="float64")
        row.update(program_change=float(diffs.mean()), effect=float(diffs.mean()),
                   program_baseline=float(data["baseline"].mean()), program_post=float(data["post"].mean()))
        rng = np.random.default_rng(SEED + IMPACT_METRICS.index("rubric_level"))
        means = _resample_weights(rng, len(diffs)) @ diffs / len(diffs)
        tail = (1 - filters.level) / 2 * 100
        low, high = np.percentile(means, [tail, 100 - tail])
        row.update(ci_low=float(low), ci_high=float(high))
    return _with_verdict(row, "rubric_level", filters.level)


def _empty_row(metric: str, filters: Filters, windows: dict[int, Window]) -> Row:
    info = METRICS[metric]
    row: Row = dict.fromkeys(COLUMNS, np.nan)
    row.update(metric=metric, label=info.label, unit=info.unit_label,
               higher_is_better=info.higher_is_better, n_program=0, n_comparison=0)
    if windows:
        first = windows[min(windows)]
        row.update(baseline_to=first.baseline_to, post_from=first.post_from)
    else:
        row.update(baseline_to=filters.baseline_to or None, post_from=filters.post_from or None)
    return row


def _with_verdict(row: Row, metric: str, level: float) -> Row:
    """The verdict and a sentence a stakeholder can read."""
    info = METRICS[metric]
    n_program, n_comparison = int(row["n_program"]), int(row["n_comparison"])
    isolated = bool(row["isolated"])
    low, high, effect = row["ci_low"], row["ci_high"], row["effect"]
    if n_program < MIN_LEADERS or (isolated and n_comparison < MIN_LEADERS) or pd.isna(effect):
        row["verdict"] = NOT_ENOUGH_DATA
        who = f"{n_program} program" + (f" and {n_comparison} comparison" if isolated else "")
        row["verdict_text"] = (f"not enough data: {who} leader(s) with both a baseline and a "
                               f"follow-up; at least {MIN_LEADERS} per arm are needed")
        return row
    if low > 0 or high < 0:
        better = (low > 0) == info.higher_is_better
        verdict = IMPROVED if better else WORSENED
    else:
        verdict = NO_CLEAR_CHANGE
    interval = f"{_fmt(low, info)} to {_fmt(high, info)}"
    if verdict == NO_CLEAR_CHANGE:
        text = (f"no clear change — can't distinguish from noise: the {100 * level:g}% "
                f"interval ({interval}) includes zero")
        if n_program < 10:
            text += f"; too few leaders to tell ({n_program} in the program)"
    else:
        text = f"{verdict}: effect {_fmt(effect, info)} ({interval})"
    if not isolated:
        verdict += NOT_ISOLATED
        text += "; not isolated — there is no comparison cohort for this measure"
    row["verdict"], row["verdict_text"] = verdict, text
    return row


def _fmt(value: float, info: Metric) -> str:
    return f"{round_half_away(value, info.decimals):+.{info.decimals}f}"


def _rounded(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    decimals = out["metric"].map(lambda m: METRICS[m].decimals)
    for column in ("program_change", "comparison_change", "effect", "ci_low", "ci_high",
                   "program_baseline", "program_post", "comparison_baseline", "comparison_post"):
        out[column] = [round_half_away(v, d) if pd.notna(v) else np.nan
                       for v, d in zip(out[column].astype("float64"), decimals, strict=True)]
        out[column] = out[column].astype("float64")
    for column in ("n_program", "n_comparison"):
        out[column] = out[column].astype("int64")
    out["some_excluded"] = out["some_excluded"].astype(bool)
    return out
