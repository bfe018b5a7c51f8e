"""Cases from the ledger's entitlements, their history, and the scoped reads of them.

``sync_cases`` runs the awards engine exactly as ``awards --record`` does (same records, same
caps counting what the ledger holds), records the run in the ledger, and makes one case per
entitlement id from what the ledger then holds. Running it again changes nothing. A changed
amount before approval updates the case (with a history row); from approval on the case keeps
its approved amount and the ledger's adjustment is noted — a case whose approved amount no longer
fits is held, a paid one whose entitlement now owes money back goes to recovery.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar, cast

import polars as pl
from sqlalchemy import (
    ColumnElement,
    CursorResult,
    Select,
    and_,
    false,
    func,
    or_,
    select,
    true,
    update,
)
from sqlalchemy.orm import Session

from techzone import audit
from techzone.access import Role, Scope
from techzone.audit import Actor
from techzone.awards import ledger
from techzone.awards.catalogue import Catalogue, CataloguedPolicy
from techzone.fulfilment.clock import now
from techzone.fulfilment.config import Handling, handling
from techzone.fulfilment.errors import FulfilmentError
from techzone.fulfilment.states import COMMITTED, OPEN, State, legal
from techzone.fulfilment.text import money
from techzone.fulfilment.workdays import WorkCalendar, work_calendar
from techzone.model import (
    CaseHistory,
    Entitlement,
    EntitlementPayment,
    EntitlementVersion,
    FulfilmentCase,
    Park,
    Zone,
)
from techzone.rules.frame import Records

ENTITY = "政策兑现案件"
# Only money a government pays becomes a case: not tax reliefs (减免) or rights, not clauses
# without a number.
PAID_KINDS = frozenset({"奖补"})
UNPAYABLE_AMOUNTS = frozenset({"none", "estimate"})
MAX_ROW_ID = 2**63 - 1
RECOMPUTED_HOLD = "重新测算后已批金额不在应享范围内，暂缓，待复核"


Query = TypeVar("Query", bound=Select[*tuple[Any, ...]])


def scoped(query: Query, scope: Scope) -> Query:
    """``query`` over cases restricted to what ``scope`` may read."""
    if scope.province is not None:
        query = query.where(FulfilmentCase.province == scope.province)
    if scope.zone is not None:
        query = query.where(FulfilmentCase.zone == scope.zone)
    if scope.park is not None:
        query = query.where(FulfilmentCase.park_code == scope.park)
    if scope.uscc is not None:
        query = query.where(FulfilmentCase.uscc == scope.uscc)
    if scope.unit is not None or scope.role is Role.UNIT:
        query = query.where(reached_unit_step(scope.unit))
    return query


# From approval on, every case has passed each step of its chain (the last one commits the money).
_PAST_REVIEW = frozenset({*COMMITTED, State.RECOVERING, State.RECOVERED} - {State.IN_REVIEW})


def reached_unit_step(unit: str | None) -> ColumnElement[bool]:
    """Cases assigned to the 责任单位 ``unit`` (issue #14: "the applications and tasks assigned
    to them"): those whose review chain has a step the unit does for the case's zone
    (``fulfilment.yaml``'s ``units``) and that have reached it — waiting at it or a later step,
    refused there, or approved and beyond. Not the zone's other cases, nor another unit's."""
    if unit is None:
        return false()
    config = handling()

    def reached(index: int) -> ColumnElement[bool]:
        return or_(
            FulfilmentCase.state.in_([s.value for s in _PAST_REVIEW]),
            and_(
                FulfilmentCase.state.in_([State.IN_REVIEW.value, State.REJECTED.value]),
                FulfilmentCase.step >= index,
            ),
        )

    listed = list(config.policies)
    found: list[ColumnElement[bool]] = []
    for chain, steps in config.chains.items():
        policies = [p for p, own in config.policies.items() if own.chain == chain]
        if chain == "default":
            covers: ColumnElement[bool] | None = or_(
                FulfilmentCase.policy_id.in_(policies) if policies else false(),
                FulfilmentCase.policy_id.not_in(listed) if listed else true(),
            )
        else:
            covers = FulfilmentCase.policy_id.in_(policies) if policies else None
        if covers is None:
            continue
        for index, step in enumerate(steps):
            zones = sorted(zone for zone, name in step.units.items() if name == unit)
            if step.role is Role.UNIT and zones:
                found.append(and_(covers, FulfilmentCase.zone.in_(zones), reached(index)))
    return or_(*found) if found else false()


def get_case(
    session: Session, scope: Scope, case_id: int, *, fresh: bool = False
) -> FulfilmentCase:
    """One case by its number, if ``scope`` may see it; otherwise it is simply not found
    (``fresh``: read again from the database even if this session already holds it)."""
    # A number no row id can be (typed at the command line) is not found, not sent to a driver
    # that cannot bind it.
    query = scoped(select(FulfilmentCase), scope).where(FulfilmentCase.id == case_id)
    if fresh:
        query = query.execution_options(populate_existing=True)
    found = session.scalar(query) if 1 <= case_id <= MAX_ROW_ID else None
    if found is None:
        raise FulfilmentError(f"没有编号为 {case_id} 的兑现案件（或不在您的权限范围内）")
    return found


def locked_case(session: Session, scope: Scope, case_id: int) -> FulfilmentCase:
    """The case, read once this transaction holds the ledger (``ledger.lock``), for an act on
    its money: what it checks (its state, what was paid or repaid, other cases under a cap or
    a pool) is then what another officer acting at the same moment committed, never a copy
    read while they were still deciding — nor the one a page read before calling. Locking
    first also keeps the order every money path takes (ledger, then the case's row): taken the
    other way round beside a ``cases sync``, PostgreSQL finds a deadlock and fails one."""
    ledger.lock(session)
    return get_case(session, scope, case_id, fresh=True)


def writable(scope: Scope) -> None:
    if not scope.writes:
        raise FulfilmentError("省级管理员只能查看，不能办理兑现案件")


def officer(scope: Scope, actor: Actor) -> None:
    """Officers' work (review, 公示, payment, recovery): never an enterprise's own account."""
    writable(scope)
    if actor.role == Role.ENTERPRISE.value or scope.role is Role.ENTERPRISE:
        raise FulfilmentError("企业用户不能办理此事项")


def _json(detail: Mapping[str, Any]) -> dict[str, Any]:
    # Dates and exact amounts as text: the history row is JSON.
    loaded: dict[str, Any] = json.loads(json.dumps(dict(detail), default=str, ensure_ascii=False))
    return loaded


def snapshot(case: FulfilmentCase) -> dict[str, Any]:
    return {
        "state": case.state,
        "step": case.step,
        "amount": case.amount,
        "amount_min": case.amount_min,
        "amount_max": case.amount_max,
        "hold_reason": case.hold_reason,
        "unpaid": case.unpaid,
        "topup": case.topup,
    }


def note(
    session: Session,
    case: FulfilmentCase,
    actor: Actor,
    action: str,
    text: str | None,
    detail: Mapping[str, Any] | None = None,
    before: Mapping[str, Any] | None = None,
    start: str | None = None,
) -> None:
    """A history row and its audit row, both in the caller's transaction."""
    session.flush()  # a new case needs its number before its history can name it
    session.add(
        CaseHistory(
            case_id=case.id,
            at=now(),
            actor=actor.name,
            action=action,
            from_state=(start or None) if start is not None else case.state,
            to_state=case.state,
            note=text[:500] if text else None,
            detail=_json(detail) if detail else None,
        )
    )
    audit.record(
        session,
        actor,
        f"case.{action}",
        ENTITY,
        str(case.id),
        before=before,
        after=snapshot(case),
        reason=text,
        zone=case.zone,
    )


def move(
    session: Session,
    case: FulfilmentCase,
    end: State,
    actor: Actor,
    action: str,
    text: str | None = None,
    detail: Mapping[str, Any] | None = None,
    *,
    before: Mapping[str, Any] | None = None,
) -> None:
    """Change a case's state, refusing any move ``states.MOVES`` does not list (``before``:
    the case as it was, when the caller changed it ahead of the move)."""
    start = State(case.state)
    if not legal(start, end):
        raise FulfilmentError(f"案件 {case.id} 当前为「{start.label}」，不能转为「{end.label}」")
    before = dict(before) if before is not None else snapshot(case)
    # Only if the case is still where this session read it: two officers acting at once (two
    # exports, two payments) must not both move it — the second is refused, not applied again.
    at = now()
    moved = cast(
        "CursorResult[Any]",
        session.execute(
            update(FulfilmentCase)
            .where(FulfilmentCase.id == case.id, FulfilmentCase.state == start.value)
            .values(state=end.value, updated_at=at)
            .execution_options(synchronize_session=False)
        ),
    )
    if moved.rowcount != 1:
        raise FulfilmentError(
            f"案件 {case.id} 已由他人办理（不再是「{start.label}」），请刷新后重试；未作修改"
        )
    case.state = end.value
    case.updated_at = at
    note(session, case, actor, action, text, detail, before=before, start=start.value)


def history(session: Session, scope: Scope, case_id: int) -> list[CaseHistory]:
    case = get_case(session, scope, case_id)
    return list(
        session.scalars(
            select(CaseHistory).where(CaseHistory.case_id == case.id).order_by(CaseHistory.id)
        )
    )


def list_cases(
    session: Session,
    scope: Scope,
    *,
    state: str | None = None,
    policy: str | None = None,
    year: int | None = None,
    limit: int = 500,
    offset: int = 0,
) -> list[FulfilmentCase]:
    query = scoped(select(FulfilmentCase), scope)
    if state is not None:
        query = query.where(FulfilmentCase.state == state)
    if policy is not None:
        query = query.where(FulfilmentCase.policy_id == policy)
    if year is not None:
        query = query.where(FulfilmentCase.year == year)
    return list(session.scalars(query.order_by(FulfilmentCase.id).limit(limit).offset(offset)))


def classify(
    entry: CataloguedPolicy,
    status: str,
    low: Decimal | None,
    high: Decimal | None,
    rules: Handling,
) -> tuple[str, str]:
    """免申即享 (auto) or 申报 (apply), and why.

    免申即享 only when every condition was decided from records already held (the engine says
    符合, not 待定), the amount is one figure (not 最高…, not a range), and the zone lists no
    materials for the policy.
    """
    materials = rules.handling(entry.id).materials
    if status != "eligible":
        return "apply", "条件待定：部分条件缺少数据，须补齐数据并重新匹配后方可审批"
    if materials:
        return "apply", f"须提交材料：{'、'.join(materials)}"
    if low is None or high is None or low != high:
        return "apply", f"金额为「{entry.policy.amount.text}」，须在审核时于应享范围内确定"
    return "auto", f"条件均由已有数据判定，金额确定为{money(high)}（{entry.policy.amount.text}）"


@dataclass(frozen=True)
class Synced:
    created: int
    changed: int
    unchanged: int
    skipped: int
    revoked: int
    ledger: str
    # Held (or a follow-up cancelled) while money paid on the same award is owed back; told so
    # while with the finance office.
    owed: int = 0
    owed_in_batch: int = 0

    def message(self) -> str:
        recovered = f"；{self.revoked}件因资格撤销转追回或暂缓" if self.revoked else ""
        owed = (
            f"；{self.owed}件因同一奖补已付资金尚待追回而暂缓支付（或取消补拨），追回后复核"
            if self.owed
            else ""
        )
        if self.owed_in_batch:
            owed += (
                f"；{self.owed_in_batch}件已列入支付批次的案件同一奖补已付资金尚待追回，"
                "财政尚未支付的请撤出支付批次"
            )
        return (
            f"{self.ledger}。兑现案件：新建{self.created}件，变更{self.changed}件，"
            f"未变{self.unchanged}件（{self.skipped}条应享非资金兑现、无金额或为零，不建案件）"
            f"{recovered}{owed}"
        )


def _records(session: Session, scope: Scope) -> Records:
    from techzone.rules.records import UnknownEnterprise, UnknownZone, read_records

    try:
        return read_records(session, zone=scope.zone, uscc=scope.uscc)
    except (UnknownZone, UnknownEnterprise) as error:
        raise FulfilmentError(str(error)) from error


def _in_scope(
    enterprises: pl.DataFrame, scope: Scope, park_codes: Mapping[tuple[str, str], str]
) -> list[dict[str, Any]]:
    rows = []
    for row in enterprises.iter_rows(named=True):
        code = park_codes.get((row.get("zone_code") or "", row.get("park") or ""))
        if scope.park is not None and code != scope.park:
            continue
        if scope.province is not None and row.get("province") != scope.province:
            continue
        rows.append({**row, "park_code": code})
    return rows


def current_version(
    session: Session, case: FulfilmentCase
) -> tuple[Entitlement, EntitlementVersion]:
    """The case's ledger entitlement and the version it stands at now."""
    head = session.get(Entitlement, case.entitlement_id)
    assert head is not None
    newest = session.scalar(
        select(EntitlementVersion).where(
            EntitlementVersion.entitlement_id == head.id,
            EntitlementVersion.version == head.version,
        )
    )
    assert newest is not None
    return head, newest


def _newest(session: Session, keys: list[str]) -> dict[str, EntitlementVersion]:
    if not keys:
        return {}
    query = select(EntitlementVersion).join(
        Entitlement,
        (Entitlement.id == EntitlementVersion.entitlement_id)
        & (Entitlement.version == EntitlementVersion.version),
    )
    found: dict[str, EntitlementVersion] = {}
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        for version in session.scalars(query.where(Entitlement.id.in_(chunk))):
            found[version.entitlement_id] = version
    return found


def paid_totals(session: Session, keys: list[str]) -> dict[str, tuple[Decimal, date]]:
    """Net money paid per entitlement (recoveries negative) and the last payment's date."""
    found: dict[str, tuple[Decimal, date]] = {}
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        query = (
            select(
                EntitlementPayment.entitlement_id,
                func.sum(EntitlementPayment.amount),
                func.max(EntitlementPayment.paid_on),
            )
            .where(EntitlementPayment.entitlement_id.in_(chunk))
            .group_by(EntitlementPayment.entitlement_id)
        )
        for key, total, last in session.execute(query):
            found[key] = (Decimal(total).quantize(Decimal("0.01")), last)
    return found


# Approved and not yet paid: what matching holds when its policy has left the catalogue.
_UNPAID_COMMITTED = COMMITTED - {State.PAID}


def sync_cases(
    session: Session,
    scope: Scope,
    as_of: date,
    actor: Actor,
    *,
    year: int | None = None,
    catalogue: Catalogue | None = None,
    records: Records | None = None,
) -> Synced:
    """Match: the year's entitlements (``year``, default ``as_of``'s) recorded in the ledger as
    ``awards --record`` records them, then one case per entitlement in ``scope``.

    ``records`` replaces reading the store (tests, a profile); the ledger is written either way.
    """
    from techzone.awards.calculate import Settings, entitlements
    from techzone.awards.catalogue import load_catalogue

    officer(scope, actor)
    year = as_of.year if year is None else year
    catalogue = catalogue or load_catalogue()
    rules = handling()
    calendar = work_calendar(session)
    ledger.lock(session)
    records = _records(session, scope) if records is None else records
    park_codes = {
        (zone, name): code
        for zone, name, code in session.execute(
            select(Zone.code, Park.name, Park.code).join(Park, Park.zone_id == Zone.id)
        )
    }
    enterprises = {row["uscc"]: row for row in _in_scope(records.enterprises, scope, park_codes)}
    found = entitlements(catalogue, records, year, Settings(), recorded=ledger.recorded(session))
    found = found.filter(pl.col("uscc").is_in(list(enterprises)))
    try:
        recorded = ledger.record(
            session, found, year, list(enterprises), actor.name, "政策兑现匹配"
        )
    except ledger.LedgerError as error:
        raise FulfilmentError(str(error)) from error
    heads = list(
        session.scalars(
            select(Entitlement)
            .where(Entitlement.year == year, Entitlement.uscc.in_(list(enterprises)))
            .order_by(Entitlement.id)
        )
    )
    keys = [head.id for head in heads]
    newest = _newest(session, keys)
    paid = paid_totals(session, keys)
    cases = {
        case.entitlement_id: case
        for start in range(0, len(keys), 500)
        for case in session.scalars(
            select(FulfilmentCase).where(
                FulfilmentCase.entitlement_id.in_(keys[start : start + 500])
            )
        )
    }
    counts = {"created": 0, "changed": 0, "unchanged": 0, "skipped": 0}
    for head in heads:
        entry = catalogue.policies.get(head.policy_id)
        case = cases.get(head.id)
        if entry is None and case is not None and State(case.state) in _UNPAID_COMMITTED | OPEN:
            # Its policy has left the catalogue (a pack revised): the ledger's run above withdrew
            # the entitlement. An approved case is checked against the ledger's amounts alone, as
            # a batch checks it (``bring_up_to_date``), so the list no longer shows it as about
            # to be paid; one not yet approved is withdrawn, as for any withdrawn entitlement,
            # rather than left asking the enterprise to consent to a policy no longer listed. A
            # paid one is left as it is: a catalogue edit is no finding that the enterprise was
            # paid wrongly, and would otherwise ask all its money back.
            if case.ledger_version == head.version or (
                State(case.state) in OPEN and newest[head.id].status != "withdrawn"
            ):
                counts["unchanged"] += 1
            else:
                _recomputed(session, case, None, newest[head.id], paid.get(head.id), actor, rules)
                counts["changed"] += 1
            continue
        if (
            entry is None
            or entry.policy.kind not in PAID_KINDS
            or entry.policy.amount.kind in UNPAYABLE_AMOUNTS
        ):
            counts["skipped"] += 1
            continue
        version = newest[head.id]
        if case is None:
            if version.status == "withdrawn" or version.amount_max == 0:
                # Nothing to pay: no longer arising, or stacked away / its cap already used.
                counts["unchanged" if version.status == "withdrawn" else "skipped"] += 1
                continue
            _create(
                session,
                entry,
                head,
                version,
                enterprises[head.uscc],
                paid,
                as_of,
                actor,
                rules,
                calendar,
            )
            counts["created"] += 1
        elif case.ledger_version == head.version:
            counts["unchanged"] += 1
        else:
            _recomputed(session, case, entry, version, paid.get(head.id), actor, rules)
            counts["changed"] += 1
    _flag_doubles(session, heads, _doubled(records.events), actor)
    from techzone.fulfilment.recovery import revoked

    acted = revoked(session, scope, actor, records.qualifications)
    owed, owed_in_batch = _hold_owed_back(session, scope, list(enterprises), actor, catalogue)
    # A deadline left open for want of its year's holidays, entered since by another office.
    from techzone.fulfilment.holidays import settle_deadlines

    settle_deadlines(session, scope, actor)
    return Synced(
        **counts,
        revoked=acted,
        ledger=recorded.message(),
        owed=owed,
        owed_in_batch=owed_in_batch,
    )


def _hold_owed_back(
    session: Session, scope: Scope, usccs: list[str], actor: Actor, catalogue: Catalogue
) -> tuple[int, int]:
    """Hold the approved cases, not yet paid, of an award on which money paid is now owed back
    (``review.hold_owed_back``): their own entitlement may not have moved at all. Those with the
    finance office are told (``review.warn_owed_back_in_batch``). Returns how many of each."""
    from techzone.fulfilment import review  # it builds on this module

    owing = sorted(review.owing(session, set(usccs)))
    if not owing:
        return 0, 0
    waiting = [s.value for s in review.UNPAID] + [State.PAID.value, State.IN_BATCH.value]
    found = [
        case
        for start in range(0, len(owing), 500)
        for case in session.scalars(
            scoped(select(FulfilmentCase), scope)
            .where(
                FulfilmentCase.uscc.in_(owing[start : start + 500]),
                FulfilmentCase.state.in_(waiting),
            )
            .order_by(FulfilmentCase.id)
        )
    ]
    held = review.hold_owed_back(session, found, actor, catalogue)
    return len(held), review.warn_owed_back_in_batch(session, found, actor, catalogue)


def bring_up_to_date(
    session: Session,
    cases: list[FulfilmentCase],
    actor: Actor,
    catalogue: Catalogue,
    *,
    recovers: bool = True,
) -> list[FulfilmentCase]:
    """The cases whose ledger entitlement was recomputed since they were last matched (by
    ``awards --record``, or another office's matching out of this scope), taken to its newest
    version exactly as matching takes them (held when the approved amount no longer fits, a
    waiting follow-up cancelled); returns those taken. ``recovers=False``: a paid case found
    paid beyond its newest computation is not put under recovery (see ``_recomputed``)."""
    newest = _newest(session, [case.entitlement_id for case in cases])
    # An open case is classified by its policy; an approved one is checked against the ledger's
    # amounts alone, so one whose policy has left the catalogue (its entitlement then withdrawn
    # by the ledger's next run) is held all the same rather than paid as approved.
    moved = [
        case
        for case in cases
        if case.entitlement_id in newest
        and newest[case.entitlement_id].version != case.ledger_version
        and (case.policy_id in catalogue.policies or State(case.state) not in OPEN)
    ]
    if not moved:
        return []
    paid = paid_totals(session, [case.entitlement_id for case in moved])
    rules = handling()
    for case in moved:
        version = newest[case.entitlement_id]
        entry = catalogue.policies.get(case.policy_id)
        _recomputed(
            session,
            case,
            entry,
            version,
            paid.get(case.entitlement_id),
            actor,
            rules,
            # A policy gone from the catalogue stops a waiting follow-up, but a catalogue edit is
            # no finding that the money paid was wrong: asking it back is the officer's call.
            recovers=recovers and entry is not None,
        )
    return moved


DOUBLED = "suspected_duplicate"


def _doubled(events: pl.DataFrame) -> dict[str, list[str]]:
    """Per event trigger, the other 事件编号 of its enterprise with the same kind, day and amount.

    An event typed in twice under two numbers is two triggers, and an award without a cap per
    enterprise would pay both. Two real deals can share a day and an amount, and no document
    says they cannot, so this only tells the reviewers (``review.approve``); it refuses nothing.
    """
    if events.is_empty():
        return {}
    twins = (
        events.select("uscc", "ref", "kind", "occurred_on", "amount")
        .filter(pl.len().over("uscc", "kind", "occurred_on", "amount") > 1)
        .group_by("uscc", "kind", "occurred_on", "amount")
        .agg(pl.col("ref").sort())
    )
    found: dict[str, list[str]] = {}
    for row in twins.iter_rows(named=True):
        for ref in row["ref"]:
            others = [other for other in row["ref"] if other != ref]
            found[f"event:{row['uscc']}:{ref}"] = others
    return found


def _flag_doubles(
    session: Session, heads: list[Entitlement], doubled: Mapping[str, list[str]], actor: Actor
) -> None:
    """Note on each case not yet approved whose event has a twin (once per set of twins)."""
    twins = {head.id: doubled[head.trigger_id] for head in heads if head.trigger_id in doubled}
    if not twins:
        return
    query = select(FulfilmentCase).where(
        FulfilmentCase.entitlement_id.in_(list(twins)),
        FulfilmentCase.state.in_([s.value for s in OPEN]),
    )
    for case in session.scalars(query):
        refs = twins[case.entitlement_id]
        noted = session.scalars(
            select(CaseHistory.detail).where(
                CaseHistory.case_id == case.id, CaseHistory.action == DOUBLED
            )
        )
        if any((detail or {}).get("refs") == refs for detail in noted):
            continue
        listed = "、".join(f"「{ref}」" for ref in refs)
        note(
            session,
            case,
            actor,
            DOUBLED,
            f"疑似重复录入：本企业另有事件编号{listed}与本事件类型、日期、金额均相同，"
            "请核实是否同一事件以不同编号重复录入；如属重复，请不予支持",
            {"refs": refs},
        )


def doubled_note(session: Session, case: FulfilmentCase) -> str | None:
    """The newest suspected-duplicate note on the case, for its reviewers."""
    return session.scalar(
        select(CaseHistory.note)
        .where(CaseHistory.case_id == case.id, CaseHistory.action == DOUBLED)
        .order_by(CaseHistory.id.desc())
        .limit(1)
    )


def _create(
    session: Session,
    entry: CataloguedPolicy,
    head: Entitlement,
    version: EntitlementVersion,
    enterprise: Mapping[str, Any],
    paid: Mapping[str, tuple[Decimal, date]],
    as_of: date,
    actor: Actor,
    rules: Handling,
    calendar: WorkCalendar,
) -> FulfilmentCase:
    from techzone.fulfilment import notify

    track, reason = classify(entry, version.status, version.amount_min, version.amount_max, rules)
    case = FulfilmentCase(
        entitlement_id=head.id,
        policy_id=head.policy_id,
        uscc=head.uscc,
        name=enterprise.get("name") or head.uscc,
        province=enterprise.get("province"),
        city=enterprise.get("city"),
        zone=enterprise.get("zone_code"),
        park=enterprise.get("park"),
        park_code=enterprise.get("park_code"),
        payer=entry.policy.payer,
        year=head.year,
        track=track,
        track_reason=reason,
        state=State.PENDING.value,
        step=0,
        amount_min=version.amount_min,
        amount_max=version.amount_max,
        ledger_version=head.version,
        consent=False,
        entitled_on=as_of,
        updated_at=now(),
    )
    given = paid.get(head.id)
    if given is not None:
        # Paid through the ledger before fulfilment existed: the case starts where the money is.
        case.state, case.amount = State.PAID.value, given[0]
        case.paid_on = given[1]
        session.add(case)
        note(
            session,
            case,
            actor,
            "matched",
            f"匹配建案；台账已有支付记录（{money(given[0])}）",
            start="",
        )
        return case
    pending = ""
    try:
        case.deadline = calendar.add_working_days(as_of, rules.confirm_working_days)
    except FulfilmentError:
        # The holiday arrangement of the deadline's year is not published yet: no guessed date.
        pending = "；办理期限待下一年度法定节假日安排公布后确定"
    session.add(case)
    note(session, case, actor, "matched", f"匹配建案：{reason}{pending}", start="")
    notify.case_matched(session, case, entry)
    return case


def _recomputed(
    session: Session,
    case: FulfilmentCase,
    entry: CataloguedPolicy | None,
    version: EntitlementVersion,
    paid: tuple[Decimal, date] | None,
    actor: Actor,
    rules: Handling,
    *,
    recovers: bool = True,
) -> None:
    state = State(case.state)
    before = snapshot(case)
    why = f"台账第{version.version}版：{version.reason}"
    matched = case.ledger_version
    case.ledger_version = version.version
    case.updated_at = now()
    if state in OPEN:
        if version.status == "withdrawn" or version.amount_max == 0:
            move(session, case, State.WITHDRAWN, actor, "withdrawn", why)
            return
        case.amount_min, case.amount_max = version.amount_min, version.amount_max
        assert entry is not None  # an open case is taken along only with its policy
        case.track, case.track_reason = classify(
            entry, version.status, version.amount_min, version.amount_max, rules
        )
        if case.amount is not None and not _within(case.amount, case.amount_min, case.amount_max):
            case.amount, case.amount_reason = None, None
        note(session, case, actor, "recomputed", why, before=before)
        return
    if state is State.IN_BATCH:
        # The sheet is with the finance office: the payment it records is settled against this
        # version afterwards (an excess paid goes to recovery); matching goes on meanwhile.
        note(session, case, actor, "recomputed", why + "（支付中，支付登记后按台账结算）")
        return
    if state in COMMITTED and state is not State.PAID:
        fits = version.status == "eligible" and _within(
            case.amount, version.amount_min, version.amount_max
        )
        if not fits and state is not State.ON_HOLD:
            case.hold_reason = RECOMPUTED_HOLD
            move(session, case, State.ON_HOLD, actor, "held", why)
            return
        if not fits:
            # Held already (an objection): the hold now also waits for the amount to be fixed
            # again, so dismissing the objection alone cannot send the old amount to payment.
            case.hold_reason = RECOMPUTED_HOLD
            note(session, case, actor, "held", why + "（已批金额不在应享范围内）", before=before)
            return
        note(session, case, actor, "recomputed", why + "（已批金额不变）", before=before)
        return
    if state is State.PAID and case.topup is not None and case.batch_id is not None:
        # A follow-up of its rest (补拨) is with the finance office: as a case in a batch, it is
        # settled against this version once recorded (an excess paid goes to recovery then).
        note(session, case, actor, "recomputed", why + "（补拨支付中，支付登记后按台账结算）")
        return
    if state is State.PAID and version.adjustment is not None and version.adjustment < 0:
        if not recovers:
            # Asking money back is the zone administrator's; a park officer's export only keeps
            # the follow-up from going out. The version is left unmatched: the next matching
            # opens the recovery, as it would have without the export.
            case.ledger_version = matched
            waiting, case.topup = case.topup, None
            cancelled = f"待列入支付批次的补拨{money(waiting)}已取消；" if waiting else ""
            note(
                session,
                case,
                actor,
                "recomputed",
                f"{why}（已付超出最新测算的应享{money(-version.adjustment)}：{cancelled}"
                "追回由高新区管理员启动）",
                before=before,
            )
            return
        from techzone.fulfilment import recovery  # it builds on this module

        # As a recovery opened by hand: the enterprise is told what it must pay back.
        recovery.start(
            session, case, actor, -version.adjustment, f"重新测算后应享少于已付（{why}）"
        )
        return
    if state is State.PAID and case.topup is not None:
        # A follow-up (补拨) waiting for a batch that the newest computation no longer allows on
        # top of what was paid: it is not sent; the rest stays owed for the officer to decide.
        given = paid[0] if paid else Decimal(0)
        allowed = version.status == "eligible" and (
            version.amount_max is None or given + case.topup <= version.amount_max
        )
        if not allowed:
            waiting = case.topup
            case.topup = None
            note(
                session,
                case,
                actor,
                "recomputed",
                f"{why}（待列入支付批次的补拨{money(waiting)}超出最新测算的应享，已取消；"
                f"未付余额{money(case.unpaid)}仍待补拨或不再拨付）",
                before=before,
            )
            return
    if (
        state in (State.RECOVERING, State.RECOVERED)
        and version.adjustment is not None
        and version.adjustment < 0
    ):
        # What came back so far, and what the newest computation still finds paid beyond what it
        # allows: asked for less, the case would end 已追回 with that money still out. A case
        # 已追回 lowered below what it kept is reopened the same way.
        returned = (case.amount or Decimal(0)) - (paid[0] if paid else Decimal(0))
        due = returned - version.adjustment
        if case.recovery_amount is None or due > case.recovery_amount:
            from techzone.fulfilment import recovery  # it builds on this module

            recovery.grow(
                session, case, actor, due, f"重新测算后应享进一步减少（{why}）", before=before
            )
            return
    note(session, case, actor, "recomputed", why + "（案件不变）", before=before)


def _within(amount: Decimal | None, low: Decimal | None, high: Decimal | None) -> bool:
    if amount is None:
        return False
    return (low is None or amount >= low) and (high is None or amount <= high)
