"""Cases for the fulfilment pages' tests: a newly recognised HNTE in 白银高新区 becomes two cases.

From the seeds (as tests/fulfilment): 甘肃 措施10 "一次性奖补20万元" (免申即享, the province pays)
and 白银政策清单 第12段 "最高50万元" for a first recognition (申报: a reviewer fixes the amount,
the zone pays). Each call makes a new enterprise (a fresh, valid USCC), so tests never share a
case; the enterprise's account is a ``fresh_client(Role.ENTERPRISE, Binding(zone, uscc))``.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from stdnum.cn import uscc as uscc_check

from techzone.access import Role, Scope
from techzone.accounts import Binding
from techzone.accounts.demo import DEMO_PARK, DEMO_ZONE
from techzone.audit import Actor
from techzone.fulfilment import worklist
from techzone.fulfilment.cases import list_cases, sync_cases
from techzone.model import Park, Zone
from techzone.rules.profile import parse_profile, profile_records
from techzone.store import Store

NEW_HNTE = "gansu_zone_measures.new_hnte"
FIRST_HNTE = "baiyin_policy_list.first_hnte"
MATCHED_ON = date(2026, 3, 2)  # a Monday, a working day
OTHER_PARK = "XQ"
# Who receives objections on the notices the tests publish (test data, not a real office).
CONTACT = {"unit": "白银高新区管委会科技发展局", "person": "李四", "phone": "0943-1234567"}
CONTACT_FORM = {f"contact_{name}": value for name, value in CONTACT.items()}
_serial = itertools.count(1)


def fresh_uscc() -> str:
    base = f"91620400MA{next(_serial):07d}"
    return base + uscc_check.calc_check_digit(base)


@dataclass(frozen=True)
class Made:
    uscc: str
    name: str
    auto: int  # the 免申即享 case (20万元, province)
    apply: int  # the 申报 case (最高50万元, zone); 0 where the zone's policy does not reach

    def binding(self) -> Binding:
        return Binding(zone=DEMO_ZONE, uscc=self.uscc)


def _matched(session: Session, uscc: str, name: str, park_name: str | None, hnte: bool) -> None:
    """Match the enterprise's cases for 2025 from its profile (with or without its HNTE)."""
    qualification = {
        "kind": "高新技术企业",
        "level": "国家级",
        "certificate_no": f"GR2025620{uscc[-5:]}",
        "issued_on": "2025-11-01",
        "expires_on": "2028-10-31",
        "status": "有效",
    }
    profile = {
        "zone_code": DEMO_ZONE,
        "province": "甘肃省",
        "city": "白银市",
        "park": park_name,
        "uscc": uscc,
        "name": name,
        "registered_on": "2015-01-01",
        "qualifications": [qualification] if hnte else [],
    }
    sync_cases(
        session,
        Scope.everything(),
        MATCHED_ON,
        Actor("测试经办人"),
        year=2025,
        catalogue=worklist.catalogue(),
        records=profile_records(parse_profile(profile), {}),
    )


def _park_name(session: Session, park: str) -> str | None:
    return session.scalar(
        select(Park.name).join(Zone).where(Zone.code == DEMO_ZONE, Park.code == park)
    )


def make_cases(store: Store, park: str = DEMO_PARK, uscc: str | None = None) -> Made:
    uscc = uscc or fresh_uscc()
    name = f"白银测试{uscc[-6:]}新材料有限公司"
    with store.transaction() as session:
        _matched(session, uscc, name, _park_name(session, park), hnte=True)
        found = {c.policy_id: c.id for c in list_cases(session, Scope(uscc=uscc))}
    return Made(uscc, name, found[NEW_HNTE], found.get(FIRST_HNTE, 0))


def strike_recognition(store: Store, made: Made, park: str = DEMO_PARK) -> None:
    """The enterprise's HNTE recognition struck from its records: its awards are withdrawn."""
    with store.transaction() as session:
        _matched(session, made.uscc, made.name, _park_name(session, park), hnte=False)


@pytest.fixture
def new_cases(web_store: Store, web_app: object) -> Callable[..., Made]:
    """``new_cases()``: a new enterprise in the demo park with its two pending cases."""

    def make(park: str = DEMO_PARK) -> Made:
        return make_cases(web_store, park)

    return make


__all__ = [
    "FIRST_HNTE",
    "NEW_HNTE",
    "Made",
    "Role",
    "make_cases",
    "new_cases",
    "strike_recognition",
]


ACCOUNT = {
    "bank_name": "中国银行白银分行",
    "bank_account": "6216610000001234567",
    "consent": "true",
}


def set_day(clock: Any, day: date, hour: int = 2) -> None:
    """Move the app's clock to ``day`` (``hour`` UTC: morning in Beijing); log in afterwards."""
    target = datetime.combine(day, time(hour), tzinfo=UTC)
    clock.advance(target - clock())


def take_to_approved(
    case_id: int, enterprise: Any, client_as: Callable[[Role], Any], amount: str = ""
) -> None:
    """Confirmed by the enterprise, then 园区初审 → 高新区审核 → 财政复核 by their roles."""
    answer = enterprise.form_post(
        f"/fulfilment/cases/{case_id}/confirm", ACCOUNT, follow_redirects=False
    )
    assert answer.status_code == 303, answer.text
    first = {"amount": amount, "reason": "按研发投入核定"} if amount else {}
    for role, data in ((Role.PARK, first), (Role.ZONE, {}), (Role.UNIT, {})):
        step = client_as(role).form_post(
            f"/fulfilment/cases/{case_id}/approve", data, follow_redirects=False
        )
        assert step.status_code == 303, step.text
