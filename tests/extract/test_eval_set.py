"""The evaluation set of public pages (tests/extract/eval): its labels hold, and the development
part does not fall below what was measured. The held-back part is only located here, never
scored: its figures are reported in docs/extraction.md, not used to steer the extractor.
"""

from __future__ import annotations

import pytest
import yaml
from benchmarks.extraction_eval import EVAL, TEXTS, load, measures, score

# Measured on the development part (36 pages, 200 labelled clauses: sixteen pages of new issuers
# added on 2026-12-04, then 大连's employment subsidies and two more work reports) with the
# extractor of the extractor4 branch (reported sums are not offers): clauses 91.1/97.0, amounts
# 91.1/97.0, kinds 87.3/93.0, caps 100/100, conditions 88.7/97.4. The 大连 page brings most of the
# remaining errors (wage and cost standards, worked examples read as awards; rates of contributions
# missed). A floor against regressions, not a target. Precision, recall.
FLOORS = {
    "clauses": (0.91, 0.97),
    "amounts": (0.91, 0.97),
    "kinds": (0.87, 0.93),
    "caps": (0.99, 0.99),
    "conditions": (0.88, 0.97),
}

# The pages live beside the project under shared/ (see benchmarks/extraction_eval.py), not in it.
pytestmark = pytest.mark.skipif(
    not (TEXTS / "texts").is_dir(),
    reason=f"评测文本不在 {TEXTS}（设置 TECHZONE_EVAL_TEXTS 指向它）",
)


def test_every_label_is_found_in_the_text_as_read() -> None:
    documents = load()
    assert [(d.id, p) for d in documents for p in d.problems] == []
    assert len(documents) == 70
    assert sum(len(d.labels) for d in documents) == 396


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
