"""The statistics the KPI layer needs, from SciPy and statsmodels (no hand-written quantile).

- :func:`t_quantile`, :func:`mean_interval`: Student's t, for the pulse trend's bands.
- :func:`welch`: the impact estimate. Leader-level change scores, effect = difference of the
  arms' means, a Welch t interval with Satterthwaite degrees of freedom. Several waves are
  pooled as a weighted sum of per-wave Welch contrasts; the comparison leaders are shared by
  every wave (measured over each wave's months), so their part of the variance is taken per
  leader (each leader's weighted deviations summed over the waves, then squared), which keeps
  it right when a comparison leader appears in several waves. With one wave this is exactly
  ``scipy.stats.ttest_ind(..., equal_var=False)``.
- :func:`one_sample`: a t interval of a mean change (the rubric, which has no comparison arm).
- :func:`holm`: Holm's step-down adjustment of p-values (the exploratory metrics).

A validity study of these choices on pilots of known truth is ``bench/impact_validity.py``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
import pandas as pd


@cache
def _t() -> Any:
    """SciPy's Student t, imported on first use: importing scipy.stats takes about a second,
    which a process that only reads kept tables (a second report, a page) need not pay."""
    from scipy import stats as scipy_stats

    return scipy_stats.t


def t_quantile(probability: float, df: float) -> float:
    """Student's t quantile (SciPy)."""
    return float(_t().ppf(probability, df))


def mean_interval(mean: pd.Series, sd: pd.Series, count: pd.Series,
                  level: float) -> tuple[pd.Series, pd.Series]:
    """A t interval for each mean (mean ± t × sd ÷ √count); NaN with fewer than 4 values."""
    counts = pd.to_numeric(count, errors="coerce").astype("float64")
    usable = counts >= 4
    df = (counts - 1).where(usable)
    quantile = pd.Series(_t().ppf(1 - (1 - level) / 2, df.to_numpy(dtype="float64")),
                         index=df.index)
    half: pd.Series = quantile * sd.astype("float64") / np.sqrt(counts.where(usable))
    return mean - half, mean + half


@dataclass(frozen=True)
class Estimate:
    """A difference (or a mean) with its t interval."""

    effect: float
    se: float
    df: float
    low: float
    high: float
    p_value: float

    @property
    def excludes_zero(self) -> bool:
        return self.low > 0 or self.high < 0


NO_ESTIMATE = Estimate(math.nan, math.nan, math.nan, math.nan, math.nan, math.nan)


@dataclass(frozen=True)
class Wave:
    """One wave's change scores: its program leaders', and the comparison leaders' over the
    wave's months (keyed by leader, so a leader measured in several waves is one leader)."""

    weight: float
    program: Sequence[float]
    comparison: Mapping[str, float]


def _t_estimate(effect: float, variance: float, df: float, level: float) -> Estimate:
    """The interval and two-sided p-value of ``effect`` with this variance and df."""
    se = math.sqrt(variance)
    if se == 0:
        # every leader changed by the same amount: no spread to make an interval from
        return Estimate(effect, 0.0, df, effect, effect, 1.0 if effect == 0 else 0.0)
    half = float(_t().ppf(1 - (1 - level) / 2, df)) * se
    p_value = float(2 * _t().sf(abs(effect) / se, df))
    return Estimate(effect, se, df, effect - half, effect + half, p_value)


def welch(waves: Sequence[Wave], level: float) -> Estimate:
    """Σ weight × (program mean − comparison mean) over the waves, with a Welch–Satterthwaite
    t interval (weights are normalised to sum to one).

    Variance parts: each wave's program mean (weight² × s² ÷ n, df n − 1) and the comparison
    leaders together (df = leaders − 1). No estimate when a part has fewer than two leaders.
    """
    total = sum(w.weight for w in waves)
    if not waves or total <= 0:
        return NO_ESTIMATE
    parts: list[tuple[float, float]] = []  # (variance, df)
    effect = 0.0
    deviations: dict[str, float] = {}  # comparison leader -> its weighted deviations, summed
    for wave in waves:
        share = wave.weight / total
        program = np.asarray(wave.program, dtype="float64")
        comparison = np.asarray(list(wave.comparison.values()), dtype="float64")
        if len(program) < 2 or len(comparison) < 2:
            return NO_ESTIMATE
        effect += share * (program.mean() - comparison.mean())
        parts.append((share**2 * program.var(ddof=1) / len(program), len(program) - 1))
        centre = comparison.mean()
        for leader, change in wave.comparison.items():
            deviations[leader] = deviations.get(leader, 0.0) + share * (change - centre) / len(comparison)
    n = len(deviations)
    # the sum of squared per-leader deviations, scaled by n ÷ (n − 1): with one wave, s² ÷ n
    parts.append((n / (n - 1) * sum(d**2 for d in deviations.values()), n - 1))
    variance = sum(v for v, _ in parts)
    if variance == 0:
        return _t_estimate(effect, 0.0, float(sum(df for _, df in parts)), level)
    df = variance**2 / sum(v**2 / d for v, d in parts if v > 0)
    return _t_estimate(effect, variance, df, level)


def one_sample(changes: Sequence[float], level: float) -> Estimate:
    """The mean change with a one-sample t interval (df = n − 1); none below two values."""
    values = np.asarray(changes, dtype="float64")
    if len(values) < 2:
        return NO_ESTIMATE
    return _t_estimate(float(values.mean()), float(values.var(ddof=1)) / len(values),
                       float(len(values) - 1), level)


def holm(p_values: Sequence[float]) -> list[float]:
    """Holm-adjusted p-values, in the same order (statsmodels ``multipletests``)."""
    if not len(p_values):
        return []
    from statsmodels.stats.multitest import multipletests  # on first use, as SciPy (it imports it)

    adjusted = multipletests(list(p_values), method="holm")[1]
    return [float(p) for p in adjusted]
