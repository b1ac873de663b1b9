"""Output rounding: percentages to one decimal, means to two (the KPI-engine contract).

Rounding happens once, as a table leaves the KPI layer, so pages, CLI and report agree.
Values are rounded half away from zero, as DuckDB's ``round`` does.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import overload

import numpy as np
import pandas as pd


@overload
def round_half_away(values: pd.Series, decimals: int) -> pd.Series: ...
@overload
def round_half_away(values: np.ndarray, decimals: int) -> np.ndarray: ...
@overload
def round_half_away(values: float, decimals: int) -> float: ...


def round_half_away(values: pd.Series | np.ndarray | float, decimals: int) -> pd.Series | np.ndarray | float:
    """Round half away from zero (2.345 -> 2.35), keeping NaN."""
    scale = 10.0 ** decimals
    if isinstance(values, float | int):  # one cell of a table: plain arithmetic, same result
        if math.isnan(values):
            return float("nan")
        return math.copysign(math.floor(abs(values) * scale + 0.5 + 1e-9) / scale, values) if values else 0.0
    arr = np.asarray(values, dtype="float64")
    rounded: np.ndarray = np.sign(arr) * np.floor(np.abs(arr) * scale + 0.5 + 1e-9) / scale
    if isinstance(values, pd.Series):
        return pd.Series(rounded, index=values.index, name=values.name)
    if np.ndim(values) == 0:
        return float(rounded)
    return rounded


def round_columns(frame: pd.DataFrame, decimals: Mapping[str, int]) -> pd.DataFrame:
    """A copy of ``frame`` with the named columns rounded."""
    out = frame.copy()
    for column, places in decimals.items():
        if column in out:
            out[column] = round_half_away(out[column].astype("float64"), places)
    return out.reset_index(drop=True)
