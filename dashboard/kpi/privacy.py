"""Respondent anonymity, enforced once, on the way out of the KPI layer.

Rules (DESIGN.md §Privacy; README "Privacy" says them for an auditor):

- A **base cell** is leader × month × rater group × question version; its ``n`` is the distinct
  *eligible* respondents with an answer in it (where the roster lists members, only people on
  the roster). A cell of others' ratings is visible when ``n`` is at least ``k`` (k defaults to
  5 and may never be set below 3). Self ratings are the leader's own.
- **Every figure is built only from visible cells** — cohort cells, all-question means, windows,
  trends, targets, period summaries: the gated SQL sources in ``queries/staging``
  (``pulse_cells``, ``visible_answers``, ``hidden_cells``, ``impact_leader_period``,
  ``business_cells``) decide once which cells are visible and hand the marts only those. Two
  outputs can then only differ by visible cells, and a parent never holds a hidden remainder —
  so no complementary suppression is needed.
- A figure that left a hidden cell out says so (``some_excluded``: "some small groups are not
  included"), never how many or which.
- **No count below k** leaves the layer: a cell is hidden when any of its declared counts is
  below k; a hidden cell says "fewer than k responses", its values and counts empty, never 0.
- Comments need 10 (or the admin's higher ``comment_min_group``) respondents in visible cells.

Where each rule applies is declared, not coded: ``registry.PRIVACY`` says per KPI table which
gated source it reads, which columns are respondent-based, their counts and the rows subject to
k; ``gate`` applies it, called by ``kpi.compute`` alone. The cell-level question "may a cell of
n respondents be shown at k?" is ``visible`` here and the macro ``visible_at(n, k)`` in SQL
(``queries/privacy/00_visible_at.sql``); every place that judges a cell asks them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import overload

import numpy as np
import pandas as pd

from dashboard.kpi.registry import Privacy

DEFAULT_MIN_GROUP = 5
LOWEST_MIN_GROUP = 3
COMMENT_MIN_GROUP = 10
SOME_EXCLUDED = "some small groups are not included"
COUNTED_AS_RESPONSES = "counted as responses: the export has no respondent ids"


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


def few_answered_label(k: int) -> str:
    """What a hidden response count says instead of "2 of 6 answered"."""
    return f"fewer than {k} answered"


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


def apply(frame: pd.DataFrame, hidden: pd.Series, value_cols: Sequence[str],
          count_cols: Sequence[str] = (), flag: str = "suppressed") -> pd.DataFrame:
    """Blank the values (and the counts) of hidden cells and mark them in ``flag``
    (a new flag column sits right after the first count, beside what it is about; a flag that
    is already there keeps the cells it marked)."""
    out = frame.copy()
    mask = hidden.to_numpy()
    for col in value_cols:
        out[col] = out[col].astype("float64")
        out.loc[mask, col] = np.nan
    for col in count_cols:
        out[col] = out[col].astype("Int64")
        out.loc[mask, col] = pd.NA
    if flag in out:
        out[flag] = out[flag].to_numpy(dtype=bool) | mask
    elif not count_cols:
        out[flag] = mask
    else:
        out.insert(list(out.columns).index(count_cols[0]) + 1, flag, mask)
    return out


def gate(frame: pd.DataFrame, rule: Privacy, k: int) -> pd.DataFrame:
    """A KPI table with its declared cells (``registry.PRIVACY``) hidden below ``k``: a cell
    subject to k is hidden when its count, or any further count declared with it, is below
    ``k`` (no count below k is published). The table's "some small groups are not included"
    flags are plain booleans, and no count of what was left out leaves the layer."""
    out = frame
    for cell in rule.cells:
        subject = pd.Series(True, index=out.index)
        for column, chosen in cell.subject:
            subject &= out[column].isin(chosen)
        if cell.optional:
            subject &= out[cell.count].notna()
        hidden = pd.Series(False, index=out.index)
        for count in (cell.count, *cell.counts):
            hidden |= primary(out[count], k)
        out = apply(out, hidden & subject, cell.values, (cell.count, *cell.counts), cell.flag)
    for flag in rule.excluded:
        out[flag] = out[flag].astype("boolean").fillna(False).astype(bool)
    leaked = [c for c in out.columns if c.startswith("n_excluded")]
    if leaked:
        raise PrivacyError(f"a count of what was left out would leave the KPI layer: {leaked}")
    return out
