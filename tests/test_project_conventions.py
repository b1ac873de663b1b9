"""House rules that keep the project easy to see and change, checked on every run."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dashboard.cli import build_parser
from dashboard.config import PROJECT_ROOT, QUERIES_DIR

SQL_FILES = sorted(QUERIES_DIR.rglob("*.sql"))
PY_FILES = sorted((PROJECT_ROOT / "dashboard").rglob("*.py"))


@pytest.mark.parametrize("path", SQL_FILES, ids=lambda p: str(p.relative_to(QUERIES_DIR)))
def test_every_query_starts_with_a_comment_and_holds_one_statement(path):
    text = path.read_text(encoding="utf-8")
    assert text.startswith("--"), "start with a comment stating the grain or purpose"
    code = re.sub(r"--[^\n]*|'[^']*'", "", text)
    assert ";" not in code.strip().rstrip(";"), "one statement per file"
    assert not re.search(r"\{[A-Za-z_][A-Za-z0-9_]*\}", code), "no format placeholders"


def test_only_the_ui_imports_streamlit():
    offenders = []
    for path in PY_FILES:
        rel = path.relative_to(PROJECT_ROOT).as_posix()
        if rel == "dashboard/app.py" or rel.startswith("dashboard/app_pages/"):
            continue
        if re.search(r"^\s*(import streamlit|from streamlit)", path.read_text(), re.M):
            offenders.append(rel)
    assert offenders == []


def test_no_sql_is_built_with_f_strings():
    pattern = re.compile(r"f[\"'](\s*)(select|insert|delete|update|create|drop|alter)\b", re.I)
    offenders = [p.name for p in PY_FILES if pattern.search(p.read_text())]
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
            if layer in (package, "dashboard", "dashboard.config") or (allowed is None and layer != "dashboard.app_pages"):
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
