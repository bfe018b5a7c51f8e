"""docs/policies.md lists, per seed document, every clause encoded with a number and every one
without; keep the lists true to the catalogue (ids, clause, amount words, place and dates)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from techzone.awards.catalogue import load_catalogue

DOCS = Path(__file__).resolve().parents[2] / "docs" / "policies.md"
Row = tuple[str, str, str, str, str]


def _row(entry: dict[str, Any]) -> Row:
    effective = entry["effective"]
    return (
        entry["id"],
        entry["clause"]["ref"],
        entry["amount"]["text"],
        entry["jurisdiction"],
        f"{effective['from']}–{effective['to'] or ''}",
    )


def _stated(text: str) -> dict[tuple[str, bool], set[Row]]:
    """(source, has a number) → the rows the docs list under that document."""
    stated: dict[tuple[str, bool], set[Row]] = {}
    source, numbered = "", True
    for line in text.splitlines():
        if heading := re.match(r"^### `([^`]+)`", line):
            source = heading.group(1)
        elif line.startswith("| policy"):
            numbered = "金额未定" not in line
        elif row := re.match(r"^\| `([^`]+)` \| (.*) \| (.*) \| (.*) \| (.*) \|$", line):
            policy, clause, amount, where, dates = row.groups()
            stated.setdefault((source, numbered), set()).add((policy, clause, amount, where, dates))
    return stated


def test_the_clauses_per_document_in_the_docs_are_the_catalogue() -> None:
    listing = load_catalogue().listing()
    expected: dict[tuple[str, bool], set[Row]] = {}
    for entry in listing:
        key = (entry["source"], entry["amount"]["kind"] != "none")
        expected.setdefault(key, set()).add(_row(entry))
    text = DOCS.read_text(encoding="utf-8").split("## Clauses per document", 1)[1]
    assert _stated(text) == expected
    assert f"{len(listing)} clauses in all." in text


def test_a_changed_amount_would_be_caught() -> None:
    entry = next(iter(load_catalogue().listing()))
    text = DOCS.read_text(encoding="utf-8").split("## Clauses per document", 1)[1]
    changed = text.replace(f"| {entry['amount']['text']} |", "| 另一个金额 |", 1)
    assert changed != text
    assert _stated(changed) != _stated(text)
