"""The self-assessment's estimate of first-recognition awards ("若获首次认定") may never promise
more than the texts allow or than the awards engine would pay (blindmoney4).

Seed 003 五(五)14: "省级财政对首次认定的高新技术企业每家给予一次性奖补20万元、重新认定的每家给予
一次性奖补10万元" — the same provincial money as seed 001 措施10 ("对新认定的高新技术企业、省级科技
创新型企业分别给予一次性奖补20万元、5万元"); seed 000 第12段: "对首次获得相关资质认定的企业给予最高
50万元奖励".
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from techzone.awards.calculate import entitlements
from techzone.awards.catalogue import Catalogue, load_catalogue
from techzone.cultivation.selfcheck import self_assess
from techzone.rules.loader import PackSet, load_packs
from techzone.rules.profile import parse_profile, profile_records

AS_OF = date(2026, 6, 30)
USCC = "91620400000000001U"
BAIYIN = {"zone_code": "GS-BY", "province": "甘肃省", "city": "白银市", "park": "银南工业园"}
CHENGGUAN = {"zone_code": "LZ-CG", "zone_level": "县区", "province": "甘肃省", "city": "兰州市"}


@pytest.fixture(scope="module")
def packs() -> PackSet:
    return load_packs()


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue()


def hnte(issued: str, expires: str, status: str = "已过期") -> dict[str, Any]:
    return {
        "kind": "高新技术企业",
        "level": "国家级",
        "certificate_no": f"GR{issued}",
        "issued_on": issued,
        "expires_on": expires,
        "status": status,
    }


def prospects(
    packs: PackSet, catalogue: Catalogue, place: dict[str, Any], **records: Any
) -> list[tuple[str, str]]:
    profile = parse_profile({"uscc": USCC, "registered_on": "2015-01-01", **place, **records})
    found = self_assess(packs, catalogue, profile, AS_OF)["awards"]["prospects"]
    return sorted((p["policy"], p["amount_yuan"]) for p in found if p["qualification"] == "hnte")


def test_a_first_recognition_is_at_stake_for_a_title_never_held(
    packs: PackSet, catalogue: Catalogue
) -> None:
    assert prospects(packs, catalogue, BAIYIN) == [
        ("baiyin_policy_list.first_hnte", "500000.00"),
        ("gansu_zone_measures.new_hnte", "200000.00"),
    ]
    # A failed application (未通过) was no recognition: the first one is still ahead.
    failed = hnte("2024-12-01", "2027-11-30", status="未通过")
    assert len(prospects(packs, catalogue, BAIYIN, qualifications=[failed])) == 2


@pytest.mark.parametrize(
    "held",
    [
        hnte("2022-03-01", "2025-02-28"),  # expired: the next is 重新认定
        hnte("2024-03-01", "2027-02-28", status="有效"),  # in force
    ],
)
def test_a_title_held_before_has_no_first_recognition_at_stake(
    packs: PackSet, catalogue: Catalogue, held: dict[str, Any]
) -> None:
    # Before: 20万元 and 最高50万元 "若获首次认定" for an enterprise that can only be re-recognised.
    # What is at stake is the re-recognition's own award, and nothing else.
    assert prospects(packs, catalogue, BAIYIN, qualifications=[held]) == [
        ("chengguan_doubling.renewed_hnte", "100000.00")
    ]
    # What the engine pays for its next certificate: 重新认定 10万元, no first-recognition award.
    profile = parse_profile(
        {
            "uscc": USCC,
            "registered_on": "2015-01-01",
            **BAIYIN,
            "qualifications": [held, hnte("2026-03-01", "2029-02-28", status="有效")],
        }
    )
    rows = entitlements(catalogue, profile_records(profile, packs.declarations), 2026)
    paid = {
        r["policy_id"]: r["amount_max"]
        for r in rows.iter_rows(named=True)
        if r["trigger_date"] == date(2026, 3, 1) and r["amount_max"]
    }
    assert paid == {"chengguan_doubling.renewed_hnte": 10_000_000}


def test_the_same_provincial_money_is_estimated_once(packs: PackSet, catalogue: Catalogue) -> None:
    # 城关 五(五)14 restates 甘肃 措施10 (one provincial 20万元 / 5万元, paid once: 就高不重复), and
    # 五(一)3 is for an HNTE moving in from another province, no first recognition. Before: three
    # rows of 20万元 and two of 5万元.
    profile = parse_profile({"uscc": USCC, "registered_on": "2015-01-01", **CHENGGUAN})
    found = self_assess(packs, catalogue, profile, AS_OF)["awards"]["prospects"]
    listed = sorted((p["qualification"], p["policy"], p["amount_yuan"]) for p in found)
    assert listed == [
        ("hnte", "gansu_zone_measures.new_hnte", "200000.00"),
        ("provincial_innovative", "gansu_zone_measures.new_provincial_innovative", "50000.00"),
    ]
    # The engine pays that one 20万元 for a first certificate there, and nothing more.
    first = parse_profile(
        {
            "uscc": USCC,
            "registered_on": "2015-01-01",
            **CHENGGUAN,
            "qualifications": [hnte("2026-03-01", "2029-02-28", status="有效")],
        }
    )
    rows = entitlements(catalogue, profile_records(first, packs.declarations), 2026)
    assert sum(r["amount_max"] or 0 for r in rows.iter_rows(named=True)) == 20_000_000


def srdi(issued: str) -> dict[str, Any]:
    return {
        "kind": "专精特新中小企业",
        "level": "省级",
        "certificate_no": f"ZJTX{issued}",
        "issued_on": issued,
        "expires_on": "2027-12-31",
        "status": "有效",
    }


def zone_cap_left(catalogue: Catalogue, packs: PackSet, **records: Any) -> int:
    """What the engine leaves of 白银 第12段's 最高50万元 for a first HNTE certificate in 2026."""
    profile = parse_profile(
        {
            "uscc": USCC,
            "registered_on": "2015-01-01",
            **BAIYIN,
            **records,
            "qualifications": [
                *records.get("qualifications", []),
                hnte("2026-03-01", "2029-02-28", status="有效"),
            ],
        }
    )
    rows = entitlements(catalogue, profile_records(profile, packs.declarations), 2026)
    return sum(
        r["amount_max"] or 0
        for r in rows.iter_rows(named=True)
        if r["policy_id"] == "baiyin_policy_list.first_hnte"
    )


@pytest.mark.parametrize(
    ("records", "left"),
    [
        # The list (from 2024-01-01) paid this one's first 专精特新 up to the shared 50万元.
        ({"qualifications": [srdi("2024-03-01")]}, 0),
        # Recognised in 2023, before the list: nothing of the 50万元 was spent.
        ({"qualifications": [srdi("2023-03-01")]}, 50_000_000),
        # A first 绿色工厂 under the list shares the same 50万元 (第12段 one sentence).
        (
            {"events": [{"ref": "G", "kind": "绿色工厂认定", "occurred_on": "2025-05-01"}]},
            0,
        ),
    ],
)
def test_a_first_recognition_cap_already_spent_is_not_estimated_again(
    packs: PackSet, catalogue: Catalogue, records: dict[str, Any], left: int
) -> None:
    # seed 000 第12段 "对首次获得相关资质认定的企业给予最高50万元奖励": one cap per enterprise (the
    # pack's reading that never pays more). Before: 最高50万元 listed for HNTE after it was spent.
    assert zone_cap_left(catalogue, packs, **records) == left
    listed = prospects(packs, catalogue, BAIYIN, **records)
    zone = [amount for policy, amount in listed if policy == "baiyin_policy_list.first_hnte"]
    assert zone == (["500000.00"] if left else [])
    assert ("gansu_zone_measures.new_hnte", "200000.00") in listed


def test_each_award_at_stake_names_who_pays_it(packs: PackSet, catalogue: Catalogue) -> None:
    # The enterprise asks "what will I get" and from whom: the province's 20万元 (seed 001 措施10,
    # 省科技厅) and the zone's 最高50万元 (seed 000 第12段, 白银高新区) come from different purses
    # and are applied for at different offices; the payable entitlements already say so.
    profile = parse_profile({"uscc": USCC, "registered_on": "2015-01-01", **BAIYIN})
    found = self_assess(packs, catalogue, profile, AS_OF)["awards"]["prospects"]
    payers = {p["policy"]: (p["payer"], p["issuer"]) for p in found if p["qualification"] == "hnte"}
    assert payers["gansu_zone_measures.new_hnte"][0] == "省级"
    assert payers["baiyin_policy_list.first_hnte"][0] != "省级"
    assert all(payer and issuer for payer, issuer in payers.values())


def _hnte_prospects(packs: PackSet, catalogue: Catalogue, **place: Any) -> dict[str, Any]:
    profile = parse_profile({"uscc": USCC, "registered_on": "2015-01-01", **place})
    found = self_assess(packs, catalogue, profile, AS_OF)["awards"]["prospects"]
    return {p["policy"]: p for p in found if p["qualification"] == "hnte"}


def test_a_park_left_out_says_the_award_holds_only_in_the_listed_parks(
    packs: PackSet, catalogue: Catalogue
) -> None:
    # 政策清单 第一条 "本政策适用于在白银高新区内(含银南工业园、银东工业园、有色金属新材料产业园)
    # 注册和纳税的…": with the park left out, the zone's 最高50万元 is at stake only if the firm is
    # in one of them. Before: the row read like any 白银 firm's, with nothing to say so.
    unplaced = {k: v for k, v in BAIYIN.items() if k != "park"}
    found = _hnte_prospects(packs, catalogue, **unplaced)
    place = found["baiyin_policy_list.first_hnte"]["place"]
    assert place is not None and "园区未填" in place
    for park in ("白银高新区核心区", "银南工业园", "银东工业园", "有色金属新材料产业园"):
        assert park in place
    # The province's 20万元 holds anywhere in 甘肃 (its place is known): nothing to add.
    assert found["gansu_zone_measures.new_hnte"]["place"] is None
    # A firm in a listed park: the place is settled, the row says nothing more.
    placed = _hnte_prospects(packs, catalogue, **BAIYIN)
    assert placed["baiyin_policy_list.first_hnte"]["place"] is None
    # A firm in a park of 一区六园 outside 第一条's list (seed 002 刘川工业集中区) gets none.
    outside = _hnte_prospects(packs, catalogue, **{**BAIYIN, "park": "刘川工业集中区"})
    assert "baiyin_policy_list.first_hnte" not in outside
    assert "gansu_zone_measures.new_hnte" in outside


def _claimable(packs: PackSet, catalogue: Catalogue, issued: str, as_of: date) -> dict[str, Any]:
    held = {**hnte(issued, "2029-12-31", status="有效"), "certificate_no": "GR202562000009"}
    profile = parse_profile(
        {"uscc": USCC, "registered_on": "2015-01-01", **BAIYIN, "qualifications": [held]}
    )
    awards: dict[str, Any] = self_assess(packs, catalogue, profile, as_of)["awards"]
    return awards


def test_last_years_recognition_is_shown_as_claimable_this_year(
    packs: PackSet, catalogue: Catalogue
) -> None:
    # 政策清单 第二条 "本政策申报适用于上一自然年度取得的成果、荣誉": a certificate of 2025-11-20 is
    # applied for in 2026. Before: asked in December 2026 the firm saw neither the zone's award
    # (its year is 2025) nor a prospect (the title is held) — nothing it could still claim.
    awards = _claimable(packs, catalogue, "2025-11-20", date(2026, 12, 5))
    claimable = awards["claimable"]
    assert claimable["year"] == 2025
    found = {e["policy"]: e for e in claimable["entitlements"]}
    zone = found["baiyin_policy_list.first_hnte"]
    assert (zone["amount"]["min"], zone["amount"]["max"]) == (0, 500_000)
    assert "第二条" in (zone["window"] or "")
    assert zone["clause"]["ref"].startswith("seed 000 第12段")
    # 甘肃 措施10 says nothing of a next year's application: its award is 2025's, not listed.
    assert "gansu_zone_measures.new_hnte" not in found
    # Nor is it this year's (2026) award: never twice.
    assert "baiyin_policy_list.first_hnte" not in {e["policy"] for e in awards["entitlements"]}
    # The last day of 2025 is still 上一自然年度 in 2026.
    last = _claimable(packs, catalogue, "2025-12-31", date(2026, 1, 1))["claimable"]
    assert "baiyin_policy_list.first_hnte" in {e["policy"] for e in last["entitlements"]}


@pytest.mark.parametrize("issued", ["2024-12-31", "2026-01-01"])
def test_only_the_year_before_is_claimable(
    packs: PackSet, catalogue: Catalogue, issued: str
) -> None:
    # Two years back is no 上一自然年度; this year's own certificate is this year's award (applied
    # for next year), not one to claim now.
    awards = _claimable(packs, catalogue, issued, date(2026, 12, 5))
    assert "baiyin_policy_list.first_hnte" not in {
        e["policy"] for e in awards["claimable"]["entitlements"]
    }
