"""Respondent anonymity, enforced once, on the way out of the KPI layer.

Rules (DESIGN.md §Privacy):

- An aggregate of non-self ratings is shown only when at least ``k`` distinct respondents
  are in it (k defaults to 5 and may never be set below 3). Comments need 10.
- Complementary suppression: when a cell is hidden and its parent total is shown
  elsewhere (a leader's team inside the cohort's figure), enough siblings are hidden with
  it that "total minus the visible cells" only ever reveals a group of at least ``k``.
- Totals above the level of a hidden cell (arm-level figures, the impact estimate) leave
  the hidden group out, so no difference between two outputs isolates it.
- A hidden cell says "fewer than k responses"; its values and its ``n`` are empty, never 0.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

DEFAULT_MIN_GROUP = 5
LOWEST_MIN_GROUP = 3
COMMENT_MIN_GROUP = 10


class PrivacyError(ValueError):
    """A request that would weaken anonymity below the floor."""


def check_min_group(k: int | None) -> int:
    """The minimum group size to use; refuses values below the floor."""
    if k is None:
        return DEFAULT_MIN_GROUP
    if k < LOWEST_MIN_GROUP:
        raise PrivacyError(
            f"minimum group size {k} is below the allowed floor of {LOWEST_MIN_GROUP}")
    return int(k)


def suppressed_label(k: int) -> str:
    """What a hidden cell says instead of a number."""
    return f"fewer than {k} responses"


def primary(n: pd.Series, k: int) -> pd.Series:
    """Cells whose own group is too small."""
    return n.fillna(0) < k


def complementary(frame: pd.DataFrame, hidden: pd.Series, n_col: str,
                  sibling_cols: Sequence[str], k: int) -> pd.Series:
    """Widen ``hidden`` so that, within each group of siblings sharing ``sibling_cols``,
    the hidden cells are either none, or at least two that together hold ``k`` or more
    respondents — then the parent total minus the visible siblings reveals no small group.

    The smallest visible siblings are hidden first (they cost the least information).
    A group whose hidden cells cannot reach ``k`` even with every sibling hidden ends with
    every sibling hidden.
    """
    hidden = hidden.copy()
    if frame.empty:
        return hidden
    keys = list(sibling_cols)
    grouped = frame.groupby(keys, dropna=False, sort=False).indices if keys else {(): np.arange(len(frame))}
    n = frame[n_col].fillna(0).to_numpy()
    flags = hidden.to_numpy().copy()
    for positions in grouped.values():
        positions = np.asarray(positions)
        while True:
            group_hidden = positions[flags[positions]]
            if len(group_hidden) == 0:
                break
            if len(group_hidden) >= 2 and n[group_hidden].sum() >= k:
                break
            visible = positions[~flags[positions]]
            if len(visible) == 0:
                break
            flags[visible[np.argmin(n[visible])]] = True
    return pd.Series(flags, index=hidden.index)


def apply(frame: pd.DataFrame, hidden: pd.Series, value_cols: Sequence[str],
          count_cols: Sequence[str] = ()) -> pd.DataFrame:
    """Blank the values (and the counts) of hidden cells and mark them ``suppressed``."""
    out = frame.copy()
    mask = hidden.to_numpy()
    for col in value_cols:
        out[col] = out[col].astype("float64")
        out.loc[mask, col] = np.nan
    for col in count_cols:
        out[col] = out[col].astype("Int64")
        out.loc[mask, col] = pd.NA
    out["suppressed"] = mask
    return out
