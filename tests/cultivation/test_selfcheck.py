"""The self-assessment's core: the same verdicts as ``assess --profile``, the next question of
``cultivation.questions``, a plan dated back from the batch, awards each with its clause."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from techzone.awards.catalogue import Catalogue, load_catalogue
from techzone.cultivation.calendar import YearCalendar
from techzone.cultivation.selfcheck import self_assess
from techzone.rules.assess import assess_profile
from techzone.rules.loader import PackSet, load_packs
from techzone.rules.profile import ProfileError, parse_profile

AS_OF = date(2026, 6, 30)
# docs/profile.md's example.
EXAMPLE: dict[str, Any] = {
    "uscc": "91620400000000001U",
    "registered_on": "2019-05-10",
    "resident": True,
    "tech_field": "新材料",
    "ownership": "民营",
    "above_scale": True,
    "listing": "未上市",
    "figures": {
        "2023": {"employees": 120, "tech_staff": 20, "main_business_income": 30000000,
                 "other_business_income": 0, "rd_expense": 1500000, "domestic_rd_expense": 1500000,
                 "total_assets": 50000000, "liabilities": 20000000},
        "2024": {"employees": 130, "tech_staff": 22, "main_business_income": 40000000,
                 "other_business_income": 0, "rd_expense": 2000000, "domestic_rd_expense": 2000000,
                 "total_assets": 60000000, "liabilities": 24000000},
        "2025": {"employees": 140, "tech_staff": 25, "main_business_income": 50000000,
                 "other_business_income": 0, "rd_expense": 2500000, "domestic_rd_expense": 2400000,
                 "gross_income": 52000000, "non_taxable_income": 0, "high_tech_income": 40000000,
                 "total_assets": 70000000, "liabilities": 25000000},
    },
    "ip": [{"kind": "发明专利", "number": "ZL202110000001", "granted_on": "2022-03-01",
            "acquisition": "自主研发", "status": "有效", "used_for_hnte": False}],
    "incidents": [],
    "declarations": {"hnte_tech_advancement_band": "B", "hnte_core_support_band": "B",
                     "hnte_conversions_3y": 9, "hnte_rd_management_score": 14},
}  # fmt: skip
CANCELLED = {
    "kind": "高新技术企业",
    "level": "国家级",
    "certificate_no": "GR202462000009",
    "issued_on": "2024-12-01",
    "expires_on": "2027-11-30",
    "status": "已撤销",
}


@pytest.fixture(scope="module")
def packs() -> PackSet:
    return load_packs()


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue()


def test_verdicts_are_those_of_assess_profile(packs: PackSet, catalogue: Catalogue) -> None:
    profile = parse_profile(EXAMPLE)
    result = self_assess(packs, catalogue, profile, AS_OF)
    trace = assess_profile(packs, profile, AS_OF)
    assert {q["id"]: q["status"] for q in result["qualifications"]} == {
        q["id"]: q["status"] for q in trace["qualifications"]
    }
    hnte = next(q for q in result["qualifications"] if q["id"] == "hnte")
    # docs/profile.md: unknown, waiting for the standards declaration; the experts' points decide.
    assert hnte["status"] == "unknown" and hnte["status_label"] == "待定"
    assert any("参与编制国家标准" in w for w in hnte["waiting"])
    assert result["next_question"] is not None


def test_without_a_calendar_the_plan_says_so(packs: PackSet, catalogue: Catalogue) -> None:
    result = self_assess(packs, catalogue, parse_profile(EXAMPLE), AS_OF)
    hnte = next(p for p in result["plan"] if p["qualification"] == "hnte")
    assert hnte["deadline"] is None and "按主管部门通知" in hnte["note"]


def test_the_plan_counts_back_from_the_next_batch(packs: PackSet, catalogue: Catalogue) -> None:
    from techzone.cultivation.calendar import _build, calendar_template

    def calendars(year: int) -> YearCalendar:
        return _build(calendar_template(), year, None, {})

    result = self_assess(packs, catalogue, parse_profile(EXAMPLE), AS_OF, calendars=calendars)
    hnte = next(p for p in result["plan"] if p["qualification"] == "hnte")
    deadline = hnte["deadline"]["on"]
    assert deadline >= AS_OF.isoformat()
    dated = [item["by"] for item in hnte["items"] if item["by"]]
    assert dated and all(AS_OF.isoformat() <= by <= deadline for by in dated)
    assert any("参与编制国家标准" in item["text"] for item in hnte["items"])


@pytest.mark.parametrize(
    ("change", "batch"),
    [
        # 195号 三(一): 注册成立一年以上 = 365 days on the day of application (the batch deadline).
        ({"registered_on": "2025-06-30"}, "2026-06-30"),
        ({"registered_on": "2025-07-01"}, "2026-08-15"),
        # 32号 第十一条(八): no major accident in the 365 days before it.
        ({"incidents": [{"kind": "重大安全事故", "occurred_on": "2025-07-15"}]}, "2026-08-15"),
        ({"incidents": [{"kind": "重大安全事故", "occurred_on": "2025-06-29"}]}, "2026-06-30"),
        # A year old on the last batch (2026-09-30) or a day short: then no 2026 batch is
        # reachable and the plan works to 2027's first (城关区方案 covers 2024—2027年).
        ({"registered_on": "2025-09-30"}, "2026-09-30"),
        ({"registered_on": "2025-10-01"}, "2027-06-30"),
        ({"incidents": [{"kind": "重大安全事故", "occurred_on": "2025-09-29"}]}, "2026-09-30"),
        ({"incidents": [{"kind": "重大安全事故", "occurred_on": "2025-10-01"}]}, "2027-06-30"),
        # 195号 五(六)3: cancelled HNTE status bars the year of cancellation only.
        ({"qualifications": [{**CANCELLED, "revoked_on": "2025-12-31"}]}, "2026-06-30"),
        ({"qualifications": [{**CANCELLED, "revoked_on": "2026-01-01"}]}, "2027-06-30"),
    ],
)
def test_the_plan_aims_at_the_first_batch_the_enterprise_can_make(
    packs: PackSet, catalogue: Catalogue, change: dict[str, Any], batch: str
) -> None:
    # A plan dated to the June batch for a firm that cannot be a year old (or a year clear of an
    # accident) by then is a date the rules do not support; the ladder aims at the later batch.
    from techzone.cultivation.calendar import _build, calendar_template

    def calendars(year: int) -> YearCalendar:
        return _build(calendar_template(), year, None, {})

    profile = parse_profile({**EXAMPLE, **change})
    result = self_assess(packs, catalogue, profile, date(2026, 5, 1), calendars=calendars)
    hnte = next(p for p in result["plan"] if p["qualification"] == "hnte")
    assert hnte["deadline"]["on"] == batch
    unmet = [item["text"] for item in hnte["items"] if item["text"].startswith("满足条件")]
    assert not any("注册成立一年以上" in text or "重大安全" in text for text in unmet)
    assert not any("未被取消" in text for text in unmet)
    assert all(item["by"] <= batch for item in hnte["items"])
    if batch.startswith("2027"):
        assert "2026年剩余批次均赶不上" in hnte["note"] and "2027年第一批" in hnte["note"]
    else:
        assert hnte["note"] is None


def test_after_the_plans_last_year_the_plan_has_no_date(
    packs: PackSet, catalogue: Catalogue
) -> None:
    # A day short of a year on 2027-09-30: 城关区方案 gives no 2028 batch, so none is promised.
    from techzone.cultivation.calendar import _build, calendar_template

    def calendars(year: int) -> YearCalendar:
        return _build(calendar_template(), year, None, {})

    profile = parse_profile({**EXAMPLE, "registered_on": "2026-10-01"})
    result = self_assess(packs, catalogue, profile, date(2027, 5, 1), calendars=calendars)
    hnte = next(p for p in result["plan"] if p["qualification"] == "hnte")
    assert hnte["deadline"] is None
    assert "2027年剩余批次均赶不上（注册成立一年以上）" in hnte["note"]
    assert "2028年的日期以当年通知为准" in hnte["note"]
    assert all(item["by"] is None for item in hnte["items"])


def test_a_profile_outside_gansu_is_given_no_chengguan_batch(
    packs: PackSet, catalogue: Catalogue
) -> None:
    # The batches are 兰州市城关区's (seed 003 四(三)); seed 004 gives 柳州 no calendar.
    from techzone.cultivation.calendar import _build, calendar_template

    def calendars(year: int) -> YearCalendar:
        return _build(calendar_template(), year, None, {})

    def hnte_plan(place: dict[str, str]) -> dict[str, Any]:
        profile = parse_profile({**EXAMPLE, **place})
        result = self_assess(packs, catalogue, profile, date(2026, 5, 1), calendars=calendars)
        return next(p for p in result["plan"] if p["qualification"] == "hnte")

    liuzhou = hnte_plan({"province": "广西壮族自治区", "city": "柳州市"})
    assert liuzhou["deadline"] is None and "按主管部门通知申报" in liuzhou["note"]
    assert all(item["by"] is None for item in liuzhou["items"])
    baiyin = hnte_plan({"province": "甘肃省", "city": "白银市"})
    assert baiyin["deadline"]["on"] == "2026-06-30"


def test_prospects_carry_their_clause_and_a_ruled_out_title_has_none(
    packs: PackSet, catalogue: Catalogue
) -> None:
    located = {**EXAMPLE, "province": "甘肃省", "city": "白银市"}
    result = self_assess(packs, catalogue, parse_profile(located), AS_OF)
    prospects = result["awards"]["prospects"]
    assert prospects and all(p["clause"] and p["document"] for p in prospects)
    ruled_out = {q["id"] for q in result["qualifications"] if q["status"] == "ineligible"}
    assert not {p["qualification"] for p in prospects} & ruled_out
    # A place named excludes the policies of other places (one left out excludes nothing).
    elsewhere = {**EXAMPLE, "province": "广东省", "city": "广州市", "zone_code": "GD-GZ"}
    far = self_assess(packs, catalogue, parse_profile(elsewhere), AS_OF)["awards"]["prospects"]
    assert not any("白银" in p["document"] or "甘" in p["document"] for p in far)


def test_an_unknown_declaration_is_a_profile_error(packs: PackSet, catalogue: Catalogue) -> None:
    with pytest.raises(ProfileError, match="未知的声明事项"):
        self_assess(packs, catalogue, parse_profile({"declarations": {"nope": 1}}), AS_OF)


def test_gazelle_elsewhere_is_undecided_with_no_plan_towards_it(
    packs: PackSet, catalogue: Catalogue
) -> None:
    from techzone.cultivation.calendar import _build, calendar_template

    def calendars(year: int) -> YearCalendar:
        return _build(calendar_template(), year, None, {})

    def gazelle(place: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        result = self_assess(
            packs, catalogue, parse_profile({**EXAMPLE, **place}), AS_OF, calendars=calendars
        )
        verdict = next(q for q in result["qualifications"] if q["id"] == "gazelle")
        plan = next(p for p in result["plan"] if p["qualification"] == "gazelle")
        return verdict, plan

    # 白银: the only criteria known are 黄埔区's; without an HNTE certificate it would fail them.
    baiyin = {"zone_code": "GS-BY", "province": "甘肃省", "city": "白银市", "qualifications": []}
    verdict, plan = gazelle(baiyin)
    assert verdict["status_label"] == "待定" and verdict["criteria"] == [] and verdict["gaps"] == []
    assert "不适用于本企业所在地区" in verdict["reason"]
    assert plan["items"] == [] and plan["deadline"] is None and plan["note"] == verdict["reason"]
    # Place unknown: the only thing to supply is where the enterprise is.
    verdict, plan = gazelle({})
    assert (
        verdict["status_label"] == "待定"
        and "无法确定现有瞪羚企业认定条件是否适用" in verdict["reason"]
    )
    assert [item["text"] for item in plan["items"]] == ["补齐数据：所在高新区（或县区）代码"]
    # 黄埔区: decided as the pack says (no HNTE certificate: 不符合), with the conditions open.
    huangpu = {"zone_code": "GD-HP", "province": "广东省", "city": "广州市", "qualifications": []}
    verdict, plan = gazelle(huangpu)
    assert verdict["status_label"] == "不符合"
    assert any(c["label"].startswith("属于高新技术企业") for c in verdict["criteria"])
    assert any(item["text"].startswith("满足条件：属于高新技术企业") for item in plan["items"])


def test_a_zone_s_own_calendar_keeps_its_dates_where_the_document_gives_none(
    packs: PackSet, catalogue: Catalogue
) -> None:
    # 城关区方案's dates are for 甘肃省: a 柳州 firm answered with the document's calendar is
    # dated by no batch. A zone's own calendar (its officers' dates, read for a zone of the
    # register) stands wherever the document's does not.
    from dataclasses import replace

    from techzone.cultivation.calendar import _build, calendar_template

    def document(year: int) -> YearCalendar:
        return _build(calendar_template(), year, None, {})

    def zone_own(year: int) -> YearCalendar:
        return replace(document(year), zone="GX-LZ")

    liuzhou = parse_profile({**EXAMPLE, "province": "广西壮族自治区", "city": "柳州市"})

    def hnte(calendars: Any) -> dict[str, Any]:
        result = self_assess(packs, catalogue, liuzhou, AS_OF, calendars=calendars)
        return dict(next(p for p in result["plan"] if p["qualification"] == "hnte"))

    assert hnte(document)["deadline"] is None
    assert hnte(zone_own)["deadline"] is not None


@pytest.mark.parametrize(
    ("issued_on", "batch", "year"),
    [
        # S-32 第九条: three years from issue, so the term ends the day before the anniversary.
        # Ends 2026-11-19, in the year: 城关区方案 四(一) "3年到期需复审", re-recognised in 2026.
        ("2023-11-20", "2026-06-30", None),
        # Ends 2026-12-31, still in the year; a day later it ends in 2027.
        ("2024-01-01", "2026-06-30", None),
        ("2024-01-02", None, 2027),
        ("2024-11-20", None, 2027),
    ],
)
def test_a_title_held_past_the_year_is_planned_for_its_expiry_year(
    packs: PackSet, catalogue: Catalogue, issued_on: str, batch: str | None, year: int | None
) -> None:
    # An enterprise holding HNTE until 2027 was told to apply by 2026-06-30 with materials
    # due in May: a date no document gives (the ladder plans re-recognition in the year the
    # certificate ends, 城关区方案 四(一)), and a year's audit fees spent for nothing.
    from techzone.cultivation.calendar import _build, calendar_template

    def calendars(year: int) -> YearCalendar:
        return _build(calendar_template(), year, None, {})

    held = {"kind": "高新技术企业", "level": "国家级", "certificate_no": "GR1",
            "issued_on": issued_on, "status": "有效"}  # fmt: skip
    profile = parse_profile({**EXAMPLE, "qualifications": [held]})
    result = self_assess(packs, catalogue, profile, date(2026, 5, 1), calendars=calendars)
    hnte = next(p for p in result["plan"] if p["qualification"] == "hnte")
    if batch is not None:
        assert hnte["deadline"]["on"] == batch
    else:
        assert hnte["deadline"] is None
        assert all(item["by"] is None for item in hnte["items"])
        assert f"{year}年" in hnte["note"] and "有效期至" in hnte["note"]


@pytest.mark.parametrize(
    ("main_income", "shown"),
    [
        # 79.9% of 营业收入 against 2号文's 80%: 0.1 of a percentage point short.
        (7_990_000, "主营业务收入占比还差0.1个百分点"),
        # 79.9999%: short by less than the 0.01 shown, still never said to be short by nothing.
        (7_999_990, "主营业务收入占比还差0.01个百分点"),
    ],
)
def test_a_share_short_of_its_threshold_is_said_in_percentage_points(
    packs: PackSet, catalogue: Catalogue, main_income: int, shown: str
) -> None:
    # An enterprise was told "主营业务收入占比还差0（比例）": short by nothing, yet not met.
    figures = {"main_business_income": main_income,
               "other_business_income": 10_000_000 - main_income}  # fmt: skip
    profile = parse_profile({"figures": {"2025": figures}})
    result = self_assess(packs, catalogue, profile, AS_OF)
    srdi = next(q for q in result["qualifications"] if q["id"] == "srdi_sme")
    assert shown in srdi["gaps"]


def test_no_staff_last_year_is_not_said_to_lack_no_tech_staff(
    packs: PackSet, catalogue: Catalogue
) -> None:
    # A firm with no staff in the year evaluated (founded this year) was told "科技人员还差约0人"
    # while 115号 第六条(五) was not met: no count of people closes a share of nobody.
    profile = parse_profile({"figures": {"2025": {"employees": 0, "tech_staff": 0}}})
    result = self_assess(packs, catalogue, profile, AS_OF)
    tech_sme = next(q for q in result["qualifications"] if q["id"] == "tech_sme")
    assert not any("还差约0人" in gap for gap in tech_sme["gaps"])
    assert any(
        c["status"] == "ineligible" and "科技人员指标" in c["label"] for c in tech_sme["criteria"]
    )
