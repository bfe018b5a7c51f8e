"""The shared documents stay true to the code: every declared dependency has its reason in
docs/architecture.md, every migration is in its store row, and every command is in README.md."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import typer

from techzone.cli.main import app

ROOT = Path(__file__).resolve().parents[1]
ARCHITECTURE = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _declared() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    specs = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        specs.extend(extra)
    return {re.split(r"[\[<>=!~ ;]", spec, maxsplit=1)[0].lower() for spec in specs}


def _section(text: str, heading: str) -> str:
    start = text.index(heading)
    end = text.find("\n## ", start + len(heading))
    return text[start : end if end >= 0 else None]


def test_every_dependency_has_its_reason_in_the_architecture() -> None:
    table = _section(ARCHITECTURE, "## Dependencies and why").lower()
    missing = sorted(name for name in _declared() if name not in table)
    assert missing == []


def test_the_dependency_check_would_see_a_missing_name() -> None:
    table = _section(ARCHITECTURE, "## Dependencies and why").lower()
    assert "no-such-library" not in table
    assert "fastapi" in table


def test_every_migration_is_in_the_store_row() -> None:
    versions = ROOT / "src" / "techzone" / "store" / "migrations" / "versions"
    revisions = sorted(path.stem for path in versions.glob("0*.py"))
    assert revisions, "no migrations found"
    store_row = next(line for line in ARCHITECTURE.splitlines() if line.startswith("| `store/` |"))
    # The first four are named as a range ("0001 … 0004"); every later one by its revision id.
    missing = [name for name in revisions[4:] if name not in store_row]
    assert missing == []


def test_every_command_is_in_the_readme() -> None:
    group = typer.main.get_group(app)
    names = sorted(group.commands)
    assert "serve" in names
    missing = [name for name in names if f"`techzone {name}" not in README]
    assert missing == []
