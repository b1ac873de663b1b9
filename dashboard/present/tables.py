"""KPI tables dressed for reading: friendly headers, units, months as "Mar 2026", and hidden
cells that say "fewer than k responses" instead of a number.

Plain pandas (no Streamlit), so the quarterly report can show the same tables. Nothing is
computed here: values are the KPI layer's, only written out.
"""

from __future__ import annotations

import pandas as pd

from dashboard.ingest.kinds import KINDS
from dashboard.kpi.benchmark import span_label
from dashboard.kpi.registry import METRICS
from dashboard.kpi.roi import NOT_DEMONSTRABLE
from dashboard.kpi.summary import shift_month
from dashboard.present.cards import reason
from dashboard.present.formatting import (
    delta,
    metric_value,
    money,
    month_label,
    number,
    percent,
    suppressed_text,
)
from dashboard.present.verdicts import interval_text, verdict
from dashboard.present.wording import label

PHASES = {"baseline": "Baseline", "program": "Program", "follow_up": "Follow-up"}
ACTIVITIES = {"microlearning": "Microlearning", "live_practice": "Live practice",
              "coaching": "Coaching"}
SCENARIO_NAMES = {"low": "Low", "central": "Central", "best case": "Best case"}


def _hidden(frame: pd.DataFrame) -> pd.Series:
    if "suppressed" not in frame:
        return pd.Series(False, index=frame.index)
    return frame["suppressed"].fillna(False).astype(bool)


def _count(value: float | None) -> str:
    return "—" if pd.isna(value) else f"{int(value):,}"


def _private(frame: pd.DataFrame, values: list[str], k: int) -> list[str]:
    """Formatted values, or the privacy wording where the cell is hidden."""
    hidden = _hidden(frame)
    return [suppressed_text(k) if h else v for v, h in zip(values, hidden, strict=True)]


def freshness(summary: pd.DataFrame) -> pd.DataFrame:
    """What is loaded: rows, imports and the latest month per kind (data freshness)."""
    return pd.DataFrame({
        "Kind": summary["kind"],
        "What": [KINDS[k].label if k in KINDS else k for k in summary["kind"]],
        "Rows": summary["rows"].astype("int64"),
        "Imports": summary["imports"].astype("int64"),
        "Latest period": [month_label(p) if isinstance(p, str) else "—" for p in summary["latest"]],
    })


def latest_months(period: str | None) -> str:
    """The three months a target's latest value pools, ending with ``period``: 'Aug–Oct 2026'."""
    if not isinstance(period, str):
        return "—"
    return span_label(shift_month(period, -2), period)


def targets(frame: pd.DataFrame) -> pd.DataFrame:
    """Progress towards the pilot's targets; ``Progress`` stays a number for a progress bar."""
    return pd.DataFrame({
        "KPI": frame["label"],
        "Target": frame["target"],
        "Baseline": [metric_value(k, v) for k, v in zip(frame["kpi"], frame["baseline"], strict=True)],
        "Latest": [f"{metric_value(k, v)} ({latest_months(p)})" if pd.notna(v) else "—"
                   for k, v, p in zip(frame["kpi"], frame["latest"], frame["latest_period"],
                                      strict=True)],
        "Change": [delta(k, v) for k, v in zip(frame["kpi"], frame["change"], strict=True)],
        "Progress": frame["progress_pct"].clip(lower=0, upper=100),
        "Progress %": [percent(v) for v in frame["progress_pct"]],
        "Status": frame["status"],
    })


def impact(frame: pd.DataFrame) -> pd.DataFrame:
    """The impact table: changes per arm, effect with its interval, leaders, verdict and why;
    each metric labelled primary or exploratory (Holm-adjusted)."""
    rows = []
    for _, r in frame.iterrows():
        rows.append({
            "Metric": label(r["metric"]),
            "Role": verdict(r).label,
            "Program change": delta(r["metric"], r["program_change"]),
            "Comparison change": (delta(r["metric"], r["comparison_change"]) if r["isolated"]
                                  else "no comparison"),
            "Effect": delta(r["metric"], r["effect"]),
            "Interval": (interval_text(r["metric"], r["ci_low"], r["ci_high"])
                         if pd.notna(r["ci_low"]) else "—"),
            "Verdict": verdict(r).words,
            "Why": reason(r),
        })
    return pd.DataFrame(rows)


def baseline_trend(frame: pd.DataFrame, k: int | None = None) -> pd.DataFrame:
    """Each arm's baseline months side by side, one row per metric × wave × arm, with its trend
    per month: what the parallel-trends check compares. Hidden months say so."""
    hidden = "hidden (small group)" if k is None else suppressed_text(k)
    rows = []
    for (metric, wave, arm), part in frame.groupby(["metric", "wave", "arm"], sort=False):
        row: dict[str, object] = {"Metric": label(str(metric)), "Group": f"{arm} cohort".capitalize()}
        if frame["wave"].nunique() > 1:
            row["Wave"] = str(wave)
        for _, cell in part.iterrows():
            row[month_label(cell["period"])] = (hidden if cell["suppressed"]
                                                else metric_value(str(metric), cell["value"]))
        trend = part["trend_per_month"].iloc[0]
        row["Trend per month"] = "—" if pd.isna(trend) else delta(str(metric), trend)
        rows.append(row)
    return pd.DataFrame(rows).fillna("—")


def pulse_cells(frame: pd.DataFrame, k: int) -> pd.DataFrame:
    """Pulse trend cells, one row per cohort × month × question × rater group."""
    return pd.DataFrame({
        "Cohort": frame["cohort"],
        "Month": [month_label(p) for p in frame["period"]],
        "Phase": [PHASES.get(p, "—") for p in frame["phase"]],
        "Module": [m or "—" for m in frame["module_id"]],
        "Question": frame["question_id"],
        "Raters": frame["rater_group"],
        "Respondents": _private(frame, [_count(v) for v in frame["n"]], k),
        "Mean score": _private(frame, [number(v) for v in frame["mean_score"]], k),
        "Interval": _private(frame, [f"{number(lo)} to {number(hi)}" if pd.notna(lo) else "—"
                                     for lo, hi in zip(frame["ci_low"], frame["ci_high"],
                                                       strict=True)], k),
        "Favourable": _private(frame, [percent(v) for v in frame["favourable_pct"]], k),
    })


def enps(frame: pd.DataFrame, k: int) -> pd.DataFrame:
    return pd.DataFrame({
        "Cohort": frame["cohort"],
        "Month": [month_label(p) for p in frame["period"]],
        "Respondents": _private(frame, [_count(v) for v in frame["n"]], k),
        "Promoters": _private(frame, [percent(v) for v in frame["promoters_pct"]], k),
        "Detractors": _private(frame, [percent(v) for v in frame["detractors_pct"]], k),
        "eNPS": _private(frame, [number(v, 1) for v in frame["enps"]], k),
    })


def response_rate(frame: pd.DataFrame, k: int) -> pd.DataFrame:
    return pd.DataFrame({
        "Cohort": frame["cohort"],
        "Month": [month_label(p) for p in frame["period"]],
        "Team members": _private(frame, [_count(v) for v in frame["invited"]], k),
        "Answered": _private(frame, [_count(v) for v in frame["responded"]], k),
        "Response rate": _private(frame, [percent(v) for v in frame["response_rate_pct"]], k),
    })


def self_gap(frame: pd.DataFrame, k: int) -> pd.DataFrame:
    return pd.DataFrame({
        "Cohort": frame["cohort"],
        "Leader": frame["leader_id"],
        "Month": [month_label(p) for p in frame["period"]],
        "Self": [number(v) for v in frame["self_score"]],
        "Team": _private(frame, [number(v) for v in frame["others_score"]], k),
        "Gap (self − team)": _private(frame, [number(v) for v in frame["gap"]], k),
        "Team members answering": _private(frame, [_count(v) for v in frame["n_others"]], k),
    })


def rubric_change(frame: pd.DataFrame, module_names: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame({
        "Cohort": frame["cohort"],
        "Module": [module_names.get(m, m) for m in frame["module_id"]],
        "Dimension": [d.replace("_", " ") for d in frame["dimension"]],
        "Leaders assessed twice+": frame["n_leaders"].astype("int64"),
        "First level": [number(v) for v in frame["first_level"]],
        "Latest level": [number(v) for v in frame["latest_level"]],
        "Change": [delta("rubric_level", v) for v in frame["change"]],
    })


def business(frame: pd.DataFrame) -> pd.DataFrame:
    """Business outcomes, a column per metric (custom metrics keep their own name)."""
    shown = frame.assign(
        Month=[month_label(p) for p in frame["period"]],
        text=[metric_value(m, v) for m, v in zip(frame["metric"], frame["value"], strict=True)],
        name=[METRICS[m].label if m in METRICS else m for m in frame["metric"]])
    wide = shown.pivot_table(index=["cohort", "period", "Month"], columns="name", values="text",
                             aggfunc="first").reset_index().drop(columns="period")
    wide.columns.name = None
    return wide.rename(columns={"cohort": "Cohort"})


def scenarios(frame: pd.DataFrame) -> pd.DataFrame:
    """The ROI scenarios side by side, one column per scenario (low, central, best case)."""
    currency = str(frame["currency"].iloc[0]) if len(frame) else "EUR"
    rows = {
        "Monetised effects": [m if d else f"{m} — {NOT_DEMONSTRABLE}"
                              for m, d in zip(frame["monetised"], frame["demonstrable"], strict=True)],
        "Benefits (adjusted)": [money(v, currency) for v in frame["benefits"]],
        "Costs (fully loaded)": [money(v, currency) for v in frame["costs"]],
        "Net benefit": [money(v, currency) for v in frame["net_benefit"]],
        "ROI": [percent(v) for v in frame["roi_pct"]],
        "Benefit–cost ratio": [number(v) for v in frame["bcr"]],
        "Payback": [f"{number(v, 1)} months" if pd.notna(v) else "no payback in year one"
                    for v in frame["payback_months"]],
        "Escalations avoided a year": [number(v, 1) for v in frame["escalations_avoided"]],
        "Leavers avoided a year": [number(v, 2) + (" (capped)" if capped else "")
                                   for v, capped in zip(frame["exits_avoided"], frame["attrition_capped"],
                                                        strict=True)],
    }
    out = pd.DataFrame(rows, index=[SCENARIO_NAMES.get(s, s) for s in frame["scenario"]]).T
    out.index.name = ""
    return out.reset_index()


def break_even(frame: pd.DataFrame) -> pd.DataFrame:
    """Per monetised metric: the fall it would need, on its own, for the program to pay back,
    against the fall measured (``roi.break_even``)."""
    return pd.DataFrame({
        "Metric": frame["label"],
        "Needed to pay back": [percent(v) + " fewer" if pd.notna(v) else "—" for v in frame["needed_relative_pct"]],
        "Measured": [(percent(v) + " fewer" if v >= 0 else percent(-v) + " more") if pd.notna(v) else "—"
                     for v in frame["measured_relative_pct"]],
        "Monetised": ["yes" if p else "no (does not pass its verdict)" for p in frame["passes"]],
        "In words": frame["text"],
    })


def import_log(frame: pd.DataFrame) -> pd.DataFrame:
    """The import log, newest first, as an analyst reads it."""
    return pd.DataFrame({
        "Import": frame["import_id"].astype("int64"),
        "File": frame["file_name"],
        "Kind": frame["kind"],
        "Rows": frame["rows"].astype("Int64"),
        "Replaced": frame["replaced_rows"].fillna(0).astype("int64"),
        "Status": frame["status"],
        "Source": frame["source"],
        "When": pd.to_datetime(frame["imported_at"]).dt.strftime("%d %b %Y %H:%M"),
        "By": frame["imported_by"],
    })
