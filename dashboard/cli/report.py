"""``report``: the quarterly stakeholder review as one self-contained HTML file (and a PDF)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from dashboard.cli.common import CliError, add_command
from dashboard.config import resolve_db_path
from dashboard.kpi.assumptions import AssumptionsError
from dashboard.kpi.filters import FilterError
from dashboard.kpi.privacy import DEFAULT_MIN_GROUP, check_min_group
from dashboard.report import Quarter, QuarterError, build_report
from dashboard.report.pdf import PdfError, find_chromium, html_to_pdf
from dashboard.store import db

NO_BROWSER = ("no Chromium found, so no PDF was printed: install Debian's chromium package (or "
              "set CHROMIUM_PATH to a Chromium or Chrome) and run again — or open {html} in a "
              "browser and print it (the page is laid out for A4 and Letter)")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = add_command(
        subparsers, "report", "write the quarterly review (self-contained HTML, and PDF)",
        "python -m dashboard report --quarter 2026-Q2 --out review.pdf",
        description=(
            "Write the quarterly stakeholder review: executive summary, the participation →\n"
            "behaviour → business chain, trends, impact with intervals and verdicts, ROI\n"
            "scenarios, what is not known yet, data lineage, privacy and methods.\n\n"
            "--out FILE.html writes the HTML; --out FILE.pdf writes FILE.html and prints it to\n"
            "FILE.pdf with a headless Chromium. Nothing after the quarter's last month is read."
        ),
    )
    parser.add_argument("--quarter", required=True, metavar="YYYY-QN", help="e.g. 2026-Q2")
    parser.add_argument("--cohort", action="append", default=[], metavar="C",
                        help="repeatable; default all (include the comparison cohort for impact)")
    parser.add_argument("--min-group", type=int, default=None, metavar="K",
                        help="smallest group shown (default: the admin's k, set on the Admin "
                             f"page, else {DEFAULT_MIN_GROUP}); it may raise the admin's k, "
                             "never lower it")
    parser.add_argument("--assumptions", metavar="FILE",
                        help="ROI assumptions TOML (default: the database's ROI defaults, set "
                             "on the Admin page, else data/roi_assumptions.toml)")
    parser.add_argument("--paper", choices=("a4", "letter"), default="a4",
                        help="paper size of the PDF (default a4; the HTML prints on either)")
    parser.add_argument("--out", required=True, metavar="FILE", help="FILE.html or FILE.pdf")
    parser.set_defaults(run=run)


def output_paths(out: str) -> tuple[Path, Path | None]:
    """The HTML file to write and, for a .pdf target, the PDF next to it."""
    path = Path(out)
    suffix = path.suffix.lower()
    if suffix in (".html", ".htm"):
        return path, None
    if suffix == ".pdf":
        return path.with_suffix(".html"), path
    raise CliError(f"--out must end in .html or .pdf, got {out!r}")


def run(args: argparse.Namespace) -> int:
    try:
        quarter = Quarter.parse(args.quarter)
        if args.min_group is not None:
            check_min_group(args.min_group)
    except (QuarterError, ValueError) as exc:
        raise CliError(str(exc)) from None
    html_path, pdf_path = output_paths(args.out)
    started = time.monotonic()
    try:
        with db.session(args.db) as con:
            html = build_report(con, quarter, tuple(args.cohort), args.min_group, args.assumptions,
                                database=resolve_db_path(args.db).name, paper=args.paper)
    except (AssumptionsError, FilterError) as exc:
        raise CliError(str(exc)) from None
    html_path.parent.mkdir(parents=True, exist_ok=True)
    html_path.write_text(html, encoding="utf-8")
    size = html_path.stat().st_size / 1e6
    print(f"wrote {html_path}: {size:.1f} MB, {quarter.label}, built in {time.monotonic() - started:.1f} s")
    if pdf_path is None:
        return 0
    chromium = find_chromium()
    if chromium is None:
        print(f"error: {NO_BROWSER.format(html=html_path)}", file=sys.stderr)
        return 1
    try:
        html_to_pdf(html, pdf_path, chromium)
    except PdfError as exc:
        print(f"error: {exc}; the HTML report is at {html_path}", file=sys.stderr)
        return 1
    print(f"wrote {pdf_path}: {pdf_path.stat().st_size / 1e6:.1f} MB ({args.paper.upper()})")
    return 0
