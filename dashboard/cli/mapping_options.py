"""The mapping options ``detect`` and ``ingest`` share: --profile, --map, --set, --scale."""

from __future__ import annotations

import argparse
from typing import TypedDict

from dashboard.cli.common import CliError


def add_mapping_options(parser: argparse.ArgumentParser) -> None:
    """Options that edit the proposed mapping of a survey tool's export."""
    group = parser.add_argument_group("mapping (survey-tool exports)")
    group.add_argument("--profile", metavar="NAME",
                       help="use this saved profile (default: one saved for the same layout)")
    group.add_argument("--map", action="append", default=[], metavar="FIELD=COLUMN",
                       help="read a field (response_id, submitted_at, respondent_id, rater_type, "
                            "leader_id, period, comment), a question id, 'extra' or 'drop' from "
                            "COLUMN (export tag, header, question text or #N); repeat a field "
                            "for a fallback chain or several comment columns")
    group.add_argument("--set", action="append", default=[], metavar="FIELD=VALUE",
                       help="one value for the whole file, e.g. --set rater_type=direct_report")
    group.add_argument("--scale", action="append", default=[], metavar="QUESTION=SCALE",
                       help="the scale of a new question (likert5, likert7, nps11)")
    group.add_argument("--save-profile", metavar="NAME",
                       help="save the mapping under NAME (confirms the new questions it adds)")


def _split(option: str, text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep or not name.strip() or not value.strip():
        raise CliError(f"{option} {text!r}: expected NAME=VALUE")
    return name.strip(), value.strip()


class MappingOptions(TypedDict):
    """The keyword arguments the mapping options become."""

    profile: str | None
    overrides: list[tuple[str, str]]
    constants: dict[str, str]
    scales: dict[str, str]


def mapping_arguments(args: argparse.Namespace) -> MappingOptions:
    """The keyword arguments ``propose``/``ingest_file`` take, from parsed options."""
    return {
        "profile": args.profile,
        "overrides": [_split("--map", text) for text in args.map],
        "constants": dict(_split("--set", text) for text in args.set),
        "scales": dict(_split("--scale", text) for text in args.scale),
    }
