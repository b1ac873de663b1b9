"""``audit``: who imported, undid, restored or changed a setting, and when."""

from __future__ import annotations

import argparse

from dashboard.cli.common import add_command, frame_to_json, frame_to_table
from dashboard.store import audit, db


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = add_command(subparsers, "audit", "list the audit log (newest first)",
                         "python -m dashboard audit --limit 20")
    parser.add_argument("--limit", type=int, default=100, metavar="N")
    parser.add_argument("--format", choices=("table", "json"), default="table")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    with db.session(args.db) as con:
        log = audit.entries(con, args.limit)
    log["happened_at"] = log["happened_at"].astype(str).str[:19]
    print(frame_to_json(log) if args.format == "json" else frame_to_table(log) if len(log) else "no entries yet")
    return 0
