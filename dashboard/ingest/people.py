"""People named in a file — by id, as "Name (L01)", by name or by e-mail — found in the roster.

HR and LMS exports and many survey forms name a leader the way people do ("Dana Reyes",
"Dana Reyes (L01)", dana.reyes@example.com), not by the roster's id. A name stored as an id
matches nothing: the import would "succeed" and every KPI of that leader would be empty. So
each person field of a file is looked up in the roster before it is staged: the id in
parentheses, the id itself, and the salted hashes of the roster's name and e-mail columns
(``roster.match_keys``; the names and addresses are never stored in clear). A value the roster
does not know, or knows as several people, is a row problem listing the close matches (ids
that are alike, people whose name shares a word) — never a guess.

Leaders (and an LMS file's learners) must be found; a respondent or an assessor the roster
does not know keeps the id given (hashed when it is an address or a name), as before, unless
the name is ambiguous.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

import duckdb

from dashboard.ingest.mapping import Plan
from dashboard.ingest.problems import Problem
from dashboard.store import sql

# The person fields of each kind, and whether the roster must know them: a leader or a learner
# must be found; a roster's own leader_id may name a leader the roster does not list yet (a
# manager outside the pilot), unless it is a name, an address or "Name (ID)".
PERSON_FIELDS: dict[str, tuple[tuple[str, bool], ...]] = {
    "pulse": (("leader_id", True), ("respondent_id", False)),
    "rubric": (("leader_id", True), ("assessor_id", False)),
    "activity": (("person_id", True),),
    "outcomes": (("leader_id", True),),
    "roster": (("leader_id", True),),
}
_IDS_MAY_BE_NEW = frozenset({"roster"})
MATCH_FIELDS = ("name", "first_name", "last_name", "email")
_LABELS = {"leader_id": "leader", "respondent_id": "respondent", "assessor_id": "assessor",
           "person_id": "person"}
MAX_SHOWN = 5


@dataclass(frozen=True)
class Lookup:
    """What the roster says about one value of a person field."""

    given: str
    paren: str | None
    as_id: str | None
    personal: bool
    email: bool
    by_paren: tuple[str, ...]
    by_id: tuple[str, ...]
    by_alias: tuple[str, ...]
    by_word: tuple[str, ...]

    def found(self) -> tuple[str | None, str]:
        """(person id, how it was found), or (None, why not): 'ambiguous' or 'unknown'."""
        if self.by_paren:
            return self.by_paren[0], "id in parentheses"
        if self.by_id:
            return self.by_id[0], "id"
        if len(self.by_alias) == 1:
            return self.by_alias[0], "e-mail address" if self.email else "name"
        if len(self.by_alias) > 1:
            return None, "ambiguous"
        return None, "unknown"


@dataclass
class Resolution:
    """Per field, the values the roster found (given -> person id) and the problems."""

    problems: list[Problem]
    total: int
    notes: list[str]
    replacements: dict[str, dict[str, str]]


def file_has_match_columns(plan: Plan) -> bool:
    """A roster file with name or e-mail columns: their hashes need the id key."""
    return plan.kind == "roster" and any(name in plan.fields_present() for name in MATCH_FIELDS)


def roster_has_match_keys(con: duckdb.DuckDBPyConnection) -> bool:
    return bool(sql.scalar(con, "ingest/roster_match_key_count"))


def needs_key(con: duckdb.DuckDBPyConnection, plan: Plan) -> bool:
    """Whether resolving this file's people needs the id key (to hash names and addresses
    the way the roster's match keys were hashed)."""
    if file_has_match_columns(plan):
        return True
    fields = [name for name, _strict in PERSON_FIELDS.get(plan.kind, ()) if name in plan.fields_present()]
    return bool(fields) and roster_has_match_keys(con)


def resolve(con: duckdb.DuckDBPyConnection, plan: Plan, salt: str, limit: int) -> Resolution:
    """Look every person field of the file up in the roster: the values found (to replace by
    the person id, :func:`replace_values`) and the problems of the values not found."""
    from duckdb import ColumnExpression

    fields = [(name, strict) for name, strict in PERSON_FIELDS.get(plan.kind, ())
              if name in plan.fields_present()]
    resolution = Resolution([], 0, [], {})
    if not fields:
        return resolution
    params = {"salt": salt}
    sql.execute(con, "ingest/person_keys_roster" if plan.kind == "roster" else "ingest/person_keys", params)
    roster_people = int(sql.scalar(con, "ingest/person_key_people") or 0)
    plain_ids = [pid for (pid,) in sql.rows(con, "ingest/person_key_ids")]
    aliases = bool(sql.scalar(con, "ingest/person_key_aliases"))
    replacements: dict[str, dict[str, str]] = {}
    for name, strict in fields:
        con.register("person_values", con.table("src").select(
            ColumnExpression("rec"), ColumnExpression(name).alias("v")))
        sql.execute(con, "ingest/person_given")
        sql.execute(con, "ingest/person_lookup", params)
        found: dict[str, str] = {}
        refused: dict[str, str] = {}
        counts: dict[str, int] = {}
        for row in sql.rows(con, "ingest/person_resolved_rows"):
            lookup = Lookup(row[0], row[1], row[2], bool(row[3]), bool(row[4]),
                            *(tuple(r or ()) for r in row[5:9]))
            person, how = lookup.found()
            if person is not None:
                if person != lookup.given:
                    found[lookup.given] = person
                    counts[how] = counts.get(how, 0) + 1
                continue
            reason = _refusal(lookup, how, strict, roster_people if aliases or not lookup.email else 0,
                              plain_ids, name, new_ids=plan.kind in _IDS_MAY_BE_NEW)
            if reason:
                refused[lookup.given] = reason
            elif lookup.paren and not roster_people:
                found[lookup.given] = lookup.paren  # "Name (L01)" with no roster yet: the id given
                counts["id in parentheses"] = counts.get("id in parentheses", 0) + 1
        if found:
            replacements[name] = found
            header = plan.header_for(name)
            said = ", ".join(f"{n} by {how}" for how, n in sorted(counts.items()))
            resolution.notes.append(f"{header}: {len(found)} value(s) found in the roster ({said}) "
                                    "and stored as the person's id")
        if refused:
            problems, total = _problems(con, plan, name, refused, limit - len(resolution.problems))
            resolution.problems += problems
            resolution.total += total
    resolution.replacements = replacements
    return resolution


def _refusal(lookup: Lookup, how: str, strict: bool, roster_people: int, plain_ids: list[str],
             field: str, new_ids: bool = False) -> str | None:
    """Why a value the roster does not find cannot be stored (None: stored as given)."""
    label = _LABELS.get(field, field)
    shown = f"'{lookup.given}'" if strict else "this value"  # a respondent is never shown
    if how == "ambiguous":
        return (f"{label} {shown} matches several people in the roster "
                f"({_listed(lookup.by_alias)}); give the person id, or 'Name (ID)'")
    if not strict:
        return None
    close = list(lookup.by_word)
    if not lookup.personal:
        bare = lookup.paren or lookup.given
        close += [pid for pid in difflib.get_close_matches(bare, plain_ids, n=3, cutoff=0.6)
                  if pid not in close]
    hint = f" (close matches: {_listed(close)})" if close else " (no close match)"
    if lookup.personal and not roster_people:
        if lookup.email:
            return None  # no roster addresses to look in: stored hashed, as before
        return (f"{label} {shown} is a name, and names are never stored as ids: import a roster "
                "with the person's name (a name column) first, or give the person id")
    if roster_people and (not new_ids or lookup.personal or lookup.paren):
        return (f"{label} {shown} is not in the roster{hint}; add the person to the roster (with "
                "a name or email column for matching), or give the person id")
    return None


def _listed(ids: list[str] | tuple[str, ...]) -> str:
    shown = ", ".join(ids[:MAX_SHOWN])
    return shown + (f" and {len(ids) - MAX_SHOWN} more" if len(ids) > MAX_SHOWN else "")


def _problems(con: duckdb.DuckDBPyConnection, plan: Plan, name: str, refused: dict[str, str],
              limit: int) -> tuple[list[Problem], int]:
    """One row problem per record holding a refused value."""
    rows = sql.rows(con, "ingest/person_rows", {"values": list(refused), "limit": 1_000_000_000})
    header = plan.header_for(name)
    problems = [Problem(header, refused[given], rec=int(rec), code=f"person_{name}")
                for rec, given in rows]
    return problems[:max(limit, 0)], len(problems)


_REPLACE_QUERY = {"pulse": "ingest/src_people_pulse", "rubric": "ingest/src_people_rubric",
                  "activity": "ingest/src_people_activity", "outcomes": "ingest/src_people_leader",
                  "roster": "ingest/src_people_leader"}


def replace_values(con: duckdb.DuckDBPyConnection, kind: str, replacements: dict[str, dict[str, str]]) -> None:
    """Re-register view ``src`` over a copy of the file's records with each found value
    (field -> {value given: stored value}) replaced: people by their person id, course titles
    by their module id."""
    if not any(replacements.values()):
        return
    import pandas as pd

    sql.execute(con, "ingest/src_people_copy")
    frame = pd.DataFrame([(field, given, person) for field, found in replacements.items()
                          for given, person in found.items()],
                         columns=["field", "given", "person_id"], dtype="string")
    con.register("person_found", frame)
    sql.execute(con, _REPLACE_QUERY[kind])
    con.register("src", con.table("src_resolved"))
