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
           "mean of peers' and direct reports' Likert answers, reverse-scored questions flipped first; "
           "on the questions' scale when they share one, else each answer on % of its scale's range "
           "((score − low) ÷ (high − low) × 100) before the mean",
           "How team members and peers rate the leader's digital empathy, on the questions' scale "
           "(or percent of each scale's range when their scales differ).",
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
           "the leader's mean self answer − the mean of others' answers, same month (both pooled as "
           "the pulse score)",
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

    Every count of the cell must reach k (``count`` and each of ``counts``): no count below k
    leaves the KPI layer. A hidden cell's ``values`` and counts are emptied (never 0) and its
    ``flag`` is set.
    """

    count: str  # the distinct respondents (or people) behind the cell; k applies to it
    values: tuple[str, ...]  # respondent-based values, emptied when the cell is hidden
    counts: tuple[str, ...] = ()  # further counts: each must reach k too, emptied with the cell
    # the rows subject to k, as (column, values); none: every row (self ratings are not)
    subject: tuple[tuple[str, tuple[str, ...]], ...] = ()
    flag: str = "suppressed"
    # a row whose count is empty has no such cell (no period before the data starts)
    optional: bool = False


@dataclass(frozen=True)
class Privacy:
    """How one KPI table keeps respondents anonymous.

    ``rule`` is ``"cells"`` (respondent-based cells, hidden by the gate below k on the way out of
    ``kpi.compute``), ``"teams"`` (business outcomes: a cohort-month of fewer than k people is
    hidden the same way, though no respondent's answer is in it), ``"pooled"`` (a figure pooled
    over many cells, with no cell of its own to hide) or ``"none"`` (no respondent's answer in
    it); ``why`` says it in words.

    Every table built from answers reads them from ``source``: one of the gated SQL sources
    (``queries/staging``: ``visible_answers``/``hidden_cells`` at the pulse's base cells,
    ``impact_leader_period`` over them, ``business_cells``), which only hold cells visible on
    their own at k — so no two outputs can differ by a hidden cell. ``excluded`` names the flag
    columns that say "some small groups are not included" (never a count or a name).
    """

    rule: str
    why: str
    cells: tuple[Cells, ...] = ()
    source: str = ""
    excluded: tuple[str, ...] = ()


_OTHERS_ONLY = (("rater_group", ("others",)),)
_RESPONDENT_ROWS = (("metric", RESPONDENT_METRICS),)
_BUSINESS_ROWS = (("metric", BUSINESS_METRICS),)
_CELLS = "visible_answers"
_POOLED = "impact_leader_period"

PRIVACY: dict[str, Privacy] = {
    "pulse_trend": Privacy("cells", "a cohort-month-question pools the leaders' cells with k "
                           "respondents; self ratings are the leader's own", (
        Cells("n", ("mean_score", "favourable_pct", "ci_low", "ci_high", "pooled_mean"), ("answers",),
              subject=_OTHERS_ONLY),), _CELLS, ("some_excluded",)),
    "enps": Privacy("cells", "a cohort-month pools the leaders' cells with k respondents", (
        Cells("n", ("promoters_pct", "detractors_pct", "enps")),), _CELLS, ("some_excluded",)),
    "self_gap": Privacy("cells", "others' score pools the leader's question cells with k "
                        "respondents (the cohort's figures pool the same cells)", (
        Cells("n_others", ("others_score", "gap")),), _CELLS, ("some_excluded",)),
    "response_rate": Privacy("cells", "a cohort-month needs k team members on the roster and k "
                             "direct reports answering in the cells with k respondents", (
        Cells("invited", ("response_rate_pct",), ("responded",)),), _CELLS, ("some_excluded",)),
    "period_summary": Privacy("cells", "a survey window pools the cells with k respondents (and the "
                              "months whose response rate is shown); business outcomes pool the "
                              "cohort-months of k or more people", (
        Cells("n", ("value", "change"), subject=_RESPONDENT_ROWS),
        Cells("previous_n", ("previous_value", "change"), subject=_RESPONDENT_ROWS,
              flag="previous_suppressed", optional=True),
        Cells("headcount", ("value", "change"), subject=_BUSINESS_ROWS),
        Cells("previous_headcount", ("previous_value", "change"), subject=_BUSINESS_ROWS,
              flag="previous_suppressed", optional=True)),
        _CELLS, ("some_excluded", "previous_some_excluded")),
    "impact": Privacy("pooled", "each leader's windows pool only cells with k respondents and "
                      "cohort-months of k or more people", source=_POOLED, excluded=("some_excluded",)),
    "baseline_trend": Privacy("pooled", "each arm-month mean pools only the leaders' cells visible at k; "
                              "an arm-month with a hidden cell of a leader the estimate uses is hidden",
                              source=_POOLED),
    "targets": Privacy("pooled", "the latest value pools the last three months' cells with k "
                       "respondents; the baseline is the impact table's", source=_POOLED,
                       excluded=("some_excluded",)),
    "roi": Privacy("pooled", "built from the impact table's effects", source=_POOLED),
    "business": Privacy("teams", "team outcomes are shown pooled per cohort; a cohort-month of "
                        "fewer than k people is hidden", (
        Cells("headcount", ("value",)),), "business_cells"),
    "rubric_progress": Privacy("none", "rubric ratings describe leaders, not respondents"),
    "rubric_change": Privacy("none", "rubric ratings describe leaders, not respondents"),
    "rubric_points": Privacy("none", "rubric ratings describe leaders, not respondents"),
    "participation": Privacy("none", "activity records describe leaders, not respondents"),
}
