"""Text from uploads, shown through Streamlit's Markdown, as text and nothing else.

Streamlit renders Markdown (GitHub-flavoured, with its own additions) in far more places than
``st.markdown``: captions, alerts, toasts, titles, metric labels, values and deltas, every
widget label and its help, expander and tab labels, the options of radios, segmented controls
and select sliders, badges, page links and buttons, and every cell and header of ``st.table``.
A cohort called ``![x](http://attacker.test/x.png)`` would make each viewer's browser fetch
that address; ``[a](javascript:…)`` would be a link; ``www.attacker.test`` and
``someone@attacker.test`` become links by themselves; ``$…$`` is LaTeX and ``:smile:``,
``:material/home:`` and ``:streamlit:`` are pictures.

``escape`` makes such a value plain text in all of those places (checked in a real Chromium
by ``tests/e2e/test_escaping.py``):

- every ASCII punctuation character that Markdown or Streamlit's additions give a meaning
  to gets a backslash (CommonMark shows ``\\x`` as ``x`` for any punctuation ``x``), so no
  link, image, emphasis, code, heading, list, quote, table, directive (``:blue[…]``), math
  or autolink can start — a dot with a backslash before it ends a ``www.`` or e-mail
  autolink;
- Streamlit replaces emoji and icon shortcodes (``:smile:``, ``:material/x:``,
  ``:streamlit:``), ``http://…``, ``www.…`` and e-mail addresses (links) and arrows (``->``,
  ``<=``, ``--``) in the text *after* Markdown has removed the backslashes, so an invisible
  word joiner (U+2060) breaks each: after a colon followed by a letter, digit, ``+``, ``-``
  or ``/``, after an ``@`` followed by a domain, between ``www`` and its dot, and between the
  characters of an arrow;
- line breaks, tabs and other control characters become spaces: a value stays on its line.

The text reads the same to a person; only the Markdown source differs. ``plain`` undoes
``escape`` (for tests and for comparing what is shown with what was stored).

Pages compose Markdown from constant templates and escaped values only:
``tests/test_markup_convention.py`` checks every Markdown-bearing call in ``app_pages/``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd
from pandas.io.formats.style import Styler

# Every ASCII punctuation character Markdown, GFM or Streamlit's additions use.
_SPECIAL = frozenset("\\`*_{}[]()#+-.!|~<>$:&")
_JOINER = "\u2060"  # WORD JOINER: invisible, no line break, not a word character
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029\u0085]")
# Where Streamlit finds links, pictures or symbols in the text *after* parsing: after a colon
# that starts a shortcode or a scheme (``:smile:``, ``:+1:``, ``:material/…:``, ``http://``),
# after an at sign before a domain (``name@domain.org``), between ``www`` and its dot, and
# between the two characters of ``->``, ``<=``, ``--`` …. (Nowhere else: the joiner is
# invisible, but it is copied with the text.)
_BREAKS = re.compile(r"(?<=:)(?=[\w+\-/])|(?<=@)(?=[-\w])|(?<=www)(?=\.)|(?<=[-<>~=])(?=[-<>~=])",
                     re.IGNORECASE)


def escape(value: Any) -> str:
    """``value`` as Markdown that shows exactly its text (None as an empty string)."""
    if value is None:
        return ""
    text = _CONTROL.sub(" ", str(value))
    text = _BREAKS.sub(_JOINER, text)
    return "".join("\\" + char if char in _SPECIAL else char for char in text)


def code(value: Any) -> str:
    """``value`` in a code span (column names, ids), where Markdown interprets nothing:
    the fence is one backtick longer than any run of backticks inside; a space inside each
    end (which CommonMark removes again) keeps a backtick or a space at either end of the
    text from joining the fence or being trimmed."""
    text = _CONTROL.sub(" ", "" if value is None else str(value))
    text = text.replace(":", ":" + _JOINER)  # Streamlit rewrites ``:material/`` even in code
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    padded = text.startswith(("`", " ")) or text.endswith(("`", " ")) or not text.strip()
    return f"{fence} {text} {fence}" if padded else f"{fence}{text}{fence}"


def join(values: Iterable[Any], separator: str = ", ") -> str:
    """Escaped values joined by ``separator`` (a constant of the page, not escaped)."""
    return separator.join(escape(v) for v in values)


def bullets(values: Iterable[Any]) -> str:
    """A Markdown list of escaped lines."""
    return "\n".join(f"- {escape(v)}" for v in values)


def options(value: Any) -> str:
    """A ``format_func`` for widgets whose options are Markdown (radio, segmented control,
    pills, select slider): the option's text, escaped. (A selectbox's and a multiselect's
    options are plain text in Streamlit 1.67: escaping them would show the backslashes.)"""
    return escape(value)


def _cell(value: Any) -> Any:
    return escape(value) if isinstance(value, str) else value


def frame(data: pd.DataFrame | Styler | Mapping[str, Any]) -> pd.DataFrame | Styler:
    """A table for ``st.table`` (whose headers and cells are Markdown): every text cell,
    column name and index label escaped; numbers stay numbers. A styled table keeps its
    styles: its cells are escaped as displayed, and its labels must need no escaping."""
    if isinstance(data, Styler):
        labels = [*data.index, *data.columns]
        if any(_cell(label) != label for label in labels):
            raise ValueError("a styled table's row and column labels must be plain words")
        return data.format(_cell)
    table = pd.DataFrame(data) if not isinstance(data, pd.DataFrame) else data.copy()
    for column in table.columns:
        if not (pd.api.types.is_numeric_dtype(table[column]) or pd.api.types.is_bool_dtype(table[column])):
            table[column] = table[column].map(_cell)
    table.columns = pd.Index([_cell(c) for c in table.columns])
    table.index = pd.Index([_cell(i) for i in table.index], name=_cell(table.index.name))
    return table


_UNESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def plain(markdown: str) -> str:
    """What ``escape`` made back into the text (word joiners and backslashes removed)."""
    return _UNESCAPE.sub(r"\1", markdown.replace(_JOINER, ""))
