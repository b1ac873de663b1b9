"""Respondent anonymity, enforced once, on the way out of the KPI layer.

Rules (DESIGN.md §Privacy):

- An aggregate of non-self ratings is shown only when at least ``k`` distinct respondents
  are in it (k defaults to 5 and may never be set below 3). Comments need 10 (or the
  admin's higher ``comment_min_group``).
- Complementary suppression: when a cell is hidden and its parent total is shown
  elsewhere (a leader's team inside the cohort's figure), enough siblings are hidden with
  it that "total minus the visible cells" only ever reveals a group of at least ``k``.
- Totals above the level of a hidden cell (arm-level figures, the impact estimate) leave
  the hidden group out, so no difference between two outputs isolates it.
- A hidden cell says "fewer than k responses"; its values and its ``n`` are empty, never 0.

Where each rule applies is declared, not coded: ``registry.PRIVACY`` says per KPI table
which columns are respondent-based, their count, their siblings and the rows subject to k;
``gate`` applies it, called by ``kpi.compute`` alone. The cell-level question "may a cell of
n respondents be shown at k?" is ``visible`` here and the macro ``visible_at(n, k)`` in SQL
(``queries/staging/00_macros_privacy.sql``); every place that pools cells asks them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import overload

import numpy as np
import pandas as pd

from dashboard.kpi.registry import Cells

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


@overload
def visible(n: pd.Series, k: int) -> pd.Series: ...
@overload
def visible(n: float | None, k: int) -> bool: ...
def visible(n: pd.Series | float | None, k: int) -> pd.Series | bool:
    """Whether a cell of ``n`` distinct respondents may be shown, or pooled, at ``k``: the
    one test every rule builds on (SQL: ``visible_at``). No count (None, NA) is no cell."""
    if isinstance(n, pd.Series):
        return n.fillna(0) >= k
    return n is not None and not pd.isna(n) and n >= k


def primary(n: pd.Series, k: int) -> pd.Series:
    """Cells whose own group is too small."""
    return ~visible(n, k)


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
          count_cols: Sequence[str] = (), flag: str = "suppressed") -> pd.DataFrame:
    """Blank the values (and the counts) of hidden cells and mark them in ``flag``
    (a new flag column sits right after the first count, beside what it is about)."""
    out = frame.copy()
    mask = hidden.to_numpy()
    for col in value_cols:
        out[col] = out[col].astype("float64")
        out.loc[mask, col] = np.nan
    for col in count_cols:
        out[col] = out[col].astype("Int64")
        out.loc[mask, col] = pd.NA
    if flag in out or not count_cols:
        out[flag] = mask
    else:
        out.insert(list(out.columns).index(count_cols[0]) + 1, flag, mask)
    return out


def gate(frame: pd.DataFrame, cells: Sequence[Cells], k: int) -> pd.DataFrame:
    """A KPI table with its declared respondent-based cells (``registry.PRIVACY``) hidden
    below ``k``: primary suppression on each cell's count (and its smallest pooled part),
    for the rows subject to k, then complementary suppression among its siblings."""
    out = frame
    for cell in cells:
        subject = pd.Series(True, index=out.index)
        for column, chosen in cell.subject:
            subject &= out[column].isin(chosen)
        if cell.optional:
            subject &= out[cell.count].notna()
        hidden = primary(out[cell.count], k)
        if cell.smallest_part:
            hidden |= primary(out[cell.smallest_part], k)
        hidden &= subject
        if cell.siblings is not None:
            hidden = complementary(out, hidden, cell.count, cell.siblings, k)
        out = apply(out, hidden, cell.values, (cell.count, *cell.counts), cell.flag)
    parts = [cell.smallest_part for cell in cells if cell.smallest_part]
    return out.drop(columns=parts) if parts else out
