"""An independent check of the money, as a tester outside the project would run it: a profile
file through ``techzone awards --profile … --json``, the documents' own numbers, both sides of
each boundary. Seeds: 000 (白银政策清单 news item) with reference/baiyin-policy-list-opening.txt,
001 (甘肃 若干措施), 003 (城关 倍增行动方案).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from techzone.cli import app

runner = CliRunner()

USCC = "91620400000000001U"
BAIYIN = {
    "zone_code": "GS-BY",
    "zone_level": "国家级",
    "province": "甘肃省",
    "city": "白银市",
    "park": "银南工业园",
}
LANZHOU_ZONE = {
    "zone_code": "GS-LZ",
    "zone_level": "国家级",
    "province": "甘肃省",
    "city": "兰州市",
}
CHENGGUAN = {"zone_code": "LZ-CG", "zone_level": "县区", "province": "甘肃省", "city": "兰州市"}


def event(
    ref: str, kind: str, on: str, amount: float | None = None, **attrs: Any
) -> dict[str, Any]:
    return {"ref": ref, "kind": kind, "occurred_on": on, "amount": amount, "attributes": attrs}


def certificate(
    kind: str, issued: str, expires: str, level: str = "国家级", **more: Any
) -> dict[str, Any]:
    return {
        "kind": kind,
        "level": level,
        "certificate_no": f"C{issued}",
        "issued_on": issued,
        "expires_on": expires,
        "status": "有效",
        **more,
    }


def awards(tmp_path: Path, year: int, place: dict[str, Any], **records: Any) -> dict[str, Any]:
    """Non-tax entitlements by policy id (the last of each policy keeps the year's triggers in a
    list under ``all``), as the CLI prints them."""
    profile = {"uscc": USCC, "registered_on": "2015-01-01", **place, **records}
    path = tmp_path / "profile.json"
    path.write_text(json.dumps(profile, ensure_ascii=False), encoding="utf-8")
    result = runner.invoke(app, ["awards", "--profile", str(path), "--year", str(year), "--json"])
    assert result.exit_code == 0, result.output
    found: dict[str, Any] = {}
    for row in json.loads(result.output)["entitlements"]:
        if row["policy"].startswith("tax_"):
            continue
        found.setdefault(row["policy"], {"all": []})["all"].append(row)
        found[row["policy"]].update(row)
    return found


def yuan(row: dict[str, Any], field: str = "max") -> str | None:
    value: str | None = row["amount"][field]
    return value


def refused(tmp_path: Path, year: int, place: dict[str, Any], **records: Any) -> str:
    profile = {"uscc": USCC, "registered_on": "2015-01-01", **place, **records}
    path = tmp_path / "profile.json"
    path.write_text(json.dumps(profile, ensure_ascii=False), encoding="utf-8")
    result = runner.invoke(app, ["awards", "--profile", str(path), "--year", str(year), "--json"])
    assert result.exit_code != 0 and "Traceback" not in result.output
    return result.output


# ── 甘肃 措施5: 300万元以上 (含) → 10%, 最高300万元 ───────────────────────────────────────────
@pytest.mark.parametrize(
    ("funding", "award"),
    [
        (2_999_999, None),
        (3_000_000, "300000.00"),
        (30_000_000, "3000000.00"),
        (30_000_100, "3000000.00"),
    ],
)
def test_key_project_boundaries(
    tmp_path: Path, data_dir: Path, funding: int, award: str | None
) -> None:
    found = awards(
        tmp_path,
        2025,
        LANZHOU_ZONE,
        events=[event("K", "国家科技重大专项/重点研发计划项目", "2025-03-01", funding, 项目="P")],
    )
    row = found.get("gansu_zone_measures.national_key_project")
    if award is None:
        assert row is None
    else:
        assert row is not None and row["payer"] == "省级"
        assert (yuan(row, "min"), yuan(row)) == (award, award)


# ── 甘肃 措施10 / 城关 五(五)14: 首次20万、重新认定10万、省级科技创新型5万 (省级财政) ─────────────
def test_first_and_renewed_hnte_and_provincial_innovative(tmp_path: Path, data_dir: Path) -> None:
    first = awards(
        tmp_path,
        2025,
        CHENGGUAN,
        qualifications=[
            certificate("高新技术企业", "2025-03-01", "2028-02-28"),
            certificate("省级科技创新型企业", "2025-04-01", "2028-03-31", level="省级"),
        ],
    )
    paid = {pid: yuan(row) for pid, row in first.items() if yuan(row) not in (None, "0.00")}
    assert paid == {
        "gansu_zone_measures.new_hnte": "200000.00",
        "gansu_zone_measures.new_provincial_innovative": "50000.00",
    }
    assert first["gansu_zone_measures.new_hnte"]["payer"] == "省级"
    renewed = awards(
        tmp_path,
        2025,
        CHENGGUAN,
        qualifications=[
            certificate("高新技术企业", "2022-03-01", "2025-02-28", status="已过期"),
            certificate("高新技术企业", "2025-03-01", "2028-02-28"),
        ],
    )
    assert "gansu_zone_measures.new_hnte" not in renewed
    assert yuan(renewed["chengguan_doubling.renewed_hnte"], "min") == "100000.00"
    assert yuan(renewed["chengguan_doubling.renewed_hnte"]) == "100000.00"


# ── 白银政策清单 第三条: 国家奖 50/30/20/10万, 省级奖第一完成单位 10/8/5万, 补差 ─────────────────
@pytest.mark.parametrize(
    ("grade", "award"),
    [
        ("特等奖", "500000.00"),
        ("一等奖", "300000.00"),
        ("二等奖", "200000.00"),
        ("三等奖", "100000.00"),
    ],
)
def test_national_science_prize(tmp_path: Path, data_dir: Path, grade: str, award: str) -> None:
    found = awards(
        tmp_path,
        2025,
        BAIYIN,
        events=[
            event("S", "科学技术奖", "2025-05-01", 级别="国家级", 等级=grade, 排名=4, 项目="X")
        ],
    )
    row = found["baiyin_policy_list.national_science_prize"]
    assert (yuan(row, "min"), yuan(row), row["payer"]) == (award, award, "高新区")


@pytest.mark.parametrize(("rank", "award"), [(1, "80000.00"), (2, None)])
def test_provincial_prize_first_unit_only(
    tmp_path: Path, data_dir: Path, rank: int, award: str | None
) -> None:
    found = awards(
        tmp_path,
        2025,
        BAIYIN,
        events=[
            event("S", "科学技术奖", "2025-05-01", 级别="省级", 等级="二等奖", 排名=rank, 项目="X")
        ],
    )
    row = found.get("baiyin_policy_list.provincial_science_prize")
    if award is None:
        assert row is None
    else:
        assert row is not None and yuan(row) == award


def test_provincial_then_national_prize_of_one_project_tops_up(
    tmp_path: Path, data_dir: Path
) -> None:
    found = awards(
        tmp_path,
        2025,
        BAIYIN,
        events=[
            event("S1", "科学技术奖", "2024-05-01", 级别="省级", 等级="一等奖", 排名=1, 项目="X"),
            event("S2", "科学技术奖", "2025-05-01", 级别="国家级", 等级="二等奖", 排名=2, 项目="X"),
        ],
    )
    # 20万 for the national prize less the 10万 the provincial one already paid.
    assert yuan(found["baiyin_policy_list.national_science_prize"]) == "100000.00"


# ── 白银政策清单 seed 000 第12段: 首次获得相关资质认定 最高50万元 (one cap for the enterprise) ────
def test_first_qualifications_share_one_cap_across_years(tmp_path: Path, data_dir: Path) -> None:
    found = awards(
        tmp_path,
        2025,
        BAIYIN,
        qualifications=[
            certificate("高新技术企业", "2024-03-01", "2027-02-28"),
            certificate("专精特新中小企业", "2025-05-01", "2028-04-30", level="省级"),
        ],
    )
    # The 2024 HNTE took the whole 50万 of "最高50万元" the year before.
    assert yuan(found["baiyin_policy_list.first_srdi"]) == "0.00"


# ── seed 000 第19段: 给予取得信贷支持企业最高20万元贴息 (the enterprise's total) ─────────────────
def test_loan_interest_cap_counts_the_earlier_years(tmp_path: Path, data_dir: Path) -> None:
    found = awards(
        tmp_path,
        2025,
        BAIYIN,
        events=[
            event("L1", "贷款贴息", "2024-06-01", 150_000),
            event("L2", "贷款贴息", "2025-06-01", 150_000),
        ],
    )
    row = found["baiyin_policy_list.loan_interest"]
    assert [r["trigger"].rsplit(":", 1)[1] for r in row["all"]] == ["L2"]
    assert yuan(row) == "50000.00" and "20万元" in row["cap"]


@pytest.mark.parametrize(("interest", "award"), [(199_999, "199999.00"), (200_001, "200000.00")])
def test_loan_interest_never_above_the_interest_nor_the_cap(
    tmp_path: Path, data_dir: Path, interest: int, award: str
) -> None:
    found = awards(tmp_path, 2025, BAIYIN, events=[event("L", "贷款贴息", "2025-06-01", interest)])
    assert yuan(found["baiyin_policy_list.loan_interest"]) == award


# ── seed 000 第13段: 按照设备实际购置金额的10% ────────────────────────────────────────────────
def test_shared_instrument_ten_percent_and_unknown_without_the_price(
    tmp_path: Path, data_dir: Path
) -> None:
    found = awards(
        tmp_path,
        2025,
        BAIYIN,
        events=[event("I", "新增仪器设备纳入共享平台", "2025-03-01", 1_234_000)],
    )
    assert yuan(found["baiyin_policy_list.shared_instrument"]) == "123400.00"
    unpriced = awards(
        tmp_path, 2025, BAIYIN, events=[event("I", "新增仪器设备纳入共享平台", "2025-03-01")]
    )
    assert unpriced["baiyin_policy_list.shared_instrument"]["status"] == "unknown"


@pytest.mark.parametrize(
    ("price", "award"),
    [(12_345.67, "1234.56"), (12_345.60, "1234.56"), (12_345.69, "1234.56"), (0.09, "0.00")],
)
def test_a_rate_never_pays_a_fraction_of_a_fen_more_than_it_gives(
    tmp_path: Path, data_dir: Path, price: float, award: str
) -> None:
    # 10% of 12,345.67 元 is 1,234.567 元: rounding to the nearest fen would pay 0.3 fen the
    # rate does not give; the amount is cut to the whole fen.
    found = awards(
        tmp_path,
        2025,
        BAIYIN,
        events=[event("I", "新增仪器设备纳入共享平台", "2025-03-01", price)],
    )
    assert yuan(found["baiyin_policy_list.shared_instrument"]) == award


# ── seed 000 第14段: 每项10万元 ───────────────────────────────────────────────────────────────
def test_tech_transfer_pays_each_project_once(tmp_path: Path, data_dir: Path) -> None:
    found = awards(
        tmp_path,
        2025,
        BAIYIN,
        events=[
            event("T1", "技术转移转化项目", "2025-03-01", 项目="甲"),
            event("T2", "技术转移转化项目", "2025-05-01", 项目="乙"),
            event("T3", "技术转移转化项目", "2025-07-01", 项目="甲"),
        ],
    )
    paid = [yuan(r) for r in found["baiyin_policy_list.tech_transfer"]["all"]]
    assert paid == ["100000.00", "100000.00", "0.00"]


# ── seed 000 第16段: 对主持制定国际标准、国家标准、行业标准的企事业单位 最高20万元 ─────────
# A 主持制定标准 event also records units ranked among the drafting units (115号 counts the
# first five as 主导); only the first drafting unit is certainly the one that 主持.
# Lower ranks wait (待定).
@pytest.mark.parametrize(
    ("rank", "status", "top"),
    [(1, "eligible", "200000.00"), (2, "unknown", "200000.00"), (6, "unknown", "200000.00")],
)
def test_standard_award_is_certain_only_for_the_unit_that_led(
    tmp_path: Path, data_dir: Path, rank: int, status: str, top: str
) -> None:
    found = awards(
        tmp_path,
        2025,
        BAIYIN,
        events=[event("S", "主持制定标准", "2025-03-01", 级别="国家标准", 排名=rank)],
    )
    row = found["baiyin_policy_list.standard_setting"]
    assert (row["status"], yuan(row, "min"), yuan(row)) == (status, "0.00", top)


def test_a_local_standard_gets_nothing_whatever_the_rank(tmp_path: Path, data_dir: Path) -> None:
    found = awards(
        tmp_path,
        2025,
        BAIYIN,
        events=[event("S", "主持制定标准", "2025-03-01", 级别="地方标准", 排名=1)],
    )
    assert "baiyin_policy_list.standard_setting" not in found


# ── seed 000 第17段: 科研助理每月最高3000元; 高级、中级职称每人最高3000元 ─────────────────────────
def test_research_assistant_and_professional_title(tmp_path: Path, data_dir: Path) -> None:
    found = awards(
        tmp_path,
        2025,
        BAIYIN,
        events=[
            event("R", "科研助理岗位聘用", "2025-01-01", 人数=2, 月数=12),
            event("T1", "取得专业技术职称", "2025-03-01", 人数=3, 级别="中级"),
            event("T2", "取得专业技术职称", "2025-03-01", 人数=3, 级别="初级"),
            event("T3", "取得专业技术职称", "2025-03-01", 人数=1, 级别="正高级"),
            event("T4", "取得专业技术职称", "2025-03-01", 人数=2, 级别="副高级"),
        ],
    )
    assert yuan(found["baiyin_policy_list.research_assistant"]) == "72000.00"
    titles = found["baiyin_policy_list.professional_title"]["all"]
    # 正高级 and 副高级 are the two grades of 高级职称.
    assert [(t["trigger"][-2:], yuan(t)) for t in titles] == [
        ("T1", "9000.00"),
        ("T3", "3000.00"),
        ("T4", "6000.00"),
    ]


# 每月最高3000元 and 每人最高3000元 are caps times a count: without the count there is no cap,
# so the entitlement waits for it (待定) — never an eligible amount open upwards ("不少于0元").
@pytest.mark.parametrize(
    ("kind", "attrs"),
    [
        ("科研助理岗位聘用", {}),
        ("科研助理岗位聘用", {"人数": 2}),
        ("科研助理岗位聘用", {"月数": 12}),
        ("取得专业技术职称", {"级别": "中级"}),
    ],
)
def test_a_per_person_cap_without_the_count_waits(
    tmp_path: Path, data_dir: Path, kind: str, attrs: dict[str, Any]
) -> None:
    found = awards(tmp_path, 2025, BAIYIN, events=[event("R", kind, "2025-01-01", **attrs)])
    (row,) = [r for p, r in found.items() if p.startswith("baiyin_policy_list.")]
    assert row["status"] == "unknown"
    assert (yuan(row, "min"), yuan(row), yuan(row, "planned")) == (None, None, None)


def test_the_counts_given_the_per_person_caps_are_certain(tmp_path: Path, data_dir: Path) -> None:
    found = awards(
        tmp_path,
        2025,
        BAIYIN,
        events=[
            event("R", "科研助理岗位聘用", "2025-01-01", 人数=1, 月数=1),
            event("T", "取得专业技术职称", "2025-03-01", 人数=1, 级别="中级"),
        ],
    )
    assistant = found["baiyin_policy_list.research_assistant"]
    title = found["baiyin_policy_list.professional_title"]
    assert (assistant["status"], yuan(assistant, "min"), yuan(assistant)) == (
        "eligible",
        "0.00",
        "3000.00",
    )
    assert (title["status"], yuan(title, "min"), yuan(title)) == ("eligible", "0.00", "3000.00")


@pytest.mark.parametrize(
    ("attrs", "said"),
    [
        ({"人数": 1, "月数": 13}, "月数"),
        ({"人数": -1, "月数": 5}, "人数"),
        ({"人数": 1, "月数": 0.5}, "月数"),
    ],
)
def test_impossible_counts_are_refused(
    tmp_path: Path, data_dir: Path, attrs: dict[str, Any], said: str
) -> None:
    output = refused(
        tmp_path, 2025, BAIYIN, events=[event("R", "科研助理岗位聘用", "2025-01-01", **attrs)]
    )
    assert said in output


# ── 新认定 on a certificate already revoked: no document says it is paid; 待定, never certain ─────
@pytest.mark.parametrize(
    ("revoked_on", "status"), [("2025-09-01", "unknown"), ("2026-02-01", "eligible")]
)
def test_a_certificate_revoked_within_the_year_is_not_paid_as_certain(
    tmp_path: Path, data_dir: Path, revoked_on: str, status: str
) -> None:
    found = awards(
        tmp_path,
        2025,
        BAIYIN,
        qualifications=[
            certificate(
                "高新技术企业", "2025-03-01", "2028-02-28", status="已撤销", revoked_on=revoked_on
            )
        ],
    )
    assert found["gansu_zone_measures.new_hnte"]["status"] == status
    assert found["baiyin_policy_list.first_hnte"]["status"] == status


# ── A revoked certificate leaves a policy undecided only where it could apply at all ──────────
# Seed 000 is 白银高新区's list (reference 第一条: "在白银高新区内…注册和纳税"), seed 003
# 五(五)14 is 城关区's: a 兰州高新区 enterprise whose certificate was revoked is in
# neither place, so neither may list it — not even as 待定, whose 最高50万元 would stand
# in 白银高新区's budget among the pending (待定) amounts.
def test_a_revoked_certificate_does_not_open_another_places_policies(
    tmp_path: Path, data_dir: Path
) -> None:
    found = awards(
        tmp_path,
        2025,
        LANZHOU_ZONE,
        qualifications=[
            certificate(
                "高新技术企业", "2025-03-01", "2028-02-28", status="已撤销", revoked_on="2025-08-01"
            )
        ],
    )
    assert not [policy for policy in found if policy.startswith("baiyin_policy_list.")]
    assert not [policy for policy in found if policy.startswith("chengguan_doubling.")]
    # The province's own award stays undecided (措施10 is province-wide), as before.
    assert found["gansu_zone_measures.new_hnte"]["status"] == "unknown"


# ── A platform revoked within the year: as a revoked certificate, 待定, never certain ─────────
# Seed 000 科技孵化 "对新认定的国家级、省级科技企业孵化器给予最高50万元补贴" says nothing of a
# recognition revoked soon after; paying its 最高50万元 as certain would pay for a
# recognition that no longer stands. Revoked only after the year: paid as before.
@pytest.mark.parametrize(
    ("revoked_on", "status"), [("2025-09-01", "unknown"), ("2026-02-01", "eligible")]
)
def test_a_platform_revoked_within_the_year_is_not_paid_as_certain(
    tmp_path: Path, data_dir: Path, revoked_on: str, status: str
) -> None:
    incubator = {
        "kind": "科技企业孵化器",
        "level": "国家级",
        "name": "白银某孵化器",
        "recognised_on": "2025-03-01",
        "status": "已撤销",
        "status_on": revoked_on,
    }
    found = awards(tmp_path, 2025, BAIYIN, platforms=[incubator])
    assert found["baiyin_policy_list.new_incubator"]["status"] == status
    assert yuan(found["baiyin_policy_list.new_incubator"]) == "500000.00"


def test_an_expired_platform_was_still_newly_recognised(tmp_path: Path, data_dir: Path) -> None:
    incubator = {
        "kind": "科技企业孵化器",
        "level": "省级",
        "name": "白银某孵化器",
        "recognised_on": "2025-03-01",
        "status": "已过期",
        "status_on": "2025-12-01",
    }
    found = awards(tmp_path, 2025, BAIYIN, platforms=[incubator])
    assert found["baiyin_policy_list.new_incubator"]["status"] == "eligible"


# ── 重新认定 before the earlier certificate's last year: 待定, never 10万元 certain ──────────
# Seed 003 五(五)14 pays 10万元 "重新认定的每家": since 2016 there is no 复审, a firm applies again
# when its three-year certificate runs out (国科发火〔2016〕195号; reference §1.5), so the new
# certificate comes in the old one's third calendar year (a certificate dated in January may be
# renewed late in the year before it expires) or later. A second certificate issued sooner is no
# such renewal — a duplicate record, a wrong date — and paying 10万元 of provincial money on it as
# certain would pay for a renewal that cannot have been. Renewed 2025: an earlier certificate of
# 2024-01-01 is too young, one of 2023-12-31 is in its third year.
@pytest.mark.parametrize(
    ("earlier", "expires", "status"),
    [
        ("2024-06-01", "2027-05-31", "unknown"),
        ("2024-01-01", "2026-12-31", "unknown"),
        ("2023-12-31", "2026-12-30", "eligible"),
        ("2023-01-01", "2026-01-01", "eligible"),
        ("2022-11-01", "2025-10-31", "eligible"),
    ],
)
def test_a_renewal_before_the_earlier_certificates_last_year_is_not_paid_as_certain(
    tmp_path: Path, data_dir: Path, earlier: str, expires: str, status: str
) -> None:
    found = awards(
        tmp_path,
        2025,
        CHENGGUAN,
        qualifications=[
            {**certificate("高新技术企业", earlier, expires), "certificate_no": "G1"},
            {**certificate("高新技术企业", "2025-10-15", "2028-10-14"), "certificate_no": "G2"},
        ],
    )
    renewal = found["chengguan_doubling.renewed_hnte"]
    assert renewal["status"] == status
    assert yuan(renewal) == "100000.00"
    assert "chengguan_doubling.first_hnte" not in found


def test_a_renewal_after_a_move_while_the_moved_certificate_runs_is_not_certain(
    tmp_path: Path, data_dir: Path
) -> None:
    """A 陕西 certificate of 2024 brought into 城关 in 2025 (20万元, 五(一)3) and a second
    certificate later that year: the move is paid, the "renewal" is not certain."""
    found = awards(
        tmp_path,
        2025,
        CHENGGUAN,
        qualifications=[
            {**certificate("高新技术企业", "2024-03-01", "2027-02-28"), "certificate_no": "GSX"},
            {**certificate("高新技术企业", "2025-11-01", "2028-10-31"), "certificate_no": "GCG"},
        ],
        events=[event("M", "整体迁入", "2025-09-01", 迁出省份="陕西省", 迁出城市="西安市")],
    )
    assert found["chengguan_doubling.relocated_hnte"]["status"] == "eligible"
    assert yuan(found["chengguan_doubling.relocated_hnte"]) == "200000.00"
    assert found["chengguan_doubling.renewed_hnte"]["status"] == "unknown"


# ── A place known by its city, without a zone code: another city's zone lists stay out ────
# 白银政策清单 第一条 "在白银高新区内…注册和纳税", 城关 seed 003 is 兰州市城关区's: a
# profile that says 甘肃省天水市 (or 广西柳州市) and no zone code is in neither, yet both were
# listed as 待定 — 白银's 首次认定 最高50万元 among the pending amounts of a firm that cannot
# be in 白银. A firm in 白银市 with no zone code may be in 白银高新区 or not: 待定 as before.
@pytest.mark.parametrize(
    ("province", "city", "baiyin"),
    [
        ("甘肃省", "天水市", None),
        ("广西壮族自治区", "柳州市", None),
        ("甘肃省", "白银市", "unknown"),
    ],
)
def test_a_city_outside_a_zones_city_does_not_open_its_lists(
    tmp_path: Path, data_dir: Path, province: str, city: str, baiyin: str | None
) -> None:
    found = awards(
        tmp_path,
        2025,
        {"province": province, "city": city},
        qualifications=[certificate("高新技术企业", "2025-03-01", "2028-02-28")],
    )
    assert found.get("baiyin_policy_list.first_hnte", {}).get("status") == baiyin
    assert not [policy for policy in found if policy.startswith("chengguan_doubling.")]


# 195号 五(六)3: a firm whose title is cancelled cannot apply again in the same year, so a new
# certificate in the year of the revocation is no renewal to pay as certain; the next year's is.
@pytest.mark.parametrize(
    ("renewed", "status"), [("2025-10-15", "unknown"), ("2026-10-15", "eligible")]
)
def test_a_renewal_in_the_year_of_a_revocation_is_not_paid_as_certain(
    tmp_path: Path, data_dir: Path, renewed: str, status: str
) -> None:
    earlier = certificate("高新技术企业", "2022-06-01", "2025-05-31", status="已撤销")
    found = awards(
        tmp_path,
        int(renewed[:4]),
        CHENGGUAN,
        qualifications=[
            {**earlier, "certificate_no": "G1", "revoked_on": "2025-03-01"},
            {**certificate("高新技术企业", renewed, "2029-10-14"), "certificate_no": "G2"},
        ],
    )
    assert found["chengguan_doubling.renewed_hnte"]["status"] == status
    assert yuan(found["chengguan_doubling.renewed_hnte"]) == "100000.00"


def test_a_certificate_of_november_renewed_in_october_three_years_on_is_paid(
    tmp_path: Path, data_dir: Path
) -> None:
    # The ordinary renewal (2023-11 → 2026-10, a month before the first expires) stays certain.
    found = awards(
        tmp_path,
        2026,
        CHENGGUAN,
        qualifications=[
            {**certificate("高新技术企业", "2023-11-01", "2026-10-31"), "certificate_no": "G1"},
            {**certificate("高新技术企业", "2026-10-15", "2029-10-14"), "certificate_no": "G2"},
        ],
    )
    assert found["chengguan_doubling.renewed_hnte"]["status"] == "eligible"


# A count input takes (full-width, 1.0, "1", 1,000) was stored as typed and read by the award as
# no count at all: the entitlement waited (待定) on a count the officer had given.
@pytest.mark.parametrize(
    "attrs",
    [{"人数": "１", "月数": 1}, {"人数": 1, "月数": 1.0}, {"人数": "1", "月数": "1.00"}],
)
def test_a_count_written_otherwise_is_the_count_input_took(
    tmp_path: Path, data_dir: Path, attrs: dict[str, Any]
) -> None:
    found = awards(
        tmp_path, 2025, BAIYIN, events=[event("R", "科研助理岗位聘用", "2025-01-01", **attrs)]
    )
    assistant = found["baiyin_policy_list.research_assistant"]
    assert (assistant["status"], yuan(assistant)) == ("eligible", "3000.00")
