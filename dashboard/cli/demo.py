"""``demo``: load (or regenerate) the demo data set."""

from __future__ import annotations

import argparse

from dashboard.cli.common import add_command
from dashboard.ingest.demo import generate, load_demo
from dashboard.store import db


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = add_command(subparsers, "demo", "load the demo program (data/sample/*.csv)",
                         "python -m dashboard demo --db /tmp/demo.duckdb")
    parser.add_argument("--regenerate", action="store_true",
                        help="rewrite data/sample/*.csv from the fixed seed first")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.regenerate:
        for name, count in generate().items():
            print(f"wrote data/sample/{name}: {count} rows")
    with db.session(args.db) as con:
        results = load_demo(con)
    for result in results:
        print(result.summary() + (" (demo data)" if result.ok and result.import_id else ""))
        for line in result.problem_lines():
            print(line)
    return 0 if all(r.ok for r in results) else 1
