"""Named import profiles: an analyst's confirmed mapping, replayed on next month's export.

A profile is stored in the database (table ``import_profile``) with the layout's
fingerprint — a hash of the normalised header keys — so a later file with the same layout
finds it without being told. Columns are referred to by their stable keys (a Qualtrics
export tag, a header), so the profile still applies when the survey tool reorders nothing
but the rows.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from typing import Any

import duckdb
import pandas as pd

from dashboard.config import current_user
from dashboard.ingest.detection import Detection
from dashboard.store import ids, sql
from dashboard.store.specs import ID_FIELDS

_NAME = re.compile(r"^[\w][\w .@+-]{0,59}$")


class ProfileError(Exception):
    """A profile that cannot be saved (bad name, or nothing recognised to save)."""


@dataclass(frozen=True)
class Profile:
    """One saved mapping."""

    name: str
    layout: str
    kind: str
    fingerprint: str
    mapping: dict[str, Any]
    created_at: dt.datetime | None = None
    created_by: str = ""
    updated_at: dt.datetime | None = None
    updated_by: str = ""

    def summary(self) -> str:
        """Fields and questions in a few words, for listings."""
        fields = self.mapping.get("fields", {})
        set_for_file = [f"{name}={spec['constant']}" for name, spec in fields.items()
                        if spec.get("constant") is not None]
        questions = self.mapping.get("questions", [])
        parts = [f"{len(fields)} fields", f"{len(questions)} questions"]
        if set_for_file:
            parts.append("set: " + ", ".join(set_for_file))
        return "; ".join(parts)


def _profile(row: tuple[Any, ...]) -> Profile:
    name, layout, kind, print_, mapping, created_at, created_by, updated_at, updated_by = row
    return Profile(name, layout, kind, print_, json.loads(mapping), created_at, created_by,
                   updated_at, updated_by)


def check_name(name: str) -> str:
    """A profile name people can type: letters, digits, spaces and ``. @ + -``, up to 60."""
    cleaned = (name or "").strip()
    if not _NAME.match(cleaned):
        raise ProfileError(f"profile name {name!r}: use letters, digits, spaces, '.', '-', '_' "
                           "(up to 60 characters, starting with a letter or digit)")
    return cleaned


def save_profile(con: duckdb.DuckDBPyConnection, name: str, detection: Detection,
                 user: str | None = None) -> Profile:
    """Save (or update) the mapping ``detection`` shows under ``name``.

    Saving confirms the detection's new questions: the next import with this profile
    registers them in the question catalogue.
    """
    name = check_name(name)
    if not detection.layout or not detection.kind:
        raise ProfileError(f"{detection.file_name}: nothing to save, the layout is not recognised")
    mapping = _ids_as_stored(con, detection.to_mapping())
    sql.execute(con, "ops/profile_save", {
        "name": name, "layout": detection.layout, "kind": detection.kind,
        "fingerprint": detection.fingerprint, "mapping": json.dumps(mapping, ensure_ascii=False),
        "user": user or current_user(),
    })
    saved = get_profile(con, name)
    assert saved is not None
    return saved


def _ids_as_stored(con: duckdb.DuckDBPyConnection, mapping: dict[str, Any]) -> dict[str, Any]:
    """An id the profile sets for the whole file (``--set leader_id=…``) is kept as the data
    keeps it: an e-mail address or a name as its salted hash, never in clear."""
    for field, choice in mapping.get("fields", {}).items():
        value = choice.get("constant")
        if field in ID_FIELDS and isinstance(value, str) and ids.needs_hash(con, value):
            choice["constant"] = ids.pseudonym(con, value, ids.id_key(con))
    return mapping


def get_profile(con: duckdb.DuckDBPyConnection, name: str) -> Profile | None:
    """The profile called ``name``, or None."""
    rows = sql.rows(con, "ops/profile_by_name", {"name": name.strip()})
    return _profile(rows[0]) if rows else None


def find_profile(con: duckdb.DuckDBPyConnection, fingerprint: str) -> Profile | None:
    """The most recently saved profile for a layout with this fingerprint, or None."""
    rows = sql.rows(con, "ops/profile_by_fingerprint", {"fingerprint": fingerprint})
    return _profile(rows[0]) if rows else None


def all_profiles(con: duckdb.DuckDBPyConnection) -> list[Profile]:
    """Every saved profile, most recently updated first."""
    return [_profile(row) for row in sql.rows(con, "ops/profile_list")]


def list_profiles(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Saved profiles as a table for the CLI and the Data page."""
    rows = [{"name": p.name, "layout": p.layout, "kind": p.kind, "fingerprint": p.fingerprint,
             "mapping": p.summary(), "updated_at": p.updated_at, "updated_by": p.updated_by}
            for p in all_profiles(con)]
    return pd.DataFrame(rows, columns=["name", "layout", "kind", "fingerprint", "mapping",
                                       "updated_at", "updated_by"])


def delete_profile(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    """Remove a profile; False when there was none by that name."""
    result = sql.execute(con, "ops/profile_delete", {"name": name.strip()}).fetchall()
    return bool(result and result[0][0])
