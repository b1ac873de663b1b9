"""``undo``: take one import back."""

from __future__ import annotations

import argparse

from dashboard.cli.common import CliError, add_command
from dashboard.store import db
from dashboard.store.imports import UndoError, undo_import


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = add_command(subparsers, "undo", "remove one import's rows (and restore what it replaced)",
                         "python -m dashboard undo 7")
    parser.add_argument("import_id", type=int, metavar="IMPORT_ID")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    with db.session(args.db) as con:
        try:
            result = undo_import(con, args.import_id)
        except UndoError as exc:
            raise CliError(str(exc)) from None
    restored = f", {result.rows_restored} earlier rows restored" if result.rows_restored else ""
    print(f"undid import {result.import_id} ({result.file_name}): "
          f"{result.rows_removed} rows removed{restored}")
    return 0
