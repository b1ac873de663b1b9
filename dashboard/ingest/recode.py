"""Recoded answers: what a file's own words for a categorical field mean in canonical data.

Forms ask "Which best describes you?" and export the sentence the respondent ticked ("I
report directly to this leader"); LMS reports say "Registered" or "ILT"; a course is named by
its title, not by the module id. The importer knows the usual spellings (:mod:`vocab`); any
other value is a row problem that names the value and proposes its meaning — it is never
given a default. The analyst confirms the meaning once (``--recode
rater_type="A colleague=peer"``, or on the Data page), and a saved profile keeps it for next
month's export.

Course titles are recoded the same way (``--recode module_id="Digital Cues for Remote
Leaders=digital_cues"``), and a module the schedule and the module catalogue do not know is
a row problem with the closest modules by id or name.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable, Mapping

import duckdb

from dashboard.ingest.kinds import KINDS
from dashboard.ingest.mapping import Plan
from dashboard.ingest.problems import Problem
from dashboard.ingest.vocab import CATEGORIES, norm_token
from dashboard.store import sql

Recodes = dict[str, dict[str, str]]  # field -> {value in the file: canonical value or module id}
MODULE_FIELD = "module_id"
_MODULE_KINDS = ("activity", "rubric")
MAX_SHOWN = 3


class RecodeError(ValueError):
    """A recode that cannot be applied (not a categorical field, not a canonical value)."""


def parse(texts: Iterable[str]) -> Recodes:
    """``--recode FIELD="FROM=TO"`` options (the last '=' splits FROM and TO, so a sentence
    with '=' in it still works); several pairs of one field may be joined with ';'."""
    recodes: Recodes = {}
    for text in texts:
        name, sep, pairs = text.partition("=")
        if not sep or not name.strip():
            raise RecodeError(f"--recode {text!r}: expected FIELD=\"VALUE IN THE FILE=CANONICAL VALUE\"")
        for pair in pairs.split(";"):
            given, sep2, value = pair.rpartition("=")
            if not sep2 or not given.strip() or not value.strip():
                raise RecodeError(f"--recode {text!r}: expected FIELD=\"VALUE IN THE FILE=CANONICAL VALUE\"")
            recodes.setdefault(name.strip(), {})[given.strip()] = value.strip()
    return recodes


def categorical_fields(kind: str) -> list[str]:
    """The fields of a kind whose values are recoded (its categories, and module ids)."""
    spec = KINDS[kind]
    names = [f.name for f in spec.fields if f.type == "category" and f.name in CATEGORIES]
    if kind in _MODULE_KINDS:
        names.append(MODULE_FIELD)
    return names


def check(kind: str, recodes: Mapping[str, Mapping[str, str]]) -> list[str]:
    """What is wrong with the recodes for a file of this kind (empty: usable)."""
    problems = []
    fields = categorical_fields(kind)
    for name, pairs in recodes.items():
        if name not in fields:
            problems.append(f"--recode {name}=...: {kind} has no categorical field {name!r} "
                            f"(recoded fields: {', '.join(fields) or 'none'})")
            continue
        if name == MODULE_FIELD:
            continue
        allowed = list(CATEGORIES[name])
        for given, value in pairs.items():
            if norm_token(value) not in allowed:
                problems.append(f"--recode {name}=\"{given}={value}\": {value!r} is not a {name.replace('_', ' ')} "
                                f"(expected {', '.join(allowed)})")
    return problems


def apply_to_parameters(params: dict[str, object], recodes: Mapping[str, Mapping[str, str]]) -> None:
    """Put the analyst's spellings first in the categories' key lists the staging SQL looks
    values up in (lower-cased text, then token: as the ``category`` macro reads them)."""
    for name, pairs in recodes.items():
        if name == MODULE_FIELD or f"{name}_keys" not in params:
            continue
        keys: list[str] = []
        values: list[str] = []
        for given, value in pairs.items():
            for key in (given.strip().lower(), norm_token(given)):
                keys.append(key)
                values.append(norm_token(value))
        params[f"{name}_keys"] = keys + list(params[f"{name}_keys"])  # type: ignore[call-overload]
        params[f"{name}_values"] = values + list(params[f"{name}_values"])  # type: ignore[call-overload]


def from_profile(mapping: Mapping[str, object] | None) -> Recodes:
    """The recodes a saved profile keeps."""
    stored = (mapping or {}).get("recodes")
    if not isinstance(stored, dict):
        return {}
    return {str(name): {str(k): str(v) for k, v in pairs.items()}
            for name, pairs in stored.items() if isinstance(pairs, dict)}


def merged(*layers: Mapping[str, Mapping[str, str]]) -> Recodes:
    """Later layers win (a profile's recodes, then the analyst's)."""
    out: Recodes = {}
    for layer in layers:
        for name, pairs in layer.items():
            out.setdefault(name, {}).update(pairs)
    return out


def save_to_profile(con: duckdb.DuckDBPyConnection, name: str, recodes: Mapping[str, object],
                    key: str = "recodes") -> None:
    """Keep the recodes (or another of the analyst's choices, under ``key``) in the profile
    just saved, so next month's export uses them."""
    rows = sql.rows(con, "ops/profile_by_name", {"name": name})
    if not rows:
        return
    mapping = json.loads(rows[0][4])
    mapping[key] = dict(recodes)
    sql.execute(con, "ops/profile_set_mapping", {"name": name, "mapping": json.dumps(mapping, ensure_ascii=False)})


# --- modules ---------------------------------------------------------------------------------


def known_modules(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Module id -> its name, from the schedule and the module catalogue."""
    return {str(mid): str(name or "") for mid, name in sql.rows(con, "ingest/known_modules")}


def suggest_module(value: str, modules: Mapping[str, str]) -> list[str]:
    """Module ids whose id or name is close to a course title or code (best first)."""
    wanted = norm_token(value)
    by_text: dict[str, str] = {}
    for mid, name in modules.items():
        by_text.setdefault(norm_token(mid), mid)
        if name:
            by_text.setdefault(norm_token(name), mid)
    close = difflib.get_close_matches(wanted, list(by_text), n=MAX_SHOWN * 2, cutoff=0.45)
    words = set(wanted.split("_")) - {"", "for", "the", "and", "of", "in", "a", "to", "remote", "leaders"}
    shared = sorted((mid for mid, name in modules.items()
                     if words & set(norm_token(f"{mid} {name}").split("_"))),
                    key=lambda mid: -len(words & set(norm_token(f"{mid} {modules[mid]}").split("_"))))
    found = list(dict.fromkeys([by_text[c] for c in close] + shared))
    return found[:MAX_SHOWN]


def module_values(con: duckdb.DuckDBPyConnection, plan: Plan, recodes: Mapping[str, Mapping[str, str]],
                  limit: int) -> tuple[dict[str, str], list[Problem], int, list[str]]:
    """A file's module values looked up among the known modules: (value -> module id for the
    recoded and differently spelled ones, problems for unknown values, their count, notes).
    With no schedule and no catalogue yet, every module id is taken as given."""
    from duckdb import ColumnExpression

    if plan.kind not in _MODULE_KINDS or MODULE_FIELD not in plan.fields_present():
        return {}, [], 0, []
    modules = known_modules(con)
    asked = {norm_token(given): value for given, value in recodes.get(MODULE_FIELD, {}).items()}
    con.register("person_values", con.table("src").select(
        ColumnExpression("rec"), ColumnExpression(MODULE_FIELD).alias("v")))
    values = [given for (given,) in sql.rows(con, "ingest/distinct_values")]
    by_token = {norm_token(mid): mid for mid in modules}
    found: dict[str, str] = {}
    unknown: dict[str, str] = {}
    choices: dict[str, tuple[str, ...]] = {}
    by_name = 0
    notes: list[str] = []
    header = plan.header_for(MODULE_FIELD)
    for value in values:
        target = asked.get(norm_token(value))
        if target is not None:
            if modules and target not in modules:
                unknown[value] = (f"--recode module_id=\"{value}={target}\": {target!r} is not a module of the "
                                  f"schedule or the module catalogue (known: {', '.join(sorted(modules)[:8])})")
            else:
                found[value] = target
            continue
        if not modules or value in modules:
            continue
        if norm_token(value) in by_token:
            found[value] = by_token[norm_token(value)]
            continue
        named = [mid for mid, name in modules.items() if name and norm_token(name) == norm_token(value)]
        if len(named) == 1:  # the module's own name, as the schedule or the catalogue spells it
            found[value] = named[0]
            by_name += 1
            continue
        close = suggest_module(value, modules)
        choices[value] = tuple(close) + tuple(mid for mid in sorted(modules) if mid not in close)
        hint = ("closest: " + ", ".join(f"{mid} ({modules[mid]})" if modules[mid] else mid for mid in close)
                if close else f"known: {', '.join(sorted(modules)[:8])}")
        example = close[0] if close else "MODULE_ID"
        unknown[value] = (f"module '{value}' is not a module id of the schedule or the module catalogue "
                          f"({hint}); map it: --recode module_id=\"{value}={example}\"")
    recoded = sum(1 for value in found if norm_token(value) in asked)
    if recoded:
        notes.append(f"{header}: {recoded} course title(s) or code(s) recoded to module ids")
    if by_name:
        notes.append(f"{header}: {by_name} module name(s) read as their module id")
    if not unknown:
        return found, [], 0, notes
    rows = sql.rows(con, "ingest/person_rows", {"values": list(unknown), "limit": 1_000_000_000})
    problems = [Problem(header, unknown[given], rec=int(rec), code="unknown_module", value=given,
                        choices=choices.get(given, tuple(sorted(modules))))
                for rec, given in rows]
    return found, problems[:max(limit, 0)], len(problems), notes
