"""LimeSurvey response export, with code headings (``id, submitdate, lastpage,
startlanguage, seed, token, startdate, datestamp, ipaddr, refurl``, then question codes:
``RATE[SQ001]`` for an array's sub-question) or full-text headings (``Date submitted``,
``Question [Sub-question]``); answers as codes or as full text.

An empty ``submitdate`` is an incomplete response: left out unless partials are kept.
``N/A`` (a full-answer export's "no answer") is no answer. Answer codes such as ``A1``..``A5``
carry no meaning without the survey's label set: the importer says so instead of guessing.
"""

from __future__ import annotations

import re

from dashboard.ingest.source import Source
from dashboard.ingest.tools.base import (
    FileColumn,
    LayoutMatch,
    LeaveOut,
    Tool,
    ToolRules,
    keys_of,
    padded,
)
from dashboard.ingest.vocab import norm_header

_CODED = re.compile(r"^([A-Za-z][A-Za-z0-9_]*)\[([^\[\]]+)\](?:\[([^\[\]]+)\])?$")
_FULL = re.compile(r"^(.+?)\s*\[([^\[\]]+)\]$")
_CODE_META = {"id", "submitdate", "lastpage", "startlanguage"}
_FULL_META = {"response_id", "date_submitted", "last_page", "start_language"}


def recognise(src: Source) -> LayoutMatch | None:
    keys = set(keys_of(src))
    if keys >= _CODE_META:
        return LayoutMatch("limesurvey", 0.96, 1, "id, submitdate, lastpage, startlanguage columns",
                           "pulse", tool=True)
    if {"date_submitted", "last_page", "start_language"} <= keys and keys & {"id", "response_id"}:
        return LayoutMatch("limesurvey", 0.93, 1,
                           "Date submitted, Last page, Start language columns (full-text headings)",
                           "pulse", tool=True)
    return None


def first_record(keys: list[str], _cells: list[str]) -> bool:
    return set(keys) >= _CODE_META or {"date_submitted", "last_page", "start_language"} <= set(keys)


def columns(src: Source, _match: LayoutMatch, width: int) -> list[FileColumn]:
    """A coded array column ``RATE[SQ001]`` keeps its code as key (``rate[sq001]``: what a
    profile and ``--map question:ID=RATE[SQ001]`` name); a full-text one ``Q [Row]`` gives its
    row for matching the catalogue by text."""
    found = []
    for i, header in enumerate(padded(src, 0, width)):
        coded = _CODED.match(header)
        if coded:
            key = header.lower()
            found.append(FileColumn(i, key, header, header, row_label=None))
            continue
        full = _FULL.match(header)
        found.append(FileColumn(i, norm_header(header), header, header,
                                row_label=full.group(2) if full else None))
    return found


TOOL = Tool(
    layout="limesurvey",
    name="LimeSurvey",
    title="LimeSurvey responses (id, submitdate, lastpage ... then question codes or texts)",
    expected="id, submitdate, lastpage, startlanguage, startdate, datestamp, then question "
             "codes (Q1, RATE[SQ001]) or full question texts",
    recognise=recognise,
    first_record=first_record,
    rules=ToolRules(
        fields={"response_id": (("id", "response_id"),),
                "submitted_at": (("submitdate", "date_submitted"),),
                "respondent_id": (("token",),)},
        meta=frozenset({"lastpage", "last_page", "startlanguage", "start_language", "seed",
                        "startdate", "date_started", "datestamp", "date_last_action",
                        "interviewtime", "total_time"}),
        meta_prefixes=("grouptime", "group_time"),
        personal=frozenset({"ipaddr", "ip_address", "refurl", "referrer_url"}),
        submitted_fallback=("datestamp", "date_last_action"),
    ),
    columns=columns,
    leave_out=(LeaveOut.of(("submitdate", "date_submitted"), "incomplete", when_empty=True,
                           partial=True),),
    na_codes=frozenset({"n_a"}),
)
