"""The documents' own thresholds for an indicator, said only to the zones they speak to: seed 001
(甘肃省科技厅's measures) to 甘肃's 高新区, seed 002 (白银市's plan) to 白银高新区; never to a
Guangxi zone or to 城关区's district bureau. Both sides of each threshold."""

from __future__ import annotations

import pytest

from techzone.model import Zone
from techzone.model.codes import ZoneLevel
from techzone.zones.indicators import _goals, goal_text

BAIYIN = Zone(code="GS-BY", name="白银高新区", level=ZoneLevel.NATIONAL, province="甘肃省")
LANZHOU = Zone(code="GS-LZ", name="兰州高新区", level=ZoneLevel.NATIONAL, province="甘肃省")
CHENGGUAN = Zone(code="LZ-CG", name="城关区", level=ZoneLevel.DISTRICT, province="甘肃省")
LIUZHOU = Zone(code="GX-LZ", name="柳州高新区", level=ZoneLevel.NATIONAL, province="广西壮族自治区")

VALUES = {
    "hnte_share": 10.0,  # 措施10 "达到10%以上": 10 reaches it
    "lead_industry_concentration": 59.99,  # 措施12 "达到60%以上": just under
    "incubator_coverage": None,  # 措施11: unknown
    "above_scale_industry_rd_intensity": 0.9,  # seed 002 一(四) "0.9%以上"
}


def test_a_provinces_goals_speak_to_its_zones_and_a_citys_to_its_own() -> None:
    assert _goals(BAIYIN, VALUES) == {
        "hnte_share": ("≥ 10%", True),
        "lead_industry_concentration": ("≥ 60%", False),
        "incubator_coverage": ("≥ 100%", None),
        "above_scale_industry_rd_intensity": ("≥ 0.9%", True),
    }
    # 兰州高新区 is 甘肃's, not 白银's: seed 001's goals, not seed 002's.
    assert set(_goals(LANZHOU, VALUES)) == {
        "hnte_share",
        "lead_industry_concentration",
        "incubator_coverage",
    }


@pytest.mark.parametrize("zone", [CHENGGUAN, LIUZHOU], ids=["district", "other province"])
def test_no_goal_is_said_to_a_zone_no_document_speaks_to(zone: Zone) -> None:
    assert _goals(zone, VALUES) == {}


def test_the_goal_as_officers_read_it() -> None:
    assert goal_text(("≥ 10%", True)) == "≥ 10%（达到）"
    assert goal_text(("≥ 60%", False)) == "≥ 60%（未达到）"
    assert goal_text(("≥ 100%", None)) == "≥ 100%（数据不足）"
    assert goal_text(None) == "—"
    below = _goals(BAIYIN, {**VALUES, "hnte_share": 9.99})
    assert below["hnte_share"] == ("≥ 10%", False)
