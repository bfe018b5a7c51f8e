"""The finance office paid a batch's approved amount after the ledger was recomputed lower.

The money left the treasury: refusing to record it would leave the ledger saying less was paid
than was. It is recorded as paid — only when the officer confirms it — and what the newest
computation no longer allows is recovered at once; the enterprise is told.

The case is 白银政策清单 第19段's loan-interest subsidy (seed 000, 最高20万元, the interest
actually paid): approved at 10万 for 10万 of interest, in a batch, then the interest is found to
be 5万 (the newest maximum 5万) — or the loan is struck from the records (withdrawn).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from techzone.awards import ledger
from techzone.awards.catalogue import Catalogue
from techzone.fulfilment import funds, payments, recovery
from techzone.fulfilment.cases import get_case, history
from techzone.fulfilment.errors import FulfilmentError
from techzone.fulfilment.states import State
from techzone.model import AuditEntry, InboxMessage
from techzone.store import Store
from tests.fulfilment.conftest import ALL, LOAN, OFFICER, A, plain, records, sync
from tests.fulfilment.test_pools import _batched_then_lowered, _loan

PAID_ON, TODAY = date(2026, 3, 20), date(2026, 12, 1)
KEY = f"{LOAN}|event:{A}:L1"


def _repaid_to_the_fen(store: Store, case_id: int, owed: str, on: date, voucher: str) -> None:
    """Money back a fen above what is owed is refused; exactly what is owed ends the recovery."""
    over = Decimal(owed) + Decimal("0.01")
    with store.transaction() as session, pytest.raises(FulfilmentError, match="超过应追回"):
        recovery.record_repayment(session, ALL, case_id, OFFICER, amount=over, on=on,
                                  voucher=voucher)  # fmt: skip
    with store.transaction() as session:
        done = recovery.record_repayment(session, ALL, case_id, OFFICER, amount=Decimal(owed),
                                         on=on, voucher=voucher)  # fmt: skip
        assert done.state == State.RECOVERED


def _paid(store: Store) -> Decimal:
    with store.transaction() as session:
        (entry,) = ledger.history(session, KEY)
        return Decimal(entry["paid"] or 0)


def test_the_approved_amount_paid_after_all_is_recorded_and_its_excess_recovered(
    store: Store, catalogue: Catalogue, tmp_path: Path
) -> None:
    case_id = _batched_then_lowered(store, catalogue, tmp_path)
    # Unconfirmed, the approved amount is still refused, and the refusal names the way through.
    with store.transaction() as session, pytest.raises(FulfilmentError, match="已按批准金额支付"):
        payments.record_payment(session, ALL, case_id, OFFICER, PAID_ON, "PZ-1", today=TODAY)
    # Confirmed, never more than was approved.
    with store.transaction() as session, pytest.raises(FulfilmentError, match="高于批准金额"):
        payments.record_payment(session, ALL, case_id, OFFICER, PAID_ON, "PZ-1", today=TODAY,
                                amount=Decimal("100000.01"), overpaid=True)  # fmt: skip
    with store.transaction() as session:
        case = payments.record_payment(session, ALL, case_id, OFFICER, PAID_ON, "PZ-1",
                                       today=TODAY, overpaid=True)  # fmt: skip
        assert (case.state, case.amount) == (State.RECOVERING, Decimal("100000.00"))
        assert case.recovery_amount == Decimal("50000.00")
        assert "应享最多50,000.00元" in (case.recovery_reason or "")
        moves = [(row.from_state, row.to_state) for row in history(session, ALL, case_id)][-2:]
        assert moves == [(State.IN_BATCH, State.PAID), (State.PAID, State.RECOVERING)]
        told = session.scalars(select(InboxMessage.body).where(InboxMessage.case_id == case_id))
        assert any("须退回已拨付资金50,000.00元" in body for body in told)
    assert _paid(store) == Decimal("100000.00")
    # The excess comes back; the ledger then holds what the newest computation allows.
    _repaid_to_the_fen(store, case_id, "50000", date(2026, 4, 1), "TH-1")
    assert _paid(store) == Decimal("50000.00")


def test_a_case_not_recomputed_is_paid_as_before_with_the_confirmation(
    store: Store, catalogue: Catalogue, tmp_path: Path
) -> None:
    case_id = _batched_then_lowered(store, catalogue, tmp_path)
    # The interest is found to be 10万 again: nothing is owed back.
    sync(store, catalogue, records(plain(events=[_loan(100_000)])))
    with store.transaction() as session:
        case = payments.record_payment(session, ALL, case_id, OFFICER, PAID_ON, "PZ-1",
                                       today=TODAY, overpaid=True)  # fmt: skip
        assert (case.state, case.recovery_amount) == (State.PAID, None)


def test_an_award_withdrawn_while_in_the_batch_is_recovered_in_full(
    store: Store, catalogue: Catalogue, tmp_path: Path
) -> None:
    case_id = _batched_then_lowered(store, catalogue, tmp_path)
    sync(store, catalogue, records(plain(events=[])))
    with store.transaction() as session:
        case = get_case(session, ALL, case_id)
        assert case.state == State.IN_BATCH
        case = payments.record_payment(session, ALL, case_id, OFFICER, PAID_ON, "PZ-1",
                                       today=TODAY, overpaid=True)  # fmt: skip
        assert (case.state, case.recovery_amount) == (State.RECOVERING, Decimal("100000.00"))
        assert "应享已撤销" in (case.recovery_reason or "")


def test_the_returned_sheet_records_the_approved_amount_when_confirmed(
    store: Store, catalogue: Catalogue, tmp_path: Path
) -> None:
    case_id = _batched_then_lowered(store, catalogue, tmp_path)
    sheet = Workbook()
    rows = sheet.active
    assert rows is not None
    rows.append(["案件编号", "金额（元）", "支付日期", "凭证号"])
    rows.append([str(case_id), "100000", "2026-03-20", "PZ-1"])
    path = tmp_path / "back.xlsx"
    sheet.save(path)
    with store.transaction() as session, pytest.raises(FulfilmentError, match="重新测算"):
        payments.import_payments(session, ALL, OFFICER, path, today=TODAY)
    with store.transaction() as session:
        assert get_case(session, ALL, case_id).state == State.IN_BATCH
    with store.transaction() as session:
        done = payments.import_payments(session, ALL, OFFICER, path, today=TODAY, overpaid=True)
        assert (done.paid, done.recovering, done.owed) == (1, 1, Decimal("50000.00"))
        assert "已启动追回50,000.00元" in done.message()
        assert get_case(session, ALL, case_id).state == State.RECOVERING
        audited = session.execute(
            select(AuditEntry.action, AuditEntry.zone).where(
                AuditEntry.action.in_(["case.paid", "case.recovery"])
            )
        ).all()
        # Each carries the case's zone: its administrators read it in the audit log.
        assert sorted(audited) == [("case.paid", "GS-BY"), ("case.recovery", "GS-BY")]
    assert _paid(store) == Decimal("100000.00")


def test_the_ledger_takes_an_overpayment_only_from_a_case(
    store: Store, catalogue: Catalogue, tmp_path: Path
) -> None:
    case_id = _batched_then_lowered(store, catalogue, tmp_path)
    with store.transaction() as session:
        entitlement = get_case(session, ALL, case_id).entitlement_id
        with pytest.raises(ledger.LedgerError, match="只有支付批次中的案件"):
            ledger.pay(session, entitlement, Decimal("100000"), PAID_ON, "PZ-1", "经办人",
                       overpaid=True)  # fmt: skip
        # Nor by hand beside its case, without the flag.
        with pytest.raises(ledger.LedgerError):
            ledger.pay(session, entitlement, Decimal("100000"), PAID_ON, "PZ-1", "经办人")
    assert _paid(store) == Decimal("0.00")


def test_the_same_sheet_again_after_an_overpayment_is_recognised_not_refused(
    store: Store, catalogue: Catalogue, tmp_path: Path
) -> None:
    """The returned sheet imported a second time (the officer unsure the first went through)
    says each row was recorded before, as it does for a case simply paid: the case gone on to
    追回中 is still the one paid against that voucher, and nothing is recorded twice."""
    case_id = _batched_then_lowered(store, catalogue, tmp_path)
    sheet = Workbook()
    rows = sheet.active
    assert rows is not None
    rows.append(["案件编号", "金额（元）", "支付日期", "凭证号"])
    rows.append([str(case_id), "100000", "2026-03-20", "PZ-1"])
    path = tmp_path / "back.xlsx"
    sheet.save(path)
    with store.transaction() as session:
        payments.import_payments(session, ALL, OFFICER, path, today=TODAY, overpaid=True)
    for overpaid in (True, False):
        with store.transaction() as session:
            again = payments.import_payments(
                session, ALL, OFFICER, path, today=TODAY, overpaid=overpaid
            )
            assert (again.paid, again.repeated, again.recovering) == (0, 1, 0)
            case = get_case(session, ALL, case_id)
            assert (case.state, case.recovery_amount) == (State.RECOVERING, Decimal("50000.00"))
    assert _paid(store) == Decimal("100000.00")
    # Once the excess is back, the sheet is still the one already recorded.
    with store.transaction() as session:
        recovery.record_repayment(session, ALL, case_id, OFFICER, amount=Decimal("50000"),
                                  on=date(2026, 4, 1), voucher="TH-1")  # fmt: skip
    with store.transaction() as session:
        again = payments.import_payments(session, ALL, OFFICER, path, today=TODAY)
        assert (again.paid, again.repeated) == (0, 1)
    assert _paid(store) == Decimal("50000.00")
    # A different voucher for that case is still refused: it is no longer in the batch.
    rows.append([str(case_id), "100000", "2026-03-20", "PZ-2"])
    rows.delete_rows(2)
    sheet.save(path)
    with store.transaction() as session, pytest.raises(FulfilmentError, match="不在支付批次中"):
        payments.import_payments(session, ALL, OFFICER, path, today=TODAY, overpaid=True)


def test_a_repayment_of_a_fraction_of_a_fen_is_refused_in_the_officers_terms(
    store: Store, catalogue: Catalogue, tmp_path: Path
) -> None:
    """The money returned is typed as a positive sum (the page's 退回金额): a third decimal is
    refused as such, not as the ledger's negative 支付金额 the officer never typed."""
    case_id = _batched_then_lowered(store, catalogue, tmp_path)
    with store.transaction() as session:
        payments.record_payment(session, ALL, case_id, OFFICER, PAID_ON, "PZ-1",
                                today=TODAY, overpaid=True)  # fmt: skip
    for typed in ("0.001", "10.005", "0", "-1"):
        with store.transaction() as session, pytest.raises(FulfilmentError) as refused:
            recovery.record_repayment(session, ALL, case_id, OFFICER, amount=Decimal(typed),
                                      on=date(2026, 4, 1), voucher="TH-1")  # fmt: skip
        assert str(refused.value) == "退回金额须大于零、最多两位小数", typed
    assert _paid(store) == Decimal("100000.00")


def test_an_excess_comes_back_in_parts(store: Store, catalogue: Catalogue, tmp_path: Path) -> None:
    """What the newest computation no longer allows may come back in several transfers: each
    brings the ledger nearer the maximum and is recorded, though the total stays above it until
    the last (10万 paid, 最多5万: 2万, then 3万). Never more than is owed."""
    case_id = _batched_then_lowered(store, catalogue, tmp_path)
    with store.transaction() as session:
        payments.record_payment(session, ALL, case_id, OFFICER, PAID_ON, "PZ-1",
                                today=TODAY, overpaid=True)  # fmt: skip
    with store.transaction() as session:
        done = recovery.record_repayment(session, ALL, case_id, OFFICER, amount=Decimal("20000"),
                                         on=date(2026, 4, 1), voucher="TH-1")  # fmt: skip
        assert done.state == State.RECOVERING
    assert _paid(store) == Decimal("80000.00")
    _repaid_to_the_fen(store, case_id, "30000", date(2026, 4, 2), "TH-2")
    assert _paid(store) == Decimal("50000.00")


def test_the_ledger_still_refuses_a_payment_above_the_maximum(
    store: Store, catalogue: Catalogue, tmp_path: Path
) -> None:
    """A recovery may leave the total above the maximum on its way down; money out may not."""
    case_id = _batched_then_lowered(store, catalogue, tmp_path)
    with store.transaction() as session:
        payments.record_payment(session, ALL, case_id, OFFICER, PAID_ON, "PZ-1",
                                today=TODAY, overpaid=True)  # fmt: skip
        entitlement = get_case(session, ALL, case_id).entitlement_id
    with store.transaction() as session, pytest.raises(ledger.LedgerError, match="已登记支付"):
        ledger.pay(session, entitlement, Decimal("0.01"), PAID_ON, "PZ-9", "经办人",
                   case=case_id)  # fmt: skip
    with store.transaction() as session, pytest.raises(ledger.LedgerError, match="超出应享金额"):
        ledger.pay(session, entitlement, Decimal("-100000.01"), PAID_ON, "TH-9", "经办人",
                   case=case_id)  # fmt: skip
    assert _paid(store) == Decimal("100000.00")


def test_money_returned_on_a_case_is_recorded_by_its_case_not_by_hand(
    store: Store, catalogue: Catalogue, tmp_path: Path
) -> None:
    """5万 owed back, returned and typed in by hand (``ledger pay --amount -50000``) beside the
    case: the ledger took it, the case stayed 追回中 with no history of it, and every repayment
    recorded on the case was then refused (it had all come back) — the case could never end. A
    repayment is recorded on its case (``cases repay``), which the ledger now says."""
    case_id = _batched_then_lowered(store, catalogue, tmp_path)
    with store.transaction() as session:
        payments.record_payment(session, ALL, case_id, OFFICER, PAID_ON, "PZ-1",
                                today=TODAY, overpaid=True)  # fmt: skip
        entitlement = get_case(session, ALL, case_id).entitlement_id
    with store.transaction() as session, pytest.raises(ledger.LedgerError) as refused:
        ledger.pay(session, entitlement, Decimal("-50000"), PAID_ON, "TH-1", "经办人")
    assert f"编号{case_id}" in str(refused.value) and "退回" in str(refused.value)
    assert _paid(store) == Decimal("100000.00")
    with store.transaction() as session:
        done = recovery.record_repayment(session, ALL, case_id, OFFICER, amount=Decimal("50000"),
                                         on=date(2026, 4, 1), voucher="TH-1")  # fmt: skip
        assert done.state == State.RECOVERED
    assert _paid(store) == Decimal("50000.00")


def test_what_a_recovery_leaves_paid_still_draws_on_the_pool(
    store: Store, catalogue: Catalogue, tmp_path: Path
) -> None:
    """Only the excess comes back (10万 paid, 5万 recovered): the 5万 kept is money out of the
    pool's budget, as before the recovery. Once 已追回 the case no longer counted, and the budget
    showed 5万 free that had been spent — the next approval could have committed it again."""
    case_id = _batched_then_lowered(store, catalogue, tmp_path)
    with store.transaction() as session:
        case = payments.record_payment(session, ALL, case_id, OFFICER, PAID_ON, "PZ-1",
                                       today=TODAY, overpaid=True)  # fmt: skip
        year, payer, zone = case.year, case.payer, case.zone
    with store.transaction() as session:
        recovery.record_repayment(session, ALL, case_id, OFFICER, amount=Decimal("50000"),
                                  on=date(2026, 4, 1), voucher="TH-1")  # fmt: skip
    with store.transaction() as session, pytest.raises(FulfilmentError, match="已承诺"):
        funds.set_pool(session, ALL, OFFICER, LOAN, year, payer, Decimal("49999.99"),
                       owner=zone)  # fmt: skip
    with store.transaction() as session:
        funds.set_pool(session, ALL, OFFICER, LOAN, year, payer, Decimal("80000"), owner=zone)
        (pool,) = funds.status(session, ALL, year)
        assert (pool.committed, pool.paid, pool.remaining) == (
            Decimal("50000.00"),
            Decimal("50000.00"),
            Decimal("30000.00"),
        )
        (row,) = funds.breakdown(session, ALL, year, "policy")
        assert (row["committed"], row["paid"]) == (Decimal("50000.00"), Decimal("50000.00"))


@pytest.mark.parametrize("returned", [Decimal("0"), Decimal("20000")])
def test_a_recovery_grows_when_the_award_is_lowered_again(
    store: Store, catalogue: Catalogue, tmp_path: Path, returned: Decimal
) -> None:
    """Under recovery of the excess (10万 paid, 最多5万: 5万 owed), the loan is then struck from
    the records: all 10万 is owed. The case asked only for the first 5万 and, once that came
    back, was 已追回 with 5万 still paid on a withdrawn award and no way left to recover it. The
    recovery now grows to what the newest computation requires, counting what already came back;
    the enterprise is told."""
    case_id = _batched_then_lowered(store, catalogue, tmp_path)
    with store.transaction() as session:
        payments.record_payment(session, ALL, case_id, OFFICER, PAID_ON, "PZ-1",
                                today=TODAY, overpaid=True)  # fmt: skip
    if returned:
        with store.transaction() as session:
            recovery.record_repayment(session, ALL, case_id, OFFICER, amount=returned,
                                      on=date(2026, 4, 1), voucher="TH-1")  # fmt: skip
    sync(store, catalogue, records(plain(events=[])))
    with store.transaction() as session:
        case = get_case(session, ALL, case_id)
        assert (case.state, case.recovery_amount) == (State.RECOVERING, Decimal("100000.00"))
        told = list(
            session.scalars(select(InboxMessage.body).where(InboxMessage.case_id == case_id))
        )
        assert any("须退回已拨付资金共100,000.00元" in body for body in told)
    with store.transaction() as session:
        done = recovery.record_repayment(session, ALL, case_id, OFFICER,
                                         amount=Decimal("100000") - returned,
                                         on=date(2026, 4, 2), voucher="TH-2")  # fmt: skip
        assert done.state == State.RECOVERED
    assert _paid(store) == Decimal("0.00")


def test_a_recovery_is_not_lowered_by_a_higher_recomputation(
    store: Store, catalogue: Catalogue, tmp_path: Path
) -> None:
    """The interest found to be 8万 after all: 2万 is owed, but the 5万 asked stays (the officer
    decides; the case never asks less of its own accord)."""
    case_id = _batched_then_lowered(store, catalogue, tmp_path)
    with store.transaction() as session:
        payments.record_payment(session, ALL, case_id, OFFICER, PAID_ON, "PZ-1",
                                today=TODAY, overpaid=True)  # fmt: skip
    sync(store, catalogue, records(plain(events=[_loan(80_000)])))
    with store.transaction() as session:
        case = get_case(session, ALL, case_id)
        assert (case.state, case.recovery_amount) == (State.RECOVERING, Decimal("50000.00"))


def test_a_payment_on_an_award_now_undecided_is_said_to_need_checking(
    store: Store, catalogue: Catalogue, tmp_path: Path
) -> None:
    """The loan's interest is no longer known (待定) when the finance office's sheet comes back at
    the approved amount: recorded, no recovery opened (nothing certain is owed), and the officer
    is told to check — not only in the case's history."""
    case_id = _batched_then_lowered(store, catalogue, tmp_path)
    sync(
        store,
        catalogue,
        records(plain(events=[{k: v for k, v in _loan(1).items() if k != "amount"}])),
    )
    with store.transaction() as session:
        case = get_case(session, ALL, case_id)
        assert case.state == State.IN_BATCH
        case = payments.record_payment(session, ALL, case_id, OFFICER, PAID_ON, "PZ-1",
                                       today=TODAY, overpaid=True)  # fmt: skip
        assert (case.state, case.recovery_amount) == (State.PAID, None)
        assert payments.paid_message(session, case).endswith(
            "台账重新测算为待定，请核实，不符合条件的启动追回"
        )
    assert (
        payments.Settled(1, 0, Decimal(100000), undecided=1)
        .message()
        .endswith("其中1条支付后台账重新测算为待定，请核实，不符合条件的启动追回")
    )


def _sheet(tmp_path: Path, case_id: int, amount: str) -> Path:
    sheet = Workbook()
    rows = sheet.active
    assert rows is not None
    rows.append(["案件编号", "金额（元）", "支付日期", "凭证号"])
    rows.append([str(case_id), amount, "2026-03-20", "PZ-1"])
    path = tmp_path / "back.xlsx"
    sheet.save(path)
    return path


def test_an_amount_paid_between_the_newest_maximum_and_the_approved_is_recorded_as_paid(
    store: Store, catalogue: Catalogue, tmp_path: Path
) -> None:
    """Approved 10万, recomputed to 最多5万 while the batch was out, and the finance office paid
    8万: neither the approved amount nor one within the newest range. The 8万 left the treasury;
    refused, it was recorded nowhere. Confirmed, 8万 is recorded (never the 10万 approved, never
    more than was paid) and exactly the 3万 above the newest maximum is recovered."""
    case_id = _batched_then_lowered(store, catalogue, tmp_path)
    with store.transaction() as session, pytest.raises(FulfilmentError) as refused:
        payments.record_payment(session, ALL, case_id, OFFICER, PAID_ON, "PZ-1", today=TODAY,
                                amount=Decimal("80000"))  # fmt: skip
    assert "已按实付金额支付" in str(refused.value) and "未登记" in str(refused.value)
    with store.transaction() as session:
        case = payments.record_payment(session, ALL, case_id, OFFICER, PAID_ON, "PZ-1",
                                       today=TODAY, amount=Decimal("80000"),
                                       overpaid=True)  # fmt: skip
        assert (case.state, case.amount) == (State.RECOVERING, Decimal("80000.00"))
        assert case.recovery_amount == Decimal("30000.00")
        assert "财政已支付80,000.00元" in (case.recovery_reason or "")
        told = session.scalars(select(InboxMessage.body).where(InboxMessage.case_id == case_id))
        assert any("须退回已拨付资金30,000.00元" in body for body in told)
        paid = [row for row in history(session, ALL, case_id) if row.action == "paid"][-1]
        assert "批准100,000.00元" in (paid.note or "")
    assert _paid(store) == Decimal("80000.00")
    with store.transaction() as session:
        done = recovery.record_repayment(session, ALL, case_id, OFFICER, amount=Decimal("30000"),
                                         on=date(2026, 4, 1), voucher="TH-1")  # fmt: skip
        assert done.state == State.RECOVERED
    assert _paid(store) == Decimal("50000.00")


@pytest.mark.parametrize(
    ("typed", "due"), [("50000.01", Decimal("0.01")), ("99999.99", Decimal("49999.99"))]
)
def test_the_excess_recovered_is_what_was_paid_above_the_maximum_at_both_ends(
    store: Store, catalogue: Catalogue, tmp_path: Path, typed: str, due: Decimal
) -> None:
    case_id = _batched_then_lowered(store, catalogue, tmp_path)
    with store.transaction() as session:
        case = payments.record_payment(session, ALL, case_id, OFFICER, PAID_ON, "PZ-1",
                                       today=TODAY, amount=Decimal(typed),
                                       overpaid=True)  # fmt: skip
        assert (case.state, case.amount, case.recovery_amount) == (
            State.RECOVERING,
            Decimal(typed),
            due,
        )
    assert _paid(store) == Decimal(typed)


def test_the_returned_sheet_records_the_amount_actually_paid_when_confirmed(
    store: Store, catalogue: Catalogue, tmp_path: Path
) -> None:
    case_id = _batched_then_lowered(store, catalogue, tmp_path)
    path = _sheet(tmp_path, case_id, "80000")
    with store.transaction() as session, pytest.raises(FulfilmentError, match="已按实付金额支付"):
        payments.import_payments(session, ALL, OFFICER, path, today=TODAY)
    with store.transaction() as session:
        done = payments.import_payments(session, ALL, OFFICER, path, today=TODAY, overpaid=True)
        assert (done.paid, done.total, done.recovering, done.owed) == (
            1,
            Decimal("80000.00"),
            1,
            Decimal("30000.00"),
        )
    assert _paid(store) == Decimal("80000.00")


def test_an_amount_paid_below_the_approved_on_an_award_withdrawn_is_recovered_in_full(
    store: Store, catalogue: Catalogue, tmp_path: Path
) -> None:
    case_id = _batched_then_lowered(store, catalogue, tmp_path)
    sync(store, catalogue, records(plain(events=[])))
    with store.transaction() as session, pytest.raises(FulfilmentError, match="已按实付金额支付"):
        payments.record_payment(session, ALL, case_id, OFFICER, PAID_ON, "PZ-1", today=TODAY,
                                amount=Decimal("80000"))  # fmt: skip
    with store.transaction() as session:
        case = payments.record_payment(session, ALL, case_id, OFFICER, PAID_ON, "PZ-1",
                                       today=TODAY, amount=Decimal("80000"),
                                       overpaid=True)  # fmt: skip
        assert (case.state, case.recovery_amount) == (State.RECOVERING, Decimal("80000.00"))
    assert _paid(store) == Decimal("80000.00")


def test_an_amount_paid_below_the_approved_on_an_award_now_undecided_is_noted(
    store: Store, catalogue: Catalogue, tmp_path: Path
) -> None:
    case_id = _batched_then_lowered(store, catalogue, tmp_path)
    sync(
        store,
        catalogue,
        records(plain(events=[{k: v for k, v in _loan(1).items() if k != "amount"}])),
    )
    with store.transaction() as session:
        case = payments.record_payment(session, ALL, case_id, OFFICER, PAID_ON, "PZ-1",
                                       today=TODAY, amount=Decimal("80000"),
                                       overpaid=True)  # fmt: skip
        assert (case.state, case.amount, case.recovery_amount) == (
            State.PAID,
            Decimal("80000.00"),
            None,
        )
        last = history(session, ALL, case_id)[-1]
        assert last.action == "overpaid" and "财政已支付80,000.00元" in (last.note or "")
    assert _paid(store) == Decimal("80000.00")


def test_an_amount_within_the_newest_range_needs_no_confirmation_and_opens_no_recovery(
    store: Store, catalogue: Catalogue, tmp_path: Path
) -> None:
    case_id = _batched_then_lowered(store, catalogue, tmp_path)
    with store.transaction() as session:
        case = payments.record_payment(session, ALL, case_id, OFFICER, PAID_ON, "PZ-1",
                                       today=TODAY, amount=Decimal("50000"),
                                       overpaid=True)  # fmt: skip
        assert (case.state, case.amount, case.recovery_amount) == (
            State.PAID,
            Decimal("50000.00"),
            None,
        )


def _recovered(store: Store, catalogue: Catalogue, tmp_path: Path) -> int:
    """10万 paid after the interest was found to be 5万; the 5万 excess back: 已追回, 5万 kept."""
    case_id = _batched_then_lowered(store, catalogue, tmp_path)
    with store.transaction() as session:
        payments.record_payment(session, ALL, case_id, OFFICER, PAID_ON, "PZ-1",
                                today=TODAY, overpaid=True)  # fmt: skip
    with store.transaction() as session:
        done = recovery.record_repayment(session, ALL, case_id, OFFICER, amount=Decimal("50000"),
                                         on=date(2026, 4, 1), voucher="TH-1")  # fmt: skip
        assert done.state == State.RECOVERED
    return case_id


def _pool(store: Store) -> tuple[Decimal, Decimal]:
    with store.transaction() as session:
        (pool,) = funds.status(session, ALL, 2025)
        return pool.committed, pool.paid


def test_a_recovered_case_lowered_again_reopens_its_recovery(
    store: Store, catalogue: Catalogue, tmp_path: Path
) -> None:
    """已追回 with 5万 kept, the interest is then found to be 2万: 3万 more is owed. The case stayed
    已追回 and the ledger said 3万 was owed back with no recovery to collect it. It goes back to
    追回中 for 8万 in all (the 5万 back counted), with its history, audit row and a notice."""
    case_id = _recovered(store, catalogue, tmp_path)
    with store.transaction() as session:
        case = get_case(session, ALL, case_id)
        funds.set_pool(session, ALL, OFFICER, LOAN, case.year, case.payer, Decimal("60000"),
                       owner=case.zone)  # fmt: skip
    assert _pool(store) == (Decimal("50000.00"), Decimal("50000.00"))
    sync(store, catalogue, records(plain(events=[_loan(20_000)])))
    with store.transaction() as session:
        case = get_case(session, ALL, case_id)
        assert (case.state, case.recovery_amount) == (State.RECOVERING, Decimal("80000.00"))
        last = history(session, ALL, case_id)[-1]
        assert (last.action, last.from_state, last.to_state) == (
            "recovery",
            State.RECOVERED,
            State.RECOVERING,
        )
        assert "应追回调整为80,000.00元" in (last.note or "")
        told = list(
            session.scalars(select(InboxMessage.body).where(InboxMessage.case_id == case_id))
        )
        assert any("须退回已拨付资金共80,000.00元" in body for body in told)
        audited = session.scalars(
            select(AuditEntry.action).where(AuditEntry.action == "case.recovery")
        ).all()
        assert len(audited) == 2
    # What is still out counts on the pool until it is back: 5万, not the 10万 once paid.
    assert _pool(store) == (Decimal("50000.00"), Decimal("50000.00"))
    with store.transaction() as session:
        case = get_case(session, ALL, case_id)
        with pytest.raises(FulfilmentError, match=r"已承诺50,000\.00元"):
            funds.set_pool(session, ALL, OFFICER, LOAN, case.year, case.payer,
                           Decimal("49999.99"), owner=case.zone)  # fmt: skip
    with store.transaction() as session:
        funds.set_pool(session, ALL, OFFICER, LOAN, case.year, case.payer, Decimal("50000"),
                       owner=case.zone)  # fmt: skip
    _repaid_to_the_fen(store, case_id, "30000", date(2026, 5, 1), "TH-2")
    assert _paid(store) == Decimal("20000.00")
    assert _pool(store) == (Decimal("20000.00"), Decimal("20000.00"))


def test_a_recovered_case_whose_award_is_withdrawn_recovers_what_it_kept(
    store: Store, catalogue: Catalogue, tmp_path: Path
) -> None:
    case_id = _recovered(store, catalogue, tmp_path)
    sync(store, catalogue, records(plain(events=[])))
    with store.transaction() as session:
        case = get_case(session, ALL, case_id)
        assert (case.state, case.recovery_amount) == (State.RECOVERING, Decimal("100000.00"))
    with store.transaction() as session:
        done = recovery.record_repayment(session, ALL, case_id, OFFICER, amount=Decimal("50000"),
                                         on=date(2026, 5, 1), voucher="TH-2")  # fmt: skip
        assert done.state == State.RECOVERED
    assert _paid(store) == Decimal("0.00")


def test_a_recovered_case_is_reopened_only_below_what_it_kept(
    store: Store, catalogue: Catalogue, tmp_path: Path
) -> None:
    """Kept 5万: recomputed to 6万, then 5万, nothing is owed and the case stays 已追回; to
    49,999.99 one fen is owed."""
    case_id = _recovered(store, catalogue, tmp_path)
    for interest in (60_000, 50_000):
        sync(store, catalogue, records(plain(events=[_loan(interest)])))
        with store.transaction() as session:
            case = get_case(session, ALL, case_id)
            assert (case.state, case.recovery_amount) == (State.RECOVERED, Decimal("50000.00"))
    sync(store, catalogue, records(plain(events=[{**_loan(0), "amount": "49999.99"}])))
    with store.transaction() as session:
        case = get_case(session, ALL, case_id)
        assert (case.state, case.recovery_amount) == (State.RECOVERING, Decimal("50000.01"))


def test_payments_and_repayments_dated_after_the_clocks_today_are_refused(
    store: Store, catalogue: Catalogue, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without a ``today=`` from the caller, the day compared with is ``fulfilment.clock``'s —
    the one the command line and the tests set — never the machine's date read apart."""
    from techzone.fulfilment import clock

    case_id = _batched_then_lowered(store, catalogue, tmp_path)
    path = _sheet(tmp_path, case_id, "100000")
    monkeypatch.setattr(clock, "today", lambda: PAID_ON - timedelta(days=1))
    with store.transaction() as session, pytest.raises(FulfilmentError, match="晚于今天"):
        payments.record_payment(session, ALL, case_id, OFFICER, PAID_ON, "PZ-1", overpaid=True)
    with store.transaction() as session, pytest.raises(FulfilmentError, match="晚于今天"):
        payments.import_payments(session, ALL, OFFICER, path, overpaid=True)
    monkeypatch.setattr(clock, "today", lambda: PAID_ON)
    with store.transaction() as session:
        payments.import_payments(session, ALL, OFFICER, path, overpaid=True)
    back = date(2026, 4, 1)
    monkeypatch.setattr(clock, "today", lambda: back - timedelta(days=1))
    with store.transaction() as session, pytest.raises(FulfilmentError, match="晚于今天"):
        recovery.record_repayment(session, ALL, case_id, OFFICER, amount=Decimal("50000"),
                                  on=back, voucher="TH-1")  # fmt: skip
    with store.transaction() as session, pytest.raises(FulfilmentError, match="晚于今天"):
        recovery.record_repayment(session, ALL, case_id, OFFICER, amount=Decimal("50000"),
                                  on=back, voucher="TH-1",
                                  today=back - timedelta(days=1))  # fmt: skip
    assert _paid(store) == Decimal("100000.00")
    monkeypatch.setattr(clock, "today", lambda: back)
    with store.transaction() as session:
        done = recovery.record_repayment(session, ALL, case_id, OFFICER, amount=Decimal("50000"),
                                         on=back, voucher="TH-1")  # fmt: skip
        assert done.state == State.RECOVERED


@pytest.mark.parametrize(("amount", "day"), [("90000", "2026-03-20"), ("100000", "2026-03-21")])
def test_a_voucher_recorded_before_with_another_amount_or_day_is_refused_not_skipped(
    store: Store, catalogue: Catalogue, tmp_path: Path, amount: str, day: str
) -> None:
    """The same voucher again is the same payment: a sheet saying it was 9万 (or paid another
    day) where 10万 on 20 March was recorded is not "already recorded" — one of the two is wrong
    and the officer must see which, not have the row passed over in silence."""
    case_id = _batched_then_lowered(store, catalogue, tmp_path)
    path = _sheet(tmp_path, case_id, "100000")
    with store.transaction() as session:
        payments.import_payments(session, ALL, OFFICER, path, today=TODAY, overpaid=True)
    sheet = Workbook()
    rows = sheet.active
    assert rows is not None
    rows.append(["案件编号", "金额（元）", "支付日期", "凭证号"])
    rows.append([str(case_id), amount, day, "PZ-1"])
    sheet.save(path)
    with store.transaction() as session, pytest.raises(FulfilmentError) as refused:
        payments.import_payments(session, ALL, OFFICER, path, today=TODAY, overpaid=True)
    assert "已登记支付100,000.00元（2026-03-20）" in str(refused.value)
    assert _paid(store) == Decimal("100000.00")
