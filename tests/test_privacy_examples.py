"""The issue's worked attacks, one named test each: what used to recover a small group exactly.

Each pilot is built with ``tests/privacy_pilots.py`` and imported like an analyst's exports.
Besides the figures each test checks by hand, most also compare every output an attacker gets
(every KPI table over several filter choices, the trends, the comments, the calendar) with the
same pilot in which every hidden group's answers were changed: the two must be identical, so
nothing published moves with what is hidden.
"""

from __future__ import annotations

import contextlib
import copy
import io
import itertools
import json
from pathlib import Path

import pandas as pd
import pytest

from dashboard.cli import main
from dashboard.ingest import ingest_files
from dashboard.kpi import Filters, compute, settings
from dashboard.kpi.pulse import comments, hidden_comment_groups
from dashboard.plan.calendar import calendar
from dashboard.store import audit, db
from tests.privacy_pilots import TODAY, Pilot, Response, differences, outputs

K = 5
MONTHS = ["2026-01", "2026-02", "2026-03"]
_number = itertools.count(1)


def _pilot(teams: dict[str, int], cohorts: dict[str, str] | None = None, **more) -> Pilot:
    """Leaders ``A1``, ``B1``, … (cohort = the first letter) with teams of the given sizes."""
    cohorts = cohorts or {"A": "program", "B": "comparison"}
    leaders = {leader: leader[0] for leader in teams}
    members = {leader: [f"{leader.lower()}-{i}" for i in range(size)] for leader, size in teams.items()}
    return Pilot(list(MONTHS), cohorts, leaders, members, module_month=MONTHS[1], **more)


def _answer(pilot: Pilot, leader: str, month: str, people, scores=None, rater: str = "direct_report",
            comment: str | None = None) -> None:
    """Each of ``people`` answers once (q1 and rec: varied scores unless given)."""
    for person in people:
        n = next(_number)
        given = scores(person) if scores else {"q1": 1 + n % 5, "rec": n % 11}
        pilot.responses.append(Response(f"R{n}", leader, month, rater, person, given,
                                        comment and f"{comment} {n}"))


def _everyone(pilot: Pilot, leaders=None, months=MONTHS) -> None:
    for leader in leaders or pilot.leaders:
        for month in months:
            _answer(pilot, leader, month, pilot.members[leader])


def _mean(pilot: Pilot, leaders, month: str, question: str = "q1") -> float:
    scores = [r.scores[question] for r in pilot.responses
              if r.leader in leaders and r.month == month and question in r.scores and r.rater != "self"]
    return round(sum(scores) / len(scores), 2)


COMBOS = [Filters(min_group=K), Filters(min_group=K, cohorts=("A",)),
          Filters(min_group=K, period_from=MONTHS[0], period_to=MONTHS[1]),
          Filters(min_group=K, baseline_to=MONTHS[0], post_from=MONTHS[1])]


def _cannot_tell(pilot: Pilot, tmp_path: Path) -> None:
    """Every output is the same whatever the hidden groups answered."""
    other = pilot.perturbed(K)
    assert other.responses != pilot.responses, "the test must change something hidden"
    a = outputs(pilot.database(tmp_path / "a"), K, COMBOS)
    b = outputs(other.database(tmp_path / "b"), K, COMBOS)
    assert differences(a, b) == []


def _row(frame: pd.DataFrame, **where) -> pd.Series:
    chosen = frame
    for column, value in where.items():
        chosen = chosen[chosen[column] == value]
    assert len(chosen) == 1, (where, chosen)
    return chosen.iloc[0]


def test_a_leader_rated_by_two_people_is_in_no_cohort_figure(tmp_path):
    """A2 is rated by 2 people: "cohort A − A1" used to give A2's mean."""
    pilot = _pilot({"A1": 6, "A2": 2, "B1": 6})
    _everyone(pilot)
    path = pilot.database(tmp_path / "pilot")
    with db.session(path) as con:
        trend = compute(con, "pulse_trend", Filters(min_group=K))
        impact = compute(con, "impact", Filters(min_group=K))
        gap = compute(con, "self_gap", Filters(min_group=K))
    for month in MONTHS:
        row = _row(trend, cohort="A", period=month, question_id="q1")
        assert (row["n"], row["mean_score"], bool(row["some_excluded"])) == (6, _mean(pilot, ["A1"], month), True)
    pulse = _row(impact, metric="pulse_mean")
    assert pulse["program_baseline"] == _mean(pilot, ["A1"], MONTHS[0])
    assert bool(pulse["some_excluded"]) and "n_excluded" not in impact
    assert gap[gap["leader_id"] == "A2"]["others_score"].isna().all()
    _cannot_tell(pilot, tmp_path)


def test_two_leaders_rated_by_the_same_three_peers_are_hidden_together(tmp_path):
    """A1 and A2 are each rated by the same three peers (A3's team): their n_others add up to
    6, but only 3 people answered, so the cohort's figure is hidden; k counts distinct people."""
    pilot = _pilot({"A1": 0, "A2": 0, "A3": 3, "B1": 6})
    for month in MONTHS:
        for leader in ("A1", "A2"):
            _answer(pilot, leader, month, pilot.members["A3"], rater="peer")
    _everyone(pilot, ["B1"])
    path = pilot.database(tmp_path / "pilot")
    with db.session(path) as con:
        trend = compute(con, "pulse_trend", Filters(min_group=K, cohorts=("A",)))
        summary = compute(con, "period_summary", Filters(min_group=K, cohorts=("A",)))
    assert trend["suppressed"].all() and trend["mean_score"].isna().all() and trend["n"].isna().all()
    behaviour = summary[summary["layer"] == "behaviour"]
    assert behaviour["suppressed"].all() and behaviour["value"].isna().all()
    _cannot_tell(pilot, tmp_path)


def test_one_question_answered_by_two_of_six_is_not_in_the_all_question_mean(tmp_path):
    """Six answer q1, two of them q2 as well: the all-question mean minus q1 used to give q2."""
    pilot = _pilot({"A1": 6, "B1": 6}, questions=("q1", "q2", "rec"))
    for leader in pilot.leaders:
        for month in MONTHS:
            _answer(pilot, leader, month, pilot.members[leader][:2],
                    scores=lambda person: {"q1": 4, "q2": 1, "rec": 9})
            _answer(pilot, leader, month, pilot.members[leader][2:], scores=lambda person: {"q1": 2, "rec": 5})
    path = pilot.database(tmp_path / "pilot")
    with db.session(path) as con:
        trend = compute(con, "pulse_trend", Filters(min_group=K))
        summary = compute(con, "period_summary", Filters(min_group=K, period_from=MONTHS[0], period_to=MONTHS[0]))
    assert trend[trend["question_id"] == "q2"]["suppressed"].all()
    assert trend[trend["question_id"] == "q2"]["mean_score"].isna().all()
    mean = _row(summary, cohort="A", metric="pulse_mean")
    assert mean["value"] == round((2 * 4 + 4 * 2) / 6, 2) and bool(mean["some_excluded"])
    _cannot_tell(pilot, tmp_path)


def test_a_cohort_small_in_one_month_is_left_out_of_every_window(tmp_path):
    """B answered in full in January and March, by 2 people in February: Jan–Feb minus Jan
    used to give February's two."""
    pilot = _pilot({"A1": 6, "B1": 6})
    _everyone(pilot, ["A1"])
    _everyone(pilot, ["B1"], [MONTHS[0], MONTHS[2]])
    _answer(pilot, "B1", MONTHS[1], pilot.members["B1"][:2])
    path = pilot.database(tmp_path / "pilot")
    with db.session(path) as con:
        january = compute(con, "period_summary", Filters(min_group=K, period_from=MONTHS[0], period_to=MONTHS[0]))
        window = compute(con, "period_summary", Filters(min_group=K, period_from=MONTHS[0], period_to=MONTHS[1]))
        trend = compute(con, "pulse_trend", Filters(min_group=K, cohorts=("B",)))
    for metric in ("pulse_mean", "favourable_pct", "enps"):
        alone, pooled = _row(january, cohort="B", metric=metric), _row(window, cohort="B", metric=metric)
        assert (pooled["value"], pooled["n"]) == (alone["value"], alone["n"])
        assert bool(pooled["some_excluded"]) and not bool(alone["some_excluded"])
    assert _row(trend, period=MONTHS[1], question_id="q1")["suppressed"]
    _cannot_tell(pilot, tmp_path)


def test_a_window_with_a_small_month_pools_only_its_visible_months(tmp_path):
    """A1's team answered in full in February, 2 of 6 in March: the impact's post window
    (February–March) is February alone, and says that a small group was left out — so two
    windows never differ by March's two, and the estimate is the same as without them."""
    pilot = _pilot({"A1": 6, "B1": 6})
    _everyone(pilot, ["B1"])
    _everyone(pilot, ["A1"], MONTHS[:2])
    without = copy.deepcopy(pilot)
    _answer(pilot, "A1", MONTHS[2], pilot.members["A1"][:2])
    filters = Filters(min_group=K, baseline_to=MONTHS[0], post_from=MONTHS[1])
    with db.session(pilot.database(tmp_path / "pilot")) as con:
        impact = compute(con, "impact", filters)
    with db.session(without.database(tmp_path / "without")) as con:
        reference = compute(con, "impact", filters)
    pulse = _row(impact, metric="pulse_mean")
    assert pulse["program_post"] == _mean(pilot, ["A1"], MONTHS[1]) and bool(pulse["some_excluded"])
    values = [c for c in impact.columns if c not in ("some_excluded", "verdict_text")]
    pd.testing.assert_frame_equal(impact[values], reference[values])
    _cannot_tell(pilot, tmp_path)


def _cli(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(list(argv))
    return code, out.getvalue()


def test_targets_to_two_months_do_not_differ_by_a_small_month(tmp_path):
    """``kpi targets --to`` February and March: March had 2 of A1's 6, so both latest values
    pool the same visible cells."""
    pilot = _pilot({"A1": 6, "B1": 6})
    _everyone(pilot, ["B1"])
    _everyone(pilot, ["A1"], MONTHS[:2])
    _answer(pilot, "A1", MONTHS[2], pilot.members["A1"][:2])
    path = pilot.database(tmp_path / "pilot")
    found = {}
    for month in MONTHS[1:]:
        code, text = _cli("kpi", "targets", "--db", str(path), "--to", month, "--min-group", str(K),
                          "--cohort", "A", "--format", "json")
        assert code == 0
        found[month] = pd.DataFrame(json.loads(text)).set_index("kpi")
    pulse = ["favourable_pct", "enps"]
    february, march = found[MONTHS[1]].loc[pulse], found[MONTHS[2]].loc[pulse]
    assert march["latest"].tolist() == february["latest"].tolist()
    assert march["latest_period"].tolist() == [MONTHS[1]] * 2  # March adds no visible cell
    assert march["some_excluded"].all()


def test_padding_with_three_made_up_respondents_reveals_nothing(tmp_path):
    """2 of A1's 6 answered in January (hidden); an upload of 3 made-up respondents used to
    make the cell visible. They count nowhere, and the import says so."""
    pilot = _pilot({"A1": 6, "B1": 6})
    _everyone(pilot, ["B1"])
    _everyone(pilot, ["A1"], MONTHS[1:])
    _answer(pilot, "A1", MONTHS[0], pilot.members["A1"][:2])
    path = pilot.database(tmp_path / "pilot")
    with db.session(path) as con:
        before = compute(con, "pulse_trend", Filters(min_group=K, cohorts=("A",)))
    padding = [Response(f"FAKE{i}", "A1", MONTHS[0], "direct_report", f"made-up-{i}", {"q1": 5, "rec": 10})
               for i in range(3)]
    fake = tmp_path / "padding.csv"
    fake.write_text(pilot.pulse_csv(padding), encoding="utf-8")
    with db.session(path) as con:
        result = ingest_files(con, [fake])[0]
        after = compute(con, "pulse_trend", Filters(min_group=K, cohorts=("A",)))
        logged = audit.search(con, actions=["import"])
    assert result.ok
    assert any("3 of this file's respondents are not on the roster: left out of every figure" in note
               for note in result.notes), result.notes
    assert _row(after, period=MONTHS[0], question_id="q1")["suppressed"]
    pd.testing.assert_frame_equal(before, after)
    assert "not on the roster" in str(logged.iloc[0]["detail"])


def test_an_import_that_adds_people_to_a_hidden_past_month_says_so(tmp_path):
    """Genuine late answers that lift a hidden month are shown, and the summary and the audit
    log say that an earlier small group grew (padding would show the same way)."""
    pilot = _pilot({"A1": 6, "B1": 6})
    _everyone(pilot, ["B1"])
    _answer(pilot, "A1", MONTHS[0], pilot.members["A1"][:2])
    path = pilot.database(tmp_path / "pilot")
    _answer(pilot, "A1", MONTHS[0], pilot.members["A1"][2:5])
    late = pilot.responses[-3:]
    (tmp_path / "late.csv").write_text(pilot.pulse_csv(late), encoding="utf-8")
    with db.session(path) as con:
        result = ingest_files(con, [tmp_path / "late.csv"])[0]
        logged = audit.search(con, actions=["import"])
        trend = compute(con, "pulse_trend", Filters(min_group=K, cohorts=("A",)))
    note = (f"this import adds respondents to 1 earlier leader-month(s) that had fewer than {K} respondents "
            f"({MONTHS[0]}); 1 now reach {K} and are shown")
    assert any(note in n for n in result.notes), result.notes
    assert "earlier leader-month" in str(logged.iloc[0]["detail"])
    assert _row(trend, period=MONTHS[0], question_id="q1")["n"] == 5


def test_one_fake_response_does_not_reveal_withheld_comments(tmp_path):
    """9 of A1's 10 commented in January (comments need 10): one response by a made-up
    respondent used to release all nine."""
    pilot = _pilot({"A1": 10, "B1": 6})
    _everyone(pilot, ["B1"])
    _answer(pilot, "A1", MONTHS[0], pilot.members["A1"][:9], comment="honest")
    path = pilot.database(tmp_path / "pilot")
    fake = [Response("FAKE", "A1", MONTHS[0], "direct_report", "made-up", {"q1": 3}, "hello")]
    (tmp_path / "fake.csv").write_text(pilot.pulse_csv(fake), encoding="utf-8")
    with db.session(path) as con:
        assert comments(con, Filters(min_group=K, cohorts=("A",))).empty
        assert ingest_files(con, [tmp_path / "fake.csv"])[0].ok
        assert comments(con, Filters(min_group=K, cohorts=("A",))).empty
        assert hidden_comment_groups(con, Filters(min_group=K)) == ["A"]
    tenth = [Response("TENTH", "A1", MONTHS[0], "direct_report", pilot.members["A1"][9], {"q1": 3}, "me too")]
    (tmp_path / "tenth.csv").write_text(pilot.pulse_csv(tenth), encoding="utf-8")
    with db.session(path) as con:
        assert ingest_files(con, [tmp_path / "tenth.csv"])[0].ok
        assert len(comments(con, Filters(min_group=K, cohorts=("A",)))) == 10


def test_response_counts_never_say_two_of_six(tmp_path):
    """2 of A1's 6 answered: response_rate, the calendar and ``status`` say "fewer than 5
    answered"; ``status`` uses the admin's k (7), so B's 6 of 6 is withheld too."""
    pilot = _pilot({"A1": 6, "B1": 6})
    _everyone(pilot, ["B1"], MONTHS[:1])
    _answer(pilot, "A1", MONTHS[0], pilot.members["A1"][:2])
    path = pilot.database(tmp_path / "pilot")
    with db.session(path) as con:
        rates = compute(con, "response_rate", Filters(min_group=K))
        cells = calendar(con, TODAY, K)
    a = _row(rates, cohort="A", period=MONTHS[0])
    assert bool(a["suppressed"]) and pd.isna(a["responded"]) and pd.isna(a["response_rate_pct"])
    pulse = cells[(cells["kind"] == "pulse") & (cells["period"] == MONTHS[0])].set_index("cohort")["text"]
    assert pulse["A"] == f"fewer than {K} answered" and pulse["B"] == "6 of 6 members answered"
    code, text = _cli("status", "--db", str(path), "--today", "2026-01-25")
    assert "fewer than 5 answered" in text and "2 of 6" not in text and "6 of 6" in text
    with db.session(path) as con:
        settings.set_min_group(con, 7, "admin@example.com")
    code, text = _cli("status", "--db", str(path), "--today", "2026-01-25")
    assert "fewer than 7 answered" in text and "6 of 6" not in text and "2 of 6" not in text


@pytest.mark.parametrize(("headcount", "shown"), [({"A1": 4, "A2": 6, "B1": 4}, {"A"}),
                                                  ({"A1": 2, "A2": 2, "B1": 9}, {"B"})])
def test_business_outcomes_of_a_small_team_are_only_pooled_in_its_cohort(tmp_path, headcount, shown):
    """Team outcomes leave the KPI layer per cohort only; a cohort-month of fewer than k people
    is hidden. A team of 4 is pooled into its cohort of 10 and is never shown alone."""
    pilot = _pilot({leader: 3 for leader in headcount}, headcount=headcount)
    path = pilot.database(tmp_path / "pilot")
    with db.session(path) as con:
        business = compute(con, "business", Filters(min_group=K))
    assert "leader_id" not in business
    visible = business[~business["suppressed"]]
    assert set(visible["cohort"]) == shown
    assert business[business["suppressed"]]["value"].isna().all()
