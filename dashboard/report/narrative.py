"""The report in words: sentences built from KPI tables, never from new arithmetic.

Each function returns plain sentences (the HTML layer escapes them). They select rows and
read columns — a verdict, an interval, a scenario — and put them into words a stakeholder can
repeat in a meeting, with the uncertainty attached.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

from dashboard.kpi.impact import (
    DRIFTING,
    IMPROVED,
    INCONCLUSIVE,
    MIN_LEADERS,
    NOT_ENOUGH_DATA,
    PRETREND_NOT_CHECKED,
    PRIMARY,
    SMALL_SAMPLE_DF,
    WORSENED,
)
from dashboard.kpi.privacy import COMMENT_MIN_GROUP, SOME_EXCLUDED, few_answered_label, suppressed_label
from dashboard.kpi.registry import PRIVACY, TABLES
from dashboard.kpi.roi import CENTRAL, NOT_DEMONSTRABLE
from dashboard.present.formatting import (
    Cell,
    delta,
    is_good_change,
    metric_value,
    money,
    month_label,
    percent,
)
from dashboard.present.tables import latest_months
from dashboard.present.verdicts import interval_text, verdict
from dashboard.present.wording import label
from dashboard.report.data import ReportData
from dashboard.report.tables import rows_of

HEADLINE_METRICS = ("favourable_pct", "enps", "escalation_rate", "attrition_rate")


def listing(items: Iterable[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def direction(metric: str, change: Cell) -> str:
    """'better' or 'worse' by the metric's good direction ('' when flat or unknown)."""
    good = is_good_change(metric, change)
    return "" if good is None else "better" if good else "worse"


def _label(metric: str) -> str:
    return label(metric)


def _lower(text: str) -> str:
    """'Favourable answers' -> 'favourable answers'; 'eNPS' and 'CSAT' keep their capitals."""
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def _interval(row: pd.Series) -> str:
    return (f"{metric_value(row['metric'], row['ci_low'])} to "
            f"{metric_value(row['metric'], row['ci_high'])}")


def _effect(row: pd.Series) -> str:
    sign = "+" if row["effect"] > 0 else ""
    return f"{sign}{metric_value(row['metric'], row['effect'])}"


def module_names(data: ReportData) -> dict[str, str]:
    """module_id → name from the schedule (ids are shown when no name was given)."""
    return dict(zip(data.schedule["module_id"], data.schedule["module_name"], strict=True))


def program_in_quarter(data: ReportData) -> list[str]:
    """Which cohort took which module, and when (modules overlapping the quarter)."""
    sched = data.schedule
    running = sched[(sched["last_period"] >= data.quarter.first_month)
                    & (sched["first_period"] <= data.quarter.last_month)]
    lines = []
    for cohort, rows in running.groupby("cohort", sort=True):
        modules = [f"{r.module_name} ({r.start_date:%-d %b} – {r.end_date:%-d %b %Y})"
                   for r in rows.itertuples()]
        lines.append(f"{cohort} took {listing(modules)}.")
    if not lines:
        lines.append(f"No module was scheduled in {data.quarter.label}.")
    return lines


def quarter_changes(data: ReportData) -> list[str]:
    """Per cohort: the headline KPIs this quarter and their change from the quarter before."""
    summary = data.frame("period_summary")
    previous = data.quarter.previous.label
    k = data.min_group
    lines = []
    by_cohort: dict[Any, list[dict[str, Any]]] = {}
    for record in rows_of(summary):  # one pass over the rows, not a filter per cohort × metric
        if pd.notna(record["cohort"]):
            by_cohort.setdefault(record["cohort"], []).append(record)
    for cohort in sorted(by_cohort):
        rows = by_cohort[cohort]
        parts = []
        for metric in HEADLINE_METRICS:
            row = next((r for r in rows if r["metric"] == metric), None)
            if row is None:
                continue
            if row["suppressed"]:
                parts.append(f"{_lower(_label(metric))} hidden ({suppressed_label(k)})")
                continue
            text = f"{_lower(_label(metric))} {metric_value(metric, row['value'])}"
            if pd.notna(row["change"]):
                word = direction(metric, row["change"])
                text += f" ({delta(metric, row['change'])} vs {previous}" + (f", {word})" if word else ")")
            parts.append(text)
        if parts:
            arm = rows[0]["arm"]
            named = str(cohort) if str(cohort).lower() == str(arm).lower() else f"{cohort!s} ({arm!s})"
            lines.append(f"{named}: " + "; ".join(parts) + ".")
    if lines and summary["previous_value"].isna().all():
        lines.append(f"There is no data for {previous}, so there is no quarter-over-quarter comparison.")
    return lines or [f"No pulse or outcome data falls in {data.quarter.label}."]


def participation_lines(data: ReportData) -> list[str]:
    """Completion per cohort × module for the modules running in the quarter."""
    table = data.frame("participation")
    names = module_names(data)
    lines = []
    for (cohort, module), rows in table.groupby(["cohort", "module_id"], sort=False):
        shares = [f"{a.replace('_', ' ')} {percent(p)}"
                  for a, p in zip(rows["activity"], rows["completion_pct"], strict=True)]
        lines.append(f"{cohort} · {names.get(str(module), str(module))}: {listing(shares)} "
                     f"of {int(rows['n_people'].iloc[0])} leaders.")
    return lines


def _follow_up_pending(data: ReportData, row: pd.Series) -> bool:
    post_from = row.get("post_from")
    return isinstance(post_from, str) and post_from > data.quarter.last_month


def how_sure(data: ReportData) -> list[str]:
    """The impact verdicts in words, grouped from most to least certain, the primary first."""
    impact = data.frame("impact")
    if impact.empty:
        return ["No impact estimate is possible without data."]
    isolated = impact[impact["isolated"].astype(bool)]
    lines = []
    level = f"{data.blocks['impact'].filters.level * 100:g}%"
    primary = isolated[isolated["role"] == PRIMARY]
    for _, row in primary.iterrows():
        lines.append(f"Primary metric, {_lower(_label(row['metric']))} (set on the pilot plan): "
                     f"{verdict(row).words}" + (f", by {_effect(row)} ({level} interval {_interval(row)})"
                                                 if verdict(row).clear else "") + ".")
    clear = isolated[isolated["verdict"].isin([IMPROVED, WORSENED]) & (isolated["role"] != PRIMARY)]
    if len(clear):
        items = [f"{_lower(_label(r['metric']))} {r['verdict']} by {_effect(r)} ({level} interval {_interval(r)})"
                 for _, r in clear.iterrows()]
        lines.append("Beyond noise after adjusting for the number of metrics tested (exploratory): "
                     + listing(items) + ".")
    drifting = isolated[isolated["verdict"] == DRIFTING]
    if len(drifting):
        lines.append("Already drifting apart before training, so no effect can be claimed: "
                     + listing(_lower(_label(m)) for m in drifting["metric"]) + ".")
    unclear = isolated[(isolated["verdict"] == INCONCLUSIVE) & (isolated["role"] != PRIMARY)]
    if len(unclear):
        lines.append("Inconclusive (exploratory; the data are consistent with no effect): "
                     + listing(f"{_lower(_label(m))} ({interval_text(m, low, high)})"
                               for m, low, high in zip(unclear["metric"], unclear["ci_low"], unclear["ci_high"],
                                                       strict=True)) + ".")
    missing = isolated[isolated["verdict"] == NOT_ENOUGH_DATA]
    if len(missing):
        pending = [r for _, r in missing.iterrows() if _follow_up_pending(data, r)]
        if pending:
            lines.append(f"Not measurable yet: the follow-up months start in {month_label(pending[0]['post_from'])}, "
                         f"after {data.quarter.label}, so no program-versus-comparison effect can be "
                         "estimated from data up to the quarter's end.")
        others = [r for _, r in missing.iterrows() if not _follow_up_pending(data, r)]
        if others:
            lines.append("Not enough data for " + listing(_lower(_label(r["metric"])) for r in others)
                         + f" (at least {MIN_LEADERS} program and {MIN_LEADERS} comparison leaders with a "
                         "baseline and a follow-up are needed).")
    measured = isolated[isolated["effect"].notna()]
    if len(measured):
        row = measured.iloc[0]
        small = pd.notna(row["df"]) and row["df"] < SMALL_SAMPLE_DF
        lines.append(f"These estimates rest on {int(row['n_program'])} program and "
                     f"{int(row['n_comparison'])} comparison leaders; with so few, only large "
                     "changes can be told apart from noise" + (" (a small sample)." if small else "."))
    trends = isolated[isolated["pretrend"] == PRETREND_NOT_CHECKED]
    if len(trends) and len(measured):
        months = int(trends["baseline_months"].min())
        lines.append(f"Parallel trends could not be checked ({months} baseline month{'' if months == 1 else 's'}; "
                     f"the check needs {data.plan.pretrend_months}).")
    rubric = impact[~impact["isolated"].astype(bool) & impact["effect"].notna()]
    for _, row in rubric.iterrows():
        lines.append(f"Observed skill (facilitator rubric): {verdict(row).words}, {_effect(row)} levels "
                     f"({level} interval {_interval(row)}) across {int(row['n_program'])} leaders — no "
                     "comparison cohort is assessed and the facilitators know who was trained, so this is "
                     "change, not effect.")
    return lines


def worth(data: ReportData) -> list[str]:
    """The ROI scenarios in words, with the judgement calls named."""
    roi = data.frame("roi").set_index("scenario")
    if roi.empty:
        return []
    currency = data.assumptions.currency
    costs = money(roi["costs"].loc[CENTRAL], currency)
    adjust = (f"after crediting the program with {data.assumptions.attribution_pct:g}% of the "
              f"improvement (attribution) at {data.assumptions.confidence_pct:g}% confidence")
    even = "; ".join(str(t) for t in data.break_even["text"])
    if not data.inputs.demonstrable:
        return [f"{NOT_DEMONSTRABLE}: no effect on escalations or voluntary attrition passes its verdict, so "
                f"every scenario shows only the first-year, fully loaded cost of {costs}.",
                f"Break-even: {even}." if even else "",
                "Benefits are counted only from effects that pass their verdict; an inconclusive effect "
                "counts as none and one that went the wrong way as a negative benefit."]
    central = roi.loc[CENTRAL]
    payback = (f", paying back in {central['payback_months']:g} months"
               if pd.notna(central["payback_months"]) else "")
    return [
        f"Central scenario: first-year benefits of {money(roi['benefits'].loc[CENTRAL], currency)} against "
        f"{costs} of fully loaded costs — ROI {percent(roi['roi_pct'].loc[CENTRAL])}, benefit–cost ratio "
        f"{central['bcr']:g}{payback}; {adjust}; monetised: {central['monetised']}.",
        f"The range runs from ROI {percent(roi['roi_pct'].loc['low'])} (low: the interval end least "
        f"favourable to the program) to {percent(roi['roi_pct'].loc['best case'])} (best case: the most "
        "favourable end).",
        f"Break-even: {even}.",
    ]


def _progress(row: pd.Series) -> str:
    """'51% of the way', or 'moved the other way' (never '−226% of the way')."""
    if row["progress_pct"] < 0:
        return "moved the other way"
    return f"{percent(row['progress_pct'], 0)} of the way"


def _months_of(row: pd.Series) -> str:
    """The months a target's latest value pools ('latest Aug–Oct 2026')."""
    return f"latest {latest_months(row['latest_period'])}"


def target_lines(data: ReportData) -> list[str]:
    """Progress against the pilot's targets, by status."""
    targets = data.frame("targets")
    if targets.empty:
        return []
    lines = []
    for status in ("met", "on track", "some progress", "not yet"):
        rows = targets[targets["status"] == status]
        if len(rows):
            items = [f"{_lower(_label(r['kpi']))} ({r['target']}; {_progress(r)}, {_months_of(r)})"
                     for _, r in rows.iterrows()]
            lines.append(f"Targets {status}: {listing(items)}.")
    waiting = targets[targets["status"] == "no data"]
    if len(waiting):
        lines.append("No progress figure yet for " + listing(_lower(r) for r in waiting["label"])
                     + ": the baseline is set once leaders have both a baseline and a follow-up.")
    return lines


def unknowns(data: ReportData) -> list[str]:
    """What this report cannot tell yet, and why."""
    lines: list[str] = []
    quarter = data.quarter
    if not data.comparison_cohorts:
        lines.append("No comparison cohort is in the selected cohorts, so no change can be "
                     "attributed to the program: add the comparison cohort (--cohort) to estimate impact.")
    for wave, window in sorted(data.windows.items()):
        cohorts = listing(c for c, w in data.program_cohorts.items() if w == wave)
        if window.post_from > quarter.last_month:
            lines.append(f"The effect on {cohorts}: follow-up months start in "
                         f"{month_label(window.post_from)}, after {quarter.label}.")
    impact = data.frame("impact")
    unclear = impact[impact["verdict"] == INCONCLUSIVE]
    if len(unclear):
        lines.append("Whether " + listing(_lower(_label(m)) for m in unclear["metric"])
                     + " changed because of the program: the verdicts are still inconclusive.")
    if impact["some_excluded"].any():
        lines.append(f"Some small groups are not included in the estimates: a team's month with fewer than "
                     f"{data.min_group} respondents (or a cohort's month of fewer than {data.min_group} people, "
                     "for business outcomes) is left out to protect anonymity, so those groups are not represented.")
    if (~impact["isolated"].astype(bool) & impact["effect"].notna()).any():
        lines.append("How much of the rubric gain is due to the training: only program leaders are assessed.")
    lines.append(f"How much of any improvement the program caused: attribution ({data.assumptions.attribution_pct:g}%) "
                 f"and confidence ({data.assumptions.confidence_pct:g}%) in the ROI are judgements from "
                 f"{data.assumptions_source}, not measurements.")
    lines.append("Effects beyond the first year, and benefits not measured here (customer loyalty, "
                 "well-being), are not valued.")
    measured = data.loaded[data.loaded["kind"] != "schedule"]  # the schedule is a plan, not data
    later = measured[measured["latest"].fillna("") > quarter.last_month]
    if len(later):
        kinds = listing(later["kind"])
        lines.append(f"Data after {quarter.label} already exists ({kinds}, up to "
                     f"{month_label(str(later['latest'].max()))}); this report does not read it, so it "
                     "says the same whenever it is rebuilt. The next quarter's report will include it.")
    failing = [c for c in data.checks if not c.passed]
    for check in failing:
        lines.append(f"Data-quality check failing: {check.description} ({len(check.rows)} rows; "
                     "python -m dashboard check lists them).")
    return lines


def suppressed_cells(data: ReportData) -> list[str]:
    """Each table of the report with hidden cells: which cohorts, in which months."""
    lines = []
    for name, block in data.blocks.items():
        frame = block.frame
        flags = [c for c in ("suppressed", "previous_suppressed") if c in frame]
        hidden = frame[frame[flags].any(axis=1)] if flags else frame.iloc[0:0]
        if hidden.empty:
            continue
        parts = []
        group = "cohort" if "cohort" in hidden else "arm"  # the baseline trend is per arm
        for cohort, rows in hidden.groupby(group, sort=True):
            if "period" in rows:
                months = [month_label(p) for p in sorted(rows["period"].unique())]
                parts.append(f"{cohort} in {listing(months)}")
            else:
                parts.append(f"{cohort} ({data.quarter.label} or {data.quarter.previous.label})")
        lines.append(f"{TABLES[name].label}: {'; '.join(parts)}.")
    return lines


def privacy_lines(data: ReportData) -> list[str]:
    """What was hidden and why."""
    k = data.min_group
    lines = [
        f"A figure built from peers' and direct reports' ratings is shown only when at least {k} "
        f"people answered; otherwise the cell says \"{suppressed_label(k)}\" and shows neither a "
        "value nor a count (never zero).",
        f"Every figure — cohort cells, quarter figures, trends, the impact estimate and targets — pools "
        f"only groups visible on their own (a leader's team in a month with at least {k} respondents on "
        "the roster); a smaller group is left out of all of them, so comparing any two figures cannot "
        f"reveal it. A figure that left one out says \"{SOME_EXCLUDED}\", never which or how many.",
        f"No count below {k} is shown: a response rate with fewer than {k} answering says "
        f"\"{few_answered_label(k)}\".",
        "This report shows cohorts only: no leader-level figures (self–team gaps, individual "
        "rubric levels), no leaders' own ratings, and no comments (shown in the app only for "
        f"groups of {COMMENT_MIN_GROUP} or more). Business outcomes are shown per cohort; a cohort's "
        f"month of fewer than {k} people is hidden.",
    ]
    cells = suppressed_cells(data)
    if cells:
        lines += [f"Hidden in this report — {line}" for line in cells]
    else:
        lines.append("No cohort-level cell in this report fell below the threshold.")
    left_out = [TABLES[name].label for name, block in data.blocks.items()
                if any(block.frame[c].astype(bool).any() for c in PRIVACY[name].excluded if c in block.frame)]
    if left_out:
        lines.append(f"Some small groups are not included in: {listing(left_out)}.")
    return lines
