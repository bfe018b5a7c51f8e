"""The payout ledger: recorded entitlements that keep their history (``docs/ledger.md``).

Recording a run compares each entitlement with its newest recorded version: the same → nothing
is written; different → a new version with who, when and why, the old one kept; no longer
arising → marked withdrawn, never deleted. Once money is paid the paid figures are never
altered: a later difference becomes an adjustment to settle (pay the rest or recover the excess).
A run that fails writes nothing — the caller's transaction holds every write.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import polars as pl
from sqlalchemy import func, insert, select, text, update
from sqlalchemy.orm import Session

from techzone.awards.calculate import RECORDED_SCHEMA
from techzone.fulfilment import clock
from techzone.fulfilment.states import State
from techzone.glossary import yuan
from techzone.model import Entitlement, EntitlementPayment, EntitlementVersion, FulfilmentCase
from techzone.model.base import CENT

# What a recomputation is compared on: anything else is identity and cannot change.
COMPARED = (
    "status",
    "amount_min",
    "amount_max",
    "planned",
    "stacking_note",
    "limit_key",
    "cap_note",
)
LABELS = {
    "status": "状态",
    "amount_min": "下限",
    "amount_max": "上限",
    "planned": "规划额",
    "stacking_note": "叠加说明",
    "limit_key": "上限归属",
    "cap_note": "上限核减",
}
STATUS_LABELS = {"eligible": "符合", "unknown": "待定", "withdrawn": "已撤销"}
CHANGE_LABELS = {"new": "新增", "changed": "变更", "withdrawn": "撤销", "adjustment": "支付后调整"}
# One lock for every recording run: two at once would each think a version number free.
LOCK_KEY = 0x7A_4C_45_44


class LedgerError(ValueError):
    """A request the ledger refuses, in words an officer can act on; nothing was written."""


@dataclass(frozen=True)
class Recorded:
    """What one recording run did."""

    year: int
    new: int
    changed: int
    unchanged: int
    withdrawn: int
    adjustments: int
    held: int

    def message(self) -> str:
        settled = f"（其中{self.adjustments}条已支付，转为待结算调整）" if self.adjustments else ""
        return (
            f"已记入奖补台账（{self.year}年）：新增{self.new}条，变更{self.changed}条，"
            f"未变{self.unchanged}条，撤销{self.withdrawn}条{settled}；"
            f"本年度台账现有{self.held}条"
        )


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def lock(session: Session) -> None:
    """Hold the ledger for this transaction: a second recording run waits until it ends."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEY})
    else:
        # SQLite locks the whole file on the first write; a write that changes nothing takes
        # it before anything is read, so a second run reads only what the first committed.
        session.execute(
            update(Entitlement).where(Entitlement.year < 0).values(year=Entitlement.year)
        )


def _values(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "status": row["status"],
        "amount_min": yuan(row["amount_min"]),
        "amount_max": yuan(row["amount_max"]),
        "planned": yuan(row["planned"]),
        "stacking_note": row["stacking_note"],
        "limit_key": row.get("limit_key"),
        "cap_note": row.get("cap_note"),
    }


def _described(old: dict[str, Any] | None, new: dict[str, Any]) -> str:
    if old is None:
        return "首次记入"
    parts = []
    for name in COMPARED:
        before, after = old[name], new[name]
        if before != after:
            if name == "status":
                before, after = STATUS_LABELS.get(before, before), STATUS_LABELS.get(after, after)
            parts.append(f"{LABELS[name]} {_shown(before)} → {_shown(after)}")
    return "重新测算：" + "；".join(parts)


def _shown(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, Decimal):
        return f"{value:,.2f}元"
    return str(value)


def settlement(paid: Decimal, values: dict[str, Any]) -> Decimal | None:
    """What a paid entitlement still needs once computed as ``values``: positive to pay,
    negative to recover, zero if the payment lies within the amount; None if undecidable."""
    if values["status"] == "withdrawn":
        return -paid
    low: Decimal | None = values["amount_min"]
    high: Decimal | None = values["amount_max"]
    if values["status"] != "eligible" or (low is None and high is None):
        return None
    if low is not None and paid < low:
        return low - paid
    if high is not None and paid > high:
        return high - paid
    return Decimal("0.00")


# The widths of the ledger's text columns: a longer entry is refused, not cut or crashed on.
WIDTHS = {"记录人": 100, "原因": 200, "凭证号": 100, "备注": 300}


def _fits(label: str, value: str | None) -> None:
    if value is not None and len(value.strip()) > WIDTHS[label]:
        raise LedgerError(f"{label}过长：最多{WIDTHS[label]}个字符；未写入任何内容")


def _check(found: pl.DataFrame, year: int, by: str, reason: str | None) -> None:
    if not by.strip():
        raise LedgerError("请注明记录人（--by）")
    _fits("记录人", by)
    _fits("原因", reason)
    duplicated = found.filter(pl.col("entitlement_id").is_duplicated())["entitlement_id"]
    if duplicated.len():
        raise LedgerError(f"同一应享编号在本次测算中出现多次：{duplicated[0]}；未写入任何内容")
    outside = found.filter(pl.col("trigger_date").dt.year() != year)
    if outside.height:
        raise LedgerError(
            f"应享 {outside['entitlement_id'][0]} 的触发日期不在{year}年；未写入任何内容"
        )


def _paid(
    session: Session, year: int | None = None, ids: Collection[str] = ()
) -> dict[str, Decimal]:
    query = select(EntitlementPayment.entitlement_id, func.sum(EntitlementPayment.amount)).group_by(
        EntitlementPayment.entitlement_id
    )
    if year is not None:
        query = query.join(Entitlement, Entitlement.id == EntitlementPayment.entitlement_id).where(
            Entitlement.year == year
        )
    if ids:
        query = query.where(EntitlementPayment.entitlement_id.in_(list(ids)))
    return {key: Decimal(total).quantize(CENT) for key, total in session.execute(query)}


def _newest(session: Session, year: int) -> dict[str, dict[str, Any]]:
    """The newest version of every entitlement of ``year``, on the compared fields."""
    query = (
        select(
            EntitlementVersion.entitlement_id, *(getattr(EntitlementVersion, n) for n in COMPARED)
        )
        .join(
            Entitlement,
            (Entitlement.id == EntitlementVersion.entitlement_id)
            & (Entitlement.version == EntitlementVersion.version),
        )
        .where(Entitlement.year == year)
    )
    return {row[0]: dict(zip(COMPARED, row[1:], strict=True)) for row in session.execute(query)}


@dataclass(frozen=True)
class _Head:
    uscc: str
    version: int
    limit_key: str | None


def record(
    session: Session,
    found: pl.DataFrame,
    year: int,
    scope: Collection[str],
    by: str,
    reason: str | None = None,
) -> Recorded:
    """Record ``found`` (one run's entitlements of ``year``) for the enterprises in ``scope``.

    Entitlements of ``year`` in the ledger for those enterprises that ``found`` no longer holds
    are withdrawn; other enterprises' entries are not touched. Rows are read and written as
    plain columns in bulk — a zone's run records thousands — never one object per row.
    """
    _check(found, year, by, reason)
    lock(session)
    now, by = _now(), by.strip()
    query = select(Entitlement.id, Entitlement.uscc, Entitlement.version, Entitlement.limit_key)
    heads = {
        key: _Head(uscc, version, limit_key)
        for key, uscc, version, limit_key in session.execute(query.where(Entitlement.year == year))
    }
    newest = _newest(session, year)
    paid = _paid(session, year)
    counts = dict.fromkeys(("new", "changed", "unchanged", "withdrawn", "adjustments"), 0)
    created: list[dict[str, Any]] = []
    versions: list[dict[str, Any]] = []
    updated: list[dict[str, Any]] = []

    def append(key: str, number: int, change: str, values: dict[str, Any], why: str) -> None:
        versions.append(
            {
                "entitlement_id": key,
                "version": number,
                "change": change,
                "adjustment": settlement(paid[key], values) if change == "adjustment" else None,
                "recorded_at": now,
                "recorded_by": by,
                # The officer's reason, then what changed; within the column's width.
                "reason": (f"{reason.strip()}；{why}" if reason and reason.strip() else why)[:500],
                **values,
            }
        )
        if change == "adjustment":
            # Paid: the row keeps what was paid; only the newest version's number moves on.
            updated.append({"id": key, "version": number})
        elif change != "new":
            updated.append({"id": key, "version": number, "recorded_at": now, **values})

    seen: set[str] = set()
    for row in found.iter_rows(named=True):
        values = _values(row)
        key = row["entitlement_id"]
        seen.add(key)
        head = heads.get(key)
        if head is None:
            created.append(
                {
                    "id": key,
                    "policy_id": row["policy_id"],
                    "uscc": row["uscc"],
                    "trigger_id": row["trigger_id"],
                    "trigger_date": row["trigger_date"],
                    "year": year,
                    "version": 1,
                    "recorded_at": now,
                    **values,
                }
            )
            append(key, 1, "new", values, "首次记入")
            counts["new"] += 1
            continue
        old = newest.get(key)
        if old is not None and all(old[name] == values[name] for name in COMPARED):
            counts["unchanged"] += 1
            continue
        why = _described(old, values)
        if key in paid:
            append(key, head.version + 1, "adjustment", values, why + "（已支付，原支付不变）")
            counts["adjustments"] += 1
        else:
            append(key, head.version + 1, "changed", values, why)
        counts["changed"] += 1
    gone = {
        "status": "withdrawn",
        "amount_min": None,
        "amount_max": None,
        "planned": None,
        "stacking_note": None,
        "cap_note": None,
    }
    scoped = set(scope)
    for key, head in heads.items():
        old = newest.get(key)
        if (
            key in seen
            or head.uscc not in scoped
            or (old is not None and old["status"] == "withdrawn")
        ):
            continue
        values = {**gone, "limit_key": head.limit_key}
        why = "本次测算不再产生该应享（条件或数据已变）"
        if key in paid:
            append(
                key, head.version + 1, "adjustment", values, why + "（已支付，原支付不变，应追回）"
            )
            counts["adjustments"] += 1
        else:
            append(key, head.version + 1, "withdrawn", values, why)
        counts["withdrawn"] += 1
    # Rows first, then their versions (which refer to them), then the rows that moved on.
    if created:
        session.execute(insert(Entitlement), created)
    if versions:
        session.execute(insert(EntitlementVersion), versions)
    # Updated by primary key in bulk, one batch per set of columns.
    moved_on = [u for u in updated if set(u) == {"id", "version"}]
    recomputed = [u for u in updated if set(u) != {"id", "version"}]
    for batch in (moved_on, recomputed):
        if batch:
            session.execute(update(Entitlement), batch)
    held = session.scalar(
        select(func.count())
        .select_from(Entitlement)
        .where(Entitlement.year == year, Entitlement.status != "withdrawn")
    )
    return Recorded(year, **counts, held=int(held or 0))


def _fen(value: Decimal | None) -> int | None:
    return None if value is None else int(value * 100)


def recorded(session: Session) -> pl.DataFrame:
    """What the ledger holds against caps (``calculate.RECORDED_SCHEMA``, fen).

    An unpaid entitlement counts its newest computation; a paid one the larger of what was paid
    and what it now computes to, so neither an excess paid nor an adjustment still to pay is
    forgotten; a withdrawn one, only what was paid on it.

    One its enterprise gave up (its case ended 企业放弃) and never paid is marked ``waived``:
    it holds nothing (``limits.apply_limits``). 放弃 ends a case for good and an entitlement has
    one case only, so the room it frees cannot be paid to it as well. A case refused (不予支持)
    is the government's finding, not the enterprise's choice: it keeps its place, as the ledger
    still computes it; a corrected record withdraws it.
    """
    query = (
        select(EntitlementVersion)
        .join(
            Entitlement,
            (Entitlement.id == EntitlementVersion.entitlement_id)
            & (Entitlement.version == EntitlementVersion.version),
        )
        .where(Entitlement.limit_key.is_not(None))
    )
    versions = list(session.scalars(query))
    paid = _paid(session, ids=[v.entitlement_id for v in versions]) if versions else {}
    declined = set(
        session.scalars(
            select(FulfilmentCase.entitlement_id)
            .join(Entitlement, Entitlement.id == FulfilmentCase.entitlement_id)
            .where(FulfilmentCase.state == State.DECLINED.value, Entitlement.limit_key.is_not(None))
        )
    )
    rows = []
    for version in versions:
        amounts = [version.amount_min, version.amount_max, version.planned]
        # Money paid keeps its place whatever became of the case: only unpaid money is given up.
        waived = version.entitlement_id in declined and version.entitlement_id not in paid
        if version.entitlement_id in paid:
            given = paid[version.entitlement_id]
            amounts = [given if a is None else max(a, given) for a in amounts]
        elif version.status == "withdrawn" and not waived:
            # Kept when waived: arising again, it must still be known as given up.
            continue
        given_fen = _fen(paid.get(version.entitlement_id))
        rows.append(
            (
                version.entitlement_id,
                version.limit_key,
                *(_fen(a) for a in amounts),
                given_fen,
                waived,
            )
        )
    return pl.DataFrame(rows, schema=RECORDED_SCHEMA, orient="row")


@dataclass(frozen=True)
class Owed:
    """Money paid on an entitlement that is still owed back (its newest computation is lower)."""

    entitlement_id: str
    policy_id: str
    trigger_date: date
    year: int
    paid: Decimal
    owed: Decimal


def unrecovered(session: Session, head: Entitlement, policies: Collection[str]) -> list[Owed]:
    """Payments of the same award as ``head`` still owed back: ``head`` must wait for them.

    The same award is the same enterprise under one of ``policies`` (the policy, or the group
    it is paid highest-only with) for another trigger, and either the same award year, or — for
    a recognition (一次性 per recognition: 首次认定, 重新认定) — one that is no longer on the
    records at all (withdrawn): a certificate re-dated across a year end is one recognition
    under two dates. Correcting a fact (the issue date, the 事件编号) changes the trigger, so
    the paid entitlement is withdrawn and a new one appears; paying the new one before the old
    money is back would pay one award twice. The same trigger under the group's other
    policies is 就高不重复's business (a top-up up to the highest), not this.
    A different recognition in another year whose award stands is not held: nothing is owed.
    """
    query = (
        select(Entitlement, EntitlementVersion)
        .join(
            EntitlementVersion,
            (EntitlementVersion.entitlement_id == Entitlement.id)
            & (EntitlementVersion.version == Entitlement.version),
        )
        .where(
            Entitlement.uscc == head.uscc,
            Entitlement.policy_id.in_(list(policies)),
            Entitlement.id != head.id,
            Entitlement.trigger_id != head.trigger_id,
        )
    )
    recognition = head.trigger_id.startswith("gain:")
    candidates = [
        (other, newest)
        for other, newest in session.execute(query)
        if other.year == head.year
        or (recognition and other.trigger_id.startswith("gain:") and newest.status == "withdrawn")
    ]
    if not candidates:
        return []
    paid = _paid(session, ids=[other.id for other, _ in candidates])
    found = []
    for other, newest in candidates:
        given = paid.get(other.id, Decimal("0.00"))
        # What the newest computation still allows: nothing once withdrawn or undecided.
        allowed = (
            newest.amount_max
            if newest.status == "eligible" and newest.amount_max is not None
            else Decimal("0.00")
        )
        if given > allowed:
            found.append(
                Owed(
                    other.id,
                    other.policy_id,
                    other.trigger_date,
                    other.year,
                    given,
                    given - allowed,
                )
            )
    return sorted(found, key=lambda o: o.entitlement_id)


@dataclass(frozen=True)
class Paid:
    entitlement_id: str
    amount: Decimal
    total: Decimal
    repeated: bool

    def message(self) -> str:
        if self.repeated:
            return f"该凭证已登记，未重复记录：{self.entitlement_id}"
        return (
            f"已登记支付：{self.entitlement_id} 本次{self.amount:,.2f}元，"
            f"累计已付{self.total:,.2f}元"
        )


def pay(
    session: Session,
    entitlement_id: str,
    amount: Decimal,
    paid_on: date,
    voucher: str,
    by: str,
    note: str | None = None,
    *,
    case: int | None = None,
    overpaid: bool = False,
    follow_up: bool = False,
    today: date | None = None,
) -> Paid:
    """Record money paid (or, negative, recovered) on an entitlement, against its voucher.

    The total paid must stay within the newest computation's amount; the same voucher again is
    recognised and not recorded twice. An entitlement that has a fulfilment case is paid only
    by that case (``case``), once: by hand beside it, money would pass review, 公示 and the
    reviewer's amount (a range's maximum is not what was approved). Money back on it is
    recorded by its case too (``recovery.record_repayment``).

    ``overpaid``: the case's approved amount already went out of the treasury in a batch
    exported before the ledger was recomputed lower. The ledger records what was really paid
    (refusing it would leave the money unaccounted for); the case then recovers the excess.

    ``follow_up``: the case paid less than approved is paid (part of) the rest it still owes
    (补拨): a second payment by the same case, the total still within the newest computation.

    ``today``: the day a payment may not be dated after (the web's clock); by default the one
    fulfilment uses (``fulfilment.clock.today``), so every face refuses the same dates.
    """
    if overpaid and (case is None or amount <= 0):
        raise LedgerError("只有支付批次中的案件可以登记重新测算前已支付的金额")
    if follow_up and (case is None or amount <= 0):
        raise LedgerError("只有少付的案件可以补拨未付余额")
    voucher, by = voucher.strip(), by.strip()
    if not voucher:
        raise LedgerError("请填写支付凭证号（--voucher）")
    if not by:
        raise LedgerError("请注明经办人（--by）")
    _fits("凭证号", voucher)
    _fits("记录人", by)
    _fits("备注", note)
    if amount == 0 or amount != amount.quantize(Decimal("0.01")):
        raise LedgerError(f"支付金额「{amount}」须为非零、最多两位小数的元数")
    if paid_on > (today or clock.today()):
        raise LedgerError(f"支付日期 {paid_on} 晚于今天")
    lock(session)
    head = session.get(Entitlement, entitlement_id)
    if head is None:
        raise LedgerError(f"台账中没有应享编号「{entitlement_id}」（先以 awards --record 记入）")
    if paid_on < head.trigger_date:
        raise LedgerError(f"支付日期 {paid_on} 早于应享的触发日期 {head.trigger_date}")
    same = session.scalar(
        select(EntitlementPayment).where(
            EntitlementPayment.entitlement_id == entitlement_id,
            EntitlementPayment.voucher == voucher,
        )
    )
    given = _paid(session, ids=[entitlement_id]).get(entitlement_id, Decimal("0.00"))
    if same is not None:
        if same.amount == amount and same.paid_on == paid_on:
            return Paid(entitlement_id, amount, given, repeated=True)
        raise LedgerError(
            f"凭证号「{voucher}」已用于该应享的另一笔支付（{same.paid_on}，{same.amount:,.2f}元）"
        )
    owner = session.scalar(
        select(FulfilmentCase.id).where(FulfilmentCase.entitlement_id == entitlement_id)
    )
    if owner is not None and owner != case and amount < 0:
        # Beside its case, money back would leave the case asking for it (and refusing it when
        # recorded there, all of it being back already): it could never end 已追回.
        raise LedgerError(
            f"该应享已有政策兑现案件（编号{owner}），退回资金须在案件中登记（启动追回后登记退回），"
            "不能直接登记；未登记"
        )
    if amount > 0:
        if owner is not None and owner != case:
            raise LedgerError(
                f"该应享已有政策兑现案件（编号{owner}），须经审核、公示后随支付批次登记支付，"
                "不能直接登记；未登记"
            )
        if follow_up and given <= 0:
            raise LedgerError("该应享在台账中尚无支付，不能补拨；未登记")
        if case is not None and given != 0 and not follow_up:
            raise LedgerError(f"该应享在台账中已登记支付{given:,.2f}元，案件不能再次支付；未登记")
        if case is None:
            # By hand the approval's check is not made: the ledger makes it.
            owed = unrecovered(session, head, [head.policy_id])
            if owed:
                first = owed[0]
                raise LedgerError(
                    f"同一企业同一政策的应享「{first.entitlement_id}」已付{first.paid:,.2f}元，"
                    f"尚有{first.owed:,.2f}元待追回；追回后再登记本次支付；未登记"
                )
    newest = session.scalar(
        select(EntitlementVersion).where(
            EntitlementVersion.entitlement_id == entitlement_id,
            EntitlementVersion.version == head.version,
        )
    )
    assert newest is not None
    total = given + amount
    if overpaid:
        pass  # the money is gone: recorded as paid, and recovered through its case
    elif newest.status == "withdrawn":
        if amount > 0 or total < 0:
            raise LedgerError("该应享已撤销：只能登记追回（负数金额），且追回不超过已付金额")
    elif amount < 0 and (
        newest.status != "eligible" or (newest.amount_min is None and newest.amount_max is None)
    ):
        # Money coming back on an award now undecided: refused, it would be back in the treasury
        # and in no ledger. Never more than was paid.
        if total < 0:
            raise LedgerError(f"追回后累计{total:,.2f}元：追回不能超过已付金额；未登记")
    elif newest.status != "eligible":
        raise LedgerError("该应享条件待定（待定），不能登记支付")
    elif newest.amount_min is None and newest.amount_max is None:
        raise LedgerError("该应享金额未定，不能登记支付")
    elif total < 0 or (
        # Money coming back (an excess recovered in parts) brings the total nearer the maximum
        # and is recorded even where the total is still above it; only money out may not pass it.
        amount > 0 and newest.amount_max is not None and total > newest.amount_max
    ):
        low, high = newest.amount_min or Decimal(0), newest.amount_max
        shown = f"{low:,.2f}–{high:,.2f}元" if high is not None else f"不少于{low:,.2f}元"
        raise LedgerError(f"支付后累计{total:,.2f}元，超出应享金额（{shown}）；未登记")
    session.add(
        EntitlementPayment(
            entitlement_id=entitlement_id,
            version=head.version,
            amount=amount,
            paid_on=paid_on,
            voucher=voucher,
            recorded_at=_now(),
            recorded_by=by,
            note=note.strip() if note and note.strip() else None,
        )
    )
    session.flush()
    return Paid(entitlement_id, amount, total, repeated=False)


def history(session: Session, key: str) -> list[dict[str, Any]]:
    """Every entitlement for an id or a 统一社会信用代码, with all its versions and payments."""
    key = key.strip()
    where = Entitlement.id == key if "|" in key else Entitlement.uscc == key.upper()
    heads = list(
        session.scalars(select(Entitlement).where(where).order_by(Entitlement.year, Entitlement.id))
    )
    found = []
    for head in heads:
        versions = list(
            session.scalars(
                select(EntitlementVersion)
                .where(EntitlementVersion.entitlement_id == head.id)
                .order_by(EntitlementVersion.version)
            )
        )
        payments = list(
            session.scalars(
                select(EntitlementPayment)
                .where(EntitlementPayment.entitlement_id == head.id)
                .order_by(EntitlementPayment.paid_on, EntitlementPayment.id)
            )
        )
        total = sum((p.amount for p in payments), Decimal("0.00"))
        # Approved and paid short by the finance office: the rest its case still owes (补拨 or
        # closed there); the ledger itself knows only what was computed and what was paid.
        unpaid = session.scalar(
            select(FulfilmentCase.unpaid).where(FulfilmentCase.entitlement_id == head.id)
        )
        newest = versions[-1] if versions else None
        due = None
        if payments and newest is not None:
            due = settlement(total, {name: getattr(newest, name) for name in COMPARED})
        found.append(
            {
                "id": head.id,
                "policy": head.policy_id,
                "uscc": head.uscc,
                "year": head.year,
                "trigger": head.trigger_id,
                "date": head.trigger_date,
                "status": head.status,
                "version": head.version,
                "paid": total if payments else None,
                "to_settle": due,
                "unpaid": unpaid,
                "versions": [
                    {
                        "version": v.version,
                        "change": CHANGE_LABELS.get(v.change, v.change),
                        "status": STATUS_LABELS.get(v.status, v.status),
                        "amount_min": v.amount_min,
                        "amount_max": v.amount_max,
                        "planned": v.planned,
                        "adjustment": v.adjustment,
                        "cap_note": v.cap_note,
                        "stacking_note": v.stacking_note,
                        "at": v.recorded_at,
                        "by": v.recorded_by,
                        "reason": v.reason,
                    }
                    for v in versions
                ],
                "payments": [
                    {
                        "version": p.version,
                        "amount": p.amount,
                        "paid_on": p.paid_on,
                        "voucher": p.voucher,
                        "at": p.recorded_at,
                        "by": p.recorded_by,
                        "note": p.note,
                    }
                    for p in payments
                ],
            }
        )
    return found
