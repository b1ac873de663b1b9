"""``imports``: list the import log."""

from __future__ import annotations

import argparse

from dashboard.cli.common import add_command, frame_to_json, frame_to_table
from dashboard.store import db
from dashboard.store.imports import import_log

COLUMNS = ["import_id", "file_name", "kind", "format", "rows", "replaced_rows", "status",
           "source", "imported_at", "imported_by"]


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = add_command(subparsers, "imports", "list the import log (newest first)",
                         "python -m dashboard imports --format json")
    parser.add_argument("--format", choices=("table", "json"), default="table")
    parser.add_argument("--all", action="store_true", help="include undone imports")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    with db.session(args.db) as con:
        log = import_log(con)
    if not args.all:
        log = log[log["status"] == "active"]
    if args.format == "json":
        out = log[COLUMNS + ["file_sha256", "undone_at", "undone_by"]].copy()
        out["imported_at"] = out["imported_at"].astype(str)
        print(frame_to_json(out))
    elif log.empty:
        print("no imports yet (try: python -m dashboard demo)")
    else:
        shown = log[COLUMNS].copy()
        shown["imported_at"] = shown["imported_at"].dt.strftime("%Y-%m-%d %H:%M")
        print(frame_to_table(shown))
    return 0
