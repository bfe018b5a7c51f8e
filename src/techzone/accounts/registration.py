"""An enterprise registers its own account by its 统一社会信用代码; an officer of its zone
verifies or refuses it, or invites (creates) an enterprise account directly.

A registered account is pending (it cannot log in) until an officer whose scope holds the
enterprise approves it; every step is audited in its own transaction. Officers see only the
registrations of enterprises in their scope (in the query), with the accounts the enterprise
already has.

The public answer is the same whether or not the register holds the code: telling it would let
anyone learn which firms are in a zone's register. A code it does not hold is kept pending all the
same, in no officer's list until the enterprise is entered in the register (then its zone's
officers see it and decide).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, delete, select
from sqlalchemy.orm import Session

from techzone import audit
from techzone.access import Role, Scope
from techzone.access.queries import where, with_owner
from techzone.accounts.service import (
    ACCOUNT,
    PENDING,
    REFUSED,
    AccountError,
    Binding,
    _snapshot,
    _until,
    create_account,
    find_account,
    throttle_address,
)
from techzone.io.fields import parse_uscc
from techzone.model import Account, AddressAttempt, Enterprise, Park, Zone

OFFICERS = frozenset({Role.ZONE, Role.PARK})


@dataclass(frozen=True)
class Registration:
    """A registration as an officer reads it."""

    username: str
    uscc: str
    enterprise: str
    park: str
    created_at: datetime
    state: str  # 待审核 / 未通过
    # The enterprise's other accounts (usernames): a second registration is for the officer to
    # notice, never said to whoever registers.
    others: tuple[str, ...] = ()


# Registrations per client address (an IPv6 /64 as one), so that no one piles up pending
# registrations or probes usernames (用户名已被使用) without end. GB/T 22239-2019 (等保 2.0)
# 8.1.4.1 gives no number: these are local choices, set so that they never stop a real office.
# A zone's training session may register 30 firms in an hour from one office's NAT address, each
# perhaps after a mistake: 60 attempts and 30 refused ones within an hour leave it room, while a
# prober gets at most 30 usernames an hour (720 a day) and piles up at most 60 requests an hour
# from one address. Only attempts that reach the register are counted: a form sent back for a
# missing field or unequal passwords tells nothing and creates nothing.
REGISTER_WINDOW = timedelta(hours=1)
MAX_REGISTER_ATTEMPTS = 60
MAX_REGISTER_REFUSALS = 30
REGISTER_ATTEMPT = "register"


def _retry_at(times: list[datetime], bound: int) -> datetime | None:
    """When fewer than ``bound`` of these attempts (oldest first) are within the window."""
    if len(times) < bound:
        return None
    return times[len(times) - bound] + REGISTER_WINDOW


def count_registration(session: Session, *, source: str, now: datetime) -> int:
    """Count a registration attempt from ``source``, as refused until ``register_enterprise``
    marks it done in the transaction that creates the account; or refuse it, with the time to
    try again, when the address is over a bound. Called in a transaction of its own, so that a
    refused registration, whose transaction rolls back, is counted all the same. The id of the
    attempt is for ``register_enterprise``."""
    address = throttle_address(source)
    session.execute(
        delete(AddressAttempt).where(
            AddressAttempt.kind == REGISTER_ATTEMPT, AddressAttempt.at <= now - REGISTER_WINDOW
        )
    )
    rows = session.execute(
        select(AddressAttempt.at, AddressAttempt.failed)
        .where(
            AddressAttempt.kind == REGISTER_ATTEMPT,
            AddressAttempt.address == address,
            AddressAttempt.at > now - REGISTER_WINDOW,
        )
        .order_by(AddressAttempt.at)
    ).all()
    waits = [
        _retry_at([at for at, _ in rows], MAX_REGISTER_ATTEMPTS),
        _retry_at([at for at, failed in rows if failed], MAX_REGISTER_REFUSALS),
    ]
    until = max((wait for wait in waits if wait is not None), default=None)
    if until is not None:
        raise AccountError(
            f"从本处提交的注册过多，请于{_until(until)}后再试；"
            "如需为多家企业集中注册，请联系所在高新区"
        )
    attempt = AddressAttempt(kind=REGISTER_ATTEMPT, address=address, at=now, failed=True)
    session.add(attempt)
    session.flush()
    return attempt.id


def _enterprise_zone(session: Session, uscc: str) -> tuple[str, str]:
    """The enterprise's name and zone code; refused if the register does not hold it."""
    found = session.execute(
        with_owner(select(Enterprise.name, Zone.code)).where(Enterprise.uscc == uscc)
    ).first()
    if found is None:
        raise AccountError("登记中没有这个统一社会信用代码的企业：请核对，或联系所在高新区登记")
    return found[0], found[1]


def _uscc(text: str) -> str:
    try:
        return parse_uscc(text)
    except ValueError as error:
        raise AccountError(str(error)) from error


def register_enterprise(
    session: Session,
    username: str,
    password: str,
    uscc: str,
    *,
    source: str,
    now: datetime | None = None,
    attempt: int | None = None,
) -> Account:
    """A pending enterprise account for the enterprise of ``uscc``, whether or not the register
    holds it (nothing the caller is told or can try afterwards differs: see the module).
    ``attempt``: the id ``count_registration`` gave, marked done with the account."""
    code = _uscc(uscc)
    zone = session.scalar(
        with_owner(select(Zone.code).select_from(Enterprise)).where(Enterprise.uscc == code)
    )
    actor = audit.Actor(name=username.strip() or "?", source=source, role=Role.ENTERPRISE.value)
    account = create_account(
        session, actor, username, password, Role.ENTERPRISE, Binding(zone=zone, uscc=code), now=now
    )
    account.verification = PENDING
    if attempt is not None:
        counted = session.get(AddressAttempt, attempt)
        if counted is not None:
            counted.failed = False
    audit.record(
        session,
        actor,
        "account.register",
        ACCOUNT,
        account.username,
        after=_snapshot(account),
        reason=None if zone is not None else "登记中暂无该企业，待企业登记后由所在高新区审核",
        zone=account.zone,
    )
    return account


def _officer(scope: Scope) -> None:
    if scope.role not in OFFICERS or not scope.writes:
        raise AccountError("只有高新区管理员或园区专员可以审核企业注册")


def _in_scope(scope: Scope) -> Select[Any]:
    query = with_owner(select(Account).join(Enterprise, Enterprise.uscc == Account.uscc))
    return where(query, scope).where(Account.role == Role.ENTERPRISE.value)


def registrations(session: Session, scope: Scope) -> list[Registration]:
    """Pending and refused registrations of enterprises in ``scope``, oldest first."""
    query = (
        with_owner(
            select(Account, Enterprise.name, Park.name).join(
                Enterprise, Enterprise.uscc == Account.uscc
            )
        )
        .where(Account.role == Role.ENTERPRISE.value)
        .where(Account.verification.in_((PENDING, REFUSED)))
        .order_by(Account.created_at, Account.username)
    )
    rows = session.execute(where(query, scope)).all()
    held: dict[str | None, list[str]] = {}
    for username, code in session.execute(
        select(Account.username, Account.uscc)
        .where(Account.uscc.in_({account.uscc for account, _, _ in rows}))
        .where(Account.role == Role.ENTERPRISE.value)
        .order_by(Account.username)
    ):
        held.setdefault(code, []).append(username)
    return [
        Registration(
            account.username,
            account.uscc or "",
            name,
            park,
            account.created_at,
            "待审核" if account.verification == PENDING else "未通过",
            tuple(other for other in held.get(account.uscc, ()) if other != account.username),
        )
        for account, name, park in rows
    ]


def decide_registration(
    session: Session,
    actor: audit.Actor,
    scope: Scope,
    username: str,
    approve: bool,
    reason: str | None = None,
) -> Account:
    """Approve (the account may log in) or refuse a pending registration in ``scope``."""
    _officer(scope)
    account: Account | None = session.scalar(
        _in_scope(scope).where(Account.username == username.strip())
    )
    if account is None or account.verification != PENDING:
        raise AccountError("没有这个待审核的注册，或它不在您的管辖范围内")
    if not approve and not (reason and reason.strip()):
        raise AccountError("不予通过时请写明原因")
    before = _snapshot(account)
    account.verification = None if approve else REFUSED
    if account.zone is None:
        # Registered before the register held the enterprise: bound to its zone now.
        _, account.zone = _enterprise_zone(session, account.uscc or "")
    audit.record(
        session, actor, "account.verify" if approve else "account.refuse", ACCOUNT,
        account.username, before=before, after=_snapshot(account), reason=reason,
        zone=account.zone,
    )  # fmt: skip
    return account


def invite_enterprise(
    session: Session,
    actor: audit.Actor,
    scope: Scope,
    username: str,
    password: str,
    uscc: str,
    *,
    now: datetime | None = None,
) -> Account:
    """An officer creates an enterprise account (active at once) for an enterprise in scope."""
    _officer(scope)
    code = _uscc(uscc)
    held = session.scalar(
        where(with_owner(select(Enterprise.uscc)), scope).where(Enterprise.uscc == code)
    )
    if held is None:
        raise AccountError("登记中没有这个统一社会信用代码的企业，或它不在您的管辖范围内")
    _, zone = _enterprise_zone(session, code)
    if find_account(session, username) is not None:
        raise AccountError(f"用户名「{username.strip()}」已被使用")
    return create_account(
        session, actor, username, password, Role.ENTERPRISE, Binding(zone=zone, uscc=code), now=now
    )
