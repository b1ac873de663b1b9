"""Google Forms responses (the form's CSV download or its linked Sheet): ``Timestamp`` first,
then ``Email Address`` when the form collects it, a quiz's ``Score``, then one column per
question (a grid as ``Question [Row]``, matched to the catalogue by its row's text).

No response id and no status: the id is a salted hash of the timestamp and the e-mail (of
the whole answer when the form is anonymous).
"""

from __future__ import annotations

from dashboard.ingest.mapping import guess_kinds
from dashboard.ingest.source import Source
from dashboard.ingest.tools.base import LayoutMatch, Tool, ToolRules, one_row_columns, row
from dashboard.ingest.vocab import norm_header


def recognise(src: Source) -> LayoutMatch | None:
    first = row(src, 0)
    if not first or norm_header(first[0]) != "timestamp":
        return None
    if any(g.complete for g in guess_kinds(first)):
        return None  # a canonical file that happens to start with a timestamp
    has_email = len(first) > 1 and norm_header(first[1]) in ("email_address", "email", "username")
    return LayoutMatch("google_forms", 0.93 if has_email else 0.85, 1,
                       "Timestamp as the first column" + (" then the e-mail" if has_email else ""),
                       "pulse", tool=True)


def first_record(keys: list[str], cells: list[str]) -> bool:
    return bool(keys) and keys[0] == "timestamp" and not any(g.complete for g in guess_kinds(cells))


TOOL = Tool(
    layout="google_forms",
    name="Google Forms",
    title="Google Forms responses (Timestamp first, questions as headers)",
    expected="Timestamp (first), Email Address, then one column per question",
    recognise=recognise,
    first_record=first_record,
    rules=ToolRules(
        fields={"submitted_at": (("timestamp",),),
                "respondent_id": (("email_address", "email", "username"),)},
        meta=frozenset({"score"}),
        derive_id_from=("timestamp", "email_address", "email", "username"),
        derive_all_when_anonymous=True,
    ),
    columns=one_row_columns,
)
