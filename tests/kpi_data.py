"""A small hand-built pilot whose KPI values are worked out by hand in the tests.

Cohort P (program): leaders P1, P2, P3, five members each; module m1 runs 2–20 March 2026.
Cohort C (comparison): leaders C1, C2, C3, five members each.
Cohort S (program, one leader S1 with three members): every others' cell is below k=5.
Months: 2026-01 (baseline), 2026-03 (program), 2026-05 (follow-up).
"""

from __future__ import annotations

from pathlib import Path

ROSTER_HEADER = "person_id,role,leader_id,cohort,arm,hire_date,exit_date,exit_reason\n"
QUESTIONS = ("question_id,text,scale\n"
             "q1,Understands me,likert5\n"
             "q2,Considerate tone,likert5\n"
             "rec,Recommend,nps11\n")
SCHEDULE = ("cohort,module_id,module_name,start_date,end_date\n"
            "P,m1,Module one,2026-03-02,2026-03-20\n"
            "S,m1,Module one,2026-03-02,2026-03-20\n")
LEADERS = {"P": ["P1", "P2", "P3"], "C": ["C1", "C2", "C3"], "S": ["S1"]}
MONTHS = ["2026-01", "2026-03", "2026-05"]

# q1 given by every member of a leader's team, per month: baseline, program, follow-up
Q1 = {
    "P1": ([2, 2, 3, 3, 4], [3, 3, 3, 4, 4], [4, 4, 4, 5, 5]),   # means 2.8, 3.4, 4.4
    "P2": ([3, 3, 3, 3, 3], [3, 3, 3, 3, 4], [4, 4, 4, 4, 4]),   # 3.0, 3.2, 4.0
    "P3": ([1, 2, 2, 2, 3], [2, 2, 3, 3, 3], [3, 3, 3, 3, 4]),   # 2.0, 2.6, 3.2
    "C1": ([3, 3, 3, 4, 4], [3, 3, 4, 4, 4], [3, 3, 4, 4, 4]),   # 3.4, 3.6, 3.6
    "C2": ([2, 2, 3, 3, 3], [2, 3, 3, 3, 3], [2, 3, 3, 3, 3]),   # 2.6, 2.8, 2.8
    "C3": ([4, 4, 4, 4, 5], [4, 4, 4, 5, 5], [4, 4, 4, 4, 4]),   # 4.2, 4.4, 4.0
    "S1": ([2, 3, 4], [3, 3, 4], [4, 4, 5]),
}
# the recommend question (0–10), same members and months
REC = {leader: ([10, 9, 7, 5, 3][: len(v[0])], [10, 9, 8, 6, 6][: len(v[0])], [10, 10, 9, 8, 2][: len(v[0])])
       for leader, v in Q1.items()}
# each leader's own q1 answer per month
SELF = {"P1": (5, 5, 5), "P2": (4, 4, 4), "P3": (3, 4, 4), "C1": (4, 4, 4), "C2": (3, 3, 3),
        "C3": (5, 5, 5), "S1": (4, 4, 4)}


def write_pilot(folder: Path) -> list[Path]:
    """Write the pilot's canonical CSV files into ``folder``; return them in import order."""
    roster = [ROSTER_HEADER]
    for cohort, leaders in LEADERS.items():
        arm = "comparison" if cohort == "C" else "program"
        for leader in leaders:
            roster.append(f"{leader},leader,,{cohort},{arm},2020-01-01,,\n")
            for i in range(len(Q1[leader][0])):
                roster.append(f"{leader}-{i + 1},member,{leader},{cohort},{arm},2020-01-01,,\n")
    pulse = ["response_id,submitted_at,respondent_id,rater_type,leader_id,q1,q2,rec\n"]
    number = 0
    for leader in Q1:
        for m, month in enumerate(MONTHS):
            for i, score in enumerate(Q1[leader][m]):
                number += 1
                rater = "peer" if i == 0 else "direct_report"
                pulse.append(f"R{number:04d},{month}-10,{leader}-{i + 1},{rater},{leader},{score},,"
                             f"{REC[leader][m][i]}\n")
            number += 1
            pulse.append(f"R{number:04d},{month}-11,{leader},self,{leader},{SELF[leader][m]},,10\n")
    outcomes = ["period,leader_id,headcount,voluntary_exits,escalations,interactions,csat,"
                "clarification_requests,messages,meeting_participation_rate,median_response_hours\n"]
    for leader in Q1:
        program = leader.startswith(("P", "S"))
        for m, month in enumerate(MONTHS):
            escalations = 10 - (4 if program and m == 2 else 0)
            exits = 1 if m == 0 else 0
            outcomes.append(f"{month},{leader},10,{exits},{escalations},200,80,{30 - m},1000,0.5,6\n")
    rubric = ["assessed_at,leader_id,module_id,assessor_type,dimension,level\n"]
    levels = {"P1": (1, 3), "P2": (2, 3), "P3": (2, 3)}
    for leader, (first, latest) in levels.items():
        for day, level in (("2026-02-25", first), ("2026-03-25", latest)):
            rubric.append(f"{day},{leader},m1,facilitator,tone_recognition,{level}\n")
        rubric.append(f"2026-03-25,{leader},m1,self,tone_recognition,4\n")
    activity = ["person_id,module_id,activity,completed_at,minutes,status\n",
                "P1,m1,microlearning,2026-03-03,20,completed\n",
                "P2,m1,microlearning,2026-03-04,25,completed\n",
                "P3,m1,microlearning,,,not_started\n",
                "P1,m1,live_practice,2026-03-10,45,completed\n",
                "P2,m1,live_practice,,,no_show\n",
                "P3,m1,live_practice,,,no_show\n"]
    files = {"roster.csv": roster, "schedule.csv": [SCHEDULE], "questions.csv": [QUESTIONS],
             "pulse.csv": pulse, "outcomes.csv": outcomes, "rubric.csv": rubric,
             "activity.csv": activity}
    paths = []
    for name, lines in files.items():
        path = folder / name
        path.write_text("".join(lines), encoding="utf-8")
        paths.append(path)
    return paths
