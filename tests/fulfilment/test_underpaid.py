"""The finance office paid a case less than approved (funds short, 资金不足按比例核减; a cut by
finance) while the ledger was not recomputed lower.

The money that left the treasury is recorded — only on the officer's word and reason — and the
rest is not lost: it stays owed on the case (未付余额), is paid later in another batch as a
follow-up (补拨) or closed with a reason (余额不再拨付). Never more than approved, nor than the
newest computation allows, in all.

The case is 白银政策清单 第19段's loan-interest subsidy (seed 000, 最高20万元, the interest
actually paid): approved at 10万 for 10万 of interest, in a batch, paid 8万.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from techzone.awards import ledger
from techzone.awards.catalogue import Catalogue
from techzone.fulfilment import funds, measures, payments, publicity
from techzone.fulfilment.cases import get_case, history
from techzone.fulfilment.errors import FulfilmentError
from techzone.fulfilment.states import State
from techzone.model import AuditEntry, CaseHistory, EntitlementPayment, EntitlementVersion
from techzone.store import Store
from tests.fulfilment.conftest import (
    ALL,
    CONTACT,
    LOAN,
    OFFICER,
    A,
    approve_all,
    cases,
    confirm,
    plain,
    records,
    sync,
)
from tests.fulfilment.test_pools import (
    AWARD_YEAR,
    BAIYIN_ADMIN,
    PUBLISHED,
    ZONE_ACTOR,
    _batched_then_lowered,
    _loan,
)

PAID_ON, LATER, TODAY = date(2026, 3, 20), date(2026, 6, 1), date(2026, 12, 1)
KEY = f"{LOAN}|event:{A}:L1"
WHY = "资金不足按比例核减"


def _batched(store: Store, catalogue: Catalogue, tmp_path: Path) -> int:
    """A loan approved at 10万 for 10万 of interest, publicised and in a batch (not recomputed)."""
    sync(store, catalogue, records(plain(events=[_loan(100_000)])))
    (case,) = cases(store, LOAN)
    confirm(store, case.id)
    approve_all(store, case.id, catalogue, Decimal("100000"), "按实付利息核定")
    with store.transaction() as session:
        number = publicity.publish(
            session, ALL, OFFICER, PUBLISHED, today=PUBLISHED, contact=CONTACT
        ).number
    with store.transaction() as session:
        publicity.close(session, ALL, number, OFFICER, date(2026, 3, 10))
        payments.export_batch(session, ALL, OFFICER, "zone", tmp_path / "b.xlsx",
                              catalogue=catalogue)  # fmt: skip
    return case.id


def _paid_short(store: Store, catalogue: Catalogue, tmp_path: Path) -> int:
    """The case above, paid 8万 of its 10万 (funds short)."""
    case_id = _batched(store, catalogue, tmp_path)
    with store.transaction() as session:
        payments.record_payment(session, ALL, case_id, OFFICER, PAID_ON, "PZ-1", today=TODAY,
                                amount=Decimal("80000"), underpaid=True, reason=WHY)  # fmt: skip
    return case_id


def _ledger(store: Store) -> tuple[Decimal, list[Decimal]]:
    with store.transaction() as session:
        (entry,) = ledger.history(session, KEY)
        payments_made = [p["amount"] for p in entry["payments"]]
        return Decimal(entry["paid"] or 0), payments_made


def _sheet(tmp_path: Path, name: str, *rows: list[str]) -> Path:
    sheet = Workbook()
    table = sheet.active
    assert table is not None
    table.append(["案件编号", "金额（元）", "支付日期", "凭证号"])
    for row in rows:
        table.append(row)
    path = tmp_path / name
    sheet.save(path)
    return path


def test_a_payment_short_of_the_approved_amount_needs_the_confirmation_and_a_reason(
    store: Store, catalogue: Catalogue, tmp_path: Path
) -> None:
    case_id = _batched(store, catalogue, tmp_path)
    with store.transaction() as session:
        # Unconfirmed, refused with the way through; confirmed without a reason, refused too.
        with pytest.raises(FulfilmentError, match="确认「财政实付少于批准金额」并写明原因"):
            payments.record_payment(session, ALL, case_id, OFFICER, PAID_ON, "PZ-1",
                                    today=TODAY, amount=Decimal("80000"))  # fmt: skip
        with pytest.raises(FulfilmentError, match="须写明原因"):
            payments.record_payment(session, ALL, case_id, OFFICER, PAID_ON, "PZ-1",
                                    today=TODAY, amount=Decimal("80000"), underpaid=True,
                                    reason=" ")  # fmt: skip
        # Never above the approved amount, confirmation or not.
        with pytest.raises(FulfilmentError, match="高于批准金额"):
            payments.record_payment(session, ALL, case_id, OFFICER, PAID_ON, "PZ-1", today=TODAY,
                                    amount=Decimal("100000.01"), underpaid=True,
                                    reason=WHY)  # fmt: skip
    with store.transaction() as session:
        # Nothing of the refusals was written.
        assert get_case(session, ALL, case_id).state == State.IN_BATCH
        assert session.scalar(select(func.count()).select_from(EntitlementPayment)) == 0
    with store.transaction() as session:
        case = payments.record_payment(session, ALL, case_id, OFFICER, PAID_ON, "PZ-1",
                                       today=TODAY, amount=Decimal("80000"), underpaid=True,
                                       reason=WHY)  # fmt: skip
        assert (case.state, case.amount, case.unpaid) == (
            State.PAID,
            Decimal("80000.00"),
            Decimal("20000.00"),
        )
        assert payments.paid_message(session, case) == (
            "已登记支付；未付余额20,000.00元，可补拨或不再拨付"
        )
        last = history(session, ALL, case_id)[-1]
        assert last.action == "paid" and WHY in (last.note or "")
        assert "未付余额20,000.00元" in (last.note or "")
        assert last.detail == {
            "approved": "100000.00",
            "paid": "80000.00",
            "unpaid": "20000.00",
            "reason": WHY,
        }
        audited = session.scalars(select(AuditEntry).where(AuditEntry.action == "case.paid")).one()
        assert audited.after is not None and audited.after["unpaid"] == "20000.00"
        note = session.scalars(select(EntitlementPayment.note)).one()
        assert note is not None and WHY in note and "未付余额20,000.00元" in note
        (entry,) = ledger.history(session, KEY)
        assert entry["unpaid"] == Decimal("20000.00")
        # 兑现率 by amount: entitled to the approved 10万, paid 8万 — not 8万 of 8万.
        figures = measures.measures(session, ALL, year=2025).total
        assert (figures.entitled_amount, figures.paid_amount) == (
            Decimal("100000.00"),
            Decimal("80000.00"),
        )
    assert _ledger(store) == (Decimal("80000.00"), [Decimal("80000.00")])


def test_the_rest_is_paid_as_a_follow_up_in_a_later_batch_never_a_fen_more(
    store: Store, catalogue: Catalogue, tmp_path: Path
) -> None:
    case_id = _paid_short(store, catalogue, tmp_path)
    with store.transaction() as session:
        with pytest.raises(FulfilmentError, match="须写明原因"):
            payments.follow_up(session, ALL, case_id, OFFICER, reason="")
        with pytest.raises(FulfilmentError, match=r"高于未付余额20,000\.00元"):
            payments.follow_up(session, ALL, case_id, OFFICER, reason="资金到位",
                               amount=Decimal("20000.01"))  # fmt: skip
    with store.transaction() as session:
        case = payments.follow_up(session, ALL, case_id, OFFICER, reason="资金到位",
                                  amount=Decimal("20000"))  # fmt: skip
        assert (case.state, case.unpaid, case.topup) == (
            State.PAID,
            Decimal("20000.00"),
            Decimal("20000.00"),
        )
        with pytest.raises(FulfilmentError, match="已待列入支付批次"):
            payments.follow_up(session, ALL, case_id, OFFICER, reason="再次")
    # The next batch takes the follow-up at the rest, not at the approved amount.
    out = tmp_path / "b2.xlsx"
    with store.transaction() as session:
        batch = payments.export_batch(session, ALL, OFFICER, "zone", out, catalogue=catalogue)
        assert (batch.cases, batch.total) == (1, Decimal("20000.00"))
    table = load_workbook(out).active
    assert table is not None
    rows = list(table.iter_rows(values_only=True))
    assert rows[1][1] == str(case_id) and Decimal(str(rows[1][6])) == Decimal("20000")
    # The returned sheet: a fen more than the follow-up is refused, nothing written.
    over = _sheet(tmp_path, "over.xlsx", [str(case_id), "20000.01", "2026-06-01", "PZ-2"])
    with store.transaction() as session, pytest.raises(FulfilmentError, match="补拨金额"):
        payments.import_payments(session, ALL, OFFICER, over, today=TODAY)
    assert _ledger(store)[0] == Decimal("80000.00")
    exact = _sheet(tmp_path, "exact.xlsx", [str(case_id), "20000", "2026-06-01", "PZ-2"])
    with store.transaction() as session:
        done = payments.import_payments(session, ALL, OFFICER, exact, today=TODAY)
        assert (done.paid, done.total, done.short) == (1, Decimal("20000.00"), 0)
        case = get_case(session, ALL, case_id)
        assert (case.state, case.amount, case.unpaid, case.topup) == (
            State.PAID,
            Decimal("100000.00"),
            None,
            None,
        )
        assert "未付余额已付清" in (history(session, ALL, case_id)[-1].note or "")
    assert _ledger(store) == (Decimal("100000.00"), [Decimal("80000.00"), Decimal("20000.00")])
    # Both sheets again: recognised, never paid twice.
    first = _sheet(tmp_path, "first.xlsx", [str(case_id), "80000", "2026-03-20", "PZ-1"])
    for path in (exact, first):
        with store.transaction() as session:
            again = payments.import_payments(session, ALL, OFFICER, path, today=TODAY)
            assert (again.paid, again.repeated) == (0, 1)
    assert _ledger(store)[0] == Decimal("100000.00")
    # Nothing is left to follow up.
    with store.transaction() as session, pytest.raises(FulfilmentError, match="没有未付余额"):
        payments.follow_up(session, ALL, case_id, OFFICER, reason="资金到位")


def test_a_returned_sheet_with_a_row_paid_short_is_recorded_with_its_rest(
    store: Store, catalogue: Catalogue, tmp_path: Path
) -> None:
    case_id = _batched(store, catalogue, tmp_path)
    path = _sheet(tmp_path, "back.xlsx", [str(case_id), "80000", "2026-03-20", "PZ-1"])
    with store.transaction() as session, pytest.raises(FulfilmentError, match="第2行"):
        payments.import_payments(session, ALL, OFFICER, path, today=TODAY)
    with store.transaction() as session, pytest.raises(FulfilmentError, match="须写明原因"):
        payments.import_payments(session, ALL, OFFICER, path, today=TODAY, underpaid=True)
    with store.transaction() as session:
        assert get_case(session, ALL, case_id).state == State.IN_BATCH
    with store.transaction() as session:
        done = payments.import_payments(session, ALL, OFFICER, path, today=TODAY,
                                        underpaid=True, reason=WHY)  # fmt: skip
        assert (done.paid, done.short, done.unpaid) == (1, 1, Decimal("20000.00"))
        assert "未付余额合计20,000.00元" in done.message()
        case = get_case(session, ALL, case_id)
        assert (case.amount, case.unpaid) == (Decimal("80000.00"), Decimal("20000.00"))


def test_the_follow_up_stays_within_the_newest_computation(
    store: Store, catalogue: Catalogue, tmp_path: Path
) -> None:
    case_id = _paid_short(store, catalogue, tmp_path)
    # The interest is found to be 9万: 1万 more may still go out, not the whole rest.
    sync(store, catalogue, records(plain(events=[_loan(90_000)])))
    with store.transaction() as session:
        case = get_case(session, ALL, case_id)
        assert (case.state, case.unpaid) == (State.PAID, Decimal("20000.00"))
        with pytest.raises(FulfilmentError, match=r"最多可补拨10,000\.00元"):
            payments.follow_up(session, ALL, case_id, OFFICER, reason="资金到位")
        with pytest.raises(FulfilmentError, match=r"最多可补拨10,000\.00元"):
            payments.follow_up(session, ALL, case_id, OFFICER, reason="资金到位",
                               amount=Decimal("10000.01"))  # fmt: skip
    with store.transaction() as session:
        case = payments.follow_up(session, ALL, case_id, OFFICER, reason="资金到位",
                                  amount=Decimal("10000"))  # fmt: skip
        payments.export_batch(session, ALL, OFFICER, "zone", tmp_path / "b2.xlsx",
                              catalogue=catalogue)  # fmt: skip
    with store.transaction() as session:
        case = payments.record_payment(session, ALL, case_id, OFFICER, LATER, "PZ-2",
                                       today=TODAY)  # fmt: skip
        # 9万 paid in all, the newest maximum; 1万 still owed until closed.
        assert (case.amount, case.unpaid) == (Decimal("90000.00"), Decimal("10000.00"))
        with pytest.raises(FulfilmentError, match="已付已达到或超过应享"):
            payments.follow_up(session, ALL, case_id, OFFICER, reason="资金到位",
                               amount=Decimal("0.01"))  # fmt: skip
    with store.transaction() as session:
        case = payments.close_rest(session, ALL, case_id, OFFICER, reason="重新测算后应享9万元")
        assert (case.state, case.unpaid) == (State.PAID, None)
    assert _ledger(store)[0] == Decimal("90000.00")


def test_a_follow_up_is_refused_once_the_award_is_withdrawn_or_lowered_below_what_was_paid(
    store: Store, catalogue: Catalogue, tmp_path: Path
) -> None:
    case_id = _paid_short(store, catalogue, tmp_path)
    # The interest is found to be 7万: 1万 was paid beyond it and is recovered; no rest is owed.
    sync(store, catalogue, records(plain(events=[_loan(70_000)])))
    with store.transaction() as session:
        case = get_case(session, ALL, case_id)
        assert (case.state, case.recovery_amount, case.unpaid) == (
            State.RECOVERING,
            Decimal("10000.00"),
            None,
        )
        closed = session.scalars(
            select(CaseHistory).where(
                CaseHistory.case_id == case_id, CaseHistory.action == "rest_closed"
            )
        ).one()
        assert "未付余额20,000.00元不再拨付" in (closed.note or "")
        with pytest.raises(FulfilmentError, match="没有未付余额"):
            payments.follow_up(session, ALL, case_id, OFFICER, reason="资金到位")


def test_a_follow_up_is_refused_on_an_award_withdrawn(
    store: Store, catalogue: Catalogue, tmp_path: Path
) -> None:
    case_id = _paid_short(store, catalogue, tmp_path)
    sync(store, catalogue, records(plain(events=[])))
    with store.transaction() as session:
        case = get_case(session, ALL, case_id)
        assert (case.state, case.recovery_amount, case.unpaid) == (
            State.RECOVERING,
            Decimal("80000.00"),
            None,
        )
        with pytest.raises(FulfilmentError, match="没有未付余额"):
            payments.follow_up(session, ALL, case_id, OFFICER, reason="资金到位")


def test_a_follow_up_recomputed_lower_while_with_the_finance_office(
    store: Store, catalogue: Catalogue, tmp_path: Path
) -> None:
    case_id = _paid_short(store, catalogue, tmp_path)
    with store.transaction() as session:
        payments.follow_up(session, ALL, case_id, OFFICER, reason="资金到位")
        payments.export_batch(session, ALL, OFFICER, "zone", tmp_path / "b2.xlsx",
                              catalogue=catalogue)  # fmt: skip
    # Lowered to 9万 while the follow-up is out: the case waits for the payment's record.
    sync(store, catalogue, records(plain(events=[_loan(90_000)])))
    with store.transaction() as session:
        case = get_case(session, ALL, case_id)
        assert (case.state, case.topup) == (State.PAID, Decimal("20000.00"))
        with pytest.raises(FulfilmentError, match=r"高于台账最新测算的应享最多90,000\.00元"):
            payments.record_payment(session, ALL, case_id, OFFICER, LATER, "PZ-2", today=TODAY)
        # Neither closed nor recovered unseen while it is with the finance office.
        with pytest.raises(FulfilmentError, match="在支付批次中"):
            payments.close_rest(session, ALL, case_id, OFFICER, reason="不再拨付")
    with store.transaction() as session:
        case = payments.record_payment(session, ALL, case_id, OFFICER, LATER, "PZ-2",
                                       today=TODAY, overpaid=True)  # fmt: skip
        assert (case.state, case.amount, case.recovery_amount) == (
            State.RECOVERING,
            Decimal("100000.00"),
            Decimal("10000.00"),
        )
    assert _ledger(store)[0] == Decimal("100000.00")


def test_a_follow_up_taken_out_of_its_batch_leaves_the_rest_owed(
    store: Store, catalogue: Catalogue, tmp_path: Path
) -> None:
    case_id = _paid_short(store, catalogue, tmp_path)
    with store.transaction() as session:
        payments.follow_up(session, ALL, case_id, OFFICER, reason="资金到位")
        payments.export_batch(session, ALL, OFFICER, "zone", tmp_path / "b2.xlsx",
                              catalogue=catalogue)  # fmt: skip
    with store.transaction() as session:
        with pytest.raises(FulfilmentError, match="确认财政尚未支付"):
            payments.withdraw(session, ALL, case_id, OFFICER, reason="财政退回")
        case = payments.withdraw(session, ALL, case_id, OFFICER, reason="财政退回",
                                 not_paid=True)  # fmt: skip
        assert (case.state, case.unpaid, case.topup, case.batch_id) == (
            State.PAID,
            Decimal("20000.00"),
            None,
            None,
        )
    # Not taken by the next batch until it is followed up again.
    with store.transaction() as session, pytest.raises(FulfilmentError, match="没有待支付"):
        payments.export_batch(session, ALL, OFFICER, "zone", tmp_path / "b3.xlsx",
                              catalogue=catalogue)  # fmt: skip


def test_fund_pools_hold_what_was_paid_and_the_rest_owed_and_a_closed_rest_frees_budget(
    store: Store, catalogue: Catalogue, tmp_path: Path
) -> None:
    case_id = _batched(store, catalogue, tmp_path)
    with store.transaction() as session:
        funds.set_pool(
            session, BAIYIN_ADMIN, ZONE_ACTOR, LOAN, AWARD_YEAR, "zone", Decimal("150000")
        )
    with store.transaction() as session:
        payments.record_payment(session, ALL, case_id, OFFICER, PAID_ON, "PZ-1", today=TODAY,
                                amount=Decimal("80000"), underpaid=True, reason=WHY)  # fmt: skip
        (pool,) = funds.status(session, ALL, AWARD_YEAR)
        # Committed once: 8万 paid and 2万 owed, never 8万 twice nor the rest forgotten.
        assert (pool.committed, pool.paid, pool.remaining) == (
            Decimal("100000.00"),
            Decimal("80000.00"),
            Decimal("50000.00"),
        )
        # The budget cannot be set below what the pool still owes.
        with pytest.raises(FulfilmentError, match="预算不能低于"):
            funds.set_pool(session, BAIYIN_ADMIN, ZONE_ACTOR, LOAN, AWARD_YEAR, "zone",
                           Decimal("99999.99"))  # fmt: skip
    with store.transaction() as session:
        payments.follow_up(session, ALL, case_id, OFFICER, reason="资金到位",
                           amount=Decimal("5000"))  # fmt: skip
        (pool,) = funds.status(session, ALL, AWARD_YEAR)
        assert (pool.committed, pool.paid) == (Decimal("100000.00"), Decimal("80000.00"))
        with pytest.raises(FulfilmentError, match="须写明原因"):
            payments.close_rest(session, ALL, case_id, OFFICER, reason="")
    with store.transaction() as session:
        case = payments.close_rest(session, ALL, case_id, OFFICER, reason="财政不再安排资金")
        assert (case.unpaid, case.topup) == (None, None)
        (pool,) = funds.status(session, ALL, AWARD_YEAR)
        assert (pool.committed, pool.paid, pool.remaining) == (
            Decimal("80000.00"),
            Decimal("80000.00"),
            Decimal("70000.00"),
        )
        rows = funds.breakdown(session, ALL, AWARD_YEAR, "policy")
        assert rows == [
            {"group": LOAN, "committed": Decimal("80000.00"), "paid": Decimal("80000.00")}
        ]
        closed = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "case.rest_closed")
        ).one()
        assert closed.reason == "未付余额20,000.00元不再拨付：财政不再安排资金"
        assert closed.zone == "GS-BY"


def test_the_ledger_takes_a_second_payment_only_as_a_cases_follow_up(
    store: Store, catalogue: Catalogue, tmp_path: Path
) -> None:
    case_id = _paid_short(store, catalogue, tmp_path)
    with store.transaction() as session:
        with pytest.raises(ledger.LedgerError, match="只有少付的案件"):
            ledger.pay(session, KEY, Decimal("1"), LATER, "PZ-9", "经办人", follow_up=True,
                       today=TODAY)  # fmt: skip
        with pytest.raises(ledger.LedgerError, match="不能再次支付"):
            ledger.pay(session, KEY, Decimal("1"), LATER, "PZ-9", "经办人", case=case_id,
                       today=TODAY)  # fmt: skip
        # Past the newest computation's maximum (10万 of interest), even as a follow-up.
        with pytest.raises(ledger.LedgerError, match="超出应享金额"):
            ledger.pay(session, KEY, Decimal("20000.01"), LATER, "PZ-9", "经办人",
                       case=case_id, follow_up=True, today=TODAY)  # fmt: skip


def test_below_the_newest_range_after_a_recomputation_the_rest_is_what_it_still_allows(
    store: Store, catalogue: Catalogue, tmp_path: Path
) -> None:
    # Approved at 10万, the interest then found to be 5万 while in the batch; paid 4万 for a
    # reason of the finance office's own.
    case_id = _batched_then_lowered(store, catalogue, tmp_path)
    with store.transaction() as session:
        case = payments.record_payment(session, ALL, case_id, OFFICER, PAID_ON, "PZ-1",
                                       today=TODAY, amount=Decimal("40000"), underpaid=True,
                                       reason=WHY)  # fmt: skip
        # Owed: up to the newest maximum (5万), not up to the approved 10万.
        assert (case.state, case.amount, case.unpaid) == (
            State.PAID,
            Decimal("40000.00"),
            Decimal("10000.00"),
        )
    with store.transaction() as session:
        with pytest.raises(FulfilmentError, match=r"高于未付余额10,000\.00元"):
            payments.follow_up(session, ALL, case_id, OFFICER, reason="资金到位",
                               amount=Decimal("10000.01"))  # fmt: skip
        case = payments.follow_up(session, ALL, case_id, OFFICER, reason="资金到位")
        assert case.topup == Decimal("10000.00")


def test_below_the_newest_minimum_only_with_the_confirmation(
    store: Store, catalogue: Catalogue, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A fixed amount recomputed to 5万 (下限 and 上限 alike) while the batch was out.
    case_id = _batched(store, catalogue, tmp_path)
    fixed = EntitlementVersion(status="eligible", amount_min=Decimal("50000.00"),
                               amount_max=Decimal("50000.00"))  # fmt: skip
    monkeypatch.setattr(payments, "_newest", lambda session, case: fixed)
    with store.transaction() as session:
        case = get_case(session, ALL, case_id)
        with pytest.raises(FulfilmentError, match="不在台账最新测算的应享范围"):
            payments.payable(session, case, Decimal("49999.99"))
        assert payments.payable(session, case, Decimal("50000")) == Decimal("50000")
        assert payments.payable(session, case, Decimal("49999.99"), underpaid=True) == Decimal(
            "49999.99"
        )
        with pytest.raises(FulfilmentError, match="高于批准金额"):
            payments.payable(session, case, Decimal("100000.01"), underpaid=True)


def test_the_command_line_records_a_short_payment_and_settles_its_rest(
    store: Store,
    store_url: str,
    catalogue: Catalogue,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from typer.testing import CliRunner

    from techzone.cli import app
    from techzone.config import DATABASE_URL_ENV

    case_id = str(_batched(store, catalogue, tmp_path))
    monkeypatch.setenv(DATABASE_URL_ENV, store_url)

    def run(*args: str) -> tuple[int, str]:
        result = CliRunner().invoke(app, list(args))
        return result.exit_code, result.output

    pay = ("payments", "pay", case_id, "--voucher", "PZ-1", "--date", "2026-03-20")
    code, said = run(*pay, "--amount", "80000")
    assert code == 1 and "财政实付少于批准金额" in said
    code, said = run(*pay, "--amount", "80000", "--underpaid")
    assert code == 1 and "须写明原因" in said
    code, said = run(*pay, "--amount", "80000", "--underpaid", "--reason", WHY)
    assert code == 0 and "未付余额20,000.00元" in said, said
    code, said = run(
        "payments", "follow-up", case_id, "--reason", "资金到位", "--amount", "20000.01"
    )
    assert code == 1 and "高于未付余额" in said
    code, said = run("payments", "follow-up", case_id, "--reason", "资金到位", "--amount", "5000")
    assert code == 0 and "补拨5,000.00元，待列入支付批次（未付余额20,000.00元）" in said, said
    code, said = run("ledger", "history", KEY)
    assert code == 0 and "未付余额20,000.00元（兑现案件中补拨或不再拨付）" in said.replace("\n", "")
    code, said = run("payments", "close-rest", case_id, "--reason", "财政不再安排资金")
    assert code == 0 and "未付余额不再拨付" in said, said
    with store.transaction() as session:
        case = get_case(session, ALL, int(case_id))
        assert (case.amount, case.unpaid, case.topup) == (Decimal("80000.00"), None, None)
    code, said = run("ledger", "history", KEY)
    assert code == 0 and "已付80,000.00" in said and "未付余额" not in said


def test_a_follow_up_waiting_for_a_batch_is_cancelled_when_the_award_no_longer_allows_it(
    store: Store, catalogue: Catalogue, tmp_path: Path
) -> None:
    case_id = _paid_short(store, catalogue, tmp_path)
    with store.transaction() as session:
        payments.follow_up(session, ALL, case_id, OFFICER, reason="资金到位")
    # Lowered to 9万 before any batch took it: 2万 more would pass the newest maximum.
    sync(store, catalogue, records(plain(events=[_loan(90_000)])))
    with store.transaction() as session:
        case = get_case(session, ALL, case_id)
        assert (case.state, case.unpaid, case.topup) == (State.PAID, Decimal("20000.00"), None)
        assert "补拨20,000.00元超出最新测算的应享，已取消" in (
            history(session, ALL, case_id)[-1].note or ""
        )
        with pytest.raises(FulfilmentError, match="没有待支付"):
            payments.export_batch(session, ALL, OFFICER, "zone", tmp_path / "b2.xlsx",
                                  catalogue=catalogue)  # fmt: skip


@pytest.mark.parametrize(
    ("events", "recovered"),
    [([_loan(70_000)], Decimal("10000.00")), ([], Decimal("80000.00"))],
    ids=["lowered-below-paid", "withdrawn"],
)
def test_a_follow_up_taken_out_after_a_lowering_recovers_what_was_paid_beyond_the_award(
    store: Store,
    catalogue: Catalogue,
    tmp_path: Path,
    events: list[dict[str, object]],
    recovered: Decimal,
) -> None:
    # Lowered (or withdrawn) while the follow-up was with the finance office, the recovery of
    # the first payment's excess waited for the follow-up to be settled; taken out unpaid, the
    # excess must still be asked back, not left out with the rest owed.
    case_id = _paid_short(store, catalogue, tmp_path)
    with store.transaction() as session:
        payments.follow_up(session, ALL, case_id, OFFICER, reason="资金到位")
        payments.export_batch(session, ALL, OFFICER, "zone", tmp_path / "b2.xlsx",
                              catalogue=catalogue)  # fmt: skip
    sync(store, catalogue, records(plain(events=events)))
    with store.transaction() as session:
        assert get_case(session, ALL, case_id).state == State.PAID
        payments.withdraw(session, ALL, case_id, OFFICER, reason="财政退回", not_paid=True)
    with store.transaction() as session:
        case = get_case(session, ALL, case_id)
        assert (case.state, case.recovery_amount, case.unpaid, case.topup) == (
            State.RECOVERING,
            recovered,
            None,
            None,
        )


@pytest.mark.parametrize("store_url", ["sqlite"], indirect=True)  # about the sheet's header
def test_a_returned_sheet_with_its_header_retyped_is_read(
    store: Store, catalogue: Catalogue, tmp_path: Path
) -> None:
    # The finance office retyped 「金额（元）」 with half-width brackets, and wrapped 「支付日期」
    # in its cell: 「文件缺少列：金额（元）、支付日期」 though the sheet shows both.
    case_id = _batched(store, catalogue, tmp_path)
    sheet = Workbook()
    table = sheet.active
    assert table is not None
    table.append(["案件编号", "金额(元)", "支付\n日期", " 凭证号"])
    table.append([str(case_id), "100000", "2026-03-20", "PZ-1"])
    path = tmp_path / "财政回单.xlsx"
    sheet.save(path)
    with store.transaction() as session:
        done = payments.import_payments(session, ALL, OFFICER, path, today=TODAY)
        assert done.paid == 1
