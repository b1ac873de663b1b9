"""Backups as Parquet files plus a manifest, and restoring them into a fresh database.

A backup is a folder: one Parquet file per table and ``manifest.json`` (row counts,
SHA-256 of each file, schema version). It holds the id salt too, so pseudonyms stay the
same after a restore — protect backups like the database itself.

A restore builds a new database file next to the target, checks every table's row count
against the manifest, and only then moves it into place; the previous file is kept aside.
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
from dashboard.store import aggregates, db, sql
from dashboard.store.files import sha256_file
from dashboard.store.writes import transaction

MANIFEST = "manifest.json"
# Recorded by the schema itself, or derived from the data (rebuilt); not copied back.
_NOT_RESTORED = {"schema_migrations", "agg_pulse_leader_scale", "agg_pulse_cohort"}


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
        path = target / f"{name}.parquet"
        relation = con.table(name)
        relation.write_parquet(str(path))
        tables[name] = {"file": path.name, "rows": _rows(con, name),
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


def read_manifest(folder: str | os.PathLike[str]) -> Manifest:
    """The manifest, after checking every file is there and unchanged."""
    source = Path(folder)
    path = source / MANIFEST
    if not path.is_file():
        raise BackupError(f"{source} is not a backup (no {MANIFEST})")
    try:
        manifest: Manifest = json.loads(path.read_text(encoding="utf-8"))
        tables = manifest["tables"]
    except (json.JSONDecodeError, KeyError, TypeError):
        raise BackupError(f"{path} is damaged (not the manifest a backup writes)") from None
    for name, info in tables.items():
        file = source / info["file"]
        if not file.is_file():
            raise BackupError(f"{source}: {info['file']} is missing (table {name})")
        if sha256_file(file) != info["sha256"]:
            raise BackupError(f"{source}: {info['file']} has changed since the backup was made")
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
    counts = _build(Path(folder), manifest, building, user or current_user())
    if target.exists():
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        kept = target.with_name(f"{target.name}.before-restore-{stamp}")
        shutil.move(str(target), str(kept))
        wal = Path(str(target) + ".wal")
        if wal.exists():
            shutil.move(str(wal), str(kept) + ".wal")
    os.replace(building, target)
    return counts


def _build(folder: Path, manifest: Manifest, path: Path, actor: str) -> dict[str, int]:
    from duckdb import ColumnExpression, ConstantExpression

    counts: dict[str, int] = {}
    con = db.connect(path)
    try:
        existing = _tables(con)
        with transaction(con, actor, "restore", str(folder)) as change:
            for name, info in manifest["tables"].items():
                if name in _NOT_RESTORED:
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
