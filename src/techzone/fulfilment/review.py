"""Confirm or apply, then review step by step; the last approval commits the money.

At the last step everything that bounds the money is checked again, inside the ledger's lock:
the ledger's newest computation (conditions decided, the amount within its range — which has
stacking applied), every cap (最高) over the enterprise, bank or item counting what other cases
have approved and what the ledger has paid under it, and the fund pool. Two cases can therefore
never together pass a cap, whatever order they are approved in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from techzone.access import Role, Scope
from techzone.audit import Actor
from techzone.awards import ledger
from techzone.awards.catalogue import Catalogue
from techzone.fulfilment import clock, funds, notify, publicity
from techzone.fulfilment.cases import (
    current_version,
    doubled_note,
    get_case,
    locked_case,
    move,
    note,
    officer,
    paid_totals,
    snapshot,
    writable,
)
from techzone.fulfilment.config import Step, handling
from techzone.fulfilment.errors import FulfilmentError, finite
from techzone.fulfilment.states import COMMITTED, State
from techzone.fulfilment.text import money
from techzone.model import (
    CaseHistory,
    CaseMaterial,
    Entitlement,
    EntitlementPayment,
    EntitlementVersion,
    FulfilmentCase,
)
from techzone.rules.compiler import FEN

ACCOUNT = re.compile(r"\d{8,30}")


def _for_enterprise(scope: Scope, actor: Actor, case: FulfilmentCase) -> bool:
    """Whether the enterprise itself acts (False: an officer on its behalf, recorded as such)."""
    writable(scope)
    return actor.role == Role.ENTERPRISE.value and scope.uscc == case.uscc


def confirm(
    session: Session,
    scope: Scope,
    case_id: int,
    actor: Actor,
    *,
    bank_name: str,
    bank_account: str,
    consent: bool,
) -> FulfilmentCase:
    """The enterprise confirms its account and consents (免申即享), or submits its application
    (申报, with the materials its policy lists uploaded first); the case goes to review."""
    case = get_case(session, scope, case_id)
    own = _for_enterprise(scope, actor, case)
    if case.state not in (State.PENDING, State.RETURNED):
        raise FulfilmentError(f"案件 {case.id} 当前为「{State(case.state).label}」，无需确认")
    account = bank_account.replace(" ", "").replace("-", "")
    if not ACCOUNT.fullmatch(account):
        raise FulfilmentError("银行账号须为8到30位数字")
    bank_name = bank_name.strip()
    if not bank_name or len(bank_name) > 100:
        raise FulfilmentError("请填写开户银行（最多100个字）")
    if not consent:
        raise FulfilmentError("须同意兑现承诺（所填信息真实，如有不实愿退回资金）后方可提交")
    listed = handling().handling(case.policy_id).materials
    if listed:
        uploaded = set(
            session.scalars(select(CaseMaterial.name).where(CaseMaterial.case_id == case.id))
        )
        missing = [name for name in listed if name not in uploaded]
        if missing:
            raise FulfilmentError(f"尚缺申报材料：{'、'.join(missing)}")
    case.bank_name, case.bank_account, case.consent = bank_name, account, True
    case.step = 0
    who = "企业确认" if own else "经办人代企业确认"
    what = "确认收款账户并同意兑现" if case.track == "auto" else "提交申报"
    # No document makes the deadline a bar (an officer may still take a late answer), but the
    # reviewer must see that it came late: the history says so.
    late = case.deadline is not None and clock.today() > case.deadline
    text = f"{who}：{what}" + (f"（逾期：办理期限为{case.deadline}）" if late else "")
    move(
        session,
        case,
        State.IN_REVIEW,
        actor,
        "confirmed",
        text,
        {"on_behalf": not own, "bank_name": bank_name, "late": late},
    )
    return case


def decline(session: Session, scope: Scope, case_id: int, actor: Actor, reason: str) -> None:
    """The enterprise gives the award up (放弃), itself or through an officer on its written
    word: before review, in review, or approved until its case goes to the finance office.
    Approved, its money is no longer committed (the pool and the caps free it); a case already
    on a notice keeps its row there, marked, not summed — and is never paid."""
    # Approved, the case holds money under the ledger's lock like any other money step: an
    # export at the same moment either batches it first (then 放弃 is refused) or never sees it.
    case = get_case(session, scope, case_id)
    if State(case.state) not in OPEN_FOR_DECLINE:
        case = locked_case(session, scope, case_id)
    own = _for_enterprise(scope, actor, case)
    if not reason.strip():
        raise FulfilmentError("请说明放弃的原因")
    state = State(case.state)
    if state is State.IN_BATCH:
        raise FulfilmentError(
            f"案件 {case.id} 已列入支付批次：财政尚未支付的，由经办人先撤出支付批次后再登记放弃；"
            "已支付的，退回资金按追回办理；未作修改"
        )
    if state in (State.PAID, State.RECOVERING, State.RECOVERED):
        raise FulfilmentError(
            f"案件 {case.id} 已支付，不能放弃；企业自愿退回资金的，"
            "由经办人启动追回后登记退回；未作修改"
        )
    who = "企业放弃" if own else "经办人代企业登记放弃"
    before = snapshot(case)
    approved = state in COMMITTED
    if approved:
        case.hold_reason = None
    told = f"；已批金额{money(case.amount)}不再支付" if approved else ""
    move(
        session,
        case,
        State.DECLINED,
        actor,
        "declined",
        f"{who}：{reason.strip()}{told}",
        {"on_behalf": not own, "from": state.value, "amount": case.amount if approved else None},
        before=before,
    )


# Before approval nothing is committed: 放弃 needs no lock on the ledger.
OPEN_FOR_DECLINE = frozenset({State.PENDING, State.RETURNED, State.IN_REVIEW})


def _step(case: FulfilmentCase, actor: Actor, scope: Scope) -> tuple[Step, bool]:
    chain = handling().chain(case.policy_id)
    if case.state != State.IN_REVIEW:
        raise FulfilmentError(f"案件 {case.id} 当前为「{State(case.state).label}」，不在审核中")
    step = chain[case.step]
    # The command line is the officer at the machine; on the web each step is its role's.
    if actor.role is not None and actor.role != step.role.value:
        raise FulfilmentError(f"本步骤「{step.name}」须由{step.role.label}办理")
    if (scope.role is Role.UNIT or scope.unit is not None) and not unit_holds(step, case, scope):
        # A unit that reached the case at an earlier step of its own is not the later step's.
        raise FulfilmentError(f"本步骤「{step.name}」不由您的单位办理")
    return step, case.step == len(chain) - 1


def unit_holds(step: Step, case: FulfilmentCase, scope: Scope) -> bool:
    """Whether ``scope``'s 责任单位 does ``step`` for the case's zone (``fulfilment.yaml``)."""
    named = step.units.get(case.zone or "")
    return step.role is Role.UNIT and scope.unit is not None and named == scope.unit


@dataclass(frozen=True)
class Approved:
    case: FulfilmentCase
    final: bool
    warning: str | None

    def message(self) -> str:
        done = (
            f"案件 {self.case.id} 审核通过，金额{money(self.case.amount)}，待公示"
            if self.final
            else f"案件 {self.case.id} 本步通过，转下一步审核"
        )
        return done + (f"；{self.warning}" if self.warning else "")


def approve(
    session: Session,
    scope: Scope,
    case_id: int,
    actor: Actor,
    as_of: date,
    *,
    amount: Decimal | None = None,
    reason: str | None = None,
    catalogue: Catalogue | None = None,
) -> Approved:
    """Approve the step the case waits at; a discretionary amount is fixed here, within the
    ledger's range, with its justification; the last step re-checks caps, stacking and the pool."""
    officer(scope, actor)
    if amount is not None:
        finite(amount)
    # Any step may fix the amount, and the last commits it: decided on the case as it stands.
    case = locked_case(session, scope, case_id)
    step, final = _step(case, actor, scope)
    before = snapshot(case)
    if amount is not None:
        if amount != amount.quantize(Decimal("0.01")) or amount <= 0:
            raise FulfilmentError(f"金额「{amount}」须为大于零、最多两位小数的元数")
        if not (reason and reason.strip()):
            raise FulfilmentError("确定金额须写明依据（--reason）")
        low, high = case.amount_min, case.amount_max
        if high is None or (low is not None and amount < low) or amount > high:
            shown = f"{money(low or Decimal(0))}至{money(high)}" if high is not None else "未定"
            raise FulfilmentError(f"金额{money(amount)}不在应享范围（{shown}）内")
        case.amount, case.amount_reason = amount, reason.strip()
    elif case.track == "auto" and case.amount is None:
        case.amount = case.amount_max
    # Every reviewer is told of a suspected double entry, not only the last.
    doubled = doubled_note(session, case)
    if final:
        warning = (
            "；".join(w for w in (doubled, _final_checks(session, case, as_of, catalogue)) if w)
            or None
        )
        move(
            session,
            case,
            State.APPROVED,
            actor,
            "approved",
            f"{step.name}通过：金额{money(case.amount)}" + (f"；{reason}" if reason else ""),
            {"step": step.name, "warning": warning, "on": as_of},
        )
        notify.case_changed(
            session, case, "approved", f"审核通过，金额{money(case.amount)}，将予公示。"
        )
        return Approved(case, True, warning)
    case.step += 1
    move(
        session,
        case,
        State.IN_REVIEW,
        actor,
        "step_approved",
        f"{step.name}通过" + (f"：{reason}" if reason else ""),
        {"step": step.name, "amount": case.amount, "before": before, "warning": doubled},
    )
    return Approved(case, False, doubled)


def _final_checks(
    session: Session, case: FulfilmentCase, as_of: date, catalogue: Catalogue | None
) -> str | None:
    from techzone.awards.catalogue import load_catalogue

    ledger.lock(session)  # two approvals at once are checked one after the other
    if case.amount is None:
        raise FulfilmentError(
            f"案件 {case.id} 的金额须由审核人在应享范围内确定（--amount 金额 --reason 依据）"
        )
    head, newest = current_version(session, case)
    if newest.status != "eligible":
        raise FulfilmentError("台账中该应享条件待定或已撤销，不能审批；请补齐数据并重新匹配")
    if (newest.amount_max is not None and case.amount > newest.amount_max) or (
        newest.amount_min is not None and case.amount < newest.amount_min
    ):
        raise FulfilmentError(
            f"金额{money(case.amount)}不在台账最新测算的应享范围内，请重新匹配后再审"
        )
    catalogue = catalogue or load_catalogue()
    _check_highest(session, case, head, newest, catalogue)
    _check_unrecovered(session, case, head, catalogue)
    _check_cap(session, case, head, catalogue)
    key = handling().pool_key(case.policy_id)
    drawn = funds.draw(session, case, key)
    case.pool_id = drawn.pool.id if drawn.pool is not None else None
    return drawn.warning


def _held_on(session: Session, entitlements: list[str]) -> Decimal:
    """What other entitlements hold: per entitlement the larger of a committed case's amount
    and the net paid on it (money paid stands first, recovered or not yet)."""
    paid = paid_totals(session, entitlements)
    approved = {
        other.entitlement_id: other.amount or Decimal(0)
        for other in session.scalars(
            select(FulfilmentCase).where(
                FulfilmentCase.entitlement_id.in_(entitlements),
                FulfilmentCase.state.in_([s.value for s in COMMITTED]),
            )
        )
    }
    return sum(
        (
            max(approved.get(key, Decimal(0)), paid.get(key, (Decimal(0), None))[0])
            for key in entitlements
        ),
        Decimal(0),
    )


def _highest_group(catalogue: Catalogue, policy_id: str) -> list[str]:
    """The policy and those it is paid highest-only with (就高不重复), itself alone if none."""
    entry = catalogue.policies.get(policy_id)
    stacking = entry.policy.stacking if entry else None
    if stacking is None or stacking.rule != "highest":
        return [policy_id]
    return [
        other_id
        for other_id, other in catalogue.policies.items()
        if other.policy.stacking is not None
        and other.policy.stacking.rule == "highest"
        and other.policy.stacking.group == stacking.group
    ]


def owed_back(session: Session, case: FulfilmentCase, catalogue: Catalogue) -> list[ledger.Owed]:
    """Money paid on the same award as the case (``ledger.unrecovered``) still owed back."""
    head = session.get(Entitlement, case.entitlement_id)
    assert head is not None
    return ledger.unrecovered(session, head, _highest_group(catalogue, case.policy_id))


def _owed_text(session: Session, owed: list[ledger.Owed], catalogue: Catalogue) -> str:
    first = owed[0]
    other = session.scalar(
        select(FulfilmentCase).where(FulfilmentCase.entitlement_id == first.entitlement_id)
    )
    entry = catalogue.policies.get(first.policy_id)
    title = entry.policy.title if entry else first.policy_id
    where = f"案件 {other.id}，" if other is not None else ""
    more = f"（另有{len(owed) - 1}笔）" if len(owed) > 1 else ""
    return (
        f"同一企业「{title}」{first.year}年度（{where}触发日期{first.trigger_date}）已支付"
        f"{money(first.paid)}，现已不再应享或调减，尚有{money(first.owed)}待追回{more}"
    )


def _check_unrecovered(
    session: Session, case: FulfilmentCase, head: Entitlement, catalogue: Catalogue
) -> None:
    """One award is paid once: while money paid on the same award (the fact it paid for
    corrected — re-dated, renumbered — so it is owed back) has not come back, the corrected
    one is not approved on top of it (``ledger.unrecovered``)."""
    owed = ledger.unrecovered(session, head, _highest_group(catalogue, case.policy_id))
    if not owed:
        return
    raise FulfilmentError(
        f"{_owed_text(session, owed, catalogue)}；"
        f"本案{money(case.amount)}属同一奖补，追回后再审批，不能审批"
    )


def check_follow_up_owed_back(
    session: Session, case: FulfilmentCase, due: Decimal, catalogue: Catalogue
) -> None:
    """A follow-up (补拨) asked while money paid on the same award is owed back is refused, as
    an approval is (``_check_unrecovered``): let through, it would wait only for the next
    matching or export to cancel it (``hold_owed_back``), the officer told then, not when asking."""
    owed = owed_back(session, case, catalogue)
    if not owed:
        return
    raise FulfilmentError(
        f"{_owed_text(session, owed, catalogue)}；本案补拨{money(due)}属同一奖补，"
        "追回后再补拨，不能补拨；未作修改"
    )


def paid_twice(session: Session, case: FulfilmentCase, catalogue: Catalogue) -> str | None:
    """What the officer is told once a case is recorded paid while money paid on the same award
    is owed back (its twin withdrawn while this one was with the finance office, which paid it
    all the same): the award is paid twice, and the money is to come back on the other case —
    not a plain 已支付. None when nothing of the award is owed back."""
    owed = owed_back(session, case, catalogue)
    if not owed:
        return None
    other = session.scalar(
        select(FulfilmentCase).where(FulfilmentCase.entitlement_id == owed[0].entitlement_id)
    )
    if other is None:
        todo = "请在奖补台账登记追回"
    elif other.state == State.RECOVERING:
        todo = f"案件 {other.id} 正在追回，请跟进"
    else:
        todo = f"请对案件 {other.id} 启动追回"
    return (
        f"案件 {case.id} 已由财政支付{money(case.amount)}；{_owed_text(session, owed, catalogue)}；"
        f"同一奖补已支付两次，{todo}"
    )


OWED_BACK = "同一奖补已付资金尚待追回"


def hold_owed_back(
    session: Session, cases: list[FulfilmentCase], actor: Actor, catalogue: Catalogue
) -> list[FulfilmentCase]:
    """Cases approved and not yet paid (or a paid one's follow-up waiting for a batch) of an
    award on which money paid is owed back: held, as approval refuses them (``_check_unrecovered``).

    The approval checked the award as it stood; the paid twin can be withdrawn afterwards (its
    event deleted as a double entry, its certificate re-dated) while this case's own entitlement
    does not move, so nothing else would look at it again before the money goes out. Held, it
    goes on only through ``release``, which checks again. A follow-up is cancelled, the rest
    still owed. A case held for another reason than an objection is left: its release checks
    it. Returns the cases acted on; one acted on already is left alone."""
    from techzone.fulfilment.publicity import OBJECTION_HOLD

    owing_ = owing(session, {case.uscc for case in cases})
    acted: list[FulfilmentCase] = []
    for case in cases:
        state = State(case.state)
        rest = state is State.PAID and case.topup is not None and case.batch_id is None
        if case.uscc not in owing_ or not (rest or state in UNPAID):
            continue
        if state is State.ON_HOLD and case.hold_reason not in (None, OBJECTION_HOLD):
            continue
        owed = owed_back(session, case, catalogue)
        if not owed:
            continue
        other = session.scalar(
            select(FulfilmentCase.id).where(FulfilmentCase.entitlement_id == owed[0].entitlement_id)
        )
        total = sum((o.owed for o in owed), Decimal(0))
        told = _owed_text(session, owed, catalogue)
        detail = {"owed": [o.entitlement_id for o in owed], "amount": total, "case": other}
        before = snapshot(case)
        if rest:
            waiting, case.topup = case.topup, None
            note(
                session,
                case,
                actor,
                "held",
                f"{told}；待列入支付批次的补拨{money(waiting)}已取消，"
                f"未付余额{money(case.unpaid)}追回后可再补拨",
                detail,
                before=before,
            )
        else:
            where = f"案件 {other} " if other is not None else ""
            case.hold_reason = (
                f"{OWED_BACK}（{where}尚有{money(total)}待追回），暂缓支付，追回后复核"
            )
            if state is State.ON_HOLD:
                note(
                    session,
                    case,
                    actor,
                    "held",
                    f"{told}；暂缓支付，追回后复核",
                    detail,
                    before=before,
                )
            else:
                move(
                    session,
                    case,
                    State.ON_HOLD,
                    actor,
                    "held",
                    f"{told}；暂缓支付，追回后复核",
                    detail,
                    before=before,
                )
        acted.append(case)
    return acted


def warn_owed_back_in_batch(
    session: Session, cases: list[FulfilmentCase], actor: Actor, catalogue: Catalogue
) -> int:
    """Cases with the finance office (支付中, or a follow-up in a batch) of an award on which
    money paid is owed back: they cannot be held from here, so their history tells the officer
    to take them out of the batch if still unpaid (once per set of payments owed). Returns how
    many were told."""
    owing_ = owing(session, {case.uscc for case in cases})
    told = 0
    for case in cases:
        state = State(case.state)
        with_finance = state is State.IN_BATCH or (
            state is State.PAID and case.topup is not None and case.batch_id is not None
        )
        if case.uscc not in owing_ or not with_finance:
            continue
        owed = owed_back(session, case, catalogue)
        if not owed:
            continue
        keys = [o.entitlement_id for o in owed]
        noted = session.scalars(
            select(CaseHistory.detail).where(
                CaseHistory.case_id == case.id, CaseHistory.action == "owed_back"
            )
        )
        if any((detail or {}).get("owed") == keys for detail in noted):
            continue
        note(
            session,
            case,
            actor,
            "owed_back",
            f"{_owed_text(session, owed, catalogue)}；本案已列入支付批次："
            "财政尚未支付的，请撤出支付批次，追回后复核",
            {"owed": keys},
        )
        told += 1
    return told


# Committed and not yet with the finance office: what a hold keeps from the next batch.
UNPAID = frozenset({State.APPROVED, State.PUBLICISED, State.TO_PAY, State.ON_HOLD})


def owing(session: Session, usccs: set[str]) -> set[str]:
    """The enterprises among ``usccs`` with money paid beyond what its award now allows."""
    if not usccs:
        return set()
    paid = (
        select(
            EntitlementPayment.entitlement_id.label("id"),
            func.sum(EntitlementPayment.amount).label("total"),
        )
        .group_by(EntitlementPayment.entitlement_id)
        .subquery()
    )
    query = (
        select(Entitlement.uscc)
        .join(paid, paid.c.id == Entitlement.id)
        .join(
            EntitlementVersion,
            (EntitlementVersion.entitlement_id == Entitlement.id)
            & (EntitlementVersion.version == Entitlement.version),
        )
        .where(
            paid.c.total > 0,
            or_(
                EntitlementVersion.status != "eligible",
                EntitlementVersion.amount_max.is_(None),
                EntitlementVersion.amount_max < paid.c.total,
            ),
        )
        .distinct()
    )
    found: set[str] = set()
    listed = sorted(usccs)
    for start in range(0, len(listed), 500):
        chunk = listed[start : start + 500]
        found.update(session.scalars(query.where(Entitlement.uscc.in_(chunk))))
    return found


def _check_highest(
    session: Session,
    case: FulfilmentCase,
    head: Entitlement,
    newest: EntitlementVersion,
    catalogue: Catalogue,
) -> None:
    """就高不重复 counts money already out: the ledger's stacking zeroes a paid loser only on
    paper (its money comes back through a recovery), so the winner may have only the rest."""
    if newest.amount_max is None:
        return
    members = _highest_group(catalogue, case.policy_id)
    if len(members) < 2:
        return
    siblings = list(
        session.scalars(
            select(Entitlement.id).where(
                Entitlement.uscc == head.uscc,
                Entitlement.trigger_id == head.trigger_id,
                Entitlement.policy_id.in_(members),
                Entitlement.id != head.id,
            )
        )
    )
    held = _held_on(session, siblings) if siblings else Decimal(0)
    assert case.amount is not None
    if held > 0 and held + case.amount > newest.amount_max:
        rest = max(newest.amount_max - held, Decimal(0))
        raise FulfilmentError(
            f"就高不重复：同一事项已按其他政策批准或支付{money(held)}，本案{money(case.amount)}，"
            f"合计超过就高金额{money(newest.amount_max)}（扣除已付仅余{money(rest)}）；"
            "须待已付款项追回后再审批，不能审批"
        )


def cap_fen(catalogue: Catalogue, policy_id: str, year: int) -> int | None:
    """The cap (最高) a policy's ``limit`` names, in fen, as in force at ``year``'s end."""
    from techzone.awards.calculate import year_end

    entry = catalogue.policies.get(policy_id)
    limit = entry.policy.limit if entry else None
    if entry is None or limit is None or limit.per == "event" or limit.value is None:
        return None
    parameter = catalogue.compiled(entry, year_end(year), {}).parameters.get(limit.value)
    if parameter is None or not isinstance(parameter.value, int | float):
        return None
    return round(parameter.value * FEN)


def shared_cap_fen(catalogue: Catalogue, policy_id: str, year: int) -> int | None:
    """The cap over a policy's ``limit``: the smallest any policy sharing it declares for
    ``year`` (packs sharing a group may date their values apart; the larger never applies)."""
    entry = catalogue.policies.get(policy_id)
    limit = entry.policy.limit if entry else None
    if entry is None or limit is None or limit.per == "event":
        return None
    key = limit.key(entry.source.pack.id, policy_id)
    caps = [
        cap
        for other_id, other in catalogue.policies.items()
        if other.policy.limit is not None
        and other.policy.limit.per != "event"
        and other.policy.limit.key(other.source.pack.id, other_id) == key
        and (cap := cap_fen(catalogue, other_id, year)) is not None
    ]
    return min(caps, default=None)


def _check_cap(
    session: Session, case: FulfilmentCase, head: Entitlement, catalogue: Catalogue
) -> None:
    if head.limit_key is None:
        return
    cap = shared_cap_fen(catalogue, case.policy_id, head.year)
    if cap is None:
        return
    sharing = list(
        session.scalars(
            select(Entitlement.id).where(
                Entitlement.limit_key == head.limit_key, Entitlement.id != head.id
            )
        )
    )
    held = _held_on(session, sharing)
    assert case.amount is not None
    limit = Decimal(cap) / 100
    words = catalogue.policies[case.policy_id].policy.limit
    if held + case.amount > limit:
        raise FulfilmentError(
            f"超出上限：「{words.text if words else ''}」最高{money(limit)}，同一上限下其他案件"
            f"已批准或已支付{money(held)}，本案{money(case.amount)}；不能审批"
        )


def return_case(
    session: Session, scope: Scope, case_id: int, actor: Actor, reason: str
) -> FulfilmentCase:
    """Back to the enterprise for more; it resubmits and review starts again at step one."""
    officer(scope, actor)
    case = get_case(session, scope, case_id)
    step, _ = _step(case, actor, scope)
    if not reason.strip():
        raise FulfilmentError("退回须写明需补充的内容")
    case.step = 0
    move(session, case, State.RETURNED, actor, "returned", f"{step.name}退回：{reason.strip()}")
    notify.case_changed(session, case, "returned", f"退回补充：{reason.strip()}")
    return case


def reject(
    session: Session, scope: Scope, case_id: int, actor: Actor, reason: str
) -> FulfilmentCase:
    """Not supported: at a review step, or a held case after its hold was looked into."""
    officer(scope, actor)
    case = get_case(session, scope, case_id)
    if case.state == State.ON_HOLD:
        _open_objections(session, case)
        who = "复核"
    else:
        who = _step(case, actor, scope)[0].name
    if not reason.strip():
        raise FulfilmentError("不予支持须写明理由")
    case.hold_reason = None
    move(session, case, State.REJECTED, actor, "rejected", f"{who}不予支持：{reason.strip()}")
    notify.case_changed(session, case, "rejected", f"不予支持：{reason.strip()}")
    return case


def _open_objections(session: Session, case: FulfilmentCase) -> None:
    from sqlalchemy import func

    from techzone.model import Objection

    left = session.scalar(
        select(func.count())
        .select_from(Objection)
        .where(Objection.case_id == case.id, Objection.resolved_on.is_(None))
    )
    if left:
        raise FulfilmentError(f"案件 {case.id} 尚有{left}条异议未处理，请先处理异议")


def release(
    session: Session,
    scope: Scope,
    case_id: int,
    actor: Actor,
    as_of: date,
    *,
    reason: str,
    amount: Decimal | None = None,
    catalogue: Catalogue | None = None,
) -> FulfilmentCase:
    """Lift a hold (a recomputation, a revoked recognition) once looked into: the amount — kept,
    or fixed again within the ledger's newest range — passes every approval check again."""
    from techzone.model import Notice

    officer(scope, actor)
    if amount is not None:
        finite(amount)
    case = locked_case(session, scope, case_id)
    if case.state != State.ON_HOLD:
        raise FulfilmentError(f"案件 {case.id} 未暂缓")
    _open_objections(session, case)
    if not reason.strip():
        raise FulfilmentError("解除暂缓须写明核实结论")
    newest = current_version(session, case)[1]
    case.amount_min, case.amount_max = newest.amount_min, newest.amount_max
    # What the public was shown, not the amount before this release: a case lowered at one
    # release and raised back at the next was never shown more than its notice's amount.
    shown = publicity.shown_amount(session, case)
    if amount is not None:
        if amount != amount.quantize(Decimal("0.01")) or amount <= 0:
            raise FulfilmentError(f"金额「{amount}」须为大于零、最多两位小数的元数")
        case.amount, case.amount_reason = amount, reason.strip()
    _final_checks(session, case, as_of, catalogue)
    notice = session.get(Notice, case.notice_id) if case.notice_id else None
    again = ""
    if notice is not None and (shown is None or case.amount is None or case.amount > shown):
        # The public saw the lower amount only: the rise is publicised by a notice of its own
        # before it is paid; the old notice keeps the amount it showed, marked as superseded.
        case.notice_id, notice = None, None
        again = f"；高于公示金额{money(shown)}，须重新公示后支付" if shown else "；须重新公示后支付"
    back = (
        State.APPROVED
        if notice is None
        else State.PUBLICISED
        if notice.state == "open"
        else State.TO_PAY
    )
    case.hold_reason = None
    move(
        session,
        case,
        back,
        actor,
        "released",
        f"解除暂缓：{reason.strip()}；金额{money(case.amount)}{again}",
        {"on": as_of},
    )
    return case


__all__ = [
    "Approved",
    "approve",
    "cap_fen",
    "confirm",
    "decline",
    "note",
    "reject",
    "release",
    "return_case",
    "shared_cap_fen",
]
