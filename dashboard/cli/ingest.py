"""``ingest``: import exports into the database, one transaction per file."""

from __future__ import annotations

import argparse
import sys
import textwrap

from dashboard.cli.common import CliError, add_command
from dashboard.cli.mapping_options import add_mapping_options, import_options
from dashboard.ingest import ingest_files, recode, submissions
from dashboard.ingest.kinds import KIND_ORDER
from dashboard.ingest.pipeline import kinds_help
from dashboard.ingest.tools import tool_names
from dashboard.store import db

SHOWN_PROBLEMS = 50


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = add_command(
        subparsers, "ingest", "import CSV/XLSX exports (all of a file or none of it)",
        "python -m dashboard ingest data/sample/roster.csv data/sample/pulse.csv",
        description=(
            "Import exports. The kind is detected from the columns unless --kind is given;\n"
            + textwrap.fill(f"survey-tool exports ({tool_names()}) are recognised by their header rows "
                            "and mapped as 'detect' shows.", 78) + "\n"
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
    add_value_options(parser)
    parser.set_defaults(run=run)


def add_value_options(parser: argparse.ArgumentParser) -> None:
    """What a file's values mean: recoded categories and course titles, repeat submissions."""
    group = parser.add_argument_group("values")
    group.add_argument("--recode", action="append", default=[], metavar='FIELD="VALUE=CANONICAL"',
                       help="what a value of a categorical field means, e.g. --recode "
                            "rater_type=\"A colleague=peer\" or --recode module_id=\"Course title=digital_cues\"; "
                            "repeat it, or join pairs with ';' (saved with --save-profile)")
    group.add_argument("--duplicates", choices=submissions.POLICIES, default=submissions.DEFAULT_POLICY,
                       help="a respondent rating the same leader twice in a month: keep the latest "
                            "(default) or the first submission, or refuse the file")


def run(args: argparse.Namespace) -> int:
    failed = 0
    options = import_options(args, replace=args.replace, source="cli")
    if args.save_profile and len(args.files) > 1:
        raise CliError("--save-profile takes one file (the one whose mapping you confirm)")
    try:
        recodes = recode.parse(args.recode)
    except recode.RecodeError as exc:
        raise CliError(str(exc)) from None
    with db.session(args.db) as con:
        results = ingest_files(con, args.files, options.but(recodes=recodes, duplicates=args.duplicates))
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
