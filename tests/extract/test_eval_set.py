"""The evaluation set of public pages (tests/extract/eval): its labels hold, and the development
part does not fall below what was measured. The held-back part is only located here, never
scored: its figures are reported in docs/extraction.md, not used to steer the extractor.
"""

from __future__ import annotations

import pytest
import yaml
from benchmarks.extraction_eval import EVAL, TEXTS, load, measures, score

# Measured on the development part (40 pages, 275 labelled clauses: the 36 of the
# sixth session, the 耀州区, 海南, 深圳 and 衢江区 pages of 2026-12-05), after the kinds were
# put in the clause model's words (session 9: an interest subsidy is its rate_cap, rate or
# cap with basis interest; a price per m² and month its per_unit(_cap) with basis
# area_month) and the rules of session 9 (each_recipient, encouraged_recipient, on_top_of):
# clauses 100/99.6, amounts 100/99.6, kinds 98.9/98.5, caps 100/100, conditions 99.3/99.3.
# The kinds left wrong are 每人最高 (the labels' cap, the extractor's per_unit, as the seed
# labels call 每人最高3000元).
# A floor against regressions, not a target. Precision, recall.
FLOORS = {
    "clauses": (0.995, 0.995),
    "amounts": (0.995, 0.995),
    "kinds": (0.985, 0.985),
    "caps": (0.99, 0.99),
    "conditions": (0.99, 0.99),
}

# The pages live beside the project under shared/ (see benchmarks/extraction_eval.py), not in it.
pytestmark = pytest.mark.skipif(
    not (TEXTS / "texts").is_dir(),
    reason=f"评测文本不在 {TEXTS}（设置 TECHZONE_EVAL_TEXTS 指向它）",
)


def test_every_label_is_found_in_the_text_as_read() -> None:
    documents = load()
    assert [(d.id, p) for d in documents for p in d.problems] == []
    assert len(documents) == 76
    assert sum(len(d.labels) for d in documents) == 577


def test_each_page_names_its_source_and_split() -> None:
    for path in sorted((EVAL / "labels").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert data["split"] in ("development", "held-back"), path.name
        assert data["source"].startswith("github.com/"), path.name
        assert (TEXTS / data["text"]).is_file(), path.name


@pytest.fixture(scope="module")
def development() -> dict[str, tuple[float, float]]:
    return measures(score(load("development")))


@pytest.mark.parametrize("measure", list(FLOORS))
def test_the_development_part_holds_its_floor(
    development: dict[str, tuple[float, float]], measure: str
) -> None:
    precision, recall = development[measure]
    floor_precision, floor_recall = FLOORS[measure]
    assert precision >= floor_precision and recall >= floor_recall, (measure, precision, recall)
