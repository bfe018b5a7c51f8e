"""The demo zones and parks: as the seed documents name them, with stable codes."""

from __future__ import annotations

from techzone.demo.zones import BAIYIN, CHENGGUAN, DEMO_ZONES, park_rows, zone_rows
from techzone.io.sheets import ParkRow, ZoneRow
from techzone.model.codes import ZoneLevel


def test_zone_codes_are_unique_and_park_codes_unique_within_a_zone() -> None:
    assert len({zone.code for zone in DEMO_ZONES}) == len(DEMO_ZONES)
    for zone in DEMO_ZONES:
        assert len({park.code for park in zone.parks}) == len(zone.parks)
        assert abs(sum(park.weight for park in zone.parks) - 1.0) < 1e-9
    assert abs(sum(zone.weight for zone in DEMO_ZONES) - 1.0) < 1e-9


def test_baiyin_is_one_zone_six_parks() -> None:
    # Seed 002 一(三)1: 一区六园.
    assert BAIYIN.level is ZoneLevel.NATIONAL
    assert [park.name for park in BAIYIN.parks] == [
        "白银高新区核心区",
        "银东工业园",
        "白银西区经济开发区",
        "白银平川经济开发区",
        "白银刘川工业集中区",
        "景泰工业集中区",
        "会宁工业集中区",
    ]
    # Seed 001 measure 13's two, within measure 12's 2–3 lead industries (not seed 002's ten).
    assert BAIYIN.focus_industries == ("循环化工", "生物医药")


def test_levels_and_places() -> None:
    by_code = {zone.code: zone for zone in DEMO_ZONES}
    assert by_code["GS-LZ"].level is ZoneLevel.NATIONAL
    assert by_code["GX-LZ"].level is ZoneLevel.NATIONAL
    assert CHENGGUAN.level is ZoneLevel.DISTRICT
    assert (CHENGGUAN.province, CHENGGUAN.city) == ("甘肃省", "兰州市")
    # The other Gansu zones of seed 001 measure 13, and 河西, are provincial.
    provincial = {code for code, zone in by_code.items() if zone.level is ZoneLevel.PROVINCIAL}
    assert provincial == {
        "GS-JYG", "GS-JC", "GS-ZY", "GS-PL", "GS-DX", "GS-ML", "GS-YM", "GS-LX", "GS-QC", "GX-HX",
    }  # fmt: skip
    assert by_code["GS-YM"].city == "酒泉市"
    assert by_code["GX-HX"].province == "广西壮族自治区"


def test_rows_validate_and_round_trip() -> None:
    zones = zone_rows()
    parks = park_rows()
    assert len(zones) == len(DEMO_ZONES)
    assert len(parks) == sum(len(zone.parks) for zone in DEMO_ZONES)
    for zone in zones:
        assert ZoneRow.model_validate(zone.model_dump(by_alias=True)) == zone
    for park in parks:
        assert ParkRow.model_validate(park.model_dump(by_alias=True)) == park
    assert zones[0].focus_industries is not None
    assert zones[0].focus_industries.startswith("循环化工、生物医药")
