"""``erase``, ``retain`` and ``key``: one person's rows removed everywhere, responses older
than a retention period dropped, and where the id key is (see ``dashboard.store.erase`` and
``dashboard.store.ids``)."""

from __future__ import annotations

import argparse

from dashboard.cli.common import CliError, add_command
from dashboard.config import current_user
from dashboard.store import db, ids
from dashboard.store.erase import ErasureError, erase_person, preview_erasure, preview_retention, retain
from dashboard.store.writes import transaction


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = add_command(subparsers, "erase", "remove one person's rows everywhere (cannot be undone)",
                         "python -m dashboard erase --person ann.lee@example.com",
                         description="Remove one person's rows everywhere: the responses they gave, "
                                     "their roster row, and as a leader the responses rating them, "
                                     "their rubric, activity and team outcomes; their id in the logs. "
                                     "The aggregates are rebuilt; the audit log says how many rows, "
                                     "never whose. Backups made before still hold them.")
    parser.add_argument("--person", required=True, metavar="ID",
                        help="their id as stored (M0001, anon-…), or the e-mail address or name "
                             "they were imported with (hashed with the id key to find them)")
    parser.add_argument("--dry-run", action="store_true", help="say what would be removed; change nothing")
    parser.set_defaults(run=run_erase)
    parser = add_command(subparsers, "retain", "drop responses older than N months (a retention period)",
                         "python -m dashboard retain --months 24",
                         description="Drop every pulse response (with its answers and comment) of the "
                                     "months before this month minus N, and rebuild the aggregates. "
                                     "Run it after each import, or nightly from cron.")
    parser.add_argument("--months", required=True, type=int, metavar="N")
    parser.add_argument("--dry-run", action="store_true", help="say what would be dropped; change nothing")
    parser.set_defaults(run=run_retain)
    parser = add_command(subparsers, "key", "where the id key is, and whether it matches this database",
                         "python -m dashboard key --db data/empathy.duckdb",
                         description="The id key turns e-mail addresses and names used as ids into "
                                     "salted hashes; it lives outside the database (README: The id key).")
    parser.add_argument("--new", action="store_true",
                        help="the key is lost for good: start a new one (people imported from now on "
                             "get pseudonyms that do not link to earlier ones)")
    parser.set_defaults(run=run_key)


def run_erase(args: argparse.Namespace) -> int:
    with db.session(args.db) as con:
        try:
            if args.dry_run:
                found = preview_erasure(con, args.person)
                print(f"would erase one person: {found.total} rows ({found.summary()})")
                return 0
            done = erase_person(con, args.person)
        except ErasureError as exc:
            raise CliError(str(exc)) from None
    print(f"erased one person: {done.total} rows ({done.summary()}); backups made before still hold them")
    return 0


def run_retain(args: argparse.Namespace) -> int:
    with db.session(args.db) as con:
        try:
            found = preview_retention(con, args.months) if args.dry_run else retain(con, args.months)
        except ErasureError as exc:
            raise CliError(str(exc)) from None
    verb = "would drop" if args.dry_run else "dropped"
    print(f"{verb} {found.responses} responses ({found.answers} answers) from before {found.before}")
    return 0


def run_key(args: argparse.Namespace) -> int:
    with db.session(args.db) as con:
        if args.new:
            with transaction(con, current_user(), "key") as change:
                path = ids.new_key(con)
                change.audit("new id key", {})
            print(f"a new id key is in {path}; back it up separately (README: The id key)")
            return 0
        path, state = ids.key_status(con)
    print(f"id key: {path or '$' + ids.KEY_ENV_VAR}\n  {state}")
    return 0
