"""The evaluation set of public pages (tests/extract/eval): its labels hold, and the development
part does not fall below what was measured. The held-back part is only located here, never
scored: its figures are reported in docs/extraction.md, not used to steer the extractor.
"""

from __future__ import annotations

import pytest
import yaml
from benchmarks.extraction_eval import EVAL, TEXTS, load, measures, score

# Measured on the development part (48 pages, 619 labelled clauses: the 45 of the tenth session —
# 516 clauses, then clauses 100/98.6, amounts 99.2/97.9, kinds 96.7/95.3, caps 100/99.1,
# conditions 97.2/97.2 — and the eleventh session's three Word files of 甘井子区 and 辽宁省,
# ganjingzi-jiangli, ganjingzi-keji, liaoning-jishu-chuangxin, 103 clauses, first run amounts
# 98.0/97.1, kinds 92.2/91.3, conditions 83.3/85.0) with the eleventh session's rules (可申请;
# one rate with a ceiling per grade; a ratio of spending; limits on accumulated awards; prices per
# parcel and per so many m²; each of those ranked; conditions over 或/且/对其 …): clauses 100/99.4,
# amounts 100/99.4, kinds 96.9/96.3, caps 100/99.3, conditions 96.9/96.9.
# Then (extract9) four 大连市 Word files never run before, 27 clauses (first run amounts 89.3/92.6,
# kinds 64.3/66.7, conditions 78.6/84.6), their rules (a range 20万~100万元, 跟投, a share of
# floor space, monthly sums by grade, one progressive award written for each size) and one
# convention for a ceiling per unit written with 每 (每人最高5000元, 不超过3.5万元/座/年:
# per_unit with its cap, six labels changed): 52 pages, 646 clauses — clauses 100/99.4,
# amounts 100/99.4, kinds 98.0/97.4, caps 100/99.3, conditions 96.3/96.3.
# Left: graded sentences each with its own condition (the labels' fixed, the extractor's tiers), a
# clause after ; naming no award word, conditions a chapter heading or an earlier sentence states.
# Then (extract10) thirteen 成都高新区 forms and pages (18 clauses; first run clauses 94.1/88.9,
# amounts 94.1/88.9, conditions 82.4/93.3) and six 徐汇区 pages (56; first run clauses 96.4/96.4,
# kinds 94.6/94.6, conditions 71.4/74.1), never run before, and their rules (a price named as the
# standard, equity received of a stated size, 按…30%的，给予, a ceiling's owner with 可 taking the
# case stated before, 提供 inside a recipient, the next price of a list after ；): 71 pages, 720
# clauses — clauses 100/99.7, amounts 100/99.7, kinds 98.1/97.8, caps 100/99.5, conditions
# 96.0/96.1 (the new pages bring
# conditions the rules do not reach: a case before 对 in the same clause, an award word without a
# figure before the one with it); the conditions floor follows them down.
# Then (extract11) five 广州/广东 pages never run before (73 clauses; first runs of the first
# three amounts 90.7/84.8, kinds 76.7/71.7, conditions 62.8/67.5) and their rules (a rent share
# 对其…的50%予以, a unit counted with its case closed by 的, prizes and star levels as tiers,
# prices per person by degree, a standard under its label taking whom the section names, funds
# a government must arrange): 76 pages, 793 clauses — clauses 100/99.7, amounts 100/99.7, kinds
# 98.0/97.7, caps 100/99.5, conditions 95.6/95.7; no older page changed (the conditions
# floor stays, a case by the rules, 按规定…提供…服务的, no longer cut short).
# Session 13: the old held-back part (36 pages, 302 clauses, run at the end of some ten rounds)
# moved to development and a fresh held-back part took its place; then rules written from its
# errors (extract12): 112 pages, 1095 clauses — clauses 100/99.5, amounts 99.8/99.4, kinds
# 97.3/96.9, caps 99.3/98.7, conditions 95.4/95.5.
# Round 14 (extract13): 28 pages never run (甘井子区, 辽宁省, 广州, 重庆 …; first runs
# amounts 75.7/90.3 and, after the round's first rules, 92.9/96.3 on a second batch) and
# their rules (fees, fines, 算例, a hidden copy of a page, a ceiling sentence after rates,
# relief standards, bases and the encouraged party as conditions): 140 pages, 1184 clauses —
# clauses 100/99.6, amounts 99.8/99.4, kinds 97.3/96.9, caps 99.4/98.8, conditions 95.5/95.6.
# A floor against regressions, not a target. Precision, recall.
FLOORS = {
    "clauses": (0.995, 0.99),
    "amounts": (0.995, 0.99),
    "kinds": (0.97, 0.965),
    "caps": (0.99, 0.985),
    "conditions": (0.95, 0.95),
}

# The pages live beside the project under shared/ (see benchmarks/extraction_eval.py), not in it.
pytestmark = pytest.mark.skipif(
    not (TEXTS / "texts").is_dir(),
    reason=f"评测文本不在 {TEXTS}（设置 TECHZONE_EVAL_TEXTS 指向它）",
)


def test_every_label_is_found_in_the_text_as_read() -> None:
    documents = load()
    assert [(d.id, p) for d in documents for p in d.problems] == []
    assert len(documents) == 161
    assert sum(len(d.labels) for d in documents) == 1266


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
