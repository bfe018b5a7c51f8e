"""The batch path (records from the store) and the single path (a profile) agree exactly."""

from __future__ import annotations

from datetime import date
from typing import Any

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from techzone.demo.identity import synthetic_uscc
from techzone.io.sheets import (
    AwardEventRow,
    EnterpriseRow,
    IncidentRow,
    IntellectualPropertyRow,
    ParkRow,
    PlatformRow,
    QualificationRow,
    Sheet,
    YearlyFiguresRow,
    ZoneRow,
)
from techzone.io.writer import write_rows
from techzone.rules.assess import assess_all, assess_enterprise, assess_profile
from techzone.rules.frame import build_frame
from techzone.rules.loader import PackSet, load_packs
from techzone.rules.profile import parse_profile, profile_records
from techzone.rules.records import UnknownEnterprise, UnknownZone, read_records
from techzone.store import Store

USCC = synthetic_uscc(42)
AS_OF = date(2026, 6, 30)

PROFILE: dict[str, Any] = {
    "uscc": USCC,
    "name": "白银示例新材料有限公司",
    "registered_on": "2019-05-10",
    "resident": True,
    "tech_field": "新材料",
    "industry_code": "C3985",
    "ownership": "民营",
    "above_scale": True,
    "listing": "未上市",
    "zone_code": "Z",
    "province": "甘肃省",
    "city": "白银市",
    "zone_level": "省级",
    "park": "一园",
    "figures": {
        "2023": {
            "employees": 120.5,
            "tech_staff": 20,
            "main_business_income": 30000000,
            "other_business_income": 0.5,
            "rd_expense": 1500000,
            "domestic_rd_expense": 1500000,
            "total_assets": 50000000,
            "liabilities": 20000000,
        },
        "2025": {
            "employees": 140.25,
            "tech_staff": 25,
            "main_business_income": 50000000,
            "other_business_income": 0,
            "rd_expense": 2500000.01,
            "domestic_rd_expense": 2400000,
            "gross_income": 52000000,
            "non_taxable_income": 0,
            "high_tech_income": 40000000,
            "total_assets": 70000000,
            "liabilities": 25000000,
        },
    },
    "ip": [
        {
            "kind": "发明专利",
            "number": "ZL1",
            "granted_on": "2022-03-01",
            "acquisition": "自主研发",
            "status": "有效",
            "used_for_hnte": False,
        },
        {
            "kind": "实用新型专利",
            "number": "ZL2",
            "granted_on": "2022-03-01",
            "acquisition": "受让",
            "status": "有效",
            "used_for_hnte": True,
        },
    ],
    "qualifications": [
        {
            "kind": "科技型中小企业",
            "level": "国家级",
            "certificate_no": "2026620400000042",
            "issued_on": "2026-04-01",
            "expires_on": "2026-12-31",
            "status": "有效",
        }
    ],
    "platforms": [
        {
            "kind": "企业技术中心",
            "level": "省级",
            "name": "省级企业技术中心",
            "recognised_on": "2021-01-01",
        }
    ],
    "events": [
        {
            "ref": "P1",
            "kind": "科学技术奖",
            "occurred_on": "2024-01-10",
            "attributes": {"级别": "国家级", "排名": 2},
        }
    ],
    "incidents": [{"kind": "重大质量事故", "occurred_on": "2025-12-01"}],
}


def _stored(store: Store) -> None:
    figures = PROFILE["figures"]
    rows: dict[type[Sheet], list[Any]] = {
        ZoneRow: [
            ZoneRow.model_validate(
                {
                    "code": "Z",
                    "name": "示例高新区",
                    "level": "省级",
                    "province": "甘肃省",
                    "city": "白银市",
                }
            )
        ],
        ParkRow: [ParkRow.model_validate({"zone_code": "Z", "code": "P", "name": "一园"})],
        EnterpriseRow: [
            EnterpriseRow.model_validate(
                {
                    "uscc": USCC,
                    "name": PROFILE["name"],
                    "zone_code": "Z",
                    "park_code": "P",
                    "registered_on": PROFILE["registered_on"],
                    "industry_code": "C3985",
                    "tech_field": "新材料",
                    "ownership": "民营",
                    "above_scale": True,
                    "listing": "未上市",
                }
            )
        ],
        YearlyFiguresRow: [
            YearlyFiguresRow.model_validate({"uscc": USCC, "year": int(year), **values})
            for year, values in figures.items()
        ],
        IntellectualPropertyRow: [
            IntellectualPropertyRow.model_validate({"uscc": USCC, **i}) for i in PROFILE["ip"]
        ],
        QualificationRow: [
            QualificationRow.model_validate({"uscc": USCC, **q}) for q in PROFILE["qualifications"]
        ],
        PlatformRow: [
            PlatformRow.model_validate({"uscc": USCC, **p}) for p in PROFILE["platforms"]
        ],
        AwardEventRow: [
            AwardEventRow.model_validate({"uscc": USCC, **e}) for e in PROFILE["events"]
        ],
        IncidentRow: [
            IncidentRow.model_validate({"uscc": USCC, **i}) for i in PROFILE["incidents"]
        ],
    }
    with store.transaction() as session:
        write_rows(session, rows)


@pytest.fixture(scope="module")
def packs() -> PackSet:
    return load_packs()


def test_the_two_paths_build_the_same_frame(store: Store, packs: PackSet) -> None:
    _stored(store)
    with store.transaction() as session:
        from_store = build_frame(read_records(session, uscc=USCC), AS_OF, packs.declarations)
    from_profile = build_frame(
        profile_records(parse_profile(PROFILE), packs.declarations), AS_OF, packs.declarations
    )
    # Declarations are not stored records: compare every input the register can hold.
    inputs = [c for c in from_store.columns if c not in packs.declarations]
    assert_frame_equal(from_store.select(inputs), from_profile.select(inputs))
    row = from_store.row(0, named=True)
    assert row["sales_revenue_y1"] == 3_000_000_050  # fen: 30,000,000.50 yuan, exact
    assert row["rd_expense_y2"] is None  # 2024 not reported: unknown, not zero
    assert row["employees_y3"] == 140.25
    assert (row["ip_class1_count"], row["ip_class2_count"], row["ip_class2_unused_count"]) == (
        1,
        1,
        0,
    )
    assert row["holds_tech_sme"] is True and row["holds_hnte"] is False
    assert row["provincial_rd_platform"] is True and row["rd_platform_level"] == 2
    assert row["national_prize_top3_5y"] is True
    assert row["major_incidents_365d"] == 1


def test_single_and_batch_verdicts_agree(store: Store, packs: PackSet) -> None:
    _stored(store)
    with store.transaction() as session:
        single = assess_enterprise(session, packs, USCC, AS_OF)
        assessor, evaluated = assess_all(session, packs, AS_OF)
    batch = assessor.explain(evaluated.row(0, named=True))
    profile = assess_profile(packs, parse_profile(PROFILE), AS_OF)
    assert single == batch
    statuses = {q["id"]: q["status"] for q in single["qualifications"]}
    assert statuses == {q["id"]: q["status"] for q in profile["qualifications"]}
    hnte = next(q for q in single["qualifications"] if q["id"] == "hnte")
    assert hnte["status"] == "ineligible"  # the quality accident of 2025-12-01 is within 365 days
    verdicts = assessor.verdicts(evaluated)
    assert verdicts.filter(pl.col("uscc") == USCC)["hnte.unmet"].to_list() == [
        "申请认定前一年内未发生重大安全、重大质量事故或严重环境违法行为"
    ]


def test_unknown_enterprise_and_zone_are_clear_errors(sqlite_store: Store, packs: PackSet) -> None:
    with sqlite_store.transaction() as session:
        with pytest.raises(UnknownEnterprise, match="没有统一社会信用代码为"):
            assess_enterprise(session, packs, USCC, AS_OF)
        with pytest.raises(UnknownZone, match="NOPE"):
            assess_all(session, packs, AS_OF, zone="NOPE")
