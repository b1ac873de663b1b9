"""``backup`` and ``restore``: Parquet backups of the whole database."""

from __future__ import annotations

import argparse

from dashboard.cli.common import CliError, add_command
from dashboard.config import resolve_db_path
from dashboard.store import db, ids
from dashboard.store.backup import BackupError, backup, restore


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = add_command(subparsers, "backup", "write every table to DIR as Parquet, with a manifest",
                         "python -m dashboard backup --out backups/2026-11-26",
                         description="Write every stored table to DIR as Parquet, with a manifest (rows, "
                                     "columns, SHA-256). The id key is not in a backup: back up "
                                     "<database>.key separately (README: The id key).")
    parser.add_argument("--out", required=True, metavar="DIR", help="a new or empty folder")
    parser.set_defaults(run=run_backup)
    parser = add_command(subparsers, "restore", "rebuild the database from a backup folder",
                         "python -m dashboard restore backups/2026-11-26 --db data/empathy.duckdb --force",
                         description="Rebuild the database from a backup folder. The backup is checked "
                                     "(files, checksums, row counts) before the new file replaces the "
                                     "old one, which is kept aside as <db>.before-restore-<time>.")
    parser.add_argument("folder", metavar="DIR")
    parser.add_argument("--force", action="store_true", help="replace an existing database file")
    parser.set_defaults(run=run_restore)


def run_backup(args: argparse.Namespace) -> int:
    try:
        with db.session(args.db) as con:
            result = backup(con, args.out)
    except BackupError as exc:
        raise CliError(str(exc)) from None
    rows = sum(result.tables.values())
    print(f"backed up {len(result.tables)} tables ({rows} rows) to {result.folder}")
    path = ids.key_path(resolve_db_path(args.db))
    print(f"the id key is not in the backup: keep a copy of {path} (or ${ids.KEY_ENV_VAR}) elsewhere")
    return 0


def run_restore(args: argparse.Namespace) -> int:
    try:
        with db.WRITE_LOCK:
            counts = restore(args.folder, args.db, force=args.force)
    except BackupError as exc:
        raise CliError(str(exc)) from None
    print(f"restored {len(counts)} tables ({sum(counts.values())} rows) from {args.folder}")
    with db.session(args.db) as con:
        path, state = ids.key_status(con)
    print(f"id key {path or '$' + ids.KEY_ENV_VAR}: {state}")
    return 0
