"""Small statistics helpers the KPI layer needs, without a SciPy dependency."""

from __future__ import annotations

import math
from statistics import NormalDist

import numpy as np
import pandas as pd


def t_quantile(probability: float, df: float) -> float:
    """Student's t quantile by the Cornish–Fisher expansion (Abramowitz & Stegun 26.7.5).

    Accurate to about 0.01 from 3 degrees of freedom up, which is all an interval band on
    a chart needs; below 3 the expansion is poor, so callers show no band there.
    """
    z = NormalDist().inv_cdf(probability)
    g1 = (z**3 + z) / 4
    g2 = (5 * z**5 + 16 * z**3 + 3 * z) / 96
    g3 = (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / 384
    g4 = (79 * z**9 + 776 * z**7 + 1482 * z**5 - 1920 * z**3 - 945 * z) / 92160
    return z + g1 / df + g2 / df**2 + g3 / df**3 + g4 / df**4


def mean_interval(mean: pd.Series, sd: pd.Series, count: pd.Series,
                  level: float) -> tuple[pd.Series, pd.Series]:
    """A t interval for each mean (mean ± t × sd ÷ √count); NaN with fewer than 4 values."""
    counts = pd.to_numeric(count, errors="coerce").astype("float64")
    usable = counts >= 4
    df = (counts - 1).where(usable)
    quantile = df.map(lambda d: t_quantile(1 - (1 - level) / 2, d) if not math.isnan(d) else np.nan)
    half: pd.Series = quantile * sd.astype("float64") / np.sqrt(counts.where(usable))
    return mean - half, mean + half
