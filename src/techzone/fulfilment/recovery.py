"""Recovery (追回): money paid on a case that has to come back — a recognition revoked, a fraud
found (骗取、弄虚作假), or a recomputation that owes less than was paid.

Repayments are negative payments in the ledger (``ledger.pay``), so the ledger's total paid on the
entitlement always says what the zone has really given; the case is 已追回 once the amount to
recover has come back.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

import polars as pl
from sqlalchemy.orm import Session

from techzone.access import Scope
from techzone.audit import Actor
from techzone.awards import ledger
from techzone.fulfilment import clock, notify
from techzone.fulfilment.cases import locked_case, move, note, officer, paid_totals
from techzone.fulfilment.errors import FulfilmentError, finite
from techzone.fulfilment.states import OPEN, State
from techzone.fulfilment.text import money
from techzone.model import FulfilmentCase

# The cases a revoked recognition acts on (one in a payment batch is settled, then recovered);
# one under recovery, or 已追回, of part only is asked for the rest.
ACTED_ON = (
    *OPEN,
    State.APPROVED,
    State.PUBLICISED,
    State.ON_HOLD,
    State.TO_PAY,
    State.PAID,
    State.RECOVERING,
    State.RECOVERED,
)


def open_recovery(
    session: Session,
    scope: Scope,
    case_id: int,
    actor: Actor,
    *,
    reason: str,
    amount: Decimal | None = None,
) -> FulfilmentCase:
    """Open a recovery on a paid case: all that was paid on it unless ``amount`` says less. A
    case 已追回 of part only (it kept money) is opened again the same way for at most what is
    still out: a fraud found afterwards, or the rest returned, is then recorded on the case. One
    追回中 of part is asked for more the same way (more than it still owes)."""
    officer(scope, actor)
    if amount is not None:
        finite(amount, "追回金额")
    case = locked_case(session, scope, case_id)
    if case.state not in (State.PAID, State.RECOVERING, State.RECOVERED):
        raise FulfilmentError(
            f"案件 {case.id} 当前为「{State(case.state).label}」，"
            "只有已支付（或已追回部分、尚有资金未退回）的案件可以追回"
        )
    if case.topup is not None and case.batch_id is not None:
        raise FulfilmentError(
            f"案件 {case.id} 的补拨{money(case.topup)}在支付批次中：财政已支付的先登记支付，"
            "尚未支付的先撤出支付批次，再启动追回；未作修改"
        )
    if not reason.strip():
        raise FulfilmentError("请写明追回原因（如：资格被撤销、骗取资金）")
    paid = paid_totals(session, [case.entitlement_id]).get(case.entitlement_id)
    given = paid[0] if paid else Decimal(0)
    if case.state == State.RECOVERED and given <= 0:
        raise FulfilmentError(f"案件 {case.id} 已全部追回，没有尚未退回的资金")
    due = given if amount is None else amount
    if due <= 0 or due > given or due != due.quantize(Decimal("0.01")):
        still = "已付" if case.state == State.PAID else "尚未退回的"
        raise FulfilmentError(f"追回金额须大于零、最多两位小数，且不超过{still}{money(given)}")
    if case.state != State.PAID:
        returned = (case.amount or Decimal(0)) - given
        owed = (case.recovery_amount or Decimal(0)) - returned
        if case.state == State.RECOVERING and due <= owed:
            raise FulfilmentError(
                f"案件 {case.id} 正在追回，尚待退回{money(owed)}；追加追回时，追回金额须大于此数"
            )
        grow(session, case, actor, returned + due, reason.strip())
        case.recovery_reason = reason.strip()[:300]
    else:
        start(session, case, actor, due, reason.strip())
    return case


def start(session: Session, case: FulfilmentCase, actor: Actor, due: Decimal, reason: str) -> None:
    """Put a paid case under recovery of ``due`` (checked by the caller) and tell the enterprise.
    A rest it was still owed (paid short) is closed: money is asked back, none more goes out."""
    from techzone.fulfilment.payments import drop_rest

    drop_rest(session, case, actor, f"启动追回（{reason}）"[:200])
    case.recovery_amount, case.recovery_reason = due, reason[:300]
    move(session, case, State.RECOVERING, actor, "recovery", f"启动追回{money(due)}：{reason}")
    notify.case_changed(session, case, "recovery", f"因{reason}，须退回已拨付资金{money(due)}。")


def grow(
    session: Session,
    case: FulfilmentCase,
    actor: Actor,
    due: Decimal,
    reason: str,
    before: Mapping[str, Any] | None = None,
) -> None:
    """A case under recovery asked for more (``due`` in all, what came back so far included):
    the award was lowered again, or withdrawn, after the recovery was opened — or after it was
    completed (已追回), which then goes back to 追回中 for the rest."""
    text = f"应追回调整为{money(due)}：{reason}"
    case.recovery_amount = due
    if case.state == State.RECOVERED:
        move(session, case, State.RECOVERING, actor, "recovery", text, before=before)
    else:
        note(session, case, actor, "recovery", text, before=before)
    notify.case_changed(
        session, case, "recovery_raised", f"因{reason}，须退回已拨付资金共{money(due)}。"
    )


def opened_message(session: Session, case: FulfilmentCase) -> str:
    """What the officer is told once a recovery is opened (the command line and the page): what
    is now asked, less what came back before on a case opened again after 已追回."""
    paid = paid_totals(session, [case.entitlement_id]).get(case.entitlement_id)
    returned = (case.amount or Decimal(0)) - (paid[0] if paid else Decimal(0))
    due = (case.recovery_amount or Decimal(0)) - returned
    return f"已启动追回{money(due)}，已通知企业"


def repaid_message(case: FulfilmentCase, amount: Decimal) -> str:
    """What the officer is told once money returned is recorded."""
    if case.state == State.RECOVERED:
        return f"已登记退回{money(amount)}，已全部追回"
    return f"已登记退回{money(amount)}"


def record_repayment(
    session: Session,
    scope: Scope,
    case_id: int,
    actor: Actor,
    *,
    amount: Decimal,
    on: date,
    voucher: str,
    today: date | None = None,
) -> FulfilmentCase:
    """Money returned on a case under recovery, as a negative payment in the ledger (``today``:
    the caller's day, ``clock.today`` by default; money cannot have come back after it)."""
    officer(scope, actor)
    finite(amount, "退回金额")
    today = today or clock.today()
    if on > today:
        raise FulfilmentError(f"到账日期 {on} 晚于今天")
    # What came back so far is read under the ledger's lock: two repayments recorded at once
    # would each see the other's still missing and together take back more than is owed.
    case = locked_case(session, scope, case_id)
    if case.state != State.RECOVERING or case.recovery_amount is None:
        raise FulfilmentError(f"案件 {case.id} 不在追回中")
    if amount <= 0 or amount != amount.quantize(Decimal("0.01")):
        # Here, not by the ledger: it would name the negative 支付金额 the officer never typed.
        raise FulfilmentError("退回金额须大于零、最多两位小数")
    paid_before = paid_totals(session, [case.entitlement_id])[case.entitlement_id][0]
    returned = (case.amount or Decimal(0)) - paid_before
    if returned + amount > case.recovery_amount:
        raise FulfilmentError(
            f"退回后累计{money(returned + amount)}，超过应追回的{money(case.recovery_amount)}"
        )
    try:
        ledger.pay(
            session,
            case.entitlement_id,
            -amount,
            on,
            voucher,
            actor.name,
            f"追回：{case.recovery_reason}",
            case=case.id,
            today=today,
        )
    except ledger.LedgerError as error:
        raise FulfilmentError(str(error)) from error
    if returned + amount == case.recovery_amount:
        move(
            session,
            case,
            State.RECOVERED,
            actor,
            "recovered",
            f"已追回{money(case.recovery_amount)}（凭证号{voucher}）",
        )
    else:
        note(
            session,
            case,
            actor,
            "repayment",
            f"收到退回{money(amount)}，累计{money(returned + amount)}（凭证号{voucher}）",
        )
    return case


def revoked(session: Session, scope: Scope, actor: Actor, qualifications: pl.DataFrame) -> int:
    """Cases paid (or on their way to payment) for gaining a qualification since revoked.

    A paid one goes to recovery for all that was paid (one under recovery, or 已追回, of part
    only, for the rest: ``grow``); one approved and not yet in a payment
    batch is held (one held already keeps its hold for the revocation too); one not yet approved
    is withdrawn. ``qualifications`` is ``Records.qualifications`` (``revoked_on`` set when the
    recognition was revoked). Returns the cases acted on; a case already acted on is left alone.
    """
    from sqlalchemy import select

    from techzone.fulfilment.cases import scoped

    gone = {
        f"gain:{row['uscc']}:{row['kind']}:{row['issued_on'].isoformat()}": row["revoked_on"]
        for row in qualifications.filter(pl.col("revoked_on").is_not_null()).iter_rows(named=True)
    }
    if not gone:
        return 0
    acted = 0
    query = scoped(select(FulfilmentCase), scope).where(
        FulfilmentCase.state.in_([s.value for s in ACTED_ON])
    )
    for case in session.scalars(query):
        trigger = case.entitlement_id.split("|", 1)[1]
        if trigger not in gone:
            continue
        why = f"资格已于{gone[trigger]}被撤销"
        if case.state in OPEN:
            # Not approved yet: nothing is committed, the case ends before review can pass it.
            move(session, case, State.WITHDRAWN, actor, "withdrawn", why)
        elif case.state == State.ON_HOLD:
            # Held already (an objection): the hold now says why, so that dismissing the
            # objection does not lift it.
            if case.hold_reason is not None and case.hold_reason.startswith(why):
                continue
            case.hold_reason = f"{why}，暂缓支付，待核"
            note(session, case, actor, "held", why)
        elif case.state in (State.RECOVERING, State.RECOVERED):
            # Part asked back already (by hand, or an excess after a lower recomputation): a
            # revoked recognition keeps nothing, so all that was paid is asked, what came back
            # counted — otherwise the case ends 已追回 with the rest still out.
            paid = paid_totals(session, [case.entitlement_id]).get(case.entitlement_id)
            kept = paid[0] if paid else Decimal(0)
            returned = (case.amount or Decimal(0)) - kept
            if kept <= 0 or (case.recovery_amount or Decimal(0)) >= returned + kept:
                continue
            grow(session, case, actor, returned + kept, why)
        elif case.state == State.PAID:
            if case.topup is not None and case.batch_id is not None:
                # Its follow-up (补拨) is with the finance office: settled first, as a case in a
                # batch is (its ledger entry is withdrawn too, so the payment is recovered).
                continue
            paid = paid_totals(session, [case.entitlement_id]).get(case.entitlement_id)
            if paid is None or paid[0] <= 0:
                continue
            from techzone.fulfilment.payments import drop_rest

            drop_rest(session, case, actor, f"启动追回（{why}）")
            case.recovery_amount, case.recovery_reason = paid[0], why
            move(
                session,
                case,
                State.RECOVERING,
                actor,
                "recovery",
                f"启动追回{money(paid[0])}：{why}",
            )
            notify.case_changed(
                session, case, "recovery", f"因{why}，须退回已拨付资金{money(paid[0])}。"
            )
        else:
            case.hold_reason = f"{why}，暂缓支付，待核"
            move(session, case, State.ON_HOLD, actor, "held", why)
        acted += 1
    return acted
