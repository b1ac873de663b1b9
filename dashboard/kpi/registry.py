"""Every KPI's definition in one place: the CLI, the pages, the report and the README's
methods table all read their labels, units, directions and formulas from here."""

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
           "mean of peers' and direct reports' Likert answers",
           "How team members and peers rate the leader's digital empathy, on the 1–5 (or 1–7) scale."),
    Metric("favourable_pct", "Favourable answers", "behaviour", "pct", True,
           "answers ≥ 4 on a 5-point scale (≥ 6 on 7-point) ÷ answers × 100",
           "Share of others' answers that agree or strongly agree."),
    Metric("enps", "eNPS", "behaviour", "points", True,
           "% promoters (9–10) − % detractors (0–6) among others' 0–10 answers",
           "Employee net promoter score from the recommend question; from −100 to +100."),
    Metric("self_gap", "Self–others gap", "behaviour", "score", False,
           "leader's self mean − mean of others' ratings, same month",
           "How much higher leaders rate themselves than their team does; closer to zero is better."),
    Metric("rubric_level", "Rubric level", "behaviour", "level", True,
           "mean facilitator level (1 Not Evident … 4 Mastery); change = latest − first",
           "Observed skill on tone recognition, response adaptation and reflective follow-up."),
    Metric("consistent_plus_pct", "Consistent or above", "behaviour", "pct", True,
           "leaders at level ≥ 3 ÷ leaders assessed × 100",
           "Share of leaders showing the skill consistently."),
    Metric("completion_pct", "Completion", "participation", "pct", True,
           "people who completed the activity at least once ÷ leaders expected × 100",
           "Microlearning completion, live-practice attendance and coaching uptake by module."),
    Metric("response_rate_pct", "Response rate", "participation", "pct", True,
           "team members who answered ÷ team members on the roster that month × 100",
           "How many invited team members answered the pulse."),
    Metric("escalation_rate", "Escalation rate", "business", "pct", False,
           "escalations ÷ interactions × 100", "Share of customer interactions escalated."),
    Metric("attrition_rate", "Voluntary attrition (annualised)", "business", "pct", False,
           "voluntary exits ÷ average headcount × 12 ÷ months × 100",
           "Voluntary leavers per year as a share of the team; retention is its complement."),
    Metric("csat", "CSAT", "business", "score", True, "mean of the teams' CSAT",
           "Customer satisfaction as reported per team."),
    Metric("clarifications_per_100", "Clarifications per 100 messages", "business", "pct", False,
           "clarification requests ÷ messages × 100",
           "Follow-up questions needed to understand a message; fewer means clearer messages."),
    Metric("meeting_participation", "Meeting participation", "business", "pct", True,
           "mean meeting participation rate × 100", "Share of attendees who speak or contribute."),
    Metric("response_hours", "Median response time", "business", "hours", False,
           "mean of the teams' median response hours", "How quickly messages get an answer."),
]}

# The metrics the impact table estimates, in display order.
IMPACT_METRICS = ("pulse_mean", "favourable_pct", "enps", "escalation_rate", "attrition_rate",
                  "csat", "clarifications_per_100", "meeting_participation", "response_hours",
                  "rubric_level")
BUSINESS_METRICS = ("escalation_rate", "attrition_rate", "csat", "clarifications_per_100",
                    "meeting_participation", "response_hours")


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
    Table("rubric_progress", "Rubric progress", "cohort × module × dimension × period",
          ("cohort", "module_id", "dimension", "period", "n_leaders", "mean_level",
           "consistent_plus_pct"),
          "Mean rubric level and share at Consistent or above per assessment month."),
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
          "Change in the program cohort minus change in the comparison cohort, with a "
          "bootstrap interval over leaders and a verdict in words."),
    Table("roi", "Return on investment (Phillips)", "scenario",
          ("scenario", "benefits", "costs", "net_benefit", "roi_pct", "bcr", "payback_months"),
          "First-year monetised benefits of the measured effects against fully loaded costs, "
          "in conservative, expected and optimistic scenarios."),
    Table("targets", "Targets", "KPI",
          ("kpi", "target", "baseline", "latest", "change", "progress_pct", "status"),
          "The pilot's targets against the program arm's baseline and latest value."),
    Table("period_summary", "Period summary", "cohort × metric",
          ("cohort", "arm", "metric", "value", "previous_value", "change", "n", "suppressed"),
          "Each pulse, response-rate and business KPI over the whole --from..--to range per "
          "cohort, next to the same number of months just before it (quarter over quarter)."),
]}
