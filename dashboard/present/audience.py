"""What each role sees of a read: the parts for HR only are taken out for other roles.

Self ratings belong to the leader and are shown to HR only; leader-level views and comments
are HR's too (the quarterly report, written for stakeholders, has none of them). A viewer
sees cohort-level numbers — the report's level of detail.

The reads listed in ``RULES`` therefore depend on who asks. The app caches them with the
role in the cache key and restricts them inside the cached function, so a result computed
for an analyst is never served to a viewer. Every other read is the same for everyone.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

from dashboard.present.access import can


def _nothing(result: Any) -> Any:
    """The same shape with no rows, so a page's code needs no special case."""
    if isinstance(result, pd.DataFrame):
        return result.iloc[0:0].copy()
    return type(result)()


def _without(column: str, value: str) -> Callable[[Any], Any]:
    def drop(frame: pd.DataFrame) -> pd.DataFrame:
        return frame[frame[column] != value].reset_index(drop=True)
    return drop


# read name (as the app names it) -> (permission needed to see it whole, what is left without)
RULES: dict[str, tuple[str, Callable[[Any], Any]]] = {
    "kpi:pulse_trend": ("view_leaders", _without("rater_group", "self")),
    "kpi:self_gap": ("view_leaders", _nothing),
    "rubric_leader_levels": ("view_leaders", _nothing),
    "rubric_agreement": ("view_leaders", _without("assessor_type", "self")),
    "comments": ("view_comments", _nothing),
    "hidden_comment_groups": ("view_comments", _nothing),
}


def depends_on_role(name: str) -> bool:
    """Whether the read ``name`` differs by role (then the role must be in its cache key)."""
    return name in RULES


def restrict(name: str, result: Any, role: str | None) -> Any:
    """``result`` as ``role`` may see it."""
    if name not in RULES:
        return result
    permission, remainder = RULES[name]
    return result if can(role, permission) else remainder(result)
