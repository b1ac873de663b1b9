"""Scanning a database file or a backup for personal data, written independently of the
importer's own rules (Python regular expressions, not the SQL macros under test).

``leaks(con)`` reads every text and JSON column of every table of the database file and
returns each value holding an e-mail address — in any spelling the payloads use: ``@``,
full-width ``＠``, ``%40``, ``(at)``/``[dot]``, "ann at example dot com" — or one of the
payloads' names; ``parquet_leaks(folder)`` does the same for a backup's Parquet files.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from urllib.parse import unquote

import duckdb

# After NFKC folding (＠ -> @, ｅ -> e) and URL-decoding (%40 -> @).
_EMAIL = re.compile(r"[\w.+'’-]+\s*(?:@|[(\[{<]\s*at\s*[)\]}>])\s*[\w-]+"
                    r"(?:\s*(?:\.|[(\[{<]\s*dot\s*[)\]}>])\s*[\w-]+)+", re.I)
_SPELLED = re.compile(r"\b\w+\s+at\s+\w+\s+dot\s+(com|org|net)\b", re.I)
# The people the payloads name (ids, display names, recipient columns)
NAMES = ("Fay Smith", "Smith, Gus", "Gus Smith", "Dee Doe", "Jo Park", "Gil Ray", "Ann Smith",
         "Smith, Ann", "Ann Lee", "Jan Doe")
_NAME = re.compile("|".join(r"\b" + re.escape(n).replace(r"\ ", r"\s+") + r"\b" for n in NAMES), re.I)
_SURNAMES = re.compile(r"\b(Smith|Doe|Park|Ray)\b", re.I)


def personal(text: str) -> bool:
    """Whether a stored text holds an e-mail address (any spelling) or a payload's name."""
    folded = unquote(unicodedata.normalize("NFKC", text))
    return bool(_EMAIL.search(folded) or _SPELLED.search(folded) or _NAME.search(folded)
                or _SURNAMES.search(folded))


def _text_columns(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    found = con.execute(
        "select table_name, column_name from duckdb_columns() "
        "where schema_name = 'main' and not internal and data_type in ('VARCHAR', 'JSON') "
        "and table_name in (select table_name from duckdb_tables() where not temporary) "
        "order by table_name, column_index").fetchall()
    return [(str(t), str(c)) for t, c in found]


def leaks(con: duckdb.DuckDBPyConnection, skip: set[tuple[str, str]] = frozenset()) -> list[tuple[str, str, str]]:
    """Every (table, column, value) of the database file holding personal data."""
    found = []
    for table, column in _text_columns(con):
        if (table, column) in skip:
            continue
        values = con.execute(f'select distinct "{column}"::varchar from "{table}" where "{column}" is not null')
        found += [(table, column, v) for (v,) in values.fetchall() if personal(v)]
    return found


def parquet_leaks(folder: Path) -> list[tuple[str, str, str]]:
    """Every (file, column, value) of a backup's Parquet files holding personal data."""
    found = []
    con = duckdb.connect()
    for path in sorted(folder.glob("*.parquet")):
        relation = con.read_parquet(str(path))
        for column in relation.columns:
            values = con.execute(f"select distinct \"{column}\"::varchar from read_parquet('{path}')")
            found += [(path.name, column, v) for (v,) in values.fetchall() if v and personal(v)]
    text = (folder / "manifest.json").read_text(encoding="utf-8")
    if personal(text):
        found.append(("manifest.json", "", "…"))
    con.close()
    return found
