"""A malformed profile is refused naming the field; a missing field is unknown, not zero."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from techzone.rules.assess import assess_profile
from techzone.rules.frame import FIGURES_SCHEMA, IP_SCHEMA
from techzone.rules.loader import PackSet, load_packs
from techzone.rules.profile import (
    ProfileError,
    facts_out_of_bounds,
    parse_profile,
    profile_records,
    profile_schema,
    read_profile,
)


@pytest.fixture(scope="module")
def packs() -> PackSet:
    return load_packs()


def _refused(data: Any, packs: PackSet) -> str:
    with pytest.raises(ProfileError) as raised:
        assess_profile(packs, parse_profile(data), date(2026, 6, 30))
    return str(raised.value)


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        ({"registered_on": "2019-02-30"}, "registered_on：「2019-02-30」不是有效日期"),
        (
            {"figures": {"2025": {"main_business_income": -1}}},
            "figures.2025.main_business_income：不能为负数",
        ),
        ({"figures": {"2025": {"employees": "很多"}}}, "figures.2025.employees：「很多」不是数字"),
        (
            {"figures": {"2025": {"employees": 10, "tech_staff": 11}}},
            "科技人员数（11.00）不得大于职工总数（10.00）",
        ),
        ({"revenue": 1}, "revenue：未知字段"),
        ({"uscc": "91620400000000001X"}, "校验位错误"),
        ({"tech_field": "农业"}, "不在允许的取值中"),
        ({"ip": {"kind": "发明专利"}}, "ip：应为列表"),
        ({"declarations": {"hnte_tech_advancement_band": "Z"}}, "档次应为 A、B、C、D、E 之一"),
        ({"declarations": {"hnte_rd_management_score": 21}}, "不能大于20"),
        ({"declarations": {"market_share": 12}}, "不能大于1（以比例填写，如12%写作0.12）"),
        ({"declarations": {"hnte_rd_management_score": True}}, "应为数字"),
        ({"declarations": {"hnte_conversions_3y": 2.5}}, "是项数，应填写整数"),
        ({"declarations": {"no_such_thing": 1}}, "未知的声明事项"),
    ],
)
def test_malformed_profiles_name_the_field(data: Any, fragment: str, packs: PackSet) -> None:
    assert fragment in _refused(data, packs)


def test_a_missing_field_is_unknown_and_named(packs: PackSet) -> None:
    trace = assess_profile(packs, parse_profile({"registered_on": "2019-01-01"}), date(2026, 6, 30))
    hnte = next(q for q in trace["qualifications"] if q["id"] == "hnte")
    criteria = {c["id"]: c for c in hnte["criteria"]}
    assert hnte["status"] == "unknown"
    assert criteria["registered_one_year"]["status"] == "eligible"
    assert criteria["tech_staff_share"]["status"] == "unknown"
    assert any("tech_staff_y3" in name for name in criteria["tech_staff_share"]["missing"])


def test_unreadable_files_are_clear_errors(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(ProfileError, match=r"不是有效的 JSON（第1行第2列有误）"):
        read_profile(broken)
    with pytest.raises(ProfileError, match="文件不存在"):
        read_profile(tmp_path / "absent.json")


def test_the_schema_lists_every_declaration(packs: PackSet) -> None:
    schema = profile_schema(packs.declarations)
    declared = schema["properties"]["declarations"]["properties"]
    assert set(declared) == set(packs.declarations)
    assert declared["hnte_tech_advancement_band"]["enum"] == ["A", "B", "C", "D", "E"]
    assert json.loads(json.dumps(schema, ensure_ascii=False)) == schema


def test_each_profile_gets_record_tables_of_its_own(packs: PackSet) -> None:
    none = profile_records(parse_profile({"ip": [], "figures": {}}), packs.declarations)
    some = profile_records(
        parse_profile(
            {
                "ip": [
                    {
                        "kind": "发明专利",
                        "number": "ZL1",
                        "granted_on": "2022-03-01",
                        "acquisition": "自主研发",
                        "status": "有效",
                        "used_for_hnte": False,
                    }
                ],
                "figures": {"2025": {"employees": 3}},
            }
        ),
        packs.declarations,
    )
    again = profile_records(parse_profile({"ip": [], "figures": {}}), packs.declarations)
    assert (none.ip.height, some.ip.height, again.ip.height) == (0, 1, 0)
    assert (none.figures.height, some.figures.height, again.figures.height) == (0, 1, 0)
    assert none.ip.schema == pl.Schema(IP_SCHEMA) and none.figures.schema == pl.Schema(
        FIGURES_SCHEMA
    )
    # Empty tables are new each time: growing one leaves the next profile's empty.
    none.ip.vstack(some.ip, in_place=True)
    assert (none.ip.height, again.ip.height) == (1, 0)
    assert profile_records(parse_profile({}), packs.declarations).incidents.height == 0


def test_a_profile_declaration_is_the_enterprise_own_for_this_assessment(packs: PackSet) -> None:
    data = {
        "declarations": {
            "tech_sme_not_on_abnormal_lists": False,
            "equity_financing_2y": 20000000.5,
            "hnte_tech_advancement_band": "b",
        }
    }
    trace = assess_profile(packs, parse_profile(data), date(2026, 6, 30))
    tech_sme = next(q for q in trace["qualifications"] if q["id"] == "tech_sme")
    listed = next(c for c in tech_sme["criteria"] if c["id"] == "not_on_abnormal_lists")
    assert listed["status"] == "ineligible"
    assert listed["declared"] == [
        {
            "name": "tech_sme_not_on_abnormal_lists",
            "label": "未列入经营异常名录和严重违法失信企业名单",
            "value": False,
            "source": "enterprise",
            "source_label": "企业声明",
            "declared_on": None,
        }
    ]
    hnte = next(q for q in trace["qualifications"] if q["id"] == "hnte")
    assert [(d["name"], d["value"]) for d in hnte["declarations"]] == [
        ("hnte_tech_advancement_band", "B")
    ]
    records = profile_records(parse_profile(data), packs.declarations)
    money = records.declarations.filter(pl.col("item") == "equity_financing_2y")["value"]
    assert money.to_list() == ["20000000.5"]


def test_a_profile_money_declaration_with_three_decimals_is_refused(packs: PackSet) -> None:
    data = {"declarations": {"gazelle_base_year_revenue": 1.005}}
    assert "最多两位小数" in _refused(data, packs)


def test_a_fact_in_the_future_is_found_as_an_import_finds_it() -> None:
    """A founding day, accounting year, grant or incident after today (+30 days) is a typing
    mistake, not a fact (techzone.bounds): the import refuses it, and the self-assessment refuses
    it by these paths, or it counts a firm founded next year or a patent granted next year."""
    today = date.today()
    later = (today + timedelta(days=400)).isoformat()
    patent: dict[str, Any] = {"kind": "发明专利", "number": "ZL1", "granted_on": later}
    patent |= {"acquisition": "自主研发", "status": "有效", "used_for_hnte": False}
    profile = parse_profile(
        {
            "registered_on": later,
            "figures": {str(today.year + 1): {"employees": 10}},
            "ip": [patent],
            "incidents": [{"kind": "重大安全事故", "occurred_on": later}],
        }
    )
    found = dict(facts_out_of_bounds(profile))
    assert set(found) == {
        ("registered_on",),
        ("figures", today.year + 1),
        ("ip", 0, "granted_on"),
        ("incidents", 0, "occurred_on"),
    }
    assert "未来" in found[("registered_on",)]
    # the other side: today is a fact, and this year is an accounting year
    this_year = {str(today.year): {"employees": 10}}
    fine = parse_profile({"registered_on": today.isoformat(), "figures": this_year})
    assert facts_out_of_bounds(fine) == []
    # and the day the caller says is today decides
    assert facts_out_of_bounds(profile, today + timedelta(days=400)) == []


def test_non_taxable_income_above_gross_income_is_named_itself() -> None:
    # 总收入 = 收入总额 − 不征税收入 (195号 三(四)2): 不征税收入 is part of 收入总额. Typed
    # larger, the refusal named only 高新技术产品(服务)收入 against a negative 总收入, not the
    # figure typed wrong.
    wrong = {"gross_income": 50_000_000, "non_taxable_income": 60_000_000}
    with pytest.raises(ProfileError) as raised:
        parse_profile({"figures": {"2025": wrong}})
    assert any("不征税收入" in p and "不得大于收入总额" in p for p in raised.value.problems), (
        raised.value.problems
    )
    # the other side: all of it non-taxable is consistent (总收入 0)
    parse_profile(
        {"figures": {"2025": {"gross_income": 50_000_000, "non_taxable_income": 50_000_000}}}
    )
