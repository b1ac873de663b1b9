"""``detect``: which layout a file has, how sure we are, and the mapping we propose."""

from __future__ import annotations

import argparse
import json

from dashboard.cli.common import CliError, add_command
from dashboard.cli.ingest import add_value_options
from dashboard.cli.mapping_options import add_mapping_options, import_options
from dashboard.ingest import ingest_file, recode
from dashboard.ingest.detection import ProposalError
from dashboard.ingest.kinds import KIND_ORDER
from dashboard.ingest.pipeline import reading_of
from dashboard.ingest.profiles import ProfileError, save_profile
from dashboard.ingest.propose import propose
from dashboard.store import db

SHOWN_PROBLEMS = 20


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = add_command(
        subparsers, "detect", "show a file's layout, confidence and proposed mapping",
        "python -m dashboard detect exports/qualtrics-march.csv --set rater_type=direct_report",
        description=(
            "Detect the layout of an export (canonical, a survey tool's, or excel) and propose\n"
            "how its columns map onto canonical fields and questions, then check every row as\n"
            "'ingest' would (with the same --recode and --duplicates). Nothing is imported. Exit\n"
            "status 0 when the file would import as shown, 1 when something must be decided\n"
            "first (listed under 'before importing') or when 'ingest' would refuse it (its\n"
            "problems are listed)."
        ),
    )
    parser.add_argument("file", metavar="FILE", help="a CSV or XLSX export")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--kind", choices=KIND_ORDER, help="what the file holds (default: detect)")
    parser.add_argument("--sheet", help="sheet of an .xlsx workbook (default: the first)")
    add_mapping_options(parser)
    add_value_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        recodes = recode.parse(args.recode)
    except recode.RecodeError as exc:
        raise CliError(str(exc)) from None
    options = import_options(args, recodes=recodes, duplicates=args.duplicates)
    refused: list[str] = []
    saved = None
    trial = None
    with db.session(args.db) as con:
        try:
            detection = propose(args.file, con, options)
            if detection.ready:  # the mapping is settled: would every row import?
                trial = ingest_file(con, args.file, options.but(dry_run=True))
                if not trial.ok:
                    refused = trial.problem_lines()
            if args.save_profile and not refused:
                saved = save_profile(con, args.save_profile, detection)
                if recodes:  # the meanings given, kept with the mapping as ingest keeps them
                    recode.save_to_profile(con, saved.name, trial.recodes if trial else recodes)
                if reading_of(options):
                    recode.save_to_profile(con, saved.name, reading_of(options), key="reading")
        except (ProposalError, ProfileError) as exc:
            raise CliError(str(exc)) from None
    if args.format == "json":
        payload = detection.to_dict()
        payload["import_problems"] = refused
        payload["saved_profile"] = saved.name if saved else None
        print(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        print(detection.to_text())
        if refused:
            print(f"but ingest would refuse it ({len(refused)} problem(s)):")
            for line in refused[:SHOWN_PROBLEMS]:
                print(f"  {line}")
            if args.save_profile:
                print(f"profile {args.save_profile!r} not saved: fix the file first")
        if saved:
            print(f"saved profile {saved.name!r}: later files with this layout use it automatically")
    return 0 if detection.ready and not refused else 1
