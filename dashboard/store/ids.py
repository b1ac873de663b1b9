"""The id key, and what is personal in an id or a text.

E-mail addresses and people's names used as ids are stored only as salted hashes
(``anon-…``), so the same person keeps one pseudonym across files. The salt — the *id key* —
lives outside the database file: in a key file beside it (``data/empathy.duckdb.key``,
readable by its owner only, created the first time an import needs it), or in the file
``$EMPATHY_ID_KEY_FILE`` names, or in ``$EMPATHY_ID_KEY`` itself. A copy of the database or a
backup, together with a staff list, therefore re-identifies no one.

The database keeps a check value of its key (``id_key_check`` in ``meta``: a hash of the key,
useless without it) so an import can tell "no key yet" (one is created) from "the key is
missing or is another database's" (the import is refused, naming the file to restore).
Reading KPIs never needs the key; linking new imports to earlier ones does.

The rules themselves — which ids are addresses or names, what an address looks like inside a
comment or a file name — are SQL macros in ``queries/ids/``, shared by the importer, the
upgrade of older databases and erasure.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import secrets
from pathlib import Path

import duckdb

from dashboard.config import QUERIES_DIR
from dashboard.store import sql
from dashboard.store.errors import DatabaseError

KEY_FILE_ENV_VAR = "EMPATHY_ID_KEY_FILE"
KEY_ENV_VAR = "EMPATHY_ID_KEY"
CHECK_KEY = "id_key_check"  # meta: a hash of the key, to recognise it
LEGACY_SALT_KEY = "id_salt"  # meta: where versions before the key file kept the salt itself
_KEY_TEXT = re.compile(r"[0-9a-f]{32,128}")


_MASKED_NAMES: dict[str, str] = {}
_MASKED_NAMES_KEPT = 1024
_MACROS = tuple(f"ids/{path.stem}" for path in sorted((QUERIES_DIR / "ids").glob("*.sql")))


class IdKeyError(DatabaseError):
    """The id key is missing, unreadable, or belongs to another database."""


def create_macros(con: duckdb.DuckDBPyConnection) -> None:
    """Put the id and personal-data macros (``pseudonym``, ``mask_contact`` …) on a connection."""
    sql.create_macro_set(con, "ids", _MACROS)


def database_file(con: duckdb.DuckDBPyConnection) -> Path | None:
    """The file of this connection's database (None in memory)."""
    found = sql.scalar(con, "ops/database_file")
    return Path(found).resolve() if found else None


def key_path(db_file: Path | None) -> Path | None:
    """Where the key of the database ``db_file`` is kept: ``$EMPATHY_ID_KEY_FILE``, else
    ``<database file>.key`` beside it (None when neither can be named)."""
    configured = os.environ.get(KEY_FILE_ENV_VAR, "").strip()
    if configured:
        return Path(configured).expanduser().resolve()
    if db_file is None:
        return None
    return db_file.with_name(db_file.name + ".key")


def check_value(key: str) -> str:
    """What the database keeps to recognise its key (not the key, nor enough to find it)."""
    return hashlib.sha256(f"empathy id key check\x1f{key}".encode()).hexdigest()[:24]


def _valid(text: str, origin: str) -> str:
    key = text.strip().lower()
    if not _KEY_TEXT.fullmatch(key):
        raise IdKeyError(f"{origin} does not hold an id key (expected 32 or more hexadecimal characters)")
    return key


def read_key(path: Path | None) -> str | None:
    """The key in ``$EMPATHY_ID_KEY``, else in the key file ``path``; None when there is none.
    A key file others can read is made owner-only again."""
    given = os.environ.get(KEY_ENV_VAR, "").strip()
    if given:
        return _valid(given, f"${KEY_ENV_VAR}")
    if path is None or not path.exists():
        return None
    try:
        text = path.read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError) as exc:
        raise IdKeyError(f"cannot read the id key file {path}: {exc}") from None
    with contextlib.suppress(OSError):
        if path.stat().st_mode & 0o077:
            path.chmod(0o600)
    return _valid(text, f"the id key file {path}")


def write_key(path: Path, key: str) -> str:
    """Create the key file (owner read/write only) unless another process just did; return
    the key the file holds."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "w", encoding="ascii") as handle:
            handle.write(key + "\n")
        with contextlib.suppress(FileExistsError):  # another process was first: its key stands
            os.link(temporary, path)  # atomic, and never over an existing key
    finally:
        temporary.unlink(missing_ok=True)
    found = read_key(path)
    assert found is not None
    return found


def _missing_message(path: Path | None) -> str:
    where = f"{path}" if path is not None else f"${KEY_FILE_ENV_VAR}"
    return (f"this import needs the database's id key (e-mail addresses and names used as ids are "
            f"stored as salted hashes made with it) and {where} is missing. Restore that file from "
            "where you keep its copy (see README: The id key); reading KPIs does not need it")


def stored_check(con: duckdb.DuckDBPyConnection) -> str | None:
    value = sql.scalar(con, "ops/meta_get", {"key": CHECK_KEY})
    return str(value) if value is not None else None


def id_key(con: duckdb.DuckDBPyConnection, *, create: bool = True,
           db_file: Path | None = None) -> str:
    """The database's id key; call inside the transaction of the write that needs it.

    A database that has never had one gets a new key file (or adopts the one already there)
    and records its check value (``create=False``: only looks). A database whose key file is
    missing, or holds another database's key, raises :class:`IdKeyError` saying which file
    to restore.
    """
    path = key_path(db_file or database_file(con))
    expected = stored_check(con)
    key = read_key(path)
    if key is None:
        if expected is not None or not create:
            raise IdKeyError(_missing_message(path))
        if path is None:
            raise IdKeyError(f"an in-memory database has no key file: set ${KEY_ENV_VAR}")
        key = write_key(path, secrets.token_hex(16))
    if expected is None:
        if create:  # the database's hashes are made with this key from now on
            sql.execute(con, "ops/meta_set", {"key": CHECK_KEY, "value": check_value(key)})
    elif expected != check_value(key):
        raise IdKeyError(f"the id key in {path or '$' + KEY_ENV_VAR} is not this database's (its hashes "
                         "were made with another key); restore the key file that belongs to it")
    return key


def key_status(con: duckdb.DuckDBPyConnection) -> tuple[Path | None, str]:
    """Where the key is looked for, and in words whether it is there and matches."""
    path = key_path(database_file(con))
    expected = stored_check(con)
    try:
        key = read_key(path)
    except IdKeyError as exc:
        return path, str(exc)
    if key is None:
        return path, ("missing: imports that hash ids are refused until it is restored" if expected
                      else "none yet: created by the first import that hashes an id")
    if expected is None:
        return path, "present, not used yet by this database"
    return path, "present and matches this database" if expected == check_value(key) else \
        "present but another database's key: imports that hash ids are refused"


def needs_hash(con: duckdb.DuckDBPyConnection, value: str) -> bool:
    """Whether ``value`` as an id is stored hashed (an e-mail address or a name)."""
    create_macros(con)
    return bool(sql.scalar(con, "ops/id_needs_hash", {"value": value}))


def pseudonym(con: duckdb.DuckDBPyConnection, value: str, key: str) -> str:
    """The id ``value`` as it is stored: itself, or its salted hash."""
    create_macros(con)
    return str(sql.scalar(con, "ops/id_pseudonym", {"value": value, "salt": key}))


def mask_file_name(con: duckdb.DuckDBPyConnection, name: str) -> str:
    """A file name without its e-mail parts, for the import and audit logs.

    The answer depends on the name alone, and the macro compiles its regular expressions
    on every statement (about 50 ms): a name already masked in this process is not asked again.
    """
    masked = _MASKED_NAMES.get(name)
    if masked is None:
        create_macros(con)
        masked = str(sql.scalar(con, "ops/mask_file_name", {"name": name}))
        if len(_MASKED_NAMES) < _MASKED_NAMES_KEPT:
            _MASKED_NAMES[name] = masked
    return masked


def mask_emails(con: duckdb.DuckDBPyConnection, text: str) -> str:
    """A text (a log entry's details) with its e-mail addresses replaced by ``[e-mail]``."""
    create_macros(con)
    return str(sql.scalar(con, "ops/mask_emails", {"text": text}))


def new_key(con: duckdb.DuckDBPyConnection) -> Path | None:
    """Start a new key for a database whose key is lost for good; call inside a transaction.
    Refused while a key file is there. Ids imported from now on get new pseudonyms: the same
    address imported before and after no longer links (nothing stored changes)."""
    path = key_path(database_file(con))
    if read_key(path) is not None:
        raise IdKeyError(f"{path or '$' + KEY_ENV_VAR} already holds a key; a new one is only for a lost key")
    if path is None:
        raise IdKeyError(f"an in-memory database has no key file: set ${KEY_ENV_VAR}")
    key = write_key(path, secrets.token_hex(16))
    sql.execute(con, "ops/meta_set", {"key": CHECK_KEY, "value": check_value(key)})
    return path
