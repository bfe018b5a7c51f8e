"""Money paid and owed back on cases whose recovery has begun or ended (session 9's review).

The case is 甘肃 措施10's 20万元 (seed 001 "一次性奖补20万元") for a newly recognised HNTE, paid by
the province; the recognition is then revoked (its ``revoked_on``), so nothing of it may be kept.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from techzone.awards.catalogue import Catalogue
from techzone.fulfilment import payments, publicity, recovery
from techzone.fulfilment.cases import get_case, history
from techzone.fulfilment.states import State
from techzone.model import InboxMessage
from techzone.store import Store
from tests.fulfilment.conftest import (
    ALL,
    CONTACT,
    NEW_HNTE,
    OFFICER,
    approve_all,
    cases,
    confirm,
    hnte,
    records,
    sync,
)
from tests.fulfilment.test_review_findings import _revoked

PUBLISHED, PAID_ON, TODAY = date(2026, 3, 2), date(2026, 3, 20), date(2026, 12, 1)


def _paid(store: Store, catalogue: Catalogue, tmp_path: Path) -> int:
    sync(store, catalogue, records(hnte()))
    case = next(c for c in cases(store) if c.policy_id == NEW_HNTE)
    confirm(store, case.id)
    approve_all(store, case.id, catalogue)
    with store.transaction() as session:
        number = publicity.publish(
            session, ALL, OFFICER, PUBLISHED, case_ids=[case.id], today=PUBLISHED, contact=CONTACT
        ).number
    with store.transaction() as session:
        publicity.close(session, ALL, number, OFFICER, date(2026, 3, 10), today=TODAY)
        payments.export_batch(session, ALL, OFFICER, "province", tmp_path / "b.xlsx",
                              catalogue=catalogue)  # fmt: skip
    with store.transaction() as session:
        done = payments.record_payment(session, ALL, case.id, OFFICER, PAID_ON, "PZ-1",
                                       today=TODAY)  # fmt: skip
        assert (done.state, done.amount) == (State.PAID, Decimal("200000.00"))
    return case.id


def _repay(store: Store, case_id: int, amount: str, voucher: str) -> State:
    with store.transaction() as session:
        done = recovery.record_repayment(session, ALL, case_id, OFFICER, amount=Decimal(amount),
                                         on=date(2026, 4, 1), voucher=voucher,
                                         today=TODAY)  # fmt: skip
        return State(done.state)


@pytest.mark.parametrize("returned", ["0", "50000"])
def test_a_recognition_revoked_after_a_partial_recovery_recovers_all_that_was_paid(
    store: Store, catalogue: Catalogue, tmp_path: Path, returned: str
) -> None:
    """5万 of the 20万 asked back by hand (a use found not to fit), then the recognition is
    revoked: all 20万 must come back. Only a paid case was acted on, so the recovery stayed at 5万
    and, once that was back, the case ended 已追回 with 15万 kept on a revoked recognition."""
    case_id = _paid(store, catalogue, tmp_path)
    with store.transaction() as session:
        recovery.open_recovery(session, ALL, case_id, OFFICER, reason="部分资金使用不符",
                               amount=Decimal("50000"))  # fmt: skip
    if returned != "0":
        assert _repay(store, case_id, returned, "TH-1") == State.RECOVERED
    sync(store, catalogue, records(_revoked()))
    with store.transaction() as session:
        case = get_case(session, ALL, case_id)
        assert (case.state, case.recovery_amount) == (State.RECOVERING, Decimal("200000.00"))
        last = history(session, ALL, case_id)[-1]
        assert last.action == "recovery" and "撤销" in (last.note or "")
        told = session.scalars(select(InboxMessage.body).where(InboxMessage.case_id == case_id))
        assert any("须退回已拨付资金共200,000.00元" in body for body in told)
    # Matched again: nothing more is asked, nothing written twice.
    assert sync(store, catalogue, records(_revoked())).revoked == 0
    with store.transaction() as session:
        assert get_case(session, ALL, case_id).recovery_amount == Decimal("200000.00")
    rest = str(Decimal(200000) - Decimal(returned))
    assert _repay(store, case_id, rest, "TH-2") == State.RECOVERED


def test_a_recovery_of_everything_is_left_alone_by_the_revocation(
    store: Store, catalogue: Catalogue, tmp_path: Path
) -> None:
    case_id = _paid(store, catalogue, tmp_path)
    with store.transaction() as session:
        recovery.open_recovery(session, ALL, case_id, OFFICER, reason="骗取资金")
    before = _history_length(store, case_id)
    assert sync(store, catalogue, records(_revoked())).revoked == 1  # the zone's pending case
    assert _history_length(store, case_id) == before
    assert _repay(store, case_id, "200000", "TH-1") == State.RECOVERED
    sync(store, catalogue, records(_revoked()))
    with store.transaction() as session:
        assert get_case(session, ALL, case_id).state == State.RECOVERED


def _history_length(store: Store, case_id: int) -> int:
    with store.transaction() as session:
        return len(history(session, ALL, case_id))


def test_a_case_recovered_in_part_can_be_asked_for_the_rest_by_hand(
    store: Store, catalogue: Catalogue, tmp_path: Path
) -> None:
    """5万 asked back and returned: 已追回 with 15万 kept. A fraud is then found (or the rest is
    returned of the enterprise's own accord): only a 已支付 case could be recovered, and money
    back could not be recorded on the case at all — nor, now, beside it. The recovery is opened
    again for at most what is still out, what came back counted."""
    from techzone.access import Role, Scope
    from techzone.awards import ledger
    from techzone.fulfilment import worklist
    from techzone.fulfilment.errors import FulfilmentError

    zone = Scope(role=Role.ZONE, zone="GS-BY")
    case_id = _paid(store, catalogue, tmp_path)
    with store.transaction() as session:
        recovery.open_recovery(session, ALL, case_id, OFFICER, reason="部分资金使用不符",
                               amount=Decimal("50000"))  # fmt: skip
    assert _repay(store, case_id, "50000", "TH-1") == State.RECOVERED
    with store.transaction() as session:
        case = get_case(session, ALL, case_id)
        assert worklist.RECOVER in worklist.actions(case, zone)
        assert case_id not in {c.id for c in worklist.waiting_for(session, zone)}
        with pytest.raises(ledger.LedgerError, match="须在案件中登记"):
            ledger.pay(session, case.entitlement_id, Decimal("-150000"), date(2026, 5, 1),
                       "TH-2", "经办人")  # fmt: skip
    with store.transaction() as session, pytest.raises(FulfilmentError, match="尚未退回的150,000"):
        recovery.open_recovery(session, ALL, case_id, OFFICER, reason="骗取资金",
                               amount=Decimal("150000.01"))  # fmt: skip
    with store.transaction() as session:
        case = recovery.open_recovery(session, ALL, case_id, OFFICER, reason="骗取资金")
        assert (case.state, case.recovery_amount) == (State.RECOVERING, Decimal("200000.00"))
        last = history(session, ALL, case_id)[-1]
        assert (last.from_state, last.to_state) == (State.RECOVERED, State.RECOVERING)
        assert recovery.opened_message(session, case) == "已启动追回150,000.00元，已通知企业"
        told = session.scalars(select(InboxMessage.body).where(InboxMessage.case_id == case_id))
        assert any("须退回已拨付资金共200,000.00元" in body for body in told)
    assert _repay(store, case_id, "150000", "TH-2") == State.RECOVERED
    with store.transaction() as session:
        case = get_case(session, ALL, case_id)
        assert worklist.RECOVER not in worklist.actions(case, zone)
        with pytest.raises(FulfilmentError, match="已全部追回"):
            recovery.open_recovery(session, ALL, case_id, OFFICER, reason="骗取资金")


def test_money_returned_on_an_award_now_undecided_is_recorded(
    store: Store, catalogue: Catalogue, tmp_path: Path
) -> None:
    """Paid at the approved amount when the loan's interest was no longer known (待定): the
    officer checks, finds it not owed and opens the recovery the history asks for. The money
    returned must be recorded: the ledger refused every payment on a 待定 entitlement, money
    back included, so it came back unaccounted for."""
    from tests.fulfilment.test_pools import _batched_then_lowered, _loan

    case_id = _batched_then_lowered(store, catalogue, tmp_path)
    undecided = {k: v for k, v in _loan(1).items() if k != "amount"}
    from tests.fulfilment.conftest import plain

    sync(store, catalogue, records(plain(events=[undecided])))
    with store.transaction() as session:
        payments.record_payment(session, ALL, case_id, OFFICER, PAID_ON, "PZ-1",
                                today=TODAY, overpaid=True)  # fmt: skip
    with store.transaction() as session:
        recovery.open_recovery(session, ALL, case_id, OFFICER, reason="核实后不符合条件")
    assert _repay(store, case_id, "40000", "TH-1") == State.RECOVERING
    assert _repay(store, case_id, "60000", "TH-2") == State.RECOVERED


def test_a_case_under_recovery_of_part_can_be_asked_for_more_by_hand(
    store: Store, catalogue: Catalogue, tmp_path: Path
) -> None:
    """5万 of 20万 asked back, 2万 returned; a fraud is then found: the rest must be asked now,
    not only once the 3万 still owed is back. The officer asks for what is still out (at most
    18万, more than the 3万 owed), and the recovery grows to it, the 2万 back counted."""
    from techzone.access import Role, Scope
    from techzone.fulfilment import worklist
    from techzone.fulfilment.errors import FulfilmentError

    zone = Scope(role=Role.ZONE, zone="GS-BY")
    case_id = _paid(store, catalogue, tmp_path)
    with store.transaction() as session:
        recovery.open_recovery(session, ALL, case_id, OFFICER, reason="部分资金使用不符",
                               amount=Decimal("50000"))  # fmt: skip
    assert _repay(store, case_id, "20000", "TH-1") == State.RECOVERING
    with store.transaction() as session:
        assert worklist.RECOVER in worklist.actions(get_case(session, ALL, case_id), zone)
    for refused, says in (("180000.01", "尚未退回的180,000"), ("30000", "尚待退回30,000")):
        with store.transaction() as session, pytest.raises(FulfilmentError, match=says):
            recovery.open_recovery(session, ALL, case_id, OFFICER, reason="骗取资金",
                                   amount=Decimal(refused))  # fmt: skip
    with store.transaction() as session:
        case = recovery.open_recovery(session, ALL, case_id, OFFICER, reason="骗取资金")
        assert (case.state, case.recovery_amount) == (State.RECOVERING, Decimal("200000.00"))
        assert recovery.opened_message(session, case) == "已启动追回180,000.00元，已通知企业"
    assert _repay(store, case_id, "180000", "TH-2") == State.RECOVERED
