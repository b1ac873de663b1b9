"""The seven canonical kinds of data: their columns, forms and how to recognise them.

This is the single description the importer, the templates and the documentation use; each
kind's natural key is its stored table's, in :mod:`dashboard.store.specs`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dashboard.ingest.vocab import norm_header
from dashboard.store.specs import kind_table


@dataclass(frozen=True)
class Field:
    """One canonical column."""

    name: str
    type: str  # id, text, category, date, timestamp, number, period, scale, bool, level, labels, match
    description: str
    aliases: tuple[str, ...] = ()
    # aliases that give way when another column of the file is also this field (BambooHR's
    # "Termination Reason" beside its "Termination Type"): that column is then kept as extra
    secondary: tuple[str, ...] = ()


@dataclass(frozen=True)
class KindSpec:
    """A canonical kind: required and optional fields, and its long/wide forms."""

    name: str
    label: str
    grain: str
    required: tuple[Field, ...]
    optional: tuple[Field, ...] = ()
    long_fields: tuple[Field, ...] = ()  # the (name, value) pair of the long form
    wide_role: str | None = None  # what the other columns are in the wide form
    example: dict[str, str] = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, ...]:
        """The natural key a re-import is matched on: its stored table's, from the table specs
        (the one place keys are written; the supersede, duplicate and conflict templates use
        the same)."""
        return kind_table(self.name).key_names

    @property
    def fields(self) -> tuple[Field, ...]:
        return self.required + self.optional + self.long_fields

    def field(self, name: str) -> Field:
        for candidate in self.fields:
            if candidate.name == name:
                return candidate
        raise KeyError(name)

    def header_index(self) -> dict[str, str]:
        """Normalised header text -> canonical field name (names and aliases)."""
        index: dict[str, str] = {}
        for candidate in self.fields:
            for spelling in (candidate.name, *candidate.aliases):
                index.setdefault(norm_header(spelling), candidate.name)
        return index


def _f(name: str, type_: str, description: str, *aliases: str, secondary: tuple[str, ...] = ()) -> Field:
    return Field(name, type_, description, aliases + secondary, secondary)


ROSTER = KindSpec(
    name="roster", label="Roster", grain="one row per person",
    required=(
        _f("person_id", "id", "Pseudonymous id of the person (an e-mail is stored as a salted hash)",
           "employee_id", "emp_id", "person", "personid", "employee", "employee_number",
           "worker_id", "employee_no"),
        _f("role", "category", "leader or member", "person_role"),
        _f("cohort", "text", "Cohort name (a member may leave it blank to take their leader's)",
           "cohort_name"),
    ),
    optional=(
        _f("leader_id", "id", "A member's leader (person_id of a leader; a name, 'Name (L01)' or an "
           "e-mail is matched through the roster's name and email columns)", "manager_id",
           "leader", "manager", "managerid", "reports_to", "supervisor", "supervisor_e_id",
           "line_manager"),
        _f("arm", "category", "program or comparison (default program)", "study_arm",
           "condition", "group_arm"),
        _f("team", "text", "Team name", "team_name"),
        _f("location", "text", "Work location (kept only because it is mapped here)"),
        _f("hire_date", "date", "Date of hire", "start_date_employment", "hired_on"),
        _f("exit_date", "date", "Date the person left", "termination_date", "left_on"),
        _f("exit_reason", "category", "voluntary or involuntary", "termination_category",
           "termination_type", "leave_reason", secondary=("termination_reason",)),
        # for matching only: a name or an e-mail in another file finds the person through these;
        # stored only as salted hashes (``match_keys``), never in clear
        _f("name", "match", "The person's name, to match names in other files (stored hashed only)",
           "full_name", "employee_name", "worker", "worker_name", "display_name", "person_name",
           "user_full_name"),
        _f("first_name", "match", "First name, with last_name instead of name (stored hashed only)",
           "firstname", "given_name"),
        _f("last_name", "match", "Last name, with first_name (stored hashed only)", "lastname",
           "surname", "family_name"),
        _f("email", "match", "The person's e-mail address, to match addresses in other files "
           "(stored hashed only)", "e_mail", "email_address", "work_email", "business_email",
           "user_email"),
    ),
    example={"person_id": "L01", "role": "leader", "cohort": "Pilot", "leader_id": "",
             "arm": "program", "team": "Support EMEA"},
)

SCHEDULE = KindSpec(
    name="schedule", label="Module schedule", grain="one row per cohort × module",
    required=(
        _f("cohort", "text", "Cohort name", "cohort_name"),
        _f("module_id", "text", "Module id, e.g. digital_cues", "module", "module_code"),
        _f("start_date", "date", "First day of the module", "starts", "start", "from"),
        _f("end_date", "date", "Last day of the module", "ends", "end", "to"),
    ),
    optional=(_f("module_name", "text", "Module name shown on pages", "name_of_module", "title"),),
    example={"cohort": "Pilot", "module_id": "digital_cues",
             "module_name": "Awareness of digital cues", "start_date": "2026-04-06",
             "end_date": "2026-05-15"},
)

QUESTIONS = KindSpec(
    name="questions", label="Question catalogue", grain="one row per question",
    required=(
        _f("question_id", "text", "Short id; the column name in wide pulse files", "question",
           "item_id", "item"),
        _f("text", "text", "The question as respondents saw it", "question_text", "wording"),
        _f("scale", "scale", "likert4, likert5, likert7 or nps11", "scale_type", "response_scale"),
    ),
    optional=(
        _f("construct", "text", "What the question measures", "dimension", "theme"),
        _f("reverse_scored", "bool", "yes when a low answer is the favourable one", "reverse",
           "reversed", "reverse_coded"),
        _f("label_map", "labels", "Custom answer labels, lowest first: 'Never;Rarely;...' or "
           "'1=Never;2=Rarely;...'", "labels", "scale_labels"),
    ),
    example={"question_id": "understood",
             "text": "My leader understands my perspective in remote conversations",
             "scale": "likert5", "construct": "understood"},
)

PULSE = KindSpec(
    name="pulse", label="Pulse survey responses",
    grain="one row per response (wide) or per answer (long)",
    required=(
        _f("response_id", "text", "Unique id of the response", "response", "responseid"),
        _f("submitted_at", "timestamp", "When the response was submitted", "submitted",
           "submission_date", "submitted_on", "timestamp", "recorded_date"),
        _f("respondent_id", "id", "Pseudonymous respondent id (e-mails are stored hashed)",
           "respondent", "rater_id", "participant_id"),
        _f("rater_type", "category", "self, peer or direct_report", "rater", "rater_role",
           "relationship", "rater_relationship"),
        _f("leader_id", "id", "The leader being rated", "leader", "manager_id", "manager"),
    ),
    optional=(
        _f("period", "period", "YYYY-MM; else the month of submitted_at", "month"),
        _f("comment", "text", "Free-text comment (shown only for groups of 10 or more)",
           "comments", "open_comment", "feedback", "verbatim"),
    ),
    long_fields=(
        _f("question_id", "text", "Question id (long form)", "question", "item", "item_id"),
        _f("score", "answer", "Answer: a number or a scale label (long form)", "answer",
           "rating", "response_value"),
    ),
    wide_role="question",
    example={"response_id": "R0001", "submitted_at": "2026-01-19", "respondent_id": "M0101",
             "rater_type": "direct_report", "leader_id": "L01", "understood": "4",
             "tone": "Agree", "enps": "8", "comment": ""},
)

RUBRIC = KindSpec(
    name="rubric", label="Rubric assessments",
    grain="one row per assessment × dimension (long) or per assessment (wide)",
    required=(
        _f("assessed_at", "date", "Date of the assessment", "assessment_date", "assessed_on"),
        _f("leader_id", "id", "The leader assessed", "leader"),
        _f("module_id", "text", "Module the assessment belongs to", "module"),
        _f("assessor_type", "category", "facilitator, peer or self", "assessor",
           "assessor_role", "rated_by"),
    ),
    optional=(
        _f("assessor_id", "id", "Who assessed (optional)"),
        _f("note", "text", "Assessor's note", "notes", "remark"),
    ),
    long_fields=(
        _f("dimension", "category", "tone_recognition, response_adaptation or "
           "reflective_follow_up (long form)", "rubric_dimension"),
        _f("level", "level", "Not Evident, Emerging, Consistent, Mastery (or 1-4)",
           "rubric_level", "rating"),
    ),
    wide_role="dimension",
    example={"assessed_at": "2026-03-30", "leader_id": "L01", "module_id": "digital_cues",
             "assessor_type": "facilitator", "dimension": "tone_recognition",
             "level": "Emerging"},
)

ACTIVITY = KindSpec(
    name="activity", label="LMS activity", grain="one row per person × activity",
    required=(
        _f("person_id", "id", "Who took part", "employee_id", "learner_id", "user_id"),
        _f("module_id", "text", "Module id (an LMS course title is matched to the module "
           "catalogue: confirm with --recode module_id=\"TITLE=ID\")", "module", "course_id",
           "training_title", "course_title", "course_name", "course", "training_name",
           "learning_object_title"),
        _f("activity", "category", "microlearning, live_practice or coaching", "activity_type",
           "type", "training_type", "course_type", "session_type", "delivery_type"),
        _f("completed_at", "timestamp", "When it was completed (blank when status says it "
           "was not)", "completed", "completion_date", "completed_on", "date_completed",
           "transcript_completed_date", "completed_date"),
    ),
    optional=(
        _f("minutes", "number", "Minutes spent", "duration_minutes", "duration"),
        _f("status", "category", "completed, in_progress, not_started or no_show",
           "completion_status", "transcript_status", "enrollment_status", "enrolment_status",
           "course_status", "training_status"),
    ),
    example={"person_id": "L01", "module_id": "digital_cues", "activity": "microlearning",
             "completed_at": "2026-04-08", "minutes": "22", "status": "completed"},
)

OUTCOMES = KindSpec(
    name="outcomes", label="Business outcomes",
    grain="one row per leader's team × period × metric (long) or per team × period (wide)",
    required=(
        _f("period", "period", "YYYY-MM", "month", "reporting_period"),
        _f("leader_id", "id", "The leader whose team the numbers describe", "leader",
           "manager_id"),
    ),
    long_fields=(
        _f("metric", "text", "Metric name, e.g. escalations (long form)", "metric_name",
           "measure", "kpi"),
        _f("value", "number", "The metric's value (long form)", "metric_value", "amount"),
    ),
    wide_role="metric",
    example={"period": "2026-01", "leader_id": "L01", "metric": "escalations", "value": "3"},
)

KINDS: dict[str, KindSpec] = {
    spec.name: spec
    for spec in (ROSTER, SCHEDULE, QUESTIONS, PULSE, RUBRIC, ACTIVITY, OUTCOMES)
}

# Import order when several files arrive together: what later kinds look up comes first.
KIND_ORDER = ("roster", "schedule", "questions", "pulse", "rubric", "activity", "outcomes")
