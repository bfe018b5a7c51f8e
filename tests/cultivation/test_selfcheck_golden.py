"""The self-assessment's whole answer for varied profiles, pinned to what it said before it was
made faster: a speed-up must not change one verdict, question, plan line or amount.

The expected answers (``golden/selfcheck_golden.json.gz``, compressed: the traces make 700 kB)
were computed by the code before the speed-up; regenerate them only for a deliberate change of
results, with
``PYTHONPATH=src:. python tests/cultivation/test_selfcheck_golden.py``.
"""

from __future__ import annotations

import gzip
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from techzone.awards.catalogue import Catalogue, load_catalogue
from techzone.cultivation.calendar import YearCalendar, _build, calendar_template
from techzone.cultivation.selfcheck import self_assess
from techzone.rules.loader import PackSet, load_packs
from techzone.rules.profile import parse_profile

GOLDEN = Path(__file__).parent / "golden" / "selfcheck_golden.json.gz"
BAIYIN = {"zone_code": "GS-BY", "province": "甘肃省", "city": "白银市", "park": "银南工业园"}
FIGURES = {
    "2023": {"employees": 120, "tech_staff": 20, "main_business_income": 30000000},
    "2024": {"employees": 130, "tech_staff": 22, "main_business_income": 40000000},
    "2025": {
        "employees": 140,
        "tech_staff": 25,
        "main_business_income": 50000000,
        "rd_expense": 2500000,
        "total_assets": 70000000,
        "liabilities": 25000000,
    },
}
IP = [
    {
        "kind": "发明专利",
        "number": "ZL1",
        "granted_on": "2022-03-01",
        "acquisition": "自主研发",
        "status": "有效",
        "used_for_hnte": False,
    }
]
HNTE = {
    "kind": "高新技术企业",
    "level": "国家级",
    "certificate_no": "GR202562000001",
    "issued_on": "2025-11-20",
    "status": "有效",
}
# (name, profile, as_of, asked, with a calendar)
CASES: list[tuple[str, dict[str, Any], str, list[str], bool]] = [
    # benchmarks/web.py's PROFILE
    (
        "benchmark",
        {
            "registered_on": "2019-05-10",
            "resident": True,
            "tech_field": "新材料",
            "province": "甘肃省",
            "city": "白银市",
            "figures": FIGURES,
            "ip": IP,
        },
        "2026-06-30",
        [],
        False,
    ),
    ("empty", {}, "2026-06-30", [], False),
    ("empty, asked", {}, "2026-03-01", ["registered_on", "resident"], True),
    (
        "hnte holder with events",
        {
            **BAIYIN,
            "uscc": "91620400000000001U",
            "registered_on": "2015-01-01",
            "resident": True,
            "tech_field": "新材料",
            "ownership": "民营",
            "above_scale": True,
            "listing": "未上市",
            "industry_code": "C3985",
            "figures": FIGURES,
            "ip": IP,
            "qualifications": [HNTE],
            "platforms": [
                {
                    "kind": "企业技术中心",
                    "level": "省级",
                    "name": "省级企业技术中心",
                    "recognised_on": "2026-01-15",
                }
            ],
            "events": [
                {
                    "ref": "P1",
                    "kind": "科学技术奖",
                    "occurred_on": "2026-01-10",
                    "attributes": {"级别": "国家级", "排名": 2},
                },
                {"ref": "F1", "kind": "首台(套)/首批次/首版次", "occurred_on": "2026-02-01"},
                {
                    "ref": "T1",
                    "kind": "技术转移转化项目",
                    "occurred_on": "2026-03-01",
                    "amount": 3_000_000,
                },
            ],
            "incidents": [],
        },
        "2026-06-30",
        [],
        True,
    ),
    (
        "loan and talent",
        {
            **BAIYIN,
            "uscc": "91620400000000002Y",
            "registered_on": "2020-01-01",
            "resident": True,
            "figures": {"2025": {"employees": 30, "tech_staff": 8}},
            "events": [
                {"ref": "L1", "kind": "贷款贴息", "occurred_on": "2026-02-01", "amount": 400_000},
                {"ref": "L0", "kind": "贷款贴息", "occurred_on": "2025-05-01", "amount": 300_000},
                {"ref": "R1", "kind": "科研助理岗位聘用", "occurred_on": "2026-03-01"},
                {
                    "ref": "Z1",
                    "kind": "取得专业技术职称",
                    "occurred_on": "2026-04-01",
                    "attributes": {"级别": "高级"},
                },
            ],
        },
        "2026-09-30",
        [],
        False,
    ),
    (
        "chengguan",
        {
            "uscc": "91620100000000003J",
            "registered_on": "2018-03-01",
            "resident": True,
            "tech_field": "电子信息",
            "province": "甘肃省",
            "city": "兰州市",
            "zone_code": "LZ-CG",
            "zone_level": "district",
            "figures": FIGURES,
            "ip": IP,
            "qualifications": [{**HNTE, "issued_on": "2026-01-20"}],
        },
        "2026-06-30",
        [],
        True,
    ),
    (
        "chengguan, no hnte",
        {
            "registered_on": "2022-03-01",
            "resident": True,
            "province": "甘肃省",
            "city": "兰州市",
            "zone_code": "LZ-CG",
            "zone_level": "district",
            "figures": {"2025": {"employees": 12, "tech_staff": 3, "rd_expense": 500000}},
            "ip": [],
            "declarations": {"hnte_conversions_3y": 2},
        },
        "2026-11-30",
        [],
        False,
    ),
]


def _calendars() -> Any:
    kept: dict[int, YearCalendar] = {}

    def calendar(year: int) -> YearCalendar:
        if year not in kept:
            kept[year] = _build(calendar_template(), year, None, {})
        return kept[year]

    return calendar


def _answer(packs: PackSet, catalogue: Catalogue, case: tuple[Any, ...]) -> Any:
    _, profile, as_of, asked, dated = case
    result = self_assess(
        packs,
        catalogue,
        parse_profile(profile),
        date.fromisoformat(as_of),
        calendars=_calendars() if dated else None,
        asked=asked,
    )
    # Through JSON, as the API sends it: a tuple and a list are the same answer. Other values
    # (dates, decimals) keep their type and exact text.
    text = json.dumps(result, ensure_ascii=False, sort_keys=True, default=_typed)
    return json.loads(text)


def _typed(value: object) -> str:
    return f"{type(value).__name__}:{value}"


def _golden() -> Any:
    return json.loads(gzip.decompress(GOLDEN.read_bytes()))


@pytest.fixture(scope="module")
def packs() -> PackSet:
    return load_packs()


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue()


@pytest.mark.parametrize("case", CASES, ids=[case[0] for case in CASES])
def test_the_answer_is_the_one_pinned(
    packs: PackSet, catalogue: Catalogue, case: tuple[Any, ...]
) -> None:
    expected = _golden()[case[0]]
    assert _answer(packs, catalogue, case) == expected


def test_the_cases_reach_awards_and_questions(packs: PackSet) -> None:
    """The pinned answers are worth pinning: some with entitlements, prospects and a question."""
    golden = _golden()
    assert set(golden) == {case[0] for case in CASES}
    assert sum(1 for g in golden.values() if g["awards"]["entitlements"]) >= 3
    assert any(g["awards"]["prospects"] for g in golden.values())
    assert all(g["next_question"] is not None for g in golden.values())


if __name__ == "__main__":
    loaded_packs, loaded_catalogue = load_packs(), load_catalogue()
    answers = {case[0]: _answer(loaded_packs, loaded_catalogue, case) for case in CASES}
    text = json.dumps(answers, ensure_ascii=False, sort_keys=True)
    GOLDEN.write_bytes(gzip.compress(text.encode(), mtime=0))
