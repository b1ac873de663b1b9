"""House rules that keep the project easy to see and change, checked on every run."""

from __future__ import annotations

import re

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
