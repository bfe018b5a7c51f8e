"""A caller's scope in fulfilment's own reads: fund pools, notices by number, a 责任单位's cases."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from techzone.access import Role, Scope
from techzone.awards.catalogue import Catalogue
from techzone.fulfilment import funds, publicity, review
from techzone.fulfilment.cases import get_case, list_cases
from techzone.fulfilment.errors import FulfilmentError
from techzone.model import FulfilmentCase
from techzone.store import Store
from tests.fulfilment.conftest import (
    ALL,
    CONTACT,
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

OWN_ZONE = Scope(role=Role.ZONE, zone="GS-BY")
OTHER_ZONE = Scope(role=Role.ZONE, zone="GS-LZ")
OTHER_PARK = Scope(role=Role.PARK, zone="GS-BY", park="NO-SUCH-PARK")
UNIT = Scope(role=Role.UNIT, zone="GS-BY", unit="白银高新区科技发展局")


def _deal(ref: str) -> dict[str, Any]:
    return {"ref": ref, "kind": "技术转移转化项目", "occurred_on": "2025-03-10"}


def _approved_deal(store: Store, catalogue: Catalogue) -> int:
    sync(store, catalogue, records(plain(events=[_deal("TT-1")])))
    (case,) = cases(store, TRANSFER)
    confirm(store, case.id)
    approve_all(store, case.id, catalogue)
    return case.id


def test_another_zone_sees_none_of_a_zones_fund_pools(store: Store, catalogue: Catalogue) -> None:
    sync(store, catalogue, records(plain(events=[_deal("TT-1")])))  # 白银 has a case to draw
    with store.transaction() as session:
        funds.set_pool(
            session, ALL, OFFICER, TRANSFER, 2025, "zone", Decimal("250000"), owner="GS-BY"
        )
    _approved_deal(store, catalogue)
    with store.transaction() as session:
        assert funds.status(session, OTHER_ZONE, 2025) == []
        (own,) = funds.status(session, OWN_ZONE, 2025)
        assert (own.key, own.committed) == (TRANSFER, Decimal("100000.00"))
        assert len(funds.status(session, ALL, 2025)) == 1


def test_a_notice_is_closed_only_by_a_caller_who_sees_all_its_cases(
    store: Store, catalogue: Catalogue
) -> None:
    _approved_deal(store, catalogue)
    with store.transaction() as session:
        number = publicity.publish(
            session, ALL, OFFICER, date(2026, 3, 2), today=date(2026, 3, 2), contact=CONTACT
        ).number
    for outsider in (OTHER_ZONE, OTHER_PARK):
        with store.transaction() as session, pytest.raises(FulfilmentError, match="没有公示"):
            publicity.close(session, outsider, number, OFFICER, date(2026, 3, 10))
    with store.transaction() as session:
        assert publicity.close(session, OWN_ZONE, number, OFFICER, date(2026, 3, 10))


def test_a_notice_spanning_parks_is_not_closed_by_one_parks_officer(
    store: Store, catalogue: Catalogue
) -> None:
    sync(store, catalogue, records(plain(events=[_deal("TT-1"), _deal("TT-2")])))
    first, second = sorted(c.id for c in cases(store, TRANSFER))
    for case_id in (first, second):
        confirm(store, case_id)
        approve_all(store, case_id, catalogue)
    with store.transaction() as session:
        number = publicity.publish(
            session, ALL, OFFICER, date(2026, 3, 2), today=date(2026, 3, 2), contact=CONTACT
        ).number
        # The same notice lists cases of two parks.
        for case_id, park in ((first, "GS-BY-P1"), (second, "GS-BY-P2")):
            held = session.get(FulfilmentCase, case_id)
            assert held is not None
            held.park_code = park
    own_park = Scope(role=Role.PARK, zone="GS-BY", park="GS-BY-P1")
    with store.transaction() as session, pytest.raises(FulfilmentError, match="权限范围外"):
        publicity.close(session, own_park, number, OFFICER, date(2026, 3, 10))
    assert {c.state for c in cases(store, TRANSFER)} == {"publicised"}


def test_a_public_notice_is_not_public_before_its_publication_day(
    store: Store, catalogue: Catalogue
) -> None:
    _approved_deal(store, catalogue)
    with store.transaction() as session:
        number = publicity.publish(
            session, ALL, OFFICER, date(2026, 3, 9), today=date(2026, 3, 2), contact=CONTACT
        ).number
    with store.transaction() as session:
        with pytest.raises(FulfilmentError, match="没有公示"):
            publicity.public_notice(session, ALL, number, catalogue, today=date(2026, 3, 6))
        shown = publicity.public_notice(session, ALL, number, catalogue, today=date(2026, 3, 9))
    assert [row.amount for row in shown.rows] == [Decimal("100000.00")]
    assert not {"uscc", "bank_account", "bank_name"} & set(vars(shown.rows[0]))


def test_a_unit_sees_only_the_cases_that_reached_its_review_step(
    store: Store, catalogue: Catalogue
) -> None:
    sync(store, catalogue, records(plain(events=[_deal("TT-1"), _deal("TT-2")])))
    first, second = sorted(c.id for c in cases(store, TRANSFER))
    confirm(store, first)
    confirm(store, second)
    with store.transaction() as session:
        assert list_cases(session, UNIT) == []
        for _ in range(2):  # 园区初审, 高新区审核: now at 财政复核, the unit's step
            review.approve(session, ALL, first, OFFICER, MATCHED_ON, catalogue=catalogue)
    with store.transaction() as session:
        assert [c.id for c in list_cases(session, UNIT)] == [first]
        review.approve(session, UNIT, first, OFFICER, MATCHED_ON, catalogue=catalogue)
    with store.transaction() as session:
        # Approved by the unit: still its case; the other one never reached it.
        assert [c.id for c in list_cases(session, UNIT)] == [first]
        with pytest.raises(FulfilmentError, match="权限范围"):
            review.approve(session, UNIT, second, OFFICER, MATCHED_ON, catalogue=catalogue)


@pytest.mark.parametrize("number", [0, -1, 2**63, 10**21])
def test_a_case_number_no_row_can_have_is_not_found(store: Store, number: int) -> None:
    # Typed at the command line, 10**21 reached the driver and was an internal error.
    with store.transaction() as session, pytest.raises(FulfilmentError, match="没有编号为"):
        get_case(session, ALL, number)
