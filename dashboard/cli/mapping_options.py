"""The options ``detect`` and ``ingest`` share: how the file is read (--header-row, --dates,
--keep-partials) and how it is mapped (--profile, --map, --set, --scale, --save-profile),
turned into one :class:`ImportOptions`."""

from __future__ import annotations

import argparse
from typing import Any

from dashboard.cli.common import CliError
from dashboard.ingest.options import DATE_ORDERS, ImportOptions, OptionError


def add_mapping_options(parser: argparse.ArgumentParser) -> None:
    """Options that say how to read a file and edit the proposed mapping of a tool's export."""
    reading = parser.add_argument_group("reading")
    reading.add_argument("--header-row", type=int, metavar="N",
                         help="the header is on line (sheet row) N; title rows above it are "
                              "skipped (default: found from the file)")
    reading.add_argument("--dates", choices=DATE_ORDERS,
                         help="read dates like 03/04/2026 day-first or month-first when the file "
                              "cannot tell (default: decided from the values)")
    reading.add_argument("--keep-partials", action=argparse.BooleanOptionalAction, default=None,
                         help="keep unfinished responses (test, preview and spam rows are left "
                              "out always); --no-keep-partials leaves them out even where the "
                              "saved profile keeps them (default: as the profile says, else left "
                              "out)")
    group = parser.add_argument_group("mapping (survey-tool exports)")
    group.add_argument("--profile", metavar="NAME",
                       help="use this saved profile (default: one saved for the same layout)")
    group.add_argument("--map", action="append", default=[], metavar="FIELD=COLUMN",
                       help="read a field (response_id, submitted_at, respondent_id, rater_type, "
                            "leader_id, period, comment), a question (question:ID or ID), "
                            "'extra' or 'drop' from COLUMN (export tag, header, question text "
                            "or #N); repeat a field for a fallback chain or several comment "
                            "columns")
    group.add_argument("--set", action="append", default=[], metavar="FIELD=VALUE",
                       help="one value for the whole file, e.g. --set rater_type=direct_report")
    group.add_argument("--scale", action="append", default=[], metavar="QUESTION=SCALE",
                       help="the scale of a new question (likert4, likert5, likert7, nps11)")
    group.add_argument("--save-profile", metavar="NAME",
                       help="save the mapping under NAME (confirms the new questions it adds)")


def _split(option: str, text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep or not name.strip() or not value.strip():
        raise CliError(f"{option} {text!r}: expected NAME=VALUE")
    return name.strip(), value.strip()


def import_options(args: argparse.Namespace, **more: Any) -> ImportOptions:
    """The :class:`ImportOptions` the parsed options (and ``more``) describe."""
    try:
        return ImportOptions(
            kind=args.kind, sheet=args.sheet, profile=args.profile,
            save_profile=args.save_profile, header_row=args.header_row, dates=args.dates,
            keep_partials=args.keep_partials,
            overrides=tuple(_split("--map", text) for text in args.map),
            constants=dict(_split("--set", text) for text in args.set),
            scales=dict(_split("--scale", text) for text in args.scale),
        ).but(**more)
    except OptionError as exc:
        raise CliError(str(exc)) from None
