"""The demo program: deterministic, believable, and clearly labelled."""

from __future__ import annotations

import csv
from collections import Counter

from dashboard.ingest.demo import DEMO_FILES, generate, load_demo
from dashboard.store.imports import demo_loaded


def test_generator_is_deterministic_and_matches_the_committed_files(tmp_path, sample_dir):
    generate(tmp_path)
    for name in DEMO_FILES:
        assert (tmp_path / name).read_bytes() == (sample_dir / name).read_bytes(), name


def _rows(sample_dir, name):
    with (sample_dir / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_demo_has_the_cohorts_and_team_sizes_the_pilot_describes(sample_dir):
    roster = _rows(sample_dir, "roster.csv")
    leaders = Counter((r["cohort"], r["arm"]) for r in roster if r["role"] == "leader")
    assert leaders == {("Pilot", "program"): 10, ("Comparison", "comparison"): 10, ("Wave 2", "program"): 8}
    initial = Counter(r["leader_id"] for r in roster if r["role"] == "member" and r["hire_date"] < "2026-01-01")
    assert min(initial.values()) >= 4 and max(initial.values()) <= 12
    schedule = _rows(sample_dir, "schedule.csv")
    assert {(r["cohort"], r["module_id"]) for r in schedule} == {
        ("Pilot", "digital_cues"), ("Pilot", "written_replies"),
        ("Wave 2", "digital_cues"), ("Wave 2", "active_listening")}


def test_demo_pulse_has_all_rater_types_skips_and_comments(sample_dir):
    pulse = _rows(sample_dir, "pulse.csv")
    assert {r["rater_type"] for r in pulse} == {"self", "peer", "direct_report"}
    assert len({r["submitted_at"][:7] for r in pulse}) == 10
    assert any(r["understood"] == "" for r in pulse) and any(r["tone"] == "N/A" for r in pulse)
    assert any("\n" in r["comment"] for r in pulse) and sum(bool(r["comment"]) for r in pulse) > 100


def test_demo_loads_cleanly_and_is_labelled(con, sample_dir):
    results = load_demo(con)
    assert all(r.ok for r in results), [r.problem_lines() for r in results]
    assert demo_loaded(con)
    sources = {s for (s,) in con.execute("select distinct source from import_log").fetchall()}
    assert sources == {"demo"}
