"""Payment batches: exported per payer level for the finance office, settled from its sheet.

A batch is one transaction: its cases move to 支付中 and the .xlsx is written (through the one
safe writer, whole or not at all) before it commits, so a failure anywhere leaves no half batch.
The returned sheet is checked row by row first (every fault in Chinese with its row); only a
sheet without faults is recorded, each row a ledger payment (``ledger.pay``) — a case already paid
with the same voucher is recognised, never paid twice.

Paid less than approved (funds short, a cut by finance), a case is recorded at what was paid on
the officer's word and reason, and the rest stays owed on it (``unpaid``, 未付余额) — paid later
in another batch as a follow-up (补拨, ``follow_up``) or closed with a reason (``close_rest``).
The case stays 已支付 meanwhile: its money so far is out, and every rule for a paid case
(recovery, the pools, the caps) keeps holding; the follow-up is a second payment of the same
case and entitlement, never more than the rest nor than the newest computation allows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from techzone import audit
from techzone.access import Role, Scope
from techzone.audit import Actor
from techzone.awards import ledger
from techzone.awards.catalogue import Catalogue
from techzone.fulfilment import clock, notify
from techzone.fulfilment.cases import (
    bring_up_to_date,
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
from techzone.model import (
    CaseHistory,
    EntitlementPayment,
    EntitlementVersion,
    FulfilmentCase,
    Notice,
    PaymentBatch,
)
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
CENT = Decimal("0.01")
RETURNED = ("案件编号", "金额（元）", "支付日期", "凭证号")
# The states a case is in once its payment is recorded.
SETTLED = frozenset({State.PAID, State.RECOVERING, State.RECOVERED})
# The longest reason for a payment below the approved amount or for closing a rest: it goes into
# the ledger's note (``ledger.WIDTHS``) beside the case and the amounts.
REASON_WIDTH = 200


def rest_in_batch(case: FulfilmentCase) -> bool:
    """Whether a follow-up (补拨) of the case's unpaid rest is with the finance office."""
    return case.state == State.PAID and case.topup is not None and case.batch_id is not None


def _reason(reason: str | None, what: str) -> str:
    text = (reason or "").strip()
    if not text:
        raise FulfilmentError(f"{what}须写明原因（如：资金不足按比例核减）；未登记")
    if len(text) > REASON_WIDTH:
        raise FulfilmentError(f"原因最多{REASON_WIDTH}个字符；未登记")
    return text


def batch_path(path: Path) -> None:
    """Refuse a batch file the finance office could not open as the exported workbook."""
    if path.suffix.lower() != ".xlsx":
        raise FulfilmentError("支付批次文件须为 .xlsx")


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
    batch_path(path)
    catalogue = catalogue or load_catalogue()
    # Two exports at once (the zone's and the province's, or one clicked twice) each read the
    # cases waiting and the batches so far: one after the other, no case is in two batches and
    # no two batches take the same number (nor does one fail on the other's).
    ledger.lock(session)
    # The sheet tells the finance office what to pay: a case whose ledger was recomputed since
    # its approval (``awards --record`` with no matching after it) is checked first, as matching
    # would, so an approved amount the ledger no longer allows is never sent out.
    held = _recheck(session, scope, actor, payer, catalogue)
    cases = _waiting(session, scope, payer)
    if not cases:
        owed = {case.id: why for case in held if (why := _owed_hold(session, case))}
        told = [f"案件 {case_id}：{why}" for case_id, why in owed.items()]
        if recomputed := [str(case.id) for case in held if case.id not in owed]:
            told.insert(
                0,
                f"案件 {'、'.join(recomputed)} 批准后台账已重新测算，已批金额不在最新应享范围内"
                "（或补拨已超出），须先复核",
            )
        if told:
            raise FulfilmentError(
                f"没有可列入支付批次的{LEVEL_LABELS[payer]}案件：{'；'.join(told)}；未导出"
            )
        raise FulfilmentError(f"没有待支付的{LEVEL_LABELS[payer]}案件")
    count = session.scalar(select(func.count()).select_from(PaymentBatch)) or 0
    total = sum((_due(c) for c in cases), Decimal(0))
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
        if case.state == State.PAID:
            note(
                session,
                case,
                actor,
                "batched",
                f"补拨未付余额{money(_due(case))}列入支付批次{batch.number}",
                {"topup": _due(case)},
            )
        else:
            move(session, case, State.IN_BATCH, actor, "batched", f"列入支付批次{batch.number}")
        rows.append(
            [
                batch.number,
                str(case.id),
                case.name,
                case.uscc,
                case.bank_name or "",
                case.bank_account or "",
                _due(case),
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
        after={
            "cases": [c.id for c in cases],
            "total": total,
            "payer": payer,
            "topups": [c.id for c in cases if c.state == State.PAID],
        },
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
        text=[HEADER.index("凭证号")],
    )
    return batch


def _waiting(session: Session, scope: Scope, payer: str) -> list[FulfilmentCase]:
    """The cases of ``payer`` in ``scope`` a batch takes: 待支付, and follow-ups (补拨) of a rest,
    which wait in a paid case outside any batch until one takes them."""
    waiting_rest = and_(
        FulfilmentCase.state == State.PAID.value,
        FulfilmentCase.topup.is_not(None),
        FulfilmentCase.batch_id.is_(None),
    )
    query = scoped(select(FulfilmentCase), scope).where(
        or_(FulfilmentCase.state == State.TO_PAY.value, waiting_rest),
        FulfilmentCase.payer == payer,
    )
    return list(session.scalars(query.order_by(FulfilmentCase.id)))


def _recheck(
    session: Session, scope: Scope, actor: Actor, payer: str, catalogue: Catalogue
) -> list[FulfilmentCase]:
    # A recovery is opened as the zone administrator opens one by hand (worklist.actions), or
    # from the command line; a park officer's export leaves it to them.
    recovers = scope.role in (None, Role.ZONE)
    from techzone.fulfilment import review

    moved = bring_up_to_date(
        session, _waiting(session, scope, payer), actor, catalogue, recovers=recovers
    )
    left = [
        case
        for case in moved
        if case.state != State.TO_PAY and not (case.state == State.PAID and case.topup is not None)
    ]
    # Its own entitlement unmoved, a case may still be of an award paid once already under
    # another trigger and now owed back (the twin withdrawn after this one's approval).
    owed = review.hold_owed_back(session, _waiting(session, scope, payer), actor, catalogue)
    return left + [case for case in owed if case not in left]


def recheck_waiting(
    session: Session,
    scope: Scope,
    actor: Actor,
    payer: str,
    *,
    catalogue: Catalogue | None = None,
) -> list[FulfilmentCase]:
    """The cases of ``payer`` waiting for a batch that the ledger's newest computation no longer
    lets go out as approved, now held (a follow-up cancelled) as matching would hold them. Run
    before ``export_batch`` in a transaction of its own, it lets the officer be told which
    cases stay out of the batch (the export rechecks in any case)."""
    from techzone.awards.catalogue import load_catalogue

    officer(scope, actor)
    payer_level(payer)
    ledger.lock(session)
    return _recheck(session, scope, actor, payer, catalogue or load_catalogue())


def left_out(session: Session, cases: list[FulfilmentCase]) -> str:
    """What the officer is told of the cases a recheck left out of the batch, by what it did to
    each: held for review, a follow-up cancelled, or a recovery put to the enterprise (or left
    to the zone administrator)."""
    owed = {case.id: why for case in cases if (why := _owed_hold(session, case))}
    held = [str(c.id) for c in cases if c.state == State.ON_HOLD and c.id not in owed]
    told = (
        [f"案件 {'、'.join(held)} 批准后台账已重新测算，已批金额不在最新应享范围内，已暂缓待复核"]
        if held
        else []
    )
    for case in cases:
        if case.id in owed:
            told.append(f"案件 {case.id}：{owed[case.id]}")
        elif case.state == State.RECOVERING:
            told.append(
                f"案件 {case.id} 台账重新测算后应享少于已付，已启动追回"
                f"{money(case.recovery_amount)}并通知企业"
            )
        elif case.state == State.PAID and (beyond := _paid_beyond(session, case)):
            told.append(
                f"案件 {case.id} 已付超出台账最新测算的应享{money(beyond)}，补拨已取消；"
                "请高新区管理员启动追回"
            )
        elif case.state == State.PAID:
            told.append(
                f"案件 {case.id} 待列入批次的补拨超出台账最新测算的应享，已取消；"
                f"未付余额{money(case.unpaid)}仍可补拨或不再拨付"
            )
        elif case.state != State.ON_HOLD:
            told.append(f"案件 {case.id} 台账已重新测算，现为「{State(case.state).label}」")
    return "；".join(told) + "；以上均未列入支付批次"


def _owed_hold(session: Session, case: FulfilmentCase) -> str | None:
    """What the case was just held for, if it is money of the same award still owed back
    (``review.hold_owed_back``): its newest history row says what and on which case."""
    last = session.scalar(
        select(CaseHistory)
        .where(CaseHistory.case_id == case.id)
        .order_by(CaseHistory.id.desc())
        .limit(1)
    )
    if last is None or last.action != "held" or "owed" not in (last.detail or {}):
        return None
    return last.note


def _paid_beyond(session: Session, case: FulfilmentCase) -> Decimal | None:
    adjustment = _newest(session, case).adjustment
    return -adjustment if adjustment is not None and adjustment < 0 else None


def _due(case: FulfilmentCase) -> Decimal:
    """What a batch pays on the case: its approved amount, or the follow-up of its rest."""
    if case.state == State.PAID:
        return case.topup or Decimal(0)
    return case.amount or Decimal(0)


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
    # Paid less than approved (or than the follow-up): the rests still owed on their cases.
    short: int = 0
    unpaid: Decimal = Decimal(0)
    # Paid while money paid on the same award is owed back (``review.paid_twice``), one line each.
    owed_back: tuple[str, ...] = ()

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
        rest = (
            f"；其中{self.short}条财政实付少于批准金额，未付余额合计{money(self.unpaid)}"
            "记入案件，可补拨或不再拨付"
            if self.short
            else ""
        )
        twice = (
            f"；其中{len(self.owed_back)}条同一奖补另有已付资金尚待追回：{'；'.join(self.owed_back)}"
            if self.owed_back
            else ""
        )
        return f"已登记支付{self.paid}条，合计{money(self.total)}{again}{back}{check}{rest}{twice}"


def paid_message(session: Session, case: FulfilmentCase) -> str:
    """What the officer is told once one case's payment is recorded (the page and the API)."""
    if case.state == State.RECOVERING:
        said = f"已登记支付；多付部分已启动追回{money(case.recovery_amount)}"
    elif case.unpaid:
        said = f"已登记支付；未付余额{money(case.unpaid)}，可补拨或不再拨付"
    elif _newest(session, case).status not in ("eligible", "withdrawn"):
        said = "已登记支付；台账重新测算为待定，请核实，不符合条件的启动追回"
    else:
        said = "已登记支付"
    if twice := _paid_twice_note(session, case):
        said += f"；同一奖补另有已付资金尚待追回：{twice}"
    return said


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


# Excel keeps 15 significant digits of a number: a longer serial typed into a 常规 cell comes
# back as another (20260310123456789012 as 20260310123456800000).
_EXACT_DIGITS = 10**15


def _digits_lost(value: Any) -> bool:
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and abs(value) >= _EXACT_DIGITS
    )


def _day(value: Any) -> date | None:
    from techzone.io.fields import parse_date

    try:
        return None if value is None else parse_date(value)
    except ValueError:
        return None


def _day_fault(value: Any) -> str | None:
    """Why a typed paid date is none, when the reading can say more than 「须为日期」: Excel's
    day number of a date cell set back to 常规 (46091 is 2026-03-10)."""
    from techzone.io.fields import parse_date

    if value is None or not isinstance(value, int | float) or isinstance(value, bool):
        return None
    try:
        parse_date(value)
    except ValueError as error:
        return str(error) if "日期序号" in str(error) else None
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
    underpaid: bool = False,
    reason: str | None = None,
) -> Settled:
    """The finance office's returned sheet: paid date and voucher per case, all or nothing
    (``overpaid``: rows at the approved amount of cases recomputed lower since are recorded as
    paid and their excess recovered, see ``payable``; ``underpaid`` with ``reason``: rows paid
    less than approved, or than a follow-up, are recorded at what was paid and the rest stays
    owed on the case)."""
    from techzone.fulfilment import review
    from techzone.io.archive import DamagedArchive, UnsafeArchive
    from techzone.io.reader import Unusable, column_lookup, column_name, workbook_rows

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
    except UnsafeArchive as error:
        if isinstance(error, DamagedArchive):
            raise FulfilmentError(f"无法读取文件「{path.name}」：请使用导出的支付批次表") from error
        raise FulfilmentError(f"无法读取文件「{path.name}」：{error}") from error
    except Exception as error:  # a damaged or foreign file: one sentence, nothing written
        raise FulfilmentError(f"无法读取文件「{path.name}」：请使用导出的支付批次表") from error
    table = next((rows for _, rows in sheets if rows), None)
    if not table:
        raise FulfilmentError(f"文件「{path.name}」中没有数据")
    # 「金额(元)」 retyped in half width, or a name wrapped in its cell, names its column.
    lookup = column_lookup((*RETURNED, "批次号"))
    header = [column_name(cell, lookup) for cell in table[0]]
    missing = [name for name in RETURNED if name not in header]
    if missing:
        raise FulfilmentError(f"文件缺少列：{'、'.join(missing)}")
    # 批次号 is read when the sheet keeps it (the exported one does); an officer's own sheet of
    # the four returned columns is accepted without it.
    at = {name: header.index(name) for name in (*RETURNED, "批次号") if name in header}
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

        unusable = [name for name in at if isinstance(cell(name), Unusable)]
        if unusable:  # a formula's error (#REF!) is no voucher, day, amount or batch number
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
        paid_on = _day(cell("支付日期"))
        day_fault = _day_fault(cell("支付日期")) if paid_on is None else None
        voucher = _text(cell("凭证号"))
        if _digits_lost(cell("凭证号")):
            problems.append(
                f"第{number}行「凭证号」：{voucher}被Excel当作数字保存，超过15位的末几位已丢失："
                "请把该列设为「文本」格式后重新填写凭证号"
            )
            continue
        # Paid against this voucher already, whatever became of the case since (one paid at the
        # approved amount after a lower recomputation went straight on to 追回中; one paid short
        # may since have had its rest paid under another voucher).
        earlier = _voucher_paid(session, case, voucher) if case.state in SETTLED else None
        if earlier is not None and (
            (amount is not None and amount != earlier.amount)
            or (paid_on is not None and paid_on != earlier.paid_on)
        ):
            # The same voucher is the same payment: another amount or day is a mistake on one
            # side, never a row already recorded to pass over.
            problems.append(
                f"第{number}行「凭证号」：{voucher}已登记支付{money(earlier.amount)}"
                f"（{earlier.paid_on}），与本行金额或日期不符，请与财政核对"
            )
            continue
        repeated = earlier is not None
        due = _due(case) if rest_in_batch(case) else case.amount
        if amount is None or (not repeated and due is not None and amount > due):
            what = "补拨金额" if rest_in_batch(case) else "批准金额"
            problems.append(
                f"第{number}行「金额（元）」：{_text(cell('金额（元）')) or '空'}与{what}"
                f"{money(due)}不符"
            )
        elif not repeated and (case.state == State.IN_BATCH or rest_in_batch(case)):
            try:
                amount = _payable(session, case, amount, overpaid=overpaid, underpaid=underpaid)
                if amount < (due or amount) and underpaid:
                    _reason(reason, "财政实付少于批准金额的")
            except FulfilmentError as error:
                problems.append(f"第{number}行「金额（元）」：{error}")
        if paid_on is None:
            problems.append(f"第{number}行「支付日期」：{day_fault or '须为日期，如 2026-01-10'}")
        elif paid_on > today:
            problems.append(f"第{number}行「支付日期」：{paid_on} 晚于今天")
        elif case.state == State.IN_BATCH and (early := _before_notice_ran(session, case, paid_on)):
            problems.append(f"第{number}行「支付日期」：{early}")
        if not voucher:
            problems.append(f"第{number}行「凭证号」：不能为空")
        elif len(voucher) > 100:
            problems.append(f"第{number}行「凭证号」：最多100个字符")
        named = _text(cell("批次号")) if "批次号" in at else ""
        if named and not repeated and (batch := _batch_number(session, case)) and named != batch:
            # Rows copied from another batch's sheet: paid under that batch, or not paid at all.
            problems.append(
                f"第{number}行「批次号」：案件 {case_id} 在支付批次{batch}中，不在{named}中，"
                "请使用该批次的回单"
            )
        if case.state != State.IN_BATCH and not rest_in_batch(case) and not repeated:
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
    paid = repeated_count = recovering = undecided = short = 0
    total = owed = unpaid = Decimal(0)
    twice: list[str] = []
    settled: list[FulfilmentCase] = []
    for case, paid_on, voucher, repeated, amount in work:
        if repeated:
            repeated_count += 1
            continue
        follow = rest_in_batch(case)
        expected = _due(case)
        given = settle(
            session,
            case,
            actor,
            paid_on,
            voucher,
            amount,
            overpaid=overpaid,
            underpaid=underpaid,
            reason=reason,
            today=today,
        )
        paid += 1
        total += given
        if case.state == State.RECOVERING:
            recovering += 1
            owed += case.recovery_amount or Decimal(0)
        elif _newest(session, case).status not in ("eligible", "withdrawn"):
            undecided += 1
        # A rest newly left owed: a first payment short, or a follow-up itself paid short.
        if case.unpaid and (given < expected if follow else True):
            short += 1
            unpaid += case.unpaid
        settled.append(case)
    # Looked at once every row is recorded: two twins may be paid by one sheet.
    owing = review.owing(session, {case.uscc for case in settled})
    for case in settled:
        if case.uscc in owing and (told := _paid_twice(session, case, actor)):
            twice.append(told)
    return Settled(
        paid,
        repeated_count,
        total,
        recovering,
        owed,
        undecided,
        short=short,
        unpaid=unpaid,
        owed_back=tuple(twice),
    )


def _paid_twice(session: Session, case: FulfilmentCase, actor: Actor) -> str | None:
    """``review.paid_twice``, told on the case too, where its officers look: paid, it would
    show as any paid case."""
    from techzone.fulfilment import review, worklist

    told = review.paid_twice(session, case, worklist.catalogue())
    if told is not None:
        note(session, case, actor, "owed_back", told, {"paid_twice": True})
    return told


def _paid_twice_note(session: Session, case: FulfilmentCase) -> str | None:
    """What ``_paid_twice`` just told on the case, if it was the last thing done to it."""
    last = session.scalar(
        select(CaseHistory)
        .where(CaseHistory.case_id == case.id)
        .order_by(CaseHistory.id.desc())
        .limit(1)
    )
    if last is None or last.action != "owed_back" or not (last.detail or {}).get("paid_twice"):
        return None
    return last.note


def _batch_number(session: Session, case: FulfilmentCase) -> str | None:
    if case.batch_id is None:
        return None
    batch = session.get(PaymentBatch, case.batch_id)
    return batch.number if batch else None


def _voucher_paid(
    session: Session, case: FulfilmentCase, voucher: str
) -> EntitlementPayment | None:
    """The ledger's payment on the case's entitlement under ``voucher``, if any."""
    if not voucher:
        return None
    return session.scalar(
        select(EntitlementPayment).where(
            EntitlementPayment.entitlement_id == case.entitlement_id,
            EntitlementPayment.voucher == voucher,
            EntitlementPayment.amount > 0,
        )
    )


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


def _payable(
    session: Session,
    case: FulfilmentCase,
    amount: Decimal | None,
    *,
    overpaid: bool = False,
    underpaid: bool = False,
) -> Decimal:
    if rest_in_batch(case):
        return payable_rest(session, case, amount, overpaid=overpaid, underpaid=underpaid)
    return payable(session, case, amount, overpaid=overpaid, underpaid=underpaid)


def payable(
    session: Session,
    case: FulfilmentCase,
    amount: Decimal | None,
    *,
    overpaid: bool = False,
    underpaid: bool = False,
) -> Decimal:
    """What a case in a batch may be recorded as paid: its approved amount; or, when the ledger
    was recomputed below it while the batch was out, a lower amount within the newest range
    (the difference is never paid), or — ``overpaid``: the officer confirms the finance office
    paid it all the same — the approved amount or what was actually paid above the newest
    maximum (never above the approved), whose excess is then recovered (``settle``); or —
    ``underpaid``: the officer confirms the finance office paid less (funds short, a cut by
    finance) — any lower amount, the rest then owed on the case. Anything else is refused with
    the way through."""
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
        if underpaid:
            return amount
        raise FulfilmentError(
            f"实付金额{money(amount)}低于批准金额{money(approved)}，台账未重新测算调低："
            "财政确实少付的（如资金不足按比例核减），确认「财政实付少于批准金额」并写明原因后"
            "按实付金额登记，未付余额记入案件，可补拨或不再拨付；未登记"
        )
    low, high = newest.amount_min, newest.amount_max
    eligible = newest.status == "eligible"
    if eligible and low is not None and amount < low:
        if underpaid:
            return amount
        shown = f"{money(low)}至{money(high)}" if high is not None else f"不少于{money(low)}"
        raise FulfilmentError(
            f"实付金额{money(amount)}不在台账最新测算的应享范围（{shown}）内：财政确实少付的，"
            "确认「财政实付少于批准金额」并写明原因后按实付金额登记，未付余额记入案件；未登记"
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
    underpaid: bool = False,
    reason: str | None = None,
    today: date | None = None,
) -> Decimal:
    """Record one case's payment in the ledger and mark it paid, returning what was paid
    (``amount``: a lower amount paid after a recomputation, or — ``underpaid`` with its
    ``reason`` — paid short, the rest then owed on the case; ``overpaid``: more than the newest
    computation allows paid all the same, see ``payable``; ``today``: the caller's day,
    ``clock.today`` by default). A paid case whose follow-up (补拨) is in a batch has that
    follow-up recorded."""
    if rest_in_batch(case):
        return _settle_rest(
            session,
            case,
            actor,
            paid_on,
            voucher,
            amount,
            overpaid=overpaid,
            underpaid=underpaid,
            reason=reason,
            today=today,
        )
    if case.state != State.IN_BATCH or case.amount is None:
        raise FulfilmentError(f"案件 {case.id} 不在支付批次中，不能登记支付")
    early = _before_notice_ran(session, case, paid_on)
    if early:
        raise FulfilmentError(f"案件 {case.id}：{early}")
    # In fen, as the ledger holds it (the history and the audit show 80000.00, not 80000).
    paid = payable(session, case, amount, overpaid=overpaid, underpaid=underpaid).quantize(CENT)
    approved = case.amount
    newest = _newest(session, case)
    beyond = _lowered(newest, paid)
    why = _reason(reason, "财政实付少于批准金额的") if underpaid and paid < approved else None
    # What stays owed: up to the approved amount, never past what the newest computation
    # allows; nothing on an award no longer eligible (that payment is beyond it, recovered).
    rest = Decimal(0)
    if why is not None and newest.status == "eligible":
        ceiling = approved if newest.amount_max is None else min(approved, newest.amount_max)
        rest = max(ceiling - paid, Decimal(0))
    told = f"；批准{money(approved)}，少付{money(approved - paid)}（{why}）" if why else ""
    try:
        done = ledger.pay(
            session,
            case.entitlement_id,
            paid,
            paid_on,
            voucher,
            actor.name,
            f"政策兑现案件 {case.id}{told}" + (f"，未付余额{money(rest)}" if rest else ""),
            case=case.id,
            overpaid=beyond,
            today=today,
        )
    except ledger.LedgerError as error:
        raise FulfilmentError(f"案件 {case.id}：{error}") from error
    if done.repeated:
        raise FulfilmentError(f"案件 {case.id}：该凭证已登记过另一次支付")
    before = snapshot(case)
    short = ""
    detail: dict[str, Any] | None = None
    if rest:
        short = (
            f"；批准{money(approved)}，财政实付少于批准金额（{why}），"
            f"未付余额{money(rest)}，可补拨或不再拨付"
        )
        detail = {"approved": approved, "paid": paid, "unpaid": rest, "reason": why}
        case.amount, case.unpaid, case.topup = paid, rest, None
    elif paid != approved:
        # What was approved and not paid is recorded, never paid later: the ledger now allows
        # only the lower amount (or the officer said so and nothing more may be paid).
        short = f"；批准{money(approved)}，台账重新测算后少付{money(approved - paid)}"
        if why:
            short = (
                f"；批准{money(approved)}，少付{money(approved - paid)}（{why}），"
                "台账最新测算不再允许补拨"
            )
        detail = {"approved": approved, "paid": paid, "difference": approved - paid}
        case.amount = paid
    case.paid_on, case.voucher = paid_on, voucher
    move(
        session,
        case,
        State.PAID,
        actor,
        "paid",
        f"已支付{money(paid)}（{paid_on}，凭证号{voucher}）{short}",
        detail,
        before=before,
    )
    notify.case_changed(session, case, "paid", f"已于{day(paid_on)}支付{money(paid)}，请注意查收。")
    if beyond:
        _recover_excess(session, case, actor, newest, paid, approved)
    return paid


def payable_rest(
    session: Session,
    case: FulfilmentCase,
    amount: Decimal | None,
    *,
    overpaid: bool = False,
    underpaid: bool = False,
) -> Decimal:
    """What a follow-up (补拨) in a batch may be recorded as paid: the follow-up itself, or —
    ``underpaid`` — less (the rest stays owed); never more. Past the newest computation (the
    award lowered, withdrawn or 待定 while the follow-up was out) only on the officer's word
    that it was paid all the same (``overpaid``); its excess is then recovered."""
    due = case.topup
    assert due is not None
    if amount is None:
        amount = due
    finite(amount, "实付金额")
    if amount <= 0 or amount != amount.quantize(Decimal("0.01")):
        raise FulfilmentError(f"实付金额「{amount}」须为大于零、最多两位小数的元数")
    if amount > due:
        raise FulfilmentError(
            f"实付金额{money(amount)}高于补拨金额{money(due)}（未付余额{money(case.unpaid)}），"
            "不能登记"
        )
    if amount < due and not underpaid:
        raise FulfilmentError(
            f"实付金额{money(amount)}低于补拨金额{money(due)}：财政确实少付的，确认「财政实付"
            "少于批准金额」并写明原因后按实付金额登记，未付部分仍记为未付余额；未登记"
        )
    newest = _newest(session, case)
    given = _given(session, case)
    if not _allows(newest, given + amount) and not overpaid:
        most = money(newest.amount_max) if newest.status == "eligible" else "零（已撤销或待定）"
        raise FulfilmentError(
            f"补拨后累计支付{money(given + amount)}，高于台账最新测算的应享最多{most}："
            "财政已支付的，确认「已按实付金额支付」后登记，多付部分随即启动追回；尚未支付的，"
            "请将补拨撤出支付批次；未登记"
        )
    return amount


def _given(session: Session, case: FulfilmentCase) -> Decimal:
    """Net money the ledger holds as paid on the case's entitlement."""
    from techzone.fulfilment.cases import paid_totals

    found = paid_totals(session, [case.entitlement_id]).get(case.entitlement_id)
    return found[0] if found else Decimal(0)


def _allows(newest: EntitlementVersion, total: Decimal) -> bool:
    """Whether the newest computation allows ``total`` paid in all."""
    if newest.status != "eligible":
        return False
    return newest.amount_max is None or total <= newest.amount_max


def _settle_rest(
    session: Session,
    case: FulfilmentCase,
    actor: Actor,
    paid_on: date,
    voucher: str,
    amount: Decimal | None,
    *,
    overpaid: bool,
    underpaid: bool,
    reason: str | None,
    today: date | None,
) -> Decimal:
    """Record a follow-up (补拨) of the case's rest: a second payment of the same entitlement."""
    paid = payable_rest(session, case, amount, overpaid=overpaid, underpaid=underpaid)
    paid = paid.quantize(CENT)
    due, owed = case.topup, case.unpaid
    assert due is not None and owed is not None and case.amount is not None
    why = _reason(reason, "财政实付少于补拨金额的") if paid < due else None
    newest = _newest(session, case)
    beyond = not _allows(newest, _given(session, case) + paid)
    left = owed - paid
    try:
        done = ledger.pay(
            session,
            case.entitlement_id,
            paid,
            paid_on,
            voucher,
            actor.name,
            f"政策兑现案件 {case.id} 补拨未付余额"
            + (f"；少付{money(due - paid)}（{why}）" if why else "")
            + (f"，尚有未付余额{money(left)}" if left else ""),
            case=case.id,
            overpaid=beyond,
            follow_up=True,
            today=today,
        )
    except ledger.LedgerError as error:
        raise FulfilmentError(f"案件 {case.id}：{error}") from error
    if done.repeated:
        raise FulfilmentError(f"案件 {case.id}：该凭证已登记过另一次支付")
    before = snapshot(case)
    first = case.amount
    case.amount = first + paid
    case.unpaid = left or None
    case.topup = None
    case.paid_on, case.voucher = paid_on, voucher
    told = f"；财政实付少于补拨金额{money(due)}（{why}）" if why else ""
    still = f"，尚有未付余额{money(left)}，可补拨或不再拨付" if left else "，未付余额已付清"
    note(
        session,
        case,
        actor,
        "paid_rest",
        f"补拨已支付{money(paid)}（{paid_on}，凭证号{voucher}）{told}；累计已付{money(case.amount)}"
        + still,
        {"paid": paid, "topup": due, "unpaid": left, "total": case.amount, "reason": why},
        before=before,
    )
    notify.case_changed(session, case, "paid", f"已于{day(paid_on)}补拨{money(paid)}，请注意查收。")
    if beyond:
        _recover_excess(session, case, actor, newest, case.amount, first + owed)
    return paid


def follow_up(
    session: Session,
    scope: Scope,
    case_id: int,
    actor: Actor,
    *,
    reason: str,
    amount: Decimal | None = None,
    catalogue: Catalogue | None = None,
) -> FulfilmentCase:
    """Send a paid case's unpaid rest (or ``amount`` of it) to the next payment batch as a
    follow-up (补拨): never more than the rest, nor past what the newest computation allows on
    top of what was paid. An award since withdrawn, 待定 or lowered below what was paid owes
    no follow-up: the recovery rules act on it instead; nor does one while money paid on the
    same award is owed back (``review.check_follow_up_owed_back``)."""
    from techzone.fulfilment import review, worklist

    officer(scope, actor)
    if amount is not None:
        finite(amount, "补拨金额")
    case = locked_case(session, scope, case_id)
    owed = case.unpaid
    if case.state != State.PAID or not owed:
        raise FulfilmentError(
            f"案件 {case.id} 当前为「{State(case.state).label}」，没有未付余额，无需补拨"
        )
    if case.topup is not None:
        where = "已在支付批次中" if case.batch_id is not None else "已待列入支付批次"
        raise FulfilmentError(f"案件 {case.id} 的补拨{money(case.topup)}{where}；未作修改")
    why = _reason(reason, "补拨")
    due = owed if amount is None else amount
    if due <= 0 or due != due.quantize(Decimal("0.01")):
        raise FulfilmentError(f"补拨金额「{due}」须为大于零、最多两位小数的元数；未作修改")
    if due > owed:
        raise FulfilmentError(f"补拨金额{money(due)}高于未付余额{money(owed)}，不能补拨；未作修改")
    newest = _newest(session, case)
    given = _given(session, case)
    if newest.status != "eligible":
        state = "已撤销" if newest.status == "withdrawn" else "待定"
        raise FulfilmentError(
            f"台账最新测算该应享{state}，不能补拨；已支付部分按追回规则办理；未作修改"
        )
    if newest.amount_max is not None and given + due > newest.amount_max:
        room = newest.amount_max - given
        more = (
            f"最多可补拨{money(room)}"
            if room > 0
            else "已付已达到或超过应享，不能补拨；超出部分按追回规则办理"
        )
        raise FulfilmentError(
            f"台账最新测算应享最多{money(newest.amount_max)}，已付{money(given)}，"
            f"补拨{money(due)}后将超出：{more}；未作修改"
        )
    review.check_follow_up_owed_back(session, case, due, catalogue or worklist.catalogue())
    before = snapshot(case)
    case.topup, case.batch_id = due, None
    note(
        session,
        case,
        actor,
        "follow_up",
        f"未付余额{money(owed)}，补拨{money(due)}，待列入支付批次：{why}",
        {"unpaid": owed, "topup": due, "reason": why},
        before=before,
    )
    return case


def close_rest(
    session: Session, scope: Scope, case_id: int, actor: Actor, *, reason: str
) -> FulfilmentCase:
    """Close a case's unpaid rest (余额不再拨付) with a reason: it is no longer owed, and the
    fund pool holds only what was paid. A follow-up with the finance office is taken out of
    its batch first (``withdraw``), so a rest paid after all is never closed unseen."""
    officer(scope, actor)
    case = locked_case(session, scope, case_id)
    owed = case.unpaid
    if not owed:
        raise FulfilmentError(f"案件 {case.id} 没有未付余额；未作修改")
    if rest_in_batch(case):
        raise FulfilmentError(
            f"案件 {case.id} 的补拨{money(case.topup)}在支付批次中：财政已支付的请登记支付，"
            "尚未支付的先撤出支付批次，再办理余额不再拨付；未作修改"
        )
    why = _reason(reason, "余额不再拨付")
    drop_rest(session, case, actor, why)
    return case


def drop_rest(session: Session, case: FulfilmentCase, actor: Actor, why: str) -> None:
    """The case's unpaid rest is no longer owed (closed by hand, or a recovery started)."""
    owed = case.unpaid
    if not owed:
        return
    before = snapshot(case)
    case.unpaid, case.topup = None, None
    note(
        session,
        case,
        actor,
        "rest_closed",
        f"未付余额{money(owed)}不再拨付：{why}",
        {"closed": owed, "reason": why},
        before=before,
    )


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
    if rest_in_batch(case):
        return _withdraw_rest(session, case, actor, reason, not_paid)
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


def _withdraw_rest(
    session: Session, case: FulfilmentCase, actor: Actor, reason: str, not_paid: bool
) -> FulfilmentCase:
    """A follow-up out of its batch, unpaid: the rest stays owed, for the officer to send
    again or close."""
    reason = reason.strip()
    if not reason:
        raise FulfilmentError("撤出支付批次须写明原因")
    if not not_paid:
        raise FulfilmentError(
            "撤出支付批次须确认财政尚未支付此笔；已支付的请按实付金额登记支付；未作修改"
        )
    batch = session.get(PaymentBatch, case.batch_id) if case.batch_id else None
    before = snapshot(case)
    due = case.topup
    case.topup, case.batch_id = None, None
    note(
        session,
        case,
        actor,
        "unbatched",
        f"补拨{money(due)}撤出支付批次{batch.number if batch else ''}（财政未支付）：{reason}；"
        f"未付余额{money(case.unpaid)}仍待补拨或不再拨付",
        {"batch": batch.number if batch else None, "topup": due},
        before=before,
    )
    # A lowering or withdrawal while the follow-up was out left the first payment's excess for
    # the follow-up's settlement to recover (``cases._recomputed``); unpaid, it is asked back
    # now, or it would stay out unclaimed.
    newest = _newest(session, case)
    owed_back = ledger.settlement(
        _given(session, case),
        {"status": newest.status, "amount_min": None, "amount_max": newest.amount_max},
    )
    if owed_back is not None and owed_back < 0:
        from techzone.fulfilment import recovery

        why = f"补拨撤出支付批次，台账最新测算少于已付（第{newest.version}版：{newest.reason}）"
        recovery.start(session, case, actor, -owed_back, why[:300])
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
    underpaid: bool = False,
    reason: str | None = None,
) -> FulfilmentCase:
    """By hand: one case of a batch (or its follow-up, 补拨) paid on ``paid_on`` against
    ``voucher`` (``amount``: what the finance office paid, when lower after a recomputation or
    — ``underpaid``, with its ``reason`` — paid short; otherwise the approved amount;
    ``overpaid``: confirmed paid at the approved amount after all, the excess recovered)."""
    officer(scope, actor)
    case = locked_case(session, scope, case_id)
    today = today or clock.today()
    if paid_on > today:
        raise FulfilmentError(f"支付日期 {paid_on} 晚于今天")
    if not voucher.strip():
        raise FulfilmentError("请填写凭证号")
    settle(
        session,
        case,
        actor,
        paid_on,
        voucher.strip(),
        amount,
        overpaid=overpaid,
        underpaid=underpaid,
        reason=reason,
        today=today,
    )
    _paid_twice(session, case, actor)
    return case
