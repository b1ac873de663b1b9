"""House rules that keep the project easy to see and change, checked on every run."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from dashboard.cli import build_parser
from dashboard.config import PROJECT_ROOT, QUERIES_DIR
from dashboard.store import sql

SQL_FILES = sorted(QUERIES_DIR.rglob("*.sql"))
PY_FILES = sorted((PROJECT_ROOT / "dashboard").rglob("*.py"))
TEMPLATE_DIR = QUERIES_DIR / sql.TEMPLATES
SQL_RUNNER = PROJECT_ROOT / "dashboard" / "store" / "sql.py"  # the one module that runs SQL


def _rel(path: Path) -> str:
    return path.relative_to(PROJECT_ROOT).as_posix()


def _code(path: Path) -> str:
    """A query's text without its comments and string literals."""
    return re.sub(r"--[^\n]*|'[^']*'", "", path.read_text(encoding="utf-8"))


# --- SQL files: one rule per test, each listing every file that breaks it ----------------


def test_every_query_starts_with_a_comment_stating_its_grain_or_purpose():
    offenders = [_rel(p) for p in SQL_FILES if not p.read_text(encoding="utf-8").startswith("--")]
    assert offenders == []


def test_every_query_holds_one_statement():
    offenders = [_rel(p) for p in SQL_FILES if ";" in _code(p).strip().rstrip(";")]
    assert offenders == []


def test_format_placeholders_appear_only_in_templates():
    placeholder = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")
    offenders = [_rel(p) for p in SQL_FILES
                 if not p.is_relative_to(TEMPLATE_DIR) and placeholder.search(_code(p))]
    assert offenders == []


def test_templates_use_only_placeholders_the_template_function_fills():
    """Every ``{name}`` of a template is an identifier the specs supply; values stay ``$bound``."""
    offenders = []
    for path in sorted(TEMPLATE_DIR.glob("*.sql")):
        used = set(re.findall(r"\{([^{}]*)\}", path.read_text(encoding="utf-8")))
        offenders += [f"{_rel(path)}: {{{name}}}" for name in sorted(used - set(sql.PLACEHOLDERS))]
    assert offenders == []
    assert sorted(TEMPLATE_DIR.glob("*.sql")), "the per-table statements are templates"


# --- Python: SQL is written in queries/ and run only through dashboard.store.sql ----------

# A statement (or a clause of one) in a Python string: SQL text belongs in queries/.
_SQL_TEXT = re.compile(r"""(?isx)
    ^\s*(
        select\b.*\bfrom\b | insert\s+(or\s+\w+\s+)?into\b | delete\s+from\b
      | update\s+\S+\s+(as\s+\w+\s+)?set\b
      | create\s+(or\s+replace\s+)?(temp(orary)?\s+)?(table|view|macro|sequence|index|schema)\b
      | drop\s+(table|view|macro|sequence|index|schema)\b | alter\s+table\b
      | with\s+\w+\s+as\s*\( | copy\s+\S+\s+(from|to)\b | (attach|detach)\s+\S | pragma\s+\w
      | from\s+\S+\s+(select|where)\b | (un)?pivot\s+\S+\s+on\b
    )
    | \bjoin\s+\S+\s+(as\s+\w+\s+)?on\b | \bwhere\s+\S+\s*(=|<>|!=|<|>|\bis\b|\bin\b)
    | \bgroup\s+by\s+\S | \border\s+by\s+\S
""")
_SQL_WORD = re.compile(r"^\s*(checkpoint|begin(\s+transaction)?|commit|rollback|vacuum|analyze"
                       r"|(install|load)\s+\w+)\s*;?\s*$")
# Calls that run SQL text, and relation methods that take SQL expressions as text.
_RUNS_SQL = {"execute", "executemany", "sql", "query", "query_df", "from_query"}
_TAKES_SQL_TEXT = {"aggregate", "filter", "project", "order", "sort", "having", "select"}


def _strings(tree: ast.AST) -> list[tuple[int, str]]:
    """Every string in a module but its docstrings; an f-string with ``{}`` for its fields."""
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
                  and node.body and isinstance(node.body[0], ast.Expr)
                  and isinstance(node.body[0].value, ast.Constant)}
    found, parts = [], set()
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            found.append((node.lineno, "".join(v.value if isinstance(v, ast.Constant) else "{}"
                                               for v in node.values)))
            parts |= {id(v) for v in node.values}
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                and id(node) not in docstrings | parts:
            found.append((node.lineno, node.value))
    return found


def _is_text(node: ast.AST) -> bool:
    return (isinstance(node, ast.Constant) and isinstance(node.value, str)) \
        or isinstance(node, ast.JoinedStr) \
        or (isinstance(node, ast.BinOp) and (_is_text(node.left) or _is_text(node.right))) \
        or (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("format", "format_map", "join") and _is_text(node.func.value))


def test_no_sql_is_built_with_f_strings():
    pattern = re.compile(r"f[\"'](\s*)(select|insert|delete|update|create|drop|alter)\b", re.I)
    offenders = [p.name for p in PY_FILES if pattern.search(p.read_text())]
    assert offenders == []


def test_python_holds_no_sql_text():
    """No f-string, ``format``, ``%`` or ``+`` can put a value into SQL: there is no SQL text in
    Python to put it into. Statements live in queries/, per-table ones in queries/templates/."""
    offenders = [f"{_rel(p)}:{line}: {text[:60]!r}" for p in PY_FILES
                 for line, text in _strings(ast.parse(p.read_text(encoding="utf-8")))
                 if _SQL_TEXT.search(text) or _SQL_WORD.match(text)]
    assert offenders == []


def test_sql_is_run_only_through_dashboard_store_sql():
    """Only ``dashboard.store.sql`` hands SQL to DuckDB: a named query, or a template whose
    names it took from the table specs. Everything else calls ``sql.execute`` / ``sql.template``
    (relations built from expressions, not SQL text, are fine)."""
    offenders = []
    for path in PY_FILES:
        if path == SQL_RUNNER:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            receiver = node.func.value
            through_sql = isinstance(receiver, ast.Name) and receiver.id == "sql"
            if node.func.attr in _RUNS_SQL and not through_sql:
                offenders.append(f"{_rel(path)}:{node.lineno}: .{node.func.attr}(...)")
            elif node.func.attr in _TAKES_SQL_TEXT and any(_is_text(a) for a in node.args):
                offenders.append(f"{_rel(path)}:{node.lineno}: .{node.func.attr}('...')")
    assert offenders == []


def test_only_the_ui_imports_streamlit():
    offenders = []
    for path in PY_FILES:
        rel = path.relative_to(PROJECT_ROOT).as_posix()
        if rel == "dashboard/app.py" or rel.startswith("dashboard/app_pages/"):
            continue
        if re.search(r"^\s*(import streamlit|from streamlit)", path.read_text(), re.M):
            offenders.append(rel)
    assert offenders == []


def test_readme_documents_every_cli_command():
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    parser = build_parser()
    action = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    missing = [name for name in action.choices if f"`{name}" not in readme]
    assert missing == []


def test_requirements_are_pinned():
    for name in ("requirements.txt", "requirements-dev.txt"):
        for line in (PROJECT_ROOT / name).read_text().splitlines():
            line = line.strip()
            if not line or line.startswith(("#", "-r", "-e")):
                continue
            assert "==" in line, f"{name}: {line} is not pinned"


def _module_imports() -> dict[str, set[str]]:
    """Each dashboard module -> the dashboard modules it imports (anywhere in its body)."""
    import ast

    modules: dict[str, Path] = {}
    for path in PY_FILES:
        name = path.relative_to(PROJECT_ROOT).with_suffix("").as_posix().replace("/", ".")
        modules[name.removesuffix(".__init__")] = path
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("dashboard"):
                for alias in node.names:
                    full = f"{node.module}.{alias.name}"
                    found.add(full if full in modules else node.module)
            elif isinstance(node, ast.Import):
                found |= {a.name for a in node.names if a.name.startswith("dashboard")}
        graph[name] = {dep for dep in found if dep in modules and dep != name}
    return graph


def _layer(module: str) -> str:
    parts = module.split(".")
    return ".".join(parts[:2]) if len(parts) > 1 else module


def _allowed_layers(package: str) -> set[str] | None:
    """What a package's docstring says it may import (None: anything)."""
    import importlib

    doc = importlib.import_module(package).__doc__ or ""
    match = re.search(r"^May import: (.+?)(?:\n\s*\n|\Z)", doc, re.M | re.S)
    assert match, f"{package}'s docstring says what it may import ('May import: ...')"
    text = " ".join(match.group(1).split())
    if text.startswith("any package"):
        return None
    return {name.strip(" .") for name in text.split(",")}


LAYERS = sorted({_layer(m) for m in _module_imports() if m.count(".") >= 1
                 and (PROJECT_ROOT / m.replace(".", "/")).is_dir()})


@pytest.mark.parametrize("package", LAYERS)
def test_each_package_imports_only_what_its_docstring_allows(package):
    allowed = _allowed_layers(package)
    graph = _module_imports()
    offenders = []
    for module, deps in graph.items():
        if _layer(module) != package:
            continue
        for dep in deps:
            layer = _layer(dep)
            if layer in (package, "dashboard", "dashboard.config") or (
                    allowed is None and layer != "dashboard.app_pages"):
                continue
            if allowed is not None and layer in allowed:
                continue
            if package == "dashboard.app_pages":
                continue
            offenders.append(f"{module} imports {dep}")
    assert offenders == []


def test_no_import_cycle():
    graph = _module_imports()
    state: dict[str, int] = {}
    cycle: list[str] = []

    def visit(node: str, path: list[str]) -> bool:
        state[node] = 1
        for dep in sorted(graph[node]):
            if state.get(dep) == 1:
                cycle.extend(path[path.index(dep):] + [node, dep] if dep in path else [node, dep])
                return True
            if dep not in state and visit(dep, path + [node]):
                return True
        state[node] = 2
        return False

    for start in sorted(graph):
        if start not in state and visit(start, []):
            break
    assert cycle == [], " -> ".join(cycle)
