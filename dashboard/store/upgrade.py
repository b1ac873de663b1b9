"""Bring personal data stored by earlier versions up to today's rules, in place.

Versions before the id key file kept the salt in the database (``meta.id_salt``) and stored
some personal data in clear: response ids made of e-mail addresses, addresses spelled
``ann%40x.com`` or ``ａｎｎ＠ｘ．ｃｏｍ``, names used as ids, kept columns holding addresses,
comments with addresses and phone numbers, addresses in file names. Opening such a database
(schema step ``021_id_key_outside``) or restoring such a backup runs :func:`personal_data`:
the salt moves into the key file unchanged — so every pseudonym already stored stays valid and
later imports still link to it — and the rest is hashed or masked. Nothing else changes: row
counts stay, and the KPI tables are those of the same data imported today.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import duckdb

from dashboard.config import current_user
from dashboard.store import aggregates, audit, ids, specs, sql


def affected(cursor: duckdb.DuckDBPyConnection) -> int:
    """Rows an update changed (as ``writes.affected``; the schema step cannot import writes,
    which opens the database through ``db``)."""
    result = cursor.fetchall()
    return int(result[0][0]) if result else 0


@dataclass
class Upgraded:
    """What the upgrade changed (counts only: the audit entry names no one)."""

    key_moved: bool = False
    ids_hashed: int = 0
    texts_masked: int = 0
    columns_dropped: int = 0
    log_entries_masked: int = 0
    profiles_changed: int = 0

    @property
    def changed(self) -> bool:
        return any(asdict(self).values())


def move_salt(con: duckdb.DuckDBPyConnection, db_file: Path | None = None) -> bool:
    """Move the salt an earlier version kept in ``meta`` into the key file (written unless the
    same key is already there); the database keeps only the key's check value."""
    salt = sql.scalar(con, "ops/meta_get", {"key": ids.LEGACY_SALT_KEY})
    if salt is None:
        return False
    key = str(salt).strip().lower()
    path = ids.key_path(db_file or ids.database_file(con))
    present = ids.read_key(path)
    if present is None:
        if path is None:
            raise ids.IdKeyError(f"an in-memory database has no key file: set ${ids.KEY_ENV_VAR}")
        present = ids.write_key(path, key)
    if present != key:
        raise ids.IdKeyError(
            f"{path or '$' + ids.KEY_ENV_VAR} holds another id key than the salt this database was "
            "made with; move that key file aside and open the database again (its own salt is then "
            "moved into a new key file)")
    sql.execute(con, "ops/meta_set", {"key": ids.CHECK_KEY, "value": ids.check_value(key)})
    sql.execute(con, "ops/meta_delete", {"key": ids.LEGACY_SALT_KEY})
    return True


def personal_data(con: duckdb.DuckDBPyConnection, db_file: Path | None = None,
                  actor: str | None = None) -> Upgraded:
    """Move the salt out and hash or mask what an earlier version stored in clear; call inside
    a transaction. Safe to run again: a second run finds nothing to do."""
    ids.create_macros(con)
    done = Upgraded(key_moved=move_salt(con, db_file))
    key: list[str] = []

    def key_now() -> str:
        if not key:
            key.append(ids.id_key(con, db_file=db_file))
        return key[0]

    # an earlier version's answer table, moved into the compact store later in the upgrade: its
    # response ids must stay the same as its responses' to find them
    if sql.scalar(con, "ops/base_table_exists", {"table": "pulse_answer"}) \
            and int(sql.scalar(con, "compact_answers/old_answer_ids_to_hash")):
        done.ids_hashed += affected(sql.execute(con, "compact_answers/hash_old_answer_ids",
                                                {"salt": key_now()}))
    for spec in specs.TABLES.values():
        if spec.id_columns and int(sql.template(con, "count_ids_to_hash", spec.name).fetchall()[0][0]):
            done.ids_hashed += affected(sql.template(con, "hash_ids", spec.name, {"salt": key_now()}))
        if spec.free_text:
            done.texts_masked += affected(sql.template(con, "mask_free_text", spec.name))
        if spec.extra:
            for import_id, column_key, _rows in sql.template(con, "personal_extra_keys", spec.name).fetchall():
                sql.template(con, "drop_extra_key", spec.name,
                             {"import_id": import_id, "column_key": column_key})
                done.columns_dropped += 1
    done.log_entries_masked = (affected(sql.execute(con, "ops/mask_import_log"))
                               + affected(sql.execute(con, "ops/mask_audit_log")))
    done.profiles_changed = hash_profile_ids(con, key_now)
    # the leaders' ids are the aggregates' keys; before the compact answer store exists (an older
    # database, mid-upgrade) the schema upgrade rebuilds them once it is there
    if done.ids_hashed and sql.scalar(con, "ops/base_table_exists", {"table": "pulse_score"}):
        aggregates.refresh(con)
    if done.changed:
        audit.record(con, actor or current_user(), "upgrade", "personal data",
                     {k: v for k, v in asdict(done).items() if v})
    return done


def hash_profile_ids(con: duckdb.DuckDBPyConnection, key: Callable[[], str]) -> int:
    """Ids a saved profile sets for the whole file (``--set leader_id=…``) stored as they are
    in the data: hashed when an e-mail address or a name. Returns the profiles changed."""
    changed = 0
    for name, text in sql.rows(con, "ops/profile_mappings"):
        mapping: dict[str, Any] = json.loads(text)
        touched = False
        for field, choice in mapping.get("fields", {}).items():
            value = choice.get("constant") if isinstance(choice, dict) else None
            if field in specs.ID_FIELDS and isinstance(value, str) and ids.needs_hash(con, value):
                choice["constant"] = ids.pseudonym(con, value, key())
                touched = True
        if touched:
            sql.execute(con, "ops/profile_set_mapping",
                        {"name": name, "mapping": json.dumps(mapping, ensure_ascii=False)})
            changed += 1
    return changed
