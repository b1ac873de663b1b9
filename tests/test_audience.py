"""What each role sees of the reads that differ by role."""

from __future__ import annotations

import pandas as pd

from dashboard.present.audience import depends_on_role, restrict


def test_viewers_lose_self_ratings_and_leader_detail_hr_keeps_them():
    trend = pd.DataFrame({"cohort": ["P", "P"], "rater_group": ["others", "self"]})
    assert restrict("kpi:pulse_trend", trend, "viewer")["rater_group"].tolist() == ["others"]
    assert restrict("kpi:pulse_trend", trend, "analyst").equals(trend)
    gap = pd.DataFrame({"leader_id": ["L1"], "self_score": [4.0]})
    hidden = restrict("kpi:self_gap", gap, "viewer")
    assert hidden.empty and list(hidden.columns) == ["leader_id", "self_score"]
    assert restrict("hidden_comment_groups", ["S"], "viewer") == []
    assert restrict("hidden_comment_groups", ["S"], "admin") == ["S"]
    assert restrict("comments", gap, None).empty  # nobody signed in: nothing


def test_only_the_listed_reads_depend_on_the_role():
    assert depends_on_role("comments") and depends_on_role("kpi:self_gap")
    assert not depends_on_role("kpi:enps")
    frame = pd.DataFrame({"x": [1]})
    assert restrict("kpi:enps", frame, "viewer") is frame
