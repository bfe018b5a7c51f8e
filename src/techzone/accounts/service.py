"""Accounts: create, list, disable, enable, reset a password, log in; each change audited.

Every function takes the caller's ``session`` and changes nothing outside it: the caller's
transaction commits the change and its audit row together, or neither.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from techzone import audit
from techzone.access import Role, Scope
from techzone.accounts.passwords import hash_password, needs_rehash, verify_password
from techzone.io.fields import parse_uscc
from techzone.model import Account, AddressAttempt, LoginFailure, Park, WebSession, Zone

# Lockout: GB/T 22239-2019 (等保 2.0) 8.1.4.1 b) asks for 登录失败处理 — limiting failed logins
# and locking, with no numbers: these are local choices. Five attempts within fifteen minutes
# from one client address lock that address out of the account for fifteen minutes: room for
# typing mistakes, and guessing stays hopeless (at most 480 guesses a day per address) without
# keeping an officer who mistyped away from work for long. Counted per address, not per
# account, so that someone who knows an officer's username cannot lock the officer out from
# elsewhere. An administrator's password reset lifts every lock at once.
MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)
# Account-wide guard against guessing from many addresses at once: this many failures within
# LOCKOUT, from all addresses together, lock the account for LOCKOUT from every address. One
# address can never reach it (it is locked at MAX_FAILED_LOGINS), so it takes at least four
# addresses (an IPv6 /64 counts as one) to lock an officer out, and guesses at an account stay
# below 2,000 a day however many addresses try. A local choice too: no document gives a number.
MAX_FAILED_LOGINS_ACCOUNT = 20
# An IPv6 subscriber usually holds a whole /64: its addresses count as one.
IPV6_PREFIX = 64

# A password's floor: 等保 2.0 8.1.4.1 a) asks for 口令复杂度; eight characters is the usual floor.
MIN_PASSWORD_LENGTH = 8

_USERNAME = re.compile(r"[\w.@-]{2,64}")

ACCOUNT = "account"
# An enterprise's own registration (accounts.registration): waiting for an officer, or refused.
PENDING = "pending"
REFUSED = "refused"

# Times shown to officers are Beijing time (no tz database needed: China has no daylight saving).
CHINA_TIME = timezone(timedelta(hours=8), "北京时间")


class AccountError(ValueError):
    """A request about accounts that cannot be met; the message is for the person who asked."""


def now_utc() -> datetime:
    return datetime.now(UTC)


def as_utc(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes for timezone-aware columns; they were stored in UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def parse_role(text: str) -> Role:
    """A role from its code (``zone``) or its Chinese label (高新区管理员)."""
    cleaned = text.strip()
    for role in Role:
        if cleaned in (role.value, role.label):
            return role
    known = "、".join(f"{role.label}（{role.value}）" for role in Role)
    raise AccountError(f"没有「{cleaned}」这种角色，可选：{known}")


def scope_of(account: Account) -> Scope:
    """What the account may see: its role and the place or enterprise it is bound to."""
    return Scope(
        role=Role(account.role),
        province=account.province,
        zone=account.zone,
        park=account.park,
        uscc=account.uscc,
        unit=account.unit,
    )


def describe_scope(session: Session, account: Account) -> str:
    """The account's reach in officers' words: places by name (白银高新区 · 白银高新区核心区)."""
    zone = park = None
    if account.zone is not None:
        zone = session.scalar(select(Zone).where(Zone.code == account.zone))
    if zone is not None and account.park is not None:
        park = session.scalar(
            select(Park.name).where(Park.zone_id == zone.id, Park.code == account.park)
        )
    return reach_text(account, zone.name if zone is not None else None, park)


def reach_text(binding: Any, zone_name: str | None, park_name: str | None) -> str:
    """``describe_scope``'s words for an account's binding (anything with its province, zone,
    park, uscc and unit) and the names of its zone and park, read by the caller (None: not
    found, the code is shown)."""
    parts = [
        f"{label}：{value}"
        for label, value in (
            ("省份", binding.province),
            ("高新区", zone_name if zone_name is not None else binding.zone),
            ("园区", park_name or binding.park),
            ("企业", binding.uscc),
            ("责任单位", binding.unit),
        )
        if value
    ]
    return "，".join(parts) or "全部"


def _snapshot(account: Account) -> dict[str, object]:
    """What the audit log keeps of an account: never the password or its hash."""
    return {
        "username": account.username,
        "role": account.role,
        "province": account.province,
        "zone": account.zone,
        "park": account.park,
        "uscc": account.uscc,
        "unit": account.unit,
        "disabled": account.disabled,
        "verification": account.verification,
    }


def _check_password(username: str, password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"密码至少需要{MIN_PASSWORD_LENGTH}个字符")
    if password.strip().casefold() == username.casefold():
        raise AccountError("密码不能与用户名相同")


def _clean(value: str | None) -> str | None:
    return value.strip() or None if value is not None else None


@dataclass(frozen=True)
class Binding:
    """Where an account belongs: the fields of its scope as given when it is created."""

    province: str | None = None
    zone: str | None = None
    park: str | None = None
    uscc: str | None = None
    unit: str | None = None

    def cleaned(self) -> Binding:
        return Binding(
            _clean(self.province),
            _clean(self.zone),
            _clean(self.park),
            _clean(self.uscc),
            _clean(self.unit),
        )


# Which fields each role must have: its scope is meaningless without them.
_REQUIRED: dict[Role, tuple[tuple[str, str], ...]] = {
    Role.PROVINCE: (("province", "省份"),),
    Role.ZONE: (("zone", "高新区代码"),),
    Role.PARK: (("zone", "高新区代码"), ("park", "园区代码")),
    Role.UNIT: (("unit", "责任单位"),),
    Role.ENTERPRISE: (("uscc", "统一社会信用代码"),),
}


def _check_binding(session: Session, role: Role, binding: Binding) -> Binding:
    for field, label in _REQUIRED[role]:
        if getattr(binding, field) is None:
            raise AccountError(f"{role.label}账号必须指定{label}")
    if binding.province is not None:
        provinces = set(session.scalars(select(Zone.province).distinct()))
        if binding.province not in provinces:
            raise AccountError(f"数据库中没有属于「{binding.province}」的高新区")
    zone_id = None
    if binding.zone is not None:
        # Codes are read in any case, as every --zone is (gs-by is GS-BY), and bound as stored:
        # a scope in another case would match nothing.
        zones = session.execute(
            select(Zone.id, Zone.code).where(func.upper(Zone.code) == binding.zone.strip().upper())
        ).all()
        exact = [row for row in zones if row.code == binding.zone]
        if not (exact or len(zones) == 1):
            raise AccountError(f"没有代码为「{binding.zone}」的高新区")
        zone_id, zone_code = (exact or zones)[0]
        binding = replace(binding, zone=zone_code)
    if binding.park is not None:
        if zone_id is None:
            raise AccountError("指定园区时必须同时指定高新区代码")
        parks = session.scalars(
            select(Park.code).where(
                Park.zone_id == zone_id, func.upper(Park.code) == binding.park.strip().upper()
            )
        ).all()
        exact_park = [code for code in parks if code == binding.park]
        if not (exact_park or len(parks) == 1):
            raise AccountError(f"高新区「{binding.zone}」中没有代码为「{binding.park}」的园区")
        binding = replace(binding, park=(exact_park or parks)[0])
    if binding.uscc is not None:
        try:
            uscc = parse_uscc(binding.uscc)
        except ValueError as error:
            raise AccountError(str(error)) from error
        return Binding(binding.province, binding.zone, binding.park, uscc, binding.unit)
    return binding


def find_account(session: Session, username: str) -> Account | None:
    return session.scalar(select(Account).where(Account.username == username.strip()))


def _existing(session: Session, username: str) -> Account:
    account = find_account(session, username)
    if account is None:
        raise AccountError(f"没有用户名为「{username.strip()}」的账号")
    return account


def create_account(
    session: Session,
    actor: audit.Actor,
    username: str,
    password: str,
    role: Role,
    binding: Binding = Binding(),
    *,
    now: datetime | None = None,
) -> Account:
    """A new account bound to its place; refused with a Chinese reason when anything is amiss."""
    name = username.strip()
    if not _USERNAME.fullmatch(name):
        raise AccountError("用户名须为2至64个字符，只能含文字、数字和 . _ @ -")
    if find_account(session, name) is not None:
        raise AccountError(f"用户名「{name}」已被使用")
    _check_password(name, password)
    bound = _check_binding(session, role, binding.cleaned())
    account = Account(
        username=name,
        password_hash=hash_password(password),
        role=role.value,
        province=bound.province,
        zone=bound.zone,
        park=bound.park,
        uscc=bound.uscc,
        unit=bound.unit,
        disabled=False,
        locked_until=None,
        created_at=now or now_utc(),
    )
    session.add(account)
    session.flush()
    audit.record(
        session,
        actor,
        "account.create",
        ACCOUNT,
        name,
        after=_snapshot(account),
        zone=account.zone,
    )
    return account


def list_accounts(session: Session, scope: Scope | None = None) -> list[Account]:
    """Accounts by username; a zone's administrator sees the accounts of their zone only."""
    query = select(Account).order_by(Account.username)
    if scope is not None and scope.zone is not None:
        query = query.where(Account.zone == scope.zone)
    if scope is not None and scope.province is not None:
        query = query.where(Account.province == scope.province)
    return list(session.scalars(query))


def _end_sessions(session: Session, account: Account) -> None:
    session.execute(delete(WebSession).where(WebSession.account_id == account.id))


def set_disabled(
    session: Session, actor: audit.Actor, username: str, disabled: bool, reason: str | None = None
) -> Account:
    """Disable (ending every open session at once) or enable an account."""
    account = _existing(session, username)
    before = _snapshot(account)
    account.disabled = disabled
    if disabled:
        _end_sessions(session, account)
    action = "account.disable" if disabled else "account.enable"
    audit.record(
        session, actor, action, ACCOUNT, account.username,
        before=before, after=_snapshot(account), reason=reason, zone=account.zone,
    )  # fmt: skip
    return account


def reset_password(
    session: Session, actor: audit.Actor, username: str, password: str, reason: str | None = None
) -> Account:
    """A new password; lifts a lockout and ends the sessions opened with the old one."""
    account = _existing(session, username)
    _check_password(account.username, password)
    account.password_hash = hash_password(password)
    account.locked_until = None
    session.execute(delete(LoginFailure).where(LoginFailure.account_id == account.id))
    _end_sessions(session, account)
    audit.record(
        session,
        actor,
        "account.reset_password",
        ACCOUNT,
        account.username,
        reason=reason,
        zone=account.zone,
    )
    return account


@dataclass(frozen=True)
class Login:
    """The outcome of a login attempt: the account, or the reason (in Chinese) it was refused.

    Returned rather than raised, so the caller commits a failure's count and lockout too."""

    account: Account | None
    refusal: str | None = None


WRONG_CREDENTIALS = "用户名或密码错误"


def throttle_address(source: str) -> str:
    """The address failures are counted by: the client's IP address, an IPv6 one as its /64
    network; anything that is no address (a test's label) as it is."""
    try:
        address = ipaddress.ip_address(source.strip())
    except ValueError:
        return source.strip()[:64]
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network((address, IPV6_PREFIX), strict=False))
    return str(address)


def _until(moment: datetime) -> str:
    return as_utc(moment).astimezone(CHINA_TIME).strftime("%H:%M")


def _address_lock(
    session: Session, account: Account, address: str, now: datetime
) -> datetime | None:
    return session.scalar(
        select(func.max(LoginFailure.locked_until)).where(
            LoginFailure.account_id == account.id,
            LoginFailure.address == address,
            LoginFailure.locked_until > now,
        )
    )


def _address_locked(until: datetime) -> str:
    return f"从本处登录该账号失败次数过多，已锁定，请于{_until(until)}后再试或请管理员重置密码"


# A wrong login under a username no account has is counted as an account's would be.
UNKNOWN_LOGIN = "login"


def _unknown_login(
    session: Session, username: str, password: str, *, now: datetime, source: str
) -> Login:
    """A login under a username no account has: counted per (username, address) and locked
    like an account's failures (``MAX_FAILED_LOGINS`` within ``LOCKOUT``), with the same answer
    at the same try, so that the lock does not tell whether the account exists. No account is
    created; nothing is audited (there is no account to file it under)."""
    name, address = username.strip()[:64], throttle_address(source)
    session.execute(
        delete(AddressAttempt).where(
            AddressAttempt.kind == UNKNOWN_LOGIN,
            AddressAttempt.at <= now - LOCKOUT,
            AddressAttempt.locked_until.is_(None) | (AddressAttempt.locked_until <= now),
        )
    )
    tried = (
        AddressAttempt.kind == UNKNOWN_LOGIN,
        AddressAttempt.address == address,
        AddressAttempt.username == name,
    )
    lock = session.scalar(
        select(func.max(AddressAttempt.locked_until)).where(
            *tried, AddressAttempt.locked_until > now
        )
    )
    if lock is not None:
        return Login(None, _address_locked(lock))
    verify_password(None, password)  # same time as a real check
    attempt = AddressAttempt(kind=UNKNOWN_LOGIN, address=address, username=name, at=now)
    session.add(attempt)
    session.flush()
    counted = session.scalar(select(func.count()).where(*tried, AddressAttempt.at > now - LOCKOUT))
    if (counted or 0) >= MAX_FAILED_LOGINS:
        attempt.locked_until = now + LOCKOUT
    return Login(None, WRONG_CREDENTIALS)


@dataclass(frozen=True)
class AddressLocks:
    """The client addresses locked out of one account now, and when the last lock ends."""

    addresses: int
    until: datetime


def address_locks(session: Session, now: datetime) -> dict[int, AddressLocks]:
    """By account id, the addresses locked out of it at ``now`` (an account with none is absent)."""
    rows = session.execute(
        select(LoginFailure.account_id, func.max(LoginFailure.locked_until))
        .where(LoginFailure.locked_until > now)
        .group_by(LoginFailure.account_id, LoginFailure.address)
    )
    locks: dict[int, AddressLocks] = {}
    for account_id, until in rows:
        if until is None:  # never: the query keeps locks only
            continue
        held = locks.get(account_id)
        locks[account_id] = (
            AddressLocks(1, until)
            if held is None
            else AddressLocks(held.addresses + 1, max(held.until, until))
        )
    return locks


def account_state(account: Account, locks: AddressLocks | None, now: datetime) -> str:
    """An account's state as an administrator's list says it (停用, locks under way, past)."""
    said = []
    if account.disabled:
        said.append("已停用")
    if account.locked_until is not None and as_utc(account.locked_until) > now:
        said.append(f"账号已锁定至{_until(account.locked_until)}")
    elif account.locked_until is not None:
        said.append("曾被锁定")
    if locks is not None:
        said.append(f"{locks.addresses}个地址已锁定至{_until(locks.until)}")
    return "；".join(said) or "正常"


def _count_failures(session: Session, account: Account, now: datetime, address: str | None) -> int:
    query = select(func.count()).where(
        LoginFailure.account_id == account.id, LoginFailure.failed_at > now - LOCKOUT
    )
    if address is not None:
        query = query.where(LoginFailure.address == address)
    return session.scalar(query) or 0


def _record_failure(
    session: Session, account: Account, actor: audit.Actor, address: str, now: datetime
) -> None:
    failure = LoginFailure(account_id=account.id, address=address, failed_at=now)
    session.add(failure)
    session.flush()
    if _count_failures(session, account, now, None) >= MAX_FAILED_LOGINS_ACCOUNT:
        account.locked_until = now + LOCKOUT
        audit.record(
            session, actor, "account.lock", ACCOUNT, account.username,
            after={"locked_until": account.locked_until},
            reason=f"{LOCKOUT.seconds // 60}分钟内各地址共{MAX_FAILED_LOGINS_ACCOUNT}次登录失败",
            zone=account.zone,
        )  # fmt: skip
    elif _count_failures(session, account, now, address) >= MAX_FAILED_LOGINS:
        failure.locked_until = now + LOCKOUT
        audit.record(
            session, actor, "account.lock", ACCOUNT, account.username,
            after={"locked_until": failure.locked_until, "address": address},
            reason=f"同一地址{LOCKOUT.seconds // 60}分钟内{MAX_FAILED_LOGINS}次登录失败",
            zone=account.zone,
        )  # fmt: skip
    else:
        audit.record(
            session, actor, "account.login_failed", ACCOUNT, account.username, zone=account.zone
        )


def authenticate(
    session: Session, username: str, password: str, *, now: datetime, source: str
) -> Login:
    """Check a login from the client address ``source``; count failures per account and
    address, lock that address after ``MAX_FAILED_LOGINS`` within ``LOCKOUT``, and the whole
    account after ``MAX_FAILED_LOGINS_ACCOUNT`` from all addresses together."""
    account = find_account(session, username)
    if account is None:
        return _unknown_login(session, username, password, now=now, source=source)
    actor = audit.Actor(name=account.username, source=source, role=account.role)
    address = throttle_address(source)
    # What no longer counts nor locks goes, so the table holds only the last minutes' tries.
    session.execute(
        delete(LoginFailure).where(
            LoginFailure.account_id == account.id,
            LoginFailure.failed_at <= now - LOCKOUT,
            (LoginFailure.locked_until.is_(None)) | (LoginFailure.locked_until <= now),
        )
    )
    # Locked: the password is not even checked, so a lock is no free oracle for guesses.
    if account.locked_until is not None and as_utc(account.locked_until) > now:
        until = _until(account.locked_until)
        return Login(None, f"该账号登录失败次数过多，已锁定，请于{until}后再试或请管理员重置密码")
    address_lock = _address_lock(session, account, address, now)
    if address_lock is not None:
        return Login(None, _address_locked(address_lock))
    if not verify_password(account.password_hash, password):
        _record_failure(session, account, actor, address, now)
        return Login(None, WRONG_CREDENTIALS)
    if account.disabled:
        return Login(None, "该账号已停用，请联系管理员")
    if account.verification == PENDING:
        return Login(None, "注册申请待审核：所在高新区审核通过后即可登录")
    if account.verification == REFUSED:
        return Login(None, "注册申请未通过审核，请联系所在高新区")
    # The right password from this address: its count starts again (other addresses keep theirs).
    session.execute(
        delete(LoginFailure).where(
            LoginFailure.account_id == account.id, LoginFailure.address == address
        )
    )
    account.locked_until = None
    if needs_rehash(account.password_hash):
        account.password_hash = hash_password(password)
    audit.record(session, actor, "account.login", ACCOUNT, account.username, zone=account.zone)
    return Login(account)
