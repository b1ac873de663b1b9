"""``python -m dashboard``: everything an analyst may want to automate.

Each command lives in its own module with ``register(subparsers)`` and calls the same
library functions the app's pages call. Add a command by adding its module to COMMANDS.

May import: any package of dashboard except app_pages (the CLI never imports Streamlit).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from dashboard.cli import (
    audit,
    backup,
    check,
    demo,
    detect,
    erase,
    imports,
    ingest,
    kpi,
    profiles,
    report,
    status,
    undo,
)
from dashboard.cli.common import CliError
from dashboard.kpi.privacy import PrivacyError
from dashboard.store.db import DatabaseError

COMMANDS = (ingest, detect, profiles, imports, undo, demo, kpi, check, report, status, backup, audit,
            erase)

DESCRIPTION = """Empathy pilot dashboard: import survey exports, compute KPIs, write reports.

The database is --db PATH, else $EMPATHY_DB, else data/empathy.duckdb.
Run 'python -m dashboard COMMAND --help' for a command's options and an example."""


def build_parser() -> argparse.ArgumentParser:
    """The parser with every command registered (also used by the docs test)."""
    parser = argparse.ArgumentParser(
        prog="python -m dashboard", description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in COMMANDS:
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Parse arguments, run the command, and turn known failures into messages."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args) or 0)
    except (CliError, DatabaseError, PrivacyError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into head or less, which closed early
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - Python flushes it at exit
        return 0
