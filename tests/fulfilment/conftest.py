"""Enterprises of 白银高新区 as profiles, and helpers to take their cases along the loop.

Amounts come from the seeds: 甘肃 措施10 (seed 001) "一次性奖补20万元" for a newly recognised
high-tech enterprise, paid by the province; 白银政策清单 (seed 000 第12段) "最高50万元" for a
first recognition, 第14段 "每项10万元" per tech-transfer deal, 第19段 "最高20万元贴息" per
enterprise — the zone pays.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from techzone.access import Scope
from techzone.audit import Actor
from techzone.awards.catalogue import Catalogue, load_catalogue
from techzone.fulfilment import review
from techzone.fulfilment.cases import Synced, list_cases, sync_cases
from techzone.fulfilment.objections import contact
from techzone.model import FulfilmentCase
from techzone.rules.frame import Records
from techzone.rules.profile import parse_profile, profile_records
from techzone.store import Store

A = "91620400000000001U"
B = "91620400000000002Y"
BAIYIN = {"zone_code": "GS-BY", "province": "甘肃省", "city": "白银市", "park": "银南工业园"}
OFFICER = Actor("经办人张三")
# Who receives objections on the notices the tests publish (test data, not a real office).
CONTACT = contact("白银高新区管委会科技发展局", person="李四", phone="0943-1234567")
ALL = Scope.everything()
MATCHED_ON = date(2026, 3, 2)  # a Monday, a working day
NEW_HNTE = "gansu_zone_measures.new_hnte"
FIRST_HNTE = "baiyin_policy_list.first_hnte"
TRANSFER = "baiyin_policy_list.tech_transfer"
LOAN = "baiyin_policy_list.loan_interest"


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return load_catalogue()


def hnte(uscc: str = A, name: str = "白银甲新材料有限公司") -> dict[str, Any]:
    return {
        **BAIYIN,
        "uscc": uscc,
        "name": name,
        "registered_on": "2015-01-01",
        "qualifications": [
            {
                "kind": "高新技术企业",
                "level": "国家级",
                "certificate_no": "GR202562000001",
                "issued_on": "2025-11-01",
                "expires_on": "2028-10-31",
                "status": "有效",
            }
        ],
    }


def plain(uscc: str = A, name: str = "白银乙科技有限公司", **extra: Any) -> dict[str, Any]:
    return {**BAIYIN, "uscc": uscc, "name": name, "registered_on": "2015-01-01", **extra}


def records(*profiles: dict[str, Any]) -> Records:
    loaded = [profile_records(parse_profile(p), {}) for p in profiles]
    if len(loaded) == 1:
        return loaded[0]
    import polars as pl

    return Records(
        **{
            name: pl.concat([getattr(r, name) for r in loaded], how="vertical_relaxed")
            for name in (
                "enterprises",
                "figures",
                "ip",
                "qualifications",
                "platforms",
                "events",
                "incidents",
                "declarations",
            )
        }
    )


def sync(
    store: Store,
    catalogue: Catalogue,
    found: Records,
    on: date = MATCHED_ON,
    year: int = 2025,
) -> Synced:
    with store.transaction() as session:
        return sync_cases(session, ALL, on, OFFICER, year=year, catalogue=catalogue, records=found)


def cases(store: Store, policy: str | None = None) -> list[FulfilmentCase]:
    with store.transaction() as session:
        found = list_cases(session, ALL, policy=policy)
        session.expunge_all()
        return found


def confirm(store: Store, case_id: int) -> None:
    with store.transaction() as session:
        review.confirm(
            session,
            ALL,
            case_id,
            OFFICER,
            bank_name="中国银行白银分行",
            bank_account="6216 6100 0000 1234 567",
            consent=True,
        )


def approve_all(
    store: Store,
    case_id: int,
    catalogue: Catalogue,
    amount: Decimal | None = None,
    reason: str | None = None,
) -> review.Approved:
    """Through every step of the default chain (园区初审 → 高新区审核 → 财政复核)."""
    done = None
    for index in range(3):
        with store.transaction() as session:
            done = review.approve(
                session,
                ALL,
                case_id,
                OFFICER,
                MATCHED_ON,
                amount=amount if index == 0 else None,
                reason=reason if index == 0 else None,
                catalogue=catalogue,
            )
    assert done is not None
    return done
