"""An enterprise that withdraws its consent while its case is in review.

reference/peers.md: 免申即享 runs data comparison → push → the enterprise's consent → payment.
Consent given can be withdrawn: the case was stuck in 审核中 (放弃 refused there) and could only
be refused as 不予支持, which says the government turned the enterprise down. The same holds once
approved: money is not paid to an enterprise that refuses it, and 不予支持 would record a refusal
nobody made. So the enterprise may 放弃 until its case goes to the finance office (a case in a
batch is taken out of it first; once paid, money given back is a recovery). A case already on a
published notice keeps its row there, marked, not summed, and is never paid.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from techzone.access import Role, Scope
from techzone.audit import Actor
from techzone.awards import ledger
from techzone.awards.catalogue import Catalogue
from techzone.awards.ledger import LedgerError
from techzone.fulfilment import payments, publicity, review, worklist
from techzone.fulfilment.errors import FulfilmentError
from techzone.fulfilment.publicity import DECLINED_TEXT
from techzone.fulfilment.states import MOVES, State, legal
from techzone.model import AuditEntry, Entitlement, EntitlementVersion, FulfilmentCase
from techzone.store import Store
from tests.fulfilment.conftest import (
    ALL,
    CONTACT,
    MATCHED_ON,
    NEW_HNTE,
    OFFICER,
    A,
    approve_all,
    cases,
    confirm,
    hnte,
    records,
    sync,
)

OWN = Scope(role=Role.ENTERPRISE, uscc=A)
ENTERPRISE = Actor("企业经办人", role=Role.ENTERPRISE.value)


def _in_review(store: Store, catalogue: Catalogue) -> int:
    sync(store, catalogue, records(hnte()))
    (case,) = cases(store, NEW_HNTE)
    confirm(store, case.id)
    assert cases(store, NEW_HNTE)[0].state == State.IN_REVIEW
    return case.id


def test_consent_withdrawn_in_review_ends_the_case_as_declined(
    store: Store, catalogue: Catalogue
) -> None:
    case_id = _in_review(store, catalogue)
    with store.transaction() as session:
        case = cases(store, NEW_HNTE)[0]
        assert worklist.DECLINE in worklist.actions(case, OWN)
        review.decline(session, OWN, case_id, ENTERPRISE, "企业决定不再申请该项奖补")
    (case,) = cases(store, NEW_HNTE)
    assert case.state == State.DECLINED
    with store.transaction() as session, pytest.raises(FulfilmentError):
        review.approve(session, ALL, case_id, OFFICER, MATCHED_ON, catalogue=catalogue)


PUBLISHED, CLOSED, TODAY = date(2026, 3, 2), date(2026, 3, 10), date(2026, 12, 1)
# Until the case goes to the finance office; never after (a batch, a payment, an end).
DECLINABLE = {
    State.PENDING,
    State.RETURNED,
    State.IN_REVIEW,
    State.APPROVED,
    State.PUBLICISED,
    State.ON_HOLD,
    State.TO_PAY,
}


@pytest.mark.parametrize("start", list(State))
def test_declining_is_a_move_only_until_the_finance_office_has_the_case(start: State) -> None:
    assert legal(start, State.DECLINED) is (start in DECLINABLE)
    # 放弃 ends the case: nothing leads out of it.
    assert not MOVES[State.DECLINED]


def _decline(store: Store, case_id: int, scope: Scope = OWN, actor: Actor = ENTERPRISE) -> None:
    with store.transaction() as session:
        review.decline(session, scope, case_id, actor, "企业决定不再申请该项奖补")


def _publish(store: Store) -> str:
    with store.transaction() as session:
        return publicity.publish(
            session, ALL, OFFICER, PUBLISHED, today=PUBLISHED, contact=CONTACT
        ).number


def _close(store: Store, number: str) -> None:
    with store.transaction() as session:
        publicity.close(session, ALL, number, OFFICER, CLOSED, today=CLOSED)


def _export(store: Store, tmp_path: Path, name: str = "b.xlsx") -> None:
    with store.transaction() as session:
        payments.export_batch(session, ALL, OFFICER, "province", tmp_path / name)


def test_consent_withdrawn_after_approval_ends_the_case_and_says_who_and_when(
    store: Store, catalogue: Catalogue
) -> None:
    case_id = _in_review(store, catalogue)
    approve_all(store, case_id, catalogue)
    (case,) = cases(store, NEW_HNTE)
    assert case.state == State.APPROVED and case.amount == Decimal("200000.00")
    assert worklist.DECLINE in worklist.actions(case, OWN)
    _decline(store, case_id)
    (case,) = cases(store, NEW_HNTE)
    assert case.state == State.DECLINED
    with store.transaction() as session:
        (logged,) = session.scalars(
            select(AuditEntry).where(
                AuditEntry.action == "case.declined", AuditEntry.entity_key == str(case_id)
            )
        ).all()
        assert logged.actor == ENTERPRISE.name and logged.at is not None
        assert "企业放弃" in (logged.reason or "") and "200,000.00" in (logged.reason or "")
        assert (logged.before or {})["state"] == State.APPROVED.value
    # Nothing of it is published any more.
    with store.transaction() as session, pytest.raises(FulfilmentError, match="没有"):
        publicity.publish(session, ALL, OFFICER, PUBLISHED, today=PUBLISHED, contact=CONTACT)


def test_a_declined_case_keeps_its_row_on_the_notice_and_is_never_paid(
    store: Store, catalogue: Catalogue, tmp_path: Path
) -> None:
    case_id = _in_review(store, catalogue)
    approve_all(store, case_id, catalogue)
    number = _publish(store)
    # An officer registers it on the enterprise's written word, during the period.
    _decline(store, case_id, ALL, OFFICER)
    with store.transaction() as session:
        shown = publicity.public_notice(session, ALL, number, catalogue=catalogue)
    (row,) = shown.rows
    assert (row.status, row.withdrawn, row.amount) == (DECLINED_TEXT, True, Decimal("200000.00"))
    assert shown.standing == []
    _close(store, number)
    assert cases(store, NEW_HNTE)[0].state == State.DECLINED
    with pytest.raises(FulfilmentError, match="没有待支付"):
        _export(store, tmp_path)


def test_a_waiting_case_declined_is_not_batched(
    store: Store, catalogue: Catalogue, tmp_path: Path
) -> None:
    case_id = _in_review(store, catalogue)
    approve_all(store, case_id, catalogue)
    _close(store, _publish(store))
    (case,) = cases(store, NEW_HNTE)
    assert case.state == State.TO_PAY and worklist.DECLINE in worklist.actions(case, OWN)
    _decline(store, case_id)
    with pytest.raises(FulfilmentError, match="没有待支付"):
        _export(store, tmp_path)


def _sheet(path: Path, case_id: int, voucher: str) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(["案件编号", "金额（元）", "支付日期", "凭证号"])
    sheet.append([str(case_id), 200000, "2026-03-20", voucher])
    book.save(path)
    return path


def test_a_case_in_a_batch_is_declined_only_once_taken_out_unpaid(
    store: Store, catalogue: Catalogue, tmp_path: Path
) -> None:
    case_id = _in_review(store, catalogue)
    approve_all(store, case_id, catalogue)
    _close(store, _publish(store))
    _export(store, tmp_path)
    (case,) = cases(store, NEW_HNTE)
    assert case.state == State.IN_BATCH and worklist.DECLINE not in worklist.actions(case, OWN)
    with pytest.raises(FulfilmentError, match="先撤出支付批次"):
        _decline(store, case_id)
    assert cases(store, NEW_HNTE)[0].state == State.IN_BATCH
    with store.transaction() as session:
        payments.withdraw(session, ALL, case_id, OFFICER, reason="企业申请放弃", not_paid=True)
    (case,) = cases(store, NEW_HNTE)
    assert case.state == State.ON_HOLD and worklist.DECLINE in worklist.actions(case, OWN)
    _decline(store, case_id)
    # The finance office's sheet paying it after all is refused: the case is in no batch.
    with store.transaction() as session, pytest.raises(FulfilmentError, match="不在支付批次中"):
        payments.import_payments(
            session, ALL, OFFICER, _sheet(tmp_path / "r.xlsx", case_id, "PZ-1"), today=TODAY
        )
    assert cases(store, NEW_HNTE)[0].state == State.DECLINED


def test_a_paid_case_cannot_be_declined(store: Store, catalogue: Catalogue, tmp_path: Path) -> None:
    case_id = _in_review(store, catalogue)
    approve_all(store, case_id, catalogue)
    _close(store, _publish(store))
    _export(store, tmp_path)
    with store.transaction() as session:
        payments.record_payment(
            session, ALL, case_id, OFFICER, date(2026, 3, 20), "PZ-1", today=TODAY
        )
    (case,) = cases(store, NEW_HNTE)
    assert worklist.DECLINE not in worklist.actions(case, OWN)
    with pytest.raises(FulfilmentError, match="已支付，不能放弃"):
        _decline(store, case_id)
    assert cases(store, NEW_HNTE)[0].state == State.PAID


@pytest.mark.parametrize("upheld", [True, False])
def test_an_objection_open_when_the_enterprise_gives_up_is_still_resolved(
    store: Store, catalogue: Catalogue, upheld: bool
) -> None:
    case_id = _in_review(store, catalogue)
    approve_all(store, case_id, catalogue)
    _publish(store)
    with store.transaction() as session:
        objection = publicity.object_to(
            session, ALL, case_id, OFFICER, text="该企业证书编号有误", raised_by="匿名",
            received_on=PUBLISHED, today=TODAY,
        ).id  # fmt: skip
    assert cases(store, NEW_HNTE)[0].state == State.ON_HOLD
    _decline(store, case_id)
    with store.transaction() as session:
        publicity.resolve(
            session, ALL, objection, OFFICER, upheld=upheld, resolution="已核实", on=CLOSED,
            today=TODAY,
        )  # fmt: skip
    (case,) = cases(store, NEW_HNTE)
    assert case.state == State.DECLINED and case.hold_reason is None


def test_an_approved_award_given_up_frees_its_pool_for_another(
    store: Store, catalogue: Catalogue
) -> None:
    from techzone.fulfilment import funds
    from tests.fulfilment.conftest import TRANSFER, plain

    zone = Scope(role=Role.ZONE, zone="GS-BY")
    events = [
        {"ref": f"TT-{n}", "kind": "技术转移转化项目", "occurred_on": f"2025-0{n}-10"}
        for n in (3, 4)
    ]
    sync(store, catalogue, records(plain(events=events)))
    first, second = sorted(c.id for c in cases(store, TRANSFER))
    for case_id in (first, second):
        confirm(store, case_id)
    with store.transaction() as session:
        funds.set_pool(
            session, zone, Actor("高新区管理员", role=Role.ZONE.value), TRANSFER, 2025, "zone",
            Decimal("100000"),
        )  # fmt: skip
    approve_all(store, first, catalogue)
    with pytest.raises(FulfilmentError, match="超出预算"):
        approve_all(store, second, catalogue)
    _close(store, _publish(store))
    _decline(store, first)
    with store.transaction() as session:
        (pool,) = funds.status(session, zone, 2025)
        assert pool.committed == Decimal("0")
    # Refused at its last step, the other deal now passes it.
    with store.transaction() as session:
        done = review.approve(session, ALL, second, OFFICER, MATCHED_ON, catalogue=catalogue)
    assert done.final and done.case.amount == Decimal("100000.00")


def test_an_approved_award_given_up_frees_its_cap_for_another(
    store: Store, catalogue: Catalogue
) -> None:
    """白银 第19段's loan interest, 企业最高20万元: a March loan approved at 15万 keeps a January
    one from 15万 at approval; given up, the March 15万 no longer counts against the cap."""
    from tests.fulfilment.conftest import LOAN, plain

    def loan(ref: str, day: str) -> dict[str, object]:
        return {"ref": ref, "kind": "贷款贴息", "occurred_on": day, "amount": 150_000}

    sync(store, catalogue, records(plain(events=[loan("L-MAR", "2025-03-01")])))
    (march,) = cases(store, LOAN)
    confirm(store, march.id)
    approve_all(store, march.id, catalogue, Decimal("150000"), "实付利息15万元")
    both = [loan("L-JAN", "2025-01-15"), loan("L-MAR", "2025-03-01")]
    sync(store, catalogue, records(plain(events=both)))
    january = next(c for c in cases(store, LOAN) if c.id != march.id)
    confirm(store, january.id)
    with pytest.raises(FulfilmentError, match="超出上限"):
        approve_all(store, january.id, catalogue, Decimal("150000"), "实付利息15万元")
    # Held (cut to 5万 by the January loan), the March award is given up.
    assert next(c for c in cases(store, LOAN) if c.id == march.id).state == State.ON_HOLD
    _decline(store, march.id)
    with store.transaction() as session:
        done = review.approve(
            session, ALL, january.id, OFFICER, MATCHED_ON, amount=Decimal("150000"),
            reason="实付利息15万元", catalogue=catalogue,
        )  # fmt: skip
    assert done.final and done.case.amount == Decimal("150000.00")


def _loan(ref: str, day: str) -> dict[str, object]:
    return {"ref": ref, "kind": "贷款贴息", "occurred_on": day, "amount": 150_000}


# 白银 第19段's loan interest, 企业最高20万元: two 15万 loans computed together, the March one
# is cut to 5万.
BOTH = [_loan("L-JAN", "2025-01-15"), _loan("L-MAR", "2025-03-01")]
MARCH_ONLY = [_loan("L-MAR", "2025-03-01")]


def _loans(store: Store, catalogue: Catalogue) -> tuple[int, int]:
    from tests.fulfilment.conftest import LOAN, plain

    sync(store, catalogue, records(plain(events=BOTH)))
    found = {case.amount_max: case.id for case in cases(store, LOAN)}
    return found[Decimal("150000.00")], found[Decimal("50000.00")]


def _rematch(store: Store, catalogue: Catalogue, events: list[dict[str, object]]) -> None:
    from tests.fulfilment.conftest import plain

    sync(store, catalogue, records(plain(events=events)))


def _case(store: Store, case_id: int) -> Any:
    return next(c for c in cases(store) if c.id == case_id)


def _newest(store: Store, case_id: int) -> EntitlementVersion:
    with store.transaction() as session:
        case = session.get(FulfilmentCase, case_id)
        assert case is not None
        head = session.get(Entitlement, case.entitlement_id)
        assert head is not None
        newest = session.scalar(
            select(EntitlementVersion).where(
                EntitlementVersion.entitlement_id == head.id,
                EntitlementVersion.version == head.version,
            )
        )
        assert newest is not None
        session.expunge_all()
        return newest


def test_an_award_given_up_frees_the_cap_in_the_ledgers_computation_too(
    store: Store, catalogue: Catalogue
) -> None:
    """Two 15万 loans under 企业最高20万元: computed together the March one is cut to 5万. The
    January award given up, the enterprise holds nothing under the cap but the March loan, which
    the cap would allow at 15万; matched again, its range reaches 15万 — and the January award,
    never to be paid, computes to nothing: together the maxima still stay within 20万."""
    january, march = _loans(store, catalogue)
    confirm(store, january)
    approve_all(store, january, catalogue, Decimal("150000"), "实付利息15万元")
    _decline(store, january)
    for _ in range(2):  # and again: a second matching changes nothing back
        _rematch(store, catalogue, BOTH)
        assert _case(store, march).amount_max == Decimal("150000.00")
        given_up = _newest(store, january)
        assert (given_up.amount_min, given_up.amount_max) == (Decimal("0.00"), Decimal("0.00"))
        assert given_up.cap_note == "企业已放弃该项奖补，不占用企业累计上限20万元"
    # One case per entitlement, ended for good: the room it freed cannot be paid to it too.
    assert _case(store, january).state == State.DECLINED
    assert len(cases(store)) == 2
    with store.transaction() as session, pytest.raises(LedgerError):
        ledger.pay(
            session, given_up.entitlement_id, Decimal("150000"), date(2026, 3, 20), "PZ-X",
            OFFICER.name, today=TODAY,
        )  # fmt: skip
    confirm(store, march)
    done = approve_all(store, march, catalogue, Decimal("150000"), "实付利息15万元")
    assert done.final and done.case.amount == Decimal("150000.00")


def test_an_award_refused_keeps_its_place_in_the_cap(store: Store, catalogue: Catalogue) -> None:
    """不予支持 is the officers' finding, not the enterprise giving money up: the ledger still
    computes the January loan (a record found wrong is corrected, and then withdrawn), so the
    March one stays at what the cap leaves it."""
    january, march = _loans(store, catalogue)
    confirm(store, january)
    with store.transaction() as session:
        review.reject(session, ALL, january, OFFICER, "该笔贷款不属于贴息范围")
    _rematch(store, catalogue, BOTH)
    assert _case(store, january).state == State.REJECTED
    assert _case(store, march).amount_max == Decimal("50000.00")
    assert _newest(store, january).amount_max == Decimal("150000.00")


def test_an_award_whose_loan_is_deleted_frees_the_cap_only_while_it_is_gone(
    store: Store, catalogue: Catalogue
) -> None:
    """A loan deleted from the records no longer arises (撤销), whatever its case; entered again
    it counts again — unless its enterprise had given it up, which stays given up."""
    january, march = _loans(store, catalogue)
    _decline(store, january)
    _rematch(store, catalogue, MARCH_ONLY)
    assert _newest(store, january).status == "withdrawn"
    assert _case(store, march).amount_max == Decimal("150000.00")
    _rematch(store, catalogue, BOTH)
    assert _newest(store, january).amount_max == Decimal("0.00")
    assert _case(store, march).amount_max == Decimal("150000.00")
    assert _case(store, january).state == State.DECLINED


def test_a_loan_deleted_before_any_decision_frees_the_cap_while_it_is_gone(
    store: Store, catalogue: Catalogue
) -> None:
    """Not given up, a loan deleted from the records is withdrawn by the ledger: it then holds
    nothing (the matching that withdraws it computed the ledger as it stood, so by the next at
    the latest); entered again, it counts again."""
    january, march = _loans(store, catalogue)
    _rematch(store, catalogue, MARCH_ONLY)
    assert _case(store, january).state == State.WITHDRAWN
    _rematch(store, catalogue, MARCH_ONLY)
    assert _case(store, march).amount_max == Decimal("150000.00")
    _rematch(store, catalogue, BOTH)
    assert _newest(store, january).amount_max == Decimal("150000.00")
    assert _case(store, march).amount_max == Decimal("50000.00")


def test_an_award_paid_and_given_back_keeps_its_place_in_the_cap(
    store: Store, catalogue: Catalogue, tmp_path: Path
) -> None:
    """Money paid keeps its place in the cap (``ledger.recorded``): money recovered is no 放弃
    (放弃 is refused once paid), a recovery may be for 骗取资金, and 已追回 may open again."""
    from techzone.fulfilment import recovery

    january, march = _loans(store, catalogue)
    confirm(store, january)
    approve_all(store, january, catalogue, Decimal("150000"), "实付利息15万元")
    _close(store, _publish(store))
    with store.transaction() as session:
        payments.export_batch(session, ALL, OFFICER, "zone", tmp_path / "b.xlsx")
        payments.record_payment(
            session, ALL, january, OFFICER, date(2026, 3, 20), "PZ-1", today=TODAY
        )
    with store.transaction() as session:
        recovery.open_recovery(session, ALL, january, OFFICER, reason="企业自愿退回")
    with store.transaction() as session:
        recovery.record_repayment(
            session, ALL, january, OFFICER, amount=Decimal("150000"), on=date(2026, 4, 1),
            voucher="TH-1", today=TODAY,
        )  # fmt: skip
    assert _case(store, january).state == State.RECOVERED
    _rematch(store, catalogue, BOTH)
    assert _case(store, march).amount_max == Decimal("50000.00")
    assert _newest(store, january).amount_max == Decimal("150000.00")


# ── Second review: the room a 放弃 frees is paid once ─────────────────────────────────────────


def _pay(store: Store, tmp_path: Path, case_id: int, voucher: str) -> None:
    _close(store, _publish(store))
    with store.transaction() as session:
        payments.export_batch(session, ALL, OFFICER, "zone", tmp_path / f"{voucher}.xlsx")
        payments.record_payment(
            session, ALL, case_id, OFFICER, date(2026, 3, 20), voucher, today=TODAY
        )


def test_a_given_up_loan_entered_again_under_another_number_gets_only_what_is_left(
    store: Store, catalogue: Catalogue, tmp_path: Path
) -> None:
    """The January loan given up, the March one takes the room and is paid 15万. The January
    loan then deleted and entered again under another 事件编号 is a new entitlement with a case
    of its own — but the 15万 paid stands first in the cap: it is computed at the 5万 left, and
    approval refuses more. Together 20万, never 30万."""
    january, march = _loans(store, catalogue)
    _decline(store, january)
    _rematch(store, catalogue, BOTH)
    confirm(store, march)
    approve_all(store, march, catalogue, Decimal("150000"), "实付利息15万元")
    _pay(store, tmp_path, march, "PZ-MAR")
    assert _case(store, march).state == State.PAID
    renumbered = [_loan("L-JAN-2", "2025-01-15"), _loan("L-MAR", "2025-03-01")]
    for _ in range(2):  # the withdrawal of the old number frees nothing in between
        _rematch(store, catalogue, renumbered)
        (again,) = [c for c in cases(store) if c.id not in (january, march)]
        assert again.amount_max == Decimal("50000.00")
        assert _newest(store, march).amount_max == Decimal("150000.00")
    assert _case(store, january).state == State.DECLINED
    confirm(store, again.id)
    with pytest.raises(FulfilmentError, match="不在应享范围"):
        approve_all(store, again.id, catalogue, Decimal("150000"), "实付利息15万元")
    done = approve_all(store, again.id, catalogue, Decimal("50000"), "上限余额5万元")
    assert done.final and done.case.amount == Decimal("50000.00")


def test_room_freed_and_taken_by_a_later_year_is_not_freed_again_for_an_earlier_one(
    store: Store, catalogue: Catalogue
) -> None:
    """The loan cap is for the enterprise's whole time under the policy (企业最高20万元). The
    2025 January loan given up, a 2026 loan takes 15万 of the room; a March 2025 loan found
    afterwards, 2025 matched again, gets only the 5万 left — the given-up loan's room is not
    counted free twice, once per year."""
    from tests.fulfilment.conftest import LOAN, plain

    jan = _loan("L-JAN", "2025-01-15")
    sync(store, catalogue, records(plain(events=[jan])))
    (january,) = cases(store, LOAN)
    _decline(store, january.id)
    later = _loan("L-2026", "2026-02-10")
    sync(store, catalogue, records(plain(events=[jan, later])), year=2026)
    (next_year,) = [c for c in cases(store, LOAN) if c.id != january.id]
    assert next_year.amount_max == Decimal("150000.00")
    confirm(store, next_year.id)
    approve_all(store, next_year.id, catalogue, Decimal("150000"), "实付利息15万元")
    found = [jan, _loan("L-MAR", "2025-03-01"), later]
    sync(store, catalogue, records(plain(events=found)))
    (march,) = [c for c in cases(store, LOAN) if c.id not in (january.id, next_year.id)]
    assert march.amount_max == Decimal("50000.00")
    assert _newest(store, january.id).amount_max == Decimal("0.00")
    confirm(store, march.id)
    with pytest.raises(FulfilmentError, match="不在应享范围"):
        approve_all(store, march.id, catalogue, Decimal("150000"), "实付利息15万元")
