"""Precision and recall against reward clauses labelled by hand (``labels/``, one file each).

A predicted clause *finds* a label when their spans overlap (each label is found at most once);
its *amount is right* when amount, cap and rate all equal the label's, its *kind is right* when
the kinds are equal. Precision divides by the clauses predicted, recall by the clauses labelled;
a document with neither scores 1. ``docs/extraction.md`` reports these numbers; the floors below
are those numbers, so a change that makes extraction worse fails here.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from techzone.extract import Clause, extract_text

LABELS = Path(__file__).parent / "labels"
REPOSITORY = Path(__file__).resolve().parents[2]
# A worktree outside the repository's folder names shared/ with TECHZONE_SHARED.
SHARED = Path(os.environ.get("TECHZONE_SHARED", REPOSITORY.parent / "shared"))

# document → floors of (found, amount right, kind right), each as (precision, recall).
# The seeds and the Baiyin opening are what the rules were written from; heldout and heldout2
# were held out until their first run (docs/extraction.md gives those first scores) and then
# fixed; heldout3 was left as it first ran until its two failure classes (a ceiling after a
# semicolon, tiers joined by 和) were fixed for issue #16 (first scores in docs/extraction.md).
FLOORS: dict[str, tuple[tuple[float, float], ...]] = {
    "000": ((1.0, 1.0), (1.0, 1.0), (1.0, 1.0)),
    "001": ((1.0, 1.0), (1.0, 1.0), (1.0, 1.0)),
    "002": ((1.0, 1.0), (1.0, 1.0), (1.0, 1.0)),
    "003": ((1.0, 1.0), (1.0, 1.0), (1.0, 1.0)),
    "004": ((1.0, 1.0), (1.0, 1.0), (1.0, 1.0)),
    "baiyin": ((1.0, 1.0), (1.0, 1.0), (1.0, 1.0)),
    "heldout": ((1.0, 1.0), (1.0, 1.0), (1.0, 1.0)),
    "heldout2": ((1.0, 1.0), (1.0, 1.0), (1.0, 1.0)),
    "heldout3": ((1.0, 1.0), (1.0, 1.0), (1.0, 1.0)),
}
MEASURES = ("found", "amount", "kind")


@dataclass(frozen=True)
class Score:
    predicted: int
    labelled: int
    found: int
    amount: int
    kind: int
    grade: int

    def precision(self, measure: str) -> float:
        hits: int = getattr(self, measure)
        return hits / self.predicted if self.predicted else 1.0

    def recall(self, measure: str) -> float:
        hits: int = getattr(self, measure)
        return hits / self.labelled if self.labelled else 1.0


def load(name: str) -> tuple[str, list[dict[str, Any]]]:
    data = yaml.safe_load((LABELS / f"{name}.yaml").read_text(encoding="utf-8"))
    source = Path(data["source"])
    root = REPOSITORY if source.parts[0] == "tests" else SHARED
    if not (root / source).exists():
        pytest.skip(f"{source} is not beside the repository")
    return (root / source).read_text(encoding="utf-8"), data["clauses"]


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _overlap(clause: Clause, label: dict[str, Any]) -> int:
    start, end = (int(bound) for bound in label["span"])
    return min(clause.span[1], end) - max(clause.span[0], start)


def score(predicted: list[Clause], labels: list[dict[str, Any]]) -> Score:
    pairs: list[tuple[Clause, dict[str, Any]]] = []
    free = list(labels)
    for clause in predicted:
        best = max(free, key=lambda label: _overlap(clause, label), default=None)
        if best is not None and _overlap(clause, best) > 0:
            pairs.append((clause, best))
            free.remove(best)
    amount = sum(
        (c.amount_yuan, c.cap_yuan, c.rate)
        == (_decimal(la["amount_yuan"]), _decimal(la["cap_yuan"]), _decimal(la["rate"]))
        for c, la in pairs
    )
    kind = sum(c.kind == la["kind"] for c, la in pairs)
    grade = sum(c.grade == la["grade"] for c, la in pairs if la["kind"] == "tiered")
    return Score(len(predicted), len(labels), len(pairs), amount, kind, grade)


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_labels_quote_the_text_they_point_at(name: str) -> None:
    text, labels = load(name)
    for label in labels:
        start, end = label["span"]
        assert text[start:end] == label["amount_text"]


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_precision_and_recall_are_at_least_the_reported(name: str) -> None:
    text, labels = load(name)
    result = score(extract_text(text), labels)
    for measure, (precision, recall) in zip(MEASURES, FLOORS[name], strict=True):
        assert result.precision(measure) >= precision, (measure, result)
        assert result.recall(measure) >= recall, (measure, result)


def test_tiers_carry_their_grades() -> None:
    text, labels = load("baiyin")
    result = score(extract_text(text), labels)
    assert result.grade == sum(label["kind"] == "tiered" for label in labels)
