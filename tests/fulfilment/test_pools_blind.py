"""Blind cases on a fund pool's three figures — budget, committed, paid — at the fen.

白银政策清单 第19段 (seed 000): "给予取得信贷支持企业最高20万元贴息支持", never more than the
interest paid; 第14段: "每项10万元". The pool is the zone's, for award year 2025.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from techzone.access import Role, Scope
from techzone.awards.catalogue import Catalogue
from techzone.fulfilment import funds, payments, publicity, review
from techzone.fulfilment.errors import FulfilmentError
from techzone.store import Store
from tests.fulfilment.conftest import (
    ALL,
    CONTACT,
    LOAN,
    MATCHED_ON,
    OFFICER,
    TRANSFER,
    approve_all,
    cases,
    confirm,
    plain,
    records,
    sync,
)

BAIYIN = Scope(role=Role.ZONE, zone="GS-BY")
LANZHOU = Scope(role=Role.ZONE, zone="GS-LZ")
YEAR = 2025
PUBLISHED = date(2026, 3, 2)


def _figures(store: Store, scope: Scope = BAIYIN) -> list[tuple[str, Decimal, Decimal, Decimal]]:
    with store.transaction() as session:
        return [(p.key, p.budget, p.committed, p.paid) for p in funds.status(session, scope, YEAR)]


def _pool(store: Store, key: str, budget: str) -> None:
    with store.transaction() as session:
        funds.set_pool(session, BAIYIN, OFFICER, key, YEAR, "zone", Decimal(budget))


def _last_step(store: Store, case_id: int, catalogue: Catalogue) -> None:
    with store.transaction() as session:
        done = review.approve(session, ALL, case_id, OFFICER, MATCHED_ON, catalogue=catalogue)
    assert done.final


def test_a_loan_one_fen_over_the_cap_is_approved_at_the_cap_and_a_pool_a_fen_short_refuses_it(
    store: Store, catalogue: Catalogue, tmp_path: Path
) -> None:
    loan = {"ref": "L1", "kind": "贷款贴息", "occurred_on": "2025-06-30", "amount": 200_000.01}
    sync(store, catalogue, records(plain(events=[loan])))
    (case,) = cases(store, LOAN)
    confirm(store, case.id)
    with pytest.raises(FulfilmentError, match="不在应享范围"):
        approve_all(store, case.id, catalogue, Decimal("200000.01"), "按实付利息核定")
    _pool(store, LOAN, "199999.99")
    with pytest.raises(FulfilmentError, match="超出预算"):
        approve_all(store, case.id, catalogue, Decimal("200000.00"), "按上限核定")
    assert _figures(store) == [(LOAN, Decimal("199999.99"), Decimal("0"), Decimal("0"))]
    _pool(store, LOAN, "200000.00")
    # The first two steps stand; only the last (财政复核), refused for the budget, is taken again.
    _last_step(store, case.id, catalogue)
    assert _figures(store) == [(LOAN, Decimal("200000.00"), Decimal("200000.00"), Decimal("0"))]
    # Another zone's administrator sees none of it.
    assert _figures(store, LANZHOU) == []
    with store.transaction() as session:
        number = publicity.publish(
            session, ALL, OFFICER, PUBLISHED, today=PUBLISHED, contact=CONTACT
        ).number
    with store.transaction() as session:
        publicity.close(session, ALL, number, OFFICER, date(2026, 3, 10))
        payments.export_batch(
            session, ALL, OFFICER, "zone", tmp_path / "b.xlsx", catalogue=catalogue
        )
    with store.transaction() as session:
        payments.record_payment(
            session, ALL, case.id, OFFICER, date(2026, 3, 20), "PZ-1", today=date(2026, 12, 1)
        )
    assert _figures(store) == [
        (LOAN, Decimal("200000.00"), Decimal("200000.00"), Decimal("200000.00"))
    ]


def test_two_deals_fill_a_pool_of_exactly_their_sum(store: Store, catalogue: Catalogue) -> None:
    events = [
        {"ref": f"TT-{n}", "kind": "技术转移转化项目", "occurred_on": f"2025-0{n}-10"}
        for n in (3, 4, 5)
    ]
    sync(store, catalogue, records(plain(events=events)))
    found = sorted(c.id for c in cases(store, TRANSFER))
    for case_id in found:
        confirm(store, case_id)
    _pool(store, TRANSFER, "200000")
    approve_all(store, found[0], catalogue)
    approve_all(store, found[1], catalogue)
    assert _figures(store) == [(TRANSFER, Decimal("200000.00"), Decimal("200000.00"), Decimal("0"))]
    with pytest.raises(FulfilmentError, match="超出预算"):
        approve_all(store, found[2], catalogue)
    _pool(store, TRANSFER, "299999.99")
    with pytest.raises(FulfilmentError, match="超出预算"):
        _last_step(store, found[2], catalogue)
    assert _figures(store)[0][2] == Decimal("200000.00")
