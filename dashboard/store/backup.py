"""Backups as Parquet files plus a manifest, and restoring them into a fresh database.

A backup is a folder: one Parquet file per stored table and ``manifest.json`` (row counts,
columns, SHA-256 of each file, schema version). Tables derived from others (the pulse
aggregates) are not written: a restore rebuilds them. The id key is not in a backup either —
only its check value, in ``meta`` — so a backup plus a staff list re-identifies no one; keep
the key file (``<database>.key``) safe separately (README: The id key).

A restore checks the manifest before reading anything: each file is a plain name inside the
backup folder (no ``..``, no absolute path, no link out of it), its checksum, row count and
columns match the manifest. It then builds a new database file next to the target, rebuilds
the aggregates, upgrades personal data an earlier version stored in clear (and moves an
earlier backup's salt into the key file), and only then moves it into place; the previous
file and a key that belonged to it are kept aside.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TypedDict

import duckdb

from dashboard import __version__
from dashboard.config import current_user, resolve_db_path
from dashboard.store import aggregates, compact, db, ids, sql, upgrade
from dashboard.store.files import sha256_file
from dashboard.store.writes import transaction

MANIFEST = "manifest.json"
# Derived from the data: neither written nor, in an older backup that has them, read back.
_DERIVED = {"agg_pulse_leader_scale", "agg_pulse_cohort", "gated_answer", "gated_cell", "gated_built",
            "kpi_frame"}
# Recorded by the schema itself, or derived from the data (rebuilt); not copied back.
_NOT_RESTORED = {"schema_migrations"} | _DERIVED


class BackupError(Exception):
    """A backup that cannot be written or a folder that is not a usable backup."""


class TableEntry(TypedDict):
    """One table in the manifest: its Parquet file, row count, columns and checksum."""

    file: str
    rows: int
    columns: list[str]
    sha256: str


class Manifest(TypedDict):
    """What ``manifest.json`` holds."""

    created_at: str
    created_by: str
    app_version: str
    schema: list[str]
    data_version: int
    tables: dict[str, TableEntry]


@dataclass(frozen=True)
class BackupResult:
    folder: Path
    tables: dict[str, int]


def _tables(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    return {name: list(columns) for name, columns in sql.rows(con, "ops/user_tables")}


def _rows(con: duckdb.DuckDBPyConnection, table: str) -> int:
    return int(sql.scalar(con, "ops/table_rows", {"table": table}))


def backup(con: duckdb.DuckDBPyConnection, folder: str | os.PathLike[str]) -> BackupResult:
    """Write every table to ``folder`` (created; must be empty) as Parquet, with a manifest."""
    target = Path(folder)
    if target.exists() and any(target.iterdir()):
        raise BackupError(f"{target} is not empty; choose a new folder for the backup")
    target.mkdir(parents=True, exist_ok=True)
    tables: dict[str, TableEntry] = {}
    for name, columns in _tables(con).items():
        if name in _DERIVED:
            continue
        path = target / f"{name}.parquet"
        relation = _without_key(con, name)
        relation.write_parquet(str(path))
        tables[name] = {"file": path.name, "rows": int(relation.shape[0]),
                        "columns": columns, "sha256": sha256_file(path)}
    manifest: Manifest = {
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "created_by": current_user(),
        "app_version": __version__,
        "schema": [path.stem for path in db.schema_files()],
        "data_version": db.data_version(con),
        "tables": tables,
    }
    (target / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return BackupResult(target, {name: int(info["rows"]) for name, info in tables.items()})


def _without_key(con: duckdb.DuckDBPyConnection, name: str) -> duckdb.DuckDBPyRelation:
    """A table as it is backed up: ``meta`` never with a salt (an upgraded database has none)."""
    from duckdb import ColumnExpression, ConstantExpression

    relation = con.table(name)
    if name == "meta":
        relation = relation.filter(ColumnExpression("key") != ConstantExpression(ids.LEGACY_SALT_KEY))
    return relation


def _entry_file(source: Path, name: str, info: object) -> Path:
    """The Parquet file of one manifest entry, refused unless it is a plain file name inside
    the backup folder (no ``..``, no absolute path, no link leading out of the folder)."""
    if not isinstance(info, dict) or not isinstance(info.get("file"), str) \
            or not isinstance(info.get("sha256"), str) or not isinstance(info.get("rows"), int) \
            or not isinstance(info.get("columns"), list):
        raise BackupError(f"{source / MANIFEST}: the entry of table {name!r} is not one a backup writes")
    relative = Path(info["file"])
    if relative.is_absolute() or len(relative.parts) != 1 or relative.name in ("", ".", ".."):
        raise BackupError(f"{source / MANIFEST}: table {name!r} points at {info['file']!r}, outside "
                          "the backup folder; a backup names its files only")
    file = source / relative
    if not file.resolve().is_relative_to(source.resolve()):
        raise BackupError(f"{source}: {info['file']} leads outside the backup folder (a link); refused")
    return file


def read_manifest(folder: str | os.PathLike[str]) -> Manifest:
    """The manifest, after checking every file is inside the folder, there and unchanged, and
    holds the rows and columns the manifest says."""
    source = Path(folder)
    path = source / MANIFEST
    if not path.is_file():
        raise BackupError(f"{source} is not a backup (no {MANIFEST})")
    try:
        manifest: Manifest = json.loads(path.read_text(encoding="utf-8"))
        tables = manifest["tables"]
        if not isinstance(tables, dict):
            raise TypeError
    except (json.JSONDecodeError, KeyError, TypeError):
        raise BackupError(f"{path} is damaged (not the manifest a backup writes)") from None
    files = {name: _entry_file(source, name, info) for name, info in tables.items()}
    checker = duckdb.connect()
    try:
        for name, info in tables.items():
            file = files[name]
            if not file.is_file():
                raise BackupError(f"{source}: {info['file']} is missing (table {name})")
            if sha256_file(file) != info["sha256"]:
                raise BackupError(f"{source}: {info['file']} has changed since the backup was made")
            if name in _DERIVED:
                continue
            try:
                relation = checker.read_parquet(str(file))
                rows, columns = int(relation.shape[0]), list(relation.columns)
            except duckdb.Error:
                raise BackupError(f"{source}: {info['file']} is not a Parquet file") from None
            if rows != info["rows"] or columns != list(info["columns"]):
                raise BackupError(f"{source}: {info['file']} holds {rows} rows and columns {columns}, "
                                  f"the manifest says {info['rows']} rows and {list(info['columns'])}: "
                                  "the manifest was edited; refused")
    finally:
        checker.close()
    return manifest


def restore(folder: str | os.PathLike[str], db_path: str | os.PathLike[str] | None = None,
            force: bool = False, user: str | None = None) -> dict[str, int]:
    """Rebuild the database at ``db_path`` from a backup folder; return rows per table."""
    manifest = read_manifest(folder)
    target = resolve_db_path(db_path)
    if target.exists() and not force:
        raise BackupError(f"{target} exists; pass --force to replace it (it is kept aside as a copy)")
    building = target.with_name(target.name + ".restoring")
    for leftover in (building, Path(str(building) + ".wal")):
        leftover.unlink(missing_ok=True)
    keys = _RestoreKeys(target, building, _backup_key_check(Path(folder), manifest))
    try:
        counts = _build(Path(folder), manifest, building, user or current_user())
    except ids.IdKeyError:
        keys.discard()
        raise BackupError(f"this backup holds ids in clear that must be hashed with the id key of the "
                          f"database it was made from, and that key is missing: put its key file at "
                          f"{ids.key_path(target)} and restore again") from None
    except Exception:
        keys.discard()
        raise
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    if target.exists():
        kept = target.with_name(f"{target.name}.before-restore-{stamp}")
        shutil.move(str(target), str(kept))
        wal = Path(str(target) + ".wal")
        if wal.exists():
            shutil.move(str(wal), str(kept) + ".wal")
    os.replace(building, target)
    keys.settle(stamp)
    return counts


class _RestoreKeys:
    """The id key around a restore. The new file is built beside the target, so its key is
    looked for beside the building file: the target's key goes there first when it belongs to
    the backup; an older backup's salt is moved there by the upgrade. Once the new file is in
    place its key is too, and a key that belonged only to the replaced file is kept aside with
    it. (With ``$EMPATHY_ID_KEY_FILE`` or ``$EMPATHY_ID_KEY`` the key has one place: untouched.)"""

    def __init__(self, target: Path, building: Path, expected: str | None) -> None:
        self.target = ids.key_path(target)
        self.building = ids.key_path(building)
        self.separate = self.target != self.building and self.target is not None \
            and self.building is not None
        if self.building is not None and self.separate:
            self.building.unlink(missing_ok=True)
        if self.separate and self.target is not None and self.building is not None:
            present = ids.read_key(self.target) if self.target.exists() else None
            if present is not None and expected in (None, ids.check_value(present)):
                ids.write_key(self.building, present)

    def discard(self) -> None:
        if self.separate and self.building is not None:
            self.building.unlink(missing_ok=True)

    def settle(self, stamp: str) -> None:
        if not self.separate or self.target is None or self.building is None:
            return
        new = ids.read_key(self.building) if self.building.exists() else None
        if self.target.exists() and ids.read_key(self.target) != new:
            shutil.move(str(self.target), str(self.target.with_name(f"{self.target.name}.before-restore-{stamp}")))
        if new is not None:
            os.replace(self.building, self.target)


def _backup_key_check(folder: Path, manifest: Manifest) -> str | None:
    """The check value of the key the backup's hashes were made with (an older backup holds
    the salt itself); None when it has none."""
    info = manifest["tables"].get("meta")
    if info is None:
        return None
    values: dict[str, str] = {}
    checker = duckdb.connect()
    try:
        for key, value in checker.read_parquet(str(folder / info["file"])).fetchall():
            values[str(key)] = str(value)
    finally:
        checker.close()
    if ids.CHECK_KEY in values:
        return values[ids.CHECK_KEY]
    salt = values.get(ids.LEGACY_SALT_KEY)
    return ids.check_value(salt.strip().lower()) if salt else None


def _build(folder: Path, manifest: Manifest, path: Path, actor: str) -> dict[str, int]:
    from duckdb import ColumnExpression, ConstantExpression

    counts: dict[str, int] = {}
    con = db.connect(path)
    try:
        existing = _tables(con)
        ids.create_macros(con)
        with transaction(con, actor, "restore", ids.mask_file_name(con, str(folder))) as change:
            for name, info in manifest["tables"].items():
                if name in _NOT_RESTORED:
                    continue
                if name == "pulse_answer":  # an older backup's answers: moved into the compact store
                    sql.execute(con, "compact_answers/load_old_answers", {"path": str(folder / info["file"])})
                    counts[name] = int(sql.scalar(con, "compact_answers/old_answer_count"))
                    continue
                if name not in existing:
                    raise BackupError(f"the backup has a table {name!r} this version does not know")
                if name == "meta":
                    sql.execute(con, "ops/clear_meta")
                relation = con.read_parquet(str(folder / info["file"]))
                present = set(relation.columns)
                exprs = [ColumnExpression(c) if c in present else ConstantExpression(None).alias(c)
                         for c in existing[name]]
                relation.select(*exprs).insert_into(name)
                counts[name] = _rows(con, name)
                if counts[name] != info["rows"]:
                    raise BackupError(f"table {name}: restored {counts[name]} rows, the backup has {info['rows']}")
            sql.execute(con, "ops/advance_import_id_seq", {"n": int(sql.scalar(con, "ops/max_import_id"))})
            if "pulse_answer" in counts:
                compact.adopt_old_answers(con)
            compact.advance_numbers(con)
            # an earlier version's backup: its salt into the key file, what it kept in clear hashed
            upgrade.personal_data(con, db_file=path, actor=actor)
            aggregates.refresh(con)  # derived tables are rebuilt, whatever the backup held
            db.new_instance(con)
            change.detail = {"tables": counts}
    except Exception:
        con.close()
        path.unlink(missing_ok=True)
        Path(str(path) + ".wal").unlink(missing_ok=True)
        raise
    sql.execute(con, "ops/checkpoint")
    con.close()
    return counts
