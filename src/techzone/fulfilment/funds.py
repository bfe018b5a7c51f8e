"""Fund pools: a budget per policy (or group), award year and payer, owned by the body that
pays it, drawn down by approvals.

An approval that would take a pool's commitments past its budget is refused; only an
administrator raising the budget (audited) lets it through. Committed is what approved cases
hold (approved, 公示, held, to pay, in a batch, paid) — those approved before the pool was set
too; paid is what the ledger recorded for them. A pool's year is the award's year (the year the
entitlement is computed for, ``case.year``), never the day of approval: no document fixes a
budget year, and award money is budgeted and named by the year it rewards ("××年度奖补资金"),
so an approval a few days either side of New Year cannot move a case between budgets.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, and_, func, select, true, type_coerce, update
from sqlalchemy import case as sql_case
from sqlalchemy.orm import Session

from techzone import audit
from techzone.access import Role, Scope
from techzone.audit import Actor
from techzone.awards.catalogue import Catalogue
from techzone.fulfilment.clock import now
from techzone.fulfilment.errors import FulfilmentError, finite, payer_level
from techzone.fulfilment.states import COMMITTED, State
from techzone.fulfilment.text import money
from techzone.model import EntitlementPayment, FulfilmentCase, FundPool, Zone
from techzone.rules.policy import LEVEL_LABELS

# Money approved and not given back: what a pool has promised. A case 已追回 keeps what was
# not recovered (only an excess comes back after a lower recomputation): that stays spent.
DRAWING = frozenset({*COMMITTED, State.RECOVERING, State.RECOVERED})
# What has left the treasury on a case.
PAID_OUT = frozenset({State.PAID, State.RECOVERING, State.RECOVERED})

# What the ledger holds as paid on the case's entitlement (repayments negative), in fen.
_NET_PAID = (
    select(func.coalesce(func.sum(EntitlementPayment.amount), 0))
    .where(EntitlementPayment.entitlement_id == FulfilmentCase.entitlement_id)
    .correlate(FulfilmentCase)
    .scalar_subquery()
)
# What a drawing case holds on its pool, in SQL and in the column's own type (Money is stored in
# fen, read back in yuan): its amount; once 已追回, less what came back; under recovery, what is
# still out (money back in parts is back in the budget, and a recovery reopened after 已追回
# does not count again what came back before).
KEPT = type_coerce(
    sql_case(
        (
            FulfilmentCase.state == State.RECOVERED.value,
            FulfilmentCase.amount - func.coalesce(FulfilmentCase.recovery_amount, 0),
        ),
        (FulfilmentCase.state == State.RECOVERING.value, _NET_PAID),
        # Paid short: what went out and the rest still owed (closed, it is no longer held).
        (
            FulfilmentCase.state == State.PAID.value,
            FulfilmentCase.amount + func.coalesce(FulfilmentCase.unpaid, 0),
        ),
        else_=FulfilmentCase.amount,
    ),
    FulfilmentCase.amount.type,
)
ENTITY = "资金池"


def _administrator(actor: Actor) -> None:
    # The command line is the officer at the machine; on the web only a zone administrator.
    if actor.role is not None and actor.role != Role.ZONE.value:
        raise FulfilmentError("只有高新区管理员可以设置或调整资金池预算")


# Who owns a pool at each payer level: the case's field naming that body. A district-paid
# policy is the district's own (城关区 is coded as a zone, packs/chengguan-2024-doubling), so
# its pool is that zone's, as a zone-paid one is.
OWNER_FIELD = {"zone": "zone", "district": "zone", "province": "province", "city": "city"}
NATION = "全国"
# An administrator of one zone sets the pools its own zone pays; a province's or a city's
# budget is that government's, set at the register (the command line), never by a zone.
ZONE_PAID = frozenset({"zone", "district"})


def owner_of(case: FulfilmentCase) -> str | None:
    """The body that pays ``case``: its zone, province or city, or 全国."""
    if case.payer == "national":
        return NATION
    field = OWNER_FIELD.get(case.payer)
    value = getattr(case, field) if field else None
    return value if isinstance(value, str) and value else None


def members(key: str) -> list[str]:
    """The policies drawing on the pool ``key``: those ``fulfilment.yaml`` groups under it,
    and the policy of that id unless it is grouped elsewhere."""
    from techzone.fulfilment.config import handling

    config = handling()
    found = {policy for policy, own in config.policies.items() if (own.pool or policy) == key}
    if config.pool_key(key) == key:
        found.add(key)
    return sorted(found)


def _owned_by(payer: str, owner: str) -> ColumnElement[bool]:
    if payer == "national":
        return true()
    column = getattr(FulfilmentCase, OWNER_FIELD.get(payer, "zone"))
    condition: ColumnElement[bool] = column == owner
    return condition


def drawing(pool: FundPool) -> ColumnElement[bool]:
    """The cases a pool's budget answers for: its policies' cases of its payer, owner and award
    year holding money — whether approved before the pool was set or after."""
    return and_(
        FulfilmentCase.policy_id.in_(members(pool.key)),
        FulfilmentCase.payer == pool.payer,
        FulfilmentCase.year == pool.year,
        _owned_by(pool.payer, pool.owner),
        FulfilmentCase.state.in_([s.value for s in DRAWING]),
        FulfilmentCase.amount.is_not(None),
    )


def committed(session: Session, pool: FundPool, excluding: int | None = None) -> Decimal:
    """What approved cases hold on a pool (but ``excluding``, a case being decided again)."""
    query = select(func.sum(KEPT)).where(drawing(pool))
    if excluding is not None:
        query = query.where(FulfilmentCase.id != excluding)
    total = session.scalar(query)
    return Decimal(total or 0).quantize(Decimal("0.01"))


def _owner(session: Session, scope: Scope, payer: str, owner: str | None) -> str:
    """Whose pool is being set: a zone administrator's own zone; at the register, the body
    named, which must be one that pays (a zone, province or city some case or zone shows)."""
    label = LEVEL_LABELS[payer]
    if scope.zone is not None:
        if payer not in ZONE_PAID:
            raise FulfilmentError(
                f"{label}资金池由{label}财政设置，高新区管理员只能设置本区出资的资金池；未作修改"
            )
        if owner is not None and owner.strip() != scope.zone:
            raise FulfilmentError("只能设置本高新区的资金池；未作修改")
        return scope.zone
    if scope.role is not None or not scope == Scope.everything():
        raise FulfilmentError("只有高新区管理员（本区资金池）或在服务器上可以设置资金池")
    if payer == "national":
        return NATION
    named = (owner or "").strip()
    if not named:
        raise FulfilmentError(f"请注明出资单位（{label}：{_what(payer)}）")
    field = OWNER_FIELD[payer]
    zone_column = {"zone": Zone.code, "province": Zone.province, "city": Zone.city}[field]
    known = session.scalar(select(zone_column).where(zone_column == named).limit(1))
    if known is None:
        known = session.scalar(
            select(getattr(FulfilmentCase, field))
            .where(getattr(FulfilmentCase, field) == named)
            .limit(1)
        )
    if known is None:
        raise FulfilmentError(f"出资单位「{named}」不存在（{label}：{_what(payer)}）；未作修改")
    return named


def _what(payer: str) -> str:
    return {"zone": "高新区代码", "province": "省份名称", "city": "城市名称"}[
        OWNER_FIELD.get(payer, "zone")
    ]


def set_pool(
    session: Session,
    scope: Scope,
    actor: Actor,
    key: str,
    year: int,
    payer: str,
    budget: Decimal,
    *,
    owner: str | None = None,
    warn_percent: int = 90,
    reason: str | None = None,
    catalogue: Catalogue | None = None,
) -> FundPool:
    """Create a pool or change its budget; never below what its award year already holds.

    Only a pool some policy draws on (its key and payer, ``fulfilment.yaml``'s groups): one
    no approval reads would look set while approvals went on unchecked against it. The pool is
    its payer's: a zone administrator's own zone (zone- or district-paid), otherwise the
    province, city or 全国 named at the register (``owner``). Cases of its year approved
    before it was set count against it from the start.
    """
    from techzone.awards import ledger
    from techzone.awards.catalogue import load_catalogue
    from techzone.fulfilment.config import handling

    if not scope.writes:
        raise FulfilmentError("省级管理员只能查看，不能设置资金池")
    _administrator(actor)
    finite(budget, "预算")
    key = key.strip()
    if not key:
        raise FulfilmentError("请注明资金池对应的政策或政策组")
    payer_level(payer)
    catalogue = catalogue or load_catalogue()
    rules = handling()
    drawn = {
        (rules.pool_key(policy_id), entry.policy.payer)
        for policy_id, entry in catalogue.policies.items()
    }
    if (key, payer) not in drawn:
        # An officer knows a policy by its title; a group's name is its own.
        entry = catalogue.policies.get(key)
        named = entry.policy.title if entry else key
        raise FulfilmentError(
            f"没有政策从此资金池支出：「{named}」须为政策编号或兑现配置中的资金池组，"
            f"且由{LEVEL_LABELS[payer]}出资；未作修改"
        )
    if budget < 0 or budget != budget.quantize(Decimal("0.01")):
        raise FulfilmentError(f"预算「{budget}」须为不小于零、最多两位小数的元数")
    if not 1 <= warn_percent <= 100:
        raise FulfilmentError("预警比例须在1%到100%之间")
    owned = _owner(session, scope, payer, owner)
    # Approvals check the pool under the ledger's lock: a budget changed meanwhile waits.
    ledger.lock(session)
    pool = pool_for(session, key, year, payer, owned)
    before: dict[str, Any] | None = None
    if pool is None:
        pool = FundPool(
            key=key, year=year, payer=payer, owner=owned, budget=budget, warn_percent=warn_percent
        )
    else:
        before = {"budget": pool.budget, "warn_percent": pool.warn_percent}
    held = committed(session, pool)
    if budget < held:
        raise FulfilmentError(
            f"资金池{year}年度已承诺{money(held)}（含设立资金池前已审批的案件），"
            f"预算不能低于此数（{money(budget)}）；未作修改"
        )
    pool.budget, pool.warn_percent = budget, warn_percent
    pool.updated_at, pool.updated_by = now(), actor.name
    session.add(pool)
    session.flush()
    # The cases it answers for name it, so breakdowns and the case page show where they draw.
    session.execute(
        update(FulfilmentCase)
        .where(drawing(pool))
        .values(pool_id=pool.id)
        .execution_options(synchronize_session=False)
    )
    audit.record(
        session,
        actor,
        "pool.set",
        ENTITY,
        f"{key}|{year}|{payer}|{owned}",
        before=before,
        after={"budget": budget, "warn_percent": warn_percent, "committed": held},
        reason=reason,
        # A zone's (or district's) own pool is that zone's; a province's or city's is none's.
        zone=owned if OWNER_FIELD.get(payer) == "zone" else None,
    )
    return pool


def pool_for(session: Session, key: str, year: int, payer: str, owner: str) -> FundPool | None:
    return session.scalar(
        select(FundPool).where(
            FundPool.key == key,
            FundPool.year == year,
            FundPool.payer == payer,
            FundPool.owner == owner,
        )
    )


@dataclass(frozen=True)
class Draw:
    pool: FundPool | None
    warning: str | None


def draw(session: Session, case: FulfilmentCase, key: str) -> Draw:
    """Check that the case's amount fits its payer's pool for ``key`` in the case's award
    year (``case.year``, not the approval's day); refuse past its budget."""
    assert case.amount is not None
    year, payer, label = case.year, case.payer, LEVEL_LABELS.get(case.payer, case.payer)
    owner = owner_of(case)
    if owner is None:
        any_pool = session.scalar(
            select(FundPool.id)
            .where(FundPool.key == key, FundPool.year == year, FundPool.payer == payer)
            .limit(1)
        )
        if any_pool is not None:
            # Pools are set for this payer, but which one is this case's is unknown.
            raise FulfilmentError(
                f"案件 {case.id} 缺少出资单位（{label}），无法核对资金池，不能审批；请补齐所属地区"
            )
    pool = pool_for(session, key, year, payer, owner) if owner is not None else None
    if pool is None:
        unowned = pool_for(session, key, year, payer, "")
        if unowned is not None:
            # Set before pools had owners, for several payers at once: which budget this case
            # spends is unknown, so it is not guessed (nor skipped).
            raise FulfilmentError(
                f"{year}年度{label}资金池「{key}」未注明出资单位（升级前设置），"
                "须由管理员按出资单位重新设置后再审批"
            )
        return Draw(None, f"未设{year}年度{label}资金池，未核对预算")
    held = committed(session, pool, case.id)
    after = held + case.amount
    if after > pool.budget:
        raise FulfilmentError(
            f"资金池预算{money(pool.budget)}，已承诺{money(held)}，本案{money(case.amount)}，"
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
    owner: str
    budget: Decimal
    committed: Decimal
    paid: Decimal
    remaining: Decimal
    warning: bool


def status(session: Session, scope: Scope, year: int) -> list[PoolStatus]:
    """Budget vs committed vs paid for each pool of award year ``year`` the caller may see;
    committed and paid count only the cases ``scope`` may see (a park sees its own draw on a
    zone's pool, a zone its own draw on the province's)."""
    from techzone.fulfilment.cases import scoped

    query = select(FundPool).where(FundPool.year == year).order_by(FundPool.key, FundPool.payer)
    pools = list(session.scalars(query))
    if not _whole(scope):
        drawn = _drawn_by(session, scope, year)
        own = _own_owners(session, scope)
        pools = [p for p in pools if (p.key, p.payer, p.owner) in drawn or p.owner in own]
    found = []
    for pool in pools:
        held, paid = Decimal(0), Decimal(0)
        holding = scoped(select(FulfilmentCase, KEPT), scope).where(drawing(pool))
        for case, kept in session.execute(holding):
            held += kept
            if case.state in PAID_OUT:
                paid += _out(case, kept)
        found.append(
            PoolStatus(
                pool.key,
                pool.year,
                pool.payer,
                pool.owner,
                pool.budget,
                held,
                paid,
                pool.budget - held,
                held * 100 >= pool.budget * pool.warn_percent,
            )
        )
    return found


def _out(case: FulfilmentCase, kept: Decimal) -> Decimal:
    """What of a paid case's hold on its pool has left the treasury: not a rest still owed."""
    return kept - (case.unpaid or Decimal(0))


def _whole(scope: Scope) -> bool:
    return scope == Scope(role=scope.role)


def _own_owners(session: Session, scope: Scope) -> set[str]:
    """The owners whose pools a zone's or a province's officers read even before a case draws:
    their own zone, or their province, its cities and its zones."""
    if scope.uscc is not None:
        return set()
    if scope.zone is not None:
        return {scope.zone}
    if scope.province is not None:
        rows = session.execute(
            select(Zone.code, Zone.city).where(Zone.province == scope.province)
        ).all()
        return {scope.province} | {code for code, _ in rows} | {city for _, city in rows}
    return set()


def _drawn_by(session: Session, scope: Scope, year: int) -> set[tuple[str, str, str]]:
    """The pools (key, payer, owner) a restricted caller's cases of ``year`` draw on: a zone,
    park or province sees its own pools and the higher ones its cases draw on, no other zone's."""
    from techzone.fulfilment.cases import scoped
    from techzone.fulfilment.config import handling

    config = handling()
    found = set()
    for case in session.scalars(
        scoped(select(FulfilmentCase), scope).where(FulfilmentCase.year == year)
    ):
        owner = owner_of(case)
        if owner is not None:
            found.add((config.pool_key(case.policy_id), case.payer, owner))
    return found


BREAKDOWNS = {"policy": "政策", "payer": "出资层级", "park": "园区", "month": "月份"}


def breakdown(session: Session, scope: Scope, year: int, by: str) -> list[dict[str, Any]]:
    """Committed and paid on ``year``'s pools by policy, payer, park or month (of payment; of
    the last change while unpaid). Cases of a year and payer where no pool is set are not in it
    (a pool set later takes in those already approved)."""
    from techzone.fulfilment.cases import scoped

    if by not in BREAKDOWNS:
        raise FulfilmentError(f"只能按{'、'.join(BREAKDOWNS.values())}汇总")
    rows: dict[str, list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0)])
    query = (
        scoped(select(FulfilmentCase, KEPT), scope)
        .join(FundPool, FundPool.id == FulfilmentCase.pool_id)
        .where(FundPool.year == year, FulfilmentCase.state.in_([s.value for s in DRAWING]))
    )
    for case, kept in session.execute(query):
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
        rows[group][0] += kept
        if case.state in PAID_OUT:
            rows[group][1] += _out(case, kept)
    return [
        {"group": group, "committed": held, "paid": paid}
        for group, (held, paid) in sorted(rows.items())
    ]
