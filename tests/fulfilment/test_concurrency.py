"""Two officers (or an officer and a scheduled ``cases sync``) acting on the money at once.

Each race runs two real transactions on two threads, each with its own session and connection
(``store.transaction()``), on SQLite and on the real PostgreSQL server. A barrier holds every
thread just after it has read what it will check (the case, the sheet) until all have read it:
without the ledger's lock each would decide on what it saw, and together they would pay or
commit more than allowed. What must hold: no more money than allowed, whatever the order; the
one refused is told in Chinese, and nothing of it is written.

Deals are 白银政策清单 第14段 "每项10万元" (seed 000), loans 第19段 "最高20万元贴息" per
enterprise, both paid by the zone; 甘肃 措施10 (seed 001) "一次性奖补20万元" by the province.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from techzone.awards import ledger
from techzone.awards.catalogue import Catalogue
from techzone.fulfilment import cases as cases_module
from techzone.fulfilment import funds, payments, publicity, recovery, review
from techzone.fulfilment.cases import get_case
from techzone.fulfilment.errors import FulfilmentError
from techzone.fulfilment.states import State
from techzone.model import (
    CaseHistory,
    EntitlementPayment,
    EntitlementVersion,
    FulfilmentCase,
    PaymentBatch,
)
from techzone.store import Store
from tests.fulfilment.conftest import (
    ALL,
    CONTACT,
    LOAN,
    MATCHED_ON,
    OFFICER,
    TRANSFER,
    A,
    approve_all,
    cases,
    confirm,
    hnte,
    plain,
    records,
    sync,
)

PUBLISHED = date(2026, 3, 2)
CLOSED = date(2026, 3, 10)
PAID = date(2026, 3, 20)
TODAY = date(2026, 12, 1)
AWARD_YEAR = 2025
# Long enough for a racing transaction to finish on a loaded machine; one still running after
# it has hung (a lock never released), which fails the test.
WAIT = 30
# How long the first transaction stays paused for the others to reach the ledger's lock (they
# get there in milliseconds; one that does not is blocked elsewhere, behind the first).
ARRIVE = 3
CHINESE = re.compile("[\u4e00-\u9fff]")


def race(
    store: Store,
    pause: list[tuple[Any, str]],
    first: Callable[[Session], Any],
    *others: Callable[[Session], Any],
) -> list[Any]:
    """``first`` and ``others`` at once, each in its own thread and transaction, in the order
    that would double money if a path decided on what it read before another committed:

    ``first`` runs until just after its first call of one of ``pause`` (its read of what it
    checks, or of the ledger) and waits there, mid-transaction. Then each of ``others`` runs
    until it reaches the ledger's lock (``ledger.lock``), or to its end if its path never
    takes it. Only then does ``first`` go on and commit, and the others after it. What each
    returned or raised, in order.
    """
    work = (first, *others)
    outcome: list[Any] = [None] * len(work)
    paused, resume = threading.Event(), threading.Event()
    arrived = [threading.Event() for _ in others]
    # A name a module no longer imports is not paused at (the same test runs before a fix).
    originals = [(m, name, getattr(m, name)) for m, name in pause if hasattr(m, name)]
    real_lock = ledger.lock

    def pausing(original: Callable[..., Any]) -> Callable[..., Any]:
        def held(*args: Any, **kwargs: Any) -> Any:
            result = original(*args, **kwargs)
            if threading.current_thread().name == "race-0" and not paused.is_set():
                paused.set()
                resume.wait(WAIT)
            return result

        return held

    def locking(session: Session) -> None:
        name = threading.current_thread().name
        if name.startswith("race-") and name != "race-0":
            arrived[int(name.split("-")[1]) - 1].set()
        inner(session)

    def run(index: int) -> None:
        try:
            with store.transaction() as session:
                outcome[index] = work[index](session)
        except Exception as error:  # the outcome is asserted, whatever it is
            outcome[index] = error
        finally:
            if index:
                arrived[index - 1].set()
            else:
                paused.set()

    for module, name, original in originals:
        setattr(module, name, pausing(original))
    inner = ledger.lock  # the first may pause just after taking it
    ledger.lock = locking
    threads = [
        threading.Thread(target=run, args=(index,), name=f"race-{index}")
        for index in range(len(work))
    ]
    try:
        threads[0].start()
        assert paused.wait(WAIT), "the first transaction never reached its pause"
        for thread in threads[1:]:
            thread.start()
        for event in arrived:
            event.wait(ARRIVE)
        resume.set()
        for thread in threads:
            thread.join(WAIT)
    finally:
        resume.set()
        ledger.lock = real_lock
        for module, name, original in originals:
            setattr(module, name, original)
    assert not any(thread.is_alive() for thread in threads), "a racing transaction hung"
    return outcome


# Where a path has read the case it acts on (through either name it is imported under).
READ_CASE = [(cases_module, "get_case"), (review, "get_case")]


def refused(outcome: list[Any]) -> list[Exception]:
    """The errors, each of which must be a refusal in Chinese (no database error, no crash)."""
    errors = [o for o in outcome if isinstance(o, Exception)]
    for error in errors:
        assert isinstance(error, FulfilmentError | ledger.LedgerError), repr(error)
        assert CHINESE.search(str(error)) and "Error" not in str(error), str(error)
    return errors


def _deals(store: Store, catalogue: Catalogue, count: int) -> list[int]:
    events = [
        {"ref": f"TT-{n}", "kind": "技术转移转化项目", "occurred_on": f"2025-0{n}-10"}
        for n in range(3, 3 + count)
    ]
    sync(store, catalogue, records(plain(events=events)))
    found = sorted(c.id for c in cases(store, TRANSFER))
    for case_id in found:
        confirm(store, case_id)
    return found


def _to_last_step(store: Store, case_id: int, catalogue: Catalogue, **extra: Any) -> None:
    for index in range(2):
        with store.transaction() as session:
            review.approve(
                session,
                ALL,
                case_id,
                OFFICER,
                MATCHED_ON,
                catalogue=catalogue,
                **(extra if index == 0 else {}),
            )


def _last_step(case_id: int, catalogue: Catalogue) -> Callable[[Session], Any]:
    return lambda session: review.approve(
        session, ALL, case_id, OFFICER, MATCHED_ON, catalogue=catalogue
    )


def _approved(store: Store) -> dict[int, Decimal | None]:
    with store.transaction() as session:
        return {
            case.id: case.amount
            for case in session.scalars(
                select(FulfilmentCase).where(FulfilmentCase.state == State.APPROVED.value)
            )
        }


def _history(store: Store, case_id: int, action: str) -> int:
    with store.transaction() as session:
        return (
            session.scalar(
                select(func.count())
                .select_from(CaseHistory)
                .where(CaseHistory.case_id == case_id, CaseHistory.action == action)
            )
            or 0
        )


def _batched(store: Store, catalogue: Catalogue, tmp_path: Path, count: int = 1) -> list[int]:
    found = _deals(store, catalogue, count)
    for case_id in found:
        approve_all(store, case_id, catalogue)
    with store.transaction() as session:
        number = publicity.publish(
            session, ALL, OFFICER, PUBLISHED, today=PUBLISHED, contact=CONTACT
        ).number
    with store.transaction() as session:
        publicity.close(session, ALL, number, OFFICER, CLOSED)
    with store.transaction() as session:
        payments.export_batch(
            session, ALL, OFFICER, "zone", tmp_path / "batch.xlsx", catalogue=catalogue
        )
    return found


def _sheet(path: Path, rows: list[tuple[int, str, str]]) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["案件编号", "金额（元）", "支付日期", "凭证号"])
    for case_id, amount, voucher in rows:
        sheet.append([str(case_id), amount, PAID.isoformat(), voucher])
    book.save(path)
    return path


def _payments(store: Store) -> list[tuple[str, Decimal]]:
    with store.transaction() as session:
        return [
            (p.entitlement_id, p.amount)
            for p in session.scalars(select(EntitlementPayment).order_by(EntitlementPayment.id))
        ]


# 1. Approvals: the pool, a shared cap, the same case twice.


def test_two_approvals_together_past_the_pool_commit_only_what_it_holds(
    store: Store, catalogue: Catalogue
) -> None:
    first, second = _deals(store, catalogue, 2)
    with store.transaction() as session:
        # Room for one deal of 10万, not two.
        funds.set_pool(session, ALL, OFFICER, TRANSFER, AWARD_YEAR, "zone", Decimal("150000"),
                       owner="GS-BY")  # fmt: skip
    for case_id in (first, second):
        _to_last_step(store, case_id, catalogue)
    outcome = race(store, READ_CASE, _last_step(first, catalogue), _last_step(second, catalogue))
    (error,) = refused(outcome)
    assert "超出预算" in str(error)
    assert list(_approved(store).values()) == [Decimal("100000.00")]


def test_two_loans_approved_at_once_never_pass_the_enterprise_cap(
    store: Store, catalogue: Catalogue
) -> None:
    """Two loans whose ranges were computed apart (each 15万 under "最高20万元贴息"): the cap is
    checked at the last approval, so the two approved at once cannot hold 30万 between them."""
    loans = [
        {"ref": "L-JAN", "kind": "贷款贴息", "occurred_on": "2025-01-15", "amount": 150_000},
        {"ref": "L-MAR", "kind": "贷款贴息", "occurred_on": "2025-03-01", "amount": 150_000},
    ]
    sync(store, catalogue, records(plain(events=loans)))
    found = sorted(c.id for c in cases(store, LOAN))
    with store.transaction() as session:
        # The engine cuts the later loan to the cap's remainder (5万) when both are computed in
        # one run; as two runs apart would leave it, its newest computation says 15万 again.
        session.execute(update(EntitlementVersion).values(amount_max=Decimal("150000")))
        session.execute(update(FulfilmentCase).values(amount_max=Decimal("150000")))
    for case_id in found:
        confirm(store, case_id)
        _to_last_step(store, case_id, catalogue, amount=Decimal("150000"), reason="实付利息15万元")
    outcome = race(store, READ_CASE, *(_last_step(case_id, catalogue) for case_id in found))
    (error,) = refused(outcome)
    assert "超出上限" in str(error)
    assert list(_approved(store).values()) == [Decimal("150000.00")]


def test_the_same_case_approved_twice_at_once_is_approved_once(
    store: Store, catalogue: Catalogue
) -> None:
    (deal,) = _deals(store, catalogue, 1)
    _to_last_step(store, deal, catalogue)
    outcome = race(store, READ_CASE, _last_step(deal, catalogue), _last_step(deal, catalogue))
    (error,) = refused(outcome)
    assert "已由他人办理" in str(error) or "不在审核中" in str(error)
    assert _approved(store) == {deal: Decimal("100000.00")}
    assert _history(store, deal, "approved") == 1


# 2. Matching (``cases sync``) while a case is approved.


def test_a_sync_lowering_the_ledger_while_the_case_is_approved_leaves_no_excess_approved(
    store: Store, catalogue: Catalogue
) -> None:
    loan = {"ref": "L1", "kind": "贷款贴息", "occurred_on": "2025-05-01", "amount": 150_000}
    sync(store, catalogue, records(plain(events=[loan])))
    (case,) = cases(store, LOAN)
    confirm(store, case.id)
    _to_last_step(store, case.id, catalogue, amount=Decimal("150000"), reason="实付利息15万元")
    lowered = records(plain(events=[{**loan, "amount": 80_000}]))

    def approving(session: Session) -> Any:
        # The last reviewer fixes the amount again as they approve (what the case page allows).
        return review.approve(session, ALL, case.id, OFFICER, MATCHED_ON,
                              amount=Decimal("150000"), reason="复核：实付利息15万元",
                              catalogue=catalogue)  # fmt: skip

    def syncing(session: Session) -> Any:
        from techzone.fulfilment.cases import sync_cases

        return sync_cases(session, ALL, MATCHED_ON, OFFICER, year=AWARD_YEAR,
                          catalogue=catalogue, records=lowered)  # fmt: skip

    # The sync holds the ledger while the approval comes in.
    outcome = race(store, [(ledger, "lock")], syncing, approving)
    refused(outcome)
    with store.transaction() as session:
        after = get_case(session, ALL, case.id)
        newest = session.scalar(
            select(EntitlementVersion.amount_max).order_by(EntitlementVersion.id.desc()).limit(1)
        )
    assert newest == Decimal("80000.00")
    # Approved only within what the ledger now allows; an approval before the sync is held.
    assert after.state in (State.IN_REVIEW, State.ON_HOLD), after.state
    assert after.state != State.APPROVED


# 3. Recovery: two repayments at once.


def test_two_repayments_at_once_never_take_back_more_than_is_owed(
    store: Store, catalogue: Catalogue, tmp_path: Path
) -> None:
    (deal,) = _batched(store, catalogue, tmp_path)
    with store.transaction() as session:
        payments.record_payment(session, ALL, deal, OFFICER, PAID, "PZ-1", today=TODAY)
    with store.transaction() as session:
        recovery.open_recovery(
            session, ALL, deal, OFFICER, reason="部分金额骗取", amount=Decimal("30000")
        )

    def repaying(amount: str, voucher: str) -> Callable[[Session], Any]:
        return lambda s: recovery.record_repayment(
            s, ALL, deal, OFFICER, amount=Decimal(amount), on=TODAY, voucher=voucher
        )

    # Each fits what is owed (3万); both together (3.5万) do not.
    outcome = race(
        store,
        [*READ_CASE, (recovery, "get_case")],
        repaying("20000", "TH-1"),
        repaying("15000", "TH-2"),
    )
    (error,) = refused(outcome)
    assert "超过应追回" in str(error)
    back = [amount for _, amount in _payments(store) if amount < 0]
    assert len(back) == 1 and -sum(back) <= Decimal("30000")


# 4. Numbering: two batches, two notices at once.


def test_two_batches_exported_at_once_hold_each_case_once(
    store: Store, catalogue: Catalogue, tmp_path: Path
) -> None:
    """One officer exports the zone's cases while another exports the province's: two batches,
    two numbers, each case in one; the same payer exported twice at once: one batch."""
    sync(store, catalogue, records(hnte(), plain("91620400000000002Y", events=[
        {"ref": "TT-3", "kind": "技术转移转化项目", "occurred_on": "2025-03-10"}])))  # fmt: skip
    for case in cases(store):
        confirm(store, case.id)
        if case.track == "apply":
            approve_all(store, case.id, catalogue, Decimal("300000"), "专家评审")
        else:
            approve_all(store, case.id, catalogue)
    with store.transaction() as session:
        number = publicity.publish(
            session, ALL, OFFICER, PUBLISHED, today=PUBLISHED, contact=CONTACT
        ).number
    with store.transaction() as session:
        publicity.close(session, ALL, number, OFFICER, CLOSED)

    def exporting(payer: str, name: str) -> Callable[[Session], Any]:
        return lambda s: (
            payments.export_batch(
                s, ALL, OFFICER, payer, tmp_path / name, catalogue=catalogue
            ).number
        )

    # Paused once each has read the cases waiting and the batches so far (the batch's number).
    outcome = race(
        store,
        [(payments, "now")],
        exporting("zone", "z1.xlsx"),
        exporting("zone", "z2.xlsx"),
        exporting("province", "p.xlsx"),
    )
    (error,) = refused(outcome)
    assert "没有待支付" in str(error) or "已由他人" in str(error)
    with store.transaction() as session:
        batches = list(session.scalars(select(PaymentBatch)))
        held = list(session.scalars(select(FulfilmentCase)))
    assert len(batches) == 2 and len({b.number for b in batches}) == 2
    assert all(c.state == State.IN_BATCH and c.batch_id is not None for c in held)
    assert sorted(b.cases for b in batches) == sorted(
        sum(1 for c in held if c.batch_id == b.id) for b in batches
    )


def test_two_notices_published_at_once_list_each_case_once(
    store: Store, catalogue: Catalogue
) -> None:
    first, second = _deals(store, catalogue, 2)
    for case_id in (first, second):
        approve_all(store, case_id, catalogue)

    def publishing(case_id: int) -> Callable[[Session], Any]:
        return lambda s: (
            publicity.publish(
                s, ALL, OFFICER, PUBLISHED, today=PUBLISHED, contact=CONTACT, case_ids=[case_id]
            ).number
        )

    outcome = race(store, [(publicity, "move")], publishing(first), publishing(second))
    refused(outcome)
    with store.transaction() as session:
        listed = {c.id: c.notice_id for c in session.scalars(select(FulfilmentCase))}
    assert all(notice is not None for notice in listed.values())


# 5. The returned sheet: twice at once, beside a payment by hand.


def test_the_same_sheet_imported_twice_at_once_pays_each_case_once(
    store: Store, catalogue: Catalogue, tmp_path: Path
) -> None:
    found = _batched(store, catalogue, tmp_path, 2)
    path = _sheet(tmp_path / "back.xlsx", [(c, "100000", f"PZ-{c}") for c in found])

    def importing(session: Session) -> payments.Settled:
        return payments.import_payments(session, ALL, OFFICER, path, today=TODAY)

    outcome = race(store, [*READ_CASE, (payments, "get_case")], importing, importing)
    # One records both rows; the other, reading after it, recognises them (as in sequence).
    assert sorted((o.paid, o.repeated) for o in outcome) == [(0, 2), (2, 0)], outcome
    assert [amount for _, amount in _payments(store)] == [Decimal("100000.00")] * 2
    assert len({key for key, _ in _payments(store)}) == 2
    # Imported again afterwards, the sheet is recognised: nothing is paid a second time.
    with store.transaction() as session:
        again = payments.import_payments(session, ALL, OFFICER, path, today=TODAY)
    assert (again.paid, again.repeated) == (0, 2)


def test_a_payment_by_hand_while_its_sheet_is_imported_is_recorded_once(
    store: Store, catalogue: Catalogue, tmp_path: Path
) -> None:
    (deal,) = _batched(store, catalogue, tmp_path)
    path = _sheet(tmp_path / "back.xlsx", [(deal, "100000", "PZ-SHEET")])
    outcome = race(
        store,
        [*READ_CASE, (payments, "get_case")],
        lambda s: payments.import_payments(s, ALL, OFFICER, path, today=TODAY),
        lambda s: payments.record_payment(s, ALL, deal, OFFICER, PAID, "PZ-HAND", today=TODAY),
    )
    assert len(refused(outcome)) == 1
    assert [amount for _, amount in _payments(store)] == [Decimal("100000.00")]
    with store.transaction() as session:
        assert get_case(session, ALL, deal).state == State.PAID


# 6. Beside the approvals and payments: a budget lowered, the ledger paid by hand, a sync.


@pytest.mark.parametrize("first", ["approval", "budget"])
def test_a_budget_lowered_while_a_case_is_approved_never_leaves_the_pool_overdrawn(
    store: Store, catalogue: Catalogue, first: str
) -> None:
    one, two = _deals(store, catalogue, 2)

    def budget(amount: str) -> Callable[[Session], Any]:
        return lambda s: funds.set_pool(s, ALL, OFFICER, TRANSFER, AWARD_YEAR, "zone",
                                        Decimal(amount), owner="GS-BY")  # fmt: skip

    with store.transaction() as session:
        budget("200000")(session)
    approve_all(store, one, catalogue)
    _to_last_step(store, two, catalogue)
    approving, lowering = _last_step(two, catalogue), budget("100000")
    if first == "approval":
        outcome = race(store, READ_CASE, approving, lowering)
    else:
        outcome = race(store, [(ledger, "lock")], lowering, approving)
    (error,) = refused(outcome)
    assert ("预算不能低于" if first == "approval" else "超出预算") in str(error)
    with store.transaction() as session:
        (pool,) = funds.status(session, ALL, AWARD_YEAR)
    assert pool.committed <= pool.budget


def test_two_payments_by_hand_at_once_never_pass_the_entitlement(
    store: Store, catalogue: Catalogue
) -> None:
    """The ledger paid by hand (``ledger pay``, an entitlement without a case): 0–20万 of
    interest, two payments of 15万 at once."""
    from techzone.awards.calculate import entitlements

    loan = {"ref": "L1", "kind": "贷款贴息", "occurred_on": "2025-06-01", "amount": 200_000}
    found = entitlements(catalogue, records(plain(events=[loan])), AWARD_YEAR)
    with store.transaction() as session:
        ledger.record(session, found, AWARD_YEAR, [A], "张三", "年度兑现")
    key = f"{LOAN}|event:{A}:L1"

    def paying(voucher: str) -> Callable[[Session], Any]:
        return lambda s: ledger.pay(s, key, Decimal("150000"), PAID, voucher, "李四")

    outcome = race(store, [(ledger, "lock")], paying("PZ-1"), paying("PZ-2"))
    (error,) = refused(outcome)
    assert "超出应享金额" in str(error)
    assert [amount for _, amount in _payments(store)] == [Decimal("150000.00")]


@pytest.mark.parametrize("first", ["payment", "sync"])
def test_a_sync_lowering_the_ledger_while_the_sheet_is_imported_pays_no_excess(
    store: Store, catalogue: Catalogue, tmp_path: Path, first: str
) -> None:
    loan = {"ref": "L1", "kind": "贷款贴息", "occurred_on": "2025-05-01", "amount": 150_000}
    sync(store, catalogue, records(plain(events=[loan])))
    (case,) = cases(store, LOAN)
    confirm(store, case.id)
    approve_all(store, case.id, catalogue, Decimal("150000"), "实付利息15万元")
    with store.transaction() as session:
        number = publicity.publish(
            session, ALL, OFFICER, PUBLISHED, today=PUBLISHED, contact=CONTACT
        ).number
    with store.transaction() as session:
        publicity.close(session, ALL, number, OFFICER, CLOSED)
    with store.transaction() as session:
        payments.export_batch(session, ALL, OFFICER, "zone", tmp_path / "b.xlsx",
                              catalogue=catalogue)  # fmt: skip
    path = _sheet(tmp_path / "back.xlsx", [(case.id, "150000", "PZ-1")])
    lowered = records(plain(events=[{**loan, "amount": 80_000}]))

    def importing(session: Session) -> Any:
        return payments.import_payments(session, ALL, OFFICER, path, today=TODAY)

    def syncing(session: Session) -> Any:
        from techzone.fulfilment.cases import sync_cases

        return sync_cases(session, ALL, MATCHED_ON, OFFICER, year=AWARD_YEAR,
                          catalogue=catalogue, records=lowered)  # fmt: skip

    if first == "payment":
        outcome = race(store, [*READ_CASE, (payments, "get_case")], importing, syncing)
    else:
        outcome = race(store, [(ledger, "lock")], syncing, importing)
    refused(outcome)
    with store.transaction() as session:
        after = get_case(session, ALL, case.id)
    paid = sum((amount for _, amount in _payments(store)), Decimal(0))
    owed = after.recovery_amount if after.state == State.RECOVERING else Decimal(0)
    # Paid at most what the ledger now allows (8万), or the excess is under recovery at once.
    assert paid - (owed or Decimal(0)) <= Decimal("80000")
    if first == "payment":
        assert (after.state, paid, owed) == (State.RECOVERING, Decimal("150000"), Decimal("70000"))
    else:
        assert (after.state, paid) == (State.IN_BATCH, Decimal(0))


def _hnte_waiting(store: Store, catalogue: Catalogue) -> int:
    """甘肃 措施10's 20万 for a new HNTE, approved and its notice closed: 待支付 (province)."""
    from tests.fulfilment.conftest import NEW_HNTE

    sync(store, catalogue, records(hnte()))
    (case,) = cases(store, NEW_HNTE)
    confirm(store, case.id)
    approve_all(store, case.id, catalogue)
    with store.transaction() as session:
        number = publicity.publish(
            session, ALL, OFFICER, PUBLISHED, today=PUBLISHED, contact=CONTACT
        ).number
    with store.transaction() as session:
        publicity.close(session, ALL, number, OFFICER, CLOSED, today=CLOSED)
    return case.id


@pytest.mark.parametrize("declined_first", [True, False])
def test_an_award_given_up_while_a_batch_is_exported_is_never_both(
    store: Store, catalogue: Catalogue, tmp_path: Path, declined_first: bool
) -> None:
    """放弃 of a waiting case and the export of its batch at once (another officer, another
    worker): the case is either given up and in no batch, or batched and the 放弃 refused."""
    from techzone.access import Role, Scope
    from techzone.audit import Actor

    case_id = _hnte_waiting(store, catalogue)
    own = Scope(role=Role.ENTERPRISE, uscc=A)
    enterprise = Actor("企业经办人", role=Role.ENTERPRISE.value)

    def decline(session: Session) -> None:
        review.decline(session, own, case_id, enterprise, "企业决定放弃")

    def export(session: Session) -> PaymentBatch:
        return payments.export_batch(
            session, ALL, OFFICER, "province", tmp_path / "b.xlsx", catalogue=catalogue
        )

    if declined_first:
        outcome = race(store, READ_CASE, decline, export)
    else:
        outcome = race(store, [(payments, "_waiting")], export, decline)
    (error,) = refused(outcome)
    with store.transaction() as session:
        state = State(get_case(session, ALL, case_id).state)
        batches = session.scalar(select(func.count()).select_from(PaymentBatch))
    if state is State.DECLINED:
        assert batches == 0 and "没有待支付" in str(error)
    else:
        assert (state, batches) == (State.IN_BATCH, 1) and "先撤出支付批次" in str(error)


@pytest.mark.parametrize("declined_first", [True, False])
def test_an_award_given_up_while_its_last_step_is_approved_is_never_both(
    store: Store, catalogue: Catalogue, declined_first: bool
) -> None:
    """放弃 in review takes no lock on the ledger (nothing is committed yet), so it may run while
    an officer approves the case's last step: the case ends either given up with nothing drawn
    from its pool nor held in its cap, or approved with the 放弃 refused — never given up after
    its approval was decided on the case as it was in review, nor approved once given up."""
    from techzone.access import Role, Scope
    from techzone.audit import Actor

    (case_id,) = _deals(store, catalogue, 1)
    _to_last_step(store, case_id, catalogue)
    own = Scope(role=Role.ENTERPRISE, uscc=A)
    enterprise = Actor("企业经办人", role=Role.ENTERPRISE.value)

    def decline(session: Session) -> None:
        review.decline(session, own, case_id, enterprise, "企业决定放弃")

    approve = _last_step(case_id, catalogue)
    if declined_first:
        outcome = race(store, READ_CASE, decline, approve)
    else:
        outcome = race(store, READ_CASE, approve, decline)
    (error,) = refused(outcome)
    with store.transaction() as session:
        case = get_case(session, ALL, case_id)
        state, pool = State(case.state), case.pool_id
        declined = _history(store, case_id, "declined")
        approved = _history(store, case_id, "approved")
    if state is State.DECLINED:
        assert (declined, approved, pool) == (1, 0, None)
    else:
        assert (state, declined, approved) == (State.APPROVED, 0, 1)
    assert "已由他人办理" in str(error) or "不在审核中" in str(error)
