"""How far to trust a verdict: pilots of known truth through the real import and KPI code.

Each replication writes a synthetic pilot as canonical CSV files (roster, schedule,
questions, pulse, outcomes), imports it with ``dashboard.ingest.ingest_files`` into a fresh
DuckDB file, and reads ``kpi impact`` and ``kpi roi`` through ``dashboard.kpi.compute`` —
the same code the pages, the CLI and the report use, privacy rule (k = 5) included. Then it
compares the primary metric's verdict and interval (the pulse score from others) with the
truth the pilot was made with.

The pilots: leaders with teams of 5–10 members (each answers a month's pulse with
probability 0.85, so small teams are sometimes hidden at k = 5), 3 baseline months,
2 program months and 3 follow-up months; answers on two 5-point questions and a 0–10
recommend question from a latent score with leader, member, month and leader × month effects
and noise, rounded and clipped to the scale; business outcomes per team and month with
leader and month effects and no effect of training.

Scenarios (the program arm's shift on the latent 1–5 scale): no effect, +0.3, +0.5 after
training, and a pre-trend — no effect, but the program arm drifting away from the comparison
by 0.06 a month from the first baseline month on (by the follow-up, a spurious +0.3) — each
at 4 + 4 and 10 + 10 leaders; and two waves of 5 program leaders against 10 comparison
leaders (no effect, +0.5).

Printed per scenario, with 95% margins of error (± 1.96 × √(p(1 − p) ÷ n)):

- coverage: the share of pilots with an interval whose interval contains the truth;
- false claims (no-effect scenarios): "improved" or "worsened" on the primary metric;
- power (effect scenarios): "improved" on the primary metric;
- pre-trend: "improved" with the parallel-trends check passed (unwarned), "improved" with any
  check result but "failed" (what a plain placebo test would leave unwarned), and "already
  drifting apart";
- any claim: any of the isolated metrics "improved" or "worsened" (family-wise);
- ROI: the central scenario's ROI above 0 (no-effect scenarios).

Not part of the test suite (it runs for long). Usage::

    taskset -c 1 python bench/impact_validity.py --reps 300 --workers 1 --out /tmp/validity.jsonl
    python bench/impact_validity.py --summary /tmp/validity.jsonl

Results append to ``--out`` as JSON lines (one per pilot), so a run can be stopped and
continued, and ``--summary`` prints the tables from a file.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

MONTHS = [f"2026-{m:02d}" for m in range(1, 11)]
K = 5
RESPONSE_PROBABILITY = 0.85


@dataclass(frozen=True)
class Scenario:
    name: str
    per_arm: int  # program leaders (all waves together) = comparison leaders
    effect: float = 0.0  # latent shift of the program arm's answers after training starts
    drift: float = 0.0  # latent drift of the program arm per month, from the first month on
    waves: int = 1

    @property
    def months(self) -> list[str]:
        return MONTHS[:8] if self.waves == 1 else MONTHS

    @property
    def null(self) -> bool:
        return self.effect == 0.0


SCENARIOS = {s.name: s for s in [
    Scenario("null-4", 4), Scenario("null-10", 10),
    Scenario("plus0.3-4", 4, effect=0.3), Scenario("plus0.3-10", 10, effect=0.3),
    Scenario("plus0.5-4", 4, effect=0.5), Scenario("plus0.5-10", 10, effect=0.5),
    Scenario("pretrend-4", 4, drift=0.06), Scenario("pretrend-10", 10, drift=0.06),
    Scenario("waves-null-10", 10, waves=2), Scenario("waves-plus0.5-10", 10, effect=0.5, waves=2),
]}
# Modules per wave: (cohort, start, end); wave 2 starts after wave 1's last month.
WAVES = [("Program A", "2026-04-06", "2026-05-22"), ("Program B", "2026-06-01", "2026-07-17")]
WAVE_START_MONTH = [3, 5]  # index in MONTHS of each wave's first program month

# latent score = MEAN + leader + member + month + leader × month + noise (sd of each)
MEAN, SD_LEADER, SD_MEMBER, SD_MONTH, SD_LEADER_MONTH, SD_NOISE = 3.2, 0.35, 0.4, 0.1, 0.12, 0.6


def observed_effect(latent: float) -> float:
    """The truth on the measured scale: the mean of rounded, clipped 1–5 answers moves by
    less than the latent shift near the scale's ends. Integrated numerically over the latent
    score's distribution (all its parts together)."""
    sd = math.sqrt(SD_LEADER**2 + SD_MEMBER**2 + SD_MONTH**2 + SD_LEADER_MONTH**2 + SD_NOISE**2)
    grid = np.linspace(MEAN - 8 * sd, MEAN + 8 * sd, 20001)
    density = np.exp(-0.5 * ((grid - MEAN) / sd) ** 2)
    density /= density.sum()

    def expected(shift: float) -> float:
        return float((np.clip(np.round(grid + shift), 1, 5) * density).sum())

    return expected(latent) - expected(0.0)


def write_pilot(scenario: Scenario, seed: int, folder: Path) -> list[Path]:
    """The pilot's canonical CSV files."""
    rng = np.random.default_rng(seed)
    months = scenario.months
    month_effect = rng.normal(0, SD_MONTH, len(months))
    roster = ["person_id,role,leader_id,cohort,arm\n"]
    schedule = ["cohort,module_id,module_name,start_date,end_date\n"]
    pulse = ["response_id,submitted_at,respondent_id,rater_type,leader_id,q1,q2,rec\n"]
    outcomes = ["period,leader_id,headcount,voluntary_exits,escalations,interactions,csat,"
                "clarification_requests,messages,meeting_participation_rate,median_response_hours\n"]
    leaders: list[tuple[str, str, str, int]] = []  # leader, cohort, arm, wave index
    per_wave = scenario.per_arm // scenario.waves
    for wave in range(scenario.waves):
        cohort, start, end = WAVES[wave]
        schedule.append(f"{cohort},m1,Module one,{start},{end}\n")
        leaders += [(f"P{wave}{i:02d}", cohort, "program", wave) for i in range(per_wave)]
    leaders += [(f"C{i:02d}", "Comparison", "comparison", 0) for i in range(scenario.per_arm)]
    number = 0
    for leader, cohort, arm, wave in leaders:
        roster.append(f"{leader},leader,,{cohort},{arm}\n")
        size = int(rng.integers(5, 11))
        member_effect = rng.normal(0, SD_MEMBER, size)
        leader_effect = rng.normal(0, SD_LEADER)
        for j in range(size):
            roster.append(f"{leader}-{j},member,{leader},{cohort},{arm}\n")
        # business outcomes: leader and month effects, no effect of training
        base_interactions = 150 * math.exp(rng.normal(0, 0.2))
        escalation_p = 0.04 * math.exp(rng.normal(0, 0.25))
        csat_leader = rng.normal(0, 3)
        clarification_q = 0.06 * math.exp(rng.normal(0, 0.2))
        meeting_leader = rng.normal(0, 0.05)
        hours_leader = rng.normal(0, 0.15)
        for t, month in enumerate(months):
            shift = leader_effect + month_effect[t] + rng.normal(0, SD_LEADER_MONTH)
            if arm == "program":
                shift += scenario.drift * t
                if t >= WAVE_START_MONTH[wave]:
                    shift += scenario.effect
            answering = np.flatnonzero(rng.random(size) < RESPONSE_PROBABILITY)
            for j in answering:
                latent = MEAN + shift + member_effect[j] + rng.normal(0, SD_NOISE, 2)
                q1, q2 = np.clip(np.round(latent), 1, 5).astype(int)
                rec = int(np.clip(np.round(7 + 2 * (latent.mean() - MEAN) + rng.normal(0, 1.5)), 0, 10))
                number += 1
                rater = "peer" if j == 0 else "direct_report"
                pulse.append(f"R{number:06d},{month}-10,{leader}-{j},{rater},{leader},{q1},{q2},{rec}\n")
            interactions = int(rng.poisson(base_interactions))
            escalations = int(rng.binomial(interactions, min(escalation_p * math.exp(month_effect[t]), 1)))
            exits = int(rng.binomial(size, 0.012))
            messages = int(rng.poisson(1000))
            clarifications = int(rng.binomial(messages, clarification_q))
            csat = 78 + csat_leader + rng.normal(0, 1.5) + 10 * month_effect[t]
            meeting = float(np.clip(0.62 + meeting_leader + rng.normal(0, 0.03), 0, 1))
            hours = 5.2 * math.exp(hours_leader + rng.normal(0, 0.1))
            outcomes.append(f"{month},{leader},{size},{exits},{escalations},{interactions},{csat:.1f},"
                            f"{clarifications},{messages},{meeting:.3f},{hours:.2f}\n")
    files = {
        "roster.csv": roster, "schedule.csv": schedule,
        "questions.csv": ["question_id,text,scale\nq1,Understands me,likert5\n"
                          "q2,Considerate tone,likert5\nrec,Recommend,nps11\n"],
        "pulse.csv": pulse, "outcomes.csv": outcomes,
    }
    paths = []
    for name, lines in files.items():
        path = folder / name
        path.write_text("".join(lines), encoding="utf-8")
        paths.append(path)
    return paths


_TEMPLATE: Path | None = None


def _template(folder: Path) -> Path:
    """An empty database with the schema applied, copied for every pilot (cheaper than
    creating the schema again)."""
    global _TEMPLATE
    if _TEMPLATE is None:
        from dashboard.store import db
        path = folder / "template.duckdb"
        db.connect(path).close()
        _TEMPLATE = path
    return _TEMPLATE


def run_pilot(task: tuple[str, int]) -> dict[str, object]:
    """One replication: write, import, compute; the numbers the summary needs."""
    from dashboard.ingest import ingest_files
    from dashboard.kpi import Filters, cache, compute
    from dashboard.store import db

    name, rep = task
    scenario = SCENARIOS[name]
    seed = 1_000_003 * (list(SCENARIOS).index(name) + 1) + rep
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="validity-") as tmp:
        folder = Path(tmp)
        paths = write_pilot(scenario, seed, folder)
        target = folder / f"pilot-{name}-{rep}.duckdb"
        shutil.copyfile(_template_dir(), target)
        con = db.connect(target)
        try:
            results = ingest_files(con, paths, user="validity-study")
            failed = [r.file_name for r in results if not r.ok]
            if failed:
                raise RuntimeError(f"import failed: {failed}")
            filters = Filters(min_group=K)
            impact = compute(con, "impact", filters).set_index("metric")
            roi = compute(con, "roi", filters).set_index("scenario")
        finally:
            con.close()
            cache.clear()
    primary = impact.loc["pulse_mean"]
    isolated = impact[impact["isolated"].astype(bool)]
    return {
        "scenario": name, "rep": rep, "seed": seed,
        "effect": _num(primary["effect"]), "ci_low": _num(primary["ci_low"]), "ci_high": _num(primary["ci_high"]),
        "df": _num(primary["df"]), "verdict": str(primary["verdict"]), "pretrend": str(primary["pretrend"]),
        "n_program": int(primary["n_program"]), "n_comparison": int(primary["n_comparison"]),
        "claims": sorted(m for m, v in isolated["verdict"].items() if v in ("improved", "worsened")),
        "roi_central": _num(roi.loc["central", "roi_pct"]),
        "demonstrable": bool(roi.loc["central", "demonstrable"]),
        "seconds": round(time.perf_counter() - started, 3),
    }


def _template_dir() -> Path:
    folder = Path(tempfile.gettempdir()) / f"validity-template-{os.getpid()}"
    folder.mkdir(exist_ok=True)
    return _template(folder)


def _num(value: object) -> float | None:
    number = float(value)  # type: ignore[arg-type]
    return None if math.isnan(number) else number


def _share(hits: int, n: int) -> str:
    if not n:
        return "—"
    p = hits / n
    return f"{100 * p:.1f}% ± {196 * math.sqrt(p * (1 - p) / n):.1f}"


def summary(records: list[dict[str, object]]) -> str:
    """The results as Markdown tables, one row per scenario."""
    lines = ["| scenario | truth (pulse score) | pilots | with interval | coverage | "
             "false claims / power | any metric claims | central ROI > 0 | median df | s per pilot |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    trend = ["", "| scenario | pilots | \"improved\", check passed (unwarned) | \"improved\", check not failed "
             "| \"already drifting apart\" | check could not be run |", "|---|---|---|---|---|---|"]
    for name, scenario in SCENARIOS.items():
        rows = [r for r in records if r["scenario"] == name]
        if not rows:
            continue
        truth = observed_effect(scenario.effect) if scenario.effect else 0.0
        with_ci = [r for r in rows if r["ci_low"] is not None]
        covered = sum(1 for r in with_ci if r["ci_low"] <= truth <= r["ci_high"])  # type: ignore[operator]
        improved = sum(1 for r in rows if r["verdict"] == "improved")
        claims = sum(1 for r in rows if r["verdict"] in ("improved", "worsened"))
        any_claim = sum(1 for r in rows if r["claims"])
        positive = sum(1 for r in rows if (r["roi_central"] or -1) > 0)
        dfs = sorted(r["df"] for r in with_ci if r["df"] is not None)  # type: ignore[type-var]
        label = "false claims" if scenario.null else "power"
        lines.append(
            f"| {name} | {truth:+.3f} | {len(rows)} | {len(with_ci)} | {_share(covered, len(with_ci))} | "
            f"{label} {_share(claims if scenario.null else improved, len(rows))} | {_share(any_claim, len(rows))} | "
            f"{_share(positive, len(rows)) if scenario.null else '—'} | "
            f"{dfs[len(dfs) // 2] if dfs else float('nan'):.1f} | "
            f"{sum(float(r['seconds']) for r in rows) / len(rows):.2f} |")  # type: ignore[arg-type]
        if scenario.drift:
            unwarned = sum(1 for r in rows if r["verdict"] == "improved" and r["pretrend"] == "passed")
            plain = sum(1 for r in rows if r["verdict"] == "improved" and r["pretrend"] != "failed")
            drifting = sum(1 for r in rows if r["verdict"] == "already drifting apart")
            unchecked = sum(1 for r in rows if r["pretrend"] == "not checked")
            trend.append(f"| {name} | {len(rows)} | {_share(unwarned, len(rows))} | {_share(plain, len(rows))} | "
                         f"{_share(drifting, len(rows))} | {_share(unchecked, len(rows))} |")
    return "\n".join(lines + (trend if len(trend) > 3 else [])) + "\n"


def _read(path: Path) -> list[dict[str, object]]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _tasks(names: list[str], reps: int, done: set[tuple[str, int]]) -> Iterator[tuple[str, int]]:
    # interleave scenarios, so a stopped run has some of each
    for rep in range(reps):
        for name in names:
            if (name, rep) not in done:
                yield name, rep


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=400, help="replications per scenario (default 400)")
    parser.add_argument("--scenario", action="append", default=[], choices=list(SCENARIOS),
                        help="repeatable; default all")
    parser.add_argument("--workers", type=int, default=2, help="processes (default 2)")
    parser.add_argument("--out", type=Path, help="JSON-lines file the results are appended to")
    parser.add_argument("--summary", type=Path, help="print the tables from a results file and exit")
    args = parser.parse_args(argv)
    if args.summary:
        print(summary(_read(args.summary)), end="")
        return 0
    names = args.scenario or list(SCENARIOS)
    out = args.out or Path(tempfile.gettempdir()) / "impact_validity.jsonl"
    records = _read(out)
    done = {(str(r["scenario"]), int(r["rep"])) for r in records}  # type: ignore[call-overload]
    tasks = list(_tasks(names, args.reps, done))
    print(f"{len(tasks)} pilots to run ({len(done)} already in {out})", file=sys.stderr)
    started = time.perf_counter()
    with out.open("a", encoding="utf-8") as sink, ProcessPoolExecutor(args.workers) as pool:
        for count, record in enumerate(pool.map(run_pilot, tasks, chunksize=4), start=1):
            sink.write(json.dumps(record) + "\n")
            sink.flush()
            records.append(record)
            if count % 50 == 0:
                rate = (time.perf_counter() - started) / count
                print(f"{count}/{len(tasks)} pilots, {rate:.2f} s each", file=sys.stderr)
    print(summary(records), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
