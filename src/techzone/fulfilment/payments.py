"""Payment batches: exported per payer level for the finance office, settled from its sheet.

A batch is one transaction: its cases move to 支付中 and the .xlsx is written (through the one
safe writer, whole or not at all) before it commits, so a failure anywhere leaves no half batch.
The returned sheet is checked row by row first (every fault in Chinese with its row); only a
sheet without faults is recorded, each row a ledger payment (``ledger.pay``) — a case already paid
with the same voucher is recognised, never paid twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from techzone import audit
from techzone.access import Scope
from techzone.audit import Actor
from techzone.awards import ledger
from techzone.awards.catalogue import Catalogue
from techzone.fulfilment import clock, notify
from techzone.fulfilment.cases import (
    current_version,
    get_case,
    locked_case,
    move,
    note,
    officer,
    scoped,
    snapshot,
)
from techzone.fulfilment.clock import now
from techzone.fulfilment.errors import FulfilmentError, finite, payer_level
from techzone.fulfilment.states import State
from techzone.fulfilment.text import day, money
from techzone.io.files import InputRefused, readable
from techzone.model import EntitlementVersion, FulfilmentCase, Notice, PaymentBatch
from techzone.rules.policy import LEVEL_LABELS

HEADER = [
    "批次号",
    "案件编号",
    "企业名称",
    "统一社会信用代码",
    "开户银行",
    "银行账号",
    "金额（元）",
    "政策",
    "文件文号",
    "支付日期",
    "凭证号",
]
RETURNED = ("案件编号", "金额（元）", "支付日期", "凭证号")
# The states a case is in once its payment is recorded.
SETTLED = frozenset({State.PAID, State.RECOVERING, State.RECOVERED})


def export_batch(
    session: Session,
    scope: Scope,
    actor: Actor,
    payer: str,
    path: Path,
    *,
    catalogue: Catalogue | None = None,
) -> PaymentBatch:
    """Every case of ``payer`` waiting for payment in ``scope``, as one batch and one .xlsx."""
    from techzone.awards.catalogue import load_catalogue
    from techzone.io.output import write_table

    officer(scope, actor)
    payer_level(payer)
    if path.suffix.lower() != ".xlsx":
        raise FulfilmentError("支付批次文件须为 .xlsx")
    catalogue = catalogue or load_catalogue()
    # Two exports at once (the zone's and the province's, or one clicked twice) each read the
    # cases waiting and the batches so far: one after the other, no case is in two batches and
    # no two batches take the same number (nor does one fail on the other's).
    ledger.lock(session)
    query = scoped(select(FulfilmentCase), scope).where(
        FulfilmentCase.state == State.TO_PAY.value, FulfilmentCase.payer == payer
    )
    cases = list(session.scalars(query.order_by(FulfilmentCase.id)))
    if not cases:
        raise FulfilmentError(f"没有待支付的{LEVEL_LABELS[payer]}案件")
    count = session.scalar(select(func.count()).select_from(PaymentBatch)) or 0
    total = sum((c.amount or Decimal(0) for c in cases), Decimal(0))
    batch = PaymentBatch(
        number=f"ZF{now():%Y%m%d}-{count + 1:04d}",
        payer=payer,
        created_at=now(),
        created_by=actor.name,
        cases=len(cases),
        total=total,
    )
    session.add(batch)
    session.flush()
    rows: list[list[Any]] = []
    for case in cases:
        entry = catalogue.policies.get(case.policy_id)
        document = entry.source.pack.document if entry else None
        case.batch_id = batch.id
        move(session, case, State.IN_BATCH, actor, "batched", f"列入支付批次{batch.number}")
        rows.append(
            [
                batch.number,
                str(case.id),
                case.name,
                case.uscc,
                case.bank_name or "",
                case.bank_account or "",
                case.amount,
                entry.policy.title if entry else case.policy_id,
                (document.number or document.title) if document else "",
                None,
                "",
            ]
        )
    audit.record(
        session,
        actor,
        "batch.export",
        "支付批次",
        batch.number,
        after={"cases": [c.id for c in cases], "total": total, "payer": payer},
        zone=audit.one_zone(c.zone for c in cases),
    )
    # Written last, inside the transaction: a failed write rolls the batch back with it.
    write_table(
        path,
        "支付批次",
        HEADER,
        rows,
        widths=[16, 10, 30, 22, 24, 24, 16, 36, 30, 12, 18],
        money=[6],
    )
    return batch


@dataclass(frozen=True)
class Settled:
    paid: int
    repeated: int
    total: Decimal
    # Paid above the newest maximum after a lower recomputation: the excess under recovery.
    recovering: int = 0
    owed: Decimal = Decimal(0)
    # Paid while the award is now 待定: to be checked, maybe recovered.
    undecided: int = 0

    def message(self) -> str:
        again = f"，{self.repeated}条此前已登记（未重复记录）" if self.repeated else ""
        back = (
            f"；其中{self.recovering}条实付高于台账调低后的应享，已启动追回{money(self.owed)}"
            if self.recovering
            else ""
        )
        check = (
            f"；其中{self.undecided}条支付后台账重新测算为待定，请核实，不符合条件的启动追回"
            if self.undecided
            else ""
        )
        return f"已登记支付{self.paid}条，合计{money(self.total)}{again}{back}{check}"


def paid_message(session: Session, case: FulfilmentCase) -> str:
    """What the officer is told once one case's payment is recorded (the page and the API)."""
    if case.state == State.RECOVERING:
        return f"已登记支付；多付部分已启动追回{money(case.recovery_amount)}"
    if _newest(session, case).status not in ("eligible", "withdrawn"):
        return "已登记支付；台账重新测算为待定，请核实，不符合条件的启动追回"
    return "已登记支付"


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _day(value: Any) -> date | None:
    from techzone.io.fields import parse_date

    try:
        return None if value is None else parse_date(value)
    except ValueError:
        return None


def _amount(value: Any) -> Decimal | None:
    from techzone.io.fields import parse_decimal

    try:
        return None if value is None else parse_decimal(value)
    except ValueError:
        return None


def import_payments(
    session: Session,
    scope: Scope,
    actor: Actor,
    path: Path,
    *,
    today: date | None = None,
    overpaid: bool = False,
) -> Settled:
    """The finance office's returned sheet: paid date and voucher per case, all or nothing
    (``overpaid``: rows at the approved amount of cases recomputed lower since are recorded as
    paid and their excess recovered, see ``payable``)."""
    from techzone.io.reader import Unusable, workbook_rows

    officer(scope, actor)
    today = today or clock.today()
    # A missing file or a folder: say so, not "use the exported batch sheet" (the reader's own
    # OSError carries no error number to tell them apart).
    if not path.exists():
        raise FulfilmentError(f"无法读取文件「{path.name}」：文件不存在")
    if path.is_dir():
        raise FulfilmentError(f"无法读取文件「{path.name}」：这是一个文件夹，请给出文件名")
    try:
        with readable(path) as local:
            sheets = list(workbook_rows(local))
    except InputRefused as error:
        raise FulfilmentError(f"无法读取文件「{path.name}」：{error}") from error
    except Exception as error:  # a damaged or foreign file: one sentence, nothing written
        raise FulfilmentError(f"无法读取文件「{path.name}」：请使用导出的支付批次表") from error
    table = next((rows for _, rows in sheets if rows), None)
    if not table:
        raise FulfilmentError(f"文件「{path.name}」中没有数据")
    header = [_text(cell) for cell in table[0]]
    missing = [name for name in RETURNED if name not in header]
    if missing:
        raise FulfilmentError(f"文件缺少列：{'、'.join(missing)}")
    at = {name: header.index(name) for name in RETURNED}
    # The sheet is checked against the cases as the ledger holds them: the same sheet imported
    # twice at once is then recognised row by row, as when imported twice one after the other.
    ledger.lock(session)
    problems: list[str] = []
    work: list[tuple[FulfilmentCase, date, str, bool, Decimal | None]] = []
    seen: set[int] = set()
    for number, row in enumerate(table[1:], start=2):
        # A formula's error alone (a lookup's #N/A filled down under the payments) is nothing
        # typed; beside a case's payment it is refused below.
        cells = [_text(c) for c in row if not (isinstance(c, Unusable) and c.error)]
        if not any(cells):
            continue

        def cell(name: str, row: tuple[Any, ...] = row) -> Any:
            index = at[name]
            return row[index] if index < len(row) else None

        unusable = [name for name in RETURNED if isinstance(cell(name), Unusable)]
        if unusable:  # a formula's error (#REF!) is no voucher, day or amount
            problems.extend(f"第{number}行「{name}」：{cell(name).reason}" for name in unusable)
            continue
        raw_id = _text(cell("案件编号"))
        try:
            case_id = int(raw_id)
            case = get_case(session, scope, case_id, fresh=True)
        except (ValueError, FulfilmentError):
            problems.append(f"第{number}行「案件编号」：{raw_id or '空'}不是本系统的案件")
            continue
        if case_id in seen:
            problems.append(f"第{number}行「案件编号」：案件 {case_id} 在表中重复")
            continue
        seen.add(case_id)
        amount = _amount(cell("金额（元）"))
        if amount is not None and not amount.is_finite():
            amount = None
        if amount is None or (case.amount is not None and amount > case.amount):
            problems.append(
                f"第{number}行「金额（元）」：{_text(cell('金额（元）')) or '空'}与批准金额"
                f"{money(case.amount)}不符"
            )
        elif case.state == State.IN_BATCH:
            try:
                amount = payable(session, case, amount, overpaid=overpaid)
            except FulfilmentError as error:
                problems.append(f"第{number}行「金额（元）」：{error}")
        paid_on = _day(cell("支付日期"))
        voucher = _text(cell("凭证号"))
        if paid_on is None:
            problems.append(f"第{number}行「支付日期」：须为日期，如 2026-01-10")
        elif paid_on > today:
            problems.append(f"第{number}行「支付日期」：{paid_on} 晚于今天")
        elif case.state == State.IN_BATCH and (early := _before_notice_ran(session, case, paid_on)):
            problems.append(f"第{number}行「支付日期」：{early}")
        if not voucher:
            problems.append(f"第{number}行「凭证号」：不能为空")
        elif len(voucher) > 100:
            problems.append(f"第{number}行「凭证号」：最多100个字符")
        # Paid against this voucher already, whatever became of the case since: one paid at the
        # approved amount after a lower recomputation went straight on to 追回中.
        repeated = case.state in SETTLED and case.voucher == voucher
        if repeated and (
            (amount is not None and amount != case.amount)
            or (paid_on is not None and paid_on != case.paid_on)
        ):
            # The same voucher is the same payment: another amount or day is a mistake on one
            # side, never a row already recorded to pass over.
            problems.append(
                f"第{number}行「凭证号」：{voucher}已登记支付{money(case.amount)}（{case.paid_on}），"
                "与本行金额或日期不符，请与财政核对"
            )
            continue
        if case.state != State.IN_BATCH and not repeated:
            problems.append(
                f"第{number}行「案件编号」：案件 {case_id} 当前为「{State(case.state).label}」，"
                "不在支付批次中"
            )
        if paid_on is not None and voucher:
            work.append((case, paid_on, voucher, repeated, amount))
    if problems:
        shown = "；".join(problems[:20])
        more = f"（共{len(problems)}处）" if len(problems) > 20 else ""
        raise FulfilmentError(f"回单有误，未登记任何支付：{shown}{more}")
    paid = repeated_count = recovering = undecided = 0
    total = owed = Decimal(0)
    for case, paid_on, voucher, repeated, amount in work:
        if repeated:
            repeated_count += 1
            continue
        settle(session, case, actor, paid_on, voucher, amount, overpaid=overpaid, today=today)
        paid += 1
        total += case.amount or Decimal(0)
        if case.state == State.RECOVERING:
            recovering += 1
            owed += case.recovery_amount or Decimal(0)
        elif _newest(session, case).status not in ("eligible", "withdrawn"):
            undecided += 1
    return Settled(paid, repeated_count, total, recovering, owed, undecided)


def _before_notice_ran(session: Session, case: FulfilmentCase, paid_on: date) -> str | None:
    """Why ``paid_on`` cannot be the case's payment day, if it is not after its 公示 period.

    The public may object up to the period's last day: a payment dated then or earlier is a
    mistake in the sheet, or money paid before the public had its say, which the finance office
    must explain; the ledger does not record it as if the loop had been kept.
    """
    if case.notice_id is None:
        return None
    notice = session.get(Notice, case.notice_id)
    if notice is None or paid_on > notice.closes_on:
        return None
    return (
        f"{paid_on} 不晚于{notice.number}公示期的最后一天（{notice.closes_on}），"
        "公示期满前不应支付；请与财政核对支付日期"
    )


def _newest(session: Session, case: FulfilmentCase) -> EntitlementVersion:
    return current_version(session, case)[1]


def _lowered(newest: EntitlementVersion, approved: Decimal) -> bool:
    """Whether the ledger was recomputed below the approved amount since the approval."""
    return newest.status != "eligible" or (
        newest.amount_max is not None and newest.amount_max < approved
    )


def payable(
    session: Session, case: FulfilmentCase, amount: Decimal | None, *, overpaid: bool = False
) -> Decimal:
    """What a case in a batch may be recorded as paid: its approved amount; or, when the ledger
    was recomputed below it while the batch was out, a lower amount within the newest range
    (the difference is never paid), or — ``overpaid``: the officer confirms the finance office
    paid it all the same — the approved amount or what was actually paid above the newest
    maximum (never above the approved), whose excess is then recovered (``settle``). Anything
    else is refused with the way through."""
    approved = case.amount
    if approved is None:
        raise FulfilmentError(f"案件 {case.id} 没有批准金额，不能登记支付")
    newest = _newest(session, case)
    lowered = _lowered(newest, approved)
    if amount is None or amount == approved:
        if lowered and not overpaid:
            most = money(newest.amount_max) if newest.status == "eligible" else "零（已撤销或待定）"
            raise FulfilmentError(
                f"案件 {case.id} 列入批次后台账已重新测算，应享最多{most}，低于批准金额"
                f"{money(approved)}：请按财政实付的较低金额登记（注明实付金额），"
                "或在财政支付前将案件撤出支付批次复核；财政已按批准金额支付的，"
                "确认「已按批准金额支付」后登记，多付部分随即启动追回；未登记"
            )
        return approved
    finite(amount, "实付金额")
    if amount <= 0 or amount != amount.quantize(Decimal("0.01")):
        raise FulfilmentError(f"实付金额「{amount}」须为大于零、最多两位小数的元数")
    if amount > approved:
        raise FulfilmentError(f"实付金额{money(amount)}高于批准金额{money(approved)}，不能登记")
    if not lowered:
        raise FulfilmentError(
            f"实付金额{money(amount)}与批准金额{money(approved)}不符；台账未重新测算调低，"
            "须按批准金额支付"
        )
    low, high = newest.amount_min, newest.amount_max
    eligible = newest.status == "eligible"
    if eligible and low is not None and amount < low:
        shown = f"{money(low)}至{money(high)}" if high is not None else f"不少于{money(low)}"
        raise FulfilmentError(
            f"实付金额{money(amount)}不在台账最新测算的应享范围（{shown}）内，不能登记"
        )
    if eligible and (high is None or amount <= high):
        return amount
    if not overpaid:
        # Above what the ledger now allows: paid already, it must still be recorded (or the money
        # is unaccounted for), but only on the officer's word, and its excess is then recovered.
        most = money(high) if eligible else "零（已撤销或待定）"
        raise FulfilmentError(
            f"实付金额{money(amount)}高于台账最新测算的应享最多{most}：财政已按此金额支付的，"
            "确认「已按实付金额支付」后登记，多付部分随即启动追回；尚未支付的，"
            "请按不超过应享的金额支付或将案件撤出支付批次复核；未登记"
        )
    return amount


def settle(
    session: Session,
    case: FulfilmentCase,
    actor: Actor,
    paid_on: date,
    voucher: str,
    amount: Decimal | None = None,
    *,
    overpaid: bool = False,
    today: date | None = None,
) -> None:
    """Record one case's payment in the ledger and mark it paid (``amount``: a lower amount
    paid after a recomputation; ``overpaid``: more than the newest computation allows paid all
    the same, see ``payable``; ``today``: the caller's day, ``clock.today`` by default)."""
    if case.state != State.IN_BATCH or case.amount is None:
        raise FulfilmentError(f"案件 {case.id} 不在支付批次中，不能登记支付")
    early = _before_notice_ran(session, case, paid_on)
    if early:
        raise FulfilmentError(f"案件 {case.id}：{early}")
    paid = payable(session, case, amount, overpaid=overpaid)
    newest = _newest(session, case)
    beyond = _lowered(newest, paid)
    try:
        done = ledger.pay(
            session,
            case.entitlement_id,
            paid,
            paid_on,
            voucher,
            actor.name,
            f"政策兑现案件 {case.id}",
            case=case.id,
            overpaid=beyond,
            today=today,
        )
    except ledger.LedgerError as error:
        raise FulfilmentError(f"案件 {case.id}：{error}") from error
    if done.repeated:
        raise FulfilmentError(f"案件 {case.id}：该凭证已登记过另一次支付")
    before = snapshot(case)
    approved = case.amount
    short = ""
    if paid != approved:
        # What was approved and not paid is recorded, never paid later: the ledger now allows
        # only the lower amount.
        short = f"；批准{money(approved)}，台账重新测算后少付{money(approved - paid)}"
        case.amount = paid
    case.paid_on, case.voucher = paid_on, voucher
    move(
        session,
        case,
        State.PAID,
        actor,
        "paid",
        f"已支付{money(paid)}（{paid_on}，凭证号{voucher}）{short}",
        {"approved": approved, "paid": paid, "difference": approved - paid} if short else None,
        before=before,
    )
    notify.case_changed(session, case, "paid", f"已于{day(paid_on)}支付{money(paid)}，请注意查收。")
    if beyond:
        _recover_excess(session, case, actor, newest, paid, approved)


def _recover_excess(
    session: Session,
    case: FulfilmentCase,
    actor: Actor,
    newest: EntitlementVersion,
    paid: Decimal,
    approved: Decimal,
) -> None:
    """More than the newest computation allows went out (the approved amount, or one between it
    and the newest maximum) after the ledger was recomputed lower: exactly what it no longer
    allows is recovered at once. An award now 待定 owes nothing certain
    yet: the history says so and the officer decides once the facts are checked."""
    from techzone.fulfilment import recovery

    given = (
        f"财政已按批准金额{money(paid)}支付"
        if paid == approved
        else f"财政已支付{money(paid)}（批准{money(approved)}）"
    )
    if newest.status == "withdrawn":
        recovery.start(session, case, actor, paid, f"列入支付批次后应享已撤销，{given}")
    elif newest.status == "eligible" and newest.amount_max is not None:
        recovery.start(
            session,
            case,
            actor,
            paid - newest.amount_max,
            f"列入支付批次后台账重新测算，应享最多{money(newest.amount_max)}，{given}",
        )
    else:
        note(
            session,
            case,
            actor,
            "overpaid",
            f"列入支付批次后台账重新测算为待定，{given}：核实后如不符合条件，请启动追回",
        )


def withdraw(
    session: Session,
    scope: Scope,
    case_id: int,
    actor: Actor,
    *,
    reason: str,
    not_paid: bool = False,
) -> FulfilmentCase:
    """Take a case out of a batch the finance office has not paid (its row is not to be paid):
    it is held, and only a release — which checks the ledger, caps and pool again and may fix
    a lower amount — sends it to a new batch."""
    from techzone.fulfilment.cases import RECOMPUTED_HOLD

    officer(scope, actor)
    # Under the ledger's lock, as the sheet's import: the case and its newest computation are
    # then what a payment recorded at the same moment left, not a copy read before it.
    case = locked_case(session, scope, case_id)
    if case.state != State.IN_BATCH:
        raise FulfilmentError(
            f"案件 {case.id} 当前为「{State(case.state).label}」，不在支付批次中，无需撤出"
        )
    reason = reason.strip()
    if not reason:
        raise FulfilmentError("撤出支付批次须写明原因")
    if not not_paid:
        # Withdrawn after the money went out, the case would be batched and paid again.
        raise FulfilmentError(
            "撤出支付批次须确认财政尚未支付此笔；已支付的请按实付金额登记支付；未作修改"
        )
    batch = session.get(PaymentBatch, case.batch_id) if case.batch_id else None
    before = snapshot(case)
    assert case.amount is not None
    lowered = _lowered(_newest(session, case), case.amount)
    case.hold_reason = RECOMPUTED_HOLD if lowered else f"撤出支付批次待复核：{reason}"[:300]
    case.batch_id = None
    move(
        session,
        case,
        State.ON_HOLD,
        actor,
        "unbatched",
        f"撤出支付批次{batch.number if batch else ''}（财政未支付）：{reason}",
        {"batch": batch.number if batch else None},
        before=before,
    )
    return case


def record_payment(
    session: Session,
    scope: Scope,
    case_id: int,
    actor: Actor,
    paid_on: date,
    voucher: str,
    *,
    today: date | None = None,
    amount: Decimal | None = None,
    overpaid: bool = False,
) -> FulfilmentCase:
    """By hand: one case of a batch paid on ``paid_on`` against ``voucher`` (``amount``: what
    the finance office paid, when lower after a recomputation; otherwise the approved amount;
    ``overpaid``: confirmed paid at the approved amount after all, the excess recovered)."""
    officer(scope, actor)
    case = locked_case(session, scope, case_id)
    today = today or clock.today()
    if paid_on > today:
        raise FulfilmentError(f"支付日期 {paid_on} 晚于今天")
    if not voucher.strip():
        raise FulfilmentError("请填写凭证号")
    settle(session, case, actor, paid_on, voucher.strip(), amount, overpaid=overpaid, today=today)
    return case
