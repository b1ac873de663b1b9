"""The demo program: a believable pilot generated from a fixed seed, and its loader.

Three cohorts — a 10-leader program cohort taking two modules, a 10-leader comparison cohort
with no training, and a later second wave — with monthly pulses, rubric assessments, LMS
activity and team outcomes. Effects are modest and noisy on purpose: with ten leaders the
honest answer is often "we can't tell yet", and the demo should show that too.

The generated CSVs are committed in ``data/sample/`` so analysts can see the formats;
``python -m dashboard demo`` imports those files, labelled as demo data.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np

from dashboard.config import SAMPLE_DIR
from dashboard.ingest import ImportResult, ingest_files

SEED = 2026
MONTHS = [f"2026-{m:02d}" for m in range(1, 11)]  # January to October 2026
DEMO_FILES = ("roster.csv", "schedule.csv", "questions.csv", "pulse.csv", "rubric.csv",
              "activity.csv", "outcomes.csv")

QUESTIONS = [
    ("understood", "My leader understands my perspective in remote conversations", "likert5",
     "understood"),
    ("tone", "Messages from my leader are clear and considerate in tone", "likert5", "tone"),
    ("listening", "In video meetings my leader listens without interrupting and checks "
     "understanding", "likert5", "listening"),
    ("follow_up", "My leader follows up when something I said seemed to bother me", "likert5",
     "follow_up"),
    ("enps", "How likely are you to recommend this company as a place to work?", "nps11",
     "enps"),
]
MODULE_NAMES = {
    "digital_cues": "Awareness of digital cues",
    "active_listening": "Active listening in video",
    "written_replies": "Empathetic written replies",
}
# Which pulse question each module should move, and by how much at full effect.
MODULE_EFFECTS = {
    "digital_cues": {"understood": 0.35, "follow_up": 0.2},
    "active_listening": {"listening": 0.35, "understood": 0.15},
    "written_replies": {"tone": 0.4, "follow_up": 0.1},
}
COMMENTS = [
    "Feels more approachable on calls lately.",
    "Replies are quicker but sometimes short.",
    "Would like more check-ins after tough meetings.",
    "Good at summarising what we agreed.",
    "Camera-off meetings still feel one-way.",
    "Notices when someone goes quiet in chat.",
    "Written feedback is kinder than it used to be.",
    "Meetings run over; hard to raise concerns.",
    "Asked how I was doing after a rough week,\nwhich I appreciated.",
    "Messages at night make it hard to switch off.",
]
TEAMS = ["Support", "Sales", "Platform", "Finance", "Onboarding", "Claims", "Logistics",
         "Marketing", "Data", "Field Ops"]
REGIONS = ["EMEA", "AMER", "APAC"]


@dataclass(frozen=True)
class Cohort:
    name: str
    arm: str
    leaders: int
    modules: tuple[tuple[str, dt.date, dt.date], ...]


COHORTS = (
    Cohort("Pilot", "program", 10, (
        ("digital_cues", dt.date(2026, 4, 6), dt.date(2026, 5, 1)),
        ("written_replies", dt.date(2026, 5, 11), dt.date(2026, 6, 19)),
    )),
    Cohort("Comparison", "comparison", 10, ()),
    Cohort("Wave 2", "program", 8, (
        ("digital_cues", dt.date(2026, 9, 7), dt.date(2026, 10, 2)),
        ("active_listening", dt.date(2026, 10, 12), dt.date(2026, 11, 13)),
    )),
)


def _month_start(period: str) -> dt.date:
    year, month = map(int, period.split("-"))
    return dt.date(year, month, 1)


def _month_end(period: str) -> dt.date:
    start = _month_start(period)
    nxt = dt.date(start.year + (start.month == 12), start.month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def _effect_share(start: dt.date, end: dt.date, day: dt.date) -> float:
    """How much of a module's effect is visible on ``day`` (ramps in over the module)."""
    if day < start:
        return 0.0
    if day >= end:
        return 1.0
    return (day - start).days / max((end - start).days, 1)


def generate(out_dir: Path = SAMPLE_DIR, seed: int = SEED) -> dict[str, int]:
    """Write the demo CSVs to ``out_dir``; return rows written per file. Deterministic."""
    rng = np.random.default_rng(seed)
    out_dir.mkdir(parents=True, exist_ok=True)
    roster, leaders = _people(rng)
    tables = {
        "roster.csv": roster,
        "schedule.csv": _schedule(),
        "questions.csv": [["question_id", "text", "scale", "construct"]] + [list(q) for q in QUESTIONS],
        "pulse.csv": _pulse(rng, roster, leaders),
        "rubric.csv": _rubric(rng, leaders),
        "activity.csv": _activity(rng, leaders),
        "outcomes.csv": _outcomes(rng, roster, leaders),
    }
    for name, rows in tables.items():
        with (out_dir / name).open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle, lineterminator="\n").writerows(rows)
    return {name: len(rows) - 1 for name, rows in tables.items()}


@dataclass
class _Leader:
    person_id: str
    cohort: Cohort
    team: str
    base: float  # latent others' rating at baseline
    self_bias: float
    responsiveness: float  # how strongly the training lands for this leader


def _people(rng: np.random.Generator) -> tuple[list[list[str]], list[_Leader]]:
    header = ["person_id", "role", "leader_id", "cohort", "arm", "team", "hire_date",
              "exit_date", "exit_reason"]
    rows: list[list[str]] = [header]
    leaders: list[_Leader] = []
    member_no = 0
    leader_no = 0
    for cohort in COHORTS:
        for _ in range(cohort.leaders):
            leader_no += 1
            lid = f"L{leader_no:03d}"
            team = f"{TEAMS[leader_no % len(TEAMS)]} {REGIONS[leader_no % len(REGIONS)]}"
            leader = _Leader(lid, cohort, team, float(rng.normal(3.05, 0.3)),
                             float(rng.normal(0.7, 0.25)), float(rng.uniform(0.2, 1.6)))
            leaders.append(leader)
            hired = dt.date(2019, 1, 1) + dt.timedelta(days=int(rng.integers(0, 1800)))
            rows.append([lid, "leader", "", cohort.name, cohort.arm, team, hired.isoformat(), "", ""])
            size = int(rng.integers(5, 13))
            for _slot in range(size):
                member_no += 1
                hired = dt.date(2020, 1, 1) + dt.timedelta(days=int(rng.integers(0, 2000)))
                exit_date, reason = "", ""
                # some members leave during the year; program teams a little less after training
                leave_rate = 0.11 if cohort.arm == "comparison" else 0.09
                if rng.random() < leave_rate:
                    left = dt.date(2026, 1, 10) + dt.timedelta(days=int(rng.integers(0, 290)))
                    exit_date = left.isoformat()
                    reason = "voluntary" if rng.random() < 0.8 else "involuntary"
                rows.append([f"M{member_no:04d}", "member", lid, cohort.name, cohort.arm, team,
                             hired.isoformat(), exit_date, reason])
                if exit_date:  # a replacement joins the next month
                    member_no += 1
                    joined = dt.date.fromisoformat(exit_date) + dt.timedelta(days=int(rng.integers(20, 50)))
                    if joined <= dt.date(2026, 10, 31):
                        rows.append([f"M{member_no:04d}", "member", lid, cohort.name, cohort.arm,
                                     team, joined.isoformat(), "", ""])
    return rows, leaders


def _schedule() -> list[list[str]]:
    rows = [["cohort", "module_id", "module_name", "start_date", "end_date"]]
    for cohort in COHORTS:
        for module_id, start, end in cohort.modules:
            rows.append([cohort.name, module_id, MODULE_NAMES[module_id], start.isoformat(), end.isoformat()])
    return rows


def _uplift(leader: _Leader, question: str, day: dt.date) -> float:
    total = 0.0
    for module_id, start, end in leader.cohort.modules:
        gain = MODULE_EFFECTS[module_id].get(question, 0.0)
        total += gain * leader.responsiveness * _effect_share(start, end, day)
    return total


def _active_members(roster: list[list[str]], leader_id: str, day: dt.date) -> list[str]:
    members = []
    for person_id, role, lid, *_rest, hire, exit_date, _reason in roster[1:]:
        if role != "member" or lid != leader_id:
            continue
        if dt.date.fromisoformat(hire) > day:
            continue
        if exit_date and dt.date.fromisoformat(exit_date) <= day:
            continue
        members.append(person_id)
    return members


def _pulse(rng: np.random.Generator, roster: list[list[str]], leaders: list[_Leader]) -> list[list[str]]:
    qids = [q[0] for q in QUESTIONS]
    rows = [["response_id", "submitted_at", "respondent_id", "rater_type", "leader_id", *qids, "comment"]]
    number = 0
    by_cohort: dict[str, list[_Leader]] = {}
    for leader in leaders:
        by_cohort.setdefault(leader.cohort.name, []).append(leader)
    for period in MONTHS:
        survey_day = _month_start(period) + dt.timedelta(days=14)
        for leader in leaders:
            peers = [p for p in by_cohort[leader.cohort.name] if p is not leader]
            raters: list[tuple[str, str]] = [(m, "direct_report")
                                             for m in _active_members(roster, leader.person_id, survey_day)]
            # numpy's stubs accept only arrays of numbers or text here; a list of objects works
            raters += [(p.person_id, "peer") for p in rng.choice(peers, size=2, replace=False)]  # type: ignore[arg-type]
            raters.append((leader.person_id, "self"))
            for respondent, rater_type in raters:
                answer_rate = {"direct_report": 0.82, "peer": 0.7, "self": 0.9}[rater_type]
                if rng.random() > answer_rate:
                    continue
                number += 1
                submitted = dt.datetime.combine(survey_day, dt.time()) + dt.timedelta(
                    days=int(rng.integers(0, 10)), hours=int(rng.integers(7, 20)),
                    minutes=int(rng.integers(0, 60)))
                answers = []
                drift = 0.03 * MONTHS.index(period) / len(MONTHS)
                for qid, _text, scale, _construct in QUESTIONS:
                    if rng.random() < 0.04:
                        answers.append("")  # skipped
                        continue
                    if rng.random() < 0.01:
                        answers.append("N/A")
                        continue
                    latent = leader.base + drift + _uplift(leader, qid, survey_day)
                    if rater_type == "self":
                        latent += leader.self_bias
                    if scale == "nps11":
                        value = round(float(np.clip(rng.normal(1.9 * latent + 1.3, 1.8), 0, 10)))
                    else:
                        value = round(float(np.clip(rng.normal(latent, 0.85), 1, 5)))
                    answers.append(str(value))
                comment = ""
                if rater_type != "self" and rng.random() < 0.15:
                    comment = str(rng.choice(COMMENTS))
                rows.append([f"R{number:05d}", submitted.strftime("%Y-%m-%d %H:%M"), respondent, rater_type,
                             leader.person_id, *answers, comment])
    return rows


def _level(rng: np.random.Generator, latent: float) -> int:
    return int(np.clip(round(float(rng.normal(latent, 0.55))), 1, 4))


def _rubric(rng: np.random.Generator, leaders: list[_Leader]) -> list[list[str]]:
    rows = [["assessed_at", "leader_id", "module_id", "assessor_type", "dimension", "level"]]
    names = {1: "Not Evident", 2: "Emerging", 3: "Consistent", 4: "Mastery"}
    dimensions = ("tone_recognition", "response_adaptation", "reflective_follow_up")
    today = dt.date(2026, 10, 31)
    for leader in leaders:
        for module_id, start, end in leader.cohort.modules:
            moments = [("baseline", start - dt.timedelta(days=5), 0.0),
                       ("mid", start + (end - start) / 2, 0.5),
                       ("end", end + dt.timedelta(days=3), 1.0)]
            for moment, day, share in moments:
                if day > today:
                    continue
                assessors = (["facilitator"] + (["self"] if moment != "mid" else [])
                             + (["peer"] if moment == "end" else []))
                for assessor in assessors:
                    for dimension in dimensions:
                        latent = 1.7 + 1.0 * share * leader.responsiveness
                        if assessor == "self":
                            latent += 0.5
                        rows.append([day.isoformat(), leader.person_id, module_id, assessor,
                                     dimension, names[_level(rng, latent)]])
    return rows


def _activity(rng: np.random.Generator, leaders: list[_Leader]) -> list[list[str]]:
    rows = [["person_id", "module_id", "activity", "completed_at", "minutes", "status"]]
    today = dt.date(2026, 10, 31)
    for leader in leaders:
        for module_id, start, end in leader.cohort.modules:
            if start > today:
                continue
            plan = [("microlearning", start + dt.timedelta(days=2), 0.9, (15, 30)),
                    ("live_practice", start + dt.timedelta(days=9), 0.8, (45, 45))]
            plan += [("coaching", day, 0.85, (30, 60)) for day in _coaching_days(start, end)]
            for activity, day, rate, (low, high) in plan:
                if day > today:
                    continue
                if rng.random() < rate:
                    done = day + dt.timedelta(days=int(rng.integers(0, 4)))
                    rows.append([leader.person_id, module_id, activity, done.isoformat(),
                                 str(int(rng.integers(low, high + 1))), "completed"])
                else:
                    status = "no_show" if activity != "microlearning" else "not_started"
                    rows.append([leader.person_id, module_id, activity, "", "", status])
    return rows


def _coaching_days(start: dt.date, end: dt.date) -> list[dt.date]:
    days, day = [], start + dt.timedelta(days=20)
    while day <= end + dt.timedelta(days=10):
        days.append(day)
        day += dt.timedelta(days=30)
    return days or [end]


def _outcomes(rng: np.random.Generator, roster: list[list[str]], leaders: list[_Leader]) -> list[list[str]]:
    rows = [["period", "leader_id", "metric", "value"]]
    for period in MONTHS:
        first, last = _month_start(period), _month_end(period)
        for leader in leaders:
            effect = max(_uplift(leader, "tone", last), _uplift(leader, "understood", last)) / 0.4
            headcount = len(_active_members(roster, leader.person_id, first))
            exits = sum(
                1 for person_id, role, lid, *_r, _hire, exit_date, reason in roster[1:]
                if role == "member" and lid == leader.person_id and exit_date
                and first <= dt.date.fromisoformat(exit_date) <= last and reason == "voluntary"
            )
            interactions = int(rng.integers(45, 75)) * max(headcount, 1)
            esc_rate = max(0.01, rng.normal(0.042, 0.006) * (1 - 0.12 * effect))
            messages = int(rng.integers(160, 260)) * max(headcount, 1)
            clar_rate = max(0.01, rng.normal(0.061, 0.008) * (1 - 0.15 * effect))
            values = {
                "headcount": headcount,
                "voluntary_exits": exits,
                "escalations": int(rng.binomial(interactions, esc_rate)),
                "interactions": interactions,
                "csat": round(float(np.clip(rng.normal(78 + 2.0 * effect, 3.5), 50, 100)), 1),
                "clarification_requests": int(rng.binomial(messages, clar_rate)),
                "messages": messages,
                "meeting_participation_rate":
                    round(float(np.clip(rng.normal(0.62 + 0.04 * effect, 0.06), 0.2, 1.0)), 3),
                "median_response_hours": round(float(np.clip(rng.normal(5.5 - 0.6 * effect, 1.1), 0.5, 24)), 1),
            }
            for metric, value in values.items():
                rows.append([period, leader.person_id, metric, str(value)])
    return rows


def load_demo(con: duckdb.DuckDBPyConnection, sample_dir: Path = SAMPLE_DIR,
              user: str | None = None) -> list[ImportResult]:
    """Import the committed demo CSVs, marked as demo data in the import log."""
    paths: Iterable[Path] = [sample_dir / name for name in DEMO_FILES]
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        raise FileNotFoundError("demo files missing: " + ", ".join(missing)
                                + " (regenerate with: python -m dashboard demo --regenerate)")
    return ingest_files(con, paths, source="demo", user=user)
