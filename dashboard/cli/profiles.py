"""``profiles``: the saved import profiles (confirmed mappings of survey-tool layouts)."""

from __future__ import annotations

import argparse
import json

from dashboard.cli.common import CliError, add_command, frame_to_json, frame_to_table
from dashboard.ingest.profiles import delete_profile, get_profile, list_profiles
from dashboard.store import db


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = add_command(subparsers, "profiles", "list saved import profiles (or show, delete one)",
                         "python -m dashboard profiles --show qualtrics-pulse")
    parser.add_argument("--format", choices=("table", "json"), default="table")
    action = parser.add_mutually_exclusive_group()
    action.add_argument("--show", metavar="NAME", help="print one profile's mapping as JSON")
    action.add_argument("--delete", metavar="NAME", help="remove one profile")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    with db.session(args.db) as con:
        if args.show:
            profile = get_profile(con, args.show)
            if profile is None:
                raise CliError(f"no profile named {args.show!r} (see: python -m dashboard profiles)")
            print(json.dumps({"name": profile.name, "layout": profile.layout,
                              "kind": profile.kind, "fingerprint": profile.fingerprint,
                              "mapping": profile.mapping}, indent=2, ensure_ascii=False))
            return 0
        if args.delete:
            if not delete_profile(con, args.delete):
                raise CliError(f"no profile named {args.delete!r} (see: python -m dashboard profiles)")
            print(f"deleted profile {args.delete!r}")
            return 0
        table = list_profiles(con)
    if args.format == "json":
        table["updated_at"] = table["updated_at"].astype(str)
        print(frame_to_json(table))
    elif table.empty:
        print("no profiles saved yet (save one with: python -m dashboard ingest FILE --save-profile NAME)")
    else:
        table["updated_at"] = table["updated_at"].dt.strftime("%Y-%m-%d %H:%M")
        print(frame_to_table(table.drop(columns=["fingerprint"])))
    return 0
