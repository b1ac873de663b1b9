"""The pages compose Markdown only from constants and escaped values (``dashboard.present.markup``).

Streamlit renders Markdown in text elements, alerts, widget labels and help, metric values,
expander and tab labels, the options of radios, segmented controls and select sliders, and
every cell of ``st.table`` (the list is in ``markup``'s docstring and was checked in
Chromium). A value from an upload that reaches one of those unescaped can become a link or an
image that each viewer's browser fetches. This test reads every page's source and fails on
any Markdown-bearing argument it cannot prove safe, naming the file and line.

An argument is safe when it is built only from:

- literals; UPPER_CASE names and what is looked up in them (the project's constants:
  ``KINDS[k].label``, ``CHOICE_LABELS.get``); numbers and dates formatted with a numeric
  format spec (``{n:,}``, ``{k:d}``, ``{x:.1f}``, ``{day:%-d %b %Y}``: text would raise);
- calls of ``markup.*`` (``escape``, ``code``, ``join``, ``bullets``, ``frame``, ``options``)
  and of the number and month formatters (``month_label``, ``percent``, ``money`` …);
- ``+``, ``and``/``or``, ``x if c else y``, ``sep.join(…)`` of safe parts, and string
  methods of safe values;
- a local variable whose every assignment is safe, a function parameter whose argument is
  safe at every call in the pages, and a page's own helper whose every ``return`` is safe.

Selectbox and multiselect options and input placeholders are plain text in Streamlit 1.67
(escaping them would show backslashes), and ``st.dataframe`` draws text on a canvas: those
are not checked here.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from dashboard.config import PROJECT_ROOT

PAGES = sorted((PROJECT_ROOT / "dashboard" / "app_pages").glob("*.py")) + [
    PROJECT_ROOT / "dashboard" / "app.py"]

# What of each call is Markdown: positions and keywords.
BODY = {"markdown", "caption", "info", "warning", "error", "success", "toast", "title", "header",
        "subheader", "write", "badge"}
LABELLED = {"button", "download_button", "link_button", "checkbox", "toggle", "radio",
            "selectbox", "multiselect", "select_slider", "slider", "segmented_control", "pills",
            "text_input", "text_area", "number_input", "date_input", "time_input",
            "file_uploader", "color_picker", "camera_input", "form_submit_button", "expander",
            "popover", "status", "spinner", "data_editor_label"}
MARKDOWN_OPTIONS = {"radio", "segmented_control", "pills", "select_slider"}
SAFE_FORMATTERS = {"month_label", "number", "percent", "money", "metric_value", "delta",
                   "suppressed_text", "len", "int", "float", "round", "abs"}
STRING_METHODS = {"lower", "upper", "capitalize", "title", "strip", "rstrip", "lstrip",
                  "removeprefix", "removesuffix", "replace", "format"}
_STRING_SPEC = re.compile(r"^(.?[<>^])?\d*(\.\d+)?s?$")  # what str.__format__ accepts
_CONSTANT = re.compile(r"^_?[A-Z][A-Z0-9_]*$")


@dataclass
class Problem:
    path: Path
    line: int
    what: str

    def __str__(self) -> str:
        return f"{self.path.relative_to(PROJECT_ROOT)}:{self.line}: {self.what}"


@dataclass
class Pages:
    """Every page's syntax tree, with parents, functions and calls indexed."""

    trees: dict[Path, ast.Module]
    parents: dict[ast.AST, ast.AST] = field(default_factory=dict)
    functions: dict[str, list[ast.FunctionDef]] = field(default_factory=dict)
    calls: dict[str, list[ast.Call]] = field(default_factory=dict)
    file_of: dict[ast.AST, Path] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for path, tree in self.trees.items():
            for node in ast.walk(tree):
                for child in ast.iter_child_nodes(node):
                    self.parents[child] = node
                self.file_of[node] = path
                if isinstance(node, ast.FunctionDef):
                    self.functions.setdefault(node.name, []).append(node)
                if isinstance(node, ast.Call):
                    name = _called_name(node)
                    if name:
                        self.calls.setdefault(name, []).append(node)

    def scope(self, node: ast.AST) -> ast.AST:
        """The function, lambda or module ``node`` is evaluated in."""
        current = self.parents.get(node)
        while current is not None and not isinstance(current, (ast.FunctionDef, ast.Lambda, ast.Module)):
            current = self.parents.get(current)
        return current if current is not None else node

    def loop_source(self, node: ast.Name) -> ast.AST | None:
        """For a comprehension's variable, what it loops over."""
        current = self.parents.get(node)
        while current is not None and not isinstance(current, (ast.FunctionDef, ast.Lambda, ast.Module)):
            if isinstance(current, (ast.GeneratorExp, ast.ListComp, ast.SetComp, ast.DictComp)):
                for generator in current.generators:
                    if node.id in _targets(generator.target):
                        return generator.iter
            current = self.parents.get(current)
        return None


def _called_name(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


def _root(node: ast.AST) -> ast.AST:
    while isinstance(node, (ast.Attribute, ast.Subscript, ast.Call)):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node


def _is_markup(func: ast.AST) -> bool:
    return (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)
            and func.value.id == "markup")


class Safety:
    """Decides whether an expression can only produce text that is not user data."""

    def __init__(self, pages: Pages) -> None:
        self.pages = pages
        self.busy: set[tuple[int, str]] = set()

    def safe(self, node: ast.AST | None) -> bool:  # noqa: PLR0911, PLR0912 - one rule per node type
        if node is None:
            return True
        if isinstance(node, ast.Constant):
            return True
        if isinstance(node, ast.JoinedStr):
            return all(self._part(part) for part in node.values)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            return self.safe(node.left) and self.safe(node.right)
        if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Sub, ast.Div, ast.FloorDiv, ast.Pow)):
            return True  # arithmetic: a number (text would raise)
        if isinstance(node, ast.IfExp):
            return self.safe(node.body) and self.safe(node.orelse)
        if isinstance(node, ast.BoolOp):
            return all(self.safe(v) for v in node.values)
        if isinstance(node, (ast.List, ast.Tuple)):
            return all(self.safe(e) for e in node.elts)
        if isinstance(node, ast.Name):
            return self._name(node)
        if isinstance(node, (ast.Attribute, ast.Subscript)):
            root = _root(node)
            last = node.attr if isinstance(node, ast.Attribute) else ""
            return (isinstance(root, ast.Name) and bool(_CONSTANT.match(root.id))) or bool(
                _CONSTANT.match(last))
        if isinstance(node, ast.Call):
            return self._call(node)
        if isinstance(node, (ast.GeneratorExp, ast.ListComp)):
            return self.safe(node.elt)
        return False

    def _part(self, part: ast.AST) -> bool:
        if not isinstance(part, ast.FormattedValue):
            return True
        spec = part.format_spec
        if isinstance(spec, ast.JoinedStr) and all(isinstance(v, ast.Constant) for v in spec.values):
            text = "".join(str(v.value) for v in spec.values)  # type: ignore[attr-defined]
            if not _STRING_SPEC.match(text):
                return True  # a number or date format: text would raise
        return self.safe(part.value)

    def _call(self, node: ast.Call) -> bool:
        func = node.func
        if _is_markup(func):
            return True
        if isinstance(func, ast.Name) and func.id in SAFE_FORMATTERS:
            return True
        if isinstance(func, ast.Attribute):
            if func.attr == "join":
                return self.safe(func.value) and all(self.safe(a) for a in node.args)
            if func.attr == "get" and self.safe(func.value):
                return all(self.safe(a) for a in node.args)
            if func.attr in STRING_METHODS:
                return self.safe(func.value) and all(self.safe(a) for a in node.args)
            if isinstance(_root(func), ast.Name) and _CONSTANT.match(_root(func).id):  # type: ignore[attr-defined]
                return True
        name = _called_name(node)
        helpers = self.pages.functions.get(name or "", [])
        if helpers:
            return all(self._returns_safe(h) for h in helpers)
        return False

    def _returns_safe(self, function: ast.FunctionDef) -> bool:
        key = (id(function), "<return>")
        if key in self.busy:
            return False
        self.busy.add(key)
        try:
            returns = [n for n in ast.walk(function) if isinstance(n, ast.Return)
                       and self.pages.scope(n) is function]
            return bool(returns) and all(self.safe(r.value) for r in returns)
        finally:
            self.busy.discard(key)

    def _name(self, node: ast.Name) -> bool:
        if _CONSTANT.match(node.id):
            return True
        source = self.pages.loop_source(node)
        if source is not None:
            return self.safe(source)  # a loop over constants gives constants
        scope = self.pages.scope(node)
        key = (id(scope), node.id)
        if key in self.busy:
            return False
        self.busy.add(key)
        try:
            if isinstance(scope, ast.Lambda):
                if node.id in {a.arg for a in scope.args.args}:
                    return False  # a lambda's argument (a widget's option): data
                return self._name_in(self.pages.scope(scope), node)
            return self._name_in(scope, node)
        finally:
            self.busy.discard(key)

    def _name_in(self, scope: ast.AST, node: ast.Name) -> bool:
        if isinstance(scope, ast.FunctionDef):
            params = [a.arg for a in (*scope.args.posonlyargs, *scope.args.args, *scope.args.kwonlyargs)]
            if node.id in params:
                return self._parameter(scope, node.id)
        assigned = []
        for child in ast.walk(scope):
            if child is not scope and isinstance(child, (ast.FunctionDef, ast.Lambda)):
                continue
            if self.pages.scope(child) is not scope:
                continue
            if isinstance(child, ast.Assign):
                for target in child.targets:
                    if isinstance(target, ast.Name) and target.id == node.id:
                        assigned.append(child.value)
                    elif node.id in _targets(target):
                        return False  # unpacked: no single expression to judge
            elif isinstance(child, (ast.AnnAssign, ast.AugAssign, ast.NamedExpr)) and \
                    isinstance(child.target, ast.Name) and child.target.id == node.id:
                if isinstance(child, ast.AugAssign):
                    assigned.append(child.value)
                else:
                    assigned.append(child.value)
            elif isinstance(child, ast.For) and node.id in _targets(child.target):
                assigned.append(child.iter)  # a loop over constants gives constants
            elif isinstance(child, ast.With) and any(
                    node.id in _targets(i.optional_vars) for i in child.items if i.optional_vars):
                return False
        if not assigned and isinstance(scope, (ast.FunctionDef, ast.Lambda)):
            return self._name_in(self.pages.scope(scope), node)  # a closure's variable
        return bool(assigned) and all(self.safe(v) for v in assigned)

    def _parameter(self, function: ast.FunctionDef, name: str) -> bool:
        """Safe when every call in the pages passes a safe value (or leaves a safe default)."""
        args = function.args
        positional = [a.arg for a in (*args.posonlyargs, *args.args)]
        defaults = dict(zip(positional[len(positional) - len(args.defaults):], args.defaults, strict=True))
        defaults.update({a.arg: d for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=True) if d})
        calls = [c for c in self.pages.calls.get(function.name, [])
                 if not (isinstance(c.func, ast.Attribute) and _is_streamlit_like(c.func))]
        if not calls:
            return False
        for call in calls:
            value: ast.AST | None = next((k.value for k in call.keywords if k.arg == name), None)
            if value is None and name in positional:
                index = positional.index(name)
                if index < len(call.args):
                    value = call.args[index]
            if value is None:
                if name not in defaults or not self.safe(defaults[name]):
                    return False
            elif not self.safe(value):
                return False
        return True


def _is_streamlit_like(func: ast.Attribute) -> bool:
    return isinstance(func.value, ast.Name) and func.value.id == "st"


def _targets(target: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(target) if isinstance(n, ast.Name)}


def _argument(call: ast.Call, position: int | None, keyword: str) -> ast.AST | None:
    found = next((k.value for k in call.keywords if k.arg == keyword), None)
    if found is None and position is not None and position < len(call.args):
        return call.args[position]
    return found


def markdown_arguments(call: ast.Call) -> list[tuple[str, ast.AST]]:
    """The Markdown-bearing arguments of one Streamlit call (empty for anything else)."""
    if not isinstance(call.func, ast.Attribute) or not (call.args or call.keywords):
        return []
    kind = call.func.attr
    wanted: list[tuple[str, ast.AST | None]] = []
    if kind in BODY:
        wanted.append(("body", _argument(call, 0, "body")))
    elif kind in LABELLED:
        wanted.append(("label", _argument(call, 0, "label")))
    elif kind == "metric":
        wanted += [("label", _argument(call, 0, "label")), ("value", _argument(call, 1, "value")),
                   ("delta", _argument(call, 2, "delta"))]
    elif kind == "page_link":
        wanted.append(("label", _argument(call, None, "label")))
    elif kind == "progress":
        wanted.append(("text", _argument(call, 1, "text")))
    elif kind == "tabs":
        wanted.append(("tabs", _argument(call, 0, "tabs")))
    else:
        return []
    if kind in BODY | LABELLED | {"metric", "page_link"}:
        wanted.append(("help", _argument(call, None, "help")))
    if kind == "radio":
        wanted.append(("captions", _argument(call, None, "captions")))
    return [(what, node) for what, node in wanted if node is not None]


def problems() -> list[Problem]:
    trees = {path: ast.parse(path.read_text(encoding="utf-8"), str(path)) for path in PAGES}
    pages = Pages(trees)
    safety = Safety(pages)
    found = []
    for path, tree in trees.items():
        for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call)):
            for what, node in markdown_arguments(call):
                if not safety.safe(node):
                    found.append(Problem(path, node.lineno, f"{call.func.attr}() {what} "  # type: ignore[attr-defined]
                                         f"{ast.unparse(node)[:70]!r} is not escaped"))
            if not isinstance(call.func, ast.Attribute):
                continue
            kind = call.func.attr
            if kind == "table" and isinstance(call.func.value, ast.Name) and call.func.value.id == "st":
                data = _argument(call, 0, "data")
                if not (isinstance(data, ast.Call) and _is_markup(data.func)):
                    found.append(Problem(path, call.lineno, "st.table() needs markup.frame(...): "
                                         "its cells and headers are Markdown"))
            if kind in MARKDOWN_OPTIONS and call.args:
                formatter = _argument(call, None, "format_func")
                if formatter is None:
                    options = _argument(call, 1, "options")
                    if not safety.safe(options):
                        found.append(Problem(path, call.lineno, f"{kind}() options are Markdown: "
                                             "give format_func=markup.options"))
                elif not _safe_formatter(formatter, safety):
                    found.append(Problem(path, call.lineno, f"{kind}() format_func "
                                         f"{ast.unparse(formatter)!r} does not escape"))
    return found


def _safe_formatter(node: ast.AST, safety: Safety) -> bool:
    if _is_markup(node):
        return True
    if isinstance(node, ast.Name) and node.id in SAFE_FORMATTERS:
        return True
    if isinstance(node, ast.Attribute) and node.attr == "get":
        return safety.safe(node.value)
    if isinstance(node, ast.Lambda):
        return safety.safe(node.body)
    return False


def test_every_markdown_argument_in_the_pages_is_a_constant_or_escaped() -> None:
    found = problems()
    assert not found, "Markdown from values that are not escaped:\n" + "\n".join(map(str, found))


# --- the checker itself catches what it should ----------------------------------------------


def _check(source: str) -> list[str]:
    tree = ast.parse(source)
    pages = Pages({PAGES[0]: tree})
    safety = Safety(pages)
    return [ast.unparse(node) for call in ast.walk(tree) if isinstance(call, ast.Call)
            for _what, node in markdown_arguments(call) if not safety.safe(node)]


@pytest.mark.parametrize("source", [
    "st.caption(f'{cohort} is done')",
    "st.markdown('**' + name + '**')",
    "left.button(f'Add to {cohort}')",
    "st.metric(card.label, card.value)",
    "st.expander(headline(item))",
    "st.error(str(exc))",
    "st.caption(', '.join(names))",
    "st.info(text, icon='x')\ntext = row.name",
    "def f(x):\n    st.caption(x)\nf(row.name)",
    "st.tabs([cohort, 'b'])",
    "st.caption(f'{name!r}')",
    "st.caption(f'{name:>10}')",
])
def test_the_checker_flags_values_that_are_not_escaped(source: str) -> None:
    assert _check(source), source


@pytest.mark.parametrize("source", [
    "st.caption('constant')",
    "st.caption(f'{n:,} rows, {k:d} people, {x:.1f}%, {day:%-d %b %Y}')",
    "st.caption(f'{markup.escape(cohort)} is done')",
    "st.markdown('**' + markup.escape(name) + '**')",
    "st.caption(', '.join(markup.escape(n) for n in names))",
    "st.caption(KINDS[kind].label + month_label(period))",
    "text = 'a' if x else markup.escape(y)\nst.info(text)",
    "def f(x):\n    st.caption(x)\nf('constant')\nf(markup.escape(v))",
    "st.metric(markup.escape(card.label), percent(v), help=METHOD)",
])
def test_the_checker_accepts_constants_and_escaped_values(source: str) -> None:
    assert _check(source) == [], source
