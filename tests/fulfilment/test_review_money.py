"""A second, adversarial review of the money paths (reviewmoney): after 公示 no amount is paid
that the public did not see, and no notice shows an amount the public was not shown.
Seed 000 第19段 "给予取得信贷支持企业最高20万元贴息", paid by the zone.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from techzone.access import Role, Scope
from techzone.awards.catalogue import Catalogue
from techzone.fulfilment import payments, publicity, review
from techzone.fulfilment.errors import FulfilmentError
from techzone.fulfilment.states import State
from techzone.fulfilment.worklist import notices_in
from techzone.store import Store
from tests.fulfilment.conftest import (
    ALL,
    CONTACT,
    LOAN,
    OFFICER,
    approve_all,
    cases,
    confirm,
    plain,
    records,
    sync,
)

PUBLISHED = date(2026, 3, 2)
CLOSED = date(2026, 3, 10)
AGAIN = date(2026, 3, 16)
ZONE = Scope(role=Role.ZONE, zone="GS-BY")


def _loan(interest: int) -> dict[str, object]:
    return {"ref": "L1", "kind": "贷款贴息", "occurred_on": "2025-05-01", "amount": interest}


def _held_after_notice(store: Store, catalogue: Catalogue, tmp_path: Path) -> tuple[int, str]:
    """10万 approved, publicised, the notice closed, batched; taken out of the batch unpaid."""
    sync(store, catalogue, records(plain(events=[_loan(100_000)])))
    (case,) = cases(store, LOAN)
    confirm(store, case.id)
    approve_all(store, case.id, catalogue, Decimal("100000"), "按实付利息核定")
    with store.transaction() as session:
        number = publicity.publish(
            session, ALL, OFFICER, PUBLISHED, today=PUBLISHED, contact=CONTACT
        ).number
    with store.transaction() as session:
        publicity.close(session, ALL, number, OFFICER, CLOSED, today=CLOSED)
        payments.export_batch(session, ALL, OFFICER, "zone", tmp_path / "b.xlsx",
                              catalogue=catalogue)  # fmt: skip
    with store.transaction() as session:
        payments.withdraw(session, ALL, case.id, OFFICER, reason="核对利息", not_paid=True)
    return case.id, number


def _release(store: Store, catalogue: Catalogue, case_id: int, amount: Decimal | None) -> State:
    with store.transaction() as session:
        released = review.release(session, ALL, case_id, OFFICER, AGAIN, reason="核对完毕",
                                  amount=amount, catalogue=catalogue)  # fmt: skip
        return State(released.state)


def test_an_amount_raised_after_its_notice_is_publicised_again_before_payment(
    store: Store, catalogue: Catalogue, tmp_path: Path
) -> None:
    case_id, number = _held_after_notice(store, catalogue, tmp_path)
    # Meanwhile the interest is found to be 15万, not 10万.
    sync(store, catalogue, records(plain(events=[_loan(150_000)])))
    # 公示 listed 10万: the 15万 waits for a notice of its own, it is not sent to payment.
    assert _release(store, catalogue, case_id, Decimal("150000")) == State.APPROVED
    with store.transaction() as session, pytest.raises(FulfilmentError, match="没有待支付"):
        payments.export_batch(session, ALL, OFFICER, "zone", tmp_path / "c.xlsx",
                              catalogue=catalogue)  # fmt: skip
    with store.transaction() as session:
        shown = publicity.public_notice(session, ALL, number, catalogue)
        # The closed notice keeps what it showed, 10万, marked as superseded and not summed;
        # it never shows 15万 as if the public had seen it.
        assert [(r.amount, r.status, r.withdrawn) for r in shown.rows] == [
            (Decimal("100000.00"), publicity.REPUBLISHED_TEXT, True)
        ]
        assert shown.total == 0
        assert shown.aside == f"另有1项{publicity.REPUBLISHED_TEXT}，不计入合计。"
        again = publicity.publish(session, ALL, OFFICER, AGAIN, today=AGAIN, contact=CONTACT).number
    with store.transaction() as session:
        listed = publicity.public_notice(session, ALL, again, catalogue)
        assert [(r.amount, r.status) for r in listed.rows] == [(Decimal("150000.00"), None)]
        # The first notice is still found by the zone's officers once the case has moved on.
        old = publicity.public_notice(session, ZONE, number, catalogue)
        assert [r.amount for r in old.rows] == [Decimal("100000.00")]
        assert number in {n.number for n in notices_in(session, ZONE)}


def test_an_amount_lowered_after_its_notice_is_paid_and_the_notice_keeps_what_it_showed(
    store: Store, catalogue: Catalogue, tmp_path: Path
) -> None:
    case_id, number = _held_after_notice(store, catalogue, tmp_path)
    sync(store, catalogue, records(plain(events=[_loan(80_000)])))
    # Less than the public was shown: no new notice is needed, the case goes to payment.
    assert _release(store, catalogue, case_id, Decimal("80000")) == State.TO_PAY
    with store.transaction() as session:
        batch = payments.export_batch(session, ALL, OFFICER, "zone", tmp_path / "c.xlsx",
                                      catalogue=catalogue)  # fmt: skip
        assert batch.total == Decimal("80000.00")
        shown = publicity.public_notice(session, ALL, number, catalogue)
        # The notice shows the 10万 the public saw, not 8万 it was never shown.
        assert [(r.amount, r.status, r.withdrawn) for r in shown.rows] == [
            (Decimal("100000.00"), publicity.LOWERED_TEXT, False)
        ]


def test_an_amount_kept_after_its_notice_goes_to_payment_unmarked(
    store: Store, catalogue: Catalogue, tmp_path: Path
) -> None:
    case_id, number = _held_after_notice(store, catalogue, tmp_path)
    assert _release(store, catalogue, case_id, None) == State.TO_PAY
    with store.transaction() as session:
        shown = publicity.public_notice(session, ALL, number, catalogue)
        assert [(r.amount, r.status) for r in shown.rows] == [(Decimal("100000.00"), None)]
    # The same amount fixed again by hand is no rise either.
    with store.transaction() as session:
        payments.export_batch(session, ALL, OFFICER, "zone", tmp_path / "c.xlsx",
                              catalogue=catalogue)  # fmt: skip
        payments.withdraw(session, ALL, case_id, OFFICER, reason="再核", not_paid=True)
    assert _release(store, catalogue, case_id, Decimal("100000")) == State.TO_PAY


def test_a_rise_back_after_a_lowering_is_measured_against_the_notice_not_the_last_amount(
    store: Store, catalogue: Catalogue, tmp_path: Path
) -> None:
    case_id, _ = _held_after_notice(store, catalogue, tmp_path)
    sync(store, catalogue, records(plain(events=[_loan(80_000)])))
    assert _release(store, catalogue, case_id, Decimal("80000")) == State.TO_PAY
    with store.transaction() as session:
        payments.export_batch(session, ALL, OFFICER, "zone", tmp_path / "c.xlsx",
                              catalogue=catalogue)  # fmt: skip
        payments.withdraw(session, ALL, case_id, OFFICER, reason="再核", not_paid=True)
    # Back to 10万: the public was shown 10万, so it is paid without a new notice …
    sync(store, catalogue, records(plain(events=[_loan(100_000)])))
    assert _release(store, catalogue, case_id, Decimal("100000")) == State.TO_PAY
    with store.transaction() as session:
        payments.export_batch(session, ALL, OFFICER, "zone", tmp_path / "d.xlsx",
                              catalogue=catalogue)  # fmt: skip
        payments.withdraw(session, ALL, case_id, OFFICER, reason="再核", not_paid=True)
    # … but 10万 and one fen is more than it was shown.
    sync(store, catalogue, records(plain(events=[_loan(150_000)])))
    assert _release(store, catalogue, case_id, Decimal("100000.01")) == State.APPROVED


def test_a_case_held_before_any_notice_is_publicised_at_its_new_amount(
    store: Store, catalogue: Catalogue
) -> None:
    sync(store, catalogue, records(plain(events=[_loan(100_000)])))
    (case,) = cases(store, LOAN)
    confirm(store, case.id)
    approve_all(store, case.id, catalogue, Decimal("100000"), "按实付利息核定")
    # Recomputed below the approval before 公示: held, released at 8万, then publicised.
    sync(store, catalogue, records(plain(events=[_loan(80_000)])))
    assert cases(store, LOAN)[0].state == State.ON_HOLD
    assert _release(store, catalogue, case.id, Decimal("80000")) == State.APPROVED
    with store.transaction() as session:
        number = publicity.publish(
            session, ALL, OFFICER, AGAIN, today=AGAIN, contact=CONTACT
        ).number
        shown = publicity.public_notice(session, ALL, number, catalogue)
        assert [(r.amount, r.status) for r in shown.rows] == [(Decimal("80000.00"), None)]
