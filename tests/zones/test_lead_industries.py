"""Seed 001 measure 12: 2–3 lead industries for each of Gansu's high-tech zones."""

from __future__ import annotations

import pytest

from techzone.demo.zones import DEMO_ZONES
from techzone.model.codes import ZoneLevel
from techzone.zones.lead_industries import ZoneIndustries, lead_industry_findings

BIOMED, CHEM, METALS, FOOD = "生物医药", "循环化工", "有色冶金", "农副产品加工"


def _zone(
    industries: list[str], level: ZoneLevel = ZoneLevel.PROVINCIAL, province: str = "甘肃省"
) -> ZoneIndustries:
    return ZoneIndustries("Z", "甲高新区", province, level, industries)


@pytest.mark.parametrize(
    ("industries", "flagged"),
    [
        ([BIOMED], True),
        ([BIOMED, CHEM], False),
        ([BIOMED, CHEM, METALS], False),
        ([BIOMED, CHEM, METALS, FOOD], True),
        ([BIOMED, BIOMED, " "], True),  # one industry named twice and a blank: one
        ([], True),
    ],
)
def test_two_or_three_lead_industries(industries: list[str], flagged: bool) -> None:
    found = lead_industry_findings([_zone(industries)])
    assert bool(found) is flagged
    if flagged:
        assert "第12条" in found[0] and "确定2-3个主导产业" in found[0]


def test_only_gansu_high_tech_zones_answer_to_measure_12() -> None:
    many = [BIOMED, CHEM, METALS, FOOD]
    assert lead_industry_findings([_zone(many, level=ZoneLevel.DISTRICT)]) == []
    assert lead_industry_findings([_zone([BIOMED], province="广西壮族自治区")]) == []
    assert lead_industry_findings([_zone(many, level=ZoneLevel.NATIONAL)]) != []


def test_the_demo_zones_respect_measure_12() -> None:
    zones = [
        ZoneIndustries(z.code, z.name, z.province, z.level, z.focus_industries) for z in DEMO_ZONES
    ]
    assert lead_industry_findings(zones) == []
