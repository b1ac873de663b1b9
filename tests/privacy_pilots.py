"""Small pilots built for attacking the privacy rules, and the truth about their hidden cells.

A :class:`Pilot` is a roster, a schedule, two questions (``q1`` on the 5-point scale, ``rec``
on 0–10; ``q2``, a second 5-point one, when asked for) and responses, written as canonical
CSV files and imported like an analyst's exports.
:meth:`Pilot.hidden_cells` works out, straight from the responses (not through the project),
which base cells — leader × month × others × question — have fewer than k distinct respondents
on the roster, and what each one's count, sum, mean and shares are: the values an attacker
would want. :meth:`Pilot.perturbed` is the same pilot with every hidden cell's answers changed
(and its respondent count moved by one where that keeps it hidden and non-empty) and the
answers of people not on the roster changed: if no output can tell the two apart, no
combination of outputs reveals anything hidden.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from dashboard.ingest import ingest_files
from dashboard.kpi import Filters, compute
from dashboard.kpi.pulse import comments, hidden_comment_groups
from dashboard.kpi.trends import arm_trend
from dashboard.plan.calendar import calendar
from dashboard.store import db

QUESTIONS = ("q1", "rec")
SCALE = {"q1": "likert5", "rec": "nps11", "q2": "likert5"}
TEXT = {"q1": "Understands me", "rec": "Recommend", "q2": "Listens"}
# every KPI table built from respondents' answers (what an attacker reads)
TABLES = ("pulse_trend", "enps", "self_gap", "response_rate", "period_summary", "impact", "targets")
TODAY = dt.date(2026, 6, 30)


@dataclass
class Response:
    response_id: str
    leader: str
    month: str
    rater: str  # self, peer, direct_report
    respondent: str
    scores: dict[str, int]
    comment: str | None = None


@dataclass
class Hidden:
    """What a hidden group holds (a base cell, or the hidden rest of a cohort cell)."""

    key: tuple[str, ...]
    question: str
    scores: list[int]
    respondents: set[str]

    @property
    def n(self) -> int:
        return len(self.respondents)

    def stats(self) -> dict[str, float]:
        """The values an attacker wants: count, answers, sum, mean and shares (in %)."""
        total, answers = float(sum(self.scores)), len(self.scores)
        out = {"n": float(self.n), "answers": float(answers), "sum": total, "mean": total / answers}
        if SCALE[self.question] == "nps11":
            promoters = 100.0 * sum(s >= 9 for s in self.scores) / answers
            detractors = 100.0 * sum(s <= 6 for s in self.scores) / answers
            out |= {"promoters": promoters, "detractors": detractors, "enps": promoters - detractors}
        else:
            out["favourable"] = 100.0 * sum(s >= 4 for s in self.scores) / answers
        return out


@dataclass
class Pilot:
    months: list[str]
    cohorts: dict[str, str]  # cohort -> arm
    leaders: dict[str, str]  # leader -> cohort
    members: dict[str, list[str]]  # leader -> team members on the roster
    responses: list[Response] = field(default_factory=list)
    module_month: str | None = None  # the month the program cohorts' module runs in
    headcount: dict[str, int] = field(default_factory=dict)  # leader -> team headcount (outcomes)
    # members on the roster who answer nothing here (the other world may have them answer)
    spares: dict[str, str] = field(default_factory=dict)  # leader -> a spare member
    questions: tuple[str, ...] = QUESTIONS

    # --- files ---------------------------------------------------------------------------

    def files(self) -> dict[str, str]:
        roster = ["person_id,role,leader_id,cohort,arm\n"]
        for leader, cohort in self.leaders.items():
            arm = self.cohorts[cohort]
            roster.append(f"{leader},leader,,{cohort},{arm}\n")
            roster += [f"{m},member,{leader},{cohort},{arm}\n" for m in self.members[leader]]
        for leader, person in self.spares.items():
            cohort = self.leaders[leader]
            roster.append(f"{person},member,{leader},{cohort},{self.cohorts[cohort]}\n")
        out = {"roster.csv": "".join(roster),
               "questions.csv": "question_id,text,scale\n" + "".join(
                   f"{q},{TEXT[q]},{SCALE[q]}\n" for q in self.questions)}
        if self.module_month:
            out["schedule.csv"] = "cohort,module_id,start_date,end_date\n" + "".join(
                f"{c},m1,{self.module_month}-05,{self.module_month}-20\n"
                for c, arm in self.cohorts.items() if arm == "program")
        if self.responses:
            out["pulse.csv"] = self.pulse_csv(self.responses)
        if self.headcount:
            out["outcomes.csv"] = "period,leader_id,headcount,voluntary_exits,escalations,interactions\n" + "".join(
                f"{month},{leader},{size},{(i + len(leader)) % 2},{3 + i + len(leader) % 3},100\n"
                for leader, size in self.headcount.items() for i, month in enumerate(self.months))
        return out

    def pulse_csv(self, responses: Iterable[Response]) -> str:
        lines = [f"response_id,submitted_at,respondent_id,rater_type,leader_id,{','.join(self.questions)},comment\n"]
        for r in responses:
            scores = ",".join(str(r.scores.get(q, "")) for q in self.questions)
            lines.append(f"{r.response_id},{r.month}-10,{r.respondent},{r.rater},{r.leader},{scores},"
                         f"{r.comment or ''}\n")
        return "".join(lines)

    def write(self, folder: Path) -> list[Path]:
        folder.mkdir(parents=True, exist_ok=True)
        paths = []
        for name, text in self.files().items():
            (folder / name).write_text(text, encoding="utf-8")
            paths.append(folder / name)
        return paths

    def database(self, folder: Path) -> Path:
        """The pilot imported into a new database file in ``folder``."""
        paths = self.write(folder)
        path = folder / "pilot.duckdb"
        with db.session(path) as con:
            results = ingest_files(con, paths)
            assert all(r.ok for r in results), [r.problem_lines() for r in results]
        return path

    # --- the truth ---------------------------------------------------------------------------

    def on_roster(self) -> set[str]:
        people = set(self.leaders) | {m for team in self.members.values() for m in team}
        return people | set(self.spares.values())

    def cells(self) -> dict[tuple[str, str, str], Hidden]:
        """Every base cell of others' answers: (leader, month, question) -> its answers by
        people on the roster (everyone else counts nowhere)."""
        roster = self.on_roster()
        cells: dict[tuple[str, str, str], Hidden] = {}
        for r in self.responses:
            if r.rater == "self" or r.respondent not in roster:
                continue
            for q, score in r.scores.items():
                cell = cells.setdefault((r.leader, r.month, q), Hidden((r.leader, r.month, q), q, [], set()))
                cell.scores.append(score)
                cell.respondents.add(r.respondent)
        return cells

    def hidden_cells(self, k: int) -> dict[tuple[str, str, str], Hidden]:
        return {key: cell for key, cell in self.cells().items() if cell.n < k}

    def hidden_groups(self, k: int) -> list[Hidden]:
        """The hidden cells, and per cohort × month × question the hidden rest of the cohort's
        cell (what "cohort figure − the visible leaders" would give)."""
        hidden = self.hidden_cells(k)
        groups = list(hidden.values())
        rest: dict[tuple[str, str, str], Hidden] = {}
        for (leader, month, q), cell in hidden.items():
            key = (self.leaders[leader], month, q)
            group = rest.setdefault(key, Hidden(key, q, [], set()))
            group.scores += cell.scores
            group.respondents |= cell.respondents
        return groups + [g for g in rest.values() if g.n >= 1]

    # --- the other world -----------------------------------------------------------------------

    def perturbed(self, k: int) -> Pilot:
        """The same pilot with everything hidden changed: each hidden cell's scores (all to the
        other end of the scale), its count moved by one where it stays hidden and non-empty
        (an answer taken from a response that keeps another answer, or the leader's spare team
        member answering once), the answers of people not on the roster, and the comments of
        responses in no visible cell. What is visible stays as it is, answer for answer."""
        other = copy.deepcopy(self)
        roster = self.on_roster()
        hidden = self.hidden_cells(k)
        visible_keys = set(self.cells()) - set(hidden)
        by_id = {r.response_id: r for r in other.responses}
        spared: set[tuple[str, str]] = set()
        for (leader, month, q), cell in sorted(hidden.items()):
            mine = [r for r in other.responses if (r.leader, r.month) == (leader, month)
                    and r.rater != "self" and r.respondent in roster and q in r.scores]
            low, high = (1, 5) if SCALE[q] == "likert5" else (0, 10)
            favourable = any(s >= (4 if low else 7) for s in cell.scores)
            for r in mine:
                r.scores[q] = low if favourable else high
            droppable = [r for r in mine if len(r.scores) > 1]
            if cell.n >= 2 and droppable and len({r.respondent for r in mine}) == len(mine):
                del by_id[droppable[0].response_id].scores[q]
            elif (cell.n + 1 < k and leader in self.spares and (leader, month) not in spared
                  and any(r.rater == "direct_report" for r in mine)):
                spared.add((leader, month))
                other.responses.append(Response(f"SP-{leader}-{month}-{q}", leader, month, "direct_report",
                                                self.spares[leader], {q: low if favourable else high}))
        for r in other.responses:
            if r.rater != "self" and r.respondent not in roster:
                r.scores = {q: (s % 5) + 1 if SCALE[q] == "likert5" else 10 - s for q, s in r.scores.items()}
            in_visible = r.rater != "self" and r.respondent in roster and any(
                (r.leader, r.month, q) in visible_keys for q in r.scores)
            if r.comment and not in_visible:
                r.comment = f"changed {r.response_id}"
        return other


# --- what an attacker gets ------------------------------------------------------------------------


def outputs(path: Path, k: int, combos: Sequence[Filters]) -> dict[str, pd.DataFrame]:
    """Every output an attacker gets, by name: the KPI tables, the Overview's trends, the
    comments and the cohorts whose comments are withheld, per filter choice; the calendar."""
    out: dict[str, pd.DataFrame] = {}
    with db.session(path) as con:
        for i, filters in enumerate(combos):
            for name in TABLES:
                out[f"{name}#{i}"] = compute(con, name, filters)
            out[f"arm_trend#{i}"] = arm_trend(con, filters)
            out[f"comments#{i}"] = comments(con, filters).sort_values("comment").reset_index(drop=True)
            out[f"withheld#{i}"] = pd.DataFrame({"cohort": hidden_comment_groups(con, filters)})
        out["calendar"] = calendar(con, TODAY, k)
    return out


def differences(a_out: dict[str, pd.DataFrame], b_out: dict[str, pd.DataFrame]) -> list[str]:
    """The outputs that are not identical, cell for cell, in two pilots."""
    differ = []
    for name, frame in a_out.items():
        try:
            pd.testing.assert_frame_equal(frame.reset_index(drop=True), b_out[name].reset_index(drop=True),
                                          check_dtype=False)
        except AssertionError as exc:
            differ.append(f"{name}: {str(exc).splitlines()[0:3]}")
    return differ
