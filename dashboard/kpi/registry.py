"""Every KPI's definition in one place: the CLI, the pages, the report and the README's
methods table all read their labels, units, directions and formulas from here — and the
privacy gate reads which cells of each table are respondent-based (``PRIVACY``)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Metric:
    """One measured quantity."""

    name: str
    label: str
    layer: str  # participation, behaviour, business
    unit: str  # pct, points, score, hours, level
    higher_is_better: bool
    formula: str
    description: str
    # built from anonymous respondents' answers, so k applies (DESIGN.md §Privacy); every
    # module reads the set from here (``RESPONDENT_METRICS``), the SQL gets it bound
    respondent_based: bool = False

    @property
    def decimals(self) -> int:
        """Percentages to one decimal, everything else to two."""
        return 1 if self.unit in ("pct", "points") else 2

    @property
    def unit_label(self) -> str:
        return {"pct": "%", "points": "points", "score": "score", "hours": "hours",
                "level": "level (1–4)"}[self.unit]


METRICS: dict[str, Metric] = {m.name: m for m in [
    Metric("pulse_mean", "Pulse score (others)", "behaviour", "score", True,
           "mean of peers' and direct reports' Likert answers, reverse-scored questions flipped first",
           "How team members and peers rate the leader's digital empathy, on the 1–5 (or 1–7) scale.",
           respondent_based=True),
    Metric("favourable_pct", "Favourable answers", "behaviour", "pct", True,
           "answers ≥ 4 on a 5-point scale (≥ 6 on 7-point) ÷ answers × 100, reverse-scored "
           "questions flipped first",
           "Share of others' answers that agree or strongly agree.",
           respondent_based=True),
    Metric("enps", "eNPS", "behaviour", "points", True,
           "% promoters (9–10) − % detractors (0–6) among others' 0–10 answers (the leader's "
           "own answer excluded)",
           "Employee net promoter score from the recommend question; from −100 to +100.",
           respondent_based=True),
    Metric("self_gap", "Self–others gap", "behaviour", "score", False,
           "the leader's mean self answer − the mean of others' answers, same month",
           "How much higher leaders rate themselves than their team does; closer to zero is better.",
           respondent_based=True),
    Metric("rubric_level", "Rubric level", "behaviour", "level", True,
           "mean level (1 Not Evident … 4 Mastery; facilitator ratings by default); change = "
           "latest − first level per leader × module × dimension, leaders assessed twice or more",
           "Observed skill on tone recognition, response adaptation and reflective follow-up."),
    Metric("consistent_plus_pct", "Consistent or above", "behaviour", "pct", True,
           "leaders at level ≥ 3 ÷ leaders assessed × 100",
           "Share of leaders showing the skill consistently."),
    Metric("completion_pct", "Completion", "participation", "pct", True,
           "leaders of cohorts scheduled for the module who completed the activity at least "
           "once ÷ those leaders × 100",
           "Microlearning completion, live-practice attendance and coaching uptake by module."),
    Metric("response_rate_pct", "Response rate", "participation", "pct", True,
           "team members who answered ÷ team members on the roster that month × 100",
           "How many invited team members answered the pulse.",
           respondent_based=True),
    Metric("escalation_rate", "Escalation rate", "business", "pct", False,
           "escalations ÷ interactions × 100", "Share of customer interactions escalated."),
    Metric("attrition_rate", "Voluntary attrition (annualised)", "business", "pct", False,
           "voluntary exits ÷ average headcount, annualised: × 12 ÷ months × 100",
           "Voluntary leavers per year as a share of the team; retention is its complement."),
    Metric("csat", "CSAT", "business", "score", True, "mean of the teams' CSAT",
           "Customer satisfaction as reported per team."),
    Metric("clarifications_per_100", "Clarifications per 100 messages", "business", "pct", False,
           "clarification requests ÷ messages × 100",
           "Follow-up questions needed to understand a message; fewer means clearer messages."),
    Metric("meeting_participation", "Meeting participation", "business", "pct", True,
           "mean of the teams' meeting participation rate (a 0–1 fraction in the file) × 100",
           "Share of attendees who speak or contribute."),
    Metric("response_hours", "Median response time", "business", "hours", False,
           "mean of the teams' median response hours", "How quickly messages get an answer."),
]}

def definitions_markdown() -> str:
    """The metrics as a Markdown table: README's definitions are this text (a test compares),
    and ``python -m dashboard kpi --definitions`` prints it, so the formula has one source."""
    lines = ["| KPI | name | layer | unit | better | formula |", "|---|---|---|---|---|---|"]
    for m in METRICS.values():
        better = "higher" if m.higher_is_better else "lower"
        lines.append(f"| {m.label} | `{m.name}` | {m.layer} | {m.unit_label} | {better} | "
                     f"{m.formula} |")
    return "\n".join(lines) + "\n"


# The metrics the impact table estimates, in display order.
IMPACT_METRICS = ("pulse_mean", "favourable_pct", "enps", "escalation_rate", "attrition_rate",
                  "csat", "clarifications_per_100", "meeting_participation", "response_hours",
                  "rubric_level")
BUSINESS_METRICS = ("escalation_rate", "attrition_rate", "csat", "clarifications_per_100",
                    "meeting_participation", "response_hours")
# The metrics built from respondents' answers: k applies wherever they are shown or pooled.
RESPONDENT_METRICS = tuple(name for name, metric in METRICS.items() if metric.respondent_based)


@dataclass(frozen=True)
class Table:
    """One KPI table: what ``python -m dashboard kpi NAME`` prints."""

    name: str
    label: str
    grain: str
    columns: tuple[str, ...]
    description: str


TABLES: dict[str, Table] = {t.name: t for t in [
    Table("pulse_trend", "Pulse trend", "cohort × period × question × rater group",
          ("cohort", "period", "phase", "module_id", "question_id", "rater_group", "n",
           "mean_score", "favourable_pct", "suppressed"),
          "Mean score and favourable % per Likert question, by cohort and month, for others "
          "(peers + direct reports) and self ratings."),
    Table("enps", "eNPS", "cohort × period",
          ("cohort", "period", "n", "promoters_pct", "detractors_pct", "enps", "suppressed"),
          "Employee net promoter score from others' 0–10 answers."),
    Table("self_gap", "Self–others gap", "leader × period",
          ("cohort", "leader_id", "period", "self_score", "others_score", "gap", "n_others",
           "suppressed"),
          "Each leader's self rating against the mean of others' ratings the same month."),
    Table("response_rate", "Response rate", "cohort × period",
          ("cohort", "period", "invited", "responded", "response_rate_pct", "suppressed"),
          "Team members who answered the pulse out of those on the roster that month."),
    Table("rubric_progress", "Rubric progress", "cohort × module × dimension × period × assessment point",
          ("cohort", "module_id", "dimension", "period", "n_leaders", "mean_level",
           "consistent_plus_pct"),
          "Mean rubric level and share at Consistent or above per assessment month, with its "
          "assessment point (baseline, mid or end of the module, from the schedule)."),
    Table("rubric_points", "Rubric by assessment point", "cohort × module × dimension × assessment point",
          ("cohort", "module_id", "dimension", "assessment", "n_leaders", "mean_level",
           "consistent_plus_pct"),
          "Mean rubric level and share at Consistent or above at the baseline, mid-point and end "
          "assessment of each module, each leader counted once per point."),
    Table("rubric_change", "Rubric change", "cohort × module × dimension",
          ("cohort", "module_id", "dimension", "n_leaders", "first_level", "latest_level",
           "change"),
          "First and latest assessed level per leader, averaged over leaders assessed twice or more."),
    Table("participation", "Participation", "cohort × module × activity",
          ("cohort", "module_id", "activity", "n_people", "n_completed", "completion_pct"),
          "Microlearning completion, live-practice attendance and coaching by module."),
    Table("business", "Business outcomes", "cohort × period × metric",
          ("cohort", "arm", "period", "metric", "value", "n_teams"),
          "Escalation rate, attrition, CSAT, clarifications, meeting participation and "
          "response time per cohort and month."),
    Table("impact", "Impact (difference-in-differences)", "metric",
          ("metric", "program_change", "comparison_change", "effect", "ci_low", "ci_high",
           "n_program", "n_comparison", "verdict"),
          "Change in the program cohort minus change in the comparison cohort, with a Welch t "
          "interval over leaders, a parallel-trends check, the primary metric and the "
          "exploratory (Holm-adjusted) ones, and a verdict in words."),
    Table("baseline_trend", "Baseline trend", "metric × wave × arm × baseline month",
          ("metric", "wave", "arm", "period", "value", "n_leaders", "trend_per_month"),
          "Each arm's mean over the leaders the impact estimate uses, month by month before "
          "training, and its trend per month: what the parallel-trends check compares."),
    Table("roi", "Return on investment (Phillips)", "scenario",
          ("scenario", "benefits", "costs", "net_benefit", "roi_pct", "bcr", "payback_months"),
          "First-year monetised benefits of the effects that pass their verdict against fully "
          "loaded costs, in low, central and best-case scenarios, with the break-even."),
    Table("targets", "Targets", "KPI",
          ("kpi", "target", "baseline", "latest", "change", "progress_pct", "status"),
          "The pilot's targets against the program arm's baseline and latest value."),
    Table("period_summary", "Period summary", "cohort × metric",
          ("cohort", "arm", "metric", "value", "previous_value", "change", "n", "suppressed"),
          "Each pulse, response-rate and business KPI over the whole --from..--to range per "
          "cohort, next to the same number of months just before it (quarter over quarter)."),
]}


@dataclass(frozen=True)
class Cells:
    """One kind of respondent-based cell in a KPI table: what the privacy gate
    (``privacy.gate``) hides when fewer than k respondents are in it.

    A hidden cell's ``values`` and counts are emptied (never 0) and its ``flag`` is set.
    """

    count: str  # the distinct respondents (or people) behind the cell; k applies to it
    values: tuple[str, ...]  # respondent-based values, emptied when the cell is hidden
    counts: tuple[str, ...] = ()  # further counts emptied with it
    # the smallest cell pooled into this one (it must reach k too); only the gate reads it
    smallest_part: str = ""
    # cells sharing these columns add up to a total published elsewhere: complementary
    # suppression within each such group (None: no total to subtract from)
    siblings: tuple[str, ...] | None = None
    # the rows subject to k, as (column, values); none: every row (self ratings are not)
    subject: tuple[tuple[str, tuple[str, ...]], ...] = ()
    flag: str = "suppressed"
    # a row whose count is empty has no such cell (no period before the data starts)
    optional: bool = False


@dataclass(frozen=True)
class Privacy:
    """How one KPI table keeps respondents anonymous.

    ``rule`` is ``"cells"`` (the gate hides the declared ``cells`` below k on the way out of
    ``kpi.compute``), ``"pooled"`` (the table pools leader-month cells, each asked
    ``privacy.visible`` / the SQL macro ``visible_at`` before it counts) or ``"none"`` (no
    respondent's answer is in it); ``why`` says it in words.
    """

    rule: str
    why: str
    cells: tuple[Cells, ...] = ()


_OTHERS_ONLY = (("rater_group", ("others",)),)
_RESPONDENT_ROWS = (("metric", RESPONDENT_METRICS),)

PRIVACY: dict[str, Privacy] = {
    "pulse_trend": Privacy("cells", "others' cells need k respondents; self ratings are the "
                           "leader's own", (
        Cells("n", ("mean_score", "favourable_pct", "ci_low", "ci_high"), ("answers",),
              subject=_OTHERS_ONLY),)),
    "enps": Privacy("cells", "a cohort-month needs k respondents", (
        Cells("n", ("promoters_pct", "detractors_pct", "enps")),)),
    "self_gap": Privacy("cells", "others' score needs k respondents; sibling leaders are hidden "
                        "until the hidden ones together hold k (the cohort's figure is published)", (
        Cells("n_others", ("others_score", "gap"), siblings=("cohort", "period")),)),
    "response_rate": Privacy("cells", "a cohort-month needs k team members on the roster", (
        Cells("invited", ("response_rate_pct",), ("responded",)),)),
    "period_summary": Privacy("cells", "a survey window needs k respondents and every monthly "
                              "cell inside it must reach k; business outcomes are team numbers", (
        Cells("n", ("value", "change"), smallest_part="min_cell_n", subject=_RESPONDENT_ROWS),
        Cells("previous_n", ("previous_value", "change"), smallest_part="previous_min_cell_n",
              subject=_RESPONDENT_ROWS, flag="previous_suppressed", optional=True))),
    "impact": Privacy("pooled", "a leader enters a survey metric only when a month of each "
                      "window reached k respondents"),
    "baseline_trend": Privacy("pooled", "each arm-month mean pools only leader-month cells that "
                              "reached k respondents on their own (visible_at, in SQL)"),
    "targets": Privacy("pooled", "the latest value leaves out leaders whose team reached k in "
                       "none of the last three months; the baseline is the impact table's"),
    "roi": Privacy("pooled", "built from the impact table's effects"),
    "rubric_progress": Privacy("none", "rubric ratings describe leaders, not respondents"),
    "rubric_change": Privacy("none", "rubric ratings describe leaders, not respondents"),
    "rubric_points": Privacy("none", "rubric ratings describe leaders, not respondents"),
    "participation": Privacy("none", "activity records describe leaders, not respondents"),
    "business": Privacy("none", "team-level outcomes, no respondent data"),
}
