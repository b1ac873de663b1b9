"""README.md says what the code does: its layout section is the tree, its KPI formulas are the
registry's. Read both and compare, so neither drifts from the other."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

from dashboard.config import PROJECT_ROOT

README = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
_NAME = re.compile(r"^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*(/|\.py|\.toml|\.csv)$")


def _section(title: str) -> str:
    start = README.index(f"\n## {title}\n")
    end = README.find("\n## ", start + 1)
    return README[start:end if end > 0 else None]


def _layout_block() -> list[str]:
    section = _section("Project layout")
    return section.split("```\n", 2)[1].split("```", 1)[0].splitlines()


def _listed() -> dict[str, str]:
    """Every path the layout lists (relative to the project root) -> its line."""
    listed: dict[str, str] = {}
    parents: list[tuple[int, str]] = []
    for line in _layout_block():
        indent = len(line) - len(line.lstrip())
        lead = re.split(r"\s{2,}", line.strip(), maxsplit=1)[0]
        names = [name.strip() for name in lead.split(",") if name.strip()]
        if not lead or not all(_NAME.match(name) for name in names):
            continue  # a description continued on the next line
        while parents and parents[-1][0] >= indent:
            parents.pop()
        base = parents[-1][1] if parents else ""
        for name in names:
            listed[base + name] = line
        if len(names) == 1 and names[0].endswith("/"):
            parents.append((indent, base + names[0]))
    return listed


def test_every_listed_path_exists():
    missing = [path for path in _listed() if not (PROJECT_ROOT / path).exists()]
    assert missing == []


def test_every_package_and_query_folder_is_listed():
    listed = _listed()
    packages = sorted(p.parent.relative_to(PROJECT_ROOT).as_posix() + "/"
                      for p in (PROJECT_ROOT / "dashboard").rglob("__init__.py"))
    folders = sorted(p.relative_to(PROJECT_ROOT).as_posix() + "/"
                     for p in (PROJECT_ROOT / "queries").iterdir() if p.is_dir())
    assert [path for path in packages + folders if path not in listed] == []


@pytest.mark.parametrize("package", ["store", "ingest", "kpi", "present"])
def test_every_module_of_the_core_packages_is_listed(package):
    listed = _listed()
    modules = sorted(p.relative_to(PROJECT_ROOT).as_posix()
                     for p in (PROJECT_ROOT / "dashboard" / package).glob("*.py")
                     if p.name != "__init__.py")
    assert [m for m in modules if m not in listed] == []


def _readme_may_import(package: str) -> set[str] | None:
    lines = _layout_block()
    for index, line in enumerate(lines):
        if line.strip().startswith(f"{package}/") and "may import:" in line:
            text = line.split("may import:", 1)[1].strip()
            while text.endswith(","):
                index += 1
                text += " " + lines[index].strip()
            return {f"dashboard.{name.strip()}" for name in text.split(",")}
    return None


@pytest.mark.parametrize("package", ["store", "ingest", "kpi", "present", "plan", "report"])
def test_the_layout_says_what_each_package_may_import_as_its_docstring_does(package):
    doc = importlib.import_module(f"dashboard.{package}").__doc__ or ""
    match = re.search(r"^May import: (.+?)(?:\n\s*\n|\Z)", doc, re.M | re.S)
    assert match
    declared = {name.strip(" .") for name in " ".join(match.group(1).split()).split(",")}
    assert _readme_may_import(package) == declared


def test_the_layout_parser_reads_nested_paths():
    # guards the parser itself: a nested module and a root file are found where they are
    listed = _listed()
    assert "dashboard/store/db.py" in listed
    assert "data/targets.csv" in listed
    assert Path("dashboard/present/charts/").as_posix() + "/" in listed


def test_the_kpi_definitions_are_the_registrys():
    from dashboard.kpi.registry import definitions_markdown

    block = README.split("<!-- kpi-definitions: generated from dashboard/kpi/registry.py -->\n",
                         1)[1].split("<!-- /kpi-definitions -->", 1)[0]
    assert block == definitions_markdown()


def test_the_cli_prints_the_same_definitions(capsys):
    from dashboard.cli import main
    from dashboard.kpi.registry import METRICS, definitions_markdown

    assert main(["kpi", "--definitions"]) == 0
    printed = capsys.readouterr().out
    assert printed.rstrip("\n") == definitions_markdown().rstrip("\n")
    assert all(m.formula in printed for m in METRICS.values())
