"""``ingest``: import exports into the database, one transaction per file."""

from __future__ import annotations

import argparse
import sys

from dashboard.cli.common import CliError, add_command
from dashboard.cli.mapping_options import add_mapping_options, import_options
from dashboard.ingest import ingest_files
from dashboard.ingest.kinds import KIND_ORDER
from dashboard.ingest.pipeline import kinds_help
from dashboard.store import db

SHOWN_PROBLEMS = 50


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = add_command(
        subparsers, "ingest", "import CSV/XLSX exports (all of a file or none of it)",
        "python -m dashboard ingest data/sample/roster.csv data/sample/pulse.csv",
        description=(
            "Import exports. The kind is detected from the columns unless --kind is given;\n"
            "survey-tool exports (Qualtrics, SurveyMonkey, Google Forms, Microsoft Forms,\n"
            "Viva Glint) are recognised by their header rows and mapped as 'detect' shows.\n"
            "Each file is one transaction: on any problem nothing of that file is stored and\n"
            "every problem is listed as FILE:LINE: column: reason. Importing an identical file\n"
            "again changes nothing.\n\nRequired columns per kind:\n" + kinds_help()
        ),
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="CSV or XLSX files")
    parser.add_argument("--kind", choices=KIND_ORDER, help="what the files hold (default: detect)")
    parser.add_argument("--replace", action="store_true",
                        help="replace earlier rows with the same keys (a corrected export)")
    parser.add_argument("--sheet", help="sheet of an .xlsx workbook (default: the first)")
    parser.add_argument("--max-problems", type=int, default=SHOWN_PROBLEMS, metavar="N",
                        help=f"problems listed per file (default {SHOWN_PROBLEMS}; all are counted)")
    add_mapping_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    failed = 0
    options = import_options(args, replace=args.replace, source="cli")
    if args.save_profile and len(args.files) > 1:
        raise CliError("--save-profile takes one file (the one whose mapping you confirm)")
    with db.session(args.db) as con:
        results = ingest_files(con, args.files, options)
    for result in results:
        print(result.summary())
        for note in result.notes:
            print(f"  note: {note}", file=sys.stderr)
        if not result.ok:
            failed += 1
            lines = result.problem_lines()
            for line in lines[: args.max_problems]:
                print(line, file=sys.stderr)
            hidden = result.problem_total - min(len(lines), args.max_problems)
            if hidden > 0:
                print(f"{result.file_name}: ... and {hidden} more problem(s)", file=sys.stderr)
    return 1 if failed else 0
