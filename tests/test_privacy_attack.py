"""Property: an attacker with every output the project gives cannot recover a hidden group.

Random small pilots (2–3 cohorts, 1–4 leaders each, teams of 0–8, 2–4 months, a 5-point and a
0–10 question, peers shared between leaders, a few respondents who are not on the roster),
k from 3 to 6. For each, many outputs over filter combinations — cohort subsets, month ranges,
impact windows, the module, the arm, the rater group — through the real KPI functions
(``kpi.compute``, the Overview's trends, the comments, the measurement calendar). Then:

1. **Subtract**: every published value, and every difference of two values of the same kind
   (counts; sums = mean × count; means and shares of the difference) is compared with each
   hidden group's true count, sum, mean and shares, computed from the CSV rows themselves
   (``tests/privacy_pilots.py``) — in this pilot *and* in one where every hidden group was
   changed. A value that matches in both is a recovery.
2. **Cannot tell**: in the changed pilot every output is identical, cell for cell. Nothing hidden
   moves anything shown, so no combination of outputs, however clever, reveals it.

Hypothesis runs the fixed profile (``tests/conftest.py``); bounded to about a minute.
"""

from __future__ import annotations

import itertools
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.kpi import Filters
from tests.privacy_pilots import Hidden, Pilot, Response, differences, outputs

ALL_MONTHS = ["2026-01", "2026-02", "2026-03", "2026-04"]


@st.composite
def pilots(draw) -> tuple[Pilot, int, list[Filters]]:
    months = ALL_MONTHS[: draw(st.integers(2, 4))]
    n_cohorts = draw(st.integers(2, 3))
    cohorts = {f"K{c}": ("comparison" if c == n_cohorts - 1 else "program") for c in range(n_cohorts)}
    leaders, members, spares = {}, {}, {}
    for cohort in cohorts:
        for index in range(draw(st.integers(1, 4))):
            leader = f"{cohort}L{index}"
            leaders[leader] = cohort
            members[leader] = [f"{leader}-{i}" for i in range(draw(st.integers(0, 8)))]
            spares[leader] = f"{leader}-spare"
    pilot = Pilot(months, cohorts, leaders, members, module_month=months[1] if len(months) > 2 else None,
                  spares=spares)
    number = itertools.count(1)
    for leader, cohort in leaders.items():
        peers = [m for other, team in members.items() if leaders[other] == cohort and other != leader
                 for m in team[:3]]  # the same few peers rate every leader of the cohort
        for month in months:
            raters = [(m, "direct_report") for m in members[leader]]
            raters += [(p, "peer") for p in peers if draw(st.booleans())]
            raters += [(f"{cohort}-ghost{g}", "direct_report") for g in range(draw(st.integers(0, 2)))]
            if draw(st.booleans()):
                raters.append((leader, "self"))
            for respondent, rater in raters:
                scores = {"q1": draw(st.one_of(st.none(), st.integers(1, 5))),
                          "rec": draw(st.one_of(st.none(), st.integers(0, 10)))}
                scores = {q: s for q, s in scores.items() if s is not None}
                if not scores:
                    continue
                rid = f"R{next(number)}"
                comment = f"comment {rid}" if rater != "self" and draw(st.booleans()) else None
                pilot.responses.append(Response(rid, leader, month, rater, respondent, scores, comment))
    k = draw(st.integers(3, 6))
    program = [c for c, arm in cohorts.items() if arm == "program"]
    base = Filters(min_group=k)
    choices = [base.with_(cohorts=(c,)) for c in cohorts]
    choices += [base.with_(cohorts=tuple(c for c in cohorts if c != left)) for left in program]
    choices += [base.with_(period_from=months[0], period_to=m) for m in months]
    choices += [base.with_(period_from=m, period_to=months[-1]) for m in months[1:]]
    choices += [base.with_(modules=("m1",)), base.with_(arms=("program",)),
                base.with_(rater_groups=("others",))]
    if len(months) > 2:
        choices += [base.with_(baseline_to=months[0], post_from=months[-1]),
                    base.with_(baseline_to=months[1], post_from=months[2])]
    chosen = draw(st.lists(st.sampled_from(choices), min_size=3, max_size=5, unique=True))
    return pilot, k, [base, *chosen]


# --- 1. subtract ---------------------------------------------------------------------------------

COUNTS = ("n", "answers", "n_others", "responded", "invited", "previous_n", "n_program", "n_comparison",
          "n_leaders")
# value column -> the count it is a mean over (its sum = value × count), when the table has one
MEANS = {"mean_score": "answers", "favourable_pct": "answers", "others_score": "n_others", "enps": "n",
         "promoters_pct": "n", "detractors_pct": "n", "value": "n", "previous_value": "previous_n",
         "response_rate_pct": "invited", "program_baseline": "n_program", "program_post": "n_program",
         "comparison_baseline": "n_comparison", "comparison_post": "n_comparison", "baseline": None,
         "latest": None, "program_change": "n_program", "comparison_change": "n_comparison"}
PRECISE = 0.05  # a derived value this uncertain (from rounding) is no recovery


def _columns(outputs: dict[str, pd.DataFrame]) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Per value column, over every output: the values and the counts they are means over."""
    found: dict[str, tuple[list[float], list[float]]] = {}
    for frame in outputs.values():
        for column in [c for c in frame.columns if c in COUNTS or c in MEANS]:
            values = pd.to_numeric(frame[column], errors="coerce").astype("float64")
            weight = MEANS.get(column)
            weights = (pd.to_numeric(frame[weight], errors="coerce").astype("float64")
                       if weight and weight in frame else pd.Series(np.nan, index=frame.index))
            kind = "count" if column in COUNTS else column
            bucket = found.setdefault(kind, ([], []))
            bucket[0].extend(values.tolist())
            bucket[1].extend(weights.tolist())
    return {kind: (np.array(v), np.array(w)) for kind, (v, w) in found.items()}


def _candidates(v: np.ndarray, w: np.ndarray, count: bool) -> tuple[np.ndarray, np.ndarray]:
    """What an attacker reads off one kind of value: each value, each difference of two, and —
    where counts are published — the mean of the difference, (m₁c₁ − m₂c₂) ÷ (c₁ − c₂); with
    the uncertainty rounding leaves in each (an empty value gives no candidate)."""
    out, slack = [v, v[:, None] - v[None, :]], [np.zeros_like(v), np.zeros((len(v), len(v)))]
    if not count:
        sums = v * w
        dc = w[:, None] - w[None, :]
        with np.errstate(divide="ignore", invalid="ignore"):
            out.append((sums[:, None] - sums[None, :]) / dc)
            slack.append(0.006 * (w[:, None] + w[None, :]) / np.abs(dc))
            out.append(sums[:, None] - sums[None, :])  # a hidden sum
            slack.append(0.006 * (w[:, None] + w[None, :]))
        out.append(sums)
        slack.append(0.006 * w)
    flat = np.concatenate([o.ravel() for o in out])
    error = np.concatenate([s.ravel() for s in slack]) + (0.0 if count else 0.06)
    return flat, error


STAT_KINDS = {"n": ("count",), "answers": ("count",), "sum": ("mean_score", "others_score", "value"),
              "mean": ("mean_score", "others_score", "value", "previous_value", "program_baseline",
                       "program_post", "comparison_baseline", "comparison_post", "baseline", "latest"),
              "favourable": ("favourable_pct", "value", "previous_value", "baseline", "latest"),
              "enps": ("enps", "value", "previous_value", "baseline", "latest"),
              "promoters": ("promoters_pct",), "detractors": ("detractors_pct",)}


def _recovered(a_out, b_out, a_hidden: list[Hidden], b_hidden: list[Hidden]) -> list[str]:
    """Hidden values some published value or difference gives in both pilots."""
    a_cols, b_cols = _columns(a_out), _columns(b_out)
    found = []
    for kind in a_cols:
        if kind not in b_cols or len(a_cols[kind][0]) != len(b_cols[kind][0]):
            return [f"{kind}: the outputs differ in size between the two pilots"]
        # the same cell is in many outputs: keep each (value, count) of the first pilot once, and
        # the values at the same places of the second
        pairs = np.nan_to_num(np.stack(a_cols[kind], axis=1), nan=-1e18)
        _unique, first = np.unique(pairs, axis=0, return_index=True)
        first = first[np.isfinite(a_cols[kind][0][first]) | np.isfinite(b_cols[kind][0][first])]
        a_vals, a_err = _candidates(*(c[first] for c in a_cols[kind]), count=kind == "count")
        b_vals, b_err = _candidates(*(c[first] for c in b_cols[kind]), count=kind == "count")
        usable = np.isfinite(a_vals) & np.isfinite(b_vals) & (a_err <= PRECISE + 0.06) & (b_err <= PRECISE + 0.06)
        for a_group, b_group in zip(a_hidden, b_hidden, strict=True):
            a_stats, b_stats = a_group.stats(), b_group.stats()
            for stat, kinds in STAT_KINDS.items():
                if kind not in kinds or stat not in a_stats or abs(a_stats[stat] - b_stats[stat]) < 1:
                    continue  # a value the change did not move cannot tell a recovery from chance
                hit = usable & (np.abs(a_vals - a_stats[stat]) <= a_err + 1e-9) & \
                    (np.abs(b_vals - b_stats[stat]) <= b_err + 1e-9)
                if hit.any():
                    found.append(f"{a_group.key} {stat}={a_stats[stat]:g} from {kind}")
    return found


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(pilots())
def test_no_hidden_group_can_be_recovered_from_any_two_outputs(case):
    pilot, k, combos = case
    other = pilot.perturbed(k)
    assert set(other.hidden_cells(k)) == set(pilot.hidden_cells(k)), "the change must keep what is hidden"
    with tempfile.TemporaryDirectory() as folder:
        a_out = outputs(pilot.database(Path(folder) / "a"), k, combos)
        b_out = outputs(other.database(Path(folder) / "b"), k, combos)
    a_hidden = pilot.hidden_groups(k)
    b_hidden = {g.key: g for g in other.hidden_groups(k)}
    a_hidden = [g for g in a_hidden if g.key in b_hidden]
    assert _recovered(a_out, b_out, a_hidden, [b_hidden[g.key] for g in a_hidden]) == []
    assert differences(a_out, b_out) == []
