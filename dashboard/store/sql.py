"""Run the named SQL files in ``queries/``: ``queries/ingest/stage_roster.sql`` is the query
``ingest/stage_roster``.

Values are always bound as parameters (``$name``); a query only receives the parameters it
mentions, so callers can pass one shared filter dictionary to many queries.

A statement that is the same for every table is one template in ``queries/templates/``
(``delete_import``, ``supersede``, ...). :func:`template` is the only place SQL text is
built: it fills the template's ``{placeholders}`` with table and column names taken from
the table specs (:mod:`dashboard.store.specs`), each checked and quoted; values stay bound.
A read-only query that only needs a table name binds it instead: ``query_table($table)``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import cache
from typing import Any

import duckdb
import pandas as pd

from dashboard.config import QUERIES_DIR
from dashboard.store import specs

_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_LINE_COMMENT = re.compile(r"--[^\n]*")
_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
_IDENTIFIER = re.compile(r"[a-z][a-z0-9_]{0,62}")
TEMPLATES = "templates"  # the folder of queries/ that holds the templates


class TemplateError(ValueError):
    """A template asked for with a name the table specs do not hold (or no such template)."""


@cache
def query_text(name: str) -> str:
    """The SQL text of a named query (cached: files do not change while running)."""
    if name.startswith(f"{TEMPLATES}/"):
        raise KeyError(f"{name!r} is a template: run it with sql.template(...)")
    return _read(name)


def _read(name: str) -> str:
    path = QUERIES_DIR / f"{name}.sql"
    if not path.is_file():
        raise KeyError(f"no query named {name!r} (looked for {path})")
    return path.read_text(encoding="utf-8")


def _params_of(text: str) -> frozenset[str]:
    return frozenset(_PARAM.findall(_LINE_COMMENT.sub("", text)))


@cache
def query_params(name: str) -> frozenset[str]:
    """The ``$parameters`` a query uses, ignoring comments."""
    return _params_of(query_text(name))


def _pick(name: str, wanted: frozenset[str], params: dict[str, Any] | None) -> dict[str, Any]:
    given = params or {}
    missing = wanted - given.keys()
    if missing:
        raise KeyError(f"query {name!r} needs parameters {sorted(missing)}")
    return {key: given[key] for key in wanted}


def bind(name: str, params: dict[str, Any] | None) -> dict[str, Any]:
    """Pick the parameters this query needs; a missing one is a programming error."""
    return _pick(name, query_params(name), params)


def _run(con: duckdb.DuckDBPyConnection, text: str,
         bound: dict[str, Any]) -> duckdb.DuckDBPyConnection:
    return con.execute(text, bound) if bound else con.execute(text)


def execute(
    con: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any] | None = None
) -> duckdb.DuckDBPyConnection:
    """Run a named query and return the connection holding its result."""
    return _run(con, query_text(name), bind(name, params))


def frame(
    con: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any] | None = None
) -> pd.DataFrame:
    """Run a named query and return its (aggregated) result as a DataFrame."""
    return execute(con, name, params).df()


def rows(
    con: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any] | None = None
) -> list[tuple[Any, ...]]:
    """Run a named query and return all result rows as tuples."""
    return execute(con, name, params).fetchall()


def scalar(con: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any] | None = None) -> Any:
    """Run a named query and return the first column of its first row (None when empty)."""
    result = execute(con, name, params).fetchall()  # fetch all: DuckDB wants results finished
    return result[0][0] if result else None


def create_macro_set(con: duckdb.DuckDBPyConnection, set_name: str, names: Iterable[str]) -> None:
    """Run the temp macro statements ``names`` on this connection, unless they already ran there.

    Creating a macro binds its body, and the id macros' nested regular expressions take about
    0.1 s to bind; an import asks for them at four steps, and the demo's seven files paid about
    4 s for it. A row in a temp table marks a set as created; it is transactional like the
    macros themselves, so a rollback that removes them removes the mark too.
    """
    execute(con, "ops/macro_set_table")
    if scalar(con, "ops/macro_set_created", {"name": set_name}):
        return
    for name in names:
        execute(con, name)
    execute(con, "ops/mark_macro_set", {"name": set_name})


# --- templates ---------------------------------------------------------------------------


def quote(identifier: str) -> str:
    """A table or column name as SQL, after checking it is a plain lower-case name."""
    if not isinstance(identifier, str) or not _IDENTIFIER.fullmatch(identifier):
        raise TemplateError(f"{identifier!r} is not a table or column name")
    return f'"{identifier}"'


# An empty key value stands for itself: two blanks are the same key (as the import has
# always compared them). Fixed SQL per column type, never a value from outside.
_BLANK_AS = {"varchar": "''", "timestamp": "timestamp '1900-01-01'"}


def _key_value(alias: str, column: specs.KeyColumn) -> str:
    name = f"{alias}.{quote(column.name)}"
    if column.blank_type is None:
        return name
    if column.blank_type not in _BLANK_AS:
        raise TemplateError(f"key column {column.name!r}: unknown type {column.blank_type!r}")
    return f"coalesce({name}, {_BLANK_AS[column.blank_type]})"


def _table(name: str) -> specs.TableSpec:
    if name not in specs.TABLES:
        raise TemplateError(f"{name!r} is not a table the specs describe")
    return specs.TABLES[name]


def _staged(name: str) -> specs.TableSpec:
    spec = _table(name)
    if spec.staged is None or spec.staged not in specs.TEMPORARY_TABLES:
        raise TemplateError(f"{name!r} is not compared with a staged table")
    return spec


def _list_table(name: str) -> specs.TableSpec:
    spec = _table(name)
    if not spec.saved_as_list:
        raise TemplateError(f"{name!r} is not a table the plan saves as a whole list")
    return spec


def _columns(name: str, attribute: str) -> tuple[str, ...]:
    """The columns a table's spec lists under ``attribute`` (its people, ids or free text),
    each checked; a table without any cannot be asked for them."""
    columns: tuple[str, ...] = getattr(_table(name), attribute)
    if not columns:
        raise TemplateError(f"{name!r} has no {attribute.replace('_', ' ')} in its spec")
    return tuple(quote(column) for column in columns)


def _extra_table(name: str) -> specs.TableSpec:
    spec = _table(name)
    if not spec.extra:
        raise TemplateError(f"{name!r} keeps no extra columns")
    return spec


def _temporary(names: tuple[str, ...], what: str) -> Callable[[str], str]:
    def fill(name: str) -> str:
        if name not in names:
            raise TemplateError(f"{name!r} is not a temporary {what} of an import")
        return quote(name)
    return fill


# Every placeholder a template may use: what it becomes for the name the template is asked
# for. Key fragments use the aliases ``s`` (the staged records) and ``t`` (the stored rows).
PLACEHOLDERS: dict[str, Callable[[str], str]] = {
    "table": lambda name: quote(_table(name).name),
    "list_table": lambda name: quote(_list_table(name).name),
    "lineage": lambda name: quote(_table(name).lineage),
    "superseded_by": lambda name: quote(_table(name).superseded_by),
    "staged": lambda name: quote(str(_staged(name).staged)),
    "key_match": lambda name: " and ".join(
        f"{_key_value('t', c)} = {_key_value('s', c)}" for c in _staged(name).match_key),
    "key_partition": lambda name: ", ".join(_key_value("s", c) for c in _staged(name).match_key),
    "key_present": lambda name: " and ".join(
        [f"s.{quote(c.name)} is not null" for c in _staged(name).match_key
         if c.blank_type is None] or ["true"]),
    # personal data (the ``people``, ``people_refs``, ``other_ids`` and ``free_text`` of a spec);
    # the macros they call are ``queries/ids``'
    "hash_ids": lambda name: ", ".join(
        f"{c} = case when needs_hash({c}) then pseudonym({c}, $salt) else {c} end"
        for c in _columns(name, "id_columns")),
    "ids_need_hash": lambda name: " or ".join(f"needs_hash({c})" for c in _columns(name, "id_columns")),
    "person_match": lambda name: " or ".join(f"{c} = $person" for c in _columns(name, "people")),
    "person_ref_match": lambda name: " or ".join(f"{c} = $person" for c in _columns(name, "people_refs")),
    "clear_person_refs": lambda name: ", ".join(
        f"{c} = case when {c} = $person then null else {c} end" for c in _columns(name, "people_refs")),
    "mask_free_text": lambda name: ", ".join(f"{c} = mask_contact({c})" for c in _columns(name, "free_text")),
    "free_text_has_contact": lambda name: " or ".join(
        f"email_count({c}) + phone_count({c}) > 0" for c in _columns(name, "free_text")),
    "extra_table": lambda name: quote(_extra_table(name).name),
    "temp_table": _temporary(specs.TEMPORARY_TABLES, "table"),
    "temp_view": _temporary(specs.TEMPORARY_VIEWS, "view"),
}


@cache
def template_text(name: str, target: str) -> str:
    """The SQL of ``queries/templates/<name>.sql`` for the table (or temporary) ``target``.

    Refused with :class:`TemplateError` when ``target`` is not in the specs, its spec lacks
    what the template needs (a staged table), or the template uses an unknown placeholder.
    """
    if not _IDENTIFIER.fullmatch(name):
        raise TemplateError(f"{name!r} is not a template name")
    try:
        text = _read(f"{TEMPLATES}/{name}")
    except KeyError:
        raise TemplateError(f"there is no template {name!r}") from None

    def fill(match: re.Match[str]) -> str:
        placeholder = match.group(1)
        if placeholder not in PLACEHOLDERS:
            raise TemplateError(f"template {name!r}: unknown placeholder {{{placeholder}}}")
        return PLACEHOLDERS[placeholder](target)

    return _PLACEHOLDER.sub(fill, text)


def template(con: duckdb.DuckDBPyConnection, name: str, target: str,
             params: dict[str, Any] | None = None) -> duckdb.DuckDBPyConnection:
    """Run template ``name`` for one table (or temporary) ``target`` and return the
    connection holding its result; its ``$parameters`` are bound like a named query's."""
    text = template_text(name, target)
    return _run(con, text, _pick(f"{TEMPLATES}/{name}[{target}]", _params_of(text), params))
