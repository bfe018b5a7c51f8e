"""A corrected fact does not pay a second time while the first payment is still owed back.

Seed 003 五(五)14 "重新认定的每家给予一次性奖补10万元" (provincial money, 城关区 pack, every Gansu
zone): one award per recognition. Correcting a certificate's issue date after payment withdraws
the paid entitlement (→ recovery) and makes a new one under the corrected date; paying the new
one before the old money is back pays 20万 for one recognition. Seed 000 第14段 "每项10万元" per
tech-transfer deal: the same deal typed in twice under two numbers is flagged for the reviewer.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from techzone.awards import ledger
from techzone.awards.catalogue import Catalogue
from techzone.fulfilment import payments, publicity, recovery, review
from techzone.fulfilment.errors import FulfilmentError
from techzone.fulfilment.states import State
from techzone.model import FulfilmentCase, InboxMessage
from techzone.store import Store
from tests.fulfilment.conftest import (
    ALL,
    BAIYIN,
    CONTACT,
    MATCHED_ON,
    OFFICER,
    TRANSFER,
    A,
    approve_all,
    cases,
    confirm,
    records,
    sync,
)

RENEWED = "chengguan_doubling.renewed_hnte"
PAID_ON = date(2026, 3, 20)
SOLD = {"ref": "TT-1", "kind": "技术转移转化项目", "occurred_on": "2025-03-10"}


def _certificate(
    issued: str, expires: str, status: str = "有效", no: str = "GR1"
) -> dict[str, Any]:
    return {
        "kind": "高新技术企业",
        "level": "国家级",
        "certificate_no": no,
        "issued_on": issued,
        "expires_on": expires,
        "status": status,
    }


def _renewed(*renewals: tuple[str, str]) -> dict[str, Any]:
    """A Baiyin enterprise first recognised in 2021, then renewed on each date given."""
    certificates = [_certificate("2021-01-05", "2024-01-04", "已过期", "GR0")]
    certificates += [
        _certificate(issued, expires, "有效", f"GR{n}")
        for n, (issued, expires) in enumerate(renewals, 1)
    ]
    return {
        **BAIYIN,
        "uscc": A,
        "name": "白银甲新材料有限公司",
        "registered_on": "2015-01-01",
        "qualifications": certificates,
    }


def _pay(store: Store, catalogue: Catalogue, case_id: int, tmp_path: Path, n: int) -> None:
    """Approved, publicised, closed, batched and paid (a notice and a batch of its own)."""
    confirm(store, case_id)
    approve_all(store, case_id, catalogue)
    published = date(2026, 3, 2 + 7 * (n - 1))  # Mondays a week apart; five working days
    with store.transaction() as session:
        number = publicity.publish(
            session, ALL, OFFICER, published, today=published, contact=CONTACT
        ).number
    with store.transaction() as session:
        closed = date(2026, 3, 10 + 7 * (n - 1))
        publicity.close(session, ALL, number, OFFICER, closed, today=closed)
        payments.export_batch(
            session,
            ALL,
            OFFICER,
            _case(store, case_id).payer,
            tmp_path / f"b{n}.xlsx",
            catalogue=catalogue,
        )
    with store.transaction() as session:
        payments.record_payment(
            session, ALL, case_id, OFFICER, PAID_ON, f"PZ-{n}", today=date(2026, 12, 1)
        )


def _case(store: Store, case_id: int) -> FulfilmentCase:
    with store.transaction() as session:
        found = session.get(FulfilmentCase, case_id)
        assert found is not None
        session.expunge(found)
        return found


def _only(store: Store, policy: str, state: State) -> FulfilmentCase:
    (found,) = [c for c in cases(store, policy) if c.state == state]
    return found


def _last_step(store: Store, case_id: int, catalogue: Catalogue) -> review.Approved:
    """One approval: the step the case waits at (after a refusal, its last)."""
    with store.transaction() as session:
        return review.approve(session, ALL, case_id, OFFICER, MATCHED_ON, catalogue=catalogue)


def _repay(store: Store, case_id: int, amount: str, voucher: str) -> None:
    with store.transaction() as session:
        recovery.record_repayment(
            session, ALL, case_id, OFFICER, amount=Decimal(amount), on=date(2026, 4, 1),
            voucher=voucher,
        )  # fmt: skip


def test_a_redated_renewal_waits_until_the_first_payment_is_recovered(
    store: Store, catalogue: Catalogue, tmp_path: Path
) -> None:
    sync(store, catalogue, records(_renewed(("2025-11-01", "2028-10-31"))))
    (first,) = cases(store, RENEWED)
    assert first.amount_max == Decimal("100000.00")
    _pay(store, catalogue, first.id, tmp_path, 1)
    # The certificate was issued on 15 November, not 1 November: the paid entitlement no longer
    # arises (its 10万 is to be recovered) and one under the corrected date appears.
    sync(store, catalogue, records(_renewed(("2025-11-15", "2028-11-14"))))
    assert _case(store, first.id).state == State.RECOVERING
    # The enterprise is told, as for a recovery opened by hand.
    with store.transaction() as session:
        told = session.scalars(
            select(InboxMessage.body).where(
                InboxMessage.case_id == first.id, InboxMessage.kind == "recovery"
            )
        ).all()
    assert len(told) == 1 and "须退回已拨付资金100,000.00元" in told[0]
    second = _only(store, RENEWED, State.PENDING)
    confirm(store, second.id)
    with pytest.raises(FulfilmentError, match="追回后再审批") as refused:
        approve_all(store, second.id, catalogue)
    # The refusal names the payment still out: its amount and its case.
    assert "100,000.00" in str(refused.value) and f"案件 {first.id}" in str(refused.value)
    assert _case(store, second.id).state == State.IN_REVIEW
    # 9万 back, 1万 still out: still refused.
    _repay(store, first.id, "90000", "ZH-1")
    with pytest.raises(FulfilmentError, match=r"10,000\.00"):
        _last_step(store, second.id, catalogue)
    # All of it back: the corrected recognition is paid once.
    _repay(store, first.id, "10000", "ZH-2")
    assert _case(store, first.id).state == State.RECOVERED
    done = _last_step(store, second.id, catalogue)
    assert done.final and done.case.amount == Decimal("100000.00")


def test_a_later_renewal_is_paid_when_nothing_is_owed_back(
    store: Store, catalogue: Catalogue, tmp_path: Path
) -> None:
    # Renewed in January 2024 and paid; renewed again in its third year: a recognition of its
    # own, paid in full beside the first.
    renewals = [("2024-01-05", "2027-01-04")]
    sync(store, catalogue, records(_renewed(*renewals)), year=2024)
    (first,) = cases(store, RENEWED)
    _pay(store, catalogue, first.id, tmp_path, 1)
    renewals.append(("2026-11-20", "2029-11-19"))
    sync(store, catalogue, records(_renewed(*renewals)), year=2026)
    second = _only(store, RENEWED, State.PENDING)
    assert second.id != first.id
    confirm(store, second.id)
    done = approve_all(store, second.id, catalogue)
    assert done.final and done.case.amount == Decimal("100000.00")


def test_a_renewal_redated_across_the_year_end_waits_for_the_recovery(
    store: Store, catalogue: Catalogue, tmp_path: Path
) -> None:
    # Recorded as issued 28 December 2024 and paid; the certificate says 3 January 2025. Once
    # 2024 is matched again the 2024 award is withdrawn; the 2025 one waits for its money.
    sync(store, catalogue, records(_renewed(("2024-12-28", "2027-12-27"))), year=2024)
    (first,) = cases(store, RENEWED)
    _pay(store, catalogue, first.id, tmp_path, 1)
    corrected = records(_renewed(("2025-01-03", "2028-01-02")))
    sync(store, catalogue, corrected, year=2024)
    sync(store, catalogue, corrected, year=2025)
    second = _only(store, RENEWED, State.PENDING)
    confirm(store, second.id)
    with pytest.raises(FulfilmentError, match="追回后再审批"):
        approve_all(store, second.id, catalogue)
    _repay(store, first.id, "100000", "ZH-1")
    assert _last_step(store, second.id, catalogue).final


def test_a_deal_still_on_record_and_fully_paid_does_not_hold_another_deal(
    store: Store, catalogue: Catalogue, tmp_path: Path
) -> None:
    # 每项10万 per deal: a second, different deal of the same year is paid beside a paid first.
    deal = SOLD
    sync(store, catalogue, records(_plain([deal])))
    (first,) = cases(store, TRANSFER)
    _pay(store, catalogue, first.id, tmp_path, 1)
    other = {"ref": "TT-2", "kind": "技术转移转化项目", "occurred_on": "2025-06-10"}
    sync(store, catalogue, records(_plain([deal, other])))
    second = _only(store, TRANSFER, State.PENDING)
    confirm(store, second.id)
    done = approve_all(store, second.id, catalogue)
    assert done.final and "重复" not in done.message()


def test_a_deal_renumbered_after_payment_waits_for_the_recovery(
    store: Store, catalogue: Catalogue, tmp_path: Path
) -> None:
    deal = SOLD
    sync(store, catalogue, records(_plain([deal])))
    (first,) = cases(store, TRANSFER)
    _pay(store, catalogue, first.id, tmp_path, 1)
    sync(store, catalogue, records(_plain([{**deal, "ref": "HT-2025-001"}])))
    second = _only(store, TRANSFER, State.PENDING)
    confirm(store, second.id)
    with pytest.raises(FulfilmentError, match="追回后再审批"):
        approve_all(store, second.id, catalogue)


def test_a_hand_payment_waits_for_the_recovery_of_the_same_award(store: Store) -> None:
    # The ledger alone (no case): 10万 paid by hand on the renewal of 1 November, the date
    # corrected, the new entitlement may not be paid by hand before the 10万 is back.
    from techzone.awards.calculate import Settings, entitlements
    from techzone.awards.catalogue import load_catalogue

    catalogue = load_catalogue()

    def record(renewal: tuple[str, str]) -> None:
        found = entitlements(catalogue, records(_renewed(renewal)), 2025, Settings())
        found = found.filter(found["policy_id"] == RENEWED)
        with store.transaction() as session:
            ledger.record(session, found, 2025, [A], "张三")

    record(("2025-11-01", "2028-10-31"))
    old = f"{RENEWED}|gain:{A}:hnte:2025-11-01"
    new = f"{RENEWED}|gain:{A}:hnte:2025-11-15"
    with store.transaction() as session:
        ledger.pay(session, old, Decimal("100000"), date(2026, 1, 10), "PZ-1", "李四")
    record(("2025-11-15", "2028-11-14"))
    with store.transaction() as session, pytest.raises(ledger.LedgerError, match="追回后再"):
        ledger.pay(session, new, Decimal("100000"), date(2026, 1, 20), "PZ-2", "李四")
    with store.transaction() as session:
        ledger.pay(session, old, Decimal("-100000"), date(2026, 2, 1), "ZH-1", "李四")
    with store.transaction() as session:
        paid = ledger.pay(session, new, Decimal("100000"), date(2026, 2, 2), "PZ-2", "李四")
    assert paid.total == Decimal("100000")


def _plain(events: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        **BAIYIN,
        "uscc": A,
        "name": "白银乙科技有限公司",
        "registered_on": "2015-01-01",
        "events": events,
    }


def test_the_same_deal_under_two_numbers_is_flagged_to_every_reviewer(
    store: Store, catalogue: Catalogue
) -> None:
    deal = {**SOLD, "amount": 500000}
    again = {**deal, "ref": "HT-2025-001"}
    sync(store, catalogue, records(_plain([deal, again])))
    by_ref = {c.entitlement_id.rsplit(":", 1)[1]: c for c in cases(store, TRANSFER)}
    first, second = by_ref["TT-1"], by_ref["HT-2025-001"]
    confirm(store, second.id)
    with store.transaction() as session:
        step = review.approve(session, ALL, second.id, OFFICER, MATCHED_ON, catalogue=catalogue)
    # The first reviewer is told already, and so is the last.
    assert not step.final and "「TT-1」" in step.message() and "重复录入" in step.message()
    for _ in range(2):
        done = _last_step(store, second.id, catalogue)
    # Not refused (two deals on one day can be real), but never passed in silence.
    assert done.final and "「TT-1」" in (done.warning or "") and "未设" in (done.warning or "")
    # Matching again notes nothing twice.
    sync(store, catalogue, records(_plain([deal, again])))
    with store.transaction() as session:
        from techzone.fulfilment.cases import history

        flagged = [h for h in history(session, ALL, first.id) if h.action == "suspected_duplicate"]
    assert len(flagged) == 1 and "HT-2025-001" in (flagged[0].note or "")


def test_deals_that_differ_in_amount_or_day_are_not_flagged(
    store: Store, catalogue: Catalogue
) -> None:
    deal = {**SOLD, "amount": 500000}
    other_amount = {**deal, "ref": "TT-2", "amount": 500001}
    other_day = {**deal, "ref": "TT-3", "occurred_on": "2025-03-11"}
    sync(store, catalogue, records(_plain([deal, other_amount, other_day])))
    for case in cases(store, TRANSFER):
        confirm(store, case.id)
        done = approve_all(store, case.id, catalogue)
        assert done.final and "重复" not in done.message()


def _twins_one_paid_one_waiting(
    store: Store, catalogue: Catalogue, tmp_path: Path
) -> tuple[int, int, Any]:
    """The same deal typed in as TT-1 and HT-2025-001: TT-1 paid; the twin approved over the
    duplicate warning, publicised, its period over (待支付). Then TT-1 is deleted from the
    records: its 10万 is owed back, and the twin's own entitlement does not move."""
    deal = {**SOLD, "amount": 500000}
    twin = {**deal, "ref": "HT-2025-001"}
    sync(store, catalogue, records(_plain([deal, twin])))
    by_ref = {c.entitlement_id.rsplit(":", 1)[1]: c.id for c in cases(store, TRANSFER)}
    first, second = by_ref["TT-1"], by_ref["HT-2025-001"]
    _pay(store, catalogue, first, tmp_path, 1)
    confirm(store, second)
    assert "重复录入" in (approve_all(store, second, catalogue).warning or "")
    with store.transaction() as session:
        number = publicity.publish(
            session, ALL, OFFICER, date(2026, 3, 9), today=date(2026, 3, 9), contact=CONTACT
        ).number
    with store.transaction() as session:
        publicity.close(session, ALL, number, OFFICER, date(2026, 3, 17), today=date(2026, 3, 17))
    assert _case(store, second).state == State.TO_PAY
    return first, second, records(_plain([twin]))


def _recorded_outside(store: Store, catalogue: Catalogue, found: Any) -> None:
    """``awards --record``: the ledger recomputed, no matching run after it."""
    from techzone.awards.calculate import Settings, entitlements

    with store.transaction() as session:
        rows = entitlements(catalogue, found, 2025, Settings(), recorded=ledger.recorded(session))
        ledger.record(session, rows, 2025, [A], "李四", "奖补测算入账")


def test_a_waiting_twin_is_not_batched_while_the_paid_one_is_owed_back(
    store: Store, catalogue: Catalogue, tmp_path: Path
) -> None:
    first, second, corrected = _twins_one_paid_one_waiting(store, catalogue, tmp_path)
    _recorded_outside(store, catalogue, corrected)
    with store.transaction() as session, pytest.raises(FulfilmentError) as refused:
        payments.export_batch(
            session, ALL, OFFICER, "zone", tmp_path / "b2.xlsx", catalogue=catalogue
        )
    # The officer is told why, and what is owed back on which case.
    said = str(refused.value)
    assert f"案件 {second}" in said and "待追回" in said and f"案件 {first}" in said
    assert "100,000.00" in said
    held = _case(store, second)
    assert held.state == State.ON_HOLD and held.batch_id is None
    assert "待追回" in (held.hold_reason or "")


def test_matching_holds_a_waiting_twin_while_the_paid_one_is_owed_back(
    store: Store, catalogue: Catalogue, tmp_path: Path
) -> None:
    first, second, corrected = _twins_one_paid_one_waiting(store, catalogue, tmp_path)
    said = sync(store, catalogue, corrected).message()
    assert "1件因同一奖补已付资金尚待追回而暂缓支付" in said
    assert _case(store, first).state == State.RECOVERING
    held = _case(store, second)
    assert held.state == State.ON_HOLD and "待追回" in (held.hold_reason or "")
    # Matching again holds nothing twice.
    assert "待追回" not in sync(store, catalogue, corrected).message()
    with store.transaction() as session:
        from techzone.fulfilment.cases import history

        holds = [h for h in history(session, ALL, second) if h.action == "held"]
    assert len(holds) == 1
    # Released only once all of the money is back: 1分 still out is refused.
    _repay(store, first, "99999.99", "ZH-1")
    with store.transaction() as session, pytest.raises(FulfilmentError, match="追回后再审批"):
        review.release(
            session, ALL, second, OFFICER, MATCHED_ON, reason="已核实", catalogue=catalogue
        )
    _repay(store, first, "0.01", "ZH-2")
    with store.transaction() as session:
        review.release(
            session, ALL, second, OFFICER, MATCHED_ON, reason="已核实", catalogue=catalogue
        )
    assert _case(store, second).state == State.TO_PAY
    with store.transaction() as session:
        batch = payments.export_batch(
            session, ALL, OFFICER, "zone", tmp_path / "b2.xlsx", catalogue=catalogue
        )
    assert (batch.cases, batch.total) == (1, Decimal("100000.00"))


def test_a_waiting_twin_is_batched_when_nothing_is_owed_back(
    store: Store, catalogue: Catalogue, tmp_path: Path
) -> None:
    # The other side: both deals stay on the records (two real deals), nothing is owed back.
    _, second, _ = _twins_one_paid_one_waiting(store, catalogue, tmp_path)
    deal = {**SOLD, "amount": 500000}
    sync(store, catalogue, records(_plain([deal, {**deal, "ref": "HT-2025-001"}])))
    with store.transaction() as session:
        batch = payments.export_batch(
            session, ALL, OFFICER, "zone", tmp_path / "b2.xlsx", catalogue=catalogue
        )
    assert batch.cases == 1 and _case(store, second).state == State.IN_BATCH


def test_a_twin_already_in_a_batch_is_pointed_out_and_held_once_taken_out(
    store: Store, catalogue: Catalogue, tmp_path: Path
) -> None:
    first, second, corrected = _twins_one_paid_one_waiting(store, catalogue, tmp_path)
    with store.transaction() as session:
        payments.export_batch(
            session, ALL, OFFICER, "zone", tmp_path / "b2.xlsx", catalogue=catalogue
        )
    # With the finance office it cannot be held from here: matching says so, once.
    said = sync(store, catalogue, corrected).message()
    assert "1件已列入支付批次的案件同一奖补已付资金尚待追回" in said
    assert _case(store, second).state == State.IN_BATCH
    assert "支付批次" not in sync(store, catalogue, corrected).message()
    with store.transaction() as session:
        from techzone.fulfilment.cases import history

        (told,) = [h for h in history(session, ALL, second) if h.action == "owed_back"]
    assert f"案件 {first}" in (told.note or "") and "请撤出支付批次" in (told.note or "")
    # Taken out unpaid, it goes on only once the money is back.
    with store.transaction() as session:
        payments.withdraw(session, ALL, second, OFFICER, reason="同一奖补待追回", not_paid=True)
    with store.transaction() as session, pytest.raises(FulfilmentError, match="追回后再审批"):
        review.release(
            session, ALL, second, OFFICER, MATCHED_ON, reason="已核实", catalogue=catalogue
        )


def _twin_paid_short(store: Store, catalogue: Catalogue, tmp_path: Path) -> tuple[int, int, Any]:
    """The twins above, the waiting one paid 6万 of its 10万 (funds short): 4万 still owed it."""
    first, second, corrected = _twins_one_paid_one_waiting(store, catalogue, tmp_path)
    with store.transaction() as session:
        payments.export_batch(
            session, ALL, OFFICER, "zone", tmp_path / "b2.xlsx", catalogue=catalogue
        )
    with store.transaction() as session:
        payments.record_payment(
            session, ALL, second, OFFICER, PAID_ON, "PZ-2", today=date(2026, 12, 1),
            amount=Decimal("60000"), underpaid=True, reason="资金不足按比例核减",
        )  # fmt: skip
    assert _case(store, second).unpaid == Decimal("40000.00")
    return first, second, corrected


def _follow_up(store: Store, case_id: int, catalogue: Catalogue) -> FulfilmentCase:
    with store.transaction() as session:
        case = payments.follow_up(
            session, ALL, case_id, OFFICER, reason="资金到位", catalogue=catalogue
        )
        session.expunge(case)
        return case


def test_a_follow_up_is_refused_while_the_same_award_is_owed_back(
    store: Store, catalogue: Catalogue, tmp_path: Path
) -> None:
    first, second, corrected = _twin_paid_short(store, catalogue, tmp_path)
    sync(store, catalogue, corrected)
    assert _case(store, first).state == State.RECOVERING
    with pytest.raises(FulfilmentError) as refused:
        _follow_up(store, second, catalogue)
    # Said as a hold says it: how much is owed back, on which case; nothing changed.
    said = str(refused.value)
    assert f"案件 {first}" in said and "尚有100,000.00元待追回" in said
    assert "本案补拨40,000.00元属同一奖补，追回后再补拨，不能补拨；未作修改" in said
    assert _case(store, second).topup is None
    # A fen still out is still owed back; all of it back, the rest goes to the next batch.
    _repay(store, first, "99999.99", "ZH-1")
    with pytest.raises(FulfilmentError, match=r"尚有0\.01元待追回"):
        _follow_up(store, second, catalogue)
    _repay(store, first, "0.01", "ZH-2")
    assert _follow_up(store, second, catalogue).topup == Decimal("40000.00")


def test_a_follow_up_goes_when_nothing_of_the_award_is_owed_back(
    store: Store, catalogue: Catalogue, tmp_path: Path
) -> None:
    # Both deals stay on the records (two real deals): the first's 10万 stands, nothing owed.
    _, second, _ = _twin_paid_short(store, catalogue, tmp_path)
    assert _follow_up(store, second, catalogue).topup == Decimal("40000.00")


def _returned(tmp_path: Path, case_id: int) -> Path:
    """The finance office's sheet: the case paid at its 10万 all the same."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["案件编号", "金额（元）", "支付日期", "凭证号"])
    sheet.append([str(case_id), 100000, "2026-03-20", "PZ-2"])
    path = tmp_path / "returned.xlsx"
    book.save(path)
    return path


@pytest.mark.parametrize("then", ["matched", "recorded", "both_stand"])
def test_a_twin_the_finance_office_paid_after_all_is_reported_as_money_owed_back(
    store: Store, catalogue: Catalogue, tmp_path: Path, then: str
) -> None:
    """支付中 when its twin became owed back, and paid all the same: the money is out and is
    recorded, but the officer is told in the import's report that the award is now paid twice
    and where its money is to come back from — not a plain 已登记支付."""
    first, second, corrected = _twins_one_paid_one_waiting(store, catalogue, tmp_path)
    with store.transaction() as session:
        payments.export_batch(
            session, ALL, OFFICER, "zone", tmp_path / "b2.xlsx", catalogue=catalogue
        )
    if then == "matched":  # matching opened the recovery on the first
        sync(store, catalogue, corrected)
    elif then == "recorded":  # ``awards --record`` alone: no recovery open yet
        _recorded_outside(store, catalogue, corrected)
    with store.transaction() as session:
        done = payments.import_payments(
            session, ALL, OFFICER, _returned(tmp_path, second), today=date(2026, 12, 1)
        )
    said = done.message()
    assert said.startswith("已登记支付1条，合计100,000.00元")
    assert _case(store, second).state == State.PAID
    if then == "both_stand":
        assert "待追回" not in said and done.owed_back == ()
        return
    (line,) = done.owed_back
    assert f"案件 {second} 已由财政支付" in line and f"案件 {first}" in line
    assert "尚有100,000.00元待追回" in line and "同一奖补已支付两次" in line
    todo = f"案件 {first} 正在追回，请跟进" if then == "matched" else f"请对案件 {first} 启动追回"
    assert todo in line
    assert f"；其中1条同一奖补另有已付资金尚待追回：{line}" in said
    with store.transaction() as session:
        from techzone.fulfilment.cases import history

        notes = [h.note or "" for h in history(session, ALL, second) if h.action == "owed_back"]
    assert any(todo in note for note in notes)


def test_a_twin_recorded_paid_by_hand_is_told_as_money_owed_back(
    store: Store, catalogue: Catalogue, tmp_path: Path
) -> None:
    first, second, corrected = _twins_one_paid_one_waiting(store, catalogue, tmp_path)
    with store.transaction() as session:
        payments.export_batch(
            session, ALL, OFFICER, "zone", tmp_path / "b2.xlsx", catalogue=catalogue
        )
    sync(store, catalogue, corrected)
    with store.transaction() as session:
        case = payments.record_payment(
            session, ALL, second, OFFICER, PAID_ON, "PZ-2", today=date(2026, 12, 1)
        )
        said = payments.paid_message(session, case)
    assert said.startswith("已登记支付；同一奖补另有已付资金尚待追回：")
    assert f"案件 {first} 正在追回，请跟进" in said and "尚有100,000.00元待追回" in said
