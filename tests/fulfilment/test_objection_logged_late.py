"""An objection received within the 公示 period but logged after the notice was closed.

reference/official-layout.md: a notice names a contact for objections, and the public may object
until the period's last day. A letter posted or handed in on that day can reach the officer's
desk after the notice was closed and its cases sent to payment. It was refused ("不在公示中"),
and the case went on to be paid with a timely objection never examined. A case still waiting for
payment is held like one in 公示; one already in a batch or paid is not silently passed over:
the refusal says what to do. The deal (seed 000 第14段 每项10万元) is published on Monday
2026-03-02 for 5 working days, to Monday 2026-03-09, and closed on 2026-03-10.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from techzone.awards.catalogue import Catalogue
from techzone.fulfilment import payments, publicity
from techzone.fulfilment.errors import FulfilmentError
from techzone.fulfilment.states import State
from techzone.store import Store
from tests.fulfilment.conftest import (
    ALL,
    CONTACT,
    OFFICER,
    TRANSFER,
    approve_all,
    cases,
    confirm,
    plain,
    records,
    sync,
)

PUBLISHED = date(2026, 3, 2)
LAST_DAY = date(2026, 3, 9)


def _closed(store: Store, catalogue: Catalogue) -> tuple[int, str]:
    event = {"ref": "TT-1", "kind": "技术转移转化项目", "occurred_on": "2025-03-10"}
    sync(store, catalogue, records(plain(events=[event])))
    (case,) = cases(store, TRANSFER)
    confirm(store, case.id)
    approve_all(store, case.id, catalogue)
    with store.transaction() as session:
        number = publicity.publish(
            session, ALL, OFFICER, PUBLISHED, today=PUBLISHED, contact=CONTACT
        ).number
    with store.transaction() as session:
        publicity.close(session, ALL, number, OFFICER, date(2026, 3, 10), today=date(2026, 3, 10))
    assert cases(store, TRANSFER)[0].state == State.TO_PAY
    return case.id, number


def _object(store: Store, case_id: int, received_on: date) -> int:
    with store.transaction() as session:
        return publicity.object_to(
            session,
            ALL,
            case_id,
            OFFICER,
            text="该项目未实际转化",
            raised_by="王某",
            received_on=received_on,
        ).id


def test_an_objection_of_the_last_day_logged_after_closing_holds_the_case(
    store: Store, catalogue: Catalogue, tmp_path: Path
) -> None:
    case_id, _ = _closed(store, catalogue)
    objection = _object(store, case_id, LAST_DAY)
    (held,) = cases(store, TRANSFER)
    assert held.state == State.ON_HOLD
    assert held.hold_reason == publicity.OBJECTION_HOLD
    # Held, it is in no batch.
    with store.transaction() as session, pytest.raises(FulfilmentError, match="没有待支付"):
        payments.export_batch(session, ALL, OFFICER, "zone", tmp_path / "b.xlsx")
    with store.transaction() as session:
        publicity.resolve(
            session,
            ALL,
            objection,
            OFFICER,
            upheld=False,
            resolution="经核实已转化",
            on=date(2026, 3, 12),
        )
    assert cases(store, TRANSFER)[0].state == State.TO_PAY


def test_an_objection_upheld_after_closing_is_not_paid(store: Store, catalogue: Catalogue) -> None:
    case_id, _ = _closed(store, catalogue)
    objection = _object(store, case_id, PUBLISHED)
    with store.transaction() as session:
        publicity.resolve(
            session,
            ALL,
            objection,
            OFFICER,
            upheld=True,
            resolution="经核实未转化",
            on=date(2026, 3, 12),
        )
    assert cases(store, TRANSFER)[0].state == State.REJECTED


def test_an_objection_received_after_the_period_is_still_refused(
    store: Store, catalogue: Catalogue
) -> None:
    case_id, _ = _closed(store, catalogue)
    with pytest.raises(FulfilmentError, match="不在公示期"):
        _object(store, case_id, date(2026, 3, 10))
    assert cases(store, TRANSFER)[0].state == State.TO_PAY


def test_a_timely_objection_on_a_case_in_a_batch_says_to_withdraw_it(
    store: Store, catalogue: Catalogue, tmp_path: Path
) -> None:
    case_id, _ = _closed(store, catalogue)
    with store.transaction() as session:
        payments.export_batch(session, ALL, OFFICER, "zone", tmp_path / "b.xlsx")
    with pytest.raises(FulfilmentError, match="撤出支付批次"):
        _object(store, case_id, LAST_DAY)
    assert cases(store, TRANSFER)[0].state == State.IN_BATCH


def test_an_objection_received_after_today_is_refused(store: Store, catalogue: Catalogue) -> None:
    """A received day still to come is a typing slip: it cannot be within the period yet."""
    case_id, _ = _closed(store, catalogue)
    with store.transaction() as session, pytest.raises(FulfilmentError, match="晚于今天"):
        publicity.object_to(
            session,
            ALL,
            case_id,
            OFFICER,
            text="该项目未实际转化",
            raised_by="王某",
            received_on=LAST_DAY,
            today=date(2026, 3, 8),
        )
    assert cases(store, TRANSFER)[0].state == State.TO_PAY
    # The day itself is today: logged.
    with store.transaction() as session:
        publicity.object_to(
            session,
            ALL,
            case_id,
            OFFICER,
            text="该项目未实际转化",
            raised_by="王某",
            received_on=LAST_DAY,
            today=LAST_DAY,
        )
    assert cases(store, TRANSFER)[0].state == State.ON_HOLD


@pytest.mark.parametrize(
    ("on", "message"),
    [(date(2026, 3, 8), "早于异议收到日期"), (date(2026, 3, 13), "晚于今天")],
)
def test_an_objection_resolved_before_it_came_or_ahead_of_today_is_refused(
    store: Store, catalogue: Catalogue, on: date, message: str
) -> None:
    case_id, _ = _closed(store, catalogue)
    objection = _object(store, case_id, LAST_DAY)
    with store.transaction() as session, pytest.raises(FulfilmentError, match=message):
        publicity.resolve(
            session,
            ALL,
            objection,
            OFFICER,
            upheld=True,
            resolution="经核实未转化",
            on=on,
            today=date(2026, 3, 12),
        )
    assert cases(store, TRANSFER)[0].state == State.ON_HOLD
    # The day it came is a day it may be resolved.
    with store.transaction() as session:
        publicity.resolve(
            session,
            ALL,
            objection,
            OFFICER,
            upheld=True,
            resolution="经核实未转化",
            on=LAST_DAY,
            today=date(2026, 3, 12),
        )
    assert cases(store, TRANSFER)[0].state == State.REJECTED
