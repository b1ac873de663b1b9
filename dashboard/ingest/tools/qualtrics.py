"""Qualtrics: CSV/TSV/XLSX downloads with three header records (export tags, question texts,
``{"ImportId": ...}`` JSON), the legacy layout (V1..Vn tags over a label row) and the
2016-17 "Insights" layout (ImportId in Python-dict style).

Non-responses: ``Status`` (a number in a numeric-values download, words in a choice-text
one) marks previews, generated test responses, spam and synthetic rows — left out always;
``DistributionChannel`` ``preview``/``test`` likewise. ``Finished`` false or ``Progress``
below 100 is an unfinished response, left out unless partials are kept. ``-99`` is the
"seen but unanswered" recode: no answer (as every negative code is).
"""

from __future__ import annotations

import json
import re

from dashboard.ingest.source import Source
from dashboard.ingest.tools.base import (
    FileColumn,
    LayoutMatch,
    LeaveOut,
    Tool,
    ToolRules,
    padded,
    row,
    share,
)
from dashboard.ingest.vocab import norm_header

_JSON_IMPORT_ID = re.compile(r'^\{\s*"ImportId"\s*:')
_DICT_IMPORT_ID = re.compile(r"^\{\s*'ImportId'\s*:\s*'([^']*)'")
_V_TAG = re.compile(r"^V\d+$")
FAMILY = frozenset({"qualtrics", "qualtrics_legacy", "qualtrics_insights"})


def recognise(src: Source) -> LayoutMatch | None:
    first, second, third = row(src, 0), row(src, 1), row(src, 2)
    if share(third, _JSON_IMPORT_ID.match) >= 0.5:
        return LayoutMatch("qualtrics", 0.99, 3, "third header row holds {\"ImportId\": ...} JSON",
                           "pulse", tool=True)
    if share(third, _DICT_IMPORT_ID.match) >= 0.5:
        return LayoutMatch("qualtrics_insights", 0.98, 3,
                           "third header row holds {'ImportId': ...} in Python-dict style", "pulse",
                           tool=True)
    if first[:3] == ["V1", "V2", "V3"] and "responseid" in {c.lower() for c in second}:
        return LayoutMatch("qualtrics_legacy", 0.95, 2,
                           "V1..Vn export tags over a label row with ResponseID", "pulse", tool=True)
    keys = {norm_header(c) for c in first}
    labels = {norm_header(c) for c in second}
    if {"response_id", "start_date", "end_date"} <= keys and {"response_type", "response_id"} & labels:
        # re-saved by Excel after the ImportId row was deleted: tags over labels, 2 records
        return LayoutMatch("qualtrics", 0.9, 2,
                           "export tags over a label row (Response ID, Response Type), "
                           "the ImportId row removed", "pulse", tool=True)
    return None


def first_record(keys: list[str], cells: list[str]) -> bool:
    return cells[:3] == ["V1", "V2", "V3"] or {"response_id", "start_date", "end_date"} <= set(keys)


def columns(src: Source, match: LayoutMatch, width: int) -> list[FileColumn]:
    tags, labels = padded(src, 0, width), padded(src, 1, width)
    ids = padded(src, 2, width) if match.header_records >= 3 else [""] * width
    found = []
    for i in range(width):
        tag, label = tags[i], labels[i]
        if match.layout == "qualtrics_legacy" and _V_TAG.match(tag):
            tag = label  # V1..V10 say nothing; their label row names them (ResponseID, ...)
        import_id, zone = _import_id(ids[i])
        found.append(FileColumn(i, norm_header(tag), tag, label or tag, import_id, zone))
    return found


def _import_id(cell: str) -> tuple[str | None, str | None]:
    """Qualtrics' ImportId (and timeZone) from the JSON or Python-dict third header row."""
    if not cell:
        return None, None
    if cell.startswith("{\""):
        try:
            data = json.loads(cell)
        except ValueError:
            return None, None
        if isinstance(data, dict):
            zone = data.get("timeZone")
            return (str(data.get("ImportId")) if data.get("ImportId") else None,
                    str(zone) if zone else None)
        return None, None
    found = _DICT_IMPORT_ID.match(cell)
    return (found.group(1), None) if found else (None, None)


def named_role(col: FileColumn) -> str | None:
    import_id = col.import_id or ""
    if import_id and not import_id.upper().startswith("QID"):
        return "extra"  # embedded data or a Qualtrics bookkeeping column
    upper = import_id.upper() + " " + col.header.upper()
    if "TOPICS" in upper or "SENTIMENT" in upper:
        return "extra"  # Text iQ annotations of a comment
    if re.search(r"[_-]TEXT\b", upper):
        return "comment"
    return None


_STATUS = ("status",)
LEAVE_OUT = (
    LeaveOut.of(_STATUS, "preview", ("1", "17", "Survey Preview", "Offline Survey Preview")),
    LeaveOut.of(_STATUS, "test", ("2", "Survey Test")),
    LeaveOut.of(_STATUS, "spam", ("8", "9", "12", "40", "Spam", "Survey Preview Spam",
                                  "Imported Spam", "EX Spam")),
    LeaveOut.of(_STATUS, "synthetic", ("256", "Synthetic")),
    LeaveOut.of(("distribution_channel",), "preview", ("preview",)),
    LeaveOut.of(("distribution_channel",), "test", ("test",)),
    LeaveOut.of(("finished",), "unfinished", ("0", "false", "falsch", "no"), partial=True),
    LeaveOut.of(("progress",), "unfinished", below=100, partial=True),
)

TOOL = Tool(
    layout="qualtrics",
    name="Qualtrics",
    title="Qualtrics CSV (3 header rows: export tags, question texts, ImportId JSON)",
    expected="ResponseId (or V1..V10 then a ResponseID label row), StartDate, EndDate, "
             "Q1, Q2 ... over 2-3 header rows",
    recognise=recognise,
    first_record=first_record,
    variants={
        "qualtrics_legacy": "Qualtrics legacy CSV (V1..Vn tags, then a label row)",
        "qualtrics_insights": "Qualtrics 2016-17 'Insights' CSV (3 header rows, ImportId as a "
                              "Python dict)",
    },
    rules=ToolRules(
        fields={"response_id": (("response_id",),),
                "submitted_at": (("end_date",), ("recorded_date",)),
                "respondent_id": (("external_reference", "external_data_reference"),
                                  ("recipient_email", "email_address"))},
        meta=frozenset({"start_date", "recorded_date", "status", "progress", "duration_in_seconds",
                        "finished", "response_set", "distribution_channel", "user_language"}),
        meta_prefixes=("q_",),
        personal=frozenset({"ip_address", "location_accuracy", "recipient_first_name",
                            "recipient_last_name", "recipient_email", "email_address", "name",
                            "location_latitude", "location_longitude"}),
    ),
    columns=columns,
    named_role=named_role,
    leave_out=LEAVE_OUT,
    na_codes=frozenset(),  # -99 ("seen but unanswered") is negative: missing like every negative code
    ids_from_tags=True,
)
