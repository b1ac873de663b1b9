"""``kpi``: print a KPI table with the same filters the pages offer."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from dashboard.cli.common import CliError, add_command, frame_to_json, frame_to_table
from dashboard.kpi import TABLES, FilterError, Filters, UnknownKpi, compute, settings
from dashboard.kpi.assumptions import AssumptionsError, load_assumptions
from dashboard.kpi.benchmark import EFFECT_TABLES, benchmark
from dashboard.kpi.privacy import DEFAULT_MIN_GROUP
from dashboard.kpi.registry import definitions_markdown
from dashboard.kpi.targets import TargetsError
from dashboard.present.exports import to_csv_bytes, to_csv_text, to_xlsx_bytes
from dashboard.store import db


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    names = "\n".join(f"  {t.name:16} {t.description}" for t in TABLES.values())
    parser = add_command(
        subparsers, "kpi", "print a KPI table (filters as on the pages)",
        "python -m dashboard kpi pulse_trend --cohort Pilot --from 2026-01 --to 2026-06 --format csv",
        description="Print a KPI table. Cells of others' ratings with fewer than --min-group "
                    "respondents are empty and marked suppressed.\n\nTables:\n" + names,
    )
    parser.add_argument("name", nargs="?", metavar="NAME", help="the KPI table (see --list)")
    parser.add_argument("--list", action="store_true", help="list the KPI tables and exit")
    parser.add_argument("--definitions", action="store_true",
                        help="print every metric's definition (label, unit, direction, formula) "
                             "as a Markdown table and exit")
    add_filter_options(parser)
    parser.add_argument("--assumptions", metavar="FILE",
                        help="ROI assumptions TOML (default: the database's ROI defaults, set "
                             "on the Admin page, else data/roi_assumptions.toml)")
    parser.add_argument("--targets", metavar="FILE",
                        help="targets CSV (default: stored targets, else data/targets.csv)")
    parser.add_argument("--format", choices=("table", "csv", "json", "xlsx"), default="table",
                        help="csv and xlsx are safe to open in a spreadsheet; xlsx needs --out")
    parser.add_argument("--out", metavar="FILE", help="write to FILE instead of the terminal "
                        "(a CSV file gets a byte-order mark so Excel reads it as UTF-8)")
    parser.set_defaults(run=run)


def add_filter_options(parser: argparse.ArgumentParser) -> None:
    """The filters shared by kpi, report and the pages' sidebar."""
    parser.add_argument("--cohort", action="append", default=[], metavar="C", help="repeatable")
    parser.add_argument("--module", action="append", default=[], metavar="M", help="repeatable")
    parser.add_argument("--arm", action="append", default=[], choices=("program", "comparison"))
    parser.add_argument("--from", dest="period_from", default="", metavar="YYYY-MM")
    parser.add_argument("--to", dest="period_to", default="", metavar="YYYY-MM")
    parser.add_argument("--rater-group", action="append", default=[], choices=("others", "self"))
    parser.add_argument("--min-group", type=int, default=None, metavar="K",
                        help="smallest group shown (default: the admin's k, set on the Admin "
                             f"page, else {DEFAULT_MIN_GROUP}); it may raise the admin's k, "
                             "never lower it")
    parser.add_argument("--assessor", action="append", default=[],
                        choices=("facilitator", "peer", "self"),
                        help="rubric assessor types (default facilitator)")
    parser.add_argument("--level", type=float, default=0.95, help="interval level (default 0.95)")
    parser.add_argument("--baseline-to", default="", metavar="YYYY-MM",
                        help="last baseline month for impact (default: before the first module)")
    parser.add_argument("--post-from", default="", metavar="YYYY-MM",
                        help="first follow-up month for impact (default: after the last module)")


def filters_from(args: argparse.Namespace, min_group: int = DEFAULT_MIN_GROUP) -> Filters:
    """The filters the options select; ``min_group`` applies when ``--min-group`` is not
    given (the command passes the database's setting)."""
    try:
        return Filters(
            cohorts=tuple(args.cohort), modules=tuple(args.module), arms=tuple(args.arm),
            period_from=args.period_from, period_to=args.period_to,
            rater_groups=tuple(args.rater_group),
            min_group=min_group if args.min_group is None else args.min_group,
            assessors=tuple(args.assessor) or ("facilitator",), level=args.level,
            baseline_to=args.baseline_to, post_from=args.post_from,
        )
    except FilterError as exc:
        raise CliError(str(exc)) from None


def run(args: argparse.Namespace) -> int:
    if args.definitions:
        print(definitions_markdown(), end="")
        return 0
    if args.list or not args.name:
        for table in TABLES.values():
            print(f"{table.name:16} {table.description}")
        return 0 if args.list else 2
    if args.format == "xlsx" and not args.out:
        raise CliError("--format xlsx writes a workbook: add --out FILE.xlsx")
    filters = filters_from(args)  # refuses bad filters before the database is opened
    options = {}
    try:
        if args.name == "roi" and args.assumptions:
            options["assumptions"] = load_assumptions(args.assumptions)
        if args.name == "targets" and args.targets:
            options["path"] = args.targets
        with db.session(args.db) as con:
            filters = filters.with_(min_group=settings.min_group_for(con, args.min_group))
            frame = compute(con, args.name, filters, **options)
            note = benchmark(con, filters).note if args.name in EFFECT_TABLES else ""
    except (UnknownKpi, AssumptionsError, TargetsError) as exc:
        raise CliError(str(exc).strip('"')) from None
    if note:  # the comparison cohort kept for effects is said, on stderr so output stays a table
        print(f"note: {note}", file=sys.stderr)
    if args.out:
        write_table(frame, args.format, Path(args.out), sheet=args.name)
        print(f"wrote {args.out}: {len(frame)} rows", file=sys.stderr)
    else:
        print(render(frame, args.format))
    return 0


def write_table(frame: pd.DataFrame, fmt: str, path: Path, sheet: str) -> None:
    """A KPI table as a file: the same bytes a page's download button gives."""
    if fmt == "xlsx":
        path.write_bytes(to_xlsx_bytes(frame, sheet=sheet))
    elif fmt == "csv":
        path.write_bytes(to_csv_bytes(frame))
    else:
        text = render(frame, fmt)
        path.write_text(text + ("\n" if not text.endswith("\n") else ""), encoding="utf-8")


def render(frame: pd.DataFrame, fmt: str) -> str:
    if fmt == "csv":
        return to_csv_text(frame).rstrip("\n")
    if fmt == "json":
        return frame_to_json(frame)
    return frame_to_table(frame) if len(frame) else "(no rows for these filters)"
