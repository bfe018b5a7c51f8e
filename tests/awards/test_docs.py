"""docs/policies.md states how many clauses each seed document contributes; keep it true."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from techzone.awards.catalogue import load_catalogue

DOCS = Path(__file__).resolve().parents[2] / "docs" / "policies.md"


def test_the_count_per_document_in_the_docs_matches_the_catalogue() -> None:
    counts = Counter(entry["source"] for entry in load_catalogue().listing())
    table = DOCS.read_text(encoding="utf-8").split("## Clauses per document", 1)[1]
    stated = {
        source: int(count)
        for source, count in re.findall(r"^\| `([^`]+)` \| .* \| (\d+) \|$", table, re.M)
    }
    assert stated == dict(counts)
