"""``check``: data-quality checks; exit 1 when any finds rows."""

from __future__ import annotations

import argparse

from dashboard.cli.common import add_command, frame_to_table
from dashboard.kpi.checks import run_checks
from dashboard.store import db

SHOWN_ROWS = 10


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = add_command(subparsers, "check", "run the data-quality checks (exit 1 if any fails)",
                         "python -m dashboard check --db data/empathy.duckdb")
    parser.add_argument("--rows", type=int, default=SHOWN_ROWS, metavar="N",
                        help=f"offending rows shown per check (default {SHOWN_ROWS})")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    with db.session(args.db) as con:
        results = run_checks(con)
    failed = 0
    for result in results:
        status = "ok  " if result.passed else "FAIL"
        print(f"{status} {result.name}: {result.description}"
              + ("" if result.passed else f" ({len(result.rows)} rows)"))
        if not result.passed:
            failed += 1
            shown = result.rows.head(args.rows)
            print("\n".join("     " + line for line in frame_to_table(shown).splitlines()))
    print(f"{len(results) - failed} of {len(results)} checks passed")
    return 1 if failed else 0
