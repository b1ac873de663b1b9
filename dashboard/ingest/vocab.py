"""The words exports use for the same thing, and what each means in canonical data.

Everything here is matched after :func:`norm_token`: lower case, every run of
non-alphanumeric characters turned into one underscore, trimmed. So "Direct report",
"direct-report" and "DIRECT_REPORT" are all ``direct_report``. The SQL side applies the same
normalisation (``queries/ingest/*.sql``), so both sides must stay in step.
"""

from __future__ import annotations

import re
import unicodedata

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def norm_token(value: str) -> str:
    """Normalise a label or category the way the ingest SQL does."""
    text = unicodedata.normalize("NFKC", value).replace("\ufeff", "")
    return _NON_ALNUM.sub("_", text.lower()).strip("_")


def norm_header(value: str) -> str:
    """Normalise a column header: also split camelCase (``ResponseId`` -> ``response_id``)."""
    text = unicodedata.normalize("NFKC", value).replace("\ufeff", "").strip()
    return norm_token(_CAMEL.sub("_", text))


# Scales: name -> (lowest, highest) valid score.
SCALES: dict[str, tuple[int, int]] = {"likert5": (1, 5), "likert7": (1, 7), "nps11": (0, 10)}

SCALE_ALIASES: dict[str, str] = {
    "likert5": "likert5", "likert_5": "likert5", "5": "likert5", "5_point": "likert5",
    "1_5": "likert5", "likert": "likert5", "agree5": "likert5",
    "likert7": "likert7", "likert_7": "likert7", "7": "likert7", "7_point": "likert7",
    "1_7": "likert7",
    "nps11": "nps11", "nps_11": "nps11", "nps": "nps11", "enps": "nps11", "0_10": "nps11",
    "11_point": "nps11",
}

# Answer labels per scale. Several vocabularies share a scale (agreement, frequency,
# satisfaction, likelihood, extent); each is listed lowest first.
_LIKERT5_VOCABULARIES = [
    ["strongly disagree", "disagree", "neither agree nor disagree", "agree", "strongly agree"],
    ["never", "rarely", "sometimes", "often", "always"],
    ["very dissatisfied", "dissatisfied", "neither satisfied nor dissatisfied", "satisfied",
     "very satisfied"],
    ["very unlikely", "unlikely", "neither likely nor unlikely", "likely", "very likely"],
    ["not at all", "slightly", "moderately", "very", "extremely"],
    ["very poor", "poor", "fair", "good", "excellent"],
    ["not at all important", "slightly important", "moderately important", "very important",
     "extremely important"],
]
_LIKERT5_SYNONYMS = {
    "neutral": 3, "neither agree or disagree": 3, "neither disagree nor agree": 3,
    "undecided": 3, "somewhat disagree": 2, "somewhat agree": 4, "completely disagree": 1,
    "completely agree": 5, "totally disagree": 1, "totally agree": 5,
    "very often": 5, "almost always": 5, "almost never": 1, "occasionally": 3,
    "neither satisfied or dissatisfied": 3, "neither likely or unlikely": 3,
    "not at all satisfied": 1, "extremely satisfied": 5, "extremely dissatisfied": 1,
}
_LIKERT7_VOCABULARIES = [
    ["strongly disagree", "disagree", "somewhat disagree", "neither agree nor disagree",
     "somewhat agree", "agree", "strongly agree"],
    ["very dissatisfied", "dissatisfied", "somewhat dissatisfied",
     "neither satisfied nor dissatisfied", "somewhat satisfied", "satisfied", "very satisfied"],
    ["extremely unlikely", "unlikely", "somewhat unlikely", "neither likely nor unlikely",
     "somewhat likely", "likely", "extremely likely"],
]
_LIKERT7_SYNONYMS = {
    "slightly disagree": 3, "slightly agree": 5, "mildly disagree": 3, "mildly agree": 5,
    "moderately disagree": 2, "moderately agree": 6, "neutral": 4,
    "neither agree or disagree": 4, "completely disagree": 1, "completely agree": 7,
    "very unlikely": 1, "very likely": 7,
}
_NPS_LABELS = {
    "not at all likely": 0, "not likely at all": 0, "extremely unlikely": 0,
    "extremely likely": 10, "very likely": 10,
}


def _scale_labels() -> dict[str, dict[str, int]]:
    labels: dict[str, dict[str, int]] = {"likert5": {}, "likert7": {}, "nps11": {}}
    for vocabulary in _LIKERT5_VOCABULARIES:
        for value, label in enumerate(vocabulary, start=1):
            labels["likert5"][norm_token(label)] = value
    for label, value in _LIKERT5_SYNONYMS.items():
        labels["likert5"][norm_token(label)] = value
    for vocabulary in _LIKERT7_VOCABULARIES:
        for value, label in enumerate(vocabulary, start=1):
            labels["likert7"][norm_token(label)] = value
    for label, value in _LIKERT7_SYNONYMS.items():
        labels["likert7"][norm_token(label)] = value
    for label, value in _NPS_LABELS.items():
        labels["nps11"][norm_token(label)] = value
    return labels


SCALE_LABELS: dict[str, dict[str, int]] = _scale_labels()

# Answers that mean "no answer" (never zero). Negative numeric codes are handled in SQL.
MISSING_TOKENS: frozenset[str] = frozenset(
    norm_token(token)
    for token in [
        "n/a", "na", "n.a.", "not applicable", "no basis", "no basis for evaluation",
        "no basis to judge", "no basis for judgement", "no basis for judgment",
        "don't know", "dont know", "do not know", "unknown", "prefer not to say",
        "prefer not to answer", "rather not say", "unsure", "not sure", "skip", "skipped",
        "none", "null", "-", "--", "—", "not observed", "no opinion", "cannot say",
        "can't say", "unable to rate", "not able to rate",
    ]
    if norm_token(token)
) | frozenset({""})

# Rubric levels.
RUBRIC_LEVELS: dict[str, int] = {
    "not_evident": 1, "notevident": 1, "not_yet_evident": 1, "not_evidenced": 1,
    "emerging": 2, "developing": 2,
    "consistent": 3, "proficient": 3,
    "mastery": 4, "mastered": 4, "exemplary": 4,
    "1": 1, "2": 2, "3": 3, "4": 4,
}
RUBRIC_LEVEL_NAMES = {1: "Not Evident", 2: "Emerging", 3: "Consistent", 4: "Mastery"}
RUBRIC_DIMENSIONS = ("tone_recognition", "response_adaptation", "reflective_follow_up")

# Categorical fields: canonical values and the other spellings exports use.
CATEGORIES: dict[str, dict[str, list[str]]] = {
    "role": {
        "leader": ["manager", "team_leader", "team_lead", "lead", "supervisor"],
        "member": ["team_member", "employee", "report", "direct_report", "staff"],
    },
    "arm": {
        "program": ["programme", "treatment", "pilot", "intervention", "trained"],
        "comparison": ["control", "comparison_group", "control_group", "untrained"],
    },
    "rater_type": {
        "self": ["self_rating", "self_assessment", "leader", "own"],
        "peer": ["colleague", "peers", "peer_leader"],
        "direct_report": ["directreport", "direct", "report", "team_member", "member",
                          "employee", "subordinate", "dr", "direct_reports"],
    },
    "assessor_type": {
        "facilitator": ["coach", "trainer", "assessor", "observer", "facilitators"],
        "peer": ["colleague", "peers"],
        "self": ["self_assessment", "self_rating", "leader"],
    },
    "activity": {
        "microlearning": ["micro_learning", "microlearning_card", "card", "e_learning",
                          "elearning", "micro"],
        "live_practice": ["live", "role_play", "roleplay", "live_role_play", "practice",
                          "live_session", "workshop"],
        "coaching": ["coaching_session", "coach", "one_to_one", "1_1"],
    },
    "exit_reason": {
        "voluntary": ["resigned", "resignation", "quit", "vol"],
        "involuntary": ["terminated", "dismissed", "laid_off", "layoff", "invol", "redundancy"],
    },
    "status": {
        "completed": ["complete", "done", "finished", "attended", "passed", "yes"],
        "in_progress": ["started", "in_process", "ongoing"],
        "not_started": ["enrolled", "assigned", "not_completed", "incomplete", "no"],
        "no_show": ["absent", "missed", "did_not_attend", "dna"],
    },
}


def category_map(field: str) -> dict[str, str]:
    """Every accepted spelling of a categorical field -> its canonical value."""
    mapping: dict[str, str] = {}
    for value, aliases in CATEGORIES[field].items():
        mapping[norm_token(value)] = value
        for alias in aliases:
            mapping[norm_token(alias)] = value
    return mapping


# Outcome metrics with a defined meaning; any other metric is kept as a custom metric.
STANDARD_METRICS = (
    "headcount", "voluntary_exits", "escalations", "interactions", "csat",
    "clarification_requests", "messages", "meeting_participation_rate", "median_response_hours",
)
COUNT_METRICS = frozenset(
    {"headcount", "voluntary_exits", "escalations", "interactions", "clarification_requests",
     "messages"}
)

# Column headers that hold personal data. Such columns are dropped unless mapped to a field.
PERSONAL_HEADERS = frozenset(
    norm_header(h)
    for h in [
        "name", "first name", "last name", "full name", "firstname", "lastname", "surname",
        "given name", "family name", "email", "e-mail", "email address", "e-mail address",
        "mail", "ip", "ip address", "ipaddress", "location", "location latitude",
        "location longitude", "latitude", "longitude", "address", "street", "phone",
        "phone number", "mobile", "recipient first name", "recipient last name",
        "recipient email", "recipientfirstname", "recipientlastname", "recipientemail",
        "name2", "employee name", "respondent name", "city", "postcode", "zip", "zip code",
    ]
)

# Words that make any header personal data (a header is split at '_' after norm_header):
# "Manager E-mail", "IP Country", "Geo Latitude", "Contact Phone" ...
PERSONAL_WORDS = frozenset({
    "email", "mail", "emailaddress", "ip", "ipaddress", "ipv4", "ipv6", "latitude", "longitude",
    "lat", "lng", "lon", "geo", "geolocation", "gps", "location", "city", "street", "address",
    "postcode", "postal", "zip", "zipcode", "phone", "telephone", "mobile", "cellphone",
    "username", "login", "birthday", "birthdate", "dob", "firstname", "lastname", "surname",
    "fullname",
})
# "name" makes a header personal next to a word for a person ("Manager Name", "Full name").
_PERSON_WORDS = frozenset({
    "first", "last", "full", "given", "family", "middle", "maiden", "display", "manager",
    "employee", "respondent", "recipient", "leader", "person", "user", "coach", "contact",
    "member", "staff", "participant", "assessor", "rater", "reviewer", "supervisor",
})


def personal_header(key: str) -> bool:
    """Whether a normalised header (:func:`norm_header`) names personal data: one of
    :data:`PERSONAL_HEADERS`, or a header holding a personal word. Such a column is dropped
    unless it is mapped to a field."""
    if key in PERSONAL_HEADERS:
        return True
    words = set(key.split("_"))
    return bool(words & PERSONAL_WORDS) or ("name" in words and bool(words & _PERSON_WORDS))
