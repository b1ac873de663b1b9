"""Erasing one person, and dropping responses older than a retention period.

Erasing a person removes every row that is theirs or about them, in every version (current
and replaced), in one transaction:

- the responses they gave (with their answers and comments);
- their roster row; a member who named them as leader keeps their row without a leader;
- as a leader: the responses that rate them (their team's, their peers', their own), the
  rubric assessments of them, their learning activity and their team's business outcomes
  (filed under the leader's id) — what describes a leader goes with the leader;
- rubric assessments they made of others as an assessor;
- their id wherever the import log or the audit log names it (a plan change that moved them),
  replaced by ``(erased)``; an id a saved profile sets for the whole file is taken out of it.

The pulse aggregates are rebuilt from what is left, so every KPI is that of the same files
imported without the person. The audit log records "erased one person" and the number of
rows, never who. Backups made before stay as they were: restoring one brings the person back.

Retention drops every response (and answer, and comment) of the months before a cut-off.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

import duckdb

from dashboard.config import current_user, today
from dashboard.store import aggregates, compact, ids, specs, sql
from dashboard.store.writes import affected, transaction

ERASED = "(erased)"


class ErasureError(Exception):
    """Nothing to erase, or a request that cannot be carried out (no key to hash an address)."""


@dataclass(frozen=True)
class Erasure:
    """What erasing one person removes (or removed): rows per table, and references blanked."""

    rows: dict[str, int] = field(default_factory=dict)
    references: int = 0
    log_entries: int = 0
    profiles: int = 0

    @property
    def total(self) -> int:
        """Rows removed or changed in all: the number the audit log records."""
        return sum(self.rows.values()) + self.references + self.log_entries + self.profiles

    def summary(self) -> str:
        """In words, for the CLI and the Admin page (it names no one)."""
        parts = [f"{n} {table.replace('_', ' ')} row{'s' if n != 1 else ''}"
                 for table, n in self.rows.items() if n]
        if self.references:
            parts.append(f"{self.references} member row(s) naming them as leader blanked")
        if self.log_entries:
            parts.append(f"{self.log_entries} log entr{'y' if self.log_entries == 1 else 'ies'} masked")
        if self.profiles:
            parts.append(f"{self.profiles} saved profile(s) no longer set them")
        return ", ".join(parts) or "nothing"


def stored_ids(con: duckdb.DuckDBPyConnection, person: str) -> list[str]:
    """The ids ``person`` may be stored as: itself, or — an e-mail address or a name — its
    salted hash (and the hash versions before the key file made of an address), and the
    person id the roster knows by that address or name."""
    given = person.strip()
    if not given:
        raise ErasureError("say who to erase: their id as stored, or their e-mail address or name")
    if "\\" in given:
        raise ErasureError("an id cannot contain a backslash")
    ids.create_macros(con)
    if not ids.needs_hash(con, given):
        return [given]
    try:
        key = ids.id_key(con, create=False)
    except ids.IdKeyError as exc:
        raise ErasureError(f"{exc}. Without it an e-mail address or a name cannot be found; give the "
                           "id as stored (anon-…) instead") from None
    found = [ids.pseudonym(con, given, key)]
    legacy = sql.scalar(con, "ops/legacy_pseudonym", {"value": given, "salt": key})
    if legacy and legacy not in found:
        found.append(str(legacy))
    return found + _roster_people(con, found, given)


def _roster_people(con: duckdb.DuckDBPyConnection, hashed: list[str], given: str) -> list[str]:
    """The person a roster row is found by through ``given`` (its email or name column, kept
    only as salted match keys): a person imported as ``M01`` with ann.lee@example.com in the
    roster is erased by that address. Several people by one name: give the id instead."""
    people = [str(pid) for (pid,) in sql.rows(con, "ops/roster_people_by_match_key", {"keys": hashed})]
    if len(people) > 1:
        raise ErasureError(f"{len(people)} people of the roster are found by that name or address; give the "
                           "id of the one to erase as stored (see the roster)")
    return people


def _pattern(stored: str) -> str:
    """The id as a whole word of a log's text (bound as a value, never put into SQL)."""
    return r"(^|[^A-Za-z0-9_@.\-])\Q" + stored + r"\E($|[^A-Za-z0-9_@.\-])"


def _profiles_setting(con: duckdb.DuckDBPyConnection, stored: list[str]) -> list[tuple[str, dict[str, Any]]]:
    """Saved profiles that set one of these ids for the whole file, with it taken out."""
    changed = []
    for name, text in sql.rows(con, "ops/profile_mappings"):
        mapping: dict[str, Any] = json.loads(text)
        touched = False
        for field_name, choice in mapping.get("fields", {}).items():
            if field_name in specs.ID_FIELDS and isinstance(choice, dict) and choice.get("constant") in stored:
                del choice["constant"]
                touched = True
        if touched:
            changed.append((name, mapping))
    return changed


def _count(con: duckdb.DuckDBPyConnection, stored: list[str]) -> Erasure:
    rows: dict[str, int] = {}
    references = logs = 0
    for spec in specs.TABLES.values():
        for person in stored:
            if spec.people:
                count = int(sql.template(con, "count_person_rows", spec.name, {"person": person}).fetchall()[0][0])
                rows[spec.name] = rows.get(spec.name, 0) + count
            if spec.people_refs:
                references += int(sql.template(con, "count_person_refs", spec.name,
                                               {"person": person}).fetchall()[0][0])
    for person in stored:
        # the answers of the responses removed with them (kept with their response, no table of their own)
        rows["pulse_answer"] = rows.get("pulse_answer", 0) + int(
            sql.scalar(con, "ops/count_person_answers", {"person": person}))
        logs += int(sql.scalar(con, "ops/count_in_logs", {"pattern": _pattern(person)}))
    return Erasure(rows, references, logs, len(_profiles_setting(con, stored)))


def preview_erasure(con: duckdb.DuckDBPyConnection, person: str) -> Erasure:
    """What erasing ``person`` would remove, changing nothing (the Admin page's confirmation)."""
    return _count(con, stored_ids(con, person))


def erase_person(con: duckdb.DuckDBPyConnection, person: str, user: str | None = None) -> Erasure:
    """Remove one person's rows everywhere (see the module's description), in one transaction
    with an audit entry that names no one; :class:`ErasureError` when nothing holds them."""
    stored = stored_ids(con, person)
    with transaction(con, user or current_user(), "erase") as change:
        found = _count(con, stored)
        if not found.total:
            raise ErasureError("no stored row holds that person (check the id, or give their e-mail "
                               "address or name as imported)")
        for person_id in stored:
            for spec in specs.TABLES.values():
                if spec.people:
                    sql.template(con, "erase_person", spec.name, {"person": person_id})
                if spec.people_refs:
                    sql.template(con, "erase_person_refs", spec.name, {"person": person_id})
            compact.drop_orphan_answers(con)
            pattern = {"pattern": _pattern(person_id)}
            sql.execute(con, "ops/erase_from_import_log", pattern)
            sql.execute(con, "ops/erase_from_audit_log", pattern)
        for name, mapping in _profiles_setting(con, stored):
            sql.execute(con, "ops/profile_set_mapping",
                        {"name": name, "mapping": json.dumps(mapping, ensure_ascii=False)})
        aggregates.refresh(con)
        change.audit(f"erased one person: {found.total} rows", {"rows": found.total})
    return found


# --- retention -------------------------------------------------------------------------


@dataclass(frozen=True)
class Retention:
    """Responses (every version) and answers of the months before ``before`` (YYYY-MM)."""

    before: str
    responses: int
    answers: int


def cutoff(months: int, on: dt.date | None = None) -> str:
    """The first month kept when responses older than ``months`` months are dropped: this
    month minus ``months`` (on 2026-11-26, 6 months keep May 2026 onwards)."""
    if months < 1:
        raise ErasureError("the retention period is at least 1 month")
    day = on or today()
    index = day.year * 12 + day.month - 1 - months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def preview_retention(con: duckdb.DuckDBPyConnection, months: int, on: dt.date | None = None) -> Retention:
    """What :func:`retain` would drop, changing nothing."""
    before = cutoff(months, on)
    responses, answers = sql.rows(con, "ops/retain_count", {"before": before})[0]
    return Retention(before, int(responses), int(answers))


def retain(con: duckdb.DuckDBPyConnection, months: int, user: str | None = None,
           on: dt.date | None = None) -> Retention:
    """Drop every response older than ``months`` months (their answers and comments with them)
    in one transaction, and rebuild the aggregates; the audit log says how many."""
    before = cutoff(months, on)
    with transaction(con, user or current_user(), "retain") as change:
        params = {"before": before}
        responses = affected(sql.execute(con, "ops/retain_delete_responses", params))
        answers = compact.drop_orphan_answers(con)
        if responses or answers:
            aggregates.refresh(con)
            change.audit(f"responses before {before}", {"months": months, "responses": responses,
                                                        "answers": answers})
        else:
            change.discard()  # nothing older: nothing changed, nothing to log
    return Retention(before, responses, answers)
