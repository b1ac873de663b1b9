"""Dump every ``python -m dashboard kpi`` table as CSV for the demo and the golden pilot.

A refactor that must not change behaviour is checked by dumping before and after and
comparing the two folders::

    python bench/kpi_dump.py --out /tmp/kpi-before      # on the old commit
    python bench/kpi_dump.py --out /tmp/kpi-after       # on the new one
    diff -r /tmp/kpi-before /tmp/kpi-after && echo identical

Each table is printed through the real command line (``dashboard.cli.main``) with a few
filter combinations, on databases built from scratch by ``demo`` and ``ingest``.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dashboard.cli import main  # noqa: E402

GOLDEN = ROOT / "tests" / "fixtures" / "golden"
GOLDEN_FILES = ("roster.csv", "schedule.csv", "questions.csv", "pulse.csv", "rubric.csv")

# name -> extra kpi options; every table is dumped with each of them
FILTER_SETS: dict[str, dict[str, list[str]]] = {
    "demo": {
        "all": [],
        "pilot": ["--cohort", "Pilot", "--cohort", "Comparison"],
        "months": ["--from", "2026-02", "--to", "2026-07"],
        "k7": ["--min-group", "7", "--rater-group", "others"],
        "module": ["--module", "digital_cues", "--arm", "program"],
        "assessor": ["--assessor", "peer", "--assessor", "self", "--level", "0.9"],
        "windows": ["--baseline-to", "2026-03", "--post-from", "2026-08"],
    },
    "golden": {
        "all": [],
        "pilot": ["--cohort", "Pilot", "--cohort", "Comparison"],
        "months": ["--from", "2026-02", "--to", "2026-05"],
    },
}


def _run(argv: list[str]) -> int:
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        code = main(argv)
    if code not in (0,):
        sys.stderr.write(f"{' '.join(argv)} -> exit {code}: {err.getvalue()}")
    return code


def table_names() -> list[str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        main(["kpi", "--list"])
    return [line.split()[0] for line in out.getvalue().splitlines() if line.strip()]


def build(dataset: str, db: Path) -> None:
    if dataset == "demo":
        assert _run(["demo", "--db", str(db)]) == 0
    else:
        files = [str(GOLDEN / name) for name in GOLDEN_FILES]
        assert _run(["ingest", *files, "--db", str(db)]) == 0


def dump(out_dir: Path) -> int:
    names = table_names()
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        for dataset, filter_sets in FILTER_SETS.items():
            db = Path(tmp) / f"{dataset}.duckdb"
            with contextlib.redirect_stdout(io.StringIO()):
                build(dataset, db)
            for set_name, options in filter_sets.items():
                folder = out_dir / dataset / set_name
                folder.mkdir(parents=True, exist_ok=True)
                for name in names:
                    target = folder / f"{name}.csv"
                    code = _run(["kpi", name, *options, "--db", str(db), "--format", "csv",
                                 "--out", str(target)])
                    failures += code != 0
    return failures


def main_(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, type=Path, help="folder for the CSV dumps")
    args = parser.parse_args(argv)
    failures = dump(args.out)
    print(f"wrote {sum(1 for _ in args.out.rglob('*.csv'))} tables to {args.out}"
          + (f"; {failures} command(s) failed" if failures else ""))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main_())
