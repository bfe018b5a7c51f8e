"""Fund pools: a budget per policy (or group) per year per payer, drawn down by approvals.

An approval that would take a pool's commitments past its budget is refused; only an
administrator raising the budget (audited) lets it through. Committed is what approved cases
hold (approved, 公示, held, to pay, in a batch, paid); paid is what the ledger recorded for them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from techzone import audit
from techzone.access import Role, Scope
from techzone.audit import Actor
from techzone.awards.catalogue import Catalogue
from techzone.fulfilment.clock import now
from techzone.fulfilment.errors import FulfilmentError, finite
from techzone.fulfilment.states import COMMITTED, State
from techzone.fulfilment.text import money
from techzone.model import FulfilmentCase, FundPool
from techzone.rules.policy import LEVEL_LABELS

# Money approved and not given back: what a pool has promised.
DRAWING = frozenset({*COMMITTED, State.RECOVERING})
ENTITY = "资金池"


def _administrator(actor: Actor) -> None:
    # The command line is the officer at the machine; on the web only a zone administrator.
    if actor.role is not None and actor.role != Role.ZONE.value:
        raise FulfilmentError("只有高新区管理员可以设置或调整资金池预算")


def committed(session: Session, pool_id: int, excluding: int | None = None) -> Decimal:
    """What approved cases hold on a pool (but ``excluding``, a case being decided again)."""
    query = select(func.sum(FulfilmentCase.amount)).where(
        FulfilmentCase.pool_id == pool_id,
        FulfilmentCase.state.in_([s.value for s in DRAWING]),
    )
    if excluding is not None:
        query = query.where(FulfilmentCase.id != excluding)
    total = session.scalar(query)
    return Decimal(total or 0).quantize(Decimal("0.01"))


def set_pool(
    session: Session,
    scope: Scope,
    actor: Actor,
    key: str,
    year: int,
    payer: str,
    budget: Decimal,
    *,
    warn_percent: int = 90,
    reason: str | None = None,
    catalogue: Catalogue | None = None,
) -> FundPool:
    """Create a pool or change its budget; never below what it has already committed.

    Only a pool some policy draws on (its key and payer, ``fulfilment.yaml``'s groups): one
    no approval reads would look set while approvals went on unchecked against it.
    """
    from techzone.awards.catalogue import load_catalogue
    from techzone.fulfilment.config import handling

    if not scope.writes:
        raise FulfilmentError("省级管理员只能查看，不能设置资金池")
    _administrator(actor)
    finite(budget, "预算")
    key = key.strip()
    if not key:
        raise FulfilmentError("请注明资金池对应的政策或政策组")
    if payer not in LEVEL_LABELS:
        raise FulfilmentError(f"出资层级「{payer}」不存在（可用：{'、'.join(LEVEL_LABELS)}）")
    catalogue = catalogue or load_catalogue()
    rules = handling()
    drawn = {
        (rules.pool_key(policy_id), entry.policy.payer)
        for policy_id, entry in catalogue.policies.items()
    }
    if (key, payer) not in drawn:
        raise FulfilmentError(
            f"没有政策从此资金池支出：「{key}」须为政策编号或兑现配置中的资金池组，"
            f"且由{LEVEL_LABELS[payer]}出资；未作修改"
        )
    if budget < 0 or budget != budget.quantize(Decimal("0.01")):
        raise FulfilmentError(f"预算「{budget}」须为不小于零、最多两位小数的元数")
    if not 1 <= warn_percent <= 100:
        raise FulfilmentError("预警比例须在1%到100%之间")
    pool = session.scalar(
        select(FundPool).where(FundPool.key == key, FundPool.year == year, FundPool.payer == payer)
    )
    before: dict[str, Any] | None = None
    if pool is None:
        pool = FundPool(key=key, year=year, payer=payer, budget=budget, warn_percent=warn_percent)
        session.add(pool)
    else:
        held = committed(session, pool.id)
        if budget < held:
            raise FulfilmentError(
                f"资金池已承诺{money(held)}，预算不能调低到{money(budget)}；未作修改"
            )
        before = {"budget": pool.budget, "warn_percent": pool.warn_percent}
        pool.budget, pool.warn_percent = budget, warn_percent
    pool.updated_at, pool.updated_by = now(), actor.name
    session.flush()
    audit.record(
        session,
        actor,
        "pool.set",
        ENTITY,
        f"{key}|{year}|{payer}",
        before=before,
        after={"budget": budget, "warn_percent": warn_percent},
        reason=reason,
    )
    return pool


def pool_for(session: Session, key: str, year: int, payer: str) -> FundPool | None:
    return session.scalar(
        select(FundPool).where(FundPool.key == key, FundPool.year == year, FundPool.payer == payer)
    )


@dataclass(frozen=True)
class Draw:
    pool: FundPool | None
    warning: str | None


def draw(
    session: Session,
    key: str,
    year: int,
    payer: str,
    amount: Decimal,
    excluding: int | None = None,
) -> Draw:
    """Check that ``amount`` fits the pool for ``key``; refuse past its budget."""
    pool = pool_for(session, key, year, payer)
    if pool is None:
        return Draw(None, f"未设{year}年{LEVEL_LABELS.get(payer, payer)}资金池，未核对预算")
    held = committed(session, pool.id, excluding)
    after = held + amount
    if after > pool.budget:
        raise FulfilmentError(
            f"资金池预算{money(pool.budget)}，已承诺{money(held)}，本案{money(amount)}，"
            "超出预算，不能审批；须由管理员调增预算后再审批"
        )
    warning = None
    if after * 100 >= pool.budget * pool.warn_percent:
        warning = (
            f"资金池即将用尽：预算{money(pool.budget)}，审批后已承诺{money(after)}"
            f"（{after / pool.budget:.0%}）"
            if pool.budget
            else "资金池预算为零"
        )
    return Draw(pool, warning)


@dataclass(frozen=True)
class PoolStatus:
    key: str
    year: int
    payer: str
    budget: Decimal
    committed: Decimal
    paid: Decimal
    remaining: Decimal
    warning: bool


def status(session: Session, scope: Scope, year: int) -> list[PoolStatus]:
    """Budget vs committed vs paid for each pool of ``year``; committed and paid count only the
    cases ``scope`` may see (a park sees its own draw on a zone's pool)."""
    from techzone.fulfilment.cases import scoped

    drawn = None if _whole(scope) else _drawn_by(session, scope)
    pools = [
        pool
        for pool in session.scalars(
            select(FundPool).where(FundPool.year == year).order_by(FundPool.key, FundPool.payer)
        )
        if drawn is None or (pool.key, pool.payer) in drawn
    ]
    sums: dict[int, list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0)])
    query = scoped(select(FulfilmentCase), scope).where(
        FulfilmentCase.pool_id.in_([p.id for p in pools])
    )
    for case in session.scalars(query):
        if case.state in DRAWING and case.amount is not None and case.pool_id is not None:
            sums[case.pool_id][0] += case.amount
            if case.state in (State.PAID, State.RECOVERING):
                sums[case.pool_id][1] += case.amount
    found = []
    for pool in pools:
        held, paid = sums[pool.id]
        found.append(
            PoolStatus(
                pool.key,
                pool.year,
                pool.payer,
                pool.budget,
                held,
                paid,
                pool.budget - held,
                held * 100 >= pool.budget * pool.warn_percent,
            )
        )
    return found


def _whole(scope: Scope) -> bool:
    return scope == Scope(role=scope.role)


def _drawn_by(session: Session, scope: Scope) -> set[tuple[str, str]]:
    """The pools (key, payer) a restricted caller's cases draw on: a pool has no zone of its own
    (its key is a policy or group, shared by the zones that policy reaches), so a zone, park or
    province sees the pools its own cases' policies draw on, and no other zone's."""
    from techzone.fulfilment.cases import scoped
    from techzone.fulfilment.config import handling

    pairs = session.execute(
        scoped(select(FulfilmentCase.policy_id, FulfilmentCase.payer), scope).distinct()
    )
    config = handling()
    return {(config.pool_key(policy), payer) for policy, payer in pairs}


BREAKDOWNS = {"policy": "政策", "payer": "出资层级", "park": "园区", "month": "月份"}


def breakdown(session: Session, scope: Scope, year: int, by: str) -> list[dict[str, Any]]:
    """Committed and paid on ``year``'s pools by policy, payer, park or month (of payment; of
    the last change while unpaid). Cases approved where no pool was set are not in it."""
    from techzone.fulfilment.cases import scoped

    if by not in BREAKDOWNS:
        raise FulfilmentError(f"只能按{'、'.join(BREAKDOWNS.values())}汇总")
    rows: dict[str, list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0)])
    query = (
        scoped(select(FulfilmentCase), scope)
        .join(FundPool, FundPool.id == FulfilmentCase.pool_id)
        .where(FundPool.year == year, FulfilmentCase.state.in_([s.value for s in DRAWING]))
    )
    for case in session.scalars(query):
        if case.amount is None:
            continue
        if by == "policy":
            group = case.policy_id
        elif by == "payer":
            group = LEVEL_LABELS.get(case.payer, case.payer)
        elif by == "park":
            group = case.park or "—"
        else:
            day = case.paid_on or case.updated_at.date()
            group = f"{day:%Y-%m}"
        rows[group][0] += case.amount
        if case.state in (State.PAID, State.RECOVERING):
            rows[group][1] += case.amount
    return [
        {"group": group, "committed": held, "paid": paid}
        for group, (held, paid) in sorted(rows.items())
    ]
