"""Building HTML where every piece of text is escaped unless this module made it.

Cohort names, question texts and file names come from uploads. Rather than remembering to
escape each one, the report builds its markup with :func:`tag`, which escapes every child and
attribute value that is not already :class:`Markup` — so forgetting is not possible.
"""

from __future__ import annotations

import html
import json
import math
from collections.abc import Iterable
from typing import Any

import pandas as pd


class Markup(str):
    """HTML produced by this module (or a trusted library); never escaped again."""


Child = Any  # str, number, Markup, None, or an iterable of those


def escape(value: Any) -> Markup:
    """Text as HTML: ``<``, ``>``, ``&`` and both quotes become entities."""
    if isinstance(value, Markup):
        return value
    return Markup(html.escape(str(value), quote=True))


def _children(children: Iterable[Child]) -> str:
    parts: list[str] = []
    for child in children:
        if child is None or child is False:
            continue
        if isinstance(child, Iterable) and not isinstance(child, str):
            parts.append(_children(child))
        else:
            parts.append(escape(child))
    return "".join(parts)


def _attribute(name: str, value: Any) -> str:
    key = name.rstrip("_").replace("_", "-")
    if value is True:
        return f" {key}"
    return f' {key}="{escape(value)}"'


VOID = frozenset({"meta", "br", "link", "img", "hr", "col", "wbr"})


def tag(element: str, /, *children: Child, **attributes: Any) -> Markup:
    """``<element attr="…">children</element>`` with everything escaped; ``class_`` gives
    ``class``, ``data_k`` gives ``data-k``; None and False attributes are left out."""
    attrs = "".join(_attribute(k, v) for k, v in attributes.items() if v is not None and v is not False)
    if element in VOID:
        return Markup(f"<{element}{attrs}>")
    return Markup(f"<{element}{attrs}>{_children(children)}</{element}>")


def join(*children: Child) -> Markup:
    """Several pieces side by side, escaped as :func:`tag` would."""
    return Markup(_children(children))


def raw_value(value: Any) -> str:
    """A cell's value as the CLI's CSV writes it: '' when missing, else the number or text."""
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    if hasattr(value, "item"):
        value = value.item()
    return repr(value) if isinstance(value, float) else str(value)


def key_json(row: pd.Series | dict[str, Any], keys: Iterable[str]) -> str:
    """The identifying columns of a KPI row, as JSON (kept in a ``data-k`` attribute)."""
    out = {}
    for key in keys:
        value = row[key]
        if hasattr(value, "item"):
            value = value.item()
        out[key] = None if value is None or (isinstance(value, float) and math.isnan(value)) else value
    return json.dumps(out, ensure_ascii=False, sort_keys=True)


def value_span(text: str, row: pd.Series | dict[str, Any], column: str, keys: Iterable[str],
               class_: str | None = None) -> Markup:
    """A number as shown, tagged with the KPI row and column it came from (``data-k``,
    ``data-c``, ``data-v``) so a reader's tool — or a test — can check it against the CLI."""
    return tag("span", text, class_=("v " + class_) if class_ else "v", data_k=key_json(row, keys),
               data_c=column, data_v=raw_value(row[column]))
