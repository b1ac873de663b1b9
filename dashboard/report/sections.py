"""The report's sections, each a function from :class:`ReportData` to HTML.

Sections only select rows and columns of KPI tables, format them (``dashboard.present.formatting``)
and lay them out; the words come from :mod:`dashboard.report.narrative`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import fields
from typing import Any, TypedDict

import pandas as pd

from dashboard.kpi.assumptions import Assumptions
from dashboard.kpi.impact import METHOD_VERSION, MIN_LEADERS, SMALL_SAMPLE_DF
from dashboard.kpi.privacy import COMMENT_MIN_GROUP, LOWEST_MIN_GROUP, few_answered_label
from dashboard.kpi.registry import BUSINESS_METRICS, METRICS, TABLES
from dashboard.kpi.roi import NOT_DEMONSTRABLE
from dashboard.present import charts
from dashboard.present.answer import answer
from dashboard.present.charts import PRINT
from dashboard.present.formatting import (
    cohort_colours,
    delta,
    metric_value,
    money,
    month_label,
    number,
    percent,
)
from dashboard.present.tables import SCENARIO_NAMES
from dashboard.present.verdicts import NOT_ENOUGH_DATA, colour_key, verdict
from dashboard.present.wording import label, reader_text
from dashboard.report import narrative
from dashboard.report.data import Block, ReportData
from dashboard.report.html import Child, Markup, tag, value_span
from dashboard.report.quarter import TREND_QUARTERS
from dashboard.report.tables import RowKey, cell, month_grid, rows_of, table

SECTIONS = (
    ("summary", "Executive summary"),
    ("chain", "The chain this quarter: participation → behaviour → business"),
    ("trends", "Trends by cohort and module"),
    ("impact", "Impact compared with the comparison cohort"),
    ("roi", "Return on investment: scenarios and assumptions"),
    ("unknowns", "What is not known yet"),
    ("coverage", "Data coverage and lineage"),
    ("privacy", "Privacy: what was hidden and why"),
    ("methods", "Appendix A — Methods and definitions"),
    ("reproduce", "Appendix B — Reproduce every table"),
)
TITLES = dict(SECTIONS)
BEHAVIOUR_METRICS = ("pulse_mean", "favourable_pct", "enps")
ASSUMPTION_LABELS = {
    "currency": "Currency",
    "cost_per_escalation": "Handling cost of one escalation",
    "average_salary": "Average annual salary of a team member",
    "replacement_cost_multiplier": "Cost of replacing a leaver (× salary)",
    "annual_interactions": "Customer interactions a year (0 = from outcomes)",
    "team_headcount": "People in the program teams (0 = from outcomes)",
    "attribution_pct": "Share of the improvement credited to the program (%)",
    "confidence_pct": "Confidence in the estimate (%)",
    "participants": "Leaders trained (0 = program leaders in scope)",
    "attrition_cap_pct": "Most leavers avoided, as a share of the baseline's leavers a year (%)",
    "participant_hours": "Hours per leader (microlearning, practice, coaching)",
    "participant_hourly_cost": "Loaded hourly cost of a leader",
    "facilitator_hours": "Facilitator hours",
    "facilitator_hourly_rate": "Facilitator hourly rate",
    "platform_cost": "Platform cost",
    "development_cost": "Development cost",
    "evaluation_cost": "Evaluation cost",
    "other_costs": "Other costs",
}


def section(key: str, *children: Child, intro: Child = None) -> Markup:
    """A numbered chapter with a stable id (the table of contents links to it)."""
    parts: list[Child] = [tag("h2", TITLES[key])]
    if intro is not None:
        parts.append(tag("p", intro, class_="intro"))
    return tag("section", *parts, *children, id=key, class_="chapter")


def bullets(lines: Sequence[str]) -> Markup:
    return tag("ul", [tag("li", line) for line in lines]) if lines else tag("p", "Nothing to report.")


def figure_html(fig: Any, div_id: str) -> Markup:
    """The figure as a ``<div>`` and a script calling the inlined plotly.js (never a CDN)."""
    return Markup(fig.to_html(full_html=False, include_plotlyjs=False, include_mathjax=False,
                              div_id=div_id, config=dict(PRINT.config),
                              default_width=f"{PRINT.width}px"))


def chart(fig: Any, div_id: str, caption: str) -> Markup:
    """A figure with a caption; without JavaScript it says where its numbers are (a note the
    page's first script hides — unlike <noscript>, this also works when a browser parses the
    page with scripting on but never runs it)."""
    if fig is None or charts.is_empty(fig):
        return tag("p", f"No chart: {caption.rstrip('.').lower()} has no data for these filters.",
                   class_="empty")
    return tag("figure", figure_html(fig, div_id),
               tag("p", "This chart needs JavaScript; the table below has its numbers.",
                   class_="empty needs-js"),
               tag("figcaption", caption), class_="chart")


def _fmt(metric: str) -> Callable[[Any], str]:
    return lambda value: metric_value(metric, value)


def _quarter_months(data: ReportData) -> list[str]:
    return list(data.quarter.months)


def _trend_months(data: ReportData) -> list[str]:
    """The trend window's months that have any data (leading empty months are dropped)."""
    periods: set[str] = set()
    for name in ("pulse_trend", "enps", "rubric_progress", "business"):
        periods |= set(data.frame(name)["period"].dropna())
    if not periods:
        return []
    start = min(periods)
    months = [m for q in range(TREND_QUARTERS - 1, -1, -1) for m in data.quarter.back(q).months]
    return [m for m in months if m >= start]


# --- 1. executive summary ---------------------------------------------------------------


def answer_box(data: ReportData) -> Markup:
    """The answer first, as on the Overview: one line per layer with its certainty."""
    lines = answer(data.frame("impact"), _participation_summary(data), data.frame("roi"), data.months)
    items = [tag("li", tag("strong", line.title), " — ", line.text, class_=f"answer {line.tone}")
             for line in lines]
    note = tag("p", tag("small", data.benchmark_note)) if data.benchmark_note else None
    return tag("div", tag("h3", "Did the pilot work?"), tag("ul", items), note, class_="answer-box")


def _participation_summary(data: ReportData) -> pd.DataFrame:
    """The participation table's counts summed per activity (the Overview's card), for the quarter."""
    frame = data.frame("participation")
    if frame.empty:
        return pd.DataFrame(columns=["activity", "n_enrolled", "n_completed", "completion_pct"])
    summed = (frame.groupby("activity", sort=False)[["n_people", "n_completed"]].sum()
              .rename(columns={"n_people": "n_enrolled"}).reset_index())
    summed["completion_pct"] = 100.0 * summed["n_completed"] / summed["n_enrolled"]
    return summed


def summary_section(data: ReportData) -> Markup:
    facts = tag("dl", [
        (tag("dt", k), tag("dd", v)) for k, v in (
            ("Quarter", f"{data.quarter.label} ({data.quarter.span_label})"),
            ("Cohorts", ", ".join(data.cohorts) if data.cohorts else "all cohorts"),
            ("Data", f"as of the end of {month_label(data.quarter.last_month)}"),
            ("Anonymity", f"groups of fewer than {data.min_group} respondents are hidden"),
        )], class_="facts")
    changed = narrative.program_in_quarter(data) + narrative.participation_lines(data) \
        + narrative.quarter_changes(data) + narrative.target_lines(data)
    return section(
        "summary", answer_box(data), facts,
        tag("h3", "What changed"), bullets(changed),
        tag("h3", "How sure we are"), bullets(narrative.how_sure(data)),
        tag("h3", "What it is worth"), bullets(narrative.worth(data)),
    )


# --- 2. the chain -----------------------------------------------------------------------


def _summary_table(data: ReportData, metrics: Sequence[str]) -> Markup:
    """Rows = metrics, columns = cohorts: the quarter's value and its change from the previous."""
    block = data.blocks["period_summary"]
    frame = block.frame[block.frame["metric"].isin(metrics)]
    cohorts = list(dict.fromkeys(frame["cohort"]))
    if frame.empty:
        return tag("p", f"No data in {data.quarter.label}.", class_="empty")
    previous = data.quarter.previous.label
    headers: list[Child] = ["KPI"] + [tag("span", c, tag("br"), tag("small", f"{data.quarter.label} (vs {previous})"))
                                      for c in cohorts]
    rows = []
    by_metric: dict[str, dict[Any, dict[str, Any]]] = {}
    for record in rows_of(frame):  # one pass, not a Series per metric × cohort
        by_metric.setdefault(record["metric"], {})[record["cohort"]] = record
    for metric in metrics:
        part = by_metric.get(metric, {})
        if not part:
            continue
        # the pulse score's unit is the one it was pooled in (its scale, or % of scale range)
        units = [r["unit"] for r in part.values() if pd.notna(r["unit"])] if "unit" in frame else []
        unit = str(units[0]) if units else METRICS[metric].unit_label
        cells: list[Child] = [tag("span", label(metric), tag("br"), tag("small", unit))]
        for cohort in cohorts:
            if cohort not in part:
                cells.append("")
                continue
            row = part[cohort]
            value = cell(block, row, "value", _fmt(metric), data.min_group)
            change: Child = ""
            if not row["suppressed"] and pd.notna(row["change"]):
                word = narrative.direction(metric, row["change"])
                change = tag("span", tag("br"), value_span(delta(metric, row["change"]), row, "change", block.keys),
                             tag("small", f" {word}") if word else None,
                             class_="delta " + ({"better": "good", "worse": "bad"}.get(word, "")))
            elif row["previous_suppressed"]:
                change = tag("span", tag("br"), tag("small", "previous quarter hidden"), class_="delta")
            cells.append(tag("span", value, change))
        rows.append(cells)
    return table(headers, rows, block=block, class_="summary")


def _participation_table(data: ReportData) -> Markup:
    block = data.blocks["participation"]
    frame = block.frame
    if frame.empty:
        return tag("p", f"No module ran in {data.quarter.label} (or no LMS activity is imported).",
                   class_="empty")
    names = narrative.module_names(data)
    activities = ("microlearning", "live_practice", "coaching")
    rows = []
    for (cohort, module), part in frame.groupby(["cohort", "module_id"], sort=False):
        by_activity = {r["activity"]: r for _, r in part.iterrows()}
        cells: list[Child] = [cohort, names.get(str(module), str(module))]
        for activity in activities:
            row = by_activity.get(activity)
            cells.append("" if row is None else tag(
                "span", value_span(percent(row["completion_pct"]), row, "completion_pct", block.keys),
                tag("small", " (", value_span(str(row["n_completed"]), row, "n_completed", block.keys), ")")))
        first = next(iter(by_activity.values()))
        cells.append(value_span(str(first["n_people"]), first, "n_people", block.keys))
        rows.append(cells)
    headers = ["Cohort", "Module", "Microlearning", "Live practice", "Coaching", "Leaders"]
    return table(headers, rows, block=block, numeric_from=2)


def _rubric_change_table(data: ReportData) -> Markup:
    block = data.blocks["rubric_change"]
    frame = block.frame
    if frame.empty:
        return tag("p", "No leader has two facilitator assessments yet.", class_="empty")
    names = narrative.module_names(data)
    rows = [[r["cohort"], names.get(r["module_id"], r["module_id"]), r["dimension"].replace("_", " "),
             value_span(str(r["n_leaders"]), r, "n_leaders", block.keys),
             value_span(number(r["first_level"]), r, "first_level", block.keys),
             value_span(number(r["latest_level"]), r, "latest_level", block.keys),
             value_span(delta("rubric_level", r["change"]), r, "change", block.keys)]
            for _, r in frame.iterrows()]
    headers = ["Cohort", "Module", "Dimension", "Leaders", "First", "Latest", "Change"]
    return table(headers, rows, block=block, numeric_from=3)


def _targets_table(data: ReportData) -> Markup:
    block = data.blocks["targets"]
    frame = block.frame
    if frame.empty:
        return tag("p", "No targets are set.", class_="empty")
    rows = []
    for _, r in frame.iterrows():
        f = _fmt(r["kpi"])
        rows.append([tag("span", r["label"], tag("br"), tag("small", r["note"] or "")), r["target"],
                     value_span(f(r["baseline"]), r, "baseline", block.keys),
                     value_span(f(r["latest"]), r, "latest", block.keys),
                     value_span(delta(r["kpi"], r["change"]), r, "change", block.keys),
                     value_span(percent(r["progress_pct"]), r, "progress_pct", block.keys), r["status"]])
    headers = ["KPI", "Target", "Baseline", "Latest 3 months", "Change", "Progress", "Status"]
    return table(headers, rows, block=block, numeric_from=2)


def chain_section(data: ReportData) -> Markup:
    q = data.quarter
    participation_fig = charts.completion_chart(data.frame("participation"), theme=PRINT)
    return section(
        "chain",
        tag("h3", "1 · Participation: did leaders take the training?"),
        tag("p", f"Modules that ran in {q.label}; completions made by the end of {month_label(q.last_month)}. "
                 "In brackets: leaders who completed the activity at least once."),
        _participation_table(data),
        chart(participation_fig, "fig-participation", "Completion by module and activity."),
        tag("h3", "2 · Behaviour: do teams notice a difference?"),
        tag("p", f"Team ratings (peers and direct reports) over {q.span_label}, against "
                 f"{q.previous.span_label}. Response rate is team members who answered the pulse."),
        _summary_table(data, BEHAVIOUR_METRICS + ("response_rate_pct",)),
        tag("p", f"Observed skill: facilitator rubric, first and latest assessment up to the end of "
                 f"{month_label(q.last_month)} (levels 1 Not Evident – 4 Mastery)."),
        _rubric_change_table(data),
        tag("h3", "3 · Business: do outcomes move?"),
        tag("p", f"Team outcomes over {q.span_label}, against {q.previous.span_label}."),
        _summary_table(data, BUSINESS_METRICS),
        tag("h3", "Against the pilot's targets"),
        tag("p", f"Program cohorts: baseline before training against the last three months up to "
                 f"{month_label(q.last_month)}; progress is the share of the targeted change achieved."),
        _targets_table(data),
        intro=("The program is expected to work as a chain: leaders take part, their teams notice "
               "more empathetic behaviour, and business outcomes follow. Each step below shows "
               f"{q.label} next to {q.previous.label}; a link is only as strong as the one before it."),
    )


# --- 3. trends --------------------------------------------------------------------------


def _colours(data: ReportData) -> tuple[dict[str, str], dict[str, str]]:
    arms = data.arms
    cohorts = set(arms) | set(data.frame("business")["cohort"]) | set(data.frame("enps")["cohort"])
    return cohort_colours(cohorts, arms), arms


class ChartMonths(TypedDict):
    """A trend chart's months: the axis's first and last month, and the months shaded."""

    span: tuple[str, str]
    shade: tuple[str, str]


def _months(data: ReportData, months: list[str]) -> ChartMonths:
    """A trend chart's months: the axis from the first month with data to the quarter's end,
    the quarter shaded."""
    q = data.quarter
    return {"span": (months[0] if months else q.trend_from, q.last_month),
            "shade": (q.first_month, q.last_month)}


def _enps_chart(frame: pd.DataFrame, colours: dict[str, str], arms: dict[str, str], k: int,
                months: ChartMonths) -> Any:
    """eNPS per cohort and month (−100 to +100); no chart when no cell can be shown."""
    if frame["enps"].notna().sum() == 0:
        return None
    return charts.trend_chart(frame, "enps", colours, y_title="eNPS (points)", k=k, theme=PRINT,
                              arms=arms, zero_line=True, **months)


def _module_text(module_id: str | None) -> str:
    """'digital_cues+written_replies' -> 'digital cues + written replies' (wraps in a cell)."""
    return (module_id or "").replace("_", " ").replace("+", " + ")


def _pulse_block(data: ReportData, months: list[str]) -> list[Child]:
    block = data.blocks["pulse_trend"]
    colours, arms = _colours(data)
    trend = block.frame
    fig = charts.favourable_grid(trend, colours, theme=PRINT, arms=arms, **_months(data, months))
    modules = {cohort: dict(zip(part["period"], part["module_id"], strict=True))
               for cohort, part in trend.groupby("cohort", sort=False)}
    seen: set[str] = set()

    def module_row(key: RowKey) -> list[list[Child]]:
        """Above each cohort's first question: the module(s) running each month."""
        cohort = key[0]
        if cohort in seen:
            return []
        seen.add(cohort)
        return [[tag("strong", cohort)] + [tag("small", _module_text(modules.get(cohort, {}).get(m)), class_="module")
                                           for m in months]]

    grid = month_grid(block, ["cohort", "question_id", "question_version"],
                      lambda key: tag("span", key[1] + (f" (wording {key[2]})" if key[2] > 1 else ""),
                                      class_="indent"),
                      "favourable_pct", percent, data.min_group, months, extra_rows=module_row,
                      highlight=data.quarter.months)
    texts = (trend.drop_duplicates(["question_id", "question_version"])[["question_id", "question_text"]]
             if len(trend) else trend)
    legend = tag("dl", [(tag("dt", r["question_id"]), tag("dd", r["question_text"] or ""))
                        for _, r in texts.iterrows()], class_="questions")
    return [tag("h3", "Pulse: favourable answers by question"),
            tag("p", "Share of peers' and direct reports' answers that agree (4–5 of 5). Under each "
                     "cohort's name: the module running that month."),
            chart(fig, "fig-pulse", "Favourable answers per question, by cohort; the quarter is shaded."),
            grid, legend]


def trends_section(data: ReportData) -> Markup:
    months = _trend_months(data)
    q = data.quarter
    colours, arms = _colours(data)
    k = data.min_group
    if not months:
        return section("trends", tag("p", "No pulse, rubric or outcome data up to the end of the quarter.",
                                     class_="empty"))
    enps_block = data.blocks["enps"]
    rubric_block = data.blocks["rubric_progress"]
    business_block = data.blocks["business"]
    rubric_months = [m for m in months if m in set(rubric_block.frame["period"])]
    names = narrative.module_names(data)
    return section(
        "trends",
        *_pulse_block(data, months),
        tag("h3", "eNPS"),
        chart(_enps_chart(enps_block.frame, colours, arms, k, _months(data, months)), "fig-enps",
              "eNPS (% promoters − % detractors among team members' 0–10 answers) per cohort and month."),
        month_grid(enps_block, ["cohort"], lambda key: key[0], "enps", _fmt("enps"), k, months,
                   highlight=q.months),
        tag("h3", "Rubric: observed skill by module"),
        chart(charts.level_trend(rubric_block.frame, theme=PRINT, **_months(data, months)), "fig-rubric",
              "Mean facilitator level (1 Not Evident – 4 Mastery) per assessment month; the table has a "
              "row per assessment point of each module (baseline, mid, end, from the schedule)."),
        month_grid(rubric_block, ["cohort", "module_id", "dimension", "assessment"],
                   lambda key: f"{key[0]} · {names.get(key[1], key[1])} · {key[2].replace('_', ' ')} · "
                               f"{key[3] or 'unscheduled'}",
                   "mean_level", number, k, rubric_months, highlight=q.months)
        if rubric_months else tag("p", "No facilitator assessments in the trend window.", class_="empty"),
        tag("h3", "Business outcomes"),
        chart(charts.business_grid(business_block.frame, BUSINESS_METRICS, colours, theme=PRINT,
                                   arms=arms, **_months(data, months)),
              "fig-business", "Team outcomes per cohort and month; the quarter is shaded."),
        month_grid(business_block, ["cohort", "metric"],
                   lambda key: f"{key[0]} · {label(key[1])}",
                   "value", lambda v: number(v, 2), k, months, highlight=q.months),
        intro=(f"Month by month from {month_label(months[0])} to {month_label(q.last_month)} "
               f"(up to {TREND_QUARTERS} quarters); {q.label} is shaded in the charts and bold in the "
               "tables. Empty cells: no data that month."),
    )


# --- 4. impact --------------------------------------------------------------------------


def _windows_text(data: ReportData) -> str:
    parts = []
    for wave, window in sorted(data.windows.items()):
        cohorts = narrative.listing(c for c, w in data.program_cohorts.items() if w == wave)
        parts.append(f"{cohorts}: baseline up to {month_label(window.baseline_to)}, follow-up from "
                     f"{month_label(window.post_from)}")
    return "; ".join(parts)


def impact_section(data: ReportData) -> Markup:
    block = data.blocks["impact"]
    frame = block.frame
    level = f"{block.filters.level * 100:g}%"
    rows = []
    for _, r in frame.iterrows():
        metric = r["metric"]
        f = _fmt(metric)

        def arm(prefix: str, r: pd.Series = r, f: Callable[[Any], str] = f, metric: str = metric) -> Child:
            if pd.isna(r[f"{prefix}_change"]):
                return "—"
            return tag("span", value_span(f(r[f"{prefix}_baseline"]), r, f"{prefix}_baseline", block.keys), " → ",
                       value_span(f(r[f"{prefix}_post"]), r, f"{prefix}_post", block.keys), tag("br"),
                       tag("small", value_span(delta(metric, r[f"{prefix}_change"]), r, f"{prefix}_change",
                                               block.keys)))

        effect: Child = "—"
        if pd.notna(r["effect"]):
            effect = tag("span", value_span(delta(metric, r["effect"]), r, "effect", block.keys), tag("br"), tag(
                "small", "[", value_span(f(r["ci_low"]), r, "ci_low", block.keys), " to ",
                value_span(f(r["ci_high"]), r, "ci_high", block.keys), "]"))
        leaders = tag("span", value_span(str(r["n_program"]), r, "n_program", block.keys), " / ",
                      value_span(str(r["n_comparison"]), r, "n_comparison", block.keys) if r["isolated"] else "—")
        judged = verdict(r)
        rows.append([tag("span", label(metric), tag("br"), tag("small", f"{r['unit']} · {judged.label}")),
                     arm("program"), arm("comparison"), effect, leaders,
                     tag("span", tag("span", judged.words, class_="verdict " + judged.tone),
                         tag("br"), tag("small", f"trends: {r['pretrend']}") if r["isolated"] else None)])
    headers = ["Metric", "Program: baseline → follow-up", "Comparison: baseline → follow-up",
               f"Effect [{level} interval]", "Leaders (program / comp.)", "Verdict"]
    explanations = [f"{label(r['metric'])} ({verdict(r).label}): {r['verdict_text']}." for _, r in frame.iterrows()
                    if verdict(r).kind != NOT_ENOUGH_DATA]
    return section(
        "impact",
        tag("p", f"Windows from the schedule — {_windows_text(data)}." if data.windows else
            "No program cohort with a schedule is selected, so there are no windows to compare."),
        tag("p", f"Primary metric (set on the pilot plan): {label(data.plan.primary_metric)}. Every other metric "
                 "is exploratory: its verdict is adjusted for the number of metrics tested (Holm)."),
        chart(charts.forest_plot(frame, theme=PRINT), "fig-impact",
              f"Effect (program change − comparison change) with its {level} interval; each metric on "
              f"its own scale, zero dashed. {colour_key()}"),
        table(headers, rows, block=block, class_="impact"),
        bullets(explanations) if explanations else None,
        tag("h3", "Before training: each group's baseline trend (program and comparison cohorts)"),
        _baseline_trend_table(data),
        tag("p", f"Impact method version {METHOD_VERSION}.", class_="method-version"),
        intro=("Difference-in-differences: how much more the program leaders' teams changed than the "
               "comparison leaders' teams between the baseline months (before training) and the "
               "follow-up months (after it), using data up to the end of the quarter. The interval is "
               "a Welch t interval over the leaders' changes; if it includes zero the verdict is "
               "inconclusive and says which effects the data are consistent with. The same comparison "
               "on the baseline months alone checks that the cohorts were not already drifting apart."),
    )


def _baseline_trend_table(data: ReportData) -> Markup:
    """Each arm's baseline months, side by side, with its trend per month."""
    block = data.blocks["baseline_trend"]
    frame = block.frame
    months = sorted(frame["period"].unique())
    rows = []
    for (metric, _wave, arm), part in frame.groupby(["metric", "wave", "arm"], sort=False):
        by_month = {r["period"]: r for _, r in part.iterrows()}
        cells: list[Child] = [label(str(metric)), f"{arm} cohort".capitalize()]
        for month in months:
            row = by_month.get(month)
            cells.append("" if row is None else cell(block, row, "value", _fmt(str(metric)), data.min_group))
        first = part.iloc[0]
        cells.append(value_span(delta(str(metric), first["trend_per_month"]), first, "trend_per_month", block.keys))
        rows.append(cells)
    if not rows:
        return tag("div", tag("p", "No baseline months with program and comparison cohorts measured yet.",
                              class_="empty"),
                   table(["Metric", "Group", "Trend per month"], [], block=block))
    return table(["Metric", "Group"] + [month_label(m) for m in months] + ["Trend per month"], rows,
                 block=block, class_="small", numeric_from=2)


# --- 5. ROI -----------------------------------------------------------------------------


def _assumption_value(name: str, value: Any, currency: str) -> str:
    if name == "currency":
        return str(value)
    if name.endswith("_pct"):
        return f"{value:g}%"
    if name.endswith(("_cost", "_costs", "_salary", "_rate")) or name in ("cost_per_escalation",
                                                                          "participant_hourly_cost"):
        return money(value, currency)
    return f"{value:,g}"


def roi_section(data: ReportData) -> Markup:
    block = data.blocks["roi"]
    frame = block.frame
    currency = data.assumptions.currency
    scenarios = [[SCENARIO_NAMES.get(r["scenario"], r["scenario"]),
                  value_span(money(r["benefits"], currency), r, "benefits", block.keys),
                  value_span(money(r["costs"], currency), r, "costs", block.keys),
                  value_span(money(r["net_benefit"], currency), r, "net_benefit", block.keys),
                  value_span(percent(r["roi_pct"]), r, "roi_pct", block.keys),
                  value_span(number(r["bcr"]), r, "bcr", block.keys),
                  value_span(number(r["payback_months"], 1), r, "payback_months", block.keys)]
                 for _, r in frame.iterrows()]
    inputs = data.inputs
    measured = [
        [label, *[metric_value(metric, v) for v in (effect.low, effect.point, effect.high)],
         effect.verdict + ("" if effect.passes else " — not monetised")]
        for label, metric, effect in (
            ("Effect on escalation rate (% points)", "escalation_rate", inputs.escalation),
            ("Effect on annualised voluntary attrition (% points)", "attrition_rate", inputs.attrition))]
    volumes = [["Customer interactions a year (teams with a measured follow-up)", f"{inputs.annual_interactions:,.0f}"],
               ["People in those teams", f"{inputs.team_headcount:,.0f}"],
               ["Leaders trained (cohorts started by the quarter's end)", f"{inputs.participants:,.0f}"]]
    even = [[r["label"], percent(r["needed_relative_pct"]), "yes" if r["passes"] else "no", r["text"]]
            for _, r in data.break_even.iterrows()]
    costs = [[item, money(value, currency)] for item, value in data.costs.items()]
    assumptions = [[ASSUMPTION_LABELS.get(f.name, f.name), tag("code", f.name),
                    _assumption_value(f.name, getattr(data.assumptions, f.name), currency)]
                   for f in fields(Assumptions)]
    verdict_line = (tag("p", tag("strong", NOT_DEMONSTRABLE), ": no monetised effect passes its verdict, so "
                             "every scenario shows the costs alone.", class_="verdict neutral")
                    if not inputs.demonstrable else None)
    return section(
        "roi",
        verdict_line,
        table(["Scenario", "Benefits", "Costs", "Net benefit", "ROI", "Benefit–cost ratio", "Payback (months)"],
              scenarios, block=block),
        chart(charts.roi_chart(frame, theme=PRINT), "fig-roi", "First-year benefits (after attribution and "
              "confidence) against fully loaded costs, per scenario."),
        tag("h3", "Break-even"),
        tag("p", "How far each monetised metric would have to fall, on its own, for the first-year benefits to "
                 "cover the costs, relative to the program teams' baseline."),
        table(["Metric", "Fall needed", "Monetised", "In words"], even),
        tag("h3", "Measured inputs"),
        tag("p", "Only effects that pass their verdict in the impact section are monetised (an inconclusive "
                 "effect counts as none, a worsened one as a negative benefit). The low scenario takes the "
                 "interval end least favourable to the program, the central one the estimate, the best case "
                 "the most favourable end; escalations and attrition improve downwards. Leavers avoided count "
                 f"at most {data.assumptions.attrition_cap_pct:g}% of the measured teams' leavers a year at the "
                 "baseline rate."),
        bullets([note.replace("_", " ").capitalize() + "." for note in inputs.notes]) if inputs.notes else None,
        table(["Effect", "Interval low end", "Point estimate", "Interval high end", "Verdict"], measured),
        table(["Volume", "Value"], volumes),
        tag("h3", "Costs (fully loaded, first year)"),
        table(["Item", "Cost"], costs),
        tag("h3", f"Assumptions ({data.assumptions_source})"),
        table(["Assumption", "Name", "Value"], assumptions, numeric_from=2),
        intro=("Phillips method: benefits = first-year monetised improvements (escalations avoided × "
               "cost per escalation; leavers avoided × salary × replacement multiplier) × attribution × "
               "confidence; ROI = (benefits − costs) ÷ costs; payback = costs ÷ monthly benefits."),
    )


# --- 6–8. unknowns, coverage, privacy ---------------------------------------------------


def unknowns_section(data: ReportData) -> Markup:
    return section("unknowns", bullets(narrative.unknowns(data)))


def _response_grid(data: ReportData) -> Markup:
    block = data.blocks["response_rate"]

    def fmt_row(row: pd.Series) -> Child:
        if row["suppressed"]:  # no count below k: not "2 of 6"
            return value_span(few_answered_label(data.min_group), row, "response_rate_pct", block.keys,
                              class_="suppressed")
        return tag("span", value_span(percent(row["response_rate_pct"]), row, "response_rate_pct", block.keys),
                   tag("br"), tag("small", value_span(str(row["responded"]), row, "responded", block.keys), " of ",
                                  value_span(str(row["invited"]), row, "invited", block.keys)))

    months = _quarter_months(data)
    rows = []
    for cohort, part in block.frame.groupby("cohort", sort=False):
        by_month = {r["period"]: r for _, r in part.iterrows()}
        rows.append([cohort] + [fmt_row(by_month[m]) if m in by_month else "" for m in months])
    return table(["Cohort"] + [month_label(m) for m in months], rows, block=block)


def coverage_section(data: ReportData) -> Markup:
    loaded = [[r["kind"], f"{int(r['rows']):,}", str(int(r["imports"])),
               month_label(r["latest"]) if r["latest"] else "—"] for _, r in data.loaded.iterrows()]
    q = data.quarter
    imports = []
    for _, r in data.coverage.iterrows():
        months = ("—" if pd.isna(r["first_period"]) else
                  f"{month_label(r['first_period'])} – {month_label(r['last_period'])}")
        used = "yes" if pd.isna(r["first_period"]) or r["first_period"] <= q.last_month else "after the quarter"
        imports.append([str(r["import_id"]), r["file_name"], r["kind"], f"{int(r['current_rows']):,}", months,
                        f"{r['imported_at']:%Y-%m-%d}", r["imported_by"], r["source"],
                        tag("code", str(r["file_sha256"] or "")[:12]), used])
    checks = [f"{'pass' if c.passed else 'FAIL'} — {reader_text(c.description)}"
              + ("" if c.passed else f" ({len(c.rows)} rows)")
              for c in data.checks]
    return section(
        "coverage",
        tag("h3", "What is loaded"),
        table(["Kind", "Rows", "Imports", "Latest month"], loaded),
        tag("h3", "Imports behind this report"),
        tag("p", "Every stored row carries the import it came from; undoing an import removes exactly "
                 "its rows. SHA-256 identifies the exact file."),
        table(["Id", "File", "Kind", "Rows now", "Months", "Imported", "By", "Via", "SHA-256", "Used"],
              imports, class_="small", numeric_from=3) if imports else tag("p", "No imports yet.", class_="empty"),
        tag("h3", f"Pulse response rates, {q.span_label}"),
        tag("p", "Team members who answered as direct reports, of those on the roster that month."),
        _response_grid(data),
        tag("h3", "Data-quality checks"),
        bullets(checks),
        intro=(f"Where the numbers come from. Everything up to the end of {month_label(q.last_month)} "
               "is read; nothing after it."),
    )


def privacy_section(data: ReportData) -> Markup:
    return section("privacy", bullets(narrative.privacy_lines(data)))


# --- appendices -------------------------------------------------------------------------


def methods_section(data: ReportData) -> Markup:
    metrics = [[tag("span", label(m.name), tag("br"), tag("small", tag("code", m.name))), m.layer, m.unit_label,
                "higher" if m.higher_is_better else "lower", reader_text(m.formula), reader_text(m.description)]
               for m in METRICS.values()]
    k = data.min_group
    definitions = [
        ("The quarter", f"{data.quarter.label} is {data.quarter.span_label}. Nothing after its last "
         "month is read. The chain and the response rates cover the quarter's three months and compare "
         f"them with the three months before; trends show up to {TREND_QUARTERS} quarters ending with "
         "this one; impact, ROI, targets and rubric change use every month up to the quarter's end, "
         "with baseline and follow-up windows from the schedule."),
        ("Rater groups", "Team ratings = by peers and direct reports; self = the leader's own rating (not in "
         "this report)."),
        ("Phases", "Cohorts whose module dates overlap form a wave. Baseline = months before the wave's "
         "first module starts; program = months with modules; follow-up = months after the month the "
         "last module ends. Comparison cohorts take the first wave's months."),
        ("Quarter over quarter", "Each KPI is computed with the whole quarter as one period (answers "
         "pooled over its months), by the same definitions as the monthly tables; the change is this "
         "quarter's rounded value minus the previous quarter's."),
        ("Impact", "Per leader: change = follow-up − baseline. Effect = mean change of program leaders − "
         "mean change of comparison leaders, with a Welch t interval (Satterthwaite degrees of freedom) over "
         "the leaders' changes. Several waves are each compared over their own months and pooled, weighted by "
         "program leaders, their variances combined with Satterthwaite degrees of freedom. The rubric: a "
         "one-sample t interval of the program leaders' changes."),
        ("Primary and exploratory", f"The primary metric ({label(data.plan.primary_metric)}) is set on the pilot plan "
         "before the data are in and judged at the interval's level; every other metric is exploratory, its "
         "p-value Holm-adjusted over the exploratory metrics."),
        ("Parallel trends", "A placebo difference-in-differences on the baseline months: the late baseline "
         "months against the early ones (with three months, the third against the first), program − "
         f"comparison, same interval. It needs {data.plan.pretrend_months} baseline months (the plan's "
         "setting; never fewer than 3). Failed: the interval leaves out zero — the cohorts were already "
         "drifting apart. Not ruled out: a drift within the interval, continued to the follow-up, could explain the "
         "effect. Not checked: too few baseline months."),
        ("Verdicts", "Improved / worsened: the interval leaves out zero (after Holm for exploratory metrics) and "
         "the parallel-trends check did not fail. Otherwise: inconclusive — consistent with the interval; or, "
         "when the check failed, the cohorts were already drifting apart. Not enough data: fewer than "
         f"{MIN_LEADERS} program or comparison leaders after privacy exclusions. Fewer than {SMALL_SAMPLE_DF} "
         "degrees of freedom: the verdict says the sample is small. The rubric has no comparison cohort: change (not "
         "isolated), never improved."),
        ("ROI", "Phillips: benefits = first-year monetised improvements × attribution % × confidence %, from "
         "the effects that pass their verdict only (a worsened one is a negative benefit), over the teams "
         "with a measured follow-up; leavers avoided capped at a share of the baseline's leavers; costs fully "
         "loaded; BCR = benefits ÷ costs; ROI % = (benefits − costs) ÷ costs × 100; payback months = costs ÷ "
         "(benefits ÷ 12). Low / central / best case: the interval end least favourable to the program, the "
         "estimate, the most favourable end. Break-even: the fall in a metric that alone pays back the costs."),
        ("Method version", f"{METHOD_VERSION}: the version of the impact and ROI method that produced this "
         "report's verdicts (also a column of the impact and ROI tables and their exports)."),
        ("Targets", "Progress = (latest − baseline) ÷ (target − baseline); latest = the program cohorts over "
         "the last three months with data up to the quarter's end."),
        ("Privacy", f"k = {k} (never below {LOWEST_MIN_GROUP}) distinct respondents on the roster; every "
         "figure pools only leader-month-question cells that reach k on their own, so no two figures "
         "differ by a hidden group; hidden cells show no value and no count; a figure that left a cell "
         "out says 'some small groups are not included'; comments need "
         f"{COMMENT_MIN_GROUP}. Rubric ratings describe leaders and are not hidden."),
        ("Rounding", "Percentages to one decimal, other values to two, half away from zero, once, as "
         "tables leave the KPI layer."),
    ]
    caveats = [
        "Pilots are small: with about ten leaders on each side, an interval is wide and only large effects "
        "are distinguishable from noise. \"Inconclusive\" means \"not shown yet\", not \"no effect\".",
        "With three baseline months the parallel-trends check can only catch a fast drift; a slow one that "
        "continued through the follow-up could still explain an effect (the verdict then says so).",
        f"Program or comparison cohorts with fewer than {MIN_LEADERS} leaders with both windows give no "
        "estimate at all.",
        "Leaders are not randomly assigned to the program: the comparison cohort removes shared trends "
        "(season, company events) but not differences in who was chosen.",
        "Month-to-month movements of a cohort of 50–100 respondents are mostly noise; read trends over "
        "several months.",
        "Rubric change is measured only for program leaders, by facilitators who know who was trained.",
        "Business outcomes respond slowly; a quarter after training is an early look.",
    ]
    tables = [[tag("code", t.name), reader_text(t.grain.replace(" × arm", " × group")), reader_text(t.description)]
              for t in TABLES.values()]
    return section(
        "methods",
        tag("h3", "Definitions"),
        tag("dl", [(tag("dt", t), tag("dd", d)) for t, d in definitions], class_="definitions"),
        tag("h3", "Caveats for small samples"),
        bullets(caveats),
        tag("h3", "KPIs (from the KPI registry)"),
        table(["KPI", "Layer", "Unit", "Better", "Formula", "What it tells"], metrics, class_="small", numeric_from=99),
        tag("h3", "KPI tables"),
        table(["Table", "Grain", "Contents"], tables, class_="small", numeric_from=99),
    )


def command(block: Block) -> str:
    return block.command("--format", "csv")


def reproduce_section(data: ReportData) -> Markup:
    uses = {"period_summary": "chain, summary", "participation": "chain", "response_rate": "coverage",
            "pulse_trend": "trends", "enps": "trends", "rubric_progress": "trends", "business": "trends",
            "rubric_change": "chain", "impact": "impact, summary", "baseline_trend": "impact",
            "targets": "summary", "roi": "ROI, summary"}
    rows = [[uses.get(name, ""), tag("code", command(block))] for name, block in data.blocks.items()]
    return section(
        "reproduce",
        table(["Used in", "Command (add --db PATH)"], rows, class_="commands small", numeric_from=99),
        intro=("Every table in this report is a KPI table for the filters below; run the command on the "
               "same database to get the same numbers (also as --format xlsx --out FILE.xlsx)."),
    )


BUILDERS: tuple[Callable[[ReportData], Markup], ...] = (
    summary_section, chain_section, trends_section, impact_section, roi_section, unknowns_section,
    coverage_section, privacy_section, methods_section, reproduce_section,
)
