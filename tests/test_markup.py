"""``dashboard.present.markup``: any text becomes Markdown that shows exactly that text.

What Streamlit's renderer makes of the result is checked in Chromium
(``tests/e2e/test_escaping.py``); here, that every character Markdown or Streamlit could read
as syntax is escaped or broken up, and that nothing of the text is lost.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashboard.present import markup
from dashboard.present.markup import bullets, code, escape, frame, join, plain

SPECIAL = "\\`*_{}[]()#+-.!|~<>$:&"
JOINER = "\u2060"


def unescaped_specials(markdown: str) -> str:
    """The special characters of ``markdown`` that no backslash escapes."""
    return "".join(c for c in re.sub(r"\\.", "", markdown) if c in SPECIAL)


@given(st.text())
def test_escaped_text_reads_back_as_typed_and_leaves_no_syntax(text):
    shown = escape(text)
    assert unescaped_specials(shown) == ""
    assert plain(shown) == re.sub(r"[\x00-\x1f\x7f\u2028\u2029\u0085]", " ", text)
    assert "\n" not in shown and "\r" not in shown


@pytest.mark.parametrize(("text", "pattern"), [
    (":smile:", r":[\w-]+:"),  # emoji shortcodes, replaced after parsing
    (":material/home:", r":material[/_]"),
    (":streamlit:", r":streamlit:"),
    ("www.attacker.test", r"www\.|www\\\."),  # GFM's www autolink
    ("dee@attacker.test", r"@[\w-]"),  # GFM's e-mail autolink
    ("http://attacker.test", r"https?://|https?\\:/"),
    ("a -> b <- c <-> d -- e >= f <= g ~= h", r"(->|<-|--|>=|<=|~=)"),
])
def test_what_streamlit_rewrites_after_parsing_is_broken_up(text, pattern):
    shown = escape(text)
    assert not re.search(pattern, shown.replace("\\", "")), shown
    assert plain(shown) == text


def test_escape_of_none_and_numbers():
    assert escape(None) == ""
    assert escape(3) == "3"
    assert escape(2.5) == "2\\.5"


def test_a_code_span_holds_any_text():
    assert code("q2_favorite") == "`q2_favorite`"
    assert code("a`b") == "``a`b``"
    assert code("`x`") == "`` `x` ``"
    assert code(" padded ") == "`  padded  `"
    assert code("") == "`  `"
    assert code("see :material/home:") == f"`see :{JOINER}material/home:{JOINER}`"
    assert "\n" not in code("two\nlines")


def test_joins_and_lists_escape_each_item():
    assert join(["a*", "b_"]) == "a\\*, b\\_"
    assert join(["x", "y"], " · ") == "x · y"
    assert bullets(["# one", "two"]) == "- \\# one\n- two"


def test_a_table_for_st_table_has_every_text_escaped_and_numbers_kept():
    shown = frame(pd.DataFrame({"name [x]": ["![i](http://a.test/i.png)", None], "n": [1, 2]},
                               index=pd.Index(["r.1", "r2"], name="row_id")))
    assert list(shown.columns) == ["name \\[x\\]", "n"]
    assert list(shown.index) == ["r\\.1", "r2"] and shown.index.name == "row\\_id"
    assert shown.iloc[0, 0] == escape("![i](http://a.test/i.png)")
    assert pd.isna(shown.iloc[1, 0]) and shown["n"].tolist() == [1, 2]
    assert frame({"a": ["<b>"]}).iloc[0, 0] == "\\<b\\>"


def test_a_styled_table_keeps_its_styles_and_escapes_its_cells():
    data = pd.DataFrame({"Pulse": ["[a](b)", "ok"]}, index=["Mar 2026", "Apr 2026"])
    styled = data.style.apply(lambda f: pd.DataFrame("color: red", index=f.index, columns=f.columns),
                              axis=None)
    shown = frame(styled)
    html = shown.to_html()
    assert escape("[a](b)") in html and "color: red" in html
    with pytest.raises(ValueError, match="plain words"):
        frame(pd.DataFrame({"a.b": [1]}).style)


def test_options_formatter_escapes():
    assert markup.options("-2+3") == "\\-2\\+3"
