"""A second, adversarial review of the money (reviewmoney): the same thing typed two ways must
not be two things that are each paid. Through ``techzone awards --profile … --json`` as in
``test_money_audit``; seeds 000 (白银政策清单) and 001 (甘肃 若干措施).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl
import pytest
from sqlalchemy import select

from techzone.awards.calculate import entitlements
from techzone.awards.catalogue import Catalogue, load_catalogue
from techzone.model import AwardEvent
from techzone.rules.records import read_records
from techzone.store import Store
from tests.awards.test_money_audit import BAIYIN, USCC, awards, certificate, event, yuan

ASSISTANT = "baiyin_policy_list.research_assistant"


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue()


# ── seed 000 第14段 "每项10万元": one award per 项目 however its name is spaced ──────────────────
def test_a_project_named_with_spaces_is_the_same_project(tmp_path: Path, data_dir: Path) -> None:
    found = awards(
        tmp_path,
        2025,
        BAIYIN,
        events=[
            event("T1", "技术转移转化项目", "2025-03-01", 项目="甲"),
            event("T2", "技术转移转化项目", "2025-05-01", 项目=" 甲 "),
            # An ideographic space, as a Chinese keyboard types it.
            event("T3", "技术转移转化项目", "2025-07-01", 项目="\u3000甲"),
        ],
    )
    paid = [yuan(r) for r in found["baiyin_policy_list.tech_transfer"]["all"]]
    assert paid == ["100000.00", "0.00", "0.00"]


def test_a_blank_project_is_no_project_name_not_one_shared_project(
    tmp_path: Path, data_dir: Path
) -> None:
    # Left blank ("" as much as absent), each event is its own item, as an event without the
    # attribute is; a blank is never one project shared by every blank event.
    found = awards(
        tmp_path,
        2025,
        BAIYIN,
        events=[
            event("T1", "技术转移转化项目", "2025-03-01", 项目=""),
            event("T2", "技术转移转化项目", "2025-05-01", 项目=""),
            event("T3", "技术转移转化项目", "2025-07-01", 项目=" "),
            event("T4", "技术转移转化项目", "2025-09-01"),
        ],
    )
    paid = [yuan(r) for r in found["baiyin_policy_list.tech_transfer"]["all"]]
    assert paid == ["100000.00"] * 4


# ── seed 001 措施5: 最高300万元 per project ──────────────────────────────────────────────────
def test_a_key_projects_cap_is_not_doubled_by_a_space(tmp_path: Path, data_dir: Path) -> None:
    found = awards(
        tmp_path,
        2025,
        BAIYIN,
        events=[
            event("K1", "国家科技重大专项/重点研发计划项目", "2025-03-01", 30_000_000, 项目="P"),
            event("K2", "国家科技重大专项/重点研发计划项目", "2025-06-01", 30_000_000, 项目="P "),
        ],
    )
    paid = [yuan(r) for r in found["gansu_zone_measures.national_key_project"]["all"]]
    assert paid == ["3000000.00", "0.00"]


# ── seed 001 措施10 "对引入的独角兽企业、瞪羚企业" from outside the province ────────────────────
def test_a_move_within_the_province_typed_with_a_space_is_not_from_outside(
    tmp_path: Path, data_dir: Path
) -> None:
    found = awards(
        tmp_path,
        2025,
        BAIYIN,
        qualifications=[certificate("瞪羚企业", "2024-03-01", "2027-02-28", level="省级")],
        events=[event("M", "整体迁入", "2025-09-01", 迁出省份="甘肃省 ")],
    )
    assert "gansu_zone_measures.high_growth_brought_in" not in found
    # From outside (广东省), typed with a space too, it is paid: 100万元.
    found = awards(
        tmp_path,
        2025,
        BAIYIN,
        qualifications=[certificate("瞪羚企业", "2024-03-01", "2027-02-28", level="省级")],
        events=[event("M", "整体迁入", "2025-09-01", 迁出省份=" 广东省")],
    )
    assert yuan(found["gansu_zone_measures.high_growth_brought_in"]) == "1000000.00"


# ── seed 000 第17段 "每月最高3000元": counts already in a store before they were checked ─────────
def _stored_hires(store: Store, attributes: dict[str, dict[str, int]]) -> None:
    from techzone.io.sheets import AwardEventRow, EnterpriseRow, ParkRow, ZoneRow
    from techzone.io.writer import write_rows

    rows: dict[Any, list[Any]] = {
        ZoneRow: [
            ZoneRow.model_validate(
                {
                    "code": "GS-BY",
                    "name": "白银高新技术产业开发区",
                    "level": "国家级",
                    "province": "甘肃省",
                    "city": "白银市",
                }
            )
        ],
        ParkRow: [
            ParkRow.model_validate({"zone_code": "GS-BY", "code": "YN", "name": "银南工业园"})
        ],
        EnterpriseRow: [
            EnterpriseRow.model_validate(
                {
                    "uscc": USCC,
                    "name": "白银甲科技有限公司",
                    "zone_code": "GS-BY",
                    "park_code": "YN",
                    "registered_on": "2015-01-01",
                    "industry_code": "C3985",
                    "tech_field": "新材料",
                    "ownership": "民营",
                    "above_scale": True,
                    "listing": "未上市",
                }
            )
        ],
        AwardEventRow: [
            AwardEventRow.model_validate(
                {
                    "uscc": USCC,
                    "ref": ref,
                    "kind": "科研助理岗位聘用",
                    "occurred_on": "2025-01-01",
                    "属性": {"人数": 1, "月数": 1},
                }
            )
            for ref in attributes
        ],
    }
    with store.transaction() as session:
        write_rows(session, rows)
    # Rows imported before 人数/月数 were checked on input (today's upgrade) keep what was typed.
    with store.transaction() as session:
        for event in session.scalars(select(AwardEvent)):
            event.attributes = attributes[event.ref]


def test_counts_stored_before_the_input_check_pay_no_impossible_amount(
    store: Store, catalogue: Catalogue
) -> None:
    _stored_hires(
        store,
        {
            "R13": {"人数": 1, "月数": 13},
            "RNEG": {"人数": -1, "月数": 12},
            "R12": {"人数": 2, "月数": 12},
        },
    )
    with store.transaction() as session:
        records = read_records(session, uscc=USCC)
    found = entitlements(catalogue, records, 2025)
    rows = {
        r["trigger_id"].rsplit(":", 1)[1]: r
        for r in found.filter(pl.col("policy_id") == ASSISTANT).to_dicts()
    }
    # 2人 × 12月 × 3000元 is paid; 13 months of one year and -1 persons are no count at all,
    # as if not given: no amount (none can be approved) until an officer corrects them —
    # not 13 × 3000元, nor a negative amount.
    assert (rows["R12"]["status"], rows["R12"]["amount_max"]) == ("eligible", 72_000 * 100)
    for ref in ("R13", "RNEG"):
        assert rows[ref]["amount_max"] is None, rows[ref]
