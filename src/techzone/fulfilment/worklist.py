"""What waits for whom: a case's review step and the actions a role may take on it now.

The web pages show each caller the cases that wait for them and only the buttons their role may
press; both come from here (the chain in ``fulfilment.yaml``, the legal moves in ``states``), so
no page decides them. The core still refuses anything else when it is asked.
"""

from __future__ import annotations

from functools import lru_cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from techzone.access import Role, Scope
from techzone.awards.catalogue import Catalogue
from techzone.fulfilment.cases import get_case, list_cases, scoped
from techzone.fulfilment.config import handling
from techzone.fulfilment.states import State
from techzone.model import CaseMaterial, FulfilmentCase, Notice, Objection

# The actions, as the pages and the API name them.
CONFIRM, DECLINE, UPLOAD = "confirm", "decline", "materials"
APPROVE, RETURN, REJECT = "approve", "return", "reject"
OBJECT, PAY = "object", "pay"
RELEASE, RECOVER, REPAY = "release", "recover", "repay"
# A case paid short: its unpaid rest sent to a later batch (补拨), or closed.
FOLLOW_UP, CLOSE_REST = "follow_up", "close_rest"
ACTION_LABELS = {
    CONFIRM: "确认收款账户并同意兑现（或提交申报）",
    DECLINE: "放弃",
    UPLOAD: "上传材料",
    APPROVE: "审核通过",
    RETURN: "退回补充",
    REJECT: "不予支持",
    OBJECT: "登记公示异议",
    PAY: "登记支付",
    RELEASE: "解除暂缓",
    RECOVER: "启动追回",
    REPAY: "登记退回资金",
    FOLLOW_UP: "补拨未付余额",
    CLOSE_REST: "余额不再拨付",
}
_ENTERPRISE_SIDE = frozenset({Role.ENTERPRISE, Role.ZONE, Role.PARK})
_OFFICERS = frozenset({Role.ZONE, Role.PARK, Role.UNIT})


def step_name(case: FulfilmentCase) -> str | None:
    """The review step the case waits at (园区初审 …), while it is in review."""
    if case.state != State.IN_REVIEW:
        return None
    chain = handling().chain(case.policy_id)
    return chain[case.step].name if case.step < len(chain) else None


def step_role(case: FulfilmentCase) -> Role | None:
    if case.state != State.IN_REVIEW:
        return None
    chain = handling().chain(case.policy_id)
    return chain[case.step].role if case.step < len(chain) else None


def _own_unit_step(case: FulfilmentCase, scope: Scope) -> bool:
    """A 责任单位's account acts only at a step its own unit does for the case's zone."""
    if scope.role is not Role.UNIT:
        return True
    chain = handling().chain(case.policy_id)
    if case.step >= len(chain):
        return False
    step = chain[case.step]
    return scope.unit is not None and step.units.get(case.zone or "") == scope.unit


def chain_names(case: FulfilmentCase) -> list[str]:
    return [step.name for step in handling().chain(case.policy_id)]


# In review or approved and not yet with the finance office (``review.decline``).
_DECLINABLE = frozenset(
    {State.IN_REVIEW, State.APPROVED, State.PUBLICISED, State.ON_HOLD, State.TO_PAY}
)


def actions(case: FulfilmentCase, scope: Scope) -> list[str]:
    """The actions ``scope``'s role may take on ``case`` now (a 省级管理员 takes none)."""
    role = scope.role
    if role is None or not scope.writes:
        return []
    state = State(case.state)
    found: list[str] = []
    if state in (State.PENDING, State.RETURNED) and role in _ENTERPRISE_SIDE:
        found += [UPLOAD, CONFIRM, DECLINE]
    # The enterprise may withdraw its consent until its case goes to the finance office.
    if state in _DECLINABLE and role is Role.ENTERPRISE:
        found.append(DECLINE)
    if state is State.IN_REVIEW and role is step_role(case) and _own_unit_step(case, scope):
        found += [APPROVE, RETURN, REJECT]
    if state is State.ON_HOLD and role in _OFFICERS - {Role.UNIT}:
        found.append(REJECT)
    # 待支付 too: an objection of the period's last days may arrive after the notice was closed.
    if state in (State.PUBLICISED, State.ON_HOLD, State.TO_PAY) and role in (Role.ZONE, Role.PARK):
        found.append(OBJECT)
    in_batch = case.topup is not None and case.batch_id is not None
    if role is Role.ZONE and (state is State.IN_BATCH or (state is State.PAID and in_batch)):
        found.append(PAY)
    # Paid short: the rest owed waits on the payer's side, as payment does.
    if role is Role.ZONE and case.unpaid and not in_batch:
        if state is State.PAID and case.topup is None:
            found.append(FOLLOW_UP)
        found.append(CLOSE_REST)
    # Lifting a hold sends the case on towards payment, and recovery is the payer's side: the
    # zone's administrator, as payment is (a park officer may still refuse a held case).
    if state is State.ON_HOLD and role is Role.ZONE:
        found.append(RELEASE)
    if role is Role.ZONE and (
        (state is State.PAID and not in_batch)
        # 追回中 or 已追回 of part only: the rest may still be asked (a fraud found afterwards).
        or (
            state in (State.RECOVERING, State.RECOVERED)
            and (case.amount or 0) > (case.recovery_amount or 0)
        )
    ):
        found.append(RECOVER)
    if state is State.RECOVERING and role is Role.ZONE:
        found.append(REPAY)
    return found


def waiting_for(
    session: Session, scope: Scope, *, limit: int = 500, offset: int = 0
) -> list[FulfilmentCase]:
    """The cases in ``scope`` on which its role has something to do now."""
    found = []
    for case in list_cases(session, scope, limit=100_000):
        # A case 已追回 of part may be opened again, but nothing waits on it.
        if case.state != State.RECOVERED and actions(case, scope):
            found.append(case)
    return found[offset : offset + limit]


def open_objections(session: Session, scope: Scope, case_id: int) -> list[Objection]:
    """The objections to a case in ``scope`` not yet resolved."""
    query = (
        scoped(select(Objection).join(FulfilmentCase), scope)
        .where(Objection.case_id == case_id, Objection.resolved_on.is_(None))
        .order_by(Objection.id)
    )
    return list(session.scalars(query))


@lru_cache(maxsize=1)
def catalogue() -> Catalogue:
    """The policy catalogue, read once per process (the packs do not change under a server)."""
    from techzone.awards.catalogue import load_catalogue

    return load_catalogue()


def policy_title(policy_id: str) -> str:
    entry = catalogue().policies.get(policy_id)
    return entry.policy.title if entry else policy_id


def policies_in(session: Session, scope: Scope) -> list[tuple[str, str]]:
    """The policies the cases in ``scope`` come under, with their titles (for a filter)."""
    query = scoped(select(FulfilmentCase.policy_id).distinct(), scope)
    return [(pid, policy_title(pid)) for pid in sorted(session.scalars(query))]


def materials_of(session: Session, scope: Scope, case_id: int) -> list[CaseMaterial]:
    """The files uploaded for a case ``scope`` may see (not found otherwise)."""
    case = get_case(session, scope, case_id)
    query = select(CaseMaterial).where(CaseMaterial.case_id == case.id).order_by(CaseMaterial.id)
    return list(session.scalars(query))


def notices_in(session: Session, scope: Scope) -> list[Notice]:
    """The 公示 notices listing a case ``scope`` may see (one published again at a raised
    amount included: its first notice still shows it), newest first."""
    from techzone.fulfilment.publicity import listed_in

    query = select(Notice).where(listed_in(scope)).order_by(Notice.id.desc())
    return list(session.scalars(query))
