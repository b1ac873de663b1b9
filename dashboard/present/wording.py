"""Plain words for an HR leader: each KPI's everyday name, what better means, and a short
glossary of the few terms the pages cannot avoid.

The registry's labels ("Pulse score (others)") stay the analyst's names (tables, CLI, exports);
the Overview, the answer banner and the charts an HR leader reads use these.
"""

from __future__ import annotations

import re

from dashboard.kpi.registry import METRICS

PLAIN: dict[str, str] = {
    "pulse_mean": "Team-rated empathy",
    "favourable_pct": "Team members who agree",
    "enps": "Team eNPS",
    "rubric_level": "Facilitator-rated skill",
    "escalation_rate": "Escalated interactions",
    "attrition_rate": "Voluntary leavers a year",
    "csat": "Customer satisfaction",
    "clarifications_per_100": "Clarifications per 100 messages",
    "meeting_participation": "Meeting participation",
    "response_hours": "Response time",
    "completion_pct": "Completion",
    "self_gap": "Self rating above the team's",
}
# what one unit of a metric's effect is measured on, said once after the number
SCALE: dict[str, str] = {"pulse_mean": "on the 1–5 scale", "rubric_level": "on the 1–4 rubric",
                         "csat": "on the CSAT scale"}


def scale_words(metric: str, unit: object = None) -> str:
    """What one unit of ``metric``'s effect is measured on: the pulse score's follows the unit
    its table pooled it in ("score (1–7 scale)": "on the 1–7 scale"; a pool of mixed scales:
    "in % of scale range (questions on …)"), every other metric's is ``SCALE``'s."""
    text = unit if isinstance(unit, str) else ""
    if metric == "pulse_mean" and text.startswith("%"):
        return f"in {text}"
    found = re.fullmatch(r"score \((\d+–\d+) scale\)", text) if metric == "pulse_mean" else None
    return f"on the {found.group(1)} scale" if found else SCALE.get(metric, "")

GLOSSARY: dict[str, str] = {
    "comparison cohort": "Leaders who did not take the training, measured over the same months: "
                         "what would have happened anyway.",
    "effect": "The program cohort's change from before to after training minus the comparison "
              "cohort's change over the same months.",
    "likely range": "The range of effects the data are consistent with (the 95% interval). When it includes zero, "
                "the effect cannot be told apart from noise yet.",
    "inconclusive": "The interval includes zero: the data do not show a change either way yet.",
    "not isolated": "A change with nothing to compare it with (no comparison cohort): other "
                    "causes cannot be ruled out.",
    "primary": "The one measure the pilot plan named in advance; every other measure is exploratory "
               "and held to a stricter bar because many are tested at once.",
    "parallel trends": "Before training, both cohorts should move alike; if they were already "
                       "drifting apart, an effect may be that drift.",
    "team ratings": "Ratings by the leader's peers and direct reports (not the leader's own).",
}


# The registry's names said for a reader: "others" is the analysts' word for the team raters.
READER_WORDS = ((" (others)", " (team ratings)"), ("Self–others", "Self–team"), ("others' ", "team members' "),
                ("for others (peers", "for team members (peers"), ("program arm's", "program cohorts'"),
                ("Each arm's", "Each group's"), ("same arm (program", "same group (program"),
                ("leader × module × dimension", "leader, module and dimension"))


def label(metric: str) -> str:
    """The registry's label as a reader sees it: 'Pulse score (team ratings)'."""
    return reader_text(METRICS[metric].label) if metric in METRICS else metric


def reader_text(text: str) -> str:
    """A registry text (label, formula, description) in the reader's words."""
    for old, new in READER_WORDS:
        text = text.replace(old, new)
    return text


def plain(metric: str) -> str:
    """The KPI's everyday name (the registry's label when there is none)."""
    return PLAIN.get(metric) or METRICS[metric].label


def better(metric: str) -> str:
    """'higher is better' / 'lower is better'."""
    return "higher is better" if METRICS[metric].higher_is_better else "lower is better"


def glossary_help(*terms: str) -> str:
    """Help text (a tooltip) explaining ``terms`` from the glossary."""
    return "  \n".join(f"**{term.capitalize()}**: {GLOSSARY[term]}" for term in terms)
